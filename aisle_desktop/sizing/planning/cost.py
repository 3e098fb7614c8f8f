"""What the plan costs a year, per million tokens, and against a hosted API (SIZING.md s.5)."""

from __future__ import annotations

from dataclasses import dataclass

HOURS_PER_YEAR = 8760.0
MONTHS_PER_YEAR = 12.0


@dataclass(frozen=True, slots=True)
class YearlyCost:
    capex_usd: float
    amortisation_usd: float
    energy_usd: float
    colocation_usd: float
    support_usd: float

    @property
    def total_usd(self) -> float:
        return self.amortisation_usd + self.energy_usd + self.colocation_usd + self.support_usd


def yearly_cost(
    servers: int,
    server_price_usd: float,
    network_storage_fraction: float,
    amortisation_years: float,
    facility_average_w: float,
    facility_idle_w: float,
    service_hours_per_year: float,
    electricity_usd_per_kwh: float,
    it_nameplate_w: float,
    colocation_usd_per_kw_month: float,
    support_fraction: float,
) -> YearlyCost:
    """Capex spread over its years, plus energy (see `yearly_energy_kwh`), colocation billed
    on the provisioned (nameplate) kW, and support as a share of capex."""
    capex = servers * server_price_usd * (1.0 + network_storage_fraction)
    kwh = yearly_energy_kwh(facility_average_w, facility_idle_w, service_hours_per_year)
    return YearlyCost(
        capex_usd=capex,
        amortisation_usd=capex / amortisation_years,
        energy_usd=kwh * electricity_usd_per_kwh,
        colocation_usd=it_nameplate_w / 1000.0 * colocation_usd_per_kw_month * MONTHS_PER_YEAR,
        support_usd=capex * support_fraction,
    )


def serving_hours_a_year(service_hours_per_year: float) -> float:
    """The hours a year the facility draws its serving load: the service's own, at most the
    calendar's (a 366-day year of 24 h is still billed as one year)."""
    return min(service_hours_per_year, HOURS_PER_YEAR)


def yearly_energy_kwh(
    facility_average_w: float, facility_idle_w: float, service_hours_per_year: float
) -> float:
    """The facility's energy over a year: its serving draw during the service's hours and
    its idle draw the rest of the year. A service open 8 h on 250 days runs its GPUs at the
    working share for 2,000 hours, not 8,760; outside them the servers stay on, the model
    loaded, every GPU at its idle floor."""
    serving_h = serving_hours_a_year(service_hours_per_year)
    return (facility_average_w * serving_h + facility_idle_w * (HOURS_PER_YEAR - serving_h)) / 1e3


def api_cost_per_request_usd(
    input_tokens: float, output_tokens: float, input_usd_per_mtok: float, output_usd_per_mtok: float
) -> float:
    return (input_tokens * input_usd_per_mtok + output_tokens * output_usd_per_mtok) / 1e6


def break_even_requests_per_year(tco_per_year_usd: float, api_cost_per_request: float) -> float:
    """Yearly requests above which owning the hardware is cheaper than the API."""
    if api_cost_per_request <= 0:
        return float("inf")
    return tco_per_year_usd / api_cost_per_request
