"""The File menu: New, Open, Open Recent, Save, Save As, Revert, Close, and their prompts.

Reading and writing are the plan package's (``load_plan``, ``save_plan``); this module only
asks the user and reports. Its promises: a file that cannot be read changes nothing; a save
that fails or is cancelled keeps the plan open and unsaved, and the file on disk as it was;
unsaved work is never dropped without asking. Reads and saves run off the GUI thread
(`off_thread`), so a drive that stalls keeps the window drawn, with Cancel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QMenuBar, QMessageBox, QWidget

from aisle_desktop.formatting import count, first_few
from aisle_desktop.plan import (
    DEFAULT_PRESET,
    EXTENSION,
    FileStamp,
    LoadedPlan,
    Plan,
    PlanChangedError,
    PlanFileError,
    PlanVersionError,
    backup_path,
    gathered,
    load_plan,
    preset_scenario,
    read_plans,
    same_file,
    save_plan,
    with_plan_extension,
)
from aisle_desktop.plan.atomic import WriteCancel
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.autosave import Autosaver
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.file_dialogs import file_dialog
from aisle_desktop.ui.off_thread import WorkCancelledError, run_off_thread, write_off_thread
from aisle_desktop.ui.plain_text import ask, tooltip, warn
from aisle_desktop.ui.recent_files import RecentFiles
from aisle_desktop.ui.save_failure import SAVE_FAILED_TITLE, save_failure_text
from aisle_desktop.ui.user_catalog_read import waiting_line

FILTER = f"Aisle plans (*{EXTENSION});;All files (*)"
Button = QMessageBox.StandardButton


def defaulted_line(fields: int) -> str:
    """The status bar's words for fields a plan file left to their defaults."""
    return f"{count(fields, 'field')} not in the file, so Aisle's defaults are used (see Notes)"


def cannot_size_line(problems: dict[str, list[str]], pending: Path | None = None) -> str:
    """Which scenarios an opened plan cannot size here and the entries they lack: a planner
    given a colleague's plan learns which GPU or model to add, without a line per scenario.
    `pending`: the user's catalog folder still being read, which may hold them."""
    names = first_few([f'"{name}"' for name in problems], "more scenario", "more scenarios")
    missing = list(dict.fromkeys(entry for entries in problems.values() for entry in entries))
    entries = first_few(missing, "more entry", "more entries")
    verb = "it names" if len(problems) == 1 else "they name"
    if pending is not None:
        return (
            f"{names} {'waits' if len(problems) == 1 else 'wait'} to be sized: {verb} "
            f"{entries}, not in the shipped catalog or the plan; "
            f"{waiting_line(pending, len(missing))}"
        )
    return (
        f"cannot size {names} here: {verb} {entries}, which neither this machine's catalog "
        "nor the plan has (see the scenario's tab)"
    )


def _newer_format_note(path: Path) -> str:
    """What Overwrite costs when a newer Aisle wrote the file: a save writes this Aisle's
    format, without what the newer one may have added (its file is kept as the backup)."""
    try:
        load_plan(path)
    except PlanVersionError as err:
        return (
            f" It was saved by a newer Aisle (plan format version {err.file_version}): "
            f"overwriting writes version {err.newest_readable}, without what that Aisle may "
            "have added."
        )
    except PlanFileError:
        pass
    return ""


def plan_paths(mime: QMimeData) -> list[Path]:
    """The local ``.aisle`` files in a drag (what the window accepts as a drop)."""
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() == EXTENSION]


class FileActions(QObject):
    """Owns the File menu's actions and carries them out.

    Signals:
        message(str): a line for the status bar (saved, opened, what a plan lacks).
        opened_together(): several plans were opened as one, to compare.
    """

    message = Signal(str)
    opened_together = Signal()

    def __init__(
        self,
        window: QWidget,
        document: PlanDocument,
        autosave: Autosaver,
        recent: RecentFiles,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.document = document
        self.autosave = autosave
        self.recent = recent
        keys = QKeySequence.StandardKey
        self.new = self._action("&New Plan", self.new_plan, keys.New)
        self.open = self._action("&Open…", self.open_dialog, keys.Open)
        self.save = self._action("&Save", self.save_plan, keys.Save)
        self.save_as = self._action("Save &As…", self.save_plan_as, keys.SaveAs)
        self.revert = self._action("&Revert to Saved", self.revert_plan)
        self.close = self._action("&Close", window.close, keys.Close)
        self.recent_menu = QMenu("Open &Recent", window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        document.modified_changed.connect(lambda _m: self._enable())
        document.path_changed.connect(lambda _p: self._enable())
        self._enable()

    def _action(
        self, text: str, slot: Callable[[], object], key: QKeySequence.StandardKey | None = None
    ) -> QAction:
        action = QAction(text, self._window)
        if key is not None:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _enable(self) -> None:
        self.revert.setEnabled(self.document.path is not None and self.document.is_modified())

    # --- the commands -------------------------------------------------------------------------

    def maybe_keep(self) -> bool:
        """Before unsaved work would be replaced: Save, Discard or Cancel; True to go on."""
        if not self.document.is_modified():
            return True
        answer = ask(
            self._window,
            "Unsaved changes",
            f"Save the changes to {self.document.display_name()} before going on?",
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )
        if answer == Button.Save:
            return self.save_plan()
        if answer == Button.Discard:
            self.autosave.discard()
            return True
        return False

    def new_plan(self) -> None:
        if self.maybe_keep():
            self.document.load(Plan(scenarios=[preset_scenario(DEFAULT_PRESET)]), None)
            self.message.emit("New plan")

    def open_dialog(self) -> None:
        """File > Open…: one plan, or several to compare, chosen in a dialog a planner can
        read (`file_dialogs`)."""
        dialog = file_dialog(self._window, "Open plans", str(self.folder()), FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedFiles():
            self.open_paths([Path(name) for name in dialog.selectedFiles()])

    def open_paths(self, paths: list[Path]) -> bool:
        """Open one plan, or several together to compare (`plan.plans_together`): those that
        cannot be read are named with why, once the others are open; none read changes nothing."""
        if len(paths) == 1:
            return self.open_path(paths[0])
        try:
            read = run_off_thread(
                self._window,
                f"Opening {count(len(paths), 'plan')}…",
                lambda: read_plans(paths),
                cancellable=True,
            )
        except WorkCancelledError:
            return False
        if not read.loaded:
            warn(self._window, "Cannot open plans", "\n\n".join(read.refused))
            return False
        if not self.maybe_keep():
            return False
        if len(read.loaded) == 1:
            self._show_loaded(read.loaded[0])
            refused = read.refused
        else:
            plan, refused = gathered(read.loaded)
            refused = [*read.refused, *refused]
            remarks = [f"{one.path.name}: {line}" for one in read.loaded for line in one.defaulted]
            self.document.load(plan, None, modified=True, remarks=remarks)
            for one in read.loaded:
                self.recent.add(one.path)
            opened = ", ".join(one.path.name for one in read.loaded)
            problems = self.document.problems()
            said = (
                f"; {cannot_size_line(problems, self.document.machine_pending)}" if problems else ""
            )
            self.message.emit(f"Opened {opened} together, as one new plan to compare{said}")
            self.opened_together.emit()
        if refused:
            warn(self._window, "Some plans not opened", "\n\n".join(refused))
        return True

    def open_path(self, path: Path) -> bool:
        """Open a plan file; a file that cannot be read is reported and changes nothing.
        It is read off the GUI thread: a plan of 20 MB, or one on a stalled network drive,
        keeps the window drawn, and Cancel gives up on it."""
        try:
            loaded = run_off_thread(
                self._window, f"Opening {path}…", lambda: load_plan(path), cancellable=True
            )
        except WorkCancelledError:
            return False
        except PlanFileError as err:
            warn(self._window, "Cannot open plan", str(err))
            return False
        if not self.maybe_keep():
            return False
        self._show_loaded(loaded)
        return True

    def _show_loaded(self, loaded: LoadedPlan) -> None:
        path = loaded.path
        self.document.load_file(loaded)
        self.recent.add(path)
        problems = self.document.problems()
        if problems:
            pending = self.document.machine_pending
            self.message.emit(f"Opened {path.name}; {cannot_size_line(problems, pending)}")
        else:
            note = " (older format: saving writes the current one)" if loaded.migrated else ""
            if loaded.defaulted:
                note += f"; {defaulted_line(len(loaded.defaulted))}"
            self.message.emit(f"Opened {path}{note}")

    def save_plan(self) -> bool:
        if self.document.path is None:
            return self.save_plan_as()
        return self.save_to(self.document.path)

    def save_plan_as(self) -> bool:
        start = str(self.document.path or self.folder() / ("plan" + EXTENSION))
        name, _ = file_dialogs.save_file_name(self._window, "Save plan as", start, FILTER)
        return bool(name) and self.save_to(with_plan_extension(Path(name)))

    def save_to(self, path: Path, *, overwrite: bool = False) -> bool:
        """Save; on failure or Cancel say so and keep the plan open and unsaved.

        Saving over the plan's own file first checks that nobody changed it since it was
        opened or saved here (unless `overwrite`); if someone did, the user chooses. The file
        is written off the GUI thread: on a drive that stalls, "Saving PATH…" shows with
        Cancel, and the plan is marked saved only once its file is in place.
        """
        doc = self.document
        plan, opened, stamp_then = doc.plan(), doc.path, doc.stamp

        def write(cancel: WriteCancel) -> FileStamp:
            own_file = opened is not None and same_file(path, opened)
            expected = stamp_then if own_file and not overwrite else None
            return save_plan(plan, path, expected, cancel)

        try:
            stamp = write_off_thread(self._window, f"Saving {path}…", write)
        except WorkCancelledError:
            self.message.emit(f"Not saved: cancelled, {path} left as it was")
            return False
        except PlanChangedError as err:
            return self._changed_on_disk(path, err)
        except PlanFileError as err:
            warn(self._window, SAVE_FAILED_TITLE, save_failure_text(err))
            self.message.emit("Not saved")
            return False
        self.document.mark_saved(path, stamp)
        self.recent.add(path)
        self.message.emit(f"Saved {path}")
        return True

    def _changed_on_disk(self, path: Path, err: PlanChangedError) -> bool:
        """Someone else saved the file: overwrite it, save elsewhere, or reload theirs."""
        answer = ask(
            self._window,
            "File changed on disk",
            f"{err}.{_newer_format_note(path)}\n\nOverwrite: replace it with your plan "
            "(theirs is kept as "
            f"{backup_path(path).name}). Save As: keep both. Reload: open theirs and drop "
            "your unsaved changes.",
            Button.Save | Button.SaveAll | Button.Reset | Button.Cancel,
            Button.SaveAll,
            names={Button.Save: "Overwrite", Button.SaveAll: "Save As…", Button.Reset: "Reload"},
        )
        if answer == Button.Save:
            return self.save_to(path, overwrite=True)
        if answer == Button.SaveAll:
            return self.save_plan_as()
        if answer == Button.Reset:
            self.reload()
        self.message.emit("Not saved")
        return False

    def reload(self) -> bool:
        """Read the plan's file again, dropping unsaved changes (the user chose to)."""
        path = self.document.path
        if path is None:
            return False
        try:
            loaded = run_off_thread(
                self._window, f"Reading {path}…", lambda: load_plan(path), cancellable=True
            )
        except WorkCancelledError:
            return False
        except PlanFileError as err:
            warn(self._window, "Cannot reload", str(err))
            return False
        self.autosave.discard()
        self.document.load_file(loaded)
        self.message.emit(f"Reloaded {path} as it is on disk")
        return True

    def revert_plan(self) -> None:
        path = self.document.path
        if path is None or not self.document.is_modified():
            return
        answer = ask(
            self._window,
            "Revert to saved",
            f"Discard your changes and reopen {path.name} as it was last saved?",
            Button.Discard | Button.Cancel,
            Button.Cancel,
        )
        if answer != Button.Discard:
            return
        if self.reload():
            self.message.emit(f"Reverted to {path}")

    # --- Open Recent --------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for path in paths:
            action = menu.addAction(path.name)
            action.setToolTip(tooltip(str(path)))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self._open_recent(p))
        if not paths:
            menu.addAction("No recent plans").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear the list").triggered.connect(self.recent.clear)

    def _open_recent(self, path: Path) -> None:
        """A recent plan, dropped from the list when it is gone; whether it is there is asked
        off the GUI thread too (a stalled drive froze the window before "Opening …")."""
        try:
            there = run_off_thread(
                self._window, f"Looking for {path}…", path.exists, cancellable=True
            )
        except WorkCancelledError:
            return
        if not there:
            self.recent.remove(path)
        self.open_path(path)

    def folder(self) -> Path:
        """Where a file dialog opens: the plan's folder, else the last plan's, else home.
        The exports of a plan not yet saved opened in the folder Aisle was started from
        (walk: the source checkout; from a desktop launcher, often "/")."""
        path = self.document.path or next(iter(self.recent.paths()), None)
        return path.parent if path is not None else Path.home()


def build_file_menu(
    menus: QMenuBar, actions: FileActions, quit_action: QAction, extra: Sequence[QAction] = ()
) -> QMenu:
    """The File menu in one place; `extra` (say Export PDF, Print) goes before Close."""
    menu = menus.addMenu("&File")
    menu.addActions([actions.new, actions.open])
    menu.addMenu(actions.recent_menu)
    menu.addSeparator()
    menu.addActions([actions.save, actions.save_as, actions.revert])
    menu.addSeparator()
    if extra:
        menu.addActions(list(extra))
        menu.addSeparator()
    menu.addActions([actions.close, quit_action])
    return menu
