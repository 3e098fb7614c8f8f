"""Every scenario of the plan side by side: key figures in columns, differing rows marked.

Which figures and what counts as different come from ``plan.compare_results`` (tested
without a display); this view only lays the rows out. A scenario that cannot be sized on this
machine keeps its column, saying why (in its cells' tooltips, and in words under the table),
so the comparison never silently drops an option.
"""

from __future__ import annotations

import math
from functools import partial
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.formatting import compact, with_unit
from aisle_desktop.report import ComparisonRow, compare_results
from aisle_desktop.report.compare import HOSTED_API_ROWS
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.ui.gpu_table import table_name
from aisle_desktop.ui.name_line import say_on, trouble_line
from aisle_desktop.ui.plain_text import tooltip
from aisle_desktop.ui.scenario_columns import (
    COLUMN_MIN_PX,
    HEADER_LINES,
    header_lines,
    reading_width,
    shared_widths,
)
from aisle_desktop.ui.tab_room import whole_table_px
from aisle_desktop.ui.theme import Theme

# Rows whose figures differ between scenarios are tinted in this tone.
DIFFERS = "warn"
CANNOT = "cannot size"
# The tab's names of rows whose names (the report's, a page wide) were too long for it: beside
# three scenarios at 1280 x 800 they took 209 of its 510 px and the scenarios scrolled out of
# sight. Each row's tooltip explains it, as the headline's TTFT and TPOT are named. Beside
# three scenarios, their widest in bold (a row that differs) is all the third column lacked
# to read whole at 1280 x 800: "Most users within targets" was 174 px, now 144.
SHORT_LABELS = {
    "precision": "Weights / KV cache",
    "meets_targets": "Meets targets",
    "max_users_within_targets": "Most users in targets",
    "cost_per_million_tokens_usd": "Cost per M tokens",
    "ttft_ms": "TTFT",
    "tpot_ms": "TPOT",
    "ttft_p95_ms": "TTFT p95",
    "ttft_p99_ms": "TTFT p99",
    "tpot_p95_ms": "TPOT p95",
    "tpot_p99_ms": "TPOT p99",
    "max_requests_per_s_within_targets": "Requests/s in targets",
    "api": "Hosted API",
    "api_cost_per_year_usd": "Hosted API a year",
    "api_embeddings_per_year_usd": "Hosted embeddings",
    "break_even_requests_per_day": "Break-even",
}
# Rows whose words read whole over as many lines as they take, however narrow the column: what
# blocks a plan and what to change. Cut after three lines like the others, at 1280 x 800 the
# Blocked row read "…; raise “Rack power l…", the change to make cut off.
WHOLE_ROWS = frozenset({"blocked"})
# A scenario's column reads down one edge: its name, its words (GPU, model, hosted API) and
# its figures. The words and the name stood left, the figures right ("$64.6 k/year" under
# "$174 k/year" started half a column to its left); figures keep their digits and marks
# (✓, ✗) under one another at the right.
COLUMN_ALIGNMENT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# A row of `WHOLE_ROWS` is a sentence over several lines, read from its left edge (ragged on the
# left, the Blocked cell's six lines read as a poem).
PROSE_ALIGNMENT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
# A figure within its target, or over it, marked as the headline marks TTFT and TPOT.
WITHIN, OVER = " ✓", " ✗"


def row_label(row: ComparisonRow) -> str:
    """The row's name in the tab: short where the report's is long (`SHORT_LABELS`)."""
    return SHORT_LABELS.get(row.name, row.label)


def drawn_px(metrics: QFontMetricsF, text: str) -> int:
    """The whole pixels a line of `text` takes as Qt draws it, fractions counted: "embeddings
    need", 120.375 px in bold, was measured 120 and drawn "embeddings ne…" in its 120 px."""
    return math.ceil(metrics.horizontalAdvance(text))


def cell_text(row: ComparisonRow, index: int, gpu_short_name: str = "") -> str:
    """What the row says for the `index`-th sized scenario: its words, or its number (marked
    ✓ within its target or ✗ over it, on a row that has one: "(within 50 ms)" beside each
    made the columns too wide for three at 1280 px; the cell's tooltip says it whole). A GPU
    reads by its short name (`gpu_short_name`, "" for none) without its maker, as in the GPUs
    tab: the row a planner compares read "NVIDIA H100 SXM…" beside "NVIDIA H200 SXM…" at
    1280 px, the part that differs cut off."""
    words = row.cell(index)
    if words is not None:
        return table_name(gpu_short_name or words) if row.name == "gpu" else words
    measured = row.measured(index)
    if measured is not None:
        shown, within, _target = measured
        return shown + (WITHIN if within else OVER)
    return value_text(row, row.values[index])


def value_text(row: ComparisonRow, value: float | None) -> str:
    if value is None:
        return "–"
    if row.unit == "":
        return compact(value)
    return with_unit(value, row.unit)


def not_sized_words(results: list[tuple[str, SizingResult | str]]) -> str:
    """'Not sized: "On H200": why.' a line each scenario that could not be ("" if none)."""
    return "\n".join(
        f'Not sized: "{name}": {result}' for name, result in results if isinstance(result, str)
    )


class ComparisonView(QWidget):
    """A table: one row per key figure, one column per scenario."""

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        # The table reaches the tab's frame on either side, as the GPUs tab's does: the
        # layout's margins were 18 px of the room the third of three scenarios lacked.
        margins = layout.contentsMargins()
        layout.setContentsMargins(0, margins.top(), 0, margins.bottom())
        self.note = QLabel(
            "Key results of every scenario in the plan. Highlighted rows differ between scenarios."
        )
        self.note.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        columns = self.table.horizontalHeader()
        # Widths are shared out by `_share_width`: a long scenario name takes the room the
        # others leave and wraps, cut short (the full name is the header's tooltip) only
        # past NAME_COLUMN_MAX_PX.
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        columns.setMinimumSectionSize(COLUMN_MIN_PX)
        columns.setDefaultAlignment(COLUMN_ALIGNMENT)
        # `header_lines` wraps and cuts the names itself, so Qt's eliding never cuts a line.
        columns.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Qt never wraps a cell onto a line its row has no height for: a figure keeps its
        # one line (its column is as wide as it needs), and words wrap over lines of their
        # own in a row made tall enough (`_wrap_words`).
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 8)
        # Each scenario that cannot be sized, with why, in words (its cells say "cannot size").
        self.not_sized = trouble_line()
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addWidget(self.not_sized)
        self.rows: list[ComparisonRow] = []
        self._results: list[tuple[str, SizingResult | str]] = []  # the scenarios shown
        self._names: list[str] = []  # each column's scenario, named whole
        self._words: dict[tuple[int, int], str] = {}  # a row of words' cells, whole
        self._term_tips: dict[str, str] = {}

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Columns share the width there is (`shared_widths`): whole when they fit, a long
        name wrapping over what the other columns leave, never narrower than its name needs
        over HEADER_LINES lines (`reading_width`): the table scrolls sideways instead."""
        super().resizeEvent(event)
        self._share_width()

    def _share_width(self) -> None:
        table = self.table
        columns = table.columnCount()
        if not columns:
            return
        # The figure names' column may not be laid out yet: its size hint is what it will take.
        names = table.verticalHeader().sizeHint().width()
        scroll_bar = table.verticalScrollBar().sizeHint().width()
        room = table.width() - names - scroll_bar - 2 * table.frameWidth()
        header = table.horizontalHeader()
        items = [table.horizontalHeaderItem(c) for c in range(columns)]
        for item, name in zip(items, self._names, strict=True):
            if item is not None:
                item.setText(name)  # measured whole, then wrapped to the width it gets
        for (r, c), words in self._words.items():
            cell = table.item(r, c)
            if cell is not None:
                cell.setText(words)
        wanted = [max(self._wanted_px(c), header.sectionSizeHint(c)) for c in range(columns)]
        width_of = header.fontMetrics().horizontalAdvance
        paddings = [
            header.sectionSizeHint(c) - width_of(name) for c, name in enumerate(self._names)
        ]
        least = [
            max(
                reading_width(name, width_of, COLUMN_MIN_PX - padding) + padding,
                self._widest_figure_px(column),
            )
            for column, (name, padding) in enumerate(zip(self._names, paddings, strict=True))
        ]
        # Columns that do not all fit keep the least they read whole in (their names over
        # three lines), so that most are in sight: widened to their names on one line, three
        # at 1280 x 800 showed 1.3 of them.
        widths = least if sum(least) > room else shared_widths(wanted, room, least)
        for column, width in enumerate(widths):
            table.setColumnWidth(column, width)
            item, name = items[column], self._names[column]
            if item is not None:
                item.setText(header_lines(name, width_of, width - paddings[column]))
        self._wrap_words()

    def _wrap_words(self) -> None:
        """A row of words (GPU, model, engine release) whose words do not fit their column
        reads over two or three lines (a row of `WHOLE_ROWS` over all it takes), its row as
        tall as its longest cell: at 1280 x 800 three
        scenarios' GPUs read "H100 SXM5 8…" and their releases "vLLM 0.19 (202…", the
        part that tells them apart cut off (whole, the names' column would take the room
        the figures need)."""
        table = self.table
        one_line = table.verticalHeader().defaultSectionSize()
        lines_in: dict[int, int] = {}
        for (r, c), words in self._words.items():
            cell = table.item(r, c)
            if cell is None:
                continue
            width_of = partial(drawn_px, QFontMetricsF(cell.font()))
            padding = table.sizeHintForIndex(table.model().index(r, c)).width()
            padding -= width_of(words)
            # The grid's line takes a pixel of the column: at 1024 x 768 a layout 223 px
            # wide, measured to fit a column of 230, was cut "attention data-paralle…".
            room = table.columnWidth(c) - padding - (1 if table.showGrid() else 0)
            most = len(words) if self.rows[r].name in WHOLE_ROWS else HEADER_LINES
            shown = header_lines(words, width_of, room, most)
            cell.setText(shown)
            lines_in[r] = max(lines_in.get(r, 1), shown.count("\n") + 1)
        line_px = self.fontMetrics().lineSpacing()
        for r in range(table.rowCount()):  # a row of figures now may have been one of words
            table.setRowHeight(r, one_line + (lines_in.get(r, 1) - 1) * line_px)

    def _wanted_px(self, column: int) -> int:
        """The width the column's cells want on one line, but for the hosted API's rows: a
        scenario's hosted API, the same in every column, is longer than any name and made
        every column want the room a long scenario name needs (theirs wrap instead)."""
        table = self.table
        model = table.model()
        return max(
            (
                table.sizeHintForIndex(model.index(r, column)).width()
                for r, row in enumerate(self.rows)
                if row.name not in HOSTED_API_ROWS
            ),
            default=0,
        )

    def _widest_figure_px(self, column: int) -> int:
        """The width the column's widest figure needs to read whole on its one line: a
        column narrower than that wrapped "$0.577/M tokens" as "$0.577/M token" over "s", cut
        by the row's height. Words (a GPU's name) may be cut short with "…" instead, their
        tooltip whole."""
        table = self.table
        model = table.model()
        grid_px = 1 if table.showGrid() else 0
        return grid_px + max(
            (
                table.sizeHintForIndex(model.index(r, column)).width()
                for r, row in enumerate(self.rows)
                if not row.texts
            ),
            default=0,
        )

    def reading_height_px(self) -> int:
        """The tab's height with every row in sight (`TabRoom` gives it that, as the panel
        above can spare: at 1280 x 800 it showed 8 of its 23 rows): the note, the headers,
        the rows, a sideways scroll bar while there is one, and the line under the table."""
        return self.height() - self.table.height() + whole_table_px(self.table)

    def set_term_tips(self, tips: dict[str, str]) -> None:
        """Glossary tooltips by row name, shown on the row headers."""
        self._term_tips = tips

    def show_tails(self, tails: list[TailLatency | None]) -> None:
        """The scenarios shown, with their simulated tails (one per scenario, as the
        results came): the p95 and p99 rows beside the targets."""
        if len(tails) == len(self._results):
            self.show_results(self._results, tails)

    def show_results(
        self,
        results: list[tuple[str, SizingResult | str]],
        tails: list[TailLatency | None] | None = None,
    ) -> None:
        """One column a scenario (a result, or why it has none); with `tails` (one per
        scenario), their p95 and p99 rows."""
        self._results = results
        sized = [(i, r) for i, (_n, r) in enumerate(results) if isinstance(r, SizingResult)]
        sized_tails = None if tails is None else [tails[i] for i, _r in sized]
        self.rows = compare_results([r for _i, r in sized], sized_tails)
        table = self.table
        table.clear()
        table.setColumnCount(len(results))
        table.setRowCount(len(self.rows))
        self._names = [name for name, _r in results]
        table.setHorizontalHeaderLabels(self._names)
        table.setVerticalHeaderLabels([row_label(row) for row in self.rows])
        differs = Theme.of(table).tone(DIFFERS)
        bold = QFont(table.font())
        bold.setBold(True)
        for column, (name, result) in enumerate(results):
            header = table.horizontalHeaderItem(column)
            if header is not None:
                header.setToolTip(tooltip(f"{name}: {result}" if isinstance(result, str) else name))
        self._words = {}
        for r, row in enumerate(self.rows):
            at = {column: index for index, (column, _r) in enumerate(sized)}
            for column, (_name, result) in enumerate(results):
                cannot = isinstance(result, str)
                short = "" if isinstance(result, str) else result.gpu_short_name
                text = CANNOT if cannot else cell_text(row, at[column], short)
                if row.texts and not cannot:
                    self._words[(r, column)] = text
                item = QTableWidgetItem(text)
                # A GPU's name with its maker; a figure beside its target in words.
                whole = None if cannot else row.cell(at[column]) or row.against_target(at[column])
                item.setToolTip(tooltip(whole or text))
                prose = row.name in WHOLE_ROWS
                item.setTextAlignment(PROSE_ALIGNMENT if prose else COLUMN_ALIGNMENT)
                if cannot:
                    item.setToolTip(tooltip(str(result)))
                if row.differs:
                    item.setBackground(QBrush(differs.background))
                    item.setForeground(QBrush(differs.plain))
                    item.setFont(bold)
                table.setItem(r, column, item)
            label = table.verticalHeaderItem(r)
            if label is not None:
                label.setToolTip(self._row_tip(row))
            if label is not None and row.differs:
                label.setFont(bold)
                label.setBackground(QBrush(differs.background))
                label.setForeground(QBrush(differs.plain))
        say_on(self.not_sized, not_sized_words(results))
        self._share_width()

    def _row_tip(self, row: ComparisonRow) -> str:
        """A row's tooltip: its glossary term, under its whole name where the tab names it
        short ("Most users within targets" for "Most users in targets")."""
        term = self._term_tips.get(row.name, "")
        if row_label(row) == row.label:
            return term or tooltip(row.label)
        return f"<b>{escape(row.label)}</b><br>{term}" if term else tooltip(row.label)

    def header_text(self, column: int) -> str:
        """What a column's header shows of its scenario's name (wrapped, maybe cut short)."""
        item = self.table.horizontalHeaderItem(column)
        return "" if item is None else item.text()

    def differing_rows(self) -> list[str]:
        """Names of the rows marked as different (for tests and accessibility)."""
        return [row.name for row in self.rows if row.differs]
