"""The names of the charts' lines at a planned figure, each with the unit its axis measures:
"planned about 29 in flight", "planned 57.6 M tokens a month". The report's charts read
"planned 28.7", a number a planner could not place on an axis whose title lies below the
plot, and the window's plots "planned" alone; both now take their words from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from aisle_desktop.formatting import compact, requests_count

# Where a mark's name ends and its figure begins: the space before the first number, or
# before the "about" of an average ("pools' limit" | "45 in flight", "planned" | "about 29 in
# flight", "break-even" | "340 M tokens a month").
FIGURE_STARTS = re.compile(r" (?=\d|about \d)")
# A figure whose billions or trillions are written in letters (`in_letters`).
_LETTERED = re.compile(r"\d [BT](?=/|\s|$)")


def in_flight_mark(name: str, requests: float) -> str:
    """``planned about 29 in flight``: a line on a plot of requests in flight (the load
    plots), its count said as the figures say it (`requests_count`): the mark read "planned
    28.7 in flight" beside "about 29 requests"."""
    return f"{name} {requests_count(requests)} in flight"


def monthly_tokens_mark(name: str, tokens: float) -> str:
    """``planned 57.6 M tokens a month``: a line on the cost plot, whose axis is tokens a
    month (input and output)."""
    return f"{name} {compact(tokens)} tokens a month"


def context_mark(name: str, tokens: float) -> str:
    """``planned 2.26 k tokens``: a line on the memory plot, whose axis is the context of
    a request in tokens."""
    return f"{name} {compact(tokens)} tokens"


# Where a figure's room is short, its unit and scale in fewer letters, never left out: "100"
# alone beside the pools' line (the Qwen3.5 preset's report) was a number no axis placed, and
# the window's Cost plot fell back to "planned" with no figure at all.
# Each step shorter than the last: "16.5 B tokens/mo", then "16.5 B/mo" (the axis below
# reads "Tokens a month"; at 1280 x 800 the planned volume's line stands 92 px left of the
# break-even's on the window's Cost plot), then "16.5 B" as the axis's ticks read ("200
# billion" over its title "Tokens a month"): Qwen3.5's planned volume stands 69 px from the
# axis and 51 px from the break-even at 1280 x 800, where "planned" over "73.9 B/mo" (70 px)
# fitted neither side, and both lines read their names alone.
SHORT_WORDS = (
    ((" tokens a month", " tokens/mo"), (" billion", " B"), (" trillion", " T")),
    ((" tokens/mo", "/mo"),),
    ((" B/mo", " B"), (" T/mo", " T"), (" M/mo", " M"), (" k/mo", " k")),
)


def in_letters(figure: str) -> str:
    """``577 billion`` with its scale in the letters a shortened mark writes it in (`SHORT_WORDS`):
    ``577 B``, ``1.5 T``; as it is below a billion."""
    for words, short in SHORT_WORDS[0][1:]:
        figure = figure.replace(words, short)
    return figure


def in_letters_shown(texts: str) -> bool:
    """Whether a mark's shown ``texts`` write a figure's scale in letters ("planned 577 B
    tokens/mo", "planned" over "16.5 B/mo")."""
    return _LETTERED.search(texts) is not None


def short_figures(figure: str) -> list[str]:
    """``16.5 billion tokens a month`` in fewer letters, its unit kept, each shorter than
    the last: ``16.5 B tokens/mo``, ``16.5 B/mo``, ``16.5 B`` (as it is, for a figure with no
    words to shorten: "100 in flight")."""
    shorter = []
    for step in SHORT_WORDS:
        for words, short in step:
            figure = figure.replace(words, short)
        shorter.append(figure)
    return shorter


def name_forms(label: str) -> list[list[str]]:
    """The lines a mark's label may take, the fullest first: whole on one line, then its
    name over its figure ("pools" over "100 in flight"), then over its figure in fewer
    letters ("break-even" over "16.5 B tokens/mo", then "16.5 B/mo", then "16.5 B" as the
    axis's ticks read) where it has them, for where the room beside its line is short; one
    form where it has no figure. Never a number no axis places: a label with no room for any
    form is moved, or named alone (`name_alone`)."""
    name, *figure = FIGURE_STARTS.split(label, maxsplit=1)
    if not figure:
        return [[label]]
    forms = [[label], [name, figure[0]], *([name, short] for short in short_figures(figure[0]))]
    return [form for k, form in enumerate(forms) if form not in forms[:k]]


def name_alone(label: str) -> str:
    """The mark's name without its figure ("planned"): where not even its shortest form
    finds room, the name says which line it is and its figure is read in the All figures
    tab, never shown without its unit."""
    return FIGURE_STARTS.split(label, maxsplit=1)[0]


def _figure_forms(label: str) -> tuple[str, list[str]]:
    """A mark's name, and its figure in full then in each of its shorter forms
    (`short_figures`); no forms for a label with no figure."""
    name, *figure = FIGURE_STARTS.split(label, maxsplit=1)
    return name, [figure[0], *short_figures(figure[0])] if figure else []


def shortened_level(label: str, texts: Sequence[str]) -> int:
    """How far the figure ``texts`` show of ``label`` is shortened: 0 in full ("6.06 billion
    tokens a month"), 1 for "6.06 B tokens/mo", and so on (`SHORT_WORDS`); 0 where the label
    has no figure or the texts show none."""
    _, forms = _figure_forms(label)
    shown = FIGURE_STARTS.split(" ".join(texts), maxsplit=1)[-1]
    return forms.index(shown) if shown in forms else 0


def shortened(label: str, level: int) -> str:
    """``label`` with its figure shortened to ``level`` (`shortened_level`), on one line:
    "break-even 16.5 B/mo" at level 2; as it is where it has no figure."""
    name, forms = _figure_forms(label)
    return f"{name} {forms[min(level, len(forms) - 1)]}" if forms else label


def has_figure(label: str) -> bool:
    """Whether ``label`` names a figure beside its name ("planned about 29 in flight")."""
    return FIGURE_STARTS.search(label) is not None
