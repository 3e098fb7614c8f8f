"""The PDF plan summary: drawn from a plan and its results, without the main window.

``build_report`` sizes a plan (no Qt); ``render_report`` paints it on any paged device (a
QPrinter for Print and Print Preview); ``write_report_pdf`` exports it to a file atomically.
"""

from aisle_desktop.report.compare import ComparisonRow, compare_results
from aisle_desktop.report.fonts import FONT_FAMILY, FontError, ensure_gui_app, load_fonts
from aisle_desktop.report.model import Report, ReportScenario, build_report, plan_hash
from aisle_desktop.report.output_file import holds_something_else, output_refusal
from aisle_desktop.report.pages import footer_text, render_report
from aisle_desktop.report.pdf import (
    PAGE_SIZES,
    ReportWriteError,
    page_layout,
    pdf_bytes,
    write_report_pdf,
)

__all__ = [
    "FONT_FAMILY",
    "PAGE_SIZES",
    "ComparisonRow",
    "FontError",
    "Report",
    "ReportScenario",
    "ReportWriteError",
    "build_report",
    "compare_results",
    "ensure_gui_app",
    "footer_text",
    "holds_something_else",
    "load_fonts",
    "output_refusal",
    "page_layout",
    "pdf_bytes",
    "plan_hash",
    "render_report",
    "write_report_pdf",
]
