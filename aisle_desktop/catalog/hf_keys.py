"""Reading Hugging Face ``config.json`` keys, whatever each architecture calls them.

GPT-J says ``n_embd`` where Llama says ``hidden_size``; Gemma 3 and Llama 4 nest the language
model under ``text_config``. These helpers hide the spelling and fail with the key's name.
"""

from __future__ import annotations

import json
from typing import Any

from aisle_desktop.catalog.errors import CatalogError
from aisle_desktop.catalog.hf_key_ceilings import key_ceiling
from aisle_desktop.strict_json import excerpt, shown_value

# Families whose language model lives under "text_config" in the multimodal checkpoint.
NESTED_TEXT = {"gemma3", "llama4", "mistral3"}
# Newer wrappers name their language model's own type inside "text_config"; that type (less a
# "_text" suffix, through ALIASES) decides how it is read.
# What a label of the keys read from a config's text_config ends with.
TEXT_CONFIG = " (text_config)"
NESTED_BY_INNER_TYPE = {
    "gemma4",
    "qwen3_5",
    "qwen3_5_moe",
    "qwen3_vl",
    "qwen3_vl_moe",
    "kimi_k25",
    "kimi_k3",
    "minimax_m3_vl",
}
ALIASES = {
    "qwen3_vl": "qwen3",
    "qwen3_vl_moe": "qwen3_moe",
    "minimax_m3_vl": "minimax_m3",
    "deepseek_ref": "deepseek_v4",  # SGLang's reference FP8 export of DeepSeek-V4
}

# The names a config gives its count of layers (`arch_shape` reads the first present).
LAYER_COUNT_KEYS = ("num_hidden_layers", "n_layer", "num_layers")
# Keys the published configs omit because transformers' config class supplies them.
FAMILY_DEFAULTS: dict[str, dict[str, Any]] = {
    "gemma3": {"vocab_size": 262_208, "max_position_embeddings": 131_072},
    "gemma3_text": {"vocab_size": 262_208, "max_position_embeddings": 131_072},
    # Step 3.5's modeling gates each head's output and norms q and k unless told otherwise.
    "step3p7": {"use_head_wise_attn_gate": True, "use_qk_norm": True},
}

# transformers' default for tie_word_embeddings differs per family; the config often omits it.
TIED_BY_DEFAULT = {"gemma", "gemma2", "gemma3", "gemma3_text", "falcon", "bert"}


class Keys:
    """A config dict with typed, error-reporting getters. Every number read is kept in
    ``numbers_read`` (by the key's name as a refusal writes it): a total worked out from them
    that no catalog entry takes is refused by the keys it came from (`hf_import._refusal`)."""

    def __init__(
        self,
        data: dict[str, Any],
        label: str,
        within: str = "",
        numbers_read: dict[str, int] | None = None,
    ) -> None:
        self.data = data
        self.label = label
        self._within = within
        self.numbers_read: dict[str, int] = {} if numbers_read is None else numbers_read

    def nested(self, name: str) -> Keys:
        """The keys of the object at ``name`` ("linear_attn_config"), refused by their whole
        name ("key linear_attn_config.num_heads"): read with int() as they were, a 1e308 or a
        NaN there raised out of the import. An absent object reads as an empty one."""
        value = self.data.get(name)
        data = value if isinstance(value, dict) else {}
        return Keys(data, self.label, f"{self._within}{name}.", self.numbers_read)

    def _fail(self, names: tuple[str, ...], what: str) -> CatalogError:
        whole = " / ".join(f"{self._within}{name}" for name in names)
        return CatalogError(f"{self.label}: key {whole}: {what}")

    def _within_ceiling(self, name: str, value: int) -> int:
        """``value``, read at ``name``, if no more than the catalog takes of its kind
        (`key_ceiling`); refused by that key otherwise, before any total is worked out."""
        ceiling = key_ceiling(name)
        if value > ceiling:
            shown = excerpt(str(value), 40)
            raise self._fail((name,), f"must be at most {ceiling:,}, got {shown}")
        self.numbers_read[f"{self._within}{name}"] = value
        return value

    def fail(self, name: str, what: str) -> CatalogError:
        """An error naming this config and one of its keys."""
        return self._fail((name,), what)

    def has(self, name: str) -> bool:
        return self.data.get(name) is not None

    def get_int(self, *names: str, default: int | None = None) -> int:
        """The first of ``names`` present, as a positive integer."""
        for name in names:
            value = self.data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise self._fail((name,), f"must be a positive integer, got {shown_value(value)}")
            return self._within_ceiling(name, value)
        if default is None:
            raise self._fail(names, "is missing")
        return default

    def layer_count(self, *names: str) -> int:
        """The model's number of layers, the first of ``names`` present. Readers list the
        layers one by one (which are MoE, which attend in full), so a count past the most the
        catalog takes is refused (`key_ceiling`), before any list: ``1e30`` written out as a
        whole number filled the memory until the system killed Aisle."""
        return self.get_int(*names)

    def mtp_depth(self, *names: str) -> int:
        """How many MTP layers the checkpoint carries, the first of ``names`` present (0 when
        absent). Layers like the model's own, so no more than the catalog takes of those: past
        a billion the layer group the readers build from it refused it as a bare "field count",
        naming neither the file nor the key, and the window's import stopped on it."""
        return self.get_count(*names)

    def get_count(self, *names: str) -> int:
        """The first of ``names`` present as a whole number that may be 0; 0 when absent."""
        for name in names:
            value = self.data.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise self._fail((name,), f"must be a whole number, got {shown_value(value)}")
            return self._within_ceiling(name, value)
        return 0

    def dense_layers_first(self, layers: int) -> int:
        """``first_k_dense_replace``: how many of the ``layers`` come before the first MoE
        layer (0 when absent). One that leaves no MoE layer is refused by this key: it was
        refused as "field moe.num_moe_layers: must be at least 1", a field the config does
        not have."""
        dense = self.get_count("first_k_dense_replace")
        if dense >= layers:
            raise self.fail(
                "first_k_dense_replace",
                f"{dense:,} dense layers first leave no MoE layer of the model's {layers:,}",
            )
        return dense

    def opt_int(self, *names: str) -> int | None:
        value = self.get_int(*names, default=0)
        return value if value > 0 else None

    def flag(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self._fail((name,), f"must be true or false, got {shown_value(value)}")
        return value

    def get_str(self, name: str, default: str = "") -> str:
        """The text at ``name``; ``default`` when absent or null. Anything else is refused: a
        number where a dtype belongs was read as the default without a word."""
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self._fail((name,), f"must be a text, got {excerpt(json.dumps(value), 40)}")
        return value

    def head_dim(self, hidden: int, heads: int) -> int:
        """The config's ``head_dim``, else ``hidden`` split evenly over ``heads``. A width the
        heads do not divide was floored (4,096 over 48 heads: 85 channels a head, the rest
        dropped) and sized a narrower model than the config's, so it is refused instead."""
        if self.has("head_dim"):
            return self.get_int("head_dim")
        if hidden % heads:
            raise self.fail(
                "num_attention_heads",
                f"{heads:,} heads do not divide hidden_size {hidden:,} and the config gives no "
                "head_dim, so Aisle will not guess how wide a head is",
            )
        return hidden // heads

    def get_list(self, name: str) -> list[Any] | None:
        value = self.data.get(name)
        return value if isinstance(value, list) else None


def _what_it_is(config: dict[str, Any]) -> str | None:
    """What a JSON object without ``model_type`` is when it is one of Aisle's own files: a
    plan or a catalog file chosen by mistake was refused as "key model_type: is missing",
    which sent the planner to look for a key no such file has."""
    if config.get("format") == "aisle-plan":
        return (
            "an Aisle plan, not a model's config.json (File > Open, or `aisle-desktop size`, "
            "reads a plan)"
        )
    if isinstance(config.get("entries"), list):
        return (
            "a catalog file of Aisle's (its \"entries\"), not a model's config.json: import "
            "the config.json that came with the model's weights"
        )
    kind = next((what for key, what in _BESIDE_THE_CONFIG if key in config), None)
    if kind is not None and not any(key in config for key in _A_MODELS_OWN):
        # Hostile walk (hostile34): the other files of a model's folder were refused as "key
        # model_type: is missing", which sent the planner looking for a key.
        return f"{kind}, not the model's config.json: import the config.json beside it"
    return None


# Keys of the other JSON files a Hugging Face model's folder holds, and what each file is.
_BESIDE_THE_CONFIG = (
    ("weight_map", "the index of the model's weight files (model.safetensors.index.json)"),
    ("quantization", "NVIDIA ModelOpt's quantization (hf_quant_config.json, read with it)"),
    ("tokenizer_class", "the tokenizer's settings (tokenizer_config.json)"),
    ("do_sample", "the model's generation settings (generation_config.json)"),
    ("temperature", "the model's generation settings (generation_config.json)"),
    ("top_p", "the model's generation settings (generation_config.json)"),
)
# Keys only a model's own config holds: a config with one but no model_type is said so.
_A_MODELS_OWN = ("architectures", "hidden_size", "num_hidden_layers", "text_config")


def _family_name(model_type: object, label: str) -> str:
    """A config's ``model_type`` if it is a family's name; CatalogError naming it otherwise."""
    if not isinstance(model_type, str) or not model_type:
        shown = excerpt(json.dumps(model_type), 40)
        raise CatalogError(
            f"{label}: key model_type: must be the model's family name (such as llama), got {shown}"
        )
    return model_type


def text_keys(config: dict[str, Any], label: str) -> tuple[Keys, str]:
    """The keys of the language model and its family name (``model_type``)."""
    if "model_type" not in config:
        raise CatalogError(f"{label}: {_what_it_is(config) or 'key model_type: is missing'}")
    model_type = _family_name(config["model_type"], label)
    nested = config.get("text_config")
    wrapped = model_type in NESTED_TEXT | NESTED_BY_INNER_TYPE
    if wrapped and nested is not None and not isinstance(nested, dict):
        shown = excerpt(json.dumps(nested), 40)
        raise CatalogError(
            f"{label}: key text_config: must be an object {{...}} holding the language model's "
            f"keys, got {shown}"
        )
    if wrapped and nested is None and not any(k in config for k in LAYER_COUNT_KEYS):
        # Was "key num_hidden_layers / n_layer / num_layers: is missing", a key no such
        # wrapper holds at its top.
        raise CatalogError(
            f"{label}: key text_config: is missing (a {model_type} config holds its language "
            "model's keys there)"
        )
    if isinstance(nested, dict) and wrapped:
        merged = dict(nested)
        # The outer config carries the multimodal checkpoint's own flags (Llama 4 unties).
        for key in ("tie_word_embeddings", "torch_dtype", "dtype", "quantization_config"):
            if key in config and key not in merged:
                merged[key] = config[key]
        if model_type in NESTED_BY_INNER_TYPE and "model_type" in nested:
            # Its family is the inner one: a bad inner name is said as such, not as the outer
            # wrapper's ("kimi_k25 is not a family Aisle knows" for a text_config's 0.5).
            inner = _family_name(nested["model_type"], f"{label}{TEXT_CONFIG}")
            model_type = inner.removesuffix("_text")
        model_type = ALIASES.get(model_type, model_type)
        return Keys(
            {**FAMILY_DEFAULTS.get(model_type, {}), **merged}, f"{label}{TEXT_CONFIG}"
        ), model_type
    model_type = ALIASES.get(model_type, model_type)
    return Keys({**FAMILY_DEFAULTS.get(model_type, {}), **config}, label), model_type
