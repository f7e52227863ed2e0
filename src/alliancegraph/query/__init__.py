"""Queries over the store: vectors (a country's partners by bloc), timelines, networks."""

from .vectors import vectors

__all__ = ["vectors"]
