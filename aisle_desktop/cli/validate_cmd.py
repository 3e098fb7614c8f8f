"""`aisle-desktop validate FILE`: predictions against published measurements."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO

from aisle_desktop.catalog import Catalog
from aisle_desktop.cli.predict_cmd import predict_line, read_lines
from aisle_desktop.cli.table import render_table
from aisle_desktop.sizing.accuracy import Comparison, comparisons, error_table, worst
from aisle_desktop.sizing.assumptions import PerformanceAssumptions


def collect(catalog: Catalog, path: Path) -> tuple[list[Comparison], list[dict[str, Any]]]:
    """(comparisons for every measured metric, lines that could not be predicted)."""
    assumptions = PerformanceAssumptions()
    found: list[Comparison] = []
    failed: list[dict[str, Any]] = []
    for number, line in read_lines(path):
        answer = predict_line(catalog, assumptions, number, line)
        if "error" in answer:
            failed.append(answer)
            continue
        found.extend(comparisons(json.loads(line), answer))
    return found, failed


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _rows(table: list[Any]) -> list[list[str]]:
    return [
        [
            r.group,
            str(r.count),
            _pct(r.median_abs),
            _pct(r.p90_abs),
            f"{r.median_signed * 100:+.1f}%",
        ]
        for r in table
    ]


def run_validate(catalog: Catalog, path: Path, out: TextIO) -> int:
    found, failed = collect(catalog, path)
    header = ["metric", "n", "median |err|", "p90 |err|", "median signed"]
    out.write(f"Aisle Desktop accuracy on {path.name}: {len(found)} measured figures\n\n")
    out.write("By metric\n")
    out.write(render_table(header, _rows(error_table(found, by_kind=False))) + "\n\n")
    out.write("By metric and scenario kind\n")
    out.write(
        render_table(["metric / kind", *header[1:]], _rows(error_table(found, by_kind=True)))
        + "\n\n"
    )
    out.write("Worst ten\n")
    out.write(
        render_table(
            ["id", "kind", "metric", "predicted", "measured", "error"],
            [
                [
                    c.scenario_id,
                    c.scenario_kind,
                    c.metric,
                    f"{c.predicted:.4g}",
                    f"{c.measured:.4g}",
                    f"{c.signed_error * 100:+.0f}%",
                ]
                for c in worst(found)
            ],
        )
        + "\n"
    )
    if failed:
        out.write(f"\n{len(failed)} scenario(s) could not be predicted:\n")
        for answer in failed[:20]:
            out.write(f"  {answer['id']}: {answer['error']}\n")
        return 1
    return 0
