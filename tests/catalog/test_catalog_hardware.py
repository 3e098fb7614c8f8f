"""The accelerators and servers of late 2026: datasheet figures, rack-scale NVL72 trays,
Intel Arc's precisions and the all-in power per GPU that public cost models use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, CatalogError, load_catalog
from tests.catalog.conftest import JsonEdit


@pytest.mark.parametrize(
    ("gpu_id", "memory_gb", "bandwidth_tbps", "bf16", "fp8", "fp4", "int8", "tdp_w"),
    [
        # GB300 NVL72: 1,080 PF dense FP4, 360 PF sparse BF16, 24 POPS sparse INT8 for 72 GPUs.
        ("gb300", 288, 8.0, 2500, 5000, 15000, 166.7, 1400),
        # HGX B300: 108 PF dense FP4, 72 PF sparse FP8, 2 POPS sparse INT8 for 8 GPUs.
        ("b300", 288, 8.0, 2250, 4500, 13500, 125, 1100),
        # MI350X: 256 CUs at 2.2 GHz; MI355X's per-clock rates.
        ("mi350x", 288, 8.0, 2306.9, 4613.7, 9227.5, 4613.7, 1000),
        ("h20", 96, 4.0, 148, 296, None, 296, 400),
        ("h800", 80, 3.35, 989, 1979, None, 1979, 700),
        ("l20", 48, 0.864, 119.5, 239, None, 239, 275),
        ("arc-pro-b60", 24, 0.456, 98.3, None, None, 196.6, 200),
        ("rtx-pro-4500", 32, 0.8, 219.7, 439.5, 879, 439.5, 165),
        ("rtx-pro-6000", 96, 1.792, 503.8, 1007.6, 2015.2, 1007.6, 600),
    ],
)
def test_new_accelerators_carry_dense_datasheet_figures(
    catalog: Catalog,
    gpu_id: str,
    memory_gb: float,
    bandwidth_tbps: float,
    bf16: float,
    fp8: float | None,
    fp4: float | None,
    int8: float | None,
    tdp_w: float,
) -> None:
    gpu = catalog.gpu(gpu_id)
    assert (gpu.memory_gb, gpu.memory_bandwidth_tbps, gpu.tdp_w) == (
        memory_gb,
        pytest.approx(bandwidth_tbps),
        tdp_w,
    )
    assert gpu.bf16_tflops == pytest.approx(bf16)
    assert gpu.fp8_tflops == (None if fp8 is None else pytest.approx(fp8))
    assert gpu.fp4_tflops == (None if fp4 is None else pytest.approx(fp4))
    assert gpu.int8_tops == (None if int8 is None else pytest.approx(int8))
    assert gpu.usable_memory_gib < memory_gb
    notes = gpu.notes.lower()
    assert "dense" in notes and "sparsity" in notes, "the notes say which figure is which"


def test_b300_usable_memory_is_about_268_gib(catalog: Catalog) -> None:
    assert catalog.gpu("b300").usable_memory_gib == pytest.approx(268, abs=1)


def test_blackwell_ultra_int8_is_cut(catalog: Catalog) -> None:
    for gpu_id in ("b300", "gb300"):
        gpu = catalog.gpu(gpu_id)
        assert gpu.int8_tops is not None and gpu.int8_tops < gpu.bf16_tflops / 10


def test_nvl72_tray_spans_a_rack_scale_domain(catalog: Catalog) -> None:
    gb300 = catalog.gpu("gb300")
    assert gb300.interconnect.scale_up_domain_gpus == 72
    tray = catalog.server("gb300-nvl72-tray")
    assert tray.rack_scale is not None
    assert (tray.gpus_per_server, tray.rack_scale.servers_per_rack) == (4, 18)
    assert tray.gpus_per_rack_scale_domain == 72
    assert tray.rack_scale.servers_per_rack * tray.nameplate_power_w == pytest.approx(
        132_000, rel=0.01
    )


def test_pcie_cards_have_no_gpu_link(catalog: Catalog) -> None:
    for gpu_id in ("l20", "arc-pro-b60", "rtx-pro-4500"):
        link = catalog.gpu(gpu_id).interconnect
        assert (link.kind, link.scale_up_domain_gpus) == ("pcie", 1)
    assert catalog.gpu("h800").interconnect.link_bandwidth_gbps == 400


def test_every_new_gpu_has_a_priced_server(catalog: Catalog) -> None:
    expected = {
        "gb300": {"gb300-nvl72-tray"},
        "b300": {"dgx-b300", "hgx-b300-8gpu"},
        "mi350x": {"mi350x-8gpu-oam"},
        "h20": {"hgx-h20-8gpu"},
        "h800": {"hgx-h800-8gpu"},
        "l20": {"pcie-8x-l20"},
        "arc-pro-b60": {"pcie-8x-arc-pro-b60"},
        "rtx-pro-4500": {"pcie-8x-rtx-pro-4500"},
    }
    for gpu_id, servers in expected.items():
        assert set(catalog.gpu(gpu_id).server_ids) == servers
        for server_id in servers:
            server = catalog.server(server_id)
            assert server.price_usd and server.price_as_of and server.sources
            assert server.rack_units >= 1 and server.nameplate_power_w > server.typical_power_w


def test_arc_runs_16_bit_natively_and_the_rest_weight_only(catalog: Catalog) -> None:
    vllm = {row.weight_precision: row for row in catalog.engine("vllm").supported}
    assert "xe2" in vllm["bf16"].architectures
    for precision in ("fp8", "int4", "mxfp4"):
        assert "xe2" in vllm[precision].weight_only_architectures
        assert "xe2" not in vllm[precision].architectures
    trt = catalog.engine("tensorrt-llm")
    assert all(
        "xe2" not in row.architectures + row.weight_only_architectures for row in trt.supported
    )


def test_full_load_power_per_gpu_agrees_with_public_cost_models(catalog: Catalog) -> None:
    # A GPU at its TDP plus its share of the server's base draw is what cost models call the
    # all-in IT power per GPU (before cooling); the catalog's servers stay within 15% of them.
    references = catalog.prices.all_in_power_references
    assert {r.gpu_id for r in references} >= {"h100-sxm", "b200", "gb300"}
    for ref in references:
        gpu = catalog.gpu(ref.gpu_id)
        server = catalog.server(gpu.server_ids[0])
        full_load_kw = (gpu.tdp_w + server.base_power_w / server.gpus_per_server) / 1e3
        assert full_load_kw == pytest.approx(ref.kw_per_gpu, rel=0.15), ref.id


def test_power_prices_carry_their_own_dates(catalog: Catalog) -> None:
    prices = catalog.prices
    assert prices.electricity_as_of is not None and prices.colocation_as_of is not None
    assert prices.electricity_date <= prices.as_of and prices.colocation_date <= prices.as_of


def test_domain_larger_than_an_ordinary_server_is_refused(
    catalog_copy: Path, edit_json: JsonEdit
) -> None:
    def drop_rack(data: dict[str, list[dict[str, object]]]) -> None:
        tray = next(e for e in data["entries"] if e["id"] == "gb300-nvl72-tray")
        tray.pop("rack_scale")

    edit_json(catalog_copy, "servers.json", drop_rack)
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_copy)
    message = str(info.value)
    assert 'id "gb300"' in message and "scale_up_domain_gpus" in message
    assert "72 GPUs do not fit server" in message and "rack_scale" in message


def test_trays_that_overflow_their_rack_are_refused(
    catalog_copy: Path, edit_json: JsonEdit
) -> None:
    def tall_trays(data: dict[str, list[dict[str, object]]]) -> None:
        tray = next(e for e in data["entries"] if e["id"] == "gb300-nvl72-tray")
        tray["rack_units"] = 3

    edit_json(catalog_copy, "servers.json", tall_trays)
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_copy)
    assert "field rack_scale: 18 servers of 3U do not fit a 48U rack" in str(info.value)


def test_power_reference_must_name_a_known_gpu(catalog_copy: Path) -> None:
    path = catalog_copy / "prices.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["all_in_power_references"][0]["gpu_id"] = "h100-sxn"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_copy)
    assert (
        'all_in_power_references: entry 1 (id "h100-sxm-hgx"): field gpu_id: unknown GPU id'
        in str(info.value)
    )


def test_memory_as_sold_reads_in_decimal_gb(catalog: Catalog) -> None:
    """The H100's "80 GB" is 80 GiB: 80 x 2^30 bytes = 85.9 GB, more than the 85.5 GB usable."""
    h100 = catalog.gpu("h100-sxm")
    assert h100.memory_sold_gb == pytest.approx(85.899, abs=0.001)
    assert h100.usable_memory_gb < h100.memory_sold_gb
