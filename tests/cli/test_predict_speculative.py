"""`predict` lines that ask for speculative decoding, and `catalog export`'s cache figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_cli import run

LINE = {
    "engine": "vllm",
    "model": "qwen3.5-397b-a17b",
    "gpu": "b200",
    "num_gpus": 8,
    "tp": 8,
    "weight_precision": "fp8",
    "input_tokens": 2000,
    "output_tokens": 500,
    "load": {"mode": "concurrency", "concurrency": 1},
}


def test_predict_drafts_with_mtp_and_refuses_what_cannot(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = {"method": "mtp", "draft_tokens": 3, "acceptance": 0.7}
    lines = [
        LINE | {"id": "plain"},
        LINE | {"id": "mtp", "speculative": spec},
        LINE | {"id": "no-mtp", "model": "llama-3.1-70b", "speculative": spec},
        LINE | {"id": "bad", "speculative": spec | {"draft_tokens": 0}},
    ]
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "predict", str(path))
    plain, mtp, no_mtp, bad = (json.loads(x) for x in out.splitlines())
    assert code == 1
    assert mtp["tokens_per_step"] == pytest.approx((1 - 0.7**4) / 0.3)
    assert mtp["tpot_ms"] < plain["tpot_ms"] / 1.5
    assert mtp["memory_per_gpu_gb"]["weights"] > plain["memory_per_gpu_gb"]["weights"]
    assert "tokens_per_step" not in plain
    assert "ships no MTP layers" in no_mtp["error"]
    assert "draft_tokens" in bad["error"]


def test_export_gives_growing_and_constant_cache(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog", "export")
    models = {m["id"]: m for m in json.loads(out)["models"]}
    assert code == 0
    qwen = models["qwen3.5-397b-a17b"]
    assert qwen["kv_bytes_per_token_16bit"] == 30_720
    # 45 layers x (64 x 128 x 128 state + 3 x 12,288 conv) elements at 16 bits
    assert qwen["state_bytes_per_sequence_16bit"] == 45 * (64 * 128 * 128 + 3 * 12_288) * 2
    assert {g["kind"] for g in qwen["cache_layers"]} == {"linear", "full"}
    assert models["deepseek-v3.2"]["kv_bytes_per_token_16bit"] == 85_888
    assert models["llama-3.1-70b"]["state_bytes_per_sequence_16bit"] == 0
