"""Saving replaces only regular files: never a device, a pipe or a folder, and never a link.

Run as root, ``plan new --force -o /dev/null`` once turned the device into a regular file, and a
FIFO made the backup step wait forever. Commands here run in a child process with a time limit,
so a save that would block fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from aisle_desktop.plan import (
    Plan,
    PlanFileError,
    PlanSaveError,
    RecoveryStore,
    backup_path,
    load_plan,
    preset_scenario,
    save_plan,
)
from aisle_desktop.plan.atomic import NotRegularFileError, replace_atomically
from aisle_desktop.plan.files import SWAPPED_WHILE_OPENED
from tests.cli_child import cli, one_line


def test_plan_new_onto_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "shared" / "p.aisle"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    one_line(cli("plan", "new", "--force", "-o", str(fifo)), "pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in fifo.parent.iterdir()) == ["p.aisle"]  # no backup, no temp


def test_plan_new_through_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "link.aisle"
    link.symlink_to("pipe")
    one_line(cli("plan", "new", "--force", "-o", str(link)), "pipe")
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_report_through_a_link_to_a_fifo_keeps_the_link(tmp_path: Path) -> None:
    pytest.importorskip("PySide6", reason="the PDF report needs Qt; the core venv has none")
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "stdout"  # like /dev/stdout -> /proc/self/fd/1 on a pipe
    link.symlink_to("pipe")
    done = cli("report", "--preset", "llama-8b-chat", "-o", str(link))
    one_line(done, "pipe")
    assert link.is_symlink()


def _device(tmp_path: Path) -> Path:
    """A character device like /dev/null (major 1, minor 3), if this user may make one."""
    node = tmp_path / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("making a device node needs root")
    return node


def test_plan_new_onto_a_device_leaves_it_a_device(tmp_path: Path) -> None:
    null = _device(tmp_path)
    one_line(cli("plan", "new", "--force", "-o", str(null)), "device")
    assert stat.S_ISCHR(os.lstat(null).st_mode) and not backup_path(null).exists()


def test_a_loop_of_links_is_refused(plan: Plan, tmp_path: Path) -> None:
    loop = tmp_path / "loop.aisle"
    loop.symlink_to("loop.aisle")
    with pytest.raises(PlanSaveError, match="loop of symbolic links"):
        save_plan(plan, loop)
    assert loop.is_symlink()


def test_a_link_to_a_regular_file_writes_that_file(plan: Plan, plan_file: Path) -> None:
    link = plan_file.parent / "via" / "link.aisle"
    link.parent.mkdir()
    link.symlink_to(Path("..") / plan_file.name)
    save_plan(plan.model_copy(update={"notes": "through"}), link)
    assert link.is_symlink() and load_plan(plan_file).plan.notes == "through"
    assert backup_path(plan_file).exists() and not backup_path(link).exists()


def test_the_old_file_is_read_without_blocking(tmp_path: Path) -> None:
    """A FIFO swapped in after the check is refused when opened, not waited on."""
    fifo = tmp_path / "p.pdf"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError):
        replace_atomically(fifo, b"%PDF-1.4")


def _leftover(folder: Path, name: str, age_s: float) -> Path:
    path = folder / name
    path.write_bytes(b"half a plan")
    then = time.time() - age_s
    os.utime(path, (then, then))
    return path


def test_a_save_removes_stale_temporaries_of_its_own_naming(plan: Plan, plan_file: Path) -> None:
    folder = plan_file.parent
    stale = _leftover(folder, ".options.aisle.0badf00d.tmp", 3600)
    stale_backup = _leftover(folder, ".options.aisle.bak.deadbeef.tmp", 3600)
    fresh = _leftover(folder, ".options.aisle.12345678.tmp", 1)  # a save running elsewhere
    others = [
        _leftover(folder, ".other.aisle.0badf00d.tmp", 3600),  # another file's: its own save
        _leftover(folder, ".options.aisle.notours.tmp", 3600),
        _leftover(folder, "options.aisle.0badf00d.tmp", 3600),
    ]
    save_plan(plan, plan_file)
    assert not stale.exists() and not stale_backup.exists()
    assert fresh.exists() and all(p.exists() for p in others)


def test_start_up_removes_stale_autosave_temporaries(plan: Plan) -> None:
    store = RecoveryStore()
    store.write(store.new_key(), plan, None)
    stale = _leftover(store.folder, f".{store.new_key()}.aisle-recovery.0badf00d.tmp", 3600)
    store.close()  # that session ended (killed mid-save)
    assert len(RecoveryStore().entries()) == 1 and not stale.exists()


def test_a_plan_swapped_for_a_pipe_while_it_is_opened_is_refused_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file that changes while opening: checked as a regular file, then replaced by a pipe
    before it is opened. The open waited for a writer that never came (the window's Open
    spun, ``size`` hung); now it is refused without waiting and the plan is never lost."""
    path = tmp_path / "swapped.aisle"
    save_plan(Plan(scenarios=[preset_scenario("llama-8b-chat")]), path)
    checked = os.stat

    def swapped_after_the_check(target: object, *args: object, **kwargs: object) -> object:
        info = checked(target, *args, **kwargs)  # type: ignore[arg-type]
        if Path(str(target)) == path and stat.S_ISREG(info.st_mode):
            path.rename(tmp_path / "kept.aisle")
            os.mkfifo(path)
        return info

    monkeypatch.setattr("aisle_desktop.plan.files.os.stat", swapped_after_the_check)
    outcome: list[BaseException] = []
    done = threading.Event()

    def load() -> None:
        try:
            load_plan(path)
        except BaseException as err:
            outcome.append(err)
        done.set()

    threading.Thread(target=load, daemon=True).start()
    if not done.wait(20):  # a blocked open: give it a writer so the thread ends, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("opening the plan waited on the pipe")
    (err,) = outcome
    assert isinstance(err, PlanFileError)
    assert str(err) == f"{path}: {SWAPPED_WHILE_OPENED}"
    assert load_plan(tmp_path / "kept.aisle").plan.scenarios[0].workload.model_id == "llama-3.1-8b"
