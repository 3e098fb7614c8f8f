"""Autosave files live in the user state folder, list newest first, and go after a save."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from aisle_desktop.plan import FileStamp, Plan, PlanSaveError, RecoveryStore
from aisle_desktop.plan.session_lock import lock_path
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
    assert store.entries() == []  # its own session's: never offered to itself
    store.close()
    (entry,) = RecoveryStore().entries()
    assert entry.key == key and entry.source == source and entry.problem is None
    assert entry.saved_at is not None
    assert entry.plan is not None and entry.plan.notes == "later"
    store.remove(key)
    assert RecoveryStore().entries() == []
    store.remove(key)  # twice is fine


def test_untitled_and_several_documents(plan: Plan) -> None:
    store = RecoveryStore()
    one, two = store.new_key(), store.new_key()
    store.write(one, plan, None)
    store.write(two, plan, None)
    store.close()
    entries = RecoveryStore().entries()
    assert {e.key for e in entries} == {one, two}
    assert all(e.source is None for e in entries)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda text: text[:100], "the file is cut short at line"),
        (lambda text: "", "the file is empty"),
        (lambda text: text.replace('"scenarios": [', '"scenarios": 7, "x": [', 1), "scenarios"),
        (lambda text: text.replace('"format": "aisle-recovery"', '"format": 3'), "not an Aisle"),
    ],
    ids=["cut-short", "empty", "wrong-type-in-plan", "wrong-format"],
)
def test_a_damaged_recovery_file_is_listed_with_its_problem_and_no_plan(
    plan: Plan, damage: Callable[[str], str], problem: str
) -> None:
    """A file cut short (a write abandoned on a file system whose rename is not atomic) or
    edited by hand: listed, saying what is wrong without its path, never with a plan."""
    store = RecoveryStore()
    path = store.write(store.new_key(), plan, None)
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    store.close()
    (entry,) = RecoveryStore().entries()
    assert entry.plan is None and entry.problem is not None and problem in entry.problem
    assert str(path) not in entry.problem


def test_unwritable_recovery_folder_raises_a_save_error(plan: Plan, tmp_path: Path) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    store = RecoveryStore(blocker / "recovery")
    with pytest.raises(PlanSaveError, match="recovery file"):
        store.write(store.new_key(), plan, None)


def test_keys_cannot_escape_the_folder() -> None:
    with pytest.raises(ValueError):
        RecoveryStore().path_for("../../etc/passwd")


def test_another_running_sessions_autosave_is_not_offered_until_it_ends(plan: Plan) -> None:
    running, starting = RecoveryStore(), RecoveryStore()
    key = running.new_key()
    running.write(key, plan, None)
    assert starting.entries() == []  # the first copy of Aisle is still working on it
    running.close()
    assert [e.key for e in starting.entries()] == [key]  # now it is left behind


def test_a_crashed_sessions_autosave_is_offered_and_its_stale_lock_tidied(plan: Plan) -> None:
    crashed = RecoveryStore()
    key = crashed.new_key()
    path = crashed.write(key, plan, None)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["session"] = "gone"
    path.write_text(json.dumps(data), encoding="utf-8")
    stale = lock_path(crashed.folder, "gone")
    stale.write_bytes(b"")  # a lock file no process holds, as a crash leaves it
    assert [e.key for e in RecoveryStore().entries()] == [key]
    assert not stale.exists()


def test_a_session_in_another_process_counts_as_running(plan: Plan) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from aisle_desktop.plan import Plan, RecoveryStore\n"
            "store = RecoveryStore()\n"
            "store.write(store.new_key(), Plan.model_validate_json(sys.argv[1]), None)\n"
            "print('written', flush=True)\n"
            "sys.stdin.read()\n",
            plan.model_dump_json(),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "written"
        assert RecoveryStore().entries() == []
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert len(RecoveryStore().entries()) == 1  # it ended without cleaning up: offered


def _left_behind(plan: Plan, saved_at: dict[str, str]) -> None:
    """Recovery files of a session that has ended, with these ``saved_at`` texts by key."""
    store = RecoveryStore()
    for key, when in saved_at.items():
        path = store.write(key, plan, None)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["saved_at"] = when
        path.write_text(json.dumps(data), encoding="utf-8")
    store.close()


def test_times_with_and_without_a_zone_sort_together(plan: Plan) -> None:
    _left_behind(
        plan,
        {
            "naive": "2025-11-03T10:00:00",
            "aware": "2025-11-03T09:00:00+00:00",
            "year-one": "0001-01-01T00:00:00+00:00",
            "far-future": "9999-12-31T23:59:59",
        },
    )
    entries = RecoveryStore().entries()
    assert [e.key for e in entries][:2] == ["naive", "aware"]  # naive read as UTC, newest first
    unknown = {e.key for e in entries if e.saved_at is None}
    assert unknown == {"year-one", "far-future"}
    assert all(e.problem is None for e in entries)


def test_the_sources_stamp_is_kept_and_a_malformed_one_or_source_read_as_unknown(
    plan: Plan, tmp_path: Path
) -> None:
    source = tmp_path / "kept.aisle"
    stamp = FileStamp(size=12, mtime_ns=34, sha256="ab" * 32)
    store = RecoveryStore()
    path = store.write("stamped", plan, source, stamp)
    data = json.loads(path.read_text(encoding="utf-8"))
    store.close()
    (entry,) = RecoveryStore().entries()
    assert entry.source == source and entry.source_stamp == stamp
    for nameless in ("", "a\0b", "/x" * 5_000):
        data.update(source=nameless, source_stamp={"size": "12", "mtime_ns": 34, "sha256": 5})
        path.write_text(json.dumps(data), encoding="utf-8")
        (entry,) = RecoveryStore().entries()
        assert entry.source is None and entry.source_stamp is None and entry.plan is not None


def test_a_session_lock_made_a_pipe_neither_hangs_the_read_nor_hides_the_file(plan: Plan) -> None:
    """A recovery file naming a session whose lock file is a pipe (FIFO): opening it for
    writing waited for a reader for ever, holding start-up's read of the folder. A pipe holds
    no session: the file is offered, and the pipe left alone. Run in a thread with a time
    limit, so a read that blocks fails the test instead of hanging it."""
    crashed = RecoveryStore()
    path = crashed.write("piped", plan, None)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["session"] = "piped-session"
    path.write_text(json.dumps(data), encoding="utf-8")
    crashed.close()
    pipe = lock_path(crashed.folder, "piped-session")
    os.mkfifo(pipe)
    found: list[list[str]] = []
    reader = threading.Thread(
        target=lambda: found.append([e.key for e in RecoveryStore().entries()]), daemon=True
    )
    reader.start()
    reader.join(20)
    if reader.is_alive():  # give the blocked open its reader, so the thread ends
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))
        pytest.fail("reading the recovery folder waited on the pipe")
    assert found == [["piped"]]
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_a_file_set_aside_twice_under_one_name_keeps_both(tmp_path: Path) -> None:
    """An unreadable recovery file set aside leaves the folder start-up reads, whole; a second
    of the same name (copied back and set aside again) is numbered, never put over the first."""
    store = RecoveryStore(tmp_path / "recovery")
    store.folder.mkdir()
    path = store.folder / "cut.aisle-recovery"
    path.write_bytes(b'{"format": "aisle-rec')
    first = RecoveryStore.set_aside_file(path)
    path.write_bytes(b"second")
    second = RecoveryStore.set_aside_file(path)
    aside = store.folder / "set-aside"
    assert (first, second) == (aside / "cut.aisle-recovery", aside / "cut.aisle-recovery.2")
    assert first.read_bytes() == b'{"format": "aisle-rec' and second.read_bytes() == b"second"
    assert store.entries() == []  # not looked at again


def test_a_file_that_cannot_be_set_aside_says_why_and_stays(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path / "recovery")
    store.folder.mkdir()
    (store.folder / "set-aside").write_text("a file where the folder goes", encoding="utf-8")
    path = store.folder / "cut.aisle-recovery"
    path.write_bytes(b"{")
    with pytest.raises(PlanSaveError) as refused:
        RecoveryStore.set_aside_file(path)
    assert str(refused.value) == (
        f"{path}: could not remove the recovery file: {store.folder / 'set-aside'} is a file, "
        "not a folder, so nothing can be set aside in it"
    )
    assert path.read_bytes() == b"{"
