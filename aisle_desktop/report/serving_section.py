"""On paper: how the plan serves prompts and answers, and the pools when it runs them. The
comparison with its reasons is printed with each scenario's worked figures (scenario_pages)."""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import count, duration_ms
from aisle_desktop.labels import SERVING_LABELS
from aisle_desktop.plan import Hardware
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import DisaggregatedPlan


def serving_input(hardware: Hardware) -> str:
    """The serving choice as the plan states it, and the pools' goal when it is the cost (the
    fewest GPUs goes without saying: one line fits the inputs table's column)."""
    text = SERVING_LABELS[hardware.serving]
    if hardware.serving != "aggregated" and hardware.search_goal == "lowest_cost":
        text += "; lowest cost"
    return escape(text)


def pools_layout_html(r: SizingResult) -> str:
    """The pools a plan planned with them runs, where they are and how their cache moves."""
    comparison = r.serving_comparison
    pools = comparison.disaggregated if comparison is not None else None
    if pools is None:
        return ""
    return (
        f"<p>The plan runs <b>two pools</b>: {_workers(pools)}; "
        f"{escape(pools.servers.describe(r.server_name))}; "
        f"each prompt's KV cache crosses {escape(pools.kv_link)} "
        f"({duration_ms(pools.kv_transfer_ms)} a request).</p>"
    )


def _workers(p: DisaggregatedPlan) -> str:
    return (
        f"{count(p.prefill_workers, 'prefill worker')} of {escape(p.prefill_layout)} "
        f"({p.prefill_workers * p.prefill_worker_gpus} GPUs) and "
        f"{count(p.decode_workers, 'decode worker')} of {escape(p.decode_layout)} "
        f"({p.decode_workers * p.decode_worker_gpus} GPUs, up to "
        f"{p.decode_batch_per_worker:,.0f} answers each)"
    )
