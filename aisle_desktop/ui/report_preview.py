"""Print Preview: the exported PDF's own pages, each drawn only when it comes into sight.

Qt's QPrintPreviewDialog laid the report out again at the printer's 1200 dpi (20 scenarios: 18 s
of CPU, against 3.3 s for the PDF's 300 dpi) and then drew every page on the GUI thread before
showing one (200 scenarios, 802 pages: the window froze 27 s, with no progress and no Stop).
Here the report is written as the PDF File > Export PDF writes, on the pages thread with the
same progress and Stop, and the preview reads those bytes with QtPdf: QPdfView renders only the
pages in sight, on threads of its own, so a preview of thousands of pages opens at once and
holds the PDF (some 13 kB a page), not its pages' pictures. What it shows is what the PDF says,
page for page; Print prints the same layout (`ReportActions`, at the PDF's resolution).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ReportPreview(QDialog):
    """A report's PDF pages, one after another, fitted to the dialog's width.

    Signals:
        print_asked(): the planner pressed Print…; the preview has closed, as Qt's own does
            before it prints.
    """

    print_asked = Signal()

    def __init__(self, parent: QWidget, pdf: bytes, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print Preview: {title}")
        # The document reads the bytes through the buffer as pages come into sight: both live
        # as long as the dialog.
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.where = QLabel(self)
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.whole_page = QPushButton("Whole pages", self)
        self.whole_page.setCheckable(True)
        self.whole_page.toggled.connect(self._whole_pages)
        self.print_button = QPushButton("Print…", self)
        self.print_button.clicked.connect(self._print)
        close = QPushButton("Close", self)
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.where)
        bar.addStretch(1)
        bar.addWidget(self.whole_page)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._say_where)
        self._say_where(0)
        self.resize(900, 1000)

    @property
    def page_count(self) -> int:
        """The pages of the PDF shown."""
        return int(self.document.pageCount())

    def go_to_page(self, index: int) -> None:
        """Scroll page ``index`` (from 0) to the top of the view."""
        self.view.pageNavigator().jump(index, QPointF())

    def _say_where(self, index: int) -> None:
        self.where.setText(f"Page {index + 1} of {self.page_count}")

    def _whole_pages(self, whole: bool) -> None:
        fitted = QPdfView.ZoomMode.FitInView if whole else QPdfView.ZoomMode.FitToWidth
        self.view.setZoomMode(fitted)

    def _print(self) -> None:
        self.accept()
        self.print_asked.emit()
