"""The scheduler defaults an engine release picks on a GPU, in a planner's words.

A planner who never sets `max_num_seqs` or `max_num_batched_tokens` runs with what the engine
picks for the GPU it finds: vLLM's V1 engine takes 1,024 requests and 8,192 tokens a step on
an H100 but 256 and 2,048 on an L40S or an A100 (`GpuMemoryTier`). The window (under the
engine's release), `size` and the report say which, and why, in the same words.
"""

from __future__ import annotations

from aisle_desktop.catalog.catalog import Catalog
from aisle_desktop.catalog.errors import UnknownIdError
from aisle_desktop.catalog.schema_engine import GpuMemoryTier, tier_on


def engine_defaults_words(
    catalog: Catalog, engine_id: str, version: str | None, gpu_id: str
) -> str:
    """ "256 requests at once, 2,048 tokens a step (its defaults on GPUs under 70 GiB and on
    A100)" for the release `version` names on this GPU; "" when the catalog lacks either."""
    try:
        gpu = catalog.gpu(gpu_id)
        released = catalog.engine_release(engine_id, version)
    except UnknownIdError:
        return ""
    engine = catalog.engine_on_gpu(engine_id, version, gpu.usable_memory_gib, 1, gpu.name)
    limits = (
        f"{engine.max_num_seqs:,} requests at once, {engine.max_num_batched_tokens:,} tokens a step"
    )
    tiers = released.gpu_memory_tiers
    tier = tier_on(tiers, gpu.usable_memory_gib, gpu.name)
    if tier is None or len(tiers) == 1:
        return f"{limits} (its defaults)"
    return f"{limits} (its defaults on {tier_words(tiers, tier)})"


def tier_words(tiers: list[GpuMemoryTier], tier: GpuMemoryTier) -> str:
    """Which GPUs a tier takes: "GPUs under 70 GiB and on A100", "GPUs of 70 to 160 GiB",
    "GPUs of 160 GiB and more" (`tiers` smallest first, as the catalog lists them)."""
    index = tiers.index(tier)
    lower = tiers[index - 1].below_gib if index > 0 else None
    upper = tier.below_gib
    if lower is None and upper is not None:
        memory = f"GPUs under {upper:g} GiB"
    elif upper is None:
        memory = f"GPUs of {lower:g} GiB and more"
    else:
        memory = f"GPUs of {lower:g} to {upper:g} GiB"
    named = " or ".join(tier.gpu_name_contains)
    return f"{memory} and on {named}" if named else memory
