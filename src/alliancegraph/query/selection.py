"""The analyst's selection: one set of filters (country, organization or bloc, record type,
status, year range, text) read from a URL's query string, honoured by every page, API list
and export, and written back into every link.

An empty field means "not set" (a form submitted with blank boxes is no filter, not an
error). A value that cannot be read raises :class:`SelectionError` with one line saying
what to type instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlencode

from ..models import PLURALS, RECORD_TYPES

STATUSES = ("planned", "under way", "held", "cancelled")
YEAR_MIN, YEAR_MAX = 1000, 2999
# URL parameter -> Selection attribute, in the order links write them
PARAMS: dict[str, str] = {"country": "country", "organization": "organization", "type": "type",
                          "status": "status", "from": "year_from", "to": "year_to", "q": "q"}
MAX_LEN = {"country": 100, "organization": 20, "type": 20, "status": 20, "q": 200}


class SelectionError(ValueError):
    """A selection parameter that cannot be read; the message says what to type instead."""


@dataclass(frozen=True)
class Selection:
    country: str | None = None
    organization: str | None = None
    type: str | None = None  # exercise | deployment | agreement | quote
    status: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    q: str | None = None

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> "Selection":
        """Read the selection from query parameters; blank values are not set."""
        got: dict[str, Any] = {}
        for param, attr in PARAMS.items():
            raw = params.get(param)
            value = str(raw).strip() if raw is not None else ""
            if not value:
                continue
            if param in ("from", "to"):
                if not (value.isascii() and value.isdigit()) or not YEAR_MIN <= int(value) <= YEAR_MAX:
                    raise SelectionError(f"'{param}' must be a year such as 2024 (got {value[:20]!r}); "
                                         "leave it empty for no limit")
                got[attr] = int(value)
                continue
            if len(value) > MAX_LEN[param]:
                raise SelectionError(f"'{param}' is longer than {MAX_LEN[param]} characters; shorten it")
            if param == "type":
                value = PLURALS.get(value.lower(), value.lower())
                if value not in RECORD_TYPES or value == "citation":
                    raise SelectionError(f"'type' must be one of exercise, deployment, agreement, quote "
                                         f"(got {value[:20]!r})")
            if param == "status":
                value = value.lower()
                if value not in STATUSES:
                    raise SelectionError(f"'status' must be one of {', '.join(STATUSES)} (got {value[:20]!r})")
            if param == "organization":
                value = value.upper() if value.upper() != "PFP" else "PfP"
            got[attr] = value
        sel = cls(**got)
        if sel.year_from is not None and sel.year_to is not None and sel.year_from > sel.year_to:
            raise SelectionError(f"'from' ({sel.year_from}) is after 'to' ({sel.year_to}); swap them")
        return sel

    # -- writing it back ------------------------------------------------------------------
    def params(self) -> dict[str, str]:
        """The set fields as URL parameters."""
        out = {}
        for param, attr in PARAMS.items():
            v = getattr(self, attr)
            if v not in (None, ""):
                out[param] = str(v)
        return out

    def query(self, **change: Any) -> str:
        """The URL query string (without '?') of this selection with some fields changed
        (``None`` clears one); parameter names as in the URL (``from``, ``to``)."""
        sel = replace(self, **{PARAMS.get(k, k): v for k, v in change.items()}) if change else self
        return urlencode(sel.params())

    def link(self, path: str, extra: Mapping[str, Any] | None = None, **change: Any) -> str:
        """``path`` with this selection (some fields changed) and ``extra`` non-selection parameters."""
        q = self.query(**change)
        more = urlencode({k: v for k, v in (extra or {}).items() if v not in (None, "")})
        q = "&".join(x for x in (q, more) if x)
        return f"{path}?{q}" if q else path

    def active(self) -> list[dict[str, str]]:
        """Each set field with a link that clears it (for "remove filter" chips)."""
        labels = {"country": "country", "organization": "organization", "type": "type", "status": "status",
                  "from": "from", "to": "to", "q": "text"}
        return [{"param": p, "label": labels[p], "value": v, "clear": self.query(**{p: None})}
                for p, v in self.params().items()]

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for :meth:`Views.records` (without the type)."""
        return {"country": self.country, "organization": self.organization, "status": self.status,
                "year_from": self.year_from, "year_to": self.year_to, "text": self.q}

    def is_empty(self) -> bool:
        return not self.params()

    def without(self, *params: str) -> "Selection":
        return replace(self, **{PARAMS[p]: None for p in params})
