"""Saving is atomic and keeps a backup; a failed save leaves every file on disk as it was."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from aisle_desktop.plan import Plan, PlanSaveError, backup_path, load_plan, save_plan
from aisle_desktop.plan.atomic import WriteCancel, WriteStoppedError


def _renamed(plan: Plan) -> Plan:
    return plan.model_copy(update={"notes": "second draft"})


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_save_keeps_the_previous_version_as_bak(plan: Plan, plan_file: Path) -> None:
    first = plan_file.read_bytes()
    save_plan(_renamed(plan), plan_file)
    assert backup_path(plan_file).name == "options.aisle.bak"
    assert backup_path(plan_file).read_bytes() == first
    assert load_plan(plan_file).plan.notes == "second draft"
    assert sorted(p.name for p in plan_file.parent.iterdir()) == [
        "options.aisle",
        "options.aisle.bak",
    ]


def test_new_file_has_no_backup_and_normal_permissions(plan: Plan, tmp_path: Path) -> None:
    path = tmp_path / "new.aisle"
    save_plan(plan, path)
    assert not backup_path(path).exists()
    umask = os.umask(0o022)
    os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~umask  # like any new file, not a 0600 temp


def test_save_keeps_an_existing_files_mode(plan: Plan, plan_file: Path) -> None:
    plan_file.chmod(0o640)
    save_plan(_renamed(plan), plan_file)
    assert plan_file.stat().st_mode & 0o777 == 0o640


def _fail_on(monkeypatch: pytest.MonkeyPatch, name: str, exc: OSError) -> None:
    real = getattr(os, name)

    def failing(*args: object, **kwargs: object) -> object:
        if name == "write" and args and args[0] in (0, 1, 2):
            return real(*args, **kwargs)
        raise exc

    monkeypatch.setattr(f"aisle_desktop.plan.atomic.os.{name}", failing)


@pytest.mark.parametrize(
    ("call", "error", "says"),
    [
        ("write", OSError(errno.ENOSPC, "No space left on device"), "disk is full"),
        ("replace", OSError(errno.EIO, "Input/output error"), "Input/output error"),
        ("fsync", OSError(errno.EIO, "Input/output error"), "Input/output error"),
        ("open", PermissionError(errno.EACCES, "Permission denied"), "no permission to write"),
        ("open", OSError(errno.EROFS, "Read-only file system"), "read-only disk"),
    ],
)
def test_failed_save_changes_nothing(
    plan: Plan,
    plan_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
    error: OSError,
    says: str,
) -> None:
    save_plan(_renamed(plan), plan_file)  # now there is an .aisle and an .aisle.bak
    before = _snapshot(plan_file.parent)
    _fail_on(monkeypatch, call, error)
    with pytest.raises(PlanSaveError) as info:
        save_plan(plan, plan_file)
    monkeypatch.undo()
    assert says in str(info.value) and str(plan_file) in str(info.value)
    assert "left as it was" in str(info.value)
    assert _snapshot(plan_file.parent) == before  # original, .bak and no stray temp files


def test_folder_removed_meanwhile(plan: Plan, tmp_path: Path) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    stamp = save_plan(plan, stick / "plan.aisle")
    for name in os.listdir(stick):
        (stick / name).unlink()
    stick.rmdir()
    with pytest.raises(PlanSaveError) as info:
        save_plan(plan, stick / "plan.aisle", stamp)
    assert f"the folder {stick} no longer exists (removed, or the drive unplugged?)" in str(
        info.value
    )


def test_a_folder_that_never_existed_is_named_so(plan: Plan, tmp_path: Path) -> None:
    """QA: Save As into a folder nobody made said it "no longer exists", and that "the file on
    disk was left as it was" when there was no file."""
    folder = tmp_path / "nowhere" / "deeper"
    with pytest.raises(PlanSaveError) as info:
        save_plan(plan, folder / "plan.aisle")
    message = str(info.value)
    assert f"the folder {folder} does not exist; choose or create a folder first" in message
    assert message.endswith("Nothing was written.") and "no longer" not in message


def test_a_new_file_on_a_full_disk_says_nothing_was_written(
    plan: Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    _fail_on(monkeypatch, "write", OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(PlanSaveError) as info:
        save_plan(plan, folder / "new.aisle")
    monkeypatch.undo()
    assert str(info.value).endswith("could not save: the disk is full. Nothing was written.")
    assert "left as it was" not in str(info.value)
    assert os.listdir(folder) == []  # no stray temporary file either


def test_file_removed_meanwhile_is_simply_written(plan: Plan, plan_file: Path) -> None:
    plan_file.unlink()
    save_plan(plan, plan_file)
    assert load_plan(plan_file).plan == plan and not backup_path(plan_file).exists()


def test_saving_over_a_folder_is_refused(plan: Plan, tmp_path: Path) -> None:
    with pytest.raises(PlanSaveError, match="folder"):
        save_plan(plan, tmp_path)


def test_failed_backup_rename_still_saves(
    plan: Plan, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.replace

    def refuse_backup(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith(".bak"):
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr("aisle_desktop.plan.atomic.os.replace", refuse_backup)
    save_plan(_renamed(plan), plan_file)
    assert load_plan(plan_file).plan.notes == "second draft"
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["options.aisle"]


def test_saving_through_a_symlink_keeps_the_link(plan: Plan, plan_file: Path) -> None:
    link = plan_file.parent / "link.aisle"
    link.symlink_to(plan_file.name)
    save_plan(_renamed(plan), link)
    assert link.is_symlink() and load_plan(plan_file).plan.notes == "second draft"
    assert backup_path(plan_file).exists()


def test_a_file_name_too_long_for_the_disk_is_refused_by_name(plan: Plan, tmp_path: Path) -> None:
    """The walk: a 300-character name (Linux takes 255 bytes a name) raised a bare OSError out
    of save_plan, which the window's Save As did not catch."""
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / f"{'z' * 300}.aisle"
    with pytest.raises(PlanSaveError) as info:
        save_plan(plan, path)
    assert str(info.value) == (
        f"{path}: could not save: the file name is too long for this disk "
        "(at most 255 bytes a name). Nothing was written."
    )
    assert os.listdir(folder) == []


def test_a_read_only_plan_is_not_replaced(plan: Plan, plan_file: Path) -> None:
    """The walk: a plan made read-only after it was opened was saved over all the same (the
    new file is renamed over it, which its folder allows), keeping only its mode."""
    plan_file.chmod(0o444)
    before = _snapshot(plan_file.parent)
    with pytest.raises(PlanSaveError) as refused:
        save_plan(_renamed(plan), plan_file)
    assert str(refused.value) == (
        f"{plan_file}: could not save: the file is read-only (no one may write it). The file "
        "on disk was left as it was; save under another name to keep your plan."
    )
    assert _snapshot(plan_file.parent) == before


# Saves run off the window's thread with a Cancel (ui/off_thread.py): honoured up to the
# rename, it leaves every file as it was; once the rename has begun it is refused.


def test_a_save_cancelled_before_its_rename_leaves_every_file_as_it_was(
    plan: Plan, plan_file: Path
) -> None:
    save_plan(_renamed(plan), plan_file)  # a backup to keep too
    before = _snapshot(plan_file.parent)
    cancel = WriteCancel()
    assert cancel.cancel()
    with pytest.raises(WriteStoppedError):
        save_plan(plan.model_copy(update={"notes": "third draft"}), plan_file, cancel=cancel)
    assert _snapshot(plan_file.parent) == before  # no temporary file left either


def test_a_cancel_once_the_file_is_being_replaced_is_refused(
    plan: Plan, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cancel = WriteCancel()
    answers: list[bool] = []
    rename = os.replace

    def replace_after_a_late_cancel(source: str | Path, target: str | Path) -> None:
        answers.append(cancel.cancel())
        rename(source, target)

    monkeypatch.setattr(os, "replace", replace_after_a_late_cancel)
    save_plan(_renamed(plan), plan_file, cancel=cancel)
    assert answers[0] is False  # too late: the file was replaced, as the window then says
    assert load_plan(plan_file).plan.notes == "second draft"
