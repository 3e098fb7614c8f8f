"""Which tabs that answer after the headline figures still show an older edit's.

The GPUs and Budget swings tabs are sized after the figures, each only while it is shown, so
for a while after every edit they hold the figures of the one before. They grey those the way
the results panel greys its own (`Fade`): from the edit until the tab's own answer for it
arrives, and as long as the results panel is greyed (a field holds a value that cannot be
sized, or the inputs on screen fail to size). The views drawn from the same result as the
figures (the curves, the table of every figure) are greyed exactly while the figures are.
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
        self._with_figures: list[Fade] = []  # views drawn from the figures' own result

    def add(self, tab: str, fade: Fade) -> None:
        """Track `tab`, greyed through `fade` (its figures, not its inputs)."""
        self._fades[tab] = fade
        self._answered[tab] = -1
        self.refresh()

    def add_with_figures(self, fade: Fade) -> None:
        """Track a view drawn from the same result as the results panel's figures (the curves,
        the table of every figure): with "-5" refused in a field, the figures greyed as the
        last inputs' while the curves under them stood as if current."""
        self._with_figures.append(fade)
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
        for fade in self._with_figures:
            fade.set(greyed)

    def is_stale(self, tab: str) -> bool:
        """Whether `tab` shows its figures greyed."""
        return self._fades[tab].is_on()
