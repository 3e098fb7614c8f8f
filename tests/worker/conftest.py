"""The sizing worker on its own, without Qt (these tests run in the core venv too).

In the full run, windows of earlier GUI tests may still await garbage collection; a collection
triggered on the sizing thread would destroy their Qt objects there (docs/architecture.md). So
each test collects first, on this thread, and keeps automatic collection off while it runs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from aisle_desktop.catalog import Catalog, load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(autouse=True)
def collect_on_this_thread_only() -> Iterator[None]:
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
