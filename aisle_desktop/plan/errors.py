"""Errors a plan file can raise: one readable sentence naming the file and the place in it.

The window shows ``str(error)`` in a dialog and the CLI prints it on standard error, so the
message must stand on its own: which file, where inside it, what is wrong, what would work.
"""

from __future__ import annotations

from pathlib import Path


class PlanFileError(Exception):
    """A plan file cannot be read, understood or written. Nothing on disk was changed."""

    def __init__(self, path: Path | str, message: str, where: str | None = None) -> None:
        self.path = Path(path)
        self.where = where
        self.reason = message
        place = f" at {where}" if where else ""
        self.message = f"{self.path}{place}: {message}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class PlanVersionError(PlanFileError):
    """The file was written by a newer Aisle; it is refused and never rewritten."""

    def __init__(self, path: Path | str, file_version: int, newest_readable: int) -> None:
        super().__init__(
            path,
            f"was written by a newer Aisle (plan format version {file_version}); this Aisle "
            f"reads versions 1 to {newest_readable}. Open it with an Aisle that reads plan "
            f"version {file_version} or later; the file has not been changed.",
        )
        self.file_version = file_version
        self.newest_readable = newest_readable


class PlanSaveError(PlanFileError):
    """Saving failed. The previous file on disk is untouched; the plan in memory is unsaved."""


class PlanChangedError(PlanSaveError):
    """The file was changed on disk since it was opened or saved here; it was not overwritten."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            path,
            "was changed on disk since you opened it (saved by another window or program); "
            "it was not overwritten",
        )
