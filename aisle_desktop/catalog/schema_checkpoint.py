"""A published checkpoint's weights by component, as its own config lists them.

A checkpoint named for a low precision rarely stores every weight at it. gpt-oss ships its
routed experts in MXFP4 and its attention, router, embeddings and LM head in BF16
(``quantization_config.modules_to_not_convert``); Kimi K2.5 ships INT4 experts and leaves the
LM head, attention, shared experts and dense MLP in BF16 (compressed-tensors ``ignore``);
NVIDIA's NVFP4 exports list what ModelOpt left out (``ignore``, ``exclude_modules``) or give
each group of modules its own precision (``config_groups``, ``quantized_layers``). Sizing
such a checkpoint as if every weight were 4-bit undercounts its memory and its reads.

Components are what engines place and read apart: ``routed_experts`` (read where a batch's
tokens go), ``feed_forward`` (shared experts and dense MLPs, read on every step),
``attention`` (attention or linear-attention mixers with the routers and norms beside them),
``embeddings`` (the input table, looked up) and ``lm_head``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aisle_desktop.catalog.schema_common import Frozen

WeightComponent = Literal["routed_experts", "feed_forward", "attention", "embeddings", "lm_head"]
WEIGHT_COMPONENTS: tuple[WeightComponent, ...] = (
    "routed_experts",
    "feed_forward",
    "attention",
    "embeddings",
    "lm_head",
)
COMPONENT_NAMES: dict[WeightComponent, str] = {
    "routed_experts": "routed experts",
    "feed_forward": "shared and dense MLPs",
    "attention": "attention",
    "embeddings": "embeddings",
    "lm_head": "LM head",
}


class CheckpointSpec(Frozen):
    """One published checkpoint of a model, by the precision a plan names it with.

    ``components`` gives the precision (a catalog precision id) of each component the config
    stores at another precision than ``precision``; a component it leaves out is at
    ``precision``, except the embeddings and LM head, which stay at 16 bits unless listed
    (quantizers target linear layers: the input table is not one, and every config here
    keeps the LM head wide or names it). ``components`` null: the config does not say
    (NVIDIA's DeepSeek-V3.2 NVFP4 has no ``quantization_config``), so the precision is
    assumed uniform and the plan says so.
    """

    precision: str = Field(min_length=1)
    components: dict[WeightComponent, str] | None
    source: str = Field(min_length=1)
