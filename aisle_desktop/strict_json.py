"""Strict, bounded JSON for files a stranger may have written: plans, catalogs, predict input.

``json.loads`` accepts ``NaN`` and ``Infinity``, turns ``1e400`` into infinity, keeps the last of
two equal keys, refuses integers over 4,300 digits with a bare ValueError and recurses once per
nesting level. Reading a file whole before looking at it let a FIFO hang every command and
``/dev/zero`` take all memory. Here the file must be a regular file, its size is checked before
reading and bounded while reading, nesting is measured before parsing (without recursion), and
every problem is a StrictJsonError with a short reason and, where known, the line and column.
A leaf module: the catalog, the plan and the CLI use it alike.
"""

from __future__ import annotations

import errno
import json
import math
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
from pydantic_core import from_json

# A plan is about eight levels deep and a catalog entry five; far more is damaged or hostile.
MAX_DEPTH = 64
_QUOTE = ord('"')
# What each byte does to the depth: an opening bracket +1, a closing one -1, the rest nothing.
_BRACKET_STEP = np.zeros(256, dtype=np.int8)
_BRACKET_STEP[np.frombuffer(b"[{", dtype=np.uint8)] = 1
_BRACKET_STEP[np.frombuffer(b"]}", dtype=np.uint8)] = -1
# Python refuses integers of more digits than this (sys.int_info.default_max_str_digits):
# a shorter text cannot hold one.
_MAX_INT_DIGITS = 4300


class StrictJsonError(ValueError):
    """The text is not strict JSON within the limits; ``where`` is "line L column C" if known."""

    def __init__(
        self,
        reason: str,
        where: str | None = None,
        *,
        syntax: bool = False,
        position: int | None = None,
        literal: str | None = None,
    ) -> None:
        super().__init__(reason if where is None else f"{reason} at {where}")
        self.reason = reason
        self.where = where
        self.syntax = syntax
        self.position = position  # the character offset of a syntax error
        self.literal = literal  # the number refused as written, until `loads` places it


# What a loop of symbolic links is called wherever one is refused.
LINK_LOOP = "is a loop of symbolic links, not a file"
# What a name holding a NUL is told (a drop of file:///a%00b.aisle, a NUL pasted into a file
# dialog): Python raised a bare ValueError "embedded null byte", which no window caught.
# Text holding a lone UTF-16 surrogate escape ("\ud800"), which JSON allows and no character
# is; pydantic said "input should be a valid string, unable to parse raw data as a unicode
# string" (its type `string_unicode`).
HALF_A_CHARACTER = (
    "must be text of whole characters (a lone \\uD800-\\uDFFF escape is half of a UTF-16 pair)"
)
NUL_IN_NAME = "its name holds a NUL character (\\x00), which no file name can"


class NotReadableError(OSError):
    """The path is not a regular file we may read whole, or is too large: never opened."""


def _refuse_constant(name: str) -> Any:
    raise StrictJsonError(
        f"{name} is not a number Aisle accepts (only finite numbers)", literal=name
    )


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise StrictJsonError(
            f"{text[:20]} is too large a number (only finite numbers)", literal=text
        )
    return value + 0.0  # -0.0 (and -1e-400) is zero: a plan's -0.0 read "asking again -0 s"


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > _MAX_INT_DIGITS:  # int() would name sys.set_int_max_str_digits to a planner
        raise StrictJsonError(
            f"{text[:20]}... ({digits:,} digits) is too large a number "
            f"(a whole number has at most {_MAX_INT_DIGITS:,} digits)",
            literal=text,
        )
    return int(text)


# A JSON text in quotes, for masking: a number's place is looked for outside them.
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# The key a value at the end of a text belongs to: "key": (a key past 200 characters is not
# named).
_KEY_BEFORE = re.compile(r'"((?:[^"\\]|\\.){1,200})"\s*:\s*$')


def _placed(text: str, refused: StrictJsonError) -> StrictJsonError:
    """``refused`` (a number Aisle does not take, as written) with where it stands and the key
    it is the value of: a plan's "pue": NaN was refused as "not a valid plan: NaN is not a
    number Aisle accepts", leaving the planner to search the file for it. Written the same
    anywhere, and refused wherever it is, its first place outside quotes is the one refused."""
    if refused.literal is None:
        return refused
    masked = _QUOTED.sub(lambda quoted: " " * len(quoted.group()), text)
    found = re.search(rf"(?<![\w.+-]){re.escape(refused.literal)}(?![\w.])", masked)
    if found is None:
        return refused
    offset = found.start()
    key = _KEY_BEFORE.search(text, max(0, offset - 220), offset)
    reason = refused.reason if key is None else f'key "{key.group(1)}": {refused.reason}'
    place = json.JSONDecodeError(reason, text, offset)  # counts lines as json's errors do
    return StrictJsonError(reason, f"line {place.lineno} column {place.colno}", position=offset)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    again = _key_seen_again(pairs) if len(result) < len(pairs) else None
    if again is not None:  # a key came twice: name the first one seen again
        raise StrictJsonError(f'key "{excerpt(again, 40)}" appears twice in one object')
    return result


def _key_seen_again(pairs: list[tuple[str, Any]]) -> str | None:
    """The first key of ``pairs`` that an earlier pair already has, or None."""
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    return None


# Reads a value as json does but keeps every key (an object comes back as its list of pairs).
_EVERY_KEY = json.JSONDecoder(object_pairs_hook=list)


def _past_space(text: str, at: int) -> int:
    while at < len(text) and text[at] in " \t\n\r":
        at += 1
    return at


def _key_again(text: str, at: int) -> tuple[int | None, int]:
    """(where the first key seen twice in one object comes the second time, or None; where
    the value at ``at`` ends). Objects are looked at as they close, as json's hook is, so the
    key is the one the error named. Only for a text json has read up to that key."""
    if text[at] not in "{[":
        return None, _EVERY_KEY.raw_decode(text, at)[1]
    closing = "}" if text[at] == "{" else "]"
    found: int | None = None
    offsets: dict[str, list[int]] = {}
    at = _past_space(text, at + 1)
    while text[at] != closing:
        if closing == "}":
            key, after = _EVERY_KEY.raw_decode(text, at)
            offsets.setdefault(key, []).append(at)
            at = _past_space(text, _past_space(text, after) + 1)  # past the colon
        inner, at = _key_again(text, at)
        found = inner if found is None else found
        at = _past_space(text, at)
        at = _past_space(text, at + (text[at] == ","))
    twice = [places[1] for places in offsets.values() if len(places) > 1]
    if found is None and twice:
        found = min(twice)
    return found, at + 1


def _second_key_offset(text: str) -> int | None:
    """Where in ``text`` the first key seen twice in one object comes the second time: read
    again only once that error is known, so the message says the line and column as a syntax
    error's does."""
    try:
        return _key_again(text, _past_space(text, 0))[0]
    except (ValueError, IndexError, RecursionError):
        return None


# Python's JSON messages, as a person editing the file would say them.
_SYNTAX_WORDS = {
    "Expecting value": "a value is missing",
    "Expecting property name enclosed in double quotes": (
        "a key in double quotes is expected (a comma before a closing brace?)"
    ),
    "Expecting ',' delimiter": "a comma is missing",
    "Expecting ':' delimiter": "a colon is missing after a key",
    "Unterminated string starting at": "a text in quotes is not closed",
    "Extra data": "more follows {document}'s closing brace",
    "Invalid control character at": "a text in quotes holds a line break or control character",
    "Invalid \\escape": "a backslash in a text in quotes starts no valid escape",
    "Invalid \\uXXXX escape": "a \\u escape in a text in quotes is not four hex digits",
}


def json_syntax_words(reason: str, document: str = "the plan") -> str:
    """Python's JSON message as a person editing `document` would say it (a plan, a
    catalog file, a `predict` line)."""
    return _SYNTAX_WORDS.get(reason, reason).replace("{document}", document)


def json_kind(value: Any) -> str:
    """What a JSON value is, in a planner's words ("a list", "a number", "null"): Python's
    own names ("got NoneType", "got str") were said of a catalog's entries and a plan."""
    if value is None or isinstance(value, bool):
        return "null" if value is None else str(value).lower()
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "a string" if isinstance(value, str) else "a number"


def excerpt(text: str, limit: int = 60) -> str:
    """At most ``limit`` characters of ``text``, cut with "..." (for quoting a bad value)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown_value(value: Any) -> str:
    """A refused value as the file wrote it, shortened: 1e+30, "many", [256], true (a plan's
    and a catalog's alike: the catalog said Python's None, True and '80')."""
    if isinstance(value, float):
        return excerpt(repr(value), 60)
    if isinstance(value, str):  # quoted as typed: a JSON escape would hide what the file says
        # but half a character ("\ud800") as its escape: no log or terminal can write it
        whole = excerpt(value, 60).encode("utf-8", "backslashreplace").decode("utf-8")
        return f'"{whole}"'
    try:
        return excerpt(json.dumps(value, ensure_ascii=False), 60)
    except (TypeError, ValueError):
        return excerpt(repr(value), 60)


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text``, counted without parsing or recursion.

    Escaped backslashes and quotes are dropped first, so every quote left opens or closes a
    text, and a bracket counts when an even number of quotes precedes it. All of it is whole-
    array arithmetic: a regular expression matching each text with its escapes took 10 s of a
    19 MB plan's name of brackets, holding the interpreter (and the window) all along.
    """
    raw = text.encode("utf-8", "replace").replace(b"\\\\", b"").replace(b'\\"', b"")
    codes = np.frombuffer(raw, dtype=np.uint8)
    steps = _BRACKET_STEP[codes]
    # A running count of quotes, kept to its last bit: even outside a text, odd inside one.
    steps[(np.cumsum(codes == _QUOTE, dtype=np.uint8) & 1) == 1] = 0
    steps = steps[steps != 0]
    return max(0, int(np.cumsum(steps, dtype=np.int32).max(initial=0)))


def loads(text: str, max_depth: int = MAX_DEPTH, *, finite: bool = True) -> Any:
    """Parse ``text`` strictly; raise StrictJsonError saying what is wrong and where.

    ``finite=False`` lets ``NaN`` and infinities through, for files Aisle only picks a few
    known keys from (a Hugging Face ``config.json`` may hold ``Infinity`` in a key it ignores).
    """
    # No text nests deeper than it has opening brackets: most lines are measured by counting.
    openers = text.count("[") + text.count("{")
    if openers > max_depth and nesting_depth(text) > max_depth:
        raise StrictJsonError(f"nested more than {max_depth} levels deep")
    try:
        return json.loads(
            text,
            parse_constant=_refuse_constant if finite else float,
            parse_float=_finite_float if finite else float,
            parse_int=_whole_number,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise StrictJsonError(exc.msg, where, syntax=True, position=exc.pos) from None
    except RecursionError:
        raise StrictJsonError("nested too deeply to read") from None
    except StrictJsonError as exc:
        if exc.literal is not None:
            raise _placed(text, exc) from None
        if exc.where is not None or not exc.reason.endswith("appears twice in one object"):
            raise
        offset = _second_key_offset(text)
        if offset is None:
            raise
        place = json.JSONDecodeError(exc.reason, text, offset)  # counts lines as json's errors do
        where = f"line {place.lineno} column {place.colno}"
        raise StrictJsonError(exc.reason, where, position=offset) from None


def loads_line(text: str, max_depth: int) -> Any:
    """`loads(text, max_depth)` of a short text such as a JSON Lines line (`loads_lines`)."""
    (value,) = loads_lines([text], max_depth)
    if isinstance(value, StrictJsonError):
        raise value
    return value


def loads_lines(texts: list[str], max_depth: int) -> list[Any]:
    """`loads(text, max_depth)` of each of many short texts (the lines of a JSON Lines file):
    the same value, or the same StrictJsonError (returned in its place, not raised), in
    about half the time.

    pydantic's Rust parser reads each text; what it lets through that `loads` refuses or
    reads otherwise is then looked for: a number too large for a float (infinite), a float
    zero (`loads` reads -0.0 as 0.0, the quick reader keeps its sign), nesting past
    `max_depth`, a key twice in one object (an object keeps one of them, so its entries fall
    short of the text's colons outside strings, and in JSON a colon is inside a string
    wherever "://" is: no text has fewer, so the texts' colons are counted together and only
    when their sum falls short is each text counted apart) and integers too long to convert
    (the text is shorter than one). Anything else, and any text it cannot read, goes to
    `loads`."""
    values: list[Any] = []
    counted: list[int] = []  # the texts read as objects or arrays, whose colons are counted
    entries = 0
    for index, text in enumerate(texts):
        value: Any = _parsed(text) if len(text) < _MAX_INT_DIGITS else _UNREAD
        if value is not _UNREAD:
            kind = type(value)
            if kind is dict or kind is list:
                inner = _entries(value, max_depth)
                if inner < 0:
                    value = _UNREAD
                else:
                    counted.append(index)
                    entries += inner
            elif kind is float and (value == 0.0 or not math.isfinite(value)):
                value = _UNREAD
        values.append(value)
    if counted and entries != _colons("\n".join([texts[i] for i in counted])):
        for index in counted:
            if _entries(values[index], max_depth) != _colons(texts[index]):
                values[index] = _UNREAD
    return [
        _loaded(text, max_depth) if value is _UNREAD else value
        for text, value in zip(texts, values, strict=True)
    ]


# A text the quick reader left to `loads`.
_UNREAD: Any = object()


def _parsed(text: str) -> Any:
    """What pydantic's parser reads `text` as (`_UNREAD` where it cannot)."""
    try:
        return from_json(text, allow_inf_nan=False)
    except ValueError:
        return _UNREAD


def _colons(text: str) -> int:
    """The text's colons but those of "://" (inside strings wherever they are)."""
    return text.count(":") - text.count("://")


def _loaded(text: str, max_depth: int) -> Any:
    """`loads(text, max_depth)`, or the StrictJsonError it raises."""
    try:
        return loads(text, max_depth)
    except StrictJsonError as err:
        return err


def _entries(value: dict[str, Any] | list[Any], depth_left: int) -> int:
    """Entries of every object in `value`, nested ones included; -1 if it holds a number
    that is not finite or a float zero (-0.0 or 0.0) or nests more than `depth_left` levels
    deep."""
    if depth_left < 1:
        return -1
    items: Iterable[Any] = value.values() if isinstance(value, dict) else value
    total = len(value) if isinstance(value, dict) else 0
    for item in items:
        kind = type(item)
        if kind is dict or kind is list:
            inner = _entries(item, depth_left - 1)
            if inner < 0:
                return -1
            total += inner
        elif kind is float and (item == 0.0 or not math.isfinite(item)):
            return -1
    return total


def holds_nul(path: Path) -> bool:
    """Whether the name holds a NUL, which the system refuses with a bare ValueError."""
    return "\0" in str(path)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def open_regular(path: Path, max_bytes: int) -> BinaryIO:
    """Open ``path`` for reading if it is a regular file of at most ``max_bytes``.

    Links are followed; a folder, a device, a pipe or a socket is refused before it is opened
    (a FIFO would block the open; ``/dev/zero`` never ends), and so is a loop of links.
    Raises NotReadableError or OSError.
    """
    if holds_nul(path):
        raise NotReadableError(NUL_IN_NAME)
    try:
        info = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:  # "Too many levels of symbolic links"
            raise NotReadableError(LINK_LOOP) from None
        raise
    if not stat.S_ISREG(info.st_mode):
        raise NotReadableError(f"is {_kind(info.st_mode)}, not a regular file")
    if info.st_size > max_bytes:
        raise NotReadableError(f"is {info.st_size / 1e6:,.1f} MB; at most {max_bytes / 1e6:g} MB")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    handle = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped for something else meanwhile
        handle.close()
        raise NotReadableError("is not a regular file")
    return handle


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most ``max_bytes`` (``open_regular``'s refusals)."""
    with open_regular(path, max_bytes) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew after the size check
        raise NotReadableError(f"is larger than {max_bytes / 1e6:g} MB")
    return data


def bounded_lines(handle: BinaryIO, max_line_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes or None) per line; None for a line longer than ``max_line_bytes``.

    A long line is skipped in chunks, never held whole, so a file of one endless line costs
    no memory.
    """
    number = 0
    while True:
        line = handle.readline(max_line_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_line_bytes or line.endswith(b"\n"):
            yield number, line
            continue
        while line and not line.endswith(b"\n"):
            line = handle.readline(1 << 20)
        yield number, None
