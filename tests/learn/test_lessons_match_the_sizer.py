"""The Learn course's worked examples say what the Sizer shows for the same inputs today: each
number a lesson quotes from a preset is the figure as the Sizer writes it under the current
calibration. Several had gone stale over the calibrations (a 70B token's cache "320 KiB",
INT4 405B "needs 12 GPUs", the RAG plan's answers "about 9 seconds", 8 adapters "miss the
latency targets", 15 kW racks "need a second rack")."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.formatting import with_unit
from aisle_desktop.learn import LearnContent, load_learn_content
from aisle_desktop.plan import Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import size_scenario
from tests.sizing.scenario_edits import with_parts


@pytest.fixture(scope="module")
def content() -> LearnContent:
    return load_learn_content()


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="module")
def rag(catalog: Catalog) -> SizingResult:
    """The Sizer's first plan, which most lessons quote."""
    return _sized(catalog, preset_scenario("llama-70b-rag"))


def _sized(catalog: Catalog, scenario: Scenario) -> SizingResult:
    return size_scenario(catalog, scenario, CURRENT_CALIBRATION)


def _preset_and_changed(
    catalog: Catalog, preset_id: str, **parts: dict[str, object]
) -> tuple[SizingResult, SizingResult]:
    """A lesson's preset sized as it opens, and with the change its Try this asks for."""
    plan = preset_scenario(preset_id)
    return _sized(catalog, plan), _sized(catalog, with_parts(plan, **parts))


def _text(result: SizingResult, name: str) -> str:
    fig = result.figures[name]
    return with_unit(fig.value, fig.unit)


def _users(result: SizingResult) -> str:
    """The most users within the targets as a sentence counts them: "1,078"."""
    return _text(result, "max_users_within_targets").removesuffix(" users")


def _lesson_text(content: LearnContent, lesson_id: str) -> str:
    lesson = content.lesson(lesson_id)
    hint = lesson.try_this.hint if lesson.try_this is not None else ""
    return " ".join(f"{lesson.body_markdown} {hint}".split())


def test_the_adapters_hint_says_what_eight_adapters_do_to_the_rag_plan(
    content: LearnContent, catalog: Catalog
) -> None:
    """8 LoRA adapters mixed in the batch slow the default plan's steps but its 8 GPUs still
    meet the targets (the hint said they missed them)."""
    adapters = preset_scenario("llama-70b-rag").workload.adapters.model_copy(update={"count": 8})
    before, after = _preset_and_changed(catalog, "llama-70b-rag", workload={"adapters": adapters})
    assert after.meets_targets and (after.gpus, before.gpus) == (8, 8)
    text = _lesson_text(content, "what-inference-is")
    tpot = f"from {before.value('tpot_ms'):.1f} to {after.value('tpot_ms'):.1f} ms"
    assert tpot in text and f"from {_users(before)} to {_users(after)}." in text


def test_the_cache_lesson_quotes_the_70b_cache_per_token(
    content: LearnContent, rag: SizingResult
) -> None:
    """80 layers × 2 × 8 KV heads × 128 × 2 B = 327,680 B: "328 kB" as every memory figure
    writes it, and 72.7 GB of FP8 weights."""
    text = _lesson_text(content, "kv-cache")
    assert f"one token takes {_text(rag, 'kv_bytes_per_token')}" in text
    assert "KiB" not in text
    assert f"holding the {rag.value('weights_per_gpu_gb') * rag.tp:.1f} GB model" in text
    assert "about 43 GB" in text and _text(rag, "conversation_128k_gb") == "42.9 GB"


def test_the_precision_lesson_counts_the_405b_plans_gpus(
    content: LearnContent, catalog: Catalog
) -> None:
    fp8, bf16 = _preset_and_changed(
        catalog, "llama-405b-fp8", workload={"weight_precision": "bf16"}
    )
    _, int4 = _preset_and_changed(catalog, "llama-405b-fp8", workload={"weight_precision": "int4"})
    assert (bf16.gpus, fp8.gpus, int4.gpus) == (16, 8, 8)
    text = _lesson_text(content, "precision")
    assert "16 H200 GPUs at BF16 against 8 at FP8" in text
    assert (
        f"INT4 needs the same 8 GPUs as FP8 and is slower, {_text(int4, 'ttft_ms')} to the first "
        f"token against {_text(fp8, 'ttft_ms')}, and those GPUs serve "
        f"{_users(int4)} users within the targets against {_users(fp8)}"
    ) in text


def test_the_bandwidth_lesson_reads_the_weights_the_sizer_holds(
    content: LearnContent, rag: SizingResult, catalog: Catalog
) -> None:
    """72.7 GB at 3.35 TB/s is 21.7 ms."""
    weights_gb = rag.value("weights_per_gpu_gb") * rag.tp
    h100 = catalog.gpus["h100-sxm"]
    text = _lesson_text(content, "bandwidth")
    assert f"reading {weights_gb:.1f} GB at the H100's {h100.memory_bandwidth_tbps:g} TB/s" in text
    assert f"at least **{weights_gb / h100.memory_bandwidth_tbps:.1f} ms**" in text


def test_the_rack_lesson_hint_counts_the_agentic_plans_racks(
    content: LearnContent, catalog: Catalog
) -> None:
    """Two 10.2 kW DGX H100 take 2 racks at the 12 kW a rack is planned with, 1 at 25 kW."""
    planned, roomier = _preset_and_changed(
        catalog, "agentic-coding", hardware={"rack_power_limit_kw": 25.0}
    )
    assert (planned.servers, planned.racks, roomier.racks) == (2, 2, 1)
    assert preset_scenario("agentic-coding").hardware.rack_power_limit_kw == 12.0
    text = _lesson_text(content, "rack-power")
    assert f"{_text(planned, 'it_nameplate_kw')}, more than the 12 kW" in text
    assert "plan takes 2 racks" in text and "to 25 kW and they share one rack" in text


def test_the_users_lesson_quotes_the_rag_plans_answers(
    content: LearnContent, rag: SizingResult
) -> None:
    """300 users who think 60 s between answers of 6.35 s keep 300 × 6.35 / 66.35 = 28.7 in
    flight."""
    e2e = rag.value("e2e_latency_s")
    in_flight = 300 * e2e / (e2e + 60)
    text = _lesson_text(content, "throughput-and-users")
    assert f"answers of {e2e:.2f} seconds keep only about {in_flight:.0f} requests" in text
    assert f"(300 × {e2e:.2f} / {e2e + 60:.2f})" in text


def test_the_redundancy_hint_reads_the_405b_plan_line(
    content: LearnContent, catalog: Catalog
) -> None:
    spare, alone = _preset_and_changed(catalog, "llama-405b-fp8", workload={"redundancy": "none"})
    needed = (alone.replicas - alone.whole_server_replicas) * alone.tp * alone.pp
    assert (spare.gpus_installed, needed, alone.gpus_installed) == (8, 4, 8)
    assert alone.value("tco_per_year_usd") == spare.value("tco_per_year_usd")
    assert "8 H200 bought, 4 needed" in _lesson_text(content, "redundancy-and-pue")
