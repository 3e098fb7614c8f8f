"""A seeded few hundred mutated plans and catalogs in CI: none may crash, hang or touch a file.

``make fuzz`` runs the 10,000-each soak with the same harness (``tests/fuzz/harness.py``).
"""

from __future__ import annotations

from tests.fuzz.harness import run_parallel
from tests.fuzz.mutate import mutate

PLANS = 200
CATALOGS = 100
SEED = 2026


def test_mutations_are_seeded() -> None:
    text = '{"a": [1, 2.5, {"b": "c"}], "d": true}'
    assert mutate(text, 7) == mutate(text, 7)
    assert len({mutate(text, seed) for seed in range(20)}) > 10


def test_a_few_hundred_mutated_files_are_refused_or_accepted_cleanly() -> None:
    tally = run_parallel(PLANS, CATALOGS, SEED, workers=1)
    assert sum(tally.counts["plans"].values()) >= PLANS
    assert sum(tally.counts["catalogs"].values()) >= CATALOGS
    assert tally.failures() == 0, tally.table() + "\n" + "\n".join(tally.examples.values())
    assert tally.counts["plans"]["accepted"] > 0  # not everything is trivially refused
