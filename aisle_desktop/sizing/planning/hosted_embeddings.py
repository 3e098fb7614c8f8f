"""The embeddings' half of the hosted comparison: which hosted encoder prices them, and the
tokens a year it would embed.

A plan with an embeddings workload buys encoder GPUs (`encoder_pool`) and owning's yearly cost
carries them, so a hosted side pricing the answers alone flatters the API. The embeddings are
priced as the answering model is (`hosted_api`): at the plan's own encoder's hosted price, else
at the nearest encoder's within 1.5 times its parameters and its vector dimensions (named and
marked: a 22.7 M MiniLM is never priced as a 335 M BGE), else not at all, said plainly.
"""

from __future__ import annotations

from dataclasses import dataclass

from aisle_desktop.catalog import Catalog, HostedApiPrice, ModelSpec
from aisle_desktop.formatting import compact, grouped, parameters
from aisle_desktop.plan import EmbeddingsWorkload, Scenario
from aisle_desktop.sizing.explain import Assumption, Figure, figure
from aisle_desktop.sizing.planning.demand import SECONDS_PER_HOUR
from aisle_desktop.sizing.planning.hosted_api import (
    SIZE_CLASS_FACTOR,
    api_is_compared,
    api_label,
    class_gap,
    priced_for,
)
from aisle_desktop.sizing.planning.result import PlanWarning

# The plan sizes its encoder for one ingest of the corpus within its window and says nothing
# of how often the corpus is embedded again: the hosted side counts that one ingest a year.
INGESTS_A_YEAR = 1


def automatic_embedding_api(catalog: Catalog, model_id: str) -> HostedApiPrice | None:
    """The hosted embeddings API for the plan's encoder `model_id`: the first pricing that
    encoder, else the one pricing the encoder nearest in size and dimensions within its class;
    None when the catalog prices no such encoder."""
    apis = [a for a in catalog.prices.hosted_apis if a.kind == "embedding"]
    return priced_for(catalog, apis, model_id, encoder_gap)


def encoder_gap(model: ModelSpec, other: ModelSpec) -> float | None:
    """How far encoder `other` is from `model` (the larger log-ratio of parameters and of
    vector dimensions); None outside `model`'s class. A provider's price per token follows the
    parameters a token runs through; the dimensions say whether it is the same kind of index."""
    return class_gap(
        other.total_params_b / model.total_params_b, _dimensions(other) / _dimensions(model)
    )


def _dimensions(model: ModelSpec) -> int:
    return model.embedding_dim or model.hidden_size


def _encoder_text(model: ModelSpec) -> str:
    """``335 M parameters, 1,024 dimensions``."""
    return f"{parameters(model.total_params_b)} parameters, {_dimensions(model):,} dimensions"


def embeddings_api_for(catalog: Catalog, scenario: Scenario) -> HostedApiPrice | None:
    """The hosted embeddings API the plan's embeddings are priced at (None without an
    embeddings workload, or with none comparable)."""
    emb = scenario.workload.embeddings
    return None if emb is None else automatic_embedding_api(catalog, emb.model_id)


@dataclass(frozen=True, slots=True)
class EmbeddedTokens:
    """What the plan embeds in a year: its search queries over the service's hours, and its
    corpus once."""

    query_tokens: float
    corpus_tokens: float

    @property
    def total(self) -> float:
        return self.query_tokens + self.corpus_tokens


def embedded_tokens_a_year(emb: EmbeddingsWorkload, service_hours_a_year: float) -> EmbeddedTokens:
    """Search queries/s × tokens per query through the service's hours, plus the corpus
    (documents × tokens per document) embedded `INGESTS_A_YEAR` times."""
    return EmbeddedTokens(
        query_tokens=emb.queries_per_s * emb.query_tokens * service_hours_a_year * SECONDS_PER_HOUR,
        corpus_tokens=float(emb.corpus_documents) * emb.tokens_per_document * INGESTS_A_YEAR,
    )


def hosted_embeddings_figures(
    emb: EmbeddingsWorkload, service_hours_a_year: float, api: HostedApiPrice
) -> dict[str, Figure]:
    """The tokens the plan embeds a year and what `api` charges for them, each worked out."""
    tokens = embedded_tokens_a_year(emb, service_hours_a_year)
    price = api.input_usd_per_mtok
    return {
        "embedding_tokens_per_year": figure(
            tokens.total,
            "tokens/year",
            "search queries/s × tokens per query × service hours a year × 3600 + corpus "
            "documents × tokens per document, once a year (the plan sizes one ingest of its "
            "corpus; embedding it again more often costs that many times more)",
            {
                "search queries/s": (emb.queries_per_s, "queries/s"),
                "tokens per query": (emb.query_tokens, "tokens"),
                "service hours a year": (service_hours_a_year, "h"),
                "corpus documents": (emb.corpus_documents, "documents"),
                "tokens per document": (emb.tokens_per_document, "tokens"),
            },
            worked=(
                "sum",
                {
                    f"queries {emb.queries_per_s:g}/s × {emb.query_tokens:,} tokens × "
                    f"{grouped(service_hours_a_year)} h × 3600": (tokens.query_tokens, "tokens"),
                    f"corpus {compact(emb.corpus_documents)} documents × "
                    f"{emb.tokens_per_document:,} tokens": (tokens.corpus_tokens, "tokens"),
                },
            ),
        ),
        "api_embeddings_per_year_usd": figure(
            tokens.total * price / 1e6,
            "USD/year",
            f"embedding tokens a year × hosted embedding price ({api_label(api)})",
            {
                "embedding tokens a year": (tokens.total, "tokens/year"),
                "hosted embedding price": (price, "USD/M tokens"),
            },
            [
                Assumption(
                    name="hosted_embedding_usd_per_mtok",
                    value=price,
                    unit="USD/M tokens",
                    source=f"{api.name}, {api.as_of}, {api.sources[0]}",
                )
            ],
            worked=(
                "product",
                {
                    "embedding tokens a year": (tokens.total / 1e6, "M tokens/year"),
                    "hosted embedding price": (price, "USD/M tokens"),
                },
            ),
            worked_out=("embedding tokens a year",),
        ),
    }


def hosted_embeddings_warnings(catalog: Catalog, scenario: Scenario) -> list[PlanWarning]:
    """What the hosted side's embeddings stand on, where a hosted API is compared and the
    price is not the plan's own encoder's: another encoder of its class (named), or none (the
    hosted side then prices the answers alone)."""
    emb = scenario.workload.embeddings
    model = None if emb is None else catalog.models.get(emb.model_id)
    if model is None or not api_is_compared(catalog, scenario):
        return []
    api = automatic_embedding_api(catalog, model.id)
    if api is not None and api.comparable_model_id == model.id:
        return []
    if api is None:
        return [
            PlanWarning(
                code="embeddings-api-none-comparable",
                severity="info",
                message=f"The hosted API's cost prices the answers only: the catalog has no "
                f"hosted price for {model.name} or an encoder of its class (within "
                f"{SIZE_CLASS_FACTOR:g} times its {_encoder_text(model)}), while owning's cost "
                "counts the encoder GPUs. Add one to your prices.json to compare like for like.",
            )
        ]
    other = catalog.models[api.comparable_model_id or ""]
    return [
        PlanWarning(
            code="embeddings-api-same-size-model",
            severity="info",
            message=f"The catalog has no hosted price for {model.name}: the hosted side prices "
            f"the embeddings at {api.name}, priced for {other.name}, an encoder of its class "
            f"({_encoder_text(other)}, against {_encoder_text(model)}).",
        )
    ]
