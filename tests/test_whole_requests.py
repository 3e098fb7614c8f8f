"""Requests are whole: a count of them with a fraction is an average and reads as one."""

from __future__ import annotations

import pytest

from aisle_desktop.formatting import with_unit
from aisle_desktop.load_marks import in_flight_mark


@pytest.mark.parametrize(
    ("requests", "words"),
    [
        (81.9, "about 82 requests"),  # the pools' capacity read "81.9 requests" in flight
        (48.1, "about 48 requests"),
        (1.4, "about 1 request"),
        (16.0, "16 requests"),  # a whole count reads as it is
        (1.0, "1 request"),
        (999.7, "about 1,000 requests"),
        (1234.5, "1.23 k requests"),  # in thousands, no fraction of a request is shown
        # Below one, an average a planner says is "fewer than one" (was "0.4 requests").
        (0.4, "fewer than one request"),
        (0.0235, "fewer than one request"),
    ],
)
def test_a_count_of_requests_reads_whole(requests: float, words: str) -> None:
    assert with_unit(requests, "requests") == words


def test_a_load_mark_says_its_count_as_the_figures_do() -> None:
    """The load plots' mark read "planned 28.7 in flight" beside "about 29 requests"."""
    assert in_flight_mark("planned", 28.7) == "planned about 29 in flight"
    assert in_flight_mark("pools' limit", 1234.5) == "pools' limit 1.23 k in flight"
    assert in_flight_mark("planned", 0.4) == "planned 0.4 in flight"  # as the axis places it


def test_a_rate_of_requests_keeps_its_figures() -> None:
    assert with_unit(14.7, "requests/s") == "14.7 requests/s"
