"""What a file that is not a plan may be instead, so that refusing it can say where it goes.

A planner who has benchmark lines (``predict``'s input: one JSON object per line) and opens
them as a plan learnt only that more followed the plan's closing brace, or that the file had
no format field; the command that reads such a file was never named.
"""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.strict_json import StrictJsonError, loads

# Names benchmark-line files go by; a file so named is taken for them whatever it holds.
_LINE_SUFFIXES = (".jsonl", ".ndjson")


def _first_line_is_a_benchmark(text: str) -> bool:
    """Whether the first line that is not blank is a whole JSON object naming a GPU and a
    model, as a benchmark line does (a plan Aisle wrote opens its brace alone on the first
    line, and a model's config.json names no GPU)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        value = loads(first)
    except StrictJsonError:
        return False
    return isinstance(value, dict) and {"gpu", "model"} <= value.keys()


def predict_hint(text: str, path: Path) -> str | None:
    """Where a non-plan holding benchmark lines goes (`aisle-desktop predict`), else None."""
    if path.suffix.lower() in _LINE_SUFFIXES or _first_line_is_a_benchmark(text):
        return (
            "it looks like benchmark lines (one JSON object per line): "
            f"`aisle-desktop predict {path}` predicts them"
        )
    return None
