"""Scenario tab names shortened at whole words where the bar has too little room for them.

Qt shortens a tab's text in its middle by characters: five scenarios of the default plan at
1280 px read "Llama 3.1 7…G assistant", a size and a word cut in two. Here a name too wide
for its share of the bar loses whole words from its middle ("Llama 3.1 70B … (3)"), keeping
its first words (which model) and its last (which of the copies); Qt's own shortening is left
for a name whose first and last words alone do not fit. Where that makes two names read the
same, the words every name starts with go first instead: a plan opened with its copy read
"gpt-oss-120b on … copy.aisle)" on two tabs, its H200 and its B200 scenario; now "… H200 …
copy.aisle)" and "… B200 … copy.aisle)".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

GAP = " … "


def at_words(name: str, fits: Callable[[str], bool]) -> str:
    """`name` whole if it fits, else the most of its words that fit, its middle words left
    out for " … ": the first words kept before the last, at least one of each."""
    if fits(name):
        return name
    words = name.split()
    for kept in range(len(words) - 1, 1, -1):
        for head in range(kept - 1, 0, -1):
            shown = " ".join(words[:head]) + GAP + " ".join(words[len(words) - kept + head :])
            if fits(shown):
                return shown
    return " ".join(words[:1]) + GAP + " ".join(words[-1:]) if len(words) > 1 else name


def _shared_lead(names: Sequence[str]) -> int:
    """How many first words every name starts with, each name keeping at least one more."""
    words = [name.split() for name in names]
    most = min((len(w) for w in words), default=1) - 1
    lead = 0
    while lead < most and all(w[lead] == words[0][lead] for w in words):
        lead += 1
    return lead


def told_apart(names: Sequence[str], fits: Callable[[str], bool]) -> list[str]:
    """Each name as `at_words` shortens it; where two names would then read the same, every
    name too wide loses the first words all the names share ("… H200 SXM 141GB")."""
    shown = [at_words(name, fits) for name in names]
    if len(set(shown)) == len(set(names)):
        return shown
    lead, mark = _shared_lead(names), GAP.lstrip()
    if lead == 0:
        return shown
    return [
        name
        if fits(name)
        else mark + at_words(" ".join(name.split()[lead:]), lambda text: fits(mark + text))
        for name in names
    ]


def widest_allowed(widths: Sequence[float], room: float) -> float:
    """The widest any one text may be so that all fit in `room`, the narrow ones whole: the
    longest names give up width first (`widths` are the texts' widths, whole)."""
    if sum(widths) <= room:
        return max(widths, default=0.0)
    left, count = room, len(widths)
    for width in sorted(widths):
        share = left / count
        if width > share:
            return max(share, 0.0)
        left -= width
        count -= 1
    return max(left, 0.0)
