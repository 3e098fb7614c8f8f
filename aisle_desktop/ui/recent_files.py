"""The Open Recent list, kept in the window's settings file in the user config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/files"
MAX_RECENT = 10


class RecentFiles:
    """Most recently opened or saved plans first; at most ten."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[Path]:
        value = self._settings.value(KEY)
        if isinstance(value, str):  # QSettings returns a lone item as a plain string
            value = [value]
        if not isinstance(value, list):
            return []
        # A hand-edited settings file may list thousands: the menu would outgrow the screen.
        return [Path(v) for v in value if isinstance(v, str) and v][:MAX_RECENT]

    def add(self, path: Path) -> None:
        path = path.absolute()
        kept = [p for p in self.paths() if p != path]
        self._store([path, *kept][:MAX_RECENT])

    def remove(self, path: Path) -> None:
        self._store([p for p in self.paths() if p != path.absolute()])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[Path]) -> None:
        self._settings.setValue(KEY, [str(p) for p in paths])
        self._settings.sync()
