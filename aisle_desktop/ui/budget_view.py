"""What swings the budget: a tornado chart of yearly cost per choice, a table, and goal-seeks.

The chart is built once (bars, labels and the plan's line) and fed with `setOpts`/`setData`
when an answer arrives; the sizing happens on the sizing thread, asked for by the main window
only while this tab is shown. Largest swing on top, as a tornado reads.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.formatting import figures_unbroken, money, money_tick
from aisle_desktop.plan import NumberLimits
from aisle_desktop.sizing.planning import (
    BUDGET_GOAL_USD_PER_YEAR,
    GPUS_BOUGHT_HEADER,
    GPUS_BOUGHT_TIP,
    GPUS_CAPTION,
    TPOT_GOAL_MS,
    Outcome,
    Sensitivity,
    Swing,
    yearly_text,
)
from aisle_desktop.ui.empty_plot import EmptyPlotNote
from aisle_desktop.ui.fade import Fade
from aisle_desktop.ui.focus_in_view import FocusInView
from aisle_desktop.ui.menu_on_demand import MenuOnDemandView
from aisle_desktop.ui.number_box import DecimalNumberBox
from aisle_desktop.ui.plot_axes import ReadableAxis
from aisle_desktop.ui.plot_style import line_pen, style_plot
from aisle_desktop.ui.scenario_columns import COLUMN_MIN_PX, shared_widths, whole_widths
from aisle_desktop.ui.tab_room import whole_table_px
from aisle_desktop.ui.theme import Theme
from aisle_desktop.ui.typed_number import NumberRules
from aisle_desktop.worker import SensitivityDone

MAX_ROWS = 12
# What the empty chart says: before the first answer, while one is sized, and with none.
NOT_YET = "Not sized yet"
SIZING = "Sizing…"
NOTHING = "Nothing to show"
# Rows of the table always in view: the tab scrolls rather than squeeze it to one row.
TABLE_ROWS_SHOWN = 5
BAR_HEIGHT = 0.6
# The chart's height: room for its money axis and margins (22 px measured in the default
# font; 50 left the ten bars 21 px each and pushed the table's fifth row under the fold once
# the goal-seeks moved above the chart), and enough per bar for one line of label.
PLOT_MIN_HEIGHT, PLOT_AXIS_PX, ROW_PX = 150, 30, 17
# Bars of the lower and the higher setting (shaded per theme; the headline names the colours).
LOW_HUE, HIGH_HUE = "#5c6bc0", "#ef6c00"
COLUMNS = [
    "Choice",
    "Lower setting",
    GPUS_BOUGHT_HEADER,
    "Cost a year",
    "Higher setting",
    GPUS_BOUGHT_HEADER,
    "Cost a year",
]
# Where the seven columns do not fit even at their least (at 1024 px the table scrolled
# sideways, QA walk), each setting's GPUs and cost go under its name, in three columns.
STACKED_COLUMNS = ["Choice", "Lower setting", "Higher setting"]


def _gpus(o: Outcome | None) -> str:
    return "–" if o is None else o.gpus_cell()


def _cost(o: Outcome | None) -> str:
    if o is None or o.tco_per_year_usd is None:
        return "–"
    missed = " (misses targets)" if not o.meets_targets else ""
    return money(o.tco_per_year_usd) + missed


def _label(o: Outcome | None) -> str:
    return "–" if o is None else o.label


def stacked_cell(o: Outcome | None) -> str:
    """A setting with its GPUs bought (and needed, where fewer) and yearly cost under its
    name, for the three-column table: ``FP4`` / ``GPUs: 8 (7 needed), $174 k/year``; two
    lines, so that five rows stay in sight with the chart at 1024 x 700."""
    if o is None:
        return "–"
    if o.tco_per_year_usd is None:
        return f"{o.label}\n{o.gpus_text()}"
    missed = " (misses targets)" if not o.meets_targets else ""
    figures = f"GPUs: {o.gpus_cell()}, {yearly_text(o.tco_per_year_usd)}{missed}"
    return f"{o.label}\n{figures_unbroken(figures)}"


def _least(widths: list[int]) -> list[int]:
    """The least each column may take: its whole width, up to COLUMN_MIN_PX."""
    return [min(width, COLUMN_MIN_PX) for width in widths]


def seven_column_cells(swing: Swing) -> list[str]:
    return [
        swing.choice,
        _label(swing.low),
        _gpus(swing.low),
        _cost(swing.low),
        _label(swing.high),
        _gpus(swing.high),
        _cost(swing.high),
    ]


def stacked_cells(swing: Swing) -> list[str]:
    return [swing.choice, stacked_cell(swing.low), stacked_cell(swing.high)]


GOAL_TPOT, GOAL_BUDGET = "TPOT target", "Budget"


def _goal_box(limits: NumberLimits, prefix: str, suffix: str) -> DecimalNumberBox:
    """A goal-seek field that keeps what is typed and says why it refuses a value, as the
    plan's fields do ("20000" ms is refused by name, not read as 2000). Its value changes
    only when editing finishes, so a refused number leaves the last one taken."""
    box = DecimalNumberBox(NumberRules(limits, 0, prefix, suffix))
    box.setDecimals(0)
    box.setRange(limits.low or 0.0, limits.high or 0.0)
    box.setKeyboardTracking(False)
    box.setPrefix(prefix)
    box.setSuffix(f" {suffix}")
    return box


class BudgetView(QScrollArea):
    """The "What swings the budget" tab (it scrolls when the window is short).

    Signals:
        goal_seek_requested(): the planner asked for the goal-seeks with the values shown.
    """

    goal_seek_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.headline = QLabel("Open this tab to size what swings the budget.")
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.plot = pg.PlotWidget(
            axisItems={"bottom": ReadableAxis("bottom", money_tick)}, viewBox=MenuOnDemandView()
        )
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # nothing to do by key
        self.plot.showGrid(x=True, alpha=0.25)
        self.plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        theme = Theme.of(self)
        style_plot(self.plot, theme)
        self._low = self._bars(theme, LOW_HUE)
        self._high = self._bars(theme, HIGH_HUE)
        self._base = pg.InfiniteLine(angle=90, pen=theme.plot_foreground)
        for item in (self._low, self._high, self._base):
            self.plot.addItem(item)
        # Until swings arrive the plot says so, with clean axes: it read "$-0.4 $-0.2 $0"
        # under nothing while the first answer was on its way (QA walk).
        self.empty = EmptyPlotNote(self.plot, theme)
        self.empty.show(NOT_YET)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self._swings: list[Swing] = []
        self.stacked = False  # each setting's GPUs and cost under its name (STACKED_COLUMNS)
        self._set_columns()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.tpot_ms = _goal_box(TPOT_GOAL_MS, "", "ms")
        self.tpot_ms.setValue(25.0)
        self.tpot_ms.setToolTip("Time per output token to goal-seek: how many GPUs meet it")
        self.budget_usd = _goal_box(BUDGET_GOAL_USD_PER_YEAR, "$", "a year")
        self.budget_usd.setSingleStep(50_000.0)
        self.budget_usd.setValue(500_000.0)
        self.budget_usd.setToolTip("Yearly budget to goal-seek: how many users it serves")
        self.seek_button = QPushButton("Goal-seek")
        self.seek_button.clicked.connect(self._seek)
        self.answers = QLabel("")
        self.answers.setTextFormat(Qt.TextFormat.PlainText)
        self.answers.setWordWrap(True)
        for box, label in ((self.tpot_ms, GOAL_TPOT), (self.budget_usd, GOAL_BUDGET)):
            box.refused.connect(partial(self._say_refused, label))
        self._build_layout()

    def _column_names(self) -> list[str]:
        return STACKED_COLUMNS if self.stacked else COLUMNS

    def _set_columns(self) -> None:
        names = self._column_names()
        self.table.setColumnCount(len(names))
        self.table.setHorizontalHeaderLabels(names)
        for column, name in enumerate(names):
            header = self.table.horizontalHeaderItem(column)
            if header is not None and (name == GPUS_BOUGHT_HEADER or (self.stacked and column)):
                header.setToolTip(GPUS_BOUGHT_TIP)

    @staticmethod
    def _bars(theme: Theme, hue: str) -> pg.BarGraphItem:
        shade = theme.line(hue)
        return pg.BarGraphItem(
            x0=[], y=[], width=[], height=BAR_HEIGHT, brush=shade, pen=line_pen(theme, hue)
        )

    def _build_layout(self) -> None:
        seek = QHBoxLayout()
        seek.addWidget(QLabel(GOAL_TPOT))
        seek.addWidget(self.tpot_ms)
        seek.addWidget(QLabel(GOAL_BUDGET))
        seek.addWidget(self.budget_usd)
        seek.addWidget(self.seek_button)
        seek.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.plot)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        self._split = split
        header = self.table.horizontalHeader().sizeHint().height()
        row = self.table.verticalHeader().defaultSectionSize()
        frame = 2 * self.table.frameWidth() + self.table.horizontalScrollBar().sizeHint().height()
        self.table.setMinimumHeight(header + TABLE_ROWS_SHOWN * row + frame)
        self._body = body = QWidget()
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        FocusInView(self)  # Tab goes to the goal-seeks and the table, not the tab's page
        column = QVBoxLayout(body)
        column.setContentsMargins(6, 6, 6, 6)  # the style's 9 px and 6 px pushed the table's
        column.setSpacing(4)  # fifth row under the fold at 1024 x 700
        # The goal-seeks first, their answers under them: at 1024 x 700 they sat below the
        # chart and table, under the tab's fold, where a planner had to hunt for them.
        column.addLayout(seek)
        column.addWidget(self.answers)
        column.addWidget(self.headline)
        column.addWidget(split, 1)
        # Greyed while they belong to an older edit (ui/stale_tabs.py); the goal-seek fields
        # are inputs and stay as they are.
        self.fade = Fade(self.headline, self.plot, self.table, self.answers)

    def reading_height_px(self) -> int:
        """The tab's height with nothing to scroll to: the headline, the chart as tall as its
        bars ask, every row of the table, the goal-seeks and their answers at this width."""
        whole_table = whole_table_px(self.table)
        split = self._split
        around = self._body.height() - split.height()  # the goal-seeks, answers, headline
        chart = max(self.plot.minimumHeight(), self.plot.maximumHeight())
        return int(2 * self.frameWidth() + around + chart + split.handleWidth() + whole_table)

    def goal_seek_parts(self) -> tuple[QWidget, ...]:
        """What a planner uses to goal-seek: both fields and the button."""
        return (self.tpot_ms, self.budget_usd, self.seek_button)

    def show_pending(self) -> None:
        """Say the answer is on its way (the old chart stays until it arrives)."""
        self.headline.setText("Sizing each choice at a lower and a higher setting…")
        if not self._swings:
            self.empty.show(SIZING)

    def show_not_sized(self, reason: str) -> None:
        """The scenario on screen could not be sized: no other plan's swings stay on show."""
        self.headline.setText(f"Nothing to show: not sized: {reason}")
        self.answers.setText("")
        self._draw(None)

    def show_answer(self, done: SensitivityDone) -> None:
        """Draw the swings and the goal-seek answers, or say why there are none."""
        if done.sensitivity is None:
            self.headline.setText(f"Nothing to show: {done.error or 'the plan does not fit'}")
            self._draw(None)
            return
        found = done.sensitivity
        self.headline.setText(
            figures_unbroken(
                f"The plan: {found.base_gpus_text()}, {yearly_text(found.tco_per_year_usd_base)}"
                f". {found.note} Blue: the lower setting; orange: the higher. {GPUS_CAPTION}"
            )
        )
        self._draw(found)
        sentences = [a.sentence() for a in (done.at_target, done.for_budget) if a is not None]
        self.answers.setText(figures_unbroken("\n".join(sentences)))

    def _draw(self, found: Sensitivity | None) -> None:
        swings = [] if found is None else list(found.swings[:MAX_ROWS])
        base = 0.0 if found is None else found.tco_per_year_usd_base
        rows = len(swings)
        ys = [rows - 1 - i for i in range(rows)]

        def bars(side: str) -> dict[str, Any]:
            x0, width = [], []
            for swing in swings:
                o: Outcome | None = getattr(swing, side)
                value = base if o is None or o.tco_per_year_usd is None else o.tco_per_year_usd
                x0.append(min(base, value))
                width.append(abs(value - base))
            return {"x0": x0, "y": ys, "width": width, "height": BAR_HEIGHT}

        low, high = bars("low"), bars("high")
        self._low.setOpts(**low)
        self._high.setOpts(**high)
        self._base.setValue(base)
        self._base.setVisible(found is not None)
        ticks = [(y, s.choice) for y, s in zip(ys, swings, strict=True)]
        if rows:
            self.empty.hide()  # the axes tick themselves again, the choices' names on the left
        self.plot.getAxis("left").setTicks([ticks])
        if not rows:
            self.empty.show(NOTHING)
        else:
            self.plot.setYRange(-0.6, rows - 0.4, padding=0)
            # Costs read from $0, as on paper: a bar twice as long costs twice as much.
            dearest = max(
                base,
                *(
                    x + w
                    for side in (low, high)
                    for x, w in zip(side["x0"], side["width"], strict=True)
                ),
            )
            self.plot.setXRange(0.0, dearest, padding=0.03)
        # No taller than its bars need, so the table below stays in view.
        self.plot.setMaximumHeight(max(PLOT_MIN_HEIGHT, PLOT_AXIS_PX + ROW_PX * rows))
        self._swings = swings
        self.table.setRowCount(rows)
        self._fill_rows()
        self._fit_columns()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Every column in the table's width: the figures whole, the settings' names sharing
        the rest and wrapping (at 1600 px the higher setting's GPUs and cost were off to the
        right, behind a scroll bar); where the seven columns do not fit even so (1024 px),
        each setting's GPUs and cost under its name, in three. Which fits is measured from
        the texts: the rows are rebuilt only when the layout changes, not on every resize."""
        table = self.table
        # Room for the scroll bar the wrapped rows may bring.
        room = table.width() - 2 * table.frameWidth() - table.verticalScrollBar().sizeHint().width()
        wanted = self.whole_widths(stacked=False)
        stacked = bool(self._swings) and sum(_least(wanted)) > room
        if stacked:
            wanted = self.whole_widths(stacked=True)
        if stacked != self.stacked or table.columnCount() != len(wanted):
            self.stacked = stacked
            self._set_columns()
            self._fill_rows()
        for column, width in enumerate(shared_widths(wanted, room, _least(wanted))):
            table.setColumnWidth(column, width)
        table.resizeRowsToContents()

    def whole_widths(self, stacked: bool) -> list[int]:
        """Each column's width to read its header and cells whole, in three columns or seven,
        from the texts' widths in the table's fonts and the padding its style adds."""
        table = self.table
        header = table.horizontalHeader()
        cell_margin_px = (
            table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        )
        cell_padding_px = 2 * cell_margin_px + (1 if table.showGrid() else 0)
        # A header sizes its sections for bold text (it bolds the section of a selected cell).
        bold = QFont(header.font())
        bold.setBold(True)
        header_metrics = QFontMetricsF(bold)
        # Both layouts' first header is "Choice": what its section adds to its text is padding.
        header_padding_px = header.sectionSizeHint(0) - math.ceil(
            header_metrics.horizontalAdvance(COLUMNS[0])
        )
        cells_of = stacked_cells if stacked else seven_column_cells
        # A cell's text is laid out at its natural, fractional width, rounded up.
        cell_metrics = QFontMetricsF(table.font())
        return whole_widths(
            STACKED_COLUMNS if stacked else COLUMNS,
            [cells_of(swing) for swing in self._swings],
            lambda text: math.ceil(cell_metrics.horizontalAdvance(text)) + cell_padding_px,
            lambda text: math.ceil(header_metrics.horizontalAdvance(text)) + header_padding_px,
        )

    def _fill_rows(self) -> None:
        """The swings' cells, in the seven columns or the three (`stacked`)."""
        cells_of = stacked_cells if self.stacked else seven_column_cells
        for row, swing in enumerate(self._swings):
            for column, text in enumerate(cells_of(swing)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def _seek(self) -> None:
        """Goal-seek the values typed; a value a field refuses is said (where the answers go)
        and nothing is sought."""
        if all(box.take_typed() for box in (self.tpot_ms, self.budget_usd)):
            self.goal_seek_requested.emit()

    def _say_refused(self, label: str, message: str) -> None:
        self.answers.setText(f"{label}: {message}")

    def goal_values(self) -> tuple[float, float]:
        """The TPOT target (ms) and yearly budget (USD) to goal-seek."""
        return self.tpot_ms.value(), self.budget_usd.value()
