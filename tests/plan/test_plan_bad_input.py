"""Every kind of bad file gets a PlanFileError naming the file and place, and nothing changes."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.plan import (
    Plan,
    PlanFileError,
    PlanVersionError,
    files,
    load_plan,
    preset_scenario,
    save_plan,
)
from aisle_desktop.plan.field_limits import all_number_limits, limit_text
from aisle_desktop.plan.files import MAX_FILE_BYTES


def _open_fails(path: Path, *fragments: str) -> PlanFileError:
    before = sorted(p.name for p in path.parent.iterdir()) if path.parent.is_dir() else []
    content = path.read_bytes() if path.is_file() else None
    with pytest.raises(PlanFileError) as info:
        load_plan(path)
    message = str(info.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    if content is not None:
        assert path.read_bytes() == content  # opening never rewrites
    assert sorted(p.name for p in path.parent.iterdir()) == before  # and creates nothing
    return info.value


def _edited(plan_file: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    change(data)
    plan_file.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return plan_file


def test_not_json(plan_file: Path) -> None:
    plan_file.write_text('{"format": "aisle-plan",\n  oops}', encoding="utf-8")
    error = _open_fails(plan_file)
    assert str(error) == (
        f"{plan_file}: not valid JSON at line 2, column 3: a key in double quotes is expected "
        "(a comma before a closing brace?)"
    )


def test_plain_text_is_not_an_aisle_plan(plan_file: Path) -> None:
    plan_file.write_text("This is my plan:\nLlama 70B on 8 H100s\n", encoding="utf-8")
    error = _open_fails(plan_file)
    assert (
        str(error)
        == f'{plan_file}: not an Aisle plan: it is not JSON (it begins "This is my plan:")'
    )


def test_empty_and_blank(plan_file: Path) -> None:
    plan_file.write_bytes(b"")
    _open_fails(plan_file, "empty")
    plan_file.write_text("  \n\n", encoding="utf-8")
    _open_fails(plan_file, "empty")


def test_truncated(plan_file: Path) -> None:
    data = plan_file.read_bytes()
    text = data.decode("utf-8")
    cut = text.index('"output_tokens"') + 5  # inside a key: "outp
    plan_file.write_bytes(text[:cut].encode("utf-8"))
    line = text[:cut].count("\n") + 1
    column = cut - text.rfind("\n", 0, cut)
    error = _open_fails(plan_file)
    assert str(error) == (
        f"{plan_file}: the file is cut short at line {line}, column {column - 5} "
        "(saved or copied only in part?)"
    )


def test_binary_garbage(plan_file: Path) -> None:
    plan_file.write_bytes(bytes(range(256)) * 4)
    _open_fails(plan_file, "not a text file", "offset 128")


@pytest.mark.parametrize(
    ("encoding", "said"),
    [
        ("utf-16", 'UTF-16 text (as Windows saves "Unicode"), not UTF-8'),
        ("utf-16-le", 'UTF-16 text (as Windows saves "Unicode"), not UTF-8'),
        ("utf-16-be", 'UTF-16 text (as Windows saves "Unicode"), not UTF-8'),
        ("utf-32", "UTF-32 text, not UTF-8"),
    ],
)
def test_a_plan_saved_in_another_unicode_is_named_so(
    plan_file: Path, encoding: str, said: str
) -> None:
    """Hostile walk: a plan saved as UTF-16 was "byte 0xff at offset 0 is not UTF-8", and
    without its byte-order mark (every other byte a NUL) "cut short at line 1, column 2"."""
    plan_file.write_bytes(plan_file.read_text(encoding="utf-8").encode(encoding))
    error = _open_fails(plan_file, f"{said}; an Aisle plan is UTF-8 JSON")
    assert "cut short" not in str(error)


def test_nul_bytes_are_a_binary_file_not_quoted(plan_file: Path) -> None:
    """Hostile walk: a file of NULs was quoted back as forty escaped NULs."""
    plan_file.write_bytes(b"\0" * 100)
    error = _open_fails(plan_file, "not a text file: byte 0x00 at offset 0 (a binary file?)")
    assert "\\x00" not in str(error) and "\x00" not in str(error)


@pytest.mark.parametrize(
    ("text", "kind"), [("null", "null"), ("7", "a number"), ('"x"', "a string")]
)
def test_a_value_that_is_not_an_object_is_named_in_json_words(
    plan_file: Path, text: str, kind: str
) -> None:
    plan_file.write_text(text, encoding="utf-8")
    _open_fails(plan_file, f"not an Aisle plan: expected a JSON object, found {kind}")


def test_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.aisle"
    folder.mkdir()
    _open_fails(folder, "is a folder")


def test_a_name_holding_a_nul_is_said_not_raised(tmp_path: Path) -> None:
    """Hostile walk: the system's bare ValueError "embedded null byte" reached the window."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "a\0b.aisle"
    with pytest.raises(PlanFileError, match=r"its name holds a NUL character \(\\x00\)"):
        load_plan(path)
    plan = Plan(scenarios=[preset_scenario("llama-8b-chat")])
    with pytest.raises(PlanFileError, match=r"could not save: its name holds a NUL character"):
        save_plan(plan, path)
    assert list(folder.iterdir()) == []


def test_missing(tmp_path: Path) -> None:
    _open_fails(tmp_path / "nowhere.aisle", "file not found")


def test_over_20_mb_is_refused_before_reading(plan_file: Path) -> None:
    with open(plan_file, "r+b") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    _open_fails(plan_file, "20 MB")


@pytest.mark.parametrize("depth", [200, 100_000])
def test_deep_nesting(plan_file: Path, depth: int) -> None:
    plan_file.write_text(
        '{"format": "aisle-plan", "version": 2, "notes": ' + "[" * depth + "]" * depth + "}"
    )
    _open_fails(plan_file, "nested")


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_numbers(plan_file: Path, token: str) -> None:
    """Said with its line, column and key: "not a valid plan: NaN is not a number Aisle
    accepts" left the planner to search the file for it (hostile walk, hostile36)."""
    text = plan_file.read_text(encoding="utf-8").replace('"pue": 1.5', f'"pue": {token}', 1)
    plan_file.write_text(text, encoding="utf-8")
    at = text.index(token)
    line, column = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    _open_fails(plan_file, f'at line {line}, column {column}: key "pue": {token} is ', "finite")


def test_huge_integer(plan_file: Path) -> None:
    text = plan_file.read_text(encoding="utf-8").replace(
        '"output_tokens": ', '"output_tokens": 9' + "9" * 5000 + "0 + ", 1
    )
    plan_file.write_text(text.replace("0 + ", "", 1), encoding="utf-8")
    error = _open_fails(plan_file, "not a valid plan")
    # Python's own words named sys.set_int_max_str_digits to a planner (the walk)
    assert str(error).endswith(
        ': key "output_tokens": 99999999999999999999... (5,004 digits) is too large a number '
        "(a whole number has at most 4,300 digits)"
    )
    assert "not a valid plan at line 20, column 26: " in str(error)


def test_duplicate_keys(plan_file: Path) -> None:
    text = plan_file.read_text(encoding="utf-8").replace('"notes": ', '"notes": "a", "notes": ', 1)
    plan_file.write_text(text, encoding="utf-8")
    _open_fails(plan_file, 'key "notes" appears twice')


def test_a_key_twice_is_placed_where_it_comes_again(tmp_path: Path) -> None:
    """hostile35: the refusal named the key but not where, in a plan of 300 lines. The
    object json finds first is the one that closes first: here the inner one, though the
    outer has a key twice before it; a key escaped otherwise is still the same key."""
    path = tmp_path / "twice.aisle"
    path.write_text(
        '{"a": 1,\n "a": 2, "b": {"c": [1, {"d": 0}],\n  "e": 1, "\\u0065": 2}}', encoding="utf-8"
    )
    error = _open_fails(path)
    assert str(error) == (
        f'{path}: not a valid plan at line 3, column 11: key "e" appears twice in one object'
    )


def test_negative_and_absurd_numbers(plan_file: Path) -> None:
    _edited(plan_file, lambda d: d["scenarios"][1]["workload"].update(output_tokens=-5))
    second = 'scenario 2 "Llama 3.1 8B chat assistant", workload, Answer (output_tokens)'
    error = _open_fails(plan_file)
    assert str(error) == f"{plan_file}: {second}: must be at least 1, got -5"
    _edited(plan_file, lambda d: d["scenarios"][1]["workload"].update(output_tokens=1e15))
    error = _open_fails(plan_file)
    assert str(error) == (
        f"{plan_file}: {second}: must be a whole number, got 1000000000000000.0 "
        "(too large: at most 10,000,000)"
    )
    _edited(plan_file, lambda d: d["scenarios"][0]["hardware"].update(gpu_count=10**9))
    error = _open_fails(plan_file)
    assert str(error) == (
        f'{plan_file}: scenario 1 "Llama 3.1 70B RAG assistant", hardware, GPU count '
        "(gpu_count): must be at most 100,000, got 1000000000"
    )


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (lambda d: d["scenarios"][0]["workload"].update(output_tokens="256"), "output_tokens"),
        (lambda d: d["scenarios"][0]["workload"].update(output_tokens=True), "output_tokens"),
        (lambda d: d["scenarios"][0].update(name=["a"]), "name"),
        (lambda d: d.update(scenarios={"a": 1}), "scenarios"),
        (lambda d: d.update(scenarios=[]), "scenarios"),
        (lambda d: d.update(notes=7), "notes"),
        (
            lambda d: d["catalog"].update(gpus="lab"),
            'the plan\'s own catalog, gpus: must be a list [...], got "lab"',
        ),
        (
            lambda d: d["catalog"]["gpus"][0].update(memory_gb=-1),
            'the plan\'s own catalog, gpus entry 1 ("lab-l40s"), memory_gb: must be at least 1, '
            "got -1",
        ),
        (
            lambda d: d.update(surprise=1),
            'unknown field "surprise" in the plan (misspelt, or a plan from a newer Aisle?)',
        ),
        (lambda d: d["scenarios"].append(d["scenarios"][0]), "used twice"),
    ],
)
def test_wrong_types_and_shapes(
    plan_file: Path, change: Callable[[Any], None], fragment: str
) -> None:
    _open_fails(_edited(plan_file, change), fragment)


def test_not_an_object(plan_file: Path) -> None:
    plan_file.write_text("[1, 2, 3]", encoding="utf-8")
    _open_fails(plan_file, "not an Aisle plan", "found a list")


def test_other_format(plan_file: Path) -> None:
    _open_fails(
        _edited(plan_file, lambda d: d.update(format="excel")), 'format "excel"', "aisle-plan"
    )
    _open_fails(_edited(plan_file, lambda d: d.pop("format")), "no format field")


@pytest.mark.parametrize("version", [0, -1, "2", 2.0, None, True])
def test_bad_version(plan_file: Path, version: object) -> None:
    _open_fails(_edited(plan_file, lambda d: d.update(version=version)), "version")


def test_newer_version_is_refused_and_never_rewritten(plan_file: Path) -> None:
    _edited(plan_file, lambda d: d.update(version=7, future_field={"x": 1}))
    error = _open_fails(plan_file, "newer Aisle", "version 7")
    assert isinstance(error, PlanVersionError) and error.file_version == 7


def test_no_permission_to_read(plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Injected rather than chmod 0: CI may run as root, who reads any file.
    opened = os.open

    def refuse(path: object, *args: Any, **kwargs: Any) -> int:
        if Path(str(path)) == plan_file:
            raise PermissionError(13, "Permission denied")
        return opened(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "open", refuse)
    _open_fails(plan_file, "no permission to read")


def test_the_format_doc_lists_every_number_limit(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "plan-format.md").read_text(encoding="utf-8")
    for path, limits in all_number_limits():
        assert f"| `{'.'.join(path)}` | {limit_text(limits)} |" in doc, path


FIRST = 'scenario 1 "Llama 3.1 70B RAG assistant"'


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (
            lambda d: d["scenarios"][0]["workload"]["load"].update(active_users=1e30),
            f"{FIRST}, workload, Active users (active_users): must be a whole number, got 1e+30 "
            "(too large: at most 100,000,000)",
        ),
        (
            lambda d: d["scenarios"][0]["workload"]["load"].update(active_users="many"),
            f'{FIRST}, workload, Active users (active_users): must be a whole number, got "many"',
        ),
        (
            lambda d: d["scenarios"][0]["workload"].update(output_tokens=[256]),
            f"{FIRST}, workload, Answer (output_tokens): must be a whole number, got [256]",
        ),
        (
            lambda d: d["scenarios"][0]["costs"].update(pue=-3),
            f"{FIRST}, costs, PUE (pue): must be at least 1, got -3",
        ),
        (
            lambda d: d["scenarios"][0]["hardware"].update(foo=1),
            f'unknown field "foo" in the hardware of {FIRST} (misspelt, or a plan from a newer '
            "Aisle?)",
        ),
        (
            lambda d: d["scenarios"][0]["hardware"]["power_feed"].update(volts=230),
            f'unknown field "volts" in the hardware, power feed of {FIRST} (misspelt, or a '
            "plan from a newer Aisle?)",
        ),
        (lambda d: d.update(scenarios=[]), "the plan has no scenarios (a plan holds at least one)"),
        (
            lambda d: d["catalog"]["gpus"][0].update(colour="green"),
            'unknown field "colour" in the plan\'s own catalog, gpus entry 1 ("lab-l40s") '
            "(misspelt, or a plan from a newer Aisle?)",
        ),
    ],
)
def test_refusals_name_the_scenario_and_field_in_planner_words(
    plan_file: Path, change: Callable[[Any], None], says: str
) -> None:
    """The QA files of 4 December, each refused with where and what, in the window's words."""
    _edited(plan_file, change)
    error = _open_fails(plan_file)
    assert str(error) == f"{plan_file}: {says}"
    for jargon in ("$.", "Input should", "Extra inputs", "after validation", "[0]"):
        assert jargon not in str(error)


@pytest.mark.parametrize(
    ("part", "field", "words"),
    [
        ("workload", "model_id", "Model (model_id)"),
        ("workload", "engine_id", "Engine"),
        ("hardware", "gpu_id", "GPU"),
        ("hardware", "server_id", "Server"),
    ],
)
def test_a_catalog_id_longer_than_any_catalog_allows_is_refused(
    plan_file: Path, part: str, field: str, words: str
) -> None:
    """A page of text pasted over an id was opened and quoted whole in the "not sized" banner."""
    _edited(plan_file, lambda d: d["scenarios"][0][part].update({field: "x" * 100_000}))
    error = _open_fails(plan_file, words, "at most 100 characters")
    assert len(str(error)) < 400 + len(str(plan_file))


_LINE = (
    '{"id": "a", "engine": "vllm", "model": "llama-3.1-8b", "gpu": "h100-sxm", '
    '"input_tokens": 128, "output_tokens": 128, "load": {"mode": "max_throughput"}}'
)
_PREDICT_HINT = (
    "it looks like benchmark lines (one JSON object per line): "
    "`aisle-desktop predict {path}` predicts them"
)


@pytest.mark.parametrize(("lines", "name"), [(2, "lines.jsonl"), (1, "lines.json")])
def test_benchmark_lines_opened_as_a_plan_are_pointed_to_predict(
    tmp_path: Path, lines: int, name: str
) -> None:
    """`--open lines.jsonl` (a predict input) said only "more follows the plan's closing
    brace" or "has no format field", with no word of the command that reads such a file."""
    path = tmp_path / name
    path.write_text((_LINE + "\n") * lines, encoding="utf-8")
    error = _open_fails(path)
    first = (
        "not valid JSON at line 2, column 1: more follows the plan's closing brace"
        if lines == 2
        else 'not an Aisle plan: has no format field, expected "aisle-plan"'
    )
    assert str(error) == f"{path}: {first}; {_PREDICT_HINT.format(path=path)}"


def test_a_plan_missing_its_format_is_not_taken_for_benchmark_lines(plan_file: Path) -> None:
    _edited(plan_file, lambda data: data.pop("format"))
    error = _open_fails(plan_file, "has no format field")
    assert "predict" not in str(error)
    config = plan_file.with_name("config.json")  # a model's, on one line
    config.write_text('{"model_type": "llama", "num_hidden_layers": 32}\n', encoding="utf-8")
    assert "predict" not in str(_open_fails(config, "has no format field"))
