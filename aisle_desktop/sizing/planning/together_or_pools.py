"""Would separate prefill and decode pools need fewer GPUs (or, searched for the lowest cost,
cost less a year) than serving prompts and answers together? The answer, in a few words and
in full, with the pools' GPUs as a figure whose explanation is the reason."""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import count
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Figure, figure
from aisle_desktop.sizing.planning.disaggregated_plan import DisaggregatedPlan, plan_disaggregated
from aisle_desktop.sizing.planning.pool_servers import PoolServers
from aisle_desktop.sizing.planning.result import SizingResult
from aisle_desktop.sizing.planning.shown_figures import yearly_text


@dataclass(frozen=True, slots=True)
class ServingComparison:
    """Aggregated and disaggregated answers to one plan, and which needs fewer GPUs."""

    aggregated_gpus: int | None  # None when no aggregated split meets the targets
    disaggregated: DisaggregatedPlan | None
    winner: str  # "aggregated", "disaggregated" or "neither"
    reason: str  # the whole answer, with the pools and why one wins
    short: str = ""  # the answer in a few words ("No: 6 GPUs together against 8 in two pools")
    why: Figure | None = None  # the pools' GPUs, how they add up and the reason (None: no pools)


def compare_serving(
    aggregated: SizingResult, disaggregated: DisaggregatedPlan | None
) -> ServingComparison:
    """Whether separate prefill and decode pools need fewer GPUs, and why, as the answer to
    "separate prefill and decode GPUs?" that a planner reads after the question."""
    fits = aggregated.fits and aggregated.meets_targets
    agg_gpus = aggregated.gpus_for_load if fits else None
    lengths = (
        f"{aggregated.input_tokens:,}-token prompts and {aggregated.output_tokens:,}-token answers"
    )
    together = "" if agg_gpus is None else f"{agg_gpus:,} GPUs serving prompts and answers together"
    if aggregated.whole_server_replicas:
        together += " (before filling whole servers)"
    if disaggregated is None and agg_gpus is None:
        reason = "Neither way: no layout meets both targets"
        return ServingComparison(None, None, "neither", reason, reason)
    if disaggregated is None:
        reason = f"No: no pair of prefill and decode layouts meets both targets with {lengths}"
        short = "No: no pair of prefill and decode pools meets both targets"
        return ServingComparison(agg_gpus, None, "aggregated", reason, short)
    pools = (
        f"{disaggregated.gpus:,} GPUs in two pools ({disaggregated.prefill_workers:,} prefill "
        f"workers of {disaggregated.prefill_layout}, {disaggregated.decode_workers:,} decode "
        f"workers of {disaggregated.decode_layout} with "
        f"{disaggregated.decode_batch_per_worker:,.0f} answers each, the prompt's KV over "
        f"{disaggregated.kv_link.split(' (')[0]} in {disaggregated.kv_transfer_ms:.1f} ms, "
        f"{_placement(disaggregated.servers)})"
    )
    two = f"{disaggregated.gpus:,} in two pools"
    if agg_gpus is None:
        reason = (
            f"Yes: {pools}; no aggregated split meets the targets with {lengths}, as "
            "prefill chunks stretch every decode step"
        )
        short = f"Yes: {two}; no split serving together meets the targets"
        return _compared(None, disaggregated, "disaggregated", reason, short)
    if disaggregated.yearly_usd is not None:  # the plan searches for the lowest cost
        return _by_cost(aggregated, disaggregated, (together, pools, lengths))
    if disaggregated.gpus < agg_gpus:
        reason = (
            f"Yes: {pools} against {together}; with {lengths}, decode workers that never "
            "run a prefill chunk carry more answers within the TPOT target"
        )
        short = f"Yes: {two} against {agg_gpus:,} together"
        return _compared(agg_gpus, disaggregated, "disaggregated", reason, short)
    reason = (
        f"No: {together} against {pools}; with {lengths}, sharing GPUs between prompts and "
        "answers wastes less than two pools each rounded up to whole workers"
    )
    short = f"No: {agg_gpus:,} GPUs together against {two}"
    return _compared(agg_gpus, disaggregated, "aggregated", reason, short)


def _by_cost(
    aggregated: SizingResult, pools: DisaggregatedPlan, words: tuple[str, str, str]
) -> ServingComparison:
    """Which costs less a year, the servers each way bought (filled whole servers together,
    whole servers per pool apart), and why."""
    _, pools_text, lengths = words
    together = (
        f"{aggregated.gpus:,} GPUs serving prompts and answers together in "
        f"{count(aggregated.servers, 'server')}"
    )
    agg_usd, pools_usd = aggregated.value("tco_per_year_usd"), pools.yearly_usd or 0.0
    agg_gpus = aggregated.gpus_for_load
    if pools_usd < agg_usd:
        reason = (
            f"Yes: {pools_text} at {yearly_text(pools_usd)} against {together} at "
            f"{yearly_text(agg_usd)}; with {lengths}, decode workers that never run a prefill "
            "chunk carry more answers within the TPOT target"
        )
        short = (
            f"Yes: {yearly_text(pools_usd)} in two pools against {yearly_text(agg_usd)} together"
        )
        return _compared(agg_gpus, pools, "disaggregated", reason, short)
    reason = (
        f"No: {together} at {yearly_text(agg_usd)} against {pools_text} at "
        f"{yearly_text(pools_usd)}; with {lengths}, sharing GPUs between prompts and answers "
        "wastes less than two pools each rounded up to whole workers and servers"
    )
    short = f"No: {yearly_text(agg_usd)} together against {yearly_text(pools_usd)} in two pools"
    return _compared(agg_gpus, pools, "aggregated", reason, short)


def _placement(servers: PoolServers) -> str:
    if servers.shared:
        return "both pools in one server"
    return f"the pools in {servers.prefill:,} + {servers.decode:,} servers of their own"


def _compared(
    aggregated_gpus: int | None,
    pools: DisaggregatedPlan,
    winner: str,
    reason: str,
    short: str,
) -> ServingComparison:
    """The comparison, with the pools' GPUs as a figure whose explanation is the reason."""
    prefill = pools.prefill_workers * pools.prefill_worker_gpus
    decode = pools.decode_workers * pools.decode_worker_gpus
    each_prefill = count(pools.prefill_worker_gpus, "GPU")
    each_decode = count(pools.decode_worker_gpus, "GPU")
    why = figure(
        pools.gpus,
        "GPUs",
        f"{reason}. Pools' GPUs = prefill workers × GPUs each + decode workers × GPUs each",
        {
            "GPUs serving together": (aggregated_gpus or 0, "GPUs"),
            "time to first token at the peak": (pools.ttft_s * 1e3, "ms"),
            "time per output token at the peak": (pools.tpot_s * 1e3, "ms"),
            "answers per decode worker": (pools.decode_batch_per_worker, "requests"),
            "KV hand-over per request": (pools.kv_transfer_ms, "ms"),
        },
        worked=(
            "sum",
            {
                f"{pools.prefill_workers:,} prefill workers × {each_prefill}": (prefill, "GPUs"),
                f"{pools.decode_workers:,} decode workers × {each_decode}": (decode, "GPUs"),
            },
        ),
    )
    return ServingComparison(aggregated_gpus, pools, winner, reason, short, why)


def serving_comparison(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, aggregated: SizingResult
) -> ServingComparison:
    """`compare_serving` of the plan's pools; a scenario whose pools cannot be planned (a
    SizingError) keeps its aggregated answer, saying why."""
    try:
        pools = plan_disaggregated(catalog, scenario, calibration)
    except SizingError as err:
        agg_gpus = aggregated.gpus if aggregated.fits else None
        winner = "aggregated" if agg_gpus is not None else "neither"
        reason = f"No: separate pools cannot be planned: {err}"
        return ServingComparison(agg_gpus, None, winner, reason, "No: pools cannot be planned")
    return compare_serving(aggregated, pools)
