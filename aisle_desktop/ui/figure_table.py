"""Every figure of the plan, grouped as a planner reads them; activate one for its formula."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from aisle_desktop.labels import FIGURE_LABELS, FigureGroups, figure_groups
from aisle_desktop.sizing import SizingResult, figure_text
from aisle_desktop.sizing.planning import figure_value_and_notes
from aisle_desktop.ui.explanation_dialog import ExplanationDialog
from aisle_desktop.ui.fade import Fade
from aisle_desktop.ui.learn_page import find_item
from aisle_desktop.ui.plain_text import tooltip


def _shown_groups(result: SizingResult) -> FigureGroups:
    groups = []
    for title, figures in figure_groups(result.prefill_layout, result.decode_layout):
        shown = tuple((name, label) for name, label in figures if name in result.figures)
        if shown:
            groups.append((title, shown))
    return tuple(groups)


class FigureTable(QTreeWidget):
    """A two-column tree: figure and value; double-click or Enter explains it."""

    def __init__(self) -> None:
        super().__init__()
        self.setHeaderLabels(["Figure (double-click for how it was computed)", "Value"])
        self.setAlternatingRowColors(True)
        self.itemActivated.connect(self._explain)
        self._result: SizingResult | None = None
        self._groups: FigureGroups = ()
        self._rows: list[tuple[str, QTreeWidgetItem]] = []  # each figure's row, as shown
        self._term_tips: dict[str, str] = {}
        self.fade = Fade(self)  # greyed with the results panel's figures

    def set_term_tips(self, tips: dict[str, str]) -> None:
        """Glossary tooltips by figure name, shown above each figure's formula."""
        self._term_tips = tips

    def item_for(self, name: str) -> QTreeWidgetItem | None:
        """The row of one figure (None: the plan on show lacks it)."""
        return find_item(self, name, Qt.ItemDataRole.UserRole)

    def show_result(self, result: SizingResult) -> None:
        """Show every figure of `result`; rows are rebuilt only when the figures shown change,
        otherwise each row's value and tooltip are updated in place (a rebuild redraws and
        re-measures the whole tree)."""
        self._result = result
        groups = _shown_groups(result)
        if groups != self._groups:
            self._groups = groups
            self._rows = []
            self.clear()
            for title, shown in groups:
                group = QTreeWidgetItem([title])
                for name, label in shown:
                    item = QTreeWidgetItem([label, ""])
                    item.setData(0, Qt.ItemDataRole.UserRole, name)
                    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
                    group.addChild(item)
                    self._rows.append((name, item))
                self.addTopLevelItem(group)
                group.setExpanded(True)
            self.resizeColumnToContents(0)
        for name, item in self._rows:
            item.setText(1, figure_text(result, name))
            formula = result.figures[name].explanation.formula
            tip = self._term_tips.get(name)
            # The glossary entry is Aisle's own rich text; the formula is shown literally.
            item.setToolTip(0, f"<qt>{tip}<hr>{escape(formula)}</qt>" if tip else tooltip(formula))

    def show_nothing(self) -> None:
        """No figures: the scenario on screen could not be sized."""
        self._result = None
        self._groups = ()
        self._rows = []
        self.clear()

    def _explain(self, item: QTreeWidgetItem) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole)
        if self._result is not None and name in self._result.figures:
            value, notes = figure_value_and_notes(self._result, name)
            figure = self._result.figures[name]
            ExplanationDialog(FIGURE_LABELS[name], figure, self, "; ".join(notes), value).exec()
