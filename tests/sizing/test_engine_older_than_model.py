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
    """vLLM 0.19 (2026-04) came out after Qwen3.5; Llama 3.3 Nemotron Super 49B has no
    publication date in the catalog (catalog/README.md says why), so even vLLM 0.6 is not
    flagged for it."""
    assert "engine-older-than-model" not in messages(catalog, on_release(None))
    undated = on_model("llama-3.3-nemotron-super-49b", "0.6")
    assert "engine-older-than-model" not in messages(catalog, undated)


NEWEST_TOO_OLD = (
    "SGLang 0.5 (2025-08-13), the newest SGLang release the catalog lists, came out before "
    "DeepSeek-V3.2 was published on 2025-12-01: the plan uses that release's defaults, which a "
    "release that serves the model may have changed."
)


def test_the_newest_listed_release_older_than_the_model_names_its_defaults(
    catalog: Catalog,
) -> None:
    """The DeepSeek-V3.2 preset runs on the newest SGLang the catalog lists (0.5, 2025-08):
    there is no newer release to choose, so the plan says whose defaults it uses instead of
    telling the planner to pick one."""
    result = size_scenario(catalog, preset_scenario("deepseek-v3.2-ep"), CURRENT_CALIBRATION)
    notes = {w.code: (w.severity, w.message) for w in result.warnings}
    assert "engine-older-than-model" not in notes
    assert notes["newest-release-older-than-model"] == ("warning", NEWEST_TOO_OLD)
