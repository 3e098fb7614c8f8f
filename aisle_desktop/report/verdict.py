"""A scenario's verdict in one vocabulary: the costs table's Status, the decision page's
"Blocking problems" and "Short of what the plan asks", the recommendation's reasons, the
command line's notes and the heading each warning is listed under, in the window and on
paper, all read it from here, so they never disagree.

A blocking problem means the plan cannot serve at all as written: it was not sized (a split
the model cannot take, an entry this machine lacks), it does not fit in memory, or it cannot
be installed (a server over the rack's power or height). A plan short only of its latency
targets, its N+1 spare or its headroom still serves its users: that is a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from aisle_desktop.sizing import PlanWarning, SizingResult

# Where the first sentence of a reason ends: a full stop and a space before a capital ("3.1
# 70B" is no sentence's end, nor "(e.g. Supermicro SYS-521GE-TNRT" in a server's name).
_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.\s+(?=[A-Z])")
# What a warning is listed under, the most severe first: the decision page's headings, the
# window's list and the report's table of warnings explained.
BLOCKING = "Blocking problems"
SHORT_OF = "Short of what the plan asks"
TO_CHECK = "Check"
GOOD_TO_KNOW = "Good to know"
WARNING_HEADINGS = (BLOCKING, SHORT_OF, TO_CHECK, GOOD_TO_KNOW)


@dataclass(frozen=True)
class Verdict:
    """What a scenario's sizing says, worded once.

    `word` is the costs table's Status ("no spare"), `clause` what the recommendation says of
    a scenario it passes over ("misses its latency targets"), `blocking` whether the plan
    cannot serve at all, `problems` what blocks it and `shortfalls` what it falls short of,
    each message whole."""

    word: str
    clause: str
    blocking: bool
    problems: tuple[str, ...] = ()
    shortfalls: tuple[str, ...] = ()

    @property
    def recommendable(self) -> bool:
        """Whether nothing stands between the plan and a purchase order."""
        return self.word == "meets targets"

    @property
    def tone(self) -> Literal["ok", "warn", "bad"]:
        """How its headline reads, in the window and on paper: bad when it cannot serve,
        warn when it serves short of what the plan asks, else ok."""
        if self.blocking:
            return "bad"
        return "ok" if self.recommendable else "warn"


def warning_heading(warning: PlanWarning) -> str:
    """What `warning` is listed under: "Blocking problems" only for what stops the plan
    serving at all; a shortfall (targets missed, no spare, too little headroom) is a warning
    of its own kind, as the verdict words it."""
    if warning.blocks:
        return BLOCKING
    if warning.severity == "critical":
        return SHORT_OF
    return TO_CHECK if warning.severity == "warning" else GOOD_TO_KNOW


def not_sized(reason: str) -> Verdict:
    """The verdict on a scenario that could not be sized, `reason` in the planner's words
    (the field to change and what it takes)."""
    short = first_sentence(reason)
    return Verdict(f"not sized: {short}", f"is not sized: {short}", True, (f"Not sized: {reason}",))


def first_sentence(reason: str) -> str:
    """The first sentence of ``reason``, whole and without its full stop: what the costs
    table's Status and the recommendation quote of why a scenario was not sized (the rest,
    what to do about it, is under "Blocking problems"). Cut at 60 characters, a plan lacking
    two catalog entries read "not sized: unknown on this machine and not in the plan", the
    entries it lacks left out; the table's cell wraps the sentence instead."""
    return _SENTENCE_END.split(reason.strip(), maxsplit=1)[0].rstrip(".")


def verdict(result: SizingResult) -> Verdict:
    """The verdict on a sized scenario: what is true of it, the worst first."""
    critical = [w for w in result.warnings if w.severity == "critical"]
    shortfalls = tuple(w.message for w in critical if not w.blocks)  # sizing says which
    problems = tuple(w.message for w in critical if w.blocks)
    if not result.fits:
        return Verdict("does not fit", "does not fit", True, problems or (result.status,))
    if problems:
        return Verdict("blocked", "has a blocking problem", True, problems, shortfalls)
    codes = {w.code for w in critical}
    if "no-spare" in codes:
        clause = "meets its latency targets but has no spare replica for its N+1 redundancy"
        return Verdict("no spare", clause, False, shortfalls=shortfalls)
    if "no-headroom" in codes:
        clause = "meets its latency targets but lacks the headroom it asks for"
        return Verdict("too little headroom", clause, False, shortfalls=shortfalls)
    if not result.meets_targets:
        return Verdict("misses targets", "misses its latency targets", False, shortfalls=shortfalls)
    return Verdict("meets targets", "meets its latency targets", False)
