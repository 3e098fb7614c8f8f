"""Seeded mutations of every fixture config: each is imported or refused by name, never raised.

Hostile walk (7 December): 1,548 mutations of the 86 configs in model-configs found a
Nemotron block list holding a list ("TypeError: unhashable type") and refusals that named the
wrong key. Here a few of each kind run on every fixture: the text mutations of the plan and
catalog soak (`tests/fuzz/mutate.py`: cut short, a byte flipped, values replaced, keys dropped)
and a key the readers use set to a hostile value or removed, in the config or its text_config.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import CatalogError, import_hf_config
from tests.fuzz.mutate import HOSTILE_VALUES, mutate

FIXTURES = Path(__file__).parent / "fixtures"
CONFIGS = sorted(FIXTURES.glob("*/config.json"))
# Keys the family readers read, where a hostile value reaches arithmetic or a lookup.
READ_KEYS = (
    "num_hidden_layers",
    "hidden_size",
    "num_attention_heads",
    "num_key_value_heads",
    "head_dim",
    "vocab_size",
    "intermediate_size",
    "moe_intermediate_size",
    "max_position_embeddings",
    "torch_dtype",
    "dtype",
    "model_type",
    "n_routed_experts",
    "num_experts",
    "num_experts_per_tok",
    "kv_lora_rank",
    "q_lora_rank",
    "qk_rope_head_dim",
    "layer_types",
    "layers_block_type",
    "hybrid_override_pattern",
    "sliding_window",
    "quantization_config",
    "text_config",
    "tie_word_embeddings",
    "first_k_dense_replace",
    "moe_layer_freq",
)
SEED = 29


def _read_key_changed(text: str, rng: random.Random) -> bytes:
    """One key a reader uses, in the config or its text_config, given a hostile value or
    removed."""
    config: dict[str, Any] = json.loads(text)
    holders = [
        config,
        *([config["text_config"]] if isinstance(config.get("text_config"), dict) else []),
    ]
    holder = rng.choice(holders)
    present = [key for key in READ_KEYS if key in holder] or ["model_type"]
    key = rng.choice(present)
    if rng.random() < 0.25:
        holder.pop(key, None)
    else:
        holder[key] = rng.choice(HOSTILE_VALUES)
    return json.dumps(config).encode("utf-8")


def _cases() -> list[tuple[Path, int]]:
    return [(config, n) for config in CONFIGS for n in range(4)]


@pytest.mark.parametrize(
    ("config", "n"), _cases(), ids=[f"{c.parent.name}-{n}" for c, n in _cases()]
)
def test_a_mutated_config_is_imported_or_refused_by_name(
    tmp_path: Path, config: Path, n: int
) -> None:
    text = config.read_text(encoding="utf-8")
    rng = random.Random(f"{SEED}-{config.parent.name}-{n}")
    data = mutate(text, rng.randrange(1 << 30)) if n % 2 else _read_key_changed(text, rng)
    path = tmp_path / "config.json"
    path.write_bytes(data)
    try:
        import_hf_config(path, "mutated")
    except CatalogError as refused:
        assert str(refused).startswith(str(path)), str(refused)
