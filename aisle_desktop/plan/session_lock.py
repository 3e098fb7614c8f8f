"""Which running Aisle sessions are alive, so one never offers another's recovery files.

Each session that autosaves holds an exclusive advisory lock (``flock``) on its own lock file
in the recovery folder for as long as it runs. The kernel drops the lock when the process
ends, crash included, so a lock file nobody holds marks a session that is gone, and its
recovery files are left-behind work to offer. Advisory locks are POSIX (Linux, macOS), the
systems Aisle ships for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

LOCK_SUFFIX = ".aisle-session"


def lock_path(folder: Path, session: str) -> Path:
    return folder / f"{session}{LOCK_SUFFIX}"


def hold_session_lock(folder: Path, session: str) -> BinaryIO | None:
    """Take this session's lock; keep the returned file open for as long as the session runs.

    None if the lock file cannot be made or locked: autosave goes on, the session is just
    not recognised as alive by others.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = lock_path(folder, session).open("ab")
    except OSError:
        return None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        return None
    return handle


def release_session_lock(folder: Path, session: str, handle: BinaryIO) -> None:
    """End the session: drop its lock and its lock file."""
    with contextlib.suppress(FileNotFoundError):
        lock_path(folder, session).unlink()
    handle.close()


def session_is_alive(folder: Path, session: str) -> bool:
    """True while some process holds `session`'s lock; a stale lock file is tidied away.

    The lock file is opened without blocking and only if it is a regular file: one named by
    a recovery file and made a pipe (FIFO) held the start-up's read of the recovery folder
    for ever, waiting for a reader; anything but a regular file holds no session."""
    path = lock_path(folder, session)
    if not path.exists():
        return False
    flags = os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_NOFOLLOW
    try:
        probe = os.open(path, flags)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(probe).st_mode):
            return False
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        path.unlink()  # we hold it now: nobody else does, the session is gone
    except OSError:
        return False
    finally:
        os.close(probe)
    return False
