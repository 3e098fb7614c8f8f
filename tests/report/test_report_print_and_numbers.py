"""The print path (a QPrinter, as Print and Print Preview use) and the quoted accuracy."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan
from aisle_desktop.report import build_report, page_layout, render_report
from aisle_desktop.report.methodology import MEASURED_ACCURACY, MODERN_ACCURACY

REPORT_MD = Path(__file__).resolve().parents[2] / "validation" / "REPORT.md"
MODERN_REPORT_MD = REPORT_MD.with_name("REPORT-2025-26.md")


def test_renders_on_a_printer(
    catalog: Catalog, three_plan: Plan, gui_app: object, tmp_path: Path
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageLayout(page_layout("A4"))
    pages = render_report(printer, build_report(catalog, three_plan, "Printed"))
    assert pages >= 10
    assert (tmp_path / "printed.pdf").read_bytes().startswith(b"%PDF")


def _unspaced(errors: str) -> str:
    """ "10.2 % / 24.3 %" and "10.2% / 24.3%" as one: the REPORT files space their percents
    as every share a planner reads ("5 %"), the copies here may quote them either way."""
    return re.sub(r"\s*%", "%", errors.strip())


def test_methodology_quotes_the_measured_accuracy() -> None:
    """The numbers printed are the ones `make validate` measured (validation/REPORT.md)."""
    for report, quoted in ((REPORT_MD, MEASURED_ACCURACY), (MODERN_REPORT_MD, MODERN_ACCURACY)):
        text = report.read_text(encoding="utf-8")
        for figure, n, in_sample, held_out in quoted:
            row = re.search(
                rf"^\| {re.escape(figure)} \| {n:,} \| ([^|]+) \| ([^|]+) \|", text, re.M
            )
            assert row is not None, figure
            assert tuple(map(_unspaced, row.groups())) == (
                _unspaced(in_sample),
                _unspaced(held_out),
            ), figure
