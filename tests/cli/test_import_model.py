"""`catalog import-model`: a planner adds a model from its config.json without writing JSON."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from tests.conftest import UserDirs

# The Llama 3.1 8B config as Meta publishes it (keys the importer reads).
LLAMA_8B_CONFIG = {
    "architectures": ["LlamaForCausalLM"],
    "hidden_act": "silu",
    "hidden_size": 4096,
    "intermediate_size": 14336,
    "max_position_embeddings": 131072,
    "model_type": "llama",
    "num_attention_heads": 32,
    "num_hidden_layers": 32,
    "num_key_value_heads": 8,
    "rms_norm_eps": 1e-05,
    "rope_theta": 500000.0,
    "tie_word_embeddings": False,
    "torch_dtype": "bfloat16",
    "vocab_size": 128256,
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "config.json"
    path.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    return path


def models_file(user_dirs: UserDirs) -> Path:
    return user_dirs.data / "aisle-desktop" / "catalog" / "models.json"


def test_an_imported_model_is_added_to_the_users_catalog_and_listed(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, err) == (0, "")
    assert out == (
        f"Added model 'our-llama' (our-llama: 8.0 B parameters) in {models_file(user_dirs)}\n"
    )
    (entry,) = json.loads(models_file(user_dirs).read_text(encoding="utf-8"))["entries"]
    assert (entry["id"], entry["num_layers"], entry["total_params_b"]) == ("our-llama", 32, 8.0303)
    code, out, _ = run(capsys, "catalog", "list", "models")
    assert code == 0 and "our-llama" in out


def test_an_id_already_in_the_users_catalog_is_refused_and_the_file_kept(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    before = models_file(user_dirs).read_bytes()
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (2, "")
    assert "model 'our-llama' is already in your catalog" in err
    assert "pass --replace" in err
    assert models_file(user_dirs).read_bytes() == before


def test_replace_swaps_the_users_entry_and_keeps_the_others_verbatim(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs, tmp_path: Path
) -> None:
    run(capsys, "catalog", "import-model", str(config), "--id", "first")
    run(capsys, "catalog", "import-model", str(config), "--id", "second")
    wider = tmp_path / "wider.json"
    wider.write_text(json.dumps({**LLAMA_8B_CONFIG, "num_hidden_layers": 40}), encoding="utf-8")
    code, out, _ = run(capsys, "catalog", "import-model", str(wider), "--id", "first", "--replace")
    assert code == 0 and out.startswith("Replaced model 'first'")
    entries = json.loads(models_file(user_dirs).read_text(encoding="utf-8"))["entries"]
    assert [(e["id"], e["num_layers"]) for e in entries] == [("first", 40), ("second", 32)]


def test_a_shipped_id_needs_replace(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "llama-3.1-8b")
    assert (code, out) == (2, "")
    assert "model 'llama-3.1-8b' is a shipped model" in err
    assert not models_file(user_dirs).exists()


def test_a_config_it_cannot_read_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, user_dirs: UserDirs
) -> None:
    bad = tmp_path / "config.json"
    bad.write_text(json.dumps({**LLAMA_8B_CONFIG, "num_hidden_layers": 0}), encoding="utf-8")
    code, out, err = run(capsys, "catalog", "import-model", str(bad), "--id", "broken")
    assert (code, out) == (2, "")
    assert str(bad) in err and "\n" not in err.rstrip("\n")
    assert not models_file(user_dirs).exists()


def test_an_id_the_catalog_refuses_writes_nothing(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "has space")
    assert (code, out) == (2, "")
    assert "'has space'" in err
    assert not models_file(user_dirs).exists()


def test_a_failed_write_is_said_and_leaves_the_users_catalog_as_it_was(
    capsys: pytest.CaptureFixture[str],
    config: Path,
    user_dirs: UserDirs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, "catalog", "import-model", str(config), "--id", "first")
    before = models_file(user_dirs).read_bytes()

    def disk_full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "second")
    assert (code, out) == (2, "")
    assert err == (
        f"aisle-desktop: {models_file(user_dirs)}: could not be written "
        "(No space left on device); your catalog is unchanged\n"
    )
    assert models_file(user_dirs).read_bytes() == before
    assert sorted(p.name for p in models_file(user_dirs).parent.iterdir()) == ["models.json"]
