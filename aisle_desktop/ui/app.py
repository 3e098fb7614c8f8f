"""Start the window: check for a display, build the services once, show the main window.

Services (catalog, settings, controller) are created here and passed down; nothing in the
window reaches for a global.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QApplication

from aisle_desktop.catalog import Catalog
from aisle_desktop.plan import PlanFileError, RecoveryStore, load_plan, preset_scenario
from aisle_desktop.plan.atomic import NotRegularFileError, replace_atomically, why_not_written
from aisle_desktop.report import load_fonts
from aisle_desktop.ui.controller import ScenarioController
from aisle_desktop.ui.main_window import MainWindow
from aisle_desktop.ui.plain_text import warn
from aisle_desktop.ui.theme import apply_theme
from aisle_desktop.ui.user_catalog_read import (
    CATALOG_LEFT_OUT_TITLE,
    CatalogReader,
    catalog_left_out_text,
)
from aisle_desktop.user_folders import user_config_dir

# Every command runs without a display; the list named only size, predict, validate and
# catalog, leaving a planner without one to think the report, bill and plans needed the window.
NO_DISPLAY = (
    "aisle-desktop: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
    "Without a display, use the headless commands: aisle-desktop size, report, bom,\n"
    "sensitivity, comparison, plan, presets, catalog, predict, validate (see aisle-desktop\n"
    "--help), or --screenshot FILE.png to render the window offscreen."
)
SCREENSHOT_TIMEOUT_MS = 30_000
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "aisle-desktop.svg"


def has_display() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True  # offscreen, minimal, vnc...: Qt needs no display server
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def window_settings() -> QSettings:
    """Window geometry and layout, in the user's config folder (never the working folder)."""
    path = user_config_dir() / "window.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def build_window(
    catalog: Catalog,
    preset_id: str,
    recovery: RecoveryStore | None = None,
    catalog_folder: Path | None = None,
) -> MainWindow:
    """The main window on a preset (a QApplication must exist); `catalog_folder` is where
    `catalog` was read from (None: the shipped one), to read it again after an import.

    The shipped fonts are registered first: a plan, scenario or model named in Chinese,
    Japanese or Korean read as boxes where the machine has no font for them."""
    load_fonts()
    controller = ScenarioController(preset_scenario(preset_id))
    window = MainWindow(catalog, controller, window_settings(), recovery, catalog_folder)
    controller.setParent(window)
    return window


def freeze_startup_objects() -> None:
    """Hide what start-up built from the garbage collector's full passes.

    The catalog, Qt wrappers, pyqtgraph and pydantic schemas live as long as the window; a
    full collection walking them all holds the interpreter lock ~40 ms, stalling the GUI and
    the sizing thread at random moments. Frozen, later full passes see only what edits create.
    """
    gc.collect()
    gc.freeze()


def start_session(
    window: MainWindow,
    plan: Path | None,
    left_out: Sequence[str] = (),
    user_catalog: tuple[CatalogReader, Path] | None = None,
) -> None:
    """After the window shows: start reading the unsaved work left by a crash (off the
    window's thread: offered once read and no dialog is open), and the user's own catalog
    (`user_catalog`: its reader and folder, read off the window's thread too; `left_out`
    describes a catalog read before), say which entries of it were left out, open `plan`
    if given (once the user's catalog is read).

    A plan that cannot be read is reported in a dialog and the window stays on the preset.
    """
    window.look_for_recovery()
    if user_catalog is not None:
        window.read_user_catalog(*user_catalog)
    if left_out:
        warn(window, CATALOG_LEFT_OUT_TITLE, catalog_left_out_text(left_out))
    if plan is not None:
        window.open_once_catalog_read(plan)


def run_window(
    catalog: Catalog,
    preset_id: str,
    screenshot: Path | None,
    size: QSize,
    plan: Path | None = None,
    page: str = "sizer",
    theme: str = "system",
    left_out: Sequence[str] = (),
    catalog_folder: Path | None = None,
    user_catalog: tuple[CatalogReader, Path] | None = None,
) -> int:
    """Open the window on `page` in `theme` (or render it to `screenshot` and exit); the exit
    status. `left_out` describes entries of the user's catalog that were left out;
    `catalog_folder` is the folder `catalog` was read from (None: the shipped one);
    `user_catalog`, the reader of the user's own entries and their folder, read once the
    window shows (`catalog` is then the shipped one alone)."""
    if screenshot is None and not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    if screenshot is not None and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Aisle Desktop")
    app.setWindowIcon(QIcon(str(ICON)))
    apply_theme(app, theme)
    window = build_window(catalog, preset_id, catalog_folder=catalog_folder)
    window.pages.show_page(page)
    window.show_catalog_left_out(left_out)
    freeze_startup_objects()
    if screenshot is None:
        window.show()
        QTimer.singleShot(0, lambda: start_session(window, plan, left_out, user_catalog))
        return int(app.exec())
    if plan is not None:  # no one to answer a dialog here: a bad file is an exit status
        try:
            loaded = load_plan(plan)
            window.document.load_file(loaded)
        except PlanFileError as err:
            print(f"aisle-desktop: {err}", file=sys.stderr)
            window.close()
            return 2
    return capture(app, window, screenshot, size)


def png_bytes(picture: QPixmap) -> bytes | None:
    """The picture as PNG bytes, or None if Qt cannot encode it."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return bytes(data.data()) if picture.save(buffer, "PNG") else None


def after_result_shown(window: MainWindow, action: Callable[[], None]) -> None:
    """Run `action` once the first result is wholly on screen: the sizing thread's last piece
    of it delivered (the pools' answer and curves, which follow the tail latencies) or its
    failure, then every view update queued behind it, then the layouts those updates asked for.

    A picture grabbed at the tail latencies showed empty curves and a headline table half laid
    out: the curves and the table's slices were still queued."""
    waiting = [True]

    def settle(*_delivered: object) -> None:
        if not waiting:
            return
        waiting.clear()
        if window.later.is_empty():
            QTimer.singleShot(0, action)
        else:
            window.later.drained.connect(
                lambda: QTimer.singleShot(0, action), Qt.ConnectionType.SingleShotConnection
            )

    window.service.serving_compared.connect(settle)
    window.service.failed.connect(settle)


def capture(app: QApplication, window: MainWindow, path: Path, size: QSize) -> int:
    """Show the window at `size`, wait until its result is wholly shown, save a PNG.

    The picture is encoded first and written as plans are (a temporary file renamed over the
    old): QPixmap.save opened the file before it knew the format, so `--screenshot plan.aisle`
    left the plan empty."""
    saved: list[bytes | None] = []

    def grab() -> None:
        if not saved:
            saved.append(png_bytes(window.grab()))
            window.close()
            app.quit()

    window.resize(size)
    window.show()
    after_result_shown(window, grab)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, grab)
    app.exec()
    png = saved[0] if saved else None
    try:
        if png is None:
            raise OSError("the window could not be drawn")
        replace_atomically(path, png)
    except NotRegularFileError as err:
        print(
            f"aisle-desktop: {path}: is {err.kind}, not a file; give a file name ending in .png",
            file=sys.stderr,
        )
        return 2
    except OSError as err:
        reason = why_not_written(err, path)
        print(f"aisle-desktop: {path}: cannot write the screenshot: {reason}", file=sys.stderr)
        return 2
    print(f"screenshot written to {path}")
    return 0
