"""Small layout helpers shared by the editing panels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSizePolicy, QWidget

from aisle_desktop.ui.plain_text import plain_label
from aisle_desktop.ui.theme import Theme


def form_group(title: str, rows: Sequence[tuple[str | None, QWidget]]) -> QGroupBox:
    """A titled group of label / editor rows; labels become the editors' buddies. A row
    labelled None spans the group (a line said under the editor above, gone while hidden)."""
    group = QGroupBox(title)
    form = QFormLayout(group)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    for label, widget in rows:
        if label is None:
            form.addRow(widget)
            continue
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, widget)
    return group


def error_label() -> QLabel:
    """The lines under a panel's title where each refused value is explained (plain text)."""
    label = plain_label()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {Theme.of(label).text_in('bad').name()}; font-weight: bold;")
    label.hide()
    return label


def note_label(text: str = "") -> QLabel:
    """A grey explanatory line under an editor; plain text, as it may quote a plan's ids."""
    label = plain_label(text)
    label.setWordWrap(True)
    # Its width is the column's, never its one-line width: a form measured the lines a note
    # needs at that wider width, so a note that grew (the load kind's help) lost its first
    # and last lines.
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.setStyleSheet(f"color: {Theme.of(label).muted.name()};")
    return label


def set_row_visible(widget: QWidget, visible: bool) -> None:
    """Show or hide an editor together with its label in the surrounding form."""
    widget.setVisible(visible)
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if isinstance(layout, QFormLayout):
        label = layout.labelForField(widget)
        if label is not None:
            label.setVisible(visible)


def side_by_side(editor: QWidget, beside: QWidget) -> QWidget:
    """An editor taking the row's width with a small control beside it (a switch, a menu)."""
    row = QWidget()
    line = QHBoxLayout(row)
    line.setContentsMargins(0, 0, 0, 0)
    line.addWidget(editor, 1)
    line.addWidget(beside)
    return row
