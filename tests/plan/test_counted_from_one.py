"""One rule for places in a file, a person's: the first entry is entry 1, the first item of a
list item 1, in a catalog file's problems as in a plan file's (the catalog's said "entry 0"
and "sources.0" where a plan's said "scenario 1" and "gpus entry 1")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aisle_desktop.catalog import CatalogError, load_catalog, shipped_catalog_dir
from aisle_desktop.counted_places import counted, field_path
from aisle_desktop.plan import PlanFileError, load_plan


def test_places_are_counted_from_one() -> None:
    assert counted(0) == 1
    assert field_path(("interconnect", "kind")) == "interconnect.kind"
    assert field_path(("sources", 0)) == "sources item 1"
    assert field_path(("releases", 1, "settings", "max_num_seqs")) == (
        "releases item 2, settings.max_num_seqs"
    )


def test_a_catalog_file_and_a_plan_file_count_the_same_entry_alike(
    tmp_path: Path, plan_file: Path
) -> None:
    """The first GPU's second server id a number, in the shipped gpus.json and in a plan's
    own catalog: both say entry 1, item 2."""
    folder = tmp_path / "catalog"
    shutil.copytree(shipped_catalog_dir(), folder)
    gpus = json.loads((folder / "gpus.json").read_text(encoding="utf-8"))
    gpus["entries"][0]["server_ids"].append(7)
    (folder / "gpus.json").write_text(json.dumps(gpus), encoding="utf-8")
    with pytest.raises(CatalogError) as catalog_problem:
        load_catalog(folder)
    assert str(catalog_problem.value).startswith(
        'catalog/gpus.json: entry 1 (id "a100-40gb-sxm"): field server_ids item 2: '
    )

    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    plan["catalog"]["gpus"][0]["server_ids"] = ["lab-server", 7]
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    with pytest.raises(PlanFileError) as plan_problem:
        load_plan(plan_file)
    assert 'gpus entry 1 ("lab-l40s"), server_ids item 2: ' in str(plan_problem.value)
