"""A model's one-line text cut at its " · " joints to fit its box."""

from __future__ import annotations

from aisle_desktop.ui.whole_parts import whole_parts_that_fit

DEEPSEEK = "DeepSeek-V3.2 · 672 B (38.4 B active) · 160k context · MLA + sparse"


def test_the_first_parts_that_fit_are_kept_whole() -> None:
    assert whole_parts_that_fit(DEEPSEEK, lambda t: len(t) <= 40) == (
        "DeepSeek-V3.2 · 672 B (38.4 B active)"
    )
    assert whole_parts_that_fit(DEEPSEEK, lambda t: len(t) <= 36) == "DeepSeek-V3.2"
    assert whole_parts_that_fit(DEEPSEEK, lambda t: True) == DEEPSEEK


def test_a_name_too_long_for_the_box_is_left_to_the_ellipsis() -> None:
    assert whole_parts_that_fit(DEEPSEEK, lambda t: len(t) < 13) is None
