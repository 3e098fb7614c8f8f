"""Bad input never leaves a half-written file and always says what could not be printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Hardware, Plan, Scenario, preset_scenario
from aisle_desktop.report import ReportWriteError, build_report, write_report_pdf
from aisle_desktop.report import pdf as pdf_module
from tests.report.conftest import needs_poppler, poppler


def _too_big() -> Scenario:
    base = preset_scenario("llama-405b-fp8")
    return base.model_copy(
        update={"name": "405B on one L40S", "hardware": Hardware(gpu_id="l40s", gpu_count=1)}
    )


def _unknown_gpu() -> Scenario:
    base = preset_scenario("llama-8b-chat")
    return base.model_copy(
        update={"name": "On a GPU nobody has", "hardware": Hardware(gpu_id="no-such-gpu")}
    )


def test_unwritable_path_leaves_old_file(
    catalog: Catalog, gui_app: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "plan.pdf"
    old.write_bytes(b"%PDF old report")

    def refuse(path: Path, data: bytes, cancel: object = None) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pdf_module, "replace_atomically", refuse)
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-8b-chat")]), "x")
    with pytest.raises(ReportWriteError, match="no permission to write in the folder"):
        write_report_pdf(report, old)
    assert old.read_bytes() == b"%PDF old report"
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "user-dirs")
    assert left == ["plan.pdf"]  # no temporary file left behind


@pytest.mark.parametrize("where", ["missing-folder/out.pdf", "a-file/out.pdf", "."])
def test_bad_paths_are_named(catalog: Catalog, gui_app: object, tmp_path: Path, where: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-8b-chat")]), "x")
    with pytest.raises(ReportWriteError, match="folder"):
        write_report_pdf(report, tmp_path / where)


def test_scenarios_that_cannot_be_shown_are_listed_and_the_rest_printed(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat"), _too_big(), _unknown_gpu()])
    report = build_report(catalog, plan, "Mixed")
    missing = report.not_printed()
    assert any("could not be sized" in m and "On a GPU nobody has" in m for m in missing)
    assert any("does not fit" in m and "405B on one L40S" in m for m in missing)
    path = tmp_path / "mixed.pdf"
    assert write_report_pdf(report, path) >= 5
    needs_poppler()
    text = " ".join(poppler("pdftotext", str(path), "-").split())
    assert "What this report could not show" in text
    assert "no-such-gpu" in text
    assert "Llama 3.1 8B chat assistant" in text
