"""A chunk of lines is validated in one call; a line the schema refuses sends the chunk line
by line, and every answer is still the line's own, in order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert together[2]["error"] == "line 3: expected a JSON object ({...}), got a list: [1, 2]"
    assert "error" not in together[0] and "error" not in together[5]


def test_a_chunk_of_valid_lines_answers_each_line_as_alone() -> None:
    catalog = load_catalog()
    lines = DEV_SET.read_text().splitlines()[:12]
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    assert together == _answers_alone(catalog, lines)
    assert all("error" not in answer for answer in together)


MODERN_SET = DEV_SET.with_name("modern_engines_dev.jsonl")
# Lines whose step times read numpy's vectorised power in their file (SVML on an AVX-512
# machine), which differs from C's `pow` in the last bit for these: Kimi K2.5 and Qwen3.5
# MoE sweeps at 8 and 32 clients, the expert share their small batches touch.
POWER_WITNESSES = (
    "aic-2026_03_25_kimi_k2_5_b300_sxm_vllm_fp4_agg_8192x1024_c8_tp4_0_ep4_0_41",
    "aic-2026_03_25_kimi_k2_5_b200_sxm_vllm_int4_agg_1024x8192_c8_tp8_0_ep1_0_322",
    "aic-2026_03_25_kimi_k2_5_b200_sxm_vllm_int4_agg_1024x1024_c8_tp8_0_ep1_0_324",
    "aic-qwen3_5_b300_sglang_fp8_agg_1024x1024_c32_cfg716",
    "aic-qwen3_5_b300_sglang_bf16_agg_1024x1024_c32_cfg738",
)


def test_a_line_alone_gets_the_answer_it_gets_in_its_file() -> None:
    catalog = load_catalog()
    lines = MODERN_SET.read_text().splitlines()
    in_file = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    numbers = {answer["id"]: n for n, answer in enumerate(in_file, start=1)}
    for line_id in POWER_WITNESSES:
        number = numbers[line_id]
        alone = predict_line(catalog, CURRENT_CALIBRATION, number, lines[number - 1])
        assert json.dumps(alone) == json.dumps(in_file[number - 1]), line_id


def _first_of_each_load(lines: list[str]) -> dict[tuple[str, bool], str]:
    firsts: dict[tuple[str, bool], str] = {}
    for line in lines:
        fields = json.loads(line)
        firsts.setdefault((fields["load"]["mode"], "disaggregated" in fields), line)
    return firsts


ALIKE_LOADS = _first_of_each_load(
    DEV_SET.read_text().splitlines() + MODERN_SET.read_text().splitlines()
)


@pytest.mark.parametrize("load", sorted(ALIKE_LOADS), ids=str)
def test_lines_alike_but_for_their_measurements_are_each_answered(load: tuple[str, bool]) -> None:
    """A run measured twice: two request-rate lines alike but for their id and measured
    figures stopped `predict` and `validate` with a traceback (a column of one element was
    taken for each line's own). Each is answered with its own id, as the line alone is."""
    catalog = load_catalog()
    first = json.loads(ALIKE_LOADS[load])
    again = first | {"id": "measured-again"}
    if "expected" in first:
        again["expected"] = {name: value * 1.1 for name, value in first["expected"].items()}
    lines = [json.dumps(first), json.dumps(again)]
    together = list(predict_lines(catalog, CURRENT_CALIBRATION, enumerate(lines, start=1)))
    alone = _answers_alone(catalog, lines)
    assert [answer["id"] for answer in together] == [first["id"], "measured-again"]
    assert all("error" not in answer for answer in together)
    for pair, single in zip(together, alone, strict=True):
        assert pair.keys() == single.keys()
        for name, value in single.items():
            if isinstance(value, float):
                assert pair[name] == pytest.approx(value, rel=1e-12), name
            else:
                assert pair[name] == value, name
