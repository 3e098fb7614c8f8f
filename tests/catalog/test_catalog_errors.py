"""Broken catalog files fail with one readable message naming file, entry and field."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, load_catalog

JsonEdit = Callable[[Path, str, Callable[[Any], None]], None]


def entry(data: dict[str, Any], entry_id: str) -> dict[str, Any]:
    """The raw entry with this id inside an ``{"entries": [...]}`` document, for mutation."""
    found: dict[str, Any] = next(item for item in data["entries"] if item["id"] == entry_id)
    return found


def _error(folder: Path) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    message = str(info.value)
    # Never a raw pydantic dump or a traceback.
    assert "validation error for" not in message
    assert "Traceback" not in message
    assert "https://errors.pydantic.dev" not in message
    return message


def test_negative_bandwidth(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "h100-sxm")["memory_bandwidth_tbps"] = -3.35

    edit_json(catalog_copy, "gpus.json", change)
    message = _error(catalog_copy)
    assert message.startswith('catalog/gpus.json: entry 4 (id "h100-sxm"): ')
    assert "field memory_bandwidth_tbps: must be at least 0.05, got -3.35" in message


@pytest.mark.parametrize(
    ("value", "got"),
    [
        (None, "input should be a valid number, got null"),
        (True, "input should be a valid number, got true"),
        ("80", 'input should be a valid number, got "80"'),
        (1e308, "must be at most 10,000, got 1e+308"),  # its limit grouped, as a plan's
    ],
)
def test_a_value_of_the_wrong_kind_is_quoted_as_the_file_writes_it(
    catalog_copy: Path, edit_json: JsonEdit, value: object, got: str
) -> None:
    """Hostile walk: "got None", "got True" and "got '80'", as Python writes them."""

    def change(data: Any) -> None:
        entry(data, "h100-sxm")["memory_gb"] = value

    edit_json(catalog_copy, "gpus.json", change)
    assert f"field memory_gb: {got}" in _error(catalog_copy)


def test_nested_field_is_named_with_its_path(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "l40s")["interconnect"]["allreduce_bus_bandwidth_gbps"] = 0

    edit_json(catalog_copy, "gpus.json", change)
    message = _error(catalog_copy)
    assert 'id "l40s"' in message
    assert "field interconnect.allreduce_bus_bandwidth_gbps" in message


def test_misspelt_field(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "vllm")["memory_fractoin"] = 0.9

    edit_json(catalog_copy, "engines.json", change)
    message = _error(catalog_copy)
    assert "engines.json" in message and 'id "vllm"' in message
    assert "field memory_fractoin: is not a known field" in message


def test_missing_field(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        del entry(data, "dgx-h100")["rack_units"]

    edit_json(catalog_copy, "servers.json", change)
    message = _error(catalog_copy)
    assert "servers.json: entry" in message and 'id "dgx-h100"' in message
    assert "field rack_units: is required but missing" in message


def test_not_json(catalog_copy: Path) -> None:
    (catalog_copy / "models.json").write_text('{"entries": [ {"id": "x",, } ]}', encoding="utf-8")
    message = _error(catalog_copy)
    assert message.startswith("catalog/models.json: not valid JSON")
    assert "line 1" in message


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("  \n", "the file is empty; it should hold a JSON object"),
        (
            '{"entries": []}\n}',
            "not valid JSON at line 2 column 1: more follows the file's closing",
        ),
        (
            '{"entries": [{"id": "x" "name": "y"}]}',
            "not valid JSON at line 1 column 25: a comma is",
        ),
    ],
)
def test_a_catalog_file_that_is_not_json_says_so_in_words(
    catalog_copy: Path, text: str, says: str
) -> None:
    """The walk: Python's own words ("Expecting value", "Extra data") named what was wrong
    with a catalog file a planner edits by hand."""
    (catalog_copy / "models.json").write_text(text, encoding="utf-8")
    assert _error(catalog_copy).startswith(f"catalog/models.json: {says}")


def test_a_byte_order_mark_is_skipped_as_in_a_plan(catalog_copy: Path) -> None:
    """The walk: a catalog file saved by Notepad (UTF-8 with a byte-order mark) was refused,
    "Unexpected UTF-8 BOM (decode using utf-8-sig)"."""
    path = catalog_copy / "models.json"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_catalog(catalog_copy).models == load_catalog().models


def test_a_catalog_file_that_is_not_text_is_said_as_a_plan_file_is(catalog_copy: Path) -> None:
    """A binary gpus.json said "not UTF-8 text (byte 0)", which read as the byte's value; a
    plan says which byte and where."""
    (catalog_copy / "gpus.json").write_bytes(b'{"entries": [\xfc]}')
    assert _error(catalog_copy) == (
        "catalog/gpus.json: not a text file: byte 0xfc at offset 13 is not UTF-8 text"
    )


def test_missing_file(catalog_copy: Path) -> None:
    (catalog_copy / "precisions.json").unlink()
    message = _error(catalog_copy)
    assert "precisions.json" in message and "file not found" in message


def test_missing_folder(tmp_path: Path) -> None:
    assert "catalog folder not found" in _error(tmp_path / "nowhere")


def test_a_file_given_as_the_catalog_folder_is_named_a_file(tmp_path: Path) -> None:
    """`--catalog /etc/passwd` said the folder was not found, though the planner can see it."""
    given = tmp_path / "gpus.json"
    given.write_text("{}", encoding="utf-8")
    assert _error(given) == (
        f"not a catalog folder: {given} is a file (give the folder that holds "
        "models.json, gpus.json and the others)"
    )


@pytest.mark.parametrize(
    ("text", "kind"), [("[]", "a list"), ("null", "null"), ("5", "a number"), ('"x"', "a string")]
)
def test_wrong_top_level_shape(catalog_copy: Path, text: str, kind: str) -> None:
    """Hostile walk: null was "got NoneType", as Python names it."""
    (catalog_copy / "engines.json").write_text(text, encoding="utf-8")
    message = _error(catalog_copy)
    assert message.endswith(
        f'engines.json: must be a JSON object with an "entries" list, got {kind}'
    )


@pytest.mark.parametrize(("entries", "shown"), [(5, "5"), ({"h100": {}}, '{"h100": {}}')])
def test_entries_that_are_not_a_list_are_named_as_such(
    catalog_copy: Path, entries: object, shown: str
) -> None:
    """The walk: {"entries": 5} was refused as 'must be a JSON object with an "entries" list,
    got dict with keys ['entries']', which is what the file was."""
    (catalog_copy / "engines.json").write_text(json.dumps({"entries": entries}), encoding="utf-8")
    message = _error(catalog_copy)
    assert message.endswith(f'engines.json: "entries" must be a list [...], got {shown}')


def test_a_file_saved_as_utf16_is_named_so(catalog_copy: Path) -> None:
    """Hostile walk: "byte 0xff at offset 0 is not UTF-8 text" of Notepad's "Unicode"."""
    engines = catalog_copy / "engines.json"
    engines.write_bytes(engines.read_text(encoding="utf-8").encode("utf-16"))
    assert _error(catalog_copy).endswith(
        'engines.json: UTF-16 text (as Windows saves "Unicode"), not UTF-8'
    )


def test_entry_not_an_object(catalog_copy: Path, edit_json: JsonEdit) -> None:
    shipped = json.loads((catalog_copy / "gpus.json").read_text(encoding="utf-8"))["entries"]
    edit_json(catalog_copy, "gpus.json", lambda data: data["entries"].append("h100"))
    # The entry after the shipped ones, counted from 1 as a person (and a plan's errors) does.
    last = len(shipped) + 1
    assert f"entry {last}: must be a JSON object, got a string" in _error(catalog_copy)


def test_duplicate_id(catalog_copy: Path, edit_json: JsonEdit) -> None:
    edit_json(catalog_copy, "engines.json", lambda data: data["entries"].append(data["entries"][1]))
    message = _error(catalog_copy)
    expected = 'engines.json: entry 6 (id "vllm"): duplicate id "vllm" (first used by entry 2)'
    assert expected in message


def test_unknown_server_id(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "h200-sxm")["server_ids"] = ["dgx-h200", "dgx-h900"]

    edit_json(catalog_copy, "gpus.json", change)
    message = _error(catalog_copy)
    assert 'gpus.json: entry 7 (id "h200-sxm"): field server_ids: ' in message
    assert 'unknown server id "dgx-h900"' in message


def test_server_listed_under_the_wrong_gpu(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "h200-sxm")["server_ids"] = ["dgx-h100"]

    edit_json(catalog_copy, "gpus.json", change)
    assert 'server "dgx-h100" holds GPU "h100-sxm"' in _error(catalog_copy)


def test_unknown_gpu_id(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "dgx-b200")["gpu_id"] = "b2000"

    edit_json(catalog_copy, "servers.json", change)
    message = _error(catalog_copy)
    assert "servers.json" in message and 'id "dgx-b200"' in message
    assert 'field gpu_id: unknown GPU id "b2000"' in message


def test_unknown_precision_in_engine(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "sglang")["default_kv_precision_by_weight"]["fp8"] = "fp6"

    edit_json(catalog_copy, "engines.json", change)
    message = _error(catalog_copy)
    assert 'field default_kv_precision_by_weight: unknown precision id "fp6"' in message


@pytest.mark.parametrize(
    ("model_id", "field", "value", "expected"),
    [
        ("llama-3.1-70b", "num_key_value_heads", 6, "must divide num_attention_heads (64)"),
        ("mixtral-8x7b", "active_params_b", 99.0, "must not exceed total_params_b"),
        ("qwen3-8b", "id", "Qwen3-8B", "must be a lower-case slug"),
        ("qwen3-8b", "as_of", "01/09/2025", 'must be an ISO date string "YYYY-MM-DD"'),
        ("qwen3-8b", "sources", [], "must list at least one non-empty public source"),
        ("qwen3-8b", "kind", "chat", "input should be 'llm' or 'embedding'"),
    ],
)
def test_model_rules(
    catalog_copy: Path, edit_json: JsonEdit, model_id: str, field: str, value: Any, expected: str
) -> None:
    def change(data: Any) -> None:
        entry(data, model_id)[field] = value

    edit_json(catalog_copy, "models.json", change)
    message = _error(catalog_copy)
    assert "models.json" in message and f"field {field}" in message
    assert expected in message


def test_mla_needs_its_latent_sizes(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "deepseek-r1")["attention"]["kv_lora_rank"] = None

    edit_json(catalog_copy, "models.json", change)
    message = _error(catalog_copy)
    assert 'id "deepseek-r1"' in message
    assert 'field attention.kv_lora_rank: is required when kind is "mla"' in message


def test_origin_is_not_written_by_hand(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        entry(data, "l4")["origin"] = "user"

    edit_json(catalog_copy, "gpus.json", change)
    assert 'id "l4"): field origin: is set by the loader' in _error(catalog_copy)


def test_bad_prices_field(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        data["electricity_usd_per_kwh"] = 0

    edit_json(catalog_copy, "prices.json", change)
    message = _error(catalog_copy)
    assert "catalog/prices.json: field electricity_usd_per_kwh: must be at least 0.001" in message


def test_bad_hosted_api(catalog_copy: Path, edit_json: JsonEdit) -> None:
    def change(data: Any) -> None:
        data["hosted_apis"][0]["comparable_model_id"] = "llama-9"

    edit_json(catalog_copy, "prices.json", change)
    message = _error(catalog_copy)
    assert "prices.json hosted_apis: entry 1" in message
    assert 'field comparable_model_id: unknown model id "llama-9"' in message


def test_a_catalog_file_that_is_a_loop_of_links_is_named_so(catalog_copy: Path) -> None:
    path = catalog_copy / "gpus.json"
    path.unlink()
    path.symlink_to(path)
    assert _error(catalog_copy) == "catalog/gpus.json: is a loop of symbolic links, not a file"


def test_a_name_of_half_a_character(catalog_copy: Path) -> None:
    """A lone UTF-16 surrogate escape: pydantic said "unable to parse raw data as a unicode
    string"."""
    path = catalog_copy / "gpus.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"name": "', '"name": "\\udfff', 1))
    message = _error(catalog_copy)
    assert "field name: must be text of whole characters (a lone \\uD800-\\uDFFF escape" in message
