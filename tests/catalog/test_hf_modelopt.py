"""NVIDIA's ModelOpt exports: the quantization kept in ``hf_quant_config.json`` beside the
config is read, and a quantized export read at its config's dtype is said.

Hostile walk (7 December, hostile34): eleven of the 86 shared configs (nvidia/DeepSeek-V3.1-
NVFP4, nvidia/Llama-3.1-70B-Instruct-FP8, the Nemotron 3 exports...) were imported at BF16
without a word, four times the weights their checkpoints hold.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from aisle_desktop.catalog import CatalogError, import_hf_config
from aisle_desktop.cli.main import main
from tests.cli.test_import_model import LLAMA_8B_CONFIG
from tests.conftest import UserDirs

MODELOPT_NVFP4 = {
    "producer": {"name": "modelopt", "version": "0.31.0"},
    "quantization": {
        "quant_algo": "NVFP4",
        "kv_cache_quant_algo": None,
        "group_size": 16,
        "exclude_modules": ["lm_head"],
    },
}


def _download(tmp_path: Path, folder: str, beside: object | None = None) -> Path:
    """A model's folder as downloaded: its config.json, and ``beside`` as hf_quant_config.json."""
    path = tmp_path / folder / "config.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    if beside is not None:
        (path.parent / "hf_quant_config.json").write_text(json.dumps(beside), encoding="utf-8")
    return path


@pytest.mark.parametrize(("algorithm", "precision"), [("NVFP4", "fp4"), ("FP8", "fp8")])
def test_the_quantization_beside_the_config_sets_the_weights(
    tmp_path: Path, algorithm: str, precision: str
) -> None:
    quant = {**MODELOPT_NVFP4, "quantization": {"quant_algo": algorithm}}
    model = import_hf_config(_download(tmp_path, "Llama-8B-Q", quant), "x")
    assert model.native_precision == precision
    assert (
        model.total_params_b == import_hf_config(_download(tmp_path, "plain"), "y").total_params_b
    )


@pytest.mark.parametrize(
    ("beside", "said"),
    [
        (
            {"quantization": {"quant_algo": "W4A8_AWQ"}},
            'key quantization.quant_algo: Aisle reads NVFP4 or FP8 there, got "W4A8_AWQ"',
        ),
        ({"quantization": [1]}, "key quantization: Aisle reads NVFP4 or FP8 there, got [1]"),
        ({"producer": {}}, "key quantization: Aisle reads NVFP4 or FP8 there, got null"),
    ],
)
def test_a_quantization_beside_it_aisle_does_not_size_is_refused_by_its_key(
    tmp_path: Path, beside: object, said: str
) -> None:
    config = _download(tmp_path, "Llama-8B-Q", beside)
    with pytest.raises(CatalogError) as refused:
        import_hf_config(config, "x")
    assert str(refused.value).startswith(f"{config.parent / 'hf_quant_config.json'}: {said}; ")


def test_a_config_naming_its_own_quantization_keeps_it(tmp_path: Path) -> None:
    config = _download(tmp_path, "Llama-8B-Q", MODELOPT_NVFP4)
    config.write_text(
        json.dumps({**LLAMA_8B_CONFIG, "quantization_config": {"quant_method": "fp8"}}),
        encoding="utf-8",
    )
    assert import_hf_config(config, "x").native_precision == "fp8"


@pytest.mark.parametrize(
    ("folder", "note"),
    [
        ("Llama-3.1-8B-Instruct-FP8", "FP8"),
        ("DeepSeek-V3.1-NVFP4", "NVFP4"),
        ("Llama-3.1-8B-Instruct", None),
        ("Nemotron-3-Nano-30B-A3B-BF16", None),
    ],
)
def test_an_export_named_quantized_but_read_wide_is_said_on_import(
    tmp_path: Path,
    user_dirs: UserDirs,
    capsys: pytest.CaptureFixture[str],
    folder: str,
    note: str | None,
) -> None:
    config = _download(tmp_path, folder)
    assert main(["catalog", "import-model", str(config), "--id", "mine"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Added model 'mine' (")
    if note is None:
        assert len(lines) == 1
        return
    assert lines[1:] == [
        f"Note: its name says {note}, but its config.json names no quantization, so its "
        "weights were read as BF16, the dtype the config names. NVIDIA's ModelOpt exports keep "
        "theirs in hf_quant_config.json: import it again, replacing this one, from the folder "
        f"that holds both, or size the plan at {note} (its weight precision)."
    ]


def test_an_export_whose_quantization_is_read_says_nothing_more(
    tmp_path: Path, user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _download(tmp_path, "DeepSeek-V3.1-NVFP4", MODELOPT_NVFP4)
    assert main(["catalog", "import-model", str(config), "--id", "mine"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1


@pytest.mark.parametrize("kind", ["folder", "pipe", "loop"])
def test_a_quantization_file_that_is_not_a_file_is_passed_over_without_waiting(
    tmp_path: Path, kind: str
) -> None:
    """A folder, a pipe (whose read would wait for a writer) or a loop of links by that name
    is not ModelOpt's file: the config is read at its own dtype."""
    config = _download(tmp_path, "Llama-8B-NVFP4")
    beside = config.parent / "hf_quant_config.json"
    if kind == "folder":
        beside.mkdir()
    elif kind == "pipe":
        os.mkfifo(beside)
    else:
        os.symlink(config.parent / "other.json", beside)
        os.symlink(beside, config.parent / "other.json")
    assert import_hf_config(config, "x").native_precision == "bf16"


def test_a_models_folder_is_imported_from_its_config_and_quantization(
    tmp_path: Path, user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """`catalog import-model FOLDER`, as the note advises: the config.json in it, with the
    quantization ModelOpt wrote beside it."""
    config = _download(tmp_path, "DeepSeek-V3.1-NVFP4", MODELOPT_NVFP4)
    assert main(["catalog", "import-model", str(config.parent), "--id", "mine"]) == 0
    assert capsys.readouterr().out.count("\n") == 1
    models = user_dirs.data / "aisle-desktop" / "catalog" / "models.json"
    (entry,) = json.loads(models.read_text(encoding="utf-8"))["entries"]
    assert entry["native_precision"] == "fp4"
    assert entry["sources"] == [f"local file {config}"]


def test_a_folder_without_a_config_is_refused_by_name(
    tmp_path: Path, user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "weights-only"
    folder.mkdir()
    assert main(["catalog", "import-model", str(folder), "--id", "mine"]) == 2
    assert capsys.readouterr().err == (
        f"aisle-desktop: {folder}: is a folder with no config.json in it; give the model's "
        "config.json (it comes with the weights), or the folder that holds it\n"
    )
