"""The report's summary says what the figures count that a planner could miss: the encoder
GPUs of an embeddings workload and what the hosted side pays for its embeddings, and that no
hosted API is compared when the catalog holds no price for a model of the plan's size class."""

from __future__ import annotations

import pytest

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import build_report
from aisle_desktop.report.summary_page import summary_html
from tests.sizing.scenario_edits import with_parts


def _summary(catalog: Catalog, *scenarios: object) -> str:
    report = build_report(catalog, Plan(scenarios=list(scenarios)), "Left out")
    return " ".join(summary_html(report).split())


def test_the_summary_counts_the_encoder_gpus(catalog: Catalog) -> None:
    emb = preset_scenario("embeddings-search")
    assert emb.workload.embeddings is not None
    fast = with_parts(
        preset_scenario("llama-70b-rag"),
        workload={"embeddings": emb.workload.embeddings.model_copy(update={"ingest_hours": 0.1})},
    )
    text = _summary(catalog, fast)
    assert "64 × NVIDIA H100 SXM5 80GB bought, 6 needed + 57 for embeddings" in text
    assert (
        "The 57 encoder GPUs for embeddings run on 7 more servers bought for them, counted in "
        "the power, the yearly cost and the cost per million tokens."
    ) in text
    assert (
        "would cost <b>$64.4 k/year</b> (the answers, and the embeddings at BGE large en v1.5 "
        "(DeepInfra) (2025-11-18): $213/year), so at this load"
    ) in text
    # Nomic Embed v1.5: no hosted encoder of its class, so the API prices the answers alone.
    nomic = fast.workload.embeddings
    assert nomic is not None
    unpriced = with_parts(
        fast,
        workload={"embeddings": nomic.model_copy(update={"model_id": "nomic-embed-text-v1.5"})},
    )
    text = _summary(catalog, unpriced)
    assert "(its answers only: the embeddings are not priced there), so at this load" in text


def test_the_summary_says_when_no_hosted_api_is_compared(catalog: Catalog) -> None:
    text = _summary(catalog, preset_scenario("agentic-coding"))
    assert (
        "No hosted API is compared: the catalog has no hosted price for Qwen2.5 32B or a model "
        "of its size class."
    ) in text
    assert "The same load on the hosted API" not in text


@pytest.mark.parametrize(
    ("ingest_hours", "where"),
    [
        (48.0, "runs on 1 server of its own (NVIDIA L4 24GB, in the answering servers' racks)"),
        (
            1.25,
            "run on 10 servers of their own (NVIDIA L4 24GB, 1 in the answering servers' racks, "
            "the rest in 2 racks of their own)",
        ),
    ],
)
def test_the_summary_says_where_the_encoders_own_servers_stand(
    catalog: Catalog, ingest_hours: float, where: str
) -> None:
    """The worked examples of tests/sizing/test_encoder_racks.py: one 1.4 kW box of L4s in the
    DGX H100's 12 kW rack; ten, one there and nine in 2 racks of their own."""
    emb = preset_scenario("embeddings-search").workload.embeddings
    assert emb is not None
    own = emb.model_copy(update={"server_id": "l4-4x-2u", "ingest_hours": ingest_hours})
    text = _summary(
        catalog, with_parts(preset_scenario("llama-70b-rag"), workload={"embeddings": own})
    )
    assert f"for embeddings {where}, counted in the power" in text
