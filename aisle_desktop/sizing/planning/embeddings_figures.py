"""Embeddings figures: the encoder's GPUs for ingest and queries, and the vector index's RAM."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog, GpuSpec
from aisle_desktop.plan import EmbeddingsWorkload, Scenario
from aisle_desktop.sizing.calibration import GB
from aisle_desktop.sizing.explain import Combine, Figure, figure
from aisle_desktop.sizing.planning.demand import SECONDS_PER_HOUR
from aisle_desktop.sizing.planning.embeddings import (
    ENCODER_FLOPS_EFFICIENCY,
    INDEX_RAM_HEADROOM,
    EmbeddingsPlan,
    embeddings_plan,
)


def embeddings_figures(catalog: Catalog, scenario: Scenario, gpu: GpuSpec) -> dict[str, Figure]:
    """The encoder's GPUs and the vector index's RAM of a plan with an embeddings workload
    (none without one). They are bought beside the answering model's GPUs and servers, so
    each shows the FLOP/s, tokens and chunks it was worked from rather than a bare count."""
    emb = scenario.workload.embeddings
    if emb is None:
        return {}
    model = catalog.model(emb.model_id)
    plan = embeddings_plan(emb, model, gpu)
    return {
        "embedding_tokens_per_s_per_gpu": figure(
            plan.tokens_per_s_per_gpu,
            "tokens/s",
            "peak BF16 FLOP/s × 0.25 / (2 × parameters)",
            {
                "parameters": (model.total_params_b * 1e9, "parameters"),
                "peak": (gpu.bf16_tflops, "TFLOP/s"),
            },
            worked=(
                "ratio",
                {
                    f"peak {gpu.bf16_tflops:g} TFLOP/s × {ENCODER_FLOPS_EFFICIENCY:g}": (
                        gpu.bf16_tflops * 1e12 * ENCODER_FLOPS_EFFICIENCY,
                        "FLOP/s",
                    ),
                    "2 × parameters": (2.0 * model.total_params_b * 1e9, "FLOP/token"),
                },
            ),
        ),
        "embedding_gpus": figure(
            plan.gpus,
            "GPUs",
            "max(corpus tokens / ingest window, query tokens/s) / tokens/s per GPU",
            {
                "corpus tokens": (plan.corpus_tokens, "tokens"),
                "ingest window": (emb.ingest_hours, "h"),
            },
            worked=_embedding_gpu_terms(emb, plan),
            finish="ceil",
        ),
        "vector_index_ram_gb": figure(
            plan.index_ram_bytes / GB,
            "GB",
            "chunks × (dimensions × bytes + 200 B graph) × 1.5 headroom, on CPU servers",
            {"chunks": (plan.chunks, "chunks")},
            worked=(
                "product",
                {
                    "chunks": (plan.chunks, "chunks"),
                    "bytes per vector with its graph links": (
                        plan.index_ram_bytes / plan.chunks / INDEX_RAM_HEADROOM / GB
                        if plan.chunks
                        else 0.0,
                        "GB",
                    ),
                    "headroom": (INDEX_RAM_HEADROOM, "×"),
                },
            ),
        ),
    }


def _embedding_gpu_terms(
    emb: EmbeddingsWorkload, plan: EmbeddingsPlan
) -> tuple[Combine, dict[str, tuple[float, str]]]:
    """The larger of ingest and query tokens/s over one GPU's tokens/s (rounded up)."""
    ingest = plan.corpus_tokens / (emb.ingest_hours * SECONDS_PER_HOUR)
    query = emb.queries_per_s * emb.query_tokens
    name, rate = (
        ("corpus tokens / ingest window", ingest)
        if plan.ingest_gpus >= plan.query_gpus
        else ("query tokens/s", query)
    )
    return (
        "ratio",
        {name: (rate, "tokens/s"), "tokens/s per GPU": (plan.tokens_per_s_per_gpu, "tokens/s")},
    )
