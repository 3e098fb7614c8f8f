"""The id a config's model is offered under, and what an id already names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import namesake, suggested_id


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return load_catalog()


def test_a_downloads_folder_names_its_config(tmp_path: Path) -> None:
    folder = tmp_path / "Meta-Llama-3.1-8B-Instruct"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "llama"}', encoding="utf-8")
    assert suggested_id(folder / "config.json") == "meta-llama-3.1-8b-instruct"


def test_the_configs_own_name_comes_first(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"_name_or_path": "Qwen/Qwen3 8B (ours)/"}), encoding="utf-8")
    assert suggested_id(path) == "qwen3-8b-ours"


def test_an_unreadable_file_is_named_by_its_file_name(tmp_path: Path) -> None:
    path = tmp_path / "_Big Model!.json"
    path.write_text("{not json", encoding="utf-8")
    assert suggested_id(path) == "big-model"


def test_an_id_taken_says_whose(shipped: Catalog) -> None:
    assert namesake(shipped, "llama-3.1-8b") == "the shipped model Llama 3.1 8B"
    assert namesake(shipped, "our-llama") is None


def test_an_id_of_a_broken_entry_of_ones_own_says_where_and_why(shipped: Catalog) -> None:
    """The catalog left the entry out, so it is no model of it; its id is still taken in the
    user's file, and an import under it replaces the entry."""
    problem = (
        '/home/p/.local/share/aisle-desktop/catalog/models.json: entry 2 (id "my-70b"): '
        "field num_layers: is required but missing; this entry was left out"
    )
    elsewhere = problem.replace("models.json", "gpus.json")
    assert namesake(shipped, "my-70b", [elsewhere, problem]) == (
        "a broken entry of your own catalog (/home/p/.local/share/aisle-desktop/catalog/"
        'models.json: entry 2 (id "my-70b"): field num_layers: is required but missing)'
    )
    assert namesake(shipped, "my-7", [problem]) is None
    assert namesake(shipped, "my-70b", [elsewhere]) is None


def test_a_config_saved_under_its_model_s_name_offers_that_name(tmp_path: Path) -> None:
    """The walk: "Qwen--Qwen3-0.6B_config.json" was offered as "qwen--qwen3-0.6b_config", the
    name the Model box then showed; the organisation before "--" and the "_config" go."""
    for file_name, offered in (
        ("Qwen--Qwen3-0.6B_config.json", "qwen3-0.6b"),
        ("nvidia--Llama-3_3-Nemotron-Super-49B-v1_config.json", "llama-3_3-nemotron-super-49b-v1"),
        ("our-llama-config.json", "our-llama"),
    ):
        path = tmp_path / file_name
        path.write_text('{"model_type": "llama"}', encoding="utf-8")
        assert suggested_id(path) == offered, file_name
