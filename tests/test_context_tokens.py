"""A model's context window reads as its model card names it (`formatting.context_tokens`)."""

from __future__ import annotations

import pytest

from aisle_desktop.formatting import context_tokens


@pytest.mark.parametrize(
    ("tokens", "words"),
    [
        (512, "512"),
        (4_096, "4,096"),  # read "4.1 k" in `catalog list` and the Model box
        (8_192, "8,192"),
        (32_768, "32 k"),
        (131_072, "128 k"),  # read "131 k"
        (163_840, "160 k"),
        (202_752, "198 k"),
        (1_048_576, "1 M"),  # read "1.05 M"
        (10_485_760, "10 M"),
        (200_000, "200,000"),  # not whole binary thousands: the count itself
    ],
)
def test_a_context_window_reads_as_planners_know_it(tokens: int, words: str) -> None:
    assert context_tokens(tokens) == words
