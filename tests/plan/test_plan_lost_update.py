"""A save over a file someone else changed since it was read is refused, never silent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aisle_desktop.plan import (
    Plan,
    PlanChangedError,
    backup_path,
    file_stamp,
    load_plan,
    save_plan,
)


def _noted(plan: Plan, notes: str) -> Plan:
    return plan.model_copy(update={"notes": notes})


def test_a_file_changed_since_it_was_read_is_not_overwritten(plan: Plan, plan_file: Path) -> None:
    mine = load_plan(plan_file)
    save_plan(_noted(plan, "theirs"), plan_file)  # another window saves meanwhile
    theirs, their_backup = plan_file.read_bytes(), backup_path(plan_file).read_bytes()
    with pytest.raises(PlanChangedError, match="changed on disk"):
        save_plan(_noted(plan, "mine"), plan_file, mine.stamp)
    assert plan_file.read_bytes() == theirs and backup_path(plan_file).read_bytes() == their_backup


def test_the_stamp_a_save_returns_lets_the_next_save_through(plan: Plan, plan_file: Path) -> None:
    stamp = load_plan(plan_file).stamp
    stamp = save_plan(_noted(plan, "first"), plan_file, stamp)
    assert stamp == file_stamp(plan_file)
    save_plan(_noted(plan, "second"), plan_file, stamp)
    assert load_plan(plan_file).plan.notes == "second"


def test_same_bytes_with_a_new_time_is_no_change(plan: Plan, plan_file: Path) -> None:
    stamp = load_plan(plan_file).stamp
    os.utime(plan_file, ns=(1, 1))  # touched, or copied back unchanged
    save_plan(_noted(plan, "mine"), plan_file, stamp)
    assert load_plan(plan_file).plan.notes == "mine"


def test_a_file_removed_meanwhile_is_written_again(plan: Plan, plan_file: Path) -> None:
    stamp = load_plan(plan_file).stamp
    plan_file.unlink()
    save_plan(_noted(plan, "mine"), plan_file, stamp)
    assert load_plan(plan_file).plan.notes == "mine"


def test_same_size_and_time_but_other_bytes_is_a_change(plan: Plan, plan_file: Path) -> None:
    stamp = load_plan(plan_file).stamp
    info = plan_file.stat()
    data = plan_file.read_bytes()
    plan_file.write_bytes(data.replace(b"a", b"b", 1))  # one letter edited in place
    os.utime(plan_file, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert plan_file.stat().st_size == info.st_size
    with pytest.raises(PlanChangedError):
        save_plan(plan, plan_file, stamp)
