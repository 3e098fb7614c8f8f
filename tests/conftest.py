"""Fixtures and settings shared by every test.

Qt must never need a display here: without ``QT_QPA_PLATFORM=offscreen`` a missing display
aborts the whole pytest process instead of failing one test (STACK.md). The variable is set
before any test module can import Qt; an explicit setting (say ``xcb`` under Xvfb) still wins.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from aisle_desktop.plan import Scenario, preset_scenario

# Qt reads this when the first QGuiApplication is built; nothing above imports Qt. An empty value
# counts as unset (Qt would fall back to xcb and abort without a display).
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

# Hypothesis' 200 ms deadline fails at random on a busy 2-core CI machine (a first call that loads
# the catalog is slow); tests that care about speed say so themselves, and `make bench` times.
settings.register_profile("aisle", deadline=None, print_blob=True)
settings.load_profile("aisle")

_REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class UserDirs:
    """The per-test folders that stand in for the user's own (what platformdirs returns)."""

    data: Path
    config: Path
    state: Path
    cache: Path
    runtime: Path


@pytest.fixture(autouse=True)
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> UserDirs:
    """Point the user's data, config, state, cache and runtime folders into ``tmp_path``.

    platformdirs and Qt's QStandardPaths read the XDG variables on Linux, and a subprocess (a
    CLI test) inherits them, so no test reads or writes the real user folders: settings, user
    catalog entries, autosaves, recovery files. This works only if code asks platformdirs when
    it needs a folder rather than caching the answer at import time.
    """
    root = tmp_path / "user-dirs"
    dirs = UserDirs(
        data=root / "data",
        config=root / "config",
        state=root / "state",
        cache=root / "cache",
        runtime=root / "runtime",
    )
    for name, path in (
        ("XDG_DATA_HOME", dirs.data),
        ("XDG_CONFIG_HOME", dirs.config),
        ("XDG_STATE_HOME", dirs.state),
        ("XDG_CACHE_HOME", dirs.cache),
        ("XDG_RUNTIME_DIR", dirs.runtime),
    ):
        # 0700: Qt ignores a runtime folder that others can read.
        path.mkdir(mode=0o700, parents=True)
        monkeypatch.setenv(name, str(path))
    return dirs


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder (holds ``pyproject.toml``, ``catalog/``, ``validation/``)."""
    return _REPO_ROOT


class ErrorRecords(logging.Handler):
    """Every ERROR or worse logged during a test; any left unclaimed fails it (qutebrowser's
    logfail): an error the program only logged would otherwise pass unseen."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def claim(self, pattern: str) -> list[logging.LogRecord]:
        """The records whose message matches ``pattern``, which the test expected: they no
        longer fail it."""
        mine = [r for r in self.records if re.search(pattern, r.getMessage())]
        self.records = [r for r in self.records if r not in mine]
        return mine


@pytest.fixture(autouse=True)
def error_records() -> Iterator[ErrorRecords]:
    """Fails the test on an error record it did not claim (``error_records.claim``)."""
    handler = ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if handler.records:
        lines = [f"{r.levelname} {r.name}: {r.getMessage()}" for r in handler.records]
        pytest.fail("unexpected error records:\n" + "\n".join(lines), pytrace=False)


def naming_model(model_id: str, name: str) -> Scenario:
    """The Llama 3.1 70B RAG preset named `name`, with the model `model_id` in its place: a
    scenario naming a model the catalog may lack."""
    base = preset_scenario("llama-70b-rag")
    workload = base.workload.model_copy(update={"model_id": model_id})
    return base.model_copy(update={"name": name, "workload": workload})
