"""The main window: assembles the panels, menus and the sizing service, and wires signals.

It computes nothing: edits go to the controller, the controller's revisions go to the sizing
service, and the service's results go to the views. The open plan (its scenarios, file and
saved state) is the PlanDocument's; the File menu is FileActions'; autosave is Autosaver's.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QFontMetrics,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from aisle_desktop import __version__
from aisle_desktop.build_info import source_revision
from aisle_desktop.catalog import Catalog, left_out_line
from aisle_desktop.formatting import count
from aisle_desktop.plan import PRESETS, ImportedModel, RecoveryStore, Scenario, preset_scenario
from aisle_desktop.sizing import SizingResult
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import PlanCurves, ServingComparison
from aisle_desktop.ui.assumptions_panel import AssumptionsPanel
from aisle_desktop.ui.autosave import Autosaver
from aisle_desktop.ui.bom_actions import BomActions
from aisle_desktop.ui.budget_view import BudgetView
from aisle_desktop.ui.comparison_view import ComparisonView
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.curves_panel import CurvesPanel
from aisle_desktop.ui.disk_watch import DiskWatch
from aisle_desktop.ui.document import PlanDocument
from aisle_desktop.ui.figure_table import FigureTable
from aisle_desktop.ui.file_actions import (
    FileActions,
    build_file_menu,
    defaulted_line,
    plan_paths,
)
from aisle_desktop.ui.glossary_tips import apply_tooltips
from aisle_desktop.ui.hardware_panel import HardwarePanel
from aisle_desktop.ui.input_panes import InputPanes
from aisle_desktop.ui.learn_page import LearnPage
from aisle_desktop.ui.model_import import ModelImporter, imported_line
from aisle_desktop.ui.not_sized import not_sized_reason
from aisle_desktop.ui.notes_panel import NotesPanel, at_most
from aisle_desktop.ui.pages import WindowPages, load_learn
from aisle_desktop.ui.plain_text import inform, tooltip, warn
from aisle_desktop.ui.preset_shown import EDITED_MARK, preset_shown
from aisle_desktop.ui.recent_files import RecentFiles
from aisle_desktop.ui.removals_left import record_removals_left, take_removals_left
from aisle_desktop.ui.report_actions import ReportActions
from aisle_desktop.ui.results_panel import ResultsPanel
from aisle_desktop.ui.scenario_bar import ScenarioBar
from aisle_desktop.ui.spotlight import Spotlight
from aisle_desktop.ui.stale_tabs import StaleTabs
from aisle_desktop.ui.status_line import StatusLine
from aisle_desktop.ui.tab_list import TabListButton
from aisle_desktop.ui.tab_room import TabRoom
from aisle_desktop.ui.theme import Theme
from aisle_desktop.ui.try_banner import TryBanner
from aisle_desktop.ui.try_this import SizerParts, TryThisRunner
from aisle_desktop.ui.update_queue import UpdateQueue
from aisle_desktop.ui.user_catalog_read import (
    CATALOG_LEFT_OUT_TITLE,
    CATALOG_NOT_READ_TITLE,
    CatalogReader,
    UserCatalogRead,
    catalog_left_out_text,
    not_opened_text,
    reading_words,
)
from aisle_desktop.ui.worker import SizingService
from aisle_desktop.ui.workload_panel import WorkloadPanel
from aisle_desktop.worker import SensitivityDone, SizingOutcome

SIZING_HELP = (
    "<h3>How Aisle sizes</h3><p>Memory: weights at the chosen precision plus the KV cache of "
    "every request in flight must fit each GPU. Speed: each engine step reads the weights and "
    "the KV cache (memory bandwidth) and multiplies every token (compute); tensor parallel adds "
    "all-reduces between GPUs. Capacity is the largest load whose time to first token and time "
    "per token meet the targets; replicas cover the peak load with 20 % headroom and a spare "
    "for N+1. Click any figure to see its formula, its inputs and the assumptions behind them."
    "</p>"
)


# The tabs StaleTabs greys, by name.
GPUS_TAB, BUDGET_TAB = "gpus", "budget"

# The panes' first widths at 1440 px: workload, hardware, results.
SIDE_BY_SIDE_PX = [360, 330, 750]
# The widest an input pane grows as the window widens (about its share at 1920 px, where the
# Model box shows "Llama 3.1 70B · 70.6 B · 128k context · GQA" whole): wider, its fields of
# a few digits only stretch (600-px boxes for "300 tokens" at 2560 px), and the rest goes to
# the results.
INPUT_PANE_MOST_PX = 480


class MainWindow(QMainWindow):
    """Aisle's window: workload | hardware | results over curves."""

    def __init__(
        self,
        catalog: Catalog,
        controller: ScenarioController,
        settings: QSettings,
        recovery: RecoveryStore | None = None,
        catalog_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self._settings = settings
        self.controller = controller
        self.document = PlanDocument(catalog, controller, self)
        self.autosave = Autosaver(self.document, recovery or RecoveryStore(), self)
        self.file_actions = FileActions(self, self.document, self.autosave, RecentFiles(settings))
        self.model_importer = ModelImporter(self, self.document, catalog_folder)
        self.disk_watch = DiskWatch(self.document, self.file_actions.reload, self)
        self.scenario_bar = ScenarioBar(self.document)
        self.comparison_view = ComparisonView()
        self.calibration = CURRENT_CALIBRATION
        self.service = SizingService(catalog, self.calibration, self)
        self.workload_panel = WorkloadPanel(controller, catalog)
        self.hardware_panel = HardwarePanel(controller, catalog)
        self.results_panel = ResultsPanel()
        self.later = UpdateQueue(self)
        self.curves_panel = CurvesPanel(self.later)
        self.figure_table = FigureTable()
        self.curves_panel.addTab(self.figure_table, "All figures")
        self.curves_panel.addTab(self.comparison_view, "Scenarios")
        self.notes_panel = NotesPanel(self.document)
        self.curves_panel.addTab(self.notes_panel, "Notes")
        self.budget_view = BudgetView()
        # "Budget swings": the long name would not let the nine tabs fit at 1440 px.
        budget = self.curves_panel.addTab(self.budget_view, "Budget swings")
        self.curves_panel.setTabToolTip(
            budget, "What swings the budget: each choice of the AI team one step either way"
        )
        self.assumptions_panel = AssumptionsPanel(controller, self.calibration)
        self.assumptions_panel.set_catalog(catalog)
        self.curves_panel.addTab(self.assumptions_panel, "Assumptions")
        self.tab_list = TabListButton(self.curves_panel)  # below 1440 px: every tab by name
        # The tabs answering after the figures grey what belongs to an older edit.
        self.stale_tabs = StaleTabs(lambda: controller.revision, self.results_panel.is_greyed)
        self.stale_tabs.add(GPUS_TAB, self.curves_panel.gpu_fade)
        self.stale_tabs.add(BUDGET_TAB, self.budget_view.fade)
        self.stale_tabs.add_with_figures(self.curves_panel.curves_fade)
        self.stale_tabs.add_with_figures(self.figure_table.fade)
        self._budget_revision = -1  # the revision the newest budget request is for
        self._budget_stale = True
        self._field_problem = False
        self._field_message = ""
        self._unmarked_refusal = ""  # a refusal of a path no panel's field shows
        self._figures_line = ""  # the status bar's line for the figures on screen
        # Whether the figures on screen are the scenario on screen's (edits since aside): not
        # after a plan is opened or another scenario is shown, until it is sized.
        self._figures_are_this_scenarios = False
        self._sizing_problem: str | None = None  # why the scenario on screen was not sized
        self.user_catalog: UserCatalogRead | None = None  # the read of the user's folder
        self._open_when_read: Path | None = None  # `--open`'s plan, held until that read ends
        self._held_plan_dropped = False  # another plan was opened while it was held
        self.setAcceptDrops(True)
        self._build_layout()
        self._build_learn()
        self._build_actions()
        self._build_status_bar()
        self._wire()
        self._measure_inputs()
        self._restore_layout()
        self._show_title()
        self.service.request(controller.revision, controller.scenario)
        self.service.request_plan(self.document.scenarios)

    def _build_layout(self) -> None:
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.results_panel)
        right.addWidget(self.curves_panel)
        right.setStretchFactor(0, 5)
        right.setStretchFactor(1, 4)
        self.inputs = InputPanes(self.workload_panel, self.hardware_panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.inputs.first)
        self.splitter.addWidget(self.inputs.second)
        self.splitter.addWidget(right)
        # A wider window widens the inputs too, as far as INPUT_PANE_MOST_PX (walk: at 1920 px
        # the results took all 480 px more and the Model box still cut its name).
        for index in (0, 1, 2):
            self.splitter.setStretchFactor(index, 1)  # each grows in proportion to its width
        for pane in (self.inputs.first, self.inputs.second):
            pane.setMaximumWidth(INPUT_PANE_MOST_PX)
        self.right_splitter = right
        results = self.results_panel
        self.tab_room = TabRoom(
            right,
            self.curves_panel,
            results.verdict_height_px,
            results.headlines_height_px,
            (results.banner, results.stale, results.headlines, results.memory_box),
            results.fold_clear_px,
        )
        self.tab_room.add(
            self.assumptions_panel,
            self.assumptions_panel.reading_height_px,
            self.assumptions_panel.table,
        )
        self.tab_room.add(self.budget_view, self.budget_view.reading_height_px, self.budget_view)
        view = self.comparison_view
        self.tab_room.add(view, view.reading_height_px, view.table)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.disk_watch.bar)
        column.addWidget(self.scenario_bar)
        self.try_banner = TryBanner()
        column.addWidget(self.try_banner)
        column.addWidget(self.splitter, 1)
        self.sizer_page = central

    def _build_learn(self) -> None:
        """The Learn page beside the Sizer, its Try this buttons, and glossary tooltips."""
        content, problem = load_learn()
        self.learn_page = LearnPage(content) if content is not None else None
        self.pages = WindowPages(self.sizer_page, self.learn_page, problem)
        self.setCentralWidget(self.pages)
        parts = SizerParts(
            (self.workload_panel, self.hardware_panel),
            self.results_panel,
            self.curves_panel,
            self.figure_table,
            self.comparison_view,
        )
        self.try_this = TryThisRunner(
            parts,
            self.try_preset,
            lambda: self.pages.show_page("sizer"),
            self.try_banner.show_hint,
            Spotlight(self),
        )
        self.try_banner.back_requested.connect(lambda: self.pages.show_page("learn"))
        if self.learn_page is not None and content is not None:
            self.learn_page.try_requested.connect(self.try_this.run)
            apply_tooltips(content, parts)

    def _build_actions(self) -> None:
        undo = self.controller.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.controller.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        quit_action = QAction("&Quit", self, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
        quit_action.triggered.connect(self.close)
        cancel = QAction("&Stop GPU comparison", self, shortcut=QKeySequence("Esc"))
        cancel.triggered.connect(self._cancel_comparison)
        help_action = QAction(
            "How Aisle &sizes", self, shortcut=QKeySequence(QKeySequence.StandardKey.HelpContents)
        )
        help_action.triggered.connect(
            lambda: QMessageBox.information(self, "How Aisle sizes", SIZING_HELP)
        )
        about = QAction("&About Aisle Desktop", self)
        about.triggered.connect(self._about)
        menus = self.menuBar()
        folder = self.file_actions.folder
        self.report_actions = ReportActions(self, self.document, self.service, folder)
        self.bom_actions = BomActions(self, self.document, folder)
        reports = self.report_actions
        exports = [reports.export_pdf, reports.print_plan, reports.preview]
        exports += [self.bom_actions.export, reports.export_comparison]
        build_file_menu(menus, self.file_actions, quit_action, exports)
        edit_menu = menus.addMenu("&Edit")
        edit_menu.addActions([undo, redo])
        view_menu = menus.addMenu("&View")
        view_menu.addActions([*self.pages.actions_in_toolbar, self.pages.glossary_action])
        view_menu.addSeparator()
        view_menu.addAction(cancel)
        catalog_menu = menus.addMenu("&Catalog")
        self.import_model_action = catalog_menu.addAction("&Import Model Config…")
        self.import_model_action.triggered.connect(self.model_importer.run)
        self.import_folder_action = catalog_menu.addAction("Import Model &Folder…")
        self.import_folder_action.triggered.connect(self.model_importer.run_folder)
        help_menu = menus.addMenu("&Help")
        help_menu.addActions([self.pages.learn_action, self.pages.glossary_action, help_action])
        help_menu.addAction(about)

        toolbar = QToolBar("Main")
        toolbar.setObjectName("main-toolbar")
        toolbar.addActions(self.pages.actions_in_toolbar)
        for action in self.pages.actions_in_toolbar:
            button = toolbar.widgetForAction(action)
            if button is not None:
                button.setStyleSheet("font-weight: bold; padding: 2px 10px;")
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Start from: "))
        self.preset_box = QComboBox()
        for preset in PRESETS.values():
            self.preset_box.addItem(preset.title, preset.id)
        # Room for the longest name marked edited: sized to the names alone, the box cut
        # "Qwen3.5 397B assistant on Blackwell (edited)" to "... Blackwell (ed".
        mark_px = QFontMetrics(self.preset_box.font()).horizontalAdvance(EDITED_MARK)
        self.preset_box.setMinimumWidth(self.preset_box.sizeHint().width() + mark_px)
        self._show_preset(self.controller.scenario)
        self.controller.scenario_changed.connect(lambda _rev, s: self._show_preset(s))
        self.preset_box.setToolTip("Replace the scenario with a ready-made one (undoable)")
        self.preset_box.activated.connect(self._load_preset)
        toolbar.addWidget(self.preset_box)
        toolbar.addSeparator()
        toolbar.addActions([self.file_actions.open, self.file_actions.save])
        toolbar.addSeparator()
        toolbar.addActions([undo, redo])
        self.addToolBar(toolbar)

    def _build_status_bar(self) -> None:
        self.status_line = StatusLine(self.statusBar())
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setFormat("GPUs compared %v/%m")
        self.progress.hide()
        self.cancel_button = QPushButton("Stop")
        self.cancel_button.clicked.connect(self._cancel_comparison)
        self.cancel_button.hide()
        self.plan_warning = QLabel()
        self.plan_warning.setStyleSheet(f"color: {Theme.of(self).text_in('bad').name()};")
        self.plan_warning.hide()
        self.catalog_warning = QLabel()  # entries of the user's own catalog left out
        self.catalog_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.catalog_warning.setStyleSheet(self.plan_warning.styleSheet())
        self.catalog_warning.hide()
        self.catalog_reading = QLabel()  # the user's catalog folder, while the drive holds it
        self.catalog_reading.setTextFormat(Qt.TextFormat.PlainText)
        self.catalog_reading.hide()
        self.defaults_note = QLabel()  # defining fields the open plan's file left out
        self.defaults_note.setTextFormat(Qt.TextFormat.PlainText)
        self.defaults_note.hide()
        self.calibration_label = QLabel(f"Model {self.calibration.label}")
        self.calibration_label.setTextFormat(Qt.TextFormat.PlainText)
        self.calibration_label.setToolTip(
            "The model's assumptions every figure is sized with; the Assumptions tab lists "
            "them with their sources and takes this scenario's overrides."
        )
        for widget in (
            self.catalog_reading,
            self.catalog_warning,
            self.defaults_note,
            self.plan_warning,
            self.calibration_label,
            self.progress,
            self.cancel_button,
        ):
            self.status_line.add_permanent(widget)

    def _wire(self) -> None:
        c, s = self.controller, self.service
        c.scenario_changed.connect(s.request)
        c.scenario_changed.connect(lambda *_: self.status_line.stand("Sizing…"))
        c.field_rejected.connect(self._on_field_rejected)
        # After the panels' own slots (connected when they were built) have cleared the marks.
        c.field_accepted.connect(lambda _path: self._clear_field_problem(sizing=False))
        c.scenario_changed.connect(lambda *_: self._clear_field_problem(sizing=True))
        c.scenario_changed.connect(lambda *_: self.stale_tabs.refresh())
        s.sized.connect(self._on_sized)
        s.failed.connect(self._on_failed)
        s.tail_latency.connect(self.results_panel.show_tail)
        s.serving_compared.connect(self._on_serving_compared)
        s.comparison_asked.connect(
            lambda: self.curves_panel.gpu_page.show_comparing(0, len(self.document.catalog.gpus))
        )
        s.failed.connect(lambda _revision, _why: self.curves_panel.gpu_page.end_comparing())
        s.comparison_progress.connect(self._on_progress)
        s.compared.connect(self._on_compared)
        s.plan_sized.connect(self._on_plan_sized)
        s.plan_tails.connect(self.comparison_view.show_tails)
        s.budget_swings.connect(self._on_budget_swings)
        self.curves_panel.currentChanged.connect(lambda _i: self._size_budget_if_shown())
        self.curves_panel.currentChanged.connect(
            lambda _i: s.set_comparison_wanted(
                self.curves_panel.currentWidget() is self.curves_panel.gpu_page
            )
        )
        self.budget_view.goal_seek_requested.connect(self._size_budget)
        d = self.document
        d.catalog_changed.connect(self._on_catalog)
        self.model_importer.imported.connect(self._on_model_imported)
        d.remarks_loaded.connect(self._show_file_remarks)
        d.current_changed.connect(lambda _i: self._another_scenario_shown())
        for changed in (d.content_changed, d.structure_changed):
            changed.connect(lambda: s.request_plan(d.scenarios))
        d.structure_changed.connect(self._show_problems)
        d.modified_changed.connect(lambda _m: self._show_title())
        d.path_changed.connect(lambda _p: self._show_title())
        self.file_actions.message.connect(lambda text: self.status_line.show(text, 15000))
        self.file_actions.opened_together.connect(
            lambda: self.curves_panel.setCurrentWidget(self.comparison_view)
        )
        self.autosave.failed.connect(lambda text: self.status_line.show(text, 15000))
        self.autosave.waiting.connect(lambda text: self.status_line.show(text, 15000))
        self.autosave.said.connect(lambda text: self.status_line.show(text, 15000))

    def look_for_recovery(self) -> None:
        """Read the unsaved work an earlier session left behind, off the window's thread,
        and offer it once read (the planner may work meanwhile)."""
        left = take_removals_left(self._settings)
        self.autosave.read_recovery(self, self.file_actions.maybe_keep, left)

    def read_user_catalog(self, reader: CatalogReader, folder: Path) -> None:
        """Read the user's own catalog folder off the window's thread (`UserCatalogRead`): the
        window sizes with the shipped catalog meanwhile, says so while the drive holds the
        folder, and a plan naming an entry not read yet waits for it."""
        read = UserCatalogRead(reader, folder, self)
        read.waiting.connect(self._show_catalog_reading)
        read.read.connect(self._on_user_catalog)
        read.failed.connect(self._on_user_catalog_failed)
        self.user_catalog = read
        self.document.machine_pending = folder
        self._say_catalog_pending(True)
        read.start()

    def open_once_catalog_read(self, plan: Path) -> None:
        """Open `plan` (`--open`), once the user's catalog is read if it is being read: its
        ids may be the user's, and a plan opened without them was "not in this catalog"."""
        if self.document.machine_pending is None:
            self.file_actions.open_path(plan)
            return
        self._open_when_read = plan
        self.document.name_loaded.connect(
            self._drop_held_plan, Qt.ConnectionType.SingleShotConnection
        )
        self._show_catalog_reading()

    def _drop_held_plan(self, _name: str) -> None:
        """The planner opened (or recovered) a plan while `--open`'s waited: theirs stays,
        and the held one is not opened over it (said when the read ends)."""
        self._held_plan_dropped = True

    def _show_catalog_reading(self) -> None:
        folder = self.document.machine_pending
        if folder is None:
            return
        line, tip = reading_words(folder, self._open_when_read)
        self.catalog_reading.setText(line)
        self.catalog_reading.setToolTip(tooltip(tip))
        self.catalog_reading.show()

    def _on_user_catalog(self, machine: Catalog, left_out: list[str]) -> None:
        """The user's catalog is read: its entries join (the scenario under edit, its undo and
        the plan stay), what was left out is said, and the held plan opens."""
        had_user_files = machine.files != self.document.machine.files
        self._user_catalog_done()
        if had_user_files or self.document.problems():
            # Sized again where it changes what sizing reads; the waits end either way.
            self._set_machine(machine)
        self.show_catalog_left_out(left_out)
        if left_out:
            warn(self, CATALOG_LEFT_OUT_TITLE, catalog_left_out_text(left_out))
        self._open_held_plan()

    def _on_user_catalog_failed(self, text: str) -> None:
        self._user_catalog_done()
        if self.document.problems():  # the waits end: "not in this catalog", sized again
            self.document.set_machine(self.document.machine)
        warn(self, CATALOG_NOT_READ_TITLE, text)  # a dialog: the plan's status would hide it
        self._open_held_plan()

    def _user_catalog_done(self) -> None:
        if self.user_catalog is not None:
            self.user_catalog.stop()
        self.document.machine_pending = None
        self._say_catalog_pending(False)
        self.catalog_reading.hide()
        self._show_problems()

    def _say_catalog_pending(self, pending: bool) -> None:
        """The drop-downs word an id they lack as waiting for the user's catalog, or not in
        this catalog (from the next time they show it: the join shows the scenario again)."""
        for panel in (self.workload_panel, self.hardware_panel):
            panel.fields.catalog_pending = pending

    def _open_held_plan(self) -> None:
        held, self._open_when_read = self._open_when_read, None
        if held is None:
            return
        if not self._held_plan_dropped:
            self.file_actions.open_path(held)
            return
        self.status_line.show(not_opened_text(held), 15000)

    def _set_machine(self, machine: Catalog) -> None:
        """Size against `machine` from now on; where that does not size the plan again, what
        swings the budget is weighed again all the same: it weighs the models of the plan's
        family, which the new catalog may add to."""
        if not self.document.set_machine(machine):
            self._budget_stale = True
            self._size_budget_if_shown()

    def _on_catalog(self, catalog: Catalog) -> None:
        self.service.set_catalog(catalog)
        self.workload_panel.set_catalog(catalog)
        self.hardware_panel.set_catalog(catalog)
        self.assumptions_panel.set_catalog(catalog)

    def _on_model_imported(
        self, machine: Catalog, left_out: list[str], done: ImportedModel
    ) -> None:
        """A model was imported into this machine's catalog: size against the catalog read
        again, and put the model on screen (an undoable edit, as choosing it would be)."""
        pending = self.document.machine_pending is not None
        if pending:  # read again with the import: the start-up read's answer is older
            self._user_catalog_done()
        self._set_machine(machine)
        self.show_catalog_left_out(left_out)
        if pending:
            self._open_held_plan()
        if done.model.kind == "llm":
            self.workload_panel.choose_model(done.model.id)
        inform(self, "Model imported", imported_line(done))

    def show_catalog_left_out(self, left_out: Sequence[str]) -> None:
        """Entries of the user's own catalog left out at start-up: in the status bar and the
        Notes tab (the dialog is start_session's, or the user catalog read's once it ends)."""
        self.notes_panel.set_remarks("catalog", list(left_out))
        self.model_importer.know_left_out(left_out)  # an id of one is offered to replace
        self.catalog_warning.setVisible(bool(left_out))
        # What was left out, by name, and its problems (the tooltip and Notes list them).
        self.catalog_warning.setText(f"⚠ {left_out_line(left_out)}")
        self.catalog_warning.setToolTip(tooltip("\n\n".join(at_most(left_out, 10))))

    def _show_file_remarks(self, lines: list[str]) -> None:
        """Fields the plan's file left to their defaults: in the Notes tab, and a note in the
        status bar for as long as the plan is open (the sizing status takes the message line)."""
        self.notes_panel.set_remarks("plan file", lines)
        self.defaults_note.setVisible(bool(lines))
        self.defaults_note.setText(f"Note: {defaulted_line(len(lines))}")
        self.defaults_note.setToolTip(tooltip("\n\n".join(at_most(lines, 10))))

    def _show_problems(self) -> None:
        problems = self.document.problems()
        self.plan_warning.setVisible(bool(problems))
        names = "names" if len(problems) == 1 else "name"
        lacks = (
            "entries not read yet: waiting for your own catalog"
            if self.document.machine_pending is not None
            else "catalog entries this machine lacks"
        )
        self.plan_warning.setText(f"⚠ {count(len(problems), 'scenario')} {names} {lacks}")
        self.plan_warning.setToolTip(
            tooltip("\n".join(f"{name}: {', '.join(ids)}" for name, ids in problems.items()))
        )

    def _show_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name()}[*] — Aisle Desktop")
        self.setWindowModified(self.document.is_modified())

    def _on_sized(self, outcome: SizingOutcome) -> None:
        """The headline figures now; each plot shown and the table of every figure on later
        event-loop turns, each after the window has painted what came before."""
        self._figures_are_this_scenarios = True
        self._sizing_problem = None
        self.results_panel.show_result(outcome.result)
        self.assumptions_panel.show_bearing(outcome.result)
        if self._field_problem:  # a field still holds a refused value: say so over the figures
            self.results_panel.show_stale(self._field_message)
        self.hardware_panel.show_sized(outcome.result)
        self.bom_actions.set_outcome(outcome)
        # It stands, the calibration beside it: a planner reads what plan the figures are of
        # after any message shown over it; it went after 8 s and left the bar empty (QA).
        self._figures_line = outcome.result.status
        self.status_line.stand(self._figures_line)
        # Each plot in a later slice; a plan that does not fit has none to draw.
        self.curves_panel.show_curves(outcome.curves, "Does not fit")
        self.later.put(self.figure_table, lambda: self.figure_table.show_result(outcome.result))
        self._budget_stale = True
        self._size_budget_if_shown()
        self.stale_tabs.refresh()

    def _on_serving_compared(
        self, comparison: ServingComparison | None, curves: PlanCurves | None
    ) -> None:
        """The pools' answer under the headline; a compared plan's curves with the pools."""
        self.results_panel.show_serving(comparison)
        if curves is not None:
            self.curves_panel.show_curves(curves)

    def _size_budget_if_shown(self) -> None:
        """What swings the budget takes a few tenths of a second: size it only when shown."""
        if self._budget_stale and self.curves_panel.currentWidget() is self.budget_view:
            self._size_budget()

    def _size_budget(self) -> None:
        self._budget_stale = False
        self._budget_revision = self.controller.revision
        tpot_ms, budget_usd = self.budget_view.goal_values()
        self.service.request_sensitivity(self.controller.scenario, tpot_ms, budget_usd)
        self.budget_view.show_pending()

    def _on_budget_swings(self, done: SensitivityDone) -> None:
        self.budget_view.show_answer(done)
        self.stale_tabs.answered(BUDGET_TAB, self._budget_revision)

    def _another_scenario_shown(self) -> None:
        self._figures_are_this_scenarios = False

    def _on_plan_sized(self, results: list[tuple[str, SizingResult | str]]) -> None:
        """The Scenarios tab, each scenario that could not be sized saying why in the words
        of the field that would fix it (not the look-up's list of every id it knows)."""
        scenarios = {s.name: s for s in self.document.scenarios}
        catalog, pending = self.document.catalog, self.document.machine_pending
        self.comparison_view.show_results(
            [
                (name, not_sized_reason(catalog, scenarios[name], r, pending))
                if isinstance(r, str) and name in scenarios
                else (name, r)
                for name, r in results
            ]
        )

    def _on_failed(self, _revision: int, message: str) -> None:
        """The one place sizing errors reach: the results panel and the status bar.

        Mid-edit of the scenario on screen, its last figures stay, greyed; for a plan just
        opened or a scenario just shown, no other plan's figures may stand under its name."""
        pending = self.document.machine_pending
        reason = not_sized_reason(self.document.catalog, self.controller.scenario, message, pending)
        self._sizing_problem = reason
        # A scenario waiting for the user's catalog is told so in the calm tone, not a fault's.
        tone = "info" if pending is not None and reason != message else "bad"
        self.assumptions_panel.show_bearing(None)
        if self._figures_are_this_scenarios:
            self.results_panel.show_stale(reason, tone)
        else:
            self.results_panel.show_not_sized(reason, tone)
            self.curves_panel.show_curves(None)
            self.curves_panel.show_comparison([])
            self.later.put(self.figure_table, self.figure_table.show_nothing)
            self.budget_view.show_not_sized(reason)
            self.hardware_panel.show_sized(None)
            self._budget_stale = True
            for tab in (GPUS_TAB, BUDGET_TAB):  # they say "nothing", which is current
                self.stale_tabs.answered(tab, self.controller.revision)
        self.stale_tabs.refresh()
        self.bom_actions.set_outcome(None)
        self.status_line.stand(f"Not sized: {reason}", at_once=True)

    def _on_field_rejected(self, path: tuple[str, ...], message: str) -> None:
        panels = (self.workload_panel, self.hardware_panel)
        if not any(p.fields.label(path) for p in panels):  # no field of theirs to mark
            self._unmarked_refusal = f"A field: {message}"
        self._field_problem = True
        self._show_field_problems()

    def _refusals(self) -> list[str]:
        """Each field holding a refused value, by its label, with why: both panels' marks."""
        unmarked = [self._unmarked_refusal] if self._unmarked_refusal else []
        workload, hardware = self.workload_panel.fields, self.hardware_panel.fields
        return [*workload.refusals(), *hardware.refusals(), *unmarked]

    def _show_field_problems(self) -> None:
        """The banner names each refused field with why, one a line (QA: with two refused it
        named only the last); the status bar says what the banner says, or with several, names
        each field: it went on reading "Fits: 4 replicas..." for the last figures, under a
        banner that read "Not sized: Active users: ..."."""
        refusals = self._refusals()
        self._field_message = "\n".join(refusals)
        self.results_panel.show_stale(self._field_message)
        self.stale_tabs.refresh()
        if len(refusals) == 1:
            line = refusals[0]
        else:
            labels = [r.split(": ", 1)[0] for r in refusals]
            line = f"{len(labels)} fields refused: {', '.join(labels)} (the banner says why)"
        self.status_line.stand(f"Not sized: {line}", at_once=True)

    def _clear_field_problem(self, sizing: bool) -> None:
        """A refused field taken or put back: the fields still refused are named; every field
        valid again, the figures are current (or the sizing problem shows), or being sized
        again (`sizing`: the status bar says "Sizing…" until they come)."""
        self._unmarked_refusal = ""
        if not self._field_problem:
            return
        if self._refusals():
            self._show_field_problems()
            return
        self._field_problem = False
        if self._sizing_problem is None:
            self.results_panel.hide_stale()
            if not sizing:
                self.status_line.stand(self._figures_line)
        else:
            self.results_panel.show_stale(self._sizing_problem)
            if not sizing:
                self.status_line.stand(f"Not sized: {self._sizing_problem}")
        self.stale_tabs.refresh()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.curves_panel.gpu_page.show_comparing(done, total)
        running = done < total
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)

    def _on_compared(self, options: list) -> None:  # type: ignore[type-arg]
        self.curves_panel.show_comparison(options, self.controller.scenario.hardware.gpu_id)
        self.stale_tabs.answered(GPUS_TAB, self.controller.revision)  # only current ones come
        self.progress.hide()
        self.cancel_button.hide()

    def _cancel_comparison(self) -> None:
        self.service.cancel_comparison()
        self.curves_panel.gpu_page.show_stopped()
        self.progress.hide()
        self.cancel_button.hide()
        self.status_line.show("GPU comparison stopped", 5000)

    def _show_preset(self, scenario: Scenario) -> None:
        """The preset the scenario under edit is, the one it was edited from "(edited)", or
        none (`preset_shown`)."""
        shown = preset_shown(
            scenario, self.document.started_as(self.controller.slot, scenario.name)
        )
        self.preset_box.setPlaceholderText(shown.placeholder)
        self.preset_box.setCurrentIndex(self.preset_box.findData(shown.preset_id))

    def _load_preset(self, index: int) -> None:
        self.open_preset(self.preset_box.itemData(index))

    def open_preset(self, preset_id: str) -> None:
        """Replace the scenario under edit with a preset (one undoable step)."""
        scenario = preset_scenario(preset_id)
        name = self.document.unique_name(scenario.name, ignore_slot=self.controller.slot)
        self.controller.replace(
            scenario.model_copy(update={"name": name}), f"Load {PRESETS[preset_id].title}"
        )

    def try_preset(self, preset_id: str) -> str:
        """A lesson's Try this: `open_preset`, and where the scenario it replaced was the
        planner's own (no preset as shipped), the words that say how to have it back. Walk: a
        planner's support chatbot became the Llama 3.1 70B RAG assistant on one press, and
        nothing on screen said where it went."""
        before = self.controller.scenario
        was = preset_shown(before, self.document.started_as(self.controller.slot, before.name))
        self.open_preset(preset_id)
        if was.preset_id is not None or before == self.controller.scenario:
            return ""
        return f"\nIt replaced your scenario “{before.name}”: Edit > Undo (Ctrl+Z) brings it back."

    def _about(self) -> None:
        """The version, and what a report or a question to support must name beside it: the
        catalog's date, the model's calibration and the source revision (as --version)."""
        inform(
            self,
            "About Aisle Desktop",
            f"Aisle Desktop {__version__}: sizes on-premises LLM inference, offline.\n\n"
            f"Catalog as of {self.document.machine.catalog_as_of()}\n"
            f"Model {self.calibration.label}\n"
            f"Source revision {source_revision()}",
        )

    def _restore_layout(self) -> None:
        geometry = self._settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        self._fit_inputs(self.width())  # the panes as saved: tabs or side by side
        for key, splitter in (
            ("window/splitter", self.splitter),
            ("window/right_splitter", self.right_splitter),
        ):
            state = self._settings.value(key)
            if isinstance(state, QByteArray):
                splitter.restoreState(state)
            elif splitter is self.splitter:
                splitter.setSizes(SIDE_BY_SIDE_PX)
            else:
                splitter.setSizes([560, 440])

    def _measure_inputs(self) -> None:
        """The window's least width with the input panels side by side, and its least size
        with them as tabs, which is the window's own least size."""
        self._side_by_side_px = self.minimumSizeHint().width()
        side_by_side = self.splitter.minimumSizeHint().width()
        self.inputs.fit(True)
        saved = side_by_side - self.splitter.minimumSizeHint().width()
        self.inputs.fit(False)
        # Set, the least size is the window's own: its layout no longer raises it to what
        # the panes need side by side.
        self.setMinimumSize(self._side_by_side_px - saved, self.minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit_inputs(event.size().width())
        super().resizeEvent(event)

    def _fit_inputs(self, width: int) -> None:
        """Narrower than both input panels and the results need, the inputs become tabs."""
        tabbed = width < self._side_by_side_px
        if tabbed != self.inputs.tabbed:
            self.inputs.fit(tabbed)
            # Its pane hidden once shown, the splitter kept the handle beside it.
            self.splitter.handle(1).setVisible(not tabbed)
            if not tabbed and self.splitter.sizes()[1] == 0:  # hidden when saved or moved
                self.splitter.setSizes(SIDE_BY_SIDE_PX)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if plan_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = plan_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.file_actions.open_paths(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.file_actions.maybe_keep():
            event.ignore()
            return
        if self.user_catalog is not None:
            self.user_catalog.stop()  # a read the drive still holds is dropped with the process
        record_removals_left(self._settings, self.autosave.stop())
        self._settings.setValue("window/geometry", self.saveGeometry())
        self._settings.setValue("window/splitter", self.splitter.saveState())
        self.tab_room.release()  # the planner's own, not a tab's for the moment
        self.report_actions.shutdown()  # pages being drawn stop first
        self._settings.setValue("window/right_splitter", self.right_splitter.saveState())
        self._settings.sync()
        self.service.shutdown()
        super().closeEvent(event)
