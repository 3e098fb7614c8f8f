"""Which catalog ids a mistyped one is close to, and what to say when none is.

difflib at a cut-off of 0.5 called "rtx-pro-6000" close to "zz-gpu-9000" (they share a dash
and some zeros) and offered "phi-4" for "fp4": a suggestion that far off sends a planner to the
wrong entry. An id is suggested only when a planner would see it as the one meant:

- the same id in other letters' case ("H100-SXM" for "h100-sxm"), and then only that one;
- the same family: one id is the other followed by a separator, typed short ("h100" for
  "h100-sxm", "gpt-oss" for "gpt-oss-20b") or long ("llama-3.1-70b-instruct");
- one or two characters apart in a short id: difflib's ratio at least 0.75 ("h100-sxn" and
  "h100-sxm" 0.88, "l40" and "l40s" 0.86, "mi300" and "mi300x" 0.91; "zz-gpu-9000" and
  "rtx-pro-6000" 0.52, "fp4" and "phi-4" 0.5).

With none close, a short table is listed whole; a long one by a few ids and where to read
them all, rather than twelve ids taken alphabetically that hold no clue.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection

CLOSE_RATIO = 0.75
MOST_SUGGESTED = 5
MOST_LISTED = 12
# Where the command line lists every id of a kind (`aisle-desktop catalog list KIND`).
LISTED_BY = {
    "GPU": "gpus",
    "model": "models",
    "engine": "engines",
    "server": "servers",
    "hosted API": "hosted-apis",
}


def _same_family(wanted: str, known: str) -> bool:
    """One id is the other followed by a separator: "h100" and "h100-sxm"."""
    short, long = sorted((wanted, known), key=len)
    return long.startswith(short) and len(long) > len(short) and not long[len(short)].isalnum()


def close_ids(wanted: str, known: Collection[str]) -> list[str]:
    """The ids of `known` a planner who typed `wanted` may have meant, likeliest first."""
    typed = wanted.lower()
    same = [k for k in known if k.lower() == typed]
    if same:
        return same
    family = sorted((k for k in known if _same_family(typed, k.lower())), key=lambda k: (len(k), k))
    ratios = {k: difflib.SequenceMatcher(None, typed, k.lower()).ratio() for k in known}
    near = sorted(
        (k for k, ratio in ratios.items() if ratio >= CLOSE_RATIO and k not in family),
        key=lambda k: (-ratios[k], k),
    )
    return [*family, *near][:MOST_SUGGESTED]


def unknown_id_message(
    kind: str, wanted: str, known: Collection[str], *, list_all: bool = False
) -> str:
    """`unknown GPU id "h100-sxn": did you mean "h100-sxm"?`, or with none close, the ids
    of a short table (or with `list_all`, of any: a catalog that does not load cannot be
    listed by a command) or how to list a long one."""
    close = close_ids(wanted, known)
    if not known:  # a catalog file emptied of its entries: "known ids: " followed by nothing
        hint = f"the catalog has no {kind} at all"
    elif close:
        hint = "did you mean " + ", ".join(f'"{c}"' for c in close) + "?"
    elif list_all or len(known) <= MOST_LISTED:
        hint = "known ids: " + ", ".join(sorted(known))
    else:
        listed = LISTED_BY.get(kind)
        where = (
            f"`aisle-desktop catalog list {listed}` lists all {len(known)}"
            if listed
            else f"`aisle-desktop catalog export` lists all {len(known)}"
        )
        hint = f"no known id is close to it ({where})"
    return f'unknown {kind} id "{wanted}": {hint}'
