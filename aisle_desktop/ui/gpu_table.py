"""The GPUs tab: every GPU of the catalog sized for the plan, one line a row, and under the
table the chosen GPU's note whole.

The note ("Fits: 4 replicas of TP 2 × PP 1 serve the load (3 needed, 1 more on GPUs already
bought)", or why a GPU is blocked) was a sixth column that the figures left some 40 px of at
1280 px: it read "Fits…" on every row (QA). It is read under the table now, for the row chosen
(the cheapest at first), and in each row's tooltip; the GPU names take the room it left, each
the catalog's short name without its maker ("GH200 96GB", not "GH200 Grace Hopper Superchip
(96GB HBM3)" over three lines at 1280 px), on a second line where they still do not fit,
whole in the tooltip and the note.

The plan's own GPU is marked: its row in bold, its name followed by "(this plan)" (QA walk: a
planner looked for it among 29 rows).

While a comparison runs, a line above the table says so, with how many GPUs are done: the tab
stood empty for seconds, a blank table under its headers, as if no GPU could serve the plan.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.formatting import money
from aisle_desktop.sizing.planning import GPUS_BOUGHT_HEADER, GPUS_BOUGHT_TIP, GpuOption, gpus_cell
from aisle_desktop.ui.fade import Fade
from aisle_desktop.ui.plain_text import plain_label, tooltip

# Units in the headers keep the cells short enough for every column to show at 1280 px.
# GPUs come in whole servers: the GPUs column reads "8" when the load needs every GPU bought,
# "8 (6 needed)" when it needs fewer (gpu_counts.py; the header's tooltip says so).
GPU_COLUMNS = ["GPU", GPUS_BOUGHT_HEADER, "$/M tokens", "$ a year", "Targets"]
COST_COLUMN = GPU_COLUMNS.index("$/M tokens")
# The GPU column's narrowest: narrower, the table scrolls sideways (a long name wraps; its
# tooltip and the note under the table have it whole too).
GPU_NAME_MIN_PX = 80
NOTE_ROLE = Qt.ItemDataRole.UserRole + 1  # the GPU's whole name and note, under the table
# What the plan's own GPU's name is followed by.
THIS_PLAN = " (this plan)"
# What the line above the table says while a comparison runs, and once it was stopped.
COMPARING = "Comparing every GPU in the catalog for this plan…"
OLD_ROWS = " The greyed rows are for the inputs before the last edit."
STOPPED = "GPU comparison stopped: change any input to compare again."


# The makers' names a GPU's name starts with: the table leaves them out, as a planner says
# "H100" and "MI300X", for the names to keep to one line (whole in the tooltip and the note).
MAKERS = ("NVIDIA ", "AMD Instinct ", "AMD ", "Intel ")


def table_name(name: str) -> str:
    """``NVIDIA H100 SXM5 80GB`` as the GPU column reads it: ``H100 SXM5 80GB``."""
    maker = next((m for m in MAKERS if name.startswith(m)), "")
    return name[len(maker) :] or name


class GpuPage(QWidget):
    """The GPUs tab's page: the table (`table`, greyed by `fade` while it shows an older
    edit's GPUs) and the chosen row's note (`note`)."""

    def __init__(self) -> None:
        super().__init__()
        self.table = table = QTableWidget(0, len(GPU_COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        table.setHorizontalHeaderLabels(GPU_COLUMNS)
        gpus_header = table.horizontalHeaderItem(GPU_COLUMNS.index(GPUS_BOUGHT_HEADER))
        if gpus_header is not None:
            gpus_header.setToolTip(GPUS_BOUGHT_TIP)
        rows = table.verticalHeader()
        rows.setVisible(False)
        # Rows as tall as their text: one line for most (the style's rows were some 40 px
        # high for one line at 1280 x 800, and the tab showed seven of the catalog's GPUs),
        # two for a name longer than its column (cut at some 140 px at 1280 x 800, QA).
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = table.horizontalHeader()
        header.setMinimumSectionSize(GPU_NAME_MIN_PX)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # names take the rest
        table.setWordWrap(True)
        table.setSortingEnabled(True)
        self.fade = Fade(table)
        self.note = plain_label()
        self.note.setWordWrap(True)
        self.comparing = QLabel()
        self.comparing.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setFormat("%v of %m GPUs")
        self.comparing.hide()
        self.progress.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.comparing)
        layout.addWidget(self.progress)
        layout.addWidget(table, 1)
        layout.addWidget(self.note)
        table.currentCellChanged.connect(lambda row, _c, _r, _p: self._show_note(row))

    def show_comparing(self, done: int = 0, total: int = 0) -> None:
        """A comparison runs: the line above the table says so, its bar how many of the
        `total` GPUs are `done` (busy, with no count, before the first is)."""
        self.comparing.setText(COMPARING + (OLD_ROWS if self.table.rowCount() else ""))
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.comparing.show()
        self.progress.show()

    def show_stopped(self) -> None:
        """The planner stopped the comparison that ran: the line says so, and how to start
        it again (a tab that was not comparing keeps what it shows)."""
        if self.progress.isHidden():
            return
        self.progress.hide()
        self.comparing.setText(STOPPED + (OLD_ROWS if self.table.rowCount() else ""))

    def end_comparing(self) -> None:
        """No comparison runs any more (its answer came, or the plan could not be sized)."""
        self.comparing.hide()
        self.progress.hide()

    def show_comparison(self, options: list[GpuOption], plan_gpu_id: str | None = None) -> None:
        """One row per GPU in the catalog: those meeting the targets first, each group
        cheapest per million tokens first (the cost column sorts the same way); the row of
        `plan_gpu_id`, the plan's own GPU, marked."""
        self.end_comparing()
        table = self.table
        # Rows are fitted to their text once, after the fill: fitted as each cell came, the
        # header measured every row again per cell, and refilling a shown table (each edit
        # while the tab is open) held the GUI thread 65-165 ms for 29 GPUs.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.setSortingEnabled(False)
        table.setRowCount(len(options))
        for row, option in enumerate(options):
            cost = option.cost_per_million_tokens_usd
            cells = [
                _text_cell(table_name(option.gpu_short_name or option.gpu_name)),
                _number_cell(option.gpus_bought or option.gpus, gpus_text(option)),
                _RankedCell(per_million_text(cost), gpu_rank(option)),
                _number_cell(
                    option.tco_per_year_usd or 0.0,
                    money(option.tco_per_year_usd) if option.tco_per_year_usd else "-",
                ),
                _text_cell(targets_text(option)),
            ]
            cells[0].setData(NOTE_ROLE, f"{option.gpu_name}: {option.note}")
            if option.gpu_id == plan_gpu_id:
                _mark_plans_own(cells)
            cells[COST_COLUMN].setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
            for column, cell in enumerate(cells):
                cell.setToolTip(tooltip(f"{option.gpu_name}: {option.note}"))
                table.setItem(row, column, cell)
        table.setSortingEnabled(True)
        table.sortItems(COST_COLUMN, Qt.SortOrder.AscendingOrder)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(GPU_COLUMNS)):  # the names take what is left
            table.resizeColumnToContents(column)
        self._show_note(max(table.currentRow(), 0))

    def _show_note(self, row: int) -> None:
        """The note of the GPU in `row` (the cheapest when none is chosen), whole."""
        cell = self.table.item(row, 0)
        if cell is None:
            self.note.setText("")
            return
        self.note.setText(cell.data(NOTE_ROLE))


def _mark_plans_own(cells: list[QTableWidgetItem]) -> None:
    """The plan's own GPU's row: in bold, its name followed by "(this plan)"."""
    cells[0].setText(cells[0].text() + THIS_PLAN)
    for cell in cells:
        font = QFont(cell.font())
        font.setBold(True)
        cell.setFont(font)


def gpu_rank(option: GpuOption) -> tuple[bool, bool, float]:
    """GPUs that meet the targets with nothing blocking first, then those that can run at
    all, each cheapest first."""
    cost = option.cost_per_million_tokens_usd
    return (option.blocked or not option.meets_targets, cost is None, cost or 0.0)


def per_million_text(cost: float | None) -> str:
    """The $/M tokens column as the headline's Cost per million tokens reads (the unit is in
    the header): three significant figures like every money figure, so cents show below $10
    ("$2.44", "$0.662") and not above ("$12.4", "$124", "$1.24 k")."""
    return "-" if cost is None else money(cost)


def gpus_text(option: GpuOption) -> str:
    """The GPUs bought column: ``8``, or ``8 (6 needed)`` where the load needs fewer, the
    encoder's named: ``8 (2 needed + 1 for embeddings)``."""
    if not option.gpus:
        return "-"
    return gpus_cell(
        option.gpus_needed or option.gpus, option.gpus_bought or option.gpus, option.encoder_gpus
    )


def targets_text(option: GpuOption) -> str:
    """The Targets column: met, missed, or blocked (the note says by what)."""
    if option.blocked:
        return "blocked"
    return "met" if option.meets_targets else "missed"


class _RankedCell(QTableWidgetItem):
    """A cell that shows text and sorts by a rank of its own."""

    def __init__(self, text: str, rank: tuple[bool, bool, float]) -> None:
        super().__init__(text)
        self.rank = rank

    def __lt__(self, other: QTableWidgetItem) -> bool:
        if isinstance(other, _RankedCell):
            return self.rank < other.rank
        return super().__lt__(other)


class _SortableNumber(QTableWidgetItem):
    """A cell that shows text but sorts by its number."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole)
        theirs = other.data(Qt.ItemDataRole.UserRole)
        if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
            return mine < theirs
        return super().__lt__(other)


def _number_cell(value: float, text: str) -> QTableWidgetItem:
    cell = _SortableNumber(text)
    # Rows that cannot run sort last: they have no number to compare.
    cell.setData(Qt.ItemDataRole.UserRole, float(value) if value else float("inf"))
    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def _text_cell(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)
