"""`predict --help` and `validate --help` say what each prints and show a line of the file,
one that predicts; `validate`'s worst ten read figures in their units (QA: the help named
only FILE.jsonl, and the worst ten read "3.269e+04" beside "2.953e+04")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aisle_desktop.cli.main import HELP_COLUMNS, main
from aisle_desktop.sizing.validation import metric_text


def _help(command: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The help as an 80-column terminal shows it."""
    with pytest.MonkeyPatch.context() as patch, pytest.raises(SystemExit):
        patch.setenv("COLUMNS", "80")
        main([command, "--help"])
    return capsys.readouterr().out


def _example(text: str) -> dict[str, object]:
    """The example line the help shows, read as the file would hold it."""
    shown = text.split("A line of FILE.jsonl, on one line in the file:\n", 1)[1]
    lines = shown.splitlines()
    end = next(k for k, line in enumerate(lines) if line.rstrip().endswith("}}"))
    return dict(json.loads(" ".join(line.strip() for line in lines[: end + 1])))


@pytest.mark.parametrize("command", ["predict", "validate"])
def test_the_help_shows_a_line_that_predicts(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = _help(command, capsys)
    assert max(len(line) for line in text.splitlines()) <= HELP_COLUMNS
    line = _example(text)
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["predict", str(path)]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["id"] == "my-run" and answer["fits"] is True
    assert answer["ttft_ms"] > 0 and answer["tpot_ms"] > 0
    if command == "validate":
        assert set(line["expected"]) == {"ttft_ms", "tpot_ms"}  # type: ignore[arg-type]
        assert "ten worst lines, predicted beside measured" in re.sub(r"\s+", " ", text)


def test_the_worst_ten_read_in_units(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert metric_text("output_tokens_per_s", 32_690.4) == "32.7 k tokens/s"
    assert metric_text("requests_per_s", 2.34) == "2.34 requests/s"
    assert metric_text("ttft_p95_ms", 343.3) == "343 ms"
    assert metric_text("e2e_latency_s", 12.31) == "12.3 s"
    shipped = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"
    path = tmp_path / "three.jsonl"
    path.write_text("".join(shipped.read_text(encoding="utf-8").splitlines(True)[:3]))
    main(["validate", str(path)])
    worst = capsys.readouterr().out.split("Worst ten\n", 1)[1]
    assert "pub-0000  offline_max_throughput  output_tokens_per_s  32.7 k tokens/s  29.5 k " in (
        worst
    )
    assert "e+0" not in worst
