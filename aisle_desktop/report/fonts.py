"""The fonts the report and the window are set in, shipped inside the package, and the Qt
application the report needs.

Without a font package Qt silently draws boxes and embeds no font (docs/STACK.md, "Missing
fonts fail silently"), so the report never relies on what the machine has installed: it
registers the DejaVu Sans files in ``aisle_desktop/resources/fonts`` (Bitstream Vera licence,
redistributable; the licence text sits beside them) and names that family everywhere it sets
text. DejaVu Sans has no Chinese, Japanese or Korean characters: a plan or model named in
them read as boxes, in the window and the report. Droid Sans Fallback Full (Apache License
2.0, from Debian's fonts-droid-fallback; 3.4 MB: every CJK unified ideograph, kana and Hangul
syllable; its "Full" sibling has no Hangul) is registered beside it as the family Qt
falls back to for characters DejaVu Sans and the window's own font lack.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication, QTextLayout
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf")
FONT_FAMILY = "DejaVu Sans"
# Chinese, Japanese and Korean characters (with Hangul): what DejaVu Sans lacks.
CJK_FONT_FILE = "DroidSansFallback.ttf"
CJK_FONT_FAMILY = "Droid Sans Fallback"


class FontError(RuntimeError):
    """The shipped font files are missing or Qt could not load them."""


# Set on the Qt application once the fonts are registered with it: it holds them as long as
# it lives, so it holds the note too (a new application has neither).
_FONTS_REGISTERED = "aisleReportFontsRegistered"


def load_fonts() -> str:
    """Register the shipped font files with the running Qt application (one offscreen if
    there is none, `ensure_gui_app`), once, with the CJK font as the fallback of the report's
    family and the application's; the family name to set text in.

    Raises FontError rather than letting Qt fall back to boxes, which would print a report
    nobody can read and no test would notice.
    """
    app = ensure_gui_app()
    if app.property(_FONTS_REGISTERED):
        return FONT_FAMILY
    families: set[str] = set()
    for name in (*FONT_FILES, CJK_FONT_FILE):
        path = FONT_DIR / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise FontError(f"cannot load the report font {path}")
        families.update(QFontDatabase.applicationFontFamilies(font_id))
    for family in (FONT_FAMILY, CJK_FONT_FAMILY):
        if family not in families:
            raise FontError(f"{FONT_DIR} holds {sorted(families)}, not {family}")
    # Where a character is missing from the text's family, Qt tries its substitutes first.
    # The application's family as resolved ("DejaVu Sans"), not as asked: a substitute for
    # an alias ("Sans Serif", no family of its own) replaced it, and the whole window was
    # set in Droid Sans Fallback, each line 2 px taller.
    for family in {FONT_FAMILY, QFontInfo(QGuiApplication.font()).family()}:
        if CJK_FONT_FAMILY not in QFont.substitutes(family):
            QFont.insertSubstitution(family, CJK_FONT_FAMILY)
    app.setProperty(_FONTS_REGISTERED, True)
    return FONT_FAMILY


def ensure_gui_app() -> QGuiApplication:
    """The running Qt application, or a new offscreen one for headless use (CLI, tests).

    QPdfWriter and QTextDocument need a QGuiApplication; the window already has one, the
    command line does not and may have no display at all. A full QApplication is created (not
    a bare QGuiApplication) because Qt allows one per process: a window or print dialog opened
    later in the same process would abort on a QGuiApplication.
    """
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) and not (
        os.environ.get("QT_QPA_PLATFORM")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return QApplication(["aisle-desktop"])


def boxes_drawn(text: str, font: QFont) -> int:
    """How many of `text`'s characters Qt would draw as the empty box (glyph 0) in `font`,
    with the fallback fonts it finds: 0 where every character reads."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return sum(list(run.glyphIndexes()).count(0) for run in layout.glyphRuns())
