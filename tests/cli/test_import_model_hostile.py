"""Hostile configs given to `catalog import-model`, one parametrized test a class: each is
refused with the file and the key that is wrong, and the user's catalog stays byte for byte.

Hostile walk (7 December, hostile34), on the shared configs of Llama 3.1 8B (flat) and
Qwen3-VL 8B (its language model nested in text_config, as multimodal checkpoints write it).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.cli.main import main
from tests.catalog.test_hf_families import SHARED
from tests.cli.test_import_model import LLAMA_8B_CONFIG
from tests.conftest import UserDirs

VL_CONFIG: dict[str, Any] = {
    "model_type": "qwen3_vl",
    "architectures": ["Qwen3VLForConditionalGeneration"],
    "text_config": {
        "model_type": "qwen3_vl_text",
        "hidden_size": 4096,
        "intermediate_size": 12288,
        "num_hidden_layers": 36,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "vocab_size": 151936,
        "max_position_embeddings": 262144,
        "tie_word_embeddings": False,
        "dtype": "bfloat16",
    },
    "vision_config": {"depth": 27, "hidden_size": 1152},
}


@pytest.fixture
def models_file(user_dirs: UserDirs, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The user's models file, holding one model imported before."""
    config = tmp_path / "ours" / "config.json"
    config.parent.mkdir()
    config.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    assert main(["catalog", "import-model", str(config), "--id", "ours"]) == 0
    capsys.readouterr()
    return user_dirs.data / "aisle-desktop" / "catalog" / "models.json"


def _refused(capsys: pytest.CaptureFixture[str], models_file: Path, config: Path) -> str:
    """Why importing ``config`` is refused: the command's one message, the file named in it;
    the user's models file unchanged."""
    before = models_file.read_bytes()
    code = main(["catalog", "import-model", str(config), "--id", "hostile"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"aisle-desktop: {config}") and "Traceback" not in err
    assert models_file.read_bytes() == before
    return err


def _written(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "hostile" / "config.json"
    path.parent.mkdir(exist_ok=True)
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return path


def _changed(base: dict[str, Any], key: str, value: object) -> str:
    """``base`` as JSON with ``key`` (``text_config.x`` inside its text_config) set."""
    config = json.loads(json.dumps(base))
    holder = config["text_config"] if key.startswith("text_config.") else config
    holder[key.removeprefix("text_config.")] = value
    return json.dumps(config)


@pytest.mark.parametrize("cut", [1, 40, 200, -2])
def test_a_truncated_config(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str], cut: int
) -> None:
    text = json.dumps(LLAMA_8B_CONFIG, indent=2)
    err = _refused(capsys, models_file, _written(tmp_path, text[:cut]))
    assert ": not valid JSON at line " in err


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("num_hidden_layers", [32]),
        ("hidden_size", {"width": 4096}),
        ("num_attention_heads", True),
        ("num_key_value_heads", 8.5),
        ("vocab_size", 128256.0),
        ("intermediate_size", [14336]),
    ],
)
def test_a_count_of_the_wrong_type(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: object,
) -> None:
    err = _refused(capsys, models_file, _written(tmp_path, _changed(LLAMA_8B_CONFIG, key, value)))
    assert f": key {key}: must be a positive integer, got {json.dumps(value)}" in err


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("num_hidden_layers", 0, "must be a positive integer, got 0"),
        ("num_key_value_heads", -8, "must be a positive integer, got -8"),
        ("hidden_size", -4096, "must be a positive integer, got -4096"),
        (
            "num_hidden_layers",
            10**30,
            "must be at most 10,000, got 1000000000000000000000000000000",
        ),
        ("hidden_size", 10**15, "must be at most 1,000,000, got 1000000000000000"),
        ("vocab_size", 10**12, "must be at most 100,000,000, got 1000000000000"),
        ("max_position_embeddings", 10**12, "must be at most 100,000,000, got 1000000000000"),
        ("num_key_value_heads", 5, "must divide num_attention_heads (32) evenly, got 5"),
    ],
)
def test_a_negative_zero_or_huge_count(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    value: int,
    said: str,
) -> None:
    config = _written(tmp_path, _changed(LLAMA_8B_CONFIG, key, value))
    assert _refused(capsys, models_file, config) == f"aisle-desktop: {config}: key {key}: {said}\n"


@pytest.mark.parametrize(
    ("literal", "shown"),
    [("NaN", "nan"), ("Infinity", "inf"), ("-Infinity", "-inf"), ("1e400", "inf")],
)
@pytest.mark.parametrize("key", ["hidden_size", "num_key_value_heads"])
def test_nan_or_infinity_for_a_count(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    key: str,
    literal: str,
    shown: str,
) -> None:
    text = _changed(LLAMA_8B_CONFIG, key, 12345).replace("12345", literal)
    config = _written(tmp_path, text)
    err = _refused(capsys, models_file, config)
    assert err == f"aisle-desktop: {config}: key {key}: must be a positive integer, got {shown}\n"


@pytest.mark.parametrize("value", ["32", "4096", "32 layers", ""])
def test_a_string_for_a_number(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    config = _written(tmp_path, _changed(LLAMA_8B_CONFIG, "num_hidden_layers", value))
    err = _refused(capsys, models_file, config)
    said = f'key num_hidden_layers: must be a positive integer, got "{value}"'
    assert err == f"aisle-desktop: {config}: {said}\n"


def test_a_50_mb_config(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A config of 50 MB (a padding key of text) is refused by its size before it is read."""
    padded = {**LLAMA_8B_CONFIG, "padding": "x" * 50_000_000}
    config = _written(tmp_path, json.dumps(padded))
    assert _refused(capsys, models_file, config) == (
        f"aisle-desktop: {config}: is 50.0 MB; at most 20 MB\n"
    )


Mutation = Callable[[dict[str, Any]], None]


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (lambda c: c.update(text_config="qwen3"), ": key text_config: must be an object {...}"),
        (lambda c: c.update(text_config=[1]), ": key text_config: must be an object {...}"),
        (
            lambda c: c.pop("text_config"),
            ": key text_config: is missing (a qwen3_vl config holds its language model's keys",
        ),
        (
            lambda c: c["text_config"].pop("num_attention_heads"),
            " (text_config): key num_attention_heads / n_head: is missing",
        ),
        (
            lambda c: c["text_config"].update(hidden_size=10**30),
            " (text_config): key hidden_size: must be at most 1,000,000",
        ),
        (
            lambda c: c["text_config"].update(num_key_value_heads="8"),
            ' (text_config): key num_key_value_heads: must be a positive integer, got "8"',
        ),
        (
            lambda c: c["text_config"].update(model_type=7),
            " (text_config): key model_type: must be the model's family name",
        ),
    ],
    ids=["text", "list", "absent", "heads missing", "huge width", "string heads", "type 7"],
)
def test_a_multimodal_configs_nested_text_config(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    change: Mutation,
    said: str,
) -> None:
    config_data = json.loads(json.dumps(VL_CONFIG))
    change(config_data)
    config = _written(tmp_path, json.dumps(config_data))
    err = _refused(capsys, models_file, config)
    assert err.startswith(f"aisle-desktop: {config}{said}")


def test_the_nested_text_config_reads_as_the_shared_one_when_whole(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The recreation above is the shared Qwen3-VL 8B's language model (its counts agree)."""
    config = _written(tmp_path, json.dumps(VL_CONFIG))
    assert main(["catalog", "import-model", str(config), "--id", "vl"]) == 0
    entries = json.loads(models_file.read_text(encoding="utf-8"))["entries"]
    assert entries[-1]["total_params_b"] == 8.1907 and entries[-1]["num_layers"] == 36
    if SHARED is not None:
        shared = SHARED / "Qwen--Qwen3-VL-8B-Instruct_config.json"
        assert main(["catalog", "import-model", str(shared), "--id", "vl-shared"]) == 0
        entries = json.loads(models_file.read_text(encoding="utf-8"))["entries"]
        assert entries[-1]["total_params_b"] == 8.1907


@pytest.mark.parametrize(
    ("model_type", "said"),
    [
        ("llama9", ': Aisle cannot read this model\'s layers: its model_type is "llama9", not '),
        ("", ': key model_type: must be the model\'s family name (such as llama), got ""'),
        (None, ": key model_type: must be the model's family name (such as llama), got null"),
        (
            ["llama"],
            ': key model_type: must be the model\'s family name (such as llama), got ["llama"]',
        ),
    ],
)
def test_an_unknown_architecture(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    model_type: object,
    said: str,
) -> None:
    config = _written(tmp_path, _changed(LLAMA_8B_CONFIG, "model_type", model_type))
    assert _refused(capsys, models_file, config).startswith(f"aisle-desktop: {config}{said}")


def test_an_unknown_architecture_nested_in_text_config(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _written(tmp_path, _changed(VL_CONFIG, "text_config.model_type", "qwen9_text"))
    err = _refused(capsys, models_file, config)
    assert err.startswith(
        f"aisle-desktop: {config} (text_config): Aisle cannot read this model's layers: its "
        'model_type is "qwen9", not one of the'
    )


@pytest.mark.parametrize(
    ("name", "content", "said"),
    [
        (
            "generation_config.json",
            {"bos_token_id": 128000, "do_sample": True, "temperature": 0.6},
            "the model's generation settings (generation_config.json)",
        ),
        (
            "tokenizer_config.json",
            {"model_max_length": 131072, "tokenizer_class": "PreTrainedTokenizerFast"},
            "the tokenizer's settings (tokenizer_config.json)",
        ),
        (
            "model.safetensors.index.json",
            {"metadata": {"total_size": 16060522496}, "weight_map": {}},
            "the index of the model's weight files (model.safetensors.index.json)",
        ),
        (
            "hf_quant_config.json",
            {"producer": {"name": "modelopt"}, "quantization": {"quant_algo": "NVFP4"}},
            "NVIDIA ModelOpt's quantization (hf_quant_config.json, read with it)",
        ),
    ],
)
def test_another_file_of_the_models_folder_is_named_for_what_it_is(
    tmp_path: Path,
    models_file: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: dict[str, Any],
    said: str,
) -> None:
    """Hostile walk (hostile34): the other JSON files of a downloaded model's folder, chosen
    in place of its config.json, were refused as "key model_type: is missing"."""
    path = tmp_path / "Llama-3.1-8B" / name
    path.parent.mkdir()
    path.write_text(json.dumps(content), encoding="utf-8")
    assert _refused(capsys, models_file, path) == (
        f"aisle-desktop: {path}: {said}, not the model's config.json: import the config.json "
        "beside it\n"
    )


def test_a_config_without_its_model_type_is_still_said_so(
    tmp_path: Path, models_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = {k: v for k, v in LLAMA_8B_CONFIG.items() if k != "model_type"}
    path = _written(tmp_path, json.dumps({**config, "temperature": 0.6}))
    assert (
        _refused(capsys, models_file, path)
        == f"aisle-desktop: {path}: key model_type: is missing\n"
    )
