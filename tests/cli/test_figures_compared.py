"""How money and compared figures read (walk: "$1.9" beside "$1.25" in the GPUs table).

The rule: money always reads to three significant figures with its zeros ($1.90, $0.500,
$40.0 k/year), except an amount the planner typed (a $95 k budget), an axis's round marks
($1 M) and a bill of materials, which states exact amounts ($60, $2,000); other figures drop
their zeros wherever they are read ("6.4 kW", "12 ms"), side by side as in a sentence."""

from __future__ import annotations

from aisle_desktop.formatting import bill_money, money, money_tick, target_text, with_unit


def test_money_in_a_column_reads_alike() -> None:
    column = [money(usd) for usd in (1.9, 1.25, 0.5, 12.437, 2.0)]
    assert column == ["$1.90", "$1.25", "$0.500", "$12.4", "$2.00"]
    assert [money(usd) for usd in (40_000.0, 1.4e6, 2e10)] == ["$40.0 k", "$1.40 M", "$20.0 B"]
    assert with_unit(1.9, "USD/M tokens") == "$1.90/M tokens"
    assert with_unit(0.2, "USD/kWh") == "$0.200/kWh"


def test_typed_amounts_and_axis_marks_keep_no_zeros() -> None:
    assert target_text(95_000.0, "USD/year") == "$95 k/year"
    assert target_text(1e6, "USD/year") == "$1 M/year"
    assert [money_tick(usd) for usd in (0.0, 500_000.0, 1e6, 1.5e6)] == [
        "$0",
        "$500 k",
        "$1 M",
        "$1.5 M",
    ]


def test_figures_read_one_way_wherever_they_are_written() -> None:
    """The Scenarios tab wrote "TPOT 12.0 ms" where the headline wrote "12 ms"."""
    assert [with_unit(kw, "kW") for kw in (6.4, 5.58)] == ["6.4 kW", "5.58 kW"]
    assert with_unit(12.0, "ms") == "12 ms"
    assert with_unit(0.5, "share") == "50 %"
    assert with_unit(8.0, "") == "8"
    assert with_unit(2.5e6, "tokens/day") == "2.5 M tokens/day"
    assert with_unit(1084.0, "users") == "1,084 users"


def test_a_bill_states_exact_amounts_as_a_quote_does() -> None:
    """The walk: "@ $60.0 = $60.0" and a $2,000 rack as "$2.00 k" read as estimates."""
    amounts = (60.0, 2_000.0, 312_860.0, 0.5, 4.0, 33_012.4, 0.0)
    assert [bill_money(usd) for usd in amounts] == [
        "$60",
        "$2,000",
        "$312,860",
        "$0.50",
        "$4",
        "$33,012",
        "$0",
    ]
