"""Speaker colours: readable on a light background, distinct for the first eight speakers."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Dark enough for 4.5:1 contrast on white as text (WCAG AA), far enough apart in hue to tell apart.
SPEAKER_COLOURS = (
    "#1f5fa8", "#b3261e", "#1e7d32", "#7b3fa0", "#a35200", "#00727d", "#a02867", "#5d6b00",
)


# Highlight tints per palette, chosen for text on them at WCAG AA (4.5:1) and measured from painted pixels
# in tests/qt/test_palette.py: pale tints under near-black text on a light palette; deep tints under the
# palette's light text on a dark one (the pale tints there left light-grey text unreadable). The light blue
# is deeper than a pale sky so that it still shows on the playing turn's own light-blue tint.
HIGHLIGHT_TINTS = {
    False: {"yellow": "#fff1a8", "green": "#c8f0c0", "blue": "#8cbff7", "pink": "#ffcfe4"},
    True: {"yellow": "#5c4a00", "green": "#1d4d26", "blue": "#245896", "pink": "#5e2344"},
}
HIGHLIGHT_TEXT = {False: "#1a1a1a", True: "#f2f2f2"}
# Bookmark flags and ticks: a mid blue on light, a light blue on dark (the dark blue vanished on dark).
BOOKMARK_COLOURS = {False: "#1f5fa8", True: "#8ab4f8"}


def palette_is_dark(palette: QPalette) -> bool:
    """Return whether `palette` is dark (light text on a dark base)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def highlight_tint(name: str | None, palette: QPalette) -> QColor:
    """Return the background of text highlighted in colour `name` (yellow when unknown) on `palette`."""
    tints = HIGHLIGHT_TINTS[palette_is_dark(palette)]
    return QColor(tints.get(name or "yellow", tints["yellow"]))


def highlight_text(palette: QPalette) -> QColor:
    """Return the colour of text on a highlight tint of `palette`."""
    return QColor(HIGHLIGHT_TEXT[palette_is_dark(palette)])


def bookmark_colour(palette: QPalette) -> QColor:
    """Return the colour of bookmark flags and ticks on `palette`."""
    return QColor(BOOKMARK_COLOURS[palette_is_dark(palette)])


def contrast_ratio(a: QColor, b: QColor) -> float:
    """Return the WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark_palette() -> bool:
    """Return whether the application's palette is dark (light text on a dark base)."""
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


def speaker_colours(speakers: list[str], *, dark: bool | None = None) -> dict[str, QColor]:
    """Return a colour for each speaker, in order of first appearance; lighter shades on a dark palette."""
    if dark is None:
        dark = QGuiApplication.instance() is not None and is_dark_palette()
    colours = {}
    for i, name in enumerate(speakers):
        colour = QColor(SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)])
        colours[name] = colour.lighter(175) if dark else colour
    return colours
