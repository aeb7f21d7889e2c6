"""Shared fixtures: the seed transcript, the corpus and the bundled sample."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Windows do not align words with their recordings unless a test asks (it costs seconds of CPU per window).
os.environ.setdefault("TRANSCRIPT_READER_ALIGN", "0")
# Settings (QSettings) and notes fallbacks (platformdirs) go to a throw-away home, never the tester's own.
_HOME = tempfile.mkdtemp(prefix="transcript-reader-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")  # word alignments are cached there

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seed" / "000_e1fe65cacb754d70.txt"
SAMPLE_TRANSCRIPT = ROOT / "resources" / "sample" / "talk.txt"
SAMPLE_MEDIA = ROOT / "resources" / "sample" / "talk.mp4"


@pytest.fixture
def seed_path() -> Path:
    """Return the seed transcript (the team's shared copy, present in CI)."""
    if not SEED.exists():
        pytest.skip("the shared seed transcript is not present")
    return SEED


@pytest.fixture
def sample_paths() -> tuple[Path, Path]:
    """Return the bundled sample's transcript and recording."""
    return SAMPLE_TRANSCRIPT, SAMPLE_MEDIA
