"""Scenario tab names shortened at whole words (the window's tabs:
test_scenario_tabs_in_view.py)."""

from __future__ import annotations

from aisle_desktop.ui.tab_names import at_words, told_apart, widest_allowed


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


def test_a_plan_opened_with_its_copy_keeps_its_tabs_apart() -> None:
    """Walk: a plan of an H200 and a B200 scenario opened with its copy read "gpt-oss-120b
    on … copy.aisle)" on both of the copy's tabs; the words all four names share go first."""
    model = "gpt-oss-120b on NVIDIA"
    names = [f"{model} H200 SXM 141GB", f"{model} B200 180GB"]
    names += [f"{name} (support chatbot copy.aisle)" for name in names]
    assert told_apart(names, lambda text: len(text) <= 22) == [
        "… H200 SXM 141GB",
        "… B200 180GB",
        "… H200 … copy.aisle)",
        "… B200 … copy.aisle)",
    ]
    copies = ["Llama 3.1 70B RAG assistant", "Llama 3.1 70B RAG assistant (2)"]
    assert told_apart(copies, lambda text: len(text) <= 20) == [  # apart already: as before
        "Llama … assistant",
        "Llama 3.1 70B … (2)",
    ]
    assert told_apart(names, lambda text: True) == names
