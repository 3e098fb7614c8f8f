"""Autosave and crash recovery, without Qt: the window owns the timer and the prompts.

Each open document gets a key (``RecoveryStore.new_key()``). While it has unsaved changes the
window has it written (every minute and on every scenario change): ``recovery_bytes`` on its
own thread, then ``write_file`` on a `WriteQueue`'s, as a drive may stall; after a clean save
or a discard it has it removed (``remove_file``) through the same queue, after any write asked
for before.
Files still present at the next start belong to a session that ended without saving:
``entries()`` lists them for the "recover unsaved work?" prompt. A store that has written holds
its session's lock until ``close``, and ``entries()`` leaves out the files of every other
session still running (plan/session_lock.py), so a second copy of Aisle never offers, or
deletes, the live autosave of the first.
Recovery files live in the platformdirs user state folder (``user_folders.recovery_dir``).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from aisle_desktop.plan.atomic import WriteCancel, remove_stale_temporaries, replace_atomically
from aisle_desktop.plan.codec import plan_from_data, plan_to_data
from aisle_desktop.plan.document import Plan
from aisle_desktop.plan.errors import PlanFileError, PlanSaveError
from aisle_desktop.plan.files import read_plan_text
from aisle_desktop.plan.jsontext import parse_json
from aisle_desktop.plan.session_lock import (
    hold_session_lock,
    release_session_lock,
    session_is_alive,
)
from aisle_desktop.user_folders import recovery_dir

RECOVERY_FORMAT = "aisle-recovery"
SUFFIX = ".aisle-recovery"
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class RecoveryEntry:
    """One recovery file. ``problem`` is set (and the rest may be None) if it is unreadable."""

    key: str
    path: Path
    source: Path | None
    saved_at: datetime | None
    problem: str | None = None


@dataclass(frozen=True)
class _Header:
    source: Path | None
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


def _header(data: Any, path: Path) -> _Header:
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        raise PlanFileError(path, f'not an Aisle recovery file (expected "{RECOVERY_FORMAT}")')
    source, saved, session = data.get("source"), data.get("saved_at"), data.get("session")
    return _Header(
        Path(source) if isinstance(source, str) else None,
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

    def write(self, key: str, plan: Plan, source: Path | None) -> Path:
        """Autosave ``plan``, the unsaved state of file ``source``; PlanSaveError on failure."""
        return self.write_file(self.path_for(key), self.recovery_bytes(plan, source))

    def recovery_bytes(self, plan: Plan, source: Path | None) -> bytes:
        """What ``write`` puts in the recovery file of ``plan``, as of now: made on the window's
        thread, so the plan written is the one on screen when it was asked for."""
        body = {
            "format": RECOVERY_FORMAT,
            "version": 1,
            "session": self._session,
            "source": str(source) if source is not None else None,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "plan": plan_to_data(plan),
        }
        return (json.dumps(body, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode()

    def write_file(self, path: Path, data: bytes, cancel: WriteCancel | None = None) -> Path:
        """Put ``recovery_bytes``' ``data`` in the recovery file ``path`` (``path_for``'s, asked
        for when the write was): the drive's part, which may stall. PlanSaveError on failure,
        WriteStoppedError if cancelled."""
        if self._session_lock is None:
            handle = hold_session_lock(path.parent, self._session)
            self._session_lock = (path.parent, handle) if handle is not None else None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            replace_atomically(path, data, cancel=cancel)
        except OSError as exc:
            message = f"could not write the recovery file: {exc.strerror or exc}"
            raise PlanSaveError(path, message) from None
        return path

    def remove(self, key: str) -> None:
        """Forget document ``key``'s unsaved work (after a clean save or a discard)."""
        self.remove_file(self.path_for(key))

    @staticmethod
    def remove_file(path: Path) -> None:
        """Delete the recovery file ``path``, if it is there: a document's (``path_for``), or
        one `entries` found, by its path whatever its name (a copy a file manager made, "Copy
        of KEY.aisle-recovery", makes no key). PlanSaveError if it stays: the next start
        offers it again, so the planner is told (a folder that is a file holds no file)."""
        try:
            path.unlink()
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError as exc:
            message = f"could not remove the recovery file: {exc.strerror or exc}"
            raise PlanSaveError(path, message) from None

    def close(self) -> None:
        """End this session (the window closes): others may now offer what it left."""
        if self._session_lock is not None:
            folder, handle = self._session_lock
            release_session_lock(folder, self._session, handle)
            self._session_lock = None

    def _other_live_session(self, session: str | None) -> bool:
        if session is None or session == self._session:
            return False
        return session_is_alive(self.folder, session)

    def entries(self) -> list[RecoveryEntry]:
        """Recovery files left behind, newest first; unreadable ones carry a ``problem``.

        Files of another session that is still running are not left behind: they are skipped.
        """
        if not self.folder.is_dir():
            return []
        remove_stale_temporaries(self.folder)  # left by a session killed while autosaving
        found = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            key = path.name.removesuffix(SUFFIX)
            try:
                header = _header(parse_json(read_plan_text(path), path), path)
                if self._other_live_session(header.session):
                    continue
                found.append(RecoveryEntry(key, path, header.source, header.saved_at))
            except PlanFileError as err:
                found.append(RecoveryEntry(key, path, None, None, problem=str(err)))
        oldest = datetime.min.replace(tzinfo=UTC)
        return sorted(found, key=lambda e: e.saved_at or oldest, reverse=True)

    def load(self, entry: RecoveryEntry) -> Plan:
        """The plan saved in ``entry``; PlanFileError if it cannot be read."""
        data = parse_json(read_plan_text(entry.path), entry.path)
        _header(data, entry.path)
        plan, _ = plan_from_data(data.get("plan"), entry.path)
        return plan
