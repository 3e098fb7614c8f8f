"""Each scenario's pages: its inputs, its results against the targets, memory and charts.

Complete enough that someone can rebuild the numbers: every input as written (or "chosen by
Aisle" where the planner left it open), every figure with its 80% band where it has one.
"""

from __future__ import annotations

from functools import partial
from html import escape

from aisle_desktop.catalog import Catalog
from aisle_desktop.formatting import (
    as_entered,
    percentile_text,
    target_text,
    unbroken,
)
from aisle_desktop.labels import (
    EXPERT_LAYOUT_LABELS,
    FIGURE_LABELS,
    HEADLINE_FIGURES,
    MEMORY_SEGMENTS,
    REPEATS,
    figure_groups,
    repeats_another,
)
from aisle_desktop.plan import SpeculativeSpec, weights_stored
from aisle_desktop.report.against_api import offered_load_on_the_api
from aisle_desktop.report.charts import draw_line_chart
from aisle_desktop.report.model import Report, ReportScenario
from aisle_desktop.report.running_head import SCENARIO_SECTION
from aisle_desktop.report.scenario_charts import (
    cost_chart,
    draw_memory_bar,
    latency_chart,
    throughput_chart,
)
from aisle_desktop.report.serving_section import pools_layout_html, serving_input
from aisle_desktop.report.slots import ChartSlots
from aisle_desktop.report.verdict import verdict
from aisle_desktop.report.words import (
    band,
    engine_with_release,
    fig,
    load_words,
    side_by_side,
    split_words,
    table,
    target_of,
)
from aisle_desktop.sizing import SizingResult, worked_line
from aisle_desktop.sizing.engine import TailLatency
from aisle_desktop.sizing.planning import (
    ServingComparison,
    figure_text,
    serves_nothing,
    shown_value,
)

NEW_PAGE = 'style="page-break-before: always"'


def _name(table_: object, entry_id: str | None, chosen: str = "chosen by Aisle") -> str:
    if entry_id is None:
        return chosen
    entry = getattr(table_, "get", lambda _id: None)(entry_id)
    return escape(entry.name) if entry is not None else f"{escape(entry_id)} (not in this catalog)"


def _speculation_text(catalog: Catalog, spec: SpeculativeSpec) -> str:
    """How the scenario drafts: with what, how many tokens, at what acceptance."""
    drafter = (
        "the model's MTP layers"
        if spec.method == "mtp"
        else f"draft model {_name(catalog.models, spec.draft_model_id, 'not chosen')}"
    )
    acceptance = (
        f"acceptance {spec.acceptance:g}"
        if spec.acceptance is not None
        else "the model family's default acceptance"
    )
    tokens = "token" if spec.draft_tokens == 1 else "tokens"
    return f"{drafter}, {spec.draft_tokens} drafted {tokens} a step, {acceptance}"


def _engine_text(report: Report, item: ReportScenario) -> str:
    """The engine and the release sized: the result's, else the one the plan names."""
    w = item.scenario.workload
    name = _name(report.catalog.engines, w.engine_id)
    if item.result is not None and item.result.engine_release:
        named = engine_with_release(name, escape(item.result.engine_release))
        defaults = item.result.engine_defaults
        return f"{named}: {escape(defaults)}" if defaults else named
    if w.engine_version is not None:
        return f"{name}, release {escape(w.engine_version)}"
    return name


def layout_html(r: SizingResult) -> str:
    """The parallel layout a replica runs in and, for a mixture of experts, why."""
    reason = f" {escape(r.layout_reason)}." if r.layout_reason else ""
    return f"<p>Each replica runs as <b>{escape(r.layout)}</b>.{reason}</p>"


# The plan's redundancy as its Inputs table says it (asked for N+1, served in pools): pools
# keep a spare worker each (`plan_disaggregated`), not a spare replica.
REDUNDANCY_WORDS = {
    (True, False): "one spare replica (N+1)",
    (True, True): "one spare worker in each pool (N+1)",
    (False, False): "none",
    (False, True): "none",
}


def inputs_rows(report: Report, item: ReportScenario) -> list[list[str]]:
    """The scenario's inputs, as a planner set them."""
    s, cat = item.scenario, report.catalog
    w, h, c = s.workload, s.hardware, s.costs
    p = w.prompt
    rag = f", {p.rag_chunks} retrieved chunks of {p.rag_chunk_tokens:,}" if p.rag_chunks else ""
    kv = w.kv_precision.upper() if w.kv_precision else "engine default"
    if item.result is not None and not w.kv_precision:
        kv = f"{item.result.kv_precision.upper()} (engine default)"
    rows = [
        ["Model", _name(cat.models, w.model_id)],
        ["Precision", f"{w.weight_precision.upper()} weights, {kv} KV cache"],
        ["Weights stored", escape(weights_stored(cat, w.model_id, w.weight_precision))],
        ["Serving engine", _engine_text(report, item)],
        [
            "Prompt",
            f"{p.input_tokens:,} tokens: system {p.system_prompt_tokens:,}, history "
            f"{p.history_tokens:,}, question {p.question_tokens:,}{rag}",
        ],
        ["Answer", f"{w.output_tokens:,} tokens"],
        ["Load", escape(item.result.demand if item.result else load_words(w.load))],
        [
            "Latency targets",
            f"TTFT {target_text(w.targets.ttft_ms, 'ms')}, "
            f"TPOT {target_text(w.targets.tpot_ms, 'ms')}",
        ],
        ["Redundancy", REDUNDANCY_WORDS[w.redundancy == "n_plus_1", h.serving == "disaggregated"]],
        ["Serving", serving_input(h)],
        ["GPU", _name(cat.gpus, h.gpu_id)],
        ["GPU count", str(h.gpu_count) if h.gpu_count else "chosen by Aisle"],
        ["Split (TP × PP)", split_words(h)],
        ["Server", _name(cat.servers, h.server_id)],
        [
            "Rack",
            f"{as_entered(h.rack_power_limit_kw, 'kW')} power limit, {h.rack_units_per_rack} U",
        ],
        ["PUE, amortisation", f"{c.pue:g}, written off over {c.amortisation_years:g} years"],
    ]
    if w.retrieval_latency_ms:
        rows.insert(6, ["Retrieval before the model", as_entered(w.retrieval_latency_ms, "ms")])
    if w.adapters.count:
        rows.append(["LoRA adapters", f"{w.adapters.count} of rank {w.adapters.rank}"])
    if w.speculative is not None:
        rows.append(["Speculative decoding", _speculation_text(cat, w.speculative)])
    model = cat.models.get(w.model_id)
    if model is not None and model.moe is not None:
        rows.append(["Expert layout", EXPERT_LAYOUT_LABELS[h.expert_layout]])
    if w.embeddings is not None:
        e = w.embeddings
        rows.append(
            [
                "Embeddings",
                f"{_name(cat.models, e.model_id)}: {e.corpus_documents:,} documents in "
                f"{e.ingest_hours:g} h, {e.queries_per_s:g} queries/s",
            ]
        )
        own = cat.servers.get(e.server_id) if e.server_id is not None else None
        rows.append(
            [
                "Encoder GPUs",
                "the model's, in its servers' free GPUs first"
                if own is None
                else f"servers of their own: {own.name}",
            ]
        )
    return rows


def results_rows(r: SizingResult) -> list[list[str]]:
    """Every figure by group (but one that repeats another), with its 80% band and, for
    latency, the target it must meet."""
    rows: list[list[str]] = []
    for title, figures in figure_groups(r.prefill_layout, r.decode_layout):
        shown = [
            (n, label)
            for n, label in figures
            if n in r.figures and not repeats_another(r.figures, n)
        ]
        if not shown:
            continue
        rows.append([f"<b>{escape(title)}</b>", "", "", ""])
        for name, label in shown:
            target = target_of(r, name)
            check = ""
            if target is not None:
                ok = r.figures[name].value <= target
                limit = escape(target_text(target, r.figures[name].unit))
                check = f"{'✓ within' if ok else '✗ over'} {limit}"
            rows.append([escape(label), f"<b>{fig(r, name)}</b>", band(r, name), check])
    return rows


def _with_notes(row: list[str]) -> list[str]:
    """A results row as its name and value, the band and the target in small print under
    the value (those two columns were empty on all but a few rows)."""
    label, value, within, check = row
    # The band's ends are each kept whole already; the target ("✓ within 1 s") is kept whole.
    notes = "; ".join(
        note for note in (within and f"80\u00a0%:\u00a0{within}", unbroken(check)) if note
    )
    return [label, value + (f"<br><span class=source>{notes}</span>" if notes else "")]


def results_table(rows: list[list[str]]) -> str:
    """The figures in two halves side by side, split where a group starts nearest half way
    (a group's heading row has no value), else half way (QA: a scenario that does not fit
    has its memory alone, which took the right half and left the left one blank)."""
    named = [_with_notes(row) for row in rows]
    starts = [i for i, row in enumerate(named) if i and not row[1]] or [(len(named) + 1) // 2]
    split = min(starts, key=lambda i: abs(2 * i - len(named)))
    return table(
        ["Figure", "Value", "Figure", "Value"], side_by_side(named, split), [25, 25, 25, 25]
    )


# As the window's Load and Cost tabs name these charts.
LOAD_AND_COST = "Load and cost"


def _charts(r: SizingResult, item: ReportScenario, slots: ChartSlots, family: str) -> str:
    pools = (
        ("prefill_", f"prefill pool ({r.prefill_layout})"),
        ("", f"decode pool ({r.decode_layout})"),
    )
    html = ""
    for pool, whose in pools if r.decode_layout else (("", ""),):
        segments = [
            (label, r.value(pool + n)) for label, n in MEMORY_SEGMENTS if pool + n in r.figures
        ]
        html += f"<h3>GPU memory, per GPU{', ' if whose else ''}{whose}</h3>"
        html += (
            "<p>"
            + slots.tag(partial(draw_memory_bar, segments=segments, family=family), 12)
            + "</p>"
        )
    curves = item.curves
    if curves is None:
        return html
    # The charts' own heading: under the memory bar's, a page of them (the cost chart,
    # Warnings and Assumptions) was footed "GPU memory, per GPU".
    html += f"<h3>{LOAD_AND_COST}</h3>"
    charts = [(throughput_chart(curves), 52), (latency_chart(curves), 56)]
    costs_drawn = not serves_nothing(r)
    if costs_drawn:
        charts.append((cost_chart(curves), 52))
    for chart, height in charts:
        html += (
            "<p>" + slots.tag(partial(draw_line_chart, chart=chart, family=family), height) + "</p>"
        )
    return html if costs_drawn else html + _no_cost_chart(r)


def _no_cost_chart(r: SizingResult) -> str:
    """What stands for the cost chart of a plan that serves nothing within its targets, as
    the window's Cost tab says it: the chart drew owning's cost over "0 tokens a month" and
    the hosted API as a line at $0, though the load offered has a price there."""
    return (
        "<p><b>Cost a year against volume</b>: none drawn, as the plan as bought serves "
        f"nothing within its latency targets. {escape(offered_load_on_the_api(r))}</p>"
    )


def scenario_html(report: Report, item: ReportScenario, slots: ChartSlots, family: str) -> str:
    """The pages of one scenario, starting on a new page."""
    html = f"<h2 {NEW_PAGE}>{SCENARIO_SECTION}{escape(item.name)}</h2>"
    r = item.result
    if r is not None:
        html += f"<p class={verdict(r).tone}>{escape(r.status)}</p>"
        if r.fits:
            html += pools_layout_html(r) if r.serving == "disaggregated" else layout_html(r)
    html += "<h3>Inputs</h3>" + table(
        ["Input", "Value", "Input", "Value"],
        side_by_side(inputs_rows(report, item)),
        [16, 34, 16, 34],
    )
    if r is None:
        return html + f"<p class=bad>Could not be sized: {escape(item.error or '')}</p>"
    if not r.fits:
        options = "".join(f"<li>{escape(a)}</li>" for a in r.alternatives)
        html += (
            "<p class=bad>It does not fit in memory; no curves or costs. What would fit:</p>"
            f"<ul>{options}</ul>"
        )
    html += "<h3>Results</h3>"
    html += (
        "<p class=muted>Under a value, its 80 % band (how far off Aisle's estimates of this "
        "kind have been against published measurements, see Methodology) and its target.</p>"
    )
    html += results_table(results_rows(r))
    if item.tail is not None:
        targets = item.scenario.workload.targets
        html += tail_latency_html(item.tail, (targets.ttft_ms, targets.tpot_ms))
    return html + _charts(r, item, slots, family)


# The GPU count every other key figure starts from: its arithmetic opens each scenario's
# key figures (the headline grid shows it in the plan line, not as a figure of its own).
WORKED_FIRST = ("gpus_needed",)


def _worked_or_shown(result: SizingResult, key: str) -> str:
    """``key``'s arithmetic, or, where a plan that serves nothing shows no number for it, what
    the plan's pages show instead: the last page read "Owning is cheaper above: ... = 348 k
    requests/day" and "Cost per million tokens: ... = $0/M tokens" under a first page saying
    there is no cost per token and no break-even. A figure shown as a dash is left out."""
    if serves_nothing(result):
        if shown_value(result, key) is None:
            return ""
        if key == "break_even_requests_per_day":
            return figure_text(result, key)
    return worked_line(result.figures[key])


def worked_html(report: Report) -> str:
    """The key figures of every sized scenario as arithmetic a reader can redo: each formula
    with its numbers, in small print after the methodology (a section inside each scenario's
    pages would cost a page each)."""
    blocks = []
    for item, r in report.sized:
        # A figure that only repeats another (all servers are the one server) shows how the
        # other is made instead: the server's power from its GPUs, not "1 server × 6.42 kW".
        keys = [
            REPEATS[key] if repeats_another(r.figures, key) else key
            for key in (*WORKED_FIRST, *HEADLINE_FIGURES)
        ]
        lines = [
            f"<b>{escape(FIGURE_LABELS[key])}:</b> {escape(line)}"
            for key in keys
            if key in r.figures and (line := _worked_or_shown(r, key))
        ]
        if item.serving is not None:
            lines.append(serving_line(item.serving))
        if lines:
            blocks.append(
                f"<p class=small><b>{escape(item.name)}</b><br>" + "<br>".join(lines) + "</p>"
            )
    if not blocks:
        return ""
    return (
        "<h3>How the key figures add up</h3>"
        "<p class=muted>Each scenario's key figures: the formula with the numbers that went "
        "in; the window shows the same for every figure (click a figure).</p>" + "".join(blocks)
    )


def serving_line(comparison: ServingComparison) -> str:
    """Whether separate prefill and decode GPU pools would need fewer GPUs, and why."""
    return f"<b>Separate prefill and decode GPUs?</b> {escape(comparison.reason)}."


# Where the simulated requests were served, by whether the plan serves in separate pools.
TAIL_WHERE = {
    False: "on one replica at its share of the planned peak load",
    True: "through a prefill worker and a decode worker at their shares of the planned peak "
    "load (a prompt queues for its prefill worker, its KV cache crosses to the decode worker, "
    "which takes it in at its next iteration if its batch has room)",
}


def tail_latency_html(
    tail: TailLatency, targets_ms: tuple[float | None, float | None] = (None, None)
) -> str:
    """The simulated percentiles: how much slower than the average the slowest answers are
    (each written `beside_target`, so one just over a target never reads as the target)."""
    ttft_ms, tpot_ms = targets_ms
    rows = [
        [label, *(escape(percentile_text(seconds, target)) for seconds in values)]
        for label, values, target in (
            ("Time to first token", (tail.ttft_p50_s, tail.ttft_p95_s, tail.ttft_p99_s), ttft_ms),
            ("Time per output token", (tail.tpot_p50_s, tail.tpot_p95_s, tail.tpot_p99_s), tpot_ms),
        )
    ]
    return (
        "<h3>Tail latency</h3><p class=muted>Simulated: "
        f"{tail.requests:,} requests {TAIL_WHERE[tail.pools]}, with arrivals bunching as real "
        "ones do. The figures above are averages; one answer in 20 (p95) or in 100 (p99) is "
        "slower than these.</p>" + table(["Figure", "p50", "p95", "p99"], rows, [40, 20, 20, 20])
    )
