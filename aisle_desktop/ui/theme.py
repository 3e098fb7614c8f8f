"""The window's colours, derived from the Qt palette so that light and dark themes both read.

No widget names a fixed colour for text or lines. Each asks `Theme.of(widget)`: plain text
comes from the palette's roles; a colour that carries meaning (a warning, a plot's series)
starts from a fixed hue and is shaded until it reads on the palette's background. `--theme`
chooses Qt's Fusion style with a light or dark palette; "system" keeps the desktop's own.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from aisle_desktop.ui.contrast import (
    GRAPHIC_CONTRAST,
    LABEL_CONTRAST,
    is_dark,
    mix,
    readable,
    readable_on_all,
)

THEMES = ("system", "light", "dark")
Role = QPalette.ColorRole

# The hue of each kind of message; what is drawn is a tint of it behind text shaded from it.
TONE_HUES = {
    "ok": "#2e7d32",  # green: the plan fits and meets its targets
    "warn": "#f9a825",  # amber: fits but misses a target; figures are stale; a file changed
    "bad": "#c62828",  # red: does not fit, a field is refused
    "notice": "#ef6c00",  # orange: a "Try this" change is on trial
    "info": "#3949ab",  # indigo: the Learn page's bar beneath a lesson
}
# How much of the hue tints the background: enough to see on a dark window, pale on a light one.
TINT_LIGHT, TINT_DARK = 0.12, 0.24
# Secondary text (captions, hints): this share of the way from the text to the background.
MUTED_SHARE = 0.35
# The surfaces text sits on besides the window: text boxes, buttons, and a tab's page, which
# styles draw a little lighter than the window (between Button and Light).
SURFACES = (Role.Base, Role.Button, Role.Midlight, Role.Light)
# A plot's filled band: this share of its hue over the plot's background.
FILL_SHARE = 0.55

# A dark palette in the manner of Fusion's own (text #e8e8e8 on #2d2d2d is 11.5:1).
DARK_PALETTE = {
    Role.Window: "#2d2d2d",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1f1f1f",
    Role.AlternateBase: "#292929",
    Role.ToolTipBase: "#3a3a3a",
    Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#9e9e9e",
    Role.Text: "#e8e8e8",
    Role.Button: "#3a3a3a",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ff8a80",
    Role.Light: "#505050",
    Role.Midlight: "#424242",
    Role.Mid: "#333333",
    Role.Dark: "#1a1a1a",
    Role.Shadow: "#0d0d0d",
    Role.Highlight: "#3d74c9",
    Role.HighlightedText: "#ffffff",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9",
}
DARK_DISABLED_TEXT = "#7f7f7f"


@dataclass(frozen=True)
class Tone:
    """A tinted strip for one kind of message: its background, the text that says what kind
    (shaded from the hue), ordinary text on it, and a border that stands out from the window."""

    background: QColor
    foreground: QColor
    plain: QColor
    border: QColor

    def style(self) -> str:
        """Style sheet declarations for a label drawn in this tone."""
        return f"background: {self.background.name()}; color: {self.foreground.name()};"

    def strip(self, selector: str, edge: str) -> str:
        """A style sheet for a frame `selector` in this tone, a line on its `edge` ("top" or
        "bottom") and its labels in plain text (buttons keep the palette's own colours)."""
        return (
            f"{selector} {{ background: {self.background.name()}; "
            f"border-{edge}: 1px solid {self.border.name()}; }} "
            f"{selector} QLabel {{ color: {self.plain.name()}; }}"
        )


class Theme:
    """The colours one palette calls for: text, muted text, figures, tones and plot colours."""

    def __init__(self, palette: QPalette) -> None:
        self.window = palette.color(Role.Window)
        self.text = palette.color(Role.WindowText)
        surfaces = [self.window, *(palette.color(role) for role in SURFACES)]
        self._surfaces = [s for s in surfaces if is_dark(s) == is_dark(self.window)]
        self.plot_background = palette.color(Role.Base)
        self.plot_foreground = readable(palette.color(Role.Text), self.plot_background)
        # Figures one can click: the link's hue, halfway to the text (navy on a light window,
        # pale blue on a dark one) so a grid of them reads as figures rather than as links.
        self.figure = readable_on_all(mix(palette.color(Role.Link), self.text, 0.5), self._surfaces)
        self.muted = readable_on_all(mix(self.text, self.window, MUTED_SHARE), self._surfaces)

    @classmethod
    def of(cls, widget: QWidget) -> Theme:
        return cls(widget.palette())

    def tone(self, kind: str) -> Tone:
        """The tone of `kind` (a key of TONE_HUES) over this palette's window colour."""
        hue = QColor(TONE_HUES[kind])
        tint = TINT_DARK if is_dark(self.window) else TINT_LIGHT
        background = mix(self.window, hue, tint)
        return Tone(
            background,
            readable(hue, background),
            readable(self.text, background),
            readable(hue, self.window, GRAPHIC_CONTRAST),
        )

    def text_in(self, kind: str) -> QColor:
        """Text of `kind`'s hue straight on the window (an error under a field)."""
        return readable_on_all(QColor(TONE_HUES[kind]), self._surfaces)

    def line(self, hue: str) -> QColor:
        """A plot line of `hue` that stands out from the plot's background (3:1)."""
        return readable(QColor(hue), self.plot_background, GRAPHIC_CONTRAST)

    def line_label(self, hue: str) -> QColor:
        """Text naming a line of `hue`, readable at a glance on the plot's background (7:1)."""
        return readable(QColor(hue), self.plot_background, LABEL_CONTRAST)

    def fill(self, hue: str) -> QColor:
        """A filled band of `hue` under a plot line."""
        return mix(self.plot_background, QColor(hue), FILL_SHARE)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_PALETTE.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.WindowText, Role.Text, Role.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DARK_DISABLED_TEXT))
    return palette


def themed_palette(name: str) -> QPalette | None:
    """The palette `--theme name` asks for; None for "system" (keep the desktop's)."""
    if name == "dark":
        return dark_palette()
    if name == "light":
        style = QStyleFactory.create("Fusion")
        return style.standardPalette() if style is not None else QPalette()
    return None


def apply_theme(app: QApplication, name: str) -> None:
    """Use `name` (one of THEMES) for the whole application, before any window is built."""
    palette = themed_palette(name)
    if palette is not None:
        app.setStyle("Fusion")
        app.setPalette(palette)
