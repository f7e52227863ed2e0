"""Exception tree. Every message says what went wrong *and* what to do next.

    AllianceGraphError
    ├── InputError          one input (file, URL, text) cannot be ingested
    │   ├── EmptyInput
    │   ├── BinaryInput
    │   ├── TooLarge
    │   ├── UnreadableInput (missing path, permission, undecodable)
    │   └── FetchError      (URL unreachable, HTTP error)
    ├── ConfigError         a setting has a bad value
    └── StoreError          the database cannot be opened or migrated
"""

from __future__ import annotations


class AllianceGraphError(Exception):
    """Base class. ``str(err)`` is one line fit for the terminal."""

    def __init__(self, message: str, *, hint: str | None = None, source: str | None = None) -> None:
        self.message = message
        self.hint = hint
        self.source = source
        super().__init__(self.line())

    def line(self) -> str:
        where = f"{self.source}: " if self.source else ""
        todo = f" — {self.hint}" if self.hint else ""
        return f"{where}{self.message}{todo}"


class InputError(AllianceGraphError):
    """One input cannot be ingested; the rest of a batch goes on."""


class EmptyInput(InputError):
    pass


class BinaryInput(InputError):
    pass


class TooLarge(InputError):
    pass


class UnreadableInput(InputError):
    pass


class FetchError(InputError):
    pass


class ConfigError(AllianceGraphError):
    pass


class StoreError(AllianceGraphError):
    pass
