"""The first page: the whole plan in sentences a finance or facility reader can sign off.

One paragraph per scenario says what is served, on what, how fast, how much power and money,
how that compares with a hosted API, and what limits it. Every number is a figure from the
sizing result, written as the window writes it.
"""

from __future__ import annotations

from html import escape

from aisle_desktop.formatting import count, target_text, with_unit
from aisle_desktop.labels import FIGURE_LABELS, HEADLINE_FIGURES
from aisle_desktop.plan import CURRENT_VERSION
from aisle_desktop.report.against_api import (
    NO_BREAK_EVEN_SENTENCE,
    embeddings_there,
    no_api_compared,
    offered_load_on_the_api,
)
from aisle_desktop.report.decision_pages import decision_html
from aisle_desktop.report.model import Report, ReportScenario
from aisle_desktop.report.verdict import verdict
from aisle_desktop.report.words import (
    api_name,
    binding_words,
    engine_with_release,
    fig,
    spare_planned,
    table,
    target_of,
)
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.planning import PowerSheet, break_even_beyond_capacity, serves_nothing


def _served(r: SizingResult) -> str:
    """What runs, on which engine release: a planner hands the page on, and the release
    sized is what the AI team installs (its figures differ from one release to the next)."""
    weight_only = ", weight-only" if r.weight_only else ""
    engine = escape(r.engine_name)
    if r.engine_release:
        engine = engine_with_release(engine, escape(r.engine_release))
    return (
        f"<b>What is served.</b> {escape(r.model_name)} ({r.weight_precision.upper()} weights"
        f"{weight_only}, {r.kv_precision.upper()} KV cache) on {engine}, for "
        f"{escape(r.demand)}. A request is about {r.input_tokens:,} tokens in and "
        f"{r.output_tokens:,} tokens out."
    )


def _failover(r: SizingResult, redundancy: str) -> str:
    """What happens when a replica fails, promised only when a spare really exists: the
    replicas the load needs include the spare (N+1) only when the plan meets its demand."""
    if r.replicas == 1:
        return (
            "; with a single replica there is no failover: when one GPU or server fails, "
            "the service stops"
        )
    if redundancy != "n_plus_1":
        return ""
    if spare_planned(r, redundancy):
        return ", including one spare so the service survives a failed replica"
    return (
        ", with no spare beyond what the load needs: the N+1 the plan asks for is not met, "
        "and a failed replica leaves the rest overloaded"
    )


def _hardware(r: SizingResult, redundancy: str) -> str:
    spare = _failover(r, redundancy)
    per_replica = r.tp * r.pp
    copies = "1 copy" if r.replicas == 1 else f"{r.replicas:,} copies"
    if r.serving == "disaggregated":
        spare = ", each with one spare worker" if redundancy == "n_plus_1" else ""
        return (
            f"<b>On what.</b> <b>{escape(r.hardware_text())}</b> in "
            f"<b>{escape(r.servers_text())}</b>, "
            f"<b>{count(r.racks, 'rack')}</b>: separate prefill "
            f"and decode pools ({escape(r.layout)}){spare}.{_encoders(r)}"
        )
    return (
        f"<b>On what.</b> <b>{escape(r.hardware_text())}</b> in "
        f"<b>{escape(r.servers_text())}</b>, "
        f"<b>{count(r.racks, 'rack')}</b>: {copies} of the model (replicas) of "
        f"{count(per_replica, 'GPU')} each{spare}."
        + (
            f" Servers come whole: {r.whole_server_note()}, adding capacity and headroom at "
            "no extra hardware cost."
            if r.whole_server_replicas
            else ""
        )
        + (
            f" Servers come whole: {r.idle_note()}, bought all the same and drawing idle power."
            if r.idle_gpus
            else ""
        )
        + _encoders(r)
    )


def _encoders(r: SizingResult) -> str:
    """The embeddings' encoder pool in a sentence: what it takes and where it is counted."""
    if not r.encoder_gpus:
        return ""
    where = (
        f"{count(r.encoder_servers, 'more server', 'more servers')} bought for them"
        if r.encoder_servers
        else "GPUs the servers hold beyond the model's"
    )
    if r.encoder_gpu_name:
        whose = "its" if r.encoder_gpus == 1 else "their"
        where = (
            f"{count(r.encoder_servers, 'server')} of {whose} own ({r.encoder_gpu_name}, "
            f"{_encoder_racks_words(r, whose)})"
        )
    return (
        f" The {count(r.encoder_gpus, 'encoder GPU')} for embeddings "
        f"{'runs' if r.encoder_gpus == 1 else 'run'} on {where}, counted in the power, the "
        "yearly cost and the cost per million tokens."
    )


def _encoder_racks_words(r: SizingResult, whose: str) -> str:
    """Where the encoder's own servers stand: in the room the answering servers' racks leave,
    in racks of their own, or both (`rack_packing`)."""
    held = r.figures.get("encoder_servers_beside")
    beside = round(held.value) if held is not None else 0
    own = f"{count(round(r.value('encoder_racks')), 'rack')} of {whose} own"
    if beside == r.encoder_servers:
        return "in the answering servers' racks"
    if not beside:
        return f"in {own}"
    return f"{beside:,} in the answering servers' racks, the rest in {own}"


def _sentence(words: str) -> str:
    """``the time-per-token target...`` as a sentence begins."""
    return words[:1].upper() + words[1:]


def rack_power_text(sheet: PowerSheet, limit_kw: float) -> str:
    """What the fullest rack draws against the room's limit per rack, in one sentence."""
    fullest = max((run.each for run in sheet.runs), key=lambda rack: rack.nameplate_kw)
    within = "within" if fullest.nameplate_kw <= limit_kw else "<b>more than</b>"
    racks = sheet.rack_count
    which = "The rack" if racks == 1 else f"The fullest of the {racks:,} racks"
    return (
        f"<b>Per rack.</b> {which} holds {count(fullest.servers, 'server')} and draws up to "
        f"<b>{with_unit(fullest.nameplate_kw, 'kW')}</b> at nameplate "
        f"({with_unit(fullest.average_kw, 'kW')} on average), {within} the room's "
        f"{with_unit(limit_kw, 'kW')} per rack."
    )


def _speed(r: SizingResult) -> str:
    ttft_target, tpot_target = target_of(r, "ttft_ms"), target_of(r, "tpot_ms")
    ttft_goal = f" (target {target_text(ttft_target, 'ms')})" if ttft_target else ""
    tpot_goal = f" (target {target_text(tpot_target, 'ms')})" if tpot_target else ""
    users = ""
    if "max_users_within_targets" in r.figures:
        users = f" Within the targets it could serve up to {fig(r, 'max_users_within_targets')}."
    # The shown latencies decide: a plan short only of its spare still meets the targets.
    missed = any(w.code == "targets-not-met" for w in r.warnings)
    verdict = "<b>does not meet</b>" if missed else "meets"
    return (
        f"<b>How fast.</b> Answers start after {fig(r, 'ttft_ms')}{ttft_goal} and then stream "
        f"at {fig(r, 'tpot_ms')} per token{tpot_goal}; the plan {verdict} its latency "
        f"targets.{users}"
    )


def _money(r: SizingResult) -> str:
    if "tco_per_year_usd" not in r.figures:
        return ""
    text = (
        f"<b>Power and money.</b> The servers draw {fig(r, 'it_average_kw')} on average "
        f"({fig(r, 'facility_kw')} with cooling). Hardware costs {fig(r, 'capex_usd')}; owning "
        f"costs <b>{fig(r, 'tco_per_year_usd')}</b> in all"
    )
    if serves_nothing(r):
        priced = offered_load_on_the_api(r, html=True) or escape(no_api_compared(r))
        return f"{text}. {escape(NO_BREAK_EVEN_SENTENCE)} {priced}".rstrip()
    text += f", <b>{fig(r, 'cost_per_million_tokens_usd')}</b>."
    if "api_cost_per_year_usd" in r.figures:
        cheaper = r.value("tco_per_year_usd") <= r.value("api_cost_per_year_usd")
        verdict = "cheaper" if cheaper else "dearer"
        text += (
            f" The same load on the hosted API {escape(api_name(r))} would cost "
            f"<b>{fig(r, 'api_cost_per_year_usd')}</b>"
            + escape(embeddings_there(r))
            + f", so at this load owning is {verdict}; "
        )
        if break_even_beyond_capacity(r):
            text += (
                "owning would be cheaper only above what this hardware serves within the "
                "targets: at this size the API stays cheaper."
            )
        else:
            text += f"owning is cheaper above {fig(r, 'break_even_requests_per_day')}."
    elif no_api_compared(r):
        text += f" {escape(no_api_compared(r))}"
    return text


def key_figures_html(r: SizingResult) -> str:
    """The headline figures as a two-pair-a-row table (for a one-scenario plan's summary)."""
    shown = [
        (escape(FIGURE_LABELS[n]), f"<b>{fig(r, n)}</b>")
        for n in HEADLINE_FIGURES
        if n in r.figures
    ]
    rows = []
    for i in range(0, len(shown), 2):
        pair = shown[i : i + 2] + [("", "")] * (2 - len(shown[i : i + 2]))
        rows.append([pair[0][0], pair[0][1], pair[1][0], pair[1][1]])
    return "<h3>Key figures</h3>" + table(
        ["Figure", "Value", "Figure", "Value"], rows, [27, 23, 27, 23]
    )


def scenario_summary(item: ReportScenario, sheet: PowerSheet | None = None) -> str:
    """One scenario's paragraph block (or why it has none); `sheet` is its racks' power."""
    head = f"<h3>{escape(item.name)}</h3>"
    r = item.result
    if r is None:
        return head + f"<p class=bad>Could not be sized: {escape(item.error or '')}</p>"
    parts = [head, f"<p class={verdict(r).tone}>{escape(r.status)}</p>", f"<p>{_served(r)}</p>"]
    if not r.fits:
        options = (
            "".join(f"<li>{escape(a)}</li>" for a in r.alternatives)
            or "<li>nothing in the catalog</li>"
        )
        parts.append(f"<p><b>It does not fit.</b> What would fit:</p><ul>{options}</ul>")
        return "".join(parts)
    parts += [
        f"<p>{_hardware(r, item.scenario.workload.redundancy)}</p>",
        f"<p>{rack_power_text(sheet, item.scenario.hardware.rack_power_limit_kw)}</p>"
        if sheet is not None and sheet.runs
        else "",
        f"<p>{_speed(r)}</p>",
        f"<p>{_money(r)}</p>",
        f"<p><b>What limits it.</b> {escape(_sentence(binding_words(r)))}.</p>",
    ]
    return "".join(parts)


# The last plan format whose files held the calibration of the day they were saved in.
CALIBRATION_IN_THE_FILE = 2


def resized_html(report: Report) -> str:
    """What a plan saved by an older Aisle is sized with now: a plan file holds no results
    and no calibration of its own (`docs/plan-format.md`), so its figures are today's, and
    may differ from those it showed when it was saved; empty for a plan in today's format."""
    saved = report.saved_in_format
    if saved is None:
        return ""
    held = (
        " Its file held the calibration of its day: the values in it that no Aisle release "
        "shipped as a default are kept as this plan's own, listed under Assumptions."
        if saved <= CALIBRATION_IN_THE_FILE
        else ""
    )
    return (
        f"<p><b>Saved by an older Aisle</b> (plan format {saved}; today's is "
        f"{CURRENT_VERSION}). It was sized again for this report with today's "
        f"{escape(report.calibration.label)}, so its figures may differ from those it showed "
        f"when it was saved.{held}</p>"
    )


def summary_html(report: Report) -> str:
    """The summary page: title, provenance, one block per scenario, what could not be shown."""
    number = len(report.scenarios)
    scenarios = count(number, "scenario")
    intro = (
        f"<h1>{escape(report.plan_name)}</h1>"
        f"<p class=muted>On-premises LLM inference plan, {scenarios}. Prepared with "
        f"Aisle {escape(report.version)} on {report.created.isoformat()}; catalog data as of "
        f"{report.catalog_as_of.isoformat()}; sized with the model's "
        f"{escape(report.calibration.label)}; plan hash {report.plan_hash}.</p>"
        + resized_html(report)
        + decision_html(report)
        + "<h2>Summary</h2>"
    )
    purchases = report.decision.purchases if report.decision is not None else {}
    body = "".join(
        scenario_summary(s, purchases[s.name].power if s.name in purchases else None)
        for s in report.scenarios
    )
    only = report.scenarios[0].result if number == 1 else None
    if only is not None and only.fits:
        body += key_figures_html(only)
    notes = report.plan.notes.strip()
    if notes:
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in notes.split("\n") if p.strip())
        body += f"<h3>Planner's notes</h3>{paragraphs}"
    missing = report.not_printed() + list(report.problems)
    if missing:
        items = "".join(f"<li>{escape(m)}</li>" for m in missing)
        body += f"<h3>What this report could not show</h3><ul>{items}</ul>"
    if number > 1:
        body += "<p class=muted>The scenarios are compared side by side after their own pages.</p>"
    return intro + body
