"""How Aisle sizes, in a page, and how accurate it has measured itself to be.

The accuracy figures are the measured ones from ``validation/REPORT.md`` and
``validation/REPORT-2025-26.md`` (``make validate`` on 558 published scenarios and on 1,296
aggregated 2025-26 measurements): median / 90th-percentile absolute error, in-sample and with the
global factors refitted without the GPU predicted. They are copied here because a bundled
Aisle ships without the validation folder; ``tests/report`` checks they still match.
"""

from __future__ import annotations

import re

from aisle_desktop.report.words import table

# (figure, n, in-sample median / p90, leave one GPU out median / p90), from validation/REPORT.md.
MEASURED_ACCURACY: tuple[tuple[str, int, str, str], ...] = (
    ("output tokens/s, max throughput", 340, "10.2% / 24.3%", "10.3% / 24.1%"),
    ("output tokens/s, concurrency", 160, "7.1% / 42.5%", "10.5% / 42.1%"),
    ("TTFT, concurrency", 160, "17.5% / 93.7%", "17.2% / 89.0%"),
    ("TPOT, concurrency", 160, "8.6% / 40.4%", "12.5% / 38.0%"),
    ("TTFT, request rate", 19, "9.2% / 114.5%", "8.1% / 116.5%"),
    ("TPOT, request rate", 19, "5.9% / 89.7%", "10.7% / 90.5%"),
    ("TTFT, single request", 17, "12.6% / 25.3%", "12.5% / 25.0%"),
    ("output tokens/s, static batch", 22, "11.2% / 23.2%", "14.1% / 23.0%"),
)
# The same for the 2025-26 engines (validation/REPORT-2025-26.md, aggregated serving).
MODERN_ACCURACY: tuple[tuple[str, int, str, str], ...] = (
    ("TTFT, concurrency", 1296, "17.3% / 54.7%", "18.1% / 55.0%"),
    ("TPOT, concurrency", 1296, "11.1% / 28.9%", "11.6% / 28.2%"),
)

STEPS = (
    "<b>Memory.</b> Model weights at the chosen precision, split over the GPUs of one copy of "
    "the model; what the serving engine leaves over holds the KV cache, the memory each "
    "conversation in progress needs. That sets how many requests fit at once.",
    "<b>Speed.</b> Each engine step reads the weights and the KV cache from memory and "
    "computes on every token; the slower of the two, plus communication between GPUs and "
    "fixed overheads, is the step time. Time to first token and time per token follow from "
    "it, and the capacity is the largest load that stays within both latency targets.",
    "<b>Load.</b> Users and their pauses, or requests a day with a peak factor, become a peak "
    "request rate; copies of the model are added until 80 % of their capacity covers it, plus "
    "one spare when N+1 redundancy is chosen. Servers are bought whole: when Aisle chooses the "
    "GPU count, more copies then run on the GPUs the servers hold anyway.",
    "<b>Facility and money.</b> Power from the GPUs' rated power: 70 % average draw for every "
    "GPU running a copy of the model (copies added to fill a server included), 10 % (the idle "
    "floor) for GPUs running none, plus the server base; racks by space and by the rack's "
    "power limit; yearly cost from hardware over the amortisation period, energy with "
    "cooling (PUE), colocation and support; the hosted API's cost of the same load for "
    "comparison.",
)


def _spaced(errors: str) -> str:
    """A quoted "10.2% / 24.3%" or "10.2 % / 24.3 %" (as validation/REPORT.md writes it) as
    the report's figures read shares, kept on one line: "10.2 % / 24.3 %"."""
    return re.sub(r"\s*%", "\u00a0%", errors)


def _held_out_median(metric: str) -> str:
    """Today's engines' median error on ``metric`` with one GPU held out, to the whole percent,
    as the sentence under the table says it: "18 %" (it said "about 23 %", the figure of an
    older calibration, under a table reading 18.2 %)."""
    held_out = next(held for name, _n, _ins, held in MODERN_ACCURACY if name.startswith(metric))
    return f"{float(held_out.split('%')[0]):.0f} %"


def methodology_html() -> str:
    """The methodology section (starts on a new page)."""
    steps = "".join(f"<p>{s}</p>" for s in STEPS)
    rows = [
        [name, f"{n:,}", _spaced(ins), _spaced(held)] for name, n, ins, held in MEASURED_ACCURACY
    ]
    modern = [
        [name, f"{n:,}", _spaced(ins), _spaced(held)] for name, n, ins, held in MODERN_ACCURACY
    ]
    widths = [40, 14, 23, 23]
    return (
        "<h2>Methodology and measured accuracy</h2>"
        f"{steps}"
        "<h3>Accuracy against published measurements</h3>"
        "<p>Aisle's predictions were compared with 558 published benchmark scenarios "
        "(TensorRT-LLM, vLLM and SGLang on H100, H200, GH200, A100, L40S, B200, GB200 and RTX "
        "PRO 6000). Absolute error, median / 90th percentile:</p>"
        + table(["Figure", "Scenarios", "In-sample", "One GPU held out"], rows, widths)
        + "<p>Against 1,296 measurements of the engines of 2025-26 (TensorRT-LLM 1.x, vLLM "
        "0.1x, SGLang 0.5 on H100, H200, B200, B300 and GB200, a fixed number of requests in "
        "flight), with each engine's release calibrated on its own:</p>"
        + table(["Figure", "Scenarios", "In-sample", "One GPU held out"], modern, widths)
        + "<p>Treat throughput as good to about 15 % typically and latency to about 20 %, and "
        "much less sure outside the published rows: FP4 and fine-grained mixture-of-experts "
        "models, which few published rows cover, have errors from 40 % too slow to 2.4× too "
        "fast; time to first token at high load "
        "with long prompts can be 3-4× pessimistic; on today's engines time to first token is "
        f"good to about {_held_out_median('TTFT')} and time per token to about "
        f"{_held_out_median('TPOT')}. The 80 % bands in the results "
        "come from these errors and are twice as wide for scenarios the published set hardly "
        "covers.</p>"
    )
