"""A drop-down that never cuts its chosen text mid-letter.

A long catalog name must not widen the panel, so the input panels' drop-downs may be narrower
than their text; Qt then clipped it at the box's edge ("Together, compared with pool" at
1280 px, "Automatic: this model's API, e"), which read as a different word. This box ends a
text too long for it with "…" (its tooltip has it whole, `fields.choice`), and a drop-down of
Aisle's own few words (serving, load kind, precision) takes room for its longest item. A box
typed into to search (the Model box, `SearchLine`) does the same while no one types in it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionFrame,
    QStylePainter,
)

from aisle_desktop.ui.name_line import search_limit
from aisle_desktop.ui.name_search import NameFilter, holds_words, same_name
from aisle_desktop.ui.whole_parts import whole_parts_that_fit

# Room the style keeps between the text and the edit field's edges, in pixels.
TEXT_MARGIN_PX = 2
# Room a list view keeps either side of an item's text, in pixels (Qt's focus frame margin
# plus its text margin, about 3 + 1 in the Fusion style and most desktop styles).
LIST_ITEM_MARGIN_PX = 4


class ChoiceBox(QComboBox):
    """A QComboBox whose chosen text, where the box is too narrow, ends in "…"."""

    def shown_text(self) -> str:
        """The chosen item's text as the box draws it: whole, or cut at a letter with "…"."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        return self._fitted(option)

    def _fitted(self, option: QStyleOptionComboBox) -> str:
        field = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, self
        )
        room = field.width() - TEXT_MARGIN_PX
        if not option.currentIcon.isNull():
            room -= option.iconSize.width() + TEXT_MARGIN_PX
        return self.fontMetrics().elidedText(option.currentText, Qt.TextElideMode.ElideRight, room)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._fitted(option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


def room_for_longest(combo: QComboBox) -> None:
    """Let `combo` (filled) be no narrower than its longest item needs, for a list of Aisle's
    own few words (never a catalog's names, which would widen the panel past the window);
    no wider either: each pixel taken from the results can push a result tab off its bar."""
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    least = combo.minimumSizeHint()
    option.rect = QRect(QPoint(0, 0), least)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    metrics = combo.fontMetrics()
    widest = max(
        (metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0
    )
    combo.setMinimumWidth(least.width() + max(0, widest + TEXT_MARGIN_PX - field.width()))


class SearchLine(QLineEdit):
    """The line of a drop-down typed into to search (the Model and GPU boxes): while it has no
    focus, a chosen text too long for it shows its short name where the catalog gives one
    (`set_short_names`: the GPU box at 1280 px read "NVIDIA B200 (HGX/DGX B2…", now "NVIDIA
    B200 180GB"), else its first " · " parts that fit (`whole_parts_that_fit`: QA at 1280 px
    read "DeepSeek-V3.2 · 672 B (38.4 B acti…"), or ends in "…" where even those do not;
    typed into, it shows and edits the whole text."""

    def __init__(self) -> None:
        super().__init__()
        self._short_names: dict[str, str] = {}

    def set_short_names(self, short_names: dict[str, str]) -> None:
        """Each item's short name by its whole text, shown when the whole does not fit."""
        self._short_names = dict(short_names)
        self.update()

    def shown_text(self) -> str:
        """The text as the line draws it: whole while typed into or where it fits."""
        if self.hasFocus():
            return self.text()
        metrics = self.fontMetrics()
        room = self._text_rect().width()

        def fits(text: str) -> bool:
            return metrics.horizontalAdvance(text) <= room

        text = self.text()
        short = self._short_names.get(text)
        if short is not None and not fits(text):
            text = short
        parts = whole_parts_that_fit(text, fits)
        if parts is not None:
            return parts
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    def _text_rect(self) -> QRect:
        """Where QLineEdit draws its text: its contents less its text margins and the 2 px
        it keeps either side."""
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        rect = self.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        margins = self.textMargins()
        return rect.adjusted(
            margins.left() + TEXT_MARGIN_PX,
            margins.top(),
            -margins.right() - TEXT_MARGIN_PX,
            -margins.bottom(),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, option, painter, self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(self._text_rect(), int(align), shown)


def first_match(combo: QComboBox, typed: str) -> int:
    """The item a search names: the one whose text is `typed` (any case, its words however
    joined), else the chosen item if its text holds the words (walk: "llama 70b" and Enter
    swapped the plan's Llama 3.1 70B for Llama 2 70B, listed first), else the first whose text
    holds them (`holds_words`), as the search's list shows them; -1 when none does."""
    texts = [combo.itemText(i) for i in range(combo.count())]
    exact = next((i for i, text in enumerate(texts) if same_name(text, typed)), -1)
    if exact >= 0:
        return exact
    current = combo.currentIndex()
    if current >= 0 and holds_words(texts[current], typed):
        return current
    return next((i for i, text in enumerate(texts) if holds_words(text, typed)), -1)


def choose_what_was_typed(
    combo: QComboBox, refuse: Callable[[str], None], kept: Callable[[], object]
) -> None:
    """When the planner presses Enter in a search box (or leaves it), choose the item typed:
    the first the search's list shows. Qt's own box chose only an item typed whole, letter
    for letter (QA: "Qwen3" and Enter kept Llama 3.1 70B in the plan while the box went on
    reading "Qwen3"). Nothing typed, or the chosen item's name again, puts its name back and
    calls `kept` (the choice stands: a refusal's mark goes); a text no item holds stays as
    typed and is given to `refuse`, which says so as a number field's refusal is said."""
    line = combo.lineEdit()
    if line is None:
        return

    def chosen() -> None:
        typed = line.text().strip()
        current = combo.currentIndex()
        # (An editable box's currentText is what its line holds, so the item's own text.)
        named = current if typed in ("", combo.itemText(current)) else first_match(combo, typed)
        if named < 0:
            refuse(typed)
            return
        if named != current:
            combo.setCurrentIndex(named)
        else:
            combo.setEditText(combo.itemText(current))
            kept()
        # The name read from its start: a long one showed only its end while the box had
        # the focus ("3200 (HGX/DGX B200, 180GB)" for NVIDIA B200 at 1280 px).
        line.setCursorPosition(0)

    line.editingFinished.connect(chosen)


def list_room(completer: QCompleter, combo: QComboBox) -> None:
    """Let the search's list be as wide as the widest name it may show, within the screen:
    Qt sizes it to the line typed into, which cut every name at the box's edge (walk at 1920
    px: "DeepSeek-V3 · 671 B · 16…")."""
    popup = completer.popup()
    if popup is None:
        return
    metrics = popup.fontMetrics()
    widest = max(
        (metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0
    )
    # The list's frame, the item's own margins and a scroll bar beside the names.
    extra = 2 * popup.frameWidth() + 2 * LIST_ITEM_MARGIN_PX
    extra += popup.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    screen = combo.screen().availableGeometry().width()
    popup.setMinimumWidth(min(widest + extra, screen))


def searchable(
    combo: QComboBox,
    refuse: Callable[[str], None],
    kept: Callable[[], object],
    search: SearchLine | None = None,
) -> QLabel:
    """Make a catalog's drop-down a search: typing part of a name lists the items that hold
    it, anywhere in the name ("H200" finds "NVIDIA H200 SXM 141GB", which Qt's own box,
    matching first letters, never found), its words however joined ("deepseek v3" finds
    "DeepSeek-V3"), and Enter chooses (`choose_what_was_typed`).
    `search` is the box's line (a new one where None). Returns the hidden line, to lay out
    under the box, that says what a paste past a search's length left out."""
    search = search or SearchLine()
    combo.setLineEdit(search)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # The list shows the items that hold the words typed, however joined (`NameFilter`): Qt's
    # own filter wanted the name's hyphens and spaces letter for letter.
    names = NameFilter(combo)
    names.setSourceModel(combo.model())
    completer = QCompleter(names, combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
    search.textEdited.connect(names.set_typed)
    search.textEdited.connect(lambda _typed: list_room(completer, combo))
    combo.setCompleter(completer)
    # A name chosen in the list reads from its start: the line set it whole after Enter with
    # the cursor at its end, and showed "wen3 32B · 32.8 B · 41k context · GQA" (walk at
    # 1280 px). Queued: the line takes the name after every direct slot of the list has run.
    completer.activated.connect(
        lambda _name: search.setCursorPosition(0), Qt.ConnectionType.QueuedConnection
    )
    choose_what_was_typed(combo, refuse, kept)
    return search_limit(search)
