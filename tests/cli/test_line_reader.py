"""`predict` reads each line with `strict_json.loads_line`, a faster way to the same value or
the same refusal as `strict_json.loads`: a key twice, nesting past the limit, a number too
large for a float, NaN and every syntax error are refused with the strict reader's words."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.predict_cmd import MAX_LINE_DEPTH, predict_lines
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.strict_json import StrictJsonError, loads, loads_line

VALIDATION = Path(__file__).resolve().parents[2] / "validation"

# Texts a fast parser might read otherwise than Python's json module (each is compared).
EDGES = [
    '{"a": "x\ty"}',
    '{"a": 1}\x0c',
    '{"a": 1} x',
    '{"a": 1}{}',
    '{"a": 01}',
    '{"a": +1}',
    '{"a": .5}',
    '{"a": [1,]}',
    "{'a': 1}",
    '{"a": 1 // comment\n}',
    '{"a"://x\n1}',
    '{"\\u0061": 1, "a": 2}',
    '{"a": "b:c", "a": 1}',
    '{"a": "https://x", "a": 1}',
    '{"a" : 1, "a" :2}',
    '{"a": [{"b": 1, "b": 2}]}',
    '{"a": [{"b": 1}, {"b": 2}]}',
    '{"a": -0.0, "b": -0}',
    '{"a": [1, {"b": -1e-400}]}',
    "-0.0",
    '{"a": 1e400}',
    '[1, {"x": -1e999}]',
    "1e400",
    '{"a": 1.7976931348623159e308}',
    '{"a": 5e-324, "b": 2.2250738585072014e-308}',
    '{"a": 9007199254740993, "b": 123456789012345678901234567890}',
    '{"a": NaN}',
    '{"a": -Infinity}',
    '{"a": "\\ud800"}',
    '{"a": "\\ud83d\\ude00", "b": "\\/"}',
    '\ufeff{"a": 1}',
    '{"a": tru}',
    "",
    '"text"',
    "[[[[[[[[[1]]]]]]]]]",
    '{"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}',
]


def _read(reader: Callable[[str, int], Any], text: str) -> tuple[str, str]:
    try:
        return "value", json.dumps(reader(text, MAX_LINE_DEPTH))
    except StrictJsonError as err:
        return "refused", str(err)


def test_the_line_reader_gives_what_the_strict_reader_gives() -> None:
    """Same value (to the last bit of every float, keys in order) or the same refusal."""
    rng = random.Random(13)
    numbers = [
        f'{{"a": {rng.uniform(-1e6, 1e6) * 10.0 ** rng.randint(-320, 300):.17g}}}'
        for _ in range(2000)
    ]
    for text in [*EDGES, *numbers]:
        assert _read(loads_line, text) == _read(loads, text), text
    refused = [text for text in EDGES if _read(loads, text)[0] == "refused"]
    assert len(refused) > 15


@pytest.mark.parametrize("name", ["published_dev.jsonl", "modern_engines_dev.jsonl"])
def test_every_validation_line_reads_as_the_strict_reader_reads_it(name: str) -> None:
    for line in (VALIDATION / name).read_text().splitlines():
        assert json.dumps(loads_line(line, MAX_LINE_DEPTH)) == json.dumps(loads(line))


def test_predict_names_a_key_twice_and_a_number_too_large_as_before() -> None:
    catalog = load_catalog()
    line = (VALIDATION / "published_dev.jsonl").read_text().splitlines()[0]
    twice = line.replace('"tp":', '"pp": 1, "tp": 2, "tp":', 1)
    huge = line.replace('"input_tokens": ', '"input_tokens": 1e400, "x": ', 1)
    answers = list(predict_lines(catalog, CURRENT_CALIBRATION, [(1, twice), (2, huge)]))
    column = twice.index('"tp": 2, "tp"') + len('"tp": 2, ') + 1  # where it comes again
    assert answers[0]["error"] == (
        f'line 1: not valid JSON at column {column}: key "tp" appears twice in one object'
    )
    column = huge.index("1e400") + 1
    assert answers[1]["error"] == (
        f'line 2: not valid JSON at column {column}: key "input_tokens": 1e400 is too large a '
        "number (only finite numbers)"
    )
