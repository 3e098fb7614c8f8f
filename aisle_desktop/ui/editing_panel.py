"""What both input panels are: a scrolling column of form groups bound to scenario fields."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from aisle_desktop.plan import Scenario
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.fields import FieldBinder
from aisle_desktop.ui.focus_in_view import FocusInView
from aisle_desktop.ui.form import error_label


class EditingPanel(QScrollArea):
    """A titled panel whose editors send values to the controller and show refusals.

    Subclasses build their groups with `self.fields`, pass them to `finish`, and override
    `_show` for what depends on more than one field.
    """

    def __init__(self, controller: ScenarioController, title: str, minimum_width: int) -> None:
        super().__init__()
        self._controller = controller
        self._body = QWidget()
        self._column = QVBoxLayout(self._body)
        self._column.addWidget(QLabel(f"<b>{title}</b>"))
        self.message = error_label()
        self._column.addWidget(self.message)
        self.fields = FieldBinder(controller, self.message)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(minimum_width)
        # Tab goes to its fields, not to the panel, which showed no sign of focus.
        FocusInView(self)

    def finish(self, groups: Iterable[QGroupBox]) -> None:
        """Lay out the groups and start following the scenario."""
        for group in groups:
            self._column.addWidget(group)
        self._column.addStretch(1)
        self.setWidget(self._body)
        # Never narrower than the fields need: a squeezed panel cut its fields off at the right
        # (it does not scroll sideways), hiding the spin buttons and the Automatic switches.
        scroll_bar = self.verticalScrollBar().sizeHint().width()
        needed = self._body.minimumSizeHint().width() + scroll_bar + 2 * self.frameWidth()
        self.setMinimumWidth(max(self.minimumWidth(), needed))
        self._controller.scenario_changed.connect(lambda _rev, scenario: self._show(scenario))
        self._show(self._controller.scenario)

    def _show(self, scenario: Scenario) -> None:
        """Update what depends on several fields (nothing, unless a panel says otherwise)."""
