"""The window's two pages, the Sizer and Learn, and the actions that switch between them."""

from __future__ import annotations

import logging

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QStackedWidget, QWidget

from aisle_desktop.learn import LearnContent, LearnContentError, load_learn_content
from aisle_desktop.ui.learn_page import LearnPage, unavailable_page

PAGES = ("sizer", "learn", "glossary")
log = logging.getLogger(__name__)


def load_learn() -> tuple[LearnContent | None, str]:
    """The shipped lessons, or None and why not (the Sizer still works without them)."""
    try:
        return load_learn_content(), ""
    except LearnContentError as err:
        log.error("Learn content not loaded: %s", err)
        return None, str(err)


class WindowPages(QStackedWidget):
    """Sizer | Learn, switched from the toolbar, the View menu or a lesson's Try this."""

    def __init__(self, sizer: QWidget, learn: LearnPage | None, problem: str) -> None:
        super().__init__()
        self.sizer = sizer
        self.learn = learn
        self.addWidget(sizer)
        self._learn_widget = learn if learn is not None else unavailable_page(problem)
        self.addWidget(self._learn_widget)
        group = QActionGroup(self)
        self.sizer_action = QAction("Sizer", group, checkable=True, checked=True)
        self.sizer_action.setShortcut(QKeySequence("Ctrl+1"))
        self.sizer_action.setToolTip("The Sizer: workload, hardware, results and curves (Ctrl+1)")
        self.learn_action = QAction("Learn", group, checkable=True)
        self.learn_action.setShortcut(QKeySequence("Ctrl+2"))
        self.learn_action.setToolTip(
            "Short lessons on sizing inference, each with a Try this in the Sizer (Ctrl+2)"
        )
        self.glossary_action = QAction("Glossary", self)
        self.glossary_action.setShortcut(QKeySequence("Ctrl+3"))
        self.sizer_action.triggered.connect(lambda: self.show_page("sizer"))
        self.learn_action.triggered.connect(lambda: self.show_page("learn"))
        self.glossary_action.triggered.connect(lambda: self.show_page("glossary"))
        self.actions_in_toolbar = [self.sizer_action, self.learn_action]

    def current_page(self) -> str:
        return "sizer" if self.currentWidget() is self.sizer else "learn"

    def show_page(self, page: str) -> None:
        """Bring `page` ("sizer", "learn" or "glossary") forward."""
        if page == "sizer":
            self.setCurrentWidget(self.sizer)
            self.sizer_action.setChecked(True)
            return
        self.setCurrentWidget(self._learn_widget)
        self.learn_action.setChecked(True)
        if page == "glossary" and self.learn is not None:
            self.learn.show_glossary()
