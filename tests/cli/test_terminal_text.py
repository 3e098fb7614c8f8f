"""What the command line prints shows control characters as escapes, in one line per error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, plan_to_text, preset_scenario, save_plan
from aisle_desktop.terminal_text import escape_controls, one_line

TITLE = "\x1b]0;owned\x07"


def test_escape_controls_keeps_what_it_is_asked_to() -> None:
    assert escape_controls(f"a{TITLE}\tb\n", keep="\n") == "a\\x1b]0;owned\\x07\\x09b\n"
    assert one_line("two\nlines\u2028") == "two\\x0alines\\u2028"
    assert len(one_line("x" * 10_000_000)) == 2_000


def test_a_scenario_name_cannot_set_the_terminal_title(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": f"Chat {TITLE}"})
    path = tmp_path / "chat.aisle"
    save_plan(Plan(scenarios=[scenario]), path)
    assert main(["size", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Chat  ]0;owned\n" in out  # a name's control characters read as spaces


def test_an_error_quoting_a_name_with_a_newline_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-8b-chat")])))
    data["scenarios"][0]["name"] = f"first\nsecond {TITLE}"
    data["scenarios"][0]["hardware"]["gpu_count"] = "x" * 10_000_000
    path = tmp_path / "bad.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["plan", "check", str(path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "\x1b" not in err
    assert 'scenario 1 "first second  ]0;owned"' in err and len(err) < 600


def test_saving_into_a_folder_that_takes_no_files_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "proc"
    link.symlink_to("/proc")
    assert main(["plan", "new", "-o", str(link / "x.aisle")]) == 2
    err = capsys.readouterr().err
    assert "does not take new files" in err and "no longer exists" not in err


RLO = "\u202e"  # right-to-left override: the rest of the line is shown backwards


@pytest.mark.parametrize("char", [RLO, "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_bidirectional_controls_are_escaped(char: str) -> None:
    assert escape_controls(f"a{char}b") == f"a\\u{ord(char):04x}b"


def test_a_file_name_or_a_scenario_name_cannot_turn_the_line_around(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["size", str(tmp_path / f"plan{RLO}fdp.aisle")]) == 2
    err = capsys.readouterr().err
    assert RLO not in err and "plan\\u202efdp.aisle: file not found" in err
    with pytest.raises(SystemExit):
        main(["size", "--preset", f"x{RLO}y"])
    assert RLO not in capsys.readouterr().err
    assert main(["bom", "--preset", "llama-8b-chat", "--scenario", f"{RLO}Chat"]) == 2
    err = capsys.readouterr().err
    assert RLO not in err and 'no scenario "\\u202eChat"' in err
    scenario = preset_scenario("llama-8b-chat").model_copy(update={"name": f"Chat {RLO}A"})
    path = tmp_path / "chat.aisle"
    save_plan(Plan(scenarios=[scenario]), path)
    assert main(["size", str(path)]) == 0
    out = capsys.readouterr().out
    assert RLO not in out and "Chat \\u202eA\n" in out


TWO_LINES = "two\nlines"  # a file name may hold any character but "/" and NUL


def _lines_naming(text: str) -> list[str]:
    return [line for line in text.splitlines() if "two" in line or "lines" in line]


def test_a_file_name_with_a_newline_is_named_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Errors escaped it, but what a command says it wrote (and its notes) kept the newline of
    the name and broke "wrote two / lines.aisle: ..." over two lines."""
    plan = tmp_path / f"{TWO_LINES}.aisle"
    assert main(["plan", "new", "--preset", "llama-8b-chat", "-o", str(plan)]) == 0
    assert main(["plan", "check", str(plan)]) == 0
    bill = tmp_path / f"{TWO_LINES}.csv"
    assert main(["bom", str(plan), "-o", str(bill)]) == 0
    compared = tmp_path / f"{TWO_LINES} compared.csv"
    assert main(["comparison", str(plan), "-o", str(compared)]) == 0
    out = capsys.readouterr().out
    escaped = "two\\x0alines"
    assert [line.split(escaped)[1][:12] for line in _lines_naming(out)] == [
        ".aisle: plan",
        ".aisle: Aisl",
        ".csv: bill o",
        " compared.cs",
    ]
    data = json.loads(plan.read_text(encoding="utf-8"))
    data["scenarios"][0]["workload"]["model_id"] = "no-such-model"
    plan.write_text(json.dumps(data), encoding="utf-8")
    assert main(["size", str(plan)]) == 1
    err = capsys.readouterr().err
    assert len(_lines_naming(err)) == 1 and escaped in err
