"""Speaker colours: readable on a light background, distinct for the first eight speakers."""

from __future__ import annotations

from PySide6.QtGui import QColor

# Dark enough for 4.5:1 contrast on white as text (WCAG AA), far enough apart in hue to tell apart.
SPEAKER_COLOURS = (
    "#1f5fa8", "#b3261e", "#1e7d32", "#7b3fa0", "#a35200", "#00727d", "#a02867", "#5d6b00",
)


def speaker_colours(speakers: list[str]) -> dict[str, QColor]:
    """Return a colour for each speaker, in order of first appearance."""
    return {name: QColor(SPEAKER_COLOURS[i % len(SPEAKER_COLOURS)]) for i, name in enumerate(speakers)}
