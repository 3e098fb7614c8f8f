"""One lesson: its text and picture, and the "Try this in the Sizer" bar beneath.

The lesson text is Aisle's own Markdown (rich text is fine here: it never comes from a plan
or the catalog). Links to glossary terms (`term:ID`) are announced, not followed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.learn import Lesson, TryThis
from aisle_desktop.ui.theme import Theme

LINE_WIDTH_PX = 780
OBJECT_CHARACTER = "\ufffc"  # how a picture sits in a text block
LINE_HEIGHT_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


def lesson_markdown(lesson: Lesson) -> str:
    """Title, summary, picture and body as one Markdown text (the picture by file name)."""
    picture = f"![{lesson.title}]({lesson.picture})\n\n" if lesson.picture else ""
    return f"# {lesson.title}\n\n*{lesson.summary}*\n\n{picture}{lesson.body_markdown}\n"


def _space_out(browser: QTextBrowser) -> None:
    """Looser lines and paragraphs than Qt's Markdown default, for reading prose (a picture's
    own block keeps its height: a proportional line height would stretch it)."""
    block = browser.document().begin()
    while block.isValid():
        spacing = QTextBlockFormat()
        spacing.setBottomMargin(6)
        if OBJECT_CHARACTER not in block.text():
            spacing.setLineHeight(125, LINE_HEIGHT_PROPORTIONAL)
        QTextCursor(block).mergeBlockFormat(spacing)
        block = block.next()


class LessonView(QWidget):
    """Shows one lesson at a time.

    Signals:
        try_requested(TryThis): the planner pressed "Try this in the Sizer".
        term_requested(str): the planner clicked a glossary term in the text.
        next_requested(): the planner pressed the button to the next lesson (or glossary).
    """

    try_requested = Signal(object)
    term_requested = Signal(str)
    next_requested = Signal()

    def __init__(self, pictures_dir: str) -> None:
        super().__init__()
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setSearchPaths([pictures_dir])
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDocumentMargin(18)
        # Lines of about 100 characters read better than the full width of a wide window.
        self.browser.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.browser.setLineWrapColumnOrWidth(LINE_WIDTH_PX)
        self.try_button = QPushButton("Try this in the Sizer ▸")
        self.try_button.setDefault(True)
        self.try_button.clicked.connect(self._try)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.next_requested)
        bar = QFrame()
        bar.setObjectName("try-bar")
        bar.setStyleSheet(Theme.of(bar).tone("info").strip("#try-bar", "top"))
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.try_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.hint, 1)
        row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignTop)
        self.try_bar = bar
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(bar)
        self._try_this: TryThis | None = None
        self.lesson_id = ""

    def show_lesson(self, lesson: Lesson, next_title: str | None = None) -> None:
        """Show `lesson`; `next_title` names the lesson after it (None: the last, whose
        button leads to the glossary)."""
        self.lesson_id = lesson.id
        self.next_button.setText("Next lesson ▸" if next_title else "Glossary ▸")
        self.next_button.setToolTip(f"Next: {next_title}" if next_title else "The glossary")
        self.browser.setMarkdown(lesson_markdown(lesson))
        _space_out(self.browser)
        self._try_this = lesson.try_this
        self.try_button.setVisible(lesson.try_this is not None)
        self.hint.setText(lesson.try_this.hint if lesson.try_this is not None else "")

    def _try(self) -> None:
        if self._try_this is not None:
            self.try_requested.emit(self._try_this)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "term":
            self.term_requested.emit(url.path())
