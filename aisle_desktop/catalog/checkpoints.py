"""The precision of each weight component a plan's precision means for a model.

At a precision one of the model's published checkpoints ships (``ModelSpec.checkpoints``),
each component is where that checkpoint's config puts it. At any other precision the plan
quantizes the weights itself: every linear layer at the plan's precision, the embeddings and
LM head kept at 16 bits, as quantizers leave them (vLLM's FP8, ModelOpt, AWQ and GPTQ target
linear layers and skip the LM head by default). A checkpoint whose config does not say is
taken with every linear layer at its precision, and the plan says it assumed so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from aisle_desktop.catalog.schema_checkpoint import (
    COMPONENT_NAMES,
    WEIGHT_COMPONENTS,
    WeightComponent,
)

if TYPE_CHECKING:
    from aisle_desktop.catalog.catalog import Catalog
    from aisle_desktop.catalog.schema_model import ModelSpec

SIXTEEN_BITS = 16.0
# How the components' precisions are known: from a checkpoint's config, assumed uniform for
# a quantized checkpoint whose config does not say, a checkpoint of full-width weights
# (16 or 32 bits throughout), or the plan's own quantization.
Basis = Literal["config", "assumed uniform", "full width", "quantized by the plan"]


@dataclass(frozen=True, slots=True)
class ComponentPrecisions:
    """Each weight component's precision id, in `WEIGHT_COMPONENTS` order, and whence."""

    precisions: tuple[tuple[WeightComponent, str], ...]
    basis: Basis
    source: str | None  # the checkpoint's config, where one was read

    def of(self, component: WeightComponent) -> str:
        return dict(self.precisions)[component]


def _wide_table(catalog: Catalog, model: ModelSpec, precision: str) -> str:
    """The embeddings' and LM head's precision when nothing lists them: 16 bits below it
    (the model's own 16-bit type, else BF16), the plan's at or above it."""
    if catalog.precision(precision).bits_per_weight >= SIXTEEN_BITS:
        return precision
    native = model.native_precision
    if native in catalog.precisions and catalog.precision(native).bits_per_weight == SIXTEEN_BITS:
        return native
    return "bf16"


def _uniform(catalog: Catalog, model: ModelSpec, precision: str) -> dict[WeightComponent, str]:
    table = _wide_table(catalog, model, precision)
    return {
        "routed_experts": precision,
        "feed_forward": precision,
        "attention": precision,
        "embeddings": table,
        "lm_head": table,
    }


def plan_quantized(catalog: Catalog, model: ModelSpec, precision: str) -> ComponentPrecisions:
    """Every linear layer at `precision`, the embeddings and LM head at 16 bits below it:
    what quantizing the model's weights to `precision` gives."""
    return ComponentPrecisions(
        _ordered(_uniform(catalog, model, precision)), "quantized by the plan", None
    )


def component_precisions(catalog: Catalog, model: ModelSpec, precision: str) -> ComponentPrecisions:
    """What each component of `model` is stored in when a plan names `precision`."""
    checkpoint = next((c for c in model.checkpoints if c.precision == precision), None)
    if checkpoint is None and precision != model.native_precision:
        return plan_quantized(catalog, model, precision)
    uniform = _uniform(catalog, model, precision)
    if checkpoint is None:  # the model's own checkpoint, whose config lists nothing
        wide = catalog.precision(precision).bits_per_weight >= SIXTEEN_BITS
        return ComponentPrecisions(
            _ordered(uniform), "full width" if wide else "assumed uniform", None
        )
    if checkpoint.components is None:
        return ComponentPrecisions(_ordered(uniform), "assumed uniform", checkpoint.source)
    return ComponentPrecisions(
        _ordered(uniform | checkpoint.components), "config", checkpoint.source
    )


def _ordered(by_component: dict[WeightComponent, str]) -> tuple[tuple[WeightComponent, str], ...]:
    return tuple((component, by_component[component]) for component in WEIGHT_COMPONENTS)


def component_params(model: ModelSpec) -> dict[WeightComponent, float]:
    """The model's parameters by component. Attention takes what the others leave (norms and
    routers with it); shared experts and dense MLPs are apart only where the catalog counts
    them (`feed_forward_params_b`), else within attention's share."""
    table = float(model.vocab_size * model.hidden_size)
    head = 0.0 if model.tie_word_embeddings else table
    routed = model.moe.routed_expert_params_b * 1e9 if model.moe else 0.0
    feed_forward = (model.feed_forward_params_b or 0.0) * 1e9
    rest = max(0.0, model.total_params_b * 1e9 - table - head - routed - feed_forward)
    return {
        "routed_experts": routed,
        "feed_forward": feed_forward,
        "attention": rest,
        "embeddings": table,
        "lm_head": head,
    }


def component_name(model: ModelSpec, component: WeightComponent) -> str:
    """A component as a planner reads it; attention holds the MLPs too where the catalog
    does not count them apart (`feed_forward_params_b`)."""
    if component == "attention" and model.feed_forward_params_b is None:
        return "attention and MLPs"
    if component == "feed_forward" and model.moe is None:
        return "MLPs"
    return COMPONENT_NAMES[component]
