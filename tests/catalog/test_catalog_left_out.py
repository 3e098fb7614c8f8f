"""The window's catalog: a bad entry of the user's own is left out and described, not fatal.

Worked example (QA, 4 December): a user models.json with one entry, "my-70b", lacking
num_layers. The command line refuses it (exit 2, one line); the window's catalog is the
shipped one plus every valid user entry, and says which entry was left out and why.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, CatalogError, load_catalog


def _write(folder: Path, name: str, entries: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return path


def _raw(name: str, entry_id: str) -> dict[str, Any]:
    from aisle_desktop.catalog import shipped_catalog_dir

    data = json.loads((shipped_catalog_dir() / name).read_text(encoding="utf-8"))
    return dict(next(e for e in data["entries"] if e["id"] == entry_id))


def _model(entry_id: str, **changes: Any) -> dict[str, Any]:
    return _raw("models.json", "llama-3.1-70b") | {"id": entry_id, "name": entry_id} | changes


def test_a_model_without_num_layers_is_left_out_and_the_rest_loads(
    tmp_path: Path, catalog: Catalog
) -> None:
    user = tmp_path / "user"
    broken = _model("my-70b")
    del broken["num_layers"]
    path = _write(user, "models.json", [broken, _model("my-70b-ft")])
    before = path.read_bytes()

    with pytest.raises(CatalogError) as refused:  # the command line's catalog: refused
        load_catalog(user_folder=user)
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)

    assert str(refused.value) == (
        f'{path}: entry 1 (id "my-70b"): field num_layers: is required but missing'
    )
    assert left_out == [f"{refused.value}; this entry was left out"]
    assert "my-70b" not in merged.models
    assert merged.model("my-70b-ft").origin == "user"
    assert set(merged.models) == set(catalog.models) | {"my-70b-ft"}
    assert merged.gpus == catalog.gpus
    assert path.read_bytes() == before


def test_a_file_that_is_not_json_is_left_out_whole(tmp_path: Path, catalog: Catalog) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "gpus.json").write_text("{not json", encoding="utf-8")
    _write(user, "models.json", [_model("mine")])
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    assert len(left_out) == 1
    assert left_out[0].startswith(f"{user / 'gpus.json'}: not valid JSON at line 1 column 2: ")
    assert left_out[0].endswith("; the whole file was left out")
    assert "mine" in merged.models and merged.gpus.keys() == catalog.gpus.keys()


def test_an_entry_naming_a_left_out_entry_goes_too(tmp_path: Path, catalog: Catalog) -> None:
    """A server for the user's own GPU, whose entry was refused, cannot be kept either."""
    user = tmp_path / "user"
    gpu = _raw("gpus.json", "l40s") | {"id": "lab-gpu", "server_ids": ["lab-server"]}
    del gpu["memory_gb"]
    server = _raw("servers.json", "dgx-h100") | {"id": "lab-server", "gpu_id": "lab-gpu"}
    twice = _model("twice")
    _write(user, "gpus.json", [gpu])
    servers = _write(user, "servers.json", [server])
    _write(user, "models.json", [twice, twice])
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    assert "lab-gpu" not in merged.gpus and "lab-server" not in merged.servers
    assert merged.servers.keys() == catalog.servers.keys()
    assert left_out[1:] == [
        f'{user / "models.json"}: entry 2 (id "twice"): duplicate id "twice" (first used by '
        "entry 1); this entry was left out",
        f'{servers}: entry 1 (id "lab-server"): field gpu_id: unknown GPU id "lab-gpu": known ids: '
        + ", ".join(sorted(catalog.gpus))
        + "; this entry was left out",
    ]
    assert left_out[0].startswith(f'{user / "gpus.json"}: entry 1 (id "lab-gpu"): ')
    assert "twice" in merged.models


def test_a_replacement_that_breaks_a_shipped_entry_leaves_out_all_of_the_users(
    tmp_path: Path, catalog: Catalog
) -> None:
    """A user's dgx-h100 holding other GPUs breaks the shipped H100's server list: which of
    the user's entries is to blame cannot be told, so none is used and the list says so."""
    user = tmp_path / "user"
    _write(user, "servers.json", [_raw("servers.json", "dgx-h100") | {"gpu_id": "h200-sxm"}])
    _write(user, "models.json", [_model("mine")])
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    assert len(left_out) == 1 and left_out[0].endswith("; your own entries were all left out")
    assert "server" in left_out[0] and "dgx-h100" in left_out[0]
    assert "mine" not in merged.models
    assert merged.server("dgx-h100").gpu_id == "h100-sxm"


def test_a_file_in_place_of_the_users_folder_is_named(tmp_path: Path, catalog: Catalog) -> None:
    """It was taken for an empty catalog: the planner never learnt why their entries were
    missing."""
    user = tmp_path / "catalog"
    user.write_text("{}", encoding="utf-8")
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    assert left_out == [
        f"{user}: is not a folder (your own catalog files go in a folder there); "
        "your own entries were all left out"
    ]
    assert merged.models.keys() == catalog.models.keys()
    with pytest.raises(CatalogError, match="is not a folder"):
        load_catalog(user_folder=user)


def test_a_broken_link_and_a_loop_of_links_are_named_not_skipped(tmp_path: Path) -> None:
    """Both were taken for no file at all (`Path.exists` is False for them)."""
    user = tmp_path / "user"
    user.mkdir()
    (user / "models.json").symlink_to("nowhere.json")
    (user / "gpus.json").symlink_to("gpus.json")
    left_out: list[str] = []
    load_catalog(user_folder=user, left_out=left_out)
    assert left_out == [
        f"{user / 'gpus.json'}: is a loop of symbolic links, not a file; "
        "the whole file was left out",
        f"{user / 'models.json'}: links to nowhere.json, which does not exist; "
        "the whole file was left out",
    ]


def test_a_copy_of_the_shipped_prices_file_says_what_a_users_holds(
    tmp_path: Path, catalog: Catalog
) -> None:
    """The walk: a planner copied prices.json to set their own electricity price, and was
    told only the file's shape, with its fifteen keys."""
    from aisle_desktop.catalog import shipped_catalog_dir

    user = tmp_path / "user"
    user.mkdir()
    (user / "prices.json").write_bytes((shipped_catalog_dir() / "prices.json").read_bytes())
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    (problem,) = left_out
    assert problem.startswith(
        f'{user / "prices.json"}: must be a JSON object with an "entries" list, got an object'
    )
    assert problem.endswith(
        ' (your own prices.json holds hosted API prices only, as {"entries": [...]}; '
        "electricity, colocation and server prices and PUE are each plan's own, under Costs); "
        "the whole file was left out"
    )
    assert merged.prices == catalog.prices


@pytest.mark.parametrize(
    ("name", "meant"),
    [("GPUs.json", "; did you mean gpus.json?"), ("gpu.json", "; did you mean gpus.json?"),
     ("my-hardware.json", "")],
)  # fmt: skip
def test_a_json_file_the_catalog_does_not_read_is_named(
    tmp_path: Path, catalog: Catalog, name: str, meant: str
) -> None:
    """Its entries were missing and nothing said why: only the names the loader knows were
    looked at. A save's hidden temporary copy and a backup are no catalog files."""
    user = tmp_path / "user"
    _write(user, name, [_raw("gpus.json", "h100-sxm") | {"id": "my-gpu"}])
    (user / ".models.json.0a1b2c3d.tmp").write_text("{", encoding="utf-8")
    (user / "models.json.bak").write_text("{", encoding="utf-8")
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    assert left_out == [
        f"{user / name}: is not a file the catalog reads (your own entries go in gpus.json, "
        "servers.json, models.json, engines.json, precisions.json, parts.json, prices.json)"
        f"{meant}; the whole file was left out"
    ]
    assert merged.gpus.keys() == catalog.gpus.keys()
    with pytest.raises(CatalogError, match="is not a file the catalog reads"):
        load_catalog(user_folder=user)


def _text_of(entries: list[dict[str, Any]]) -> str:
    return json.dumps({"entries": entries})


@pytest.mark.parametrize(
    ("kind", "write", "said"),
    [
        (
            "utf16",
            lambda p: p.write_bytes(_text_of([_model("mine")]).encode("utf-16")),
            'UTF-16 text (as Windows saves "Unicode"), not UTF-8',
        ),
        (
            "duplicate",
            lambda p: p.write_text(_text_of([_model("mine")])[:-1] + ', "entries": []}'),
            'refused: key "entries" appears twice in one object',
        ),
        ("empty", lambda p: p.write_text(""), "the file is empty; it should hold a JSON object"),
        ("folder", lambda p: p.mkdir(), "is a folder, not a regular file"),
        ("truncated", lambda p: p.write_text(_text_of([_model("mine")])[:300]), "not valid JSON"),
    ],
)
def test_a_hostile_models_file_of_ones_own_is_left_out_whole_by_name(
    tmp_path: Path, catalog: Catalog, kind: str, write: Any, said: str
) -> None:
    """Hostile walk (hostile34): the user's models.json as a Windows editor, a merge or a
    script leaves it: the shipped catalog loads whole, and the file is named with what is
    wrong, once; nothing is written."""
    user = tmp_path / "user"
    user.mkdir()
    path = user / "models.json"
    write(path)
    left_out: list[str] = []
    merged = load_catalog(user_folder=user, left_out=left_out)
    (line,) = left_out
    assert line.startswith(f"{path}: ") and said in line
    assert line.endswith("; the whole file was left out")
    assert merged.models.keys() == catalog.models.keys()
    assert sorted(p.name for p in user.iterdir()) == ["models.json"]


def test_a_models_file_of_ones_own_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    (user / "models.json").write_bytes(b"\xef\xbb\xbf" + _text_of([_model("mine")]).encode())
    left_out: list[str] = []
    assert load_catalog(user_folder=user, left_out=left_out).model("mine").origin == "user"
    assert left_out == []
