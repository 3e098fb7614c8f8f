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
    electricity_usd_per_kwh: float,
    it_nameplate_w: float,
    colocation_usd_per_kw_month: float,
    support_fraction: float,
) -> YearlyCost:
    """Capex spread over its years, plus energy at the facility's average draw, colocation
    billed on the provisioned (nameplate) kW, and support as a share of capex."""
    capex = servers * server_price_usd * (1.0 + network_storage_fraction)
    return YearlyCost(
        capex_usd=capex,
        amortisation_usd=capex / amortisation_years,
        energy_usd=facility_average_w / 1000.0 * HOURS_PER_YEAR * electricity_usd_per_kwh,
        colocation_usd=it_nameplate_w / 1000.0 * colocation_usd_per_kw_month * MONTHS_PER_YEAR,
        support_usd=capex * support_fraction,
    )


def api_cost_per_request_usd(
    input_tokens: float, output_tokens: float, input_usd_per_mtok: float, output_usd_per_mtok: float
) -> float:
    return (input_tokens * input_usd_per_mtok + output_tokens * output_usd_per_mtok) / 1e6


def break_even_requests_per_year(tco_per_year_usd: float, api_cost_per_request: float) -> float:
    """Yearly requests above which owning the hardware is cheaper than the API."""
    if api_cost_per_request <= 0:
        return float("inf")
    return tco_per_year_usd / api_cost_per_request
