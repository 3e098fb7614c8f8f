"""Opening and saving ``.aisle`` files: size and type checks first, atomic writes with a backup.

Reading never changes anything on disk (an older version is migrated in memory only); saving
goes through ``atomic.replace_atomically``, so a failed save leaves the old file as it was.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from aisle_desktop.file_text import NotTextError, utf8_text
from aisle_desktop.plan.atomic import (
    NotRegularFileError,
    WriteCancel,
    regular_target,
    replace_atomically,
    why_not_written,
)
from aisle_desktop.plan.codec import plan_and_notes, plan_to_text
from aisle_desktop.plan.document import EXTENSION, FORMAT, Plan
from aisle_desktop.plan.errors import (
    PlanChangedError,
    PlanFileError,
    PlanSaveError,
    PlanVersionError,
)
from aisle_desktop.plan.jsontext import parse_json
from aisle_desktop.plan.migrations import CURRENT_VERSION
from aisle_desktop.plan.not_a_plan import predict_hint
from aisle_desktop.strict_json import LINK_LOOP, NUL_IN_NAME, holds_nul

# A plan with a thousand scenarios and its own catalog entries is under 5 MB; anything past
# 20 MB is not a plan, and reading it whole would stall the window.
MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class FileStamp:
    """A plan file as it was read or written, so a later save can tell whether someone else
    (another window, the command line, a colleague on a shared drive) has replaced it since."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, data: bytes, info: os.stat_result) -> FileStamp:
        return cls(len(data), info.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def same_contents(self, other: FileStamp | None) -> bool:
        """Same bytes (a touch that only moved the time is no change); None (gone) differs."""
        return other is not None and (self.size, self.sha256) == (other.size, other.sha256)


@dataclass(frozen=True)
class LoadedPlan:
    """A plan read from disk, and the version its file was written in (older is migrated)."""

    plan: Plan
    path: Path
    file_version: int
    stamp: FileStamp | None = None
    # Each defining field (model, GPU, load...) the file left to its default, as a note.
    defaulted: tuple[str, ...] = ()

    @property
    def migrated(self) -> bool:
        """True if saving will rewrite the file in the current format version."""
        return self.file_version < CURRENT_VERSION

    @property
    def older_format(self) -> int | None:
        """The format version an older Aisle saved the file in; None for today's."""
        return self.file_version if self.migrated else None


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: ``NAME.aisle.bak`` beside the plan."""
    return path.with_name(path.name + ".bak")


def same_file(first: Path, second: Path) -> bool:
    """Whether two paths name one file once links are followed (neither need exist)."""
    try:
        return os.path.samefile(first, second)
    except OSError:
        return os.path.realpath(first) == os.path.realpath(second)


# Aisle writes a plan's format on its second line; a file that does not name it within its
# first this many bytes is not a plan Aisle wrote.
_FORMAT_WITHIN_BYTES = 4096


def is_plan_file(path: Path) -> bool:
    """Whether ``path`` is a regular file holding a plan: named ``.aisle`` (once links are
    followed) or naming the plan's format near its start. An export never writes over one,
    and ``plan new --force`` replaces nothing else."""
    real = Path(os.path.realpath(path))
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            return False
    except OSError:
        return False
    return real.suffix.lower() == EXTENSION or names_plan_format(real)


def names_plan_format(path: Path) -> bool:
    """Whether ``path`` is a regular file that names the plan's format near its start, as a
    plan Aisle wrote does, whatever its name (an empty or binary ``.aisle`` file does not)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return f'"{FORMAT}"'.encode() in os.read(fd, _FORMAT_WITHIN_BYTES)
    except OSError:
        return False
    finally:
        os.close(fd)


def with_plan_extension(path: Path) -> Path:
    """``path`` ending in ``.aisle`` (for Save As when the user typed a bare name)."""
    return path if path.suffix.lower() == EXTENSION else path.with_name(path.name + EXTENSION)


SWAPPED_WHILE_OPENED = (
    "changed into something other than a file (a pipe or a device?) while it was being "
    "opened; nothing was read"
)


def _read_limited(path: Path) -> tuple[bytes, os.stat_result]:
    if holds_nul(path):
        raise PlanFileError(path, NUL_IN_NAME)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise PlanFileError(path, "is a folder, not a plan file")
        if not stat.S_ISREG(info.st_mode):
            raise PlanFileError(path, "is not a regular file (a device or pipe?)")
        if info.st_size > MAX_FILE_BYTES:
            size_mb = info.st_size / 1e6
            raise PlanFileError(path, f"is {size_mb:,.1f} MB; a plan file is at most 20 MB")
        # Without blocking, and checked again once open: a file swapped for a pipe after the
        # check above (a file that changes while opening) hung the open until a writer came.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise PlanFileError(path, SWAPPED_WHILE_OPENED)
            raw = handle.read(MAX_FILE_BYTES + 1)
            info = os.fstat(fd)
    except FileNotFoundError:
        raise PlanFileError(path, "file not found") from None
    except PermissionError:
        raise PlanFileError(path, "no permission to read this file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise PlanFileError(path, LINK_LOOP) from None
        raise PlanFileError(path, f"cannot be read: {exc.strerror or exc}") from None

    if len(raw) > MAX_FILE_BYTES:  # grew after the size check
        raise PlanFileError(path, "is larger than 20 MB; a plan file is at most 20 MB")
    return raw, info


def _decode(raw: bytes, path: Path) -> str:
    try:
        return utf8_text(raw)
    except NotTextError as exc:
        raise PlanFileError(path, f"{exc}; an Aisle plan is UTF-8 JSON") from None


def read_plan_text(path: Path) -> str:
    """The text of a plan-like file: a regular file, at most 20 MB, UTF-8; else PlanFileError."""
    return _decode(_read_limited(path)[0], path)


def load_plan(path: Path) -> LoadedPlan:
    """Read and validate a plan file, or raise PlanFileError (PlanVersionError if newer)."""
    raw, info = _read_limited(path)
    text = _decode(raw, path)
    try:
        plan, version, notes = plan_and_notes(parse_json(text, path), path)
    except PlanVersionError:
        raise
    except PlanFileError as exc:
        hint = predict_hint(text, path)
        if hint is None:
            raise
        raise PlanFileError(path, f"{exc.reason}; {hint}", exc.where) from None
    stamp = FileStamp.of(raw, info)
    return LoadedPlan(plan, path, version, stamp, defaulted=tuple(notes))


def file_stamp(path: Path) -> FileStamp | None:
    """The stamp of the plan file at ``path`` now; None if it is gone or cannot be read."""
    try:
        raw, info = _read_limited(path)
    except PlanFileError:
        return None
    return FileStamp.of(raw, info)


def _save_message(exc: OSError, path: Path, known: bool, existed: bool) -> str:
    """Why a save failed, for a planner (`why_not_written`); ``existed``: a file stood there
    before this save, kept byte for byte (else nothing was written at all)."""
    what = why_not_written(exc, path, known)
    kept = "The file on disk was left as it was" if existed else "Nothing was written"
    return f"could not save: {what}. {kept}."


_READ_ONLY = (
    "could not save: the file is read-only (no one may write it). The file on disk was left "
    "as it was; save under another name to keep your plan."
)


def _read_only(path: Path) -> bool:
    """Whether the file at ``path`` exists and nobody may write it. A save replaces the file
    by renaming a new one over it, which its folder allows whatever the file's own
    permissions: a plan someone made read-only was replaced, keeping only its mode."""
    try:
        return os.stat(path).st_mode & 0o222 == 0
    except OSError:
        return False


def save_plan(
    plan: Plan,
    path: Path,
    expected: FileStamp | None = None,
    cancel: WriteCancel | None = None,
) -> FileStamp:
    """Write ``plan`` to ``path`` atomically, keeping the previous file as ``NAME.aisle.bak``.

    Through a symbolic link the file it points to is written; anything but a regular file (a
    device, a pipe, a folder) is refused. With ``expected`` (the stamp of the file when it was
    opened or last saved), a file that now holds other bytes is not overwritten:
    PlanChangedError says so and the caller asks the user. Returns the stamp of the file
    written. A read-only file is not replaced. On any failure raises PlanSaveError and leaves
    the old file (and old backup) byte-identical; the caller keeps the plan in memory, marked
    unsaved. A ``cancel`` honoured before the file is replaced raises WriteStoppedError, with
    the same promise.
    """
    if holds_nul(path):
        raise PlanSaveError(path, f"could not save: {NUL_IN_NAME}")
    data = plan_to_text(plan).encode("utf-8")
    existed = os.path.exists(path)  # False, not OSError, for a name too long to look up
    try:
        target = regular_target(path)
        changed = expected is not None and not expected.same_contents(file_stamp(target))
        if changed and target.exists():  # removed meanwhile: writing it again loses nothing
            raise PlanChangedError(path)
        if _read_only(target):
            raise PlanSaveError(path, _READ_ONLY)
        written = replace_atomically(target, data, backup_path(target), cancel)
        return FileStamp.of(data, os.stat(written))
    except NotRegularFileError as exc:
        message = f"could not save: it is {exc.kind}, not a file; give a file name ending in .aisle"
        raise PlanSaveError(path, message) from None

    except OSError as exc:
        message = _save_message(exc, path, expected is not None, existed)
        raise PlanSaveError(path, message) from None
