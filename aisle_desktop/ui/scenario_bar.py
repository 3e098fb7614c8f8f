"""The plan's scenarios as tabs, with buttons to add, duplicate, rename, delete and move them.

Every button is an undoable edit of the document; the tabs are rebuilt from the document
whenever it changes, so undo, redo and opening a plan need nothing special here. A scenario
naming catalog entries this machine lacks carries a warning icon saying which.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QStyle,
    QTabBar,
    QToolButton,
    QWidget,
)

from aisle_desktop.plan import DEFAULT_PRESET, preset_scenario
from aisle_desktop.plan import MAX_SCENARIO_NAME_CHARS as MAX_NAME_CHARS
from aisle_desktop.strict_json import excerpt
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.name_line import ask_name
from aisle_desktop.ui.plain_text import tooltip, warn
from aisle_desktop.ui.tab_names import told_apart, widest_allowed
from aisle_desktop.ui.typed_number import QUOTED_CHARS

# What Add puts beside the plan: the default plan, named, so a planner knows what it compares.
ADD_TIP = f"Add the default plan ({preset_scenario(DEFAULT_PRESET).name}) to compare with"


def refused_name(typed: str) -> str:
    """Why a scenario cannot take this name, quoting at most the start of it: a pasted page
    filled the message box with 4,000 characters of it, and the box did not say which of the
    three rules the name broke."""
    name = typed.strip()
    if not name:
        why = "a scenario needs a name"
    elif len(name) > MAX_NAME_CHARS:
        why = f"a name takes at most {MAX_NAME_CHARS} characters, this one has {len(name):,}"
    else:
        why = "another scenario of the plan has this name"
    return f'"{excerpt(name, QUOTED_CHARS)}" cannot be used: {why}.'


class ScenarioBar(QWidget):
    """Tabs for the scenarios of the open plan."""

    def __init__(self, document: PlanDocument) -> None:
        super().__init__()
        self._document = document
        self.tabs = QTabBar()
        self.tabs.setExpanding(False)
        # Too many names for the bar: each is shortened in its middle at whole words
        # ("Llama 3.1 70B … (3)", `_fit_names`; the whole in its tooltip), and by Qt where not
        # even that fits, before Qt scrolls, so every tab reads whole in view. At full length,
        # three at 1024 x 700 scrolled the first part-way behind the arrows ("1 70B RAG
        # assistant"), and the current one could sit cut there.
        self.tabs.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.tabs.installEventFilter(self)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setToolTip("Double-click a tab to rename its scenario")
        self.tabs.currentChanged.connect(self._on_tab)
        self.tabs.tabBarDoubleClicked.connect(self.rename)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 0)
        layout.addWidget(QLabel("<b>Scenarios</b>"))
        layout.addWidget(self.tabs, 1)
        self.buttons: dict[str, QToolButton] = {}
        for key, text, tip, slot in (
            ("add", "Add", ADD_TIP, self.add),
            ("duplicate", "Duplicate", "Copy this scenario to vary it", self.duplicate),
            ("rename", "Rename…", "Rename this scenario", lambda: self.rename(-1)),
            ("delete", "Delete", "Delete this scenario (undo brings it back)", self.delete),
            ("left", "◀", "Move this scenario left", lambda: self.shift(-1)),
            ("right", "▶", "Move this scenario right", lambda: self.shift(1)),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAccessibleName(tip)
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[key] = button
        document.structure_changed.connect(self._rebuild)
        document.catalog_changed.connect(lambda _c: self._rebuild())
        document.current_changed.connect(self._show_current)
        self._rebuild()

    def _rebuild(self) -> None:
        doc = self._document
        problems = doc.problems()
        warning = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.tabs.blockSignals(True)
        while self.tabs.count():
            self.tabs.removeTab(0)
        for i, scenario in enumerate(doc.scenarios):
            self.tabs.addTab(scenario.name)
            self.tabs.setTabToolTip(i, tooltip(f"{scenario.name}: double-click to rename"))
            missing = problems.get(scenario.name)
            if missing:
                self.tabs.setTabIcon(i, warning)
                self.tabs.setTabToolTip(
                    i,
                    tooltip("Cannot be sized here; unknown on this machine: " + ", ".join(missing)),
                )
        self.tabs.setCurrentIndex(doc.current_index)
        self.tabs.blockSignals(False)
        self._fit_names()
        count = len(doc.scenarios)
        self.buttons["delete"].setEnabled(count > 1)
        self.buttons["left"].setEnabled(doc.current_index > 0)
        self.buttons["right"].setEnabled(doc.current_index < count - 1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tabs and event.type() == QEvent.Type.Resize:
            self._fit_names()
        return super().eventFilter(watched, event)

    def _fit_names(self) -> None:
        """Each tab's name whole where the bar has room for all, else the longest shortened
        at whole words to the same width (`tab_names`): five scenarios of the default plan at
        1280 px read "Llama 3.1 7…G assistant", Qt shortening by characters."""
        names = [scenario.name for scenario in self._document.scenarios]
        if len(names) != self.tabs.count():
            return
        metrics = self.tabs.fontMetrics()
        # Each tab's frame around its text (margins, warning icon), whatever the text shown.
        frames = [
            self.tabs.tabSizeHint(i).width() - metrics.horizontalAdvance(self.tabs.tabText(i))
            for i in range(len(names))
        ]
        widths = [metrics.horizontalAdvance(name) for name in names]
        widest = widest_allowed(widths, self.tabs.width() - sum(frames))
        fitted = told_apart(names, lambda text: metrics.horizontalAdvance(text) <= widest)
        for i, shown in enumerate(fitted):
            if self.tabs.tabText(i) != shown:
                self.tabs.setTabText(i, shown)

    def _show_current(self, index: int) -> None:
        self.tabs.blockSignals(True)
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)
        self.buttons["left"].setEnabled(index > 0)
        self.buttons["right"].setEnabled(index < self.tabs.count() - 1)

    def _on_tab(self, index: int) -> None:
        if index >= 0:
            self._document.select(index)

    def add(self) -> None:
        """The default plan beside the one on screen, under its preset's name (numbered where
        taken), to compare with: "Scenario 2" did not say it was the Llama 3.1 70B plan."""
        self._document.add(preset_scenario(DEFAULT_PRESET))

    def duplicate(self) -> None:
        self._document.duplicate(self._document.current_index)

    def rename(self, index: int) -> None:
        """Ask for a new name for tab `index` (-1: the current one)."""
        doc = self._document
        index = doc.current_index if index < 0 else index
        old = doc.scenarios[index].name
        name, ok = ask_name(
            self, "Rename scenario", "Scenario name:", old, MAX_NAME_CHARS, "A scenario name holds"
        )
        if ok and not doc.rename(index, name):
            warn(self, "Cannot rename", refused_name(name))

    def delete(self) -> None:
        self._document.delete(self._document.current_index)

    def shift(self, step: int) -> None:
        index = self._document.current_index
        self._document.move(index, index + step)
