"""The quantization NVIDIA's ModelOpt exports keep beside their ``config.json``.

Hostile walk (7 December, hostile34): eleven of the 86 published configs (nvidia/DeepSeek-V3.1-
NVFP4, nvidia/Llama-3.1-70B-Instruct-FP8, the Nemotron 3 FP8 and NVFP4 exports...) name no
``quantization_config``: ModelOpt writes it to ``hf_quant_config.json`` in the same folder. Their
import read the dtype the config names (BF16) and sized four times the weights without a word.
Now the file beside is read when it is there, and when it is not and the model's own name says
it is quantized, the import says which precision it read and what to do.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.reading import read_json
from aisle_desktop.strict_json import shown_value

MODELOPT_FILE = "hf_quant_config.json"
# ModelOpt's names of the algorithms Aisle sizes, read as a config's quantization_config: NVFP4
# weights (the KV cache's own algorithm is apart), FP8 weights.
_READ_ALGORITHMS = ("NVFP4", "FP8")
# What a quantized export's name says (as a word of its own: "Qwen3-32B-FP8", "…-NVFP4"), and
# the precision Weights offers for it.
_NAMED = {
    "nvfp4": "fp4", "fp4": "fp4", "mxfp4": "mxfp4", "fp8": "fp8", "int8": "int8",
    "w8a8": "int8", "int4": "int4", "w4a16": "int4", "awq": "int4", "gptq": "int4",
}  # fmt: skip
_NAME_WORD = re.compile(
    r"(?<![a-z0-9])(" + "|".join(sorted(_NAMED, key=len, reverse=True)) + r")(?![a-z0-9])",
    re.IGNORECASE,
)
# The precisions as the Weights drop-down names them.
_SHOWN = {"fp4": "NVFP4", "mxfp4": "MXFP4", "fp8": "FP8", "int8": "INT8", "int4": "INT4"}
_WIDE = {"bf16", "fp16", "fp32"}


def _names_quantization(config: dict[str, Any]) -> bool:
    nested = config.get("text_config")
    inner = nested if isinstance(nested, dict) else {}
    return "quantization_config" in config or "quantization_config" in inner


def with_modelopt_quantization(config: dict[str, Any], path: Path) -> dict[str, Any]:
    """``config`` with the ``quantization`` of a ModelOpt ``hf_quant_config.json`` beside it
    as its ``quantization_config``, where the config names none; ``config`` as it is else.
    An algorithm Aisle does not size is refused by the file's key, as a config's own is."""
    beside = path.parent / MODELOPT_FILE
    if _names_quantization(config) or path.name == MODELOPT_FILE or not beside.is_file():
        return config
    data = read_json(beside, str(beside), finite=False)
    quantization = data.get("quantization") if isinstance(data, dict) else None
    algorithm = quantization.get("quant_algo") if isinstance(quantization, dict) else None
    if not isinstance(quantization, dict) or algorithm not in _READ_ALGORITHMS:
        shown = shown_value(algorithm if isinstance(quantization, dict) else quantization)
        raise CatalogError(
            f"{beside}: key quantization{'.quant_algo' if isinstance(quantization, dict) else ''}"
            f": Aisle reads {' or '.join(_READ_ALGORITHMS)} there, got {shown}; it sets the "
            "size of the weights, so Aisle will not guess (move the file aside to import the "
            "model at the dtype its config.json names)"
        )
    return {**config, "quantization_config": {"quant_method": "modelopt", **quantization}}


def named_precision_note(config: Path, model_name: str, precision: str) -> str | None:
    """What to tell a planner whose model's name (or its config's file or folder name) says
    it is quantized while its config read as 16- or 32-bit weights, or None."""
    if precision not in _WIDE:
        return None
    names = (model_name, config.stem, config.parent.name)
    found = next((m for name in names if (m := _NAME_WORD.search(name)) is not None), None)
    if found is None:
        return None
    word = found.group(1).upper()
    return (
        f"Note: its name says {word}, but its config.json names no quantization, so its "
        f"weights were read as {precision.upper()}, the dtype the config names. NVIDIA's "
        f"ModelOpt exports keep theirs in {MODELOPT_FILE}: import it again, replacing this one, "
        f"from the folder that holds both, or size the plan at {_SHOWN[_NAMED[word.lower()]]} "
        "(its weight precision)."
    )
