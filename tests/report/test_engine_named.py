"""Each value on the Assumptions pages names the engine release it was computed for, and a
switch's 0 reads as what the model does there (QA: "Share of memory speed reached reading
conversations with TensorRT-LLM's kernel (B200)" read "95 % with vLLM 0.19", and "0 %" with
TensorRT-LLM 1.2 and SGLang 0.5: vLLM's FlashInfer runs TensorRT-LLM's kernel on B200-class
GPUs at 95 %; the other engines' 0 reads the cache at the share other GPUs reach)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.main import main
from aisle_desktop.labels import ZERO_READS, assumption_label
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report.assumptions_table import assumption_rows, idle_calibration_rows
from aisle_desktop.report.model import build_report
from aisle_desktop.report.scenario_pages import inputs_rows
from tests.report.conftest import needs_poppler, poppler

KERNEL = "sm100_decode_attention_bandwidth_efficiency"
NAMED = re.compile(r"with ([^;,]+?) \(\d{4}-\d{2}\)")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]*>", " ", html)).split())


@pytest.mark.parametrize("preset", list(PRESETS))
def test_every_release_named_is_one_the_plan_runs(catalog: Catalog, preset: str) -> None:
    """Every preset's report: a value "with" a release names one its scenario runs."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario(preset)]), preset)
    runs = {r.engine_release for _, r in report.sized}
    rows = [*assumption_rows(report), *idle_calibration_rows(report)]
    named = {release for row in rows for release in NAMED.findall(_text(row[1]))}
    assert named <= {release.rsplit(" (", 1)[0] for release in runs if release}
    kernel = assumption_label(KERNEL)[0]
    values = [_text(row[1]) for row in rows if _text(row[0]) == kernel]
    assert values and not any(v.startswith("0 %") or "; 0 %" in v for v in values)


def test_the_three_scenario_report_names_each_engine_s_value(
    catalog: Catalog, three_plan: Plan
) -> None:
    """vLLM 0.32 (two scenarios) runs the kernel at 95 %; SGLang 0.5.22 does not use it."""
    report = build_report(catalog, three_plan, "Three options")
    kernel = assumption_label(KERNEL)[0]
    (row,) = [row for row in idle_calibration_rows(report) if _text(row[0]) == kernel]
    assert _text(row[1]) == (
        f"95 % with vLLM 0.32 (2026-10); {ZERO_READS[KERNEL]} with SGLang 0.5.22 (2026-10)"
    )


def test_a_tensorrt_llm_report_says_the_kernel_value_is_not_used(
    gui_app: object, tmp_path: Path
) -> None:
    """The Llama 3.1 405B FP8 preset runs TensorRT-LLM 1.2 alone: on paper the row reads
    "not used", never "0 %", and says vLLM is the engine it is for."""
    needs_poppler()
    path = tmp_path / "trtllm.pdf"
    assert main(["report", "--preset", "llama-405b-fp8", "-o", str(path)]) == 0
    text = " ".join(poppler("pdftotext", str(path), "-").split())
    assert "Share of memory speed vLLM reaches" in text
    assert "not used (the share other GPUs reach)" in text
    assert "Share of memory speed reached reading conversations with TensorRT-LLM" not in text


def _row_named(rows: list[list[str]], name: str) -> list[str]:
    (row,) = [row for row in rows if _text(row[0]) == assumption_label(name)[0]]
    return [_text(cell) for cell in row]


def test_a_switch_at_0_reads_off_and_a_set_value_says_what_set_it(catalog: Catalog) -> None:
    """QA: the default report read "0 steps" for vLLM's attention data-parallel balancer (it
    has none), "older releases: 0 ms" for a hand-over they did not model, and "Fitted per
    engine release" for the harness's 1,500 tokens, a rule set, not a fit."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "rag")
    rows = [*assumption_rows(report), *idle_calibration_rows(report)]
    assert _row_named(rows, "attention_dp_balance_timeout_steps")[1] == "off (no balancer)"
    handover = _row_named(rows, "disaggregated_handover_ms")
    assert handover[2].endswith(
        "Per engine release, measured (vLLM RFC 50913's hand-over), not fitted; older "
        "releases: none (beyond the cache's transfer)"
    )
    overhead = _row_named(rows, "request_overhead_ms")
    assert (
        "Per engine release, fitted to the 2025-26 measurements; older releases: 5 ms"
        in (overhead[2])
    )
    texts = " ".join(cell for row in rows for cell in map(_text, row))
    # A bare "0 steps" as a value; a note's "off (0 steps): ..." names the off value as it reads.
    assert not re.search(r"(^|[^\d.,(])0 (steps|tokens|layers)\b", texts)
    assert "off (0 steps)" in texts
    assert "Fitted per engine release" not in texts


def test_size_prints_a_switch_at_0_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["size", "--preset", "llama-70b-rag", "--serving", "aggregated"]) == 0
    out = capsys.readouterr().out
    balancer = "Steps a prompt may wait for every attention rank to have one"
    assert f"  {balancer}: off (no balancer) · " in out
    assert (
        "  Tokens a benchmark harness adds to a worker's budget beyond its clients and a prompt: "
        "1,500 tokens · vLLM V1 engine (0.14 and later), sourced ("
        "aiconfigurator's harness rule files), not fitted (docs/calibration.md, engine eras); "
        "earlier releases off (the engine's own budget): " in out
    )


def test_the_inputs_say_what_the_engine_runs_with_on_the_plans_gpu(catalog: Catalog) -> None:
    """The L40S chat preset's Inputs table: vLLM 0.32 takes 256 requests at once and 2,048
    tokens a step there, its small tier, not the H100's 1,024 and 8,192."""
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-8b-chat")]), "Chat")
    (item,) = report.scenarios
    (row,) = [row for row in inputs_rows(report, item) if row[0] == "Serving engine"]
    assert _text(row[1]) == (
        "vLLM 0.32 (2026-10): 256 requests at once, 2,048 tokens a step "
        "(its defaults on GPUs under 70 GiB and on A100)"
    )


def test_each_release_says_how_its_own_value_was_found(catalog: Catalog) -> None:
    """A plan on vLLM 0.10 and the newest, 0.32: the report said "fitted" of 0.10's zero
    planned-ahead iterations, sourced from vLLM's release notes (calibration 2026.12.52); each
    release now says how its own value was found."""
    rag = preset_scenario("llama-70b-rag")
    older = rag.model_copy(
        update={
            "name": "On vLLM 0.10",
            "workload": rag.workload.model_copy(update={"engine_version": "0.10"}),
        }
    )
    report = build_report(catalog, Plan(scenarios=[older, rag]), "two releases")
    row = _row_named(assumption_rows(report), "first_token_wait_steps")
    assert row[1] == "none with vLLM 0.10 (2025-07); 2.93 steps with vLLM 0.32 (2026-10)"
    assert row[2].endswith(
        "Per engine release, with vLLM 0.10 (2025-07), sourced (vLLM's release notes: "
        "asynchronous scheduling is its default from 0.14.0, so 0.10-0.13 at their defaults "
        "schedule in turn), not fitted; with vLLM 0.32 (2026-10), fitted to the 2025-26 "
        "measurements; older releases: none"
    )
