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

import math
import re

from aisle_desktop.catalog import (
    Catalog,
    ComponentPrecisions,
    ModelSpec,
    component_name,
    component_params,
    component_precisions,
)

# Precisions that are the checkpoint's full weights: serving them at any 16-bit type is a cast
# the engine does on load (vLLM's ``dtype``), not a conversion of the checkpoint.
FULL_WIDTH = frozenset({"fp32", "bf16", "fp16"})
# Where the line under Weights sends its reader for why (`checkpoint_note`, in the results'
# last box): "(why: What to know)" read as a question to a planner new to the window (walk).
WHY_THERE = "(why: in the results)"


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


def _asks(catalog: Catalog, native: str, precision: str) -> str:
    """What serving ``native`` weights at ``precision`` takes: "as shipped", "load-time" (FP8
    from 16 bits), "export" (INT8 or 4 bits from 16), "widen" (to wider elements: 4 bits to
    8 or 16, 8 to 16) or "requantize" (another format of the same width or narrower). Widths
    are whole bits: NVFP4's scales make 4.5 bits a weight against INT4's 4.25, yet FP4 from
    INT4 is another 4-bit format, not a wider one (Kimi K2.5 at FP4 read "needs it converted,
    1.0 times the weight memory")."""
    if _same_weights(native, precision):
        return "as shipped"
    if native in FULL_WIDTH:
        return "load-time" if precision == "fp8" else "export"
    wider = math.floor(_bits(catalog, precision)) > math.floor(_bits(catalog, native))
    return "widen" if wider else "requantize"


def checkpoint_note(catalog: Catalog, model_id: str, precision: str) -> str | None:
    """What serving ``model_id`` at ``precision`` asks for when its checkpoint ships another
    one, and why it matters; None when the plan sizes the weights as published."""
    model = catalog.models.get(model_id)
    if model is None:
        return None
    native = model.native_precision
    asks = _asks(catalog, native, precision)
    shipped, wanted = native.upper(), precision.upper()
    lead = f"{model.name} ships {shipped} weights; this plan sizes them at {wanted}"
    export = _published_export(model, precision)
    # The line under Weights names the export too: the note says the same, for `size`.
    published = f" {export} is published at {wanted}." if export else ""
    as_shipped = f"{published} Set the weights to {shipped} to size the checkpoint as shipped."
    if asks == "load-time":
        # Engine-neutral: the 405B preset runs TensorRT-LLM, whose note cited vLLM's flag.
        how = (
            "the engine quantizes them to FP8 as it loads them, or an FP8 export is made "
            "from them (NVIDIA ModelOpt)"
        )
    elif asks == "export" and precision == "int8":
        how = "a W8A8 export must be made from them (SmoothQuant), or a published one used"
    elif asks == "export":
        how = (
            "a 4-bit export must be made from them (AWQ, GPTQ or NVIDIA ModelOpt), or a "
            "published one used"
        )
    elif export is not None and asks in ("widen", "requantize"):
        return (
            f"{lead}: {export} is published at {wanted}, an export of its own beside the "
            f"maker's {shipped} checkpoint, with its own accuracy to check. Set the weights "
            f"to {shipped} to size the checkpoint as shipped."
        )
    elif asks == "widen":
        return (
            f"{lead}, which needs them converted to {wanted} first: "
            f"{_times(catalog, model, precision, native)} the weight memory of what the maker "
            f"published, for no accuracy the {shipped} weights lack.{as_shipped}"
        )
    elif asks == "requantize":
        return (
            f"{lead}, which needs them quantized again from {shipped} (an export at {wanted} "
            f"made from the {shipped} weights, with its own accuracy check).{as_shipped}"
        )
    else:
        return None
    return f"{lead}: {how}, with the accuracy risk of {wanted} weights.{published}"


def checkpoint_line(catalog: Catalog, model_id: str, precision: str) -> str:
    """The short line under Weights: what the checkpoint ships and, when the plan sizes another
    precision, who brings it there (`checkpoint_note` says why, under What to know); then what
    is held in memory, part by part, and how that is known. The walk found "the engine
    quantizes it" beside "taken as uniform: NVIDIA's config lists no precision" for Llama 3.1
    70B at FP8, and a planner could not tell which weights the GPUs hold, nor why."""
    line = _checkpoint_words(catalog, model_id, precision)
    model = catalog.models.get(model_id)
    if not line or model is None or precision not in catalog.precisions:
        return line
    parts, basis = _held(catalog, model, precision, export_named=True)
    if not basis:
        return line
    return f"{line} Held in memory: {parts} ({basis})."


def _checkpoint_words(catalog: Catalog, model_id: str, precision: str) -> str:
    model = catalog.models.get(model_id)
    if model is None:
        return ""
    native = model.native_precision
    shipped, wanted = native.upper(), precision.upper()
    asks = _asks(catalog, native, precision)
    if asks == "as shipped" and native == precision:
        return f"{wanted}, as {model.name}'s checkpoint ships."
    if asks == "as shipped":
        return f"{wanted}: {model.name}'s checkpoint ships {shipped}, cast as it loads."
    export = _published_export(model, precision)
    if export is not None:  # the plan's parts are that export's: it is what is served
        return f"{export} is published at {wanted}; the checkpoint ships {shipped} {WHY_THERE}."
    taken = {
        "load-time": f"the engine quantizes it to {wanted} as it loads it",
        "export": f"{wanted} needs an export made from it",
        "widen": f"{wanted} needs it converted, {_times(catalog, model, precision, native)} the "
        "weight memory",
        "requantize": f"{wanted} needs it quantized again",
    }[asks]
    return f"The checkpoint ships {shipped}: {taken} {WHY_THERE}."


def _published_export(model: ModelSpec, precision: str) -> str | None:
    """The published checkpoint at `precision` that is not the model's own, by its Hub
    repository ("nvidia/Llama-3.1-70B-Instruct-FP8"), where the catalog lists one."""
    if precision == model.native_precision:
        return None
    for checkpoint in model.checkpoints:
        if checkpoint.precision == precision:
            return _hub_repository(checkpoint.source) or "a published export"
    return None


def _times(catalog: Catalog, model: ModelSpec, wider: str, narrower: str) -> str:
    """How many times the weights at `narrower` the weights at `wider` take, part by part
    (gpt-oss-120b: 233.7 GB at BF16 against the 65.2 GB its MXFP4 checkpoint holds)."""
    ratio = _weight_bytes(catalog, model, wider) / _weight_bytes(catalog, model, narrower)
    return f"{ratio:.1f} times"


def _weight_bytes(catalog: Catalog, model: ModelSpec, precision: str) -> float:
    params = component_params(model)
    return sum(
        params[component] * _bits(catalog, stored) / 8
        for component, stored in component_precisions(catalog, model, precision).precisions
    )


def _bits(catalog: Catalog, precision: str) -> float:
    return catalog.precision(precision).bits_per_weight


_HUB_CONFIG = re.compile(r"^https://huggingface\.co/([^/]+/[^/]+)/blob/[^/]+/config\.json$")
# A Hub repository's own page: its model card (NVIDIA's Llama 3.1 405B FP8 export says there
# which layers it quantized).
_HUB_CARD = re.compile(r"^https://huggingface\.co/([^/]+/[^/]+?)/?$")


def _hub_repository(source: str) -> str | None:
    """The Hub repository a checkpoint's source is in ("nvidia/Llama-3.1-70B-Instruct-FP8"),
    from its config or its model card; None for any other source."""
    found = _HUB_CONFIG.match(source) or _HUB_CARD.match(source)
    return found.group(1) if found else None


def _source_words(source: str) -> str:
    """A checkpoint's source as a note names it: a Hub config or model card by its
    repository, a config imported from a local file as such, any other source (a maker's
    notes) as written."""
    found = _HUB_CONFIG.match(source)
    if found:
        return f"{found.group(1)}'s config"
    card = _HUB_CARD.match(source)
    if card:
        return f"{card.group(1)}'s model card"
    return "the imported config" if source.startswith("local file ") else source


def weights_stored(catalog: Catalog, model_id: str, precision: str) -> str:
    """Which weights a plan at `precision` holds in memory at which precision, and how that is
    known: "routed experts at MXFP4; attention, embeddings, LM head at BF16 (as
    openai/gpt-oss-120b's config lists them)". `size` and the report say it; the window's
    line under Weights says it after naming the checkpoint (`checkpoint_line`)."""
    model = catalog.models.get(model_id)
    if model is None or precision not in catalog.precisions:
        return ""
    parts, basis = _held(catalog, model, precision, export_named=False)
    return f"{parts} ({basis})" if basis else parts


def _held(
    catalog: Catalog, model: ModelSpec, precision: str, *, export_named: bool
) -> tuple[str, str]:
    """The parts held at each precision ("MLPs, attention at FP8; embeddings, LM head at
    BF16", or "all BF16") and how that is known ("" when every part is at one precision).
    `export_named`: the sentence before already names the published export, so "that
    export" stands for it."""
    found = component_precisions(catalog, model, precision)
    params = component_params(model)
    by_precision: dict[str, list[str]] = {}
    for component, stored in found.precisions:
        if params[component] > 0:
            by_precision.setdefault(stored, []).append(component_name(model, component))
    if len(by_precision) == 1:
        return f"all {next(iter(by_precision)).upper()}", ""
    parts = "; ".join(f"{', '.join(names)} at {p.upper()}" for p, names in by_precision.items())
    return parts, _basis_words(found, model, precision, export_named)


def _basis_words(
    found: ComponentPrecisions, model: ModelSpec, precision: str, export_named: bool
) -> str:
    """How the parts' precisions are known, in a planner's words."""
    if found.basis == "quantized by the plan":
        return f"the plan quantizes every linear layer to {precision.upper()}"
    if found.source is None:
        return "assumed: Aisle has read no config of this checkpoint"
    card = _HUB_CARD.match(found.source) is not None
    if export_named and _published_export(model, precision) is not None:
        # The line has just named the export: say how it is known in a word or two (the
        # window's line ran to seven lines at 1280 px); `size` and the report say whose.
        if found.basis != "config":
            return "assumed"
        return "per its model card" if card else "per its config"
    config = _source_words(found.source)
    if found.basis == "config":
        return f"as {config} {'states' if card else 'lists them'}"
    return f"assumed: {config} does not list them"
