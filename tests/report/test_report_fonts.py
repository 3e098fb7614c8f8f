"""The silent "no fonts" failure (STACK.md): Qt draws boxes and embeds nothing, raising nothing."""

from __future__ import annotations

import pytest
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QFontInfo,
    QFontMetrics,
    QGuiApplication,
)

from aisle_desktop.report import fonts
from aisle_desktop.report.fonts import (
    CJK_FONT_FAMILY,
    CJK_FONT_FILE,
    FONT_DIR,
    FONT_FAMILY,
    FONT_FILES,
    boxes_drawn,
    load_fonts,
)


def test_shipped_font_files_and_licence_are_in_the_package() -> None:
    for name in FONT_FILES:
        assert (FONT_DIR / name).stat().st_size > 100_000, name
    assert "Bitstream" in (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_shipped_family_loads_and_has_glyphs(gui_app: object) -> None:
    family = load_fonts()
    assert family == FONT_FAMILY
    assert family in QFontDatabase.families()
    metrics = QFontMetrics(QFont(family))
    assert metrics.inFont("A")  # STACK.md's check: false when Qt has no usable font at all
    # The marks the report prints (PySide's inFont(str) is unreliable past ASCII: use UCS-4).
    for char in "9$%✓✗☐·–×":
        assert metrics.inFontUcs4(ord(char)), f"{family} has no glyph for {char!r}"


def test_each_file_registers_the_family_itself(gui_app: object) -> None:
    # Not the system copy: the file in the package must load on a machine without fonts.
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(FONT_DIR / name))
        assert font_id >= 0, name
        assert FONT_FAMILY in QFontDatabase.applicationFontFamilies(font_id)


def test_the_application_keeps_its_fonts_and_registers_them_once(
    gui_app: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fonts belong to the Qt application they were registered with, not to the module:
    once it holds them, asking again registers nothing."""
    load_fonts()
    registered: list[str] = []
    monkeypatch.setattr(
        fonts.QFontDatabase, "addApplicationFont", lambda path: registered.append(path) or -1
    )
    assert load_fonts() == FONT_FAMILY and registered == []


# A plan's name in Chinese, Japanese and Korean ("plan" in each): DejaVu Sans has none of them.
CJK_NAME = "容量计划 計画書 용량 계획"


def test_chinese_japanese_and_korean_read_in_the_report_and_window_fonts(gui_app: object) -> None:
    """They read as boxes (no CJK font shipped): the shipped fallback now draws every
    character, in the report's family and in the application's own."""
    assert (FONT_DIR / CJK_FONT_FILE).stat().st_size > 3_000_000
    licence = (FONT_DIR / "LICENSE-DroidSansFallback.txt").read_text(encoding="utf-8")
    assert "Apache License" in licence and "TERMS AND CONDITIONS" in licence
    load_fonts()
    assert CJK_FONT_FAMILY in QFontDatabase.families()
    # A fallback only: the window's Latin text stays in its own font (a substitute for the
    # "Sans Serif" alias set the whole window in Droid Sans Fallback, lines 2 px taller).
    assert QFontInfo(QGuiApplication.font()).family() != CJK_FONT_FAMILY
    for family in (FONT_FAMILY, QGuiApplication.font().family()):
        assert boxes_drawn(CJK_NAME, QFont(family)) == 0, family
