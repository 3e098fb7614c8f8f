"""LoRA adapters: the memory they take and the throughput they cost (SIZING.md section 4)."""

from __future__ import annotations

from aisle_desktop.catalog import ModelSpec
from aisle_desktop.plan import AdapterSpec

# Batched LoRA kernels (Punica SGMV, S-LoRA) cost 10-30% throughput when many distinct
# adapters share a batch (S-LoRA paper, Sheng et al. 2023); a single shared adapter, ~5%.
MIXED_ADAPTER_SLOWDOWN = 1.20
SINGLE_ADAPTER_SLOWDOWN = 1.05
ADAPTER_BYTES_PER_PARAM = 2.0


def adapter_bytes(model: ModelSpec, adapters: AdapterSpec) -> float:
    """Adapters on every projection of every layer: rank x (d_in + d_out) each, 16 bits."""
    if adapters.count == 0:
        return 0.0
    h = model.hidden_size
    q_out = model.num_attention_heads * model.head_dim
    kv_out = model.num_key_value_heads * model.head_dim
    ffn = model.intermediate_size
    dims = (h + q_out) + 2 * (h + kv_out) + (q_out + h) + 2 * (h + ffn) + (ffn + h)
    per_adapter = adapters.rank * dims * model.num_layers * ADAPTER_BYTES_PER_PARAM
    return adapters.count * per_adapter


def adapter_slowdown(adapters: AdapterSpec) -> float:
    """Step-time multiplier for serving with adapters."""
    if adapters.count == 0:
        return 1.0
    if adapters.count > 1 and adapters.mixed_in_batch:
        return MIXED_ADAPTER_SLOWDOWN
    return SINGLE_ADAPTER_SLOWDOWN
