"""What a recovery file's failure says: what failed (write, removal, read), on which file, why
in plain words, and where the planner's plan file stands; each from a real failure."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, RecoveryFileError, RecoveryStore
from aisle_desktop.plan.recovery_words import failure_text, plan_file_state


def _failure(call: object) -> RecoveryFileError:
    with pytest.raises(RecoveryFileError) as caught:
        call()  # type: ignore[operator]
    return caught.value


def test_a_full_disk_is_said_with_the_plan_files_state(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore()
    key = store.new_key()

    def disk_full(_fd: int, _data: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("aisle_desktop.plan.atomic.os.write", disk_full)
    err = _failure(lambda: store.write(key, plan, None))
    store.close()
    plan_file = tmp_path / "kept.aisle"
    assert failure_text(err, plan_file, unsaved=True) == (
        f"Autosave could not write the recovery file: the disk is full ({store.path_for(key)}). "
        f"Your plan file {plan_file} is as you last saved it; the changes since are only in "
        "this window until you save."
    )
    assert [p.name for p in store.folder.iterdir() if p.suffix == ".tmp"] == []


def test_a_read_only_disk_is_said(plan: Plan, monkeypatch: pytest.MonkeyPatch) -> None:
    store = RecoveryStore()
    key = store.new_key()

    def read_only(*_args: object) -> int:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("aisle_desktop.plan.atomic.os.open", read_only)
    err = _failure(lambda: store.write(key, plan, None))
    store.close()
    assert err.why == f"the folder {store.folder} is on a read-only disk"
    assert not err.removal


def test_a_removal_refused_is_said_as_a_removal(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = RecoveryStore()
    path = store.write(store.new_key(), plan, None)

    unlink = os.unlink

    def refused(target: object, *args: object, **kwargs: object) -> None:
        if Path(str(target)) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        unlink(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("pathlib.os.unlink", refused)
    err = _failure(lambda: store.remove_file(path))
    store.close()
    assert err.removal
    assert failure_text(err, None, unsaved=False) == (
        "Could not remove a recovery file: no permission to remove files from the folder "
        f"{store.folder} ({path}). It stays, and the next start will find it again. The plan in "
        "the window has no unsaved changes."
    )


def test_where_the_plan_stands(tmp_path: Path) -> None:
    plan_file = tmp_path / "p.aisle"
    assert plan_file_state(None, True).startswith("This plan was never saved")
    assert (
        plan_file_state(plan_file, False) == f"Your plan file {plan_file} holds all your changes."
    )


@pytest.mark.parametrize("kind", ["fifo", "folder", "link-loop"])
def test_what_is_not_a_recovery_file_is_listed_as_damaged_without_hanging(kind: str) -> None:
    """A pipe named like a recovery file (opening it would wait for a writer for ever), a
    folder, a loop of links: each listed with its problem, none read, none offered."""
    folder = RecoveryStore().folder
    folder.mkdir(parents=True)
    odd = folder / "odd.aisle-recovery"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "folder":
        odd.mkdir()
    else:
        odd.symlink_to(odd)
    (entry,) = RecoveryStore().entries()
    assert entry.plan is None and entry.problem is not None
    assert str(odd) not in entry.problem
