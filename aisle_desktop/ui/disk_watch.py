"""Notice when the open plan's file changes on disk, and offer to reload it.

Another window, the command line or a colleague on a shared drive may save the file while it
is open here. A bar above the panels says so, with Reload and Keep mine; nothing changes until
the planner chooses. Keeping their own version is safe: the next Save still finds the file
changed and asks before overwriting (``FileActions.save_to``). Events caused by this window's
own saves are recognised by the file's stamp and ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton

from aisle_desktop.plan import FileStamp, file_stamp
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.plain_text import plain_label
from aisle_desktop.ui.theme import Theme


class DiskWatch(QObject):
    """Watches the document's file and shows ``bar`` when it holds other bytes than ours.

    Signals:
        changed_on_disk(object): the file (a Path) now differs from what this window has.
    """

    changed_on_disk = Signal(object)

    def __init__(self, document: PlanDocument, reload: Callable[[], bool], parent: QObject) -> None:
        super().__init__(parent)
        self._document = document
        self._reload = reload
        self._dismissed: FileStamp | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(lambda name: self.check(Path(name)))
        self.bar = QFrame()
        self.bar.setObjectName("disk_change")
        self.bar.setStyleSheet(
            Theme.of(self.bar).tone("warn").strip("QFrame#disk_change", "bottom")
        )
        row = QHBoxLayout(self.bar)
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.reload_button = QPushButton("Reload")
        self.reload_button.clicked.connect(self._on_reload)
        self.keep_button = QPushButton("Keep mine")
        self.keep_button.clicked.connect(self._on_keep)
        row.addWidget(self.text, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.keep_button)
        self.bar.hide()
        document.path_changed.connect(self._follow)
        document.modified_changed.connect(lambda _m: self._label())

    def _follow(self, path: Path | None) -> None:
        """Watch the document's file (a new one after Open or Save As)."""
        if self._watcher.files():
            self._watcher.removePaths(self._watcher.files())
        self._dismissed = None
        self.bar.hide()
        if path is not None and path.exists():
            self._watcher.addPath(str(path))

    def check(self, path: Path) -> None:
        """The watcher saw a change: compare the file with what this window read or wrote."""
        doc = self._document
        if doc.path is None or path != doc.path:
            return
        if str(path) not in self._watcher.files() and path.exists():
            self._watcher.addPath(str(path))  # a save by rename replaced the file watched
        now = file_stamp(path)
        expected = doc.stamp
        if expected is not None and expected.same_contents(now):
            self.bar.hide()
            return
        if now is not None and now == self._dismissed:
            return
        self._label(now)
        self.bar.show()
        self.changed_on_disk.emit(path)

    def _label(self, now: FileStamp | None = None) -> None:
        doc = self._document
        if doc.path is None:
            return
        gone = now is None and not doc.path.exists()
        what = "was removed or renamed on disk" if gone else "was changed on disk"
        ours = " You have unsaved changes." if doc.is_modified() else ""
        self.text.setText(f"{doc.path.name} {what} by another window or program.{ours}")
        self.reload_button.setEnabled(not gone)
        self.reload_button.setText("Reload (drop my changes)" if doc.is_modified() else "Reload")

    def _on_reload(self) -> None:
        if self._reload():
            self.bar.hide()

    def _on_keep(self) -> None:
        """Keep this window's plan; say nothing more until the file changes again."""
        path = self._document.path
        self._dismissed = file_stamp(path) if path is not None else None
        self.bar.hide()
