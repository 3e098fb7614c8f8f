"""Short descriptions of catalog entries for drop-downs and spec lines."""

from __future__ import annotations

from aisle_desktop.catalog import GpuSpec, ModelSpec
from aisle_desktop.formatting import (
    context_tokens,
    memory_as_sold,
    parameters,
    tflops_text,
    unbroken,
)
from aisle_desktop.labels import LINK_LABELS


def model_item_text(model: ModelSpec) -> str:
    """'Llama 3.1 70B · 70.6 B · 128k context · GQA' (MoE shows its active parameters:
    'Kimi K2 · 1.03 T (32.9 B active)')."""
    size = parameters(model.total_params_b)
    if model.active_params_b is not None:
        size += f" ({parameters(model.active_params_b)} active)"
    context = context_tokens(model.max_context_tokens).replace(" ", "")
    return f"{model.name} · {size} · {context} context · {attention_text(model)}"


# Layer kinds worth naming beside the attention kind in a one-line description.
NAMED_KINDS = ("sliding", "sparse", "compressed", "linear")


def attention_text(model: ModelSpec) -> str:
    """'GQA', or for mixed layers the kinds beside it: 'GQA + linear', 'MLA + sparse'."""
    base = model.attention.kind.upper()
    if model.layers is None:
        return base
    extra = list(dict.fromkeys(g.kind for g in model.layers if g.kind in NAMED_KINDS))
    return " + ".join([base, *extra])


def gpu_spec_text(gpu: GpuSpec) -> str:
    """The figures that decide inference: memory, bandwidth, low-precision units, power.

    Memory in the decimal GB every other figure uses, the size as sold beside it in the
    binary GiB it is in truth, then what the driver leaves usable, which the memory bars add
    up to: "85.9 GB (80 GiB), 85.5 GB usable". The walk read "80 GB (85.5 GB usable)" as more
    usable than there is.
    """
    units = ", ".join(
        name for name, value in (("FP8", gpu.fp8_tflops), ("FP4", gpu.fp4_tflops)) if value
    )
    parts = (
        f"{unbroken(memory_as_sold(gpu.memory_sold_gb, gpu.memory_gb))}, "
        f"{unbroken(f'{gpu.usable_memory_gb:.1f} GB')} usable",
        unbroken(f"{gpu.memory_bandwidth_tbps:g} TB/s"),
        unbroken(f"{tflops_text(gpu.bf16_tflops)} TFLOPS BF16"),
        units or "no FP8/FP4",
        unbroken(f"{gpu.tdp_w:g} W"),
        LINK_LABELS[gpu.interconnect.kind],
    )
    return " · ".join(parts)
