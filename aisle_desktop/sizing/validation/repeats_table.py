"""The report's section on repeat measurements: how much of the error is the measurement's own.

`repeat_measurements` groups the aggregated lines by configuration and measures their repeats'
spread; this section sets it beside the TTFT rows the model misses by more than +-50% (issue
16's p90 target), saying how many of those lie in configurations whose repeats disagree by as
much, so that the spread is read for what it explains of the tail and no more.
"""

from __future__ import annotations

from typing import Any

from aisle_desktop.sizing.validation.accuracy import (
    Comparison,
    error_percent,
    metric_text,
    signed_percent,
    whole_percent_text,
)
from aisle_desktop.sizing.validation.heldout_table import markdown
from aisle_desktop.sizing.validation.repeat_measurements import (
    DISAGREEING_SPREAD,
    MEASURED_FIGURES,
    RepeatGroup,
    disagreeing_ids,
    group_spread,
    repeat_groups,
    spread,
)
from aisle_desktop.sizing.validation.source_layouts import SOURCE_KINDS, as_engine_ran

# The spread beyond which two repeats disagree, as the tables write it: "50 %".
SPREAD_TEXT = whole_percent_text(DISAGREEING_SPREAD)

FIGURE_NAMES = {"ttft_ms": "TTFT", "tpot_ms": "TPOT"}
HEADER = [
    "repeats",
    "figure",
    "configurations",
    "pairs: spread median / p90",
    f"pairs apart > {SPREAD_TEXT}",
    "lines: oracle median / p90",
    f"fewest lines beyond ±{SPREAD_TEXT}",
]
READINGS = {"releases apart": True, "releases pooled": False}


def repeats_section(scenarios: list[dict[str, Any]], found: list[Comparison]) -> list[str]:
    """The section's lines; none when no configuration was measured twice."""
    groups = {name: repeat_groups(scenarios, apart) for name, apart in READINGS.items()}
    if not any(groups.values()):
        return []
    rows = []
    for name, found_groups in groups.items():
        for metric in MEASURED_FIGURES:
            s = spread(found_groups, metric)
            rows.append(
                [
                    name,
                    FIGURE_NAMES[metric],
                    str(s.configurations),
                    f"{s.pairs}: {_percent(s.spread_median)} / {_percent(s.spread_p90)}",
                    str(s.pairs_disagreeing),
                    f"{s.lines}: {_percent(s.oracle_median)} / {_percent(s.oracle_p90)}",
                    str(s.fewest_lines_beyond),
                ]
            )
    return [
        "",
        "## Repeat measurements: the measurement's own error",
        "",
        "Some configurations (engine, model, GPU, precisions, worker as its engine ran it, "
        "lengths, clients) were measured more than once, on other dates or with other "
        "releases; lines that agree to the digits the shorter one writes are one measurement "
        "filed twice and count once (`repeat_measurements.py`). A pair's spread is the larger "
        "over the smaller, less 1; the oracle predicts each repeat by its configuration's "
        "geometric mean, as a model exact on the configuration but blind to the run would; "
        "the last column is the fewest lines any one answer per configuration leaves beyond "
        f"±{SPREAD_TEXT}. Releases apart, lines of two releases are two "
        "configurations.",
        "",
        *markdown(HEADER, rows),
        "",
        _tail_sentence(groups, found),
        *_disagreeing_list(groups["releases pooled"], found),
    ]


def _disagreeing_list(groups: list[RepeatGroup], found: list[Comparison]) -> list[str]:
    """The configurations whose TTFT repeats lie more than DISAGREEING_SPREAD apart (releases
    pooled), furthest apart first: each measurement's release, TTFT and the model's error."""
    apart = sorted(
        (g for g in groups if group_spread(g, "ttft_ms") > DISAGREEING_SPREAD),
        key=lambda g: -group_spread(g, "ttft_ms"),
    )
    if not apart:
        return []
    errors = {r.scenario_id: r.signed_error for r in found if r.metric == "ttft_ms"}
    rows = [
        [
            _configuration_text(group.first_lines[0]),
            "; ".join(
                _measurement_text(line, figures["ttft_ms"], errors.get(str(line.get("id"))))
                for figures, line in zip(group.measurements, group.first_lines, strict=True)
            ),
        ]
        for group in apart
    ]
    return [
        "",
        f"Configurations whose TTFT repeats are more than {SPREAD_TEXT} apart "
        "(releases pooled), furthest apart first: each measurement's release, its TTFT and "
        "the model's error on it.",
        "",
        *markdown(["configuration", "repeats: release, TTFT (model's error)"], rows),
    ]


def _configuration_text(line: dict[str, Any]) -> str:
    """'sglang qwen3.5-397b-a17b, fp8 on 4 b300 (TP 4), 1,024 / 1,024 tokens, 64 clients',
    the worker as its engine ran it."""
    worker = as_engine_ran(line)
    attention_dp = worker.get("attention_dp")
    split = f"TP {worker.get('tp')}"
    if isinstance(attention_dp, int) and attention_dp > 1:
        split += f" x attention DP {attention_dp}"
    load = line.get("load")
    clients = _count(load.get("concurrency") if isinstance(load, dict) else None)
    tokens = f"{_count(line.get('input_tokens'))} / {_count(line.get('output_tokens'))} tokens"
    return (
        f"{line.get('engine')} {line.get('model')}, {line.get('weight_precision')} on "
        f"{worker.get('num_gpus')} {line.get('gpu')} ({split}), {tokens}, {clients} clients"
    )


def _count(value: Any) -> str:
    """A whole number with its thousands marked (1,024), anything else as it is."""
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _measurement_text(line: dict[str, Any], ttft_ms: float, error: float | None) -> str:
    release = line.get("engine_version") or "no release"
    model = "" if error is None else f" ({signed_percent(error, 0)})"
    return f"{release}: {metric_text('ttft_ms', ttft_ms)}{model}"


def _percent(value: float) -> str:
    return "-" if value != value else error_percent(value)  # NaN: no pairs


def _tail_sentence(groups: dict[str, list[RepeatGroup]], found: list[Comparison]) -> str:
    """How many aggregated TTFT rows beyond +-50% lie in configurations whose repeats
    disagree by more than that, for each reading."""
    tail = {
        r.scenario_id
        for r in found
        if r.scenario_kind in SOURCE_KINDS
        and r.metric == "ttft_ms"
        and r.abs_error > DISAGREEING_SPREAD
    }
    within = [
        f"{len(tail & disagreeing_ids(found_groups, 'ttft_ms'))} with {name}"
        for name, found_groups in groups.items()
    ]
    repeated = len(tail & set().union(*(g.line_ids for g in groups["releases pooled"])))
    return (
        f"Aggregated TTFT rows the model misses by more than ±{SPREAD_TEXT}: "
        f"{len(tail)}; in configurations measured more than once (releases pooled): "
        f"{repeated}; in configurations whose repeats are more than "
        f"{SPREAD_TEXT} apart: {', '.join(reversed(within))}."
    )
