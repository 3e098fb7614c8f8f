"""`aisle-desktop report`: exit codes and messages, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Hardware, Plan, preset_scenario, save_plan


def test_preset_report_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rag.pdf"
    assert (
        main(["report", "--preset", "llama-70b-rag", "-o", str(out), "--page-size", "Letter"]) == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in capsys.readouterr().out


def test_plan_with_a_scenario_that_does_not_fit_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = preset_scenario("llama-405b-fp8").model_copy(
        update={"hardware": Hardware(gpu_id="l40s", gpu_count=1)}
    )
    plan_file = tmp_path / "big.aisle"
    save_plan(Plan(scenarios=[big]), plan_file)
    out = tmp_path / "big.pdf"
    assert main(["report", str(plan_file), "-o", str(out)]) == 1
    assert out.exists()
    assert "does not fit" in capsys.readouterr().err


def test_unreadable_plan_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.aisle"
    bad.write_text("{ not json")
    out = tmp_path / "bad.pdf"
    assert main(["report", str(bad), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "bad.aisle" in err and "Traceback" not in err
    assert not out.exists()


def test_unwritable_output_exits_2_and_keeps_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "missing" / "r.pdf"
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(out)]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_an_output_name_too_long_for_the_disk_exits_2_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: a 300-character name (Linux takes 255 bytes a name) ended `report` with a
    traceback from the check for a folder of that name."""
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / f"{'z' * 300}.pdf"
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"aisle-desktop: {out}: cannot write the report: the file name is too long for this "
        "disk (at most 255 bytes a name)\n"
    )
    assert os.listdir(folder) == []


def test_file_and_preset_together_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["report", "x.aisle", "--preset", "llama-8b-chat", "-o", str(tmp_path / "r.pdf")]) == 2
    )
    assert "one of them" in capsys.readouterr().err


def test_the_plan_itself_as_output_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_file = tmp_path / "plan.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), plan_file)
    link = tmp_path / "summary.pdf"
    link.symlink_to("plan.aisle")
    before = plan_file.read_bytes()
    for output in (plan_file, link):
        assert main(["report", str(plan_file), "-o", str(output)]) == 2
        err = capsys.readouterr().err
        assert "is the plan being reported" in err and len(err.splitlines()) == 1
    assert plan_file.read_bytes() == before and link.is_symlink()


def test_a_file_that_is_not_a_pdf_is_replaced_only_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("budget meeting minutes\n")
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(notes)]) == 2
    assert "is not a PDF; use --force" in capsys.readouterr().err
    assert notes.read_text() == "budget meeting minutes\n"
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(notes), "--force"]) == 0
    assert notes.read_bytes().startswith(b"%PDF-")
    # Said, as a PDF under a name that does not say so is opened as text by a double-click.
    assert capsys.readouterr().out.endswith(
        "1 scenario (a PDF, though its name does not end in .pdf)\n"
    )
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(notes)]) == 0  # a PDF now
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(tmp_path / "r.PDF")]) == 0
    assert capsys.readouterr().out.count("does not end in .pdf") == 1


def test_force_never_replaces_a_plan_or_a_catalog_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], repo_root: Path
) -> None:
    """The walk: `report a.aisle -o b.aisle --force` replaced plan b with a PDF, and
    `report -o catalog/gpus.json --force` the catalog's GPUs, with no backup of either."""
    other = tmp_path / "other plan.json"  # a plan by its contents, whatever its name
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), tmp_path / "b.aisle")
    other.write_bytes((tmp_path / "b.aisle").read_bytes())
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    for source in (repo_root / "catalog").glob("*.json"):
        (catalog / source.name).write_bytes(source.read_bytes())
    cases = {
        tmp_path / "b.aisle": "is an Aisle plan; a report never replaces a plan",
        other: "is an Aisle plan; a report never replaces a plan",
        catalog / "gpus.json": "is the catalog's gpus.json, which Aisle reads",
    }
    for output, says in cases.items():
        before = output.read_bytes()
        argv = ["--catalog", str(catalog), "report", "--preset", "llama-8b-chat"]
        assert main([*argv, "-o", str(output), "--force"]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"aisle-desktop: {output}: {says}") and len(err.splitlines()) == 1
        assert output.read_bytes() == before


def test_ctrl_c_stops_the_report_in_one_line_and_keeps_the_old_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plan of 200 scenarios takes minutes: Ctrl+C while its pages are laid out ended
    `report` with a traceback; it says what it stopped and that nothing was written."""
    from aisle_desktop.report import sections

    def pressed(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    out = tmp_path / "r.pdf"
    out.write_bytes(b"%PDF-1.4 the report before")
    monkeypatch.setattr(sections, "mend_faults", pressed)
    assert main(["report", "--preset", "llama-8b-chat", "-o", str(out)]) == 130
    captured = capsys.readouterr()
    assert captured.err == f"aisle-desktop: report stopped; {out} not written\n"
    assert out.read_bytes() == b"%PDF-1.4 the report before"
