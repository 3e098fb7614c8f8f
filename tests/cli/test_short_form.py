"""A long message shortened where a reader can stop (`formatting.short_form`): the status
bar's line and the costs table's "not sized: why" end at a clause, never mid-word."""

from __future__ import annotations

import pytest

from aisle_desktop.formatting import short_form

WHY = (
    "Tensor parallel 3 cannot split Llama 3.1 70B: its 64 attention heads and 8 KV heads do "
    "not divide evenly among 3 GPUs, and each GPU must hold an equal share. Choose Tensor "
    "parallel 1, 2, 4 or 8 (within one server of 8 GPUs), or tick Automatic"
)


@pytest.mark.parametrize(
    ("most_chars", "shown"),
    [
        (len(WHY), WHY),  # it fits: whole
        (200, WHY.split(". Choose")[0]),  # the first sentence, without its full stop
        (150, WHY.split(", and each")[0]),  # a clause: "... among 3 GPUs"
        (100, "Tensor parallel 3 cannot split Llama 3.1 70B"),  # "3.1" is no sentence's end
        (40, "Tensor parallel 3 cannot split Llama…"),  # no stop in reach: whole words
    ],
)
def test_short_forms_end_where_a_reader_can_stop(most_chars: int, shown: str) -> None:
    assert short_form(WHY, most_chars) == shown
    assert len(shown) <= most_chars


def test_a_stop_too_early_is_not_taken() -> None:
    """ "Note: ..." would shorten to "Note": whole words are read instead."""
    text = "Note: the plan file left 12 fields to their defaults, listed in the Notes tab"
    assert short_form(text, 50) == "Note: the plan file left 12 fields to their…"
