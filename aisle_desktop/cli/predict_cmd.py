"""`aisle-desktop predict FILE`: one JSON line in, one JSON line out, in order.

A line that cannot be evaluated gets an error object naming what is wrong and what would work;
the other lines go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from aisle_desktop.catalog import Catalog, CatalogError
from aisle_desktop.plan import describe_validation_error
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION, Calibration
from aisle_desktop.sizing.validation import BenchmarkScenario, ResolvedReplicas, predict_benchmark
from aisle_desktop.strict_json import (
    NotReadableError,
    StrictJsonError,
    bounded_lines,
    loads,
    open_regular,
)

MAX_LINE_BYTES = 1_000_000
# A benchmark line is a flat object with one nested level; a file of them is at most a few MB.
MAX_LINE_DEPTH = 8
MAX_FILE_BYTES = 1_000_000_000


class ScenarioFileError(Exception):
    """The file itself could not be read (missing, a directory, not text)."""


def read_lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line number, text) of each non-blank line; None for a line over 1 MB (not kept).

    Only a regular file is read (``/dev/zero`` or a FIFO is refused before it is opened), and
    never more than a line at a time. Raises ScenarioFileError if the file is unreadable.
    """
    try:
        handle = open_regular(path, MAX_FILE_BYTES)
    except (NotReadableError, OSError) as err:
        reason = str(err) if isinstance(err, NotReadableError) else (err.strerror or str(err))
        raise ScenarioFileError(f"{path}: cannot read: {reason}") from err
    with handle:
        try:
            for number, raw in bounded_lines(handle, MAX_LINE_BYTES):
                if raw is None:
                    yield number, None
                    continue
                line = raw.decode("utf-8")
                if line.strip():
                    yield number, line
        except UnicodeDecodeError as err:
            raise ScenarioFileError(f"{path}: not UTF-8 text ({err.reason})") from err
        except OSError as err:
            raise ScenarioFileError(f"{path}: cannot read: {err.strerror or err}") from err


def _line_id(raw: Any, number: int) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return str(raw["id"])
    return f"line {number}"


def predict_line(
    catalog: Catalog,
    calibration: Calibration,
    number: int,
    line: str | None,
    resolved: ResolvedReplicas | None = None,
) -> dict[str, Any]:
    """The prediction for one line, or {"id", "error"} saying what is wrong.

    `resolved` (for this catalog, calibration and date) is kept across a file's lines."""
    if line is None or len(line) > MAX_LINE_BYTES:
        return {"id": f"line {number}", "error": f"line {number}: longer than 1 MB"}
    try:
        raw = loads(line, MAX_LINE_DEPTH)
    except StrictJsonError as err:
        return {"id": f"line {number}", "error": f"line {number}: not valid JSON: {err}"}
    line_id = _line_id(raw, number)
    if not isinstance(raw, dict):
        return {"id": line_id, "error": f"line {number}: expected a JSON object"}
    try:
        scenario = BenchmarkScenario.model_validate(raw)
        return predict_benchmark(catalog, scenario, calibration, resolved)
    except ValidationError as err:
        return {"id": line_id, "error": f"line {number}: {describe_validation_error(err)}"}
    except (SizingError, CatalogError) as err:
        return {"id": line_id, "error": f"line {number}: {err}"}


def run_predict(catalog: Catalog, path: Path, out: TextIO) -> int:
    """Answer every line; 0 if all were predicted, 1 if any got an error, 2 if unreadable."""
    any_error = False
    resolved = ResolvedReplicas(catalog, CURRENT_CALIBRATION)
    for number, line in read_lines(path):
        answer = predict_line(catalog, CURRENT_CALIBRATION, number, line, resolved)
        any_error = any_error or "error" in answer
        out.write(json.dumps(answer, allow_nan=False) + "\n")
    return 1 if any_error else 0
