"""A seeded 120 mutated plans and catalogs in CI: none may crash, hang or touch a file.

``make fuzz`` runs the 10,000-each soak with the same harness (``tests/fuzz/harness.py``).
Seed 206's 80 plans and 40 catalogs reach every mutation of ``mutate`` on the plans (the four
changes to the parsed file, the text cut short, a byte flipped, a key twice and each of the nine
splices) and all but three splices on the catalogs; every preset's plan, the two-scenario plan,
every catalog file and every preset; and both clean outcomes for each kind (6 plans and 6
catalogs sized, the rest refused). 200 and 100 of seed 2026 reached no more, in 3.5 times the
time: a sized catalog case costs the most.
"""

from __future__ import annotations

from tests.fuzz.harness import run_parallel
from tests.fuzz.mutate import HOSTILE_VALUES, mutate

PLANS = 80
CATALOGS = 40
SEED = 206


def test_mutations_are_seeded() -> None:
    text = '{"a": [1, 2.5, {"b": "c"}], "d": true}'
    assert mutate(text, 7) == mutate(text, 7)
    assert len({mutate(text, seed) for seed in range(20)}) > 10


def test_a_seeds_file_is_the_same_whatever_was_made_before_it() -> None:
    """The soak's failures are replayed by seed: a ``{}`` one file took and gave a key must not
    be the ``{}`` the next file takes."""
    text = '{"a": [1, 2.5, {"b": "c"}], "d": {"e": true}}'
    hostile = repr(HOSTILE_VALUES)
    forward = [mutate(text, seed) for seed in range(300)]
    assert [mutate(text, seed) for seed in reversed(range(300))] == forward[::-1]
    assert repr(HOSTILE_VALUES) == hostile


def test_a_hundred_and_twenty_mutated_files_are_refused_or_accepted_cleanly() -> None:
    tally = run_parallel(PLANS, CATALOGS, SEED, workers=1)
    assert sum(tally.counts["plans"].values()) >= PLANS
    assert sum(tally.counts["catalogs"].values()) >= CATALOGS
    assert tally.failures() == 0, tally.table() + "\n" + "\n".join(tally.examples.values())
    for kind in ("plans", "catalogs"):  # not everything is trivially refused, nor accepted
        assert tally.counts[kind]["accepted"] > 0 and tally.counts[kind]["refused cleanly"] > 0
