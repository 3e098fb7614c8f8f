"""The checklist for the conversation with the AI team, filled in with the plan's own values.

Each item is a question the planner should have answered before buying: the sizing is only as
good as these inputs, and most surprises in a deployment come from one of them.
"""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import duration_ms
from aisle_desktop.plan import Scenario
from aisle_desktop.report.model import Report

CHECKLIST_TITLE = "Checklist for the conversation with the AI team"


def _items(s: Scenario, model: str, engine: str) -> list[tuple[str, str]]:
    w = s.workload
    load = {
        "in_flight": f"{w.load.requests_in_flight:,} requests always in flight",
        "active_users": f"{w.load.active_users:,} active users pausing {w.load.think_time_s:g} s",
        "daily_requests": f"{w.load.users:,} users making {w.load.requests_per_user_per_day:g} "
        f"requests a day, peak {w.load.peak_to_average:g}x",
    }[w.load.kind]
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
            f"First token within {duration_ms(w.targets.ttft_ms)}, then "
            f"{duration_ms(w.targets.tpot_ms)} per token. Who agreed these, and for which use?",
        ),
        ("Serving engine", f"{engine}. Does the team run it today; who supports it?"),
        (
            "Growth",
            "How many users and how much traffic in one and in three years? The "
            "hardware is bought for the peak, not the average.",
        ),
        (
            "Redundancy",
            "One spare replica (N+1) is planned."
            if w.redundancy == "n_plus_1"
            else "No spare is planned: a failed GPU stops the service. Is that acceptable?",
        ),
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
    model = report.catalog.models.get(first.workload.model_id)
    engine = report.catalog.engines.get(first.workload.engine_id)
    items = _items(
        first,
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
