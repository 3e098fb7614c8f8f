"""`predict` refuses a hostile line in planner's words: the line, the field, what is wrong, the
value; the answer keeps its shape ({"id", "error"}) and the other lines go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main

DEV_SET = Path(__file__).resolve().parents[2] / "validation" / "published_dev.jsonl"
GOOD = json.loads(DEV_SET.read_text().splitlines()[0])


def _refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]
) -> list[dict[str, str]]:
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join([*lines, json.dumps(GOOD)]) + "\n")
    assert main(["predict", str(path)]) == 1
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "error" not in answers[-1] and answers[-1]["fits"]  # the good line after them
    assert all(set(answer) == {"id", "error"} for answer in answers[:-1])
    return answers[:-1]


def _line(**fields: object) -> str:
    return json.dumps(GOOD | fields)


def test_each_refusal_names_its_line_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        _line(id="wrong-type", tp="eight"),
        _line(id="unknown-model", model="llama-9-900b"),
        _line(id="negative", load={"mode": "concurrency", "concurrency": -5}),
        _line(id="huge", input_tokens=10**30),
        _line(id="huge-rate", load={"mode": "request_rate", "request_rate": 1e300}),
        _line(id="mode", load={"mode": "burst"}),
        _line(id="extra", load={"mode": "concurrency", "concurrency": 4, "clients": 4}),
        _line(id="draft", speculative={"method": "mtp", "draft_tokens": -1}),
        _line(id="split", num_gpus=3, tp=2),
    ]
    errors = {answer["id"]: answer["error"] for answer in _refusals(tmp_path, capsys, lines)}
    assert errors == {
        "wrong-type": 'line 1, tp: must be a whole number, got "eight"',
        "unknown-model": (
            'line 2, model: unknown model id "llama-9-900b": did you mean "llama-2-70b"?'
        ),
        "negative": "line 3, load, concurrency: must be at least 1, got -5",
        "huge": (
            "line 4, input_tokens: must be at most 10,000,000, got 1000000000000000000000000000000"
        ),
        "huge-rate": "line 5, load, request_rate: must be at most 10,000,000, got 1e+300",
        "mode": (
            "line 6, load, mode: must be one of 'max_throughput', 'concurrency', "
            "'request_rate', 'static_batch', got \"burst\""
        ),
        "extra": 'line 7, load: unknown field "clients" (misspelt?)',
        "draft": "line 8, speculative, draft_tokens: must be at least 1, got -1",
        "split": (
            "line 9: num_gpus 3 is not a multiple of tp x pp x attention_dp = 2; every "
            "replica needs that many GPUs"
        ),
    }


def test_a_line_that_is_not_json_says_where_it_broke(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        '{"id": "a" "tp": 1}',
        '{"id": "cut", "tp": ',
        '{"id": "a"} and more',
        "tp = 8",
        '{"id": "a", "tp": 1, "tp": 2}',
        "[1, 2]",
    ]
    assert [answer["error"] for answer in _refusals(tmp_path, capsys, lines)] == [
        "line 1: not valid JSON at column 12: a comma is missing",
        "line 2: not valid JSON: the line ends (at column 19) before its JSON is complete",
        "line 3: not valid JSON at column 13: more follows the line's closing brace",
        'line 4: not JSON (it begins "tp = 8")',
        'line 5: not valid JSON at column 22: key "tp" appears twice in one object',
        "line 6: expected a JSON object ({...}), got a list: [1, 2]",
    ]


def test_an_unknown_id_in_a_nested_field_is_named_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drafted = {"method": "draft", "draft_model_id": "tiny-drafter"}
    line = _line(id="draft-model", speculative=drafted)
    (answer,) = _refusals(tmp_path, capsys, [line])
    assert answer["error"].startswith(
        'line 1, speculative, draft_model_id: unknown model id "tiny-drafter"'
    )


def test_a_line_that_is_not_utf8_is_refused_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: one Latin-1 line refused the whole file ("not UTF-8 text (invalid
    continuation byte)", no line named), and a file of 5,001 lines printed the answers of
    the first 4,096 before it said so."""
    path = tmp_path / "lines.jsonl"
    good = json.dumps(GOOD).encode()
    path.write_bytes(good + b'\n{"id": "caf\xe9"}\n' + good + b"\n")
    assert main(["predict", str(path)]) == 1
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert answers[1] == {"id": "line 2", "error": "line 2: not UTF-8 text: byte 0xe9 at column 12"}
    assert answers[0]["fits"] and answers[2]["fits"]


def test_a_byte_order_mark_is_read_as_plans_read_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: a file saved with a byte-order mark (as Notepad saves UTF-8) had its first
    line refused as 'not JSON (it begins "\ufeff{...")'."""
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\n")
    assert main(["predict", str(path)]) == 0
    (answer,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert answer["id"] == GOOD["id"] and answer["fits"]


# A binary file's first line, and what the refusal says of it.
BINARY_STARTS = {
    "png": (b"\x89PNG\r\n", "line 1 is not UTF-8 text: byte 0x89 at column 1"),
    "nul": (b'{"a"\x00: 1}\n', "line 1 is not text (a binary file): byte 0x00 at column 5"),
    # The hostile walk: 50 MB of NULs, one endless line, was answered "line 1: longer than
    # 1 MB" (exit 1) as if it were benchmark lines; 2 MB shows the same.
    "endless NULs": (bytes(2_000_000), "line 1 is not text (a binary file): byte 0x00 at column 1"),
}


@pytest.mark.parametrize("start", list(BINARY_STARTS))
def test_a_binary_file_is_refused_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    first, says = BINARY_STARTS[start]
    path = tmp_path / "lines.jsonl"
    path.write_bytes(first + json.dumps(GOOD).encode() + b"\n")
    assert main(["predict", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"aisle-desktop: {path}: not a text file: {says}; benchmark lines are UTF-8 JSON, "
        "one object per line\n"
    )


def test_validate_names_each_line_it_could_not_predict_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: validate listed "line 2: line 2: not JSON ..."."""
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), "garbage", _line(id="x", tp="eight")]) + "\n")
    assert main(["validate", str(path)]) == 1
    listed = capsys.readouterr().out.split("could not be predicted:\n")[1]
    assert listed == (
        '  line 2: not JSON (it begins "garbage")\n'
        '  x: line 3, tp: must be a whole number, got "eight"\n'
    )


def test_validate_counts_the_lines_it_does_not_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: of 25 lines it could not predict, validate listed 20 and said nothing of the
    other 5."""
    path = tmp_path / "lines.jsonl"
    path.write_text("\n".join([json.dumps(GOOD), *(f"junk{n}" for n in range(25))]) + "\n")
    assert main(["validate", str(path)]) == 1
    listed = capsys.readouterr().out.split("could not be predicted:\n")[1].splitlines()
    assert len(listed) == 21 and listed[19] == '  line 21: not JSON (it begins "junk19")'
    assert listed[20] == f"  and 5 more (`aisle-desktop predict {path}` answers each)"


def test_validate_without_measured_figures_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The walk: lines without `expected` figures printed four empty tables and exit 0."""
    path = tmp_path / "lines.jsonl"
    path.write_text(json.dumps({k: v for k, v in GOOD.items() if k != "expected"}) + "\n")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == (
        f"aisle-desktop: {path}: no line has `expected` figures to compare with; "
        f"`aisle-desktop predict {path}` predicts lines without them\n"
    )


def test_a_line_that_is_not_an_object_says_what_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "expected a JSON object" alone left the planner to find what the line held."""
    lines = ["[1, 2]", "3", '"x"', "null", "true", "-2.5", "[" + ", ".join(["1"] * 100) + "]"]
    assert [answer["error"] for answer in _refusals(tmp_path, capsys, lines)] == [
        "line 1: expected a JSON object ({...}), got a list: [1, 2]",
        "line 2: expected a JSON object ({...}), got a number: 3",
        'line 3: expected a JSON object ({...}), got a string: "x"',
        "line 4: expected a JSON object ({...}), got null",
        "line 5: expected a JSON object ({...}), got true",
        "line 6: expected a JSON object ({...}), got a number: -2.5",
        "line 7: expected a JSON object ({...}), got a list: [" + "1, " * 18 + "1,...",
    ]


def test_a_line_holding_a_list_of_objects_says_to_write_one_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (answer,) = _refusals(tmp_path, capsys, [json.dumps([GOOD, GOOD])])
    assert answer["error"].startswith("line 1: expected a JSON object ({...}), got a list: [{")
    assert answer["error"].endswith("...; write each object of the list on a line of its own")


@pytest.mark.parametrize("kind", [[], {}, ["aic_disagg"]], ids=["list", "object", "in a list"])
def test_a_scenario_kind_that_is_not_text_is_refused_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: object
) -> None:
    """Looked up in a set of kinds before the schema saw it, a list stopped `predict` with
    "TypeError: unhashable type: 'list'" and a traceback."""
    (answer,) = _refusals(tmp_path, capsys, [_line(id="kind", scenario_kind=kind)])
    assert answer["error"].startswith("line 1, scenario_kind: ")


@pytest.mark.parametrize("field", ["engine", "engine_version", "gpu", "model", "weight_precision"])
def test_a_dated_lines_name_that_is_not_text_is_refused_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], field: str
) -> None:
    """Hostile walk (7 December): a dated InferenceX line's names are looked up together in
    the sets of script runs before the schema sees them; a model written as [] stopped
    `validate` with "TypeError: unhashable type: 'list'" and a traceback."""
    dated = {"id": "aic-2026_04_06_walk", "scenario_kind": "aic_agg", "kv_precision": None}
    (answer,) = _refusals(tmp_path, capsys, [_line(**dated, **{field: []})])
    assert answer["error"].startswith(f"line 1, {field}: "), answer["error"]
    assert answer["error"].endswith("got []"), answer["error"]


def test_a_text_first_line_over_1_mb_is_refused_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A long line of text is still one line refused, the others answered (exit 1); its
    first 4,096 bytes end halfway through an "é" and are not called binary for it."""
    path = tmp_path / "lines.jsonl"
    long_line = b'{"id": "a' + "é".encode() * 600_000 + b'"}\n'  # byte 4,096 halves an é
    path.write_bytes(long_line + json.dumps(GOOD).encode() + b"\n")
    assert main(["predict", str(path)]) == 1
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert answers[0] == {"id": "line 1", "error": "line 1: longer than 1 MB"}
    assert answers[1]["fits"]
