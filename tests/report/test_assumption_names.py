"""Every assumption of the model is named in a planner's words, with its unit, in the window's
Assumptions tab and on paper (QA: the report listed "Gemm flops factor", "Host overlap" and
"Disaggregated decode step ms" with a bare 0, the code's field names)."""

from __future__ import annotations

import re
from html import unescape

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.labels import ASSUMPTION_LABELS, assumption_value_text
from aisle_desktop.plan import Plan
from aisle_desktop.report.assumptions_table import assumptions_html
from aisle_desktop.report.decision_pages import bill_sources_html
from aisle_desktop.report.model import build_report
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION


def test_every_assumption_of_the_calibration_has_a_name_and_a_unit() -> None:
    fields = [
        *type(CURRENT_CALIBRATION.performance).model_fields,
        *type(CURRENT_CALIBRATION.cost).model_fields,
    ]
    assert [name for name in fields if name not in ASSUMPTION_LABELS] == []


def test_a_time_reads_in_its_unit() -> None:
    assert ASSUMPTION_LABELS["disaggregated_decode_step_ms"][1] == "ms"
    assert assumption_value_text("disaggregated_decode_step_ms", 2.0, "ms") == "2 ms"
    # Its 0 is no time at all, not an amount (QA: "0 ms" beside "120 ms" with vLLM).
    assert assumption_value_text("disaggregated_decode_step_ms", 0.0, "ms") == "none"


# A code name: words joined by underscores ("allreduce_efficiency", "eta_mem"); links aside.
CODE_NAME = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
LINK = re.compile(r"https?://\S+")


def code_names(text: str) -> list[str]:
    """The field names written in `text` where a planner's words belong (links may hold them)."""
    return CODE_NAME.findall(LINK.sub("", text))


def test_no_source_of_any_engine_release_names_a_field() -> None:
    """QA: the source of "Link speed gain for prefill-sized messages" read "how many times
    allreduce_efficiency the all-reduces of a prefill chunk reach"; others named eta_mem,
    expert_load_cv, cohort_persistence and the benchmark files' keys."""
    catalog = load_catalog()
    shown = {
        (a.name, a.source)
        for engine in catalog.engines.values()
        for version in (None, *(r.version for r in engine.releases))
        for a in CURRENT_CALIBRATION.as_assumptions(engine.id, version)
    }
    assert {(name, found) for name, source in shown if (found := code_names(source))} == set()


def test_the_reports_sources_name_no_field(catalog: Catalog, three_plan: Plan) -> None:
    """Its assumptions and its bills' sources (QA: "cost assumption
    support_fraction_per_year (share of capex a year)")."""
    report = build_report(catalog, three_plan, "Three options")
    page = unescape(re.sub(r"<[^>]*>", " ", assumptions_html(report))).replace("\u200b", "")
    assert code_names(page) == []
    # The bill's sources quote the catalog's, which may name a library's own call
    # (torch.cuda.get_device_properties); none names a value of the calibration.
    bill = unescape(re.sub(r"<[^>]*>", " ", bill_sources_html(report)))
    assert set(code_names(bill)) & set(CURRENT_CALIBRATION.names()) == set()
