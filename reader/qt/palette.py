"""Speaker colours: readable on a light background, distinct for the first eight speakers."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

# Dark enough for 4.5:1 contrast on white as text (WCAG AA), far enough apart in hue to tell apart.
SPEAKER_COLOURS = (
    "#1f5fa8", "#b3261e", "#1e7d32", "#7b3fa0", "#a35200", "#00727d", "#a02867", "#5d6b00",
)


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
