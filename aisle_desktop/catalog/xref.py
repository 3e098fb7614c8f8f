"""Cross-file checks: every id one file names must exist in the file that defines it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.reading import Located, entry_label


def _fail(item: Located[Any], field: str, message: str) -> CatalogError:
    prefix = entry_label(item.file_label, item.index, getattr(item.entry, "id", None))
    return CatalogError(f"{prefix}: field {field}: {message}")


def _require(
    item: Located[Any], field: str, ids: Iterable[str], known: dict[str, Any], kind: str
) -> None:
    for wanted in ids:
        if wanted not in known:
            raise _fail(
                item, field, f'unknown {kind} id "{wanted}"; known: {", ".join(sorted(known))}'
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
