"""Repeat measurements of one configuration, and what an oracle of their mean would miss by.

Worked example from `validation/modern_engines_dev.jsonl`: SGLang serving Qwen3.5-397B FP8 on
4 B300s at TP 4, 1,024 / 1,024 tokens to 64 clients. Release 0.5.9 (InferenceX's dated run,
`..._c64_tp4_0_ep1_0_23`) measured TTFT 944.67 ms and TPOT 17.249 ms; 0.5.10.post1
(aiconfigurator's `cfg716`) 316.98 ms and 19.707 ms. Their spread: 944.67 / 316.98 - 1 =
198.0% in TTFT, 19.707 / 17.249 - 1 = 14.3% in TPOT. The oracle answers the geometric mean,
sqrt(944.67 x 316.98) = 547.2 ms, and misses the two by 42.1% and 72.6% (median 57.4%); yet
one answer within +-50% of both exists (472.3 to 475.5 ms: half of 944.67 to 1.5 x 316.98), so
the pair leaves no line beyond +-50% to any model blind to the run. A third line writing
944.67 / 17.25 is the 0.5.9 run filed again, and counts once.
"""

from __future__ import annotations

from typing import Any

import pytest

from aisle_desktop.sizing.validation.accuracy import Comparison
from aisle_desktop.sizing.validation.repeat_measurements import (
    configuration,
    disagreeing_ids,
    fewest_beyond,
    repeat_groups,
    same_to_the_digit,
    spread,
)
from aisle_desktop.sizing.validation.repeats_table import repeats_section

RELEASE_0_5_9 = (944.6707929765124, 17.24919100855262)
RELEASE_0_5_10 = (316.9826816329987, 19.707462368802318)


def _line(line_id: str, release: str, ttft_ms: float, tpot_ms: float, **fields: Any) -> dict:
    line = {
        "id": line_id,
        "engine": "sglang",
        "engine_version": release,
        "model": "qwen3.5-397b-a17b",
        "gpu": "b300",
        "weight_precision": "fp8",
        "kv_precision": None,
        "input_tokens": 1024,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 64},
        "expected": {"ttft_ms": ttft_ms, "tpot_ms": tpot_ms},
        "num_gpus": 4,
        "tp": 4,
        "pp": 1,
        "ep": 1,
        "attention_dp": 1,
        "scenario_kind": "aic_agg",
    }
    return line | fields


LINES = [
    _line("dated-0.5.9", "0.5.9", *RELEASE_0_5_9),
    _line("cfg716", "0.5.10.post1", *RELEASE_0_5_10),
    _line("gap-analysis", "0.5.9", 944.67, 17.25),  # the 0.5.9 run filed again
    _line("c128", "0.5.9", 1472.4, 27.16, load={"mode": "concurrency", "concurrency": 128}),
]


def test_copies_agree_to_the_digits_the_shorter_writes() -> None:
    assert same_to_the_digit(944.6707929765124, 944.67)
    assert same_to_the_digit(380.7851118737744, 380.78511187377444)  # the last bit
    assert same_to_the_digit(15.0, 14.999136066987928)
    assert not same_to_the_digit(944.6707929765124, 944.66)
    assert not same_to_the_digit(275.3353086132847, 356.9384375149639)


def test_releases_pooled_make_one_configuration_of_two_runs_and_a_copy() -> None:
    (group,) = repeat_groups(LINES, releases_apart=False)
    assert len(group.measurements) == 2  # the copy counts once
    assert group.line_ids == {"dated-0.5.9", "cfg716", "gap-analysis"}
    # Releases apart, 0.5.9's two lines are one measurement: nothing was repeated.
    assert repeat_groups(LINES, releases_apart=True) == []


def test_spread_and_oracle_of_the_worked_example() -> None:
    groups = repeat_groups(LINES, releases_apart=False)
    ttft = spread(groups, "ttft_ms")
    assert (ttft.configurations, ttft.pairs, ttft.lines) == (1, 1, 2)
    assert ttft.spread_median == pytest.approx(1.980, abs=5e-4)
    assert ttft.pairs_disagreeing == 1
    # sqrt(944.67 x 316.98) = 547.2 ms: 42.1% and 72.6% off, median 57.4%.
    assert ttft.oracle_median == pytest.approx((0.4207 + 0.7263) / 2, abs=5e-4)
    assert ttft.fewest_lines_beyond == 0  # 472.3 to 475.5 ms is within +-50% of both
    tpot = spread(groups, "tpot_ms")
    assert tpot.spread_median == pytest.approx(0.1425, abs=5e-4)
    assert tpot.pairs_disagreeing == 0
    assert disagreeing_ids(groups, "ttft_ms") == group_ids(groups)
    assert disagreeing_ids(groups, "tpot_ms") == frozenset()


def group_ids(groups: list) -> frozenset[str]:
    return frozenset().union(*(g.line_ids for g in groups))


def test_lines_it_cannot_read_are_left_out() -> None:
    """Lines of another kind, or whose TTFT or TPOT is not a positive number, repeat nothing
    (a user's file reaches `make validate` too)."""
    odd = [
        _line("nan", "0.5.9", float("nan"), 17.25),
        _line("bool", "0.5.9", True, 17.25),
        _line("listed", "0.5.9", 944.67, 17.25, scenario_kind=["aic_agg"]),
        _line("disaggregated", "0.5.9", 944.67, 17.25, scenario_kind="aic_disagg"),
        _line("text", "0.5.10.post1", "317", 19.7),
    ]
    assert repeat_groups(odd + LINES[:1], releases_apart=False) == []


def test_fewest_lines_beyond_half() -> None:
    # MiniMax-M2.5 FP4 on 4 B200s, 8,192 / 1,024 to 256 clients: vLLM 0.19.0 measured
    # 1,394 ms, a nightly 9,496 ms; 6.8 times apart, no answer is within +-50% of both.
    assert fewest_beyond([1393.84, 9496.30]) == 1
    assert fewest_beyond([1393.84, 9496.30, 9000.0]) == 1
    assert fewest_beyond([100.0]) == 0


def test_worker_counted_twice_is_the_same_configuration() -> None:
    """A line counting its worker twice (tp x attention_dp = ep x ep) names the worker of ep
    GPUs (`source_layouts`): its repeats are that worker's."""
    once = _line("w8", "1.2", 1.0, 1.0, num_gpus=8, tp=1, ep=8, attention_dp=8)
    twice = _line("w64", "1.2", 1.0, 1.0, num_gpus=64, tp=1, ep=8, attention_dp=64)
    assert configuration(once, True) == configuration(twice, True)


def test_report_section_counts_the_tail_rows_in_disagreeing_configurations() -> None:
    tags = (("load", "concurrency"),)
    found = [
        Comparison("dated-0.5.9", "aic_agg", "ttft_ms", 400.0, 944.67, tags),  # -58%
        Comparison("cfg716", "aic_agg", "ttft_ms", 360.0, 316.98, tags),  # +14%
        Comparison("c128", "aic_agg", "ttft_ms", 500.0, 1472.4, tags),  # -66%, no repeat
    ]
    text = "\n".join(repeats_section(LINES, found))
    assert "| releases pooled | TTFT | 1 | 1: 198.0 % / 198.0 % | 1 | 2: 57.4 % / 69.6 % | 0 |" in (
        text
    )
    assert (
        "Aggregated TTFT rows the model misses by more than ±50 %: 2; in configurations "
        "measured more than once (releases pooled): 1; in configurations whose repeats are "
        "more than 50 % apart: 1 with releases pooled, 0 with releases apart."
    ) in text
    # The configurations apart by more than 50%, each repeat with the model's error on it.
    assert (
        "| sglang qwen3.5-397b-a17b, fp8 on 4 b300 (TP 4), 1,024 / 1,024 tokens, 64 clients "
        "| 0.5.9: 945 ms (-58 %); 0.5.10.post1: 317 ms (+14 %) |"
    ) in text
    assert repeats_section(LINES[:1], found) == []
