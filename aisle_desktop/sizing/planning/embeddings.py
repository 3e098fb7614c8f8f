"""Sizing the embeddings half of RAG: corpus ingest, query embedding, vector index RAM.

Encoders have no decode phase: every token is one forward pass through all parameters, so
throughput is compute-bound (SIZING.md section 4).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aisle_desktop.catalog import GpuSpec, ModelSpec
from aisle_desktop.plan import EmbeddingsWorkload

# Share of dense BF16 peak an encoder reaches at batch sizes used for ingest (SIZING.md s.4;
# small BERT-class encoders run short sequences where kernels are far from peak).
ENCODER_FLOPS_EFFICIENCY = 0.25
# HNSW graph links per vector (M=16 neighbours at two levels, 4-byte ids, plus metadata).
INDEX_GRAPH_BYTES_PER_VECTOR = 200.0
INDEX_RAM_HEADROOM = 1.5


@dataclass(frozen=True, slots=True)
class EmbeddingsPlan:
    tokens_per_s_per_gpu: float
    corpus_tokens: float
    chunks: float
    ingest_gpus: int
    query_gpus: int
    index_ram_bytes: float

    @property
    def gpus(self) -> int:
        """Ingest and queries can share GPUs outside the ingest window; plan for the larger."""
        return max(self.ingest_gpus, self.query_gpus)


def embeddings_plan(workload: EmbeddingsWorkload, model: ModelSpec, gpu: GpuSpec) -> EmbeddingsPlan:
    params = model.total_params_b * 1e9
    tokens_per_s = gpu.bf16_tflops * 1e12 * ENCODER_FLOPS_EFFICIENCY / (2.0 * params)
    corpus_tokens = float(workload.corpus_documents) * workload.tokens_per_document
    chunks = math.ceil(corpus_tokens / workload.chunk_tokens) if corpus_tokens else 0
    ingest_rate = corpus_tokens / (workload.ingest_hours * 3600.0)
    query_rate = workload.queries_per_s * workload.query_tokens
    dim = model.embedding_dim or model.hidden_size
    per_vector = dim * workload.vector_bytes_per_dim + INDEX_GRAPH_BYTES_PER_VECTOR
    return EmbeddingsPlan(
        tokens_per_s_per_gpu=tokens_per_s,
        corpus_tokens=corpus_tokens,
        chunks=float(chunks),
        ingest_gpus=math.ceil(ingest_rate / tokens_per_s) if ingest_rate else 0,
        query_gpus=max(1, math.ceil(query_rate / tokens_per_s)) if query_rate else 0,
        index_ram_bytes=chunks * per_vector * INDEX_RAM_HEADROOM,
    )
