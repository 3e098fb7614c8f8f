"""Cross-file checks: every id one file names must exist in the file that defines it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aisle_desktop.catalog.close_ids import unknown_id_message
from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.reading import Located, entry_label
from aisle_desktop.catalog.schema_prices import PricesSpec


class EntryReferenceError(CatalogError):
    """An entry names an id the catalog lacks; ``item`` is that entry, so a caller that may
    leave a user's entry out (the window) knows which one."""

    def __init__(self, item: Located[Any], message: str) -> None:
        super().__init__(message)
        self.item = item


def _fail(item: Located[Any], field: str, message: str) -> CatalogError:
    prefix = entry_label(item.file_label, item.index, getattr(item.entry, "id", None))
    return EntryReferenceError(item, f"{prefix}: field {field}: {message}")


def _require(
    item: Located[Any], field: str, ids: Iterable[str], known: dict[str, Any], kind: str
) -> None:
    for wanted in ids:
        if wanted not in known:
            raise _fail(item, field, unknown_id_message(kind, wanted, known, list_all=True))


def _check_domain_fits(gpu_item: Located[Any], server_item: Located[Any]) -> None:
    """A GPU's NVLink domain must fit in its server, or in the rack a rack-scale server fills."""
    domain = gpu_item.entry.interconnect.scale_up_domain_gpus
    server = server_item.entry
    room = server.gpus_per_rack_scale_domain or server.gpus_per_server
    if domain > room:
        hint = (
            "its rack_scale rack holds fewer GPUs"
            if server.rack_scale is not None
            else "describe the rack it spans with rack_scale"
        )
        raise _fail(
            gpu_item,
            "interconnect.scale_up_domain_gpus",
            f'{domain} GPUs do not fit server "{server.id}" ({server.gpus_per_server} GPUs); '
            + hint,
        )


def check_cross_references(tables: dict[str, dict[str, Located[Any]]]) -> None:
    """Raise CatalogError at the first reference to an id that does not exist."""
    gpus, servers = tables["gpus"], tables["servers"]
    precisions, models = tables["precisions"], tables["models"]
    for item in servers.values():
        _require(item, "gpu_id", [item.entry.gpu_id], gpus, "GPU")
    for item in gpus.values():
        _require(item, "server_ids", item.entry.server_ids, servers, "server")
        for server_id in item.entry.server_ids:
            holds = servers[server_id].entry.gpu_id
            if holds != item.entry.id:
                raise _fail(
                    item, "server_ids", f'server "{server_id}" holds GPU "{holds}", not this one'
                )
            _check_domain_fits(item, servers[server_id])
    for item in tables["engines"].values():
        engine = item.entry
        used = [row.weight_precision for row in engine.supported]
        _require(item, "supported", used, precisions, "precision")
        mapping = engine.default_kv_precision_by_weight
        _require(item, "default_kv_precision_by_weight", list(mapping), precisions, "precision")
        _require(item, "default_kv_precision_by_weight", mapping.values(), precisions, "precision")
        for kv_id in mapping.values():
            if precisions[kv_id].entry.bytes_per_kv_element is None:
                raise _fail(
                    item, "default_kv_precision_by_weight", f'"{kv_id}" is not a KV-cache precision'
                )
    for item in tables["hosted_apis"].values():
        model_id = item.entry.comparable_model_id
        if model_id is not None:
            _require(item, "comparable_model_id", [model_id], models, "model")


def check_power_references(label: str, prices: PricesSpec, gpus: dict[str, Any]) -> None:
    """Every all-in power reference names a GPU the catalog holds."""
    for index, ref in enumerate(prices.all_in_power_references):
        if ref.gpu_id not in gpus:
            prefix = entry_label(f"{label} all_in_power_references", index, ref.id)
            message = unknown_id_message("GPU", ref.gpu_id, gpus, list_all=True)
            raise CatalogError(f"{prefix}: field gpu_id: {message}")
