"""`make soak`: a long session with the real player, for memory growth, warnings and the highlight after it.

An hour-long recording (generated with ffmpeg once, then cached) plays at high speed in the main window with
the real headless libvlc player, while timers seek, skip, step through turns, add bookmarks and highlights
through the window's own actions (labelling some in the note editor), toggle following, scroll away and
come back, search and change the rate. Resident memory is sampled throughout; after the warm-up it must grow
by less than MAX_GROWTH_MB. No Python warning, logged warning, slot exception or Qt warning may appear. At the
end, after a moment of untouched playback, playback is paused: the window's clock must agree with libvlc's last
report and the highlighted turn must be the one the transcript's timeline (core/sync.py's bisect) gives there;
then a seek, a second of 1x playback and a pause must leave the highlight on the turn libvlc is in. Every note
added must be in the saved notes file.

Run `python -m tests.soak.soak [--duration 600] [--rate 32] [--out soak-results.json] [--tracemalloc]`;
tests/qt/test_soak.py runs the same session for 30 s.
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

MEDIA_SECONDS = 3600
RECORDING_VERSION = 1  # part of the cached file's name: bump it when the recording changes
# libvlc's fastest: it keeps the rate as an integer 1000/rate, at least 32, so nothing plays faster than 31.25x
# (`--probe` with the window open: 16x plays at 16.13, 32x and 64x at 31.25, 31.25x at 31.25).
DEFAULT_RATE = 31.25
MAX_GROWTH_MB = 10.0
WARMUP_FRACTION = 0.3  # memory settles (libvlc buffers, Qt caches, malloc arenas) before it is judged
WINDOW_FRACTION = 0.15  # the medians compared: right after the warm-up, and at the end
# The final pause: after this much untouched playback; libvlc's last report is at most REPORT_GAP_S of wall time
# old then (it reports every ~0.25 s), and the clock may hold up to CLOCK_SLACK_MS ahead of a report (sync.py).
QUIET_S = 1.5
REPORT_GAP_S = 0.6
CLOCK_SLACK_MS = 300
SPEAKERS = ("Alice Moreau", "Bruno Keller")
WORDS = ("the record shows what was said and when it was said by whom in which order so that a reader can return "
         "to any moment of the talk and hear it again while the notes stay beside the words they belong to").split()
SEARCH_WORDS = ("record", "moment", "notes", "reader", "order", "zebra", "talk again", "wh")

# Qt messages of warning level and above that are harmless, each with the platform it is harmless on and why.
HARMLESS_QT_MESSAGES: tuple[tuple[str, str, str], ...] = (
    # QPlatformWindow's defaults for what only a window system does; the offscreen platform has none, so it keeps
    # them (xcb, wayland, windows and cocoa implement them). The note editor is a popup: it raises itself and grabs
    # the keyboard and mouse when shown; layouts pass their minimum and maximum sizes on as size hints.
    ("offscreen", "This plugin does not support raise()", "no window stacking without a window system"),
    ("offscreen", "This plugin does not support grabbing the keyboard", "no keyboard grab without one"),
    ("offscreen", "This plugin does not support grabbing the mouse", "no mouse grab without one"),
    ("offscreen", "This plugin does not support propagateSizeHints()", "no window manager to take size hints"),
)


@dataclass
class SoakConfig:
    """What one soak run does; the defaults are `make soak`'s."""

    duration_s: float = 600.0
    rate: float = DEFAULT_RATE
    seed: int = 1
    action_every_ms: int = 700
    sample_every_s: float = 2.0
    warmup_fraction: float = WARMUP_FRACTION
    media_seconds: int = MEDIA_SECONDS
    trace_python: bool = False  # tracemalloc: diffs Python allocations (slows the run down)


@dataclass
class SoakResult:
    """Everything measured in one run (written as soak-results.json)."""

    config: dict[str, Any]
    wall_s: float = 0.0
    turns: int = 0
    media_covered_s: float = 0.0
    measured_rate: float | None = None
    rate_ratios: dict[str, float] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    seeks: int = 0
    notes_added: int = 0
    notes_labelled: int = 0
    rss: dict[str, Any] = field(default_factory=dict)
    objects: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    final: dict[str, Any] = field(default_factory=dict)
    notes_file: dict[str, Any] = field(default_factory=dict)
    python_growth: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Return whether every check held."""
        return not self.failures


# -- fixtures ---------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    """Return the folder where generated recordings are kept between runs."""
    return Path(tempfile.gettempdir()) / "transcript-reader-soak"


def make_recording(seconds: int = MEDIA_SECONDS, folder: Path | None = None) -> Path:
    """Return an mp4 of `seconds`: ffmpeg's test card (which draws its running time) at 64x36, 5 fps, and a tone.

    Made once and cached (about 5 s for an hour): a minute of AAC tone is looped into the file by stream copy,
    because encoding an hour of audio is what took most of the time.
    """
    folder = folder or cache_dir()
    path = folder / f"soak-{seconds}s-v{RECORDING_VERSION}.mp4"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as name:
        tone = Path(name) / "tone.m4a"
        out = Path(name) / path.name
        quiet = ["ffmpeg", "-nostdin", "-v", "error", "-y"]
        subprocess.run([*quiet, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000:duration=60",
                        "-c:a", "aac", "-ac", "1", "-b:a", "16k", str(tone)], check=True)
        subprocess.run([*quiet, "-f", "lavfi", "-i", f"testsrc=size=64x36:rate=5:duration={seconds}",
                        "-stream_loop", "-1", "-i", str(tone), "-map", "0:v", "-map", "1:a", "-t", str(seconds),
                        "-c:v", "libx264", "-preset", "ultrafast", "-g", "50", "-pix_fmt", "yuv420p",
                        "-c:a", "copy", "-movflags", "+faststart", str(out)], check=True)
        os.replace(out, path)  # a concurrent run sees the whole file or none
    return path


def stamp(ms: int) -> str:
    """Return `ms` as the event-page format's `mm:ss` (`h:mm:ss` from an hour on)."""
    h, rest = divmod(ms // 1000, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"


def write_transcript(path: Path, seconds: int, seed: int) -> list[int]:
    """Write an event-page transcript of a talk of `seconds`: a turn every 5-10 s, speakers alternating.

    Return the turns' start times in ms.
    """
    rng = random.Random(seed)
    lines = ["Soak Talk", "Posted Jan 01 | Views 1", "TRANSCRIPT", ""]
    starts = []
    ms = 1000 * rng.randint(0, 4)
    while ms < seconds * 1000 - 2000:
        starts.append(ms)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 40)))
        lines += [f"{SPEAKERS[len(starts) % 2]} ({stamp(ms)}): {text.capitalize()}.", ""]
        ms += 1000 * rng.randint(5, 10)
    path.write_text("\n".join(lines), encoding="utf-8")
    return starts


def rss_mb() -> float:
    """Return this process's resident memory (VmRSS) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


# -- problems ---------------------------------------------------------------------------------------------


class ProblemRecorder(logging.Handler):
    """Collects Qt warnings, Python warnings, logged warnings and exceptions raised in slots, while entered."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[str] = []
        self._previous_qt: Any = None
        self._previous_hook: Callable[..., Any] | None = None
        self._warnings: Any = None
        self._caught: list[warnings.WarningMessage] = []

    def __enter__(self) -> ProblemRecorder:
        from PySide6.QtCore import qInstallMessageHandler

        self._previous_qt = qInstallMessageHandler(self._on_qt_message)
        self._warnings = warnings.catch_warnings(record=True)
        self._caught = self._warnings.__enter__()
        warnings.simplefilter("always")
        logging.getLogger().addHandler(self)
        self._previous_hook = sys.excepthook
        sys.excepthook = self._on_exception
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        from PySide6.QtCore import qInstallMessageHandler

        sys.excepthook = self._previous_hook or sys.__excepthook__
        logging.getLogger().removeHandler(self)
        self._warnings.__exit__(kind, value, traceback)
        qInstallMessageHandler(self._previous_qt)
        self.problems += [f"Python warning: {w.category.__name__}: {w.message} ({w.filename}:{w.lineno})"
                          for w in self._caught]

    def emit(self, record: logging.LogRecord) -> None:
        self.problems.append(f"log {record.levelname} {record.name}: {record.getMessage()}")

    def _on_qt_message(self, kind: Any, context: Any, message: str) -> None:
        from PySide6.QtCore import QtMsgType

        if kind in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        from PySide6.QtGui import QGuiApplication

        platform = QGuiApplication.platformName()
        if any(platform == where and message.startswith(prefix) for where, prefix, _ in HARMLESS_QT_MESSAGES):
            return
        self.problems.append(f"Qt {kind.name}: {message}")

    def _on_exception(self, kind: type[BaseException], value: BaseException, traceback: TracebackType | None) -> None:
        self.problems.append(f"exception in a slot: {kind.__name__}: {value}")
        if self._previous_hook is not None:
            self._previous_hook(kind, value, traceback)


# -- the session ------------------------------------------------------------------------------------------


def wait_until(condition: Callable[[], bool], timeout_s: float) -> bool:
    """Run the event loop until `condition()` holds or `timeout_s` passes; return whether it held."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while True:
        app.processEvents()
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)


def spin(seconds: float) -> None:
    """Run the event loop for `seconds`."""
    wait_until(lambda: False, seconds)


class Session:
    """Drives one main window like a restless reader: the actions come from a seeded random generator."""

    def __init__(self, window: Any, config: SoakConfig, starts: list[int]) -> None:
        from PySide6.QtGui import QKeySequence

        self.window = window
        self.config = config
        self.starts = starts
        self.duration_ms = config.media_seconds * 1000
        self.rng = random.Random(config.seed)
        self.actions: Counter[str] = Counter()
        self.added: dict[str, str] = {}  # note id -> the label typed for it ("" for none)
        self._shortcuts = {seq.toString(): action for action in window.actions() for seq in action.shortcuts()}
        self._find = QKeySequence(QKeySequence.StandardKey.Find).toString()
        self._discontinuity = time.monotonic()
        self._last_report: tuple[int, float] | None = None
        self.covered: dict[float, list[float]] = {}  # rate -> [media ms, wall s] between consecutive reports
        self.measuring = True  # off for the final checks: only the session's playback is counted
        self.last_action = ("", time.monotonic())

    # the window's own actions, found by their keys (their texts may change)
    def trigger(self, keys: str) -> None:
        """Trigger the window action bound to `keys`, as pressing them does."""
        action = self._shortcuts.get(keys)
        if action is None:
            raise LookupError(f"the window has no action for {keys}; its keys: {sorted(self._shortcuts)}")
        action.trigger()

    def moved(self) -> None:
        """Note that the position or rate jumped: the next libvlc report starts a new stretch."""
        self._discontinuity = time.monotonic()

    def on_report(self, ms: int, at_s: float) -> None:
        """Add the media time libvlc played since its previous report (at one rate, without jumps)."""
        last, self._last_report = self._last_report, (ms, at_s)
        if not self.measuring or last is None or last[1] < self._discontinuity:
            return
        rate = self.window.controller.rate()
        media, wall = ms - last[0], at_s - last[1]
        if 0 < media <= wall * 1000 * rate * 1.5 + 500:
            entry = self.covered.setdefault(rate, [0.0, 0.0])
            entry[0] += media
            entry[1] += wall

    def tick(self) -> None:
        """Keep playing (after the end, from somewhere else) and do one random thing."""
        from reader.playback.player import PlayerState

        state = self.window.controller.state()
        if state is PlayerState.ENDED:
            self.actions["restart after the end"] += 1
            self.seek_somewhere()
        if state is not PlayerState.PLAYING:
            self.trigger("Space")
            self.moved()
        steps: list[tuple[Callable[[], None], int]] = [
            (self.seek_somewhere, 30), (self.skip, 10), (self.step_turn, 8), (self.bookmark, 12),
            (self.highlight, 8), (self.toggle_follow, 6), (self.scroll_away, 5), (self.search, 8),
            (self.change_rate, 6), (self.pause, 3),
        ]
        step = self.rng.choices([s for s, _ in steps], [w for _, w in steps])[0]
        self.last_action = (step.__name__, time.monotonic())
        step()

    # the things a reader does
    def seek_somewhere(self) -> None:
        """Click somewhere on the timeline strip."""
        self.actions["seek (timeline)"] += 1
        self.moved()
        self.window.timeline.seekRequested.emit(self.rng.randrange(self.duration_ms))

    def skip(self) -> None:
        """Skip back or forward 5, 10 or 30 s with the keys."""
        self.actions["skip"] += 1
        self.moved()
        self.trigger(self.rng.choice(("Right", "Left", "L", "J", "Shift+Right", "Shift+Left")))

    def step_turn(self) -> None:
        """Go to the next or previous turn."""
        self.actions["step turn"] += 1
        self.moved()
        self.trigger(self.rng.choice(("Ctrl+Right", "Ctrl+Right", "Ctrl+Left")))

    def bookmark(self) -> None:
        """Bookmark this moment (Ctrl+B) and deal with the editor that opens."""
        self.actions["bookmark"] += 1
        self._add_note("Ctrl+B")

    def highlight(self) -> None:
        """Highlight the spoken turn (Ctrl+H) and deal with the editor that opens."""
        self.actions["highlight"] += 1
        self._add_note("Ctrl+H")

    def _add_note(self, keys: str) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QApplication

        from reader.qt.note_editor import NoteEditor

        before = {item.id for item in self.window.notes.document.items}
        self.trigger(keys)
        new = [item.id for item in self.window.notes.document.items if item.id not in before]
        for item_id in new:
            self.added[item_id] = ""
        editor = QApplication.activePopupWidget()
        if not isinstance(editor, NoteEditor) or not new:
            return
        choice = self.rng.random()
        if choice < 0.4:  # type a label and press Enter
            label = f"soak {len(self.added)}"
            QTest.keyClicks(editor.label_edit, label)
            QTest.keyClick(editor.label_edit, Qt.Key.Key_Return)
            self.added[new[0]] = label
            self.actions["note labelled"] += 1
        elif choice < 0.8:
            QTest.keyClick(editor, Qt.Key.Key_Escape)
        # else: left open; the next note's editor replaces it

    def toggle_follow(self) -> None:
        """Turn following off or on (F), or go back to the playback (.)."""
        self.actions["follow"] += 1
        self.trigger(self.rng.choice(("F", "F", ".")))

    def scroll_away(self) -> None:
        """Page through the transcript as a reader does, which suspends following."""
        from PySide6.QtWidgets import QAbstractSlider

        self.actions["scroll"] += 1
        action = self.rng.choice((QAbstractSlider.SliderAction.SliderPageStepAdd,
                                  QAbstractSlider.SliderAction.SliderPageStepSub))
        self.window.view.verticalScrollBar().triggerAction(action)

    def search(self) -> None:
        """Open the find bar and type a word, step to the next match, or close the bar."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        self.actions["search"] += 1
        bar = self.window.find.bar
        if not bar.isVisible() or self.rng.random() < 0.4:
            self.trigger(self._find)
            QTest.keyClicks(bar.edit, self.rng.choice(SEARCH_WORDS))
        elif self.rng.random() < 0.6:
            QTest.keyClick(bar.edit, Qt.Key.Key_Return)
        else:
            QTest.keyClick(bar.edit, Qt.Key.Key_Escape)

    def change_rate(self) -> None:
        """Change the speed: the box's next step, or a rate beyond the box (set on the controller as it does)."""
        self.actions["rate"] += 1
        self.moved()
        if self.rng.random() < 0.25:
            box = self.window.transport.rate_box
            self.trigger("]" if box.currentIndex() < box.count() // 2 else "[")
        else:
            self.window.controller.set_rate(self.rng.choice((self.config.rate, self.config.rate,
                                                             self.config.rate / 2)))

    def pause(self) -> None:
        """Pause (Space); the next tick plays again."""
        self.actions["pause"] += 1
        self.moved()
        self.trigger("Space")


def median_between(samples: list[tuple[float, float]], start_s: float, end_s: float) -> float:
    """Return the median of the samples taken between `start_s` and `end_s`."""
    values = [mb for t, mb in samples if start_s <= t <= end_s]
    return statistics.median(values) if values else float("nan")


def qobject_census(window: Any) -> Counter[str]:
    """Return how many QObjects of each class the window owns."""
    from PySide6.QtCore import QObject

    return Counter(child.metaObject().className() for child in window.findChildren(QObject))


def final_checks(window: Any, session: Session, turns: list[Any]) -> dict[str, Any]:
    """Pause as it is and compare the highlight with the timeline; then seek, play at 1x, pause, compare again."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.core.sync import TurnTimeline
    from reader.playback.player import PlayerState
    from reader.qt.note_editor import NoteEditor

    editor = QApplication.activePopupWidget()
    if isinstance(editor, NoteEditor):
        QTest.keyClick(editor, Qt.Key.Key_Escape)
    controller = window.controller
    timeline = TurnTimeline(turns)
    paused = lambda: controller.state() is PlayerState.PAUSED  # noqa: E731

    # 1. As the soak left it, after a quiet moment of playback: seeking and pausing within 0.6 s at a high rate
    # is a known race (the clock ignores libvlc's first reports after a seek, which land seconds past the target
    # at high rates), not what a long session does to the window. Paused, libvlc's get_time() is its last
    # report, made at most a report interval (~250 ms of wall time) before the pause: the clock must be within
    # that much media after it, and the highlight must be the timeline's turn at the clock.
    state = controller.state()
    room_ms = controller.rate() * (QUIET_S + 3) * 1000  # enough recording left for the quiet moment
    if state is PlayerState.ENDED or controller.position() > session.duration_ms - room_ms:
        window.timeline.seekRequested.emit(session.duration_ms // 3)
    if state is not PlayerState.PLAYING:
        session.trigger("Space")
    wait_until(lambda: controller.state() is PlayerState.PLAYING, 5)
    spin(QUIET_S)
    rate = controller.rate()
    last_action, last_at = session.last_action
    since_last_action = round(time.monotonic() - last_at, 2)
    session.trigger("Space")
    paused_ok = wait_until(paused, 5)
    spin(0.3)
    clock, player_ms = controller.position(), controller.player.position_ms()
    window_ms = (player_ms - CLOCK_SLACK_MS, player_ms + round(rate * REPORT_GAP_S * 1000) + CLOCK_SLACK_MS)
    result: dict[str, Any] = {
        "after_soak": {
            "paused": paused_ok, "rate": rate, "clock_ms": clock, "libvlc_ms": player_ms,
            "clock_window_ms": window_ms, "clock_within": window_ms[0] <= clock <= window_ms[1],
            "highlighted": window.model.active_row(), "controller_active": controller.active_turn(),
            "timeline_at_clock": timeline.active_index(clock), "timeline_at_libvlc": timeline.active_index(player_ms),
            "last_action": last_action, "last_action_s_before_pause": since_last_action,
        }}

    # 2. Seek to the middle of a long turn, play at 1x until libvlc has played a second past the target, pause:
    # libvlc's position is then well inside the turn, and the highlight must be the timeline's turn there.
    rng = random.Random(session.config.seed + 1)
    long_turns = [i for i in range(len(turns) - 1) if turns[i + 1].start - turns[i].start >= 8000]
    row = rng.choice(long_turns)
    target = (turns[row].start + turns[row + 1].start) // 2
    window.transport.set_rate(1.0)
    controller.set_rate(1.0)  # the box may already show 1.0 while the controller ran at a rate beyond it
    window.timeline.seekRequested.emit(target)
    spin(0.2)
    session.trigger("Space")
    played = wait_until(lambda: controller.player.position_ms() >= target + 1000, 15)
    session.trigger("Space")
    paused_ok = wait_until(paused, 5)
    spin(0.3)
    player_ms = controller.player.position_ms()
    result["after_seek"] = {
        "paused": paused_ok, "played_past_target": played, "target_ms": target, "libvlc_ms": player_ms,
        "clock_ms": controller.position(), "turn": row, "highlighted": window.model.active_row(),
        "timeline_at_libvlc": timeline.active_index(player_ms),
    }
    return result


def evaluate(result: SoakResult) -> list[str]:
    """Return what went wrong in `result` (empty when the run passed)."""
    failures = []
    growth = result.rss.get("growth_mb")
    if growth is None or not growth < MAX_GROWTH_MB:
        failures.append(f"resident memory grew by {growth} MB after the warm-up (limit {MAX_GROWTH_MB} MB)")
    if result.problems:
        failures.append(f"{len(result.problems)} warning(s): {result.problems[:5]}")
    soak = result.final.get("after_soak", {})
    if not soak.get("paused"):
        failures.append(f"the player did not pause at the end: {soak}")
    if not soak.get("highlighted") == soak.get("controller_active") == soak.get("timeline_at_clock"):
        failures.append(f"after the soak the highlight is not the timeline's turn at the clock: {soak}")
    if not soak.get("clock_within"):
        failures.append(f"after the soak the window's clock is not where libvlc last reported playback: {soak}")
    seek = result.final.get("after_seek", {})
    if not (seek.get("paused") and seek.get("played_past_target")):
        failures.append(f"the final seek, play and pause did not happen: {seek}")
    if not seek.get("highlighted") == seek.get("timeline_at_libvlc") == seek.get("turn"):
        failures.append(f"after the final seek the highlight is not the timeline's turn at libvlc's position: {seek}")
    if result.notes_file.get("missing") or result.notes_file.get("wrong_labels"):
        failures.append(f"notes missing from the saved file: {result.notes_file}")
    if result.seeks == 0 or result.notes_added == 0 or result.media_covered_s <= 0:
        failures.append("the session did nothing: no seek, note or playback")
    return failures


def run_soak(config: SoakConfig, workdir: Path) -> SoakResult:
    """Play the soak session in a new main window; return the measurements and the failed checks."""
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.notes_store import NotesStore
    from reader.playback.vlc_player import VlcPlayer
    from reader.qt.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    media = make_recording(config.media_seconds)
    transcript = workdir / "soak-talk.txt"
    starts = write_transcript(transcript, config.media_seconds, config.seed)
    result = SoakResult(config=asdict(config))
    samples: list[tuple[float, float]] = []
    with ProblemRecorder() as recorder:
        window = MainWindow(VlcPlayer(headless=True), notes_dir=workdir / "user-notes",
                            settings=QSettings(str(workdir / "settings.ini"), QSettings.Format.IniFormat))
        window.resize(1100, 700)
        window.show()
        if not window.open_transcript(transcript, media):
            raise RuntimeError(f"the soak transcript did not open: {window.banner.label.text()}")
        turns = window.model.transcript.turns
        result.turns = len(turns)
        wait_until(lambda: window.controller.duration() is not None, 10)
        window.controller.set_rate(config.rate)
        session = Session(window, config, starts)
        window.controller._bridge.timeReported.connect(session.on_report, Qt.ConnectionType.QueuedConnection)
        started = time.monotonic()
        warmup_s = config.duration_s * config.warmup_fraction
        at_warmup: dict[str, Any] = {}
        census: Counter[str] = Counter()

        def sample() -> None:
            samples.append((round(time.monotonic() - started, 2), round(rss_mb(), 2)))

        def warmed_up() -> None:
            gc.collect()
            census.update(qobject_census(window))
            at_warmup.update(python_objects=len(gc.get_objects()), qobjects=census.total(),
                             undo_commands=window.notes.undo_stack.count(), notes=len(session.added))
            if config.trace_python:
                tracemalloc.start(8)
                at_warmup["snapshot"] = tracemalloc.take_snapshot()

        sample()
        ticker, sampler = QTimer(window), QTimer(window)
        ticker.setInterval(config.action_every_ms)
        ticker.timeout.connect(session.tick)
        sampler.setInterval(round(config.sample_every_s * 1000))
        sampler.timeout.connect(sample)
        loop = QEventLoop()
        QTimer.singleShot(round(warmup_s * 1000), warmed_up)
        QTimer.singleShot(round(config.duration_s * 1000), loop.quit)
        session.trigger("Space")
        ticker.start()
        sampler.start()
        loop.exec()
        session.measuring = False
        ticker.stop()
        sampler.stop()
        sample()
        result.wall_s = round(time.monotonic() - started, 1)
        gc.collect()
        end_census = qobject_census(window)
        end_objects = {"python_objects": len(gc.get_objects()), "qobjects": end_census.total(),
                       "undo_commands": window.notes.undo_stack.count(), "notes": len(session.added)}
        if config.trace_python and "snapshot" in at_warmup:
            diff = tracemalloc.take_snapshot().compare_to(at_warmup.pop("snapshot"), "lineno")
            result.python_growth = [str(stat) for stat in diff[:15]]
            tracemalloc.stop()
        grown = {name: n for name, n in (end_census - census).most_common(8)}
        result.objects = {"at_warmup": at_warmup, "at_end": end_objects, "qobjects_added_after_warmup": grown}
        result.final = final_checks(window, session, turns)
        notes_path = window.notes.path
        window.close()  # saves the notes and releases libvlc
        window.deleteLater()
        spin(0.2)
        saved = NotesStore(notes_path).load().document
        labels = {item.id: item.label for item in saved.items}
        result.notes_file = {
            "path": str(notes_path), "items": len(labels),
            "missing": sorted(set(session.added) - set(labels)),
            "wrong_labels": sorted(i for i, label in session.added.items() if label and labels.get(i) != label),
        }
        app.processEvents()
    result.problems = recorder.problems
    result.actions = dict(sorted(session.actions.items()))
    result.seeks = sum(session.actions[k] for k in ("seek (timeline)", "skip", "step turn", "restart after the end"))
    result.notes_added = len(session.added)
    result.notes_labelled = session.actions["note labelled"]
    result.media_covered_s = round(sum(media for media, _ in session.covered.values()) / 1000, 1)
    result.rate_ratios = {f"{rate:g}x": round(media / 1000 / wall, 2)
                          for rate, (media, wall) in sorted(session.covered.items()) if wall > 1}
    result.measured_rate = result.rate_ratios.get(f"{config.rate:g}x")
    end_s = samples[-1][0]
    window_s = config.duration_s * WINDOW_FRACTION
    warm = median_between(samples, warmup_s, warmup_s + window_s)
    end = median_between(samples, end_s - window_s, end_s)
    result.rss = {
        "start_mb": samples[0][1], "warmup_mb": round(warm, 1), "end_mb": round(end, 1),
        "growth_mb": round(end - warm, 1), "max_mb": max(mb for _, mb in samples),
        "method": f"VmRSS every {config.sample_every_s} s; growth = median of the last {window_s:.0f} s minus "
                  f"the median of the {window_s:.0f} s after a {warmup_s:.0f} s warm-up",
        "samples": samples,
    }
    result.failures = evaluate(result)
    return result


# -- rates ------------------------------------------------------------------------------------------------


def probe_rates(rates: list[float], seconds: float = 6.0) -> dict[str, float]:
    """Return media time / wall time that libvlc achieves at each rate, with the window open and playing."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from reader.playback.vlc_player import VlcPlayer
    from reader.qt.main_window import MainWindow

    QApplication.instance() or QApplication([])
    media = make_recording()
    with tempfile.TemporaryDirectory() as name:
        transcript = Path(name) / "probe.txt"
        write_transcript(transcript, MEDIA_SECONDS, 1)
        window = MainWindow(VlcPlayer(headless=True), notes_dir=Path(name),
                            settings=QSettings(str(Path(name) / "s.ini"), QSettings.Format.IniFormat))
        window.show()
        window.open_transcript(transcript, media)
        reports: list[tuple[int, float]] = []
        window.controller._bridge.timeReported.connect(lambda ms, at: reports.append((ms, at)),
                                                       Qt.ConnectionType.QueuedConnection)
        window.controller.play()
        ratios = {}
        for rate in rates:
            window.controller.seek(60_000)
            window.controller.set_rate(rate)
            spin(1.0)
            reports.clear()
            spin(seconds)
            (ms0, t0), (ms1, t1) = reports[0], reports[-1]
            ratios[f"{rate:g}x"] = round((ms1 - ms0) / 1000 / (t1 - t0), 2)
        window.close()
    return ratios


# -- command line -----------------------------------------------------------------------------------------


def print_summary(result: SoakResult) -> None:
    """Print the figures a reader of the run wants first."""
    rss, soak, seek = result.rss, result.final.get("after_soak", {}), result.final.get("after_seek", {})
    lines = [
        f"duration            {result.wall_s} s (config {result.config['duration_s']} s)",
        f"media covered       {result.media_covered_s} s of a {result.config['media_seconds']} s recording; "
        f"rate {result.config['rate']:g}x measured {result.measured_rate} (all: {result.rate_ratios})",
        f"turns               {result.turns}",
        f"seeks               {result.seeks}  (actions: {result.actions})",
        f"notes               {result.notes_added} added, {result.notes_labelled} labelled; saved file has "
        f"{result.notes_file.get('items')}, missing {len(result.notes_file.get('missing', []))}",
        f"RSS                 start {rss['start_mb']} MB, after warm-up {rss['warmup_mb']} MB, end {rss['end_mb']} MB, "
        f"growth {rss['growth_mb']} MB (limit {MAX_GROWTH_MB}), max {rss['max_mb']} MB",
        f"objects             {result.objects}",
        f"warnings            {len(result.problems)}" + (f": {result.problems[:5]}" if result.problems else ""),
        f"highlight at end    soak: highlighted {soak.get('highlighted')}, timeline at clock "
        f"{soak.get('timeline_at_clock')} ({soak.get('clock_ms')} ms, within libvlc's window "
        f"{soak.get('clock_window_ms')}: {soak.get('clock_within')}), at libvlc's last report "
        f"{soak.get('timeline_at_libvlc')} ({soak.get('libvlc_ms')} ms); last action {soak.get('last_action')} "
        f"{soak.get('last_action_s_before_pause')} s before the pause",
        f"                    after seek+play+pause: highlighted {seek.get('highlighted')}, timeline at libvlc "
        f"{seek.get('timeline_at_libvlc')} ({seek.get('libvlc_ms')} ms), turn {seek.get('turn')}",
    ]
    lines += [f"python growth       {line}" for line in result.python_growth]
    lines.append("PASSED" if result.passed else "FAILED: " + "; ".join(result.failures))
    print("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    """Run the soak from the command line; exit 1 when a check fails."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=600.0, help="seconds to play (default 600)")
    parser.add_argument("--rate", type=float, default=DEFAULT_RATE, help=f"playback rate (default {DEFAULT_RATE:g})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--tracemalloc", action="store_true", help="diff Python allocations after the warm-up")
    parser.add_argument("--probe", action="store_true", help="only measure the rates libvlc achieves")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for tool in ("ffmpeg",):
        if shutil.which(tool) is None:
            print(f"{tool} is needed to make the recording", file=sys.stderr)
            return 2
    if args.probe:
        print(json.dumps(probe_rates([4, 8, 16, 31.25, 32, 64])))
        return 0
    config = SoakConfig(duration_s=args.duration, rate=args.rate, seed=args.seed, trace_python=args.tracemalloc,
                        sample_every_s=2.0 if args.duration >= 300 else 0.5)
    with tempfile.TemporaryDirectory(prefix="transcript-reader-soak-") as name:
        result = run_soak(config, Path(name))
    print_summary(result)
    if args.out:
        args.out.write_text(json.dumps({**asdict(result), "passed": result.passed}, indent=2) + "\n",
                            encoding="utf-8")
        print(f"wrote {args.out}")
    return 0 if result.passed else 1


if __name__ == "__main__":
    sys.exit(main())
