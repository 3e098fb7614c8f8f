"""Size one scenario: the split, replicas, servers, racks, power, cost and why.

The sequence follows how a planner reasons: does the model fit; how much load one replica
carries within the latency targets; how many replicas the demand needs (plus a spare when the
plan asks for redundancy); what that means in servers, racks, kW and money.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import date

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import s_from_ms
from aisle_desktop.plan import Scenario, context_problem, hosted_api_problem, release_problem
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import (
    Deployment,
    OperatingPoint,
    ReplicaLoad,
    TailLatency,
    batch_for_rate,
    replica_tail,
    scheduling_ranks,
    steady_state,
)
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning.capacity import (
    ReplicaCapacity,
    at_the_targets,
    replica_capacity,
)
from aisle_desktop.sizing.planning.demand import (
    Demand,
    demand,
    demand_at_targets,
    fixed_in_flight,
    offered_rate_at,
)
from aisle_desktop.sizing.planning.disaggregated_result import disaggregated_result
from aisle_desktop.sizing.planning.encoder_pool import encoder_gpus_beside
from aisle_desktop.sizing.planning.parallelism import (
    SplitChoice,
    choose_split,
    replicas_for_rate,
)
from aisle_desktop.sizing.planning.plan_numbers import (
    Headline,
    PlanNumbers,
    build_result,
    plan_headline,
)
from aisle_desktop.sizing.planning.plan_warnings import blocking_first
from aisle_desktop.sizing.planning.pools_load import pools_at_load, pools_tail_latency
from aisle_desktop.sizing.planning.price_age import price_age_warning
from aisle_desktop.sizing.planning.result import PlannedDeployment, SizingResult
from aisle_desktop.sizing.planning.server_use import fill_servers
from aisle_desktop.sizing.planning.splits_to_try import deployments_to_size, server_for
from aisle_desktop.sizing.planning.together_or_pools import ServingComparison, serving_comparison


def _replicas_needed(
    scenario: Scenario, calibration: Calibration, cap: ReplicaCapacity
) -> int | None:
    """Replicas the demand needs from this split, spare included; None if unreachable."""
    at = cap.at_targets
    if at is None or cap.batch_within_targets < 1:
        return None
    load = scenario.workload.load
    in_flight = fixed_in_flight(load)
    if in_flight is not None:
        base = math.ceil(in_flight / cap.batch_within_targets)
    else:  # the same demand the separate pools are sized for (`demand_at_targets`)
        rate = demand_at_targets(scenario.workload).peak_rate_per_s or 0.0
        base = replicas_for_rate(
            rate, float(at.requests_per_s), calibration.cost.target_utilization
        )
    if scenario.workload.redundancy == "n_plus_1":
        return max(2, base + 1)
    return base


def _serving_args(cap: ReplicaCapacity) -> tuple[int, int, float, float]:
    """steady_state's arguments after the batch: lengths, token budget, request overhead."""
    return cap.input_tokens, cap.output_tokens, cap.token_budget, cap.request_overhead_s


def _at_planned_load(scenario: Scenario, choice: SplitChoice) -> tuple[OperatingPoint, Demand]:
    """The operating point of each replica when the demand is shared among all of them.

    Requests in flight beyond what the KV cache holds run preempted where the engine admits
    by prompt (up to `limits.admitted`, as the capacity sweep allows) and queue beyond that.
    A rate is placed on the queued sweep that sets the capacity, where what the replicas
    serve equals what the load offers at their E2E (`ReplicaCapacity.at_offered`: users who
    think between questions ask less often as answers slow). A rate beyond what the replicas
    serve is shown at the batch the cache holds: preempting adds recompute, not throughput.
    """
    cap = choice.capacity
    load = scenario.workload.load
    limit = cap.limits.batch
    args = _serving_args(cap)
    in_flight = fixed_in_flight(load)
    if in_flight is not None:
        per_replica = min(in_flight / choice.replicas, cap.limits.admitted)
        point = steady_state(cap.dep, per_replica, *args, limit, ranks_schedule=True)
        return point, demand(load, float(point.e2e_s))
    settled = cap.at_offered(choice.replicas, lambda e2e_s: offered_rate_at(load, e2e_s))
    if settled is None:  # overloaded: more than the replicas serve at any batch
        rate = (demand(load, cap.light_e2e_s).peak_rate_per_s or 0.0) / choice.replicas
        settled = cap.queued(batch_for_rate(cap.dep, rate, limit, *args, ranks_schedule=True))
    return settled, demand(load, float(settled.e2e_s))


def _planned_split(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, server: ServerSpec
) -> tuple[SplitChoice | None, list[ReplicaCapacity]]:
    """Every split's capacity, and the one chosen (None when nothing fits): with an automatic
    GPU count, run on every GPU of the servers it needs that a further replica can use."""
    workload, hardware = scenario.workload, scenario.hardware
    targets = workload.targets
    input_tokens = workload.prompt.input_tokens
    if input_tokens < 1:
        raise SizingError("the prompt has no tokens: set a question, system prompt or RAG chunks")
    for problem in (
        context_problem(catalog, scenario),
        release_problem(catalog, scenario),
        hosted_api_problem(catalog, scenario),
    ):
        if problem is not None:
            raise SizingError(problem)

    def size(dep: Deployment) -> ReplicaCapacity:
        return replica_capacity(
            dep,
            input_tokens,
            workload.output_tokens,
            s_from_ms(targets.ttft_ms),
            s_from_ms(targets.tpot_ms),
            s_from_ms(workload.retrieval_latency_ms),
            poisson_arrivals=fixed_in_flight(workload.load) is None,
        )

    encoders = encoder_gpus_beside(catalog, scenario, server)
    choice, capacities = choose_split(
        deployments_to_size(catalog, scenario, calibration, server),
        size,
        lambda cap: _replicas_needed(scenario, calibration, cap),
        hardware.gpu_count,
        min_replicas=2 if workload.redundancy == "n_plus_1" else 1,
        fill=lambda choice: fill_servers(choice, server.gpus_per_server, encoders),
    )
    if not capacities:
        raise SizingError(
            "no tensor/pipeline split of this model suits this GPU; set TP and PP by hand"
        )
    if choice is not None:  # its capacity between whole batches, for a rate
        exact = at_the_targets(
            choice.capacity, s_from_ms(targets.ttft_ms), s_from_ms(targets.tpot_ms)
        )
        choice = dataclasses.replace(choice, capacity=exact)
    return choice, capacities


@dataclass(frozen=True, slots=True)
class SearchedScenario:
    """A scenario's split search and its load on the chosen split: what its result, and its
    headline in the GPU comparison, are built from."""

    scenario: Scenario
    calibration: Calibration  # the scenario's overrides applied
    server: ServerSpec
    numbers: PlanNumbers


def search_scenario(
    catalog: Catalog, scenario: Scenario, calibration: Calibration
) -> SearchedScenario:
    """Run the split search and place the planned load (raises SizingError, as sizing does)."""
    in_force = calibration.with_overrides(scenario.assumption_overrides)
    server = server_for(catalog, scenario)
    choice, capacities = _planned_split(catalog, scenario, in_force, server)
    if choice is None:
        return SearchedScenario(scenario, in_force, server, PlanNumbers.not_fitting(capacities))
    point, planned = _at_planned_load(scenario, choice)
    numbers = PlanNumbers.fitting(choice, point, planned, capacities)
    return SearchedScenario(scenario, in_force, server, numbers)


def _together_as_compared(
    catalog: Catalog, searched: SearchedScenario, result: SizingResult
) -> SizingResult:
    """Serving together as the pools are planned: for the demand, whatever GPU count the plan
    sets. A plan set to too few GPUs would otherwise hear that no aggregated split meets the
    targets while pools sized freely do, and a plan set to more than enough that serving
    together "needs" every GPU set (1,024 against 286 in two pools where 278 would serve):
    each compares a count set by hand with a sized one."""
    scenario, in_force, server = searched.scenario, searched.calibration, searched.server
    hardware = scenario.hardware
    if hardware.gpu_count is None:
        return result
    free = scenario.model_copy(update={"hardware": hardware.model_copy(update={"gpu_count": None})})
    try:
        choice, capacities = _planned_split(catalog, free, in_force, server)
    except SizingError:
        return result
    if choice is None:
        return result
    point, planned = _at_planned_load(free, choice)
    numbers = PlanNumbers.fitting(choice, point, planned, capacities)
    return build_result(catalog, free, in_force, server, numbers).carrying(
        PlannedDeployment(free, in_force, choice.capacity, choice.replicas, point, planned)
    )


def _serving_compared(
    catalog: Catalog, searched: SearchedScenario, result: SizingResult
) -> ServingComparison:
    """Serving together against the pools (`serving_comparison`), with each way's simulated
    percentiles at the planned load: the pools' means now count the wait for a decode place,
    but a plan compared on means alone may still hide a tail several times its target."""
    scenario = searched.scenario
    together = _together_as_compared(catalog, searched, result)
    comparison = serving_comparison(catalog, scenario, searched.calibration, together)
    pools = comparison.disaggregated
    pools_tail = None if pools is None else pools_tail_latency(pools_at_load(scenario, pools))
    return comparison.with_tails(plan_tail_latency(together), pools_tail, scenario.workload)


def size_scenario(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, today: date | None = None
) -> SizingResult:
    """Size a scenario with a calibration (the scenario's overrides applied to it).

    Raises SizingError (with what would work) when it cannot be sized. The result carries the
    deployment it describes (`SizingResult.planned`) for the curves and the tail latency. With
    ``today``, a plan that relies on catalog prices older than a year on that day says which
    (the window, the report and the CLI pass the day; tests and validation leave the result
    independent of the calendar).
    """
    return searched_result(catalog, search_scenario(catalog, scenario, calibration), today)


def searched_result(
    catalog: Catalog, searched: SearchedScenario, today: date | None = None
) -> SizingResult:
    """The result a planner reads, of a searched scenario (`size_scenario`)."""
    scenario, in_force, server, numbers = (
        searched.scenario,
        searched.calibration,
        searched.server,
        searched.numbers,
    )
    result = build_result(catalog, scenario, in_force, server, numbers)
    choice, point, planned = numbers.choice, numbers.point, numbers.planned
    if choice is None or point is None or planned is None:
        return result
    stale = None if today is None else price_age_warning(catalog, scenario, server, today)
    if stale is not None:
        warnings = blocking_first([*result.warnings, stale])  # a warning goes before notes
        result = result.model_copy(update={"warnings": warnings})
    result = result.carrying(
        PlannedDeployment(scenario, in_force, choice.capacity, choice.replicas, point, planned)
    )
    serving = scenario.hardware.serving
    if serving == "aggregated":
        return result
    if serving == "compare":
        return result.comparing_later(lambda: _serving_compared(catalog, searched, result))
    comparison = _serving_compared(catalog, searched, result)
    if comparison.disaggregated is None:
        targets = scenario.workload.targets
        raise SizingError(
            "separate prefill and decode pools: no pair of prefill and decode layouts meets "
            f"the {targets.ttft_ms:,g} ms TTFT and {targets.tpot_ms:,g} ms TPOT targets "
            f"({comparison.reason}); relax a target, or serve prompts and answers together"
        )
    pooled, pools = disaggregated_result(
        catalog, scenario, in_force, server, result, numbers.capacities, comparison
    )
    if stale is not None:
        pooled = pooled.model_copy(update={"warnings": blocking_first([*pooled.warnings, stale])})
    return pooled.as_pools(pools)


def searched_headline(catalog: Catalog, searched: SearchedScenario) -> Headline:
    """What the GPU comparison shows of a searched scenario, without building its result
    (but for separate pools, whose headline is their result's)."""
    if searched.scenario.hardware.serving == "disaggregated":
        return Headline.of(searched_result(catalog, searched))
    return plan_headline(
        catalog, searched.scenario, searched.calibration, searched.server, searched.numbers
    )


def plan_tail_latency(result: SizingResult) -> TailLatency | None:
    """TTFT and TPOT percentiles of one replica of the plan at its share of the planned load;
    of separate pools, a prefill worker's and a decode worker's (`pools_tail_latency`).

    Never below the plan's mean TTFT and TPOT shown beside them (`TailLatency.not_below`).
    None when nothing fits, or when the arrivals exceed what a replica can serve at all (its
    queue then grows for as long as the load lasts: no percentile means anything). Slower than
    sizing (tens of milliseconds), so the window runs it after the figures are shown. The
    replica's schedulers are those its figures are read with (`scheduling_ranks`), and a
    balancer's hold theirs (`balancer_gathers_prompts`).
    """
    if result.pools is not None:
        return pools_tail_latency(result.pools)
    planned = result.planned
    if planned is None:
        return None
    cap = planned.capacity
    load = planned.scenario.workload.load
    in_flight = fixed_in_flight(load)
    if in_flight is not None:
        clients = max(1, round(in_flight / planned.replicas))
        args = _serving_args(cap)
        answer_s = float(
            steady_state(
                cap.dep, float(clients), *args, cap.limits.batch, ranks_schedule=True
            ).e2e_s
        )
        share = ReplicaLoad(clients=clients, client_spread_s=answer_s)
    else:
        rate = planned.demand.peak_rate_per_s or 0.0  # the rate the figures are read at
        per_replica = rate / planned.replicas
        if per_replica <= 0.0 or per_replica >= float(cap.at_limit.requests_per_s):
            return None  # no load, or more than a replica can ever serve: the queue never ends
        share = ReplicaLoad(arrival_rate_per_s=per_replica)
    tail = replica_tail(
        cap.dep,
        cap.input_tokens,
        cap.output_tokens,
        cap.token_budget,
        int(cap.limits.batch),
        cap.request_overhead_s,
        share,
        scheduling_ranks(cap.dep),
    )
    point = planned.point
    return None if tail is None else tail.not_below(float(point.ttft_s), float(point.tpot_s))
