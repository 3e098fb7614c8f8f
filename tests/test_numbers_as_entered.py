"""A number someone entered reads back as entered (`formatting.as_entered`): the planner's own
inputs in the explanations' "With:" tables, the report's Inputs and Assumptions and `size`, and
the calibration's values. The explanations read "2.26 k tokens" for 2,256, the report "$313 k"
for a $312,500 server and "12.2 kW" for a 12.25 kW rack."""

from __future__ import annotations

import pytest

from aisle_desktop.formatting import as_entered, entered_digits


@pytest.mark.parametrize(
    ("value", "unit", "read"),
    [
        (1536, "tokens", "1,536 tokens"),
        (2256, "tokens", "2,256 tokens"),
        (312_500, "USD", "$312,500"),
        (110_000, "USD/year", "$110,000/year"),
        (1234.56, "USD", "$1,234.56"),
        (0.1234, "USD/kWh", "$0.1234/kWh"),
        (194.95, "USD/kW-month", "$194.95/kW-month"),
        (0.85, "share", "85 %"),
        (0.7255, "share", "72.55 %"),
        (12.25, "kW", "12.25 kW"),
        (125.5, "ms", "125.5 ms"),
        (1234, "ms", "1.234 s"),
        (2000, "h", "2,000 h"),
        (327_680, "B", "327.68 kB"),
        (2540, "columns", "2,540 columns"),
        (1500, "", "1,500"),
        (0.0617, "times", "0.0617×"),
        (1, "servers", "1 server"),
        (1_500_000, "USD", "$1.5 M"),
    ],
)
def test_an_entered_number_reads_every_figure_it_was_entered_with(
    value: float, unit: str, read: str
) -> None:
    assert as_entered(value, unit) == read


@pytest.mark.parametrize(
    ("value", "unit", "read"),
    [
        (36.327673152, "GB", "36.3 GB"),  # the weights per GPU: Aisle's own arithmetic
        (23_861.879999999997, "USD/year", "$23.9 k/year"),
        (14.73364844970131, "requests/s", "14.7 requests/s"),
        (73_443_231_020.17, "tokens/year", "73.4 billion tokens/year"),
    ],
)
def test_a_computed_number_reads_to_three_figures(value: float, unit: str, read: str) -> None:
    assert entered_digits(value) is None
    assert as_entered(value, unit) == read


def test_float_noise_is_not_a_figure_entered() -> None:
    """2.125 GB stored in GiB comes back 2.1250000000000004; 0.529 as a percentage is
    52.900000000000006: both were entered with four and three figures."""
    assert entered_digits(2.125 / 2**30 * 1e9 * 2**30 / 1e9) == 4
    assert entered_digits(0.529 * 100) == 3
    assert as_entered(2.125 / 2**30 * 1e9 * 2**30 / 1e9, "GB") == "2.125 GB"
