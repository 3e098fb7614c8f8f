"""The glossary: every term the Sizer uses, filtered as the planner types."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from aisle_desktop.learn import GlossaryTerm, LearnContent
from aisle_desktop.strict_json import excerpt
from aisle_desktop.ui.name_line import search_limit
from aisle_desktop.ui.theme import Theme
from aisle_desktop.ui.typed_number import QUOTED_CHARS


def term_html(term: GlossaryTerm, lesson_title: str | None, muted: QColor) -> str:
    """One entry: the term, its other names (in `muted` text), its definition and the lesson
    that explains it."""
    names = escape(", ".join(term.also))
    also = f" <span style='color:{muted.name()}'>({names})</span>" if term.also else ""
    lesson = (
        f"<br><a href='lesson:{term.lesson}'>Lesson: {escape(lesson_title)}</a>"
        if term.lesson and lesson_title
        else ""
    )
    return (
        f"<p style='margin-bottom:10px'><a name='{term.id}'></a><b>{escape(term.term)}</b>{also}"
        f"<br>{escape(term.definition)}{lesson}</p>"
    )


class GlossaryView(QWidget):
    """A search box over the terms, each with its definition and a link to its lesson.

    Signals:
        lesson_requested(str): the planner clicked a term's lesson link.
    """

    lesson_requested = Signal(str)

    def __init__(self, content: LearnContent) -> None:
        super().__init__()
        self._content = content
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the glossary: a term, an acronym or any word")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search_cut = search_limit(self.search)
        self.count = QLabel()
        self.count.setStyleSheet(f"color: {Theme.of(self).muted.name()};")
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.browser.document().setDocumentMargin(14)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Glossary</b>"))
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 0)
        layout.addLayout(top)
        layout.addWidget(self.search_cut)
        layout.addWidget(self.browser, 1)
        self._shown: list[str] = []
        self._filter("")

    def shown_terms(self) -> list[str]:
        """The ids of the terms on show, in order."""
        return list(self._shown)

    def show_term(self, term_id: str) -> None:
        """Search for one term by its name, so it is shown first."""
        term = self._content.term(term_id)
        if term is not None:
            self.search.setText(term.term)

    def _filter(self, query: str) -> None:
        terms = self._content.search(query)
        self._shown = [t.id for t in terms]
        titles = {lesson.id: lesson.title for lesson in self._content.lessons}
        if terms:
            muted = Theme.of(self.browser).muted
            html = "".join(term_html(t, titles.get(t.lesson or ""), muted) for t in terms)
        else:
            quoted = excerpt(query.strip(), QUOTED_CHARS)  # a pasted page was quoted whole
            html = f"<p>No term mentions “{escape(quoted)}”.</p>"
        self.browser.setHtml(html)
        total = len(self._content.glossary)
        self.count.setText(f"{len(terms)} of {total} terms")

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == "lesson":
            self.lesson_requested.emit(url.path())
