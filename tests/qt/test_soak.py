"""The soak session (tests/soak/soak.py) for 30 s; `make soak` runs it for 10 minutes.

An hour-long generated recording plays at libvlc's fastest rate in the main window with the real headless
player, while timers seek, add notes, toggle following, search and change the rate. The checks mean the same
on a loaded machine: memory may not grow by 10 MB after the warm-up, nothing may warn, and the highlight and
the notes file must be right at the end; nothing is timed to the millisecond.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.playback.vlc_player import vlc_status
from tests.soak.soak import SoakConfig, print_summary, run_soak

pytestmark = [
    pytest.mark.vlc,
    pytest.mark.skipif(not vlc_status()[0], reason="libvlc is not installed"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the recording"),
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="memory is read from /proc/self/status"),
]


def test_thirty_seconds_of_restless_reading_leave_no_growth_no_warning_and_the_right_highlight(
        qapp, tmp_path: Path) -> None:
    result = run_soak(SoakConfig(duration_s=30, sample_every_s=0.5), tmp_path)
    print_summary(result)
    assert result.passed, result.failures
    assert result.notes_file["items"] == result.notes_added
