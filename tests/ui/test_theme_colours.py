"""The contrast arithmetic against WCAG's worked figures, and every colour a Theme hands out."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from aisle_desktop.ui.contrast import (
    GRAPHIC_CONTRAST,
    TEXT_CONTRAST,
    contrast_ratio,
    is_dark,
    mix,
    readable,
)
from aisle_desktop.ui.theme import TONE_HUES, Theme, dark_palette, themed_palette

BLACK, WHITE = QColor("#000000"), QColor("#ffffff")


def test_contrast_ratios_match_wcags_figures() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # #777777 on white is the well-known grey that just misses AA: 4.48:1.
    assert contrast_ratio(QColor("#777777"), WHITE) == pytest.approx(4.48, abs=0.01)
    # The headline figures before the fix: navy on Fusion's dark grey.
    assert contrast_ratio(QColor("#1a237e"), QColor("#2d2d2d")) < 1.2


def test_readable_keeps_a_colour_that_reads_and_shades_one_that_does_not() -> None:
    navy, dark_grey = QColor("#1a237e"), QColor("#2d2d2d")
    assert readable(navy, WHITE) == navy
    lifted = readable(navy, dark_grey)
    assert contrast_ratio(lifted, dark_grey) >= TEXT_CONTRAST
    assert lifted.blue() > lifted.red()  # still a blue, moved toward white
    deepened = readable(QColor("#ffd54f"), WHITE, GRAPHIC_CONTRAST)
    assert contrast_ratio(deepened, WHITE) >= GRAPHIC_CONTRAST
    assert mix(BLACK, WHITE, 0.5) == QColor(128, 128, 128)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_text_colour_of_a_theme_reads_on_its_background(name: str) -> None:
    palette = themed_palette(name)
    assert palette is not None
    theme = Theme(palette)
    assert is_dark(theme.window) == (name == "dark")
    assert contrast_ratio(theme.text, theme.window) >= TEXT_CONTRAST
    assert contrast_ratio(theme.muted, theme.window) >= TEXT_CONTRAST
    assert contrast_ratio(theme.figure, theme.window) >= TEXT_CONTRAST
    assert contrast_ratio(theme.plot_foreground, theme.plot_background) >= TEXT_CONTRAST
    for kind, hue in TONE_HUES.items():
        tone = theme.tone(kind)
        assert contrast_ratio(tone.foreground, tone.background) >= TEXT_CONTRAST, kind
        assert contrast_ratio(tone.plain, tone.background) >= TEXT_CONTRAST, kind
        assert contrast_ratio(tone.border, theme.window) >= GRAPHIC_CONTRAST, kind
        assert contrast_ratio(theme.text_in(kind), theme.window) >= TEXT_CONTRAST, kind
        assert contrast_ratio(theme.line(hue), theme.plot_background) >= GRAPHIC_CONTRAST
        assert contrast_ratio(theme.line_label(hue), theme.plot_background) >= TEXT_CONTRAST


def test_a_palette_of_the_users_own_still_reads() -> None:
    """A desktop theme with a mid-grey window and a link colour close to it."""
    palette = dark_palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#5a5a5a"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#4a4a8a"))
    theme = Theme(palette)
    assert contrast_ratio(theme.figure, theme.window) >= TEXT_CONTRAST
    assert contrast_ratio(theme.muted, theme.window) >= TEXT_CONTRAST
    assert contrast_ratio(theme.tone("bad").foreground, theme.tone("bad").background) >= 4.5


def test_system_keeps_the_desktops_palette() -> None:
    assert themed_palette("system") is None
