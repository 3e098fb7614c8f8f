"""Every number of a shared config, made hostile one at a time: imported, or refused naming
the file and the config's own key, within a second.

Hostile walk (hostile36): a ``moe_intermediate_size`` of 1e30 was refused as "field
total_params_b: must be at most 100,000", a field no config holds; a ``first_k_dense_replace``
past the layers as "field moe.num_moe_layers"; a NaN or 1e308 inside Kimi K3's
``linear_attn_config`` or MiniMax M3's ``sparse_attention_config`` raised out of the import
(ValueError, OverflowError).
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, import_hf_config
from tests.fuzz.mutate import MISSING, changed_at

FIXTURES = Path(__file__).parent / "fixtures"
# One config of each reader (and of each nesting: text_config, linear_attn_config,
# sparse_attention_config); the sweep of all 42 found nothing more and took minutes.
SAMPLED = (
    "llama-3.1-8b",
    "deepseek-v3",
    "kimi-k3",
    "minimax-m3",
    "qwen3.5-35b-a3b",
    "gemma-4-26b-a4b",
    "nemotron-3-nano-30b-a3b",
    "gpt-oss-20b",
)
CONFIGS = [FIXTURES / name / "config.json" for name in SAMPLED]
# Objects whose numbers no reader takes one by one: the vision tower's, and a quantization's
# per-layer map (hundreds of entries read as a whole, `hf_checkpoint`).
UNREAD = frozenset({"vision_config", "quantization_config", "rope_scaling", "rope_parameters"})
HOSTILE = {
    "zero": 0,
    "negative": -1,
    "huge": 10**30,
    "1e308": 1e308,
    "NaN": math.nan,
    "a string": "12",
    "missing": MISSING,
}
ONE_SECOND = 1.0


def _numbers(config: dict[str, Any], path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The path to every number of ``config``, nested objects included."""
    for key, value in config.items():
        if isinstance(value, dict) and key not in UNREAD:
            yield from _numbers(value, (*path, key))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield (*path, key)


@pytest.mark.parametrize("config", CONFIGS, ids=[c.parent.name for c in CONFIGS])
def test_every_number_made_hostile_is_refused_by_its_key(tmp_path: Path, config: Path) -> None:
    original = json.loads(config.read_text(encoding="utf-8"))
    path = tmp_path / "config.json"
    wrong = []
    for where in _numbers(original):
        for said, value in HOSTILE.items():
            path.write_text(json.dumps(changed_at(original, where, value)), encoding="utf-8")
            start = time.monotonic()
            try:
                import_hf_config(path, "hostile")
                refusal = None
            except CatalogError as refused:
                refusal = str(refused)
            took = time.monotonic() - start
            named = refusal is None or (
                refusal.startswith(str(path))
                and any(re.search(rf"\b{re.escape(key)}\b", refusal) for key in where)
            )
            if not named or took > ONE_SECOND:
                wrong.append(f"{'.'.join(where)} {said} ({took:.2f} s): {refusal}")
    assert wrong == []


def _config(name: str, **changes: object) -> dict[str, Any]:
    config = json.loads((FIXTURES / name / "config.json").read_text(encoding="utf-8"))
    config.update(changes)
    return config


def _refusal(tmp_path: Path, config: dict[str, Any]) -> str:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(CatalogError) as refused:
        import_hf_config(path, "hostile")
    return str(refused.value).removeprefix(f"{path}")


def test_a_key_past_what_the_catalog_takes_of_its_kind_is_named(tmp_path: Path) -> None:
    config = _config("deepseek-v3", moe_intermediate_size=10**30)
    assert _refusal(tmp_path, config) == (
        ": key moe_intermediate_size: must be at most 10,000,000, "
        "got 1000000000000000000000000000000"
    )


def test_a_total_too_large_names_the_keys_that_weigh_most(tmp_path: Path) -> None:
    """100,000 routed experts is as many as the catalog takes; DeepSeek-V3 with them is a
    model of 255 trillion parameters."""
    assert _refusal(tmp_path, _config("deepseek-v3", n_routed_experts=100_000)) == (
        ": keys n_routed_experts 100,000 and hidden_size 7,168 give total parameters of "
        "255,492 billion, more than the 100,000 billion a catalog entry takes"
    )


def test_dense_layers_first_that_leave_no_moe_layer_are_named(tmp_path: Path) -> None:
    assert _refusal(tmp_path, _config("deepseek-v3", first_k_dense_replace=61)) == (
        ": key first_k_dense_replace: 61 dense layers first leave no MoE layer of the model's 61"
    )


@pytest.mark.parametrize(
    ("name", "holder", "key"),
    [
        ("kimi-k3", "linear_attn_config", "num_heads"),
        ("minimax-m3", "sparse_attention_config", "sparse_index_dim"),
    ],
)
def test_a_nested_number_is_named_by_its_whole_key(
    tmp_path: Path, name: str, holder: str, key: str
) -> None:
    config = _config(name)
    text = config.get("text_config", config)
    text[holder][key] = math.nan
    assert f"key {holder}.{key}: must be a positive integer, got nan" in _refusal(tmp_path, config)


def test_a_qwen_moe_config_without_its_experts_says_which_keys_to_give(tmp_path: Path) -> None:
    config = _config("qwen3.5-35b-a3b")
    del config["text_config"]["num_experts"]
    assert _refusal(tmp_path, config) == (
        " (text_config): key num_experts: is missing, and so is intermediate_size: a mixture of "
        "experts gives num_experts, a dense model intermediate_size"
    )
