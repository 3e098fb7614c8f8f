"""Would separate prefill and decode pools need fewer GPUs (or, searched for the lowest cost,
cost less a year) than serving prompts and answers together? The answer, in a few words and
in full, with the pools' GPUs as a figure whose explanation is the reason."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import count, with_unit
from aisle_desktop.plan import Scenario, Workload
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Figure, Quantity, figure
from aisle_desktop.sizing.planning.demand import demand_words
from aisle_desktop.sizing.planning.disaggregated_plan import DisaggregatedPlan, plan_disaggregated
from aisle_desktop.sizing.planning.gpu_counts import bought_each_way
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
    short: str = ""  # in a few words ("No: 6 GPUs needed together against 8 in two pools, ...")
    why: Figure | None = None  # the pools' GPUs, how they add up and the reason (None: no pools)
    # Each way's simulated percentiles at the planned load (`with_tails`; None: not simulated,
    # or a queue that grows while the load lasts).
    together_tail: TailLatency | None = None
    pools_tail: TailLatency | None = None

    def with_tails(
        self, together: TailLatency | None, pools: TailLatency | None, workload: Workload
    ) -> ServingComparison:
        """The comparison with both ways' simulated percentiles, which its "why" also lists
        (p95 and p99 TTFT and TPOT, each way) after the plan's targets."""
        why = self.why
        if why is not None:
            targets = [
                Quantity(name="TTFT target", value=workload.targets.ttft_ms, unit="ms"),
                Quantity(name="TPOT target", value=workload.targets.tpot_ms, unit="ms"),
            ]
            tails = tail_quantities(together, pools)
            inputs = [*why.explanation.inputs, *(targets if tails else []), *tails]
            explanation = why.explanation.model_copy(update={"inputs": inputs})
            why = why.model_copy(update={"explanation": explanation})
        return dataclasses.replace(self, together_tail=together, pools_tail=pools, why=why)


# The percentiles both ways are compared at, by name in a TailLatency, and as read.
TAIL_ROWS: tuple[tuple[str, str], ...] = (
    ("ttft_p95_s", "p95 time to first token"),
    ("ttft_p99_s", "p99 time to first token"),
    ("tpot_p95_s", "p95 time per output token"),
    ("tpot_p99_s", "p99 time per output token"),
)


def tail_quantities(together: TailLatency | None, pools: TailLatency | None) -> list[Quantity]:
    """Each way's simulated p95 and p99 TTFT and TPOT (ms) as a figure's inputs."""
    quantities = []
    for name, label in TAIL_ROWS:
        for way, tail in (("serving together", together), ("in two pools", pools)):
            if tail is not None:
                seconds = float(getattr(tail, name))
                quantities.append(
                    Quantity(name=f"{label} {way}, simulated", value=seconds * 1e3, unit="ms")
                )
    return quantities


def compare_serving(
    aggregated: SizingResult, disaggregated: DisaggregatedPlan | None, workload: Workload
) -> ServingComparison:
    """Whether separate prefill and decode pools need fewer GPUs, and why, as the answer to
    "separate prefill and decode GPUs?" that a planner reads after the question. Both ways
    were sized for one demand (`demand_at_targets`), which the answer names."""
    fits = aggregated.fits and aggregated.meets_targets
    agg_gpus = aggregated.gpus_for_load if fits else None
    lengths = (
        f"{aggregated.input_tokens:,}-token prompts and {aggregated.output_tokens:,}-token "
        f"answers, both ways sized for {demand_words(workload)}"
    )
    if disaggregated is None and agg_gpus is None:
        reason = "Neither way: no layout meets both targets"
        return ServingComparison(None, None, "neither", reason, reason)
    if disaggregated is None:
        reason = f"No: no pair of prefill and decode layouts meets both targets with {lengths}"
        short = "No: no pair of prefill and decode pools meets both targets"
        return ServingComparison(agg_gpus, None, "aggregated", reason, short)
    if agg_gpus is None:
        reason = (
            f"Yes: {disaggregated.gpus:,} GPUs in two pools {_pools_detail(disaggregated)}; no "
            f"aggregated split meets the targets with {lengths}, as prefill chunks stretch "
            "every decode step"
        )
        short = (
            f"Yes: {disaggregated.gpus:,} in two pools; no split serving together meets the targets"
        )
        return _compared(None, disaggregated, "disaggregated", reason, short)
    spare = 1 if workload.redundancy == "n_plus_1" else 0
    return _verdict(
        aggregated, disaggregated, lengths, _smallest_pools(disaggregated, workload), spare
    )


def _pools_detail(pools: DisaggregatedPlan) -> str:
    """``(4 prefill workers of TP 1 × PP 1, 2 decode workers ..., both pools in one server)``."""
    return (
        f"({count(pools.prefill_workers, 'prefill worker')} of {pools.prefill_layout}, "
        f"{count(pools.decode_workers, 'decode worker')} of {pools.decode_layout} with up to "
        f"{pools.decode_batch_per_worker:,.0f} answers each, the prompt's KV over "
        f"{pools.kv_link.split(' (')[0]} in {with_unit(pools.kv_transfer_ms, 'ms')}, "
        f"{_placement(pools.servers)})"
    )


def _smallest_pools(pools: DisaggregatedPlan, workload: Workload) -> bool:
    """Whether each pool is one serving worker (and the spare the plan asks for): a load so
    light that the pools' GPUs are their least, whatever the workload."""
    spare = 1 if workload.redundancy == "n_plus_1" else 0
    return pools.prefill_workers == 1 + spare and pools.decode_workers == 1 + spare


def _verdict(
    aggregated: SizingResult, pools: DisaggregatedPlan, lengths: str, smallest: bool, spare: int
) -> ServingComparison:
    """Which way wins and why, like with like: the GPUs each way needs (its spare included,
    before whole servers are filled) and, where whole servers hold more, the GPUs each way
    buys (gpu_counts.py); searched for the lowest cost, the cost a year of those bought.
    When the pools are at their least (`smallest`) and still need more, that is the reason:
    two pools take at least a worker each where one replica serves prompts and answers;
    otherwise the GPUs serving the demand each way and the `spare` workers (one a pool under
    N+1, where serving together keeps one replica)."""
    needed = (aggregated.gpus_for_load, pools.gpus)
    bought = (aggregated.gpus_bought, pools.servers.gpus_bought)
    fewer = needed[0] < bought[0] or needed[1] < bought[1]
    word = " needed" if fewer else ""
    each_way = f", {bought_each_way(*bought)}" if fewer else ""
    ways = (
        f"{count(needed[0], 'GPU')}{word} serving prompts and answers together",
        f"{count(needed[1], 'GPU')}{word} in two pools {_pools_detail(pools)}",
    )
    where = ("together", "in two pools")
    if pools.yearly_usd is None:
        pools_win = needed[1] < needed[0]
        amounts = (f"{needed[0]:,}", f"{needed[1]:,}")
        leads = (f"{count(needed[0], 'GPU')}{word}", f"{count(needed[1], 'GPU')}{word}")
        rounded = "whole workers"
    else:  # the plan searches for the lowest cost
        usd = (aggregated.value("tco_per_year_usd"), pools.yearly_usd)
        pools_win = usd[1] < usd[0]
        amounts = leads = (yearly_text(usd[0]), yearly_text(usd[1]))
        ways = (f"{ways[0]} at {amounts[0]}", f"{ways[1]} at {amounts[1]}")
        rounded = "whole workers and servers"
    first, second = (1, 0) if pools_win else (0, 1)
    answer = "Yes" if pools_win else "No"
    if pools_win:
        why = (
            "decode workers that never run a prefill chunk carry more answers within the TPOT "
            f"target{_answers_each_way(aggregated, pools)}"
        )
    elif pools.yearly_usd is None and needed[1] == needed[0]:
        why = (
            "both ways need the same GPUs for this demand, and two pools would add a KV "
            "hand-over for each request and a second pool to run for none saved"
        )
    elif smallest and needed[1] > needed[0]:
        why = (
            f"the load is light enough for the fewest workers each way, and two pools take at "
            f"least one worker each ({count(pools.prefill_worker_gpus, 'GPU')} to prefill, "
            f"{count(pools.decode_worker_gpus, 'GPU')} to decode) where one replica serves "
            "prompts and answers on the same GPUs"
        )
    elif pools.yearly_usd is None and aggregated.planned is not None:
        why = _where_the_gpus_go(aggregated.planned.capacity.dep.gpus, needed[0], pools, spare)
    else:
        why = (
            "sharing GPUs between prompts and answers wastes less than two pools each rounded "
            f"up to {rounded}"
        )
    reason = f"{answer}: {ways[first]} against {ways[second]}{each_way}; with {lengths}: {why}"
    short = (
        f"{answer}: {leads[first]} {where[first]} against {amounts[second]} "
        f"{where[second]}{each_way}"
    )
    return _compared(
        needed[0], pools, "disaggregated" if pools_win else "aggregated", reason, short
    )


def _answers_each_way(aggregated: SizingResult, pools: DisaggregatedPlan) -> str:
    """`` (up to 310 answers a decode worker of 4 GPUs, where a replica of 8 ...)``: what the
    pools' decode workers carry within the targets against a replica serving together."""
    planned = aggregated.planned
    if planned is None:
        return ""
    together = planned.capacity.batch_within_targets
    return (
        f" (up to {pools.decode_batch_per_worker:,.0f} answers a decode worker of "
        f"{count(pools.decode_worker_gpus, 'GPU')}, where a replica of "
        f"{count(planned.capacity.dep.gpus, 'GPU')} holds {together:,.0f} requests within "
        "both targets serving together)"
    )


def _where_the_gpus_go(
    replica_gpus: int, together_gpus: int, pools: DisaggregatedPlan, spare: int
) -> str:
    """Why the pools need more GPUs, in numbers: the GPUs serving the demand each way, and
    the spares (a spare worker in each pool under N+1, where serving together keeps one
    replica). Sized for one demand, the difference is where each way's GPUs go."""
    replicas = together_gpus // replica_gpus
    serving = (
        (pools.prefill_workers - spare) * pools.prefill_worker_gpus
        + (pools.decode_workers - spare) * pools.decode_worker_gpus,
        (replicas - spare) * replica_gpus,
    )
    text = (
        f"the demand itself takes {count(serving[0], 'GPU')} in pools "
        f"({count(pools.prefill_workers - spare, 'prefill worker')} of "
        f"{count(pools.prefill_worker_gpus, 'GPU')} and "
        f"{count(pools.decode_workers - spare, 'decode worker')} of "
        f"{count(pools.decode_worker_gpus, 'GPU')}) against {serving[1]:,} together "
        f"({count(replicas - spare, 'replica')} of {count(replica_gpus, 'GPU')})"
    )
    if not spare:
        return text
    spares = pools.prefill_worker_gpus + pools.decode_worker_gpus
    return (
        f"{text}, and each pool keeps a spare worker ({count(spares, 'GPU')}) where serving "
        f"together keeps one spare replica ({count(replica_gpus, 'GPU')})"
    )


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
            "GPUs needed serving together": (aggregated_gpus or 0, "GPUs"),
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
    return compare_serving(aggregated, pools, scenario.workload)
