"""The held-out figures side by side: the headline groups, and the disaggregated rows' TTFT
and TPOT with how many rows lie within +-25%.

Issue 17 states its targets for the disaggregated rows of the 2025-26 set (TTFT median absolute
error at most 25%, TPOT at most 15%), so the count of rows within 25% says how far the TTFT
median is from its target: it is met when more than half the rows are within. The held-out
columns are `holdout.py`'s folds read on these rows: each GPU's (or model's) disaggregated rows
predicted with the grid point chosen without that GPU (or model). The grid's objective is the
headline groups', which leave the disaggregated rows out, and the grid scales the engine eras'
values that both pools run with; the disaggregated path's own values are not on it.
"""

from __future__ import annotations

import numpy as np

from aisle_desktop.sizing.validation.accuracy import (
    DISAGGREGATED_KIND,
    Comparison,
    error_percent,
    headline_table,
    whole_percent_text,
)
from aisle_desktop.sizing.validation.holdout import HoldOut

# Issue 17's TTFT target band: a row within it counts towards a median at most this far off.
TARGET_BAND = 0.25

DISAGGREGATED_FIGURES = {"ttft_ms": "TTFT, disaggregated", "tpot_ms": "TPOT, disaggregated"}


def heldout_header(holdouts: list[HoldOut], cell: str = "median / p90") -> list[str]:
    """The columns: figure, n, in-sample, then one per held-out dimension, each `cell`."""
    names = ["in-sample"] + [f"leave one {h.dimension} out" for h in holdouts]
    return ["figure", "n", *(f"{name}: {cell}" for name in names)]


# What a cell of `disaggregated_rows` holds.
DISAGGREGATED_CELL = f"median / p90, rows within {whole_percent_text(TARGET_BAND)}"


def headline_rows(found: list[Comparison], holdouts: list[HoldOut]) -> list[list[str]]:
    """The accuracy targets' groups: median / p90 absolute error in-sample and held out."""
    tables = [headline_table(found)] + [headline_table(h.rows) for h in holdouts]
    by_name = [{r.group: r for r in table} for table in tables]
    rows = []
    for row in tables[0]:
        cells = []
        for table in by_name:
            r = table.get(row.group)
            cells.append(
                f"{error_percent(r.median_abs)} / {error_percent(r.p90_abs)}" if r else "-"
            )
        rows.append([row.group, f"{row.count:,}", *cells])
    return rows


def disaggregated_rows(found: list[Comparison], holdouts: list[HoldOut]) -> list[list[str]]:
    """TTFT and TPOT of the disaggregated rows: median / p90 absolute error and the rows within
    TARGET_BAND, in-sample and held out; no rows when the set has no disaggregated line."""
    folds = [found] + [h.rows for h in holdouts]
    rows = []
    for metric, figure in DISAGGREGATED_FIGURES.items():
        picked = [[r for r in fold if _is_disaggregated(r, metric)] for fold in folds]
        if not picked[0]:
            continue
        rows.append([figure, str(len(picked[0])), *(_cell(fold) for fold in picked)])
    return rows


def _is_disaggregated(row: Comparison, metric: str) -> bool:
    return row.scenario_kind == DISAGGREGATED_KIND and row.metric == metric


def _cell(rows: list[Comparison]) -> str:
    if not rows:
        return "-"
    errors = np.array([r.abs_error for r in rows])
    within = int(np.count_nonzero(errors <= TARGET_BAND))
    median, p90 = float(np.median(errors)), float(np.percentile(errors, 90))
    return f"{error_percent(median)} / {error_percent(p90)}, {within}"


def markdown(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table of `rows` under `header`."""
    lines = ["| " + " | ".join(header) + " |", "|---" * len(header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]
