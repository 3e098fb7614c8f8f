"""The first page says what each rack draws, and a blocked plan reads red, not green."""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.summary_page import summary_html
from tests.report.conftest import needs_poppler, poppler
from tests.sizing.scenario_edits import with_parts


def _summary(catalog: Catalog, rack_kw: float) -> str:
    scenario = with_parts(
        preset_scenario("llama-70b-rag"), hardware={"rack_power_limit_kw": rack_kw}
    )
    return summary_html(build_report(catalog, Plan(scenarios=[scenario]), "Rack"))


def test_a_blocked_plan_reads_red_on_the_first_page(catalog: Catalog, gui_app: object) -> None:
    # One DGX H100 (10.2 kW nameplate) in an 8 kW rack: the plan fits in memory but is blocked.
    html = _summary(catalog, 8.0)
    assert "<p class=bad>Blocked: One NVIDIA DGX H100" in html
    assert "<p class=ok>Blocked" not in html
    assert "draws up to <b>10.2 kW</b> at nameplate" in html
    assert "<b>more than</b> the room's 8 kW per rack" in html


def test_the_report_says_what_each_rack_draws(catalog: Catalog, gui_app: object) -> None:
    # 8 H100 in one DGX H100: 10.2 kW at nameplate, inside the default 12 kW rack.
    html = _summary(catalog, 12.0)
    assert "<p class=ok>Fits" in html
    assert "The rack holds 1 server and draws up to <b>10.2 kW</b> at nameplate" in html
    assert "within the room's 12 kW per rack" in html


def test_the_pdf_first_page_names_the_block_and_the_rack_draw(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    from aisle_desktop.report import write_report_pdf

    needs_poppler()
    scenario = with_parts(preset_scenario("llama-70b-rag"), hardware={"rack_power_limit_kw": 8.0})
    path = tmp_path / "blocked.pdf"
    write_report_pdf(build_report(catalog, Plan(scenarios=[scenario]), "Rack"), path)
    first = " ".join(poppler("pdftotext", "-f", "1", "-l", "1", str(path), "-").split())
    assert "Blocked: One NVIDIA DGX H100" in first
    assert "draws up to 10.2 kW at nameplate" in first


def test_the_report_shows_how_the_key_figures_add_up(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    from aisle_desktop.report import write_report_pdf

    needs_poppler()
    path = tmp_path / "worked.pdf"
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    write_report_pdf(build_report(catalog, plan, "Worked"), path)
    text = " ".join(poppler("pdftotext", str(path), "-").replace("\ufb01", "fi").split())
    assert "How the key figures add up" in text
    # One server: its power from its 8 GPUs, not "1 server × 6.42 kW".
    assert (
        "Server, average: 3.92 kW (8 GPUs running replicas × 700 W TDP × 0.7 average share) "
        "+ base 2.5 kW = 6.42 kW"
    ) in text
    assert "1 server × server average" not in text
    assert "IT average 6.42 kW × PUE 1.5 = 9.63 kW" in text


def test_what_limits_a_plan_names_the_racks_once(catalog: Catalog) -> None:
    from aisle_desktop.report.words import binding_words
    from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
    from aisle_desktop.sizing.planning import size_scenario

    # 1,000 users: 3 DGX H100 of 10.2 kW, one to a 12 kW rack: power sets the rack count.
    scenario = with_parts(preset_scenario("llama-70b-rag"), load={"active_users": 1000})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.binding_constraint == "TPOT; racks: rack power"
    words = binding_words(result)
    assert words.endswith("(TPOT); racks: rack power")
    assert words.count("rack power") == 1
