"""What an administrator runs after carrying Aisle across the air gap: --version, --self-test."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest

from aisle_desktop import __version__
from aisle_desktop.cli import self_test
from aisle_desktop.cli.main import main
from aisle_desktop.cli.self_test import run_self_test
from tests.conftest import UserDirs


def test_version_names_version_catalog_date_and_revision(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--version"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"aisle-desktop {__version__}"
    assert lines[1].startswith("catalog as of 20")
    assert lines[2].startswith("source revision ") and lines[2] != "source revision "


def test_version_answers_despite_a_bad_entry_of_the_users_own_catalog(
    user_dirs: UserDirs, capsys: pytest.CaptureFixture[str]
) -> None:
    """An administrator checking the install is not refused over a planner's own entry:
    the version prints, exit 0, and the bad entry is named on standard error."""
    folder = user_dirs.data / "aisle-desktop" / "catalog"
    folder.mkdir(parents=True)
    (folder / "gpus.json").write_text('{"entries": [{"id": "my-gpu", "name": 3}]}')
    assert main(["--version"]) == 0
    printed = capsys.readouterr()
    assert printed.out.splitlines()[0] == f"aisle-desktop {__version__}"
    assert printed.out.splitlines()[1].startswith("catalog as of 20")
    lines = printed.err.splitlines()  # a line for each field it lacks, each naming it
    assert lines[0] == (
        f'aisle-desktop: {folder / "gpus.json"}: entry 1 (id "my-gpu"): field sources: '
        "is required but missing"
    )
    assert all(line.startswith(lines[0][:-39]) for line in lines) and len(lines) > 5
    assert lines[-1].endswith(": is required but missing; this entry was left out")


def test_version_answers_when_the_catalog_folder_is_missing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--catalog", str(tmp_path / "nowhere"), "--version"]) == 0
    printed = capsys.readouterr()
    assert "catalog as of unknown (the catalog does not load)" in printed.out
    assert printed.err == f"aisle-desktop: catalog folder not found: {tmp_path / 'nowhere'}\n"


def test_self_test_passes_and_writes_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each check's line in the plans' words, in order, and the files it leaves.

    The whole self-test, every check end to end, runs where it counts: on the built bundle
    with no network (`make bundle-check`, which fails on any check). Here it runs in this
    process, not started again from source (37 s, most of it the window and the comparison
    process): the window's and the comparison process's checks answer as they would, for
    both are checked here already (tests/ui/test_result_shown.py takes the picture once the
    result is shown; tests/worker/test_comparison_process.py compares every GPU's answer with
    the one worked out here), and the bundle runs the real ones."""
    pytest.importorskip("PySide6", reason="the self-test draws fonts, pictures and a PDF")
    stood_in = {"window": "window sized the default plan", "comparison process": "answered"}
    monkeypatch.setattr(self_test, "_check_window", lambda _state, _folder: stood_in["window"])
    monkeypatch.setattr(
        self_test, "_check_comparison_process", lambda _state: stood_in["comparison process"]
    )
    code = main(["--self-test", str(tmp_path / "out")])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0, lines
    assert [line.split(":")[0] for line in lines[:-1]] == [
        "PASS catalog",
        "PASS presets",
        "PASS fonts",
        "PASS learn",
        "PASS window",
        "PASS comparison process",
        "PASS report",
        "PASS preview",
        "PASS bill",
    ]
    assert lines[-1] == "self-test passed"
    # Counts in the plans' own words (embeddings-search read "7 GPUs" where it buys 8), the
    # report's size in decimal kB as every size Aisle writes (it read "155 KiB").
    assert lines[1].startswith("PASS presets: llama-70b-rag 8 GPUs bought, 6 needed; ")
    assert "; embeddings-search 8 GPUs bought, 2 needed + 1 for embeddings; " in lines[1]
    assert re.fullmatch(r"PASS report: PDF report .*: \d+ pages, \d+ kB", lines[6]), lines[6]
    assert re.fullmatch(r"PASS preview: Print Preview's QtPdf read \d+ pages .*", lines[7])
    assert (tmp_path / "out" / "self-test-bill.xlsx").read_bytes().startswith(b"PK")
    assert (tmp_path / "out" / "self-test-report.pdf").read_bytes().startswith(b"%PDF")


def test_self_test_reports_an_unwritable_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--self-test", str(blocker / "sub")]) == 1
    assert "FAIL output folder" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["file", "pipe", "loop of links"])
def test_self_test_says_a_folder_given_is_none_before_any_check(tmp_path: Path, kind: str) -> None:
    """Hostile walk: a file given as the folder was "cannot create notes.txt: File exists"."""
    given = tmp_path / "given"
    if kind == "file":
        given.write_text("notes", encoding="utf-8")
    elif kind == "pipe":
        os.mkfifo(given)
    else:
        given.symlink_to(given)
    out = io.StringIO()
    assert run_self_test(given, out) == 1
    assert out.getvalue() == (
        f"FAIL output folder: {given}: is there and is not a folder; give a folder's name\n"
    )


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux's /proc")
def test_self_test_says_a_folder_that_takes_no_files_before_any_check() -> None:
    """It ran every check against /proc and failed four of them, one line each."""
    out = io.StringIO()
    assert run_self_test(Path("/proc"), out) == 1
    assert out.getvalue() == (
        "FAIL output folder: /proc: cannot be written in: the folder /proc does not take "
        "new files (a system folder?)\n"
    )
