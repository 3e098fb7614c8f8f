"""Every assumption behind the plan's figures, with its value, source and date.

Three kinds, all listed: the model's calibration (runtime memory, overheads, efficiency of
all-reduces; dated by the calibration, or the planner's override), the catalog's engine factors and
hardware specifications (dated by their catalog entry), and prices (dated snapshots). The
calibration's values that cannot move any scenario's figures (`bears_on`: experts for a dense
model, 4-bit arithmetic for an FP8 plan, how benchmark runs were sent) follow in a short
table of their own, names and values only, so the sources a planner checks come first.
"""

from __future__ import annotations

import re
from html import escape, unescape

from aisle_desktop.catalog import GpuSpec, HostedApiPrice, ServerSpec, engine_release
from aisle_desktop.formatting import as_entered, memory_as_sold, percent, unbroken
from aisle_desktop.labels import assumption_label, assumption_value_text
from aisle_desktop.report.model import Report
from aisle_desktop.report.words import api_name, embeddings_api_name, side_by_side, table
from aisle_desktop.sizing import Assumption
from aisle_desktop.sizing.calibration import Provenance, era_provenance
from aisle_desktop.sizing.planning import bears_on

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TAG = re.compile(r"<[^>]*>")
# The Value column's room: characters a line holds at its width (19 % of the page's text),
# and the lines a value may take there before it spans the Source column too.
VALUE_LINE_CHARS = 20
VALUE_LINES = 3
# Figures' assumptions the catalog rows below list already, with their sources and dates:
# the engine's memory fraction, the server, electricity and colocation prices (unless the
# planner entered one), and the hosted encoder's price.
CATALOG_ROWS = {
    "memory_fraction",
    "server_price_usd",
    "hosted_embedding_usd_per_mtok",
    "electricity_usd_per_kwh",
    "colocation_usd_per_kw_month",
}


def _source(text: str) -> str:
    """The whole source (never cut short), a size below the table's figures: reference for
    whoever checks a value; long links may break after a slash."""
    return "<span class=source>" + escape(text).replace("/", "/\u200b") + "</span>"


def _catalog_rows(report: Report) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[str] = set()
    for item, r in report.sized:
        w = item.scenario.workload
        listed = report.catalog.engines.get(w.engine_id)
        engine = engine_release(listed, w.engine_version) if listed is not None else None
        # The plan's GPU and server, and the encoder's own when it has servers of their own.
        hardware = [
            (
                report.catalog.gpus.get(item.scenario.hardware.gpu_id),
                next((s for s in report.catalog.servers.values() if s.name == r.server_name), None),
            )
        ]
        emb = w.embeddings
        own = report.catalog.servers.get(emb.server_id) if emb and emb.server_id else None
        if own is not None:
            hardware.append((report.catalog.gpus.get(own.gpu_id), own))
        # Each release sized gets its own rows: releases differ in these defaults.
        name = engine.release.label if engine is not None and engine.release else ""
        if engine is not None and (name or engine.name) not in seen:
            name = name or engine.name
            seen.add(name)
            # One row per release: its four defaults share a source and a date.
            # In a planner's words, not the catalog's field names (memory_fraction, eta_mem,
            # eta_flops, step_overhead_ms), which the page read as before.
            of = (
                "all the memory"
                if engine.memory_fraction_of == "total"
                else "what the weights leave"
            )
            taken = (
                f"{unbroken(percent(float(engine.memory_fraction)))} of {of}"
                if engine.memory_reserve is None
                else "what its reserve for activations and CUDA graphs leaves"
            )
            defaults = (
                f"memory it takes: {taken}; memory bandwidth reached: "
                f"{unbroken(percent(engine.eta_mem))}; peak compute reached: "
                f"{unbroken(percent(engine.eta_flops))}; "
                f"scheduling a step: {unbroken(f'{engine.step_overhead_ms:g} ms')}"
            )
            source, when = _source(engine.sources[0]), engine.as_of.isoformat()
            rows.append([f"{escape(name)}: engine defaults", escape(defaults), source, when])
        for gpu, server in hardware:
            rows += _hardware_rows(gpu, server, seen)
        api = _api_named(report, api_name(r))
        if api is not None and api.id not in seen:
            seen.add(api.id)
            out_price = api.output_usd_per_mtok or 0.0
            price = f"${api.input_usd_per_mtok:g} in / ${out_price:g} out per M tokens"
            rows.append(
                [
                    f"{escape(api.name)}: price",
                    escape(price),
                    _source(api.sources[0]),
                    api.as_of.isoformat(),
                ]
            )
        encoder = _api_named(report, embeddings_api_name(r))
        if encoder is not None and encoder.id not in seen:
            seen.add(encoder.id)
            rows.append(
                [
                    f"{escape(encoder.name)}: embeddings price",
                    escape(f"${encoder.input_usd_per_mtok:g} per M tokens embedded"),
                    _source(encoder.sources[0]),
                    encoder.as_of.isoformat(),
                ]
            )
    prices = report.catalog.prices
    rows.append(
        [
            "Electricity",
            as_entered(prices.electricity_usd_per_kwh, "USD/kWh"),
            _source(prices.sources[0]),
            prices.electricity_date.isoformat(),
        ]
    )
    rows.append(
        [
            "Colocation",
            # As the window's Colocation field says it ("Catalog: $194.95/kW-month"), not $195.
            as_entered(prices.colocation_usd_per_kw_month, "USD/kW-month"),
            _source(prices.sources[1] if len(prices.sources) > 1 else prices.sources[0]),
            prices.colocation_date.isoformat(),
        ]
    )
    return rows


def _shown(a: Assumption) -> str:
    """An assumption's value in the unit a planner reads (runtime memory in GB, not GiB)."""
    return escape(assumption_value_text(a.name, a.value, a.unit))


def _bears_on_plan(report: Report, name: str) -> bool:
    """Whether the calibration value can move some scenario's figures; a value the planner
    overrode is theirs to see with its source whatever it moves."""
    return any(
        bears_on(name, r) or name in item.scenario.assumption_overrides for item, r in report.sized
    )


def _calibration_row(report: Report, name: str) -> list[str] | None:
    """One assumption of the model across the plan: the value each scenario runs with, once
    per value (naming the engine releases or the scenario that override it), described once,
    with how each release's own value was found (vLLM 0.10's zeros sourced from its release
    notes beside vLLM 0.19's fitted values)."""
    cal = report.calibration
    users: dict[str, list[str]] = {}
    found: dict[Provenance, list[str]] = {}
    overridden = False
    for item, r in report.sized:
        a = next((x for x in r.assumptions if x.name == name), None)
        if a is None:
            continue
        w = item.scenario.workload
        era = cal.era(w.engine_id, w.engine_version)
        if name in item.scenario.assumption_overrides:
            who, overridden = f"in {item.name} (the planner's override)", True
        else:  # named only where values differ or a release has its own
            who = f"with {r.engine_release or r.engine_name}"
            if era is not None and name in era.values:
                _named(found.setdefault(era_provenance(era, name), []), who)
        _named(users.setdefault(_shown(a), []), who)
    if not users:
        return None
    values = "; ".join(
        value + (f" {escape(', '.join(who))}" if who and (len(users) > 1 or found) else "")
        for value, who in users.items()
    )
    source = cal.source(name)
    if found:
        older = cal.assumption(name)  # escaped with the source it joins (`_source`)
        earlier = assumption_value_text(older.name, older.value, older.unit)
        source += f". Per engine release, {_found_words(found)}; older releases: {earlier}"
    when = "this plan" if overridden else cal.date.isoformat()
    return [escape(assumption_label(name)[0]), values, _source(source), when]


def _named(names: list[str], who: str) -> None:
    """``who`` added to ``names`` once."""
    if who not in names:
        names.append(who)


def _found_words(found: dict[Provenance, list[str]]) -> str:
    """How the releases' own values were found: once where all were found alike, else each
    way with the releases it names ("with vLLM 0.10 (2025-07), sourced (…), not fitted")."""
    if len(found) == 1:
        return next(iter(found)).words
    return "; ".join(f"{', '.join(who)}, {way.words}" for way, who in found.items())


def assumption_rows(report: Report) -> list[list[str]]:
    """One row per assumption of the model's calibration, then each other assumption a
    figure rests on (once per value), then the catalog's dated figures."""
    names = report.calibration.names()
    bearing = [name for name in names if _bears_on_plan(report, name)]
    rows = [row for name in bearing if (row := _calibration_row(report, name)) is not None]
    seen: set[tuple[str, str]] = set()
    for _, r in report.sized:
        for a in (a for f in r.figures.values() for a in f.explanation.assumptions):
            key = (a.name, str(a.value))
            listed = a.name in CATALOG_ROWS and a.source != "entered"
            if a.name in names or key in seen or listed:
                continue
            seen.add(key)
            dated = ISO_DATE.search(a.source)
            when = dated.group(0) if dated else report.calibration.date.isoformat()
            label = escape(assumption_label(a.name)[0])
            rows.append([label, _shown(a), _source(a.source), when])
    return rows + _catalog_rows(report)


def idle_calibration_rows(report: Report) -> list[list[str]]:
    """The calibration's values no scenario's figures can move: name and value(s) only."""
    return [
        row[:2]
        for name in report.calibration.names()
        if not _bears_on_plan(report, name) and (row := _calibration_row(report, name)) is not None
    ]


def _idle_html(report: Report) -> str:
    rows = idle_calibration_rows(report)
    if not rows:
        return ""
    intro = (
        f"<p>The {escape(report.calibration.label)} also holds these values, which no figure "
        "of this plan can move: they bear on other models, precisions or drafts (experts, "
        "4-bit arithmetic, draft passes) or describe how the published benchmark runs were "
        "sent. The window's Assumptions tab gives each one's source.</p>"
    )
    return (
        "<h3>Values that do not bear on this plan</h3>"
        + intro
        + table(["Assumption", "Value"] * 2, side_by_side(rows), [30, 20, 30, 20])
    )


def _dated(row: list[str], calibrated: str) -> list[str]:
    """A row with its date before its source, unless it is the calibration's (said once). A
    value longer than the Value column holds in three lines takes the Source column's width
    too, its source on the line below: an engine release's four defaults ran down seven lines
    of a narrow column beside a one-line link."""
    name, value, source, when = row
    dated = source if when == calibrated else f"<b>{when}</b> · {source}"
    if len(unescape(TAG.sub("", value))) > VALUE_LINES * VALUE_LINE_CHARS:
        return [name, f"{value}<br>{dated}"]
    return [name, value, dated]


def assumptions_html(report: Report) -> str:
    """The assumptions section (starts on a new page)."""
    rows = assumption_rows(report)
    intro = (
        "<p>Every default the figures rest on. Each can be changed in the plan; prices and "
        "hardware figures are dated snapshots from Aisle's catalog, so check them before "
        f"relying on them. The model's own values are those of its "
        f"{escape(report.calibration.label)}, dated by it; those that differ by engine "
        "release say, release by release, whether each was fitted to the 2025-26 "
        "measurements, sourced from an engine's code, release notes or a recipe, or "
        "measured, and from what (docs/calibration.md).</p>"
    )
    calibrated = report.calibration.date.isoformat()
    body = (
        table(
            ["Assumption", "Value", "Source"],
            [_dated(row, calibrated) for row in rows],
            [21, 19, 60],
        )
        if rows
        else "<p>None (no scenario could be sized).</p>"
    )
    return "<h2>Assumptions</h2>" + intro + body + _idle_html(report)


def _api_named(report: Report, label: str) -> HostedApiPrice | None:
    """The catalog's hosted API a figure's formula names (``NAME (PROVIDER, DATE)``)."""
    return next(
        (a for a in report.catalog.prices.hosted_apis if label.startswith(f"{a.name} (")), None
    )


def _hardware_rows(
    gpu: GpuSpec | None, server: ServerSpec | None, seen: set[str]
) -> list[list[str]]:
    """A GPU's specification and a server's price, each once a report (`seen`)."""
    rows: list[list[str]] = []
    if gpu is not None and gpu.id not in seen:
        seen.add(gpu.id)
        spec = (
            f"{memory_as_sold(gpu.memory_sold_gb, gpu.memory_gb)}, "
            f"{gpu.memory_bandwidth_tbps:g} TB/s, "
            f"{gpu.bf16_tflops:g} BF16 TFLOPS, {gpu.tdp_w:g} W"
        )
        rows.append(
            [
                f"{escape(gpu.name)}: specification",
                escape(spec),
                _source(gpu.sources[0]),
                gpu.as_of.isoformat(),
            ]
        )
    if server is not None and server.id not in seen and server.price_usd is not None:
        seen.add(server.id)
        when = (server.price_as_of or server.as_of).isoformat()
        rows.append(
            [
                f"{escape(server.name)}: price",
                f"${server.price_usd:,.0f}",
                _source(server.sources[0]),
                when,
            ]
        )
    return rows
