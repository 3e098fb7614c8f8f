"""What the plan needs and why: status, headline figures, memory, warnings, every figure.

The panel shows a SizingResult and nothing else; every number comes from the sizing engine
and is written by the shared formatting module, so the window, the CLI and the report agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QFocusEvent, QTextDocument
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.formatting import (
    count,
    figures_unbroken,
    percentile_text,
    unbroken,
    with_unit,
)
from aisle_desktop.labels import FIGURE_LABELS, HEADLINE_FIGURES, MEMORY_SEGMENTS
from aisle_desktop.report import WARNING_HEADINGS, verdict, warning_heading
from aisle_desktop.sizing import PlanWarning, SizingResult, figure_text
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    NO_COMPARABLE_API,
    PRICED_BY_THE_API,
    ServingComparison,
    figure_value_and_notes,
    no_comparable_api,
)
from aisle_desktop.ui.explanation_dialog import ExplanationDialog, explanation_html
from aisle_desktop.ui.fade import Fade
from aisle_desktop.ui.focus_in_view import FocusInView
from aisle_desktop.ui.fold_lines import fold_clear_of_lines, label_lines_px
from aisle_desktop.ui.headline_grid import HeadlineBox
from aisle_desktop.ui.memory_bar import MemoryBar
from aisle_desktop.ui.plain_text import plain_label
from aisle_desktop.ui.theme import Theme

NOT_SIZED = "Not sized: "
# A headline's notes go under the figures, marked in its cell: beside it, "591 k
# requests/day (beyond capacity; another model's price)" wrapped to five lines at 1280 px
# and was cut at the pane's fold. Asterisk and daggers, not superscript digits: beside a
# unit, "requests/day²" reads as per day squared. One mark per headline figure, at most.
FOOTNOTE_MARKS = tuple(mark * times for times in (1, 2, 3) for mark in "*†‡§")
OLD_FIGURES = "The greyed figures below are for the last inputs that could be sized."


TAIL_EXPLANATION = (
    "Simulated request by request: one replica at its share of the planned peak load, with "
    "arrivals bunching as real ones do (or, for requests in flight, clients asking again at "
    "once). The figures above are averages; p95 is what one answer in 20 exceeds."
)


POOLS_TAIL_EXPLANATION = (
    "Simulated request by request: a prefill worker and a decode worker of the pools, each at "
    "its share of the planned peak load, with arrivals bunching as real ones do. A prompt "
    "queues at its prefill worker, its KV cache crosses to a decode worker, which takes it in "
    "at its next iteration if its batch has room. The targets are met on average; p95 is "
    "what one answer in 20 exceeds."
)


NO_TAIL = (
    "Slowest answers: not simulated, as more requests arrive than the replicas can ever "
    "serve (the queue would never empty) or none arrive at all."
)


NO_POOLS_TAIL = (
    "Slowest answers: not simulated, as more requests arrive than a pool can ever serve "
    "(its queue would never empty) or none arrive at all."
)


def warnings_text(warnings: Sequence[PlanWarning]) -> str:
    """The warnings under the report's headings (verdict.py: "Blocking problems" only for
    what stops the plan serving, a shortfall under its own heading), the most severe first;
    words, not symbols: the window's font lacked the glyph for "no entry" and showed a box."""
    listed: dict[str, list[str]] = {heading: [] for heading in WARNING_HEADINGS}
    for w in warnings:
        listed[warning_heading(w)].append(f"• {escape(figures_unbroken(w.message))}")
    return "<br><br>".join(
        f"<b>{heading}</b><br>" + "<br>".join(items) for heading, items in listed.items() if items
    )


def footnote_line(mark: str, name: str, notes: Sequence[str]) -> str:
    """A headline's notes under the figures, named by its caption: "† Owning is cheaper
    above: beyond capacity; another model's price"."""
    return f"{mark} {FIGURE_LABELS[name]}: {'; '.join(notes)}"


def tail_text(tail: TailLatency, targets_ms: tuple[float | None, float | None]) -> str:
    """One line; each percentile and its value stay together when the line wraps, each written
    `beside_target` (a p95 just over the target never reads as the target)."""
    ttft_ms, tpot_ms = targets_ms

    def at(percentile: str, seconds: float, target_ms: float | None) -> str:
        return f"{percentile} {percentile_text(seconds, target_ms)}".replace(" ", "\u00a0")

    return (
        f"Slowest answers (simulated): first token {at('p95', tail.ttft_p95_s, ttft_ms)}, "
        f"{at('p99', tail.ttft_p99_s, ttft_ms)} · per token {at('p95', tail.tpot_p95_s, tpot_ms)}, "
        f"{at('p99', tail.tpot_p99_s, tpot_ms)}"
    )


def _targets_ms(result: SizingResult | None) -> tuple[float | None, float | None]:
    """The plan's TTFT and TPOT targets, as its figures carry them (None: no result)."""
    figures = {} if result is None else result.figures
    ttft, tpot = (figures.get(name) for name in ("ttft_ms", "tpot_ms"))
    return (None if ttft is None else ttft.target, None if tpot is None else tpot.target)


SERVING_QUESTION = "Separate prefill and decode GPUs?"
# The figure the serving line's "why" explains: the pools' GPUs ("Separate prefill and decode
# GPUs?: 8 GPUs" read as an answer to the question).
SERVING_FIGURE = "GPUs in separate prefill and decode pools"
SERVING_LINK = "serving"


def serving_text(comparison: ServingComparison, link_colour: str) -> str:
    """Which serving needs fewer GPUs for this plan, in a few words; the reasons and the
    pools' arithmetic are one click away ("why"), as every figure's are."""
    why = (
        f" <a href='{SERVING_LINK}' style='color:{link_colour}'>why</a>"
        if comparison.why is not None
        else ""
    )
    return f"{SERVING_QUESTION} {escape(figures_unbroken(comparison.short))}.{why}"


CONVERSATION = "conversation_128k_gb"


def conversation_parts_text(result: SizingResult) -> str:
    """Where one 128k-token conversation's memory goes, e.g. "4.03 GB in 15 full-attention
    layers, 0.19 GB in 45 linear-attention or state-space layers"."""
    fig = result.figures[CONVERSATION]
    parts = [q for q in fig.explanation.inputs if q.unit == "GB" and q.value > 0]
    return ", ".join(f"{with_unit(q.value, q.unit)} in {q.name}" for q in parts)


# A count with its scale ("30.4 billion"), then its unit ("requests/day"): where a narrow column
# may wrap a headline value that is not money.
_COUNT_AND_UNIT = re.compile(r"^([\d.,]+(?: (?:[kM]|billion|trillion))?) (\D.*)$")


def unbroken_number(text: str) -> str:
    """``text`` with its number kept whole ("30.4 billion") and its unit whole ("requests/day"), a
    note after them ("(beyond capacity)") free to wrap: non-breaking spaces, and a word joiner
    after each slash, where Qt would otherwise break. Money stays on one line ("$15.1 B/year",
    "$2.44/M tokens"); a count may put its unit on the next line in a narrow column (1280 px,
    "30.4 billion requests/day" on a campus-sized plan) rather than lose its last letters."""
    figure, opens, note = text.partition(" (")
    split = _COUNT_AND_UNIT.match(figure)
    if split is None:
        return unbroken(figure) + opens + note
    return f"{unbroken(split[1])} {unbroken(split[2])}{opens}{note}"


class LinkLabel(QLabel):
    """A label whose links (a figure's value, a "why") Tab reaches and Enter opens, as a
    click does: a planner working by keyboard alone could open no figure's explanation
    (walk: Tab went from the results panel straight to the curves' tabs). Tabbed into, its
    first link (last, going back) is the one focused and drawn so: Qt focused the label and
    left its link for a second Tab, showing nothing meanwhile."""

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            # Within a label, this moves between its links (QLabel's own Tab handling).
            self.focusNextPrevChild(event.reason() == Qt.FocusReason.TabFocusReason)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        """A figure given new text while Tab rests on it keeps its link focused and drawn so:
        new text cleared the label's link focus, and the focus mark vanished under the
        planner's eyes when a later answer (the pools' comparison) arrived."""
        refocus = self.hasFocus() and text != self.text() and "href=" in text
        super().setText(text)
        if refocus:
            # The old link's selection outlives the text (unmarked): from the start, the
            # next link is the first one (without links focus would pass on, hence the check).
            self.setSelection(0, 0)
            self.focusNextPrevChild(True)


class HeadlineValue(LinkLabel):
    """A headline value that asks its column for room to show on one line, and wraps between
    its number and its unit only when the window leaves less (never cutting a digit): a
    word-wrapped label's own size hint let its column shrink to the unit's width even where
    the whole value fitted ("1.18 k" above "tokens/s" at 1280 px)."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        page = QTextDocument()
        page.setDefaultFont(self.font())
        page.setDocumentMargin(0)
        page.setHtml(self.text())
        return QSize(max(hint.width(), math.ceil(page.idealWidth())), hint.height())


def memory_segments(result: SizingResult, pool: str = "") -> list[tuple[str, float]]:
    """(name, GB) of one GPU's memory; `pool` "prefill_" for a prefill worker's GPU."""
    return [
        (label, result.value(pool + name))
        for label, name in MEMORY_SEGMENTS
        if pool + name in result.figures
    ]


class ResultsPanel(QScrollArea):
    """Shows the latest sized plan; marks it stale while inputs are invalid or failing."""

    def __init__(self) -> None:
        super().__init__()
        self._theme = Theme.of(self)
        body = QWidget()
        self._column = layout = QVBoxLayout(body)
        self.banner = plain_label("Sizing…")  # the status names the plan's model and GPU
        self.banner.setWordWrap(True)
        self.banner.setMargin(8)
        self.banner.setObjectName("banner")
        self.stale = plain_label()  # quotes the refused value
        self.stale.setStyleSheet(
            f"color: {self._theme.text_in('warn').name()}; font-style: italic;"
        )
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.plan_line = QLabel()
        self.plan_line.setWordWrap(True)
        self.plan_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)
        layout.addWidget(self.stale)
        # Everything drawn from a result, greyed as one while its inputs cannot be sized.
        self.figures = QWidget()
        figures = QVBoxLayout(self.figures)
        figures.setContentsMargins(0, 0, 0, 0)
        self._faded = Fade(self.figures)
        layout.addWidget(self.figures)
        figures.addWidget(self.plan_line)
        figures.addWidget(self._headline_box())
        self.memory_box = memory_box = QGroupBox("Memory per GPU")
        memory_layout = QVBoxLayout(memory_box)
        # Separate pools split the model each their own way: a bar per pool, each named.
        self.prefill_caption = plain_label()
        self.prefill_bar = MemoryBar()
        self.decode_caption = plain_label()
        self.memory_bar = MemoryBar()  # the decode pool's, when the plan has pools
        for widget in (self.prefill_caption, self.prefill_bar, self.decode_caption):
            memory_layout.addWidget(widget)
            widget.hide()
        memory_layout.addWidget(self.memory_bar)
        self.conversation = LinkLabel()  # one long conversation's cache, layer kind by kind
        self.conversation.setWordWrap(True)
        self.conversation.setTextFormat(Qt.TextFormat.RichText)
        self.conversation.linkActivated.connect(self._explain)
        memory_layout.addWidget(self.conversation)
        figures.addWidget(memory_box)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        warn_box = QGroupBox("What to know")
        QVBoxLayout(warn_box).addWidget(self.warnings)
        figures.addWidget(warn_box)
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Its scroll bar's least height (some 70 px) showed half a line of the plan under the
        # verdict when a result tab took the room (`verdict_height_px`).
        self.setMinimumHeight(self.fontMetrics().lineSpacing())
        # Tab goes to its figures, not the panel, which showed no sign of focus; Page Down
        # from a figure still scrolls it (the figure passes the key on).
        FocusInView(self)
        self._result: SizingResult | None = None
        self._notes: dict[str, str] = {}  # each headline's notes, as its footnote says them
        self._shown: dict[str, str] = {}  # each headline's value, as its cell writes it

    def _headline_box(self) -> HeadlineBox:
        self._values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        cells = []
        for name in HEADLINE_FIGURES:
            caption = QLabel(FIGURE_LABELS[name])
            caption.setStyleSheet(f"color: {self._theme.muted.name()};")
            caption.setWordWrap(True)
            # The values size the columns; a caption wraps to the width it is given.
            caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            # A row's captions end together above their values, and its values start
            # together under them, whichever wraps to more lines: centred, a value beside
            # a three-line one sat a line lower, under the panel's fold at 1024 x 700.
            caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
            value = HeadlineValue("–")
            value.setStyleSheet("font-size: 14px; font-weight: bold;")
            value.setTextFormat(Qt.TextFormat.RichText)
            # Where even two columns leave too little, a long value wraps after its number
            # instead of widening the panel past the window's edge; its notes are footnotes.
            value.setWordWrap(True)
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            value.linkActivated.connect(self._explain)
            value.setAccessibleName(FIGURE_LABELS[name])
            cells.append((caption, value))
            self._values[name] = value
            self._captions[name] = caption
        self.footnotes = plain_label()  # what qualifies a headline, one line each
        self.footnotes.hide()
        self.footnotes.setWordWrap(True)
        self.footnotes.setStyleSheet(f"color: {self._theme.muted.name()};")
        self.tail = QLabel()
        self.tail.setWordWrap(True)
        self.tail.setStyleSheet(f"color: {self._theme.muted.name()};")
        self.tail.setToolTip(TAIL_EXPLANATION)
        self.serving = LinkLabel()
        self.serving.setWordWrap(True)
        self.serving.setTextFormat(Qt.TextFormat.RichText)
        self.serving.setStyleSheet(f"color: {self._theme.muted.name()};")
        self.serving.linkActivated.connect(self._explain)
        self._comparison: ServingComparison | None = None
        self.headlines = HeadlineBox(
            "Headline figures (click a value for how it was computed)",
            cells,
            (self.footnotes, self.tail, self.serving),
        )
        return self.headlines

    def headline_value(self, name: str) -> QLabel | None:
        """The label showing a headline figure's value (None: not a headline)."""
        return self._values.get(name)

    def headline_caption(self, name: str) -> QLabel | None:
        """The label naming a headline figure (None: not a headline)."""
        return self._captions.get(name)

    def show_tail(self, tail: TailLatency | None) -> None:
        """The slowest answers of the plan shown, once the simulation is done."""
        if tail is not None:
            self.tail.setText(tail_text(tail, _targets_ms(self._result)))
        elif self._result is not None and self._result.serving == "disaggregated":
            self.tail.setText(NO_POOLS_TAIL)
        elif self._result is not None and self._result.fits:
            self.tail.setText(NO_TAIL)
        else:
            self.tail.setText("")

    def show_serving(self, comparison: ServingComparison | None) -> None:
        """Whether separate prefill and decode pools would need fewer GPUs, and why."""
        self._comparison = comparison
        if comparison is None:
            self.serving.setText("")
            self.serving.setToolTip("")
            return
        self.serving.setText(serving_text(comparison, self._theme.figure.name()))
        self.serving.setToolTip(
            explanation_html(SERVING_FIGURE, comparison.why)
            if comparison.why is not None
            else escape(comparison.reason)
        )

    def value_text(self, name: str) -> str:
        """The text a headline shows (tests compare it with the CLI)."""
        label = self._values[name]
        return label.property("plain_text") or ""

    def verdict_height_px(self) -> int:
        """The panel's height down to its verdict (the banner, and the stale note when shown):
        the least a result tab that takes room leaves it."""
        last = self.stale if self.stale.isVisible() else self.banner
        gap = self._column.spacing()  # down to where the plan line starts
        return last.geometry().bottom() + 1 + gap + 2 * self.frameWidth()

    def headlines_height_px(self) -> int:
        """The panel's height down to its headline figures' last row (the notes under them
        may stay below): what a plot tab leaves it (`TabRoom`), so that no row is cut at the
        fold."""
        body = self.widget()
        if body is None:
            return 0
        bottom = max(
            value.mapTo(body, QPoint(0, value.height())).y() for value in self._values.values()
        )
        return bottom + 2 * self.frameWidth()

    def fold_clear_px(self, height_px: int, most_px: int) -> int:
        """The panel's height nearest `height_px`, and at most `most_px`, whose fold (read
        from the panel's top) cuts no line of its text but falls between two
        (`fold_clear_of_lines`): a note's line under the headline figures sat on it, half
        shown."""
        body = self.widget()
        if body is None:
            return height_px
        frame = 2 * self.frameWidth()
        lines = [
            line
            for label in body.findChildren(QLabel)
            if label.isVisibleTo(body) and label.text()
            for line in label_lines_px(label, body)
        ]
        return fold_clear_of_lines(height_px - frame, lines, most_px - frame) + frame

    def is_greyed(self) -> bool:
        """Whether the figures shown are marked as belonging to inputs no longer on screen."""
        return self._faded.is_on()

    def _set_banner(self, tone: str, text: str) -> None:
        style = self._theme.tone(tone).style() + "font-weight: bold;"
        if self.banner.styleSheet() != style:  # a new style sheet restyles and repaints
            self.banner.setStyleSheet(style)
        self.banner.setText(figures_unbroken(text))

    def show_result(self, result: SizingResult) -> None:
        self._result = result
        self.stale.hide()
        self._faded.set(False)
        self._set_banner(verdict(result).tone, result.status)
        pools = result.serving == "disaggregated"
        self.tail.setToolTip(POOLS_TAIL_EXPLANATION if pools else TAIL_EXPLANATION)
        self.tail.setText("Slowest answers: simulating…" if result.fits else "")
        self.show_serving(result.known_serving_comparison)  # a compared plan's comes later
        if result.fits:
            self.plan_line.setText(
                f"<b>{escape(result.hardware_text())}</b> = "
                f"{escape(result.served_by())}"
                f"{escape(result.encoders_text())} in "
                f"{escape(result.servers_text())}"
                f", {count(result.racks, 'rack')}. "
                + (f"{escape(result.layout_reason)}. " if result.layout_reason else "")
                + f"{escape(result.model_name)} at {result.weight_precision.upper()} "
                f"({result.kv_precision.upper()} KV) on "
                f"{escape(result.engine_release or result.engine_name)}, "
                f"{result.input_tokens:,} in / "
                f"{result.output_tokens:,} out tokens. Binds: {escape(result.binding_constraint)}; "
                f"{escape(result.steps_bound())}. Load: {escape(result.demand)}."
            )
        else:
            options = "<br>".join(f"• {escape(a)}" for a in result.alternatives)
            self.plan_line.setText(
                "<b>What would fit:</b><br>" + (options or "nothing in the catalog")
            )
        footnotes: list[str] = []
        # The API figures left out for want of a comparable hosted price share one footnote.
        api_mark = ""
        for name, label in self._values.items():
            if name not in result.figures:
                if name in PRICED_BY_THE_API and no_comparable_api(result) and not api_mark:
                    api_mark = FOOTNOTE_MARKS[len(footnotes)]
                    footnotes.append(f"{api_mark} {NO_COMPARABLE_API}")
                label.setText("–" + (api_mark if name in PRICED_BY_THE_API else ""))
                label.setProperty("plain_text", "")
                label.setToolTip("")
                continue
            text, notes = figure_value_and_notes(result, name)
            note_mark = FOOTNOTE_MARKS[len(footnotes)] if notes else ""
            if notes:
                footnotes.append(footnote_line(note_mark, name, notes))
            meets = result.figures[name].meets_target if result.fits else None
            mark = {True: " ✓", False: " ✗", None: ""}[meets]
            label.setText(
                f"<a href='{name}' style='color:{self._theme.figure.name()};"
                "text-decoration:none'>"
                f"{escape(unbroken_number(text))}</a>{note_mark}{mark}"
            )
            label.setProperty("plain_text", figure_text(result, name))
            # Hovering the value, or its "why", tells its notes too, under its heading,
            # without scrolling to the footnotes.
            self._notes[name] = f"{note_mark} {'; '.join(notes)}" if notes else ""
            self._shown[name] = text
            label.setToolTip(
                explanation_html(FIGURE_LABELS[name], result.figures[name], self._notes[name], text)
            )
        self.footnotes.setText("\n".join(footnotes))
        self.footnotes.setVisible(bool(footnotes))
        self.headlines.fit()
        self._show_memory(result)
        self._show_warnings(result)

    def _show_memory(self, result: SizingResult) -> None:
        pools = bool(result.decode_layout)
        self.memory_box.setTitle("Memory per GPU, each pool" if pools else "Memory per GPU")
        self.memory_bar.set_segments(memory_segments(result))
        self.prefill_bar.set_segments(memory_segments(result, "prefill_"))
        self.prefill_caption.setText(f"Prefill pool, {result.prefill_layout}")
        self.decode_caption.setText(f"Decode pool, {result.decode_layout}")
        for widget in (self.prefill_caption, self.prefill_bar, self.decode_caption):
            widget.setVisible(pools)
        if CONVERSATION not in result.figures:
            self.conversation.setText("")
            return
        total = escape(figure_text(result, CONVERSATION))
        self.conversation.setText(
            f"One 128k-token conversation holds <a href='{CONVERSATION}' "
            f"style='color:{self._theme.figure.name()}'>{total}</a> of KV cache and state "
            f"(whole model, before TP splits it): {escape(conversation_parts_text(result))}."
        )
        self.conversation.setToolTip(
            explanation_html(FIGURE_LABELS[CONVERSATION], result.figures[CONVERSATION])
        )

    def _show_warnings(self, result: SizingResult) -> None:
        self.warnings.setText(warnings_text(result.warnings) or "Nothing unusual.")

    def show_not_sized(self, reason: str, tone: str = "bad") -> None:
        """The plan on screen cannot be sized: say why, and show no figures at all, so none of
        another plan's (the one open before, another scenario's) can be read as this one's.
        `tone`: "info" for a wait (an entry of the user's catalog not read yet), not a fault."""
        self._result = None
        self._comparison = None
        self.stale.hide()
        self._faded.set(False)
        self._set_banner(tone, NOT_SIZED + reason)
        self.plan_line.setText("")
        for label in self._values.values():
            label.setText("–")
            label.setProperty("plain_text", "")
            label.setToolTip("")
        self.footnotes.setText("")
        self.footnotes.hide()
        self.tail.setText("")
        self.serving.setText("")
        self.serving.setToolTip("")
        for bar in (self.memory_bar, self.prefill_bar):
            bar.set_segments([])
        for widget in (self.prefill_caption, self.prefill_bar, self.decode_caption):
            widget.hide()
        self.conversation.setText("")
        self.conversation.setToolTip("")
        self.warnings.setText("")

    def show_stale(self, reason: str, tone: str = "bad") -> None:
        """The inputs being edited cannot be sized: say why; the figures of the last inputs
        that could be sized stay, greyed and labelled as such (none: nothing to keep)."""
        if self._result is None:
            self.show_not_sized(reason, tone)
            return
        self._set_banner(tone, NOT_SIZED + reason)
        self.stale.setText(OLD_FIGURES)
        self.stale.show()
        self._faded.set(True)

    def hide_stale(self) -> None:
        """The inputs are valid again: the figures shown are current."""
        if self._result is not None:
            self.stale.hide()
            self._faded.set(False)
            self._set_banner(verdict(self._result).tone, self._result.status)

    def _explain(self, name: str) -> None:
        """Open the explanation of one figure of the plan on screen."""
        if name == SERVING_LINK and self._comparison is not None:
            if self._comparison.why is not None:
                ExplanationDialog(SERVING_FIGURE, self._comparison.why, self).exec()
            return
        if self._result is not None and name in self._result.figures:
            figure = self._result.figures[name]
            note, shown = self._notes.get(name, ""), self._shown.get(name, "")
            ExplanationDialog(FIGURE_LABELS[name], figure, self, note, shown).exec()
