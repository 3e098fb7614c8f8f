"""The bill of materials of a sized plan: what to order, how many, at what price, and why.

Built from the sized result (servers, GPUs, split, racks) and dated catalog prices; it sizes
nothing again. Each line names the rule behind its quantity, so a purchasing or finance reader
can check it: network ports follow the server's role in the fabric, storage holds the model
files and the retrieval index, racks and PDUs follow the power sheet.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from aisle_desktop.catalog import Catalog, PartSpec, ServerSpec
from aisle_desktop.formatting import bill_money, count
from aisle_desktop.labels import assumption_label
from aisle_desktop.plan import Scenario
from aisle_desktop.sizing.planning.encoder_pool import encoder_server
from aisle_desktop.sizing.planning.power_sheet import PDU_PART, RACK_PART, PowerSheet
from aisle_desktop.sizing.planning.result import SizingResult

NETWORK_RULE_SOURCE = (
    "NVIDIA DGX SuperPOD reference architecture (DGX H100), network fabrics: eight 400 Gb/s "
    "compute adapters per system, two 200 Gb/s in-band and storage ports, one 1 Gb/s BMC "
    "port; https://docs.nvidia.com/dgx-superpod/reference-architecture-scalable-"
    "infrastructure-h100/latest/network-fabrics.html"
)
# Copies of the model files kept on shared storage: the version served, the previous one
# (to roll back) and the next candidate (engineering judgement).
MODEL_FILE_COPIES = 3
# A vector index needs room to be rebuilt beside the live one (engineering judgement).
INDEX_COPIES = 2
GPUS_PER_NODE = 8  # a rack-scale system (NVL72) is fed as trays of up to 8 GPUs


@dataclass(frozen=True)
class BomLine:
    """One line of the bill. ``unit_price_usd`` None means included in another line's price."""

    section: str
    item: str
    quantity: float
    unit: str
    unit_price_usd: float | None
    price_as_of: date | None
    source: str
    rule: str
    yearly: bool = False
    optional: bool = False

    @property
    def total_usd(self) -> float:
        return 0.0 if self.unit_price_usd is None else self.quantity * self.unit_price_usd

    @property
    def unit_price_text(self) -> str:
        """The unit price as the bill reads it, on paper and in `bom`: exact dollars, or
        "included" for a part the server's price covers (`bom` read "@ included")."""
        return "included" if self.unit_price_usd is None else bill_money(self.unit_price_usd)


@dataclass(frozen=True)
class BillOfMaterials:
    """Every line of one scenario's bill, in the order a purchase order lists them."""

    scenario_name: str
    lines: tuple[BomLine, ...]

    @property
    def one_time_usd(self) -> float:
        """What is bought once (optional lines excluded)."""
        return sum(x.total_usd for x in self.lines if not x.yearly and not x.optional)

    @property
    def yearly_usd(self) -> float:
        """Subscriptions and support paid every year (optional lines excluded)."""
        return sum(x.total_usd for x in self.lines if x.yearly and not x.optional)

    def section_usd(self, section: str) -> float:
        return sum(x.total_usd for x in self.lines if x.section == section and not x.optional)


def _part_line(
    catalog: Catalog, part_id: str, section: str, quantity: float, rule: str, included: bool = False
) -> BomLine | None:
    if quantity <= 0 or part_id not in catalog.parts:
        return None
    part: PartSpec = catalog.part(part_id)
    return BomLine(
        section=section,
        item=part.name,
        quantity=quantity,
        unit=part.unit,
        unit_price_usd=None if included else part.unit_price_usd,
        price_as_of=part.price_as_of,
        source="; ".join(part.sources),
        rule=rule + (" Included in the server's price." if included else ""),
        yearly=part.yearly,
        optional=part_id == "nvidia-ai-enterprise",
    )


def _server_lines(
    catalog: Catalog, scenario: Scenario, result: SizingResult, server: ServerSpec
) -> list[BomLine]:
    per_replica = result.tp * result.pp
    servers = result.servers_of_plan_type
    slots = servers * server.gpus_per_server
    # A spare exists only when the replicas the load needs, its spare included, are there.
    has_spare = scenario.workload.redundancy == "n_plus_1" and result.meets_targets
    spare = per_replica if has_spare and result.replicas >= 2 else 0
    entered = scenario.costs.server_price_usd
    price = entered if entered is not None else server.price_usd
    idle = result.idle_gpus
    # An embeddings workload's encoder GPUs share the servers (`encoder_pool`) unless they
    # have servers of their own (`_encoder_server_lines`).
    encoders = (
        f" + {count(result.encoder_gpus_beside, 'encoder GPU')} for embeddings"
        if result.encoder_gpus_beside
        else ""
    )
    # The count leads with every GPU the sum on its right holds: "6 GPUs = 3 replicas of 2
    # (TP 2) + 1 encoder GPU" added up to 7 (walk45).
    used = count(result.gpus + result.encoder_gpus_beside, "GPU")
    rule = (
        f"{used} = {count(result.replicas, 'replica')} of {per_replica} "
        f"({'TP' if result.pp == 1 else 'TP × PP'} {result.tp}"
        f"{'' if result.pp == 1 else f' × {result.pp}'}){encoders}; at "
        f"{server.gpus_per_server} a server, {count(servers, 'server')} holding "
        f"{count(slots, 'GPU')}" + (f" ({idle} idle)" if idle else "")
    )
    if result.serving == "disaggregated":  # two pools, not replicas
        rule = (
            f"{used} = two pools, {result.layout}{encoders}; at "
            f"{server.gpus_per_server} a server, {count(servers, 'server')} holding "
            f"{count(slots, 'GPU')}" + (f" ({idle} idle)" if idle else "")
        )
        spare = 0
        if scenario.workload.redundancy == "n_plus_1":
            rule += "; each pool holds one spare worker (N+1)"
    if spare:
        among = f"model's {result.gpus}" if encoders else f"{result.gpus}"
        rule += f"; {spare} of the {among} form the N+1 spare replica"
    if result.whole_server_replicas:
        rule += f"; {result.whole_server_note()}"
    gpu = catalog.gpu(server.gpu_id)
    gpu_rule = f"{server.gpus_per_server} in each server"
    if idle:
        unused = "no replica or encoder" if result.encoder_gpus_beside else "no replica"
        gpu_rule += (
            f"; {idle} of them serve {unused} but are bought with their server and draw idle power"
            if idle > 1
            else f"; 1 of them serves {unused} but is bought with its server and draws idle power"
        )
    return [
        BomLine(
            "Servers",
            server.name,
            servers,
            "server",
            price,
            None if entered is not None else server.price_as_of,
            "entered by the planner" if entered is not None else "; ".join(server.sources),
            rule,
        ),
        BomLine(
            "GPUs",
            gpu.name,
            slots,
            "GPU",
            None,
            gpu.as_of,
            "; ".join(gpu.sources),
            gpu_rule + ". Included in the server's price.",
        ),
    ]


def _encoder_server_lines(
    catalog: Catalog, scenario: Scenario, result: SizingResult, server: ServerSpec
) -> list[BomLine]:
    """The encoder's servers of their own type and their GPUs, at the catalog's price (the
    plan's "Model server price" is the answering server's); none when it shares their type."""
    if not result.encoder_gpu_name:
        return []
    own = encoder_server(catalog, scenario, server)
    gpu = catalog.gpu(own.gpu_id)
    servers, installed = result.encoder_servers, result.encoder_gpus_installed
    idle = installed - result.encoder_gpus
    rule = (
        f"{count(result.encoder_gpus, 'encoder GPU')} for embeddings; at {own.gpus_per_server} "
        f"a server, {count(servers, 'server')} for the encoder alone, holding "
        f"{count(installed, 'GPU')}" + (f" ({idle} idle)" if idle else "")
    )
    gpu_rule = f"{own.gpus_per_server} in each encoder server"
    if idle:
        gpu_rule += f"; {idle} of them encode nothing but are bought with their server"
    return [
        BomLine(
            "Servers",
            own.name,
            servers,
            "server",
            own.price_usd,
            own.price_as_of,
            "; ".join(own.sources),
            rule,
        ),
        BomLine(
            "GPUs",
            gpu.name,
            installed,
            "GPU",
            None,
            gpu.as_of,
            "; ".join(gpu.sources),
            gpu_rule + ". Included in the server's price.",
        ),
    ]


def _network_lines(catalog: Catalog, result: SizingResult, server: ServerSpec) -> list[BomLine]:
    servers = result.servers
    # An encoder's servers of their own hold up to 8 GPUs: one front adapter each.
    own = result.encoder_servers if result.encoder_gpu_name else 0
    nodes = (servers - own) * math.ceil(server.gpus_per_server / GPUS_PER_NODE) + own
    spans = result.tp * result.pp > server.gpus_per_server
    included = server.ships_with_nics
    fabric = (servers - own) * server.gpus_per_server if spans else 0
    fabric_rule = (
        "A replica spans servers, so each GPU gets a 400 Gb/s adapter on a rail-optimised fabric."
    )
    front_rule = "One dual-port adapter per server (per 8 GPUs) for users and storage."
    lines = [
        _part_line(catalog, "nic-400g", "Network", fabric, fabric_rule, included),
        _part_line(catalog, "port-400g", "Network", fabric, "One fabric port per adapter."),
        _part_line(catalog, "nic-200g-dual", "Network", nodes, front_rule, included),
        _part_line(
            catalog,
            "port-200g",
            "Network",
            2 * nodes,
            "Both ports of each user/storage adapter, to two leaf switches (no single point of "
            "failure).",
        ),
        _part_line(
            catalog, "port-1g-management", "Network", servers, "One management (BMC) port a server."
        ),
    ]
    return [x for x in lines if x is not None]


def _storage_line(catalog: Catalog, result: SizingResult) -> BomLine | None:
    model_gb = result.value("weights_per_gpu_gb") * result.tp * result.pp
    index_gb = result.value("vector_index_ram_gb") if "vector_index_ram_gb" in result.figures else 0
    tb = math.ceil((model_gb * MODEL_FILE_COPIES + index_gb * INDEX_COPIES) / 1e3)
    rule = f"Model files {model_gb:,.0f} GB × {MODEL_FILE_COPIES} versions (served, previous, next)"
    if index_gb:
        rule += f" + retrieval index {index_gb:,.0f} GB × {INDEX_COPIES} (live and rebuild)"
    return _part_line(catalog, "storage-nvme-tb", "Storage", max(1, tb), rule + ", rounded up.")


def bill_of_materials(
    catalog: Catalog,
    scenario: Scenario,
    result: SizingResult,
    server: ServerSpec,
    sheet: PowerSheet,
) -> BillOfMaterials:
    """The bill of a plan that fits; an empty bill when nothing fits."""
    if not result.fits or result.servers == 0:
        return BillOfMaterials(scenario.name, ())
    racks = sheet.rack_count
    # Licences follow the GPUs bought, the encoder's own servers' too.
    installed = result.servers_of_plan_type * server.gpus_per_server + result.encoder_gpus_installed
    support_usd = _support_usd(result)
    lines: list[BomLine | None] = [
        *_server_lines(catalog, scenario, result, server),
        *_encoder_server_lines(catalog, scenario, result, server),
        *_network_lines(catalog, result, server),
        _storage_line(catalog, result),
        _part_line(
            catalog, RACK_PART, "Racks and power", racks, sheet.racks_rule() + " (power sheet)."
        ),
        _part_line(
            catalog,
            PDU_PART,
            "Racks and power",
            sheet.total_pdus,
            f"One PDU per circuit on each of the A and B feeds; {sheet.feed}.",
        ),
        _part_line(
            catalog,
            "license-open-source",
            "Software and support",
            installed,
            f"{result.engine_name} is open source.",
        ),
        BomLine(
            "Software and support",
            "Hardware and software support, a year",
            1,
            "year",
            support_usd,
            None,
            f"the model's cost assumption “{assumption_label(SUPPORT_SHARE)[0]}” (Assumptions)",
            "The support share of the yearly cost.",
            yearly=True,
        ),
        _part_line(
            catalog,
            "nvidia-ai-enterprise",
            "Software and support",
            installed,
            "Optional vendor support for the serving software; one licence per physical GPU "
            "in the servers it runs on, idle ones included (NVIDIA licensing guide); not in "
            "the totals.",
        ),
    ]
    return BillOfMaterials(scenario.name, tuple(x for x in lines if x is not None))


# The calibration's support share, named in its source line as the Assumptions tab names it.
SUPPORT_SHARE = "support_fraction_per_year"


def _support_usd(result: SizingResult) -> float:
    tco = result.figures["tco_per_year_usd"].explanation
    return next((q.value for q in tco.inputs if q.name == "support"), 0.0)
