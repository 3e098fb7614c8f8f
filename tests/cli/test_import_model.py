"""`catalog import-model`: a planner adds a model from its config.json without writing JSON."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import model_import
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
    assert out == (f"Added model 'our-llama' (8.0 B parameters) in {models_file(user_dirs)}\n")
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


@pytest.mark.parametrize(
    ("holds", "said"),
    [
        (b"garbage{", "not valid JSON at line 1 column 1: a value is missing"),
        (b"\xff\xfe[\x00]\x00", 'UTF-16 text (as Windows saves "Unicode"), not UTF-8'),
    ],
)
def test_a_broken_models_file_of_ones_own_is_named_as_what_stops_the_import(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs, holds: bytes, said: str
) -> None:
    """Hostile walk: "models.json: not valid JSON at line 1" alone read as if the config
    chosen were at fault, and said neither that nothing was imported nor what to do."""
    models = models_file(user_dirs)
    models.parent.mkdir(parents=True)
    models.write_bytes(holds)
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"aisle-desktop: {models}: {said}; your own models file is kept as it is, so nothing "
        "was imported: mend it, or move it aside to start a new one"
    )
    assert models.read_bytes() == holds


def test_a_models_file_that_is_a_loop_of_links_is_named_and_kept(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    """Hostile walk (hostile31): a models.json linking to itself read as absent, and the
    import then stopped on copying the folder with Python's list of errors."""
    models = models_file(user_dirs)
    models.parent.mkdir(parents=True)
    models.symlink_to(models.name)
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"aisle-desktop: {models}: is a loop of symbolic links, not a file; your own models "
        "file is kept as it is, so nothing was imported: mend it, or move it aside to start a "
        "new one"
    )
    assert os.readlink(models) == models.name


@pytest.mark.parametrize("kind", ["pipe", "link-loop"])
def test_a_pipe_or_a_loop_of_links_among_ones_catalog_files_does_not_stop_an_import(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs, kind: str
) -> None:
    """Hostile walk (hostile31): gpus.json a pipe or a link to itself (the catalog leaves it
    out, and says so) stopped every import: "could not be copied to check the new entry
    ([('…/gpus.json', '/tmp/aisle-import-…/catalog/gpus.json', '… is a named pipe')])"."""
    models = models_file(user_dirs)
    models.parent.mkdir(parents=True)
    odd = models.parent / "gpus.json"
    if kind == "pipe":
        os.mkfifo(odd)
    else:
        odd.symlink_to(odd.name)
    code, out, _err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (0, f"Added model 'our-llama' (8.0 B parameters) in {models}\n")
    assert os.path.lexists(odd) and not odd.is_file()  # left as it was


def test_a_models_file_linked_elsewhere_is_written_through_its_link(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    models = models_file(user_dirs)
    (models.parent / "shared").mkdir(parents=True)
    real = models.parent / "shared" / "models.json"
    real.write_text('{"entries": []}', encoding="utf-8")
    models.symlink_to(Path("shared") / "models.json")
    code, _out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, err) == (0, "")
    assert models.is_symlink()
    (entry,) = json.loads(real.read_text(encoding="utf-8"))["entries"]
    assert entry["id"] == "our-llama"


def test_a_file_where_ones_own_catalog_folder_goes_is_named_as_such(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    """Hostile walk (7 December): a file named "catalog" where the folder goes was said as
    "could not be made or opened (File exists)"."""
    folder = models_file(user_dirs).parent
    folder.parent.mkdir(parents=True)
    folder.write_bytes(b"not a folder")
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"aisle-desktop: {folder}: is not a folder (your own catalog files go in a folder "
        "there): move it aside; your catalog is unchanged"
    )
    assert folder.read_bytes() == b"not a folder"


def test_an_id_whose_entry_is_broken_says_so_and_where(
    capsys: pytest.CaptureFixture[str], config: Path, user_dirs: UserDirs
) -> None:
    """The walk: an entry of the user's that the catalog leaves out (a hand edit gone wrong)
    was called "already in your catalog", where `catalog list models` did not show it."""
    run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    path = models_file(user_dirs)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][0]["hidden_size"] = -5
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "our-llama")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        "aisle-desktop: model 'our-llama' has a broken entry in your catalog, which leaves it "
        f'out: {path}: entry 1 (id "our-llama"): field hidden_size: must be at least 1, got -5; '
        "pass --replace to use yours in its place, or choose another --id"
    )
    assert path.read_bytes() == before
    code, out, _ = run(
        capsys, "catalog", "import-model", str(config), "--id", "our-llama", "--replace"
    )
    assert code == 0 and out.startswith("Replaced model 'our-llama'")
    _, listed, _ = run(capsys, "catalog", "list", "models")
    assert "our-llama" in listed


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


IMPORT = [sys.executable, "-m", "aisle_desktop.cli.main", "catalog", "import-model"]


def test_imports_racing_each_other_all_land(config: Path, user_dirs: UserDirs) -> None:
    """Each import read models.json, added its entry and replaced the file whole: of four run
    at once, one was lost while all four said "Added"."""
    ids = [f"racer-{n}" for n in range(4)]
    children = [
        subprocess.Popen(
            [*IMPORT, str(config), "--id", model_id],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for model_id in ids
    ]
    for child in children:
        _out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    entries = json.loads(models_file(user_dirs).read_text(encoding="utf-8"))["entries"]
    assert sorted(entry["id"] for entry in entries) == ids


def test_an_import_holds_the_users_catalog_while_it_checks_and_writes(
    capsys: pytest.CaptureFixture[str],
    config: Path,
    user_dirs: UserDirs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Between reading models.json and replacing it, another import waits its turn."""
    held: list[bool] = []
    check_loads = model_import._check_loads

    def another_import_tries(*args: Any) -> Any:
        held.append(not _lock_is_free(models_file(user_dirs).parent))
        return check_loads(*args)

    monkeypatch.setattr(model_import, "_check_loads", another_import_tries)
    code, _out, err = run(capsys, "catalog", "import-model", str(config), "--id", "held")
    assert (code, err, held) == (0, "", [True])
    assert _lock_is_free(models_file(user_dirs).parent)  # and lets go after


def _lock_is_free(folder: Path) -> bool:
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(handle)
    return True


def test_a_config_over_20_mb_is_refused_in_round_figures(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, user_dirs: UserDirs
) -> None:
    """It said "is 52.4 MB; at most 20.9715 MB"."""
    huge = tmp_path / "config.json"
    with huge.open("wb") as handle:
        handle.truncate(52_400_000)
    code, out, err = run(capsys, "catalog", "import-model", str(huge), "--id", "huge")
    assert (code, out) == (2, "")
    assert err == f"aisle-desktop: {huge}: is 52.4 MB; at most 20 MB\n"
    assert not models_file(user_dirs).exists()


LONG = "x" * 100_000


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        (
            {"num_hidden_layers": LONG},
            f'key num_hidden_layers: must be a positive integer, got "{LONG[:57]}..."',
        ),
        (
            {"num_hidden_layers": "32"},
            'key num_hidden_layers: must be a positive integer, got "32"',
        ),
        (
            {"num_attention_heads": -(10**4000)},
            "key num_attention_heads: must be a positive integer, got -1000000000",
        ),
        (
            {"tie_word_embeddings": "yes"},
            'key tie_word_embeddings: must be true or false, got "yes"',
        ),
        (
            {"tie_word_embeddings": list(range(100_000))},
            "key tie_word_embeddings: must be true or false, got [0, 1, 2,",
        ),
        ({"model_type": LONG}, f'its model_type is "{LONG[:57]}...", not one of the'),
    ],
    ids=["long text", "number as text", "4,000 digits", "yes", "long list", "long family"],
)
def test_a_bad_key_is_quoted_as_the_config_writes_it_and_short(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, changes: dict[str, Any], says: str
) -> None:
    """Hostile walk: Python's repr of the value, whole: a 100,000-character text filled the
    window's message box, and "32" was quoted '32'."""
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA_8B_CONFIG | changes), encoding="utf-8")
    code, out, err = run(capsys, "catalog", "import-model", str(config), "--id", "x")
    assert (code, out) == (2, "")
    assert says in err and len(err) < 1_000, err[:300]


@pytest.mark.parametrize(
    ("model_id", "says"),
    [
        ("x" * 300, "must be at most 100 characters long, has 300"),
        ("", "must be a lower-case slug"),
        ("our/llama", "must be a lower-case slug"),
        ("our llama", "must be a lower-case slug"),
        ("lláma", "must be a lower-case slug"),
    ],
)
def test_an_id_that_cannot_be_one_is_refused_once_before_the_config_is_read(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    user_dirs: UserDirs,
    model_id: str,
    says: str,
) -> None:
    """A 300-character id was quoted three times over 800 characters (and an empty one drew a
    second complaint about the model's name); the id is the planner's own word, so it is
    checked first and quoted at most 40 characters long."""
    absent = tmp_path / "absent.json"
    code, out, err = run(capsys, "catalog", "import-model", str(absent), "--id", model_id)
    assert (code, out) == (2, "")
    assert err.startswith("aisle-desktop: the id ") and says in err
    assert len(err.splitlines()) == 1 and len(err) < 240 and err.count(says) == 1
    assert not models_file(user_dirs).exists()
