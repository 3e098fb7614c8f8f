"""The split search sizes mixture-of-experts models in each expert layout and says which it
chose and why; a layout the planner fixed is kept; skipping splits that cannot win changes
nothing."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PRESETS, Hardware, Scenario, preset_scenario
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size as size_module
from aisle_desktop.sizing.planning import size_scenario
from aisle_desktop.sizing.planning.layouts import layouts_to_size
from aisle_desktop.sizing.planning.parallelism import choose_split
from aisle_desktop.sizing.planning.replica import scenario_deployment

PERFORMANCE = CURRENT_CALIBRATION.performance


def _with_layout(scenario: Scenario, layout: str) -> Scenario:
    hardware = scenario.hardware.model_copy(update={"expert_layout": layout})
    return scenario.model_copy(update={"hardware": hardware})


def test_deepseek_keeps_its_latent_kv_per_gpu_and_needs_fewer_gpus(catalog: Catalog) -> None:
    """The DeepSeek-V3 preset with 600 users (its own 400 need 2 replicas of TP 8 either
    way, sized for the demand at its targets)."""
    preset = preset_scenario("deepseek-v3")
    load = preset.workload.load.model_copy(update={"active_users": 600})
    scenario = preset.model_copy(
        update={"workload": preset.workload.model_copy(update={"load": load})}
    )
    auto = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    tp8 = _with_layout(scenario, "tp")
    tp8 = tp8.model_copy(update={"hardware": tp8.hardware.model_copy(update={"tp": 8, "pp": 1})})
    tp_only = size_scenario(catalog, tp8, CURRENT_CALIBRATION)
    assert auto.layout == "TP 8 × EP 8, attention data-parallel 8"
    assert auto.layout_reason == (
        "EP 8 with data-parallel attention: each GPU keeps only its own sequences' latent KV, "
        "so 2.1× more sequences fit than with TP 8"
    )
    assert (auto.replicas, auto.gpus) == (2, 16)
    assert (tp_only.layout, tp_only.replicas, tp_only.gpus) == ("TP 8 × PP 1", 3, 24)
    assert tp_only.layout_reason == "TP 8: the expert layout the plan sets"
    # The KV room per replica is what changed: eight GPUs each hold their own sequences, in
    # less room than TP 8 leaves them: SGLang 0.5 reserves 4.5 MiB per CUDA-graph batch (512)
    # and attention rank (8) for data-parallel attention's padding, 18 GiB a GPU (5.1x without).
    assert auto.value("max_sequences_per_replica") == pytest.approx(
        2.04 * tp_only.value("max_sequences_per_replica"), rel=0.02
    )


def test_a_dense_model_has_one_layout_and_refuses_an_expert_one(catalog: Catalog) -> None:
    llama = catalog.model("llama-3.1-70b")
    assert layouts_to_size(llama, "auto", 8) == ("tp",)
    assert layouts_to_size(catalog.model("deepseek-v3"), "auto", 8) == (
        "tp",
        "ep",
        "ep_attention_dp",
    )
    assert layouts_to_size(catalog.model("deepseek-v3"), "auto", 1) == ("tp",)
    dense = _with_layout(preset_scenario("llama-70b-rag"), "ep")
    with pytest.raises(SizingError, match="has no experts"):
        size_scenario(catalog, dense, CURRENT_CALIBRATION)
    result = size_scenario(catalog, preset_scenario("llama-70b-rag"), CURRENT_CALIBRATION)
    assert (result.layout, result.layout_reason) == ("TP 2 × PP 1", "")


def test_layout_labels(catalog: Catalog) -> None:
    scenario = preset_scenario("deepseek-v3")
    labels = [
        scenario_deployment(catalog, scenario, PERFORMANCE, 8, pp, layout=layout).layout_label
        for pp, layout in ((1, "tp"), (2, "tp"), (1, "ep"), (2, "ep_attention_dp"))
    ]
    assert labels == [
        "TP 8 × PP 1",
        "TP 8 × PP 2",
        "TP 8 × EP 8",
        "TP 8 × EP 8 × PP 2, attention data-parallel 8",
    ]


@pytest.mark.parametrize("preset", PRESETS)
def test_skipping_splits_that_cannot_win_chooses_as_sizing_every_split(
    catalog: Catalog, preset: str
) -> None:
    scenario = preset_scenario(preset)
    if scenario.hardware.gpu_count is not None:
        scenario = scenario.model_copy(
            update={"hardware": scenario.hardware.model_copy(update={"gpu_count": None})}
        )
    server = size_module.server_for(catalog, scenario)
    w = scenario.workload

    def search(min_replicas: int) -> tuple[object, int]:
        choice, sized = choose_split(
            size_module.deployments_to_size(catalog, scenario, CURRENT_CALIBRATION, server),
            lambda dep: size_module.replica_capacity(
                dep,
                w.prompt.input_tokens,
                w.output_tokens,
                w.targets.ttft_ms / 1e3,
                w.targets.tpot_ms / 1e3,
                w.retrieval_latency_ms / 1e3,
            ),
            lambda cap: size_module._replicas_needed(scenario, CURRENT_CALIBRATION, cap),
            None,
            min_replicas,
        )
        assert choice is not None
        key = (choice.capacity.dep.tp, choice.capacity.dep.pp, choice.capacity.dep.layout_label)
        return (key, choice.replicas), len(sized)

    pruned, sized_pruned = search(2 if w.redundancy == "n_plus_1" else 1)
    every, sized_every = search(0)  # 0 replicas: no split is ever out of reach
    assert pruned == every
    assert sized_pruned <= sized_every


def test_a_fixed_gpu_count_sizes_every_layout(catalog: Catalog) -> None:
    scenario = preset_scenario("deepseek-v3")
    fixed = scenario.model_copy(update={"hardware": Hardware(gpu_id="h200-sxm", gpu_count=16)})
    result = size_scenario(catalog, fixed, CURRENT_CALIBRATION)
    assert result.gpus == 16 and result.replicas == 2
    assert result.layout == "TP 8 × EP 8, attention data-parallel 8"
