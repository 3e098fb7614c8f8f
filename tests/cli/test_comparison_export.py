"""`aisle-desktop comparison PLAN -o FILE`: the report's comparison of scenarios as a spreadsheet,
every scenario of the plan (the PDF's costs table lists 50), with the bill's refusals.

The walk: a plan of many scenarios had its comparison only in the PDF, its costs table capped
at 50 and its figures six scenarios a table; a planner could not take it into a spreadsheet.
"""

from __future__ import annotations

import csv
import errno
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Plan, preset_scenario, save_plan
from aisle_desktop.report.bill_file import holds_other_than_a_comparison

PRESETS = ("llama-70b-rag", "llama-8b-chat", "deepseek-v3")


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "three.aisle"
    save_plan(Plan(name="Three", scenarios=[preset_scenario(p) for p in PRESETS]), path)
    return path


def _compare(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["comparison", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_workbook_holds_a_sheet_per_table_numbers_as_numbers(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "three.xlsx"
    code, out, err = _compare(capsys, str(plan), "-o", str(target))
    assert (code, err) == (0, "")
    assert out == f"wrote {target}: costs and figures of 3 scenarios\n"
    book = load_workbook(target)
    assert book.sheetnames == ["Costs of the scenarios", "Scenarios compared"]
    costs = list(book["Costs of the scenarios"].values)
    assert costs[0][0] == "Costs of the scenarios: Three"
    header = costs[1]
    assert header[:3] == ("Scenario", "Recommended", "Status")
    assert "Yearly cost (USD/year)" in header and "GPUs bought" in header
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in costs[2:]}
    assert set(rows) == {preset_scenario(p).name for p in PRESETS}
    assert [row["Recommended"] for row in rows.values()].count("yes") == 1
    for row in rows.values():
        assert isinstance(row["GPUs bought"], int) and row["GPUs bought"] >= 1
        assert isinstance(row["Yearly cost (USD/year)"], float | int)
        assert row["Status"] == "meets targets"
    compared = list(book["Scenarios compared"].values)
    header = compared[1]
    assert header[0] == "Scenario" and "Time to first token (TTFT, ms)" in header
    assert "Total cost a year (USD/year)" in header
    deepseek = dict(zip(header, compared[4], strict=True))
    assert deepseek["Model"] == "DeepSeek-V3" and deepseek["Fits in memory"] == "yes"
    ttft = deepseek["Time to first token (TTFT, ms)"]
    assert isinstance(ttft, float) and 10 < ttft < 10_000
    # The report's last rows; no hosted embeddings where none pays for them, and no notes
    # where nothing qualifies the figures. Numbers, the units in the headers, to sum and sort
    # (they read "$64.6 k/year").
    assert header[-3:] == (
        "Hosted API compared",
        "Hosted API, same load, a year (USD/year)",
        "Owning is cheaper above (requests/day)",
    )
    rag = dict(zip(header, compared[2], strict=True))
    assert rag["Hosted API compared"] == "Llama 3.1 70B Instruct Turbo (Together AI) (2025-06-01)"
    assert rag["Hosted API, same load, a year (USD/year)"] == 64630.04
    assert rag["Owning is cheaper above (requests/day)"] == 351000
    assert not holds_other_than_a_comparison(target)


def test_the_csv_holds_both_tables_one_after_another(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "three.csv"
    assert _compare(capsys, str(plan), "-o", str(target))[0] == 0
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Costs of the scenarios: Three"
    assert lines[6] == "Scenarios compared: Three"
    assert len(lines) == 2 + 3 + 1 + 2 + 3
    assert not holds_other_than_a_comparison(target)
    # Aisle's own comparison is replaced without --force.
    assert _compare(capsys, str(plan), "-o", str(target))[0] == 0


@pytest.mark.parametrize("name", ["budget.csv", "budget.xlsx"])
def test_a_file_of_the_planners_is_kept_unless_forced(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    theirs = tmp_path / name
    theirs.write_bytes(b"Quarter,Budget\nQ1,120000\n")
    code, out, err = _compare(capsys, str(plan), "-o", str(theirs))
    assert (code, out) == (2, "")
    assert err == (
        f"aisle-desktop: {theirs}: exists and is not a comparison Aisle wrote; "
        "use --force to replace it\n"
    )
    assert theirs.read_bytes() == b"Quarter,Budget\nQ1,120000\n"
    assert _compare(capsys, str(plan), "-o", str(theirs), "--force")[0] == 0
    assert not holds_other_than_a_comparison(theirs)


def test_a_bill_and_a_comparison_are_not_taken_for_one_another(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bill = tmp_path / "bill.xlsx"
    assert main(["bom", "--preset", "llama-8b-chat", "-o", str(bill)]) == 0
    assert holds_other_than_a_comparison(bill)
    assert _compare(capsys, str(plan), "-o", str(bill))[0] == 2


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("three.pdf", "is a .pdf name; give a file name ending in .csv or .xlsx"),
        ("missing/three.csv", "cannot write: the folder"),
    ],
)
def test_a_name_that_cannot_take_it_is_refused_before_sizing(
    plan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    said: str,
) -> None:
    def not_sized(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("sized before the file was checked")

    monkeypatch.setattr("aisle_desktop.report.build_report", not_sized)
    code, out, err = _compare(capsys, str(plan), "-o", str(tmp_path / name))
    assert (code, out) == (2, "") and said in err


def test_the_plan_itself_is_never_replaced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_csv = tmp_path / "plan.csv"  # a plan, named as a spreadsheet
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), plan_csv)
    before = plan_csv.read_bytes()
    code, _, err = _compare(capsys, str(plan_csv), "-o", str(plan_csv), "--force")
    assert code == 2 and "is the plan being reported" in err
    assert plan_csv.read_bytes() == before


def test_a_failed_write_leaves_the_comparison_there_as_it_was(
    plan: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A full disk, then a read-only one, under the same comparison written once (it was
    written again for each: a whole export more)."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "three.xlsx"
    assert _compare(capsys, str(plan), "-o", str(target))[0] == 0
    before = target.read_bytes()
    for failure, said in (
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "is on a read-only disk"),
    ):

        def fails(_fd: int, failure: int = failure) -> None:
            raise OSError(failure, os.strerror(failure))

        monkeypatch.setattr(os, "fsync", fails)
        code, out, err = _compare(capsys, str(plan), "-o", str(target))
        assert (code, out) == (2, "") and said in err
        assert target.read_bytes() == before
        assert [p.name for p in folder.iterdir()] == ["three.xlsx"]  # no temporary left


def test_the_csv_reads_as_a_planner_types_figures(
    plan: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: the CSV read "330000.0" USD and "333.1421708016297" ms. Whole numbers are
    whole, figures have four significant digits, money keeps its cents, units in headers, in
    brackets alike (it read "Hardware (capex), USD" beside "(USD/year)")."""
    target = tmp_path / "three.csv"
    assert _compare(capsys, str(plan), "-o", str(target))[0] == 0
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    at = rows.index(["Scenarios compared: Three"])
    header, llama = rows[at + 1], rows[at + 2]
    row = dict(zip(header, llama, strict=True))
    assert row["Scenario"] == "Llama 3.1 70B RAG assistant"
    assert row["Hardware (capex, USD)"] == "330000"
    assert row["Total cost a year (USD/year)"] == "174203.99"
    assert row["Time to first token (TTFT, ms)"] == "333.1"
    assert row["Most users within targets"] == "1078"
    assert row["Cost per million tokens (USD/M tokens)"] == "2.372"
    costs = dict(zip(rows[1], rows[2], strict=True))
    assert costs["Bill of materials, bought once (USD)"] == "312860"
    for cell in (c for r in rows for c in r):
        assert not cell.endswith(".0") and not re.search(r"\d\.\d{5,}", cell), cell


def test_the_embeddings_search_adds_its_hosted_embeddings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The embeddings preset pays a hosted encoder $231 a year beside the answers' API."""
    target = tmp_path / "search.csv"
    assert _compare(capsys, "--preset", "embeddings-search", "-o", str(target))[0] == 0
    lines = target.read_text(encoding="utf-8-sig").splitlines()
    header, row = next(csv.reader([lines[-2]])), next(csv.reader([lines[-1]]))
    compared = dict(zip(header, row, strict=True))
    assert compared["Hosted API, same load, a year (USD/year)"] == "2975.52"
    assert compared["Hosted embeddings a year (USD/year)"] == "230.52"
    assert compared["Owning is cheaper above (requests/day)"] == "1128000"
