"""Bad scenario input is refused with a message naming the field, the value and the range."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import describe_validation_error
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

GOOD: dict[str, Any] = {
    "id": "x",
    "engine": "vllm",
    "model": "llama-3.1-8b",
    "gpu": "h100-sxm",
    "num_gpus": 1,
    "tp": 1,
    "pp": 1,
    "weight_precision": "fp8",
    "kv_precision": None,
    "input_tokens": 1000,
    "output_tokens": 100,
    "load": {"mode": "max_throughput"},
}


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"tp": 0}, "tp", "0"),
        ({"num_gpus": -8}, "num_gpus", "-8"),
        ({"input_tokens": 10**15}, "input_tokens", str(10**15)),
        ({"output_tokens": 0}, "output_tokens", "0"),
        ({"load": {"mode": "request_rate", "request_rate": float("nan")}}, "request_rate", "nan"),
        ({"load": {"mode": "request_rate", "request_rate": float("inf")}}, "request_rate", "inf"),
        ({"load": {"mode": "concurrency", "concurrency": -1}}, "concurrency", "-1"),
        ({"load": {"mode": "warp"}}, "load", "warp"),
        ({"weight_precision": "fp3"}, "weight_precision", "fp3"),
        ({"tp": "8"}, "tp", "'8'"),
    ],
)
def test_bad_fields_name_field_and_value(change: dict[str, Any], field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        BenchmarkScenario.model_validate({**GOOD, **change})
    message = describe_validation_error(caught.value)
    assert field in message and value in message


def test_num_gpus_must_hold_whole_replicas() -> None:
    with pytest.raises(ValidationError, match="multiple of tp x pp"):
        BenchmarkScenario.model_validate({**GOOD, "num_gpus": 6, "tp": 4})


def _predict(catalog: Catalog, **change: Any) -> dict[str, Any]:
    scenario = BenchmarkScenario.model_validate({**GOOD, **change})
    return predict_benchmark(catalog, scenario, CURRENT_CALIBRATION)


def test_tp_that_does_not_divide_heads_says_what_works(catalog: Catalog) -> None:
    with pytest.raises(
        SizingError, match=r"TP 3 does not divide the 32 attention heads.*\[1, 2, 4"
    ):
        _predict(catalog, tp=3, num_gpus=3)


def test_fp4_on_hopper_is_refused_with_alternatives(catalog: Catalog) -> None:
    with pytest.raises(SizingError, match=r"FP4.*H100.*runs"):
        _predict(catalog, weight_precision="fp4", engine="tensorrt-llm")


def test_unknown_ids_suggest_close_ones(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="h100-sxm"):
        _predict(catalog, gpu="h100-sxn")


def test_embedding_model_is_not_an_llm_deployment(catalog: Catalog) -> None:
    with pytest.raises(SizingError, match="embedding model"):
        _predict(catalog, model="bge-large-en-v1.5")
