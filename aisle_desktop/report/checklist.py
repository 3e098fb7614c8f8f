"""The checklist for the conversation with the AI team, filled in with the plan's own values.

Each item is a question the planner should have answered before buying: the sizing is only as
good as these inputs, and most surprises in a deployment come from one of them.
"""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import count, target_text
from aisle_desktop.plan import Scenario
from aisle_desktop.report.model import Report
from aisle_desktop.report.words import load_words, spare_planned
from aisle_desktop.sizing import SizingResult

CHECKLIST_TITLE = "Checklist for the conversation with the AI team"


def redundancy_line(s: Scenario, result: SizingResult | None) -> str:
    """The checklist's redundancy line as the plan stands: a spare promised only when the
    sized plan holds one (a plan asking for N+1 may be short of it)."""
    pools = result is not None and result.serving == "disaggregated"
    if s.workload.redundancy != "n_plus_1":
        more = result.whole_server_replicas if result is not None and result.fits else 0
        if more:
            return (
                f"No spare is asked for, but the whole servers bought run "
                f"{count(more, 'replica')} more than the load needs, enough to carry it "
                "through a failed GPU. Is relying on that acceptable?"
            )
        if result is not None and result.fits and result.replicas > 1:
            return (
                f"No spare is planned: a failed GPU takes one of the {result.replicas} "
                "replicas down and leaves the rest overloaded. Is that acceptable?"
            )
        return "No spare is planned: a failed GPU stops the service. Is that acceptable?"
    if result is None or not result.fits:
        return (
            "No spare replica: the plan asks for one (N+1), but it could not be sized. "
            "Settle the hardware first, then check a failed GPU leaves the service running."
        )
    if spare_planned(result, s.workload.redundancy):
        return (
            "One spare worker per pool (N+1) is planned."
            if pools
            else "One spare replica (N+1) is planned: a failed GPU or server leaves the "
            "service running."
        )
    return (
        "No spare replica: the plan asks for one (N+1), but its GPUs are all needed for the "
        "load, so a failed GPU leaves the rest overloaded. Add GPUs, or agree to run without."
    )


def _items(
    s: Scenario, result: SizingResult | None, model: str, engine: str
) -> list[tuple[str, str]]:
    w = s.workload
    load = load_words(w.load)
    return [
        (
            "Which model, and why",
            f"The plan assumes {model}. Why this one and not a smaller "
            "or newer one? Has it been tested on our own questions?",
        ),
        (
            "Precision and its quality risk",
            f"{w.weight_precision.upper()} weights. Lower "
            "precision needs fewer GPUs but can lose answer quality; has the team measured it?",
        ),
        (
            "Context lengths",
            f"{w.prompt.input_tokens:,} tokens in and {w.output_tokens:,} out per "
            "request. Long chats and retrieved documents grow this; what is the longest we accept?",
        ),
        (
            'What "concurrent users" means',
            f"The plan uses {load}. Is that people using it, "
            "or requests running at the same moment? The two differ by 10x or more.",
        ),
        (
            "Latency targets",
            f"First token within {target_text(w.targets.ttft_ms, 'ms')}, then "
            f"{target_text(w.targets.tpot_ms, 'ms')} per token. Who agreed these, and for "
            "which use?",
        ),
        ("Serving engine", f"{engine}. Does the team run it today; who supports it?"),
        (
            "Growth",
            "How many users and how much traffic in one and in three years? The "
            "hardware is bought for the peak, not the average.",
        ),
        ("Redundancy", redundancy_line(s, result)),
        (
            "Data residency",
            "Where may prompts, documents and logs be stored and processed? "
            "Does that rule out a hosted API?",
        ),
        (
            "Who owns updates",
            "Who updates the model, the engine, drivers and firmware, how "
            "often, and who tests a new model before it replaces the old one?",
        ),
    ]


def checklist_html(report: Report) -> str:
    """The checklist, on a new page; filled from the first scenario, other scenarios noted."""
    first = report.scenarios[0].scenario
    result = report.scenarios[0].result
    model = report.catalog.models.get(first.workload.model_id)
    engine = report.catalog.engines.get(first.workload.engine_id)
    items = _items(
        first,
        result,
        model.name if model else first.workload.model_id,
        engine.name if engine else first.workload.engine_id,
    )
    rows = "".join(
        f"<tr><td width=4%>☐</td><td width=26%><b>{escape(title)}</b></td>"
        f"<td>{escape(text)}</td></tr>"
        for title, text in items
    )
    note = ""
    if len(report.scenarios) > 1:
        note = (
            f'<p class=muted>Filled in from the first scenario, "{escape(first.name)}"; ask the '
            "same questions of the others.</p>"
        )
    return (
        f"<h2>{CHECKLIST_TITLE}</h2>{note}"
        f"<table class=grid width=100% cellspacing=0 cellpadding=4>{rows}</table>"
    )
