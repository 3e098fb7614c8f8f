"""`aisle-desktop size --preset NAME`: a readable summary of a sized plan."""

from __future__ import annotations

import dataclasses
import json
from typing import TYPE_CHECKING, Any, TextIO

from aisle_desktop.formatting import count, ms_from_s, percentile_text, target_text, with_unit
from aisle_desktop.labels import (
    assumption_label,
    assumption_value_text,
    figure_groups,
    repeats_another,
)
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.engine import TailLatency

if TYPE_CHECKING:  # the planning part is imported when a command sizes (`main`)
    from aisle_desktop.sizing import Assumption, SizingResult
    from aisle_desktop.sizing.planning import DisaggregatedPlan, ServingComparison


def _ms(seconds: float) -> str:
    return with_unit(ms_from_s(seconds), "ms")


def tail_latency_lines(tail: TailLatency, result: SizingResult | None = None) -> list[str]:
    """The simulated percentiles, as the summary prints them (beside the plan's targets)."""
    where = "through a prefill and a decode worker" if tail.pools else "on one replica"
    ttft, tpot = (_target(result, name) for name in ("ttft_ms", "tpot_ms"))

    def row(label: str, values: tuple[float, float, float], target_ms: float | None) -> str:
        shown = (percentile_text(s, target_ms) for s in values)
        return f"  {label:<44} " + " · ".join(
            f"{p} {text}" for p, text in zip(("p50", "p95", "p99"), shown, strict=True)
        )

    return [
        f"Tail latency (simulated, {tail.requests:,} requests {where} at planned load)",
        row("Time to first token", (tail.ttft_p50_s, tail.ttft_p95_s, tail.ttft_p99_s), ttft),
        row("Time per output token", (tail.tpot_p50_s, tail.tpot_p95_s, tail.tpot_p99_s), tpot),
    ]


def _target(result: SizingResult | None, name: str) -> float | None:
    """The plan's target for a figure (None: none, or no result given)."""
    shown = None if result is None else result.figures.get(name)
    return None if shown is None else shown.target


def sized_record(result: SizingResult, tail: TailLatency | None) -> dict[str, Any]:
    """The JSON of one sized scenario: the result and, if simulated, its tail latencies."""
    record = result.model_dump(mode="json")
    record["tail_latency"] = dataclasses.asdict(tail) if tail is not None else None
    return record


def summary_text(result: SizingResult, tail: TailLatency | None = None) -> str:
    """The plan in the words and units a planner reads; every figure from the result."""
    from aisle_desktop.report.verdict import warning_heading  # the report's words for each
    from aisle_desktop.sizing import figure_text

    lines = [result.scenario_name, "=" * len(result.scenario_name), result.status, ""]
    weight_only = " (weight-only)" if result.weight_only else ""
    lines.append(
        f"Serving   {result.model_name}, {result.weight_precision.upper()} weights{weight_only}, "
        f"{result.kv_precision.upper()} KV cache, {result.engine_release or result.engine_name}"
    )
    if result.engine_defaults:
        lines.append(f"Engine    {result.engine_defaults}")
    if result.weights_stored:
        lines.append(f"Weights   {result.weights_stored}")
    lines.append(
        f"Requests  {result.input_tokens:,} input + {result.output_tokens:,} output tokens"
    )
    if result.demand:
        lines.append(f"Load      {result.demand}")
    if result.fits:
        lines.append(
            f"Hardware  {result.hardware_text()} = {result.served_by()}"
            f"{result.encoders_text()}, in {result.servers_text()}, "
            f"{count(result.racks, 'rack')}"
        )
        if result.layout_reason:
            lines.append(f"Layout    {result.layout_reason}")
        lines.append(f"Binds     {result.binding_constraint}; {result.steps_bound()}")
    for title, figures in figure_groups(result.prefill_layout, result.decode_layout):
        shown = [
            (label, name)
            for name, label in figures
            if name in result.figures and not repeats_another(result.figures, name)
        ]
        if not shown:
            continue
        lines += ["", title]
        for label, name in shown:
            lines.append(f"  {label:<44} {figure_text(result, name)}")
    if tail is not None:
        lines += ["", *tail_latency_lines(tail, result)]
    if result.warnings:
        lines += ["", "Warnings"]
        lines += [f"  {warning_heading(w)}: {w.message}" for w in result.warnings]
    if result.alternatives:
        lines += ["", "What would work"]
        lines += [f"  - {a}" for a in result.alternatives]
    # "Assumptions, calibration 2026.12.37 (2026-12-07)": it read "Assumptions (the model's
    # calibration 2026.12.37 (2026-12-07))", brackets in brackets.
    lines += ["", f"Assumptions, {result.calibration_label}"]
    lines += [f"  {assumption_line(a)}" for a in result.assumptions]
    return "\n".join(lines) + "\n"


def assumption_line(a: Assumption) -> str:
    """``Time per request before its first step: 20.9 ms · vLLM V1 engine ...``: an
    assumption under the name and in the unit the report's Assumptions and the window's tab
    give it (runtime memory in GB, a switch's 0 in words), then its source; the code's names
    (``request_overhead_ms = 20.9``) meant nothing to a planner."""
    label = assumption_label(a.name)[0]
    return f"{label}: {assumption_value_text(a.name, a.value, a.unit)} · {a.source}"


def with_serving(scenario: Scenario, mode: str | None) -> Scenario:
    """The scenario with the serving choice `--serving` gave (None: its own)."""
    if mode is None:
        return scenario
    hardware = scenario.hardware.model_copy(update={"serving": mode})
    return scenario.model_copy(update={"hardware": hardware})


def sized_text_and_record(
    result: SizingResult, tail: TailLatency | None
) -> tuple[str, dict[str, Any]]:
    """A sized scenario as printed and as JSON: its figures (the pools' when it is planned
    disaggregated), then the pools and, when both were sized, which needs fewer GPUs."""
    text, record = summary_text(result, tail), sized_record(result, tail)
    comparison = result.serving_comparison
    if comparison is not None:
        # A blank line sets the pools apart from the assumptions above, as every part is.
        text += "\n" + "\n".join(serving_lines(comparison, result.server_name, result))
        record["serving"] = serving_record(comparison)
    return text, record


def run_size(
    sized: list[tuple[SizingResult, TailLatency | None]], as_json: bool, out: TextIO
) -> int:
    """Print each sized scenario (`sized_text_and_record`)."""
    shown = [sized_text_and_record(result, tail) for result, tail in sized]
    if as_json:
        out.write(json.dumps([record for _, record in shown], indent=2) + "\n")
    else:
        out.write("\n".join(text for text, _ in shown))
    # A blocking problem or a shortfall (a critical warning) stops the plan: scripts see it.
    stops = (not r.fits or r.blocking or not r.meets_targets for r, _ in sized)
    return 1 if any(stops) else 0


SERVING_MODES = ("aggregated", "disaggregated", "compare")


def _gpus(n: int) -> str:
    return f"{n:,} GPU" + ("" if n == 1 else "s")


def serving_lines(
    comparison: ServingComparison, server_name: str, result: SizingResult | None = None
) -> list[str]:
    """The disaggregated plan, its servers and which serving needs fewer GPUs, and why; then
    both ways' simulated tails beside the plan's targets (those of `result`)."""
    lines = ["Disaggregated serving (prefill and decode on separate GPU pools)"]
    plan = comparison.disaggregated
    if plan is None:
        lines.append("  no pair of prefill and decode layouts meets both targets")
    else:
        lines += [
            f"  {'Prefill workers':<44} {plan.prefill_workers:,} × {plan.prefill_layout} "
            f"({_gpus(plan.prefill_worker_gpus)} each)",
            f"  {'Decode workers':<44} {plan.decode_workers:,} × {plan.decode_layout} "
            f"({_gpus(plan.decode_worker_gpus)} each), "
            f"up to {plan.decode_batch_per_worker:,.0f} answers each",
            f"  {'GPUs':<44} {plan.gpus:,}",
            f"  {'Servers':<44} {plan.servers.describe(server_name)}",
            f"  {'Time to first token':<44} {_ms(plan.ttft_s)}",
            f"  {'Time per output token':<44} {_ms(plan.tpot_s)}",
            f"  {'KV transfer per prompt':<44} {with_unit(plan.kv_transfer_ms, 'ms')} "
            f"over {plan.kv_link}",
        ]
    lines.append(f"  {'Separate prefill and decode GPUs?':<44} {comparison.reason}")
    return [*lines, *both_ways_tail_lines(comparison, result), ""]


def both_ways_tail_lines(comparison: ServingComparison, result: SizingResult | None) -> list[str]:
    """p95 and p99 TTFT and TPOT serving together and in two pools, simulated at the planned
    load, each beside its target ("within" or "over" it); none when neither was simulated."""
    from aisle_desktop.sizing.planning import TAIL_ROWS

    tails = (comparison.together_tail, comparison.pools_tail)
    if tails == (None, None):
        return []
    lines = [
        "",
        "Tail latency both ways (simulated at the planned load)",
        f"  {'':<44} {'together':<24} in two pools",
    ]
    for name, label in TAIL_ROWS:
        target_ms = _target(result, "ttft_ms" if name.startswith("ttft") else "tpot_ms")
        cells = [_against(getattr(t, name), target_ms) if t else "–" for t in tails]
        lines.append(f"  {label:<44} {cells[0]:<24} {cells[1]}")
    return lines


def _against(seconds: float, target_ms: float | None) -> str:
    """A percentile and whether it is within its target: "2.57 s (within 3 s)"."""
    text = percentile_text(seconds, target_ms)
    if target_ms is None:
        return text
    word = "within" if ms_from_s(seconds) <= target_ms else "over"
    return f"{text} ({word} {target_text(target_ms, 'ms')})"


def _pools_record(plan: DisaggregatedPlan) -> dict[str, Any]:
    """The pools as JSON: workers, layouts, GPUs and servers, figures at the peak, the link."""
    return {
        "prefill_workers": plan.prefill_workers,
        "prefill_layout": plan.prefill_layout,
        "prefill_worker_gpus": plan.prefill_worker_gpus,
        "decode_workers": plan.decode_workers,
        "decode_layout": plan.decode_layout,
        "decode_worker_gpus": plan.decode_worker_gpus,
        "decode_batch_per_worker": plan.decode_batch_per_worker,
        "ttft_s": plan.ttft_s,
        "tpot_s": plan.tpot_s,
        "kv_transfer_ms": plan.kv_transfer_ms,
        "kv_link": plan.kv_link,
        "gpus": plan.gpus,
        "servers": plan.servers.total,
        "pools_share_a_server": plan.servers.shared,
        "yearly_usd": plan.yearly_usd,
    }


def serving_record(comparison: ServingComparison) -> dict[str, Any]:
    plan = comparison.disaggregated
    together, pools = comparison.together_tail, comparison.pools_tail
    return {
        "aggregated_gpus": comparison.aggregated_gpus,
        "disaggregated": None if plan is None else _pools_record(plan),
        "winner": comparison.winner,
        "reason": comparison.reason,
        "together_tail_latency": None if together is None else dataclasses.asdict(together),
        "pools_tail_latency": None if pools is None else dataclasses.asdict(pools),
    }
