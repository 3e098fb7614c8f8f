"""Work kept for reuse, or left undone, changes no answer: the replicas `predict` resolves once
per file, the lines of one replica it predicts together as arrays, the closed forms that
replace loops, the ideal replica the physical floor is measured on, each GPU's fewest fitting
count that "what would fit" names, the GPU comparison's rows worked out without full results,
and the steps and per-replica constants of the step-time model."""

from __future__ import annotations

import dataclasses
import gc
import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.predict_cmd import predict_line, predict_lines, run_predict
from aisle_desktop.plan import PRESETS, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import (
    Deployment,
    cohort_mixture_percentiles_s,
    concurrency_ttft_percentiles_s,
    finite_run_queue_wait_s,
    floor_tpot_s,
    ideal,
    iteration_time,
    memory_breakdown,
    physical_floor,
)
from aisle_desktop.sizing.engine.arraymath import first_largest, first_smallest, rows_at, uniform
from aisle_desktop.sizing.engine.copies import replaced
from aisle_desktop.sizing.engine.disaggregated import (
    cohort_extra_s,
    fixed_concurrency,
    points_at,
    pool_curves,
    settled_at_concurrency,
    settled_at_rate,
)
from aisle_desktop.sizing.engine.fit import UNCAPPED, _memory_breakdown
from aisle_desktop.sizing.engine.memory import FitMemo
from aisle_desktop.sizing.engine.serving import _cohort_burst
from aisle_desktop.sizing.engine.steptime import (
    _iteration_time,
    busiest_rank_read_excess,
    busiest_rank_token_excess,
    expert_share_touched,
    gemm_seconds_per_token,
    routed_gemm_seconds_per_token,
)
from aisle_desktop.sizing.planning import SizedScenarios, compare_gpus, size_scenario
from aisle_desktop.sizing.planning.alternatives import what_would_fit
from aisle_desktop.sizing.planning.plan_numbers import Headline
from aisle_desktop.sizing.validation import (
    BenchmarkScenario,
    ResolvedReplicas,
    benchmark_predict,
    stacked,
)
from aisle_desktop.sizing.validation.benchmark_scenario import Concurrency
from aisle_desktop.sizing.validation.disaggregated_predict import (
    PendingLine,
    curves_together,
    finish_together,
    start_disaggregated,
)
from aisle_desktop.sizing.validation.disaggregated_scenario import PoolLayout
from aisle_desktop.sizing.validation.measurement_kinds import release_measured
from aisle_desktop.sizing.validation.stacked_pools import across_replicas

NO_SPLIT = {"tp": None, "pp": None}
VALIDATION = Path(__file__).resolve().parents[2] / "validation"


def _lines(name: str, every: int) -> list[str]:
    lines = [line for line in (VALIDATION / name).read_text().splitlines() if line.strip()]
    return lines[::every]


def _pending_lines(catalog: Catalog, every: int) -> list[PendingLine]:
    """Every `every`-th line of the 2025-26 set that is disaggregated, as it waits for its
    pools' curves."""
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    pending = []
    for line in _lines("modern_engines_dev.jsonl", every):
        scenario = BenchmarkScenario.model_validate_json(line)
        if scenario.disaggregated is not None:
            started = start_disaggregated(scenario, memory, {})
            if isinstance(started, PendingLine):
                pending.append(started)
    return pending


@pytest.mark.parametrize(
    ("name", "every"), [("published_dev.jsonl", 3), ("modern_engines_dev.jsonl", 5)]
)
def test_a_file_predicted_with_one_memory_equals_each_line_alone(
    catalog: Catalog, name: str, every: int
) -> None:
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    lines = _lines(name, every)
    shared = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line, memory)
        for n, line in enumerate(lines, start=1)
    ]
    alone = [
        predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, start=1)
    ]
    assert shared == alone
    # The lines share far fewer replicas than there are lines, and errors are not remembered.
    assert 0 < len(memory._known) < len(lines)
    assert sum("error" not in answer for answer in shared) > len(lines) // 2


def test_disaggregated_lines_banded_together_equal_each_line_banded_alone(
    catalog: Catalog,
) -> None:
    """A file's disaggregated answers get their bands as one array per load kind, engine era
    and extrapolation (`band_figures`); each equals the line's own, banded alone."""
    lines = [line for line in _lines("modern_engines_dev.jsonl", 3) if "aic_disagg" in line]
    numbered = list(enumerate(lines, start=1))
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, numbered))
    alone = [predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in numbered]
    assert together == alone
    banded = [a for a in together if "ttft_ms_low" in a]
    assert len(banded) > 150
    assert {a["engine_era"] for a in banded} >= {"SGLang 0.5", "TensorRT-LLM 1.x (PyTorch backend)"}
    for answer in banded:
        for metric in ("output_tokens_per_s", "ttft_ms", "tpot_ms"):
            assert answer[f"{metric}_low"] <= answer[metric] < answer[f"{metric}_high"]


def test_predict_with_the_catalog_kept_from_the_collector_answers_as_the_lines_do(
    catalog: Catalog, tmp_path: Path
) -> None:
    """`run_predict` keeps what exists from the garbage collector while it runs: the answers
    are those of the lines predicted without it, and the collector is as it was after."""
    lines = [*_lines("modern_engines_dev.jsonl", 7), '{"id": "bad", "id": "twice"}', "[1]"]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(lines) + "\n")
    frozen_before = gc.get_freeze_count()
    out = io.StringIO()
    assert run_predict(catalog, path, out) == 1  # the two bad lines
    assert gc.get_freeze_count() == frozen_before
    numbered = enumerate(lines, start=1)
    long_way = list(predict_lines(catalog, CURRENT_CALIBRATION, numbered))
    assert [json.loads(line) for line in out.getvalue().splitlines()] == long_way
    assert (
        long_way[-1]["error"]
        == f"line {len(lines)}: expected a JSON object ({{...}}), got a list: [1]"
    )


def test_pool_curves_worked_out_together_equal_each_lines_own(catalog: Catalog) -> None:
    """The decode grids of a file's disaggregated lines go through the step-time model
    together; each line's curves equal `pool_curves` of its own arguments, the prefill pool
    saturating or not, lines asking the same curves included."""
    memory = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    asked = []
    for line in _lines("modern_engines_dev.jsonl", 1):
        scenario = BenchmarkScenario.model_validate_json(line)
        if scenario.disaggregated is None:
            continue
        try:
            started = start_disaggregated(scenario, memory, {})
        except SizingError:  # a pool's layout the model cannot take: its own message
            continue
        if isinstance(started, PendingLine):
            asked.append(started.curves)
    assert len(asked) > len(set(asked)) > 100
    by_decode = {(id(each.decode), each.input_tokens, each.output_tokens) for each in asked}
    assert len(by_decode) < len(set(asked)) / 2  # grids of one decode replica go together
    lengths: dict[int, set[tuple[float, float]]] = {}
    for each in asked:
        lengths.setdefault(id(each.decode), set()).add((each.input_tokens, each.output_tokens))
    # Decode replicas whose rows share their lengths (plain numbers in the step) and others.
    assert {len(pairs) > 1 for pairs in lengths.values()} == {False, True}
    together = curves_together(asked)
    saturating = 0
    for each, curves in zip(asked, together, strict=True):
        alone = pool_curves(
            each.prefill,
            each.decode,
            each.decode_workers,
            each.top_batch,
            each.input_tokens,
            each.output_tokens,
            each.first_token_extra_s,
            each.batch_cap,
            each.random_arrivals,
        )
        saturating += alone.prefill_saturates
        for field in dataclasses.fields(alone):
            np.testing.assert_array_equal(getattr(curves, field.name), getattr(alone, field.name))
    assert 0 < saturating < len(asked)


def test_disaggregated_ttft_percentiles_read_as_one_array_equal_each_lines_own(
    catalog: Catalog,
) -> None:
    """The TTFT percentiles of a file's fixed-concurrency disaggregated lines are read off
    their starting cohorts' mixtures as one array; each equals the mixture of its own line
    read in plain numbers, the long way."""
    every_other = _pending_lines(catalog, 2)
    pending = [each for each in every_other if isinstance(each.load, Concurrency)]
    curves = curves_together([each.curves for each in pending])
    results = finish_together(list(zip(pending, curves, strict=True)), (50, 95, 99))
    assert len(results) > 200
    for each, line_curves, result in zip(pending, curves, results, strict=True):
        asked, concurrency = each.curves, float(each.load.concurrency)
        settled = fixed_concurrency(line_curves, concurrency, asked.output_tokens)
        steps, step_s = asked.prefill.cohort_steps(concurrency / asked.prefill.workers)
        tails = cohort_mixture_percentiles_s(
            steps,
            step_s,
            cohort_extra_s(asked.first_token_extra_s, settled, concurrency, asked.decode),
            (50, 95, 99),
            each.cohort_share,
            settled.ttft_s,
        )
        assert [result[f"ttft_p{p}_ms"] for p in (50, 95, 99)] == [t * 1e3 for t in tails]
        assert result["ttft_p50_ms"] <= result["ttft_p99_ms"]


def test_floor_on_a_kept_ideal_replica_equals_the_floor_worked_out_afresh(deploy) -> None:  # type: ignore[no-untyped-def]
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    kept = ideal(dep)
    for batch, inp, out in ((1.0, 128, 128), (64.0, 2048, 512), (300.0, 8000, 200)):
        assert physical_floor(dep, batch, inp, out, kept) == physical_floor(dep, batch, inp, out)


def test_floors_worked_out_together_equal_each_floor_alone(deploy) -> None:  # type: ignore[no-untyped-def]
    """A file's floors go through the model one array per shape of ideal replicas
    (`across_replicas`, as `predict` bands its disaggregated lines); each equals the floor
    its replica gives alone (C's `pow` there, numpy's vectorised power together: equal to
    1e-12 relative)."""
    replicas = [
        ideal(deploy("deepseek-v3", "b200", tp=8)),
        ideal(deploy("deepseek-r1", "b200", tp=8, weights="fp4")),
        ideal(deploy("llama-3.1-70b", "h100-sxm", tp=4)),
        ideal(deploy("llama-3.1-70b", "h200-sxm", tp=8)),
    ]
    counts = ((1.0, 128, 128), (64.0, 2048, 512), (300.0, 8000, 200))
    asked = [(fastest, each) for n, fastest in enumerate(replicas) for each in counts[: n + 1]]
    calls = []

    def tpot_s(fastest: Any, batch: Any, inp: Any, out: Any) -> tuple[Any]:
        calls.append(np.size(inp))
        return (floor_tpot_s(fastest, batch, inp, out),)

    columns = list(zip(*(each for _, each in asked), strict=True))
    (together,) = across_replicas([fastest for fastest, _ in asked], tpot_s, columns)
    assert sorted(calls) == [3, 6]  # two shapes (MoE, dense), each one array
    for floor, (fastest, (batch, inp, out)) in zip(together.tolist(), asked, strict=True):
        alone = float(floor_tpot_s(fastest, batch, inp, out))
        assert floor == pytest.approx(alone, rel=1e-12, abs=0.0)


@pytest.mark.parametrize("preset", ["deepseek-v3"])
def test_what_would_fit_is_the_same_asked_first_or_after_the_whole_comparison(
    catalog: Catalog, preset: str
) -> None:
    """Each GPU's fewest fitting count is worked out once and shared by every GPU that names
    it, each with its own bound: the answers must not depend on who asked first."""
    scenario = preset_scenario(preset)
    trials = {
        gpu_id: scenario.model_copy(
            update={
                "hardware": scenario.hardware.model_copy(
                    update={"gpu_id": gpu_id, "server_id": None, "gpu_count": 1}
                )
            }
        )
        for gpu_id in list(catalog.gpus)[::5]  # a few, small and large
    }
    cold = {}
    for gpu_id, trial in trials.items():
        catalog.worked_out.clear()  # nothing kept from an earlier asker
        cold[gpu_id] = what_would_fit(catalog, trial, CURRENT_CALIBRATION)
    compare_gpus(catalog, scenario, CURRENT_CALIBRATION)
    warm = {g: what_would_fit(catalog, t, CURRENT_CALIBRATION) for g, t in trials.items()}
    assert warm == cold
    assert any(len(options) > 1 for options in cold.values())


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_the_gpu_comparison_headline_equals_the_full_result_on_every_gpu(
    catalog: Catalog, preset: str
) -> None:
    """The comparison works out only what its table shows; each row must equal what the full
    result of that GPU says (a plain size_scenario), fitting, not fitting or refused."""
    scenario = preset_scenario(preset)
    options = compare_gpus(catalog, scenario, CURRENT_CALIBRATION)
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION)
    for option in options:
        hardware = scenario.hardware.model_copy(
            update={"gpu_id": option.gpu_id, "server_id": None, "gpu_count": None}
        )
        trial = scenario.model_copy(update={"hardware": hardware.model_copy(update=NO_SPLIT)})
        try:
            result = size_scenario(catalog, trial, CURRENT_CALIBRATION)
        except SizingError as err:
            assert (option.gpus, option.note) == (0, str(err))
            continue
        assert sized.headline(trial) == Headline.of(result)
        assert option.note == result.status
        if not result.fits:
            assert (option.gpus, option.cost_per_million_tokens_usd) == (0, None)
            continue
        assert option.gpus == result.gpus
        # A plan serving nothing within its targets has no cost per token: None, not $0.
        served = result.value("tokens_per_year") > 0
        cost = result.value("cost_per_million_tokens_usd") if served else None
        assert option.cost_per_million_tokens_usd == cost
        assert option.tco_per_year_usd == result.value("tco_per_year_usd")
        assert (option.meets_targets, option.blocked) == (result.meets_targets, result.blocking)


def test_a_replica_copied_with_changes_equals_the_one_dataclasses_replace_makes(deploy) -> None:  # type: ignore[no-untyped-def]
    """`replaced` passes the fields by position: every field is the one `replace` gives, a
    new object; classes it cannot copy so, and unknown fields, go to `replace` itself."""
    dep = deploy("qwen3-30b-a3b", "h100-sxm", tp=4)
    changes = {"ep": 4, "attention_dp": 2, "sequence_overhead_s": 0.0}
    fast, slow = replaced(dep, **changes), dataclasses.replace(dep, **changes)
    assert fast is not dep and type(fast) is Deployment
    for field in dataclasses.fields(Deployment):
        if field.init:
            assert getattr(fast, field.name) is getattr(slow, field.name), field.name
    memory_breakdown(dep, 4096)  # a field __init__ does not take is the copy's own, empty
    assert fast.fit_memo == slow.fit_memo == FitMemo() != dep.fit_memo
    with pytest.raises(TypeError):
        replaced(dep, no_such_field=1)


def test_a_step_without_a_busier_rank_skips_only_a_zero_excess(deploy) -> None:  # type: ignore[no-untyped-def]
    """Where no expert-parallel rank is busier (a MoE replica on EP 1), a step leaves out the
    busiest rank's excess expert reads and routed GEMMs: both are 0 there, and the numbers
    with them added are the same to the last bit."""
    dep = deploy("qwen3-30b-a3b", "h100-sxm", tp=4)
    assert dep.ep == 1 and dep.model.moe is not None
    tokens = np.array([0.0, 1.0, 64.0, 4096.0])
    touched = expert_share_touched(dep, tokens)
    read_excess = busiest_rank_read_excess(dep, touched)
    token_excess = busiest_rank_token_excess(dep, tokens)
    assert not np.any(read_excess) and not np.any(token_excess)
    assert np.array_equal(touched * (1.0 + read_excess), touched)
    gemm_s = gemm_seconds_per_token(dep) * tokens
    routed_s = routed_gemm_seconds_per_token(dep) * tokens * token_excess
    assert np.array_equal(gemm_s + routed_s, gemm_s)


def test_a_step_leaves_out_only_what_adds_nothing(deploy) -> None:  # type: ignore[no-untyped-def]
    """A decode step without a prefill leaves out its eager launches and its prefill's
    attention, and a replica that streams nothing, reads its cache once and holds no draft
    adds no overhead a sequence, multiplies by no amplification and adds no draft: the
    numbers are those of the step with every term worked out (the prefill, the overhead a
    sequence and the amplification given as arrays of zeros and ones) to the last bit."""
    dep = replaced(deploy("qwen3-30b-a3b", "h100-sxm", tp=4), sequence_overhead_s=0.0)
    assert dep.kv_read_amplification == 1.0 and dep.speculation is None
    every_term = replaced(dep, sequence_overhead_s=np.zeros(4), kv_read_amplification=np.ones(4))
    batches, zeros = np.array([1.0, 8.0, 64.0, 512.0]), np.zeros(4)
    left_out = _iteration_time(dep, batches, 3000.0, 0.0, 0.0)
    worked_out = _iteration_time(every_term, batches, np.full(4, 3000.0), zeros, zeros)
    for field in dataclasses.fields(left_out):
        each = np.broadcast_to(getattr(left_out, field.name), (4,))
        whole = np.broadcast_to(getattr(worked_out, field.name), (4,))
        assert np.array_equal(each, whole) and np.array_equal(np.signbit(each), np.signbit(whole))


def test_a_remembered_step_is_the_one_computed_and_each_variant_of_a_replica_its_own(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    """Steps and per-replica constants are remembered by replica object: a variant made
    with dataclasses.replace is a new object and gets its own figures."""
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    counts = (64.0, 2500.0, 512.0, 1024.0)
    first = iteration_time(dep, *counts)
    assert iteration_time(dep, *counts) is first
    assert first == _iteration_time(dep, *counts)
    slower = dataclasses.replace(dep, gemm_flops=dep.gemm_flops / 2, step_multiplier=1.5)
    assert slower != dep
    assert gemm_seconds_per_token(slower) == 2 * gemm_seconds_per_token(dep)
    assert iteration_time(slower, *counts).total_s > first.total_s
    swept = iteration_time(dep, np.array([64.0, 128.0]), 2500.0, 512.0, 1024.0)
    assert float(np.asarray(swept.total_s)[0]) == pytest.approx(float(first.total_s), rel=1e-12)
    # Arrays are remembered by value, read-only since every caller shares them.
    again = iteration_time(dep, np.array([64.0, 128.0]), 2500.0, 512.0, 1024.0)
    assert again is swept and not swept.total_s.flags.writeable
    fresh = _iteration_time(dep, np.array([64.0, 128.0]), 2500.0, 512.0, 1024.0)
    assert np.array_equal(swept.total_s, fresh.total_s)
    other = iteration_time(dep, np.array([64.0, 129.0]), 2500.0, 512.0, 1024.0)
    assert other is not swept and other.total_s[1] > swept.total_s[1]
    as_ints = iteration_time(dep, np.array([64, 128]), 2500.0, 512.0, 1024.0)
    assert as_ints is not swept and np.array_equal(as_ints.total_s, swept.total_s)
    # A curve's hundreds of points are worked out each time, not kept.
    curve = np.arange(1.0, 300.0)
    assert iteration_time(dep, curve, 2500.0, 0.0, 0.0) is not iteration_time(
        dep, curve, 2500.0, 0.0, 0.0
    )


def test_a_remembered_memory_breakdown_is_the_one_computed_for_each_length(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    lengths = np.array([1000, 4096, 130_000, 10_000_000])
    together = memory_breakdown(dep, lengths)
    for index, length in enumerate(lengths.tolist()):
        alone = memory_breakdown(dep, length)
        assert memory_breakdown(dep, length) is alone
        assert alone == _memory_breakdown(dep, length, UNCAPPED)
        assert alone.max_sequences == together.max_sequences[index]
        assert alone.fits == together.fits[index]
        assert alone.kv_bytes_per_sequence == together.kv_bytes_per_sequence[index]
    assert together.fits.tolist() == [True, True, True, False]


def _pool_scenario(scenario: BenchmarkScenario, pool: PoolLayout) -> BenchmarkScenario:
    """The line as one worker of `pool` would be written."""
    return scenario.model_copy(
        update={
            "tp": pool.tp,
            "pp": pool.pp,
            "ep": pool.ep,
            "attention_dp": pool.attention_dp,
            "num_gpus": pool.worker_gpus,
            "disaggregated": None,
        }
    )


def test_a_pool_replica_found_by_its_layout_is_the_one_of_its_worker_line(
    catalog: Catalog,
) -> None:
    """A disaggregated pool's replica is looked up by the pool's layout, without writing the
    worker's line; it must be the replica that line resolves to."""
    line = next(
        line for line in _lines("modern_engines_dev.jsonl", 1) if '"disaggregated": {' in line
    )
    scenario = BenchmarkScenario.model_validate_json(line)
    assert scenario.disaggregated is not None
    for pool in (scenario.disaggregated.prefill, scenario.disaggregated.decode):
        by_layout = ResolvedReplicas(catalog, CURRENT_CALIBRATION).replica(scenario, pool)
        by_line = ResolvedReplicas(catalog, CURRENT_CALIBRATION).replica(
            _pool_scenario(scenario, pool)
        )
        assert by_layout.dep.layout_label == by_line.dep.layout_label
        assert (by_layout.era_label, by_layout.reasons) == (by_line.era_label, by_line.reasons)
        for counts in ((1.0, 9000.0, 0.0, 0.0), (0.0, 0.0, 8192.0, 4096.0)):
            assert _iteration_time(by_layout.dep, *counts) == _iteration_time(by_line.dep, *counts)


def _same_answer(together: dict[str, object], alone: dict[str, object]) -> None:
    """The same keys in the same order; numbers equal to 1e-9 relative (an array's power
    and exponent may differ from the plain one's in the last bit), the rest exactly."""
    assert list(together) == list(alone)
    for key, value in alone.items():
        if isinstance(value, float):
            assert type(together[key]) is float, key
            assert together[key] == pytest.approx(value, rel=1e-9, abs=0.0), key
        else:
            assert together[key] == value, key


@pytest.mark.parametrize("name", ["published_dev.jsonl", "modern_engines_dev.jsonl"])
def test_lines_of_one_replica_predicted_together_equal_each_line_alone(
    catalog: Catalog, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file's lines of one replica and kind of load go through the model as arrays; each
    answer must be what that line gets alone, in plain numbers."""
    group_sizes: list[int] = []
    long_way = benchmark_predict._predict_lines

    def counted(replica, scenarios):  # type: ignore[no-untyped-def]
        group_sizes.append(len(scenarios))
        return long_way(replica, scenarios)

    lines = _lines(name, 1)
    alone = [predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, 1)]
    monkeypatch.setattr(benchmark_predict, "_predict_lines", counted)
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert len(together) == len(alone)
    for got, wanted in zip(together, alone, strict=True):
        _same_answer(got, wanted)
    # Most lines were predicted in groups, and lines of each kind of answer are compared.
    assert sum(size for size in group_sizes if size > 1) > len(lines) // 2
    limits = {answer.get("batch_limit") for answer in alone}
    if name.startswith("modern"):
        assert {"offered load", "KV cache memory, preempting"} <= limits


def test_a_group_with_bad_lines_answers_each_line_and_goes_on(catalog: Catalog) -> None:
    """Bad lines inside a group of one replica's lines keep their own message, lines too
    long to fit say so; the others are predicted as alone."""
    good = _lines("modern_engines_dev.jsonl", 1)[:8]
    unknown_gpu = good[0].replace('"gpu": "gb200"', '"gpu": "gb999"')
    too_long = good[1].replace('"input_tokens": 8192', '"input_tokens": 9000000')
    assert good[0] != unknown_gpu and good[1] != too_long
    lines = [*good[:3], "{not json", too_long, *good[3:5], unknown_gpu, '["a list"]', *good[5:]]
    answers = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert answers[4]["fits"] is False and answers[4]["batch"] == 0
    assert all(answer.get("fits") for answer in answers[5:7])
    errors = {n: a["error"] for n, a in enumerate(answers, start=1) if "error" in a}
    assert sorted(errors) == [4, 8, 9]
    assert errors[4].startswith("line 4: not valid JSON")
    assert errors[8].startswith('line 8, gpu: unknown GPU id "gb999"')
    assert errors[9] == 'line 9: expected a JSON object ({...}), got a list: ["a list"]'
    for number, (line, answer) in enumerate(zip(lines, answers, strict=True), start=1):
        _same_answer(answer, predict_line(catalog, CURRENT_CALIBRATION, number, line))


def _percentiles_the_long_way(
    overhead_s: float,
    step_s: float,
    steps: int,
    share: float,
    staggered_s: float,
    percentiles: tuple[float, ...],
) -> list[float]:
    """Each percentile read off the sorted mixture, request by request."""
    mass = sorted(
        [(overhead_s + k * step_s, share / steps) for k in range(1, steps + 1)]
        + [(staggered_s, 1.0 - share)]
    )
    found = []
    for percentile in percentiles:
        wanted = percentile / 100.0 - 1e-12
        reached, value = 0.0, mass[-1][0]
        for at, weight in mass:
            reached += weight
            if reached >= wanted and weight > 0:
                value = at
                break
        found.append(value)
    return found


def test_ttft_percentiles_in_closed_form_equal_the_mixture_read_request_by_request(
    deploy,  # type: ignore[no-untyped-def]
) -> None:
    dep = deploy("llama-3.1-70b", "h100-sxm", tp=4)
    percentiles = (1.0, 10.0, 50.0, 90.0, 95.0, 99.0, 100.0)
    overhead, budget = 0.004, 8192.0
    cases = []
    for batch in (1.0, 3.0, 16.0, 64.0, 200.0):
        for inp in (128.0, 2000.0, 8192.0):
            steps, burst = _cohort_burst(dep, batch, inp, budget)
            step_s = float(burst.total_s)
            # The staggered point below, among, on and above the cohort's steps.
            for staggered in (0.0, overhead + 2.5 * step_s, overhead + step_s, 1e3):
                for share in (0.0, 0.01, 1 / 3, 0.5, 1.0):
                    got = concurrency_ttft_percentiles_s(
                        dep, batch, inp, budget, overhead, percentiles, share, staggered
                    )
                    wanted = _percentiles_the_long_way(
                        overhead, step_s, int(steps), share, staggered, percentiles
                    )
                    assert list(got) == wanted, (batch, inp, staggered, share)
                    cases.append((batch, inp, share, staggered, got))
    # The same cases as arrays, one element each.
    batch, inp, share, staggered, _ = (np.array(column) for column in zip(*cases, strict=True))
    arrays = concurrency_ttft_percentiles_s(
        dep, batch, inp, budget, overhead, percentiles, share, staggered
    )
    for index, case in enumerate(cases):
        assert [float(column[index]) for column in arrays] == list(case[4])


def test_queue_wait_in_closed_form_equals_the_waits_summed_request_by_request() -> None:
    rates = np.array([0.5, 2.0, 9.0, 40.0, 400.0])
    slots = np.array([1.0, 8.0, 64.0, 3.0, 250.0])
    for requests in (1, 10, 1000):
        for arrival_rate in (math.inf, 1.0, 20.0):
            gap = 0.0 if math.isinf(arrival_rate) else 1.0 / arrival_rate
            arrays = finite_run_queue_wait_s(requests, arrival_rate, rates, slots)
            for index, (rate, held) in enumerate(zip(rates, slots, strict=True)):
                per_request, backlog = 1.0 / rate - gap, held / rate
                summed = sum(max(0.0, k * per_request - backlog) for k in range(requests))
                wait = finite_run_queue_wait_s(requests, arrival_rate, float(rate), float(held))
                assert wait == pytest.approx(summed / requests, rel=1e-9, abs=1e-12)
                assert float(arrays[index]) == pytest.approx(wait, rel=1e-12, abs=1e-15)


def test_an_engine_release_looked_up_once_gives_the_calibrations_own_values(
    catalog: Catalog,
) -> None:
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    for engine, version, kind, measured in (
        ("vllm", None, None, None),
        ("vllm", "0.5.0", None, "0.5.0"),
        ("sglang", "0.5.8", "aic_disagg", "0.5.8"),
        ("tensorrt-llm", "1.1.0", None, "1.1.0"),
        # A disaggregated line naming NVIDIA Dynamo 0.8.1.post2 ran TensorRT-LLM 1.2.0rc6.post2.
        ("tensorrt-llm", "0.8.1.post2", "aic_disagg", "1.2.0rc6.post2"),
    ):
        assert release_measured(catalog.engine(engine), version, kind) == measured
        era = CURRENT_CALIBRATION.era(engine, measured)
        label = era.label if era else None
        wanted = (measured, label, CURRENT_CALIBRATION.performance_for(engine, measured))
        assert resolved.release(engine, version, kind) == wanted
        assert resolved.release(engine, version, kind) is resolved.release(engine, version, kind)


def test_the_first_smallest_and_largest_per_element_are_those_of_each_element_alone() -> None:
    """Caps and bounds are picked by comparisons, one candidate after another: the same
    name and value as min and max by key, the first named on a tie."""
    rng = np.random.default_rng(13)
    names = ("a", "b", "c")
    columns = {name: rng.integers(0, 4, 200).astype(float) for name in names}
    for pick, by_key in ((first_smallest, min), (first_largest, max)):
        picked, values = pick(columns)
        for index in range(200):
            alone = {name: float(columns[name][index]) for name in names}
            name = by_key(alone, key=lambda k: alone[k])
            assert (picked[index], values[index]) == (name, alone[name])
            assert pick(alone) == (name, alone[name])


def _line(load: dict[str, object], **fields: object) -> str:
    """A scenario line of `fields` under `load`, its id made of them."""
    name = "-".join(str(value) for value in [*fields.values(), *load.values()])
    return json.dumps({"id": name, **fields, "load": load})


def _mixed_replica_lines() -> list[str]:
    """Concurrency sweeps, static batches (one that generates a single token) and
    max-throughput lines of one model and layout on several GPUs, engines and precisions:
    replicas that stack (they differ in numbers, or in how their engines size and admit)
    and replicas that do not (weight-only against native low-bit GEMMs), some that do not
    fit."""
    lines = []
    for gpu in ("h100-sxm", "h200-sxm", "b200", "a100-80gb-sxm", "l40s", "mi300x"):
        for engine in ("tensorrt-llm", "vllm", "sglang"):
            for precision in ("bf16", "fp8", "int4"):
                for load in [
                    {"mode": "max_throughput"},
                    *({"mode": "concurrency", "concurrency": c} for c in (1, 16, 64, 512)),
                    *({"mode": "static_batch", "batch": b} for b in (1, 8, 64)),
                ]:
                    lines.append(
                        _line(
                            load,
                            engine=engine,
                            model="llama-3.1-70b",
                            gpu=gpu,
                            num_gpus=4,
                            tp=2,
                            weight_precision=precision,
                            input_tokens=1024 if gpu != "b200" else 3000,
                            output_tokens=1 if load.get("batch") == 64 else 512,
                        )
                    )
    return lines


def _together_as_alone(
    catalog: Catalog,
    lines: list[str],
    monkeypatch: pytest.MonkeyPatch,
    seen: Callable[[benchmark_predict.Replica, int], None],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(each line's answer alone, the file's answers) after checking each of the file's
    equals its line's alone; `seen` is told each replica (or stack) and how many lines
    went through the model with it."""
    long_way = benchmark_predict._predict_lines

    def counted(replica, scenarios):  # type: ignore[no-untyped-def]
        seen(replica, len(scenarios))
        return long_way(replica, scenarios)

    alone = [predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, 1)]
    monkeypatch.setattr(benchmark_predict, "_predict_lines", counted)
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    for got, wanted in zip(together, alone, strict=True):
        _same_answer(got, wanted)
    return alone, together


def test_lines_of_several_replicas_predicted_as_one_array_equal_each_line_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replicas of one model and layout on other GPUs, engines and precisions go through the
    model as one array (their numbers as arrays); those whose formulas branch apart are
    predicted replica by replica. Either way each answer is the line's alone."""
    stacked_lines: list[int] = []

    def seen(replica: benchmark_predict.Replica, lines: int) -> None:
        if isinstance(replica.dep.effective_bandwidth_bps, np.ndarray):
            stacked_lines.append(lines)

    lines = _mixed_replica_lines()
    alone, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert sum(stacked_lines) > len(lines) // 4
    # Some fit and some do not; the stacks' answers name each line's own GPU and precision.
    assert {answer.get("fits") for answer in alone if "error" not in answer} == {True, False}
    assert {answer.get("gpu_architecture") for answer in together} >= {"hopper", "ampere"}


def _other_models_and_layouts() -> list[str]:
    """Lines of several dense models, TP degrees and pipeline depths on two GPUs: replicas
    that share their kinds of layers, and so one array (the 405B model at 16 bits does not
    fit the smaller layouts)."""
    lines = []
    layouts = [(1, 1), (2, 1), (4, 1), (8, 1), (1, 2), (2, 2), (4, 2)]
    for model in ("llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b", "qwen2.5-72b", "mistral-7b"):
        for gpu in ("h100-sxm", "h200-sxm"):
            for tp, pp in layouts:
                for load in [
                    {"mode": "max_throughput"},
                    *({"mode": "concurrency", "concurrency": c} for c in (4, 64, 1024)),
                    {"mode": "static_batch", "batch": 32},
                ]:
                    lines.append(
                        _line(
                            load,
                            engine="vllm",
                            model=model,
                            gpu=gpu,
                            num_gpus=16,
                            tp=tp,
                            pp=pp,
                            weight_precision="bf16",
                            input_tokens=2048,
                            output_tokens=256,
                        )
                    )
    return lines


def test_lines_of_other_models_and_layouts_predicted_as_one_array_equal_each_line_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replicas of several models and TP and PP degrees, one GPU or several, go through the
    model as one array (a model's layer counts and heads, a layout's degrees as arrays: no
    all-reduce nor pipeline hand-over where TP or PP is 1); each answer is the line's alone,
    its layout named as its own."""
    stacks: list[tuple[int, set[int], set[int]]] = []

    def seen(replica: benchmark_predict.Replica, _: int) -> None:
        dep = replica.dep
        if isinstance(dep.model.total_params_b, np.ndarray):
            models = len(set(dep.model.total_params_b.tolist()))
            stacks.append((models, set(np.ravel(dep.tp).tolist()), set(np.ravel(dep.pp).tolist())))

    lines = _other_models_and_layouts()
    alone, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    # Stacks hold several models, TP degrees with and without TP, pipelines and none;
    # both ways, lines fit and do not.
    assert max(models for models, _, _ in stacks) >= 4
    assert any(len(tps) >= 3 and 1 in tps and pps == {1, 2} for _, tps, pps in stacks)
    assert {answer.get("fits") for answer in alone} == {True, False}
    assert {answer["layout"] for answer in together} >= {"TP 1 × PP 2", "TP 8 × PP 1"}


def test_lines_with_and_without_data_parallel_attention_as_one_array_equal_each_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MoE replicas whose attention is split over TP, data-parallel over the stage, or both,
    with their experts split or whole, go through the model as one array: each element gets
    its own all-reduces or expert exchange and its own weights per GPU, as alone."""
    splits: list[set[int]] = []

    def seen(replica: benchmark_predict.Replica, _: int) -> None:
        if isinstance(replica.dep.attention_dp, np.ndarray):
            splits.append(set(replica.dep.attention_dp.tolist()))

    layouts = [(8, 1, 1), (8, 1, 8), (1, 8, 8), (2, 4, 8), (4, 1, 4)]  # tp, attention DP, EP
    lines = [
        _line(
            load,
            engine="sglang",
            model="qwen3-30b-a3b",
            gpu=gpu,
            num_gpus=16,
            tp=tp,
            attention_dp=dp,
            ep=ep,
            weight_precision="fp8",
            input_tokens=3000,
            output_tokens=500,
        )
        for tp, dp, ep in layouts
        for gpu in ("h100-sxm", "b200")
        for load in [
            {"mode": "max_throughput"},
            *({"mode": "concurrency", "concurrency": c} for c in (1, 64, 2048)),
        ]
    ]
    _, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert any(len(ranks) >= 3 and 1 in ranks for ranks in splits)
    assert all("error" not in answer for answer in together)


def test_lines_of_engines_of_other_eras_predicted_as_one_array_equal_each_line_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replicas of engine releases of several eras, some of them extrapolations, go through
    the model as one array; each line's bands are those of its own era and extrapolation,
    and each answer is the line's alone."""
    eras_stacked: list[int] = []

    def seen(replica: benchmark_predict.Replica, _: int) -> None:
        if replica.line_eras is not None:
            eras_stacked.append(len(set(replica.line_eras)))

    releases = [("vllm", "0.6"), ("vllm", "0.19"), ("sglang", "0.4"), ("sglang", "0.5")]
    lines = [
        _line(
            load,
            engine=engine,
            engine_version=version,
            model="llama-3.1-70b",
            gpu=gpu,
            num_gpus=8,
            tp=2,
            weight_precision="fp8",
            input_tokens=1000,
            output_tokens=400,
        )
        for engine, version in releases
        for gpu in ("h100-sxm", "mi300x")
        for load in [
            {"mode": "max_throughput"},
            *({"mode": "concurrency", "concurrency": c} for c in (2, 32, 256)),
        ]
    ]
    _, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert max(eras_stacked) >= 3
    assert len({answer["engine_era"] for answer in together}) >= 3
    assert {answer["extrapolation"] for answer in together} == {True, False}
    assert all("ttft_ms_low" in answer for answer in together)


def _stacked_values(
    read: Callable[[benchmark_predict.Replica], Any],
) -> tuple[list[int], list[set[Any]], Callable[[benchmark_predict.Replica, int], None]]:
    """(the lines through the model in each pass, the distinct values `read` finds in each
    stacked replica, the `seen` of `_together_as_alone` that fills both)."""
    passes: list[int] = []
    values: list[set[Any]] = []

    def seen(replica: benchmark_predict.Replica, lines: int) -> None:
        passes.append(lines)
        value = read(replica)
        if isinstance(value, np.ndarray):
            values.append(set(value.tolist()))

    return passes, values, seen


def test_lines_of_engines_that_size_and_admit_apart_predicted_as_one_array_equal_each_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TensorRT-LLM takes its memory fraction of what the weights leave and reserves whole
    sequences; vLLM takes it of the whole device and admits by prompt, preempting the
    overflow. Their replicas go through the model as one array, those two labels compared
    element by element (`LABELS_PER_ELEMENT`): each answer is the line's alone."""
    passes, admissions, seen = _stacked_values(lambda replica: replica.dep.engine.kv_admission)
    replica = {"model": "llama-3.1-8b", "gpu": "h100-sxm", "num_gpus": 2, "tp": 1}
    lengths = {"weight_precision": "fp8", "input_tokens": 3000, "output_tokens": 1000}
    loads = [{"mode": "max_throughput"}]
    loads += [{"mode": "concurrency", "concurrency": c} for c in (1, 64, 4096)]
    lines = [
        _line(load, engine=engine, **replica, **lengths)
        for engine in ("tensorrt-llm", "vllm")
        for load in loads
    ]
    _, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert passes == [2, 6]
    assert admissions and all(kinds == {"occupancy", "full_sequence"} for kinds in admissions)
    assert "KV cache memory, preempting" in {answer.get("batch_limit") for answer in together}


def test_lines_of_gpus_in_other_memory_tiers_predicted_as_one_array_equal_each_line_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SGLang works its memory fraction out from a reserve whose token budget is that of the
    GPU's memory tier (its scheduler's budget): replicas on GPUs of three tiers still go
    through the model as one array, each element with its own tier's budget, as alone."""
    passes, memories, seen = _stacked_values(lambda replica: replica.dep.gpu.usable_memory_gib)
    replica = {"engine": "sglang", "engine_version": "0.5", "model": "llama-3.1-8b"}
    lengths = {"input_tokens": 2000, "output_tokens": 300}
    lines = [
        _line(load, **replica, gpu=gpu, num_gpus=2, tp=1, weight_precision="fp8", **lengths)
        for gpu in ("l40s", "h100-sxm", "b200")
        for load in [
            {"mode": "max_throughput"},
            *({"mode": "concurrency", "concurrency": c} for c in (1, 16, 256)),
        ]
    ]
    budgets = {
        gpu: catalog.engine_on_gpu(
            "sglang", "0.5", catalog.gpu(gpu).usable_memory_gib, 1
        ).max_num_batched_tokens
        for gpu in ("l40s", "h100-sxm", "b200")
    }
    _, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert len(set(budgets.values())) == 3
    assert passes == [3, 9]
    assert max(map(len, memories)) == 3
    assert all("error" not in answer for answer in together)


def test_request_rate_lines_of_one_replica_as_arrays_equal_each_line_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A request-rate sweep of one replica goes through the model as arrays, below its
    capacity (the batch that serves each rate, read off its own grid) and above it (the
    queue, preemption where prompts overflow the cache): each answer is the line's alone."""
    together_sizes: list[int] = []

    def seen(_: benchmark_predict.Replica, lines: int) -> None:
        together_sizes.append(lines)

    lines = [
        _line(
            {"mode": "request_rate", "request_rate": rate},
            engine=engine,
            model="llama-3.1-8b",
            gpu="h100-sxm",
            num_gpus=2,
            tp=1,
            weight_precision="fp8",
            input_tokens=inp,
            output_tokens=1000,
        )
        for engine in ("vllm", "tensorrt-llm")
        for inp in (500, 4000)
        for rate in (0.5, 4.0, 16.0, 64.0, 400.0)
    ]
    _, together = _together_as_alone(catalog, lines, monkeypatch, seen)
    assert max(together_sizes) >= 5
    assert {answer["saturated"] for answer in together} == {True, False}
    assert {answer["batch_limit"] for answer in together} >= {"offered load"}
    assert any("preempted_share" in answer for answer in together)


def test_a_condition_of_stacked_replicas_is_one_only_where_all_agree() -> None:
    """`uniform` reads a condition every stacked replica shares as one bool; where they
    differ the formulas cannot branch, and the stack is predicted replica by replica."""
    assert uniform(np.array([4, 8]) > 1) is True
    assert uniform(np.array([4, 8]) == 1) is False
    assert uniform(2 > 1) is True
    with pytest.raises(ValueError, match="differs") as raised:
        uniform(np.array([1, 8]) > 1)
    assert stacked.branched_apart(raised.value)
    assert not stacked.branched_apart(ValueError("a fault of its own"))
    assert not stacked.branched_apart(TypeError("unsupported operand"))
    for one_number in (lambda: math.ceil(np.array([1.5, 2.5])), lambda: {np.array([1, 2]): 1}):
        with pytest.raises(TypeError) as took:
            one_number()
        assert stacked.branched_apart(took.value)


def test_replicas_that_differ_beyond_numbers_are_not_stacked() -> None:
    """A field that differs and is not a number cannot be an array: any use of it refuses,
    so the formulas never read one replica's label, flag or list for another's. The two
    labels the formulas compare element by element are arrays of one label a line."""
    one = stacked.Stacking([2, 1]).of([1.5, 2.5], "gpu.memory_bandwidth_tbps")
    assert one.tolist() == [1.5, 1.5, 2.5]
    assert stacked.Stacking([1, 4]).of([3.0, 3.0], "gpu.bf16_tflops") == 3.0
    two = stacked.Stacking([1, 1])
    label = two.of(["vLLM", "SGLang"], "engine.name")
    assert isinstance(label, stacked.Differs)
    for use in (
        lambda: label == "vLLM",
        lambda: bool(label),
        lambda: f"{label}",
        lambda: label.upper(),
        lambda: 1.0 * label,
    ):
        with pytest.raises(stacked.NotStackableError, match=r"engine\.name differs"):
            use()
    assert isinstance(two.of([True, False], "execution.weight_only"), stacked.Differs)
    admission = stacked.Stacking([2, 1]).of(["occupancy", "full_sequence"], "engine.kv_admission")
    assert (admission == "occupancy").tolist() == [True, True, False]


def test_replicas_whose_formulas_branch_apart_are_predicted_each_as_alone(
    catalog: Catalog,
) -> None:
    """Two replicas of one shape whose engines differ in a number the step time branches on
    (no eager launch cost against one) cannot share an array: their lines get each
    replica's own answers."""
    lines = [line for line in _mixed_replica_lines() if line.count('"h100-sxm"')]
    scenarios = [BenchmarkScenario.model_validate_json(line) for line in lines[:5]]
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    eager = resolved.replica(scenarios[0])
    assumptions = eager.dep.assumptions.model_copy(update={"eager_layer_overhead_us": 0.0})
    graphs = dataclasses.replace(eager, dep=dataclasses.replace(eager.dep, assumptions=assumptions))
    assert eager.dep.assumptions.eager_layer_overhead_us > 0.0
    both = scenarios + scenarios
    answers: list[benchmark_predict.Answer] = [{} for _ in both]
    benchmark_predict._predict_together(
        [(eager, [0, 1, 2, 3, 4]), (graphs, [5, 6, 7, 8, 9])], both, answers
    )
    assert answers[:5] == benchmark_predict._predict_lines(eager, scenarios)
    assert answers[5:] == benchmark_predict._predict_lines(graphs, scenarios)
    assert answers[:5] != answers[5:]


def test_disaggregated_lines_of_one_pair_of_pools_start_once_and_answer_as_alone(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a sweep's disaggregated lines share (both pools' memory, hand-over, prefill pool,
    decode cap) is worked out once per pair of pools and lengths; each line's answer, its
    own id and memory breakdown included, is still the one it gets alone."""
    lines = [line for line in _lines("modern_engines_dev.jsonl", 1) if '"disaggregated"' in line]
    started: list[str] = []
    long_way = benchmark_predict.start_pools

    def counted(scenario, *args):  # type: ignore[no-untyped-def]
        started.append(scenario.id)
        return long_way(scenario, *args)

    monkeypatch.setattr(benchmark_predict, "start_pools", counted)
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    # 188 pairs of pools and lengths (183 before the GB200 lines that write a recipe's whole
    # deployment as one worker were read as their recipes' deployments, 5 of them new)
    assert 0 < len(started) <= len(lines) // 3
    alone = [predict_line(catalog, CURRENT_CALIBRATION, n, line) for n, line in enumerate(lines, 1)]
    assert together == alone
    breakdowns = [answer["memory_per_gpu_gb"] for answer in together if "error" not in answer]
    assert len({id(each) for each in breakdowns}) == len(breakdowns)  # each answer its own


def test_rows_read_at_their_own_places_equal_numpys_interpolation_row_by_row() -> None:
    """`rows_at` reads every line's row at its fractional index in one step; each value is
    what `np.interp` over the row's indexes gives, bit for bit: between points, on a point,
    at the last point, and a row of one point."""
    rows = np.array([[1.0, 3.0, 7.0, 15.0], [0.1, 0.2, 0.4, 0.3], [5.0, 5.0, 5.0, 5.0]])
    at = np.array([0.25, 3.0, 1.0])
    expected = [np.interp(a, np.arange(4), row) for a, row in zip(at, rows, strict=True)]
    assert rows_at(rows, at).tolist() == expected == [1.5, 0.3, 5.0]
    grid = np.geomspace(1e-3, 300.0, 160)
    wide = np.vstack([grid, grid**0.7, np.sqrt(grid) + 0.01])
    places = np.array([12.345678, 158.999999, 0.0])
    got = rows_at(wide, places)
    for place, row, value in zip(places, wide, got.tolist(), strict=True):
        assert value == np.interp(place, np.arange(row.size), row)
    assert rows_at(np.array([[2.5], [4.0]]), np.array([0.0, 0.0])).tolist() == [2.5, 4.0]


def test_points_read_for_many_lines_at_once_equal_each_lines_reading(catalog: Catalog) -> None:
    """`points_at` reads a file's disaggregated lines off their curves as one array (curves
    of several lengths, clients waiting beyond the pools' hold, request rates inside and
    beyond what the pools serve); each point equals that line's own reading with
    `np.interp`, its TTFT with the queue's wait and its end-to-end time from them."""
    pending = _pending_lines(catalog, 3)
    curves = curves_together([each.curves for each in pending])
    outs = [each.curves.output_tokens for each in pending]
    where = []
    for each, line_curves, out in zip(pending, curves, outs, strict=True):
        clients = float(each.load.concurrency) if isinstance(each.load, Concurrency) else 8.0
        where.append(settled_at_concurrency(line_curves, clients, out))
        where.append(settled_at_concurrency(line_curves, clients * 50.0, out))  # waiting
        top = float(line_curves.requests_per_s[-1])
        where.extend(settled_at_rate(line_curves, rate) for rate in (top / 3.0, top * 2.0))
    doubled = [line_curves for line_curves in curves for _ in range(4)]
    lengths = {line_curves.batch.size for line_curves in doubled}
    assert len(lengths) > 1 and any(place.waiting > 0.0 for place in where)
    each_out = [out for out in outs for _ in range(4)]
    points = points_at(doubled, where, each_out)
    for line_curves, place, point, out in zip(doubled, where, points, each_out, strict=True):
        index = np.arange(line_curves.batch.size)
        rate = float(np.interp(place.at, index, line_curves.requests_per_s))
        tpot = float(np.interp(place.at, index, line_curves.tpot_s))
        ttft = float(np.interp(place.at, index, line_curves.ttft_s)) + place.waiting / rate
        assert (point.requests_per_s, point.tpot_s, point.ttft_s) == (rate, tpot, ttft)
        assert point.e2e_s == ttft + (out - 1.0) * tpot
        assert point.decode_batch_per_worker == np.interp(place.at, index, line_curves.batch)
        assert point.bound == place.bound and point.waiting_requests == place.waiting
