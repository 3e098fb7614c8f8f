"""What a planner must hear about a plan's embeddings workload: an encoder needing more GPUs
than any installation holds blocks the plan. Its encoder GPUs are counted in the plan's
servers, racks, power and costs (`encoder_pool`); one asking for millions must not read
"Fits" (QA: 753 M encoder GPUs under a green headline)."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog, GpuSpec
from aisle_desktop.formatting import compact, count
from aisle_desktop.plan import EmbeddingsWorkload, Scenario
from aisle_desktop.sizing.planning.embeddings import EmbeddingsPlan, embeddings_plan
from aisle_desktop.sizing.planning.field_places import field_named, label, where
from aisle_desktop.sizing.planning.result import PlanWarning

# More GPUs than the largest AI installations hold (some 100,000 to 200,000 in 2025): an
# embeddings workload asking for more cannot be bought, whatever the answering model needs.
MOST_GPUS_ANYWHERE = 100_000


def _what_drives(emb: EmbeddingsWorkload, plan: EmbeddingsPlan) -> tuple[str, str, str]:
    """What sets the encoder GPU count, in the planner's words, how to bring it down, and
    that again in a few words for a cell of the scenarios compared (no field places)."""
    if plan.ingest_gpus >= plan.query_gpus:
        return (
            f"ingesting {compact(plan.corpus_tokens)} tokens "
            f"({compact(emb.corpus_documents)} documents × {emb.tokens_per_document:,} tokens) "
            f"in {emb.ingest_hours:g} h",
            f"Lengthen {label('workload.embeddings.ingest_hours')} or lower "
            f"{label('workload.embeddings.corpus_documents')} "
            f"({where('workload.embeddings.ingest_hours')}).",
            f"lengthen {label('workload.embeddings.ingest_hours')} or lower "
            f"{label('workload.embeddings.corpus_documents')}",
        )
    rate = emb.queries_per_s * emb.query_tokens
    return (
        f"embedding {compact(rate)} query tokens/s ({emb.queries_per_s:g} queries/s × "
        f"{emb.query_tokens:,} tokens)",
        f"Lower {field_named('workload.embeddings.queries_per_s')} or the tokens per query.",
        f"lower {label('workload.embeddings.queries_per_s')} or the tokens per query",
    )


def embeddings_warnings(catalog: Catalog, scenario: Scenario, gpu: GpuSpec) -> list[PlanWarning]:
    """A critical (blocking) warning when the encoder needs more GPUs than any installation
    holds; none otherwise, or without an embeddings workload."""
    emb = scenario.workload.embeddings
    if emb is None:
        return []
    plan = embeddings_plan(emb, catalog.model(emb.model_id), gpu)
    if plan.gpus <= MOST_GPUS_ANYWHERE:
        return []
    why, fix, fix_in_short = _what_drives(emb, plan)
    # What is wrong first (a status bar keeps the start), then what it was worked from.
    return [
        PlanWarning(
            code="embeddings-beyond-any-installation",
            severity="critical",
            message=f"The embeddings need {_gpus(plan.gpus)}, more than the largest AI "
            f"installations hold (about {MOST_GPUS_ANYWHERE:,}): {why} on {gpu.name} at "
            f"{compact(plan.tokens_per_s_per_gpu)} tokens/s each. {fix}",
            short=f"the embeddings need {_gpus(plan.gpus)}, more than any installation "
            f"holds; {fix_in_short}",
        )
    ]


def _gpus(number: int) -> str:
    """``12 encoder GPUs``, ``20.6 M encoder GPUs``: a count past a million read as such."""
    return f"{compact(number)} encoder GPUs" if number >= 1e6 else count(number, "encoder GPU")
