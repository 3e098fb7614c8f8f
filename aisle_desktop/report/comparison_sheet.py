"""The report's comparison of scenarios as a spreadsheet: its costs table and its scenarios
side by side, every scenario of the plan, a row each.

A plan of many scenarios had its comparison only in the PDF: the first page's costs table
lists 50 of them, and "Scenarios compared" six a table (a plan of 1,000 scenarios, 167
tables). A planner weighing them wants them in a spreadsheet, to sort and filter. The sheets
hold what the report's tables hold, numbers as numbers with their units in the headers; they
are written by `spreadsheet` (a sheet a table in an XLSX, one after another in a CSV). No Qt.
"""

from __future__ import annotations

from aisle_desktop.report.compare import compare_results, hosted_notes
from aisle_desktop.report.model import Report, ReportScenario
from aisle_desktop.report.spreadsheet import Cell, Table, sheet_number

# The tables' titles, before the plan's name: the sheets' names, and how
# `bill_file.holds_other_than_a_comparison` tells a comparison Aisle wrote.
COSTS_TITLE = "Costs of the scenarios"
COMPARED_TITLE = "Scenarios compared"
# The column after the hosted API's figures, what the report says beside them in brackets
# ("break-even beyond capacity", "a same-size model's price"): their cells hold numbers.
HOSTED_NOTES = "Hosted API notes"


def with_unit(label: str, unit: str) -> str:
    """A column's header: its label and unit in brackets ("Total cost a year (USD/year)"),
    inside the label's own where it ends in brackets ("Hardware (capex, USD)"), none where
    the label names it ("Most users within targets"). The headers mixed "Hardware (capex),
    USD" with "(USD)" and read "Most users within targets (users)"."""
    if not unit or unit in label.split():
        return label
    return f"{label[:-1]}, {unit})" if label.endswith(")") else f"{label} ({unit})"


def _cost_row(report: Report, item: ReportScenario) -> tuple[Cell, ...]:
    """As the PDF's row: no GPUs or racks for a plan that does not fit, no bill without a
    purchase, no yearly cost without the figure."""
    decision = report.decision
    status = decision.verdicts[item.name].word if decision is not None else ""
    chosen = "yes" if decision is not None and item.name == decision.recommended else ""
    r = item.result
    if r is None:
        return (item.name, chosen, status, None, None, None, None, None)
    bought = decision.purchases.get(item.name) if decision is not None else None
    yearly = r.figures.get("tco_per_year_usd")
    return (
        item.name,
        chosen,
        status,
        r.gpus_bought if r.fits else None,
        r.gpus_for_load if r.fits else None,
        r.racks if r.fits else None,
        sheet_number(bought.bill.one_time_usd, "USD") if bought is not None else None,
        sheet_number(yearly.value, "USD") if yearly is not None else None,
    )


def costs_table(report: Report) -> Table:
    """The first page's costs table, every scenario in the plan's order (the PDF's lists 50
    past that many): GPUs bought and needed, racks, the bill bought once, the yearly cost and
    the status in the report's words ("not sized: why" for one that could not be sized)."""
    header = (
        "Scenario",
        "Recommended",
        "Status",
        "GPUs bought",
        "GPUs needed",
        "Racks",
        "Bill of materials, bought once (USD)",
        "Yearly cost (USD/year)",
    )
    rows = tuple(_cost_row(report, item) for item in report.scenarios)
    return Table(f"{COSTS_TITLE}: {report.plan_name}", header, rows)


def compared_table(report: Report) -> Table:
    """ "Scenarios compared" turned on its side: a row per sized scenario, a column per figure
    (what it runs on, then its key figures), as the PDF's tables of six show them."""
    sized = report.sized
    figures = compare_results([r for _, r in sized])
    # The hosted API's figures as numbers; what qualifies them, where anything does, in a
    # column of its own (as the hosted embeddings' column is there only where one pays them).
    hosted = [row.name for row in figures if row.texts and row.unit]
    notes = [hosted_notes(result, hosted) for _, result in sized]
    header = (
        "Scenario",
        *(with_unit(row.label, row.unit) for row in figures),
        *([HOSTED_NOTES] if any(notes) else []),
    )
    rows = []
    for index, (item, _result) in enumerate(sized):
        cells: list[Cell] = [item.name]
        for row in figures:
            value = row.values[index]
            if row.texts and not row.unit:
                cells.append(row.texts[index])
            elif value is None:
                cells.append(None)
            else:
                cells.append(sheet_number(value, row.unit))
        if any(notes):
            cells.append(notes[index])
        rows.append(tuple(cells))
    return Table(f"{COMPARED_TITLE}: {report.plan_name}", header, tuple(rows))


def comparison_tables(report: Report) -> list[Table]:
    """The report's comparison as a spreadsheet's tables: its costs, then its scenarios side
    by side."""
    return [costs_table(report), compared_table(report)]
