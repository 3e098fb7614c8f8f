"""The `disaggregated` object of a scenario line: a prefill pool and a decode pool.

Each pool is `workers` serving instances of `tp x pp x attention_dp` GPUs, its MoE layers
split over `ep` of a stage's GPUs (the data README's layout fields, as for a whole line).
`workers_recorded: false` says the worker counts are not known: the pools are sized for the
line's load as Aisle's planner sizes them, the prefill pool at most
`prefill_sized_utilisation` busy and the decode pool at least `fewest_decode_workers`
workers when the line says how its source sized them. `decode_max_batch` caps a decode
worker's batch per attention rank at what its deployment configured, and
`prefill_token_budget` gives a prefill worker's iterations the prompt tokens its deployment
let each take (its chunk).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_GPUS = 100_000
Count = Annotated[int, Field(ge=1, le=MAX_GPUS, strict=True)]
# The largest prompt-token budget of an iteration a line may set (engines' budgets are tens of
# thousands of tokens at most; a model's whole context is well under this).
MAX_BUDGET_TOKENS = 10_000_000


def check_expert_split(tp: int, attention_dp: int, ep: int) -> None:
    """Raise ValueError unless `ep` divides a pipeline stage's tp x attention_dp GPUs."""
    stage_gpus = tp * attention_dp
    if stage_gpus % ep:
        raise ValueError(
            f"ep {ep} does not divide the tp x attention_dp = {stage_gpus} GPUs of a "
            "pipeline stage that share the MoE layers"
        )


class PoolLayout(BaseModel):
    """One pool: how many workers, and how each splits the model over its GPUs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    workers: Count
    tp: Count
    pp: Count = 1
    ep: Count = 1
    attention_dp: Count = 1
    gpus_per_worker: Count | None = None  # as the source states it; checked, not used

    @property
    def worker_gpus(self) -> int:
        return self.tp * self.pp * self.attention_dp

    @property
    def gpus(self) -> int:
        return self.workers * self.worker_gpus

    @model_validator(mode="after")
    def _consistent(self) -> PoolLayout:
        if self.gpus_per_worker is not None and self.gpus_per_worker != self.worker_gpus:
            raise ValueError(
                f"gpus_per_worker {self.gpus_per_worker} is not tp x pp x attention_dp = "
                f"{self.worker_gpus}"
            )
        check_expert_split(self.tp, self.attention_dp, self.ep)
        return self


class DisaggregatedPools(BaseModel):
    """Prefill workers take the prompts; decode workers the answers."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    prefill: PoolLayout
    decode: PoolLayout
    # False when the line gives each pool's worker layout but not how many workers ran:
    # the pools are then sized for the line's load (`workers_for_load`).
    workers_recorded: bool = Field(default=True, strict=True)
    # With workers not recorded: how busy the source's own sizing keeps the prefill pool
    # (aiconfigurator rates it at 0.9 of its throughput); None: the planner's headroom.
    prefill_sized_utilisation: float | None = Field(default=None, gt=0.0, le=1.0)
    # With workers not recorded: the fewest decode workers the source's deployments ran
    # (one client a worker below that many clients); None: as many as hold the load.
    fewest_decode_workers: Count | None = None
    # The most answers a decode worker's attention rank takes at once, as its deployment
    # configured it (the engine's max batch size); more requests wait for a place. None: what
    # memory and the engine's default allow.
    decode_max_batch: Count | None = None
    # The most prompt tokens an iteration of a prefill worker's attention rank takes (the
    # engine's chunk), as its deployment configured it. None: the engine's default budget.
    prefill_token_budget: int | None = Field(default=None, ge=1, le=MAX_BUDGET_TOKENS, strict=True)
    # True when the worker counts were read from the source's benchmark recipe, not the line
    # (`dynamo_recipes`).
    workers_from_recipe: bool = Field(default=False, strict=True)

    @property
    def gpus(self) -> int:
        return self.prefill.gpus + self.decode.gpus
