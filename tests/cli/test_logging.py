"""Log records go to a rotating file in the user state folder (window) or stderr (commands)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from aisle_desktop import logging_setup
from aisle_desktop.cli.main import main
from tests.conftest import ErrorRecords, UserDirs


@pytest.fixture
def root_logger() -> Iterator[logging.Logger]:
    """The root logger, its handlers and level put back after the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield root
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_the_window_logs_to_a_rotating_file_in_the_state_folder(
    user_dirs: UserDirs,
    root_logger: logging.Logger,
    monkeypatch: pytest.MonkeyPatch,
    error_records: ErrorRecords,
) -> None:
    monkeypatch.setattr(logging_setup, "LOG_FILE_BYTES", 400)
    path = logging_setup.log_to_file()
    assert path == user_dirs.state / "aisle-desktop" / "aisle-desktop.log"
    log = logging.getLogger("aisle_desktop.worker.thread")
    for number in range(30):  # about 100 bytes each: more than four files hold
        log.error("sizing revision %d failed", number)
    error_records.claim("sizing revision")
    newest = path.read_text()
    assert "ERROR MainThread aisle_desktop.worker.thread: sizing revision 29 failed" in newest
    kept = sorted(p.name for p in path.parent.iterdir())
    assert kept == [f"aisle-desktop.log{end}" for end in ("", ".1", ".2", ".3")]


def test_an_unwritable_state_folder_falls_back_to_stderr(
    user_dirs: UserDirs, root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    (user_dirs.state / "aisle-desktop").write_text("a file where the folder should be")
    assert logging_setup.log_to_file() is None
    assert "cannot write the log file" in capsys.readouterr().err


def test_a_command_logs_warnings_to_stderr(
    root_logger: logging.Logger, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["presets"]) == 0
    logging.getLogger("aisle_desktop.plan").warning("plan file %s is odd", "x.aisle")
    logging.getLogger("aisle_desktop.plan").info("not shown")
    err = capsys.readouterr().err
    assert err.startswith("aisle-desktop: WARNING: plan file x")
    assert "not shown" not in err


def test_only_one_of_aisles_handlers_is_installed(root_logger: logging.Logger) -> None:
    logging_setup.log_to_stderr()
    logging_setup.log_to_stderr()
    assert sum(getattr(h, "aisle_handler", False) for h in root_logger.handlers) == 1


def test_state_folder_is_asked_each_time(user_dirs: UserDirs) -> None:
    assert logging_setup.log_file_path().is_relative_to(Path(user_dirs.state))
