"""Which tabs that answer after the headline figures still show an older edit's.

The GPUs and Budget swings tabs are sized after the figures, each only while it is shown, so
for a while after every edit they hold the figures of the one before. They grey those the way
the results panel greys its own (`Fade`): from the edit until the tab's own answer for it
arrives, and as long as the results panel is greyed (a field holds a value that cannot be
sized, or the inputs on screen fail to size).
"""

from __future__ import annotations

from collections.abc import Callable

from aisle_desktop.ui.fade import Fade


class StaleTabs:
    """Greys each tab whose answer is not for the revision on screen."""

    def __init__(self, revision: Callable[[], int], greyed: Callable[[], bool]) -> None:
        self._revision = revision
        self._greyed = greyed  # whether the results panel greys its figures
        self._fades: dict[str, Fade] = {}
        self._answered: dict[str, int] = {}  # the revision each tab's figures belong to

    def add(self, tab: str, fade: Fade) -> None:
        """Track `tab`, greyed through `fade` (its figures, not its inputs)."""
        self._fades[tab] = fade
        self._answered[tab] = -1
        self.refresh()

    def answered(self, tab: str, revision: int) -> None:
        """`tab` now shows the answer for `revision`."""
        self._answered[tab] = revision
        self.refresh()

    def refresh(self) -> None:
        """Grey or clear each tab for the revision on screen and the results panel's state."""
        current, greyed = self._revision(), self._greyed()
        for tab, fade in self._fades.items():
            fade.set(greyed or self._answered[tab] != current)

    def is_stale(self, tab: str) -> bool:
        """Whether `tab` shows its figures greyed."""
        return self._fades[tab].is_on()
