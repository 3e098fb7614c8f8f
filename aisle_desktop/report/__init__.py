"""The PDF plan summary: drawn from a plan and its results, without the main window.

``build_report`` sizes a plan (no Qt); ``render_report`` paints it on any paged device (a
QPrinter for Print); ``pdf_bytes`` writes it as a PDF in memory (Print Preview shows those
pages); ``write_report_pdf`` exports it to a file atomically (``write_pdf_file`` the PDF
made in memory, as the window writes it off its thread).

The content (``build_report``, the decision, the comparison) imports no Qt, so the sizing
worker and the core tests load it without PySide6; the names that draw with Qt are imported
on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aisle_desktop.report.compare import ComparisonRow, compare_results
from aisle_desktop.report.model import Report, ReportScenario, build_report, plan_hash
from aisle_desktop.report.output_file import holds_something_else, output_refusal
from aisle_desktop.report.progress import SIZING_SHARE, ReportStoppedError, Step, part_of
from aisle_desktop.report.verdict import (
    WARNING_HEADINGS,
    Verdict,
    not_sized,
    verdict,
    warning_heading,
)

if TYPE_CHECKING:
    from aisle_desktop.report.fonts import FONT_FAMILY, FontError, ensure_gui_app, load_fonts
    from aisle_desktop.report.pages import (
        footer_text,
        render_report,
    )
    from aisle_desktop.report.pdf import (
        PAGE_SIZES,
        RESOLUTION_DPI,
        ReportWriteError,
        page_layout,
        pdf_bytes,
        write_pdf_file,
        write_report_pdf,
    )

# Each name drawn with Qt, and the module that defines it.
_WITH_QT = {
    "FONT_FAMILY": "fonts",
    "FontError": "fonts",
    "ensure_gui_app": "fonts",
    "load_fonts": "fonts",
    "footer_text": "pages",
    "render_report": "pages",
    "PAGE_SIZES": "pdf",
    "RESOLUTION_DPI": "pdf",
    "ReportWriteError": "pdf",
    "page_layout": "pdf",
    "pdf_bytes": "pdf",
    "write_pdf_file": "pdf",
    "write_report_pdf": "pdf",
}


def __getattr__(name: str) -> Any:
    """A name drawn with Qt, imported now (PEP 562)."""
    module = _WITH_QT.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


__all__ = [
    "FONT_FAMILY",
    "PAGE_SIZES",
    "RESOLUTION_DPI",
    "SIZING_SHARE",
    "WARNING_HEADINGS",
    "ComparisonRow",
    "FontError",
    "Report",
    "ReportScenario",
    "ReportStoppedError",
    "ReportWriteError",
    "Step",
    "Verdict",
    "build_report",
    "compare_results",
    "ensure_gui_app",
    "footer_text",
    "holds_something_else",
    "load_fonts",
    "not_sized",
    "output_refusal",
    "page_layout",
    "part_of",
    "pdf_bytes",
    "plan_hash",
    "render_report",
    "verdict",
    "warning_heading",
    "write_pdf_file",
    "write_report_pdf",
]
