"""The model's assumptions for the scenario on screen, and the planner's overrides of them.

Each row is one assumption of the calibration the window sizes with, under the name and in the
unit the report uses: the value this scenario's engine release runs with, the planner's own
value for this scenario (typed into the cell; cleared, the calibration's value holds again) and
where the calibration's value comes from. A value is checked against the calibration's range
before it reaches the scenario; a refused one stays in its cell as typed, marked as a refused
field is, and is named in the panel with the range allowed. Once the scenario is sized, the
values no figure of it can move (`bears_on`, as the report lists them apart) are greyed, so the
planner looks first at those that matter to this plan.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import percent, unbroken
from aisle_desktop.labels import ZERO_READS
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import SizingError, SizingResult
from aisle_desktop.sizing.calibration import OVERRIDE_FIELD, Calibration, era_provenance
from aisle_desktop.sizing.planning import bears_on
from aisle_desktop.strict_json import excerpt
from aisle_desktop.ui.assumption_cells import (
    UnclearShareError,
    allowed_range,
    exact_text,
    row_label,
    typed_value,
    unclear_share_text,
    value_text,
)
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.plain_text import tooltip
from aisle_desktop.ui.theme import Theme
from aisle_desktop.ui.typed_number import QUOTED_CHARS, TooLargeError

COLUMNS = ["Assumption", "Calibration", "Your value", "Source"]
CALIBRATED, YOURS, SOURCE = 1, 2, 3
EDITABLE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# The share of the width the values leave that the names take, the sources the rest. Both
# wrap, each row as tall as the longer of the two: a source (up to some 500 characters)
# is read whole where one line of it, cut with "…", was read only in its tooltip (QA, 1024
# and 1600 px), and the names, a tenth of its length, take two or three lines.
NAME_SHARE = 1 / 4
# Rows a planner reads in one view of the tab: the window's results side gives the tab the
# height of this many of its tallest rows (`reading_height_px`), any six together in sight.
ROWS_IN_SIGHT = 6
IDLE_TIP = (
    "No figure of this plan can move with this value: it bears on other models, precisions "
    "or drafts (experts, 4-bit arithmetic, draft passes) or describes how the published "
    "benchmark runs were sent."
)


def catalog_power_note(catalog: Catalog) -> str:
    """The catalog's idle-GPU power share, said where a planner reads assumptions (one line
    at 1280 px; `CATALOG_NOTE_TIP` says where it comes from)."""
    prices = catalog.prices
    return (
        f"From the catalog ({prices.gpu_idle_date}): an idle GPU draws "
        f"{percent(prices.gpu_idle_power_fraction)} of its TDP."
    )


CATALOG_NOTE_TIP = (
    "A figure of the catalog's prices, not of the calibration: a GPU that runs no replica, as "
    "nvidia-smi reads GPUs with no process. Prices are set under Hardware and costs."
)


class AssumptionsPanel(QWidget):
    """A table of the calibration's assumptions; the "Your value" column edits overrides."""

    def __init__(self, controller: ScenarioController, calibration: Calibration) -> None:
        super().__init__()
        self._controller = controller
        self._calibration = calibration
        self._names = calibration.names()
        # The cells rewritten per scenario: calibration value, "Your value" and source.
        self._cells: list[tuple[QTableWidgetItem, ...]] = []
        layout = QVBoxLayout(self)
        # One line at 1280 px, for the table's rows; the rest in its tooltip.
        intro = QLabel("Type under “Your value” to override. Greyed: cannot move this plan.")
        intro.setToolTip(
            tooltip(
                f"The model's {calibration.label}, as this scenario's engine release runs. A "
                "value typed under “Your value” holds for this scenario and is saved with the "
                "plan; clear it to go back. Greyed values cannot move this plan's figures."
            )
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
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Model assumptions")
        self.table.verticalHeader().hide()
        # The values and the planner's cell keep their width; the name and the source share
        # what is left, wrapped: no sideways scroll, and at 1280 px the values stay in sight
        # where the name alone once took the panel's width.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)  # NAME_SHARE of the room
        header.setSectionResizeMode(CALIBRATED, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(YOURS, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.Stretch)
        self.table.viewport().installEventFilter(self)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Each row as tall as its wrapped name or source needs, whichever is longer (at Qt's
        # one height for every row, a name wrapped onto a second line was cut through its
        # middle); scrolled by the pixel, a row taller than the tab is read to its end.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._fill()
        layout.addWidget(intro)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        # The catalog's dated power figure the calibration does not hold (set_catalog).
        self.catalog_note = QLabel()
        self.catalog_note.setWordWrap(True)
        self.catalog_note.setTextFormat(Qt.TextFormat.PlainText)
        self.catalog_note.setStyleSheet(f"color: {theme.muted.name()};")
        self.catalog_note.setToolTip(tooltip(CATALOG_NOTE_TIP))
        layout.addWidget(self.catalog_note)
        self.table.itemChanged.connect(self._edited)
        controller.scenario_changed.connect(lambda _rev, scenario: self._show(scenario))

    def set_catalog(self, catalog: Catalog) -> None:
        """Name the catalog's idle-GPU power share under the table, with its date."""
        self.catalog_note.setText(catalog_power_note(catalog))

    def reading_height_px(self) -> int:
        """The tab's height with `ROWS_IN_SIGHT` of its tallest rows in view, and so any that
        many rows together: the introduction, the heading and the catalog's note besides."""
        table = self.table
        rows = sorted((table.rowHeight(row) for row in range(table.rowCount())), reverse=True)
        around = self.height() - table.viewport().height()
        return around + sum(rows[:ROWS_IN_SIGHT])

    def _fill(self) -> None:
        for row, name in enumerate(self._names):
            cells = tuple(QTableWidgetItem() for _ in COLUMNS)
            cells[0].setText(row_label(name))
            cells[0].setToolTip(row_label(name))
            for column, item in enumerate(cells):
                item.setFlags(EDITABLE if column == YOURS else READ_ONLY)
                self.table.setItem(row, column, item)
            self._cells.append(cells)
        self._show(self._controller.scenario)
        self.table.resizeColumnToContents(YOURS)  # as wide as its heading

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._share_the_width()
        return super().eventFilter(watched, event)

    def _share_the_width(self) -> None:
        """The names take `NAME_SHARE` of the width the values leave, and no less than their
        longest word needs (`_longest_word_px`); the sources the rest."""
        table = self.table
        room = table.viewport().width() - table.columnWidth(CALIBRATED) - table.columnWidth(YOURS)
        table.setColumnWidth(0, max(1, int(room * NAME_SHARE), self._longest_word_px()))

    def _longest_word_px(self) -> int:
        """The names' column's least width: its longest word whole on a line of its own, with
        the cell's margins. At 1280 x 800 a quarter of the room read "Conversati…" (the name
        "Conversation memory lost to paging"), a word cut where the others wrapped."""
        table = self.table
        metrics = table.fontMetrics()
        margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
        words = (word for cells in self._cells for word in cells[0].text().split())
        return (
            max((metrics.horizontalAdvance(word) for word in words), default=0)
            + 2 * (margin + 1)
            + int(table.showGrid())
        )

    def _show(self, scenario: Scenario) -> None:
        """The values this scenario's engine release runs with, and the scenario's overrides
        in the "Your value" column (no edit is made)."""
        w = scenario.workload
        cal = self._calibration
        shipped = cal.as_assumptions(w.engine_id, w.engine_version)
        era = cal.era(w.engine_id, w.engine_version)
        self.table.blockSignals(True)
        for name, assumption, cells in zip(self._names, shipped, self._cells, strict=True):
            value = float(assumption.value)
            _show_value(cells[CALIBRATED], name, value)
            source = cal.source(name)
            if era is not None and name in era.values:  # as the report says it
                found = era_provenance(era, name).words
                source += (
                    f". Per engine release, {found} (docs/calibration.md); "
                    f"older releases: {_value_unbroken(name, cal.value(name))}"
                )
            cells[SOURCE].setText(source)
            mine = scenario.assumption_overrides.get(name)
            yours = cells[YOURS]
            if mine is None:
                yours.setText("")
                yours.setToolTip("")
            else:
                _show_value(yours, name, mine)
            for role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
                yours.setData(role, None)  # a refusal's mark goes with the text it marked
            font = yours.font()
            font.setBold(mine is not None)
            yours.setFont(font)
        self.table.blockSignals(False)
        self.error.hide()

    def show_bearing(self, result: SizingResult | None) -> None:
        """Grey the names and values no figure of ``result`` can move; with None (the plan
        could not be sized), every row reads as it bears."""
        muted = Theme.of(self.table).muted
        self.table.blockSignals(True)
        for name, cells in zip(self._names, self._cells, strict=True):
            idle = result is not None and not bears_on(name, result)
            for item in cells[:YOURS]:
                item.setData(Qt.ItemDataRole.ForegroundRole, muted if idle else None)
            cells[0].setToolTip(row_label(name) + (f". {IDLE_TIP}" if idle else ""))
        self.table.blockSignals(False)

    def _edited(self, item: QTableWidgetItem) -> None:
        if item.column() != YOURS:
            return
        name = self._names[item.row()]
        label = row_label(name)
        overrides = dict(self._controller.scenario.assumption_overrides)
        typed = excerpt(item.text().strip(), QUOTED_CHARS)
        out_of_range = f"{label}: must be {allowed_range(name)} (you typed {typed})"
        try:
            value = typed_value(name, item.text())
        except TooLargeError:  # "1e309" is a number, only past any range
            self._refuse(item, out_of_range)
            return
        except UnclearShareError as unclear:
            self._refuse(item, unclear_share_text(label, unclear.typed))
            return
        except ValueError:
            self._refuse(item, f"{label}: “{typed}” is not a number (decimals take a point)")
            return
        if value is None:
            overrides.pop(name, None)
        else:
            overrides[name] = value
            try:
                self._calibration.with_overrides({name: overrides[name]})
            except SizingError:
                self._refuse(item, out_of_range)
                return
        self._controller.set_field((OVERRIDE_FIELD,), overrides, f"assumption {label}")
        self._show(self._controller.scenario)

    def _refuse(self, item: QTableWidgetItem, message: str) -> None:
        """Say why, and mark the cell, which keeps the text typed; the scenario is unchanged."""
        tone = Theme.of(self.table).tone("bad")
        self.table.blockSignals(True)
        item.setBackground(tone.background)
        item.setForeground(tone.plain)
        item.setToolTip(tooltip(message))
        self.table.blockSignals(False)
        self.error.setText(f"Not applied: {message}")
        self.error.show()


def _value_unbroken(name: str, stored: float) -> str:
    """A value inside a source, its number and unit on one line ("older releases: 5" ended a
    line with "ms" alone on the next at 1024 px); a switch's words still wrap."""
    text = value_text(name, stored)
    return text if stored == 0 and name in ZERO_READS else unbroken(text)


def _show_value(cell: QTableWidgetItem, name: str, stored: float) -> None:
    """A value in its cell, as `value_text` writes it, and exactly in its tooltip; a switch's
    0 in its first words ("off"), whole in its tip: the column is as wide as its longest
    value, and the names and sources share what it leaves."""
    shown = value_text(name, stored)
    cell.setText(shown.split(" (")[0])
    cell.setToolTip(shown if " (" in shown else exact_text(name, stored))
