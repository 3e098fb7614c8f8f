"""Every headline figure's explanation carries its numbers, and they make the figure."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.labels import HEADLINE_FIGURES
from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.sizing import worked_line
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_the_numbers_of_every_headline_make_its_value(catalog: Catalog, preset_id: str) -> None:
    result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
    for name in HEADLINE_FIGURES:
        if name not in result.figures:
            continue
        fig = result.figures[name]
        assert fig.explanation.terms, name
        assert all(t.value >= 0 for t in fig.explanation.terms), name  # no negative wait
        assert fig.explanation.worked_value() == pytest.approx(fig.value, rel=1e-9), name
        assert worked_line(fig).endswith(f"= {with_unit(fig.value, fig.unit)}"), name


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_every_worked_figure_adds_up(catalog: Catalog, preset_id: str) -> None:
    result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
    worked = {n: f for n, f in result.figures.items() if f.explanation.terms}
    assert {"e2e_latency_s", "server_average_kw", "tokens_per_year"} <= set(worked)
    for name, fig in worked.items():
        assert fig.explanation.worked_value() == pytest.approx(fig.value, rel=1e-9), name


def test_the_default_plans_power_and_latency_read_as_arithmetic(catalog: Catalog) -> None:
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert worked_line(result.figures["it_average_kw"]) == (
        "1 server × server average 6.42 kW = 6.42 kW"
    )
    assert worked_line(result.figures["facility_kw"]) == "IT average 6.42 kW × PUE 1.5 = 9.63 kW"
    ttft = worked_line(result.figures["ttft_ms"])
    assert ttft.startswith("request overhead (retrieval included) 168 ms + half an iteration")
    assert ttft.endswith("= 362 ms")
    users = worked_line(result.figures["max_users_within_targets"])
    assert users.endswith("× E2E + think time 73.1 s = 688 users")
