"""Hostile catalog files: refused in one line, never a traceback, a hang or unbounded memory;
numbers have strict types and physical ranges, which still hold 2026's real datasheets."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, load_catalog

JsonEdit = Callable[[Path, str, Callable[[Any], None]], None]


def _gpu(data: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(e for e in data["entries"] if e["id"] == "h100-sxm")
    return found


def _refused(folder: Path, *says: str) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    message = str(info.value)
    assert "Traceback" not in message and "validation error for" not in message
    assert len(message) < 400, message  # a short excerpt of a bad value, never all of it
    for part in says:
        assert part in message, message
    return message


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ('"80"', "valid number"),
        ("true", "valid number"),
        ("Infinity", "Infinity is not a number"),
        ("NaN", "NaN is not a number"),
        ("1e400", "too large a number"),
        ("1e308", "at most 10,000"),
        ("1e-300", "at least 1"),
        ("0", "at least 1"),
    ],
)
def test_bad_numbers_are_refused(catalog_copy: Path, raw: str, says: str) -> None:
    path = catalog_copy / "gpus.json"
    text = path.read_text(encoding="utf-8")
    marker = '"memory_gb": 80'
    assert marker in text
    path.write_text(text.replace(marker, f'"memory_gb": {raw}', 1), encoding="utf-8")
    _refused(catalog_copy, "catalog/gpus.json", says)


def test_an_integer_of_5000_digits_is_refused(catalog_copy: Path) -> None:
    path = catalog_copy / "gpus.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"memory_gb": 80', '"memory_gb": ' + "9" * 5000, 1))
    _refused(catalog_copy, "catalog/gpus.json", "digits")


@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_nesting_is_refused_before_parsing(catalog_copy: Path, depth: int) -> None:
    (catalog_copy / "gpus.json").write_text('{"entries": ' + "[" * depth + "]" * depth + "}")
    _refused(catalog_copy, "catalog/gpus.json", "nested more than 64 levels")


def test_a_fifo_is_refused_without_opening_it(catalog_copy: Path) -> None:
    path = catalog_copy / "gpus.json"
    path.unlink()
    os.mkfifo(path)
    _refused(catalog_copy, "catalog/gpus.json", "pipe")


def test_a_link_to_a_device_is_refused_without_reading(catalog_copy: Path) -> None:
    path = catalog_copy / "gpus.json"
    path.unlink()
    path.symlink_to("/dev/zero")
    _refused(catalog_copy, "catalog/gpus.json", "device")


def test_current_datasheets_fit_the_ranges(catalog_copy: Path, edit_json: JsonEdit) -> None:
    """A 2026 rack-scale GPU and a trillion-parameter, million-token model are accepted."""

    def big_gpu(data: Any) -> None:
        gpu = _gpu(data)
        gpu.update(memory_gb=288, usable_memory_gib=268, memory_bandwidth_tbps=8.0)
        gpu.update(bf16_tflops=2_500, fp8_tflops=5_000, fp4_tflops=20_000, tdp_w=1_400)
        gpu["interconnect"]["scale_up_domain_gpus"] = 72

    def rack_server(data: Any) -> None:
        server = next(e for e in data["entries"] if e["id"] == "dgx-h100")
        server.update(gpus_per_server=72, rack_units=48, nameplate_power_w=132_000)
        server.update(typical_power_w=120_000, price_usd=3_900_000)

    def huge_model(data: Any) -> None:
        model = next(e for e in data["entries"] if e["id"] == "deepseek-v3")
        model.update(total_params_b=1_040, max_context_tokens=1_048_576)

    edit_json(catalog_copy, "gpus.json", big_gpu)
    edit_json(catalog_copy, "servers.json", rack_server)
    edit_json(catalog_copy, "models.json", huge_model)
    catalog = load_catalog(catalog_copy)
    assert catalog.gpus["h100-sxm"].fp4_tflops == 20_000
    assert catalog.servers["dgx-h100"].nameplate_power_w == 132_000
    assert catalog.models["deepseek-v3"].max_context_tokens == 1_048_576


@pytest.mark.parametrize(
    ("field", "chars", "says"),
    [
        ("name", 1_000_000, "field name: must be at most 200 characters long, has 1,000,000"),
        ("name", 201, "field name: must be at most 200 characters long, has 201"),
        ("id", 1_000_000, "field id: must be at most 100 characters long, has 1,000,000"),
        ("notes", 1_000_000, "field notes: string should have at most 10000 characters"),
    ],
)
def test_a_text_too_long_to_read_is_refused(
    catalog_copy: Path, edit_json: JsonEdit, field: str, chars: int, says: str
) -> None:
    """The walk: a GPU named with a million characters was taken; the window took 43 s to open
    and ran the plan line over with it, and `catalog list gpus` printed 31 MB."""

    def long_text(data: Any) -> None:
        _gpu(data)[field] = "g" * chars

    edit_json(catalog_copy, "gpus.json", long_text)
    _refused(catalog_copy, "catalog/gpus.json", says)


def test_the_longest_texts_a_catalog_takes_are_taken(
    catalog_copy: Path, edit_json: JsonEdit
) -> None:
    def longest(data: Any) -> None:
        _gpu(data).update(name="n" * 200, notes="n" * 10_000)

    edit_json(catalog_copy, "gpus.json", longest)
    assert load_catalog(catalog_copy).gpu("h100-sxm").name == "n" * 200
