"""Editor widgets bound to scenario fields through the controller.

Each editor sends its value to the controller when the user has finished with it (see
`field_editing`) and shows the scenario's value when it changes (undo, a preset). A number
field takes the model's own limits (`number_box`): text it cannot take stays as typed and is
refused through the controller, like a value the model refuses (a rule across fields); either
is marked at the field with the reason and changes nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLabel,
    QWidget,
)

from aisle_desktop.plan import Scenario, number_limits
from aisle_desktop.ui.choice_box import ChoiceBox, room_for_longest
from aisle_desktop.ui.controller import FieldPath, ScenarioController, field_value
from aisle_desktop.ui.field_editing import (
    SelectSpecialText,
    WheelOnlyWhenFocused,
    being_typed,
    commit_when_done,
    guard_wheel,
    select_special_text,
)
from aisle_desktop.ui.number_box import DecimalNumberBox, WholeNumberBox
from aisle_desktop.ui.plain_text import tooltip
from aisle_desktop.ui.refused_look import clear_refused, is_refused, mark_refused
from aisle_desktop.ui.typed_number import NumberRules

SPIN_LIMIT = 2_000_000_000
INT32_MAX = 2**31 - 1
# Marks a drop-down item added only to show a value this catalog lacks (from a plan file).
UNKNOWN_ROLE = Qt.ItemDataRole.UserRole + 1
# Room beside the longest entry of a drop-down list for the item's margins.
LIST_PADDING_PX = 24


def _fill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    combo.blockSignals(True)
    combo.clear()
    for text, value in items:
        combo.addItem(text, value)
        combo.setItemData(combo.count() - 1, tooltip(text), Qt.ItemDataRole.ToolTipRole)
    # The box may be narrower than its longest item; the list that drops down never is.
    view = combo.view()
    metrics = view.fontMetrics()
    widest = max((metrics.horizontalAdvance(text) for text, _ in items), default=0)
    view.setMinimumWidth(widest + LIST_PADDING_PX + view.verticalScrollBar().sizeHint().width())
    combo.blockSignals(False)


def _search_typed(combo: QComboBox) -> tuple[str, int] | None:
    """The words the planner is typing in a searchable box's line, and the cursor's place;
    None when no one types there. The user's catalog joining at start-up refilled the Model
    box under a planner typing "qwen" and put back "Llama 3.1 70B · 70.6 B · …"."""
    line = combo.lineEdit()
    if line is None or not combo.hasFocus() or not line.isModified():
        return None
    return line.text(), line.cursorPosition()


def _put_back(combo: QComboBox, text: str, cursor: int) -> None:
    line = combo.lineEdit()
    if line is not None:
        line.setText(text)
        line.setCursorPosition(cursor)
        line.setModified(True)


def not_read_yet(value: Any) -> str:
    """How a drop-down shows a plan's value while the user's own catalog, which may hold it,
    is still read, in `not_in_catalog`'s order: `"my-70b", which the plan names: waiting for
    your own catalog`."""
    return f'"{value}", which the plan names: waiting for your own catalog'


def not_in_catalog(label: str) -> Callable[[Any], str]:
    """How the drop-down named `label` shows a value from a plan file that this catalog lacks
    (a colleague's entry, or one since removed): that there is no such entry here first, as
    the box cuts the end at 1280 px, then what the plan asked for (whole in the tooltip):
    `No such server: "acme-2u", which the plan names`. The boxes showed "acme-2u (not in this
    catalog)", an id a planner could take for an entry's name, cut to "acme-2u (not in this
    c…", while the Hosted API box already said "No such API"."""
    kind = label if label[:2].isupper() else label[:1].lower() + label[1:]
    return lambda value: f'No such {kind}: "{value}", which the plan names'


def _show_value(combo: QComboBox, value: Any, unknown: Callable[[Any], str]) -> None:
    """Select `value`; one this catalog lacks is shown as such (worded by `unknown`), never as
    another entry."""
    combo.blockSignals(True)
    for i in reversed(range(combo.count())):
        if combo.itemData(i, UNKNOWN_ROLE):
            combo.removeItem(i)
    index = combo.findData(value)
    if index < 0 and value is not None:
        combo.addItem(unknown(value), value)
        index = combo.count() - 1
        combo.setItemData(index, True, UNKNOWN_ROLE)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


class FieldBinder:
    """Creates bound editors for one panel and keeps them in step with the scenario."""

    def __init__(self, controller: ScenarioController, message: QLabel) -> None:
        self._controller = controller
        self._message = message
        self._refreshers: dict[FieldPath, Callable[[Scenario], None]] = {}
        self._widgets: dict[FieldPath, QWidget] = {}
        self._labels: dict[FieldPath, str] = {}
        self._wheel_guard = WheelOnlyWhenFocused(message)
        self._special_text = SelectSpecialText(message)
        self._help: dict[FieldPath, str] = {}
        # The fields showing a refused value, each with why, in the order they were refused.
        self._refusals: dict[FieldPath, str] = {}
        # While the user's catalog is read, an id the drop-downs lack may be there.
        self.catalog_pending = False
        controller.scenario_changed.connect(lambda _rev, scenario: self.refresh(scenario))
        controller.field_rejected.connect(self.mark)
        controller.field_accepted.connect(self.unmark)

    def _unknown_words(self, missing: Callable[[Any], str]) -> Callable[[Any], str]:
        return not_read_yet if self.catalog_pending else missing

    def label(self, path: FieldPath) -> str | None:
        """The planner's name of the field at `path` (None: not one of this panel's)."""
        return self._labels.get(path)

    def widget(self, path: FieldPath) -> QWidget:
        return self._widgets[path]

    def editors(self) -> dict[FieldPath, QWidget]:
        """Every bound editor by its scenario path."""
        return dict(self._widgets)

    def help(self, path: FieldPath) -> str:
        """What an editor's tooltip explains (rich text), without a refusal or a drop-down's
        chosen name."""
        return self._help.get(path, escape(self._widgets[path].toolTip()))

    def set_help(self, path: FieldPath, tooltip: str) -> None:
        """The tooltip an editor shows while its value is accepted (a refusal replaces it)."""
        self._help[path] = tooltip
        self._show_help(path)

    def _show_help(self, path: FieldPath) -> None:
        """The help as the tooltip, unless a refusal shows; a drop-down's starts with its
        chosen item's whole text, which the box elides at 1280 px ("Llama 3.1 Nemotron…")."""
        widget = self._widgets[path]
        if is_refused(widget):
            return
        help_text = self._help.get(path, "")
        chosen = widget.currentText() if isinstance(widget, QComboBox) else ""
        if chosen and help_text:
            help_text = f"<qt><b>{escape(chosen)}</b><br>{help_text}</qt>"
        widget.setToolTip(help_text or tooltip(chosen))

    def set_choices(self, path: FieldPath, items: list[tuple[str, Any]]) -> None:
        """Replace a drop-down's items (a plan brought its own catalog entries)."""
        combo = self._widgets[path]
        if isinstance(combo, QComboBox):
            typed = _search_typed(combo)
            _fill(combo, items)
            self._refreshers[path](self._controller.scenario)
            if typed is not None:
                _put_back(combo, *typed)

    def refresh(self, scenario: Scenario) -> None:
        """Show `scenario`'s values. A refused value never reached it, so every field now shows
        a valid value: the marks of earlier refusals go (an undo, a preset, another plan)."""
        for refresh in self._refreshers.values():
            refresh(scenario)
        for path in self._widgets:
            self.unmark(path)

    def has_marks(self) -> bool:
        """True while a field of this panel shows a refused value."""
        return bool(self._refusals)

    def refusals(self) -> list[str]:
        """Each field of this panel that shows a refused value, by its label, with why
        ("Question: must be at least 0 tokens (you typed -5)"), in the order refused."""
        return [f"{self._labels[path]}: {why}" for path, why in self._refusals.items()]

    def _register(
        self, path: FieldPath, label: str, widget: QWidget, refresh: Callable[[Scenario], None]
    ) -> None:
        widget.setAccessibleName(label)
        self._widgets[path] = widget
        self._labels[path] = label
        self._refreshers[path] = refresh
        refresh(self._controller.scenario)

    def _send(self, path: FieldPath, value: Any) -> None:
        self._controller.set_field(path, value, self._labels[path])

    def mark(self, path: FieldPath, message: str) -> None:
        """Show at the field, and under the panel's title, why its value cannot stand."""
        widget = self._widgets.get(path)
        if widget is None:
            return
        mark_refused(widget)
        widget.setToolTip(tooltip(message))
        self._refusals.pop(path, None)
        self._refusals[path] = message
        self._show_refusals()

    def _show_refusals(self) -> None:
        """Under the panel's title, each refused field's label and why, one a line."""
        self._message.setText("\n".join(self.refusals()))
        self._message.setVisible(bool(self._refusals))

    def unmark(self, path: FieldPath) -> None:
        """The field's value stands again: its mark and tooltip go."""
        widget = self._widgets.get(path)
        if widget is None or not is_refused(widget):
            return
        clear_refused(widget)
        self._refusals.pop(path, None)
        self._show_help(path)
        self._show_refusals()

    def number(
        self,
        path: FieldPath,
        label: str,
        *,
        decimals: int = 0,
        suffix: str = "",
        prefix: str = "",
        step: float = 1,
        optional_text: str | None = None,
        zero_text: str | None = None,
    ) -> QAbstractSpinBox:
        """A number editor within the model's limits for `path`, written with `prefix` and
        `suffix` ("$0.146/kWh", "30,000 tokens"); with `optional_text`, the value one step
        below the lowest, or an emptied field, means None (automatic, the catalog's). With
        `zero_text` ("none"), a field whose lowest is 0 shows that word at 0: "History 0
        tokens" read as an amount of something not there."""
        limits = number_limits(path)
        rules = NumberRules(limits, decimals, prefix, suffix, optional_text is not None)
        # A whole number past a 32-bit spin box goes in a double box (exact to 2^53).
        low = -SPIN_LIMIT if limits.low is None else limits.low
        highest = SPIN_LIMIT if limits.high is None else limits.high
        # The special value sits a step below the lowest, so the arrows reach both.
        lowest = low if optional_text is None else round(low - step, decimals)
        box: WholeNumberBox | DecimalNumberBox
        if decimals or highest > INT32_MAX:
            box = DecimalNumberBox(rules)
            box.setDecimals(decimals)
            box.setRange(lowest, highest)
            box.setSingleStep(step)
        else:
            box = WholeNumberBox(rules)
            lowest = round(lowest)
            box.setRange(lowest, int(highest))
            box.setSingleStep(max(1, int(step)))
        box.refused.connect(lambda message: self._controller.refuse(path, message))
        box.setAccelerated(True)
        guard_wheel(box, self._wheel_guard)
        box.setPrefix(prefix)
        if suffix:
            box.setSuffix(suffix if suffix.startswith("/") else f" {suffix}")
        special_text = optional_text if zero_text is None or lowest != 0 else zero_text
        if special_text is not None:
            box.setSpecialValueText(special_text)
            select_special_text(box, self._special_text)

        def to_model(value: float) -> Any:
            if optional_text is not None and value == lowest:
                return None
            return value if decimals else round(value)

        def refresh(scenario: Scenario) -> None:
            value = field_value(scenario, path)
            if value is None and optional_text is None:
                return  # an absent optional section: its editors are disabled meanwhile
            shown = lowest if value is None else value
            if being_typed(box, shown):
                return
            box.blockSignals(True)
            box.setValue(shown)
            box.blockSignals(False)

        commit_when_done(box, lambda value: self._send(path, to_model(value)))
        self._register(path, label, box, refresh)
        return box

    def choice(
        self,
        path: FieldPath,
        label: str,
        items: list[tuple[str, Any]],
        hint: str = "",
        whole: bool = False,
        send: Callable[[Any], object] | None = None,
    ) -> QComboBox:
        """A drop-down of (text, value) items; its tooltip is the chosen item's whole text,
        then `hint` (how to use the box). A `whole` list (Aisle's own few words) has room for
        its longest item; any other ends a text too long for it in "…". Choosing an item sets
        the field, or does `send` with its value (a model brings its checkpoint's weights). A value
        this catalog lacks (a plan file's) is shown as such (`not_in_catalog`), or, while the
        user's own catalog is read, as waiting for it (`not_read_yet`)."""
        combo = ChoiceBox()
        _fill(combo, items)
        # Long catalog names must not widen the panel: the box elides, the list shows all.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(14)
        if whole:
            room_for_longest(combo)
        guard_wheel(combo, self._wheel_guard)

        self._help[path] = escape(hint)

        unknown = not_in_catalog(label)

        def refresh(scenario: Scenario) -> None:
            value = field_value(scenario, path)
            if _search_typed(combo) is not None and combo.currentData() == value:
                return  # the planner is searching over the value it holds: keep the words
            _show_value(combo, value, self._unknown_words(unknown))
            self._show_help(path)

        if send is None:
            combo.currentIndexChanged.connect(lambda i: self._send(path, combo.itemData(i)))
        else:
            combo.currentIndexChanged.connect(lambda i: send(combo.itemData(i)))
        combo.currentIndexChanged.connect(lambda _i: self._show_help(path))
        self._register(path, label, combo, refresh)
        return combo

    def flag(self, path: FieldPath, label: str) -> QCheckBox:
        box = QCheckBox(label)

        def refresh(scenario: Scenario) -> None:
            box.blockSignals(True)
            box.setChecked(bool(field_value(scenario, path)))
            box.blockSignals(False)

        box.toggled.connect(lambda checked: self._send(path, checked))
        self._register(path, label, box, refresh)
        return box
