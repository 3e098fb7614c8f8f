"""Separate prefill and decode pools on the GPU count a planner set by hand.

The pools' search (`plan_disaggregated`) chooses each pool's workers for the demand. A GPU
count set by hand (the hardware's count with Automatic off) is what serving together runs as
replicas, so the pools share those GPUs instead: every pair of layouts the search tries and
every split of the count between a prefill and a decode pool, in no more servers than the
count fills, is tried; the split that meets the demand wins, and among those (or, when none
does, among all) the one serving the most requests a second within both targets, as the split
search for serving together chooses on a count set by hand. Its figures are then those of
these pools at the planned load, whatever they miss.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment
from aisle_desktop.sizing.planning.disaggregated_plan import (
    DecodeWorker,
    DisaggregatedPlan,
    PoolChoices,
    pool_choices,
    pools_plan,
    settled_at_load,
)
from aisle_desktop.sizing.planning.facility import servers_needed
from aisle_desktop.sizing.planning.pool_servers import place_pools, pools_link


@dataclass(frozen=True, slots=True)
class _Split:
    """Workers of each pool on the count, and what they serve."""

    prefill_workers: int
    decode_workers: int
    meets_demand: bool
    requests_per_s: float  # the slower pool's rate with both targets met
    gpus: int
    servers: int

    def key(self) -> tuple[bool, float, int, int]:
        """Meeting the demand first, then the rate served, the GPUs used, the fewer servers."""
        return (self.meets_demand, self.requests_per_s, self.gpus, -self.servers)


def plan_pools_for_count(
    catalog: Catalog, scenario: Scenario, calibration: Calibration, gpus: int
) -> DisaggregatedPlan | None:
    """The pools that serve the plan best on `gpus` GPUs (None when no prefill and decode
    worker of any layout, a spare of each under N+1, fit in them)."""
    choices = pool_choices(catalog, scenario, calibration)
    best: tuple[_Split, DecodeWorker, Deployment] | None = None
    for decode in choices.decoders:
        for prefill_dep in choices.prefillers:
            split = _best_split(choices, decode, prefill_dep, gpus)
            if split is not None and (best is None or split.key() > best[0].key()):
                best = (split, decode, prefill_dep)
    if best is None:
        return None
    split, decode, prefill_dep = best
    server = choices.server
    placed = place_pools(
        split.prefill_workers * prefill_dep.gpus,
        split.decode_workers * decode.dep.gpus,
        server.gpus_per_server,
    )
    link = pools_link(choices.gpu, server, prefill_dep.gpus, decode.dep.gpus, placed.shared)
    workers = (split.prefill_workers, split.decode_workers)
    plan = pools_plan(decode, prefill_dep, workers, link, choices.rate_per_s, placed)
    return settled_at_load(scenario, plan)


def _best_split(
    choices: PoolChoices, decode: DecodeWorker, prefill_dep: Deployment, gpus: int
) -> _Split | None:
    """The best split of `gpus` between prefill workers `prefill_dep` and decode workers
    `decode` (each pool at least one serving worker and its spare), in no more servers than
    the count fills; None when none fits."""
    server = choices.server
    spare, headroom = choices.spare, choices.headroom
    allowed = servers_needed(gpus, server.gpus_per_server)
    prefill_rate = {
        shared: choices.prefill_rate(
            decode,
            prefill_dep,
            pools_link(choices.gpu, server, prefill_dep.gpus, decode.dep.gpus, shared),
        )
        for shared in (True, False)
    }
    best: _Split | None = None
    decode_workers = 1 + spare
    while decode_workers * decode.dep.gpus + (1 + spare) * prefill_dep.gpus <= gpus:
        prefill_workers = (gpus - decode_workers * decode.dep.gpus) // prefill_dep.gpus
        placed = place_pools(
            prefill_workers * prefill_dep.gpus,
            decode_workers * decode.dep.gpus,
            server.gpus_per_server,
        )
        if placed.total <= allowed:
            prefill_s = (prefill_workers - spare) * prefill_rate[placed.shared]
            decoding = decode_workers - spare
            decode_s = decoding * decode.requests_per_s
            if choices.in_flight is not None:
                decode_holds = decoding * decode.batch >= choices.in_flight
            else:
                decode_holds = decode_s * headroom >= choices.rate_per_s
            split = _Split(
                prefill_workers=prefill_workers,
                decode_workers=decode_workers,
                meets_demand=decode_holds and prefill_s * headroom >= choices.rate_per_s,
                requests_per_s=min(prefill_s, decode_s),
                gpus=prefill_workers * prefill_dep.gpus + decode_workers * decode.dep.gpus,
                servers=placed.total,
            )
            if best is None or split.key() > best.key():
                best = split
        decode_workers += 1
    return best
