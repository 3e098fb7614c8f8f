"""Why a scenario was not sized reads whole where the first page quotes it: the costs table
and the recommendation quote the reason's first sentence, every catalog id it names kept on
one line (QA: cut at 60 characters, a plan lacking two catalog entries read "not sized:
unknown on this machine and not in the plan", the ids left out; in the Blocking problems
list Qt broke "llama-2-13b-" at a line's end)."""

from __future__ import annotations

from pathlib import Path

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report, write_report_pdf
from aisle_desktop.report.verdict import first_sentence
from tests.pdf_pages import page_texts
from tests.report.conftest import needs_poppler
from tests.sizing.scenario_edits import with_parts

LACKED = 'model "llama-2-13b-retired", GPU "h800-pcie-retired"'


def test_the_first_sentence_is_quoted_whole() -> None:
    why = (
        "Tensor parallel 3 cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads "
        "do not divide evenly among 3 GPUs. Choose Tensor parallel 1, 2, 4 or 8"
    )
    assert first_sentence(why) == why.split(". Choose")[0]  # "3.1 70B" ends no sentence
    server = "8-GPU PCIe server with 8x NVIDIA L40S (e.g. Supermicro SYS-521GE-TNRT)"
    assert first_sentence(f"{server} draws 5.4 kW. Choose another") == f"{server} draws 5.4 kW"
    assert first_sentence(f"unknown on this machine and not in the plan: {LACKED}") == (
        f"unknown on this machine and not in the plan: {LACKED}"
    )


def test_the_first_page_names_every_entry_a_plan_lacks(
    catalog: Catalog, gui_app: object, tmp_path: Path
) -> None:
    needs_poppler()
    retired = with_parts(
        preset_scenario("llama-8b-chat"),
        workload={"model_id": "llama-2-13b-retired"},
        hardware={"gpu_id": "h800-pcie-retired"},
    ).model_copy(update={"name": "Retired parts"})
    plan = Plan(scenarios=[retired])
    path = tmp_path / "retired.pdf"
    write_report_pdf(build_report(catalog, plan, "Retired"), path)
    first = page_texts(path)[0]
    lines = first.splitlines()
    # Each id whole on one line, wherever the sentence wraps.
    for name in ('"llama-2-13b-retired"', '"h800-pcie-retired"'):
        # the recommendation, Blocking problems, the costs table, the scenario's summary and
        # what the report could not show
        assert sum(name in line for line in lines) == 5, name
    words = " ".join(first.split())
    not_sized = f"not sized: unknown on this machine and not in the plan: {LACKED}"
    assert f"No scenario can be recommended yet: Retired parts is {not_sized}." in words
    # the costs table's row says why across its figures' columns
    assert f"Retired parts {not_sized}" in words
