"""`aisle-desktop predict FILE`: one JSON line in, one JSON line out, in order.

A line that cannot be evaluated gets an error object naming the line, the field, what is wrong
and what would work (`line_problems`); the other lines go on.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from pydantic import TypeAdapter, ValidationError

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.line_problems import line_problems, not_an_object, not_json, refused
from aisle_desktop.file_text import wide_encoding
from aisle_desktop.plan import names_plan_format
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.validation import (
    BenchmarkScenario,
    ResolvedReplicas,
    predict_benchmarks,
    with_pools_validated_once,
)
from aisle_desktop.strict_json import (
    NotReadableError,
    StrictJsonError,
    bounded_lines,
    loads_lines,
    open_regular,
)

MAX_LINE_BYTES = 1_000_000
# A benchmark line is a flat object with one nested level; a file of them is at most a few MB.
MAX_LINE_DEPTH = 8
MAX_FILE_BYTES = 1_000_000_000


class ScenarioFileError(Exception):
    """The file itself could not be read (missing, a directory, not text)."""


def read_lines(path: Path) -> Iterator[tuple[int, str | Unread]]:
    """(line number, text) of each non-blank line; `Unread` for a line over 1 MB (not kept)
    or not UTF-8 text.

    Only a regular file is read (``/dev/zero`` or a FIFO is refused before it is opened), and
    never more than a line at a time. Raises ScenarioFileError if the file is unreadable, is a
    plan (it names the plan's format: one object over many lines, whose every line would be
    refused), holds no line at all or is not text: its first line (the first 4,096 bytes of
    one over 1 MB) is not UTF-8 or holds a NUL byte (a binary file, whose every line would be
    refused). A byte-order mark before it is
    skipped. A file is told by what it holds, not by its name: an empty or binary `.aisle`
    file is said to be empty or binary, not a plan.
    """
    try:
        handle = open_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError as err:
        raise ScenarioFileError(f"{path}: file not found") from err
    except (NotReadableError, OSError) as err:
        reason = str(err) if isinstance(err, NotReadableError) else (err.strerror or str(err))
        raise ScenarioFileError(f"{path}: cannot read: {reason}") from err
    with handle:
        if names_plan_format(path):
            raise ScenarioFileError(
                f"{path}: an Aisle plan, not benchmark lines (one JSON object per line); "
                f"`aisle-desktop size {path}` sizes a plan"
            )
        lines = 0
        try:
            for number, raw in bounded_lines(handle, MAX_LINE_BYTES):
                line = _line_text(raw, first=number == 1)
                if number == 1 and raw is None:  # over 1 MB: is its beginning text at all?
                    line = _long_line_head(handle) or line
                if number == 1 and isinstance(line, Unread) and line.reason != _LONG:
                    raise ScenarioFileError(
                        f"{path}: not a text file: line 1 is {line.reason}; benchmark lines "
                        "are UTF-8 JSON, one object per line"
                    )
                if lines == 0 and isinstance(line, str) and line.strip() in ("[", "{"):
                    raise ScenarioFileError(
                        f"{path}: one JSON document over many lines (line {number} is "
                        f"{line.strip()!r} alone), not benchmark lines; write each object on "
                        "a line of its own"
                    )
                if isinstance(line, Unread) or line.strip():
                    lines += 1
                    yield number, line
        except OSError as err:
            raise ScenarioFileError(f"{path}: cannot read: {err.strerror or err}") from err
    if lines == 0:
        raise ScenarioFileError(
            f"{path}: holds no benchmark lines (it is empty); one JSON object per line expected"
        )


@dataclass(frozen=True, slots=True)
class Unread:
    """A line not read as text, and why ("longer than 1 MB")."""

    reason: str


_LONG = "longer than 1 MB"
# How much of a first line over 1 MB is read to tell text from a binary file.
HEAD_BYTES = 4096


def _line_text(raw: bytes | None, *, first: bool, cut: bool = False) -> str | Unread:
    """A line's text, or why it has none; the first line's byte-order mark is skipped, and a
    NUL byte there marks a binary file. `cut`: `raw` is only the beginning of the line, so a
    character it ends halfway through is not refused."""
    if raw is None:
        return Unread(_LONG)
    wide = wide_encoding(raw) if first else None
    if wide is not None:  # every byte after would be refused, one line at a time
        return Unread(f"{wide} text, not UTF-8")
    try:
        encoding = "utf-8-sig" if first else "utf-8"
        text = (
            codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
            if cut
            else raw.decode(encoding)
        )
    except UnicodeDecodeError as err:
        byte = raw[err.start : err.start + 1].hex()
        return Unread(f"not UTF-8 text: byte 0x{byte} at column {err.start + 1}")
    if first and "\0" in text:
        return Unread(f"not text (a binary file): byte 0x00 at column {raw.index(0) + 1}")
    return text


def _long_line_head(handle: BinaryIO) -> Unread | None:
    """Why a first line over 1 MB is not text, from its first `HEAD_BYTES`; None if they are
    text (the line alone is refused, as long). A 50 MB file of NULs, one endless line, was
    answered "line 1: longer than 1 MB" as if it were benchmark lines."""
    place = handle.tell()
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(place)
    line = _line_text(head, first=True, cut=True)
    return line if isinstance(line, Unread) else None


def _line_id(raw: Any, number: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"line {number}"


def predict_line(
    catalog: Catalog,
    calibration: Calibration,
    number: int,
    line: str | Unread,
    resolved: ResolvedReplicas | None = None,
) -> dict[str, Any]:
    """The prediction for one line, or {"id", "error"} saying what is wrong.

    `resolved` (for this catalog, calibration and date) is kept across a file's lines."""
    return next(predict_lines(catalog, calibration, [(number, line)], resolved))


# Lines are read and answered this many at a time: the lines of one replica in a chunk go
# through the model together.
CHUNK_LINES = 4096


def predict_lines(
    catalog: Catalog,
    calibration: Calibration,
    lines: Iterable[tuple[int, str | Unread]],
    resolved: ResolvedReplicas | None = None,
) -> Iterator[dict[str, Any]]:
    """The answer to each (line number, text) in order, as `predict_line` gives it."""
    if resolved is None:
        resolved = ResolvedReplicas(catalog, calibration)
    numbered = iter(lines)
    while chunk := list(itertools.islice(numbered, CHUNK_LINES)):
        read = _scenarios(chunk)
        scenarios = [item for item in read if isinstance(item, BenchmarkScenario)]
        predicted = iter(predict_benchmarks(catalog, scenarios, calibration, resolved))
        for (number, _), item in zip(chunk, read, strict=True):
            if not isinstance(item, BenchmarkScenario):
                yield item
                continue
            answer = next(predicted)
            if isinstance(answer, dict):
                yield answer
            else:
                fields = item.model_dump(exclude={"id"})
                yield {"id": item.id, "error": refused(number, answer, fields)}


@dataclass(frozen=True, slots=True)
class Refused:
    """A line read no further: its answer, {"id", "error"} saying why."""

    answer: dict[str, Any]


# A chunk's lines that read as JSON objects are validated in one call (about a sixth faster
# than one call a line), each distinct pair of pools once; a chunk with a line the schema
# refuses goes line by line as written, so that each refusal gets its own message.
_SCENARIOS = TypeAdapter(list[BenchmarkScenario])


def _scenarios(chunk: list[tuple[int, str | Unread]]) -> list[BenchmarkScenario | dict[str, Any]]:
    """Each line's scenario, or {"id", "error"} saying why it is not one."""
    texts = [line for _, line in chunk if isinstance(line, str) and len(line) <= MAX_LINE_BYTES]
    objects = loads_lines(texts, MAX_LINE_DEPTH)
    if len(texts) == len(chunk) and all(map(isinstance, objects, repeat(dict))):
        # Every line read as a JSON object (most files): none is refused before the schema.
        with contextlib.suppress(ValidationError):
            return list(_SCENARIOS.validate_python(with_pools_validated_once(objects)))
    values = iter(objects)
    read = [_fields(number, line, values) for number, line in chunk]
    numbered = zip((number for number, _ in chunk), read, strict=True)
    fields = [(number, each) for number, each in numbered if not isinstance(each, Refused)]
    valid: Iterator[BenchmarkScenario | dict[str, Any]]
    try:
        lines = with_pools_validated_once([each for _, each in fields])
        valid = iter(_SCENARIOS.validate_python(lines))
    except ValidationError:
        valid = (_validated(number, each) for number, each in fields)
    return [each.answer if isinstance(each, Refused) else next(valid) for each in read]


def _fields(number: int, line: str | Unread, values: Iterator[Any]) -> dict[str, Any] | Refused:
    """The line's JSON object, or why it is not one (`values`: what the chunk's lines of
    at most 1 MB read as, in order, `loads_lines`)."""
    if not isinstance(line, str) or len(line) > MAX_LINE_BYTES:
        reason = line.reason if isinstance(line, Unread) else _LONG
        return Refused({"id": f"line {number}", "error": f"line {number}: {reason}"})
    raw = next(values)
    if isinstance(raw, StrictJsonError):
        return Refused({"id": f"line {number}", "error": not_json(number, raw, line)})
    if not isinstance(raw, dict):
        error = not_an_object(number, raw, line)
        return Refused({"id": _line_id(raw, number), "error": error})
    return raw


def _validated(number: int, fields: dict[str, Any]) -> BenchmarkScenario | dict[str, Any]:
    """The line's scenario, or {"id", "error"} saying what its fields get wrong."""
    try:
        return BenchmarkScenario.model_validate(fields)
    except ValidationError as err:
        return {"id": _line_id(fields, number), "error": line_problems(number, err, fields)}


# While a file is predicted the collector looks at new objects after this many allocations
# (Python's default is 700): a chunk's parsed lines, scenarios, replicas and answers live
# until the chunk is answered (about 15 objects a line: 28,500 at the peak of the 2025-26
# set's 1,862 lines, about 63,000 for a whole chunk of 4,096), and a collection among them
# only walks objects that are all still alive (about 8 ms of a pass over the 2025-26 set at
# 700, 2.2 ms at 20,000, none at 100,000; a chunk leaves no cycles behind for it).
YOUNG_OBJECTS_PER_COLLECTION = 100_000


@contextlib.contextmanager
def collector_for_a_file() -> Iterator[None]:
    """While a file is predicted, the garbage collector leaves alone what exists already and
    looks at new objects less often (`YOUNG_OBJECTS_PER_COLLECTION`).

    The catalog's many thousand objects live as long as the command; each of the collections
    a long file's answers trigger would otherwise walk them all again (about 5% of `predict`).
    What was frozen goes back to the collector afterwards, and its thresholds are restored."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS_PER_COLLECTION, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def run_predict(catalog: Catalog, path: Path, out: TextIO) -> int:
    """Answer every line; 0 if all were predicted, 1 if any got an error, 2 if unreadable."""
    any_error = False
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    with collector_for_a_file():
        for answer in predict_lines(catalog, CURRENT_CALIBRATION, read_lines(path), resolved):
            any_error = any_error or "error" in answer
            out.write(json.dumps(answer, allow_nan=False) + "\n")
    return 1 if any_error else 0
