"""Errors the catalog raises.

Every problem with catalog data reaches the user as one readable sentence that names the file,
the entry and the field, never as a traceback or a raw pydantic dump: planners edit these JSON
files by hand and need to know exactly what to fix.
"""

from __future__ import annotations

from collections.abc import Collection

from aisle_desktop.catalog.close_ids import unknown_id_message


class CatalogError(Exception):
    """A catalog file or entry is missing, malformed or inconsistent.

    ``str(error)`` is the whole message, ready to show to a user: its `message` and, on a
    line of its own, any `details` (a long list the window keeps behind "Show Details...").
    """

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return f"{self.message}\n{self.details}" if self.details else self.message


class UnknownIdError(CatalogError):
    """An id was looked up that the catalog does not hold.

    Deliberately not a KeyError: KeyError's ``str()`` wraps the message in quotes, and callers
    should handle it as a catalog problem, not as a dictionary miss.
    """

    def __init__(self, kind: str, wanted: str, known: Collection[str]) -> None:
        super().__init__(unknown_id_message(kind, wanted, known))
        self.kind = kind
        self.wanted = wanted
