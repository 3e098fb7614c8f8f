"""An aggregated line of the 2025-26 set as InferenceX files it, for the tests of how such lines
are read: each test names its worked example's engine, model, GPU and lengths, and this fills in
the fields every such line repeats (one data-parallel rank, no expert split, the GPUs in one
tensor-parallel group)."""

from __future__ import annotations

from typing import Any


def aggregated_line(
    line_id: str,
    *,
    engine: str,
    model: str,
    gpu: str,
    weight_precision: str,
    tokens: tuple[int, int],
    clients: int,
    gpus: int = 1,
) -> dict[str, Any]:
    """The line's fields; `tokens` is (prompt, answer) as the line names them. A test varies
    the example with `aggregated_line(...) | changes`."""
    return {
        "id": line_id,
        "engine": engine,
        "engine_version": None,
        "model": model,
        "gpu": gpu,
        "weight_precision": weight_precision,
        "kv_precision": None,
        "input_tokens": tokens[0],
        "output_tokens": tokens[1],
        "load": {"mode": "concurrency", "concurrency": clients},
        "num_gpus": gpus,
        "tp": gpus,
        "pp": 1,
        "ep": 1,
        "attention_dp": 1,
        "scenario_kind": "aic_agg",
    }


def gpt_oss_b200_line(line_id: str, tokens: tuple[int, int], clients: int) -> dict[str, Any]:
    """InferenceX's gpt-oss-120b MXFP4 on 4 B200 under TensorRT-LLM (`gptoss_fp4_b200_trt.sh`),
    the worked example of the tests of that script's readings."""
    return aggregated_line(
        line_id,
        engine="tensorrt-llm",
        model="gpt-oss-120b",
        gpu="b200",
        weight_precision="mxfp4",
        tokens=tokens,
        clients=clients,
        gpus=4,
    )
