"""User entries add to and override the shipped catalog; look-ups suggest close ids."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, CatalogError, UnknownIdError, load_catalog


def _write(folder: Path, name: str, entries: list[dict[str, Any]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"entries": entries}), encoding="utf-8")


def _raw(name: str, entry_id: str) -> dict[str, Any]:
    from aisle_desktop.catalog import shipped_catalog_dir

    data = json.loads((shipped_catalog_dir() / name).read_text(encoding="utf-8"))
    return dict(next(e for e in data["entries"] if e["id"] == entry_id))


def test_user_entries_add_and_override(tmp_path: Path, catalog: Catalog) -> None:
    shipped_gpus = len(catalog.gpus)
    user = tmp_path / "user"
    faster = _raw("gpus.json", "h100-sxm") | {"memory_bandwidth_tbps": 3.9, "notes": "tuned"}
    mine = _raw("gpus.json", "l40s") | {"id": "my-l40s-lab", "server_ids": []}
    _write(user, "gpus.json", [faster, mine])
    model = _raw("models.json", "llama-3.1-8b") | {"id": "my-llama-ft", "name": "Our fine-tune"}
    _write(user, "models.json", [model])

    merged = load_catalog(user_folder=user)

    assert merged.gpu("h100-sxm").memory_bandwidth_tbps == 3.9
    assert merged.gpu("h100-sxm").origin == "user"
    assert merged.gpu("my-l40s-lab").origin == "user"
    assert merged.gpu("h200-sxm").origin == "shipped"
    assert merged.model("my-llama-ft").name == "Our fine-tune"
    assert len(merged.gpus) == shipped_gpus + 1
    assert len(merged.engines) == 5  # files the user folder lacks stay as shipped


def test_empty_or_missing_user_folder_is_fine(tmp_path: Path, catalog: Catalog) -> None:
    assert len(load_catalog(user_folder=tmp_path / "absent").gpus) == len(catalog.gpus)


def test_user_hosted_api_prices(tmp_path: Path) -> None:
    api = {
        "id": "our-internal-api",
        "name": "Internal gateway",
        "provider": "IT",
        "comparable_model_id": "llama-3.1-70b",
        "input_usd_per_mtok": 0.5,
        "output_usd_per_mtok": 0.5,
        "as_of": "2025-10-01",
        "sources": ["internal price list"],
    }
    _write(tmp_path, "prices.json", [api])
    catalog = load_catalog(user_folder=tmp_path)
    assert catalog.hosted_api("our-internal-api").origin == "user"
    shipped = load_catalog(user_folder=tmp_path / "none").catalog_as_of()
    assert catalog.catalog_as_of() == max(shipped, date(2025, 10, 1))


def test_user_error_names_the_user_file(tmp_path: Path) -> None:
    bad = _raw("servers.json", "dgx-h100") | {"id": "rack-a", "gpu_id": "h100-sxn"}
    _write(tmp_path, "servers.json", [bad])
    with pytest.raises(CatalogError) as info:
        load_catalog(user_folder=tmp_path)
    message = str(info.value)
    assert str(tmp_path / "servers.json") in message
    assert 'id "rack-a"' in message and 'unknown GPU id "h100-sxn"' in message


def test_unknown_id_suggests_close_ones(catalog: Catalog) -> None:
    with pytest.raises(UnknownIdError) as info:
        catalog.gpu("h100")
    assert "h100-sxm" in str(info.value) and "did you mean" in str(info.value)
    assert isinstance(info.value, CatalogError) and not isinstance(info.value, KeyError)
    with pytest.raises(UnknownIdError, match=r'unknown model id "llama-3\.1-7b".*llama-3\.1-8b'):
        catalog.model("llama-3.1-7b")
    with pytest.raises(UnknownIdError, match="vllm"):
        catalog.engine("vLLM")
    with pytest.raises(UnknownIdError, match="known ids"):
        catalog.precision("zzzzzz")
    with pytest.raises(UnknownIdError, match="dgx-h100"):
        catalog.server("dgx-h10")
