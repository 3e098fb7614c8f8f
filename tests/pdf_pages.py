"""What a PDF's pages read, as QtPdf (the preview's reader) reads them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtPdf import QPdfDocument


def page_texts(pdf: Path | bytes) -> list[str]:
    """The text of each page of a PDF."""
    data = pdf.read_bytes() if isinstance(pdf, Path) else pdf
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    return [document.getAllText(page).text() for page in range(document.pageCount())]
