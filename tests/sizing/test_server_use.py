"""GPUs come in whole servers, and a small model on a large server hears of smaller GPUs;
a GPU count set too low names itself as the reason nothing fits."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Hardware, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.errors import SizingError
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


def _codes(result: object) -> dict[str, str]:
    return {w.code: w.message for w in result.warnings}  # type: ignore[attr-defined]


def test_the_default_plan_lets_aisle_choose_the_gpu_count(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    assert scenario.hardware.gpu_count is None and Hardware().gpu_count is None
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    # The load needs 3 replicas of TP 2 (6 GPUs); the DGX H100 bought holds 8: a 4th runs.
    assert (result.gpus, result.servers, result.replicas) == (8, 1, 4)
    assert result.whole_server_replicas == 1


def test_automatic_fills_whole_servers_with_more_replicas_of_the_chosen_split(
    catalog: Catalog,
) -> None:
    """1,000 users: 6 replicas of TP 2 = 12 H100 meet the load, in 2 DGX H100 of 8 = 16 GPUs.
    The 4 left run a 7th and an 8th replica of the same split: a third more capacity (the
    replicas are alike), nothing idle, the same servers, price and racks."""
    scenario = with_parts(preset_scenario("llama-70b-rag"), load={"active_users": 1000})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.servers, result.tp, result.pp) == (16, 2, 2, 1)
    assert (result.replicas, result.whole_server_replicas, result.idle_gpus) == (8, 2, 0)
    assert result.status == (
        "Fits: 8 replicas of TP 2 × PP 1 serve the load (6 needed, 2 more on GPUs already bought)"
    )
    message = _codes(result)["whole-server-replicas"]
    assert "the load needs 6 replicas of TP 2 × PP 1 (12 GPUs)" in message
    # "the 2 servers of NVIDIA DGX H100 (...) it takes hold 16" read as a server of servers
    assert "and it takes 2 × NVIDIA DGX H100 (8x H100 SXM5 80GB), which hold 16 GPUs, so" in message
    assert "33 % more capacity and headroom at no extra hardware cost" in message
    assert "Set the GPU count to 12 to leave those GPUs idle instead." in message
    assert "spare-gpus-in-servers" not in _codes(result)
    fixed = size_scenario(
        catalog, with_parts(scenario, hardware={"gpu_count": 12}), CURRENT_CALIBRATION
    )
    assert (fixed.replicas, fixed.servers) == (6, 2)
    assert result.value("max_users_within_targets") == pytest.approx(
        fixed.value("max_users_within_targets") * 8 / 6, rel=0.02
    )
    assert result.value("capex_usd") == fixed.value("capex_usd")


def test_a_gpu_count_the_planner_set_is_kept_and_its_spare_gpus_offered(
    catalog: Catalog,
) -> None:
    scenario = with_parts(
        preset_scenario("llama-70b-rag"), load={"active_users": 800}, hardware={"gpu_count": 12}
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.servers, result.tp, result.pp) == (12, 2, 2, 1)
    assert result.whole_server_replicas == 0
    message = _codes(result)["spare-gpus-in-servers"]
    assert "2 servers of NVIDIA DGX H100 (8x H100 SXM5 80GB) hold 16 GPUs" in message
    assert "the plan uses 12, so 4 sit idle (bought all the same, and powered at their" in message
    assert "2 more replicas of TP 2 × PP 1" in message  # 4 spare / 2 GPUs a replica
    assert "set the GPU count to 16" in message


def test_a_small_model_on_a_big_server_hears_of_smaller_gpus(catalog: Catalog) -> None:
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"model_id": "qwen2.5-7b", "weight_precision": "bf16"},
        hardware={"gpu_id": "b300", "rack_power_limit_kw": 30.0},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.whole_server_replicas) == (8, 6)  # 2 needed, the server's 8 run
    message = _codes(result)["smaller-gpu-would-do"]
    assert message.startswith("A much smaller GPU would do: the load needs 2 of the 8")
    assert "15 GB of weights" in message  # 7.6 B parameters x 2 bytes
    assert "NVIDIA L40S 48GB" in message  # 48 GB holds 15 GB twice over
    assert "smaller-gpu-would-do" not in _codes(
        size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    )


def test_a_gpu_count_set_too_low_is_the_reason_given(catalog: Catalog) -> None:
    """DeepSeek-V3 on 8 fixed H100: not "more than 128 GPUs provide", then "12 hold it"."""
    scenario = with_parts(
        preset_scenario("deepseek-v3"),
        hardware={"gpu_id": "h100-sxm", "gpu_count": 8, "server_id": None},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert not result.fits
    assert result.status == (
        "Does not fit: DeepSeek-V3 at FP8 needs at least 12 × NVIDIA H100 SXM5 80GB per "
        "replica, more than the 8 GPUs set; set “GPU count” (Hardware and costs > GPUs and "
        "servers) to Automatic or to 12 or more"
    )
    assert "128" not in result.status
    assert result.alternatives[0].startswith("12 × NVIDIA H100 SXM5 80GB per replica")
    # The memory shown is that of 8 GPUs: the weights overflow them, as the status says.
    assert result.value("weights_per_gpu_gb") > 80


def test_the_requests_a_day_note_only_for_plans_sized_by_requests_a_day(
    catalog: Catalog,
) -> None:
    daily = "The load is derived from requests a day"
    for preset in ("llama-70b-rag", "deepseek-v3", "llama-8b-chat"):
        scenario = preset_scenario(preset)
        for r in (
            size_scenario(catalog, scenario, CURRENT_CALIBRATION),
            # Targets no replica meets: the active-user note has nothing to compare with.
            size_scenario(
                catalog,
                with_parts(
                    scenario,
                    workload={
                        "targets": scenario.workload.targets.model_copy(update={"tpot_ms": 1.0})
                    },
                ),
                CURRENT_CALIBRATION,
            ),
        ):
            said = any(w.message.startswith(daily) for w in r.warnings)
            assert said == (scenario.workload.load.kind == "daily_requests"), preset


def test_with_no_smaller_gpu_to_name_the_note_still_reads_as_sentences(catalog: Catalog) -> None:
    """Llama 3.1 8B for 1,000 users on 2 of an L40S server's 8 GPUs: no catalog GPU under
    24 GB holds its 9 GB twice over, so the note goes straight to the GPUs tab, capitalised."""
    scenario = with_parts(preset_scenario("llama-8b-chat"), load={"users": 1000})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.whole_server_replicas) == (8, 6)
    message = _codes(result)["smaller-gpu-would-do"]
    assert message.endswith("each GPU's memory. The GPUs tab sizes this workload on each.")


def test_filling_leaves_the_split_search_and_its_tie_breaks_alone(catalog: Catalog) -> None:
    """The split search runs first, unchanged: the 8B preset still needs 3 replicas of TP 1
    (5 more run on its L40S server's other GPUs), 1,000 users still need 6 replicas of TP 2,
    and a GPU count of 8 set by hand takes the split carrying most within 8 (TP 2, as
    Automatic: since calibration 2026.12.11 a pipeline split pays for each prompt in every
    stage, and TP 2 × PP 2 no longer carries more)."""
    chat = size_scenario(catalog, preset_scenario("llama-8b-chat"), CURRENT_CALIBRATION)
    assert (chat.tp, chat.pp, chat.replicas, chat.whole_server_replicas) == (1, 1, 8, 5)
    assert chat.status.endswith("(3 needed, 5 more on GPUs already bought)")
    busy = with_parts(preset_scenario("llama-70b-rag"), load={"active_users": 1000})
    r = size_scenario(catalog, busy, CURRENT_CALIBRATION)
    assert (r.tp, r.pp, r.replicas - r.whole_server_replicas) == (2, 1, 6)
    eight = size_scenario(
        catalog,
        with_parts(preset_scenario("llama-70b-rag"), hardware={"gpu_count": 8}),
        CURRENT_CALIBRATION,
    )
    automatic = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert (automatic.tp, automatic.pp, automatic.replicas) == (2, 1, 4)
    assert (eight.tp, eight.pp, eight.replicas) == (2, 1, 4)


def test_a_server_of_another_gpu_is_refused_by_the_names_the_planner_chose_from(
    catalog: Catalog,
) -> None:
    """The B200 in a DGX H100: the refusal names both by their catalog names (the ids
    "dgx-h100" and "b200" are in no box the planner chose from) and the server to choose."""
    base = preset_scenario("llama-70b-rag")
    hardware = base.hardware.model_copy(update={"gpu_id": "b200", "server_id": "dgx-h100"})
    with pytest.raises(SizingError) as refused:
        size_scenario(catalog, base.model_copy(update={"hardware": hardware}), CURRENT_CALIBRATION)
    assert str(refused.value) == (
        "the server NVIDIA DGX H100 (8x H100 SXM5 80GB) holds NVIDIA H100 SXM5 80GB GPUs, not "
        "the plan's NVIDIA B200 (HGX/DGX B200, 180GB); choose NVIDIA DGX B200 (8x B200 180GB), "
        "or the GPU's usual server"
    )
