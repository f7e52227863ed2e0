"""Loading the domain data files shipped in ``alliancegraph/data`` (each cites its source)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed JSON data file ``name`` (e.g. ``"countries"``), read once per process."""
    with resources.files(__name__).joinpath(f"{name}.json").open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
