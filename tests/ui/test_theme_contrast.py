"""Under a light and a dark palette, every text and line the window draws reads (WCAG 2).

The colours are the ones the widgets actually use: each label's text colours from its palette
(style sheets feed it) and from the colours inside its rich text; its background from the
window's own pixels behind it; the plots' from their items. Text needs 4.5:1, lines 3:1.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pyqtgraph as pg
import pytest
from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette, QTextDocument, QTextFormat
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.contrast import (
    GRAPHIC_CONTRAST,
    LABEL_CONTRAST,
    TEXT_CONTRAST,
    contrast_ratio,
    is_dark,
)
from aisle_desktop.ui.curves_panel import CurvesPanel
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.memory_bar import MemoryBar
from aisle_desktop.ui.theme import apply_theme

SCREEN = (1280, 800)
# The memory bar's legend: the rows beneath the bar itself.
LEGEND_TOP_PX = 26


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The application in the light or dark theme while the test runs; restored after."""
    style, palette = qapp.style().name(), qapp.palette()
    apply_theme(qapp, request.param)
    yield request.param
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def themed_window(theme: str, request: pytest.FixtureRequest, qtbot: QtBot) -> MainWindow:
    """The window built after the theme is applied, at a laptop's 1280 x 800."""
    window: MainWindow = request.getfixturevalue("window")
    window.resize(*SCREEN)
    qtbot.waitExposed(window)
    return window


def background_behind(image: QImage, rect: QRect) -> QColor:
    """The colour most pixels of `rect` have in the window's picture: what text sits on."""
    counts: Counter[int] = Counter()
    area = rect.intersected(image.rect())
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            counts[image.pixel(x, y)] += 1
    return QColor.fromRgb(counts.most_common(1)[0][0])


def document_colours(document: QTextDocument, palette: QPalette, plain: QColor) -> set[str]:
    """Every colour text of `document` is drawn in: its own, a link's, or the default."""
    colours: set[str] = set()
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.isValid() and fragment.text().strip():
                fmt = fragment.charFormat()
                if fmt.hasProperty(QTextFormat.Property.ForegroundBrush):
                    colours.add(fmt.foreground().color().name())
                elif fmt.isAnchor():
                    colours.add(palette.color(QPalette.ColorRole.Link).name())
                else:
                    colours.add(plain.name())
            fragments += 1
        block = block.next()
    return colours


def label_colours(label: QLabel) -> set[str]:
    """The colours `label`'s text is drawn in (its palette, after its style sheet)."""
    label.ensurePolished()
    plain = label.palette().color(label.foregroundRole())
    text = label.text()
    if label.textFormat() == Qt.TextFormat.PlainText or not QtGui.Qt.mightBeRichText(text):
        return {plain.name()}
    document = QTextDocument()
    document.setHtml(text)
    return document_colours(document, label.palette(), plain)


def on_screen(widget: QWidget, window: QWidget) -> QRect | None:
    """Where `widget` shows in the window, or None when it is hidden or scrolled away."""
    if not widget.isVisibleTo(window) or widget.visibleRegion().isEmpty():
        return None
    visible = widget.visibleRegion().boundingRect()
    return QRect(widget.mapTo(window, visible.topLeft()), visible.size())


def text_failures(window: MainWindow) -> list[str]:
    """Each label, memory legend and text browser on show whose text reads below 4.5:1."""
    image = window.grab().toImage()
    found: list[str] = []

    def check(name: str, colours: set[str], rect: QRect) -> None:
        background = background_behind(image, rect)
        for colour in colours:
            ratio = contrast_ratio(QColor(colour), background)
            if ratio < TEXT_CONTRAST:
                found.append(f"{name}: {colour} on {background.name()} is {ratio:.2f}:1")

    for label in window.findChildren(QLabel):
        rect = on_screen(label, window)
        if rect is not None and label.text().strip():
            check(f"label {label.text()[:40]!r}", label_colours(label), rect)
    for bar in window.findChildren(MemoryBar):
        rect = on_screen(bar, window)
        if rect is not None:
            legend = rect.adjusted(0, LEGEND_TOP_PX, 0, 0)
            legend_text = bar.palette().color(QPalette.ColorRole.WindowText).name()
            check("memory legend", {legend_text}, legend)
    for browser in window.findChildren(QTextBrowser):
        rect = on_screen(browser.viewport(), window)
        if rect is not None:
            plain = browser.palette().color(QPalette.ColorRole.Text)
            check(
                f"text of {browser.objectName() or 'a browser'}",
                document_colours(browser.document(), browser.palette(), plain),
                rect,
            )
    return found


def plot_failures(window: MainWindow) -> list[str]:
    """Each plot's text below 4.5:1 or line below 3:1 against the plot's background."""
    found: list[str] = []
    for plot in window.findChildren(pg.PlotWidget):
        background = plot.backgroundBrush().color()
        item = plot.getPlotItem()
        texts: dict[str, QColor] = {}
        lines: dict[str, QColor] = {}
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            texts[f"{name} axis numbers"] = axis.textPen().color()
            lines[f"{name} axis"] = axis.pen().color()
            if axis.labelText:
                texts[f"{name} axis label"] = QColor(axis.labelStyle["color"])
        if item.titleLabel.isVisible():
            texts["title"] = pg.mkColor(item.titleLabel.opts["color"])
        if item.legend is not None:
            for _sample, label in item.legend.items:
                texts[f"legend {label.text}"] = pg.mkColor(label.opts["color"])
        for child in item.items:
            if isinstance(child, pg.InfiniteLine):
                label = getattr(child, "label", None)
                named = label.toPlainText() if label is not None else "a line"
                lines[named] = child.pen.color()
                if label is not None:
                    texts[f"label {named}"] = label.textItem.defaultTextColor()
            elif isinstance(child, pg.PlotDataItem):
                lines[child.name() or "a curve"] = pg.mkPen(child.opts["pen"]).color()
            elif isinstance(child, pg.BarGraphItem):
                lines["bars"] = pg.mkBrush(child.opts["brush"]).color()
        title = item.titleLabel.text or "tornado"
        for minimum, kind, colours in (
            (TEXT_CONTRAST, "text", texts),
            (GRAPHIC_CONTRAST, "line", lines),
        ):
            for what, colour in colours.items():
                ratio = contrast_ratio(colour, background)
                if ratio < minimum:
                    found.append(
                        f"{title}, {kind} {what}: {colour.name()} on {background.name()} "
                        f"is {ratio:.2f}:1"
                    )
    return found


def test_every_text_on_the_sizer_and_the_learn_page_reads(
    theme: str, themed_window: MainWindow, qtbot: QtBot
) -> None:
    window = themed_window
    assert is_dark(window.palette().color(QPalette.ColorRole.Window)) == (theme == "dark")
    failures = text_failures(window)
    tabs = window.findChild(CurvesPanel)
    assert tabs is not None
    for index in range(1, tabs.count()):  # the other tabs beside the curves: GPUs, scenarios...
        tabs.setCurrentIndex(index)
        qtbot.waitUntil(tabs.currentWidget().isVisible)
        failures += [f"{tabs.tabText(index)} tab: {failure}" for failure in text_failures(window)]
    learn = window.pages.learn
    assert learn is not None
    for page in ("learn", "glossary"):
        window.pages.show_page(page)
        qtbot.waitUntil(learn.isVisible)
        failures += [f"{page} page: {failure}" for failure in text_failures(window)]
    assert not failures, "\n".join(failures)


def test_every_plot_text_and_line_reads(theme: str, themed_window: MainWindow) -> None:
    assert plot_failures(themed_window) == []


def test_the_latency_targets_are_named_in_bold_on_a_chip_above_the_curves(
    theme: str, themed_window: MainWindow
) -> None:
    """The TTFT and TPOT target names read at 7:1 on a chip of the plot's background, drawn
    above the curves: the pixels behind a name are the chip, not a curve or a grid line."""
    panel = themed_window.findChild(CurvesPanel)
    assert panel is not None
    plot = panel.latency_plot
    background = plot.backgroundBrush().color()
    picture = plot.grab().toImage()
    for line in (panel.ttft_target, panel.tpot_target):
        label = line.label
        assert label.fill.color() == background
        assert contrast_ratio(label.textItem.defaultTextColor(), background) >= LABEL_CONTRAST
        assert label.textItem.font().bold()
        curves = [i for i in plot.getPlotItem().items if isinstance(i, pg.PlotDataItem)]
        assert all(line.zValue() > curve.zValue() for curve in curves)
        box = plot.mapFromScene(label.sceneBoundingRect()).boundingRect().adjusted(2, 2, -2, -2)
        assert box.width() > 40 and plot.rect().contains(box)
        scale = picture.devicePixelRatio()
        on_picture = QRect(
            int(box.x() * scale),
            int(box.y() * scale),
            int(box.width() * scale),
            int(box.height() * scale),
        )
        assert background_behind(picture, on_picture) == background, label.toPlainText()


def test_plot_legends_sit_on_the_plot_background_above_the_curves(window: MainWindow) -> None:
    """At 1280 x 800 the latency legend lay on the TTFT curve, its name crossed by the line."""
    for plot in window.findChildren(pg.PlotWidget):
        legend = plot.getPlotItem().legend
        if legend is None:
            continue
        assert legend.brush().color() == plot.backgroundBrush().color()
        curves = [c for c in plot.getPlotItem().items if isinstance(c, pg.PlotDataItem)]
        assert all(legend.zValue() > c.zValue() for c in curves)
