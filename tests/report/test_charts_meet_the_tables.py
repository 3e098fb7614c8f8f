"""The report's charts and footer end where its tables end: on the right edge of the text
column.

The walk: the GPU memory bar reached past the tables' right edge (1.8 mm at 100 dpi: the
charts' room was the page's width, the tables' the page's less the document's margins), the
budget's tornado bands with it, and the footer's rule and page number by 1.2 mm.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, write_report_pdf
from tests.report.conftest import needs_poppler, pdf_words

DPI = 300
TOLERANCE_MM = 0.2
INK_BELOW = 235  # a grey level darker than this is drawn, not paper


def _page_pixels(pdf: Path, page: int, folder: Path) -> tuple[int, int, bytes]:
    """One page rendered in grey at `DPI`: width, height and its rows of bytes."""
    root = folder / "page"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf), root],
        check=True,
    )
    data = next(folder.glob("page*.pgm")).read_bytes()
    magic, size, _depth, pixels = data.split(b"\n", 3)
    assert magic == b"P5"
    width, height = (int(v) for v in size.split())
    return width, height, pixels


def _right_end(pixels: bytes, width: int, y: int) -> int:
    row = pixels[y * width : (y + 1) * width]
    return max((x for x, level in enumerate(row) if level < INK_BELOW), default=-1)


def _memory_page_ends(path: Path, folder: Path) -> tuple[int, int]:
    """On the first scenario's memory page: where its memory bar ends, and where everything
    else drawn there (tables, charts and their labels, footer) ends at the furthest."""
    words = pdf_words(path)
    heading = next(w for i, w in enumerate(words) if w[6] == "memory," and words[i - 1][6] == "GPU")
    page, _page_w, _x0, _y0, _x1, heading_bottom, _text = heading
    legend_top = next(
        w[3] for w in words if w[0] == page and w[6] == "Weights" and w[3] > heading_bottom
    )
    width, height, pixels = _page_pixels(path, page, folder)
    px_per_pt = DPI / 72
    bar_y = int((heading_bottom + legend_top) / 2 * px_per_pt)
    bar_right = _right_end(pixels, width, bar_y)
    below_bar = int(legend_top * px_per_pt) - 1
    others = max(
        _right_end(pixels, width, y) for y in range(height) if not bar_y - 80 < y < below_bar
    )
    return bar_right, others


def test_the_memory_bar_and_the_footer_end_at_the_tables_right_edge(
    three_pdf: tuple[Path, int], tmp_path: Path
) -> None:
    needs_poppler()
    bar_right, others = _memory_page_ends(three_pdf[0], tmp_path)
    assert abs(bar_right - others) <= TOLERANCE_MM / 25.4 * DPI, (bar_right, others)


def test_an_axis_label_at_the_plot_end_stays_within_the_column(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    """DeepSeek-V3.2's throughput axis ends at its "800" tick, whose label reached 1.5 mm
    past the tables' edge, centred under it."""
    needs_poppler()
    path = tmp_path / "deepseek.pdf"
    plan = Plan(scenarios=[preset_scenario("deepseek-v3.2-ep")])
    write_report_pdf(build_report(catalog, plan, "DeepSeek"), path)
    bar_right, others = _memory_page_ends(path, tmp_path)
    assert others - bar_right <= TOLERANCE_MM / 25.4 * DPI, (bar_right, others)
