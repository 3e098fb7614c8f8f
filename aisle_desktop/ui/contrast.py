"""How well one colour reads on another (WCAG 2), and nudging a colour until it reads.

Every colour the window draws text or lines with is derived from the palette through these, so
a dark desktop theme, a light one or a user's own palette all stay legible.
"""

from __future__ import annotations

import functools

from PySide6.QtGui import QColor

# WCAG 2.1 success criterion 1.4.3 (AA): body text needs 4.5:1 against its background.
TEXT_CONTRAST = 4.5
# WCAG 2.1 success criterion 1.4.6 (AAA): small text drawn on a chart, over grid lines and near
# curves of the same hue, needs the enhanced 7:1 to read at a glance.
LABEL_CONTRAST = 7.0
# WCAG 2.1 success criterion 1.4.11: lines and shapes that carry meaning need 3:1.
GRAPHIC_CONTRAST = 3.0
# How far `readable` moves a colour toward black or white per step (share of the way).
STEP = 0.05


def _linear(channel: float) -> float:
    """An sRGB channel (0..1) as linear light, as WCAG 2 defines relative luminance."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: QColor) -> float:
    """0 for black, 1 for white (WCAG 2 relative luminance; alpha is ignored)."""
    return _luminance(colour.redF(), colour.greenF(), colour.blueF())


@functools.lru_cache(maxsize=4096)
def _luminance(red: float, green: float, blue: float) -> float:
    """Kept by channels: building a window asks for some 3,500 luminances of a few dozen
    colours (every widget's Theme shades the same hues on the same palette)."""
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, 1 (same luminance) to 21 (black on white), in either order."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(base: QColor, other: QColor, share_of_other: float) -> QColor:
    """`base` with `share_of_other` (0..1) of `other` blended in, channel by channel.

    Rounded to whole 8-bit channels, as a style sheet's #rrggbb will draw it: a contrast
    checked on this colour is the contrast on screen."""
    keep = 1.0 - share_of_other
    return QColor(
        round(base.red() * keep + other.red() * share_of_other),
        round(base.green() * keep + other.green() * share_of_other),
        round(base.blue() * keep + other.blue() * share_of_other),
    )


def is_dark(background: QColor) -> bool:
    """True when black text would read worse on `background` than white text."""
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return contrast_ratio(background, white) > contrast_ratio(background, black)


def readable(colour: QColor, background: QColor, minimum: float = TEXT_CONTRAST) -> QColor:
    """`colour` itself if it reaches `minimum` contrast on `background`; otherwise the same
    hue moved step by step toward white (on a dark background) or black (on a light one)
    until it does. Black or white reach 4.58:1 or more on any background, so this ends."""
    share = _share_to_read(_channels(colour), _channels(background), minimum)
    if share == 0.0:
        return QColor(colour)
    target = QColor(255, 255, 255) if is_dark(background) else QColor(0, 0, 0)
    return mix(colour, target, share)


def _channels(colour: QColor) -> tuple[float, float, float]:
    return colour.redF(), colour.greenF(), colour.blueF()


@functools.lru_cache(maxsize=4096)
def _share_to_read(
    colour: tuple[float, float, float], background: tuple[float, float, float], minimum: float
) -> float:
    """How far toward white or black `colour` must move to read on `background` (`readable`),
    kept by channels: every widget's Theme shades the same few hues on the same palette."""
    original, under = QColor.fromRgbF(*colour), QColor.fromRgbF(*background)
    target = QColor(255, 255, 255) if is_dark(under) else QColor(0, 0, 0)
    share = 0.0
    candidate = QColor(original)
    while contrast_ratio(candidate, under) < minimum and share < 1.0:
        share = min(1.0, share + STEP)
        candidate = mix(original, target, share)
    return share


def readable_on_all(
    colour: QColor, backgrounds: list[QColor], minimum: float = TEXT_CONTRAST
) -> QColor:
    """`colour` shaded until it reads on each of `backgrounds` (surfaces of one lightness:
    a window, a tab's page and a text box are all dark, or all light, in one theme)."""
    for background in backgrounds:
        colour = readable(colour, background, minimum)
    return colour
