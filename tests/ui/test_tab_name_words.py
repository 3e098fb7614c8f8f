"""Scenario tab names shortened at whole words (the window's tabs:
test_scenario_tabs_in_view.py)."""

from __future__ import annotations

from aisle_desktop.ui.tab_names import at_words, widest_allowed


def test_a_name_loses_whole_middle_words_keeping_its_first_and_last() -> None:
    name = "Llama 3.1 70B RAG assistant (3)"
    assert at_words(name, lambda text: len(text) <= 40) == name
    assert at_words(name, lambda text: len(text) <= 28) == "Llama 3.1 70B RAG … (3)"
    assert at_words(name, lambda text: len(text) <= 19) == "Llama 3.1 70B … (3)"
    assert at_words(name, lambda text: len(text) <= 12) == "Llama … (3)"
    assert at_words(name, lambda text: len(text) <= 5) == "Llama … (3)"  # Qt cuts the rest


def test_the_longest_names_give_up_width_first() -> None:
    assert widest_allowed([100, 200, 300], 700) == 300  # all whole
    assert widest_allowed([100, 200, 300], 500) == 200  # the longest to the next one's width
    assert widest_allowed([100, 300, 300], 400) == 150
    assert widest_allowed([100, 300], 50) == 25
