"""Where the files that ship with the app live (the bundled sample talk)."""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent / "resources"


def resources_dir() -> Path:
    """Return the folder holding the app's resources."""
    return _ROOT


def sample_transcript() -> Path:
    """Return the bundled sample talk's transcript."""
    return _ROOT / "sample" / "talk.txt"


def sample_media() -> Path:
    """Return the bundled sample talk's recording."""
    return _ROOT / "sample" / "talk.mp4"
