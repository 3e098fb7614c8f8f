"""Separate prefill and decode pools on the GPU count a planner set by hand.

The pools' search (`plan_disaggregated`) chooses each pool's workers for the demand. A GPU
count set by hand (the hardware's count with Automatic off) is what serving together runs as
replicas, so the pools share those GPUs instead: every pair of layouts the search tries and
every split of the count between a prefill and a decode pool, in no more servers than the
count fills, is tried; the split that meets the demand wins, and among those (or, when none
does, among all) the one serving the most requests a second within both targets, as the split
search for serving together chooses on a count set by hand. A split's prefill workers are
held to the TTFT target less the wait for a decode place its decode workers leave, as the
search holds them. Its figures are then those of
these pools at the planned load, whatever they miss.

Trying every split of 8,192 GPUs for each of a thousand pairs of layouts took seconds; the
pools' rates cross once as decode workers replace prefill workers, so each pair's best split
is found from that crossing outwards (`crossing_split`), to the same answer as trying them all
(`every_split`, which small counts still use).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import Deployment
from aisle_desktop.sizing.planning.disaggregated_plan import (
    DecodeWorker,
    DisaggregatedPlan,
    PoolChoices,
    decode_paces,
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
    trays = decode.dep.assumptions.cross_tray_kv_over_network
    link = pools_link(choices.gpu, server, prefill_dep.gpus, decode.dep.gpus, placed.shared, trays)
    workers = (split.prefill_workers, split.decode_workers)
    plan = pools_plan(decode, prefill_dep, workers, link, choices.rate_per_s, placed)
    return settled_at_load(scenario, plan)


def _best_split(
    choices: PoolChoices, decode: DecodeWorker, prefill_dep: Deployment, gpus: int
) -> _Split | None:
    """The best split of `gpus` between prefill workers `prefill_dep` and decode workers
    `decode` (each pool at least one serving worker and its spare), in no more servers than
    the count fills; None when none fits."""
    pair = PairOnCount.of(choices, decode, prefill_dep, gpus)
    if gpus < pair.gpus_per_server + pair.prefill_gpus or not pair.rates_positive:
        # One server may hold both pools (their link then differs), or a pool serves nothing
        # and every split ties: few splits, or none worth ordering, so each is tried.
        return every_split(pair)
    return crossing_split(pair)


class _Tried(NamedTuple):
    """One split of a pair of layouts on the count, and what decides its place."""

    split: _Split
    fits: bool  # in no more servers than the count fills
    decode_holds: bool
    prefill_holds: bool
    prefill_s: float  # requests/s the serving prefill workers take
    decode_s: float  # requests/s the serving decode workers finish


@dataclass(frozen=True, slots=True)
class PairOnCount:
    """A pair of worker layouts on a GPU count: what each number of decode workers leaves the
    prefill pool, and what that split serves (`tried`).

    Requests arriving at random wait for a decode place when a decode pool runs close to its
    places, and that wait comes out of the TTFT target before the prefill pool's share, as in
    the pools' search (`plan_disaggregated`): so with fewer decode workers each prefill worker
    takes less. A wait the search would not add a decode worker for (`negligible_place_wait_s`)
    counts as none."""

    gpus: int
    prefill_gpus: int
    decode_gpus: int
    gpus_per_server: int
    allowed_servers: int
    spare: int
    headroom: float
    rate_per_s: float
    in_flight: float | None
    decode_batch: float
    decode_rate_per_s: float
    prefill_rate_per_s: tuple[float, float]  # apart, and with one server holding both pools
    # The pair's choices and layouts, for the prefill rate and the wait for a decode place.
    choices: PoolChoices = field(repr=False, compare=False)
    decode: DecodeWorker = field(repr=False, compare=False)
    prefill_dep: Deployment = field(repr=False, compare=False)
    decode_paces: np.ndarray = field(repr=False, compare=False)

    @classmethod
    def of(
        cls, choices: PoolChoices, decode: DecodeWorker, prefill_dep: Deployment, gpus: int
    ) -> PairOnCount:
        server = choices.server

        def rate(shared: bool) -> float:
            trays = decode.dep.assumptions.cross_tray_kv_over_network
            link = pools_link(choices.gpu, server, prefill_dep.gpus, decode.dep.gpus, shared, trays)
            return choices.prefill_rate(decode, prefill_dep, link)

        return cls(
            gpus=gpus,
            prefill_gpus=prefill_dep.gpus,
            decode_gpus=decode.dep.gpus,
            gpus_per_server=server.gpus_per_server,
            allowed_servers=servers_needed(gpus, server.gpus_per_server),
            spare=choices.spare,
            headroom=choices.headroom,
            rate_per_s=choices.rate_per_s,
            in_flight=choices.in_flight,
            decode_batch=decode.batch,
            decode_rate_per_s=decode.requests_per_s,
            prefill_rate_per_s=(rate(False), rate(True)),
            choices=choices,
            decode=decode,
            prefill_dep=prefill_dep,
            decode_paces=decode_paces(decode),
        )

    def prefill_rate_s(self, shared: bool, wait_s: float) -> float:
        """Requests/s one prefill worker takes (its pools in one server or apart) with a
        cache's `wait_s` for a decode place taken out of the TTFT target."""
        if wait_s <= 0.0:
            return self.prefill_rate_per_s[shared]
        choices, decode, prefill_dep = self.choices, self.decode, self.prefill_dep
        trays = decode.dep.assumptions.cross_tray_kv_over_network
        link = pools_link(
            choices.gpu, choices.server, prefill_dep.gpus, decode.dep.gpus, shared, trays
        )
        return choices.prefill_rate(decode, prefill_dep, link, wait_s)

    def place_wait_s(self, decode_workers: int) -> float:
        """A cache's mean wait for a decode place with `decode_workers` (the spare idle), read
        as the search reads it (`PoolChoices.decode_place_wait_s`); 0 where it is not worth
        another decode worker."""
        wait_s = self.choices.decode_place_wait_s(self.decode_paces, decode_workers - self.spare)
        return wait_s if wait_s > self.choices.negligible_place_wait_s else 0.0

    @property
    def rates_positive(self) -> bool:
        return self.decode_rate_per_s > 0 and self.prefill_rate_per_s[0] > 0

    @property
    def fewest_decode_workers(self) -> int:
        return 1 + self.spare

    @property
    def most_decode_workers(self) -> int:
        """The most decode workers that leave room for a serving prefill worker and its spare
        (below `fewest_decode_workers` when none do)."""
        return (self.gpus - (1 + self.spare) * self.prefill_gpus) // self.decode_gpus

    def tried(self, decode_workers: int) -> _Tried:
        """`decode_workers` decode workers and as many prefill workers as the rest holds."""
        prefill_workers = (self.gpus - decode_workers * self.decode_gpus) // self.prefill_gpus
        placed = place_pools(
            prefill_workers * self.prefill_gpus,
            decode_workers * self.decode_gpus,
            self.gpus_per_server,
        )
        per_worker = self.prefill_rate_s(placed.shared, self.place_wait_s(decode_workers))
        prefill_s = (prefill_workers - self.spare) * per_worker
        decoding = decode_workers - self.spare
        decode_s = decoding * self.decode_rate_per_s
        if self.in_flight is not None:
            decode_holds = decoding * self.decode_batch >= self.in_flight
        else:
            decode_holds = decode_s * self.headroom >= self.rate_per_s
        prefill_holds = prefill_s * self.headroom >= self.rate_per_s
        split = _Split(
            prefill_workers=prefill_workers,
            decode_workers=decode_workers,
            meets_demand=decode_holds and prefill_holds,
            requests_per_s=min(prefill_s, decode_s),
            gpus=prefill_workers * self.prefill_gpus + decode_workers * self.decode_gpus,
            servers=placed.total,
        )
        fits = placed.total <= self.allowed_servers
        return _Tried(split, fits, decode_holds, prefill_holds, prefill_s, decode_s)


def _better(split: _Split, best: _Split | None) -> bool:
    """Whether `split` wins over `best`: a larger key, or the same key with fewer decode
    workers (the first of equals in the order `every_split` tries them)."""
    if best is None:
        return True
    key, best_key = split.key(), best.key()
    return key > best_key or (key == best_key and split.decode_workers < best.decode_workers)


def every_split(pair: PairOnCount) -> _Split | None:
    """The best split, trying every number of decode workers."""
    best: _Split | None = None
    for decode_workers in range(pair.fewest_decode_workers, pair.most_decode_workers + 1):
        tried = pair.tried(decode_workers)
        if tried.fits and _better(tried.split, best):
            best = tried.split
    return best


def crossing_split(pair: PairOnCount) -> _Split | None:
    """The split `every_split` finds, trying only those near where the pools' rates cross.

    With each pool in servers of its own (a count of at least a server and a prefill worker
    has no split that one server holds) a prefill worker's rate is one figure, so each decode
    worker more raises the decode pool's rate and lowers or keeps the prefill pool's: the rate
    both serve rises up to where they cross and never rises after. The demand is met between
    two numbers of decode workers (the decode pool holds it from one on, the prefill pool up to
    the other). So the splits meeting it are tried first, outwards from the crossing in the
    order of the rate they serve, down to the best one's rate (its equals too, for the GPUs and
    servers that break ties); all splits, so, only when none of those fits in the servers.

    Where too few decode workers keep requests arriving at random waiting for a place, that
    wait lowers a prefill worker's rate (`PairOnCount.place_wait_s`) and the rates need not
    cross once: those splits (the wait falls with each decode worker more, so they come
    first) are each tried, and the crossing searched among the rest.
    """
    low, high = pair.fewest_decode_workers, pair.most_decode_workers
    if high < low:
        return None
    settled = _first(low, high, lambda workers: pair.place_wait_s(workers) == 0.0)
    best: _Split | None = None
    for decode_workers in range(low, settled):
        tried = pair.tried(decode_workers)
        if tried.fits and _better(tried.split, best):
            best = tried.split
    if settled <= high:
        beyond = _crossing(pair, settled, high)
        if beyond is not None and _better(beyond, best):
            best = beyond
    return best


def _crossing(pair: PairOnCount, low: int, high: int) -> _Split | None:
    """`crossing_split` among `low`..`high` decode workers, where no wait moves the rates."""
    holds_from = _first(low, high, lambda workers: pair.tried(workers).decode_holds)
    holds_until = _first(low, high, lambda workers: not pair.tried(workers).prefill_holds) - 1
    if holds_from <= holds_until:
        meeting = _outwards(pair, holds_from, holds_until)
        if meeting is not None:
            return meeting
    return _outwards(pair, low, high)


def _first(low: int, high: int, holds: Callable[[int], bool]) -> int:
    """The first of `low`..`high` where `holds` (false, then true) is true; `high` + 1 if none."""
    while low <= high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle - 1
        else:
            low = middle + 1
    return low


def _outwards(pair: PairOnCount, low: int, high: int) -> _Split | None:
    """The best split with `low`..`high` decode workers, tried from the crossing outwards:
    below it the decode pool's rate binds and falls with each worker fewer, from it on the
    prefill pool's binds and never rises with each worker more."""
    crossing = _first(low, high, lambda workers: _decode_at_least_prefill(pair.tried(workers)))
    below = pair.tried(crossing - 1) if crossing > low else None
    above = pair.tried(crossing) if crossing <= high else None
    best: _Split | None = None
    while below is not None or above is not None:
        take_below = above is None or (
            below is not None and below.split.requests_per_s >= above.split.requests_per_s
        )
        tried = below if take_below else above
        assert tried is not None
        if best is not None and tried.split.requests_per_s < best.requests_per_s:
            break
        if tried.fits and _better(tried.split, best):
            best = tried.split
        workers = tried.split.decode_workers
        if take_below:
            below = pair.tried(workers - 1) if workers > low else None
        else:
            above = pair.tried(workers + 1) if workers < high else None
    return best


def _decode_at_least_prefill(tried: _Tried) -> bool:
    return tried.decode_s >= tried.prefill_s
