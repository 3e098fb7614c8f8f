"""Writing a file so that a crash, a full disk or a pulled drive never leaves it half written.

The new contents go to a temporary file in the same folder (same file system, so the final
rename is atomic), are flushed and fsynced, and only then replace the old file. Until that
rename the old file is untouched; after it, the new one is complete. Errors are plain OSError;
the caller words them, with `why_not_written` (a plan, a report, an export alike).

Only regular files are ever replaced. Through a symbolic link the file it points to is written
(the link stays); a device, a pipe, a socket or a folder is refused with NotRegularFileError
before anything is opened, and the old file is read for the backup without blocking, so a
FIFO swapped in meanwhile cannot hang a save.

A write run off the window's thread takes a `WriteCancel`: the planner's Cancel is honoured up
to the rename that puts the new file in place (the temporary file is then removed, the old file
never touched), and refused once that rename has begun, so a Cancel never claims a file was
left alone when it was replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import tempfile
import threading
import time
from pathlib import Path

# A save takes well under a second; a temporary file of ours this old was left by a process
# that was killed mid-save (up to a whole plan's size each), and nobody else will finish it.
STALE_TEMP_S = 600
_OUR_TEMP = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{8}\.tmp$")

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISLNK, "a loop of symbolic links"),
)

# Linux's limits: a name (NAME_MAX) and a whole path with its ending zero byte (PATH_MAX).
NAME_MAX_BYTES, PATH_MAX_BYTES = 255, 4096


class NotRegularFileError(OSError):
    """The path names something other than a regular file; nothing was opened or written."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"{path} is {kind}, not a regular file", str(path))
        self.kind = kind


class WriteStoppedError(Exception):
    """The planner cancelled the write before the new file replaced the old: nothing on disk
    changed (not an OSError: nothing failed)."""


class WriteCancel:
    """A write's Cancel, shared between the window's thread and the thread writing.

    The write calls `replacing` just before its rename; the window calls `cancel`. A lock held
    for an instant by either (never across the rename, which a stalled drive may hold for
    minutes) makes their order the truth: cancelled first, the write stops; renaming first,
    the cancel is refused and the window waits for the write to end.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._replacing = False

    def cancel(self) -> bool:
        """Cancel the write; False when it is already replacing the file (too late)."""
        with self._lock:
            if not self._replacing:
                self._cancelled = True
            return self._cancelled

    def replacing(self) -> None:
        """The write is about to rename its file into place; WriteStoppedError if cancelled."""
        with self._lock:
            if self._cancelled:
                raise WriteStoppedError
            self._replacing = True


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def regular_target(path: Path) -> Path:
    """The file a save to ``path`` replaces: ``path``, or where its symbolic links lead.

    Raises NotRegularFileError if that exists and is not a regular file. A path that does not
    exist yet (or a link to one) is returned as the new file to create.
    """
    real = Path(os.path.realpath(path))  # never raises, even on a loop of links
    try:
        info = os.lstat(real)
    except FileNotFoundError:
        return real
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFileError(path, _kind(info.st_mode))
    return real


def _read_regular(path: Path) -> tuple[bytes, int] | None:
    """The bytes and permission bits of the regular file ``path``; None if it does not exist."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(path, _kind(info.st_mode))
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks), info.st_mode & 0o7777
    finally:
        os.close(fd)


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


def remove_stale_temporaries(folder: Path, name: str | None = None) -> int:
    """Remove our own hidden temporaries (``.NAME.1a2b3c4d.tmp``) older than STALE_TEMP_S.

    Only regular files of exactly that naming, and only for ``name`` if given; a fresh one may
    belong to a save running now in another window. Returns how many were removed.
    """
    removed = 0
    cutoff = time.time() - STALE_TEMP_S
    with contextlib.suppress(OSError), os.scandir(folder) as found:
        for entry in found:
            match = _OUR_TEMP.match(entry.name)
            if match is None or (name is not None and match["name"] != name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
    return removed


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


def replace_atomically(
    path: Path, data: bytes, backup: Path | None = None, cancel: WriteCancel | None = None
) -> Path:
    """Make ``path`` hold ``data``; if it existed and ``backup`` is given, keep the old bytes there.

    ``path`` must be, or link to, a regular file or nothing (``regular_target``); the file
    written is returned. With a backup, pass the backup of that file. Both the new contents and
    the copy of the old are written and synced before anything is renamed, so a failure up to
    and including the main rename leaves the old file and any earlier backup byte-identical
    (the error propagates as OSError). Only then does the old copy become ``backup``; if that
    last rename fails the save has still succeeded, and the previous backup stays as it was.
    A ``cancel`` honoured before the main rename raises WriteStoppedError, likewise leaving
    everything as it was.
    """
    path = regular_target(path)
    remove_stale_temporaries(path.parent, path.name)
    if backup is not None:
        remove_stale_temporaries(backup.parent, backup.name)
    old = _read_regular(path)
    old_bytes = old[0] if old is not None and backup is not None else None
    old_mode = old[1] if old is not None else None
    temp: Path | None = None
    backup_temp: Path | None = None
    try:
        temp = _temporary_copy(path, data, old_mode)
        if backup is not None and old_bytes is not None:
            backup_temp = _temporary_copy(backup, old_bytes, old_mode)
        if cancel is not None:
            cancel.replacing()
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
    return path


def unwritable_folder(path: Path) -> str | None:
    """Why no file can be written where ``path`` goes (`why_not_written`'s words), found by
    making a temporary file beside it, removed at once; None when one can be. Said before
    the work that fills the file: a report of many pages took seconds to lay out, then
    learnt that /proc takes no files."""
    try:
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as err:
        return why_not_written(err, path)
    return None


def is_a_file(folder: Path) -> bool:
    """Whether what a path names as its folder exists and is not one (a file, a pipe...)."""
    return os.path.lexists(folder) and not os.path.isdir(folder)


def missing_folder(folder: Path) -> str:
    """Why no file can go in ``folder``, which is not a folder: it does not exist, or it is a
    file ("plans.aisle/x.pdf" said "Not a directory", or that a file there did not exist)."""
    if is_a_file(folder):
        return f"{folder} is a file, not a folder"
    return f"the folder {folder} does not exist"


def why_not_written(exc: OSError, path: Path, known: bool = False) -> str:
    """Why writing ``path`` failed, in a planner's words: "the disk is full", "the folder
    /proc does not take new files (a system folder?)" (where the OS said only "No such file
    or directory"). ``known``: the file was written or read there before, so a missing
    folder went away since."""
    folder = path.parent
    if exc.errno == errno.ENOSPC or exc.errno == getattr(errno, "EDQUOT", -1):
        return "the disk is full"
    if exc.errno == errno.EROFS:
        return f"the folder {folder} is on a read-only disk"
    if exc.errno == errno.ENAMETOOLONG and not any(
        len(os.fsencode(part)) > NAME_MAX_BYTES for part in path.parts
    ):  # each name short enough, the whole too long ("at most 255 bytes a name" misled)
        return (
            f"the whole path is too long ({len(os.fsencode(str(path))):,} bytes; at most "
            f"{PATH_MAX_BYTES - 1:,} on Linux): choose a folder with a shorter path"
        )
    if exc.errno == errno.ENAMETOOLONG:
        return f"the file name is too long for this disk (at most {NAME_MAX_BYTES} bytes a name)"
    if exc.errno == errno.ENOTDIR or (isinstance(exc, FileNotFoundError) and is_a_file(folder)):
        return missing_folder(folder)
    if isinstance(exc, PermissionError):
        return f"no permission to write in the folder {folder} (is it read-only?)"
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(folder) and known:
        return f"the folder {folder} no longer exists (removed, or the drive unplugged?)"
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(folder):
        return f"the folder {folder} does not exist; choose or create a folder first"
    if isinstance(exc, FileNotFoundError):  # there, but takes no new files (/proc, /sys)
        return f"the folder {folder} does not take new files (a system folder?)"
    return str(exc.strerror or exc)
