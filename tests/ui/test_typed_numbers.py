"""What a planner types into a number field stays as typed; what the field cannot take is refused
by name, with its limit, and the plan keeps its last good value without being sized again.

QA found Qt's spin boxes dropping the keystrokes that left their range: "25" hours became
2.0 h, "1e30" users 130, "12abc" 12, and the plan was re-sized on the number nobody typed.
"""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLabel
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.refused_look import is_refused
from aisle_desktop.ui.typed_number import THOUSANDS_POINT_REFUSED
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read

W, L, C = ("workload",), ("workload", "load"), ("costs",)


def _panel_of(window: MainWindow, path: tuple[str, ...]) -> tuple[QAbstractSpinBox, QLabel]:
    panel = window.workload_panel if path[0] == "workload" else window.hardware_panel
    box = panel.fields.widget(path)
    assert isinstance(box, QAbstractSpinBox)
    panel.ensureWidgetVisible(box)
    return box, panel.message


def _type(
    qtbot: QtBot, window: MainWindow, path: tuple[str, ...], text: str, enter: bool = True
) -> QAbstractSpinBox:
    """Click into the field, select what it shows, type `text` (nothing: delete), press Enter."""
    box, _message = _panel_of(window, path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    if text:
        qtbot.keyClicks(box, text)
    else:
        qtbot.keyClick(box, Qt.Key.Key_Delete)
    if enter:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    return box


PRICE, POWER = (*C, "server_price_usd"), (*C, "electricity_usd_per_kwh")
HOURS, USERS = (*L, "working_hours_per_day"), (*L, "active_users")
ANSWER, AMORTISATION = (*W, "output_tokens"), (*C, "amortisation_years")
REFUSED = [
    (HOURS, "25", "25 h", "Hours a day: must be at most 24 h (you typed 25)"),
    (
        USERS,
        "1e30",
        "1e30 users",
        "Active users: must be at most 100,000,000 users (you typed 1e30)",
    ),
    (
        (*W, "targets", "ttft_ms"),
        "1e30",
        "1e30 ms",
        "First token within: must be at most 3,600,000 ms (you typed 1e30)",
    ),
    (
        AMORTISATION,
        "9" * 20,
        f"{'9' * 20} years",
        f"Written off over: must be at most 30 years (you typed {'9' * 20})",
    ),
    ((*C, "pue"), "10", "10", "PUE: must be at most 5 (you typed 10)"),
    (
        ANSWER,
        "12abc",
        "12abc tokens",
        "Answer: must be a whole number from 1 token to 10,000,000 tokens (you typed 12abc)",
    ),
    (
        (*L, "think_time_s"),
        "",
        " s",
        "Think time: must be a number from 0 s to 86,400 s (the field is empty)",
    ),
    (
        (*L, "days_per_year"),
        "400",
        "400 days",
        "Days a year: must be at most 366 days (you typed 400)",
    ),
    (ANSWER, "2.5", "2.5 tokens", "Answer: must be a whole number (you typed 2.5)"),
    # A point grouping thousands, as German and other locales write them, in a whole-number
    # field: "1.000" users was taken as 1 user, "$1.000" a server as $1, with nothing said.
    (
        USERS,
        "1.000",
        "1.000 users",
        f"Active users: {THOUSANDS_POINT_REFUSED.format(text='1.000')}",
    ),
    (
        PRICE,
        "250.000",
        "$250.000",
        f"Model server price: {THOUSANDS_POINT_REFUSED.format(text='250.000')}",
    ),
    ((*C, "pue"), "1.355", "1.355", "PUE: takes at most 2 decimals (you typed 1.355)"),
    # Money fields showing the catalog's price quoted it ("Catalog: $300,000" was not taken)
    (
        PRICE,
        "abc",
        "$abc",
        "Model server price: must be a whole number from $0 to $1,000,000,000 (you typed abc)",
    ),
    (PRICE, "-5", "$-5", "Model server price: must be at least $0 (you typed -5)"),
    (POWER, "-5", "$-5/kWh", "Electricity price: must be at least $0/kWh (you typed -5)"),
    (POWER, "12", "$12/kWh", "Electricity price: must be at most $10/kWh (you typed 12)"),
]


def _refused(
    window: MainWindow, qtbot: QtBot, path: tuple[str, ...], typed: str, shown: str, message: str
) -> None:
    """``typed`` into the field at ``path`` is refused with ``message`` and stays ``shown``;
    the plan keeps its value and is not sized again, even once the field is left."""
    controller = window.controller
    before, revision = controller.scenario, controller.revision
    with (
        qtbot.assertNotEmitted(controller.scenario_changed),
        qtbot.waitSignal(controller.field_rejected, timeout=RESULT_TIMEOUT_MS) as refusal,
    ):
        box = _type(qtbot, window, path, typed)
    assert refusal.args == [path, message.split(": ", 1)[1]]
    _box, panel_message = _panel_of(window, path)
    assert panel_message.text() == message and panel_message.isVisibleTo(window)
    assert "Catalog" not in message  # only what was typed is quoted
    assert is_refused(box)  # marked as "-5" and "0" are
    assert message.split(": ", 1)[1] in box.toolTip()
    assert as_read(window.results_panel.banner.text()) == f"Not sized: {message}"  # the results too
    assert box.text() == shown
    assert controller.scenario == before and controller.revision == revision  # not sized again
    with qtbot.assertNotEmitted(controller.scenario_changed):
        window.workload_panel.fields.widget((*W, "model_id")).setFocus()  # leave the field
        qtbot.waitUntil(lambda: not box.hasFocus())
    assert box.text() == shown
    assert is_refused(box) and controller.scenario == before


def _value_at(window: MainWindow, path: tuple[str, ...]) -> object:
    value: object = window.controller.scenario
    for name in path:
        value = getattr(value, name)
    return value


def test_a_number_the_field_cannot_take_stays_as_typed_and_is_refused_by_name(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Each of REFUSED in one window, as a planner mistyping one field after another: each
    refusal is undone by typing the plan's value back (a window each took some 1.5 s)."""
    for path, typed, shown, message in REFUSED:
        kept = _value_at(window, path)
        _refused(window, qtbot, path, typed, shown, message)
        back = "" if kept is None else f"{kept:g}"  # emptied: the catalog's price again
        box = _type(qtbot, window, path, back)
        qtbot.waitUntil(lambda box=box: not is_refused(box))
        assert not window.workload_panel.message.isVisibleTo(window)
        assert not window.hardware_panel.message.isVisibleTo(window)
        assert "Not sized" not in window.results_panel.banner.text()
        assert _value_at(window, path) == kept


def test_a_typed_number_is_taken_and_written_with_thousands_grouped(
    window: MainWindow, qtbot: QtBot
) -> None:
    path = (*W, "prompt", "history_tokens")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type(qtbot, window, path, "30000")
    assert window.controller.scenario.workload.prompt.history_tokens == 30_000
    window.workload_panel.fields.widget((*W, "model_id")).setFocus()
    qtbot.waitUntil(lambda: not box.hasFocus())
    assert box.text() == "30,000 tokens"
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, path, "12,500")  # grouped as the field writes it
    assert window.controller.scenario.workload.prompt.history_tokens == 12_500
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        users = _type(qtbot, window, (*L, "active_users"), "5000")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        ttft = _type(qtbot, window, (*W, "targets", "ttft_ms"), "1500")
    assert (users.text(), ttft.text()) == ("5,000 users", "1,500 ms")


@pytest.mark.parametrize(
    ("path", "shown"),
    [((*C, "colocation_usd_per_kw_month"), "$0.00/kW-month"), ((*L, "think_time_s"), "0 s")],
)
def test_a_typed_negative_zero_is_taken_as_zero(
    window: MainWindow, qtbot: QtBot, path: tuple[str, ...], shown: str
) -> None:
    """The walk: "-0" was taken as -0.0, shown "$-0.00/kW-month" and saved as -0.0."""
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        box = _type(qtbot, window, path, "-0")
    value: object = window.controller.scenario
    for name in path:
        value = getattr(value, name)
    assert isinstance(value, float) and value == 0 and math.copysign(1.0, value) == 1.0
    window.workload_panel.fields.widget((*W, "model_id")).setFocus()
    qtbot.waitUntil(lambda: not box.hasFocus())
    assert box.text() == shown


def test_a_value_fixed_after_a_refusal_is_taken_and_the_mark_goes(
    window: MainWindow, qtbot: QtBot
) -> None:
    path = (*L, "working_hours_per_day")
    with qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS):
        box = _type(qtbot, window, path, "25")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, path, "12")
    assert window.controller.scenario.workload.load.working_hours_per_day == 12
    assert not is_refused(box)
    assert not window.workload_panel.message.isVisibleTo(window)
    assert not window.results_panel.stale.isVisibleTo(window)


def test_typed_money_reads_as_the_catalogs_does(window: MainWindow, qtbot: QtBot) -> None:
    price = (*C, "server_price_usd")
    box, _message = _panel_of(window, price)
    assert box.text().startswith("Catalog: $")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, price, "130000")
    assert window.controller.scenario.costs.server_price_usd == 130_000
    electricity = (*C, "electricity_usd_per_kwh")
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        power = _type(qtbot, window, electricity, "$0.2")  # the dollar sign may be typed
    assert window.controller.scenario.costs.electricity_usd_per_kwh == pytest.approx(0.2)
    window.workload_panel.fields.widget((*W, "model_id")).setFocus()
    qtbot.waitUntil(lambda: not power.hasFocus())
    assert box.text() == "$130,000"
    assert power.text() == "$0.200/kWh"
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, price, "")  # emptied: the catalog's price again
    assert window.controller.scenario.costs.server_price_usd is None
    assert box.text().startswith("Catalog: $")


def test_the_model_list_writes_a_trillion_parameters_as_such(window: MainWindow) -> None:
    """Kimi K2 read "1.03e+03 B" and DeepSeek-V4-Pro "1.57e+03 B"."""
    combo = window.workload_panel.fields.widget((*W, "model_id"))
    assert isinstance(combo, QComboBox)
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert "Kimi K2 · 1.03 T (32.9 B active) · 128k context · MLA" in texts
    assert any(t.startswith("DeepSeek-V4-Pro · 1.57 T (49.8 B active)") for t in texts)
    assert not [t for t in texts if "e+" in t]


def test_an_automatic_count_shows_whole_at_the_smallest_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Fields sized to the model's limits grew narrower, and "Automatic: 8" read "tomatic: 8"."""
    window.resize(1280, 800)
    box = window.hardware_panel.fields.widget(("hardware", "gpu_count"))
    assert isinstance(box, QAbstractSpinBox)
    qtbot.waitUntil(lambda: box.text().startswith("Automatic: "))
    line = box.lineEdit()
    qtbot.waitUntil(lambda: line.width() <= window.width())  # laid out at the new size
    assert line.width() >= line.fontMetrics().horizontalAdvance("Automatic: 999")


def test_leaving_a_field_on_text_it_cannot_take_refuses_it_as_enter_does(
    window: MainWindow, qtbot: QtBot
) -> None:
    box = _type(qtbot, window, HOURS, "25", enter=False)
    before = window.controller.scenario
    with (
        qtbot.assertNotEmitted(window.controller.scenario_changed),
        qtbot.waitSignal(window.controller.field_rejected, timeout=RESULT_TIMEOUT_MS),
    ):
        window.workload_panel.fields.widget((*W, "model_id")).setFocus()
    assert box.text() == "25 h" and is_refused(box)
    assert window.workload_panel.message.text() == (
        "Hours a day: must be at most 24 h (you typed 25)"
    )
    assert window.controller.scenario == before


def _paste(qtbot: QtBot, window: MainWindow, path: tuple[str, ...], text: str) -> QAbstractSpinBox:
    """Click into the field, select what it shows, paste `text` with Ctrl+V, press Enter (a
    key event cannot type a no-break space or an Arabic digit)."""
    box, _message = _panel_of(window, path)
    QGuiApplication.clipboard().setText(text)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(box.hasFocus)
    box.selectAll()
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    return box


@pytest.mark.parametrize(("pasted", "taken"), [("1\u00a0024", 1024), ("\u200b2\u2009048", 2048)])
def test_a_pasted_number_grouped_with_a_no_break_space_is_taken(
    window: MainWindow, qtbot: QtBot, pasted: str, taken: int
) -> None:
    """The walk: "1 024" pasted from a document (a no-break space) was refused as "(you typed
    1 024)", while the same typed with a plain space was taken."""
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _paste(qtbot, window, ANSWER, pasted)
    assert window.controller.scenario.workload.output_tokens == taken


def test_a_pasted_page_of_digits_is_refused_as_too_large_and_nothing_hangs(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Two million nines (Qt keeps the first 32,767 characters) were refused as "must be a
    whole number from 1 token to ...", as if they were letters."""
    controller = window.controller
    before = controller.scenario
    with (
        qtbot.assertNotEmitted(controller.scenario_changed),
        qtbot.waitSignal(controller.field_rejected, timeout=RESULT_TIMEOUT_MS) as refusal,
    ):
        _paste(qtbot, window, ANSWER, "9" * 2_000_000)
    assert refusal.args[1] == f"must be at most 10,000,000 tokens (you typed {'9' * 37}...)"
    assert controller.scenario == before


def test_whole_numbers_read_whole_and_requests_a_day_read_per_user(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The walk: "Requests a day 100.0/user", "Think time 60.0 s", "Hours a day 8.0 h" where
    the plan holds 100, 60 and 8. A planner picks requests a day by keyboard and reads the
    numbers as typed: whole where whole, a fraction where one was typed."""
    kind = window.workload_panel.fields.widget((*L, "kind"))
    assert isinstance(kind, QComboBox)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    kind.setFocus()
    qtbot.waitUntil(kind.hasFocus)
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(kind, Qt.Key.Key_End)  # the last kind: requests a day
    assert window.controller.scenario.workload.load.kind == "daily_requests"
    daily, _message = _panel_of(window, (*L, "requests_per_user_per_day"))
    hours, _message = _panel_of(window, HOURS)
    assert (daily.text(), hours.text()) == ("20 per user", "8 h")  # the default 20.0
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, (*L, "requests_per_user_per_day"), "12.5")
    assert window.controller.scenario.workload.load.requests_per_user_per_day == 12.5
    assert daily.text() == "12.5 per user"
    with qtbot.waitSignal(window.controller.scenario_changed, timeout=RESULT_TIMEOUT_MS):
        _type(qtbot, window, (*L, "requests_per_user_per_day"), "40 per user")  # as shown
    assert daily.text() == "40 per user"
