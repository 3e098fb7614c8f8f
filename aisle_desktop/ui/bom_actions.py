"""File > Export bill of materials: the sized scenario's bill, power sheet and figures as
XLSX or CSV.

The bill comes with every sized result (the sizing thread builds it beside the figures), so
exporting only writes a file: no sizing happens on the GUI thread, and the file is written off
it (`off_thread.write_off_thread`: a stalled drive keeps the window drawn, with Cancel).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from aisle_desktop.report.spreadsheet import ExportError, purchase_tables, write_export
from aisle_desktop.ui import file_dialogs
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.off_thread import WorkCancelledError, write_off_thread
from aisle_desktop.ui.plain_text import inform, warn
from aisle_desktop.worker import SizingOutcome

TITLE = "Export bill of materials"
FILTERS = "Spreadsheet (*.xlsx);;CSV, comma-separated (*.csv)"


class BomActions(QObject):
    """The export action, enabled once the scenario under edit has a bill (it fits)."""

    def __init__(self, parent: QWidget, document: PlanDocument, folder: Callable[[], Path]) -> None:
        """`folder`: where the save dialog opens (`FileActions.folder`)."""
        super().__init__(parent)
        self._parent = parent
        self._document = document
        self._folder = folder
        self._outcome: SizingOutcome | None = None
        self.export = QAction("Export &bill of materials…", self)
        self.export.setToolTip("Servers, network, storage, racks and power as XLSX or CSV")
        self.export.setEnabled(False)
        self.export.triggered.connect(self._export)

    def set_outcome(self, outcome: SizingOutcome | None) -> None:
        """The newest sized result; None when the inputs cannot be sized."""
        self._outcome = outcome
        self.export.setEnabled(outcome is not None and outcome.purchase is not None)

    def _export(self) -> None:
        outcome = self._outcome
        if outcome is None or outcome.purchase is None:
            return
        base = self._folder() / f"{outcome.scenario.name} bill of materials.xlsx"
        chosen, chosen_filter = file_dialogs.save_file_name(self._parent, TITLE, str(base), FILTERS)
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".xlsx", ".csv"):
            path = path.with_suffix(".csv" if "csv" in chosen_filter.lower() else ".xlsx")
        self.write(path)

    def write(self, path: Path) -> bool:
        """Write the bill to ``path`` (by its suffix); tell the planner how it went (a Cancel
        the planner pressed leaves the file as it was, with no message to dismiss)."""
        outcome = self._outcome
        if outcome is None or outcome.purchase is None:
            return False
        tables = purchase_tables(outcome.purchase, outcome.result)
        try:
            write_off_thread(
                self._parent,
                f"Writing {path}…",
                lambda cancel: write_export(path, tables, cancel),
            )
        except WorkCancelledError:
            return False
        except ExportError as err:
            warn(self._parent, TITLE, str(err))
            return False
        inform(
            self._parent,
            TITLE,
            f"Wrote the bill of materials of {outcome.scenario.name} to {path}.",
        )
        return True
