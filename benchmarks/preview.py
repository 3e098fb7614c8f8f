"""`make bench`: Print and Print Preview of a big plan (20 scenarios, and 200 with
`preview.py 200`), printed, never asserted.

Print Preview shows the PDF Export PDF writes (`ui/report_preview.py`), so its cost is that
PDF's, made on the pages thread; the preview then draws only the pages in sight. Print lays the
report out at the same 300 dpi. A Stop is seen at the next step the work takes, so the longest
stretch between two steps is how long a Stop can wait.
"""

from __future__ import annotations

import resource
import sys
import time

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from run import best_wall_and_cpu, many_scenarios_plan, report

from aisle_desktop.catalog import load_catalog
from aisle_desktop.report import (
    RESOLUTION_DPI,
    build_report,
    ensure_gui_app,
    page_layout,
    pdf_bytes,
    render_report,
)
from aisle_desktop.report.model import Report

SCENARIOS = 20
# What a preview of 900 px draws a page at: the dialog's width less its frame.
PAGE_WIDTH_PX = 860


class Steps:
    """The longest CPU and wall-clock stretch between two of the work's steps."""

    def __init__(self) -> None:
        self.longest_cpu_s = 0.0
        self.longest_wall_s = 0.0
        self._cpu = time.process_time()
        self._wall = time.perf_counter()

    def __call__(self, _doing: str, _share: float) -> None:
        cpu, wall = time.process_time(), time.perf_counter()
        self.longest_cpu_s = max(self.longest_cpu_s, cpu - self._cpu)
        self.longest_wall_s = max(self.longest_wall_s, wall - self._wall)
        self._cpu, self._wall = cpu, wall


def first_page_ms(pdf: bytes) -> tuple[float, int]:
    """Milliseconds from the PDF's bytes to its first page drawn at the preview's width, and
    its page count: what opening the preview waits for."""
    start = time.perf_counter()
    buffer = QBuffer()
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(0)
    width = PAGE_WIDTH_PX
    document.render(0, QSize(width, round(width * size.height() / size.width())))
    return (time.perf_counter() - start) * 1e3, document.pageCount()


def printed_pages(built: Report) -> int:
    """Print ``built`` as the window does (at the PDF's resolution), to a PDF in /dev/null."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout("A4"))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName("/dev/null")
    printer.setResolution(RESOLUTION_DPI)
    return render_report(printer, built)


def main() -> None:
    ensure_gui_app()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else SCENARIOS
    built = build_report(load_catalog(), many_scenarios_plan(count), "Benchmark")
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    steps = Steps()
    wall, cpu = time.perf_counter(), time.process_time()
    pdf, pages = pdf_bytes(built, "A4", steps)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if count <= SCENARIOS:  # a big plan's once is enough, and takes a minute
        wall, cpu = best_wall_and_cpu(2, lambda: pdf_bytes(built, "A4"))
    report(f"Print Preview, {count} scenarios: its PDF", f"{cpu:.1f} s CPU", "- (was 18.3 s)")
    report("  in wall-clock time", f"{wall:.1f} s", "-")
    report(f"  {pages} pages, the PDF the preview holds", f"{len(pdf) / 1e6:.1f} MB", "-")
    report("  memory the pages took at their peak", f"{(peak_kb - before_kb) / 1024:.0f} MB", "-")
    report("  the process at its peak, sizing and all", f"{peak_kb / 1024:.0f} MB", "-")
    report("  longest wait for a Stop, CPU", f"{steps.longest_cpu_s:.2f} s", "< 1-2 s")
    report("  longest wait for a Stop, wall clock", f"{steps.longest_wall_s:.2f} s", "< 1-2 s")
    opened_ms, shown = first_page_ms(pdf)
    report(f"  preview opened, first of {shown} pages drawn", f"{opened_ms:.0f} ms", "< 1 s")
    if count <= SCENARIOS:
        wall, cpu = best_wall_and_cpu(1, lambda: printed_pages(built))
        report(
            f"Print, {count} scenarios, at {RESOLUTION_DPI} dpi", f"{cpu:.1f} s CPU", "- (18.3 s)"
        )


if __name__ == "__main__":
    main()
