"""The key results of a plan's scenarios side by side, with the rows that differ marked.

The comparison view (in the window) and the CLI both show this table; keeping it here means
the choice of figures and what counts as "different" is tested without a display.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from aisle_desktop.formatting import beside_target, target_text
from aisle_desktop.labels import FIGURE_LABELS
from aisle_desktop.report.words import api_name
from aisle_desktop.sizing import SizingResult, figure_text
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    BEYOND_CAPACITY,
    GPUS_BOUGHT_HEADER,
    TAIL_ROWS,
    figure_value_and_notes,
    no_comparable_api,
    serves_nothing,
    shown_value,
)

# What a planner weighs when choosing between options: hardware, speed, capacity, power, money.
KEY_FIGURES: tuple[str, ...] = (
    "ttft_ms",
    "tpot_ms",
    "max_users_within_targets",
    "max_requests_per_s_within_targets",
    "it_average_kw",
    "capex_usd",
    "tco_per_year_usd",
    "cost_per_million_tokens_usd",
)
# Two values within 0.5% read the same on screen (figures show three significant digits).
SAME_WITHIN = 0.005


@dataclass(frozen=True)
class ComparisonRow:
    """One figure across scenarios; None where a scenario has no such figure."""

    name: str
    label: str
    unit: str
    values: tuple[float | None, ...]
    differs: bool
    # A row of words (GPU, model, precision): its text per scenario; values are then None,
    # but on a hosted-API figure's row, read in words ("351 k requests/day (beyond
    # capacity)") and held as numbers by a spreadsheet (`_hosted_figure_row`).
    texts: tuple[str, ...] = ()
    # Each scenario's target for the row's figure (a tail row's), or none.
    targets: tuple[float | None, ...] = ()

    def cell(self, index: int) -> str | None:
        """The words of scenario `index` on a text row (None on a row of numbers)."""
        return self.texts[index] if self.texts else None

    def against_target(self, index: int) -> str | None:
        """Scenario `index`'s value beside its target, "2.6 s (within 3 s)" or "3.38 s (over
        3 s)", on a row whose figure has a target there (None otherwise)."""
        measured = self.measured(index)
        if measured is None:
            return None
        shown, within, target = measured
        return f"{shown} ({'within' if within else 'over'} {target})"

    def measured(self, index: int) -> tuple[str, bool, str] | None:
        """Scenario `index`'s value as read beside its target ("2.6 s"), whether it is within
        it, and the target ("3 s"), on a row whose figure has a target there (else None)."""
        value = self.values[index] if self.values else None
        target = self.targets[index] if self.targets else None
        if value is None or target is None:
            return None
        shown = beside_target(value, target, self.unit)
        return shown, value <= target, target_text(target, self.unit)


def _differs(values: Sequence[float | None]) -> bool:
    present = [v for v in values if v is not None]
    if len(present) != len(values):
        return len(present) > 0
    return any(not math.isclose(present[0], v, rel_tol=SAME_WITHIN) for v in present[1:])


def _count_row(name: str, label: str, values: Sequence[float | None]) -> ComparisonRow:
    return ComparisonRow(name, label, "", tuple(values), _differs(values))


def _text_row(name: str, label: str, texts: Sequence[str]) -> ComparisonRow:
    none = tuple(None for _ in texts)
    return ComparisonRow(name, label, "", none, len(set(texts)) > 1, tuple(texts))


# A plan served together runs replicas; one served by pools runs prefill and decode workers.
# Each plan's count sits in the row named for how it is served (a dash in the other): one row
# "Replicas (workers in pools)" read as if the plans served together had pools too.
REPLICAS_HEADER = "Replicas"
POOL_WORKERS_HEADER = "Workers in pools (prefill + decode)"


ENCODER_GPUS_HEADER = "GPUs for embeddings"


def _encoder_counts(results: Sequence[SizingResult]) -> list[ComparisonRow]:
    """The encoder GPUs of plans with an embeddings workload, beside "GPUs needed" (which
    counts the answering model's alone), only when some plan has them: walk45's H200 plan read
    8 bought and 6 needed, the 1 for embeddings said only in its headline."""
    if not any(r.encoder_gpus for r in results):
        return []
    return [
        _count_row("encoder_gpus", ENCODER_GPUS_HEADER, [float(r.encoder_gpus) for r in results])
    ]


def _served_counts(results: Sequence[SizingResult]) -> list[ComparisonRow]:
    """The replicas of the plans served together and the pools' workers of those served by
    pools, each row only when some plan is served that way."""
    pools = [r.serving == "disaggregated" for r in results]
    rows = []
    if not all(pools):
        together = [None if p else float(r.replicas) for r, p in zip(results, pools, strict=True)]
        rows.append(_count_row("replicas", REPLICAS_HEADER, together))
    if any(pools):
        workers = [float(r.replicas) if p else None for r, p in zip(results, pools, strict=True)]
        rows.append(_count_row("pool_workers", POOL_WORKERS_HEADER, workers))
    return rows


BLOCKED_HEADER = "Blocked"
# What "fits in memory" and "meets targets" say of a blocked plan: it may fit and meet its
# targets on paper, but it cannot run where it is planned.
FITS_BUT_BLOCKED = "yes, but it cannot run"
MEETS_BUT_BLOCKED = "no: it cannot run"


def _yes_no(yes: bool) -> str:
    return "yes" if yes else "no"


def _can_run_rows(results: Sequence[SizingResult]) -> list[ComparisonRow]:
    """Whether each plan is blocked, fits in memory and meets its latency targets, each in
    words alike, lowercase as the report's rows read ("yes", "no"). A blocked plan's row says
    what stops it and what to change ("yes: a server draws 14.3 kW, the rack takes 12 kW;
    raise …", "no" beside it for the others; no row when none is blocked), and under it
    "yes, but it cannot run" and "no: it cannot run": a plan the room cannot power read "Yes"
    and "Yes" under a Blocked row, and that row "No" and "Yes:" where the rest read "yes"."""
    rows = []
    if any(r.blocking for r in results):
        blocked = [f"yes: {r.blocked_by}" if r.blocking else "no" for r in results]
        rows.append(_text_row("blocked", BLOCKED_HEADER, blocked))
    fits = [FITS_BUT_BLOCKED if r.fits and r.blocking else _yes_no(r.fits) for r in results]
    meets = [MEETS_BUT_BLOCKED if r.blocking else _yes_no(r.meets_targets) for r in results]
    return [
        *rows,
        _text_row("fits", "Fits in memory", fits),
        _text_row("meets_targets", "Meets latency targets", meets),
    ]


def tail_rows(
    results: Sequence[SizingResult], tails: Sequence[TailLatency | None]
) -> list[ComparisonRow]:
    """p95 and p99 TTFT and TPOT of each scenario, simulated at its planned load (a plan in
    separate pools through its pools), each with the scenario's target; no rows when none
    was simulated. Means within their targets can hide a tail several times them."""
    if all(tail is None for tail in tails):
        return []
    rows = []
    for name, label in TAIL_ROWS:
        figure = "ttft_ms" if name.startswith("ttft") else "tpot_ms"
        targets = tuple(
            shown.target if (shown := r.figures.get(figure)) is not None else None for r in results
        )
        values = [None if t is None else float(getattr(t, name)) * 1e3 for t in tails]
        row = _count_row(name.removesuffix("_s") + "_ms", f"{label[0].upper()}{label[1:]}", values)
        rows.append(dataclasses.replace(row, unit="ms", targets=targets))
    return rows


def compare_results(
    results: Sequence[SizingResult], tails: Sequence[TailLatency | None] | None = None
) -> list[ComparisonRow]:
    """Rows of what each option is (GPU, model, precision) and its key figures, one value
    per result in the order given; with `tails` (one per result), their simulated p95 and
    p99 beside the targets (`tail_rows`)."""
    rows = [
        _text_row("gpu", "GPU", [r.gpu_name for r in results]),
        _text_row("model", "Model", [r.model_name for r in results]),
        _text_row(
            "precision",
            "Precision (weights / KV cache)",
            [f"{r.weight_precision.upper()} / {r.kv_precision.upper()}" for r in results],
        ),
        _text_row("engine", "Engine release", [r.engine_release or r.engine_name for r in results]),
        _text_row("layout", "Parallel layout", [r.layout for r in results]),
        *_can_run_rows(results),
        # Servers come whole: what is bought and powered, and what the load needs of it
        # (gpu_counts.py names the counts).
        _count_row("gpus_bought", GPUS_BOUGHT_HEADER, [float(r.gpus_bought) for r in results]),
        _count_row("gpus_needed", "GPUs needed", [float(r.gpus_for_load) for r in results]),
        *_encoder_counts(results),
        *_served_counts(results),
        _count_row("servers", "Servers", [float(r.servers) for r in results]),
        _count_row("racks", "Racks", [float(r.racks) for r in results]),
    ]
    for name in KEY_FIGURES:
        figures = [r.figures.get(name) for r in results]
        unit = next((f.unit for f in figures if f is not None), "")
        values = [shown_value(r, name) for r in results]
        rows.append(
            ComparisonRow(
                name, FIGURE_LABELS.get(name, name), unit, tuple(values), _differs(values)
            )
        )
        if name == "tpot_ms" and tails is not None:
            rows += tail_rows(results, tails)
    return rows + hosted_api_rows(results)


# What each scenario is compared with, and its cost and break-even against owning.
API_COMPARED_LABEL = "Hosted API compared"
# Only a plan that pays a hosted encoder for its embeddings (the embeddings preset) has it.
EMBEDDINGS_FIGURE = "api_embeddings_per_year_usd"
NO_API = "none: no hosted price for this model or its size class"
# The rows `hosted_api_rows` may give: long words ("Llama 3.1 70B Instruct Turbo (Together
# AI) (2025-06-01)", "no break-even (...)") that wrap in a narrow column rather than widen it.
HOSTED_API_ROWS = frozenset(
    ("api", "api_cost_per_year_usd", EMBEDDINGS_FIGURE, "break_even_requests_per_day")
)


def hosted_api_rows(results: Sequence[SizingResult]) -> list[ComparisonRow]:
    """The hosted API each scenario is priced against, what it would cost a year for the same
    load (and its hosted embeddings, where a scenario has them) and the volume above which
    owning costs less, as the scenario's own pages word them ("351 k requests/day", "…
    (beyond capacity)", "no break-even"): the plan summary weighs each scenario against its
    API, and the scenarios compared side by side (the report's, the window's Scenarios tab
    and the comparison spreadsheet) said nothing of it. A dash where a scenario has no such
    figure."""
    names = [NO_API if no_comparable_api(r) else api_name(r) for r in results]
    rows = [_text_row("api", API_COMPARED_LABEL, names)]
    embeddings = [EMBEDDINGS_FIGURE] if any(EMBEDDINGS_FIGURE in r.figures for r in results) else []
    for name in ("api_cost_per_year_usd", *embeddings, "break_even_requests_per_day"):
        rows.append(_hosted_figure_row(results, name))
    return rows


def _hosted_figure_row(results: Sequence[SizingResult], name: str) -> ComparisonRow:
    """A hosted-API figure in the scenario's words ("351 k requests/day (beyond capacity)")
    and as a number with its unit, for a sheet to sum and sort (it read "$64.6 k/year" as
    text); no number where the words say there is none ("–", "no break-even")."""
    texts = [figure_text(r, name) if name in r.figures else "–" for r in results]
    values = [hosted_value(r, name) for r in results]
    unit = next((r.figures[name].unit for r in results if name in r.figures), "")
    row = _text_row(name, FIGURE_LABELS[name], texts)
    return dataclasses.replace(row, unit=unit, values=tuple(values))


def hosted_value(result: SizingResult, name: str) -> float | None:
    """The hosted-API figure ``name`` as a number, None where the scenario's words give none:
    no such figure, nothing served within the targets (its cost per volume served is a dash,
    its break-even "no break-even")."""
    if name == "break_even_requests_per_day" and name in result.figures:
        return None if serves_nothing(result) else result.value(name)
    return shown_value(result, name)


def hosted_notes(result: SizingResult, names: Sequence[str]) -> str:
    """What qualifies the scenario's hosted-API figures ``names``, each note once in the
    order met ("break-even beyond capacity; a same-size model's price"): the words a sheet's
    numbers lose."""
    notes: list[str] = []
    for name in (n for n in names if n in result.figures):
        text, said = figure_value_and_notes(result, name)
        if name == "break_even_requests_per_day" and serves_nothing(result):
            said = [f"{text}: {n}" for n in said]  # "no break-even: the plan serves nothing …"
        said = [f"break-even {n}" if n == BEYOND_CAPACITY else n for n in said]
        notes += [n for n in said if n not in notes]
    return "; ".join(notes)
