"""Writing a file so that a crash, a full disk or a pulled drive never leaves it half written.

The new contents go to a temporary file in the same folder (same file system, so the final
rename is atomic), are flushed and fsynced, and only then replace the old file. Until that
rename the old file is untouched; after it, the new one is complete. Errors are plain OSError;
the caller words them (``files.save_plan``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder, which is fine.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _temporary_copy(path: Path, data: bytes, mode: int | None) -> Path:
    """Write ``data`` to a new hidden file beside ``path``, synced to disk; return its name."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # 0o666 less the umask, like any new file; O_EXCL so we never write through someone's link.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _discard(*temps: Path | None) -> None:
    for temp in temps:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


def replace_atomically(path: Path, data: bytes, backup: Path | None = None) -> None:
    """Make ``path`` hold ``data``; if it existed and ``backup`` is given, keep the old bytes there.

    Both the new contents and the copy of the old are written and synced before anything is
    renamed, so a failure up to and including the main rename leaves the old file and any
    earlier backup byte-identical (the error propagates as OSError). Only then does the old
    copy become ``backup``; if that last rename fails the save has still succeeded, and the
    previous backup stays as it was.
    """
    old_bytes: bytes | None = None
    old_mode: int | None = None
    with contextlib.suppress(FileNotFoundError):  # removed meanwhile: nothing to keep
        old_mode = os.stat(path).st_mode & 0o7777
        if backup is not None:
            old_bytes = path.read_bytes()
    temp: Path | None = None
    backup_temp: Path | None = None
    try:
        temp = _temporary_copy(path, data, old_mode)
        if backup is not None and old_bytes is not None:
            backup_temp = _temporary_copy(backup, old_bytes, old_mode)
        os.replace(temp, path)
    except BaseException:
        _discard(temp, backup_temp)
        raise
    if backup is not None and backup_temp is not None:
        try:
            os.replace(backup_temp, backup)
        except OSError:
            _discard(backup_temp)
    _fsync_folder(path.parent)
