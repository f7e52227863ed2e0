"""Exporters: renderers registered by name (``eval`` for the alliancegraph-eval/1 format)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..store import Store

EXPORTERS: dict[str, Callable[[Store], Any]] = {}


def register(name: str) -> Callable[[Callable[[Store], Any]], Callable[[Store], Any]]:
    def deco(fn: Callable[[Store], Any]) -> Callable[[Store], Any]:
        EXPORTERS[name] = fn
        return fn

    return deco


from . import evalformat, formats  # noqa: E402,F401  (registers the built-in exporters)

__all__ = ["EXPORTERS", "register"]
