"""`aisle-desktop catalog list KIND` and `catalog export`."""

from __future__ import annotations

import json
from typing import Any, TextIO

from aisle_desktop.catalog import Catalog, GpuSpec, ModelSpec, ServerSpec
from aisle_desktop.cli.table import render_table
from aisle_desktop.formatting import (
    as_entered,
    bytes_,
    context_tokens,
    count,
    memory_as_sold,
    parameters,
    percent,
    tflops_text,
)
from aisle_desktop.labels import LINK_LABELS
from aisle_desktop.sizing.engine import (
    constant_bytes_per_sequence_16bit,
    kv_bytes_per_token,
    layer_groups,
)

# The kinds a plan names by id; hosted APIs are what the break-even compares owning with.
KINDS = ("gpus", "models", "engines", "servers", "hosted-apis")


def _tflops(value: float | None) -> str:
    """A datasheet's TFLOPS as the hardware panel writes them ("362", "2,517"), "-" for none."""
    return "-" if value is None else tflops_text(value)


def _link(gpu: GpuSpec) -> str:
    """The GPU's link and how many GPUs it joins: "NVLink, 8 GPUs", "PCIe, 1 GPU" (was
    "nvlink x8", "pcie x1", read as a lane width)."""
    link = gpu.interconnect
    return f"{LINK_LABELS[link.kind]}, {count(link.scale_up_domain_gpus, 'GPU')}"


def _gpu_rows(catalog: Catalog) -> tuple[list[str], list[list[str]]]:
    header = [
        "id",
        "name",
        "memory",
        "bandwidth",
        "BF16 TFLOPS",
        "FP8 TFLOPS",
        "FP4 TFLOPS",
        "TDP",
        "link",
    ]
    rows = [
        [
            g.id,
            g.name,
            memory_as_sold(g.memory_sold_gb, g.memory_gb),
            f"{g.memory_bandwidth_tbps:g} TB/s",
            _tflops(g.bf16_tflops),
            _tflops(g.fp8_tflops),
            _tflops(g.fp4_tflops),
            f"{g.tdp_w:g} W",
            _link(g),
        ]
        for g in catalog.gpus.values()
    ]
    return header, rows


def _state_per_sequence(model: ModelSpec) -> str:
    """Memory a sequence holds whatever its length (sliding windows, recurrent state)."""
    held = constant_bytes_per_sequence_16bit(layer_groups(model))
    return "-" if held == 0 else bytes_(held)


def _model_rows(catalog: Catalog) -> tuple[list[str], list[list[str]]]:
    header = [
        "id",
        "name",
        "params",
        "active",
        "layers",
        "heads/kv",
        "attention",
        "context",
        "KV/token",
        "state/seq",
    ]
    rows = [
        [
            m.id,
            m.name,
            parameters(m.total_params_b),
            "-" if m.active_params_b is None else parameters(m.active_params_b),
            str(m.num_layers),
            f"{m.num_attention_heads}/{m.num_key_value_heads}",
            m.attention.kind,
            context_tokens(m.max_context_tokens),
            bytes_(kv_bytes_per_token(m, 2.0)),
            _state_per_sequence(m),
        ]
        for m in catalog.models.values()
    ]
    return header, rows


# What an engine's memory share is a share of (catalog field memory_fraction_of).
MEMORY_SHARE_OF = {"total": "of memory", "free_after_weights": "of what weights leave"}


def _engine_rows(catalog: Catalog) -> tuple[list[str], list[list[str]]]:
    """Each engine's defaults in the planner's words: the list read "0.9 of
    free_after_weights", "eta mem 0.7" and "max seqs 2048"."""
    header = [
        "id",
        "name",
        "memory it takes",
        "sequences a step",
        "tokens a step",
        "memory speed reached",
        "compute reached",
        "time a step",
    ]
    rows = [
        [
            e.id,
            e.name,
            f"{percent(e.memory_fraction)} {MEMORY_SHARE_OF[e.memory_fraction_of]}",
            f"{e.max_num_seqs:,}",
            f"{e.max_num_batched_tokens:,}",
            percent(e.eta_mem),
            percent(e.eta_flops),
            f"{e.step_overhead_ms:g} ms",
        ]
        for e in catalog.engines.values()
    ]
    return header, rows


def _units(server: ServerSpec) -> str:
    rack = server.rack_scale
    if rack is None:
        return f"{server.rack_units}U"
    return f"{server.rack_units}U, {rack.servers_per_rack} per {rack.rack_units}U rack"


def _server_rows(catalog: Catalog) -> tuple[list[str], list[list[str]]]:
    header = ["id", "name", "GPU", "GPUs", "units", "nameplate", "price", "price date"]
    rows = [
        [
            s.id,
            s.name,
            s.gpu_id,
            str(s.gpus_per_server),
            _units(s),
            f"{s.nameplate_power_w / 1e3:g} kW",
            "-" if s.price_usd is None else f"${s.price_usd:,.0f}",
            str(s.price_as_of or "-"),
        ]
        for s in catalog.servers.values()
    ]
    return header, rows


# A hosted price's unit, as the window's API field writes it: "$0.88/M tokens" (the list read
# "$0.880/Mtok").
PER_MILLION = "USD/M tokens"


def _hosted_api_rows(catalog: Catalog) -> tuple[list[str], list[list[str]]]:
    header = ["id", "name", "kind", "like model", "input", "output", "price date"]
    rows = [
        [
            a.id,
            a.name,
            a.kind,
            a.comparable_model_id or "-",
            as_entered(a.input_usd_per_mtok, PER_MILLION),
            "-"
            if a.output_usd_per_mtok is None
            else as_entered(a.output_usd_per_mtok, PER_MILLION),
            str(a.as_of),
        ]
        for a in catalog.prices.hosted_apis
    ]
    return header, rows


# A listed name wider than this wraps onto more lines (a server's name ran 127 characters,
# its row 229); ids are never wrapped.
LISTED_CELL_CHARS = 48


def run_list(catalog: Catalog, kind: str, out: TextIO) -> int:
    builders = {
        "gpus": _gpu_rows,
        "models": _model_rows,
        "engines": _engine_rows,
        "servers": _server_rows,
        "hosted-apis": _hosted_api_rows,
    }
    header, rows = builders[kind](catalog)
    out.write(render_table(header, rows, widest=LISTED_CELL_CHARS) + "\n")
    return 0


def export_dict(catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    """The whole catalog as plain JSON.

    Models carry their cache at 16 bits: the bytes each token of context adds (the growing
    part) and the bytes a sequence holds whatever its length (full sliding windows, linear
    attention and state-space states), plus their layers by kind.
    """
    models = []
    for m in catalog.models.values():
        entry = m.model_dump(mode="json")
        groups = layer_groups(m)
        entry["cache_layers"] = [g.model_dump(mode="json", exclude_none=True) for g in groups]
        entry["kv_bytes_per_token_16bit"] = kv_bytes_per_token(m, 2.0)
        entry["state_bytes_per_sequence_16bit"] = constant_bytes_per_sequence_16bit(groups)
        models.append(entry)
    return {
        "gpus": [g.model_dump(mode="json") for g in catalog.gpus.values()],
        "models": models,
        "engines": [e.model_dump(mode="json") for e in catalog.engines.values()],
        "servers": [s.model_dump(mode="json") for s in catalog.servers.values()],
        "precisions": [p.model_dump(mode="json") for p in catalog.precisions.values()],
        "prices": [catalog.prices.model_dump(mode="json")],
    }


def run_export(catalog: Catalog, out: TextIO) -> int:
    out.write(json.dumps(export_dict(catalog), indent=2) + "\n")
    return 0
