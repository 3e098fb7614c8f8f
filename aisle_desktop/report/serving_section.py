"""On paper: how the plan serves prompts and answers, the pools when there are any, and the
comparison of serving together with separate prefill and decode pools, with its reasons."""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import count, duration_ms, money
from aisle_desktop.labels import SEARCH_GOAL_LABELS, SERVING_LABELS
from aisle_desktop.plan import Hardware
from aisle_desktop.report.words import table
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import DisaggregatedPlan, ServingComparison


def serving_input(hardware: Hardware) -> str:
    """The serving choice as the plan states it (and the pools' goal when it searches them)."""
    text = SERVING_LABELS[hardware.serving]
    if hardware.serving != "aggregated":
        goal = SEARCH_GOAL_LABELS[hardware.search_goal]
        text += f"; pools searched for the {goal[:1].lower()}{goal[1:]}"
    return escape(text)


def pools_layout_html(r: SizingResult) -> str:
    """The pools a plan planned with them runs, where they are and how their cache moves."""
    comparison = r.serving_comparison
    pools = comparison.disaggregated if comparison is not None else None
    if pools is None:
        return ""
    return (
        f"<p>The plan runs <b>two pools</b>: {_workers(pools)}; "
        f"{escape(pools.servers.describe(r.server_name, r.gpus_installed // r.servers))}.</p>"
    )


def _workers(p: DisaggregatedPlan) -> str:
    return (
        f"{count(p.prefill_workers, 'prefill worker')} of {escape(p.prefill_layout)} "
        f"({p.prefill_workers * p.prefill_worker_gpus} GPUs) and "
        f"{count(p.decode_workers, 'decode worker')} of {escape(p.decode_layout)} "
        f"({p.decode_workers * p.decode_worker_gpus} GPUs, {p.decode_batch_per_worker:,.0f} "
        "answers each)"
    )


def serving_html(r: SizingResult) -> str:
    """Together or in separate pools: the pools' workers, servers and KV hand-over beside the
    GPUs serving together, and which needs fewer and why (nothing when not compared)."""
    comparison = r.serving_comparison
    if comparison is None:
        return ""
    html = "<h3>Together or in separate prefill and decode pools?</h3>"
    pools = comparison.disaggregated
    if pools is not None:
        html += table(["Separate pools", "Value"], _pool_rows(comparison, pools, r), [40, 60])
    return html + f"<p><b>Answer:</b> {escape(comparison.reason)}.</p>"


def _pool_rows(
    comparison: ServingComparison, pools: DisaggregatedPlan, r: SizingResult
) -> list[list[str]]:
    per_server = r.gpus_installed // r.servers if r.servers else 0
    together = (
        "no split meets both targets"
        if comparison.aggregated_gpus is None
        else f"{comparison.aggregated_gpus} GPUs (the replicas the load needs)"
    )
    rows = [
        ["Prefill pool", f"{pools.prefill_workers} × {escape(pools.prefill_layout)}"],
        [
            "Decode pool",
            f"{pools.decode_workers} × {escape(pools.decode_layout)}, "
            f"{pools.decode_batch_per_worker:,.0f} answers a worker within the TPOT target",
        ],
        ["GPUs", f"{pools.gpus} in two pools; serving together: {together}"],
        ["Servers", escape(pools.servers.describe(r.server_name, per_server))],
        [
            "KV cache hand-over",
            f"{duration_ms(pools.kv_transfer_ms)} a request over {escape(pools.kv_link)}",
        ],
        [
            "At the planned load",
            f"TTFT {duration_ms(pools.ttft_s * 1e3)}, TPOT {duration_ms(pools.tpot_s * 1e3)}",
        ],
    ]
    if pools.yearly_usd is not None:
        rows.append(["Cost a year (searched for)", money(pools.yearly_usd)])
    return rows
