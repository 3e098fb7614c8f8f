"""A file's lines worked out together give each line's own answer: disaggregated pools
sized for many loads at once, one formula over the elements of many replicas, the decode
split chosen for many lines at once, the rate grids of many request-rate lines at once."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import (
    Deployment,
    Number,
    batch_for_rate,
    batches_for_rates,
    resolve_deployment,
)
from aisle_desktop.sizing.engine.disaggregated import decode_tpot_s, workers_for_load
from aisle_desktop.sizing.validation import BenchmarkScenario, ResolvedReplicas, predict_benchmarks
from aisle_desktop.sizing.validation.alike_lines import first_alike
from aisle_desktop.sizing.validation.decode_split import with_decode_splits
from aisle_desktop.sizing.validation.stacked_pools import across_replicas

VALIDATION = Path(__file__).resolve().parents[2] / "validation"


def _replica(catalog: Catalog, model: str, gpu: str, tp: int, ep: int = 1) -> Deployment:
    assumptions = CURRENT_CALIBRATION.performance_for("tensorrt-llm", None)
    return resolve_deployment(
        catalog, model, gpu, "tensorrt-llm", "fp8", None, tp, 1, assumptions, ep=ep
    )


def test_pools_sized_for_an_array_of_loads_are_each_loads_own(catalog: Catalog) -> None:
    decode = _replica(catalog, "deepseek-r1", "h200-sxm", 8, ep=8)
    in_flight = [4.0, 300.0, 1000.0, 2501.0]
    caps = [300.0, 300.0, 120.0, 300.0]
    together = workers_for_load(
        2.0, decode, np.array(caps), 1024.0, 1024.0, np.array(in_flight), None, 0.8
    )
    for index, (clients, cap) in enumerate(zip(in_flight, caps, strict=True)):
        alone = workers_for_load(2.0, decode, cap, 1024.0, 1024.0, clients, None, 0.8)
        assert together.decode_workers[index] == alone.decode_workers
        assert together.prefill_workers[index] == alone.prefill_workers
    # 1,000 clients at most 120 a worker: ceil(1000 / 120) = 9 decode workers.
    assert together.decode_workers.tolist() == [1.0, 1.0, 9.0, 9.0]
    rates = [0.5, 10.0, 40.0]
    offered = workers_for_load(2.0, decode, 300.0, 1024.0, 1024.0, None, np.array(rates), 0.8)
    # A prefill worker takes 2 prompts/s at most 80% busy: ceil(rate / 1.6) workers.
    assert offered.prefill_workers.tolist() == [math.ceil(rate / 1.6) for rate in rates]


def _tpot(dep: Deployment, batch: Number, inp: Number, out: Number) -> tuple[Number]:
    return (decode_tpot_s(dep, batch, inp, out),)


def test_one_formula_over_elements_of_many_replicas_gives_each_elements_own(
    catalog: Catalog,
) -> None:
    """Two DeepSeek replicas stack (one shape), a dense model goes alone; the elements come
    back in their own order, each what its replica gives alone."""
    deepseek_h200 = _replica(catalog, "deepseek-r1", "h200-sxm", 8, ep=8)
    deepseek_b200 = _replica(catalog, "deepseek-r1", "b200", 4, ep=4)
    llama = _replica(catalog, "llama-3.1-70b", "h100-sxm", 4)
    deps = [deepseek_h200, deepseek_h200, llama, deepseek_b200, deepseek_b200, deepseek_b200]
    deps.append(deepseek_h200)
    batch = [1.0, 64.0, 8.0, 2.0, 16.0, 128.0, 33.0]
    inp = [1024.0, 1024.0, 8192.0, 1024.0, 1024.0, 4096.0, 1024.0]
    out = [1024.0] * 7
    (tpot,) = across_replicas(deps, _tpot, [batch, inp, out])
    for index, dep in enumerate(deps):
        alone = float(decode_tpot_s(dep, batch[index], inp[index], out[index]))
        assert tpot[index] == pytest.approx(alone, rel=1e-12)
    assert tpot[2] > 0.0 and tpot[2] != tpot[0]  # the dense model's own


def test_replicas_a_formula_branches_on_go_one_by_one(catalog: Catalog) -> None:
    small = _replica(catalog, "deepseek-r1", "h200-sxm", 8, ep=8)
    large = _replica(catalog, "deepseek-r1", "b200", 4, ep=4)

    def by_tp(dep: Deployment, batch: Number) -> tuple[Number]:
        return (batch * 2.0 if dep.tp > 4 else batch,)  # `if` on an array branches apart

    (doubled,) = across_replicas([small, large], by_tp, [[3.0, 3.0]])
    assert doubled.tolist() == [6.0, 3.0]


def _undocumented_lines() -> list[BenchmarkScenario]:
    text = (VALIDATION / "modern_engines_dev.jsonl").read_text()
    lines = [line for line in text.splitlines() if "aic_disagg" in line][::4]
    return [BenchmarkScenario.model_validate(json.loads(line)) for line in lines]


def test_decode_splits_chosen_for_many_lines_are_each_lines_own(catalog: Catalog) -> None:
    scenarios = _undocumented_lines()
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    together = with_decode_splits(scenarios, resolved)
    alone = [with_decode_splits([each], resolved)[0] for each in scenarios]
    assert together == alone
    chosen = [each.disaggregated for each in together if each.disaggregated is not None]
    written = [each.disaggregated for each in scenarios if each.disaggregated is not None]
    # Some lines' decode worker runs attention data-parallel where the line wrote TP.
    assert any(a.decode != b.decode for a, b in zip(chosen, written, strict=True))
    assert any(not each.workers_recorded for each in written)


def test_lines_alike_but_for_their_id_share_one_answer_each_with_its_own_id(
    catalog: Catalog,
) -> None:
    fields = {
        "engine": "sglang",
        "engine_version": "0.5.8",
        "model": "deepseek-v3",
        "gpu": "gb200",
        "weight_precision": "fp4",
        "input_tokens": 8192,
        "output_tokens": 1024,
        "load": {"mode": "concurrency", "concurrency": 64},
        "num_gpus": 20,
        "tp": 4,
        "scenario_kind": "aic_disagg",
        "disaggregated": {
            "prefill": {"tp": 4, "workers": 1},
            "decode": {"tp": 4, "workers": 4},
        },
    }
    first = BenchmarkScenario.model_validate({**fields, "id": "aic-run_a_cfg1"})
    again = BenchmarkScenario.model_validate({**fields, "id": "aic-run_b_cfg2"})
    # A dated run's line of the same fields does not record its workers: not alike.
    dated = BenchmarkScenario.model_validate({**fields, "id": "aic-2026_03_25_x"})
    # A series that files dated runs again is read at the lengths their client drew: not alike.
    repeating = BenchmarkScenario.model_validate(
        {**fields, "id": "aic-dsr1_gb200_sglang_fp8_disagg_8192x1024_c64_cfg536"}
    )
    lines = [first, dated, again, repeating]
    assert first_alike(lines) == [0, 1, 0, 3]
    together = predict_benchmarks(catalog, lines, CURRENT_CALIBRATION)
    alone = [predict_benchmarks(catalog, [each], CURRENT_CALIBRATION)[0] for each in lines]
    assert together == alone
    a, b = together[0], together[2]
    assert isinstance(a, dict) and isinstance(b, dict)
    assert (a["id"], b["id"]) == ("aic-run_a_cfg1", "aic-run_b_cfg2")
    assert list(a) == list(b) and next(iter(a)) == "id"
    assert a["memory_per_gpu_gb"] == b["memory_per_gpu_gb"]
    assert a["memory_per_gpu_gb"] is not b["memory_per_gpu_gb"]
    assert together[1] != {**a, "id": "aic-2026_03_25_x"}
    assert together[3] != {**a, "id": repeating.id}


def test_batches_for_many_request_rates_are_each_rates_own(catalog: Catalog) -> None:
    """Request-rate lines of one replica read their rate grids worked out as one array."""
    dep = _replica(catalog, "llama-3.1-70b", "h100-sxm", 4)
    rates = [0.5, 2.0, 2.0, 8.0, 1.0]
    caps = [64.0, 64.0, 128.0, 64.0, 64.0]
    inps = [1024, 1024, 1024, 4096, 1024]
    outs = [256, 256, 256, 512, 256]
    together = batches_for_rates(dep, rates, caps, inps, outs, 8192.0, 0.01)
    for index, batch in enumerate(together):
        args = (rates[index], caps[index], inps[index], outs[index], 8192.0, 0.01)
        # An array's power may differ from a plain number's in the last bit.
        assert batch == pytest.approx(batch_for_rate(dep, *args), rel=1e-12)
    assert together[0] < together[1] < together[3]  # more requests a second, more running
