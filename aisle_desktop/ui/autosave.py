"""Autosave unsaved work to a recovery file, and offer recovery of files left by a crash.

The plan package writes and reads the files (``RecoveryStore``); this module decides when:
every minute while the plan is unsaved, shortly after every change, and never once it is
saved. After a clean save or a discard the file is removed, so any file found at start-up
belongs to a session that ended without saving.

The files are written and removed off the window's thread, in a `WriteQueue` the planner does
not wait for: written on the window's thread, a home folder on a network share that stalled
froze the window every minute and a second after each edit. The plan is read on the window's
thread when the write is asked for; the queue keeps the order, so the removal after a clean
save lands after any recovery write asked for before it, and no stale file is offered at the
next start.

Closing the window does not wait for a drive that has stalled: Aisle ends at once, and the
write it held is abandoned (`stop`); the removals queued behind it are named for the window to
record, and the next start removes those files instead of offering them (`removals_left.py`).
The planner's plan file is never touched by a recovery write; the recovery file keeps its state
before that write, or at worst (a file system whose rename is not atomic) is cut short, and the
next start says it cannot be read and offers nothing of it. The files left behind are read off
the window's thread too (`RecoveryRead`) and offered once read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from aisle_desktop.plan import FileStamp, Plan, RecoveryEntry, RecoveryFileError, RecoveryStore
from aisle_desktop.plan.recovery_words import (
    failure_text,
    removals_done_text,
    set_aside_question,
    set_aside_text,
    unreadable_text,
)
from aisle_desktop.plan.write_queue import Job, WriteQueue
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.off_thread import POLL_MS, QUIET_WAIT_MS
from aisle_desktop.ui.plain_text import ask
from aisle_desktop.ui.recovery_choice import RecoveryChoice
from aisle_desktop.ui.recovery_read import RecoveryRead

log = logging.getLogger(__name__)

INTERVAL_MS = 60_000
# A change is written within a second: often enough to lose at most a second's typing,
# rarely enough that holding a spin box arrow does not fsync a file per step.
AFTER_CHANGE_MS = 1_000
# The queue's key for the end of the session, which comes after every file's last change.
SESSION_END = "session end"
# The source of a recovery file that did not record it (an older Aisle's): matches no file,
# so a save over it asks.
UNKNOWN_SOURCE = FileStamp(size=-1, mtime_ns=0, sha256="")
Button = QMessageBox.StandardButton


class Autosaver(QObject):
    """Keeps the document's recovery file current.

    Signals:
        failed(str): a recovery file could not be written, removed or read: which, why, and
            where the planner's plan stands (shown in the status bar).
        waiting(str): the recovery files left behind are still being read: which one the
            drive holds (shown in the status bar).
        settled(): every recovery write and removal asked for so far is done.
        recovery_done(bool): the files left behind were read and offered; True if one was
            restored.
        said(str): a recovery file the last session could not remove was removed now.
    """

    said = Signal(str)
    failed = Signal(str)
    waiting = Signal(str)
    settled = Signal()
    recovery_done = Signal(bool)

    def __init__(self, document: PlanDocument, store: RecoveryStore, parent: QObject) -> None:
        super().__init__(parent)
        self.document = document
        self.store = store
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.write_now)
        self._timer.start()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(AFTER_CHANGE_MS)
        self._soon.timeout.connect(self.write_now)
        document.content_changed.connect(self._soon.start)
        document.structure_changed.connect(self._soon.start)
        document.modified_changed.connect(self._on_modified)
        self._writes = WriteQueue("aisle-recovery-writes")
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._look)
        self._reads: list[RecoveryRead] = []
        self.choice: RecoveryChoice | None = None  # the files left behind, offered together

    def write_now(self) -> None:
        """Have the recovery file written, off the window's thread, if the plan is unsaved."""
        doc = self.document
        if not doc.is_modified():
            return
        store, path = self.store, self.store.path_for(doc.recovery_key)
        data = store.recovery_bytes(doc.plan(), doc.path, doc.stamp)
        self._put(path, lambda cancel: store.write_file(path, data, cancel))

    def discard(self) -> None:
        """The user discarded the unsaved work: forget its recovery file."""
        self._soon.stop()
        self._remove()

    def stop(self) -> list[Path]:
        """The window closes: no more autosaves or offers; the writes and removals asked for,
        then the session's end, are waited for a quarter of a second at most. A drive that
        answers is waited for, so the queue's thread seldom outlives the window (past it, a
        collection it set off could free the window's Qt objects there); a stalled one's
        work is abandoned when the process ends, which it does at once (`WriteQueue`).

        The recovery files whose removal is abandoned so, for the next start to remove."""
        self._timer.stop()
        self._soon.stop()
        for read in self._reads:
            read.stop()
        store = self.store
        self._put(SESSION_END, lambda _cancel: store.close())
        if self._writes.wait_until_idle(QUIET_WAIT_MS / 1000):
            return []
        left = [file for file in self._writes.removals_left() if isinstance(file, Path)]
        log.warning(
            "Closed while the drive of the recovery folder %s held a recovery write: "
            "Aisle ends without waiting for it. Plan files are never touched by recovery "
            "writes; the recovery file keeps its state before the write (the next start says "
            "if it cannot be read); the removals asked for after it (%d) are done at the next "
            "start.",
            store.folder,
            len(left),
        )
        return left

    def _on_modified(self, modified: bool) -> None:
        if not modified:
            self._soon.stop()
            self._remove()

    def _remove(self, path: Path | None = None) -> None:
        """Have the recovery file ``path`` removed (the document's own unless given)."""
        gone = path or self.store.path_for(self.document.recovery_key)
        self._put(gone, lambda _cancel: RecoveryStore.remove_file(gone), removes=True)

    def _put(self, file: Path | str, job: Job, *, removes: bool = False) -> None:
        self._writes.put(file, job, removes=removes)
        self._poll.start()

    def _look(self) -> None:
        """Say what failed; once the queue is empty, that it has settled."""
        busy = self._writes.busy()
        for err in self._writes.failures():
            if not isinstance(err, RecoveryFileError):
                raise err  # a fault of Aisle's, raised where the window reports its faults
            doc = self.document
            self.failed.emit(failure_text(err, doc.path, doc.is_modified()))
        if not busy:
            self._poll.stop()
            self.settled.emit()

    def read_recovery(
        self,
        parent: QWidget,
        keep_current: Callable[[], bool],
        removals_left: Sequence[Path] = (),
    ) -> None:
        """Read the recovery files left behind off the window's thread, then offer them
        (`offer`); ``keep_current`` asks about the plan on screen before one replaces it;
        ``removals_left``: files the last session could not remove, removed, not offered."""
        read = RecoveryRead(self.store, self)
        read.failed.connect(self.failed)
        read.waiting.connect(self.waiting)
        read.found.connect(
            lambda entries: self.offer(
                self._without_removals_left(entries, removals_left), parent, keep_current
            )
        )
        self._reads.append(read)
        read.start()

    def _without_removals_left(
        self, entries: list[RecoveryEntry], removals_left: Sequence[Path]
    ) -> list[RecoveryEntry]:
        """Remove the files the last session asked to remove and could not, and say which;
        the others, to offer. Only files found among those left behind are removed: never a
        running session's."""
        left = set(removals_left)
        removed = [entry.path for entry in entries if entry.path in left]
        for path in removed:
            self._remove(path)
        if removed:
            self.said.emit(removals_done_text(removed))
        return [entry for entry in entries if entry.path not in left]

    def offer(
        self, entries: list[RecoveryEntry], parent: QWidget, keep_current: Callable[[], bool]
    ) -> None:
        """Ask about the recovery files left behind, newest first; then `recovery_done`.

        Files that cannot be read are said first, in a question: Set Aside moves them where
        Aisle no longer looks, Keep keeps them for the next start. One file is offered in a
        question, several together in one list (`RecoveryChoice`). Recover (Open) loads one
        (unsaved, so the user chooses where to save), once ``keep_current`` has let the plan
        on screen go (the planner may have worked while the files were read); Discard
        (Delete) deletes it; Cancel (Decide Later) keeps the rest for the next start.
        """
        unreadable = [entry for entry in entries if entry.plan is None]
        if unreadable:
            self._offer_set_aside(unreadable, parent)
        readable = [entry for entry in entries if entry.plan is not None]
        if len(readable) > 1:
            self._offer_together(readable, parent, keep_current)
            return
        restored = False
        for entry in readable:
            answer = ask(
                parent,
                "Recover unsaved work?",
                _offer_text(entry),
                QMessageBox.StandardButton.Yes
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Yes,
            )
            if answer == QMessageBox.StandardButton.Discard:
                self._remove(entry.path)
            elif answer == QMessageBox.StandardButton.Yes:
                restored = self._recover_chosen(entry, keep_current)
        self.recovery_done.emit(restored)

    def _offer_set_aside(self, unreadable: list[RecoveryEntry], parent: QWidget) -> None:
        """Recovery files that cannot be read: said with why and where, set aside if the
        planner says so (off the window's thread), else kept as found and said again."""
        folder = self.store.folder
        answer = ask(
            parent,
            "Recovery files that cannot be read",
            set_aside_question(unreadable, folder),
            Button.Yes | Button.Cancel,
            Button.Cancel,
            {
                QMessageBox.StandardButton.Yes: "Set Aside",
                QMessageBox.StandardButton.Cancel: "Keep",
            },
        )
        if answer != Button.Yes:
            self.failed.emit(unreadable_text(unreadable))
            return
        for entry in unreadable:
            self._put(entry.path, _set_aside_job(entry.path))
        self.said.emit(set_aside_text(unreadable, folder))

    def _offer_together(
        self, readable: list[RecoveryEntry], parent: QWidget, keep_current: Callable[[], bool]
    ) -> None:
        """Several files: one window-modal list (`RecoveryChoice`, kept in `choice` while
        open); `recovery_done` when it closes."""
        dialog = RecoveryChoice(parent, readable)
        dialog.deleted.connect(lambda entry: self._remove(entry.path))

        def finished(result: int) -> None:
            chosen = dialog.chosen()
            self.choice = None
            dialog.deleteLater()
            accepted = result == QDialog.DialogCode.Accepted and chosen is not None
            self.recovery_done.emit(accepted and self._recover_chosen(chosen, keep_current))

        dialog.finished.connect(finished)
        self.choice = dialog
        dialog.open()

    def _recover_chosen(
        self, entry: RecoveryEntry | None, keep_current: Callable[[], bool]
    ) -> bool:
        """Open ``entry``'s plan once ``keep_current`` lets the plan on screen go."""
        if entry is None or entry.plan is None or not keep_current():
            return False
        return self._recover(entry, entry.plan)

    def _recover(self, entry: RecoveryEntry, plan: Plan) -> bool:
        """Show the recovered plan, unsaved, as an edit of its source file as it was then: a
        save over a source changed since (saved after the crash, by the planner or a
        colleague) asks first, as for any plan, where it silently replaced the newer file."""
        stamp = entry.source_stamp or (UNKNOWN_SOURCE if entry.source is not None else None)
        self.document.load(plan, entry.source, modified=True, stamp=stamp)
        self.write_now()  # under the new document's key first, then drop the old file
        self._remove(entry.path)
        return True


def _set_aside_job(path: Path) -> Job:
    """The queue's job that sets the unreadable recovery file ``path`` aside."""
    return lambda _cancel: RecoveryStore.set_aside_file(path)


def _offer_text(entry: RecoveryEntry) -> str:
    source = f"of {entry.source}" if entry.source else "of a plan that was never saved"
    when = (
        entry.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if entry.saved_at
        else "an unknown time"
    )
    return (
        f"Aisle found unsaved changes {source}, autosaved at {when}, from a session that "
        "ended without saving.\n\nYes: open them (then save them where you like). "
        "Discard: delete them. Cancel: decide at the next start."
    )
