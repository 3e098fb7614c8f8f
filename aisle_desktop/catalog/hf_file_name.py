"""The model a config file's own name names, where it was saved under it.

A config downloaded one by one is saved as "<organisation>--<model>_config.json" (the shape a
Hugging Face cache gives a model's folder, "models--Qwen--Qwen3-8B"); without a
``_name_or_path`` in it, that name is all that says which model it is.
"""

from __future__ import annotations

import re
from pathlib import Path

# A config saved under its model's name ends so: "Qwen3-8B_config.json", "llama-config.json".
_CONFIG_WORD = re.compile(r"[._-]config$", re.IGNORECASE)


def named_by_its_file(stem: str) -> str:
    """The model a config file's own name names: after the organisation a Hugging Face cache
    writes before it with "--" ("Qwen--Qwen3-8B", as in "models--Qwen--Qwen3-8B"), without a
    trailing "_config" ("Qwen--Qwen3-8B_config" was offered as the id "qwen--qwen3-8b_config",
    and the Model box named the model so)."""
    name = stem.rsplit("--", 1)[-1]
    return _CONFIG_WORD.sub("", name) or name


def model_named_by_file(path: Path) -> str | None:
    """The model's name from a file saved as "<model>_config.json" ("Qwen3-VL-32B-Instruct"
    from "Qwen--Qwen3-VL-32B-Instruct_config.json"); None for any other name ("config.json",
    whose folder may be a snapshot's hash, or a name that is not the model's)."""
    if not _CONFIG_WORD.search(path.stem):
        return None
    return named_by_its_file(path.stem).strip() or None
