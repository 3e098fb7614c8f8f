"""Plain-text tables for the terminal: columns padded to their widest cell."""

from __future__ import annotations

import textwrap
from itertools import zip_longest


def _wrapped(cells: list[str], widest: int | None) -> list[list[str]]:
    """A row as the lines it takes: each cell after the first longer than `widest` wrapped at
    its words onto lines of its own column. The first cell (a row's id, which a planner types
    back) is never wrapped nor cut."""
    if widest is None:
        return [cells]
    parts = [[cells[0]]] + [
        textwrap.wrap(cell, widest, break_on_hyphens=False) or [""] for cell in cells[1:]
    ]
    return [[cell or "" for cell in line] for line in zip_longest(*parts)]


def render_table(header: list[str], rows: list[list[str]], widest: int | None = None) -> str:
    """`header` over `rows`, a column as wide as its widest cell; with `widest`, cells after
    the first wrap onto more lines at that many characters (`catalog list servers` had a name
    column 127 characters wide)."""
    lines = [line for row in rows for line in _wrapped(row, widest)]
    widths = [len(h) for h in header]
    for cells in lines:
        widths = [max(w, len(cell)) for w, cell in zip(widths, cells, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(cells) for cells in lines)])
