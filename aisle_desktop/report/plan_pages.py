"""Pages about the plan as a whole: scenarios side by side, and the warnings explained.

The comparison is ``plan.compare_results`` (the window's comparison view), written with the
shared formatting; warnings get a sentence on what they mean for someone who is not an ML
engineer, beside Aisle's own message.
"""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import with_unit
from aisle_desktop.report.compare import compare_results
from aisle_desktop.report.model import Report
from aisle_desktop.report.verdict import WARNING_HEADINGS, warning_heading
from aisle_desktop.report.words import CUT, PIECE_START, table
from aisle_desktop.sizing import PlanWarning

WARNING_MEANING = {
    "large-conversation": "Memory is used up by long conversations, not by the number of "
    "people. If chats get longer than planned, fewer people fit on the same hardware.",
    "max-context-does-not-fit": "The model's longest possible conversation does not fit in "
    "memory; the service must cap conversation length below what the model supports.",
    "fits-but-useless": "The model fits, but leaves so little memory that hardly any "
    "requests can run at once; in practice the hardware is too small.",
    "kv-heads-replicated": "Splitting the model over many GPUs copies part of each "
    "conversation's memory to every GPU, so the extra GPUs add less room than expected.",
    "checkpoint-precision": "The model's weights are published at one precision; the plan "
    "sizes them at another, which someone must produce before serving: quantizing loses some "
    "answer quality, widening costs memory and buys none.",
    "precision-changes-gpu-count": "The number precision (how many bits per weight) is a "
    "cost lever: lower precision halves the memory but can reduce answer quality.",
    "kv-preemption": "More requests run than the memory holds at once; the serving software "
    "pauses some and recomputes them later, which slows every answer's words and leaves no "
    "memory to spare for longer conversations.",
    "concurrent-users": '"Concurrent users" is ambiguous and changes the GPU count the '
    "most; agree its meaning with the AI team before buying.",
    "targets-not-met": "The hardware cannot answer as fast as the targets require at the "
    "planned load; users would wait longer than agreed.",
    "no-spare": "The answers come fast enough, but no copy of the model is left over: "
    "when one fails, the rest cannot carry the load within the targets.",
    "no-headroom": "The answers come fast enough at the planned load, but the GPUs run "
    "busier than the plan allows, leaving no room for bursts.",
    "bandwidth-bound": "Speed depends on memory bandwidth; compare GPUs by TB/s, not by "
    "their headline compute numbers.",
    "server-over-rack-power": "One server draws more power than a rack may supply; the room "
    "needs more power or cooling per rack before this can be installed.",
    "no-failover": "With no spare, a single failed GPU or server takes the service down "
    "until it is repaired.",
    "tp-over-slow-link": "The GPUs of one copy of the model talk over a slow link; it will "
    "run slower than GPUs joined by NVLink.",
    "weight-only": "The GPU cannot compute in this precision natively; it saves memory but "
    "not time.",
    "engine-older-than-model": "The chosen version of the serving software came out before "
    "the model did, so it cannot run it; the plan needs a newer version.",
    "newest-release-older-than-model": "Even the newest version of the serving software the "
    "catalog knows came out before the model; ask which version will run it, as its settings "
    "may differ.",
    "prompt-over-token-budget": "As the serving software runs by default, it turns these "
    "prompts away as too long; it must be set up to take long prompts in pieces (or in one "
    "larger piece) before the figures hold.",
    "engine-maintenance": "The serving software is no longer actively maintained; plan for "
    "a migration.",
    "release-without-measurements": "The chosen version of the serving software is newer than "
    "any Aisle was measured against; its figures carry over what the measured versions showed.",
    "spare-gpus-in-servers": "GPUs are bought in whole servers; the unused ones are paid for "
    "and can carry more load at no extra hardware cost.",
    "smaller-gpu-would-do": "The plan uses a small part of an expensive server; a cheaper, "
    "smaller GPU may serve the same load.",
    "rack-power-binds": "Racks are limited by power, not by space: more racks are needed "
    "than the servers' size suggests.",
    "rack-scale-over-rack-power": "The system is a whole rack (its GPUs share one NVLink "
    "domain across the rack); the room must supply and cool that rack's full power.",
    "partial-rack-scale": "Rack-scale systems are bought by the rack; a part-filled rack "
    "still needs all of its shared switches and power shelves.",
    "api-another-model": "The hosted-API cost is the price of a different model: it says "
    "little about what this model would cost to rent; get a quote for a comparable one.",
    "stale-prices": "Costs use reference prices that may no longer hold; get current "
    "quotes (or enter them) before the plan goes into a budget.",
}


# Scenarios side by side in one table: more columns than these wrapped every name a letter a
# line (20 scenarios), and past about 40 Qt cut the rest off the page (a plan of 200 showed 41).
SCENARIOS_A_TABLE = 6
# Beside up to three scenarios the figures' names take this share of the page's width, each
# on one line: Qt's own widths wrapped ten of them over two lines ("Time to first token /
# (TTFT)"), and the three-scenario comparison took four fifths of its page, the warnings'
# heading and first row going over to the next. Beside more, Qt shares the width out.
LABELS_PERCENT = 31
LABELS_WHOLE_UP_TO = 3
# The scenarios a row of the warnings lists at most, the rest in rows after it under the same
# heading: one kind of warning in a plan of 1,000 scenarios was one row of some 50 pages, its
# heading on the first; at 20 a row of long messages nearly filled a page, and the first one
# went to the page after its section's heading, which stood alone on a page of its own.
SCENARIOS_A_WARNING_ROW = 10


def comparison_html(report: Report) -> str:
    """Key figures of every sized scenario side by side, `SCENARIOS_A_TABLE` scenarios a
    table; empty for a one-scenario plan."""
    sized = report.sized
    if len(sized) < 2:
        return ""
    rows = []
    for row in compare_results([r for _, r in sized], [item.tail for item, _ in sized]):
        cells = []
        for index, value in enumerate(row.values):
            if row.texts:
                cells.append(escape(row.texts[index]))
            elif value is None:
                cells.append("–")
            else:
                beside = row.against_target(index)
                cells.append(escape(beside or with_unit(value, row.unit)))
        label = f"<b>{escape(row.label)}</b>" if row.differs else escape(row.label)
        rows.append((label, cells))
    names = [escape(s.name) for s, _ in sized]
    tables = []
    for first in range(0, len(sized), SCENARIOS_A_TABLE):
        last = min(first + SCENARIOS_A_TABLE, len(sized))
        which = (
            f"{CUT}<p class=muted>{PIECE_START}Scenarios {first + 1} to {last} of {len(sized)}:</p>"
            if len(sized) > SCENARIOS_A_TABLE
            else ""
        )
        part = [[label, *cells[first:last]] for label, cells in rows]
        tables.append(which + table(["Figure", *names[first:last]], part, _widths(last - first)))
    return (
        '<h2 style="page-break-before: always">Scenarios compared</h2>'
        "<p class=muted>Rows in bold differ between scenarios.</p>" + "".join(tables)
    )


def _widths(scenarios: int) -> list[int] | None:
    """The columns' shares of the width in percent for a table of ``scenarios`` (None: Qt's
    own), the figures' names first (`LABELS_PERCENT`)."""
    if scenarios > LABELS_WHOLE_UP_TO:
        return None
    return [LABELS_PERCENT] + [(100 - LABELS_PERCENT) // scenarios] * scenarios


def warnings_html(report: Report) -> str:
    """Every warning of every scenario with what it means in plain words: one row per kind of
    warning, its meaning said once however many scenarios raise it, the most severe first."""
    found: dict[str, list[tuple[str, PlanWarning]]] = {}
    for item, r in report.sized:
        for w in r.warnings:
            found.setdefault(w.code, []).append((item.name, w))
    many = len(report.sized) > 1
    rows = []
    for code, said in sorted(found.items(), key=lambda kind: _worst(kind[1])):
        heading = f"<b>{WARNING_HEADINGS[_worst(said)]}</b>"
        for first in range(0, len(said), SCENARIOS_A_WARNING_ROW):
            group = said[first : first + SCENARIOS_A_WARNING_ROW]
            messages = "<br>".join(
                (f"<b>{escape(name)}</b>: " if many else "") + escape(w.message)
                for name, w in group
            )
            meaning = WARNING_MEANING.get(code, "")
            if meaning and first + SCENARIOS_A_WARNING_ROW >= len(said):
                messages += f"<br><i>What it means:</i> {escape(meaning)}"
            rows.append([heading, messages])
    body = (
        table(["How serious", "Warning"], rows, [18, 82], rows_apart=True)
        if rows
        else "<p>Nothing unusual.</p>"
    )
    # After the scenarios compared (two or more sized) the warnings follow on that page, which
    # the comparison's short table left half blank; after a scenario's charts they start a page
    # of their own (the pagination keeps a heading with its table either way).
    page = "" if many else ' style="page-break-before: always"'
    return f"<h2{page}>Warnings, explained</h2>" + body


def _worst(said: list[tuple[str, PlanWarning]]) -> int:
    """Where a kind of warning sorts, and the heading it goes under (verdict.py): blocking
    problems first, shortfalls next, good-to-know last."""
    return min(WARNING_HEADINGS.index(warning_heading(w)) for _, w in said)
