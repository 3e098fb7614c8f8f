"""Every command that reads a file, given the wrong thing: one line naming the file and what is
wrong, a non-zero exit, never a traceback.

Missing, a folder, empty, binary garbage, unreadable (the tests run as root here, who reads
any file: the open is refused by a stand-in) and a file of the other kind (a plan given to
`predict`, benchmark lines given to `size`).
"""

from __future__ import annotations

import builtins
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, plan_to_text, preset_scenario

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"

PLAN_COMMANDS = [["size"], ["plan", "check"], ["sensitivity"], ["bom"]]
LINE_COMMANDS = [["predict"], ["validate"]]


def _missing(folder: Path, suffix: str) -> Path:
    return folder / f"nowhere{suffix}"


def _folder(folder: Path, suffix: str) -> Path:
    path = folder / f"a-folder{suffix}"
    path.mkdir()
    return path


def _empty(folder: Path, suffix: str) -> Path:
    path = folder / f"empty{suffix}"
    path.write_bytes(b"")
    return path


def _garbage(folder: Path, suffix: str) -> Path:
    path = folder / f"garbage{suffix}"
    path.write_bytes(bytes(range(256)) * 8)
    return path


def _loop(folder: Path, suffix: str) -> Path:
    """The walk: said "Too many levels of symbolic links", the system's words."""
    path = folder / f"loop{suffix}"
    path.symlink_to(folder / f"back{suffix}")
    (folder / f"back{suffix}").symlink_to(path)
    return path


def _fifty_mb(folder: Path, suffix: str) -> Path:
    path = folder / f"huge{suffix}"
    with path.open("wb") as out:
        out.truncate(50 * 2**20)
    return path


BAD_FILES: dict[str, tuple[Callable[[Path, str], Path], str]] = {
    "missing": (_missing, "not found"),
    "folder": (_folder, "folder"),
    "empty": (_empty, "empty"),
    "garbage": (_garbage, "UTF-8"),
    "loop": (_loop, "is a loop of symbolic links, not a file"),
}


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str], path: Path) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, argv  # what a wrong input exits with
    assert err.startswith(f"aisle-desktop: {path}") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err
    return err


@pytest.mark.parametrize("command", PLAN_COMMANDS + LINE_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("bad", list(BAD_FILES))
def test_a_bad_file_is_refused_in_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str], bad: str
) -> None:
    make, says = BAD_FILES[bad]
    path = make(tmp_path, ".jsonl" if command in LINE_COMMANDS else ".aisle")
    assert says in _refused(capsys, [*command, str(path)], path)


@pytest.mark.parametrize("command", PLAN_COMMANDS, ids=" ".join)
def test_a_50_mb_plan_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Benchmark lines are read line by line (a line past 1 MB is refused alone); a plan is
    read whole, so one past 20 MB is refused unread."""
    path = _fifty_mb(tmp_path, ".aisle")
    assert "20 MB" in _refused(capsys, [*command, str(path)], path)


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file whose opening the system refuses (as a file of another user's would be)."""
    path = tmp_path / "locked"
    path.write_text("{}")

    def refusing(real: Callable[..., Any]) -> Callable[..., Any]:
        def opening(name: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(name, (str, Path)) and Path(name) == path:
                raise PermissionError(13, "Permission denied", str(name))
            return real(name, *args, **kwargs)

        return opening

    monkeypatch.setattr(os, "open", refusing(os.open))
    monkeypatch.setattr(builtins, "open", refusing(builtins.open))
    return path


@pytest.mark.parametrize("command", PLAN_COMMANDS + LINE_COMMANDS, ids=" ".join)
def test_an_unreadable_file_says_so(
    capsys: pytest.CaptureFixture[str], unreadable: Path, command: list[str]
) -> None:
    err = _refused(capsys, [*command, str(unreadable)], unreadable)
    assert "permission" in err.lower()


@pytest.mark.parametrize("command", LINE_COMMANDS, ids=" ".join)
def test_a_plan_given_for_benchmark_lines_names_the_command_that_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """Every line of a plan would be refused one by one; the file is refused as a whole."""
    path = tmp_path / "plan.aisle"
    path.write_text(plan_to_text(Plan(scenarios=[preset_scenario("llama-8b-chat")])))
    err = _refused(capsys, [*command, str(path)], path)
    assert "an Aisle plan, not benchmark lines (one JSON object per line)" in err
    assert err.rstrip().endswith(f"`aisle-desktop size {path}` sizes a plan")


@pytest.mark.parametrize(
    ("name", "holds", "said"),
    [
        ("empty.aisle", b"", "holds no benchmark lines (it is empty)"),
        ("noise.aisle", bytes([0xFC, 0x9A, 0x00, 0x41]) * 64, "not a text file: line 1"),
        ("plan.json", None, "an Aisle plan, not benchmark lines"),
        # Hostile walk: "line 1 is not UTF-8 text: byte 0xff at column 1".
        (
            "lines.jsonl",
            '{"gpu": "h100-sxm", "model": "llama-3.1-8b"}\n'.encode("utf-16"),
            "not a text file: line 1 is UTF-16 text, not UTF-8; benchmark lines are UTF-8",
        ),
    ],
)
@pytest.mark.parametrize("command", LINE_COMMANDS, ids=" ".join)
def test_a_file_for_benchmark_lines_is_told_by_what_it_holds_not_by_its_name(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    name: str,
    holds: bytes | None,
    said: str,
) -> None:
    """An empty or binary `.aisle` file was called "an Aisle plan"; a plan saved as
    plan.json was called "one JSON document over many lines"."""
    path = tmp_path / name
    plan = plan_to_text(Plan(scenarios=[preset_scenario("llama-8b-chat")])).encode()
    path.write_bytes(plan if holds is None else holds)
    err = _refused(capsys, [*command, str(path)], path)
    assert said in err
    assert ("an Aisle plan" in err) == (holds is None)


def test_benchmark_lines_in_an_aisle_file_are_predicted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lines.aisle"
    path.write_text("".join(DEV_SET.read_text().splitlines(keepends=True)[:2]))
    assert main(["predict", str(path)]) == 0
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [answer["id"] for answer in answers] == ["pub-0000", "pub-0002"]


def test_benchmark_lines_given_for_a_plan_name_predict(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "lines.jsonl"
    path.write_text("".join(DEV_SET.read_text().splitlines(keepends=True)[:3]))
    err = _refused(capsys, ["size", str(path)], path)
    hint = (
        f"it looks like benchmark lines (one JSON object per line): `aisle-desktop predict {path}`"
    )
    assert err.rstrip().endswith(f"; {hint} predicts them")
    assert err.count("aisle-desktop predict") == 1  # said once, by the plan layer


def test_a_new_plan_is_not_written_over_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "already exists; use --force", which then failed on the folder."""
    path = _folder(tmp_path, ".aisle")
    for force in ([], ["--force"]):
        err = _refused(capsys, ["plan", "new", "-o", str(path), *force], path)
        assert err == f"aisle-desktop: {path}: is a folder; give a file name ending in .aisle\n"


def test_a_catalog_files_problems_read_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_root: Path
) -> None:
    """A catalog file's problems come one a line; printed escaped they read "\\x0a"."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    for source in (repo_root / "catalog").glob("*.json"):
        (folder / source.name).write_bytes(source.read_bytes())
    gpus = json.loads((folder / "gpus.json").read_text())
    del gpus["entries"][0]["memory_gb"], gpus["entries"][0]["tdp_w"]
    (folder / "gpus.json").write_text(json.dumps(gpus))
    assert main(["--catalog", str(folder), "catalog", "list", "gpus"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "\\x0a" not in err
    assert "field memory_gb: is required but missing; " in err and "field tdp_w" in err


def test_a_new_plan_named_too_long_for_the_disk_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: a 300-character output name (Linux takes 255 bytes a name) ended `plan new`
    with a traceback from the check for a folder of that name."""
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / f"{'z' * 300}.aisle"
    err = _refused(capsys, ["plan", "new", "-o", str(path)], path)
    assert "could not save: the file name is too long for this disk" in err
    assert os.listdir(folder) == []


def test_a_catalog_folder_name_too_long_is_not_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: `--catalog` with a 300-character name ended in a traceback."""
    folder = tmp_path / ("c" * 300)
    assert main(["--catalog", str(folder), "catalog", "list", "gpus"]) == 2
    assert capsys.readouterr().err == f"aisle-desktop: catalog folder not found: {folder}\n"


@pytest.mark.parametrize("first", ["[", "{"])
def test_one_json_document_over_many_lines_is_refused_as_a_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], first: str
) -> None:
    """The walk: an indented JSON list of benchmark objects drew one "not valid JSON" answer
    for each of its hundreds of lines, none saying what the file was instead."""
    lines = [json.loads(line) for line in DEV_SET.read_text().splitlines()[:3]]
    path = tmp_path / "lines.json"
    path.write_text(json.dumps(lines if first == "[" else lines[0], indent=2))
    err = _refused(capsys, ["predict", str(path)], path)
    assert err == (
        f"aisle-desktop: {path}: one JSON document over many lines (line 1 is {first!r} alone), "
        "not benchmark lines; write each object on a line of its own\n"
    )
