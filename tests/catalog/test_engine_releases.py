"""Engine releases: the catalog's list, which release a printed version names, and the
defaults each release applies. Version strings are real ones from the 2025-26 measurements
(`engine_version` of validation/modern_engines_dev.jsonl)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from aisle_desktop.catalog import Catalog, EngineSpec, engine_release, version_key


def _label(catalog: Catalog, engine_id: str, version: str | None) -> str:
    release = engine_release(catalog.engine(engine_id), version).release
    assert release is not None
    return release.label


def test_the_engines_list_the_releases_planners_run(catalog: Catalog) -> None:
    versions = {e.id: [r.version for r in e.releases] for e in catalog.engines.values()}
    assert versions["tensorrt-llm"] == ["0.17", "1.0", "1.2", "1.3"]
    assert versions["vllm"] == ["0.6", "0.10", "0.19", "0.24", "0.28", "0.32"]
    assert versions["sglang"] == ["0.4", "0.5", "0.5.19", "0.5.22"]


@pytest.mark.parametrize(
    ("engine_id", "version", "label"),
    [
        ("vllm", None, "vLLM 0.32"),  # none given: the newest
        ("sglang", None, "SGLang 0.5.22"),
        ("tensorrt-llm", None, "TensorRT-LLM 1.3"),
        ("sglang", "0.5.10.post1", "SGLang 0.5"),  # leading numbers only
        ("tensorrt-llm", "1.0.0rc3", "TensorRT-LLM 1.0"),
        ("tensorrt-llm", "1.1.0rc2.post2", "TensorRT-LLM 1.0"),  # newest not newer than it
        ("tensorrt-llm", "1.1.0-dev.2", "TensorRT-LLM 1.0"),
        ("tensorrt-llm", "1.2.0rc6.post3", "TensorRT-LLM 1.2"),
        ("tensorrt-llm", "1.3.0rc5", "TensorRT-LLM 1.3"),  # a candidate of 1.3: its line
        ("sglang", "0.5.19", "SGLang 0.5.19"),
        ("sglang", "0.5.21.post1", "SGLang 0.5.19"),
        ("vllm", "0.27.1", "vLLM 0.24"),
        ("vllm", "0.28.0", "vLLM 0.28"),
        ("vllm", "0.12.0", "vLLM 0.10"),
        ("vllm", "0.19.0", "vLLM 0.19"),
        ("tensorrt-llm", "0.5.1-rc0.pre3", "TensorRT-LLM 0.17"),  # older than all: the oldest
        ("tensorrt-llm", "0.8.1.post1", "TensorRT-LLM 0.17"),
        ("vllm", "nightly-5b8c30d62b754b57", "vLLM 0.32"),  # no numbers: the newest
        ("tensorrt-llm", "gpt-oss-dev", "TensorRT-LLM 1.3"),
    ],
)
def test_a_printed_version_names_a_release(
    catalog: Catalog, engine_id: str, version: str | None, label: str
) -> None:
    assert _label(catalog, engine_id, version) == label


def test_version_numbers_compare_by_value_not_text() -> None:
    assert version_key("0.10") > version_key("0.9.2")  # type: ignore[operator]
    assert version_key("0.5") == version_key("0.5.0")
    assert version_key("v0.10.1") == version_key("0.10.1")
    assert version_key("nightly-5b8c30d62b754b57") is None
    assert version_key("gpt-oss-dev") is None


def test_each_release_applies_its_defaults_on_top_of_the_earlier_ones(catalog: Catalog) -> None:
    vllm = catalog.engine("vllm")
    old = engine_release(vllm, "0.6.3")
    v1 = engine_release(vllm, "0.10.1")
    newest = engine_release(vllm, None)
    assert (old.max_num_seqs, old.max_num_batched_tokens, old.cuda_graph_max_batch) == (
        256,
        512,
        256,
    )
    assert (v1.max_num_seqs, v1.max_num_batched_tokens, v1.offline_max_num_batched_tokens) == (
        1024,
        8192,
        16384,
    )
    # 0.19 to 0.32 keep what 0.10 set on the release's own values; 0.28's doubled budget
    # depends on the GPU (its tiers, below).
    for version in ("0.19.1", "0.24.0", "0.28.0", None):
        kept = engine_release(vllm, version)
        assert (kept.max_num_seqs, kept.max_num_batched_tokens) == (1024, 8192)
    assert (newest.offline_max_num_batched_tokens, newest.cuda_graph_max_batch) == (16384, 512)
    assert "16,384" in next(r.notes for r in vllm.releases if r.version == "0.28")
    trt = catalog.engine("tensorrt-llm")
    assert engine_release(trt, "0.17.0").kv_block_tokens == 64
    assert engine_release(trt, "1.2.0rc6.post2").kv_block_tokens == 32
    assert engine_release(trt, "1.2.0rc6.post2").cuda_graph_max_batch == 128


@pytest.mark.parametrize(
    ("version", "gpu_id", "budget"),
    [
        ("0.24.0", "b200", 8192),  # before 0.28: 8,192 on every GPU of 70 GiB and more
        ("0.28.0", "b200", 16384),  # 179 GiB: the tier of 160 GiB and more
        (None, "mi355x", 16384),  # the newest release, 0.32, keeps 0.28's tiers
        ("0.28.0", "h200-sxm", 8192),  # 140.4 GiB
        ("0.28.0", "h100-sxm", 8192),  # the default plan's GPU does not move
        ("0.19.1", "mi300x", 8192),  # what the 2025-26 measurements ran: unmoved
    ],
)
def test_vllm_0_28_doubles_the_servers_budget_on_gpus_of_160_gib_and_more(
    catalog: Catalog, version: str | None, gpu_id: str, budget: int
) -> None:
    """vLLM 0.28's arg_utils.py adds a tier above the one of 70 GiB: on devices of 160 GiB and
    more ('for GPUs like B200/B300') the OpenAI server takes 16,384 tokens a step, not 8,192
    (pull request 51726); its CUDA graphs stay at 512."""
    memory = catalog.gpu(gpu_id).usable_memory_gib
    engine = catalog.engine_on_gpu("vllm", version, memory, 8)
    assert (engine.max_num_batched_tokens, engine.cuda_graph_max_batch) == (budget, 512)
    assert (engine.max_num_seqs, engine.offline_max_num_batched_tokens) == (1024, 16384)


@pytest.mark.parametrize(
    ("version", "gpu_id", "server", "offline"),
    [
        ("0.10.1", "l40s", (256, 2048), (256, 8192)),  # 45 GiB: the small tier
        ("0.19.0", "l4", (256, 2048), (256, 8192)),
        ("0.19.0", "a100-80gb-sxm", (256, 2048), (256, 8192)),  # 79.2 GiB, small by its name
        (None, "a100-80gb-pcie", (256, 2048), (256, 8192)),  # the newest keeps the tier
        ("0.28.0", "rtx-6000-ada", (256, 2048), (256, 8192)),
        ("0.28.0", "h100-sxm", (1024, 8192), (1024, 16384)),  # 79.6 GiB and no A100
        ("0.28.0", "rtx-pro-6000", (1024, 8192), (1024, 16384)),  # 95.6 GiB
        (None, "b200", (1024, 16384), (1024, 16384)),
        ("0.6.3", "l40s", (256, 512), (None, None)),  # the V0 engine: no tiers
    ],
)
def test_vllm_v1_takes_256_requests_and_2048_tokens_under_70_gib_and_on_a100(
    catalog: Catalog,
    version: str | None,
    gpu_id: str,
    server: tuple[int, int],
    offline: tuple[int | None, int | None],
) -> None:
    """vLLM's V1 engine picks its batch defaults by the device (arg_utils.py): 1,024
    sequences and 8,192 tokens a step for the OpenAI server (16,384 offline) on GPUs of 70 GiB
    and more other than A100, 256 and 2,048 (8,192 offline) on the rest; an A100 of 80 GB
    stays small by name (pull request 17885: the larger budget cost it throughput)."""
    gpu = catalog.gpu(gpu_id)
    engine = catalog.engine_on_gpu("vllm", version, gpu.usable_memory_gib, 1, gpu.name)
    assert (engine.max_num_seqs, engine.max_num_batched_tokens) == server
    assert (engine.offline_max_num_seqs, engine.offline_max_num_batched_tokens) == offline


def test_a_tier_named_for_a_gpu_takes_it_whatever_its_memory(catalog: Catalog) -> None:
    """The name is matched in any case, and only where the tier names one; without a name
    the memory decides (an 80 GB H100 is not an A100)."""
    vllm = catalog.engine_release("vllm", None)
    small = vllm.gpu_memory_tiers[0]
    assert small.names("NVIDIA A100-SXM4-80GB") and small.names("my a100 box")
    assert not small.names("NVIDIA H100 SXM5 80GB")
    assert vllm.on_gpu(79.2, 8, "NVIDIA A100 SXM4 80GB").max_num_seqs == 256
    assert vllm.on_gpu(79.2, 8, "").max_num_seqs == 1024


def test_the_applied_release_names_itself(catalog: Catalog) -> None:
    spec = engine_release(catalog.engine("vllm"), "0.10.2")
    assert spec.release is not None
    assert spec.release.dated_label == "vLLM 0.10 (2025-07)"
    assert catalog.engine("vllm").release is None  # the catalog entry itself is no release


def test_an_engine_without_releases_is_returned_as_it_is(catalog: Catalog) -> None:
    llama = catalog.engine("llama.cpp")
    assert engine_release(llama, "b6000") is llama


def _with_releases(catalog: Catalog, releases: list[dict[str, Any]]) -> dict[str, Any]:
    data = catalog.engine("vllm").model_dump(mode="json", exclude={"origin"})
    return {**data, "releases": releases}


def _release(version: str, day: str, **settings: Any) -> dict[str, Any]:
    return {
        "version": version,
        "date": day,
        "label": f"vLLM {version}",
        "settings": settings,
        "sources": ["https://github.com/vllm-project/vllm/releases"],
    }


@pytest.mark.parametrize(
    ("releases", "message"),
    [
        (
            [_release("0.10", "2025-07-24", max_num_seq=1024)],
            'engine "vllm" release "0.10": setting "max_num_seq" is not an engine default',
        ),
        (
            [_release("0.10", "2025-07-24", max_num_seqs=0)],
            'engine "vllm" release "0.10": setting "max_num_seqs": Input should be greater',
        ),
        (
            [_release("0.10", "2025-07-24", memory_fraction="0.9")],
            'engine "vllm" release "0.10": setting "memory_fraction": Input should be a valid',
        ),
        (
            [_release("0.10", "2025-07-24", id="other")],
            'setting "id" is not an engine default',
        ),
        (
            [_release("0.10", "2025-07-24"), _release("0.6", "2024-09-05")],
            'release "0.6" comes after "0.10": list releases oldest first',
        ),
        (
            [_release("0.6", "2025-07-24"), _release("0.10", "2024-09-05")],
            'release "0.10" is dated 2024-09-05, before the release "0.6"',
        ),
        ([_release("nightly", "2025-07-24")], "must start with its release number"),
        ([_release("0.10", "24.07.2025")], 'must be an ISO date string "YYYY-MM-DD"'),
    ],
)
def test_a_broken_release_is_refused_naming_engine_release_and_setting(
    catalog: Catalog, releases: list[dict[str, Any]], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        EngineSpec.model_validate(_with_releases(catalog, releases))


def test_the_catalog_applies_each_release_once(catalog: Catalog) -> None:
    """Sizing asks the catalog for an engine's release thousands of times a GPU comparison:
    it answers as engine_release does, from one worked-out copy per engine and version."""
    released = catalog.engine_release("vllm", "0.12.0")
    assert released == engine_release(catalog.engine("vllm"), "0.12.0")
    assert released.release is not None and released.release.label == "vLLM 0.10"
    assert catalog.engine_release("vllm", "0.12.0") is released
    assert catalog.engine_release("vllm", None).release.label == "vLLM 0.32"  # type: ignore[union-attr]


def test_newest_by_default_is_the_newest_release_of_december_2026(catalog: Catalog) -> None:
    """A plan that names no release runs the newest the catalog lists, each dated by a source
    and newer than any release the 2025-26 measurements ran (vLLM 0.19.0, TensorRT-LLM
    1.3.0rc5, SGLang 0.5.10)."""
    newest = {
        engine_id: engine_release(catalog.engine(engine_id), None).release
        for engine_id in ("tensorrt-llm", "vllm", "sglang")
    }
    assert {k: r.dated_label for k, r in newest.items() if r is not None} == {
        "tensorrt-llm": "TensorRT-LLM 1.3 (2026-08)",
        "vllm": "vLLM 0.32 (2026-10)",
        "sglang": "SGLang 0.5.22 (2026-10)",
    }
    for engine_id, measured in (
        ("tensorrt-llm", "1.3.0rc5"),
        ("vllm", "0.19.0"),
        ("sglang", "0.5.10.post1"),
    ):
        release = newest[engine_id]
        assert release is not None and release.key >= version_key(measured)  # type: ignore[operator]
        assert release.sources and release.notes


def test_the_later_releases_keep_the_defaults_their_sources_did_not_change(
    catalog: Catalog,
) -> None:
    """TensorRT-LLM 1.3 runs 1.2's scheduler, KV-cache and CUDA-graph defaults; SGLang's 2026
    releases keep 0.5's reserve and tiers by GPU memory."""
    trt = catalog.engine("tensorrt-llm")
    fields = ("max_num_seqs", "max_num_batched_tokens", "memory_fraction", "kv_block_tokens")
    one_two, one_three = engine_release(trt, "1.2.1"), engine_release(trt, None)
    assert [getattr(one_three, f) for f in fields] == [getattr(one_two, f) for f in fields]
    assert [getattr(one_three, f) for f in fields] == [2048, 8192, 0.9, 32]
    assert one_three.cuda_graph_max_batch == one_two.cuda_graph_max_batch == 128
    sglang = catalog.engine("sglang")
    five, newest = engine_release(sglang, "0.5.10"), engine_release(sglang, None)
    assert newest.gpu_memory_tiers == five.gpu_memory_tiers
    assert newest.memory_reserve == five.memory_reserve
    assert (newest.kv_block_tokens, newest.cuda_graph_max_batch) == (1, 256)
