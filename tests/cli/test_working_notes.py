"""`report` says what it is doing once it is slow (QA: a plan of 20 scenarios sat some 45 s
without a word), and nothing for a report that takes a moment."""

from __future__ import annotations

import io

from aisle_desktop.cli.working_notes import WorkingNotes


class Clock:
    """A clock a test moves by hand."""

    def __init__(self) -> None:
        self.now_s = 100.0

    def __call__(self) -> float:
        return self.now_s


def test_quiet_at_first_then_a_line_every_few_seconds() -> None:
    clock, err = Clock(), io.StringIO()
    notes = WorkingNotes(err, clock, first_after_s=3.0, every_s=5.0)
    notes("Sizing scenario 1 of 20", 0.0)
    clock.now_s += 2.9
    notes("Sizing scenario 2 of 20", 0.01)
    assert err.getvalue() == ""
    clock.now_s += 0.2
    notes("Sizing scenario 3 of 20", 0.02)
    clock.now_s += 4.0
    notes("Laying out the pages", 0.3)  # within five seconds of the last line
    clock.now_s += 1.0
    notes("Drawing page 12 of 87", 0.846)
    assert err.getvalue().splitlines() == [
        "aisle-desktop: working: sizing scenario 3 of 20 (2 % done)",
        "aisle-desktop: working: drawing page 12 of 87 (85 % done)",
    ]
