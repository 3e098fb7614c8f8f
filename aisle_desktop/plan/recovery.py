"""Autosave and crash recovery, without Qt: the window owns the timer and the prompts.

Each open document gets a key (``RecoveryStore.new_key()``). While it has unsaved changes the
window has it written (every minute and on every scenario change): ``recovery_bytes`` on its
own thread, then ``write_file`` on a `WriteQueue`'s, as a drive may stall; after a clean save
or a discard it has it removed (``remove_file``) through the same queue, after any write asked
for before.
Files still present at the next start belong to a session that ended without saving:
``entries()`` reads them, plans and all, for the "recover unsaved work?" prompt (on a thread of
the window's own choosing: the folder may be on a share that stalls). A store that has written
holds its session's lock until ``close``, and ``entries()`` leaves out its own files and those
of every other session still running (plan/session_lock.py), so a second copy of Aisle never
offers, or deletes, the live autosave of the first, and the window never offers its own.
A file cut short or otherwise unreadable (the process ended mid-write on a file system whose
rename is not atomic, or someone edited it) is listed with its ``problem`` and no plan: it is
said, never offered, and the planner may have it set aside (``set_aside_file``).
Recovery files live in the platformdirs user state folder (``user_folders.recovery_dir``).
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from aisle_desktop.plan.atomic import (
    PATH_MAX_BYTES,
    NotRegularFileError,
    WriteCancel,
    is_a_file,
    remove_stale_temporaries,
    replace_atomically,
    why_not_written,
)
from aisle_desktop.plan.codec import plan_from_data, plan_to_data
from aisle_desktop.plan.document import Plan
from aisle_desktop.plan.errors import PlanFileError, PlanSaveError
from aisle_desktop.plan.files import FileStamp, read_plan_text
from aisle_desktop.plan.jsontext import parse_json
from aisle_desktop.plan.session_lock import (
    hold_session_lock,
    release_session_lock,
    session_is_alive,
)
from aisle_desktop.user_folders import recovery_dir

RECOVERY_FORMAT = "aisle-recovery"
SUFFIX = ".aisle-recovery"
# The folder beside the recovery files where those that cannot be read are set aside.
SET_ASIDE = "set-aside"
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery file and the plan in it. If it is unreadable, ``problem`` says why (what
    is wrong and where in the file, without the path) and ``plan`` is None."""

    key: str
    path: Path
    source: Path | None
    saved_at: datetime | None
    plan: Plan | None = None
    problem: str | None = None
    # The source file as it was when last opened or saved before the autosave (None: not
    # said, in files written before it was recorded), so saving the recovered plan over a
    # source someone has changed since asks first.
    source_stamp: FileStamp | None = None


class RecoveryFileError(PlanSaveError):
    """A recovery file could not be written (``removal`` False) or removed, ``reason`` says
    why in a planner's words. The planner's plan file is never touched by either."""

    def __init__(self, path: Path, reason: str, *, removal: bool) -> None:
        verb = "remove" if removal else "write"
        super().__init__(path, f"could not {verb} the recovery file: {reason}")
        self.removal = removal
        self.why = reason


def why_not_written_here(exc: OSError, path: Path) -> str:
    """Why the recovery file ``path`` could not be written. The system's words misled: a file
    standing where the recovery folder goes read "File exists", a folder standing where the
    recovery file goes repeated the path ("PATH is a folder, not a regular file")."""
    if isinstance(exc, NotRegularFileError):
        return f"{exc.kind} of that name stands in its place"
    blocking = next((folder for folder in path.parents if is_a_file(folder)), None)
    if blocking == path.parent:
        return f"the recovery folder {blocking} is a file, not a folder"
    if blocking is not None:
        return f"{blocking} is a file, so the recovery folder {path.parent} cannot be made in it"
    return why_not_written(exc, path)


def why_not_removed(exc: OSError, path: Path) -> str:
    """Why the recovery file ``path`` could not be removed, in a planner's words."""
    if isinstance(exc, IsADirectoryError) or path.is_dir():
        return "a folder of that name stands in its place"
    if isinstance(exc, PermissionError):
        return f"no permission to remove files from the folder {path.parent}"
    return why_not_written(exc, path)


@dataclass(frozen=True)
class _Header:
    source: Path | None
    source_stamp: FileStamp | None
    saved_at: datetime | None
    session: str | None  # None in files written before sessions were recorded


def _saved_at(saved: object) -> datetime | None:
    """When a recovery file was written, in UTC; None if it does not say or says nonsense.

    A time without a zone (written by hand, or by an older Aisle) is taken as UTC, so it sorts
    beside the others instead of failing the comparison; a year before 1970 or far in the
    future (year 1 overflowed the local-time conversion) is treated as unknown.
    """
    if not isinstance(saved, str):
        return None
    try:
        when = datetime.fromisoformat(saved[:64])
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when if 1970 <= when.year <= 9000 else None


def _stamp(said: object) -> FileStamp | None:
    """The source's stamp as written by `recovery_bytes`; None if absent or malformed."""
    if not isinstance(said, dict):
        return None
    size, mtime_ns, sha256 = said.get("size"), said.get("mtime_ns"), said.get("sha256")
    if type(size) is not int or type(mtime_ns) is not int or not isinstance(sha256, str):
        return None
    return FileStamp(size, mtime_ns, sha256[:64])


def _source(said: object) -> Path | None:
    """The plan file a recovery file says it holds the unsaved state of; None if it says none,
    or something no file can be named (empty, holding a NUL, longer than any path: a megabyte
    of it took 27 s to lay out in the offer's dialog, the window frozen)."""
    if not isinstance(said, str) or not said or "\0" in said:
        return None
    return Path(said) if len(said.encode("utf-8", "replace")) < PATH_MAX_BYTES else None


def _header(data: Any, path: Path) -> _Header:
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        raise PlanFileError(path, f'not an Aisle recovery file (expected "{RECOVERY_FORMAT}")')
    source, saved, session = data.get("source"), data.get("saved_at"), data.get("session")
    return _Header(
        _source(source),
        _stamp(data.get("source_stamp")),
        _saved_at(saved),
        session if isinstance(session, str) and _KEY.match(session) else None,
    )


class RecoveryStore:
    """Recovery files in one folder (the user state folder unless a test gives another)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._session = uuid.uuid4().hex
        # The session's lock and the folder it was taken in, from the first write to `close`.
        self._session_lock: tuple[Path, BinaryIO] | None = None

    @property
    def folder(self) -> Path:
        """Asked of platformdirs each time, so nothing is fixed at import."""
        return self._folder if self._folder is not None else recovery_dir()

    @staticmethod
    def new_key() -> str:
        """A fresh key for a newly opened or created document."""
        return uuid.uuid4().hex

    def path_for(self, key: str) -> Path:
        """The recovery file of document ``key``."""
        if not _KEY.match(key):
            raise ValueError(f"recovery key must be letters, digits, '-' or '_': {key!r}")
        return self.folder / f"{key}{SUFFIX}"

    def write(
        self, key: str, plan: Plan, source: Path | None, source_stamp: FileStamp | None = None
    ) -> Path:
        """Autosave ``plan``, the unsaved state of file ``source`` (as ``source_stamp`` when
        last opened or saved); RecoveryFileError if not."""
        data = self.recovery_bytes(plan, source, source_stamp)
        return self.write_file(self.path_for(key), data)

    def recovery_bytes(
        self, plan: Plan, source: Path | None, source_stamp: FileStamp | None = None
    ) -> bytes:
        """What ``write`` puts in the recovery file of ``plan``, as of now: made on the window's
        thread, so the plan written is the one on screen when it was asked for."""
        body = {
            "format": RECOVERY_FORMAT,
            "version": 1,
            "session": self._session,
            "source": str(source) if source is not None else None,
            "source_stamp": asdict(source_stamp) if source_stamp is not None else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "plan": plan_to_data(plan),
        }
        return (json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()

    def write_file(self, path: Path, data: bytes, cancel: WriteCancel | None = None) -> Path:
        """Put ``recovery_bytes``' ``data`` in the recovery file ``path`` (``path_for``'s, asked
        for when the write was): the drive's part, which may stall. RecoveryFileError on failure,
        WriteStoppedError if cancelled."""
        if self._session_lock is None:
            handle = hold_session_lock(path.parent, self._session)
            self._session_lock = (path.parent, handle) if handle is not None else None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(path, data, cancel=cancel)
        except OSError as exc:
            raise RecoveryFileError(path, why_not_written_here(exc, path), removal=False) from None
        return path

    def remove(self, key: str) -> None:
        """Forget document ``key``'s unsaved work (after a clean save or a discard)."""
        self.remove_file(self.path_for(key))

    @staticmethod
    def remove_file(path: Path) -> None:
        """Delete the recovery file ``path``, if it is there: a document's (``path_for``), or
        one `entries` found, by its path whatever its name (a copy a file manager made, "Copy
        of KEY.aisle-recovery", makes no key). RecoveryFileError if it stays: the next start
        offers it again, so the planner is told (a folder that is a file holds no file)."""
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            raise RecoveryFileError(path, why_not_removed(exc, path), removal=True) from None

    @staticmethod
    def set_aside_file(path: Path) -> Path:
        """Move the recovery file ``path`` (one that cannot be read) into the folder
        `SET_ASIDE` beside it, where `entries` does not look, under a name no file there has;
        where it went. Kept, not deleted: it may hold work a text editor can still save.
        RecoveryFileError if it stays where it was."""
        aside = path.parent / SET_ASIDE
        if os.path.lexists(aside) and not aside.is_dir():  # mkdir's own word: "File exists"
            reason = f"{aside} is a file, not a folder, so nothing can be set aside in it"
            raise RecoveryFileError(path, reason, removal=True)
        try:
            aside.mkdir(exist_ok=True)
            target = aside / path.name
            copies = 1
            while os.path.lexists(target):
                copies += 1
                target = aside / f"{path.name}.{copies}"
            os.rename(path, target)
        except OSError as exc:
            raise RecoveryFileError(path, why_not_removed(exc, path), removal=True) from None
        return target

    def close(self) -> None:
        """End this session (the window closes): others may now offer what it left."""
        if self._session_lock is not None:
            folder, handle = self._session_lock
            release_session_lock(folder, self._session, handle)
            self._session_lock = None

    def _still_running(self, session: str | None) -> bool:
        """Whether ``session`` is this one or another that is still running."""
        if session is None:
            return False
        return session == self._session or session_is_alive(self.folder, session)

    def entries(self, reading: Callable[[Path], None] = lambda _path: None) -> list[RecoveryEntry]:
        """Recovery files left behind, newest first, each read whole; unreadable ones carry a
        ``problem``. ``reading(path)`` is told of the folder before it is listed and of each
        file before it is read, so a caller can say which one a stalled drive holds.

        Files of this session, or of another still running, are not left behind: skipped.
        PlanFileError if the folder is there but cannot be listed.
        """
        folder = self.folder
        reading(folder)
        if not folder.is_dir():
            return []
        remove_stale_temporaries(folder)  # left by a session killed while autosaving
        try:
            paths = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))
        except OSError as exc:
            raise PlanFileError(folder, f"it cannot be listed ({_plain(exc)})") from None
        found = []
        for path in paths:
            reading(path)
            entry = self._entry(path)
            if entry is not None:
                found.append(entry)
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(found, key=lambda e: e.saved_at or oldest, reverse=True)

    def _entry(self, path: Path) -> RecoveryEntry | None:
        """The file at ``path`` with its plan, or its problem; None if a running session's."""
        key = path.name.removesuffix(SUFFIX)
        try:
            data = parse_json(read_plan_text(path), path)
            header = _header(data, path)
            if self._still_running(header.session):
                return None
            plan, _ = plan_from_data(data.get("plan"), path)
        except PlanFileError as err:
            where = f" (at {err.where})" if err.where else ""
            return RecoveryEntry(key, path, None, None, problem=f"{err.reason}{where}")
        return RecoveryEntry(
            key, path, header.source, header.saved_at, plan, source_stamp=header.source_stamp
        )


def _plain(exc: OSError) -> str:
    """What the system said, in its words, lower case: "permission denied"."""
    said = str(exc.strerror or exc)
    return said[:1].lower() + said[1:]
