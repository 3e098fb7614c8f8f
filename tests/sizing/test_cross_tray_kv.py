"""vLLM's NIXL connector sends a disaggregated prompt's cache between the trays of an NVL72 rack
over the network adapters (calibration 2026.12.40): it allocates its cache without a CUDA fabric
handle, so UCX cannot export it across the rack's NVLink (vLLM pull request 51377; UCX leaves
multi-node NVLink off by default, openucx/ucx pull request 10206)."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing.engine.kv_transfer import kv_link
from tests.sizing.calibration_examples import before_and_now

NVLINK = "NVLink (both workers in one 72-GPU domain)"
TRAYS = "network (workers on different trays of one 72-GPU domain)"


def test_a_cache_between_trays_crosses_the_network_adapters(catalog: Catalog) -> None:
    """A 4-GPU prefill worker and a 4-GPU decode worker on GB200 fill two trays: at a share of 1
    the cache goes at the adapters' 50 GB/s a GPU and 30 us, not NVLink's 900 GB/s one way and
    8 us; at 1/2, half its bytes each way: 1 / (0.5 / 50 + 0.5 / 900) = 94.7 GB/s, 19 us."""
    gb200 = catalog.gpu("gb200")
    nvlink = kv_link(gb200, 4, 4)
    assert (nvlink.label, nvlink.gbps_per_gpu, nvlink.latency_us) == (NVLINK, 900.0, 8.0)
    apart = kv_link(gb200, 4, 4, 1.0)
    assert (apart.label, apart.gbps_per_gpu, apart.latency_us) == (TRAYS, 50.0, 30.0)
    half = kv_link(gb200, 4, 4, 0.5)
    assert (half.gbps_per_gpu, half.latency_us) == pytest.approx((94.74, 19.0), abs=0.01)


def test_workers_sharing_a_tray_or_a_server_keep_their_link(catalog: Catalog) -> None:
    """Two 2-GPU workers fit one 4-GPU tray, one host, where CUDA IPC needs no fabric handle;
    an 8-GPU server's NVLink domain is one host; workers apart take the network anyway."""
    assert kv_link(catalog.gpu("gb200"), 2, 2, 1.0).label == NVLINK
    h100 = catalog.gpu("h100-sxm")
    assert kv_link(h100, 4, 4, 1.0).label == "NVLink (both workers in one 8-GPU domain)"
    assert kv_link(h100, 8, 8, 1.0).label == "network (workers in different servers or racks)"


def test_a_vllm_run_on_gb200_waits_for_its_cache_over_the_network(catalog: Catalog) -> None:
    """vLLM 0.18's Kimi-K2.5 NVFP4 on GB200, one TP 4 prefill and four TP 4 decode workers,
    8,192-token prompts at 4 clients: the cache of a prompt as a decode GPU holds it, 575.7 MB
    (the latent cache whole on each GPU), takes 0.65 ms over NVLink and 11.54 ms over a 50 GB/s
    adapter; TTFT 348.6 ms (-26.3%) to 359.5 ms (-24.0%), measured 473.0. TPOT 6.01 ms either
    way."""
    wanted = "kimik2_5_gb200_vllm_fp4_disagg_8192x1024_c4_cfg698"
    before, now = before_and_now(catalog, wanted, "2026.12.37")
    assert (before["kv_link"], now["kv_link"]) == (NVLINK, TRAYS)
    assert before["kv_transfer_ms"] == pytest.approx(0.65, abs=0.01)
    assert now["kv_transfer_ms"] == pytest.approx(11.54, abs=0.01)
    assert (before["ttft_ms"], now["ttft_ms"]) == pytest.approx((348.6, 359.5), abs=0.1)
    assert now["tpot_ms"] == pytest.approx(before["tpot_ms"], abs=0.001)
