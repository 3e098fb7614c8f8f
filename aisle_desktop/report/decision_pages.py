"""The report's decision pages: the recommendation, what swings the budget, what to buy.

The first page leads with what a finance reader signs (which scenario, why, what blocks it,
what it costs once and a year); then the tornado chart of the recommended scenario's choices;
then each scenario's bill of materials and power sheet with the rule behind every quantity.
"""

from __future__ import annotations

from functools import partial
from html import escape

from aisle_desktop.formatting import bill_money, count, money, unbroken, whole_percent, with_unit
from aisle_desktop.report.against_api import against_the_api
from aisle_desktop.report.column_room import fitted_widths
from aisle_desktop.report.decision import Decision, seek_note
from aisle_desktop.report.model import Report, ReportScenario
from aisle_desktop.report.slots import ChartSlots
from aisle_desktop.report.spreadsheet import POWER_TITLE, bill_heading
from aisle_desktop.report.tornado import MAX_ROWS, draw_tornado
from aisle_desktop.report.verdict import BLOCKING, SHORT_OF
from aisle_desktop.report.words import table
from aisle_desktop.sizing import figure_text
from aisle_desktop.sizing.planning import (
    GPUS_CAPTION,
    Outcome,
    Purchase,
    yearly_text,
)

# The heading the bills' sources are listed under, after the Assumptions.
BILL_SOURCES = "Sources of the bills' prices and figures"
TORNADO_ROW_MM = 8.5
# The most scenarios the first page's costs table lists, about two pages of it. A plan of 1,000
# scenarios made it some 40 pages, a row a scenario, in one piece with no heading to open a new
# layout window at: mending its page breaks held the progress for minutes.
COSTS_TABLE_ROWS = 50
WIDTHS = [22, 33, 33, 12]
# The power sheet's columns where a row stands for a run of racks alike.
RUN_WIDTHS = [17, 10, 12, 13, 16, 10, 13, 9]


def costs_listed(report: Report, recommended: str | None) -> tuple[ReportScenario, ...]:
    """The scenarios the first page's costs table lists: every one, in the plan's order, up to
    `COSTS_TABLE_ROWS`; beyond, the first of them and the recommended one."""
    if len(report.scenarios) <= COSTS_TABLE_ROWS:
        return report.scenarios
    listed = report.scenarios[:COSTS_TABLE_ROWS]
    chosen = [item for item in report.scenarios[COSTS_TABLE_ROWS:] if item.name == recommended]
    return listed + tuple(chosen)


def _costs_table(report: Report, decision: Decision) -> str:
    """The scenarios `costs_listed` names, in the plan's order, with their Status: an unsized
    one too, saying why; where some are left out, a line saying which and where they are."""
    listed = costs_listed(report, decision.recommended)
    left_out = len(report.scenarios) - len(listed)
    others = (
        "The other one is on its own pages"
        if left_out == 1
        else f"The other {left_out:,} are on their own pages"
    )
    note = (
        f"<p class=muted>This plan has {len(report.scenarios):,} scenarios: the table lists "
        f"the first {COSTS_TABLE_ROWS} in the plan's order"
        + (", and the recommended one" if len(listed) > COSTS_TABLE_ROWS else "")
        + f". {others} and side by side under Scenarios compared; every one is in the "
        "comparison's spreadsheet (File &gt; Export comparison, or aisle-desktop comparison "
        "PLAN -o FILE.xlsx).</p>"
        if left_out
        else ""
    )
    rows = []
    for item in listed:
        status = escape(decision.verdicts[item.name].word)
        name = escape(item.name)
        r = item.result
        if r is None:
            # Why, across the row's empty columns: in the Status column alone a catalog id
            # was cut mid-word ("llama-2-13b-r", "etired" on the next line).
            rows.append([name, status])
            continue
        bought = decision.purchases.get(item.name)
        once = money(bought.bill.one_time_usd) if bought else "–"
        yearly = figure_text(r, "tco_per_year_usd") if "tco_per_year_usd" in r.figures else "–"
        if item.name == decision.recommended:
            name = f"<b>{name}</b> (recommended)"
        gpus = r.gpus_text() if r.fits else "does not fit"
        servers = count(r.servers, "server") if r.fits else "–"
        racks = count(r.racks, "rack") if r.fits else "–"
        rows.append([name, gpus, servers, racks, once, yearly, status])
    # Servers beside GPUs and racks: what the first page answers at a glance (a manager
    # asked how many servers read the summary's paragraph for it).
    headers = ["Scenario", "GPUs", "Servers", "Racks", "Bill of materials", "Yearly cost", "Status"]
    return note + table(headers, rows, fitted_widths([29, 15, 10, 8, 11, 13, 14], rows, 0))


def _against_the_api(report: Report, recommended: str | None) -> str:
    """`against_api.against_the_api` of the recommended plan, for the page (none without one)."""
    chosen = [r for _, r in report.sized if r.scenario_name == recommended]
    return escape(f" {against_the_api(chosen[0])}".rstrip()) if chosen else ""


def decision_html(report: Report) -> str:
    """The recommendation, the blocking problems and the costs of every scenario."""
    decision = report.decision
    if decision is None:
        return ""
    lead = "ok" if decision.recommended else "bad"
    html = "<h2>Recommendation</h2>"
    if decision.recommended:
        html += f"<p class={lead}>Buy: {escape(decision.recommended)}</p>"
    html += f"<p>{escape(decision.reason)}{_against_the_api(report, decision.recommended)}</p>"
    html += f"<h3>{BLOCKING}</h3>"
    if decision.blocking:
        html += _listed(decision.blocking)
    else:
        html += "<p>None: no scenario has a problem that stops it being installed or used.</p>"
    if decision.short_of:
        html += (
            f"<h3>{SHORT_OF} (warnings)</h3><p>These scenarios serve their "
            "users, but not all the plan asks for:</p>" + _listed(decision.short_of)
        )
    share = report.calibration.cost.network_storage_overhead_fraction
    # Promised only where a bill is printed: a plan that fits nowhere has none to follow.
    follow = "; its pages follow" if decision.purchases else ""
    html += (
        "<h3>What it costs</h3><p>The bill of materials is bought once (servers, network, "
        f"storage, racks and PDUs{follow}). The yearly cost writes off the hardware "
        f"over its years at the servers' price plus {whole_percent(share)} for network, storage "
        "and racks (the capex figure: an allowance, not the bill's own lines), and adds energy, "
        "colocation and support.</p>"
    )
    return html + _costs_table(report, decision)


def _listed(said: tuple[tuple[str, str], ...]) -> str:
    """Each scenario's message, the scenario's name first."""
    items = "".join(f"<li><b>{escape(name)}</b>: {escape(message)}</li>" for name, message in said)
    return f"<ul>{items}</ul>"


def _setting(o: Outcome | None) -> str:
    if o is None:
        return "–"
    if o.gpus is None or o.tco_per_year_usd is None:
        return f"{escape(o.label)}: does not fit"
    missed = ", misses targets" if not o.meets_targets else ""
    return f"{escape(o.label)}: {o.gpus_text()}, {yearly_text(o.tco_per_year_usd)}{missed}"


def swings_html(report: Report, slots: ChartSlots, family: str) -> str:
    """What swings the budget: tornado chart, the settings table and the goal-seeks."""
    decision = report.decision
    if decision is None or decision.swings is None:
        return ""
    found = decision.swings
    rows = len(found.swings[:MAX_ROWS])
    intro = (
        f"<p>Each choice the AI team makes, set one step lower (blue) and one step higher "
        f"(orange), sized again for <b>{escape(found.scenario_name)}</b>. The plan is "
        f"{found.base_gpus_text()} at {yearly_text(found.tco_per_year_usd_base)} (the "
        f"line). {escape(found.note)} Largest swing first: agree these with the AI team "
        "before buying.</p>"
    )
    chart = slots.tag(partial(draw_tornado, found=found, family=family), rows * TORNADO_ROW_MM + 6)
    body = [
        [escape(s.choice), _setting(s.low), _setting(s.high), money(s.swing_usd)]
        for s in found.swings
    ]
    seeks = [a.sentence() for a in (decision.at_target, decision.for_budget) if a is not None]
    seek_html = ""
    if seeks:
        items = "".join(f"<li>{escape(s)}</li>" for s in seeks)
        seek_html = f"<p>{escape(seek_note(decision))}</p><ul>{items}</ul>"
    return (
        f"<h2>What swings the budget</h2>{intro}<p>{chart}</p>"
        + table(
            ["Choice", "Lower setting", "Higher setting", "Swing a year"], body, [22, 33, 33, 12]
        )
        + f"<p class=muted>{escape(GPUS_CAPTION)}</p>"
        + seek_html
    )


def _bill_table(bought: Purchase) -> str:
    rows = []
    for line in bought.bill.lines:
        price = line.unit_price_text
        total = "–" if line.unit_price_usd is None else bill_money(line.total_usd)
        if line.yearly:
            total += " a year"
        if line.optional:
            total = f"({total}, optional)"
        dated = line.price_as_of is not None and line.unit_price_usd is not None
        when = line.price_as_of.isoformat() if dated and line.price_as_of else "–"
        what = f"{escape(line.item)}<br><span class=muted>{escape(line.rule)}</span>"
        rows.append([what, escape(count(line.quantity, line.unit)), price, total, when])
    bill = bought.bill
    rows.append(["<b>Bought once</b>", "", "", f"<b>{bill_money(bill.one_time_usd)}</b>", ""])
    rows.append(["<b>Paid every year</b>", "", "", f"<b>{bill_money(bill.yearly_usd)}</b>", ""])
    headers = ["Item and why this quantity", "Quantity", "Unit price", "Total", "Price as of"]
    # "Price as of" wide enough for a date on one line (at 11% of a page 20 mm in from each
    # side, "2026-06-30" broke after "2026-06-3").
    return table(headers, rows, fitted_widths([50, 11, 11, 14, 14], rows, 0))


def bill_sources_html(report: Report) -> str:
    """Every price's and figure's source in the bills, once, one a line, under the
    Assumptions: after the power sheet, some 15 lines of addresses ran onto the next page,
    atop the first scenario's heading, which the pagination brings up onto a page a few lines
    fill. Empty when no scenario has a bill."""
    decision = report.decision
    if decision is None or not decision.purchases:
        return ""
    seen: list[str] = []
    for _, bought in _recommended_first(decision):
        for line in bought.bill.lines:
            entry = f"{line.item}: {line.source}"
            if entry not in seen:
                seen.append(entry)
    # One line each: run together with semicolons, eleven sources read as one block of
    # addresses in which a reader could not find where the server's price came from.
    listed = "<br>".join(f"({n}) {escape(s)}" for n, s in enumerate(seen, start=1))
    return f"<h3>{escape(BILL_SOURCES)}</h3><p class=sources>{listed}</p>"


def _power_table(bought: Purchase) -> str:
    """Each rack's servers, power, heat, weight, circuits and PDUs, every figure with its unit
    and written as the window writes it ("6.42 kW", where "6.4" under "Average kW" left the
    planner to match it to the window's 6.42 kW)."""
    sheet = bought.power
    rows = [
        [
            _rack_numbers(run.first, run.last),
            str(run.each.servers),
            unbroken(with_unit(run.each.average_kw, "kW")),
            unbroken(with_unit(run.each.nameplate_kw, "kW")),
            unbroken(f"{run.each.heat_btu_per_h:,.0f} BTU/h"),
            unbroken(f"{run.each.weight_kg:,.0f} kg"),
            str(run.each.circuits_per_feed),
            str(run.each.pdus),
        ]
        for run in sheet.runs
    ]
    headers = [
        "Rack",
        "Servers",
        "Average power",
        "Nameplate power",
        "Heat at nameplate",
        "Weight",
        "Circuits per feed",
        "PDUs",
    ]
    # What the figures rest on, as the table's last row across its columns: as a paragraph
    # after the table, a page break could leave it atop the next page, parted from its table.
    runs = len(rows) < sheet.rack_count
    each = " Figures are each rack's." if runs else ""
    notes = (
        f"{escape(sheet.racks_rule())}.{each} Each rack has an A and a B feed of "
        f"{escape(sheet.feed)}; one PDU per circuit. Weight: {escape(sheet.weight_note)}, plus "
        "the rack and its PDUs."
    )
    # A run of racks ("1–1,285,120") takes the room of a number of seven digits twice.
    widths = RUN_WIDTHS if runs else [8, 10, 12, 13, 19, 12, 14, 12]
    return table(headers, [*rows, [notes]], widths)


def _rack_numbers(first: int, last: int) -> str:
    return f"{first:,}" if first == last else unbroken(f"{first:,}–{last:,}")


def _recommended_first(decision: Decision) -> list[tuple[str, Purchase]]:
    """Each scenario's purchase by its name, the recommended scenario's first."""
    return sorted(decision.purchases.items(), key=lambda kv: kv[0] != decision.recommended)


def purchase_html(report: Report) -> str:
    """Per scenario that fits: its bill of materials, then its power sheet."""
    decision = report.decision
    if decision is None or not decision.purchases:
        return ""
    where = f"Each price's source is listed after the Assumptions, under {BILL_SOURCES}."
    html = f"<h2>Bill of materials and power</h2><p class=muted>{escape(where)}</p>"
    for name, bought in _recommended_first(decision):
        html += f"<h3>{escape(bill_heading(name))}</h3>"
        html += _bill_table(bought)
        html += f"<h3>{POWER_TITLE}: {escape(name)}</h3>" + _power_table(bought)
    return html
