"""The validation report splits the disaggregated rows by how their workers are known, and
keeps them apart from the aggregated ones by TP."""

from __future__ import annotations

from aisle_desktop.sizing.validation import comparisons
from aisle_desktop.sizing.validation.validation_report import disaggregated_tables, tp_tables

LINE = {"id": "x", "scenario_kind": "aic_disagg", "expected": {"tpot_ms": 10.0, "ttft_ms": 500.0}}


def test_each_prediction_is_tagged_with_its_deployment() -> None:
    recorded = {"disaggregated": True, "tpot_ms": 11.0, "ttft_ms": 400.0}
    sized = {**recorded, "workers_sized_for_load": True}
    aggregated = {"tpot_ms": 11.0, "ttft_ms": 400.0}
    tags = {
        name: {c.tag("deployment") for c in comparisons(LINE, answer)}
        for name, answer in (("recorded", recorded), ("sized", sized), ("agg", aggregated))
    }
    assert tags == {
        "recorded": {"disaggregated, workers as recorded"},
        "sized": {"disaggregated, workers sized for the load"},
        "agg": {"aggregated"},
    }


def test_the_report_tables_the_two_kinds_of_disaggregated_rows_apart() -> None:
    # TPOT 11 against 10 measured (+10%), TTFT 400 against 500 (-20%); and 15 against 10.
    found = comparisons(LINE, {"disaggregated": True, "tpot_ms": 11.0, "ttft_ms": 400.0})
    found += comparisons(
        LINE, {"disaggregated": True, "workers_sized_for_load": True, "tpot_ms": 15.0}
    )
    text = "\n".join(disaggregated_tables(found))
    recorded = "disaggregated, workers as recorded | 1 |"
    assert f"| tpot_ms / {recorded} 10.0 % | 10.0 % | +10.0 % |" in text
    assert f"| ttft_ms / {recorded} 20.0 % | 20.0 % | -20.0 % |" in text
    assert "| tpot_ms / disaggregated, workers sized for the load | 1 | 50.0 % |" in text
    assert disaggregated_tables(comparisons(LINE, {"tpot_ms": 11.0})) == []


def test_the_tp_table_keeps_aggregated_and_disaggregated_rows_apart() -> None:
    # Both at TP 16: aggregated TPOT 12 against 10 (+20%), disaggregated 5 against 10 (-50%).
    at_tp16 = {**LINE, "tp": 16}
    found = comparisons({**at_tp16, "scenario_kind": "aic_agg"}, {"tpot_ms": 12.0})
    found += comparisons(at_tp16, {"disaggregated": True, "tpot_ms": 5.0})
    text = "\n".join(tp_tables(found))
    aggregated, disaggregated = text.split("## By metric and tp, disaggregated serving")
    assert "| tpot_ms / 16 | 1 | 20.0 % | 20.0 % | +20.0 % |" in aggregated
    assert "| tpot_ms / 16 | 1 | 50.0 % | 50.0 % | -50.0 % |" in disaggregated
    assert "disaggregated serving" not in "\n".join(tp_tables(found[:1]))
