"""Print Preview draws pages laid out beforehand, and lays them out again only for a page
set-up they were not laid out for (the planner changed it in the preview)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, draw_pages, lay_out_report, page_layout


def _printer(page_size: str, target: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout(page_size))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(target))
    return printer


def test_pages_suit_the_page_set_up_they_were_laid_out_for(
    qapp: QApplication, catalog: Catalog, tmp_path: Path
) -> None:
    report = build_report(catalog, Plan(scenarios=[preset_scenario("llama-70b-rag")]), "RAG")
    a4 = _printer("A4", tmp_path / "a4.pdf")
    laid = lay_out_report(a4, report)
    assert laid.suits(a4)
    assert laid.suits(_printer("A4", tmp_path / "again.pdf"))
    assert not laid.suits(_printer("Letter", tmp_path / "letter.pdf"))
    turned = _printer("A4", tmp_path / "turned.pdf")
    turned.setPageOrientation(QPageLayout.Orientation.Landscape)
    assert not laid.suits(turned)
    # Drawn from the layout, the pages are those a single call lays out and draws.
    assert draw_pages(a4, laid) == laid.page_count >= 8
    assert (tmp_path / "a4.pdf").read_bytes().startswith(b"%PDF")
