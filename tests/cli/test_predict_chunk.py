"""A chunk of lines is validated in one call; a line the schema refuses sends the chunk line
by line, and every answer is still the line's own, in order."""

from __future__ import annotations

import json
from pathlib import Path

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.cli.predict_cmd import predict_line, predict_lines
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"


def _answers_alone(catalog: Catalog, lines: list[str]) -> list[dict[str, object]]:
    return [
        predict_line(catalog, CURRENT_CALIBRATION, number, line)
        for number, line in enumerate(lines, start=1)
    ]


def test_a_chunk_with_refused_lines_answers_each_line_as_alone() -> None:
    catalog = load_catalog()
    good = DEV_SET.read_text().splitlines()[:3]
    first = json.loads(good[0])
    lines = [
        good[0],
        json.dumps(first | {"id": "no-gpus", "num_gpus": 0}),  # the schema refuses it
        "[1, 2]",  # JSON, not an object
        '{"id": "broken",',  # not JSON
        good[1],
        good[2],
    ]
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert together == _answers_alone(catalog, lines)
    assert [answer["id"] for answer in together] == [
        first["id"],
        "no-gpus",
        "line 3",
        "line 4",
        json.loads(good[1])["id"],
        json.loads(good[2])["id"],
    ]
    assert together[1]["error"] == "line 2, num_gpus: must be at least 1, got 0"
    assert together[2]["error"] == "line 3: expected a JSON object"
    assert "error" not in together[0] and "error" not in together[5]


def test_a_chunk_of_valid_lines_answers_each_line_as_alone() -> None:
    catalog = load_catalog()
    lines = DEV_SET.read_text().splitlines()[:12]
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert together == _answers_alone(catalog, lines)
    assert all("error" not in answer for answer in together)
