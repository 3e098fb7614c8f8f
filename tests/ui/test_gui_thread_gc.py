"""Garbage collection stays on the GUI thread while a sizing thread lives."""

from __future__ import annotations

import gc
import weakref

from PySide6.QtCore import QCoreApplication, QEvent
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.gui_thread_gc import GuiThreadCollector, generation_due
from aisle_desktop.ui.main_window import MainWindow


def test_the_generation_due_follows_cpythons_thresholds() -> None:
    assert generation_due((10, 0, 0), (700, 10, 10)) is None
    assert generation_due((701, 0, 0), (700, 10, 10)) == 0
    assert generation_due((701, 11, 0), (700, 10, 10)) == 1
    assert generation_due((701, 11, 11), (700, 10, 10)) == 2
    assert generation_due((5000, 0, 0), (0, 10, 10)) is None  # threshold 0: collection off


def test_automatic_collection_is_off_while_any_collector_lives(qapp: object) -> None:
    assert gc.isenabled()
    first, second = GuiThreadCollector(), GuiThreadCollector()
    assert not gc.isenabled()
    first.stop()
    assert not gc.isenabled()  # the second still holds it
    second.stop()
    second.stop()  # stopping twice changes nothing
    assert gc.isenabled()


class Node:
    """An object that can sit in a reference cycle and be watched with a weak reference."""

    def __init__(self) -> None:
        self.itself = self


def test_the_timer_collects_cyclic_garbage_on_the_gui_thread(qtbot: QtBot) -> None:
    # What an earlier test's window left to delete would free objects meanwhile and take the
    # allocation count back under the threshold: delete it first, from known counts.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    collector = GuiThreadCollector()
    try:
        watched = weakref.ref(Node())  # a cycle: only the collector can free it
        cycles = [Node() for _ in range(gc.get_threshold()[0] * 2)]
        del cycles  # now garbage, in cycles, enough to make a collection due
        assert watched() is not None
        qtbot.waitUntil(lambda: watched() is None, timeout=5_000)
    finally:
        collector.stop()


def test_the_window_holds_collection_until_it_closes(window: MainWindow) -> None:
    assert not gc.isenabled()
    window.service.shutdown()
    assert gc.isenabled()
