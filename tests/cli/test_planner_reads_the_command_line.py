"""The command line in the report's words (QA: `size` listed its warnings as "[info]" and
"[warning]" where the report and the window say "Good to know" and "Check", repeated "All
servers" under "Server" for one server and the 128k-token conversation under the full context
of a 131,072-token model, which the report lists once; `--help` named presets by id alone,
`--page-size` said nothing, and `aisle-desktop compare` was refused as an invalid choice)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.main import main
from aisle_desktop.plan import PRESETS, Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.plan_pages import warnings_html
from tests.cli.test_cli import run


def test_size_says_each_warning_under_the_reports_heading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "size", "--preset", "llama-70b-rag")
    said = out.split("\nWarnings\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert code == 0
    assert any(line.startswith("  Check: Catalog prices older than a year") for line in said)
    full = "  Good to know: One conversation at Llama 3.1 70B's full"
    assert any(line.startswith(full) for line in said)
    assert not re.search(r"\[(info|warning|critical)\]", out)
    # The report's table of warnings puts each under the same heading, in the same order.
    report = build_report(load_catalog(), Plan(scenarios=[preset_scenario("llama-70b-rag")]), "")
    found = re.findall(
        r"<td>(?:<a [^>]*></a>)?<b>([^<]+)</b></td><td>([^<]{1,50})", warnings_html(report)
    )
    on_paper = [f"  {heading}: {unescape(start)}" for heading, start in found]
    assert len(on_paper) == len(said)
    assert all(line.startswith(paper) for line, paper in zip(said, on_paper, strict=True))


def test_size_lists_a_figure_once_as_the_report_does(capsys: pytest.CaptureFixture[str]) -> None:
    """One DGX H100: its server's 6.42 kW is all servers' too; Llama 3.1 70B's full context
    is 128k tokens. Llama 3.1 405B at FP8 over 1 server keeps them apart only where they
    differ."""
    _, out, _ = run(capsys, "size", "--preset", "llama-70b-rag")
    assert re.search(r"\n  Server, average\s+6\.42 kW\n", out)
    assert re.search(r"\n  One conversation at full context\s+42\.9 GB\n", out)
    assert "All servers, average" not in out and "One 128k-token conversation" not in out


def test_size_keeps_all_servers_where_there_are_several(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "size", "--preset", "deepseek-v3.2-ep")
    assert re.search(r"\n  Server, average\s+[\d.]+ kW\n", out)  # 8.1 kW of 48.6 kW
    assert re.search(r"\n  All servers, average\s+[\d.]+ kW\n", out)


@pytest.mark.parametrize("command", ["size", "report", "bom", "sensitivity", "comparison"])
def test_help_names_what_each_preset_is(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit):
        main([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for id_, preset in PRESETS.items():
        assert f"{id_}: {' '.join(preset.title.split())}" in text


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("size", "Size a plan file or a preset and explain the result."),
        ("report", "Print a plan file or a preset as a PDF summary."),
        ("compare", "A plan's scenarios compared, as a spreadsheet (XLSX or CSV)."),
        ("bom", "The bill of materials and power sheet of a plan."),
        ("plan", "Create or check plan files (.aisle)."),
        ("plan new", "Write a new plan file from a preset."),
        ("plan check", "Validate a plan file and list its problems."),
        ("catalog list", "Print a table of one kind of entry."),
        ("catalog export", "Print the whole catalog as JSON."),
        ("catalog sources", "Print every entry with its date and sources (Markdown)."),
    ],
)
def test_a_commands_help_opens_with_what_it_does(
    capsys: pytest.CaptureFixture[str], command: str, said: str
) -> None:
    """Walk: `size --help` began at its usage line, what it is for said only in the list
    `aisle-desktop --help` prints; docs45 found `plan new`, `plan check` and the catalog's
    actions still did."""
    with pytest.raises(SystemExit):
        main([*command.split(), "--help"])
    usage, first, *_ = capsys.readouterr().out.split("\n\n")
    assert usage.startswith("usage: aisle-desktop")
    assert first == said


def test_report_help_says_what_page_size_is(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--page-size {A4,Letter} the paper the PDF is laid out for (default: A4)" in text


def test_compare_is_the_comparison(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "rag.csv"
    code, out, err = run(capsys, "compare", "--preset", "llama-70b-rag", "-o", str(out_file))
    assert code == 0 and err == "" and out_file.exists()
    assert out == f"wrote {out_file}: costs and figures of 1 scenario\n"


@pytest.mark.parametrize(
    ("command", "said"),
    [
        ("predict", "FILE.jsonl benchmark scenarios, one JSON object a line"),
        ("validate", "FILE.jsonl benchmark scenarios with the figures measured, in `expected`"),
        ("plan check", "file a plan file (.aisle)"),
        ("catalog list", "the kind of entry: hosted-apis are the APIs a plan's break-even"),
    ],
)
def test_a_commands_help_says_what_it_reads(
    capsys: pytest.CaptureFixture[str], command: str, said: str
) -> None:
    """QA: `predict` and `validate` listed a bare "file" with nothing beside it; docs45 found
    `plan check`'s file and `catalog list`'s kind so."""
    with pytest.raises(SystemExit):
        main([*command.split(), "--help"])
    assert said in " ".join(capsys.readouterr().out.split())
