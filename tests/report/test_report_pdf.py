"""The PDF itself, checked with poppler: pages, embedded fonts, figures as the window shows them."""

from __future__ import annotations

import re
from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, footer_text, pdf_bytes, plan_hash
from aisle_desktop.report.checklist import CHECKLIST_TITLE
from aisle_desktop.report.pages import FOOTER_MM
from aisle_desktop.report.pdf import MARGIN_MM
from aisle_desktop.sizing import worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.report.conftest import needs_poppler, poppler

A4_HEIGHT_MM = 297
HEADLINES = (
    "ttft_ms",
    "tpot_ms",
    "max_users_within_targets",
    "it_average_kw",
    "facility_kw",
    "capex_usd",
    "tco_per_year_usd",
    "cost_per_million_tokens_usd",
    "api_cost_per_year_usd",
)


def _text(path: Path) -> str:
    # pdftotext may break a line inside a phrase; compare with whitespace collapsed.
    return re.sub(r"\s+", " ", poppler("pdftotext", str(path), "-"))


def test_page_count_matches_and_is_a4(three_pdf: tuple[Path, int]) -> None:
    needs_poppler()
    path, pages = three_pdf
    info = poppler("pdfinfo", str(path))
    assert f"Pages:          {pages}" in info or re.search(rf"Pages:\s+{pages}\b", info)
    # summary, 2-3 pages a scenario, comparison and appendices (the assumptions appendix took
    # a 19th page when calibration 2026.12.8 added the busiest expert-parallel rank's row, a
    # 20th when 2026.12.15 and 2026.12.16 added the busiest rank's expert reads and the MTP
    # pass's touched experts, and when its last rows were named in words, not "Gemm flops
    # factor"; a 21st when "Tail latency" got the room above it that every heading has, the
    # Llama 70B scenario's cost chart then running onto a third page; 19 since each
    # scenario's results read in two halves side by side and the assumptions' sources take
    # the date column's width; 21 at 20 mm margins, 15 mm before, the recommended scenario's
    # budget swings then starting the page after its summary; 22 when each scenario's results
    # gained "GPUs needed, spare included" and its key figures wrote their numbers with the
    # figures a calculator needs, the last scenario's key figures then taking a page of their
    # own; 23 when the scenarios compared gained their hosted API's rows and a heading after a
    # table whose last cell is empty the room a heading has after any other table)
    assert 10 <= pages <= 23
    assert "595.276 x 841.89 pts (A4)" in info or "(A4)" in info


def test_every_font_is_embedded_and_shipped(three_pdf: tuple[Path, int]) -> None:
    needs_poppler()
    rows = poppler("pdffonts", str(three_pdf[0])).splitlines()[2:]
    assert rows, "the PDF names no font: text would not be searchable"
    for row in rows:
        assert row.startswith("DejaVuSans"), row
        assert row.split()[-5] == "yes", row  # columns: ... emb sub uni object ID


def test_headline_figures_read_as_in_the_window(
    three_pdf: tuple[Path, int], catalog: Catalog, three_plan: Plan
) -> None:
    needs_poppler()
    text = _text(three_pdf[0])
    for scenario in three_plan.scenarios:
        result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
        assert scenario.name in text
        for name in HEADLINES:
            fig = result.figures[name]
            assert with_unit(fig.value, fig.unit) in text, (scenario.name, name)


def test_every_scenarios_key_figures_add_up_on_paper(
    three_pdf: tuple[Path, int], catalog: Catalog, three_plan: Plan
) -> None:
    """Not only the recommended scenario's: each one's key figures with their numbers (the
    section shares the methodology's last page, so the page count holds)."""
    needs_poppler()
    text = _text(three_pdf[0]).replace("\ufb01", "fi")
    section = text[text.index("How the key figures add up") :]
    for scenario in three_plan.scenarios:
        result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
        assert scenario.name in section
        for name in ("ttft_ms", "facility_kw", "tco_per_year_usd", "cost_per_million_tokens_usd"):
            line = " ".join(worked_line(result.figures[name]).split())
            assert line in section, (scenario.name, name)


def test_checklist_footer_and_sections_present(
    three_pdf: tuple[Path, int], catalog: Catalog, three_plan: Plan
) -> None:
    needs_poppler()
    path, pages = three_pdf
    text = _text(path)
    for heading in (
        CHECKLIST_TITLE,
        "Summary",
        "Scenarios compared",
        "Warnings, explained",
        "Assumptions",
        "Methodology and measured accuracy",
        "Which model, and why",
        "Data residency",
        "Who owns updates",
        "Tail latency",
    ):
        assert heading in text, heading
    assert f"Page {pages} of {pages}" in text
    assert plan_hash(three_plan) in text
    report = build_report(catalog, three_plan, "Three options", created=None)
    assert f"catalog {report.catalog_as_of.isoformat()}" in footer_text(report)


def test_letter_size(catalog: Catalog, three_plan: Plan, gui_app: object, tmp_path: Path) -> None:
    needs_poppler()
    data, _ = pdf_bytes(build_report(catalog, three_plan, "Letter"), "Letter")
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    assert "(letter)" in poppler("pdfinfo", str(path)).lower()


def test_each_fitting_scenario_prints_its_simulated_tail(
    catalog: Catalog, three_plan: Plan
) -> None:
    report = build_report(catalog, three_plan, "Three options", created=None)
    for item, result in report.sized:
        if result.fits:
            assert item.tail is not None
            assert item.tail.ttft_p95_s >= item.tail.ttft_p50_s


def _footer(path: Path) -> str:
    """The text of the first page's footer: the strip of an A4 page between the text's end
    and the bottom margin (pdftotext measures in points from the top)."""
    top_pt = (A4_HEIGHT_MM - MARGIN_MM - FOOTER_MM) / 25.4 * 72
    height_pt = FOOTER_MM / 25.4 * 72
    crop = ["-x", "0", "-y", f"{top_pt:.0f}", "-W", "600", "-H", f"{height_pt:.0f}"]
    return poppler("pdftotext", "-l", "1", *crop, str(path), "-")


def test_a_long_plan_name_gives_way_in_the_footer(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    """ "Qwen3.5 397B assistant on Blackwell" cut the footer in the middle, catalog date and
    all; a name longer than the page is cut now, on its own line, and the provenance under it
    is whole. A name of a line's length prints whole (at 20 mm margins, "Llama 3.1 70B RAG
    assistant" was cut to make room for the provenance beside it)."""
    needs_poppler()
    for name, cut in (("A very long plan name " * 4, False), ("A very long plan name " * 9, True)):
        plan = Plan(name=name, scenarios=[preset_scenario("llama-8b-chat")])
        report = build_report(catalog, plan, plan.name)
        path = tmp_path / "long.pdf"
        path.write_bytes(pdf_bytes(report)[0])
        words = " ".join(_footer(path).split())
        assert footer_text(report) in words
        assert ("…" in words) == cut
        assert (name.strip() in words) == (not cut)
        assert "A very long plan name A very long" in words and "Page 1 of " in words


def test_a_plan_named_in_chinese_japanese_and_korean_prints_its_names(
    tmp_path: Path, catalog: Catalog, gui_app: object
) -> None:
    """The names printed as boxes (DejaVu Sans has none of them); the shipped Droid Sans
    Fallback sets them now, embedded beside DejaVu Sans, and they read back as text."""
    needs_poppler()
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": "客服助手 チャット"})
    plan = Plan(name="容量计划 용량 계획", scenarios=[scenario])
    data, _pages = pdf_bytes(build_report(catalog, plan, "fallback"))
    path = tmp_path / "cjk.pdf"
    path.write_bytes(data)
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert any(row.split()[0].endswith("DroidSansFallback") for row in fonts), fonts
    assert all(row.split()[-5] == "yes" for row in fonts), fonts  # every font embedded
    text = _text(path)
    for name in ("容量计划 용량 계획", "客服助手 チャット"):
        assert name in text
