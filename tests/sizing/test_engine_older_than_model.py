"""A plan whose engine release came out before its model gets a warning naming both dates
(vLLM 0.6 of 2024-09-05 cannot serve Qwen3.5 397B-A17B, published 2026-02-16), served
together or in pools; the figures are the ones sized without it. When that release is the newest
the catalog lists, the warning says whose defaults the plan uses instead of asking for a newer
one."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario

TOO_OLD = (
    "vLLM 0.6 came out on 2024-09-05, before Qwen3.5 397B-A17B was published on 2026-02-16: a "
    "release older than the model cannot serve it. Choose a newer release; the figures assume "
    "the engine runs it."
)


def on_release(version: str | None, serving: str = "aggregated") -> Scenario:
    """The Qwen3.5 B200 preset on vLLM release `version` (None: the newest)."""
    base = preset_scenario("qwen3.5-assistant-b200")
    workload = base.workload.model_copy(update={"engine_version": version})
    hardware = base.hardware.model_copy(update={"serving": serving})
    return base.model_copy(update={"workload": workload, "hardware": hardware})


def messages(catalog: Catalog, scenario: Scenario) -> dict[str, str]:
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    return {w.code: w.message for w in result.warnings}


def test_a_release_older_than_the_model_names_both_dates(catalog: Catalog) -> None:
    assert messages(catalog, on_release("0.6"))["engine-older-than-model"] == TOO_OLD


def test_separate_pools_carry_the_warning_too(catalog: Catalog) -> None:
    assert (
        messages(catalog, on_release("0.6", "disaggregated"))["engine-older-than-model"] == TOO_OLD
    )


def on_model(model_id: str, version: str | None) -> Scenario:
    """The same preset with another model (speculation off: not every model ships MTP
    layers) on vLLM release `version`."""
    base = on_release(version)
    workload = base.workload.model_copy(update={"model_id": model_id, "speculative": None})
    return base.model_copy(update={"workload": workload})


def test_a_model_dated_from_its_makers_news_is_warned_too(catalog: Catalog) -> None:
    """Qwen3.5 122B-A10B came out on 2026-02-24 (the Qwen3.5 README's news), so vLLM 0.6 is
    flagged for it as for the 397B model."""
    assert messages(catalog, on_model("qwen3.5-122b-a10b", "0.6"))["engine-older-than-model"] == (
        TOO_OLD.replace("397B-A17B", "122B-A10B").replace("2026-02-16", "2026-02-24")
    )


def test_the_newest_release_and_an_undated_model_get_none(catalog: Catalog) -> None:
    """vLLM 0.32 (2026-10) came out after Qwen3.5; Llama 3.3 Nemotron Super 49B has no
    publication date in the catalog (catalog/README.md says why), so even vLLM 0.6 is not
    flagged for it."""
    assert "engine-older-than-model" not in messages(catalog, on_release(None))
    undated = on_model("llama-3.3-nemotron-super-49b", "0.6")
    assert "engine-older-than-model" not in messages(catalog, undated)


NEWEST_TOO_OLD = (
    "NVIDIA TensorRT-LLM 1.3 (2026-08-04), the newest NVIDIA TensorRT-LLM release the catalog "
    "lists, came out before NVIDIA Nemotron 3.5 Lightning 30B-A3B was published on 2026-08-11: "
    "the plan uses that release's defaults, which a release that serves the model may have "
    "changed."
)


def test_the_newest_listed_release_older_than_the_model_names_its_defaults(
    catalog: Catalog,
) -> None:
    """Nemotron 3.5 Lightning (2026-08-11) on the newest TensorRT-LLM the catalog lists (1.3,
    dated by its candidate 1.3.0rc23 of 2026-08-04): there is no newer release to choose, so
    the plan says whose defaults it uses instead of telling the planner to pick one."""
    base = on_model("nemotron-3.5-lightning-30b-a3b", None)
    workload = base.workload.model_copy(update={"engine_id": "tensorrt-llm"})
    on_trt = base.model_copy(update={"workload": workload})
    result = size_scenario(catalog, on_trt, CURRENT_CALIBRATION)
    notes = {w.code: (w.severity, w.message) for w in result.warnings}
    assert "engine-older-than-model" not in notes
    assert notes["newest-release-older-than-model"] == ("warning", NEWEST_TOO_OLD)


def test_deepseek_v3_2_runs_on_a_newer_sglang_now(catalog: Catalog) -> None:
    """SGLang 0.5.22 (2026-10) came out after DeepSeek-V3.2 (2025-12-01), which SGLang 0.5 of
    2025-08 predated: the preset carries no release-age warning any more."""
    result = size_scenario(catalog, preset_scenario("deepseek-v3.2-ep"), CURRENT_CALIBRATION)
    codes = {w.code for w in result.warnings}
    assert not codes & {"engine-older-than-model", "newest-release-older-than-model"}
