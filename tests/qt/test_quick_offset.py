"""The quick offset check: the recording's first minutes say it starts later, and a fix is offered at once."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import reader.core.align as align
from reader.core.transcript import Turn
from reader.qt.align_controller import AlignController
from reader.qt.sync_controller import SyncController

TURNS = [Turn(index=i, start=i * 30_000, speaker="A", text=f"turn {i} words here") for i in range(10)]


def test_an_offset_heard_in_the_first_minutes_is_offered_and_applied(qtbot) -> None:
    sync = SyncController()
    sync.load(TURNS, None, 600_000)
    offered: list[bool] = []
    messages: list[str] = []
    sync.suggestionChanged.connect(offered.append)
    sync.messageRaised.connect(messages.append)

    sync.take_offset_check(300)  # within half a second: the transcript is right
    assert offered == [] and messages == []
    sync.take_offset_check(7500)
    assert offered == [True]
    assert "7.5 s later" in messages[0] and "first minutes" in messages[0]
    sync.apply_suggestion(True)
    assert sync.times.start(0) == 7500 and sync.times.start(9) == 9 * 30_000 + 7500
    sync.take_offset_check(9000)  # applied: only the whole alignment's fit may change it now
    assert len(messages) == 1
    sync.apply_suggestion(False)  # undone
    assert sync.times.start(0) == 0


def test_the_check_comes_before_the_whole_alignment(qtbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    release = threading.Event()
    calls: list[str] = []

    def quick(turns, media, *, time_map=None, cancel=None, method="auto") -> int:
        calls.append("quick")
        return 7500

    def whole(turns, media, **kwargs):
        calls.append("whole")
        release.wait(10)
        raise align.AlignError("stopped by the test")

    monkeypatch.setattr(align, "quick_offset", quick)
    monkeypatch.setattr(align, "cached_alignment", whole)
    monkeypatch.setattr(align, "load_alignment", lambda turns, media: None)
    monkeypatch.setattr(align, "choose_method", lambda turns: ("pocketsphinx", "English"))
    controller = AlignController(in_process=True)  # the aligner replaced above: in this process
    checked: list[int] = []
    controller.offsetChecked.connect(checked.append)
    controller.start(TURNS, tmp_path / "talk.wav")
    qtbot.waitUntil(lambda: checked == [7500], timeout=5000)  # while the whole alignment still runs
    assert calls == ["quick", "whole"] and controller.running()
    release.set()
    with qtbot.waitSignal(controller.failed, timeout=5000):
        pass
