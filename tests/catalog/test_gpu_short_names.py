"""Each shipped GPU's short name: the product and its memory as sold, as the whole name
and `memory_gb` say them; what the GPU box shows where the whole name does not fit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, CatalogError, load_catalog
from tests.catalog.conftest import JsonEdit

MAKERS = {"nvidia": "NVIDIA", "amd": "AMD", "intel": "Intel"}


def test_every_shipped_gpu_has_a_short_name_true_to_its_whole_name(catalog: Catalog) -> None:
    """Its maker first, its memory as sold last, every other word one of the whole name's
    ("NVIDIA B200 180GB" of "NVIDIA B200 (HGX/DGX B200, 180GB)"), and no two alike."""
    shorts = []
    for gpu in catalog.gpus.values():
        short = gpu.short_name
        assert short is not None, gpu.id
        maker, *product, memory = short.split(" ")
        assert maker == MAKERS[gpu.vendor], short
        assert memory == f"{gpu.memory_gb:g}GB", short
        words = gpu.name.replace("(", " ").replace(",", " ").split()
        assert product and all(word in words for word in product), (short, gpu.name)
        shorts.append(short)
    assert len(set(shorts)) == len(shorts)
    assert catalog.gpu("b200").shown_name == "NVIDIA B200 180GB"
    assert catalog.gpu("gh200").shown_name == "NVIDIA GH200 96GB"


def _gpu_with(short_name: Any) -> Any:
    def change(data: Any) -> None:
        data["entries"][0]["short_name"] = short_name

    return change


def test_a_users_gpu_without_a_short_name_shows_its_name(
    catalog_copy: Path, edit_json: JsonEdit
) -> None:
    def without(data: Any) -> None:
        del data["entries"][0]["short_name"]

    edit_json(catalog_copy, "gpus.json", without)
    gpu = load_catalog(catalog_copy).gpu("a100-40gb-sxm")
    assert gpu.short_name is None and gpu.shown_name == "NVIDIA A100 SXM4 40GB"


@pytest.mark.parametrize(
    ("short_name", "says"),
    [("", "at least 1 character"), ("x" * 27, "at most 26 characters")],
)
def test_a_short_name_empty_or_too_long_is_refused(
    catalog_copy: Path, edit_json: JsonEdit, short_name: str, says: str
) -> None:
    edit_json(catalog_copy, "gpus.json", _gpu_with(short_name))
    with pytest.raises(CatalogError) as refused:
        load_catalog(catalog_copy)
    assert "field short_name:" in str(refused.value) and says in str(refused.value)
