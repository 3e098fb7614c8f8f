"""A count worked out in millions reads as every count does (`formatting.with_unit`)."""

from __future__ import annotations

from aisle_desktop.formatting import with_unit


def test_millions_of_tokens_read_as_the_tokens_a_year_row_does() -> None:
    """The cost per million tokens' worked line read "73,443 M tokens/year" beside a row of
    "73.4 billion tokens/year"."""
    assert with_unit(73_443.2, "M tokens/year") == "73.4 billion tokens/year"
    assert with_unit(73_443.2e6, "tokens/year") == "73.4 billion tokens/year"
    assert with_unit(856.1, "M tokens/year") == "856 M tokens/year"
    assert with_unit(0.5, "M tokens/year") == "500 k tokens/year"
