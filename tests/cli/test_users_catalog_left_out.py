"""A bad entry of the user's own catalog stops no command: it is named and left out.

Worked example (QA, 5 December): a user models.json holding "my-70b" without num_layers and a
valid "my-70b-ft". Every command refused to run (exit 2) over the one entry, while the window
opened without it. Now a command names the file, the entry and what is wrong on standard
error, one line a problem, and goes on with the shipped catalog and "my-70b-ft"; a plan that
names "my-70b" is told the id is unknown, as on a machine that never had it. The window's
side is in `tests/ui/test_catalog_left_out.py`; both read the catalog through `leave_out`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import shipped_catalog_dir
from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, save_plan
from tests.cli.test_import_model import LLAMA_8B_CONFIG
from tests.conftest import UserDirs, naming_model


def _shipped(name: str, entry_id: str) -> dict[str, Any]:
    data = json.loads((shipped_catalog_dir() / name).read_text(encoding="utf-8"))
    return dict(next(e for e in data["entries"] if e["id"] == entry_id))


def _user_file(user_dirs: UserDirs, name: str, entries: list[dict[str, Any]]) -> Path:
    folder = user_dirs.data / "aisle-desktop" / "catalog"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps({"entries": entries}), encoding="utf-8")
    return path


def _models_with_a_bad_entry(user_dirs: UserDirs) -> Path:
    llama = _shipped("models.json", "llama-3.1-70b")
    broken = llama | {"id": "my-70b", "name": "My 70B"}
    del broken["num_layers"]
    return _user_file(user_dirs, "models.json", [broken, llama | {"id": "my-70b-ft"}])


def _said(path: Path) -> str:
    return (
        f'aisle-desktop: {path}: entry 1 (id "my-70b"): field num_layers: is required but '
        "missing; this entry was left out\n"
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def test_a_command_names_the_bad_entry_and_lists_the_good_ones(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _models_with_a_bad_entry(user_dirs)
    code, out, err = _run(capsys, "catalog", "list", "models")
    assert (code, err) == (0, _said(path))
    listed = [line.split()[0] for line in out.splitlines()[2:]]
    assert "my-70b-ft" in listed and "my-70b" not in listed and "llama-3.1-70b" in listed


def test_a_plan_naming_the_left_out_entry_is_told_it_is_unknown(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _models_with_a_bad_entry(user_dirs)
    plan = tmp_path / "ours.aisle"
    save_plan(Plan(scenarios=[naming_model("my-70b", "Ours")]), plan)

    code, out, err = _run(capsys, "size", str(plan))
    assert (code, out) == (1, "")
    assert err == _said(path) + (
        f'aisle-desktop: {plan}: scenario "Ours": unknown model id "my-70b": did you mean '
        '"my-70b-ft"?\n'
    )
    code, out, err = _run(capsys, "plan", "check", str(plan))
    assert (code, err) == (1, _said(path))
    assert out.splitlines()[1] == (
        '  problem: scenario "Ours": unknown on this machine and not in the plan: model "my-70b"'
    )


def test_a_file_that_is_not_json_is_named_and_the_rest_is_used(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    gpus = _user_file(user_dirs, "gpus.json", [])
    gpus.write_text('{"entries": [', encoding="utf-8")
    _user_file(user_dirs, "models.json", [_shipped("models.json", "llama-3.1-8b") | {"id": "m"}])
    code, out, err = _run(capsys, "catalog", "list", "models")
    assert code == 0 and "m" in [line.split()[0] for line in out.splitlines()[2:]]
    assert err.startswith(f"aisle-desktop: {gpus}: not valid JSON at line 1 column 14")
    assert err.endswith("; the whole file was left out\n") and err.count("\n") == 1


def test_an_import_goes_on_past_another_bad_entry_and_keeps_it(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The bad entry stays in the file as written (the planner's to fix), left out again."""
    path = _models_with_a_bad_entry(user_dirs)
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    code, out, err = _run(capsys, "catalog", "import-model", str(config), "--id", "our-8b")
    assert (code, err) == (0, _said(path))
    assert out.startswith("Added model 'our-8b'")
    entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
    assert [e["id"] for e in entries] == ["my-70b", "my-70b-ft", "our-8b"]
    assert "num_layers" not in entries[0]


def test_an_import_that_would_be_left_out_is_refused(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A user's dgx-h100 holding H200s breaks the shipped H100's server list: every entry of
    the user's is left out, the imported model with them, so the import is refused."""
    _user_file(
        user_dirs, "servers.json", [_shipped("servers.json", "dgx-h100") | {"gpu_id": "h200-sxm"}]
    )
    config = tmp_path / "config.json"
    config.write_text(json.dumps(LLAMA_8B_CONFIG), encoding="utf-8")
    code, out, err = _run(capsys, "catalog", "import-model", str(config), "--id", "our-8b")
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert len(lines) == 2 and lines[0].endswith("; your own entries were all left out")
    assert lines[1].startswith("aisle-desktop: model 'our-8b' would be left out of your catalog (")
    assert lines[1].endswith("your own entries were all left out); your catalog is unchanged")
    assert not (user_dirs.data / "aisle-desktop" / "catalog" / "models.json").exists()


def test_thousands_of_bad_entries_are_named_twenty_then_counted(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """7,500 lines for a models.json of 7,500 bad entries drowned what the command printed."""
    llama = _shipped("models.json", "llama-3.1-8b")
    bad = [llama | {"id": f"m{n}", "num_layers": 0} for n in range(5_000)]
    path = _user_file(user_dirs, "models.json", bad)
    code, out, err = _run(capsys, "catalog", "list", "engines")
    lines = err.splitlines()
    assert code == 0 and "vllm" in out and len(lines) == 21
    assert lines[19] == (
        f'aisle-desktop: {path}: entry 20 (id "m19"): field num_layers: must be at least 1, '
        "got 0; this entry was left out"
    )
    assert lines[20] == (
        "aisle-desktop: ... and 4,980 more problems of your own catalog, each left out"
    )
