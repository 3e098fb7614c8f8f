"""Rewrite the generated "Every entry, its sources and date" section of catalog/README.md.

Run after changing any shipped catalog entry: `.venv/bin/python scripts/catalog-readme.py`.
The shipped catalog alone is read (no user folder), so the README lists what ships.
"""

from __future__ import annotations

from aisle_desktop.catalog import load_catalog, shipped_catalog_dir
from aisle_desktop.cli.catalog_sources import sources_markdown, with_section


def main() -> None:
    readme = shipped_catalog_dir() / "README.md"
    text = readme.read_text(encoding="utf-8")
    updated = with_section(text, sources_markdown(load_catalog()))
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
    print(f"{readme}: {'updated' if updated != text else 'already up to date'}")


if __name__ == "__main__":
    main()
