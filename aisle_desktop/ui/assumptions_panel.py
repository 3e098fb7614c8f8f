"""The model's assumptions for the scenario on screen, and the planner's overrides of them.

Each row is one assumption of the calibration the window sizes with: its value there, the
planner's own value for this scenario (typed into the cell; cleared, the calibration's value
holds again) and where the calibration's value comes from. A value is checked against the
calibration's range before it reaches the scenario, and a refused one is named in the panel.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import OVERRIDE_FIELD, Calibration
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.theme import Theme

COLUMNS = ["Assumption", "Calibration", "Your value", "Source"]
YOURS = 2
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def assumption_label(name: str) -> str:
    """``request_overhead_ms`` as a planner reads it: ``request overhead ms``."""
    return name.replace("_", " ")


def _number_text(value: float) -> str:
    return f"{value:g}"


def parsed_value(text: str) -> float | None:
    """The number typed (thousands separators allowed); None for an empty cell."""
    cleaned = text.strip().replace(",", "").replace("\u202f", "").replace(" ", "")
    return None if not cleaned else float(cleaned)


class AssumptionsPanel(QWidget):
    """A table of the calibration's assumptions; the "Your value" column edits overrides."""

    def __init__(self, controller: ScenarioController, calibration: Calibration) -> None:
        super().__init__()
        self._controller = controller
        self._calibration = calibration
        self._names = calibration.names()
        self._yours: list[QTableWidgetItem] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"The model's {calibration.label}. Type a value under “Your value” to override "
            "an assumption for this scenario (saved with the plan); clear it to use the "
            "calibration's value again."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        theme = Theme.of(self)
        intro.setStyleSheet(f"color: {theme.muted.name()};")
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {theme.text_in('bad').name()};")
        self.error.hide()
        self.table = QTableWidget(len(self._names), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Model assumptions")
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fill()
        layout.addWidget(intro)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        self._show(controller.scenario)
        self.table.itemChanged.connect(self._edited)
        controller.scenario_changed.connect(lambda _rev, scenario: self._show(scenario))

    def _fill(self) -> None:
        cal = self._calibration
        for row, name in enumerate(self._names):
            cells = [
                assumption_label(name),
                _number_text(cal.value(name)),
                "",
                cal.source(name),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(EDITABLE if column == YOURS else READ_ONLY)
                if column == len(COLUMNS) - 1:
                    item.setToolTip(text)
                self.table.setItem(row, column, item)
                if column == YOURS:
                    self._yours.append(item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(len(COLUMNS) - 1, 480)

    def _show(self, scenario: Scenario) -> None:
        """Put the scenario's overrides in the "Your value" column (no edit is made)."""
        self.table.blockSignals(True)
        for name, item in zip(self._names, self._yours, strict=True):
            mine = scenario.assumption_overrides.get(name)
            item.setText("" if mine is None else _number_text(mine))
            font = item.font()
            font.setBold(mine is not None)
            item.setFont(font)
        self.table.blockSignals(False)

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() != YOURS:
            return
        name = self._names[item.row()]
        label = assumption_label(name)
        overrides = dict(self._controller.scenario.assumption_overrides)
        try:
            value = parsed_value(item.text())
        except ValueError:
            self._refuse(f"{label}: “{item.text()[:40]}” is not a number")
            return
        if value is None:
            overrides.pop(name, None)
        else:
            overrides[name] = value
            try:
                self._calibration.with_overrides({name: value})
            except SizingError as err:
                self._refuse(str(err))
                return
        self.error.hide()
        self._controller.set_field((OVERRIDE_FIELD,), overrides, f"assumption {label}")
        self._show(self._controller.scenario)

    def _refuse(self, message: str) -> None:
        """Say why, and put the scenario's own value back in the cell."""
        self.error.setText(f"Not applied: {message}")
        self.error.show()
        self._show(self._controller.scenario)
