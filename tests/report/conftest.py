"""Shared fixtures: a catalog, a three-scenario plan and its PDF (written once per module),
and one memory of sized results for every report the tests build."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import Plan, preset_scenario
from aisle_desktop.report import model as report_model
from aisle_desktop.sizing.calibration import Calibration
from aisle_desktop.sizing.planning import SizedScenarios

THREE_PRESETS = ("llama-70b-rag", "llama-8b-chat", "deepseek-v3")
POPPLER = ("pdfinfo", "pdffonts", "pdftotext")


def needs_poppler() -> None:
    """Skip (naming the fix) when poppler-utils is not installed."""
    missing = [tool for tool in POPPLER if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"poppler-utils missing ({', '.join(missing)}): run `make deps`")


def poppler(tool: str, *args: str) -> str:
    """Run a poppler tool and return its standard output."""
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


def pdf_words(path: Path) -> list[tuple[int, float, float, float, float, float, str]]:
    """Each word of the PDF: its page, the page's width, and its box (points from the top
    left), and its text."""
    found = []
    page, width = 0, 0.0
    for line in poppler("pdftotext", "-bbox", str(path), "-").splitlines():
        if line.lstrip().startswith("<page "):
            page += 1
            width = float(re.search(r'width="([\d.]+)"', line).group(1))  # type: ignore[union-attr]
        word = re.search(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
            line,
        )
        if word:
            x0, y0, x1, y1 = (float(v) for v in word.groups()[:4])
            found.append((page, width, x0, y0, x1, y1, word.group(5)))
    return found


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session", autouse=True)
def reports_share_their_sized_results() -> Iterator[None]:
    """Every report built here sizes its scenarios in one memory of results, as the window's
    reports do (it gives `build_report` its own memory).

    Not given one, `build_report` starts a new memory, so each test's report sized its plan
    and every variant its decision tries again: DeepSeek-V3.2's and Qwen3.5's reports, built in
    five or six test files each, take 5-15 s each to size on a quiet machine, most of it the
    budget's users and sensitivity. A memory is shared only where `build_report` would share
    one (same calibration, same day, a catalog of the same entries) and answers as a new one
    does: the memory is what the window's reports, and every view of a plan, are built from."""
    memories: list[SizedScenarios] = []

    def memory_for(catalog: Catalog, calibration: Calibration, today: date) -> SizedScenarios:
        for memory in memories:
            if (memory.calibration, memory.today) == (calibration, today) and (
                memory.catalog.same_entries(catalog)
            ):
                return memory
        memories.append(SizedScenarios(catalog, calibration, today))
        return memories[-1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report_model, "SizedScenarios", memory_for)
        yield


@pytest.fixture(scope="session")
def three_plan() -> Plan:
    return Plan(scenarios=[preset_scenario(p) for p in THREE_PRESETS])


@pytest.fixture(scope="session")
def gui_app() -> object:
    from aisle_desktop.report import ensure_gui_app

    return ensure_gui_app()


@pytest.fixture(scope="session")
def three_pdf(
    tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, three_plan: Plan, gui_app: object
) -> tuple[Path, int]:
    from aisle_desktop.report import build_report, write_report_pdf

    path = tmp_path_factory.mktemp("report") / "three.pdf"
    pages = write_report_pdf(build_report(catalog, three_plan, "Three options"), path)
    return path, pages


@pytest.fixture(scope="session")
def rag_pdf(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, gui_app: object) -> Path:
    """The default preset's report as `aisle-desktop report --preset llama-70b-rag` writes it:
    a plan of one scenario, named as it is."""
    from aisle_desktop.cli.report_cmd import preset_plan
    from aisle_desktop.report import build_report, write_report_pdf

    path = tmp_path_factory.mktemp("rag") / "rag.pdf"
    plan, name = preset_plan(catalog, "llama-70b-rag")
    write_report_pdf(build_report(catalog, plan, name), path)
    return path
