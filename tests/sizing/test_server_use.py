"""GPUs come in whole servers, and a small model on a large server hears of smaller GPUs;
a GPU count set too low names itself as the reason nothing fits."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Hardware, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


def _codes(result: object) -> dict[str, str]:
    return {w.code: w.message for w in result.warnings}  # type: ignore[attr-defined]


def test_the_default_plan_lets_aisle_choose_the_gpu_count(catalog: Catalog) -> None:
    scenario = preset_scenario("llama-70b-rag")
    assert scenario.hardware.gpu_count is None and Hardware().gpu_count is None
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.servers) == (6, 1)  # 3 replicas of TP 2 in one DGX H100


def test_spare_gpus_of_whole_servers_are_counted_and_offered(catalog: Catalog) -> None:
    # 800 users: 3 replicas of TP 2 x PP 2 = 12 H100, in 2 DGX H100 of 8 = 16 GPUs.
    scenario = with_parts(preset_scenario("llama-70b-rag"), load={"active_users": 800})
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert (result.gpus, result.servers, result.tp, result.pp) == (12, 2, 2, 2)
    message = _codes(result)["spare-gpus-in-servers"]
    assert "2 servers of NVIDIA DGX H100 (8x H100 SXM5 80GB) hold 16 GPUs" in message
    assert "the plan uses 12, so 4 sit idle" in message
    assert "1 more replica of TP 2 x PP 2" in message  # 4 spare / 4 GPUs a replica
    assert "set the GPU count to 16" in message


def test_a_small_model_on_a_big_server_hears_of_smaller_gpus(catalog: Catalog) -> None:
    scenario = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"model_id": "qwen2.5-7b", "weight_precision": "bf16"},
        hardware={"gpu_id": "b300", "rack_power_limit_kw": 30.0},
    )
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    assert result.gpus == 2
    message = _codes(result)["smaller-gpu-would-do"]
    assert message.startswith("A much smaller GPU would do: the plan uses 2 of the 8")
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
        "replica, more than the 8 GPUs set; set the GPU count to Automatic or to 12 or more"
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
    assert result.gpus == 2
    message = _codes(result)["smaller-gpu-would-do"]
    assert message.endswith("each GPU's memory. The GPUs tab sizes this workload on each.")
