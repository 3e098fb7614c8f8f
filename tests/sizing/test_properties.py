"""Properties that hold for every valid input (hypothesis)."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from aisle_desktop.catalog import Catalog
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.engine import finite_run_queue_wait_s, memory_breakdown
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

MODELS = [
    "llama-3.1-8b",
    "llama-3.1-70b",
    "mixtral-8x7b",
    "qwen3-30b-a3b",
    "deepseek-v3",
    "gemma-2-27b",
    "mistral-7b",
    "falcon-180b",
]
GPUS = ["h100-sxm", "h200-sxm", "a100-80gb-sxm", "l40s", "b200", "mi300x", "rtx-pro-6000"]
LOADS = st.one_of(
    st.just({"mode": "max_throughput"}),
    st.builds(lambda n: {"mode": "concurrency", "concurrency": n}, st.integers(1, 2000)),
    st.builds(lambda r: {"mode": "request_rate", "request_rate": r}, st.floats(0.01, 500)),
    st.builds(lambda n: {"mode": "static_batch", "batch": n}, st.integers(1, 1024)),
)
scenarios = st.fixed_dictionaries(
    {
        "id": st.just("p"),
        "engine": st.sampled_from(["tensorrt-llm", "vllm", "sglang"]),
        "model": st.sampled_from(MODELS),
        "gpu": st.sampled_from(GPUS),
        "tp": st.sampled_from([1, 2, 4, 8]),
        "pp": st.sampled_from([1, 2]),
        "replicas": st.integers(1, 4),
        "weight_precision": st.sampled_from(["bf16", "fp8", "fp4", "int4"]),
        "kv_precision": st.sampled_from([None, "fp16", "fp8"]),
        "input_tokens": st.integers(1, 32_000),
        "output_tokens": st.integers(1, 8_000),
        "load": LOADS,
    }
)


def _predict(catalog: Catalog, raw: dict[str, Any]) -> dict[str, Any] | None:
    raw = dict(raw)
    raw["num_gpus"] = raw.pop("replicas") * raw["tp"] * raw["pp"]
    try:
        return predict_benchmark(
            catalog, BenchmarkScenario.model_validate(raw), CURRENT_CALIBRATION
        )
    except SizingError:
        return None


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return []
    if isinstance(value, dict):
        return [x for v in value.values() for x in _numbers(v)]
    if isinstance(value, list):
        return [x for v in value for x in _numbers(v)]
    return [float(value)]


@given(scenarios)
def test_no_nan_infinity_or_negative_figure(catalog: Catalog, raw: dict[str, Any]) -> None:
    answer = _predict(catalog, raw)
    assume(answer is not None)
    assert answer is not None
    for value in _numbers(answer):
        assert math.isfinite(value) and value >= 0, answer


def _deployment_or_skip(deploy, raw: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The drawn replica, or a rejected example when no engine runs that combination."""
    try:
        return deploy(
            raw["model"],
            raw["gpu"],
            raw["tp"],
            raw["pp"],
            raw["weight_precision"],
            raw["kv_precision"],
            raw["engine"],
        )
    except SizingError:
        assume(False)
        raise


@given(scenarios, st.floats(1.01, 3.0))
def test_more_memory_never_lowers_max_concurrency(catalog, deploy, raw, factor) -> None:  # type: ignore[no-untyped-def]
    dep = _deployment_or_skip(deploy, raw)
    tokens = raw["input_tokens"] + raw["output_tokens"]
    bigger = dataclasses.replace(dep, usable_memory_bytes=dep.usable_memory_bytes * factor)
    assert (
        memory_breakdown(bigger, tokens).max_sequences
        >= memory_breakdown(dep, tokens).max_sequences
    )


@given(scenarios, st.integers(1, 100_000))
def test_longer_context_never_lowers_memory_use(catalog, deploy, raw, extra) -> None:  # type: ignore[no-untyped-def]
    dep = _deployment_or_skip(deploy, raw)
    tokens = raw["input_tokens"] + raw["output_tokens"]
    short = memory_breakdown(dep, tokens).kv_bytes_per_sequence
    long = memory_breakdown(dep, tokens + extra).kv_bytes_per_sequence
    assert long >= short


@given(scenarios, st.integers(2, 4))
def test_more_gpus_never_lower_max_throughput(
    catalog: Catalog, raw: dict[str, Any], more: int
) -> None:
    raw = {**raw, "load": {"mode": "max_throughput"}}
    few = _predict(catalog, raw)
    assume(few is not None and few["fits"])
    many = _predict(catalog, {**raw, "replicas": raw["replicas"] * more})
    assert few is not None and many is not None
    assert many["output_tokens_per_s"] >= few["output_tokens_per_s"] * (1 - 1e-9)


@given(
    requests=st.integers(min_value=1, max_value=600),
    arrival_rate=st.one_of(st.just(math.inf), st.floats(min_value=0.01, max_value=500)),
    service_rate=st.floats(min_value=0.01, max_value=500),
    slots=st.floats(min_value=0, max_value=400),
)
def test_finite_run_queue_wait_matches_request_by_request(
    requests: int, arrival_rate: float, service_rate: float, slots: float
) -> None:
    by_request = 0.0
    for k in range(requests):
        arrival = 0.0 if math.isinf(arrival_rate) else k / arrival_rate
        by_request += max(arrival, (k - slots) / service_rate) - arrival
    expected = by_request / requests
    got = finite_run_queue_wait_s(requests, arrival_rate, service_rate, slots)
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)
