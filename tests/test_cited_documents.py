"""Every design document the catalog, the assumptions and the code cite ships in docs/, with
the sections they cite."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CITED = re.compile(r"\b(SIZING|STACK)\.md\b")
SECTION = re.compile(r"SIZING\.md (?:section|s\.)\s?(\d+)(?:-(\d+))?")


def _citing_texts() -> list[tuple[Path, str]]:
    files = [*ROOT.glob("catalog/*.json"), *ROOT.glob("aisle_desktop/**/*.py")]
    files += [*ROOT.glob("resources/learn/**/*.md"), *ROOT.glob("resources/learn/*.json")]
    return [(f, f.read_text(encoding="utf-8")) for f in files]


def test_every_cited_design_document_is_in_docs() -> None:
    cited = {m.group(0) for _f, text in _citing_texts() for m in CITED.finditer(text)}
    assert cited == {"SIZING.md", "STACK.md"}
    for name in cited:
        page = ROOT / "docs" / name
        assert page.is_file(), name
        assert len(page.read_text(encoding="utf-8")) > 2000, name


def test_every_cited_section_of_sizing_exists() -> None:
    headings = set(re.findall(r"^## (\d+)\. ", (ROOT / "docs" / "SIZING.md").read_text(), re.M))
    cited: set[str] = set()
    for _f, text in _citing_texts():
        for first, last in SECTION.findall(text):
            cited.update(str(n) for n in range(int(first), int(last or first) + 1))
    assert {"1", "3", "5", "6"} <= cited
    assert cited <= headings, cited - headings


def test_the_bundle_ships_the_cited_documents() -> None:
    spec = (ROOT / "packaging" / "aisle-desktop.spec").read_text(encoding="utf-8")
    shipped = re.search(r"for name in \(([^)]*)\)\),", spec)
    assert shipped is not None
    assert {"SIZING.md", "STACK.md", "calibration.md"} <= set(re.findall(r'"([^"]+)"', shipped[1]))
