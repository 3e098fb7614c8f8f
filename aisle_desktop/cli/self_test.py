"""`aisle-desktop --self-test DIR`: prove on this machine that everything works, offline.

An administrator runs it once after carrying the bundle across the air gap: it loads the
catalog, sizes every preset, opens the main window offscreen and writes a screenshot and a PDF
report into DIR, reads that PDF back as Print Preview does, then checks each. One line per
check; exit status 0 only if all pass.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from aisle_desktop.catalog import Catalog, CatalogError, load_catalog
from aisle_desktop.formatting import bytes_, count
from aisle_desktop.plan import DEFAULT_PRESET, PRESETS, preset_scenario
from aisle_desktop.plan.atomic import unwritable_folder
from aisle_desktop.sizing import SizingError
from aisle_desktop.sizing.calibration import CURRENT_CALIBRATION
from aisle_desktop.sizing.planning import plan_purchase, size_scenario
from aisle_desktop.terminal_text import file_name, one_line

WINDOW_TIMEOUT_MS = 60_000
SCREENSHOT_SIZE = (1280, 800)
MIN_PDF_BYTES = 10_000
# The width the preview check draws the report's first page at, in pixels.
PREVIEW_WIDTH_PX = 300


class CheckFailedError(Exception):
    """A self-test check did not pass; the message says what was wrong."""


def _check_catalog(state: dict[str, object]) -> str:
    catalog = load_catalog()
    state["catalog"] = catalog
    return (
        f"{len(catalog.gpus)} GPUs, {len(catalog.models)} models, {len(catalog.engines)} "
        f"engines, {len(catalog.servers)} servers, as of {catalog.catalog_as_of()}"
    )


def _check_presets(state: dict[str, object]) -> str:
    catalog = state["catalog"]
    assert isinstance(catalog, Catalog)
    sized = []
    for preset_id in PRESETS:
        result = size_scenario(catalog, preset_scenario(preset_id), CURRENT_CALIBRATION)
        if not result.fits:
            raise CheckFailedError(f"preset {preset_id} does not fit: {result.status}")
        # In the plan's own words: embeddings-search read "7 GPUs" where it buys 8.
        sized.append(f"{preset_id} {result.gpus_text()}")
    return "; ".join(sized)


# "Capacity plan" in Chinese, Japanese and Korean: the shipped fallback font must draw them.
CJK_SAMPLE = "容量计划 計画 계획"


def _check_fonts(state: dict[str, object]) -> str:
    from PySide6.QtGui import QFont, QFontMetrics

    _application()
    from aisle_desktop.report.fonts import CJK_FONT_FAMILY, FontError, boxes_drawn, load_fonts

    family = QFont().family()
    if not QFontMetrics(QFont()).inFont("A"):
        raise CheckFailedError(
            f"the font {family!r} has no glyph for 'A': text would draw as boxes"
        )
    try:
        load_fonts()  # the shipped fonts, as the window and the report load them
    except FontError as err:
        raise CheckFailedError(str(err)) from err
    boxes = boxes_drawn(CJK_SAMPLE, QFont())
    if boxes:
        raise CheckFailedError(
            f"{boxes} Chinese, Japanese or Korean characters draw as boxes ({CJK_FONT_FAMILY})"
        )
    # Said in words: a terminal that is not UTF-8 could not print the sample itself.
    return f"default font {family!r} draws text; Chinese, Japanese, Korean in {CJK_FONT_FAMILY}"


def _check_learn(state: dict[str, object]) -> str:
    """The Learn page's lessons, glossary and pictures are shipped and readable."""
    from PySide6.QtGui import QImage

    from aisle_desktop.learn import LearnContentError, load_learn_content

    _application()
    try:
        content = load_learn_content()
    except LearnContentError as err:
        raise CheckFailedError(str(err)) from err
    pictures = [p for p in (lesson.picture for lesson in content.lessons) if p]
    for picture in pictures:
        if QImage(str(Path(content.pictures_dir) / picture)).isNull():
            raise CheckFailedError(f"the picture {picture} cannot be drawn (no SVG support?)")
    return (
        f"{len(content.lessons)} lessons, {len(content.glossary)} glossary terms, "
        f"{len(pictures)} pictures drawn"
    )


def _application() -> object:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _check_window(state: dict[str, object], folder: Path) -> str:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QImage

    from aisle_desktop.ui.app import after_result_shown, build_window

    _application()
    catalog = state["catalog"]
    assert isinstance(catalog, Catalog)
    window = build_window(catalog, DEFAULT_PRESET)
    window.resize(*SCREENSHOT_SIZE)
    loop = QEventLoop()
    outcomes: list[object] = []
    window.service.sized.connect(outcomes.append)
    window.service.failed.connect(lambda _revision, message: outcomes.append(str(message)))
    after_result_shown(window, loop.quit)  # the picture shows the whole result, curves too
    QTimer.singleShot(WINDOW_TIMEOUT_MS, loop.quit)
    window.show()
    loop.exec()
    path = folder / "self-test-window.png"
    saved = window.grab().save(str(path))
    banner = window.results_panel.banner.text()
    window.close()
    if not outcomes or isinstance(outcomes[0], str):
        raise CheckFailedError(
            f"the window showed no results: {outcomes[0] if outcomes else 'timeout'}"
        )
    image = QImage(str(path))
    if not saved or image.isNull() or (image.width(), image.height()) != SCREENSHOT_SIZE:
        raise CheckFailedError(
            f"no readable {SCREENSHOT_SIZE[0]}x{SCREENSHOT_SIZE[1]} screenshot at {path}"
        )
    if not banner.startswith("Fits"):
        raise CheckFailedError(f"the default plan shows {banner!r}")
    return f"window sized the default plan ({banner}); screenshot {path}"


def _check_comparison_process(state: dict[str, object]) -> str:
    """The window's GPU comparison process starts from this installation (in the bundle, the
    program started again through `multiprocessing.freeze_support`) and answers as here."""
    from datetime import date

    from aisle_desktop.sizing.planning import SizedScenarios, compare_gpu
    from aisle_desktop.worker.comparison_process import ComparisonProcess, GpusToCompare

    catalog = state["catalog"]
    assert isinstance(catalog, Catalog)
    scenario = preset_scenario(DEFAULT_PRESET)
    gpu_id = scenario.hardware.gpu_id
    sized = SizedScenarios(catalog, CURRENT_CALIBRATION, date.today())
    process = ComparisonProcess()
    process.start()
    try:
        ready = process.wait_until_ready(WINDOW_TIMEOUT_MS / 1e3)
        option = (
            process.next_option()
            if ready and process.begin(sized, GpusToCompare(scenario, (gpu_id,)))
            else None
        )
    finally:
        process.close()
    if option is None:
        raise CheckFailedError("the GPU comparison process did not start or answer (see the log)")
    if option != compare_gpu(catalog, scenario, CURRENT_CALIBRATION, gpu_id):
        raise CheckFailedError(f"the GPU comparison process answered otherwise on {gpu_id}")
    return f"GPU comparison process answered {gpu_id}: {option.gpus} GPUs"


def _check_report(state: dict[str, object], folder: Path) -> str:
    from aisle_desktop.cli.report_cmd import write_preset_report
    from aisle_desktop.report import ReportWriteError

    catalog = state["catalog"]
    assert isinstance(catalog, Catalog)
    path = folder / "self-test-report.pdf"
    try:
        pages = write_preset_report(catalog, DEFAULT_PRESET, path, "A4")
    except ReportWriteError as err:
        raise CheckFailedError(str(err)) from err
    data = path.read_bytes()
    if not data.startswith(b"%PDF") or b"%%EOF" not in data[-64:] or len(data) < MIN_PDF_BYTES:
        raise CheckFailedError(f"{path} is not a complete PDF ({len(data)} bytes)")
    return f"PDF report {path}: {pages} pages, {bytes_(len(data))}"


def _check_preview(folder: Path) -> str:
    """The report's PDF read back and its first page drawn with QtPdf, as Print Preview shows
    it: the add-on's libraries made it into this installation and draw offscreen."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor
    from PySide6.QtPdf import QPdfDocument

    _application()
    path = folder / "self-test-report.pdf"
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise CheckFailedError(f"QtPdf could not read {path}: {document.error().name}")
    size = document.pagePointSize(0)
    height_px = round(PREVIEW_WIDTH_PX * size.height() / size.width())
    page = document.render(0, QSize(PREVIEW_WIDTH_PX, height_px))
    white = QColor("white").rgb()
    inked = sum(
        page.pixel(x, y) != white
        for x in range(0, page.width(), 4)
        for y in range(0, page.height(), 4)
    )
    if inked == 0:
        raise CheckFailedError(f"QtPdf drew the first page of {path} blank")
    return f"Print Preview's QtPdf read {document.pageCount()} pages and drew the first"


def _check_bill(state: dict[str, object], folder: Path) -> str:
    """The default plan's bill of materials as XLSX: openpyxl made it into this installation."""
    from aisle_desktop.report.spreadsheet import ExportError, purchase_tables, write_export

    catalog = state["catalog"]
    assert isinstance(catalog, Catalog)
    scenario = preset_scenario(DEFAULT_PRESET)
    result = size_scenario(catalog, scenario, CURRENT_CALIBRATION)
    bought = plan_purchase(catalog, scenario, result)
    if bought is None:
        raise CheckFailedError(f"the default plan has no bill of materials: {result.status}")
    path = folder / "self-test-bill.xlsx"
    try:
        write_export(path, purchase_tables(bought, result))
    except ExportError as err:
        raise CheckFailedError(str(err)) from err
    if not path.read_bytes().startswith(b"PK"):
        raise CheckFailedError(f"{path} is not an XLSX file")
    return f"bill of materials {path}: {len(bought.bill.lines)} lines"


def _output_folder_refused(folder: Path) -> str | None:
    """Why the checks could not write into `folder`, found before they run, or None.

    A file given as the folder was "cannot create notes.txt: File exists", and /proc was
    found out check by check, four failures long."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file, a pipe, a dangling link or a loop of links
        return "is there and is not a folder; give a folder's name"
    except OSError as err:
        return f"cannot be made: {err.strerror or err}"
    unwritable = unwritable_folder(folder / "self-test")
    return None if unwritable is None else f"cannot be written in: {unwritable}"


def run_self_test(folder: Path, out: TextIO) -> int:
    """Run every check, print one line each, return 0 only if all passed."""
    refused = _output_folder_refused(folder)
    if refused is not None:
        out.write(f"FAIL output folder: {file_name(folder)}: {refused}\n")
        return 1
    state: dict[str, object] = {}
    checks: list[tuple[str, Callable[[], str]]] = [
        ("catalog", lambda: _check_catalog(state)),
        ("presets", lambda: _check_presets(state)),
        ("fonts", lambda: _check_fonts(state)),
        ("learn", lambda: _check_learn(state)),
        ("window", lambda: _check_window(state, folder)),
        ("comparison process", lambda: _check_comparison_process(state)),
        ("report", lambda: _check_report(state, folder)),
        ("preview", lambda: _check_preview(folder)),
        ("bill", lambda: _check_bill(state, folder)),
    ]
    failures = 0
    for name, check in checks:
        if name != "catalog" and "catalog" not in state:
            out.write(f"SKIP {name}: needs the catalog\n")
            failures += 1
            continue
        try:
            out.write(f"PASS {name}: {one_line(check())}\n")
        except (CheckFailedError, CatalogError, SizingError, OSError, ImportError) as err:
            out.write(f"FAIL {name}: {one_line(str(err))}\n")
            failures += 1
        out.flush()
    out.write(
        "self-test passed\n" if failures == 0 else f"self-test failed: {count(failures, 'check')}\n"
    )
    return 0 if failures == 0 else 1
