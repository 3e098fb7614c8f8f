"""The weights' precision against the checkpoint a model ships: the default a planner gets
when choosing a model, and what sizing at another precision asks of the team that serves it.

A checkpoint is published at one precision (``native_precision``: BF16 for most, FP8 for
DeepSeek-V3, MXFP4 for gpt-oss, NVFP4 for NVIDIA's exports). Sizing follows the plan's
precision, which a planner may set lower than the checkpoint's: an engine quantizes 16-bit
weights as it loads them (vLLM's ``--quantization fp8``) or a 4-bit export is made from them.
A precision the checkpoint cannot be served at as published (an FP8-only model at BF16,
NVFP4 weights at FP8) needs the weights converted first, which sizes a deployment nobody would
run: choosing such a model takes the checkpoint's own precision instead.
"""

from __future__ import annotations

from aisle_desktop.catalog import Catalog

# Precisions that are the checkpoint's full weights: serving them at any 16-bit type is a cast
# the engine does on load (vLLM's ``dtype``), not a conversion of the checkpoint.
FULL_WIDTH = frozenset({"fp32", "bf16", "fp16"})


def _shipped(catalog: Catalog, model_id: str) -> str | None:
    model = catalog.models.get(model_id)
    return None if model is None else model.native_precision


def _same_weights(shipped: str, precision: str) -> bool:
    return shipped == precision or (shipped in FULL_WIDTH and precision in FULL_WIDTH)


def precision_for_model(
    catalog: Catalog, old_model_id: str, new_model_id: str, precision: str
) -> str:
    """The weight precision a scenario takes when its model changes from ``old_model_id`` to
    ``new_model_id``: the new checkpoint's when the plan followed the old checkpoint's or when
    the new checkpoint is quantized and ships at another precision; the planner's own when
    it is a quantization of 16-bit weights (or what the new checkpoint ships)."""
    shipped = _shipped(catalog, new_model_id)
    if shipped is None or shipped not in catalog.precisions or _same_weights(shipped, precision):
        return precision
    followed = _shipped(catalog, old_model_id)
    if shipped not in FULL_WIDTH or (followed is not None and _same_weights(followed, precision)):
        return shipped
    return precision


def checkpoint_note(catalog: Catalog, model_id: str, precision: str) -> str | None:
    """What serving ``model_id`` at ``precision`` asks for when its checkpoint ships another
    one, and why it matters; None when the plan sizes the weights as published."""
    model = catalog.models.get(model_id)
    if model is None or _same_weights(model.native_precision, precision):
        return None
    native = model.native_precision
    shipped, wanted = native.upper(), precision.upper()
    lead = f"{model.name} ships {shipped} weights; this plan sizes them at {wanted}"
    if native in FULL_WIDTH:
        how = {
            "fp8": "the engine quantizes them as it loads them (as vLLM's --quantization fp8 does)",
            "int8": "a W8A8 export must be made from them (SmoothQuant), or a published one used",
        }.get(
            precision,
            "a 4-bit export must be made from them (AWQ, GPTQ or NVIDIA ModelOpt), or a "
            "published one used",
        )
        return f"{lead}: {how}, with the accuracy risk of {wanted} weights."
    as_shipped = f"Set the weights to {shipped} to size the checkpoint as shipped."
    if _bits(catalog, precision) > _bits(catalog, native):
        times = _bits(catalog, precision) / _bits(catalog, native)
        return (
            f"{lead}, which needs them converted to {wanted} first: {times:.1f} times the "
            f"weight memory of what the maker published, for no accuracy the {shipped} weights "
            f"lack. {as_shipped}"
        )
    return (
        f"{lead}, which needs them quantized again from {shipped} (an export at {wanted} "
        f"made from the {shipped} weights, with its own accuracy check). {as_shipped}"
    )


def _bits(catalog: Catalog, precision: str) -> float:
    return catalog.precision(precision).bits_per_weight
