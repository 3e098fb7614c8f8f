"""The versioned calibration: the model's assumptions as one named, dated object.

A plan stores what the planner wrote, never the model's own constants, so a recalibration
reaches every old plan and each result names the calibration it was sized with. A planner may
still override an assumption for one scenario; ``with_overrides`` checks the names and ranges
against this calibration.

Changing a value in ``assumptions.py`` makes a new calibration: give it a new id and date here,
add the id to tests/sizing/test_calibration.py, and regenerate the table in docs/calibration.md
(``python -m aisle_desktop.sizing.calibration.document docs/calibration.md``).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from aisle_desktop.labels import assumption_value_text
from aisle_desktop.sizing.calibration.assumptions import CostAssumptions, PerformanceAssumptions
from aisle_desktop.sizing.calibration.engine_eras import (
    ENGINE_ERAS_2026_12,
    ENGINE_ERAS_2026_12_1,
    ENGINE_ERAS_2026_12_2,
    ENGINE_ERAS_2026_12_3,
    ENGINE_ERAS_2026_12_4,
    ENGINE_ERAS_2026_12_5,
    ENGINE_ERAS_2026_12_6,
    ENGINE_ERAS_2026_12_7,
    ENGINE_ERAS_2026_12_9,
    ENGINE_ERAS_2026_12_10,
    ENGINE_ERAS_2026_12_12,
    ENGINE_ERAS_2026_12_18,
    ENGINE_ERAS_2026_12_19,
    ENGINE_ERAS_2026_12_21,
    ENGINE_ERAS_2026_12_23,
    ENGINE_ERAS_2026_12_25,
    ENGINE_ERAS_2026_12_29,
    ENGINE_ERAS_2026_12_37,
    ENGINE_ERAS_2026_12_39,
    ENGINE_ERAS_2026_12_40,
    ENGINE_ERAS_2026_12_41,
    ENGINE_ERAS_2026_12_44,
    ENGINE_ERAS_2026_12_45,
    ENGINE_ERAS_2026_12_52,
    EngineEra,
    era_for,
)
from aisle_desktop.sizing.calibration.override_words import refused_overrides
from aisle_desktop.sizing.calibration.release_provenance import era_provenance
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.explain import Assumption

OVERRIDE_FIELD = "assumption_overrides"


@dataclass(frozen=True)
class Calibration:
    """Every mechanism-level assumption's value and source, under an id and a date.

    ``overrides`` lists the values a scenario replaced (applied already to ``performance``
    and ``cost``); the shipped calibration has none.
    """

    id: str
    date: datetime.date
    performance: PerformanceAssumptions = field(default_factory=PerformanceAssumptions)
    cost: CostAssumptions = field(default_factory=CostAssumptions)
    overrides: Mapping[str, float] = field(default_factory=dict)
    # What engine releases changed (engine_eras.py); a release before every era runs with
    # the values above.
    eras: tuple[EngineEra, ...] = ()

    def era(self, engine_id: str, engine_version: str | None) -> EngineEra | None:
        """The era of this engine release (the newest for none); None before every era."""
        return era_for(self.eras, engine_id, engine_version)

    def performance_for(self, engine_id: str, engine_version: str | None) -> PerformanceAssumptions:
        """The performance assumptions a release runs with: its era's values replace the
        shipped ones, and the planner's overrides still win over both."""
        era = self.era(engine_id, engine_version)
        if era is None:
            return self.performance
        update = {k: v for k, v in era.values.items() if k not in self.overrides}
        return self.performance.model_copy(update=update)

    def with_era_scaled(self, scales: Mapping[str, float]) -> Calibration:
        """Every era's values multiplied by `scales` (a refit's trial, never shipped)."""
        eras = tuple(
            dataclasses.replace(
                e,
                values={k: v * scales.get(k, 1.0) for k, v in e.values.items()},
            )
            for e in self.eras
        )
        return dataclasses.replace(self, eras=eras)

    @property
    def label(self) -> str:
        """``calibration 2026.11 (2026-11-26)``, as ``SizingResult.calibration_label`` says it."""
        return f"calibration {self.id} ({self.date.isoformat()})"

    def names(self) -> tuple[str, ...]:
        """Every assumption a scenario may override, in the order the models declare them."""
        return (*PerformanceAssumptions.model_fields, *CostAssumptions.model_fields)

    def value(self, name: str) -> float:
        """The value in force (the override if there is one); KeyError for an unknown name."""
        for part in (self.performance, self.cost):
            if name in type(part).model_fields:
                return float(getattr(part, name))
        raise KeyError(name)

    def source(self, name: str) -> str:
        """Where the shipped value comes from; KeyError for an unknown name."""
        for model in (PerformanceAssumptions, CostAssumptions):
            if name in model.model_fields:
                return str(model.model_fields[name].description or "")
        raise KeyError(name)

    def with_overrides(self, overrides: Mapping[str, float]) -> Calibration:
        """This calibration with a scenario's overrides applied; SizingError names a bad one."""
        if not overrides:
            return self
        refused = self.refused_overrides(overrides)
        if refused:
            raise SizingError("; ".join(refused))
        return Calibration(
            id=self.id,
            date=self.date,
            performance=_replaced(self.performance, overrides),
            cost=_replaced(self.cost, overrides),
            overrides={**self.overrides, **overrides},
            eras=self.eras,
        )

    def refused_overrides(self, overrides: Mapping[str, float]) -> list[str]:
        """Every override `with_overrides` refuses, each in the words plan files are refused
        in (`override_words`)."""
        return refused_overrides(self.names(), (self.performance, self.cost), overrides)

    def assumption(self, name: str) -> Assumption:
        """One assumption with its value and source; an override says whose it is."""
        return Assumption(name=name, value=self.value(name), source=self._source_shown(name))

    def as_assumptions(
        self, engine_id: str | None = None, engine_version: str | None = None
    ) -> list[Assumption]:
        """Every assumption, in declaration order, for results and reports: with an engine,
        the values its release runs with, an era's value saying whose it is."""
        era = self.era(engine_id, engine_version) if engine_id is not None else None
        shown = []
        for name in self.names():
            if era is not None and name in era.values and name not in self.overrides:
                source = (
                    f"{era.title}, {era_provenance(era, name).words} (docs/calibration.md, "
                    "engine eras); "
                    f"earlier releases {_value_read(name, self.value(name))}: {self.source(name)}"
                )
                shown.append(Assumption(name=name, value=era.values[name], source=source))
            elif era is not None and name in era.values:
                source = (
                    f"the planner's override; {era.label} in calibration {self.id} has "
                    f"{_value_read(name, era.values[name])} ({self.source(name)})"
                )
                shown.append(Assumption(name=name, value=self.value(name), source=source))
            else:
                shown.append(self.assumption(name))
        return shown

    def _source_shown(self, name: str) -> str:
        if name not in self.overrides:
            return self.source(name)
        shipped = CALIBRATIONS[self.id].value(name) if self.id in CALIBRATIONS else None
        was = "" if shipped is None else f"; calibration {self.id} has {_value_read(name, shipped)}"
        return f"the planner's override{was} ({self.source(name)})"


def _value_read(name: str, value: float) -> str:
    """A value a source names (an earlier release's, the calibration's beside an override)
    as the value in force is read: in the unit its label names ("earlier releases 5 ms",
    "50 %"), a 0 that turns a mechanism off in words. A bare "5" left the planner to guess
    what it counted, and "0.5" read as a share beside "52.9 %"."""
    return assumption_value_text(name, value)


Part = TypeVar("Part", PerformanceAssumptions, CostAssumptions)


def _replaced(part: Part, overrides: Mapping[str, float]) -> Part:
    """`part` with the overrides of its fields (checked by `Calibration.refused_overrides`)."""
    mine = {k: v for k, v in overrides.items() if k in type(part).model_fields}
    if not mine:
        return part
    return type(part).model_validate({**part.model_dump(), **mine})


CALIBRATION_2026_11 = Calibration(id="2026.11", date=datetime.date(2026, 11, 26))
CALIBRATION_2026_12 = Calibration(
    id="2026.12", date=datetime.date(2026, 12, 4), eras=ENGINE_ERAS_2026_12
)
CALIBRATION_2026_12_1 = Calibration(
    id="2026.12.1", date=datetime.date(2026, 12, 4), eras=ENGINE_ERAS_2026_12_1
)
CALIBRATION_2026_12_2 = Calibration(
    id="2026.12.2", date=datetime.date(2026, 12, 4), eras=ENGINE_ERAS_2026_12_2
)
CALIBRATION_2026_12_3 = Calibration(
    id="2026.12.3", date=datetime.date(2026, 12, 4), eras=ENGINE_ERAS_2026_12_3
)
CALIBRATION_2026_12_4 = Calibration(
    id="2026.12.4", date=datetime.date(2026, 12, 4), eras=ENGINE_ERAS_2026_12_4
)
# Uneven routing (a property of the router and the text, shared by every engine): a gamma
# spread of the experts' loads with coefficient of variation 0.7 (docs/calibration.md).
CALIBRATION_2026_12_5 = Calibration(
    id="2026.12.5",
    date=datetime.date(2026, 12, 4),
    performance=PerformanceAssumptions(expert_load_cv=0.7),
    eras=ENGINE_ERAS_2026_12_5,
)
# 2026.12.5 and a TensorRT-LLM disaggregated decode worker's wait for arrived caches.
CALIBRATION_2026_12_6 = Calibration(
    id="2026.12.6",
    date=datetime.date(2026, 12, 4),
    performance=PerformanceAssumptions(expert_load_cv=0.7),
    eras=ENGINE_ERAS_2026_12_6,
)
# 2026.12.6 and TensorRT-LLM's starting cohort persisting in disaggregated serving.
CALIBRATION_2026_12_7 = Calibration(
    id="2026.12.7",
    date=datetime.date(2026, 12, 4),
    performance=PerformanceAssumptions(expert_load_cv=0.7),
    eras=ENGINE_ERAS_2026_12_7,
)
# 2026.12.7 with a MoE layer under expert parallel ending when its busiest rank does (the
# expected largest of the ranks' routed loads under the same routing spread; no fitted value).
CALIBRATION_2026_12_8 = Calibration(
    id="2026.12.8",
    date=datetime.date(2026, 12, 5),
    performance=PerformanceAssumptions(expert_load_cv=0.7, expert_rank_imbalance=1.0),
    eras=ENGINE_ERAS_2026_12_7,
)
# 2026.12.8 with TensorRT-LLM's attention data-parallel balancer holding new prompts until
# every rank has one (at most the 60 iterations NVIDIA's recipes set; no fitted value).
CALIBRATION_2026_12_9 = Calibration(
    id="2026.12.9",
    date=datetime.date(2026, 12, 5),
    performance=PerformanceAssumptions(expert_load_cv=0.7, expert_rank_imbalance=1.0),
    eras=ENGINE_ERAS_2026_12_9,
)
# 2026.12.9 with vLLM's and SGLang's weight-only INT4 MoE kernels reading their routed experts
# at 0.6 of the era's weight bandwidth (public kernel measurements; no fitted value).
CALIBRATION_2026_12_10 = Calibration(
    id="2026.12.10",
    date=datetime.date(2026, 12, 5),
    performance=PerformanceAssumptions(expert_load_cv=0.7, expert_rank_imbalance=1.0),
    eras=ENGINE_ERAS_2026_12_10,
)
# 2026.12.10 with a prompt riding one pipeline-parallel micro-batch through every stage, and
# each micro-batch scheduled with its own token budget (the engines' schedulers; no fitted value).
CALIBRATION_2026_12_11 = Calibration(
    id="2026.12.11",
    date=datetime.date(2026, 12, 5),
    performance=PerformanceAssumptions(
        expert_load_cv=0.7, expert_rank_imbalance=1.0, pipeline_whole_prompts=1.0
    ),
    eras=ENGINE_ERAS_2026_12_10,
)
# 2026.12.11 with TensorRT-LLM's MoE layers under data-parallel attention on a multi-node
# NVLink domain sending each token only to the ranks holding its experts (the engine's
# MNNVL all-to-all; no fitted value).
CALIBRATION_2026_12_12 = dataclasses.replace(
    CALIBRATION_2026_12_11, id="2026.12.12", eras=ENGINE_ERAS_2026_12_12
)
# 2026.12.12 with a collective across NVLink servers running over every GPU's network adapter
# of a server together (NCCL's rings; nccl-tests' bus bandwidth, no fitted value).
CALIBRATION_2026_12_13 = dataclasses.replace(
    CALIBRATION_2026_12_12,
    id="2026.12.13",
    performance=CALIBRATION_2026_12_12.performance.model_copy(
        update={"network_adapters_per_collective": 8.0}
    ),
)
# 2026.12.13's values with SGLang 0.5's memory defaults by GPU in the catalog: the fraction of
# each GPU its reserve leaves for weights and KV, and the chunked-prefill budget it picks by the
# GPU's memory (SGLang's ServerArgs; docs/calibration.md, "Calibration 2026.12.14").
CALIBRATION_2026_12_14 = dataclasses.replace(CALIBRATION_2026_12_13, id="2026.12.14")
# 2026.12.14 with a MoE layer bound by its weight reads ending when the expert-parallel rank
# holding the most of its tokens' experts has read them (the expected largest of the ranks'
# counts under the same routing spread; no fitted value; docs/calibration.md).
CALIBRATION_2026_12_15 = dataclasses.replace(
    CALIBRATION_2026_12_14,
    id="2026.12.15",
    performance=CALIBRATION_2026_12_14.performance.model_copy(
        update={"busiest_rank_expert_reads": 1.0}
    ),
)
# 2026.12.15 with a MoE model's MTP draft pass reading the experts its batch touches, as the
# model's own MoE layers do (DeepSeek's MTP module is one block of the model's shape; no
# fitted value; docs/calibration.md).
CALIBRATION_2026_12_16 = dataclasses.replace(
    CALIBRATION_2026_12_15,
    id="2026.12.16",
    performance=CALIBRATION_2026_12_15.performance.model_copy(
        update={"draft_pass_touched_experts": 1.0}
    ),
)
# 2026.12.16's values with SGLang 0.5's scheduler running the chunked-prefill budget it picks by
# the GPU's memory (16,384 tokens on a B200; its ServerArgs), and a plan's closed loop of clients
# on data-parallel attention ranks counted in iterations (docs/calibration.md, "Calibration
# 2026.12.17"; no fitted value).
CALIBRATION_2026_12_17 = dataclasses.replace(CALIBRATION_2026_12_16, id="2026.12.17")
# 2026.12.17 with TensorRT-LLM's era reading the whole LM head in each MTP draft pass of an
# attention-DP rank, which holds it whole unless enable_lm_head_tp_in_adp, as the model's own
# step reads it (no fitted value; docs/calibration.md, "Calibration 2026.12.18").
CALIBRATION_2026_12_18 = dataclasses.replace(
    CALIBRATION_2026_12_17, id="2026.12.18", eras=ENGINE_ERAS_2026_12_18
)
# 2026.12.18 with vLLM's decode attention on compute capability 10.x read as TensorRT-LLM's
# kernel and aiconfigurator's token budget for its vLLM and TensorRT-LLM aggregated workers
# (no fitted value; docs/calibration.md, "Calibration 2026.12.19").
CALIBRATION_2026_12_19 = dataclasses.replace(
    CALIBRATION_2026_12_18,
    id="2026.12.19",
    date=datetime.date(2026, 12, 6),
    eras=ENGINE_ERAS_2026_12_19,
)
# 2026.12.19 with vLLM's era handing a prefilled prompt to its decode worker in 92 ms beyond
# the cache's bytes and the first token's iterations (its NIXL connector's router dispatch and
# step boundaries, vLLM RFC 50913; no fitted value; docs/calibration.md, "Calibration
# 2026.12.21").
CALIBRATION_2026_12_21 = dataclasses.replace(
    CALIBRATION_2026_12_19, id="2026.12.21", eras=ENGINE_ERAS_2026_12_21
)
# 2026.12.21's values with SGLang admitting a request only when every admitted answer can
# still finish (catalog `kv_admission` "finishable": the batch held at the average length,
# the rest queued, where vLLM admits every prompt that fits and preempts), and `predict`
# reading the dated InferenceX lines' SGLang `--scheduler-recv-interval` and the series that
# repeat those runs (no fitted value; docs/calibration.md, "Calibration 2026.12.22").
CALIBRATION_2026_12_22 = dataclasses.replace(CALIBRATION_2026_12_21, id="2026.12.22")
# 2026.12.22 with vLLM's hand-over at 120 ms: the RFC's transfer window is overhead the cache's
# bytes do not account for, not the bytes the model charges (no fitted value;
# docs/calibration.md, "Calibration 2026.12.23").
CALIBRATION_2026_12_23 = dataclasses.replace(
    CALIBRATION_2026_12_22, id="2026.12.23", eras=ENGINE_ERAS_2026_12_23
)
# 2026.12.23's values with the B200's HBM3e read at the 7.67 TB/s its driver reports (a 7,680-bit
# bus at 3,996 MHz), not the DGX page's 8 TB/s: a catalog figure, no value changes here
# (docs/calibration.md, "Calibration 2026.12.24").
CALIBRATION_2026_12_24 = dataclasses.replace(CALIBRATION_2026_12_23, id="2026.12.24")
# 2026.12.24 with TensorRT-LLM's MLA layers launching their generation path beside their
# context path when an eager iteration mixes a prompt with decodes, one layer's launches more
# each (no fitted value; docs/calibration.md, "Calibration 2026.12.25").
CALIBRATION_2026_12_25 = dataclasses.replace(
    CALIBRATION_2026_12_24, id="2026.12.25", eras=ENGINE_ERAS_2026_12_25
)
# 2026.12.25's values with a disaggregated decode worker's step read at one answer or more: a
# token is made by a step that carries at least its own answer, so a worker busy part of the
# time no longer reads a fraction of an answer's experts and draft pass (no value changes
# here; docs/calibration.md, "Calibration 2026.12.26").
CALIBRATION_2026_12_26 = dataclasses.replace(CALIBRATION_2026_12_25, id="2026.12.26")
# 2026.12.26's values with the iteration that carries a request's prompt (or a chunk of it)
# decoding only the other running sequences, not that request's own: at one client it decodes
# none, so TensorRT-LLM's MLA decode path is not launched beside a lone prompt (no value changes
# here; docs/calibration.md, "Calibration 2026.12.27").
CALIBRATION_2026_12_27 = dataclasses.replace(CALIBRATION_2026_12_26, id="2026.12.27")
# 2026.12.27's values with each checkpoint's weights held as its own config stores them (gpt-oss's
# BF16 attention beside MXFP4 experts, Kimi K2.5's BF16 attention and shared experts beside INT4
# experts: the catalog's `checkpoints`): what fits, on how many GPUs, with how much KV room. No
# value changes here; the step still reads the weights at the plan's precision
# (docs/calibration.md, "Calibration 2026.12.28").
CALIBRATION_2026_12_28 = dataclasses.replace(CALIBRATION_2026_12_27, id="2026.12.28")
# 2026.12.28 with the engine eras refitted on the 2025-26 set's aggregated rows once its dated
# InferenceX lines are read at the lengths InferenceX's client drew, 0.9 of those they name (a
# reading rule of `predict`; docs/calibration.md, "Calibration 2026.12.29").
CALIBRATION_2026_12_29 = dataclasses.replace(
    CALIBRATION_2026_12_28, id="2026.12.29", eras=ENGINE_ERAS_2026_12_29
)
# 2026.12.29's values with `predict`'s online lines giving each attention data-parallel rank the
# engine's sequence cap, as plans already did (vLLM's data-parallel ranks are engine cores of
# their own, TensorRT-LLM's `max_batch_size` is a rank's): no value changes here
# (docs/calibration.md, "Calibration 2026.12.30").
CALIBRATION_2026_12_30 = dataclasses.replace(CALIBRATION_2026_12_29, id="2026.12.30")
# 2026.12.30's values with the dated lines of InferenceX's DeepSeek-R1 MTP scripts read with the
# token budget those scripts set (`script_budgets`), which moves TensorRT-LLM's TTFT band: no
# value changes here (docs/calibration.md, "Calibration 2026.12.31").
CALIBRATION_2026_12_31 = dataclasses.replace(CALIBRATION_2026_12_30, id="2026.12.31")
# 2026.12.31's values with a disaggregated run's starting cohort waiting for decode places: where
# the decode pool holds fewer than the clients, those beyond its places wait for whole answers to
# end, in waves (`cohort_place_wait_s`); no value changes here (docs/calibration.md,
# "Calibration 2026.12.32").
CALIBRATION_2026_12_32 = dataclasses.replace(CALIBRATION_2026_12_31, id="2026.12.32")
# 2026.12.32's values with the dated lines of InferenceX's DeepSeek-R1 FP8 B200 script without
# drafts read with the batch waiting it sets at 1,024 / 1,024 from 64 clients on
# (`script_batch_wait`), which moves TensorRT-LLM's TTFT band: no value changes here
# (docs/calibration.md, "Calibration 2026.12.33").
CALIBRATION_2026_12_33 = dataclasses.replace(
    CALIBRATION_2026_12_32, id="2026.12.33", date=datetime.date(2026, 12, 7)
)
# 2026.12.33's values with a disaggregated run's starting cohort waiting its decode worker's
# iterations to the first token, as every later request does (`cohort_extra_s`); no value
# changes here (docs/calibration.md, "Calibration 2026.12.34").
CALIBRATION_2026_12_34 = dataclasses.replace(
    CALIBRATION_2026_12_33, id="2026.12.34", date=datetime.date(2026, 12, 7)
)
# 2026.12.34's values with SGLang's all-reduce of a tensor-parallel group spanning NVL72 trays at
# NCCL's 199 GB/s between two GB200 trays (its custom all-reduce declines groups spanning hosts;
# a measurement, no fitted value; docs/calibration.md, "Calibration 2026.12.37").
CALIBRATION_2026_12_37 = dataclasses.replace(
    CALIBRATION_2026_12_34,
    id="2026.12.37",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_37,
)
# 2026.12.37's values with TensorRT-LLM's prefill GPUs sending a prompt's cache a copy per decode
# GPU they serve, one after another (its cache formatters; read from the engine's source, no
# fitted value; docs/calibration.md, "Calibration 2026.12.39").
CALIBRATION_2026_12_39 = dataclasses.replace(
    CALIBRATION_2026_12_37,
    id="2026.12.39",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_39,
)
# 2026.12.39's values with SGLang's all-reduce of a tensor-parallel group spanning 8-GPU servers
# at NCCL's 200 GB/s between two servers over their adapters at a 2,048-token chunk (its custom
# all-reduce declines groups spanning hosts), and vLLM's cache sent between NVL72 trays over the
# network (its cache has no CUDA fabric handle); a measurement and a switch, no fitted value
# (docs/calibration.md, "Calibration 2026.12.40").
CALIBRATION_2026_12_40 = dataclasses.replace(
    CALIBRATION_2026_12_39,
    id="2026.12.40",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_40,
)
# 2026.12.40's values with TensorRT-LLM's request overhead split by where trtllm-serve
# post-processes the answers: a quarter of it with post-processing workers, the rest refitted
# with the split (docs/calibration.md, "Calibration 2026.12.41").
CALIBRATION_2026_12_41 = dataclasses.replace(
    CALIBRATION_2026_12_40,
    id="2026.12.41",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_41,
)
# 2026.12.41's values with vLLM's expert exchange between 8-GPU servers at NCCL's ring: one
# network hop per server boundary at NCCL's own 2.7 us (its all-gather / reduce-scatter exchange
# over NCCL; read from the engines' source, no fitted value; docs/calibration.md, "Calibration
# 2026.12.44"). The same calibration's code gives an attention rank's all-reduce its own GPUs'
# path (inside its server), which moves no value.
CALIBRATION_2026_12_44 = dataclasses.replace(
    CALIBRATION_2026_12_41,
    id="2026.12.44",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_44,
)
# 2026.12.44's values with TensorRT-LLM's attention ranks admitting only the whole prompts their
# own budget holds: where that is one an iteration, the balancer lets one prompt a rank go at
# each release (its rule simulated, no fitted value; docs/calibration.md, "Calibration
# 2026.12.45").
CALIBRATION_2026_12_45 = dataclasses.replace(
    CALIBRATION_2026_12_44,
    id="2026.12.45",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_45,
)
# 2026.12.45's values with vLLM's era cut at 0.14, the first release that schedules
# asynchronously by default: its releases before it plan no iteration ahead of a new request and
# hide no host work (read from the engine's releases, no fitted value; docs/calibration.md,
# "Calibration 2026.12.52").
CALIBRATION_2026_12_52 = dataclasses.replace(
    CALIBRATION_2026_12_45,
    id="2026.12.52",
    date=datetime.date(2026, 12, 7),
    eras=ENGINE_ERAS_2026_12_52,
)

# Every calibration this program can name, by id; the last is what new sizings use.
CALIBRATIONS: dict[str, Calibration] = {
    c.id: c
    for c in (
        CALIBRATION_2026_11,
        CALIBRATION_2026_12,
        CALIBRATION_2026_12_1,
        CALIBRATION_2026_12_2,
        CALIBRATION_2026_12_3,
        CALIBRATION_2026_12_4,
        CALIBRATION_2026_12_5,
        CALIBRATION_2026_12_6,
        CALIBRATION_2026_12_7,
        CALIBRATION_2026_12_8,
        CALIBRATION_2026_12_9,
        CALIBRATION_2026_12_10,
        CALIBRATION_2026_12_11,
        CALIBRATION_2026_12_12,
        CALIBRATION_2026_12_13,
        CALIBRATION_2026_12_14,
        CALIBRATION_2026_12_15,
        CALIBRATION_2026_12_16,
        CALIBRATION_2026_12_17,
        CALIBRATION_2026_12_18,
        CALIBRATION_2026_12_19,
        CALIBRATION_2026_12_21,
        CALIBRATION_2026_12_22,
        CALIBRATION_2026_12_23,
        CALIBRATION_2026_12_24,
        CALIBRATION_2026_12_25,
        CALIBRATION_2026_12_26,
        CALIBRATION_2026_12_27,
        CALIBRATION_2026_12_28,
        CALIBRATION_2026_12_29,
        CALIBRATION_2026_12_30,
        CALIBRATION_2026_12_31,
        CALIBRATION_2026_12_32,
        CALIBRATION_2026_12_33,
        CALIBRATION_2026_12_34,
        CALIBRATION_2026_12_37,
        CALIBRATION_2026_12_39,
        CALIBRATION_2026_12_40,
        CALIBRATION_2026_12_41,
        CALIBRATION_2026_12_44,
        CALIBRATION_2026_12_45,
        CALIBRATION_2026_12_52,
    )
}
CURRENT_CALIBRATION = CALIBRATION_2026_12_52
