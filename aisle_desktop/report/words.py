"""Plain-language pieces the report's pages share: escaping, figure cells, constraint words.

A finance or facility reader does not know what "TPOT-bound" means; these phrases say it in
their terms. Figures are always written by ``sizing.figure_text`` (the window's formatting).
"""

from __future__ import annotations

import re
from html import escape

from aisle_desktop.formatting import figures_unbroken, unbroken, with_unit
from aisle_desktop.plan import Hardware, LoadSpec
from aisle_desktop.sizing import SizingResult, figure_text

BINDING_WORDS = {
    "TPOT": "the time-per-token target: more load would make answers stream too slowly",
    "TTFT": "the time-to-first-token target: more load would make people wait too long "
    "for an answer to start",
    "KV cache memory": "GPU memory for conversations in progress",
    "engine max sequences": "the serving engine's limit on requests run at once",
    "token budget per iteration": "the serving engine's limit on tokens processed per step",
    "GPU memory": "GPU memory: the model does not fit",
    "latency target": "the latency targets, which the chosen hardware cannot meet",
    "headroom (N+1 spare)": "the spare replica the plan asks for: the latency targets are "
    "met, but no replica is left over if one fails",
    "headroom": "the headroom the plan asks for: the latency targets are met, but the GPUs "
    "run busier than the plan allows",
    "prefill pool": "the prefill pool: it reaches its limit before the decode pool",
    "decode pool": "the decode pool: it reaches its limit before the prefill pool",
}
BOUND_WORDS = {
    "memory bandwidth": "how fast a GPU reads its memory",
    "compute": "how fast a GPU calculates",
    "interconnect": "the links between GPUs",
}


def binding_words(result: SizingResult) -> str:
    """What limits the plan, in words (the raw term stays in brackets for the AI team)."""
    first, _, rest = result.binding_constraint.partition(";")
    words = BINDING_WORDS.get(first.strip(), first.strip())
    extra = f"; {rest.strip()}" if rest else ""
    return f"{words} ({first.strip()}){extra}"


def spare_planned(result: SizingResult, redundancy: str) -> bool:
    """Whether the plan really holds its N+1 spare: asked for, and the replicas the load needs
    were met with one left over (a plan short of its demand or of its spare has none)."""
    return redundancy == "n_plus_1" and result.fits and result.meets_targets


def load_words(load: LoadSpec) -> str:
    """The planned load as the planner stated it, in words ("300 active users pausing 60 s"),
    for pages that have no sized result to quote."""
    return {
        "in_flight": f"{load.requests_in_flight:,} requests always in flight",
        "active_users": f"{load.active_users:,} active users pausing {load.think_time_s:g} s",
        "daily_requests": f"{load.users:,} users making {load.requests_per_user_per_day:g} "
        f"requests a day, peak {load.peak_to_average:g}×",
    }[load.kind]


def split_words(hardware: Hardware) -> str:
    """The tensor × pipeline split the planner set: "TP 3 × PP 2", "TP 3, PP chosen by Aisle",
    or "chosen by Aisle"."""
    if hardware.tp is None and hardware.pp is None:
        return "chosen by Aisle"
    if hardware.tp is not None and hardware.pp is not None:
        return f"TP {hardware.tp} × PP {hardware.pp}"
    if hardware.tp is not None:
        return f"TP {hardware.tp}, PP chosen by Aisle"
    return f"PP {hardware.pp}, TP chosen by Aisle"


def api_name(result: SizingResult) -> str:
    """The hosted API the cost comparison used, as named in its figure's formula."""
    return _named_in(result, "api_cost_per_year_usd", "the hosted API")


def embeddings_api_name(result: SizingResult) -> str:
    """The hosted encoder the embeddings are priced at, as named in its figure's formula."""
    return _named_in(result, "api_embeddings_per_year_usd", "a hosted encoder")


def _named_in(result: SizingResult, name: str, otherwise: str) -> str:
    fig = result.figures.get(name)
    if fig is None or " (" not in fig.explanation.formula:
        return otherwise
    # "requests a year x API cost per request (NAME (PROVIDER, DATE))": keep what is inside.
    return fig.explanation.formula.split(" (", 1)[1].removesuffix(")")


def fig(result: SizingResult, name: str) -> str:
    """A figure's text, escaped for HTML; a dash when the result has no such figure."""
    return escape(figure_text(result, name)) if name in result.figures else "–"


def target_of(result: SizingResult, name: str) -> float | None:
    """The latency target a figure was checked against, if it has one."""
    figure = result.figures.get(name)
    return None if figure is None else figure.target


def band(result: SizingResult, name: str) -> str:
    """The 80% band of a figure as text ("109 ms – 356 ms"), or empty when it has none."""
    f = result.figures.get(name)
    if f is None or f.low is None or f.high is None:
        return ""
    low, high = (unbroken(escape(with_unit(v, f.unit))) for v in (f.low, f.high))
    return f"{low} – {high}"  # each end whole on its line: not "1.69 k tokens/" then "s"


def engine_with_release(name: str, release: str) -> str:
    """The engine's name with its release, the name said once: "vLLM 0.19 (2026-04)" and
    "NVIDIA TensorRT-LLM 1.2 (2026-03)", not "vLLM, vLLM 0.19 (2026-04)"; both escaped."""
    short = release.rsplit(" (", 1)[0].rsplit(" ", 1)[0]
    if short and name.endswith(short):
        return name + release[len(short) :]
    return f"{name}, {release}"


def side_by_side(rows: list[list[str]], split: int | None = None) -> list[list[str]]:
    """Rows of a narrow table in two halves side by side, down the left then the right (from
    row `split`, else half way): half the height of one long table on a page's width."""
    half = (len(rows) + 1) // 2 if split is None else split
    left, right = rows[:half], rows[half:]
    width = len(rows[0]) if rows else 0
    blank = [""] * width
    return [
        [*(left[i] if i < len(left) else blank), *(right[i] if i < len(right) else blank)]
        for i in range(max(len(left), len(right)))
    ]


# Where the report's HTML may be cut into pieces laid out apart (`sections`), besides before
# each heading of a section or subsection: before a table and its caption, or before a row of
# a long table. Qt reads it as a comment: it changes nothing on the page.
CUT = "<!--piece-->"
# The anchor's name on the first letter of a piece that opens with no heading (a caption, a
# table's row): how `sections` finds where such a piece starts once the HTML is a document.
# An anchor without a link is invisible.
PIECE = "piece"
PIECE_START = f'<a name="{PIECE}"></a>'


def table(
    headers: list[str],
    rows: list[list[str]],
    widths: list[int] | None = None,
    rows_apart: bool = False,
) -> str:
    """An HTML table (cells already escaped) in the report's style. A row shorter than the
    headers ends in a cell that spans the columns left: a long value can take the room of the
    columns beside it rather than run down a narrow one. ``rows_apart``: each row after the
    first is a piece of its own (`CUT`), for a table of many pages (the warnings of a plan of
    1,000 scenarios: 1.3 MB of text, laid out again at each page-break mend when whole)."""
    cols = widths or []
    head = "".join(
        f"<th{f' width={cols[i]}%' if i < len(cols) else ''} align=left>{h}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(
        f"{CUT}<tr>{_cells([PIECE_START + row[0], *row[1:]], len(headers))}</tr>"
        if rows_apart and n and row
        else f"<tr>{_cells(row, len(headers))}</tr>"
        for n, row in enumerate(rows)
    )
    # A header row (<thead>) repeats atop each page a long table runs onto.
    return (
        f"<table class=grid width=100% cellspacing=0 cellpadding=2{_room_after(rows)}>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


# Qt reads a table whose last cell is empty without the empty block it puts after every other
# table, and lays the block after it with no top margin: "Power sheet", "Results" and "Tail
# latency" stood 2.5 pt under the row above, 10 pt under any other table. The table's own
# bottom margin gives the room, the document's blocks as they were (the page-break mends and
# `sections` read them; a spacer paragraph before such headings once left `sections` no piece
# opening a page in the three-scenario report).
ROOM_AFTER = ' style="margin-bottom: 10px"'


def _room_after(rows: list[list[str]]) -> str:
    """The bottom margin of a table whose last cell is empty (`ROOM_AFTER`), else none."""
    return ROOM_AFTER if rows and rows[-1] and not rows[-1][-1] else ""


def _cells(row: list[str], columns: int) -> str:
    """One row's cells, its last spanning whatever columns the row leaves."""
    spans = [1] * (len(row) - 1) + [columns - len(row) + 1] if row else []
    return "".join(
        f"<td colspan={span}>{c}</td>" if span > 1 else f"<td>{c}</td>"
        for c, span in zip(row, spans, strict=True)
    )


# A paragraph right after a table, its opening tag's attributes (none of them a style).
_PARAGRAPH_AFTER_A_TABLE = re.compile(r"</table><p((?:(?!style=)[^>])*)>")
# Its top margin: Qt sets a block after a table some 2.4 pt higher than its top margin says,
# and a paragraph's 5 px left "Against 1,296 measurements ..." 1.4 pt under the accuracy
# table's border, "GPU counts are ..." under the budget's swings.
PARAGRAPH_AFTER_A_TABLE = "margin-top: 10px"


def paragraphs_clear_of_tables(html: str) -> str:
    """``html`` with each paragraph that follows a table set as far under it as under a
    paragraph (`PARAGRAPH_AFTER_A_TABLE`)."""
    return _PARAGRAPH_AFTER_A_TABLE.sub(rf'</table><p\1 style="{PARAGRAPH_AFTER_A_TABLE}">', html)


# The text between two tags of the report's HTML (never a tag's own attributes).
_BETWEEN_TAGS = re.compile(r">([^<]+)<")


# A catalog id in quotes, as a message names an entry ("llama-2-13b-retired"), escaped.
_QUOTED_ID = re.compile(r"&quot;[\w.]+(?:-[\w.]+)+&quot;")


def figures_whole(html: str) -> str:
    """The report's ``html`` with every money figure and rate kept on one line, whichever
    page wrote the sentence or sizing worded it ("$114 k/year", "361 k requests/day"), and
    every catalog id a message quotes (`ids_whole`)."""
    return _BETWEEN_TAGS.sub(lambda m: f">{ids_whole(figures_unbroken(m.group(1)))}<", html)


def ids_whole(text: str) -> str:
    """``text`` with each quoted catalog id on one line: a word joiner after each hyphen
    (the PDF's text leaves it out), where Qt broke "llama-2-13b-" at a line's end and
    "retired" on the next, an id a planner looks for in the catalog read as two."""
    return _QUOTED_ID.sub(lambda m: m.group(0).replace("-", "-\u2060"), text)
