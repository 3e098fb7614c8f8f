"""Saving replaces only regular files: never a device, a pipe or a folder, and never a link.

Run as root, ``plan new --force -o /dev/null`` once turned the device into a regular file, and a
FIFO made the backup step wait forever. Commands here run in a child process with a time limit,
so a save that would block fails the test instead of hanging it.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, PlanSaveError, backup_path, load_plan, save_plan
from aisle_desktop.plan.atomic import NotRegularFileError, replace_atomically

LIMIT_S = 60


def _cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aisle_desktop.cli.main", *argv],
        capture_output=True,
        text=True,
        timeout=LIMIT_S,
        check=False,
    )


def _one_line_refusal(done: subprocess.CompletedProcess[str], says: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and says in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_plan_new_onto_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "shared" / "p.aisle"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    _one_line_refusal(_cli("plan", "new", "--force", "-o", str(fifo)), "pipe")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in fifo.parent.iterdir()) == ["p.aisle"]  # no backup, no temp


def test_plan_new_through_a_link_to_a_fifo_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "link.aisle"
    link.symlink_to("pipe")
    _one_line_refusal(_cli("plan", "new", "--force", "-o", str(link)), "pipe")
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_report_through_a_link_to_a_fifo_keeps_the_link(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    link = tmp_path / "stdout"  # like /dev/stdout -> /proc/self/fd/1 on a pipe
    link.symlink_to("pipe")
    done = _cli("report", "--preset", "llama-8b-chat", "-o", str(link))
    _one_line_refusal(done, "pipe")
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
    _one_line_refusal(_cli("plan", "new", "--force", "-o", str(null)), "device")
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
