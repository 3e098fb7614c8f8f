"""A campus-sized plan reads as planners write big numbers: counts grouped in thousands
(918,112 GPUs, not 918112), power in MW or GW to three significant figures, everywhere the
`size` command writes them."""

from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from aisle_desktop.cli.main import main
from aisle_desktop.formatting import with_unit
from aisle_desktop.labels import ASSUMPTION_LABELS
from aisle_desktop.plan import Plan, plan_to_text, preset_scenario

# The QA plan: the 70B RAG preset at 100 M active users.
HUGE_USERS = 100_000_000


@pytest.fixture(scope="module")
def huge_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    data = json.loads(plan_to_text(Plan(scenarios=[preset_scenario("llama-70b-rag")])))
    data["scenarios"][0]["workload"]["load"]["active_users"] = HUGE_USERS
    path: Path = tmp_path_factory.mktemp("huge") / "huge.aisle"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["size", str(path)]) == 0
    return out.getvalue()


def test_every_count_of_a_huge_plan_is_grouped(huge_text: str) -> None:
    # not the assumptions, whose sources quote the papers' and pull requests' own numbers
    named = tuple(f"  {label}: " for label, _ in ASSUMPTION_LABELS.values())
    lines = [line for line in huge_text.splitlines() if not line.startswith(named)]
    bare = [m.group() for line in lines for m in re.finditer(r"(?<![\d.,])\d{4,}(?![\d,])", line)]
    assert [b for b in bare if not b.startswith("20")] == []  # only years (2026) stay bare
    assert "923,240 × NVIDIA H100 SXM5 80GB bought, 923,234 needed = 461,620 replicas" in (
        huge_text
    )
    assert "(461,617 needed, 3 more on GPUs already bought)" in huge_text
    assert "in 115,405 × NVIDIA DGX H100" in huge_text
    assert "which hold 923,240 GPUs, so Aisle runs 3 more replicas" in huge_text
    assert "Set the GPU count to 923,234 to leave those GPUs idle" in huge_text
    assert "Rack power, not space, sets the rack count (115,405 racks)." in huge_text
    assert "keep about 14,791,720 requests in flight" in huge_text
    assert "about 4,132,304 GPUs instead of 923,240." in huge_text
    # The pools' wait for a decode place is read where their headroom ends, as a replica's
    # queues are read at its capacity: 67,061 decode workers of TP 4 (911,924 GPUs, a "Yes")
    # became 36,150 of TP 2 × PP 4 with room for 595 answers each, and under calibration
    # 2026.12.29 68,698 of TP 4 with room for 315.
    assert (
        "No: 923,234 GPUs needed serving prompts and answers together against 932,768 GPUs "
        "needed in two pools (164,494 prefill workers of TP 4 × PP 1, 68,698 decode workers"
    ) in huge_text
    assert "the pools in 82,247 + 34,349 servers of their own" in huge_text
    assert "923,240 bought together, 932,768 for two pools;" in huge_text
    assert "164,494 × TP 4 × PP 1" in huge_text and "68,698 × TP 4 × PP 1" in huge_text


def test_a_huge_plans_power_reads_in_megawatts_and_gigawatts(huge_text: str) -> None:
    """QA: "736.8 MW" and "1,105 MW", four significant figures where every other figure has
    three."""
    assert re.search(r"All servers, average\s+741 MW\n", huge_text)
    assert re.search(r"Facility, with cooling \(PUE\)\s+1\.11 GW\n", huge_text)
    assert re.search(r"Server, average\s+6\.42 kW\n", huge_text)  # a server stays in kW


@pytest.mark.parametrize(
    ("kw", "text"),
    [
        (999.0, "999 kW"),
        (999.6, "1 MW"),  # rounds up to a megawatt: never "1,000 kW"
        (1000.0, "1 MW"),
        (1234.6, "1.23 MW"),
        (540_750.0, "541 MW"),
        (1_171_000.0, "1.17 GW"),
    ],
)
def test_kilowatts_turn_to_megawatts_and_gigawatts_at_a_thousand(kw: float, text: str) -> None:
    assert with_unit(kw, "kW") == text
