"""A chunk's disaggregated lines share each distinct pair of pools, validated once; pools
written otherwise (another type for one value) are validated apart and refused as written."""

from __future__ import annotations

import json
from pathlib import Path

from aisle_desktop.catalog import load_catalog
from aisle_desktop.cli.predict_cmd import predict_line, predict_lines
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.validation import BenchmarkScenario, with_pools_validated_once

MODERN_SET = Path(__file__).resolve().parents[2] / "validation" / "modern_engines_dev.jsonl"


def _first_pools_line() -> dict[str, object]:
    for line in MODERN_SET.read_text().splitlines():
        fields = json.loads(line)
        if fields.get("disaggregated") and "cfg" in fields["id"]:
            return dict(fields)
    raise AssertionError("the 2025-26 set has disaggregated lines")


def test_equal_pools_are_one_object_and_lines_keep_their_own_fields() -> None:
    first = _first_pools_line()
    second = first | {"id": "second", "load": {"mode": "concurrency", "concurrency": 3}}
    read = with_pools_validated_once([first, second])
    assert read[0]["disaggregated"] is read[1]["disaggregated"]
    scenarios = [BenchmarkScenario.model_validate(fields) for fields in read]
    assert [s.id for s in scenarios] == [first["id"], "second"]
    assert [s.load.concurrency for s in scenarios] == [first["load"]["concurrency"], 3]  # type: ignore[union-attr, index]
    assert scenarios[0] == BenchmarkScenario.model_validate(first)


def test_pools_written_with_another_type_are_refused_as_written() -> None:
    catalog = load_catalog()
    good = _first_pools_line()
    pools = json.loads(json.dumps(good["disaggregated"]))
    pools["workers_recorded"] = 1  # a number where true or false belongs
    bad = good | {"id": "bad", "disaggregated": pools}
    alike = good | {"id": "alike", "disaggregated": dict(pools, workers_recorded=True)}
    lines = [json.dumps(each) for each in (good, bad, alike)]
    answers = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert "error" not in answers[0] and "error" not in answers[2]
    refusal = "line 2, disaggregated, workers_recorded: must be true or false, got 1"
    assert answers[1]["error"] == refusal
    for number, line in enumerate(lines, start=1):
        assert predict_line(catalog, CURRENT_CALIBRATION, number, line) == answers[number - 1]
