"""Two reports a planner may be handed without the window: a plan none of whose scenarios can
be served, and a plan an older Aisle saved. Read from the PDF's own text.

QA: a plan whose scenarios all failed printed "What is served. Llama 3.1 405B (...) on
NVIDIA TensorRT-LLM, for . A request is ...", a blank Load row on its page, "needs more memory
than 1 GPU (NVIDIA L40S 48GB) provide" and its memory figures in the right half of a table
whose left half was blank; a plan saved in format 2 (the calibration of its day inside) was
sized with today's calibration without a word saying so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.plan import Hardware, Plan, preset_scenario, save_plan
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from tests.pdf_pages import page_texts
from tests.plan.old_files import v2_file


def _words(text: str) -> str:
    """The PDF's text with its lines joined, as a sentence reads."""
    return re.sub(r"\s+", " ", text)


def _readme_quote(opening: str) -> str:
    """The README's quote of the report's words that open with ``opening``, as one line."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    found = re.search(rf'"({re.escape(opening)}[^"]*)"', _words(readme))
    assert found, f"the README quotes no sentence opening with {opening!r}"
    return found.group(1)


def test_a_plan_where_nothing_fits_says_what_is_wrong_and_where(
    gui_app: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = preset_scenario("llama-405b-fp8")
    too_big = big.model_copy(
        update={
            "name": "405B on one L40S",
            "hardware": Hardware(gpu_id="l40s", gpu_count=1, tp=1, pp=1),
        }
    )
    rag = preset_scenario("llama-70b-rag")
    unknown = rag.model_copy(
        update={
            "name": "Our own fine-tune",
            "workload": rag.workload.model_copy(update={"model_id": "acme-finetune-70b"}),
        }
    )
    plan_file = tmp_path / "nothing.aisle"
    save_plan(Plan(name="Nothing fits", scenarios=[too_big, unknown]), plan_file)
    out = tmp_path / "nothing.pdf"
    assert main(["report", str(plan_file), "-o", str(out)]) == 1
    pages = [_words(text) for text in page_texts(out)]
    first = pages[0]
    assert (
        "No scenario can be recommended yet: 405B on one L40S does not fit; Our own fine-tune "
        'is not sized: unknown model id "acme-finetune-70b"' in first
    )
    assert (
        "405B on one L40S: Does not fit: Llama 3.1 405B at FP8 needs more memory than 1 GPU "
        "(NVIDIA L40S 48GB) provides" in first
    )
    assert "Our own fine-tune: Not sized: unknown model id" in first
    assert "on NVIDIA TensorRT-LLM 1.3 (2026-08), for 32 requests always in flight" in first
    assert ", for ." not in first
    # No bill follows: the costs paragraph does not promise one.
    assert "storage, racks and PDUs). The yearly cost" in first
    assert "its pages follow" not in " ".join(pages)
    assert "What this report could not show" in first
    # Each scenario's own page says it again, its load in the Inputs table.
    own = next(text for text in pages if "Scenario: 405B on one L40S" in text)
    assert "Load 32 requests always in flight" in own
    assert "It does not fit in memory; no curves or costs. What would fit:" in own
    # Its memory in two halves: the first half opens with its heading, not a blank cell.
    assert re.search(r"Figure Value Figure Value Memory per GPU Free [\d.]+ GB Weights", own)
    err = capsys.readouterr().err
    assert 'Scenario "Our own fine-tune" could not be sized' in err
    assert "'405B on one L40S' has a blocking problem: does not fit" in err


def test_a_plan_saved_by_an_older_aisle_says_it_was_sized_again_today(
    gui_app: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "november.aisle"
    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    old.write_text(json.dumps(v2_file(plan)), encoding="utf-8")
    out = tmp_path / "november.pdf"
    assert main(["report", str(old), "-o", str(out)]) == 0
    first = _words(page_texts(out)[0])
    today = CURRENT_CALIBRATION.label
    assert (
        f"Saved by an older Aisle (plan format 2; today's is 4). It was sized again for this "
        f"report with today's {today}, so its figures may differ from those it showed when it "
        "was saved. Its file held the calibration of its day" in first
    )
    # The README quotes it, today's calibration in place of its placeholder.
    assert (
        _readme_quote("Saved by an older Aisle").replace("calibration *id (date)*", today) in first
    )
    err = capsys.readouterr().err
    assert (
        "november.aisle was saved by an older Aisle (plan format 2); sized again with "
        f"today's {today}" in err
    )
    # Saved again, it is today's format and its report says nothing of the kind.
    current = tmp_path / "today.aisle"
    save_plan(plan, current)
    assert main(["report", str(current), "-o", str(out)]) == 0
    assert "older Aisle" not in _words(page_texts(out)[0])


def test_a_plan_that_fits_says_its_bill_follows() -> None:
    """The costs paragraph promises the bill's pages only where a bill is printed."""
    from aisle_desktop.catalog import load_catalog
    from aisle_desktop.report import build_report
    from aisle_desktop.report.decision_pages import decision_html

    plan = Plan(scenarios=[preset_scenario("llama-70b-rag")])
    html = decision_html(build_report(load_catalog(), plan, "rag"))
    assert "(servers, network, storage, racks and PDUs; its pages follow)" in html
