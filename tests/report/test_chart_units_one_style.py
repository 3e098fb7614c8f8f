"""The marks' figures on one chart read in one style: where one is shortened for room, every
one is, as far (QA: the 405B preset's cost chart read "break-even" over "4.72 B/mo" beside
"planned 6.06 billion tokens a month")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPdfWriter

from aisle_desktop.catalog import Catalog
from aisle_desktop.load_marks import shortened, shortened_level
from aisle_desktop.plan import preset_scenario
from aisle_desktop.report.charts import draw_line_chart
from aisle_desktop.report.fonts import load_fonts
from aisle_desktop.report.pdf import RESOLUTION_DPI, page_layout
from aisle_desktop.report.scenario_charts import cost_chart
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_curves, size_scenario
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler

PLANNED = "planned 6.06 billion tokens a month"


def test_a_label_is_shortened_as_far_as_another_was() -> None:
    assert shortened_level(PLANNED, [PLANNED]) == 0
    assert shortened_level(PLANNED, ["planned", "6.06 billion tokens a month"]) == 0
    assert shortened_level(PLANNED, ["planned", "6.06 B tokens/mo"]) == 1
    assert shortened_level(PLANNED, ["planned", "6.06 B/mo"]) == 2
    assert shortened(PLANNED, 2) == "planned 6.06 B/mo"
    assert shortened("pools 100 in flight", 2) == "pools 100 in flight"  # nothing to shorten
    assert shortened("planned", 2) == "planned"


def test_the_405b_cost_chart_reads_its_marks_in_one_style(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    """The chart alone, as wide as the report's column and as high (52 mm). Its ticks write
    the scale as the marks do, as the window's Cost plot does: "10 B" (they read "10 billion"
    under "4.72 B/mo")."""
    needs_poppler()
    result = size_scenario(catalog, preset_scenario("llama-405b-fp8"), CURRENT_CALIBRATION)
    out = tmp_path / "cost.pdf"
    writer = QPdfWriter(str(out))
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout("A4"))
    painter = QPainter(writer)
    rect = QRectF(0, 0, writer.width(), 52 / 25.4 * RESOLUTION_DPI)
    draw_line_chart(painter, rect, cost_chart(plan_curves(result, True)), load_fonts())
    painter.end()
    [page] = page_texts(out)
    assert "planned 6.06 B/mo" in page
    assert "4.72 B/mo" in page
    assert "billion" not in page
    assert all(f"{tick} B" in page for tick in (10, 20, 30))
