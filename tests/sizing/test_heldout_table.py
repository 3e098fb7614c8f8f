"""The disaggregated rows' held-out figures: each GPU's rows read at the setting chosen on
the other GPU's headline rows, with how many lie within 25%."""

from __future__ import annotations

from aisle_desktop.sizing.validation.accuracy import Comparison
from aisle_desktop.sizing.validation.heldout_table import (
    DISAGGREGATED_CELL,
    disaggregated_rows,
    headline_rows,
    heldout_header,
)
from aisle_desktop.sizing.validation.holdout import GridPoint, Refitter, leave_one_out


def _row(gpu: str, kind: str, metric: str, predicted: float) -> Comparison:
    tags = (("gpu", gpu), ("model", "m"), ("load", "concurrency"))
    return Comparison(f"{gpu}-{kind}-{metric}", kind, metric, predicted, 100.0, tags)


def _point(
    scale: float, aggregated: dict[str, float], disaggregated: dict[str, float]
) -> GridPoint:
    """One grid point: an aggregated TTFT row per GPU (its headline group) and a disaggregated
    TTFT and TPOT row per GPU, every one measured at 100."""
    rows = [_row(gpu, "aic_agg", "ttft_ms", p) for gpu, p in aggregated.items()]
    for gpu, predicted in disaggregated.items():
        rows += [_row(gpu, "aic_disagg", m, predicted) for m in ("ttft_ms", "tpot_ms")]
    return GridPoint({"request_overhead_ms": scale}, rows)


# Scale 1 predicts GPU a's aggregated row exactly and b's 50% high; scale 2 the other way.
# Their disaggregated rows: a 10% and b 40% high at scale 1, a 30% and b 5% high at scale 2.
POINTS = [
    _point(1.0, {"a": 100.0, "b": 150.0}, {"a": 110.0, "b": 140.0}),
    _point(2.0, {"a": 150.0, "b": 100.0}, {"a": 130.0, "b": 105.0}),
]


def _search(points: list[GridPoint]) -> Refitter:
    """A refit whose one factor has two rungs, the scales of `points`, starting at the first."""
    by_scale = {p.settings["request_overhead_ms"]: p.rows for p in points}
    rungs = tuple(by_scale)
    return Refitter(
        lambda settings: by_scale[settings["request_overhead_ms"]],
        {"request_overhead_ms": rungs},
        {"request_overhead_ms": rungs[0]},
    )


def test_each_gpu_is_read_at_the_point_chosen_without_it() -> None:
    holdouts = [leave_one_out(_search(POINTS), "gpu")]
    # In-sample (scale 1): 10% and 40%, median 25%, 90th percentile 37%, one row within 25%.
    # Held out: a at scale 2 (chosen on b alone) 30%, b at scale 1 40%: median 35%, none within.
    rows = disaggregated_rows(POINTS[0].rows, holdouts)
    assert rows == [
        ["TTFT, disaggregated", "2", "25.0 % / 37.0 %, 1", "35.0 % / 39.0 %, 0"],
        ["TPOT, disaggregated", "2", "25.0 % / 37.0 %, 1", "35.0 % / 39.0 %, 0"],
    ]
    assert heldout_header(holdouts, DISAGGREGATED_CELL) == [
        "figure",
        "n",
        "in-sample: median / p90, rows within 25 %",
        "leave one gpu out: median / p90, rows within 25 %",
    ]
    # The headline group counts only the aggregated rows: 0% and 50% in-sample; held out,
    # each GPU's row is read at the scale that suits the other, 50% both.
    assert headline_rows(POINTS[0].rows, holdouts) == [
        ["TTFT, concurrency", "2", "25.0 % / 45.0 %", "50.0 % / 50.0 %"]
    ]


def test_a_set_without_disaggregated_rows_has_no_such_figures() -> None:
    aggregated_only = [GridPoint(p.settings, p.rows[:2]) for p in POINTS]
    holdouts = [leave_one_out(_search(aggregated_only), "gpu")]
    assert disaggregated_rows(aggregated_only[0].rows, holdouts) == []
