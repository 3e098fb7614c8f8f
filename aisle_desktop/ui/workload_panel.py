"""The workload: which model, how it is served, what requests look like, how busy it gets."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QPushButton,
    QWidget,
)

from aisle_desktop.catalog import Catalog, EngineSpec, engine_defaults_words, matching_release
from aisle_desktop.formatting import names_unbroken
from aisle_desktop.plan import (
    LOAD_KIND_FIELDS,
    EmbeddingsWorkload,
    PromptComposition,
    Scenario,
    SpeculativeSpec,
    checkpoint_line,
    context_problem,
    precision_for_model,
)
from aisle_desktop.ui.catalog_text import model_item_text
from aisle_desktop.ui.choice_box import searchable
from aisle_desktop.ui.controller import FieldPath, ScenarioController
from aisle_desktop.ui.editing_panel import EditingPanel
from aisle_desktop.ui.form import form_group, note_label, set_row_visible
from aisle_desktop.ui.not_in_use import CHUNK_SIZE_NOT_IN_USE, NONE, show_in_use
from aisle_desktop.ui.number_box import NumberBox

W = ("workload",)
P = (*W, "prompt")
L = (*W, "load")
T = (*W, "targets")
A = (*W, "adapters")
E = (*W, "embeddings")
S = (*W, "speculative")
SPECULATIVE_METHODS = [("The model's MTP layers", "mtp"), ("A draft model", "draft")]
LOAD_KINDS = [
    ("Requests always in flight", "in_flight"),
    ("Active users who pause to think", "active_users"),
    ("Requests a day", "daily_requests"),
]
LOAD_HELP = {
    "in_flight": "N requests are being answered at every moment: the busiest reading of "
    "'N concurrent users'.",
    "active_users": "N people each ask, read the answer and think before asking again: far "
    "fewer requests are in flight than there are users.",
    "daily_requests": "Employees make a number of requests a day within the hours a day below; "
    "the peak factor sets the busiest hour. This choice moves GPU counts ten-fold.",
}
AROUND_THE_CLOCK: dict[FieldPath, Any] = {
    (*L, "working_hours_per_day"): 24.0,
    (*L, "days_per_year"): 365.0,
}
PRECISIONS = [
    ("BF16", "bf16"),
    ("FP16", "fp16"),
    ("FP8", "fp8"),
    ("INT8", "int8"),
    ("INT4 (AWQ/GPTQ)", "int4"),
    ("FP4 (NVFP4)", "fp4"),
    ("MXFP4", "mxfp4"),
]
KV_PRECISIONS = [("Engine default", None), ("BF16", "bf16"), ("FP16", "fp16"), ("FP8", "fp8")]
REDUNDANCY = [("N+1: one spare replica", "n_plus_1"), ("None", "none")]


def release_items(
    engine: EngineSpec | None, version: str | None = None
) -> list[tuple[str, str | None]]:
    """The engine-release picker: "Newest (vLLM 0.19, 2026-04)", then each release, newest
    first, with its month; a version the plan names that is no listed release ("0.12.1")
    comes last with the release it runs as."""
    releases = engine.releases if engine is not None else []
    if not releases:
        items: list[tuple[str, str | None]] = [("Newest (no releases listed)", None)]
    else:
        newest = releases[-1]
        items = [(f"Newest ({newest.label}, {newest.date:%Y-%m})", None)]
        items += [(r.dated_label, r.version) for r in reversed(releases)]
    runs_as = matching_release(engine, version) if engine is not None else None
    if version is not None and version not in [v for _, v in items] and runs_as is not None:
        items.append((f"{version}: runs as {runs_as.dated_label}", version))
    return items


# The encoder's GPUs by default: the answering model's, in its servers' free GPUs first.
SAME_AS_THE_MODEL = "Same as the model's"


def encoder_server_items(catalog: Catalog) -> list[tuple[str, str | None]]:
    """The Encoder GPUs picker: the model's own GPUs first, then every server the encoder
    could have of its own, cheapest first (an L4 or L40S box is the usual choice), each by
    its GPU, how many a server holds and its height: "NVIDIA L4 24GB, 4 a server (2U)"."""
    # A rack-scale system's tray (GB200 NVL72) is bought only with its rack: not listed.
    priced = sorted(
        (s for s in catalog.servers.values() if s.gpu_id in catalog.gpus and s.rack_scale is None),
        key=lambda s: (s.price_usd is None, s.price_usd or 0.0, s.id),
    )
    return [
        (SAME_AS_THE_MODEL, None),
        *(
            (
                f"{catalog.gpus[s.gpu_id].shown_name}, {s.gpus_per_server} a server "
                f"({s.rack_units}U)",
                s.id,
            )
            for s in priced
        ),
    ]


def _catalog_choices(catalog: Catalog) -> dict[tuple[str, ...], list[tuple[str, str | None]]]:
    models = catalog.models.values()
    return {
        (*W, "model_id"): [(model_item_text(m), m.id) for m in models if m.kind == "llm"],
        (*W, "engine_id"): [(e.name, e.id) for e in catalog.engines.values()],
        (*E, "model_id"): [(m.name, m.id) for m in models if m.kind == "embedding"],
        (*E, "server_id"): encoder_server_items(catalog),
        (*S, "draft_model_id"): [
            ("None (MTP layers)", None),
            *((m.name, m.id) for m in models if m.kind == "llm"),
        ],
    }


ANSWER: FieldPath = (*W, "output_tokens")
# The fields whose change can take a request past the model's context window.
LENGTH_FIELDS = frozenset(
    {
        ANSWER,
        (*W, "model_id"),
        *((*W, "prompt", name) for name in PromptComposition.model_fields),
    }
)


class WorkloadPanel(EditingPanel):
    """Edits the workload half of the scenario through the controller."""

    def __init__(self, controller: ScenarioController, catalog: Catalog) -> None:
        super().__init__(controller, "Workload", minimum_width=340)
        self._catalog = catalog
        # The length the planner changed last: where a too-long request is marked.
        self._last_length: FieldPath = ANSWER
        controller.field_accepted.connect(self._remember_length)
        # The engine and plan version the release picker lists the releases for.
        self._release_shown: tuple[str, str | None] | None = None
        self._input_total = QLabel()
        self._load_help = note_label()
        self._checkpoint = note_label()
        self._engine_defaults = note_label()  # under Release: what it runs with on the GPU
        self._load_rows: dict[str, QWidget] = {}
        # Yearly volume and cost follow the service's schedule; round the clock is one click.
        self._around_the_clock = QPushButton("Around the clock: 24 h, 365 days")
        self._around_the_clock.clicked.connect(
            lambda: controller.set_fields(AROUND_THE_CLOCK, "Around the clock")
        )
        self.finish(
            [
                self._model_group(catalog),
                self._prompt_group(),
                self._load_group(),
                self._targets_group(),
                self._adapters_group(),
                self._speculative_group(catalog),
                self._embeddings_group(catalog),
            ]
        )

    def set_catalog(self, catalog: Catalog) -> None:
        """Offer this catalog's models and engines (a plan's own entries merged in)."""
        self._catalog = catalog
        self._release_shown = None
        for path, items in _catalog_choices(catalog).items():
            self.fields.set_choices(path, items)
        self._show_releases(self._controller.scenario)

    def _show_releases(self, scenario: Scenario) -> None:
        """List the releases of the scenario's engine (when the engine or version changed)."""
        shown = (scenario.workload.engine_id, scenario.workload.engine_version)
        if shown != self._release_shown:
            self._release_shown = shown
            engine = self._catalog.engines.get(shown[0])
            self.fields.set_choices((*W, "engine_version"), release_items(engine, shown[1]))

    def _model_group(self, catalog: Catalog) -> QGroupBox:
        f = self.fields
        choices = _catalog_choices(catalog)
        model = f.choice(
            (*W, "model_id"),
            "Model",
            choices[(*W, "model_id")],
            hint="Type part of a name to search the catalog",
            send=self.choose_model,
        )
        self.model_search_cut = searchable(
            model,
            lambda typed: self._controller.refuse(
                (*W, "model_id"), f"no model in the catalog has “{typed}” in its name"
            ),
            lambda: self.choose_model(model.currentData()),
        )
        self._model_box = model
        engine = f.choice((*W, "engine_id"), "Engine", choices[(*W, "engine_id")])
        # A release belongs to its engine: another engine starts from its newest, in one step.
        engine.currentIndexChanged.disconnect()
        engine.currentIndexChanged.connect(
            lambda i: self._controller.set_fields(
                {(*W, "engine_id"): engine.itemData(i), (*W, "engine_version"): None}, "Engine"
            )
        )
        workload = self._controller.scenario.workload
        first = release_items(catalog.engines.get(workload.engine_id), workload.engine_version)
        release = f.choice((*W, "engine_version"), "Engine release", first)
        self._release_shown = (workload.engine_id, workload.engine_version)
        return form_group(
            "Model and serving",
            [
                ("Model", model),
                (None, self.model_search_cut),
                ("Weights", f.choice((*W, "weight_precision"), "Weight precision", PRECISIONS)),
                (None, self._checkpoint),
                ("KV cache", f.choice((*W, "kv_precision"), "KV cache precision", KV_PRECISIONS)),
                ("Engine", engine),
                ("Release", release),
                (None, self._engine_defaults),
            ],
        )

    def _tokens_or_none(self, name: str, label: str, step: int) -> NumberBox:
        """A prompt part's tokens, "none" at 0."""
        box = self.fields.number((*P, name), label, step=step, suffix="tokens", zero_text=NONE)
        return cast(NumberBox, box)

    def _prompt_group(self) -> QGroupBox:
        f = self.fields
        self._chunk_size = self._tokens_or_none("rag_chunk_tokens", "RAG chunk size", 50)
        return form_group(
            "Requests",
            [
                (
                    "System prompt",
                    f.number(
                        (*P, "system_prompt_tokens"), "System prompt", step=50, suffix="tokens"
                    ),
                ),
                ("History", self._tokens_or_none("history_tokens", "Conversation history", 100)),
                (
                    "Question",
                    f.number((*P, "question_tokens"), "Question", step=10, suffix="tokens"),
                ),
                ("RAG chunks", f.number((*P, "rag_chunks"), "RAG chunks", zero_text=NONE)),
                ("Chunk size", self._chunk_size),
                ("Input", self._input_total),
                (
                    "Answer",
                    f.number((*W, "output_tokens"), "Answer", step=32, suffix="tokens"),
                ),
                (
                    "Retrieval",
                    f.number(
                        (*W, "retrieval_latency_ms"),
                        "Retrieval latency",
                        decimals=1,
                        suffix="ms",
                        step=10,
                        zero_text=NONE,
                    ),
                ),
            ],
        )

    def _load_group(self) -> QGroupBox:
        f = self.fields
        rows = [
            ("Load is", f.choice((*L, "kind"), "Load kind", LOAD_KINDS)),
            ("", self._load_help),
            (
                "In flight",
                f.number((*L, "requests_in_flight"), "Requests in flight", suffix="requests"),
            ),
            ("Active users", f.number((*L, "active_users"), "Active users", suffix="users")),
            (
                "Think time",
                f.number((*L, "think_time_s"), "Think time", decimals=1, suffix="s", step=5),
            ),
            ("Users", f.number((*L, "users"), "Users", suffix="users", step=50)),
            (
                "Requests a day",
                f.number(
                    (*L, "requests_per_user_per_day"),
                    "Requests a day per user",
                    decimals=1,
                    suffix="per user",
                ),
            ),
            (
                "Peak factor",
                f.number((*L, "peak_to_average"), "Peak factor", decimals=1, suffix="×", step=0.5),
            ),
            (
                "Hours a day",
                f.number((*L, "working_hours_per_day"), "Hours a day", decimals=1, suffix="h"),
            ),
            (
                "Days a year",
                f.number((*L, "days_per_year"), "Days a year", decimals=0, suffix="days"),
            ),
            ("", self._around_the_clock),
        ]
        for name in (
            "requests_in_flight",
            "active_users",
            "think_time_s",
            "users",
            "requests_per_user_per_day",
            "peak_to_average",
        ):
            self._load_rows[name] = f.widget((*L, name))
        return form_group("Load", rows)

    def _targets_group(self) -> QGroupBox:
        f = self.fields
        return form_group(
            "Latency targets and redundancy",
            [
                (
                    "First token within",
                    f.number(
                        (*T, "ttft_ms"), "First token within", decimals=0, suffix="ms", step=100
                    ),
                ),
                (
                    "Each next token within",
                    f.number(
                        (*T, "tpot_ms"), "Each next token within", decimals=1, suffix="ms", step=5
                    ),
                ),
                ("Redundancy", f.choice((*W, "redundancy"), "Redundancy", REDUNDANCY)),
            ],
        )

    def _adapters_group(self) -> QGroupBox:
        f = self.fields
        return form_group(
            "LoRA adapters",
            [
                ("Adapters", f.number((*A, "count"), "LoRA adapters")),
                ("Rank", f.number((*A, "rank"), "LoRA rank")),
                ("", f.flag((*A, "mixed_in_batch"), "Different adapters share a batch")),
            ],
        )

    def _speculative_group(self, catalog: Catalog) -> QGroupBox:
        f = self.fields
        drafts = _catalog_choices(catalog)[(*S, "draft_model_id")]
        group = form_group(
            "Speculative decoding (optional)",
            [
                ("Draft with", f.choice((*S, "method"), "Draft method", SPECULATIVE_METHODS)),
                ("Draft model", f.choice((*S, "draft_model_id"), "Draft model", drafts)),
                (
                    "Drafted tokens",
                    f.number((*S, "draft_tokens"), "Drafted tokens per step", suffix="tokens"),
                ),
                (
                    "Acceptance",
                    f.number(
                        (*S, "acceptance"),
                        "Acceptance per drafted token",
                        decimals=2,
                        step=0.05,
                        optional_text="Model family's default",
                    ),
                ),
            ],
        )
        group.setCheckable(True)
        group.toggled.connect(self._toggle_speculative)
        group.setObjectName("workload.speculative")
        self._speculative_group_box = group
        return group

    def _toggle_speculative(self, on: bool) -> None:
        value = SpeculativeSpec().model_dump() if on else None
        self._controller.set_field(S, value, "Speculative decoding")

    def _embeddings_group(self, catalog: Catalog) -> QGroupBox:
        f = self.fields
        encoders = _catalog_choices(catalog)[(*E, "model_id")]
        group = form_group(
            "Embeddings (optional)",
            [
                ("Encoder", f.choice((*E, "model_id"), "Embedding model", encoders)),
                (
                    "Encoder GPUs",
                    f.choice(
                        (*E, "server_id"),
                        "Encoder GPUs",
                        _catalog_choices(catalog)[(*E, "server_id")],
                        "The model's own GPUs (their servers' free GPUs first), or servers of "
                        "their own for the encoder, such as an L4 or L40S box beside them",
                    ),
                ),
                ("Documents", f.number((*E, "corpus_documents"), "Corpus documents", step=1000)),
                (
                    "Per document",
                    f.number(
                        (*E, "tokens_per_document"),
                        "Tokens per document",
                        suffix="tokens",
                        step=100,
                    ),
                ),
                (
                    "Chunk size",
                    f.number(
                        (*E, "chunk_tokens"), "Embedding chunk size", suffix="tokens", step=64
                    ),
                ),
                (
                    "Ingest within",
                    f.number((*E, "ingest_hours"), "Ingest within", decimals=1, suffix="h"),
                ),
                (
                    "Queries",
                    f.number((*E, "queries_per_s"), "Search queries", decimals=1, suffix="/s"),
                ),
            ],
        )
        group.setCheckable(True)
        group.toggled.connect(self._toggle_embeddings)
        group.setObjectName("workload.embeddings")  # its glossary tooltip is found by this path
        self._embeddings_group_box = group
        return group

    def _toggle_embeddings(self, on: bool) -> None:
        value = EmbeddingsWorkload().model_dump() if on else None
        self._controller.set_field(E, value, "Embeddings")

    def choose_model(self, model_id: str) -> None:
        """Put a model on the scenario, in one undoable step with the weight precision its
        checkpoint calls for (`precision_for_model`: what it ships, unless the planner
        quantizes 16-bit weights)."""
        workload = self._controller.scenario.workload
        precision = precision_for_model(
            self._catalog, workload.model_id, model_id, workload.weight_precision
        )
        self._controller.set_fields(
            {(*W, "model_id"): model_id, (*W, "weight_precision"): precision}, "Model"
        )

    def _show_checkpoint(self, scenario: Scenario) -> None:
        """Under Weights: what the checkpoint ships, and what sizing at another precision
        takes (the plan's notes say why); a published export's name on one line."""
        workload = scenario.workload
        line = checkpoint_line(self._catalog, workload.model_id, workload.weight_precision)
        self._checkpoint.setText(names_unbroken(line))

    def _show_engine_defaults(self, scenario: Scenario) -> None:
        """Under Release: the requests at once and tokens a step the release takes on the
        plan's GPU when nobody sets them (vLLM's 256 and 2,048 on an L40S)."""
        workload = scenario.workload
        words = engine_defaults_words(
            self._catalog, workload.engine_id, workload.engine_version, scenario.hardware.gpu_id
        )
        self._engine_defaults.setText(f"On this GPU: {words}" if words else "")

    def _remember_length(self, path: FieldPath) -> None:
        if path in LENGTH_FIELDS:
            self._last_length = path

    def _show(self, scenario: Scenario) -> None:
        """What depends on more than one field: the input total, the load rows, embeddings,
        the engine's releases, the line under Weights."""
        self._show_releases(scenario)
        self._show_checkpoint(scenario)
        self._show_engine_defaults(scenario)
        line = self._model_box.lineEdit()
        if line is not None:
            line.setCursorPosition(0)  # show a long model name from its start
        prompt = scenario.workload.prompt
        self._input_total.setText(f"<b>{prompt.input_tokens:,} tokens</b>")
        show_in_use(self._chunk_size, prompt.rag_chunks > 0, CHUNK_SIZE_NOT_IN_USE)
        too_long = context_problem(self._catalog, scenario)
        if too_long is not None:
            self.fields.mark(self._last_length, too_long[0].upper() + too_long[1:])
        kind = scenario.workload.load.kind
        self._load_help.setText(LOAD_HELP[kind])
        load = scenario.workload.load
        self._around_the_clock.setEnabled(
            (load.working_hours_per_day, load.days_per_year) != tuple(AROUND_THE_CLOCK.values())
        )
        for name, widget in self._load_rows.items():
            set_row_visible(widget, name in LOAD_KIND_FIELDS[kind])
        for box, on in (
            (self._embeddings_group_box, scenario.workload.embeddings is not None),
            (self._speculative_group_box, scenario.workload.speculative is not None),
        ):
            box.blockSignals(True)
            box.setChecked(on)
            box.blockSignals(False)
