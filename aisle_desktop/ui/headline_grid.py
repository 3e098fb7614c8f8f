"""The headline figures' box: as many columns as let every value read on one line.

Four columns read best, the figures in rows by kind (latency and users, power, money). At
1280 x 800 the results pane left four columns some 470 px: "351 k requests/day" wrapped its
unit under its number on the default plan, and a plan for 12,000 users wrapped three of its
twelve values. The box now takes the most columns (four, three, then two) at which every
value's whole width fits its column, and lays the cells out again when its width or the
values change; a value still wraps after its number where even two columns leave too little.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

MOST_COLUMNS = 4
FEWEST_COLUMNS = 2
# A caption sits close above its value and a row of figures apart from the one above: the
# third column's fourth row, on Qt's even 6 px between every caption and value, was a pixel
# under the pane's fold at 1280 x 800 (the agentic-coding preset's break-even).
CAPTION_TO_VALUE_PX = 2
BETWEEN_ROWS_PX = 6


def columns_that_fit(value_widths_px: Sequence[int], room_px: int, spacing_px: int) -> int:
    """The most columns, from MOST_COLUMNS down to FEWEST_COLUMNS, whose widest values side by
    side (the cells taken row by row) fit `room_px` with `spacing_px` between columns;
    FEWEST_COLUMNS when none does."""
    for columns in range(MOST_COLUMNS, FEWEST_COLUMNS, -1):
        widest = [max(value_widths_px[col::columns], default=0) for col in range(columns)]
        if sum(widest) + spacing_px * (columns - 1) <= room_px:
            return columns
    return FEWEST_COLUMNS


class HeadlineBox(QGroupBox):
    """A group box of headline cells (a caption above its value), with rows spanning every
    column under them (footnotes, tail latencies, the serving comparison)."""

    def __init__(
        self, title: str, cells: Sequence[tuple[QLabel, QLabel]], under: Sequence[QWidget]
    ) -> None:
        super().__init__(title)
        self._grid = QGridLayout(self)
        self._grid.setVerticalSpacing(CAPTION_TO_VALUE_PX)
        self._cells = tuple(cells)
        self._under = tuple(under)
        self.columns = 0
        self._place(MOST_COLUMNS)

    def _place(self, columns: int) -> None:
        grid = self._grid
        for caption, value in self._cells:
            grid.removeWidget(caption)
            grid.removeWidget(value)
        for widget in self._under:
            grid.removeWidget(widget)
        for index, (caption, value) in enumerate(self._cells):
            row, col = divmod(index, columns)
            caption.setContentsMargins(0, BETWEEN_ROWS_PX if row else 0, 0, 0)
            grid.addWidget(caption, row * 2, col)
            grid.addWidget(value, row * 2 + 1, col)
        rows = -(-len(self._cells) // columns) * 2
        for offset, widget in enumerate(self._under):
            widget.setContentsMargins(0, BETWEEN_ROWS_PX - CAPTION_TO_VALUE_PX, 0, 0)
            grid.addWidget(widget, rows + offset, 0, 1, columns)
        self.columns = columns

    def fit(self) -> None:
        """Lay the cells out in the most columns whose values show whole at this width."""
        margins = self._grid.contentsMargins()
        room = self.contentsRect().width() - margins.left() - margins.right()
        spacing = max(0, self._grid.horizontalSpacing())
        widths = [value.sizeHint().width() for _caption, value in self._cells]
        columns = columns_that_fit(widths, room, spacing)
        if columns != self.columns:
            self._place(columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()
