"""How wide each scenario's column of the comparison is, and how its name reads in the
column's header: whole on one line, else wrapped over up to three, cut short only past what
a column may take. Pure functions of the names' widths, measured by the caller's font."""

from __future__ import annotations

from collections.abc import Callable

# Narrower than this, a scenario's figures would not read: the table scrolls instead.
COLUMN_MIN_PX = 100
# A scenario's name wraps over at most this many lines in its column's header.
HEADER_LINES = 3
# A column widens to read its scenario's name whole over HEADER_LINES lines up to this much
# (plans opened together are named "Llama 3.1 70B RAG assistant (h200-option.aisle)": at 1024
# px their columns were cut to "Llama 3.1…" alike); past it, the name is cut short.
NAME_COLUMN_MAX_PX = 240
# Where a word too long for a line (a plan's file name) may break, after one of these.
WORD_BREAKS = "-_./"


def shared_widths(
    wanted: list[int], room: int, least: list[int] | int = COLUMN_MIN_PX
) -> list[int]:
    """Each column's width when they share `room` px: every column whole when they all fit;
    otherwise those that want less than an even share take what they want, and the others
    split what is left evenly (a long scenario name elides only when it truly does not fit,
    never beside a short one's spare room); never under its `least` (one for all, or a
    column each), the others sharing what a column held at its least leaves: three scenarios
    at 1280 x 800, the third's name needing 132 px over three lines and an even share 121,
    scrolled sideways where 115, 115 and 132 fitted. When the least are more than the room,
    the table scrolls sideways anyway: each column then takes what it wants up to
    NAME_COLUMN_MAX_PX."""
    floors = least if isinstance(least, list) else [least] * len(wanted)
    widths = list(wanted)
    wide = sorted(range(len(wanted)), key=lambda c: wanted[c])
    left = room
    while wide:
        share = left // len(wide)
        narrowest = wide[0]
        if wanted[narrowest] > share:
            held = [column for column in wide if floors[column] > share]
            if held and len(held) < len(wide):  # at their least, the others share the rest
                for column in held:
                    widths[column] = floors[column]
                    left -= floors[column]
                    wide.remove(column)
                continue
            for column in wide:
                widths[column] = max(floors[column], share)
            break
        left -= wanted[narrowest]
        wide.pop(0)
    if sum(widths) > room:
        return [
            max(w, min(want, NAME_COLUMN_MAX_PX)) for w, want in zip(widths, wanted, strict=True)
        ]
    return widths


ELLIPSIS = "…"


def header_lines(
    name: str, width_of: Callable[[str], int], room_px: int, most_lines: int = HEADER_LINES
) -> str:
    """A scenario's name as its column header shows it in `room_px`: whole on one line when
    it fits, else over up to `most_lines` lines broken between words (a word too long for a
    line broken after a hyphen, dot or slash, else where the line ends), the last cut short
    with "…" only when the name truly does not fit in them."""
    *lines, last = wrapped(name, width_of, room_px, most_lines)
    return "\n".join([*lines, _cut(last, width_of, room_px)])


def wrapped(
    name: str, width_of: Callable[[str], int], room_px: int, most_lines: int = HEADER_LINES
) -> list[str]:
    """`name` in lines of `room_px` at most but the last, which holds what is left after
    `most_lines` - 1 of them, however long."""
    lines: list[str] = []
    rest = name
    while len(lines) < most_lines - 1 and width_of(rest) > room_px:
        line, rest = _first_line(rest, width_of, room_px)
        lines.append(line)
    return [*lines, rest] if rest else lines


def _first_line(text: str, width_of: Callable[[str], int], room_px: int) -> tuple[str, str]:
    """As many of `text`'s words as fit `room_px`, and the rest. A word too long for a line
    of its own (a plan's file name) fills the line up to a hyphen, dot or slash in it, or
    starts the next; alone on a line with none, it breaks where the line ends."""
    words = text.split(" ")
    line = ""
    for taken, word in enumerate(words):
        joined = f"{line} {word}" if line else word
        if width_of(joined) <= room_px:
            line = joined
            continue
        start = len(line) + 1 if line else 0
        end = start
        while end < len(joined) and width_of(joined[: end + 1]) <= room_px:
            end += 1
        breaks = [i + 1 for i in range(start, end) if joined[i] in WORD_BREAKS]
        if width_of(word) <= room_px or (line and not breaks):
            return line, " ".join(words[taken:])
        head = joined[: breaks[-1] if breaks else max(end, 1)]
        return head, " ".join([joined[len(head) :], *words[taken + 1 :]])
    return line, ""


def reading_width(name: str, width_of: Callable[[str], int], least_px: int) -> int:
    """The narrowest room, from `least_px` up to NAME_COLUMN_MAX_PX, in which `name` reads
    whole over HEADER_LINES lines (NAME_COLUMN_MAX_PX when none does)."""
    for room_px in range(least_px, NAME_COLUMN_MAX_PX, 4):
        if all(width_of(line) <= room_px for line in wrapped(name, width_of, room_px)):
            return room_px
    return NAME_COLUMN_MAX_PX


def _cut(line: str, width_of: Callable[[str], int], room_px: int) -> str:
    """`line`, or as much of it as fits `room_px` with "…" after it."""
    if width_of(line) <= room_px:
        return line
    kept = line
    while kept and width_of(kept.rstrip() + ELLIPSIS) > room_px:
        kept = kept[:-1]
    return kept.rstrip() + ELLIPSIS


def whole_widths(
    headers: list[str],
    rows: list[list[str]],
    width_of: Callable[[str], int],
    header_width_of: Callable[[str], int],
) -> list[int]:
    """Each column's width to show its header and every cell whole, each line of a cell that
    spans several: measured from the texts alone, so a table need not be filled with a layout
    to learn whether that layout fits. The callers' measures include their padding."""
    widths = [header_width_of(name) for name in headers]
    for cells in rows:
        for column, text in enumerate(cells):
            widest = max(width_of(line) for line in text.split("\n"))
            widths[column] = max(widths[column], widest)
    return widths
