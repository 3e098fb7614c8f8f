"""A drive that stops answering, for the windows' reads run off the GUI thread
(`ui/off_thread.py`), and a planner who waits a moment in its dialog, then cancels."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.ui.off_thread import WaitDialog
from aisle_desktop.ui.user_catalog_read import CatalogReader
from aisle_desktop.user_folders import user_catalog_dir
from tests.ui.conftest import RESULT_TIMEOUT_MS


@contextmanager
def stalled_reads(
    monkeypatch: pytest.MonkeyPatch,
    owner: object,
    name: str,
    stalls: Callable[[Path], bool] = lambda _path: True,
) -> Iterator[threading.Event]:
    """Each read through ``owner.name`` (a function taking the path first) of a path that
    ``stalls`` waits until the event given is set, as on a network drive that stopped
    answering; set on leaving, so no thread is left waiting."""
    drive_back = threading.Event()
    read = getattr(owner, name)

    def stalled(path: Path, *args: Any) -> Any:
        if stalls(path):
            drive_back.wait()
        return read(path, *args)

    monkeypatch.setattr(owner, name, stalled)
    try:
        yield drive_back
    finally:
        drive_back.set()


def threads_ended(name: str) -> None:
    """Wait for the threads called ``name`` to end: the writes a drive held, once it is back,
    or what the window asked for before it closed."""
    for thread in threading.enumerate():
        if thread.name == name:
            thread.join(RESULT_TIMEOUT_MS / 1000)
            assert not thread.is_alive()


def cancel_once_drawn(
    qtbot: QtBot, window: QWidget, said: list[str]
) -> Callable[[WaitDialog], None]:
    """Note what the wait dialog says, see the window's event loop turn five times while it
    waits (a timer of the window ticking), then click Cancel."""

    def act(dialog: WaitDialog) -> None:
        said.append(dialog.doing.text())
        ticks: list[int] = []
        heartbeat = QTimer(window)
        heartbeat.setInterval(20)
        heartbeat.timeout.connect(lambda: ticks.append(1))
        heartbeat.start()
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=RESULT_TIMEOUT_MS)
        heartbeat.stop()
        buttons = dialog.findChild(QDialogButtonBox)
        assert buttons is not None
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)

    return act


ROOT = Path(__file__).resolve().parents[2]


def run_offscreen(script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a Python process of its own, its window offscreen (its end, or what
    it prints, is what is tested), within two minutes."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )


@contextmanager
def held_drive() -> Iterator[tuple[CatalogReader, threading.Event]]:
    """A reader of the user's catalog whose drive answers when the event is set (set on
    leaving, so no thread is left waiting)."""
    drive_back = threading.Event()

    def read() -> tuple[Catalog, list[str]]:
        drive_back.wait()
        left_out: list[str] = []
        return load_catalog(user_folder=user_catalog_dir(), left_out=left_out), left_out

    try:
        yield read, drive_back
    finally:
        drive_back.set()
