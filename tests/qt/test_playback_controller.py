"""PlaybackController against the fake player: what the clock believes after seeks and pauses."""

from __future__ import annotations

from pathlib import Path

from reader.playback.fake_player import FakePlayer
from reader.playback.player import PlayerState
from reader.qt.playback_controller import PlaybackController
from reader.qt.timers import ManualTimers


def playing_controller(qtbot, player: FakePlayer, timers: ManualTimers | None = None) -> PlaybackController:
    """Return a controller of `player`, loaded and playing at 3x."""
    timers = timers or ManualTimers(player.clock)
    controller = PlaybackController(player, monotonic=player.clock, timers=timers.create)
    controller.load(Path("talk.mp4"))
    controller.set_rate(3.0)
    controller.play()
    qtbot.waitUntil(lambda: controller.state() is PlayerState.PLAYING)
    player.advance(1000)
    return controller


def test_a_pause_right_after_a_seek_that_landed_late_ends_where_the_player_is(qtbot) -> None:
    player = FakePlayer(600_000)
    player.land_past_ms = 5000  # libvlc 3.0 at 3x on audio+video: seconds past the target
    timers = ManualTimers(player.clock)
    controller = playing_controller(qtbot, player, timers)
    controller.seek(100_000)
    player.advance(200)
    qtbot.wait(20)  # the player's reports from 105 s arrive and are taken for stale ones
    assert controller.position() < 102_000
    controller.pause()
    qtbot.waitUntil(lambda: controller.state() is PlayerState.PAUSED)
    # Paused, the player's position is final: once reports are believed again, the clock (and the highlight)
    # go there.
    player.advance(1000)
    timers.fire_due()
    assert abs(controller.position() - player.position_ms()) < 10
    assert 105_000 <= controller.position() <= 106_000


def test_a_pause_after_an_accurate_seek_keeps_the_clock_s_finer_position(qtbot) -> None:
    player = FakePlayer(600_000, report_every_ms=1000)
    timers = ManualTimers(player.clock)
    controller = playing_controller(qtbot, player, timers)
    controller.seek(100_000)
    player.advance(700)
    qtbot.wait(20)
    controller.pause()
    qtbot.waitUntil(lambda: controller.state() is PlayerState.PAUSED)
    before = controller.position()
    player.advance(1000)
    assert timers.fire_due()  # the re-check after the settle time finds the player's coarse report close enough
    assert controller.position() == before
    assert abs(before - player.true_position_ms()) < 50
