"""Where the files that ship with the app live (the bundled sample talk, the app icon)."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find_root() -> Path:
    # An installed wheel (and the PyInstaller bundle) carries the checkout's resources/ folder inside the
    # package as reader/_resources/ (pyproject.toml maps it); a checkout or an editable install has it
    # beside the package.
    for candidate in (_PACKAGE / "_resources", _PACKAGE.parent / "resources"):
        if (candidate / "sample").is_dir():
            return candidate
    return _PACKAGE / "_resources"


_ROOT = _find_root()


def is_bundled(path: Path) -> bool:
    """Return whether `path` is one of the files that ship with the app (they are never written to)."""
    try:
        return Path(path).resolve().is_relative_to(_ROOT.resolve())
    except OSError:
        return False


def sample_transcript() -> Path:
    """Return the bundled sample talk's transcript."""
    return _ROOT / "sample" / "talk.txt"


def sample_media() -> Path:
    """Return the bundled sample talk's recording."""
    return _ROOT / "sample" / "talk.mp4"


def app_icon() -> Path:
    """Return the app icon (SVG), the same one the desktop file installs."""
    return _ROOT / "icons" / "transcript-reader.svg"
