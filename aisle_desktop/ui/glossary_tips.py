"""Tooltips from the glossary on every input, headline figure, figure row and curve tab.

Which term explains what is written in `resources/learn/tooltips.json`; the words are the
glossary's, so a tooltip and the Learn page never disagree.
"""

from __future__ import annotations

from html import escape

import pyqtgraph as pg
from PySide6.QtWidgets import QFormLayout, QGroupBox, QWidget

from aisle_desktop.learn import LearnContent
from aisle_desktop.ui.try_this import SizerParts, curve_pages

MORE = "<br><i>More in Learn, Glossary (Ctrl+3)</i>"


def term_tip(content: LearnContent, term_id: str) -> str:
    """Rich text: the term in bold and its definition (our own text, escaped all the same)."""
    term = content.term(term_id)
    if term is None:
        return ""
    return f"<b>{escape(term.term)}</b>: {escape(term.definition)}"


def _with_existing(tip: str, existing: str) -> str:
    """Keep help the panel wrote itself (a search hint, PUE presets) under the term."""
    return f"{tip}<br>{existing}{MORE}" if existing else f"{tip}{MORE}"


def _form_label(widget: QWidget) -> QWidget | None:
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout.labelForField(widget) if isinstance(layout, QFormLayout) else None


def apply_tooltips(content: LearnContent, parts: SizerParts) -> None:
    """Give every input, figure and curve its glossary tooltip."""
    fields = content.tooltips.fields
    for panel in parts.editing_panels:
        for path, widget in panel.fields.editors().items():
            term = fields.get(".".join(path))
            if term is None:
                continue
            tip = _with_existing(term_tip(content, term), panel.fields.help(path))
            panel.fields.set_help(path, tip)
            label = _form_label(widget)
            if label is not None:
                label.setToolTip(tip)
        for box in panel.findChildren(QGroupBox):
            term = fields.get(box.objectName())
            if term is not None:
                box.setToolTip(term_tip(content, term) + MORE)
    figures = {name: term_tip(content, term) for name, term in content.tooltips.figures.items()}
    for name, tip in figures.items():
        caption = parts.results_panel.headline_caption(name)
        if caption is not None:
            caption.setToolTip(tip + MORE)
    parts.figure_table.set_term_tips(figures)
    rows = {name: term_tip(content, term) for name, term in content.tooltips.rows.items()}
    parts.comparison_view.set_term_tips({**figures, **rows})
    curves = parts.curves_panel
    for name, page in curve_pages(curves).items():
        term = content.tooltips.curves.get(name)
        if term is None:
            continue
        tip = term_tip(content, term) + MORE
        curves.setTabToolTip(curves.indexOf(page), tip)
        for plot in [page, *page.findChildren(pg.PlotWidget)]:
            if isinstance(plot, pg.PlotWidget):
                plot.setToolTip(tip)
