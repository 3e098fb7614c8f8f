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
from aisle_desktop.sizing.calibration import PerformanceAssumptions
from aisle_desktop.sizing.validation import BenchmarkScenario, predict_benchmark

MAX_LINE_BYTES = 1_000_000


class ScenarioFileError(Exception):
    """The file itself could not be read (missing, a directory, not text)."""


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each non-blank line; raises ScenarioFileError if unreadable."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as err:
        raise ScenarioFileError(f"{path}: cannot read: {err.strerror or err}") from err
    with handle:
        try:
            for number, line in enumerate(handle, start=1):
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
    catalog: Catalog, assumptions: PerformanceAssumptions, number: int, line: str
) -> dict[str, Any]:
    """The prediction for one line, or {"id", "error"} saying what is wrong."""
    if len(line) > MAX_LINE_BYTES:
        return {"id": f"line {number}", "error": f"line {number}: longer than 1 MB"}
    try:
        raw = json.loads(line, parse_constant=_refuse_constant)
    except (json.JSONDecodeError, ValueError) as err:
        return {"id": f"line {number}", "error": f"line {number}: not valid JSON: {err}"}
    line_id = _line_id(raw, number)
    if not isinstance(raw, dict):
        return {"id": line_id, "error": f"line {number}: expected a JSON object"}
    try:
        scenario = BenchmarkScenario.model_validate(raw)
        return predict_benchmark(catalog, scenario, assumptions)
    except ValidationError as err:
        return {"id": line_id, "error": f"line {number}: {describe_validation_error(err)}"}
    except (SizingError, CatalogError) as err:
        return {"id": line_id, "error": f"line {number}: {err}"}


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number Aisle accepts")


def run_predict(catalog: Catalog, path: Path, out: TextIO) -> int:
    """Answer every line; 0 if all were predicted, 1 if any got an error, 2 if unreadable."""
    assumptions = PerformanceAssumptions()
    any_error = False
    for number, line in read_lines(path):
        answer = predict_line(catalog, assumptions, number, line)
        any_error = any_error or "error" in answer
        out.write(json.dumps(answer, allow_nan=False) + "\n")
    return 1 if any_error else 0
