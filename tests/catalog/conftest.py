"""Fixtures for the catalog tests: the shipped catalog and a writable copy of it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aisle_desktop.catalog import Catalog, load_catalog, shipped_catalog_dir


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalog, loaded once per test session."""
    return load_catalog()


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A copy of the shipped catalog folder (named "catalog") that a test may break."""
    target = tmp_path / "catalog"
    shutil.copytree(shipped_catalog_dir(), target)
    return target


JsonEdit = Callable[[Path, str, Callable[[Any], None]], None]


@pytest.fixture
def edit_json() -> JsonEdit:
    """Load a JSON file from a folder, let the test change it, write it back."""

    def edit(folder: Path, name: str, change: Callable[[Any], None]) -> None:
        path = folder / name
        data = json.loads(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(json.dumps(data, indent=2), encoding="utf-8")

    return edit
