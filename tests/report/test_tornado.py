"""The tornado chart of what swings the budget lays its labels out where nothing covers them:
the choices' names left of the bars, the settings' names right of them, level with their bars,
none over a bar or another label, all at a printed size one reads (7 pt and more)."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter

from aisle_desktop.report.charts import _font
from aisle_desktop.report.tornado import (
    NAME_POINTS,
    SETTING_POINTS,
    draw_tornado,
    setting_label,
    tornado_layout,
)
from aisle_desktop.sizing.planning import Outcome, Sensitivity, Swing

BASE = 198_000.0
DPI = 300
MM = DPI / 25.4


def _swings() -> Sensitivity:
    """A plan of 8 GPUs at $198 k a year: one setting costs ten times as much (its bar runs
    the whole width), one has a long name, one does not fit, two cost the same as the plan."""
    swings = (
        Swing(
            "GPU",
            Outcome("NVIDIA H100 SXM5 80GB", 16, 358_000.0, True),
            Outcome("NVIDIA GB200 (Blackwell GPU in GB200 NVL72)", 72, 2_010_000.0, True),
            BASE,
        ),
        Swing(
            "Serving engine",
            Outcome("vLLM", 8, BASE, True),
            Outcome("Hugging Face Text Generation Inference (TGI)", 16, 396_000.0, True),
            BASE,
        ),
        Swing("Redundancy", Outcome("no spare", 8, 195_000.0, True), None, BASE),
        Swing("Model size in its family", None, Outcome("Llama 3.1 405B", None, None, False), BASE),
    )
    return Sensitivity("Plan", 8, BASE, swings, "")


def _page_image() -> QImage:
    image = QImage(int(170 * MM), int(40 * MM), QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(round(DPI / 0.0254))
    image.setDotsPerMeterY(round(DPI / 0.0254))
    image.fill(QColor("white"))
    return image


def test_no_label_covers_a_bar_or_another_label(gui_app: object) -> None:
    image = _page_image()
    rect = QRectF(0, 0, image.width(), image.height())
    family = "DejaVu Sans"
    names = QFontMetricsF(_font(family, NAME_POINTS), image)
    small = QFontMetricsF(_font(family, SETTING_POINTS), image)
    layout = tornado_layout(rect, _swings(), names, small, 2.5 * MM)
    labels = [*layout.names, *layout.settings, *layout.ticks, layout.axis]
    assert [label.text for label in layout.names] == [
        "GPU",
        "Serving engine",
        "Redundancy",
        "Model size in its family",
    ]
    texts = [label.text for label in layout.settings]
    assert texts[0] == "NVIDIA H100 SXM5 80GB: 16 GPUs"
    # The catalog's longest names are printed whole (the bars keep a third of the width).
    assert texts[1] == "NVIDIA GB200 (Blackwell GPU in GB200 NVL72): 72 GPUs"
    assert texts[3] == "Hugging Face Text Generation Inference (TGI): 16 GPUs"
    assert layout.plot.width() > rect.width() / 3
    assert texts[-1] == "Llama 3.1 405B: does not fit"
    # The axis starts at $0, labelled, and the plan's line stands at $198 k of $2 M.
    assert layout.ticks[0].text == "$0"
    # What the axis counts, under its ticks and centred on the plot: on the ticks' row, left
    # of the first, it read "Total cost a year $0" (QA).
    assert layout.axis.text == "Total cost a year"
    assert layout.axis.box.top() >= max(tick.box.bottom() for tick in layout.ticks)
    assert layout.axis.box.center().x() == pytest.approx(layout.plot.center().x())
    assert layout.ticks[0].box.center().x() == pytest.approx(layout.plot.left())
    share = (layout.base_x - layout.plot.left()) / layout.plot.width()
    assert share == pytest.approx(BASE / 2_010_000.0)
    for label in labels:
        metrics = names if label in layout.names else small
        assert metrics.horizontalAdvance(label.text) <= label.box.width() + 0.5
        assert rect.contains(label.box)
        for bar, _ in layout.bars:
            assert not label.box.intersects(bar), (label.text, bar)
    for one, other in combinations(labels, 2):
        assert not one.box.intersects(other.box), (one.text, other.text)
    # The widest bar, $198 k to $2.01 M, runs from the line to the plot's end.
    widest = max(bar.width() for bar, _ in layout.bars)
    assert widest == pytest.approx(layout.plot.right() - layout.base_x)


def test_a_name_too_long_loses_its_brackets_then_its_end_never_its_count(
    gui_app: object,
) -> None:
    image = _page_image()
    small = QFontMetricsF(_font("DejaVu Sans", SETTING_POINTS), image)
    gpu = Outcome("NVIDIA GB200 (Blackwell GPU in GB200 NVL72)", 72, 2e6, True)
    width = small.horizontalAdvance("NVIDIA GB200 (Blackwell: 72 GPUs")
    assert setting_label(gpu, small, width) == "NVIDIA GB200: 72 GPUs"
    long = Outcome("A setting with a name far longer than its column", 9, 2e5, True)
    assert setting_label(long, small, width).endswith("…: 9 GPUs")


def test_a_name_keeps_its_words_before_the_count_keeps_its_details(gui_app: object) -> None:
    """An embeddings plan's counts took the room of the name: "Llama 3....: 56 GPUs bought,
    48 needed + 1 for embeddings" (report35). The GPUs bought alone leave the name whole."""
    image = _page_image()
    small = QFontMetricsF(_font("DejaVu Sans", SETTING_POINTS), image)
    bigger = Outcome("Llama 3.1 70B", 56, 434_000.0, True, 48, 56, 1)
    assert bigger.gpus_text() == "56 GPUs bought, 48 needed + 1 for embeddings"
    width = small.horizontalAdvance("4.5 h a day: 8 GPUs bought, 2 needed + 1 for embeddings")
    assert setting_label(bigger, small, width) == "Llama 3.1 70B: 56 GPUs"
    same = Outcome("FP4", 8, 62_200.0, True, 2, 8, 1)
    assert setting_label(same, small, width) == "FP4: 8 GPUs bought, 2 needed + 1 for embeddings"
    assert setting_label(Outcome("Llama 3.1 405B", None, None, False), small, width) == (
        "Llama 3.1 405B: does not fit"
    )


def test_the_chart_paints_its_bars_and_labels(gui_app: object) -> None:
    image = _page_image()
    painter = QPainter(image)
    draw_tornado(painter, QRectF(0, 0, image.width(), image.height()), _swings(), "DejaVu Sans")
    painter.end()
    layout = tornado_layout(
        QRectF(0, 0, image.width(), image.height()),
        _swings(),
        QFontMetricsF(_font("DejaVu Sans", NAME_POINTS), image),
        QFontMetricsF(_font("DejaVu Sans", SETTING_POINTS), image),
        2.5 * MM,
    )
    bar, colour = layout.bars[1]  # the GB200's, orange
    assert image.pixelColor(bar.center().toPoint()) == colour
    box = layout.settings[1].box  # its label: some ink, on white
    inked = [
        image.pixelColor(int(x), int(box.center().y())).lightness() < 200
        for x in range(int(box.left()), int(box.right()))
    ]
    assert any(inked)
