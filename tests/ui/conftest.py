"""A real main window on the default preset, closed after each test with its worker stopped.

No test may block on a modal dialog: every QMessageBox, QFileDialog and QInputDialog static
method fails the test unless the test patches it with the answer it wants.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from aisle_desktop.catalog import Catalog, load_catalog
from aisle_desktop.ui.app import build_window
from aisle_desktop.ui.main_window import MainWindow

RESULT_TIMEOUT_MS = 20_000
DIALOGS = [
    (QMessageBox, ("question", "warning", "information", "critical", "about")),
    (QFileDialog, ("getOpenFileName", "getSaveFileName", "getExistingDirectory")),
    (QInputDialog, ("getText", "getInt", "getDouble", "getItem")),
]


class UnexpectedDialogError(AssertionError):
    """A modal dialog opened that the test did not expect (it would block headless)."""


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    for cls, names in DIALOGS:
        for name in names:

            def refuse(*args: Any, _name: str = f"{cls.__name__}.{name}", **kwargs: Any) -> Any:
                raise UnexpectedDialogError(f"unexpected modal dialog {_name}{args[1:3]}")

            monkeypatch.setattr(cls, name, staticmethod(refuse))


def answer(monkeypatch: pytest.MonkeyPatch, *answers: QMessageBox.StandardButton) -> list[str]:
    """Make QMessageBox.question return `answers` in turn; the texts asked are returned."""
    asked: list[str] = []
    queue = list(answers)

    def question(_parent: object, title: str, text: str, *_a: object, **_k: object) -> object:
        asked.append(f"{title}: {text}")
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture
def window(qtbot: QtBot, catalog: Catalog, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    """The window, shown, after its first result has arrived; unsaved edits are discarded."""

    def discard_unsaved(w: MainWindow) -> None:
        if w.document.is_modified():
            answer(monkeypatch, QMessageBox.StandardButton.Discard)

    win = build_window(catalog, "llama-70b-rag")
    qtbot.addWidget(win, before_close_func=discard_unsaved)
    with qtbot.waitSignal(win.service.sized, timeout=RESULT_TIMEOUT_MS):
        win.show()
    yield win
    discard_unsaved(win)
    win.close()
    # No sizing thread may outlive a test: closing the window stops it.
    assert not win.service.is_running()
