"""Undo steps for scenario edits: add, duplicate, rename, delete, move.

Each step keeps the plan's scenario list before and after (cheap: scenarios are frozen and
shared), so undo and redo restore exactly what was there, including which scenario was shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from aisle_desktop.plan import Scenario

if TYPE_CHECKING:
    from aisle_desktop.ui.document import PlanDocument


@dataclass(frozen=True)
class Snapshot:
    """The plan's scenarios by slot, their order, the slot on screen, and the slots whose
    names Aisle gave (they follow their model and GPU): undoing a Rename gave the old name
    back but not its mark, so the name no longer followed the model."""

    order: tuple[int, ...]
    scenarios: dict[int, Scenario]
    current: int
    automatic_names: frozenset[int] = frozenset()


class PlanEdit(QUndoCommand):
    """One named scenario edit ("Rename Scenario"); the Edit menu shows "Undo Rename Scenario"."""

    def __init__(
        self, document: PlanDocument, text: str, before: Snapshot, after: Snapshot
    ) -> None:
        super().__init__(text)
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        self._document.restore(self._after)

    def undo(self) -> None:
        self._document.restore(self._before)
