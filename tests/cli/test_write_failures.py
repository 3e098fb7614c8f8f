"""A file the commands cannot write is refused in the words a plan's save uses.

Walk (5 December): `plan new -o /proc/x.aisle` said "the folder /proc does not take new files
(a system folder?)", while `report -o /proc/x.pdf` and `bom -o /proc/x.csv` said the system's
"No such file or directory" of a folder that is there. One wording now serves all three
(`plan.atomic.why_not_written`).
"""

from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.plan.atomic import why_not_written

SYSTEM_FOLDER = Path("/proc")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "chat.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    return path


@pytest.mark.skipif(not SYSTEM_FOLDER.is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    ("command", "name", "said"),
    [
        ("bom", "x.csv", "cannot write"),
        ("report", "x.pdf", "cannot write the report"),
    ],
)
def test_an_output_in_a_system_folder_says_the_folder_takes_no_files(
    capsys: pytest.CaptureFixture[str], plan: Path, command: str, name: str, said: str
) -> None:
    if command == "report":
        pytest.importorskip("PySide6", reason="the report is drawn with Qt")
    out = SYSTEM_FOLDER / name
    assert main([command, str(plan), "-o", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"aisle-desktop: {out}: {said}: the folder /proc does not take new files "
        "(a system folder?)\n"
    )


@pytest.mark.parametrize(
    ("command", "name", "said"),
    [
        (
            "plan new",
            "x.aisle",
            "could not save: {f} is a file, not a folder. Nothing was written.",
        ),
        ("bom", "x.csv", "cannot write: {f} is a file, not a folder"),
        ("comparison", "x.xlsx", "cannot write: {f} is a file, not a folder"),
        ("report", "x.pdf", "{f} is a file, not a folder"),
    ],
)
def test_an_output_whose_folder_is_a_file_says_so(
    capsys: pytest.CaptureFixture[str], plan: Path, command: str, name: str, said: str
) -> None:
    """Hostile walk (7 December): `plan new -o plan.aisle/x.aisle` said the system's "Not a
    directory", and `report`, `bom` and `comparison` that the folder plan.aisle "does not
    exist", of a file that is there."""
    if command == "report":
        pytest.importorskip("PySide6", reason="the report is drawn with Qt")
    source = ["--preset", "llama-8b-chat"] if command == "plan new" else [str(plan)]
    out = plan / name
    assert main([*command.split(), *source, "-o", str(out)]) == 2
    assert capsys.readouterr().err == f"aisle-desktop: {out}: {said.format(f=plan)}\n"
    assert plan.is_file()


# Each error the system may give, whether the file was there before, and what is said.
WHY = {
    "ENOSPC": (OSError(errno.ENOSPC, "No space"), False, "the disk is full"),
    "EROFS": (OSError(errno.EROFS, "Read-only"), False, "the folder {f} is on a read-only disk"),
    "EACCES": (
        PermissionError(errno.EACCES, "Permission denied"),
        False,
        "no permission to write in the folder {f} (is it read-only?)",
    ),
    "ENOENT": (
        FileNotFoundError(errno.ENOENT, "No such file"),
        False,
        "the folder {f} does not exist; choose or create a folder first",
    ),
    "ENOENT, known": (
        FileNotFoundError(errno.ENOENT, "No such file"),
        True,
        "the folder {f} no longer exists (removed, or the drive unplugged?)",
    ),
    "ENOTDIR": (
        NotADirectoryError(errno.ENOTDIR, "Not a directory"),
        False,
        "the folder {f} does not exist",
    ),
    "EIO": (OSError(errno.EIO, "Input/output error"), False, "Input/output error"),
}


@pytest.mark.parametrize("case", list(WHY))
def test_why_a_write_failed(tmp_path: Path, case: str) -> None:
    error, known, why = WHY[case]
    folder = tmp_path / "gone"
    assert why_not_written(error, folder / "x.pdf", known) == why.format(f=folder)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("argv", [["presets"], ["catalog", "export"], ["--version"]], ids=" ".join)
def test_standard_output_on_a_full_disk_is_said_in_one_line(argv: list[str]) -> None:
    """The walk: `aisle-desktop catalog export > /dev/full` ended in a traceback."""
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run(
            [sys.executable, "-m", "aisle_desktop", *argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=120,
        )
    assert done.returncode == 2
    assert done.stderr == "aisle-desktop: could not write the output: No space left on device\n"


@pytest.mark.parametrize("argv", [["presets"], ["--version"]], ids=" ".join)
def test_a_closed_standard_output_is_said_in_one_line(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: `aisle-desktop presets >&-` ended in a traceback (Python gives None for a
    stream closed before it started, and printing to None raised AttributeError)."""
    monkeypatch.setattr(sys, "stdout", None)
    assert main(argv) == 2
    assert capsys.readouterr().err == (
        "aisle-desktop: could not write the output: standard output is closed\n"
    )


def test_a_closed_standard_error_leaves_the_exit_status_to_say_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["size", "nowhere.aisle"]) == 2
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        (["plan", "new", "-o", ""], "argument -o/--output"),
        (["size", ""], "argument file"),
        (["--catalog", "", "presets"], "argument --catalog"),
    ],
)
def test_an_empty_name_is_refused_not_read_as_the_current_folder(
    argv: list[str], argument: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: `plan new -o "$OUT"` with OUT unset said ".: is a folder"."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert f"{argument}: an empty name (a shell variable left unset?)" in err
    assert len(err.splitlines()) == 1 and "is a folder" not in err


@pytest.mark.parametrize(
    ("argv", "argument"),
    [
        (["size", "-"], "size: argument file"),
        (["predict", "-"], "predict: argument FILE.jsonl"),
        (["report", "-", "-o", "x.pdf"], "report: argument file"),
        (["plan", "check", "-"], "plan check: argument file"),
        (["report", "--preset", "llama-8b-chat", "-o", "-"], "report: argument -o/--output"),
        (["plan", "new", "-o", "-"], "plan new: argument -o/--output"),
        (["bom", "--preset", "llama-8b-chat", "-o", "-"], "bom: argument -o/--output"),
        (["--catalog", "-", "presets"], "aisle-desktop: argument --catalog"),
    ],
)
def test_a_dash_is_refused_plainly_not_looked_for_or_written(
    argv: list[str],
    argument: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Hostile walk: `size -` said "-: file not found" (as if a file called "-" were
    missing) and `report --preset X -o -` wrote an 11-page PDF named "-"; plans are files
    with a name, so "-" is refused saying so and how to name a file called "-"."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert f'{argument}: "-" (standard input or output) is not accepted: give a file\'s name' in err
    assert '(./- for a file called "-")' in err and "not found" not in err
    assert list(here.iterdir()) == []
