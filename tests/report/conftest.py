"""Shared fixtures: a catalog, a three-scenario plan and its PDF (written once per module)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.plan import Plan, preset_scenario

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
