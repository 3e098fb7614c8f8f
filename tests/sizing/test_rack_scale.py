"""GB300 NVL72 trays: a 72-GPU NVLink domain across 18 one-unit trays, bought and powered by
the rack."""

from __future__ import annotations

import math

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from aisle_desktop.sizing.planning.facility import rack_scale_layout


def _on_gb300(tp: int, gpu_count: int, rack_kw: float) -> Scenario:
    base = preset_scenario("llama-70b-rag")
    hardware = base.hardware.model_copy(
        update={"gpu_id": "gb300", "gpu_count": gpu_count, "tp": tp, "pp": 1,
                "rack_power_limit_kw": rack_kw}
    )  # fmt: skip
    return base.model_copy(update={"hardware": hardware})


@pytest.mark.parametrize(("trays", "racks"), [(1, 1), (18, 1), (19, 2), (36, 2), (37, 3)])
def test_trays_fill_whole_racks_of_their_own(trays: int, racks: int) -> None:
    layout = rack_scale_layout(trays, 18)
    assert (layout.servers, layout.racks, layout.servers_per_rack) == (trays, racks, 18)
    assert layout.binding == "rack-scale system"


def test_tensor_parallel_spans_trays_inside_the_nvlink_domain(catalog: Catalog) -> None:
    result = size_scenario(catalog, _on_gb300(tp=8, gpu_count=8, rack_kw=140), CURRENT_CALIBRATION)
    assert (result.tp, result.gpus, result.servers, result.racks) == (8, 8, 2, 1)
    codes = {w.code for w in result.warnings}
    assert "tp-over-slow-link" not in codes  # 8 GPUs on two trays share one NVLink domain
    assert "rack-scale-over-rack-power" not in codes  # 132 kW fits a 140 kW rack
    partial = next(w for w in result.warnings if w.code == "partial-rack-scale")
    assert "2 servers fill 0.1 of 1 rack of 18" in partial.message


def test_a_room_that_cannot_power_the_rack_is_told(catalog: Catalog) -> None:
    result = size_scenario(catalog, _on_gb300(tp=4, gpu_count=72, rack_kw=40), CURRENT_CALIBRATION)
    tray = catalog.server("gb300-nvl72-tray")
    assert (result.servers, result.racks) == (18, 1)
    warning = next(w for w in result.warnings if w.code == "rack-scale-over-rack-power")
    assert warning.severity == "critical"
    rack_kw = 18 * tray.nameplate_power_w / 1e3
    assert f"draws up to {rack_kw:.0f} kW, more than the room's 40 kW per rack" in warning.message
    assert "partial-rack-scale" not in {w.code for w in result.warnings}
    racks = result.figures["racks_by_power"]
    assert racks.value == 1 and "rack-scale rack" in racks.explanation.formula
    assert result.value("it_nameplate_kw") == pytest.approx(rack_kw)


def test_ordinary_servers_still_stack_by_space_and_power(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    server = catalog.server("dgx-h100")
    per_rack_by_power = math.floor(scenario.hardware.rack_power_limit_kw * 1e3 / 10_200)
    assert result.figures["racks_by_power"].value == math.ceil(result.servers / per_rack_by_power)
    assert server.rack_scale is None


def test_power_sheet_fills_nvl72_racks_like_the_plan(catalog: Catalog) -> None:
    scenario = _on_gb300(tp=4, gpu_count=80, rack_kw=140)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    purchase = plan_purchase(catalog, scenario, result)
    assert purchase is not None
    tray = catalog.server("gb300-nvl72-tray")
    assert (result.servers, result.racks) == (20, 2)
    assert [r.servers for r in purchase.power.racks] == [18, 2]
    assert purchase.power.racks[0].nameplate_kw == pytest.approx(18 * tray.nameplate_power_w / 1e3)
    assert purchase.power.binding == "rack-scale system"
