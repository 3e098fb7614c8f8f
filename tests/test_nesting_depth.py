"""How deeply a stranger's JSON nests, measured before it is parsed (`strict_json`).

Hostile walk (7 December): `size` of a 19 MB plan whose name was brackets took 10.8 s, and
Import Model Config of such a config froze the window as long: a regular expression matching
each text with its escapes, holding the interpreter. The count is now whole-array arithmetic
(3.5 s for the whole `size`, start-up and all); these are the cases it must still count right.
"""

from __future__ import annotations

import json

import pytest

from aisle_desktop.strict_json import StrictJsonError, loads, nesting_depth


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("123", 0),
        ("[]", 1),
        ('{"a": [1, {"b": "}}}}[[["}, [[["x"]]]]}', 5),
        # Escaped quotes and backslashes end no text: the brackets after them are in it.
        (json.dumps(["\\" * 5 + "[", "a\\\\", "[[", {'x\\"[': "]"}]), 2),
        (json.dumps({"é[": ["ü", {"ß": "\u2028["}]}, ensure_ascii=False), 3),
        ("[" * 1000 + "]" * 1000, 1000),
        ("]]]]", 0),  # closing first is a syntax error, not a depth
        # A text never closed holds the rest: the parser stops at its opening quote.
        ('["' + "[" * 10_000, 1),
    ],
)
def test_the_depth_counts_brackets_outside_texts(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_a_name_of_millions_of_brackets_is_no_nesting() -> None:
    text = json.dumps({"name": "[" * 5_000_000, "deep": [[[]]]})
    assert nesting_depth(text) == 4
    assert len(loads(text)["name"]) == 5_000_000


def test_deeper_than_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(StrictJsonError, match="nested more than 64 levels deep"):
        loads('{"a": "]]]", "b": ' + "[" * 65 + "]" * 65 + "}")
