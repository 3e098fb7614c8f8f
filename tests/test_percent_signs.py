"""Percents read one way wherever a planner reads them: spaced, as the window's figures write
them ("78 %", `formatting.percent`). The assumption notes, the catalog's notes and the Learn
course wrote "5%" beside the figures' "5 %"; so did README.md, docs/SIZING.md and
docs/architecture.md ("80% bands"), and `make validate`'s REPORT files and `validate` itself
("17.3%", "+5%"). The README's two sections of the 2025-26 validation figures quote the
accuracy notes (docs/calibration.md, docs/accuracy-history.md: "17.33%") as those are written,
and keep their form."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from aisle_desktop.labels import assumption_label
from aisle_desktop.sizing.calibration import CostAssumptions, PerformanceAssumptions

ROOT = Path(__file__).resolve().parents[1]


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


def test_the_notes_a_planner_reads_space_their_percents() -> None:
    notes = [
        a.source
        for kind in (PerformanceAssumptions, CostAssumptions)
        for a in kind().as_assumptions()
    ]
    for path in sorted((ROOT / "catalog").glob("*.json")):
        notes += _strings(json.loads(path.read_text(encoding="utf-8")))
    learn = ROOT / "resources" / "learn"
    notes += [
        p.read_text(encoding="utf-8")
        for p in sorted(learn.rglob("*"))
        if p.suffix in {".md", ".svg"}
    ]
    unspaced = [m.group(0) for note in notes for m in re.finditer(r".{0,30}\d%", note)]
    assert unspaced == []


# README sections that quote the validation reports' figures as those reports write them.
QUOTING_THE_REPORTS = ("### Today's engines (2025-26)", "### Disaggregated serving (2025-26)")


def _planner_lines(text: str) -> list[str]:
    """The lines of a Markdown text outside code blocks and the sections quoting reports."""
    kept, quoting, code = [], False, False
    for line in text.splitlines():
        if line.startswith("#"):
            quoting = line.strip() in QUOTING_THE_REPORTS
        if line.startswith("```"):
            code = not code
        if not quoting and not code:
            kept.append(line)
    return kept


def test_the_readme_and_the_design_notes_space_their_percents() -> None:
    lines = [
        line
        for name in ("README.md", "docs/SIZING.md", "docs/architecture.md")
        for line in _planner_lines((ROOT / name).read_text(encoding="utf-8"))
    ]
    assert len(lines) > 1500
    unspaced = [m.group(0) for line in lines for m in re.finditer(r".{0,30}\d%", line)]
    assert unspaced == []


# A setting named in a note as a bare number: "1: the server's main process does both",
# "; 0 reads them", ", 0 every rank at the mean".
BARE_SETTING = re.compile(r"(?:^|[;,.:] )[01](?::| takes| reads| dissolves| every| when| with)")


def test_a_shares_notes_name_its_settings_as_its_value_reads() -> None:
    """The Assumptions tab, `size` and the report read a switch's value in percent ("100 %",
    "off (one token's experts)"), and its note described the settings as "1: ... 0: ...":
    "Share of the experts ... an MTP pass reads: 100 % · 1: a MoE model's MTP draft pass
    ...". The notes now say "100 %: ..." and "off (0 %): ..."."""
    shares = [
        a
        for kind in (PerformanceAssumptions, CostAssumptions)
        for a in kind().as_assumptions()
        if assumption_label(a.name)[1] == "share"
    ]
    assert len(shares) > 10
    bare = [(a.name, m.group(0)) for a in shares for m in BARE_SETTING.finditer(a.source)]
    assert bare == []
    draft = next(a for a in shares if a.name == "draft_pass_touched_experts")
    assert draft.source.startswith("100 %: a MoE model's MTP draft pass")
    assert "; off (0 %): one token's active share" in draft.source


def test_the_validation_reports_space_their_percents() -> None:
    """validation/REPORT.md and REPORT-2025-26.md, which the README and the report's
    methodology quote, wrote "17.3% / 56.1%" and "+5%" (`validate`'s own tables too)."""
    for name in ("REPORT.md", "REPORT-2025-26.md"):
        text = (ROOT / "validation" / name).read_text(encoding="utf-8")
        assert re.search(r"\| [+-]\d+\.\d % \|", text), name  # a median signed error
        assert re.findall(r".{0,30}\d%", text) == [], name


# A setting in another unit named as a bare 0: "0: the adapters' figure", "0 turns it off".
BARE_ZERO = re.compile(r"(?:^|[;,.(] )0(?::| turns| reads| keeps| takes)")


def test_every_switchs_note_names_its_0_as_its_value_reads() -> None:
    """The shares' notes said "off (0 %): ..." but the switches in other units still said
    "0: ...": "All-reduce bandwidth between servers ...: off (the network adapters' figure) ·
    ... 0: the adapters' figure". Each now names its 0 with its unit, as its value reads."""
    every = [
        a for kind in (PerformanceAssumptions, CostAssumptions) for a in kind().as_assumptions()
    ]
    bare = [(a.name, m.group(0)) for a in every for m in BARE_ZERO.finditer(a.source)]
    assert bare == []
    gbps = next(a for a in every if a.name == "cross_server_allreduce_bus_gbps")
    assert "; off (0 GB/s): the adapters' figure" in gbps.source
