"""What a quantized checkpoint's config says each weight component is stored in.

Quantizers write which modules they left alone (``modules_to_not_convert`` in Transformers'
FP8 and MXFP4 configs, ``ignore`` in compressed-tensors and ModelOpt, ``exclude_modules`` in
ModelOpt's mixed precision) and, for mixed checkpoints, a precision per group of modules
(``config_groups`` with named ``targets``, ``quantized_layers``). Module names and patterns
are read into the components sizing weighs apart (`schema_checkpoint.WEIGHT_COMPONENTS`):
a component takes another precision only where the lists cover it in every layer; a partial
cover (some layers' attention kept wide) is reported, not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from aisle_desktop.catalog.schema_checkpoint import WeightComponent

# ModelOpt's per-module algorithms, as catalog precisions (MXFP8's 1/32 scales are within
# FP8's 8 bits per weight by a quarter of a bit).
_ALGOS = {"NVFP4": "fp4", "W4A16_NVFP4": "fp4", "MXFP8": "fp8", "FP8": "fp8", "MXFP4": "mxfp4"}
_LAYER = re.compile(r"layers\.(\d+)")
# More digits than a layer number has: such a module lies past every layer.
_LAYER_DIGITS = 9
# The lists of modules a quantized config leaves unquantized, by the names its tools use.
MODULE_LISTS = ("modules_to_not_convert", "ignore", "exclude_modules")
# Not the language model's own weights: the vision tower and MTP modules are counted apart.
_APART = ("vision", "visual", "mm_projector", "multi_modal", "patch_merge", "embed_vision", "mtp")
_ROUTERS = ("router", "e_score_correction_bias", "shared_expert_gate")
_ATTENTION = ("attn", "attention", "mixer", "q_proj", "k_proj", "v_proj", "o_proj", "in_proj")
_FEED_FORWARD = ("mlp", "ffn", "gate_proj", "up_proj", "down_proj")


def module_component(name: str) -> WeightComponent | None:
    """The component a module name or pattern names (whole-layer patterns are read apart);
    None for what is counted apart (vision, MTP) or too small to weigh (norms, routers)."""
    low = name.lower()
    last = re.split(r"[.*]", low.strip(".*"))[-1] if low.strip(".*") else ""
    if any(part in low for part in _APART) or "norm" in low or "bias" in low:
        return None
    if "lm_head" in low or last == "head":
        return "lm_head"
    if "embed" in low:
        return "embeddings"
    if "shared_expert" in low and "shared_expert_gate" not in low:
        return "feed_forward"
    if "experts" in low or re.search(r"block_sparse_moe\.w[123]\b", low):
        return "routed_experts"
    if any(part in low for part in _ROUTERS) or re.search(r"(^|\.)gate\*?$", low):
        return None  # a router: too small to weigh apart, it sits with attention
    if any(part in low for part in _ATTENTION):
        return "attention"
    if any(part in low for part in _FEED_FORWARD):
        return "feed_forward"
    return None


_BLOCKS = re.compile(
    r"(self_attn|linear_attn|attention|attn|mixer|shared_experts?|experts|mlp|ffn)"
)
# What may follow a block's name in a pattern that takes the whole block: wildcards, or
# the block's gate, up and down projections all together (Kimi's "mlp\.(gate|up|down)_proj").
_WHOLE_TAIL = re.compile(r"[.*\\]*|\\?\.\((gate\|up)[^)]*\|down\)_proj[.*]*")


def _block_component(name: str) -> WeightComponent | None:
    """The component a left-out pattern takes whole: a block ("self_attn", "mlp*",
    "shared_experts*") or the table and head; a projection inside a block (GLM-5's
    "self_attn.indexers_proj", a router's "mlp.gate") is a sliver of it, weighed with it."""
    component = module_component(name)
    if component in (None, "embeddings", "lm_head"):
        return component
    blocks = list(_BLOCKS.finditer(name.lower()))
    if not blocks:
        return None
    tail = name[blocks[-1].end() :]
    return component if _WHOLE_TAIL.fullmatch(tail) else None


def _whole_layer(name: str) -> bool:
    """A pattern that takes a whole layer ("model.layers.0*", "model.layers.1.*")."""
    return re.search(r"layers\.\d+\.?\*$", name) is not None


@dataclass
class _Cover:
    """Which layers' modules of one component a list names (every layer, or some)."""

    everywhere: bool = False
    layers: set[int] = field(default_factory=set)

    def whole(self, num_layers: int) -> bool:
        return self.everywhere or set(range(num_layers)) <= self.layers


@dataclass(frozen=True)
class CheckpointComponents:
    """The components a config stores at another precision than the checkpoint's, and the
    ones it covers only partly (kept at the checkpoint's precision, said in the notes)."""

    components: dict[WeightComponent, str]
    partial: tuple[str, ...]


def _covers(names: list[str], num_layers: int) -> dict[WeightComponent, _Cover]:
    covers: dict[WeightComponent, _Cover] = {}
    for name in names:
        if any(part in name.lower() for part in _APART):
            continue
        found = _LAYER.search(name)
        if found and len(found.group(1)) > _LAYER_DIGITS:
            continue  # past any model's layers (5,000 digits raised ValueError in int())
        layer = int(found.group(1)) if found else None
        if layer is not None and layer >= num_layers:
            continue  # an MTP layer numbered after the model's own
        parts: list[WeightComponent] = []
        if layer is not None and _whole_layer(name):
            parts = ["attention", "feed_forward"]
        elif (component := _block_component(name)) is not None:
            parts = [component]
        for component in parts:
            cover = covers.setdefault(component, _Cover())
            if layer is None:
                cover.everywhere = True
            else:
                cover.layers.add(layer)
    return covers


def _group_precision(weights: dict[str, Any]) -> str | None:
    bits, kind, group = weights.get("num_bits"), weights.get("type"), weights.get("group_size")
    if bits == 4:
        return ("fp4" if group == 16 else "mxfp4") if kind == "float" else "int4"
    if bits == 8:
        return "fp8" if kind == "float" else "int8"
    return None


def _named_precisions(quant: dict[str, Any]) -> list[tuple[str, str]]:
    """(module, precision) pairs a config gives module by module: groups whose targets name
    modules, and ModelOpt's `quantized_layers`."""
    named: list[tuple[str, str]] = []
    groups = quant.get("config_groups")
    for group in groups.values() if isinstance(groups, dict) else ():
        if not isinstance(group, dict) or not isinstance(group.get("weights"), dict):
            continue
        precision = _group_precision(group["weights"])
        targets = [t for t in group.get("targets") or [] if isinstance(t, str) and t != "Linear"]
        named += [(target, precision) for target in targets if precision]
    layers = quant.get("quantized_layers")
    for module, spec in layers.items() if isinstance(layers, dict) else ():
        algo = spec.get("quant_algo") if isinstance(spec, dict) else None
        if isinstance(algo, str) and algo in _ALGOS:  # a list there raised TypeError
            named.append((module, _ALGOS[algo]))
    return named


def read_components(
    quant: dict[str, Any], precision: str, wide: str, num_layers: int, expert_dtype: str | None
) -> CheckpointComponents | None:
    """Each component a quantized config stores at another precision than `precision` (the
    checkpoint's), or None where it says nothing module by module. Modules left out are at
    `wide` (the config's own dtype), or FP8 where the checkpoint is FP8 blocks with 4-bit
    experts (DeepSeek-V4's ``expert_dtype``, and NVIDIA's NVFP4 experts over it)."""
    over_fp8 = str(quant.get("quant_method", "")).lower() == "fp8" and precision != "fp8"
    left_out = "fp8" if over_fp8 else wide
    excluded = [
        name for key in MODULE_LISTS for name in quant.get(key) or [] if isinstance(name, str)
    ]
    named = _named_precisions(quant)
    if not excluded and not named and expert_dtype is None:
        return None
    components: dict[WeightComponent, str] = {}
    partial: list[str] = []
    if over_fp8:  # the FP8 base holds all but the 4-bit experts
        components = {"attention": "fp8", "feed_forward": "fp8"}
    for component, cover in _covers(excluded, num_layers).items():
        if component in ("embeddings", "lm_head"):
            continue  # wide unless a group names them (`CheckpointSpec`)
        if cover.whole(num_layers):
            components[component] = left_out
        else:
            partial.append(f"{component} of {len(cover.layers)} of {num_layers} layers")
    by_component: dict[WeightComponent, set[str]] = {}
    for module, module_precision in named:
        named_component = module_component(module)
        if named_component is not None:
            by_component.setdefault(named_component, set()).add(module_precision)
    for part, precisions in by_component.items():
        if len(precisions) == 1:
            components[part] = precisions.pop()
        else:
            partial.append(f"{part} at {' and '.join(sorted(precisions))}")
    differing = {
        c: p for c, p in components.items() if p != precision or c in ("embeddings", "lm_head")
    }
    return CheckpointComponents(differing, tuple(partial))
