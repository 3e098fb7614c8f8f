"""How money and compared figures read (walk: "$1.9" beside "$1.25" in the GPUs table).

The rule: money always reads to three significant figures with its zeros ($1.90, $0.500,
$40.0 k/year), except an amount the planner typed (a $95 k budget) and an axis's round marks
($1 M); other figures drop their zeros in a sentence ("6.4 kW") and keep them where
scenarios or GPUs stand side by side ("6.40 kW" above "5.58 kW"), counts whole there too."""

from __future__ import annotations

from aisle_desktop.formatting import money, money_tick, target_text, with_unit


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


def test_figures_side_by_side_keep_their_zeros_and_counts_read_whole() -> None:
    assert with_unit(6.4, "kW") == "6.4 kW"  # in a sentence
    assert [with_unit(kw, "kW", side_by_side=True) for kw in (6.4, 5.58)] == ["6.40 kW", "5.58 kW"]
    assert with_unit(50.0, "ms", side_by_side=True) == "50.0 ms"
    assert with_unit(0.5, "share", side_by_side=True) == "50.0 %"
    assert with_unit(8.0, "", side_by_side=True) == "8"
    assert with_unit(2.5e6, "tokens/day", side_by_side=True) == "2.50 M tokens/day"
    assert with_unit(1084.0, "users", side_by_side=True) == "1,084 users"
