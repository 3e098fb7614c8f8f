"""What `size_scenario` returns: every figure with its unit and explanation, plus warnings.

Figures are keyed by stable names (the window, the report and the CLI look them up by name)
so adding a figure never reshuffles the others. A result also carries the deployment it was
sized as (`planned`), so the curves, the tail-latency simulation and the report describe the
very replica the figures do instead of sizing the scenario again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from aisle_desktop.formatting import count
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.engine import OperatingPoint
from aisle_desktop.sizing.explain import Assumption, Figure
from aisle_desktop.sizing.planning.capacity import ReplicaCapacity
from aisle_desktop.sizing.planning.demand import Demand
from aisle_desktop.sizing.planning.gpu_counts import (
    gpus_of,
    gpus_text,
    own_encoder_gpus,
    replicas_text,
)

if TYPE_CHECKING:  # the pools' search imports this module
    from aisle_desktop.sizing.planning.pools_load import PoolsAtLoad
    from aisle_desktop.sizing.planning.together_or_pools import ServingComparison

Severity = Literal["info", "warning", "critical"]
# Critical warnings that say only what a plan falls short of (its latency targets, its N+1
# spare, its headroom): such a plan still serves its users, so none blocks it.
SHORTFALL_CODES = frozenset({"targets-not-met", "no-spare", "no-headroom"})


class PlanWarning(BaseModel):
    """Something a planner would miss, said in plain language."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    message: str
    # A block in a few words, for a table's cell beside other scenarios ("a server draws
    # 14.3 kW, the rack takes 12 kW; raise “Rack power limit” to 14.3 kW"); "": its message.
    short: str = ""

    @property
    def in_short(self) -> str:
        """The problem as a cell of the scenarios compared reads it."""
        return self.short or self.message

    @property
    def blocks(self) -> bool:
        """A problem that stops the plan serving at all: critical, and not only a shortfall."""
        return self.severity == "critical" and self.code not in SHORTFALL_CODES


@dataclass(frozen=True, eq=False)
class PlannedDeployment:
    """The deployment behind a result: the split chosen, its replicas, batch and demand.

    ``capacity.dep`` is the replica as sized (LoRA slowdown and adapter memory included) and
    ``point`` is each replica at its share of the planned load; ``calibration`` is the one in
    force, the scenario's overrides applied.
    """

    scenario: Scenario
    calibration: Calibration
    capacity: ReplicaCapacity
    replicas: int
    point: OperatingPoint
    demand: Demand


class SizingResult(BaseModel):
    """The sized plan for one scenario, and the calibration it was sized with."""

    model_config = ConfigDict(frozen=True)

    scenario_name: str
    calibration_id: str
    calibration_date: str  # ISO date
    fits: bool
    meets_targets: bool
    status: str
    model_name: str
    gpu_name: str
    # The catalog's short name ("NVIDIA B200 180GB" for "NVIDIA B200 (HGX/DGX B200, 180GB)"),
    # where a narrow column has no room for the whole one; "": as `gpu_name`.
    gpu_short_name: str = ""
    engine_name: str
    engine_release: str = ""  # "vLLM 0.10 (2025-07)"; empty for an engine listing no releases
    # The scheduler's defaults the release picks on the plan's GPU (`engine_defaults_words`):
    # "256 requests at once, 2,048 tokens a step (its defaults on GPUs under 70 GiB and on A100)".
    engine_defaults: str = ""
    server_name: str
    weight_precision: str
    # Which weights are held at which precision, and how that is known (`weights_stored`):
    # "routed experts MXFP4; attention, embeddings, LM head BF16 (openai/gpt-oss-120b's config)".
    weights_stored: str = ""
    kv_precision: str
    weight_only: bool
    input_tokens: int
    output_tokens: int
    demand: str
    tp: int
    pp: int
    layout: str = ""  # "TP 4 × PP 2", "TP 8 × EP 8, attention data-parallel 8"
    layout_reason: str = ""  # why the split search chose that expert layout (MoE models)
    replicas: int
    gpus: int  # the GPUs the replicas use
    # The GPUs in the servers bought (servers x GPUs a server): what is paid for and powered,
    # above ``gpus`` when a server holds GPUs no replica uses.
    gpus_installed: int = 0
    # Replicas beyond those the demand needs (spare included), run with an automatic GPU count
    # on GPUs the whole servers hold anyway; counted in ``replicas`` and ``gpus``.
    whole_server_replicas: int = 0
    servers: int
    # An embeddings workload's encoder GPUs (`encoder_pool`): in ``gpus_installed``, the
    # servers, racks, power and costs, not in ``gpus``; ``encoder_servers`` of the servers
    # were bought for those the answering servers had no room for.
    encoder_gpus: int = 0
    encoder_servers: int = 0
    # An encoder pool on servers of its own type (`encoder_servers.py`; empty: it shares the
    # plan's GPU type): its GPU and server, and every GPU those servers hold. Its servers are
    # in ``servers`` and ``encoder_servers``, its GPUs not in ``gpus_installed``.
    encoder_gpu_name: str = ""
    encoder_server_name: str = ""
    encoder_gpus_installed: int = 0
    racks: int
    binding_constraint: str
    bound: str
    figures: dict[str, Figure] = Field(default_factory=dict)
    warnings: list[PlanWarning] = Field(default_factory=list)
    alternatives: list[str] = Field(default_factory=list)
    assumptions: list[Assumption] = Field(default_factory=list)

    # What the figures describe: replicas serving prompts and answers together, or separate
    # prefill and decode pools (the plan's serving choice "disaggregated").
    serving: Literal["aggregated", "disaggregated"] = "aggregated"
    # Separate pools split the model each their own way: "TP 2 × PP 3" (empty: no pools).
    prefill_layout: str = ""
    decode_layout: str = ""
    # What a prefill worker's step waits on ("compute" for most prompts; empty: no pools);
    # ``bound`` is then a decode worker's.
    prefill_bound: str = ""

    _planned: PlannedDeployment | None = PrivateAttr(default=None)
    _serving_comparison: ServingComparison | None = PrivateAttr(default=None)
    _serving_pending: Callable[[], ServingComparison] | None = PrivateAttr(default=None)
    _pools: PoolsAtLoad | None = PrivateAttr(default=None)

    def steps_bound(self) -> str:
        """What each step waits on, in words: the replica's step, or each pool's own (a
        prefill worker's step of prompt tokens is compute-bound where a decode worker's of
        one token an answer reads its weights and caches)."""
        if self.prefill_bound:
            return f"a prefill step is {self.prefill_bound}-bound, a decode step {self.bound}-bound"
        return f"each step is {self.bound}-bound"

    @property
    def planned(self) -> PlannedDeployment | None:
        """The deployment the figures describe; None when nothing fits."""
        return self._planned

    def carrying(self, planned: PlannedDeployment) -> SizingResult:
        """This result, now carrying the deployment it was sized as (set once, by sizing)."""
        self._planned = planned
        return self

    @property
    def serving_comparison(self) -> ServingComparison | None:
        """Aggregated against disaggregated for this plan, when its serving choice asks for
        both ("compare" or "disaggregated"); None otherwise or when nothing fits.

        A compared plan's pools are searched on the first asking, once: the budget's swings
        and goal-seeks size dozens of variants whose figures alone they read. The sizing
        thread asks after it has shown the figures; the window reads
        `known_serving_comparison`, so it never searches."""
        pending = self._serving_pending
        if pending is not None:
            self._serving_comparison = pending()
            self._serving_pending = None
        return self._serving_comparison

    @property
    def known_serving_comparison(self) -> ServingComparison | None:
        """The serving comparison if it was worked out already, else None (the window asks
        this: it must never search the pools on its own thread)."""
        return self._serving_comparison

    def comparing_later(self, compare: Callable[[], ServingComparison]) -> SizingResult:
        """This result, comparing its serving when first asked (`serving_comparison`)."""
        self._serving_pending = compare
        return self

    @property
    def pools(self) -> PoolsAtLoad | None:
        """The prefill and decode pools the figures describe (serving "disaggregated")."""
        return self._pools

    def as_pools(self, pools: PoolsAtLoad) -> SizingResult:
        """This result, describing `pools` rather than replicas (set once, by sizing): it
        carries no replica deployment, so nothing sizes or simulates one for it."""
        self._pools = pools
        self._planned = None
        return self

    def comparing(self, comparison: ServingComparison | None) -> SizingResult:
        """This result, carrying its serving comparison (set once, by sizing)."""
        self._serving_comparison = comparison
        return self

    def __eq__(self, other: object) -> bool:
        # Two results are equal when what they say is; the deployment is how it was reached.
        return isinstance(other, SizingResult) and self.__dict__ == other.__dict__

    @property
    def calibration_label(self) -> str:
        """``calibration 2026.11 (2026-11-26)``: what the window, report and CLI call it."""
        return f"calibration {self.calibration_id} ({self.calibration_date})"

    @property
    def blocking(self) -> bool:
        """A problem that stops the plan serving at all (a critical warning that is not only
        a shortfall: it does not fit, a server over the rack's power or height): the GPU
        comparison reads it as the report's costs table does (report/verdict.py)."""
        return any(w.blocks for w in self.warnings)

    @property
    def blocked_by(self) -> str:
        """What stops the plan, in short ("a server draws 14.3 kW, the rack takes 12 kW; …"),
        or "" when nothing does: the scenarios compared said "Fits in memory: Yes" and "Meets
        targets: Yes" of a plan whose headline read "Blocked". A plan blocked by more than one
        thing (rack power and rack height) named only the first: how many more is said, and
        where they are read (the banner, like the headline, names only the first)."""
        blocks = [w.in_short for w in self.warnings if w.blocks]
        if len(blocks) < 2:
            return "".join(blocks)
        return f"{blocks[0]}; and {len(blocks) - 1} more: see the plan's warnings"

    @property
    def gpus_for_load(self) -> int:
        """The GPUs needed: those of the replicas the demand needs. Replicas added only to
        fill whole servers share the same load, so a comparison of GPU counts leaves them out
        (gpu_counts.py names the counts)."""
        if not self.whole_server_replicas:
            return self.gpus  # separate pools' workers differ in size: no GPUs per replica
        per_replica = self.gpus // max(1, self.replicas)
        return per_replica * (self.replicas - self.whole_server_replicas)

    @property
    def gpus_bought(self) -> int:
        """Every GPU of the whole servers bought (a result from before they were counted:
        its replicas')."""
        return max(self.gpus_installed, self.gpus)

    def gpus_text(self) -> str:
        """``8 GPUs``, ``8 GPUs bought, 6 needed`` or ``8 GPUs bought, 2 needed + 1 for
        embeddings`` (gpu_counts.py)."""
        beside = gpus_text(self.gpus_for_load, self.gpus_bought, self.encoder_gpus_beside)
        return beside + self._own_encoders_text()

    def servers_text(self) -> str:
        """``1 × NVIDIA DGX H100 (...)``, and with an encoder pool on servers of its own type
        ``1 × NVIDIA DGX H100 (...) and 1 × 2U server with 4x NVIDIA L4 (...)``: every server
        bought, by type."""
        text = f"{self.servers_of_plan_type:,} × {self.server_name}"
        if not self.encoder_gpu_name:
            return text
        return f"{text} and {self.encoder_servers:,} × {self.encoder_server_name}"

    @property
    def servers_of_plan_type(self) -> int:
        """The servers of the plan's GPU type (all but the encoder's own, if it has them)."""
        return self.servers - (self.encoder_servers if self.encoder_gpu_name else 0)

    @property
    def encoder_gpus_beside(self) -> int:
        """The encoder GPUs among the plan's GPU type bought (none on servers of their own)."""
        return 0 if self.encoder_gpu_name else self.encoder_gpus

    def _own_encoders_text(self) -> str:
        """``, and 4 × NVIDIA L4 24GB for embeddings (1 needed)`` for an encoder pool on
        servers of its own type; empty otherwise."""
        if not self.encoder_gpu_name:
            return ""
        return ", and " + own_encoder_gpus(
            self.encoder_gpu_name, self.encoder_gpus, self.encoder_gpus_installed
        )

    def encoders_text(self) -> str:
        """``, and 1 encoder GPU for embeddings``, after what the answering GPUs run
        (`served_by`), with the servers bought for it where the others had no room (``on
        1 more server``); empty without an embeddings workload."""
        if not self.encoder_gpus:
            return ""
        added = self.encoder_servers
        more = f" on {count(added, 'more server', 'more servers')}" if added else ""
        if self.encoder_gpu_name:
            whose = "its" if self.encoder_gpus == 1 else "their"
            more = f" on {count(added, 'server')} of {whose} own"
        return f", and {count(self.encoder_gpus, 'encoder GPU')} for embeddings{more}"

    @property
    def idle_gpus(self) -> int:
        """GPUs bought with whole servers that neither a replica nor the encoder uses."""
        return max(0, self.gpus_installed - self.gpus - self.encoder_gpus_beside)

    def idle_note(self) -> str:
        """``2 of the 8 GPUs bought sit idle``; empty when every GPU bought serves."""
        if not self.idle_gpus:
            return ""
        verb = "sits" if self.idle_gpus == 1 else "sit"
        return f"{self.idle_gpus} of the {self.gpus_installed} GPUs bought {verb} idle"

    def whole_server_note(self) -> str:
        """``the last replica uses GPUs the whole server already holds``; empty when none."""
        more = self.whole_server_replicas
        if not more:
            return ""
        which = "the last replica uses" if more == 1 else f"the last {more} replicas use"
        whole = "the whole server" if self.servers == 1 else "whole servers"
        return f"{which} GPUs {whole} already {'holds' if self.servers == 1 else 'hold'}"

    def served_by(self) -> str:
        """``4 replicas of TP 2 × PP 1 (3 needed, 1 more on GPUs already bought)``, or for
        separate pools ``two pools: 4 prefill × TP 1 × PP 1 + 2 decode × TP 2 × PP 1``: what
        runs on the plan's GPUs, and what whole servers did to it."""
        if self.serving == "disaggregated":
            return f"two pools: {self.layout}"
        return replicas_text(self.replicas, self.layout, self.whole_server_replicas, self.idle_gpus)

    def hardware_text(self) -> str:
        """``8 × NVIDIA H100 SXM5 80GB bought, 6 needed``: the GPUs and their counts."""
        beside = gpus_of(
            self.gpu_name, self.gpus_for_load, self.gpus_bought, self.encoder_gpus_beside
        )
        return beside + self._own_encoders_text()

    def value(self, name: str) -> float:
        """A figure's value by name (raises KeyError naming the figure if absent)."""
        return self.figures[name].value
