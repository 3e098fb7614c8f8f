"""Headline values as a planner reads them at 1280 x 800: a plan serving nothing within its
targets shows no cost per token and prices its hosted API on the load offered, and a long
value wraps after its number instead of pushing the results past the window's edge (QA found
"10.6 M requests/da" cut off)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from aisle_desktop.ui.headline_grid import columns_that_fit
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.results_panel import ResultsPanel, unbroken_number
from tests.ui.conftest import RESULT_TIMEOUT_MS, as_read, type_into
from tests.ui.dialogs import read_explanation
from tests.ui.test_checkpoint_precision import _choose_model as choose_model
from tests.ui.test_explanation_units import opened


def read_as_shown(rich_text: str) -> str:
    """A rich-text label's text as it reads on screen."""
    page = QTextDocument()
    page.setHtml(rich_text)
    return page.toPlainText()


def test_a_number_and_its_unit_stay_together_and_a_note_may_wrap() -> None:
    # A count may put its unit below its number in a narrow column; money stays whole.
    assert unbroken_number("361 k requests/day (beyond capacity)") == (
        "361\u00a0k requests/\u2060day (beyond capacity)"
    )
    assert unbroken_number("1,077 users") == "1,077 users"
    assert unbroken_number("$15.1 B/year") == "$15.1\u00a0B/\u2060year"
    assert unbroken_number("$2.44/M tokens") == "$2.44/\u2060M\u00a0tokens"


def test_a_plan_serving_nothing_within_targets_shows_no_cost_and_fits_the_window(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(1280, 800)
    # Even one request's first token takes about 0.3 s.
    box = type_into(qtbot, window, ("workload", "targets", "ttft_ms"), "100")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    panel = window.results_panel
    assert panel.value_text("max_users_within_targets") == "0 users"
    assert panel.value_text("cost_per_million_tokens_usd") == "–"
    # Its users still ask: the hosted API is priced on the load offered (it read "–"), and
    # its cell, footnote and "why" say which volume that is.
    assert panel.value_text("api_cost_per_year_usd") == (
        "$61.4 k/year (priced on the load offered, none of which the plan as bought serves "
        "within its targets)"
    )
    api = panel.headline_value("api_cost_per_year_usd")
    assert api is not None and as_read(read_as_shown(api.text())) == "$61.4 k/year*"
    assert panel.footnotes.text().split("\n")[0] == (
        "* Hosted API, same load, a year: priced on the load offered, none of which the plan "
        "as bought serves within its targets"
    )
    read = read_explanation(qtbot, lambda: api.linkActivated.emit("api_cost_per_year_usd"))
    heading, note, how, worked, *_rest = read.splitlines()
    assert heading == "Hosted API, same load, a year: $61.4 k/year"
    assert note.startswith("* priced on the load offered")
    assert how.startswith("How: requests offered a year × API cost per request: the plan as ")
    assert worked.startswith("With these numbers: requests offered a year 30.91 M requests × ")
    # It never pays for itself: no break-even, said plainly (QA: "Owning is cheaper above
    # 348 k requests/day*", its footnote "beyond capacity"), in its cell, footnote and "why".
    assert panel.value_text("break_even_requests_per_day") == (
        "no break-even (the plan serves nothing within its latency targets)"
    )
    cell = panel.headline_value("break_even_requests_per_day")
    assert cell is not None
    mark = as_read(read_as_shown(cell.text())).removeprefix("no break-even")
    assert mark == "†"
    assert (
        f"{mark} Owning is cheaper above: the plan serves nothing within its latency targets"
        in panel.footnotes.text().split("\n")
    )
    read = read_explanation(qtbot, lambda: cell.linkActivated.emit("break_even_requests_per_day"))
    heading, note, *_rest = read.splitlines()
    assert heading == "Owning is cheaper above: no break-even"
    assert note == f"{mark} the plan serves nothing within its latency targets"
    qtbot.waitUntil(lambda: panel.widget().width() <= panel.viewport().width())


def test_a_headline_s_notes_are_footnotes_so_its_cell_stays_in_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    """The last walk, at 1280 x 800: "591 k requests/day (beyond capacity; another model's
    price)" wrapped to five lines in its cell and was cut at the pane's fold. The cell now
    shows the figure with a mark, and the notes go under the figures, named by caption."""
    window.resize(1280, 800)
    # No hosted Llama 2 70B in the catalog: Llama 3.1 70B's price, a model of its size class.
    choose_model(window, qtbot, "llama 2 70b", "llama-2-70b")
    panel = window.results_panel
    # The text the command line prints is unchanged.
    assert panel.value_text("break_even_requests_per_day") == (
        "351 k requests/day (a same-size model's price)"
    )
    cell = panel.headline_value("break_even_requests_per_day")
    assert cell is not None
    assert as_read(read_as_shown(cell.text())) == "351 k requests/day†"
    qtbot.waitUntil(lambda: cell.height() == cell.heightForWidth(cell.width()))  # laid out
    assert cell.height() <= 2 * cell.fontMetrics().lineSpacing() + 2
    assert cell.visibleRegion().boundingRect() == cell.rect()  # whole, above the fold
    assert panel.footnotes.text().split("\n") == [
        "* Hosted API, same load, a year: a same-size model's price",
        "† Owning is cheaper above: a same-size model's price",
    ]
    assert "† a same-size model's price" in read_as_shown(cell.toolTip())
    # A plan without notes shows no footnotes.
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        window.open_preset("llama-70b-rag")
    assert panel.footnotes.isHidden()


def test_why_on_a_noted_headline_says_its_notes(window: MainWindow, qtbot: QtBot) -> None:
    """The walk: "why" on a break-even beyond what the hardware serves explained its
    arithmetic and never said it was beyond capacity; the explanation now says the notes
    under its heading (here that another model of its size class prices it), opened from the
    headline or from All figures."""
    choose_model(window, qtbot, "llama 2 70b", "llama-2-70b")
    cell = window.results_panel.headline_value("break_even_requests_per_day")
    assert cell is not None
    read = read_explanation(qtbot, lambda: cell.linkActivated.emit("break_even_requests_per_day"))
    heading, note, *_rest = read.splitlines()
    assert heading == "Owning is cheaper above: 351 k requests/day"
    assert note == "† a same-size model's price"

    def listed() -> str:  # the table takes the new plan on a later turn of the event loop
        row = window.figure_table.item_for("break_even_requests_per_day")
        return "" if row is None else row.text(1)

    qtbot.waitUntil(lambda: "same-size" in listed(), timeout=RESULT_TIMEOUT_MS)
    text, _height, _scrolls = opened(window, qtbot, "break_even_requests_per_day")
    assert text.splitlines()[1] == "a same-size model's price"


def test_the_most_columns_whose_widest_values_fit() -> None:
    # the default plan's values at 1280 px: four columns need 484 px, three 386 px
    widths = [74, 79, 93, 120, 65, 65, 65, 55, 94, 122, 99, 151]
    assert columns_that_fit(widths, 484, 6) == 4
    assert columns_that_fit(widths, 473, 6) == 3
    assert columns_that_fit(widths, 200, 6) == 2  # the fewest, wrapping where it must


def _resized(window: MainWindow, qtbot: QtBot, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width)


def _wrapped(panel: ResultsPanel) -> list[str]:
    """The headline values not on one line: narrower than their whole text."""
    return [
        panel.value_text(name)
        for name, label in panel._values.items()
        if label.width() < label.sizeHint().width()
    ]


def test_big_numbers_read_on_one_line_at_1280_and_1440_px(window: MainWindow, qtbot: QtBot) -> None:
    """The walk, at 1280 x 800: "351 k requests/day" put its unit under its number on the
    default plan, and a plan for 12,345 users wrapped "16,283 users" and two more. The box
    takes three columns where four leave a value too little room, four where they fit."""
    panel = window.results_panel
    _resized(window, qtbot, 1280, 800)
    qtbot.waitUntil(lambda: _wrapped(panel) == [])
    _resized(window, qtbot, 1440, 900)
    qtbot.waitUntil(lambda: _wrapped(panel) == [])
    assert panel.headlines.columns == 4  # at 1440 x 900
    box = type_into(qtbot, window, ("workload", "load", "active_users"), "12345")
    with qtbot.waitSignal(window.service.sized, timeout=RESULT_TIMEOUT_MS):
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert panel.value_text("break_even_requests_per_day").endswith(" M requests/day")
    qtbot.waitUntil(lambda: _wrapped(panel) == [])
    _resized(window, qtbot, 1280, 800)
    qtbot.waitUntil(lambda: _wrapped(panel) == [])
    assert panel.headlines.columns == 3
    users = panel.headline_value("max_users_within_targets")
    assert users is not None and users.visibleRegion().boundingRect() == users.rect()
