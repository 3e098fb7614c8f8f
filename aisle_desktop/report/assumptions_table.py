"""Every assumption behind the plan's figures, with its value, source and date.

Three kinds, all listed: the model's calibration (runtime memory, overheads, efficiency of
all-reduces; dated by the calibration, or the planner's override), the catalog's engine factors and
hardware specifications (dated by their catalog entry), and prices (dated snapshots).
"""

from __future__ import annotations

import re
from html import escape

from aisle_desktop.catalog import engine_release
from aisle_desktop.formatting import with_unit
from aisle_desktop.labels import assumption_label, shown_assumption
from aisle_desktop.report.model import Report
from aisle_desktop.report.words import api_name, table
from aisle_desktop.sizing import Assumption

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _value(a: Assumption) -> str:
    if isinstance(a.value, str):
        return escape(f"{a.value} {a.unit}".strip())
    if a.unit:
        return escape(with_unit(a.value, a.unit))
    return escape(f"{a.value:,.4g}")


def _source(text: str) -> str:
    """The whole source (never cut short); long links may break after a slash."""
    return escape(text).replace("/", "/\u200b")


def _catalog_rows(report: Report) -> list[list[str]]:
    rows: list[list[str]] = []
    seen: set[str] = set()
    for item, r in report.sized:
        w = item.scenario.workload
        listed = report.catalog.engines.get(w.engine_id)
        engine = engine_release(listed, w.engine_version) if listed is not None else None
        gpu = report.catalog.gpus.get(item.scenario.hardware.gpu_id)
        server = next((s for s in report.catalog.servers.values() if s.name == r.server_name), None)
        # Each release sized gets its own rows: releases differ in these defaults.
        name = engine.release.label if engine is not None and engine.release else ""
        if engine is not None and (name or engine.name) not in seen:
            name = name or engine.name
            seen.add(name)
            source, when = _source(engine.sources[0]), engine.as_of.isoformat()
            for field, text in (
                ("memory_fraction", f"{engine.memory_fraction:g} of {engine.memory_fraction_of}"),
                ("eta_mem (share of memory bandwidth reached)", f"{engine.eta_mem:g}"),
                ("eta_flops (share of peak compute reached)", f"{engine.eta_flops:g}"),
                ("step_overhead_ms (per iteration)", f"{engine.step_overhead_ms:g} ms"),
            ):
                rows.append([f"{escape(name)}: {field}", escape(text), source, when])
        if gpu is not None and gpu.id not in seen:
            seen.add(gpu.id)
            spec = (
                f"{gpu.memory_gb:g} GB, {gpu.memory_bandwidth_tbps:g} TB/s, "
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
        name = api_name(r)
        api = next(
            (a for a in report.catalog.prices.hosted_apis if name.startswith(f"{a.name} (")), None
        )
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
    prices = report.catalog.prices
    rows.append(
        [
            "Electricity",
            f"${prices.electricity_usd_per_kwh:g}/kWh",
            _source(prices.sources[0]),
            prices.electricity_date.isoformat(),
        ]
    )
    rows.append(
        [
            "Colocation",
            f"${prices.colocation_usd_per_kw_month:,.2f}/kW-month",
            _source(prices.sources[1] if len(prices.sources) > 1 else prices.sources[0]),
            prices.colocation_date.isoformat(),
        ]
    )
    return rows


def assumption_rows(report: Report) -> list[list[str]]:
    """One row per distinct assumption across the plan's sized scenarios."""
    rows: list[list[str]] = []
    seen: set[tuple[str, str]] = set()
    default_date = escape(report.calibration.label)
    for _, r in report.sized:
        explained = [a for f in r.figures.values() for a in f.explanation.assumptions]
        for a in [*r.assumptions, *explained]:
            key = (a.name, str(a.value))
            if key in seen:
                continue
            seen.add(key)
            dated = ISO_DATE.search(a.source)
            overridden = a.source.startswith("the planner's override")
            when = "this plan" if overridden else dated.group(0) if dated else default_date
            label, unit = assumption_label(a.name)
            shown = a
            if unit and not a.unit and not isinstance(a.value, str):
                value = shown_assumption(a.name, a.value)
                shown = a.model_copy(update={"unit": unit, "value": value})
            rows.append([escape(label), _value(shown), _source(a.source), when])
    return rows + _catalog_rows(report)


def assumptions_html(report: Report) -> str:
    """The assumptions section (starts on a new page)."""
    rows = assumption_rows(report)
    intro = (
        "<p>Every default the figures rest on. Each can be changed in the plan; prices and "
        "hardware figures are dated snapshots from Aisle's catalog, so check them before "
        "relying on them.</p>"
    )
    body = (
        table(["Assumption", "Value", "Source", "Date"], rows, [24, 14, 48, 14])
        if rows
        else "<p>None (no scenario could be sized).</p>"
    )
    return "<h2>Assumptions</h2>" + intro + body
