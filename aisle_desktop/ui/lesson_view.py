"""One lesson: its text and picture, and the "Try this in the Sizer" bar beneath.

The lesson text is Aisle's own Markdown (rich text is fine here: it never comes from a plan
or the catalog). Links to glossary terms (`term:ID`) are announced, not followed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QImage, QTextBlockFormat, QTextCursor, QTextDocument
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


@dataclass(frozen=True)
class _Picture:
    """A lesson's picture: where it sits in the document, its file and its own image."""

    position: int
    name: str
    image: QImage


def _pictures(browser: QTextBrowser) -> list[_Picture]:
    """The lesson's pictures, in document order."""
    found = []
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isImageFormat():
                name = fragment.charFormat().toImageFormat().name()
                data = browser.loadResource(QTextDocument.ResourceType.ImageResource, QUrl(name))
                image = data if isinstance(data, QImage) else _image_of(bytes(data or b""))
                if not image.isNull():
                    found.append(_Picture(fragment.position(), name, image))
            it += 1
        block = block.next()
    return found


@functools.lru_cache(maxsize=32)
def _image_of(data: bytes) -> QImage:
    """A picture file's image, drawn once: rendering a lesson's SVG took some 20 ms of every
    window's making (the Learn page shows its first lesson as the window is built)."""
    return QImage.fromData(data)


def _fit_pictures(browser: QTextBrowser, pictures: list[_Picture], width: int) -> None:
    """Each picture at most `width` px wide, scaled smoothly (QA at 1024 x 700: a 680 px
    picture made the lesson scroll sideways; drawn smaller by the text layout, its words
    lost letters)."""
    doc = browser.document()
    for picture in pictures:
        image, name = picture.image, picture.name
        if image.width() > width > 0:
            image = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
            name = f"{picture.name}#{width}"
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        cursor = QTextCursor(doc)
        cursor.setPosition(picture.position)
        cursor.setPosition(picture.position + 1, QTextCursor.MoveMode.KeepAnchor)
        shown = cursor.charFormat().toImageFormat()
        shown.setName(name)
        shown.setWidth(image.width())
        shown.setHeight(image.height())
        cursor.setCharFormat(shown)


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
        # Lines of about 100 characters read better than the full width of a wide window;
        # in a narrower one they wrap at its width (`_fit_lines`).
        self.browser.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.browser.setLineWrapColumnOrWidth(LINE_WIDTH_PX)
        self.browser.viewport().installEventFilter(self)  # a scroll bar coming or going too
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
        self._pictures: list[_Picture] = []
        self.lesson_id = ""

    def show_lesson(self, lesson: Lesson, next_title: str | None = None) -> None:
        """Show `lesson`; `next_title` names the lesson after it (None: the last, whose
        button leads to the glossary)."""
        self.lesson_id = lesson.id
        self.next_button.setText("Next lesson ▸" if next_title else "Glossary ▸")
        self.next_button.setToolTip(f"Next: {next_title}" if next_title else "The glossary")
        # The last lesson's pictures go first: while Qt sets the new text, a scroll bar
        # coming or going resizes the view, which fitted them (`eventFilter`) at their old
        # places, past the new text's end (Qt: "QTextCursor::setPosition: Position '112'
        # out of range", a line per picture per lesson).
        self._pictures = []
        self.browser.setMarkdown(lesson_markdown(lesson))
        _space_out(self.browser)
        self._pictures = _pictures(self.browser)
        self._fit_lines()
        self._try_this = lesson.try_this
        self.try_button.setVisible(lesson.try_this is not None)
        self.hint.setText(lesson.try_this.hint if lesson.try_this is not None else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_lines()
        return False

    def _fit_lines(self) -> None:
        """Lines of `LINE_WIDTH_PX`, or the view's width where it is narrower (QA at 1024 x 700:
        lines of 780 px in a 650 px view ran off its right edge, read by scrolling sideways)."""
        width = min(LINE_WIDTH_PX, self.browser.viewport().width())
        if width <= 0:
            return
        if width != self.browser.lineWrapColumnOrWidth():
            self.browser.setLineWrapColumnOrWidth(width)
        margins = 2 * self.browser.document().documentMargin()
        _fit_pictures(self.browser, self._pictures, int(width - margins))

    def _try(self) -> None:
        if self._try_this is not None:
            self.try_requested.emit(self._try_this)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "term":
            self.term_requested.emit(url.path())
