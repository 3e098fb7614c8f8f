"""The open plan: its scenarios, which one is on screen, its file, and whether it is saved.

The ScenarioController edits one scenario at a time; this document keeps the others and puts
the chosen one under edit. Every change (a field, or adding, renaming, deleting and moving
scenarios) goes through the controller's one undo stack, so "saved" is simply the stack's
clean state, and undo works across scenarios. Each scenario has a slot number that never
changes while the plan is open, so an undo step finds its scenario after a reorder.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from aisle_desktop.catalog import Catalog
from aisle_desktop.one_line_names import one_line_name
from aisle_desktop.plan import MAX_SCENARIO_NAME_CHARS as MAX_NAME_CHARS
from aisle_desktop.plan import (
    FileStamp,
    LoadedPlan,
    Plan,
    PlanCatalog,
    RecoveryStore,
    Scenario,
    carried_entries,
    catalog_for_plan,
    sized_alike,
    unknown_ids,
)
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.scenario_commands import PlanEdit, Snapshot
from aisle_desktop.ui.scenario_names import (
    NUMBERED_NAME,
    PRESET_NAMES,
    automatic_name,
    model_and_gpu,
    name_stem,
    preset_named,
)

# Room a wanted name leaves for the number that makes it unique, " (2)" up to " (99999)", so
# a numbered name stays within the longest a scenario's name may be.
NUMBER_ROOM_CHARS = len(" (99999)")


class PlanDocument(QObject):
    """Owns the plan being edited.

    Signals:
        structure_changed(): scenarios were added, removed, renamed or moved.
        current_changed(int): the index of the scenario now on screen.
        content_changed(): anything in the plan changed (autosave, the comparison view).
        modified_changed(bool): the plan now differs, or no longer differs, from its file.
        path_changed(object): the plan's file (a Path, or None before the first save).
        catalog_changed(object): the Catalog to size against (this machine's plus the plan's).
        notes_loaded(str): a plan's notes, when a plan is loaded (the notes editor shows them).
        name_loaded(str): a plan's name, when a plan is loaded (the notes tab shows it).
        remarks_loaded(list): Aisle's notes on the file loaded (fields it left to their
            defaults), [] for a plan from no file; shown in the Notes tab, never saved.
    """

    structure_changed = Signal()
    current_changed = Signal(int)
    content_changed = Signal()
    modified_changed = Signal(bool)
    path_changed = Signal(object)
    catalog_changed = Signal(object)
    notes_loaded = Signal(str)
    name_loaded = Signal(str)
    remarks_loaded = Signal(list)

    def __init__(
        self, machine: Catalog, controller: ScenarioController, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.machine = machine
        # The user's own catalog folder while it is still being read (`UserCatalogRead`):
        # `machine` is the shipped catalog until then, and an id it lacks may be there.
        self.machine_pending: Path | None = None
        self.controller = controller
        self.catalog = machine
        self.path: Path | None = None
        # The file as read or last saved here; a save checks the file still matches it.
        self.stamp: FileStamp | None = None
        # The plan format an older Aisle saved the open file in, until it is saved again.
        self.saved_in_format: int | None = None
        self.recovery_key = RecoveryStore.new_key()
        self.notes = ""
        self.name = ""
        self._own = PlanCatalog()
        self._order: list[int] = [0]
        self._scenarios: dict[int, Scenario] = {0: controller.scenario}
        self._next_slot = 1
        self._dirty = False  # unsaved although the stack is clean (a recovered plan)
        # The scenarios whose names Aisle gave (a duplicate's), which follow their model and
        # GPU until the planner types a name; by slot, kept in each undo step's snapshots.
        self._automatic_names: frozenset[int] = frozenset()
        # The preset each scenario began as, by slot and the name Aisle gave it when its model
        # or GPU changed: "Start from" still names the preset, "(edited)" (`preset_shown`).
        # Kept by name, so an undo that brings a name back brings its preset back too, and a
        # typed name, the planner's, begins as no preset.
        self._started_as: dict[tuple[int, str], str] = {}
        controller.slot = 0
        controller.select_slot = self._select_slot
        controller.name_follows = self._name_following
        controller.scenario_changed.connect(self._on_scenario_changed)
        controller.undo_stack.cleanChanged.connect(self._on_clean_changed)

    # --- reading ------------------------------------------------------------------------------

    @property
    def scenarios(self) -> list[Scenario]:
        return [self._scenarios[slot] for slot in self._order]

    @property
    def current_index(self) -> int:
        return self._order.index(self.controller.slot)

    def is_modified(self) -> bool:
        return self._dirty or not self.controller.undo_stack.isClean()

    def display_name(self) -> str:
        return self.path.name if self.path is not None else "Untitled plan"

    def plan(self) -> Plan:
        """The plan as it would be saved, carrying the custom entries its scenarios use."""
        scenarios = self.scenarios
        return Plan(
            name=self.name,
            notes=self.notes,
            scenarios=scenarios,
            catalog=carried_entries(self.catalog, scenarios, self._own),
        )

    def problems(self) -> dict[str, list[str]]:
        """Scenario name -> ids it names that neither this machine nor the plan has."""
        found = {s.name: unknown_ids(self.catalog, s) for s in self.scenarios}
        return {name: missing for name, missing in found.items() if missing}

    def unique_name(self, wanted: str, ignore_slot: int | None = None) -> str:
        """`wanted`, or `wanted (2)`, `(3)`... so names in the plan stay unique (a name as
        long as names go is cut to leave room for its number, and only then). A copy of a
        numbered copy whose first is still in the plan takes the next number ("X (3)", not
        "X (2) (2)" as a duplicated duplicate read); "Plan (2026)" alone keeps its year."""
        taken = self._names_taken(ignore_slot)
        whole = wanted.strip()[:MAX_NAME_CHARS] or "Scenario"
        if whole not in taken:
            return whole
        numbered = NUMBERED_NAME.fullmatch(whole)
        if numbered is not None and numbered["stem"] in taken:
            whole = numbered["stem"]
        base, n = whole[: MAX_NAME_CHARS - NUMBER_ROOM_CHARS], 2
        while f"{base} ({n})" in taken:
            n += 1
        return f"{base} ({n})"

    def started_as(self, slot: int, name: str) -> str | None:
        """The preset the scenario in ``slot`` named ``name`` began as: the one its name is
        (numbered or not), else the one it was while Aisle renamed it for a new model or GPU;
        None for a scenario opened or named by the planner."""
        return preset_named(name) or self._started_as.get((slot, name))

    def _names_taken(self, ignore_slot: int | None) -> set[str]:
        return {s.name for slot, s in self._scenarios.items() if slot != ignore_slot}

    # --- whole-plan changes (not undoable: they replace the history) --------------------------

    def load(
        self,
        plan: Plan,
        path: Path | None,
        *,
        modified: bool = False,
        stamp: FileStamp | None = None,
        remarks: Sequence[str] = (),
        saved_in_format: int | None = None,
    ) -> None:
        """Show `plan` from `path` (read as `stamp`); `modified` marks a recovered plan unsaved;
        `remarks` are Aisle's notes on the file (`LoadedPlan.defaulted`); `saved_in_format`
        the format an older Aisle saved it in (`LoadedPlan.older_format`), which its report
        names until it is saved."""
        self.controller.undo_stack.clear()
        self.path = path
        self.stamp = stamp
        self.saved_in_format = saved_in_format
        self.notes = plan.notes
        self.notes_loaded.emit(plan.notes)
        self.name = plan.name
        self.name_loaded.emit(plan.name)
        self.remarks_loaded.emit(list(remarks))
        self._own = plan.catalog
        self.recovery_key = RecoveryStore.new_key()
        self.catalog = catalog_for_plan(self.machine, plan)
        self.catalog_changed.emit(self.catalog)
        self._order = list(range(len(plan.scenarios)))
        self._scenarios = dict(enumerate(plan.scenarios))
        self._next_slot = len(plan.scenarios)
        self._automatic_names = frozenset()  # a plan's names are its planner's
        self._started_as = {}
        self._dirty = modified
        self.controller.show(self._scenarios[0], 0)
        self.structure_changed.emit()
        self.current_changed.emit(0)
        self.path_changed.emit(path)
        self._announce_modified()

    def set_machine(self, machine: Catalog) -> bool:
        """This machine's catalog as read again (a model was imported into it, the user's own
        catalog joined): sized against from now on, with the plan's own entries merged in as
        when the plan was loaded. The plan is sized again only if the new catalog changes
        what sizing reads (`sized_alike`), or it names an entry neither has (its wait for the
        user's catalog ends); whether it was."""
        before = self.catalog
        self.machine = machine
        own = Plan(scenarios=self.scenarios, catalog=self._own)
        self.catalog = catalog_for_plan(machine, own)
        self.catalog_changed.emit(self.catalog)
        if sized_alike(before, self.catalog, self.scenarios) and not self.problems():
            return False
        # Sized again, and the scenarios' missing ids looked for again (the bar's marks).
        self.controller.show(self.controller.scenario, self.controller.slot)
        self.structure_changed.emit()
        return True

    def set_notes(self, text: str) -> None:
        """The planner's free-text notes; a change makes the plan unsaved."""
        if text == self.notes:
            return
        self.notes = text
        self._changed_outside_scenarios()

    def set_name(self, text: str) -> None:
        """The plan's name, the report's title; a change makes the plan unsaved."""
        if text == self.name:
            return
        self.name = text
        self._changed_outside_scenarios()

    def load_file(self, loaded: LoadedPlan) -> None:
        """Show a plan as read from its file: its stamp, Aisle's notes on it and the format
        an older Aisle saved it in."""
        self.load(
            loaded.plan,
            loaded.path,
            stamp=loaded.stamp,
            remarks=loaded.defaulted,
            saved_in_format=loaded.older_format,
        )

    def _changed_outside_scenarios(self) -> None:
        self._dirty = True
        self.content_changed.emit()
        self._announce_modified()

    def mark_saved(self, path: Path, stamp: FileStamp | None = None) -> None:
        """After a clean save to `path` (now as `stamp`): the plan matches its file."""
        self.path = path
        self.stamp = stamp
        self.saved_in_format = None
        self._dirty = False
        self.controller.undo_stack.setClean()
        self.path_changed.emit(path)
        self._announce_modified()

    def select(self, index: int) -> None:
        """Put scenario `index` on screen (a view change, not an edit)."""
        slot = self._order[index]
        if slot != self.controller.slot:
            self.controller.show(self._scenarios[slot], slot)
            self.current_changed.emit(index)

    # --- scenario edits (undoable) ------------------------------------------------------------

    def add(
        self, scenario: Scenario, label: str = "Add Scenario", *, named_by_aisle: bool = False
    ) -> None:
        """`scenario` beside the one on screen, its name made unique; `named_by_aisle`: a
        name Aisle gave, which follows the scenario's model and GPU (`scenario_names`)."""
        slot = self._next_slot
        self._next_slot += 1
        named = scenario.model_copy(update={"name": self.unique_name(scenario.name)})
        at = self.current_index + 1
        order = [*self._order[:at], slot, *self._order[at:]]
        automatic = self._automatic_names | {slot} if named_by_aisle else self._automatic_names
        self._push(label, order, {**self._scenarios, slot: named}, slot, automatic)

    def duplicate(self, index: int) -> None:
        """A copy beside it, numbered ("X (2)"): a name Aisle gave, which follows the copy's
        model and GPU once either changes (`scenario_names`)."""
        self.select(index)
        original = self.scenarios[index]
        preset_id = self.started_as(self._order[index], original.name)
        if preset_id is not None:  # a copy of an edited preset began as that preset too
            self._started_as[(self._next_slot, self.unique_name(original.name))] = preset_id
        self.add(original, "Duplicate Scenario", named_by_aisle=True)

    def rename(self, index: int, name: str) -> bool:
        """False (and nothing changes) if `name` is empty, too long or already used."""
        slot = self._order[index]
        name = one_line_name(name)  # a break pasted into the dialog's field
        # A name another scenario has is refused, not numbered as `unique_name` numbers it.
        if not name or len(name) > MAX_NAME_CHARS or name in self._names_taken(slot):
            return False
        typed = self._automatic_names - {slot}  # typed: it never changes again
        if name != self._scenarios[slot].name:
            renamed = self._scenarios[slot].model_copy(update={"name": name})
            scenarios = {**self._scenarios, slot: renamed}
            self._push("Rename Scenario", self._order, scenarios, slot, typed)
        else:  # its own name typed again: kept as the planner's, nothing on screen changes
            self._automatic_names = typed
        return True

    def delete(self, index: int) -> bool:
        """False if it is the plan's last scenario (a plan has at least one)."""
        if len(self._order) < 2:
            return False
        slot = self._order[index]
        order = [s for s in self._order if s != slot]
        remaining = {s: sc for s, sc in self._scenarios.items() if s != slot}
        self._push("Delete Scenario", order, remaining, order[min(index, len(order) - 1)])
        return True

    def move(self, index: int, to: int) -> None:
        if index == to or not 0 <= to < len(self._order):
            return
        order = list(self._order)
        order.insert(to, order.pop(index))
        self._push("Move Scenario", order, self._scenarios, self._order[index])

    def _push(
        self,
        label: str,
        order: list[int],
        scenarios: dict[int, Scenario],
        cur: int,
        automatic: frozenset[int] | None = None,
    ) -> None:
        """One undo step from the plan as it is to `order` and `scenarios` with `cur` on
        screen and `automatic` the names Aisle gave (unchanged when None)."""
        kept = self._automatic_names
        before = Snapshot(tuple(self._order), dict(self._scenarios), self.controller.slot, kept)
        after = Snapshot(
            tuple(order), dict(scenarios), cur, kept if automatic is None else automatic
        )
        self.controller.undo_stack.push(PlanEdit(self, label, before, after))

    def restore(self, snapshot: Snapshot) -> None:
        """Apply one side of a PlanEdit (called by the undo stack only)."""
        self._order = list(snapshot.order)
        self._scenarios = dict(snapshot.scenarios)
        self._automatic_names = snapshot.automatic_names
        self.controller.show(self._scenarios[snapshot.current], snapshot.current)
        self.structure_changed.emit()
        self.current_changed.emit(self.current_index)

    # --- internals ----------------------------------------------------------------------------

    def _name_following(self, before: Scenario, after: Scenario) -> Scenario:
        """`after` named for its model and GPU when its name is Aisle's (a copy's, a preset's,
        or the one Aisle gave it for its model and GPU, numbered or not) and either changed."""
        slot = self.controller.slot
        if not self._named_by_aisle(slot, before):
            return after
        if model_and_gpu(before) == model_and_gpu(after):
            return after
        name = self.unique_name(automatic_name(self.catalog, after), ignore_slot=slot)
        preset_id = self.started_as(slot, before.name)
        if preset_id is not None:
            self._started_as[(slot, name)] = preset_id
        return after.model_copy(update={"name": name})

    def _named_by_aisle(self, slot: int, scenario: Scenario) -> bool:
        """A name given by the preset, or "DeepSeek-V3 on NVIDIA H100 SXM5 80GB" as Aisle
        named a preset's scenario when its model changed: it follows the GPU changed next."""
        aisles = PRESET_NAMES | {automatic_name(self.catalog, scenario)}
        return slot in self._automatic_names or name_stem(scenario.name) in aisles

    def _select_slot(self, slot: int) -> None:
        # An undo step of another scenario is about to apply: bring that scenario on screen.
        self.controller.slot = slot
        self.current_changed.emit(self._order.index(slot))

    def _on_scenario_changed(self, _revision: int, scenario: Scenario) -> None:
        slot = self.controller.slot
        renamed = slot in self._scenarios and self._scenarios[slot].name != scenario.name
        self._scenarios[slot] = scenario
        if renamed:
            self.structure_changed.emit()
        self.content_changed.emit()

    def _on_clean_changed(self, _clean: bool) -> None:
        self._announce_modified()

    def _announce_modified(self) -> None:
        self.modified_changed.emit(self.is_modified())
