"""Autosave files live in the user state folder, list newest first, and go after a save."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, PlanFileError, PlanSaveError, RecoveryStore
from aisle_desktop.user_folders import recovery_dir


def test_recovery_folder_follows_the_user_state_folder(tmp_path: Path) -> None:
    # conftest points XDG_STATE_HOME into tmp_path; nothing was cached at import.
    assert recovery_dir() == Path(os.environ["XDG_STATE_HOME"]) / "aisle-desktop" / "recovery"
    assert RecoveryStore().folder == recovery_dir()


def test_write_list_load_remove(plan: Plan, tmp_path: Path) -> None:
    store = RecoveryStore()
    assert store.entries() == []
    key = store.new_key()
    source = tmp_path / "options.aisle"
    written = store.write(key, plan, source)
    assert written.parent == recovery_dir()
    store.write(key, plan.model_copy(update={"notes": "later"}), source)  # same file, replaced
    (entry,) = store.entries()
    assert entry.key == key and entry.source == source and entry.problem is None
    assert entry.saved_at is not None
    assert store.load(entry).notes == "later"
    store.remove(key)
    assert store.entries() == []
    store.remove(key)  # twice is fine


def test_untitled_and_several_documents(plan: Plan) -> None:
    store = RecoveryStore()
    one, two = store.new_key(), store.new_key()
    store.write(one, plan, None)
    store.write(two, plan, None)
    assert {e.key for e in store.entries()} == {one, two}
    assert all(e.source is None for e in store.entries())


def test_a_damaged_recovery_file_is_listed_with_its_problem(plan: Plan) -> None:
    store = RecoveryStore()
    path = store.write(store.new_key(), plan, None)
    path.write_bytes(path.read_bytes()[:100])
    (entry,) = store.entries()
    assert entry.problem is not None and "not valid JSON" in entry.problem
    with pytest.raises(PlanFileError):
        store.load(entry)


def test_unwritable_recovery_folder_raises_a_save_error(plan: Plan, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = RecoveryStore(blocker / "recovery")
    with pytest.raises(PlanSaveError, match="recovery file"):
        store.write(store.new_key(), plan, None)


def test_keys_cannot_escape_the_folder() -> None:
    with pytest.raises(ValueError):
        RecoveryStore().path_for("../../etc/passwd")
