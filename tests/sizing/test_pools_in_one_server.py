"""Pools that share one server of PCIe cards hand the prompt's cache over the server's PCIe,
and the plan says so (QA: the L40S chat preset read "the prompt's KV over network in 3.4 ms,
both pools in one server").

Worked example: the llama-8b-chat preset on L40S, 2 prefill and 2 decode workers of one GPU
each, both pools in one 8-GPU PCIe server. Llama 3.1 8B keeps 2 x 32 layers x 8 KV heads x
128 x 2 bytes = 131,072 bytes a token; a 1,300-token prompt is 170.4 MB, which one decode GPU
receives over its PCIe Gen4 x16 at 32 GB/s one way (the catalog's 64 GB/s both ways) after
25 us: 5.35 ms (over the 50 GB/s network adapter it was modelled at 3.44 ms).
"""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_disaggregated, serving_comparison, size_scenario

PROMPT_BYTES = 1300 * 2 * 32 * 8 * 128 * 2


def test_pools_in_one_pcie_server_hand_the_cache_over_pcie(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-8b-chat")
    pools = plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION)
    assert pools is not None and pools.servers.shared
    assert pools.kv_link == "PCIe (both workers in one server, no NVLink)"
    assert pools.kv_transfer_ms == pytest.approx((PROMPT_BYTES / 32e9 + 25e-6) * 1e3)
    together = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    reason = serving_comparison(catalog, scenario, CURRENT_CALIBRATION, together).reason
    assert "the prompt's KV over PCIe in 5.35 ms, both pools in one server)" in reason
    assert "network" not in reason


def test_pools_in_servers_of_their_own_cross_the_network(catalog: Catalog) -> None:
    """Ten times the users: each pool takes servers of its own, and the cache leaves them."""
    scenario = preset_scenario("llama-8b-chat")
    load = scenario.workload.load.model_copy(update={"users": 20_000})
    scenario = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"load": load})}
    )
    pools = plan_disaggregated(catalog, scenario, CURRENT_CALIBRATION)
    assert pools is not None and not pools.servers.shared
    assert pools.kv_link == "network (workers in different servers or racks)"
