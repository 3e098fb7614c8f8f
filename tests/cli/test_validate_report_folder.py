"""`python -m aisle_desktop.cli.validate_cmd FILE --report FOLDER` (make validate) given a
folder it cannot write in: one line before any work, never a traceback.

Hostile walk (7 December): a file, a pipe, a loop of links or a missing folder given as
--report ended, after every row was predicted, in NotADirectoryError, FileNotFoundError or
OSError "Too many levels of symbolic links", with their tracebacks.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from aisle_desktop.cli import validate_cmd
from aisle_desktop.cli.validate_cmd import main


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("file", "not a folder"),
        ("pipe", "not a folder"),
        ("loop of links", "not a folder"),
        ("missing", "no such folder"),
    ],
)
def test_a_report_folder_that_is_none_is_refused_before_any_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, said: str
) -> None:
    report = tmp_path / "report"
    if kind == "file":
        report.write_text("notes", encoding="utf-8")
    elif kind == "pipe":
        os.mkfifo(report)
    elif kind == "loop of links":
        report.symlink_to(report)
    lines = tmp_path / "none.jsonl"  # never read: the folder is refused first
    with pytest.raises(SystemExit) as stop:
        main([str(lines), "--report", str(report)])
    captured = capsys.readouterr()
    assert stop.value.code == 2 and captured.out == ""
    assert captured.err.endswith(
        f"error: --report {report}: {said} (the reports and plots go in one)\n"
    )
    assert "Traceback" not in captured.err


def test_a_full_disk_while_writing_the_report_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = tmp_path / "two.jsonl"
    shipped = Path(__file__).parents[2] / "validation" / "published_dev.jsonl"
    lines.write_text("".join(shipped.read_text().splitlines(keepends=True)[:2]))

    def disk_full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "plot.png"))

    monkeypatch.setattr(validate_cmd, "write_report", disk_full)
    assert validate_cmd.main([str(lines), "--report", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == f"{tmp_path / 'plot.png'}: cannot write the report: No space left on device\n"
