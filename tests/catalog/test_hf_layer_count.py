"""A config's layer count is checked before any reader lists its layers.

Each family reader builds a list with one entry a layer (which are MoE, which attend in full,
which carry an indexer). A config saying ``num_hidden_layers: 1e30`` as a whole number made
MiniMax's reader fill the memory until the system killed Aisle (import-model, or the window's
Import Model Config…), and 10,000,000 layers took seconds before the catalog's range refused
them in its own words. Each reader family is tried here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, import_hf_config
from aisle_desktop.catalog.ranges import MAX_LAYERS

FIXTURES = Path(__file__).parent / "fixtures"
# One fixture for each reader: all-attention, MLA, GQA MoE, hybrid linear attention,
# Nemotron's per-layer blocks, sliding windows of their own shape, a nested text_config.
# (Nemotron-H's layers are its pattern's characters: a count that differs is refused as such.)
FAMILIES = [
    "llama-3.1-8b",
    "deepseek-v3.2",
    "minimax-m2.5",
    "qwen3-next-80b-a3b",
    "llama-3.3-nemotron-super-49b",
    "mimo-v2-flash",
    "qwen3.5-397b-a17b",
    "gpt-oss-20b",
]


def _with_layers(fixture: str, layers: int, tmp_path: Path) -> Path:
    config: dict[str, Any] = json.loads(
        (FIXTURES / fixture / "config.json").read_text(encoding="utf-8")
    )
    nested = config.get("text_config")
    keys = nested if isinstance(nested, dict) and "num_hidden_layers" in nested else config
    keys["num_hidden_layers"] = layers
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


@pytest.mark.parametrize("fixture", FAMILIES)
@pytest.mark.parametrize("layers", [MAX_LAYERS + 1, 10**30])
def test_a_layer_count_past_the_most_is_refused_by_its_key(
    fixture: str, layers: int, tmp_path: Path
) -> None:
    with pytest.raises(CatalogError) as refused:
        import_hf_config(_with_layers(fixture, layers, tmp_path), "too-deep")
    assert f"key num_hidden_layers: must be at most {MAX_LAYERS:,}" in str(refused.value)


@pytest.mark.parametrize("fixture", FAMILIES)
def test_the_most_layers_a_catalog_takes_still_import(fixture: str, tmp_path: Path) -> None:
    """The limit is the catalog's own: a count it takes is read as before (or refused for
    another reason than its size, as a hybrid's pattern that does not repeat evenly)."""
    try:
        model = import_hf_config(_with_layers(fixture, 96, tmp_path), "deep")
    except CatalogError as exc:
        assert "must be at most" not in str(exc)
    else:
        assert model.num_layers == 96
