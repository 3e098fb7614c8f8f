"""catalog/README.md lists every shipped entry with its sources and date."""

from __future__ import annotations

from aisle_desktop.catalog import Catalog, shipped_catalog_dir
from aisle_desktop.cli.catalog_sources import (
    BEGIN,
    END,
    readme_section,
    sources_markdown,
    with_section,
)


def test_readme_section_is_the_generated_one(catalog: Catalog) -> None:
    text = (shipped_catalog_dir() / "README.md").read_text(encoding="utf-8")
    assert readme_section(text) == sources_markdown(catalog), (
        "catalog/README.md is out of date: run .venv/bin/python scripts/catalog-readme.py"
    )


def test_every_entry_is_listed_with_its_date(catalog: Catalog) -> None:
    section = sources_markdown(catalog)
    rows = {line.split("|")[1].strip(" `"): line for line in section.splitlines() if "| `" in line}
    tables = [catalog.gpus, catalog.servers, catalog.models, catalog.engines, catalog.precisions]
    entries = [e for table in tables for e in table.values()]
    entries += [*catalog.prices.hosted_apis, *catalog.prices.all_in_power_references]
    for entry in entries:
        assert entry.id in rows, entry.id
        assert str(entry.as_of) in rows[entry.id] and entry.sources[0] in rows[entry.id]
    tray = rows["gb300-nvl72-tray"]
    assert "| 2026-12-04 / 2026-05-05 |" in tray  # the entry's date, then its price's date


def test_section_is_replaced_in_place_or_appended() -> None:
    section = f"{BEGIN}\nnew\n{END}\n"
    old = f"# Title\n\nintro\n\n{BEGIN}\nold | rows\n{END}\n"
    assert with_section(old, section) == f"# Title\n\nintro\n\n{section}"
    assert with_section("# Title\n", section) == f"# Title\n\n{section}"
    assert readme_section("# no markers\n") == ""
