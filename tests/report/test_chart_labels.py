"""A chart's reference-line labels go where they touch no curve (QA: "TTFT target 1 s" crowded
the end of the TTFT curve, which climbs through its target at the right of the latency chart);
where no spot is clear, they sit on the paper's background, so a curve crossing one (the TPOT
curve under "TPOT target 50 ms") does not run through its text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from aisle_desktop.cli.main import main
from aisle_desktop.label_place import Box, Curve, curve_points, label_spot, touches
from aisle_desktop.report.charts import (
    LABEL_BACKGROUND,
    LineChart,
    Mark,
    Series,
    draw_line_chart,
    legend_rows,
    vertical_label_box,
    vertical_label_place,
)
from aisle_desktop.report.fonts import load_fonts
from tests.report.conftest import needs_poppler, pdf_words

CURVE = "#2e7d32"
TARGET = "#c62828"


def _drawn(gui_app: object, *series: Series) -> QImage:
    """The curves with a target at y = 50 and its label."""
    family = load_fonts()
    image = QImage(800, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    chart = LineChart(
        title="",
        x_label="x",
        y_label="y",
        series=series,
        x_format=str,
        y_format=str,
        marks=[Mark("y", 50.0, "TPOT target 50 ms", TARGET)],
    )
    painter = QPainter(image)
    draw_line_chart(painter, QRectF(0, 0, 800, 400), chart, family)
    painter.end()
    return image


def _flat(y: float) -> Series:
    return Series(f"at {y:g}", np.array([0.0, 100.0]), np.array([y, y]), CURVE)


def test_a_curve_crossing_a_label_is_hidden_behind_it(gui_app: object) -> None:
    """Flat curves just above and just below the target leave no clear spot: the label keeps
    the right end, above its line, on the paper's colour."""
    image = _drawn(gui_app, _flat(51.0), _flat(49.0))
    curve = QColor(CURVE)
    # The rows the flat curve takes, read left of the label; under the label's last letters
    # those rows show paper and text, not the curve.
    rows = [y for y in range(image.height()) if image.pixelColor(100, y) == curve]
    rows = [y for y in rows if y < min(rows) + 8]  # the upper curve's, at y = 51
    assert rows
    label_end = range(image.width() - 40, image.width() - 20)
    crossed = [(x, y) for x in label_end for y in rows if image.pixelColor(x, y) == curve]
    assert crossed == []
    assert QColor(LABEL_BACKGROUND) in [image.pixelColor(x, rows[0]) for x in label_end]


def test_a_target_label_moves_off_a_curve_climbing_through_its_end(gui_app: object) -> None:
    """A TTFT-like curve, flat at 20 then climbing through the target at 50 near the right
    end: the label moves left of the climb, and no curve pixel comes near its letters."""
    xs = np.linspace(0.0, 100.0, 41)
    climbing = Series("TTFT", xs, np.where(xs < 85.0, 20.0, 20.0 + (xs - 85.0) * 4.0), CURVE)
    image = _drawn(gui_app, climbing)
    curve = QColor(CURVE)

    def red(x: int, y: int) -> bool:  # the target's line and label, antialiased
        colour = image.pixelColor(x, y)
        return colour.red() > 150 and colour.green() < 120

    dashed_row = max(range(image.height()), key=lambda y: sum(red(x, y) for x in range(800)))
    letters = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if abs(y - dashed_row) > 2 and red(x, y)
    ]
    assert letters  # the label was drawn
    left, right = min(x for x, _ in letters), max(x for x, _ in letters)
    top, bottom = min(y for _, y in letters), max(y for _, y in letters)
    near = [
        (x, y)
        for x in range(left - 3, right + 4)
        for y in range(top - 3, bottom + 4)
        if image.pixelColor(x, y) == curve
    ]
    assert near == []
    crossing = min(x for x in range(image.width()) if image.pixelColor(x, dashed_row) == curve)
    assert right < crossing  # left of where the curve climbs through the target


def test_a_label_takes_the_right_end_when_it_is_clear() -> None:
    plot = Box(0.0, 0.0, 400.0, 200.0)
    flat = curve_points((np.array([0.0, 400.0]), np.array([180.0, 180.0])), 1.0)
    spot = label_spot(80.0, 12.0, 100.0, plot, [flat], [], 2.0, 3.0)
    assert (spot.right, spot.bottom) == (398.0, 98.0)  # right end, just above its line
    # The same curve through the label's place pushes it below the line.
    through = curve_points((np.array([0.0, 400.0]), np.array([92.0, 92.0])), 1.0)
    spot = label_spot(80.0, 12.0, 100.0, plot, [through], [], 2.0, 3.0)
    assert (spot.right, spot.top) == (398.0, 102.0)
    assert not touches(spot, [through], 3.0)


def test_a_legend_too_wide_for_its_chart_wraps_onto_rows_above_the_plot() -> None:
    """Entries set in one row ran past the chart's right edge when their names were long."""
    # 100 units of room, 5 apart: 40 + 5 + 40 fit; the third wraps, the fourth joins it.
    assert legend_rows([40.0, 40.0, 60.0, 30.0], 100.0, 5.0) == [
        (0.0, 0),
        (45.0, 0),
        (0.0, 1),
        (65.0, 1),
    ]
    # An entry wider than the room still gets a row of its own, never an empty row first.
    assert legend_rows([150.0, 20.0], 100.0, 5.0) == [(0.0, 0), (0.0, 1)]


def test_a_vertical_marks_label_leaves_its_row_when_a_curve_runs_through_it() -> None:
    """QA, the DeepSeek-V3.2 expert-parallel preset's report: "pools' limit 552", in the third
    row at the top of the latency and throughput charts, lay on the pools' dashed curves, flat
    near their top. Its row stays where it is clear; where a curve runs through it, the label
    goes beside its line, touching no curve and no label placed."""
    plot = Box(0.0, 0.0, 400.0, 200.0)
    size, pad = (80.0, 12.0, 9.0), 2.0  # width, height and ascent of its text
    low = curve_points((np.array([0.0, 400.0]), np.array([150.0, 150.0])), 1.0)
    clear = vertical_label_box(100.0, size, 1, plot, [low], [], pad)
    assert clear == Box(101.0, 3.0, 82.0, 12.0)  # right of its line, in row 1
    through = curve_points((np.array([0.0, 400.0]), np.array([8.0, 8.0])), 1.0)
    taken = [Box(101.0, 20.0, 82.0, 12.0)]  # another mark's label, below the curve
    moved = vertical_label_box(100.0, size, 1, plot, [low, through], taken, pad)
    assert not touches(moved, [low, through], 0.0)
    assert not any(moved.intersects(t) for t in taken)
    assert moved.left >= 100.0 or moved.right <= 100.0  # beside its line, not across it


def _vertical(x: float, plot: Box) -> Curve:
    return curve_points((np.array([x, x]), np.array([plot.top, plot.bottom])), 1.0)


def test_a_vertical_marks_label_keeps_off_another_marks_line(gui_app: object) -> None:
    """Two marks 20 units apart, room for neither name on one line between them or left of
    the first: the first's name goes left of its line, over two lines ("pools" over "100"),
    the second's right of its own; neither crosses the other's line."""
    family = load_fonts()
    image = QImage(10, 10, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    painter.setFont(QFont(family, 40))
    metrics = QFontMetricsF(painter.font(), image)
    painter.end()
    plot = Box(0.0, 0.0, 2000.0, 600.0)
    pools_x, planned_x = 200.0, 220.0
    wide = metrics.horizontalAdvance("pools 100")
    assert wide > planned_x - pools_x and wide > pools_x > metrics.horizontalAdvance("pools") + 10
    planned, _ = vertical_label_place(
        "planned 110", planned_x, metrics, 1, plot, [_vertical(pools_x, plot)], [], 4.0
    )
    pools, texts = vertical_label_place(
        "pools 100", pools_x, metrics, 2, plot, [_vertical(planned_x, plot)], [planned], 4.0
    )
    assert texts == ["pools", "100"]
    assert pools.right <= pools_x <= planned_x <= planned.left
    assert not pools.intersects(planned)


Word = tuple[int, float, float, float, float, float, str]


def _names_110(word: Word, words: list[Word]) -> bool:
    """Whether "110" follows ``word`` on its line, "about" between, or stands under it (a
    chart's name of the planned load, on one line or two), not in the text."""
    _, _, x0, y0, x1, _, _ = word
    return any(
        (abs(v[3] - y0) < 2 and 0 <= v[2] - x1 < 40) or (abs(v[2] - x0) < 2 and 0 < v[3] - y0 < 15)
        for v in words
        if v[6] == "110"
    )


def test_the_qwen_reports_pools_name_lies_off_the_planned_line(
    gui_app: object, tmp_path: Path
) -> None:
    """QA, the Qwen3.5 preset's report: "pools 100" lay right of its line, across the
    "planned" line at 110 on the throughput and latency charts; then "pools" over "100",
    a number with no unit, left of it. Read from the PDF: on each chart the pools' name
    reads with its unit ("pools about 102 in flight" since vLLM 0.28's 16,384-token budget on
    the B200, its count said as the figures say it; moved down its line where beside it there
    is no room) and lies clear of the planned name."""
    needs_poppler()
    path = tmp_path / "qwen.pdf"
    assert main(["report", "--preset", "qwen3.5-assistant-b200", "-o", str(path)]) == 0
    words = pdf_words(path)
    charts = 0
    for page in sorted({w[0] for w in words}):
        on_page = [w for w in words if w[0] == page]
        planned = [w for w in on_page if w[6] == "planned" and _names_110(w, on_page)]
        if not planned:
            continue
        for pools in (w for w in on_page if w[6] == "pools"):
            line = [
                unicodedata.normalize("NFKC", w[6])  # "ﬂight" is set with its ligature
                for w in sorted(on_page, key=lambda w: w[2])
                if abs(w[3] - pools[3]) < 2 and 0 <= w[2] - pools[2] < 110
            ]
            if line[1:3] != ["about", "102"]:
                continue  # the legend's "Output tokens/s, pools"
            assert line[:5] == ["pools", "about", "102", "in", "flight"], line
            for name in planned:
                apart = pools[4] < name[2] or name[4] < pools[2] or abs(pools[3] - name[3]) > 8
                assert apart
            charts += 1
    assert charts >= 2  # the throughput and latency charts
