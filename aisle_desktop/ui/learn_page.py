"""The Learn page: the lessons in reading order, then the glossary, beside the Sizer."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QTreeWidgetItemIterator,
    QWidget,
)

from aisle_desktop.learn import LearnContent, Lesson
from aisle_desktop.ui.glossary_view import GlossaryView
from aisle_desktop.ui.lesson_view import LessonView

GLOSSARY = "glossary"
ID_ROLE = Qt.ItemDataRole.UserRole


def find_item(tree: QTreeWidget, item_id: str, role: int = ID_ROLE) -> QTreeWidgetItem | None:
    """The item of a tree (at any depth) whose data in column 0 is `item_id`."""
    iterator = QTreeWidgetItemIterator(tree)
    item: QTreeWidgetItem | None = iterator.value()
    while item is not None:
        if item.data(0, role) == item_id:
            return item
        iterator += 1
        item = iterator.value()
    return None


class LearnPage(QWidget):
    """A contents list on the left; a lesson or the glossary on the right.

    Signals:
        try_requested(TryThis): a lesson's "Try this in the Sizer" was pressed.
    """

    try_requested = Signal(object)

    def __init__(self, content: LearnContent) -> None:
        super().__init__()
        self.content = content
        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setRootIsDecorated(False)
        self.contents.setIndentation(14)
        self.contents.setWordWrap(True)
        self.contents.setUniformRowHeights(False)
        self.contents.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contents.setFixedWidth(350)
        self.contents.setStyleSheet("QTreeWidget::item { padding: 3px 2px; }")
        self.lesson_view = LessonView(content.pictures_dir)
        self.glossary_view = GlossaryView(content)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.lesson_view)
        self.stack.addWidget(self.glossary_view)
        self._fill_contents()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.contents)
        layout.addWidget(self.stack, 1)
        self.contents.currentItemChanged.connect(self._on_item)
        self.lesson_view.try_requested.connect(self.try_requested)
        self.lesson_view.term_requested.connect(self.show_term)
        self.lesson_view.next_requested.connect(self.show_next)
        self.glossary_view.lesson_requested.connect(self.show_lesson)
        self.show_lesson(content.lessons[0].id)

    def _fill_contents(self) -> None:
        bold = QFont()
        bold.setBold(True)
        sections: dict[str, QTreeWidgetItem] = {}
        for lesson in self.content.lessons:
            section = sections.get(lesson.section)
            if section is None:
                section = QTreeWidgetItem([lesson.section])
                section.setFlags(Qt.ItemFlag.ItemIsEnabled)
                section.setFont(0, bold)
                self.contents.addTopLevelItem(section)
                sections[lesson.section] = section
            item = QTreeWidgetItem([lesson.title])
            item.setData(0, ID_ROLE, lesson.id)
            item.setToolTip(0, lesson.summary)
            section.addChild(item)
        glossary = QTreeWidgetItem([f"Glossary ({len(self.content.glossary)} terms)"])
        glossary.setData(0, ID_ROLE, GLOSSARY)
        glossary.setFont(0, bold)
        glossary.setToolTip(0, "Every term the Sizer uses, searchable")
        self.contents.addTopLevelItem(glossary)
        self.contents.expandAll()

    def _item(self, item_id: str) -> QTreeWidgetItem | None:
        return find_item(self.contents, item_id)

    def _on_item(self, item: QTreeWidgetItem | None) -> None:
        item_id = item.data(0, ID_ROLE) if item is not None else None
        if item_id == GLOSSARY:
            self.stack.setCurrentWidget(self.glossary_view)
            self.glossary_view.search.setFocus()
            return
        lesson = self.content.lesson(item_id) if isinstance(item_id, str) else None
        if lesson is not None:
            following = self._following(lesson.id)
            self.lesson_view.show_lesson(lesson, following.title if following else None)
            self.stack.setCurrentWidget(self.lesson_view)

    def _following(self, lesson_id: str) -> Lesson | None:
        ids = [lesson.id for lesson in self.content.lessons]
        index = ids.index(lesson_id) + 1
        return self.content.lessons[index] if index < len(ids) else None

    def show_next(self) -> None:
        """The lesson after the one on show (the glossary after the last)."""
        following = self._following(self.lesson_view.lesson_id)
        if following is None:
            self.show_glossary()
        else:
            self.show_lesson(following.id)

    def show_lesson(self, lesson_id: str) -> None:
        item = self._item(lesson_id)
        if item is not None:
            self.contents.setCurrentItem(item)

    def show_glossary(self) -> None:
        item = self._item(GLOSSARY)
        if item is not None:
            self.contents.setCurrentItem(item)

    def show_term(self, term_id: str) -> None:
        self.show_glossary()
        self.glossary_view.show_term(term_id)


def unavailable_page(message: str) -> QLabel:
    """What the Learn page shows when its content could not be read (a damaged install)."""
    label = QLabel(
        "<h3>The lessons could not be loaded</h3>"
        f"<p>{escape(message)}</p><p>The Sizer works without them.</p>"
    )
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    label.setMargin(24)
    return label
