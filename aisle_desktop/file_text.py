"""The text of a file a stranger may have written (a plan, a catalog file, a model's config),
or what it is instead, in a planner's words.

Aisle reads UTF-8 (a byte-order mark, as Notepad writes, is skipped). A file saved as UTF-16
(Windows' "Unicode") was said to hold "byte 0xff at offset 0", and one without a byte-order
mark, every other byte a NUL, read as UTF-8 and was said to be "cut short at line 1, column 2";
a binary file of NULs was quoted back as forty escaped NULs. Each is now named for what it is.
A leaf module: the plan and the catalog read files alike.
"""

from __future__ import annotations

import codecs

_UTF32_MARKS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Where a planner's file came to be in it: Notepad and Excel's "Unicode" is UTF-16.
_WINDOWS = {"UTF-16": ' (as Windows saves "Unicode")'}


class NotTextError(ValueError):
    """The bytes are not UTF-8 text; the message says what they are instead."""


def _begins_text(byte: int) -> bool:
    """Whether ``byte`` is printable ASCII or a tab or line break, as JSON text begins."""
    return 0x20 <= byte < 0x7F or byte in b"\t\r\n"


def wide_encoding(raw: bytes) -> str | None:
    """Which of UTF-16 and UTF-32 ``raw`` is written in, if it begins as JSON text in one
    of them does (a byte-order mark, or NULs beside the first character, which is ASCII in
    any JSON); None for any other bytes."""
    if raw.startswith(_UTF32_MARKS):  # before UTF-16: FF FE 00 00 begins with FF FE
        return "UTF-32"
    if raw.startswith(_UTF16_MARKS):
        return "UTF-16"
    head = raw[:4]
    shape = [0 if byte == 0 else 1 if _begins_text(byte) else 2 for byte in head]
    if shape in ([1, 0, 0, 0], [0, 0, 0, 1]):
        return "UTF-32"
    if shape[:2] in ([1, 0], [0, 1]):
        return "UTF-16"
    return None


def utf8_text(raw: bytes) -> str:
    """``raw`` as UTF-8 text, a byte-order mark skipped; NotTextError saying what it is
    instead: UTF-16 or UTF-32 text, a byte that is not UTF-8, or a NUL (no JSON holds one)."""
    wide = wide_encoding(raw)
    if wide is not None:
        raise NotTextError(f"{wide} text{_WINDOWS.get(wide, '')}, not UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise NotTextError(
            f"not a text file: byte 0x{bad} at offset {exc.start} is not UTF-8 text"
        ) from None
    nul = raw.find(b"\0")
    if nul >= 0:
        raise NotTextError(f"not a text file: byte 0x00 at offset {nul} (a binary file?)")
    return text
