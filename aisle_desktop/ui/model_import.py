"""Catalog > Import Model Config…: a model from its Hugging Face ``config.json``, in the window.

The command line's `catalog import-model` for a planner who never opens a terminal: pick the
file, confirm or change the id, and the model is in the user's catalog and on screen. The work
is the plan layer's ``import_model``, the same the command runs; this module asks and reports.
A refusal (a file that is not a config, a quantization Aisle does not read, an id taken or
malformed, a folder that cannot be written) is one message, and nothing has changed. A file
that cannot be read or understood (too large, not UTF-8, not JSON, not a model Aisle reads) is
said as soon as it is chosen, before the planner is asked for an id it would never be given.
Reading, checking and importing run off the GUI thread (`off_thread`): a config of 19 MB, or
one on a stalled network drive, keeps the window drawn, and its reading can be cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop.catalog import (
    MAX_ID_CHARS,
    Catalog,
    CatalogError,
    import_hf_config,
    load_catalog,
)
from aisle_desktop.plan import ImportedModel, config_in, import_model, namesake, suggested_id
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.file_dialogs import file_dialog
from aisle_desktop.ui.name_line import LengthLimit, say_on, trouble_line
from aisle_desktop.ui.off_thread import WorkCancelledError, run_off_thread
from aisle_desktop.ui.plain_text import plain_label, warn
from aisle_desktop.user_folders import user_catalog_dir

TITLE = "Import model config"
FOLDER_TITLE = "Import model folder"
FILTER = "Model configs (*.json);;All files (*)"
NOT_IMPORTED = "Model not imported"
# The id a chosen config is read under to check it before the id dialog, when its own
# suggestion is empty; the import itself reads it again under the id the planner gives.
CHECKING_ID = "imported-model"


def taken_note(what: str | None) -> str:
    """The id dialog's line under the id: what importing under it would replace, if anything."""
    if what is None:
        return "A new model in your own catalog."
    return f"⚠ This id is {what}: importing replaces it with this config on this machine."


class ModelIdDialog(QDialog):
    """Asks the id a config's model is imported under, saying when it is already taken."""

    def __init__(
        self,
        parent: QWidget,
        config: Path,
        suggested: str,
        document: PlanDocument,
        left_out: Sequence[str] = (),
    ) -> None:
        """`suggested`: the id offered (`suggested_id`, read off the GUI thread); `left_out`:
        the entries of the user's catalog the window's catalog was read without; an id of
        one of them is said to be broken, where and why, and replaced."""
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self._machine = document.machine
        self._left_out = left_out
        self.id_edit = QLineEdit(suggested)
        self.id_edit.setPlaceholderText("a lower-case id, such as our-llama-8b")
        self.id_edit.selectAll()
        # Said when a paste went past what an id holds, and hidden again by the next edit.
        self.cut = trouble_line()
        LengthLimit(self.id_edit, MAX_ID_CHARS, "An id holds").said.connect(
            lambda words: say_on(self.cut, words)
        )
        self.note = plain_label()
        self.note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        source = plain_label(f"From {config}")
        source.setWordWrap(True)
        layout = QVBoxLayout(self)
        for widget in (source, plain_label("Id plans will name it by:"), self.id_edit, self.cut):
            layout.addWidget(widget)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.id_edit.textChanged.connect(self._show_taken)
        self._show_taken(self.id_edit.text())
        self.setMinimumWidth(460)

    def model_id(self) -> str:
        return self.id_edit.text().strip()

    def replaces(self) -> bool:
        """Whether the id chosen is already a model's (and the planner saw it said so)."""
        return namesake(self._machine, self.model_id(), self._left_out) is not None

    def _show_taken(self, _text: str) -> None:
        taken = namesake(self._machine, self.model_id(), self._left_out)
        self.note.setText(taken_note(taken))
        self.ok_button.setText("Replace" if taken is not None else "Import")
        self.ok_button.setEnabled(bool(self.model_id()))


class ModelImporter(QObject):
    """Runs the import from the Catalog menu and hands the catalog read again to the window.

    Signals:
        imported(object, list, object): the machine's catalog read again, the entries of the
            user's catalog it left out, and the ImportedModel.
    """

    imported = Signal(object, list, object)

    def __init__(
        self, window: QWidget, document: PlanDocument, catalog_folder: Path | None
    ) -> None:
        super().__init__(window)
        self._window = window
        self._document = document
        self._catalog_folder = catalog_folder
        self._folder = Path.home()
        self._left_out: list[str] = []

    def know_left_out(self, left_out: Sequence[str]) -> None:
        """The entries of the user's catalog the window's catalog was read without."""
        self._left_out = list(left_out)

    def run(self) -> None:
        """Ask for the config and the id, import, and announce the catalog read again."""
        self._import(self._chosen_config())

    def run_folder(self) -> None:
        """As `run`, from a model's folder as downloaded: its config.json is read, with
        hf_quant_config.json beside it (as `catalog import-model FOLDER` does)."""
        self._import(self._chosen_folder())

    def _import(self, config: Path | None) -> None:
        if config is None:
            return
        try:
            suggested = run_off_thread(
                self._window, f"Reading {config}…", lambda: checked(config), cancellable=True
            )
        except WorkCancelledError:
            return
        except CatalogError as err:
            warn(self._window, NOT_IMPORTED, f"{err.message}\n\nNothing was changed.", err.details)
            return
        dialog = ModelIdDialog(self._window, config, suggested, self._document, self._left_out)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        machine = self._document.machine
        model_id, replace = dialog.model_id(), dialog.replaces()
        folder = self._catalog_folder
        try:
            done, catalog, left_out = run_off_thread(
                self._window,
                f"Importing {config} as {model_id!r}…",
                lambda: imported(machine, folder, config, model_id, replace),
                cancellable=False,
            )
        except CatalogError as err:
            warn(self._window, NOT_IMPORTED, f"{err.message}\n\nNothing was changed.", err.details)
            return
        except CatalogNotReadAgainError as err:
            warn(self._window, "Catalog not read again", f"{err.done.summary()}, but {err.why}")
            return
        self.imported.emit(catalog, left_out, done)

    def _chosen_config(self) -> Path | None:
        """The real file dialog (Qt's own where the desktop offers none), or None if closed."""
        dialog = file_dialog(self._window, TITLE, str(self._folder), FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        config = Path(dialog.selectedFiles()[0])
        self._folder = config.parent
        return config

    def _chosen_folder(self) -> Path | None:
        """The real folder dialog (Qt's own where the desktop offers none), or None if closed."""
        dialog = file_dialog(self._window, FOLDER_TITLE, str(self._folder), "")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return None
        folder = Path(dialog.selectedFiles()[0])
        self._folder = folder.parent
        return folder


def checked(config: Path) -> str:
    """The id a config's model (or a model folder's config.json's) is offered under, once
    the config is read and understood; CatalogError saying why it cannot be imported (run off
    the GUI thread)."""
    config = config_in(config)  # a model's folder: its config.json
    suggested = suggested_id(config)
    import_hf_config(config, suggested or CHECKING_ID)
    return suggested


class CatalogNotReadAgainError(Exception):
    """The model was imported, but the shipped catalog folder went bad meanwhile."""

    def __init__(self, done: ImportedModel, why: CatalogError) -> None:
        super().__init__(str(why))
        self.done = done
        self.why = why


def imported(
    machine: Catalog, catalog_folder: Path | None, config: Path, model_id: str, replace: bool
) -> tuple[ImportedModel, Catalog, list[str]]:
    """Import the config into the user's catalog and read the catalog again (run off the
    GUI thread): what was done, the catalog, and the user's entries it was read without."""
    user_folder = user_catalog_dir()
    done = import_model(machine, catalog_folder, user_folder, config, model_id, replace)
    left_out: list[str] = []
    try:
        catalog = load_catalog(catalog_folder, user_folder=user_folder, left_out=left_out)
    except CatalogError as err:
        raise CatalogNotReadAgainError(done, err) from None
    return done, catalog, left_out


def imported_line(done: ImportedModel) -> str:
    """What an import did, said once it is done: what was added where, what to know of its
    figures (a quantized export read at its config's dtype), and what is chosen."""
    chosen = (
        "It is now this scenario's model."
        if done.model.kind == "llm"
        else "Choose it as the Encoder under the Workload's Embeddings."
    )
    note = "" if done.note is None else f"\n\n{done.note}"
    return f"{done.summary()}.{note}\n\n{chosen}"
