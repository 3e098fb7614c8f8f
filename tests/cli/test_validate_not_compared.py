"""`validate` says which measured figures it did not compare, and why, and names a refused
line by an id cut short.

The walk: lines whose `expected` figure was 0, negative, a word or misspelt, or whose
replica does not fit, were left out of the accuracy tables without a word (a file of only
such lines was told it had no `expected` figures at all); a refused line's 100,000-character
id was printed whole.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"
FIRST = json.loads(DEV_SET.read_text(encoding="utf-8").splitlines()[0])


def _validated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], *changes: dict[str, object]
) -> tuple[int, str]:
    path = tmp_path / "measured.jsonl"
    path.write_text("".join(json.dumps({**FIRST, **c}) + "\n" for c in changes), encoding="utf-8")
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out


def test_each_measured_figure_not_compared_is_said_with_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _validated(
        tmp_path,
        capsys,
        {},  # compared: the published line as it is
        {"expected": {"output_tokens_per_s": 0}},
        {"expected": {"output_tokens_per_s": "fast", "ttft_ms": 50.0}},
        {"expected": {"output_tokens_per_sec": 30000}},
        {"expected": [30000]},
        {"input_tokens": 10_000_000, "output_tokens": 10_000_000},
    )
    assert code == 1
    assert out.startswith("Aisle Desktop accuracy on measured.jsonl: 2 measured figures\n")
    assert out.split("5 measured figures not compared:\n")[1] == (
        "  line 2: expected output_tokens_per_s: must be a number above 0, got 0\n"
        '  line 3: expected output_tokens_per_s: must be a number above 0, got "fast"\n'
        "  line 4: expected output_tokens_per_sec: not a figure Aisle predicts "
        "(output_tokens_per_s, total_tokens_per_s, requests_per_s, ttft_ms, tpot_ms, "
        "e2e_latency_s, ttft_p50_ms, ttft_p95_ms, ttft_p99_ms)\n"
        "  line 5: expected: must be an object of measured figures, got [30000]\n"
        "  line 6: expected output_tokens_per_s: not compared: Aisle predicts the model does "
        "not fit this deployment\n"
    )


def test_a_file_of_only_figures_not_compared_says_them_not_no_expected(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _validated(tmp_path, capsys, {"expected": {"output_tokens_per_s": -5}})
    assert code == 1
    assert out == (
        "Aisle Desktop accuracy on measured.jsonl: 0 measured figures\n\n"
        "1 measured figure not compared:\n"
        "  line 1: expected output_tokens_per_s: must be a number above 0, got -5\n"
    )


def test_a_refused_lines_long_id_is_cut_short(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _validated(tmp_path, capsys, {"id": "x" * 100_000})
    assert code == 1
    (said,) = out.splitlines()[-1:]
    assert said == f"  {'x' * 197}...: line 1, id: must be at most 200 characters long"
