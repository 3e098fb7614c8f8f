"""`aisle-desktop size --preset NAME`: a readable summary of a sized plan."""

from __future__ import annotations

import dataclasses
import json
from typing import Any, TextIO

from aisle_desktop.formatting import count, ms_from_s, with_unit
from aisle_desktop.labels import FIGURE_GROUPS, shown_assumption, stored_unit_differs
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import ServingComparison


def _ms(seconds: float) -> str:
    return with_unit(ms_from_s(seconds), "ms")


def tail_latency_lines(tail: TailLatency) -> list[str]:
    """The simulated percentiles, as the summary prints them."""
    return [
        f"Tail latency (simulated, {tail.requests:,} requests on one replica at planned load)",
        f"  {'Time to first token':<44} p50 {_ms(tail.ttft_p50_s)} · p95 {_ms(tail.ttft_p95_s)}"
        f" · p99 {_ms(tail.ttft_p99_s)}",
        f"  {'Time per output token':<44} p50 {_ms(tail.tpot_p50_s)} · p95 {_ms(tail.tpot_p95_s)}"
        f" · p99 {_ms(tail.tpot_p99_s)}",
    ]


def sized_record(result: SizingResult, tail: TailLatency | None) -> dict[str, Any]:
    """The JSON of one sized scenario: the result and, if simulated, its tail latencies."""
    record = result.model_dump(mode="json")
    record["tail_latency"] = dataclasses.asdict(tail) if tail is not None else None
    return record


def summary_text(result: SizingResult, tail: TailLatency | None = None) -> str:
    """The plan in the words and units a planner reads; every figure from the result."""
    lines = [result.scenario_name, "=" * len(result.scenario_name), result.status, ""]
    weight_only = " (weight-only)" if result.weight_only else ""
    lines.append(
        f"Serving   {result.model_name}, {result.weight_precision.upper()} weights{weight_only}, "
        f"{result.kv_precision.upper()} KV cache, {result.engine_release or result.engine_name}"
    )
    lines.append(
        f"Requests  {result.input_tokens:,} input + {result.output_tokens:,} output tokens"
    )
    if result.demand:
        lines.append(f"Load      {result.demand}")
    if result.fits:
        lines.append(
            f"Hardware  {result.gpus} × {result.gpu_name} = {count(result.replicas, 'replica')} of "
            f"{result.layout}, in {result.servers} × {result.server_name}, "
            f"{count(result.racks, 'rack')}"
        )
        if result.whole_server_replicas:
            lines.append(f"Servers   come whole: {result.whole_server_note()}")
        if result.idle_gpus:
            lines.append(f"Idle      {result.idle_note()} (servers come whole)")
        if result.layout_reason:
            lines.append(f"Layout    {result.layout_reason}")
        lines.append(f"Binds     {result.binding_constraint}; each step is {result.bound}-bound")
    for title, figures in FIGURE_GROUPS:
        shown = [(label, result.figures[name]) for name, label in figures if name in result.figures]
        if not shown:
            continue
        lines += ["", title]
        for label, fig in shown:
            lines.append(f"  {label:<44} {with_unit(fig.value, fig.unit)}")
    if tail is not None:
        lines += ["", *tail_latency_lines(tail)]
    if result.warnings:
        lines += ["", "Warnings"]
        lines += [f"  [{w.severity}] {w.message}" for w in result.warnings]
    if result.alternatives:
        lines += ["", "What would work"]
        lines += [f"  - {a}" for a in result.alternatives]
    lines += ["", f"Assumptions (the model's {result.calibration_label})"]
    for a in result.assumptions:
        value = f"{a.value}"
        if stored_unit_differs(a.name) and not isinstance(a.value, str):
            value += f" GiB ({with_unit(shown_assumption(a.name, a.value), 'GB')})"
        lines.append(f"  {a.name} = {value}: {a.source}")
    return "\n".join(lines) + "\n"


def run_size(
    sized: list[tuple[SizingResult, TailLatency | None]],
    as_json: bool,
    out: TextIO,
    serving: list[ServingComparison | None] | None = None,
    mode: str = "aggregated",
) -> int:
    """Print each sized scenario; with a serving `mode` other than "aggregated", its
    disaggregated plan (and, for "compare", which needs fewer GPUs) after it."""
    shown = serving or [None] * len(sized)
    if as_json:
        records = []
        for (result, tail), comparison in zip(sized, shown, strict=True):
            record = sized_record(result, tail)
            if comparison is not None:
                record["serving"] = serving_record(comparison)
            records.append(record)
        out.write(json.dumps(records, indent=2) + "\n")
    else:
        blocks = []
        for (result, tail), comparison in zip(sized, shown, strict=True):
            text = summary_text(result, tail) if mode != "disaggregated" else ""
            if comparison is not None:
                text += "\n".join(serving_lines(comparison, mode))
            blocks.append(text)
        out.write("\n".join(blocks))
    # A blocking problem (a critical warning) stops the plan: scripts see it in the status.
    return 1 if any(result.blocking or not result.fits for result, _ in sized) else 0


SERVING_MODES = ("aggregated", "disaggregated", "compare")


def _gpus(n: int) -> str:
    return f"{n:,} GPU" + ("" if n == 1 else "s")


def serving_lines(comparison: ServingComparison, mode: str) -> list[str]:
    """The disaggregated plan and, with "compare", which serving needs fewer GPUs and why."""
    lines = ["Disaggregated serving (prefill and decode on separate GPU pools)"]
    plan = comparison.disaggregated
    if plan is None:
        lines.append("  no pair of prefill and decode layouts meets both targets")
    else:
        lines += [
            f"  {'Prefill workers':<44} {plan.prefill_workers} x {plan.prefill_layout} "
            f"({_gpus(plan.prefill_worker_gpus)} each)",
            f"  {'Decode workers':<44} {plan.decode_workers} x {plan.decode_layout} "
            f"({_gpus(plan.decode_worker_gpus)} each), "
            f"{plan.decode_batch_per_worker:,.0f} answers each",
            f"  {'GPUs':<44} {plan.gpus:,}",
            f"  {'Time to first token':<44} {_ms(plan.ttft_s)}",
            f"  {'Time per output token':<44} {_ms(plan.tpot_s)}",
            f"  {'KV transfer per prompt':<44} {with_unit(plan.kv_transfer_ms, 'ms')} "
            f"over {plan.kv_link}",
        ]
    if mode == "compare":
        lines.append(f"  {'Separate prefill and decode GPUs?':<44} {comparison.reason}")
    return [*lines, ""]


def serving_record(comparison: ServingComparison) -> dict[str, Any]:
    plan = comparison.disaggregated
    return {
        "aggregated_gpus": comparison.aggregated_gpus,
        "disaggregated": None if plan is None else {**dataclasses.asdict(plan), "gpus": plan.gpus},
        "winner": comparison.winner,
        "reason": comparison.reason,
    }
