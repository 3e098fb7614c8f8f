"""What the planner writes: a workload, the hardware to serve it, and the money around it.

These are the inputs of `size_scenario`; a plan file stores them as written. The model's
calibration is not among them: sizing brings its own (`aisle_desktop.sizing.calibration`).
Every field says its unit in its name and refuses values no real deployment has (NaN,
infinities, negative counts, ten-million-GPU clusters), with a message that names the field
and the allowed range.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from aisle_desktop.catalog import MAX_ID_CHARS
from aisle_desktop.one_line_names import one_line_value
from aisle_desktop.plan.power_feed import PowerFeed

MAX_TOKENS = 10_000_000


def _config() -> ConfigDict:
    return ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, validate_default=True)


TokenCount = Annotated[int, Field(ge=0, le=MAX_TOKENS)]
EngineVersion = Annotated[str, Field(min_length=1, max_length=40)]
# A catalog entry's id as the plan names it: no longer than the catalog lets an id be, so a
# pasted page of text is refused on opening instead of quoted whole in the "not sized" banner.
CatalogId = Annotated[str, Field(max_length=MAX_ID_CHARS)]


class PromptComposition(BaseModel):
    """Input tokens built the way a planner thinks of a prompt."""

    model_config = _config()

    system_prompt_tokens: TokenCount = 400
    history_tokens: TokenCount = 0
    question_tokens: TokenCount = 100
    rag_chunks: Annotated[int, Field(ge=0, le=10_000)] = 0
    rag_chunk_tokens: TokenCount = 0

    @property
    def input_tokens(self) -> int:
        """Total prompt length: system prompt, history, question and retrieved chunks."""
        return (
            self.system_prompt_tokens
            + self.history_tokens
            + self.question_tokens
            + self.rag_chunks * self.rag_chunk_tokens
        )


ExpertLayout = Literal["auto", "tp", "ep", "ep_attention_dp"]

# How prompts and answers share the GPUs: "aggregated" runs both on every replica;
# "disaggregated" plans separate prefill and decode pools (the plan's figures are the pools');
# "compare" sizes the plan aggregated and sets the pools' answer beside it.
Serving = Literal["aggregated", "disaggregated", "compare"]
# What the search for the pools minimises: their GPUs, or their total cost a year (whole
# servers per pool and idle GPUs' power make the two differ).
SearchGoal = Literal["fewest_gpus", "lowest_cost"]

LoadKind = Literal["in_flight", "active_users", "daily_requests"]

# The fields that state each kind of load, the count first (the schedule's fields serve every
# kind). The window shows these rows; sizing reads the count (sizing/planning/demand.py).
LOAD_KIND_FIELDS: dict[LoadKind, tuple[str, ...]] = {
    "in_flight": ("requests_in_flight",),
    "active_users": ("active_users", "think_time_s"),
    "daily_requests": ("users", "requests_per_user_per_day", "peak_to_average"),
}


class LoadSpec(BaseModel):
    """How busy the service is. "50 concurrent users" is ambiguous; the kind says which."""

    model_config = _config()

    kind: LoadKind = "active_users"
    requests_in_flight: Annotated[int, Field(ge=1, le=10_000_000)] = 50
    active_users: Annotated[int, Field(ge=1, le=100_000_000)] = 300
    think_time_s: Annotated[float, Field(ge=0, le=86_400)] = 60.0
    users: Annotated[int, Field(ge=1, le=100_000_000)] = 500
    requests_per_user_per_day: Annotated[float, Field(ge=0.1, le=100_000)] = 20.0
    # The service's schedule, for every load kind: the hours a day it is busy (requests a day
    # are spread over them) and the days a year, which set every yearly volume and cost.
    working_hours_per_day: Annotated[float, Field(ge=0.5, le=24)] = 8.0
    days_per_year: Annotated[float, Field(ge=1, le=366)] = 250.0
    peak_to_average: Annotated[float, Field(ge=1, le=100)] = 3.0


class LatencyTargets(BaseModel):
    """What users will accept: time to the first token, then time between tokens."""

    model_config = _config()

    ttft_ms: Annotated[float, Field(ge=1, le=3_600_000)] = 1000.0
    tpot_ms: Annotated[float, Field(ge=0.1, le=60_000)] = 50.0


class AdapterSpec(BaseModel):
    """LoRA adapters served beside the base model."""

    model_config = _config()

    count: Annotated[int, Field(ge=0, le=10_000)] = 0
    rank: Annotated[int, Field(ge=1, le=1024)] = 16
    mixed_in_batch: bool = True


class EmbeddingsWorkload(BaseModel):
    """Indexing a document corpus and embedding search queries (RAG's other half)."""

    model_config = _config()

    model_id: CatalogId = "bge-large-en-v1.5"
    corpus_documents: Annotated[int, Field(ge=0, le=10_000_000_000)] = 1_000_000
    tokens_per_document: Annotated[int, Field(ge=1, le=MAX_TOKENS)] = 2_000
    chunk_tokens: Annotated[int, Field(ge=16, le=32_768)] = 512
    ingest_hours: Annotated[float, Field(ge=0.1, le=100_000)] = 24.0
    queries_per_s: Annotated[float, Field(ge=0, le=1_000_000)] = 10.0
    query_tokens: Annotated[int, Field(ge=1, le=32_768)] = 64
    vector_bytes_per_dim: Annotated[float, Field(ge=0.125, le=8)] = 4.0
    # The servers the encoder runs on (their GPU type with them): None, the default, puts it
    # on the answering model's GPUs, in its servers' free GPUs first; a server id buys the
    # encoder pool its own servers of that type (an L4 or L40S box beside H100s). Written to
    # a file only when set (codec.py), so a file that keeps the default opens in an Aisle
    # from before the field.
    server_id: CatalogId | None = None


class SpeculativeSpec(BaseModel):
    """Speculative decoding: a draft proposes tokens that the model checks in one pass.

    ``mtp`` drafts with the model's own multi-token-prediction layers, ``draft`` with a small
    model from the catalog (``draft_model_id``). ``acceptance`` (the share of drafted tokens
    accepted, per position) defaults to the model family's documented figure.
    """

    model_config = _config()

    method: Literal["mtp", "draft"] = "mtp"
    draft_tokens: Annotated[int, Field(ge=1, le=8)] = 2
    acceptance: Annotated[float, Field(ge=0.01, le=0.99)] | None = None
    draft_model_id: CatalogId | None = None


class Workload(BaseModel):
    """What the AI team wants to serve."""

    model_config = _config()

    model_id: CatalogId = "llama-3.1-70b"
    weight_precision: str = "fp8"
    kv_precision: str | None = None
    engine_id: CatalogId = "vllm"
    # The engine release the planner will run, as the engine prints it ("0.10.1"); None: the
    # newest release the catalog lists. Sizing applies that release's defaults.
    engine_version: EngineVersion | None = None
    prompt: PromptComposition = PromptComposition()
    output_tokens: Annotated[int, Field(ge=1, le=MAX_TOKENS)] = 256
    retrieval_latency_ms: Annotated[float, Field(ge=0, le=600_000)] = 0.0
    load: LoadSpec = LoadSpec()
    targets: LatencyTargets = LatencyTargets()
    redundancy: Literal["none", "n_plus_1"] = "n_plus_1"
    adapters: AdapterSpec = AdapterSpec()
    embeddings: EmbeddingsWorkload | None = None
    speculative: SpeculativeSpec | None = None


TYPICAL_RACK_POWER_KW = 12.0


class Hardware(BaseModel):
    """What could serve it. None means "let Aisle choose"."""

    model_config = _config()

    gpu_id: CatalogId = "h100-sxm"
    server_id: CatalogId | None = None
    gpu_count: Annotated[int, Field(ge=1, le=100_000)] | None = None
    tp: Annotated[int, Field(ge=1, le=1024)] | None = None
    pp: Annotated[int, Field(ge=1, le=1024)] | None = None
    # MoE models: how a TP group splits the experts and the attention. "tp" slices every
    # expert; "ep" keeps whole experts on each GPU (expert parallel, EP = TP);
    # "ep_attention_dp" also has each GPU attend its own sequences (data-parallel attention:
    # MLA's latent is then not copied to every GPU); "auto" lets the split search size each.
    expert_layout: ExpertLayout = "auto"
    # Written to a file only when not the default (codec.py), so a file that keeps the
    # defaults opens in an Aisle from before these fields.
    serving: Serving = "compare"
    search_goal: SearchGoal = "fewest_gpus"
    # What a typical enterprise room supplies per rack today: AFCOM's 2024 State of the Data
    # Center survey puts the average at about 12 kW (catalog/prices.json, "typical-12kw").
    # A denser room is the planner's own value; the presets of 14 kW servers set theirs.
    rack_power_limit_kw: Annotated[float, Field(ge=0.5, le=2_000)] = TYPICAL_RACK_POWER_KW
    rack_units_per_rack: Annotated[int, Field(ge=1, le=60)] = 42
    power_feed: PowerFeed = PowerFeed()


class Costs(BaseModel):
    """Money and facility inputs. None means "use the dated catalog figure"."""

    model_config = _config()

    pue: Annotated[float, Field(ge=1, le=5)] = 1.5
    electricity_usd_per_kwh: Annotated[float, Field(ge=0, le=10)] | None = None
    colocation_usd_per_kw_month: Annotated[float, Field(ge=0, le=10_000)] | None = None
    server_price_usd: Annotated[float, Field(ge=0, le=1e9)] | None = None
    amortisation_years: Annotated[float, Field(ge=0.5, le=30)] = 3.0
    hosted_api_id: CatalogId | None = None
    api_input_usd_per_mtok: Annotated[float, Field(ge=0, le=100_000)] | None = None
    api_output_usd_per_mtok: Annotated[float, Field(ge=0, le=100_000)] | None = None


AssumptionName = Annotated[str, Field(min_length=1, max_length=100)]
MAX_OVERRIDES = 200
# A scenario's name: long enough for any name a planner types, short enough for a table's
# column and a report's heading; the window's Rename and opening plans together keep to it.
MAX_SCENARIO_NAME_CHARS = 200


class Scenario(BaseModel):
    """One named option a planner sizes: workload, hardware, costs, and any model assumption
    the planner chose to override.

    The model's own assumptions belong to the calibration that sizes the scenario, not to the
    plan: ``assumption_overrides`` holds only the values the planner set, by assumption name.
    Sizing checks the names and ranges against its calibration (the plan cannot know them).
    """

    model_config = _config()

    # One line, without blanks around it, as the window's Rename keeps it.
    name: Annotated[
        str,
        Field(min_length=1, max_length=MAX_SCENARIO_NAME_CHARS),
        BeforeValidator(one_line_value),
    ] = "Scenario"
    workload: Workload = Workload()
    hardware: Hardware = Hardware()
    costs: Costs = Costs()
    assumption_overrides: Annotated[
        dict[AssumptionName, float], Field(max_length=MAX_OVERRIDES)
    ] = {}
