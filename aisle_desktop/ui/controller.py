"""The scenario being edited, its revision number and its undo history.

Panels never change the scenario directly: they ask the controller to set one field. The
controller validates the whole scenario with its pydantic model (the single source of truth
for what is allowed), pushes the change onto the undo stack and announces the new revision.
A rejected value changes nothing and is reported back to the field that sent it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from aisle_desktop.plan import Scenario, plain_field_message

FieldPath = tuple[str, ...]


def with_field(scenario: Scenario, path: FieldPath, value: Any) -> Scenario:
    """A validated copy of `scenario` with the field at `path` set (raises ValidationError)."""
    data = scenario.model_dump()
    node = data
    for key in path[:-1]:
        if node.get(key) is None:
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return Scenario.model_validate(data)


def field_value(scenario: Scenario, path: FieldPath) -> Any:
    """The current value at `path`, or None where an optional section is absent."""
    node: Any = scenario
    for key in path:
        if node is None:
            return None
        node = getattr(node, key)
    return node


# The path of an edit that swaps in a whole scenario (a preset).
WHOLE_SCENARIO: FieldPath = ("*",)


class _SetField(QUndoCommand):
    """One user edit; consecutive edits of the same field merge into one undo step."""

    def __init__(
        self,
        controller: ScenarioController,
        text: str,
        path: FieldPath,
        before: Scenario,
        after: Scenario,
    ) -> None:
        super().__init__(text)
        self._controller = controller
        # The plan scenario this edit belongs to: undoing it after switching scenarios must
        # change that scenario, not the one on screen.
        self._slot = controller.slot
        self._path = path
        self._before = before
        self._after = after

    def id(self) -> int:
        # A whole scenario swapped in (a preset) is a step of its own, -1 never merging: two
        # presets in a row were one step named by the first ("Undo Load Enterprise search
        # with embeddings" with Llama 3.1 405B on screen), undone past both at once.
        if self._path == WHOLE_SCENARIO:
            return -1
        return hash(self._path) & 0x7FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        if (
            not isinstance(other, _SetField)
            or other._path != self._path
            or other._slot != self._slot
        ):
            return False
        self._after = other._after
        return True

    def redo(self) -> None:
        self._controller._apply(self._after, self._slot)

    def undo(self) -> None:
        self._controller._apply(self._before, self._slot)


class ScenarioController(QObject):
    """Owns the scenario under edit.

    Signals:
        scenario_changed(int, object): a new revision and its Scenario, after any change.
        field_rejected(tuple, str): a field path and why its value was refused.
        field_accepted(tuple): a field path whose value is now valid.
    """

    scenario_changed = Signal(int, object)
    field_rejected = Signal(tuple, str)
    field_accepted = Signal(tuple)

    def __init__(self, scenario: Scenario, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scenario = scenario
        self._revision = 0
        self.undo_stack = QUndoStack(self)
        # Set by the plan document: which of the plan's scenarios is under edit, and how to
        # bring another one on screen before an undo step that belongs to it is applied.
        self.slot = 0
        self.select_slot: Callable[[int], None] | None = None
        # Set by the plan document: an edit's scenario with its name brought along (a name
        # Aisle gave follows the model and GPU), in the same undoable step.
        self.name_follows: Callable[[Scenario, Scenario], Scenario] | None = None

    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def revision(self) -> int:
        return self._revision

    def set_field(self, path: FieldPath, value: Any, label: str) -> bool:
        """Try a new value for one field; True if accepted."""
        try:
            updated = with_field(self._scenario, path, value)
        except ValidationError as err:
            self.field_rejected.emit(path, plain_field_message(err, path))
            return False
        self.field_accepted.emit(path)
        if updated != self._scenario:
            self._push(f"Change {label}", path, updated)
        return True

    def refuse(self, path: FieldPath, message: str) -> None:
        """A field refused what was typed before it could reach the scenario (not a number,
        past the field's limits): said and marked as the model's own refusals are."""
        self.field_rejected.emit(path, message)

    def set_fields(self, changes: dict[FieldPath, Any], label: str) -> bool:
        """Several fields in one undoable step (a GPU change also resets its server)."""
        updated = self._scenario
        try:
            for path, value in changes.items():
                updated = with_field(updated, path, value)
        except ValidationError as err:
            first = next(iter(changes))
            self.field_rejected.emit(first, plain_field_message(err, first))
            return False
        for path in changes:
            self.field_accepted.emit(path)
        if updated != self._scenario:
            self._push(f"Change {label}", next(iter(changes)), updated)
        return True

    def _push(self, label: str, path: FieldPath, updated: Scenario) -> None:
        if self.name_follows is not None:
            updated = self.name_follows(self._scenario, updated)
        self.undo_stack.push(_SetField(self, label, path, self._scenario, updated))

    def replace(self, scenario: Scenario, label: str) -> None:
        """Swap in a whole scenario (a preset), as one undoable step."""
        if scenario != self._scenario:
            self.undo_stack.push(_SetField(self, label, WHOLE_SCENARIO, self._scenario, scenario))

    def show(self, scenario: Scenario, slot: int) -> None:
        """Put another scenario of the plan under edit (not an edit: nothing is undoable)."""
        self.slot = slot
        self._apply(scenario, slot)

    def _apply(self, scenario: Scenario, slot: int | None = None) -> None:
        if slot is not None and slot != self.slot and self.select_slot is not None:
            self.select_slot(slot)
        if slot is not None:
            self.slot = slot
        self._scenario = scenario
        self._revision += 1
        self.scenario_changed.emit(self._revision, scenario)
