"""Export a report as a PDF file, all or nothing.

The PDF is rendered into memory first and then written through ``plan.atomic`` (a temporary
file in the same folder, fsynced, renamed over the old one), so a failure at any point leaves
an existing file exactly as it was and never a half-written PDF in its place.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter

from aisle_desktop.plan.atomic import (
    NotRegularFileError,
    WriteCancel,
    missing_folder,
    replace_atomically,
    why_not_written,
)
from aisle_desktop.report.fonts import ensure_gui_app
from aisle_desktop.report.model import Report
from aisle_desktop.report.pages import render_report
from aisle_desktop.report.progress import Step, unwatched

PageSizeName = Literal["A4", "Letter"]
PAGE_SIZES: dict[str, QPageSize.PageSizeId] = {
    "A4": QPageSize.PageSizeId.A4,
    "Letter": QPageSize.PageSizeId.Letter,
}
MARGIN_MM = 20.0
RESOLUTION_DPI = 300


class ReportWriteError(Exception):
    """The report could not be written; the message names the file and the reason."""


def page_layout(page_size: str) -> QPageLayout:
    """Portrait A4 or Letter with `MARGIN_MM` margins: what the report is laid out for."""
    return QPageLayout(
        QPageSize(PAGE_SIZES[page_size]),
        QPageLayout.Orientation.Portrait,
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
        QPageLayout.Unit.Millimeter,
    )


def pdf_bytes(report: Report, page_size: str = "A4", step: Step = unwatched) -> tuple[bytes, int]:
    """The report as PDF bytes and its page count; ``step`` as `render_report` tells it."""
    ensure_gui_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(page_layout(page_size))
    writer.setTitle(report.document_title)
    writer.setCreator(report.made_by)
    pages = render_report(writer, report, step)
    del writer  # flushes the PDF trailer into the buffer
    return bytes(buffer.data().data()), pages


def write_report_pdf(
    report: Report, path: Path, page_size: str = "A4", step: Step = unwatched
) -> int:
    """Write ``report`` to ``path`` atomically; the page count. Raises ReportWriteError (and
    whatever ``step`` raises: the file is then untouched)."""
    if page_size not in PAGE_SIZES:
        raise ReportWriteError(f"page size {page_size!r}: use A4 or Letter")
    # os.path's checks answer False for a name too long to look up: the write then says so.
    if os.path.isdir(path):
        raise ReportWriteError(f"{path}: is a folder; give a file name ending in .pdf")
    if not os.path.isdir(path.parent):
        raise ReportWriteError(f"{path}: {missing_folder(path.parent)}")
    data, pages = pdf_bytes(report, page_size, step)
    write_pdf_file(data, path)
    return pages


def write_pdf_file(data: bytes, path: Path, cancel: WriteCancel | None = None) -> None:
    """Put a PDF made in memory at ``path`` atomically: ReportWriteError naming the file and
    why, or WriteStoppedError when ``cancel`` was honoured (the file untouched either way).
    The window writes this way off its thread, once the pages are drawn."""
    try:
        replace_atomically(path, data, cancel=cancel)
    except NotRegularFileError as err:
        raise ReportWriteError(
            f"{path}: is {err.kind}, not a file; give a file name ending in .pdf"
        ) from None
    except OSError as err:
        reason = why_not_written(err, path)
        raise ReportWriteError(f"{path}: cannot write the report: {reason}") from None
