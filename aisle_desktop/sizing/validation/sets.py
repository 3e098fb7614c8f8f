"""The measured sets `make validate` judges the model on, and how each is refitted.

Which engine release a row ran is the row's own business (its `engine_version`, else its kind
of source: measurement_kinds), so that `predict` reads a line alike in any file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

# What leave-one-out refits: the calibration's shared factors, or the engine eras' own
# values (scaled together around each engine's fit).
Refit = Literal["shared", "era"]


@dataclass(frozen=True)
class ValidationSet:
    """A measured set: its file, its report, and what its leave-one-out refits."""

    file_name: str
    title: str
    report_name: str
    refit: Refit


PUBLISHED_SET = ValidationSet(
    "published_dev.jsonl",
    "Accuracy on the published development set (2023-25 engines)",
    "REPORT.md",
    "shared",
)
MODERN_SET = ValidationSet(
    "modern_engines_dev.jsonl",
    "Accuracy on the 2025-26 engines set (TensorRT-LLM 1.x, vLLM 0.1x, SGLang 0.5)",
    "REPORT-2025-26.md",
    "era",
)
KNOWN_SETS = (PUBLISHED_SET, MODERN_SET)


def validation_set(path: Path) -> ValidationSet:
    """The known set of this file name; any other file is read like the 2025-26 set."""
    for known in KNOWN_SETS:
        if path.name == known.file_name:
            return known
    return ValidationSet(path.name, f"Accuracy on {path.name}", f"REPORT-{path.stem}.md", "era")
