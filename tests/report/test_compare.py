"""The side-by-side table of key results marks the rows where scenarios differ."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Hardware, preset_scenario
from aisle_desktop.report import compare_results
from aisle_desktop.report.compare import tail_rows
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario


def test_rows_and_differences(catalog: Catalog) -> None:
    base = preset_scenario("llama-70b-rag")
    h200 = base.model_copy(
        update={"name": "H200", "hardware": Hardware(gpu_id="h200-sxm", gpu_count=8)}
    )
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (base, base, h200)]
    rows = {row.name: row for row in compare_results(results)}
    assert {
        "gpus_bought",
        "gpus_needed",
        "replicas",
        "ttft_ms",
        "tco_per_year_usd",
        "cost_per_million_tokens_usd",
    } <= set(rows)
    assert all(len(row.values) == 3 for row in rows.values())
    assert rows["ttft_ms"].unit == "ms" and rows["ttft_ms"].label.startswith("Time to first")
    same = compare_results(results[:2])
    assert not any(row.differs for row in same)
    assert rows["capex_usd"].differs  # an H200 server costs more than an H100 one


def test_the_table_says_what_each_option_is(catalog: Catalog) -> None:
    base = preset_scenario("llama-70b-rag")
    bf16 = base.model_copy(
        update={
            "name": "BF16 on H200",
            "hardware": Hardware(gpu_id="h200-sxm"),
            "workload": base.workload.model_copy(update={"weight_precision": "bf16"}),
        }
    )
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (base, bf16)]
    rows = compare_results(results)
    assert [row.name for row in rows[:3]] == ["gpu", "model", "precision"]
    gpu, model, precision = rows[:3]
    assert gpu.texts == ("NVIDIA H100 SXM5 80GB", "NVIDIA H200 SXM 141GB") and gpu.differs
    assert model.texts == ("Llama 3.1 70B", "Llama 3.1 70B") and not model.differs
    assert precision.texts == ("FP8 / BF16", "BF16 / BF16") and precision.differs
    assert precision.label == "Precision (weights / KV cache)"


def test_the_table_names_the_engine_release_and_the_layout(catalog: Catalog) -> None:
    base = preset_scenario("deepseek-v3")
    tp = base.model_copy(
        update={
            "name": "TP only on SGLang 0.4",
            "hardware": base.hardware.model_copy(update={"expert_layout": "tp"}),
            "workload": base.workload.model_copy(update={"engine_version": "0.4.6"}),
        }
    )
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (base, tp)]
    rows = {row.name: row for row in compare_results(results)}
    assert rows["engine"].texts == ("SGLang 0.5.22 (2026-10)", "SGLang 0.4 (2024-12)")
    assert rows["layout"].texts[0] == "TP 8 × EP 8, attention data-parallel 8"
    assert rows["layout"].texts[1].startswith("TP ") and "EP" not in rows["layout"].texts[1]
    assert rows["engine"].differs and rows["layout"].differs


def test_the_table_shows_each_scenarios_tail_against_its_targets(catalog: Catalog) -> None:
    """The agentic coding preset served together and in separate pools: their simulated p95
    and p99 TTFT and TPOT, each beside its target (3 s, 40 ms), in rows after the means; the
    pools' p99 TTFT is over its target where serving together is within it."""
    from aisle_desktop.sizing.planning import plan_tail_latency

    base = preset_scenario("agentic-coding")
    pools = base.model_copy(
        update={
            "name": "In pools",
            "hardware": base.hardware.model_copy(update={"serving": "disaggregated"}),
        }
    )
    results = [size_scenario(catalog, s, CURRENT_CALIBRATION) for s in (base, pools)]
    tails = [plan_tail_latency(r) for r in results]
    rows = compare_results(results, tails)
    names = [row.name for row in rows]
    at = names.index("tpot_ms")
    assert names[at + 1 : at + 5] == ["ttft_p95_ms", "ttft_p99_ms", "tpot_p95_ms", "tpot_p99_ms"]
    by_name = {row.name: row for row in rows}
    p99 = by_name["ttft_p99_ms"]
    assert p99.label == "P99 time to first token" and p99.unit == "ms"
    assert p99.against_target(0) == "1.25 s (within 3 s)"
    assert p99.against_target(1) == "3.08 s (over 3 s)"
    assert by_name["tpot_p95_ms"].targets == (40.0, 40.0)
    assert "ttft_p95_ms" not in {row.name for row in compare_results(results)}
    assert not tail_rows(results, [None, None])
