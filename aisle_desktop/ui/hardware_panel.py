"""The hardware and the money: GPU, server, counts, parallelism, rack, power and prices."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QMenu,
    QPushButton,
    QWidget,
)

from aisle_desktop.catalog import Catalog, ServerSpec
from aisle_desktop.formatting import compact, grouped, with_unit
from aisle_desktop.labels import EXPERT_LAYOUT_LABELS, SEARCH_GOAL_LABELS, SERVING_LABELS
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import automatic_api, compared_api
from aisle_desktop.ui.catalog_text import gpu_spec_text
from aisle_desktop.ui.choice_box import SearchLine, searchable
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.editing_panel import EditingPanel
from aisle_desktop.ui.form import form_group, note_label, set_row_visible, side_by_side

H = ("hardware",)
C = ("costs",)
AUTO = "Automatic"


# The widest count an Automatic field is laid out to show whole beside its word.
SIZED_COUNT_ROOM = 999
# Beyond that, the shorter word keeps a campus-sized count whole in the same room, and past
# six digits the count is read in millions ("Auto: 1.04 M"): seven no longer fit.
AUTO_SHORT = "Auto"
SHORT_COUNT_ROOM = 999_999


def sized_count_text(sized: int) -> str:
    """``Automatic: 8``; a count past the field's room reads ``Auto: 673,832`` so that it is
    not cut to "utomatic: 673832", ``Auto: 1.04 M`` past a million, and ``Auto: 378 B`` past
    a billion ("Auto: 378 billion" was cut to "uto: 378 billion")."""
    if sized > SHORT_COUNT_ROOM:
        short = compact(sized).replace(" billion", " B").replace(" trillion", " T")
        return f"{AUTO_SHORT}: {short}"
    word = AUTO if sized <= SIZED_COUNT_ROOM else AUTO_SHORT
    return f"{word}: {grouped(sized)}"


# What a split field says when each pool of a plan served in pools is split its own way (the
# note under the fields says how).
PER_POOL = f"{AUTO_SHORT}: per pool"
# The Automatic hosted API, by what it compares with for the plan's model.
AUTOMATIC_API = {
    "same model": "Automatic: this model's API",
    "same size": "Auto: same-size model's API",  # "Automatic: …" was cut at 1280 px
    "none": "Auto: no comparable API",
}

# The plan's server price prices the servers of the model's type only: an encoder on servers
# of its own type (Embeddings, Encoder GPUs) is priced from the catalog apart, which the field
# once did not say (it read "Server price" beside an encoder's own L4 servers).
MODEL_SERVER_PRICE = "Model server price"
# Its row in the Money group, which names what is priced ("Electricity", "Colocation"): "Model
# server price" widened the panel by 11 px at 1280 px, and the results' seventh tab (Notes)
# went behind the "All tabs" menu.
MODEL_SERVER = "Model server"
MODEL_SERVER_PRICE_TIP = (
    "What each server of the model's type costs (the Server above, its GPUs included), for "
    "every one of them the plan buys: those that answer and, when the encoder runs on the "
    "model's GPUs, those it fills. Encoder servers of their own type (Embeddings, Encoder "
    "GPUs) keep their catalog price. Network, storage and racks are added as a share of it "
    "(Assumptions). Empty: the catalog's price for the server."
)


def pools_note(result: SizingResult) -> str:
    """How a plan served in pools is laid out, and on how many of the GPUs it buys:
    ``Pools: 2 prefill × TP 2 × PP 3 + 2 decode × TP 8 × PP 1, on 28 of the 32 GPUs bought``."""
    bought = result.gpus_bought
    where = (
        f"all {bought:,} GPUs bought"
        if result.gpus >= bought
        else f"{result.gpus:,} of the {bought:,} GPUs bought"
    )
    beside = result.encoder_gpus_beside
    encoders = f" ({beside:,} for embeddings)" if beside else ""
    return f"Pools: {result.layout}, on {where}{encoders}"


# The GPU count Aisle chooses fills the servers it takes (sizing/planning/server_use.py).
WHOLE_SERVERS_TIP = (
    "; then, as servers come whole, as many more replicas as the GPUs bought with them can run"
)


class HardwarePanel(EditingPanel):
    """Edits the hardware and cost half of the scenario through the controller."""

    def __init__(self, controller: ScenarioController, catalog: Catalog) -> None:
        super().__init__(controller, "Hardware and costs", minimum_width=320)
        self._catalog = catalog
        self._gpu_specs = note_label()
        self._server_note = note_label()
        self._switches: dict[str, tuple[QCheckBox, QAbstractSpinBox]] = {}
        self._sized: dict[str, int] = {}
        self._servers_offered: list[tuple[str, str | None]] = []  # the Server box's items
        self.pools_note = note_label()  # how a plan served in pools is laid out
        self.finish([self._gpu_group(), self._facility_group(), self._cost_group()])
        set_row_visible(self.pools_note, False)  # until a plan served in pools is sized

    def set_catalog(self, catalog: Catalog) -> None:
        """Offer this catalog's GPUs and servers (a plan's own entries merged in)."""
        self._catalog = catalog
        self.fields.set_choices((*H, "gpu_id"), self._gpu_items())
        self._show_short_names()
        self._servers_offered = []
        self._show(self._controller.scenario)

    def _gpu_items(self) -> list[tuple[str, str | None]]:
        return [(g.name, g.id) for g in self._catalog.gpus.values()]

    def _show_short_names(self) -> None:
        """The GPU box shows a GPU's short name where its whole name does not fit."""
        self.gpu_line.set_short_names({g.name: g.shown_name for g in self._catalog.gpus.values()})

    def _server_items(self, scenario: Scenario) -> list[tuple[str, str | None]]:
        """The servers that hold the plan's GPU (every server while the catalog lacks it): one
        holding other GPUs cannot be sized with it, so it is offered only while the plan names
        it (a plan file written so), to be shown and replaced."""
        gpu_id, chosen = scenario.hardware.gpu_id, scenario.hardware.server_id
        servers = [
            (s.name, s.id)
            for s in self._catalog.servers.values()
            if gpu_id not in self._catalog.gpus or s.gpu_id == gpu_id or s.id == chosen
        ]
        return [("The GPU's usual server", None), *servers]

    def _offer_servers(self, scenario: Scenario) -> None:
        """Refill the Server box when the plan's GPU (or its catalog) offers other servers."""
        items = self._server_items(scenario)
        if items != self._servers_offered:
            self._servers_offered = items
            self.fields.set_choices((*H, "server_id"), items)

    def _gpu_group(self) -> QGroupBox:
        f = self.fields
        search_hint = "Type part of a name to search the catalog"
        gpu = f.choice((*H, "gpu_id"), "GPU", self._gpu_items(), hint=search_hint)
        # A new GPU resets the server, which belongs to the old one: both change in one step.
        gpu.currentIndexChanged.disconnect()
        gpu.currentIndexChanged.connect(
            lambda i: self._controller.set_fields(
                {(*H, "gpu_id"): gpu.itemData(i), (*H, "server_id"): None}, "GPU"
            )
        )
        self.gpu_line = SearchLine()
        self.gpu_search_cut = searchable(
            gpu,
            lambda typed: self._controller.refuse(
                (*H, "gpu_id"), f"no GPU in the catalog has “{typed}” in its name"
            ),
            lambda: self._controller.set_field((*H, "gpu_id"), gpu.currentData(), "GPU"),
            self.gpu_line,
        )
        self._show_short_names()
        self._servers_offered = self._server_items(self._controller.scenario)
        self._server = f.choice((*H, "server_id"), "Server", list(self._servers_offered))
        return form_group(
            "GPUs and servers",
            [
                ("GPU", gpu),
                (None, self.gpu_search_cut),
                ("", self._gpu_specs),
                ("Server", self._server),
                ("", self._server_note),
                ("GPU count", self._automatic("gpu_count", "GPU count")),
                ("Tensor parallel", self._automatic("tp", "Tensor parallel (TP)")),
                ("Pipeline parallel", self._automatic("pp", "Pipeline parallel (PP)")),
                ("", self.pools_note),
                (
                    "Expert layout",
                    f.choice(
                        (*H, "expert_layout"),
                        "Expert layout",
                        [(text, value) for value, text in EXPERT_LAYOUT_LABELS.items()],
                        whole=True,
                    ),
                ),
                (
                    "Serving",
                    f.choice(
                        (*H, "serving"),
                        "Serving",
                        [(text, value) for value, text in SERVING_LABELS.items()],
                        whole=True,
                    ),
                ),
                (
                    "Pools search for",
                    f.choice(
                        (*H, "search_goal"),
                        "Pools search for",
                        [(text, value) for value, text in SEARCH_GOAL_LABELS.items()],
                        whole=True,
                    ),
                ),
            ],
        )

    def _automatic(self, name: str, label: str) -> QWidget:
        """A count Aisle may choose: its editor, and an Automatic switch beside it.

        Switched off, the count starts from what Aisle last sized, so the planner edits from
        the plan on screen rather than from 1."""
        path = (*H, name)
        box = self.fields.number(path, label, optional_text=AUTO)
        # Room for the count Aisle sized ("Automatic: 8", show_sized) up to three digits: the
        # panel's width is settled before the first result names it.
        sized_text = f"{AUTO}: {grouped(SIZED_COUNT_ROOM)}"
        box.setMinimumWidth(
            box.minimumSizeHint().width()
            + box.fontMetrics().horizontalAdvance(sized_text)
            - box.fontMetrics().horizontalAdvance(AUTO)
        )
        switch = QCheckBox(AUTO)
        switch.setAccessibleName(f"{label}: {AUTO}")
        switch.setToolTip(
            f"Let Aisle choose the {label.split(' (')[0]}, the fewest that serve the load"
            + (WHOLE_SERVERS_TIP if name == "gpu_count" else "")
        )
        self._switches[name] = (switch, box)

        def toggled(on: bool) -> None:
            value = None if on else self._sized.get(name, 1)
            self._controller.set_field(path, value, label)

        switch.toggled.connect(toggled)
        return side_by_side(box, switch)

    def show_sized(self, result: SizingResult | None) -> None:
        """Remember the counts Aisle sized, and show them beside each Automatic (None: the
        scenario on screen could not be sized, so no other plan's counts stay).

        A plan served in pools shows the GPUs it buys (QA: the decode pool's TP and PP and the
        28 GPUs the pools run read as the plan while it bought 32); each pool's split is said
        in a note under the fields. Switched off, the count starts from the GPUs the pools
        run: the pools then share that count (`pools_for_count.py`) and keep their answer."""
        if result is None:
            self._sized = {}
        elif result.fits:
            self._sized = {"gpu_count": result.gpus, "tp": result.tp, "pp": result.pp}
        fits = result is not None and result.fits
        pools = fits and result is not None and result.serving == "disaggregated"
        shown: dict[str, str] = {}
        if pools and result is not None:
            bought = sized_count_text(result.gpus_bought)
            shown = {"gpu_count": bought, "tp": PER_POOL, "pp": PER_POOL}
            self.pools_note.setText(pools_note(result))
        set_row_visible(self.pools_note, pools)
        for name, (_switch, box) in self._switches.items():
            sized = self._sized.get(name) if fits else None
            text = shown.get(name) or (AUTO if sized is None else sized_count_text(sized))
            if box.specialValueText() != text:  # setting it again redraws the field
                box.setSpecialValueText(text)

    def _rack_power(self) -> QWidget:
        """The rack power limit, and the catalog's typical rooms one click away beside it."""
        path = (*H, "rack_power_limit_kw")
        box = self.fields.number(path, "Rack power limit", decimals=1, suffix="kW")
        # A push button keeps room for its menu's arrow beside the name; a tool button drew
        # the arrow over the name's last letter ("Room⌄", QA at 1280 px).
        rooms = QPushButton("Rooms")
        rooms.setAccessibleName("Rack power of typical rooms")
        rooms.setToolTip("Set the limit of a typical room; or type your room's own value")
        menu = QMenu(rooms)
        for room in self._catalog.prices.rack_power_limit_kw_presets:
            action = menu.addAction(room.name)
            action.setToolTip(room.notes)
            action.triggered.connect(
                lambda _checked=False, kw=room.limit_kw: self._controller.set_field(
                    path, float(kw), "Rack power limit"
                )
            )
        rooms.setMenu(menu)
        self.rooms_menu = menu
        return side_by_side(box, rooms)

    def _facility_group(self) -> QGroupBox:
        f = self.fields
        pue = [(f"{p.name} ({p.pue:g})", p.pue) for p in self._catalog.prices.pue_presets]
        pue_box = f.number((*C, "pue"), "PUE", decimals=2, step=0.05)
        pue_box.setToolTip("Facility watts per IT watt. Presets: " + "; ".join(t for t, _ in pue))
        return form_group(
            "Rack and facility",
            [
                ("Rack power limit", self._rack_power()),
                ("Rack height", f.number((*H, "rack_units_per_rack"), "Rack height", suffix="U")),
                ("PUE", pue_box),
            ],
        )

    def _server_price(self, catalog_text: str) -> QAbstractSpinBox:
        """The price of each server of the model's type, and in its tooltip what it covers."""
        box = self.fields.number(
            (*C, "server_price_usd"),
            MODEL_SERVER_PRICE,
            decimals=0,
            prefix="$",
            step=5000,
            optional_text=f"{catalog_text} server's price",
        )
        box.setToolTip(MODEL_SERVER_PRICE_TIP)
        return box

    def _cost_group(self) -> QGroupBox:
        f = self.fields
        prices = self._catalog.prices
        catalog_text = "Catalog:"
        # Short enough to read whole at 1280 px; the rest of the rule is in the tooltip. A
        # provider the name already says is not said twice ("... (Together AI) (Together AI)").
        self._apis = [
            (a.name if a.provider in a.name else f"{a.name} ({a.provider})", a.id)
            for a in prices.hosted_apis
            if a.kind == "llm"
        ]
        apis = [(AUTOMATIC_API["same model"], None), *self._apis]
        return form_group(
            "Money",
            [
                (
                    "Electricity",
                    f.number(
                        (*C, "electricity_usd_per_kwh"),
                        "Electricity price",
                        decimals=3,
                        prefix="$",
                        suffix="/kWh",
                        step=0.01,
                        optional_text=f"{catalog_text} "
                        f"{with_unit(prices.electricity_usd_per_kwh, 'USD/kWh')}",
                    ),
                ),
                (
                    "Colocation",
                    f.number(
                        (*C, "colocation_usd_per_kw_month"),
                        "Colocation price",
                        decimals=2,  # the catalog's $194.95, not $195
                        prefix="$",
                        suffix="/kW-month",
                        step=10,
                        optional_text=f"{catalog_text} "
                        f"${grouped(prices.colocation_usd_per_kw_month)}/kW-month",
                    ),
                ),
                (MODEL_SERVER, self._server_price(catalog_text)),
                (
                    "Written off over",
                    f.number(
                        (*C, "amortisation_years"), "Written off over", decimals=1, suffix="years"
                    ),
                ),
                (
                    "Hosted API",
                    f.choice(
                        (*C, "hosted_api_id"),
                        "Hosted API",
                        apis,
                        hint="Automatic compares with this model's hosted API, else with that "
                        "of a model of its size class (named in the warnings), else with none "
                        "(the warnings say the catalog has no comparable price).",
                    ),
                ),
                (
                    "API input price",
                    f.number(
                        (*C, "api_input_usd_per_mtok"),
                        "API input price",
                        decimals=2,
                        prefix="$",
                        suffix="/M tokens",
                        optional_text="From the API above",
                    ),
                ),
                (
                    "API output price",
                    f.number(
                        (*C, "api_output_usd_per_mtok"),
                        "API output price",
                        decimals=2,
                        prefix="$",
                        suffix="/M tokens",
                        optional_text="From the API above",
                    ),
                ),
            ],
        )

    def _show(self, scenario: Scenario) -> None:
        self._offer_servers(scenario)
        for name, (switch, box) in self._switches.items():
            automatic = getattr(scenario.hardware, name) is None
            switch.blockSignals(True)
            switch.setChecked(automatic)
            switch.blockSignals(False)
            box.setEnabled(not automatic)
        # The expert layout means something only for a mixture of experts (or to undo one set).
        model = self._catalog.models.get(scenario.workload.model_id)
        dense = model is not None and model.moe is None
        layout = self.fields.widget((*H, "expert_layout"))
        layout.setEnabled(not dense or scenario.hardware.expert_layout != "auto")
        # The goal steers the pools' search only: serving together always keeps the fewest GPUs.
        goal = self.fields.widget((*H, "search_goal"))
        goal.setEnabled(
            scenario.hardware.serving != "aggregated"
            or scenario.hardware.search_goal != "fewest_gpus"
        )
        gpu = self._catalog.gpus.get(scenario.hardware.gpu_id)
        if gpu is None:  # a plan from another machine naming a GPU neither has
            self._gpu_specs.setText(f'GPU "{scenario.hardware.gpu_id}" is not in this catalog')
            self._server_note.setText("")
            return
        self._gpu_specs.setText(gpu_spec_text(gpu))
        server_id = scenario.hardware.server_id or (gpu.server_ids[0] if gpu.server_ids else None)
        server = self._catalog.servers.get(server_id) if server_id is not None else None
        if server_id is not None and server is None:
            self._server_note.setText(f'Server "{server_id}" is not in this catalog')
        elif server is not None:
            price = (
                f"${server.price_usd:,.0f} ({server.price_as_of})"
                if server.price_usd
                else "no price"
            )
            self._server_note.setText(
                f"{server.gpus_per_server} GPUs · {server.rack_units}U · "
                f"{server.nameplate_power_w / 1e3:g} kW nameplate · {price}"
            )
        self._show_catalog_prices(scenario, server)

    def _show_catalog_prices(self, scenario: Scenario, server: ServerSpec | None) -> None:
        """What "from the catalog" stands for in the server and API price fields, with units."""
        price = self.fields.widget((*C, "server_price_usd"))
        if isinstance(price, QAbstractSpinBox):
            usd = server.price_usd if server is not None else None
            price.setSpecialValueText(f"Catalog: ${usd:,.0f}" if usd else "Catalog: no price")
        chosen = scenario.costs.hosted_api_id
        known = chosen is None or any(a.id == chosen for a in self._catalog.prices.hosted_apis)
        api = compared_api(self._catalog, scenario) if known else None
        self._show_automatic_api(scenario)
        for name, per_mtok in (
            ("api_input_usd_per_mtok", api.input_usd_per_mtok if api else None),
            ("api_output_usd_per_mtok", api.output_usd_per_mtok if api else None),
        ):
            box = self.fields.widget((*C, name))
            if isinstance(box, QAbstractSpinBox):
                box.setSpecialValueText(
                    "No hosted API" if per_mtok is None else f"API: ${per_mtok:g}/M tokens"
                )

    def _show_automatic_api(self, scenario: Scenario) -> None:
        """Word the Automatic choice by the API it stands for with this plan's model: the walk
        found "Automatic: this model's API" on the agentic-coding preset, whose model has no
        hosted price, beside a headline marked "another model's price"."""
        automatic = automatic_api(self._catalog, scenario.workload.model_id)
        if automatic is None:
            text = AUTOMATIC_API["none"]
        elif automatic.comparable_model_id == scenario.workload.model_id:
            text = AUTOMATIC_API["same model"]
        else:
            text = AUTOMATIC_API["same size"]
        box = self.fields.widget((*C, "hosted_api_id"))
        if isinstance(box, QComboBox) and box.itemText(0) != text:
            self.fields.set_choices((*C, "hosted_api_id"), [(text, None), *self._apis])
