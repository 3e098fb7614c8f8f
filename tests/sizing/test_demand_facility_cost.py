"""Load readings, racks, power and money, worked by hand."""

from __future__ import annotations

import pytest

from aisle_desktop.plan import LoadSpec
from aisle_desktop.sizing.planning import (
    api_cost_per_request_usd,
    demand,
    power,
    rack_layout,
    yearly_cost,
    yearly_energy_kwh,
)


def test_three_readings_of_users() -> None:
    e2e = 6.0
    in_flight = demand(LoadSpec(kind="in_flight", requests_in_flight=50), e2e)
    assert in_flight.in_flight == 50 and in_flight.average_rate_per_s == pytest.approx(50 / 6)
    thinking = demand(LoadSpec(kind="active_users", active_users=300, think_time_s=60), e2e)
    assert thinking.peak_rate_per_s == pytest.approx(300 / 66)  # each user asks every 66 s
    daily = demand(
        LoadSpec(
            kind="daily_requests",
            users=1000,
            requests_per_user_per_day=12,
            working_hours_per_day=8,
            peak_to_average=3,
        ),
        e2e,
    )
    assert daily.average_rate_per_s == pytest.approx(12_000 / (8 * 3600))
    assert daily.peak_rate_per_s == pytest.approx(3 * 12_000 / (8 * 3600))


def test_rack_power_binds_before_space() -> None:
    # four 10.2 kW, 8U servers: 5 fit a 42U rack by space, 1 fits a 15 kW rack by power
    layout = rack_layout(4, 8, 10_200, 42, 15_000)
    assert (layout.racks_by_units, layout.racks_by_power, layout.racks) == (1, 4, 4)
    assert layout.binding == "rack power"
    assert rack_layout(4, 8, 10_200, 42, 60_000).binding == "rack units"


def test_server_power_worked_example() -> None:
    # SIZING.md: 8 x 700 W x 0.7 + 2.5 kW = 6.42 kW average; DGX H100 nameplate 10.2 kW
    watts = power(1, 8, 0, 700, (0.7, 0.1), 2500, 10_200, 1.5)
    assert watts.server_average_w == pytest.approx(6420)
    assert watts.facility_average_w == pytest.approx(6420 * 1.5)
    # Idle: 8 x 700 W x 0.1 + 2.5 kW = 3.06 kW
    assert watts.facility_idle_w == pytest.approx(3060 * 1.5)
    assert watts.it_nameplate_w == 10_200


def test_idle_gpus_draw_their_idle_share() -> None:
    """Two DGX H100 with 4 of their 16 GPUs idle: 12 x 700 W x 0.7 = 5,880 W working, 4 x 700
    W x 0.1 = 280 W idle, 2 x 2,500 W base: 11,160 W in all, 5,580 W a server on average."""
    watts = power(2, 8, 4, 700, (0.7, 0.1), 2500, 10_200, 1.3)
    assert (watts.busy_gpus_w, watts.floor_gpus_w) == pytest.approx((5880, 280))
    assert watts.it_average_w == pytest.approx(11_160)
    assert watts.server_average_w == pytest.approx(5580)
    assert watts.facility_average_w == pytest.approx(11_160 * 1.3)
    assert watts.it_nameplate_w == 20_400


def test_yearly_cost_worked_example() -> None:
    cost = yearly_cost(
        servers=2,
        server_price_usd=300_000,
        network_storage_fraction=0.1,
        amortisation_years=3,
        facility_average_w=10_000,
        facility_idle_w=4_000,
        service_hours_per_year=8760,
        electricity_usd_per_kwh=0.1,
        it_nameplate_w=20_000,
        colocation_usd_per_kw_month=150,
        support_fraction=0.1,
    )
    assert cost.capex_usd == pytest.approx(660_000)
    assert cost.amortisation_usd == pytest.approx(220_000)
    assert cost.energy_usd == pytest.approx(10 * 8760 * 0.1)
    assert cost.colocation_usd == pytest.approx(20 * 150 * 12)
    assert cost.support_usd == pytest.approx(66_000)
    assert cost.total_usd == pytest.approx(220_000 + 8760 + 36_000 + 66_000)


def test_energy_follows_the_service_hours() -> None:
    """8 h on 250 days: 2,000 h at 9.63 kW serving, 6,760 h at 4.59 kW idle, 50,288 kWh
    in all; around the clock the serving draw runs all 8,760 h (84,359 kWh)."""
    assert yearly_energy_kwh(9_630, 4_590, 2_000) == pytest.approx(19_260 + 31_028.4)
    assert yearly_energy_kwh(9_630, 4_590, 8_760) == pytest.approx(84_358.8)
    # 24 h on 366 days is still one year of serving, never more.
    assert yearly_energy_kwh(9_630, 4_590, 24 * 366) == pytest.approx(84_358.8)


def test_api_cost_per_request() -> None:
    assert api_cost_per_request_usd(2000, 256, 0.6, 0.8) == pytest.approx((1200 + 204.8) / 1e6)
