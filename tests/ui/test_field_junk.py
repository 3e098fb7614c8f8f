"""Junk typed into every number field of the window, as a person types it: refused by the
field's name, or (an emptied optional field, an Arabic-Indic digit) taken as what it shows;
never another field changed, and each answered within a second.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication
from pytestqt.qtbot import QtBot

from aisle_desktop.plan import Scenario
from aisle_desktop.ui.main_window import MainWindow

ONE_SECOND = 1.0
JUNK = ["", "-", "1e400", "abc", "\u0663", "9" * 200, "-1e30"]


def _type(qtbot: QtBot, box: QAbstractSpinBox, text: str) -> None:
    """``text`` typed key by key; a character no ASCII key gives (Qt's keyClicks stops the
    program on one) as the key event a keyboard of its script sends."""
    for char in text:
        if char.isascii():
            qtbot.keyClick(box, char)
        else:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(box.lineEdit(), event)


def _flat(scenario: Scenario) -> dict[tuple[str, ...], Any]:
    """Every value of ``scenario`` by its path."""
    found: dict[tuple[str, ...], Any] = {}

    def walk(value: Any, path: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, (*path, str(key)))
        else:
            found[path] = value

    walk(scenario.model_dump(), ())
    return found


def _changed(before: Scenario, after: Scenario) -> set[tuple[str, ...]]:
    old, new = _flat(before), _flat(after)
    return {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}


def test_junk_in_every_number_field_is_refused_by_name_or_taken_alone(
    window: MainWindow, qtbot: QtBot
) -> None:
    """24 fields of the default plan, seven kinds of junk each; a refused field keeps its
    text and mark while the next is typed into, as a planner leaves it."""
    controller = window.controller
    refused: list[tuple[tuple[str, ...], str]] = []
    controller.field_rejected.connect(lambda path, why: refused.append((path, why)))
    wrong = []
    tried = 0
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for panel in (window.workload_panel, window.hardware_panel):
        for path, box in panel.fields.editors().items():
            if not isinstance(box, QAbstractSpinBox) or not box.isEnabled():
                continue
            if not box.isVisibleTo(window):
                continue
            label = panel.fields.label(path)
            tried += 1
            for typed in JUNK:
                panel.ensureWidgetVisible(box)
                box.setFocus()
                qtbot.waitUntil(box.hasFocus)
                before = controller.scenario
                refused.clear()
                start = time.monotonic()
                box.selectAll()
                qtbot.keyClick(box, Qt.Key.Key_Delete)
                _type(qtbot, box, typed)
                qtbot.keyClick(box, Qt.Key.Key_Return)
                took = time.monotonic() - start
                changed = _changed(before, controller.scenario)
                message = panel.message.text()
                if refused:
                    said = [line for line in message.splitlines() if line.startswith(f"{label}: ")]
                    fine = changed == set() and refused[-1][0] == path and len(said) == 1
                elif changed:  # "٣" is the digit 3; emptied, an optional field is automatic
                    taken = _flat(controller.scenario)[path]
                    fine = changed == {path} and taken == (3 if typed == "\u0663" else None)
                if not fine or took > ONE_SECOND:
                    wrong.append(f"{path} {typed[:20]!r} ({took:.2f} s): {changed} {message}")
    assert wrong == [], "\n".join(wrong)
    assert tried >= 20
