"""Each attention data-parallel rank of a `predict` line takes the engine's sequence cap.

vLLM runs each data-parallel rank as an engine core of its own (its data-parallel deployment
guide), with its own scheduler and `max_num_seqs`; TensorRT-LLM's `max_batch_size` is a rank's.
Plans already gave each rank the cap; `predict`'s online lines capped the whole replica at one
rank's until calibration 2026.12.30.

Worked example from `validation/modern_engines_dev.jsonl`: aiconfigurator's MiniMax-M2.5 NVFP4
on 4 B300 under vLLM 0.19.0, TP 2 x 2 data-parallel ranks (EP 4), 1,024 / 1,024 at 2,048 clients
(`..._c2048_cfg727`), measured TTFT 3.73 s and TPOT 66.0 ms. At one rank's 1,024 sequences for
the replica, the other 1,024 clients queued: TTFT 39.8 s (+966%), TPOT 37.4 ms (-43%). With 1,024
a rank all 2,048 run: TTFT 1.68 s (-55%), TPOT 63.0 ms (-5%).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

LINE = "aic-minimaxm2_5_b300_vllm_fp4_agg_1024x1024_c2048_cfg727"
SHIPPED = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def _line(**changes: Any) -> dict[str, Any]:
    with SHIPPED.open() as lines:
        line: dict[str, Any] = next(json.loads(each) for each in lines if LINE in each)
    line.update(changes)
    return line


def _predicted(catalog: Catalog, **changes: Any) -> dict[str, Any]:
    scenario = BenchmarkScenario.model_validate(_line(**changes))
    return predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)


def test_every_rank_runs_its_own_thousand(catalog: Catalog) -> None:
    got = _predicted(catalog)
    assert got["batch"] == 2048
    assert got["batch_limit"] == "offered load"
    assert got["ttft_ms"] == pytest.approx(1676, rel=0.01)  # measured 3,733 ms
    assert got["tpot_ms"] == pytest.approx(63.0, rel=0.01)  # measured 66.0 ms


def test_past_every_rank_s_cap_the_rest_queue(catalog: Catalog) -> None:
    got = _predicted(catalog, load={"mode": "concurrency", "concurrency": 2560})
    assert got["batch"] == 2048
    assert got["batch_limit"] == "engine max sequences"


def test_one_rank_keeps_one_cap(catalog: Catalog) -> None:
    """The same replica without data-parallel attention (TP 4) runs 1,024 and queues the rest."""
    got = _predicted(catalog, tp=4, attention_dp=1)
    assert got["batch"] == 1024
    assert got["batch_limit"] == "engine max sequences"
