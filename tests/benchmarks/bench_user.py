"""Figures timed as the user waits for them: start-up to rows painted, opening through the window,
the first notes save of a session, typing in the real find bar, peak memory playing a 720p video.

Each runs the real window in a fresh interpreter; on an X display (a private Xvfb, `xcb`) when Xvfb is
installed, else offscreen (the figure's note says which). "Rows painted" is the end of the first
`TranscriptView.paintEvent` that drew at least one turn (TurnDelegate.paint_turn wrapped in the child
process only; the app is not changed for the benchmark).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from tests.benchmarks.bench import ROOT, Figure, median_time, write_event_page

# Prepended to every child: reports when the transcript view first paints rows.
PAINT_HOOK = """
import time as _time
from reader.qt.transcript_view import TranscriptView as _View
from reader.qt.turn_delegate import TurnDelegate as _Delegate
_drawn = [0]
_rows_painted = []
_paint_turn = _Delegate.paint_turn
def _counting_paint_turn(self, *args, **kwargs):
    _drawn[0] += 1
    return _paint_turn(self, *args, **kwargs)
_Delegate.paint_turn = _counting_paint_turn
_paint_event = _View.paintEvent
def _timed_paint_event(self, event):
    before = _drawn[0]
    _paint_event(self, event)
    if _drawn[0] > before:
        _rows_painted.append(_time.monotonic())
_View.paintEvent = _timed_paint_event
"""


@contextlib.contextmanager
def display() -> Iterator[dict[str, str]]:
    """Yield the environment for a child showing the real window: a private Xvfb, else offscreen."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    if shutil.which("Xvfb") is None:
        yield {**env, "QT_QPA_PLATFORM": "offscreen"}
        return
    from tests.benchmarks.bench_screen import Xvfb

    with Xvfb() as server:
        yield {**env, "DISPLAY": server.display, "QT_QPA_PLATFORM": "xcb"}


def child(snippet: str, args: list[str], env: dict[str, str], timeout: float = 300) -> dict:
    """Run `snippet` (after PAINT_HOOK) in a fresh interpreter; return the JSON of its last line."""
    command = [sys.executable, "-c", PAINT_HOOK + snippet, *args]
    for attempt in (1, 2):
        out = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
        last = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if last.startswith("{") and out.returncode <= 0:
            if out.returncode < 0:
                # It measured and printed, then died on the way out (seen in make test under Xvfb: SIGSEGV as
                # libvlc's video thread and the X window are torn down at exit): the figure stands, said here.
                print(f"bench child died of signal {-out.returncode} after printing its figure", file=sys.stderr)
            return json.loads(last)
        if out.returncode >= 0 or attempt == 2:
            break
        # A native crash before the figure (cause not yet found; libvlc's video output suspected): once more.
        print(f"bench child died of signal {-out.returncode}; running it again: {out.stderr[-500:]}",
              file=sys.stderr)
    raise RuntimeError(f"exit status {out.returncode} on {env.get('DISPLAY') or 'offscreen'}: {out.stderr[-2000:]}")


def load() -> str:
    """Return the 1-minute load average now."""
    return Path("/proc/loadavg").read_text().split()[0]


# -- start-up ---------------------------------------------------------------------------------------------

STARTUP_SNIPPET = """
import json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
def _check():
    if _rows_painted:
        print(json.dumps({"rows_painted": _rows_painted[0]}), flush=True)
        os._exit(0)
    QTimer.singleShot(2, _check)
app = QApplication(sys.argv[:1])  # reader.qt.app.run takes this one
QTimer.singleShot(0, _check)
from reader.cli import main
main(["--demo"])
"""

STARTUP_BASELINE = """
import json, os, sys
from PySide6.QtWidgets import QApplication, QPlainTextEdit
class Edit(QPlainTextEdit):
    def paintEvent(self, event):
        super().paintEvent(event)
        print(json.dumps({"rows_painted": _time.monotonic()}), flush=True)
        os._exit(0)
app = QApplication(sys.argv[:1])
edit = Edit()
edit.resize(1200, 760)
from reader.resources import sample_transcript
edit.setPlainText(sample_transcript().read_text(encoding="utf-8"))
edit.show()
app.exec()
"""


def bench_startup(repeat: int) -> Figure:
    """`transcript-reader --demo` from the process's start to the first paint that draws rows."""
    def wall(snippet: str, env: dict[str, str]) -> float:
        start = time.monotonic()  # CLOCK_MONOTONIC: the same clock in the child
        return child(snippet, [], env, 60)["rows_painted"] - start

    with display() as env:
        ours = statistics.median(wall(STARTUP_SNIPPET, env) for _ in range(repeat))
        base = statistics.median(wall(STARTUP_BASELINE, env) for _ in range(repeat))
    return Figure("start-up to the first paint that draws rows (--demo)", round(ours, 3), "s", round(base, 3),
                  "a QPlainTextEdit with the sample's text, to its first paint", round(ours / base, 2), "< 1.5 s",
                  ours < 1.5, f"{env['QT_QPA_PLATFORM']}, real libvlc and the sample video, median of {repeat}; "
                  f"from the interpreter's spawn; load {load()}")


# -- opening a big transcript through the window ----------------------------------------------------------

OPEN_SNIPPET = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication(sys.argv[:1])
mode, path, tmp = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
painted = []
if mode == "ours":
    from reader.playback.vlc_player import VlcPlayer
    from reader.qt.main_window import MainWindow
    window = MainWindow(VlcPlayer(headless=True), notes_dir=tmp / "notes",
                        settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
else:
    class Edit(QPlainTextEdit):
        def paintEvent(self, event):
            super().paintEvent(event)
            if self.document().characterCount() > 1:
                painted.append(time.monotonic())
    window = QMainWindow()
    window.resize(1200, 760)
    edit = Edit()
    window.setCentralWidget(edit)
window.show()
for _ in range(50):
    app.processEvents()
    time.sleep(0.01)
profile = sys.argv[4] if len(sys.argv) > 4 else ""
if profile:
    import cProfile
    profiler = cProfile.Profile()
    profiler.enable()
start = time.monotonic()
if mode == "ours":
    ok = window.open_transcript(path)  # the user's path: worker thread, progress dialog, laying out
else:
    ok = True
    edit.setPlainText(path.read_text(encoding="utf-8"))
returned = time.monotonic()
done = _rows_painted if mode == "ours" else painted
while not [t for t in done if t >= returned - 1e-9 or mode != "ours"] and time.monotonic() < start + 60:
    app.processEvents()
painted_at = [t for t in done if t >= start][0]
if profile:
    profiler.disable()
    profiler.dump_stats(profile)
print(json.dumps({"ok": ok, "seconds": painted_at - start, "returned": returned - start}))
"""


def bench_open_window(turn_count: int, tmp: Path, repeat: int, profile: Path | None = None) -> Figure:
    """File > Open of a big page through MainWindow.open_transcript to its rows painted, against
    QPlainTextEdit.setPlainText of the same file (read included) to its text painted, same window size."""
    path = tmp / "open-window.txt"
    write_event_page(path, turn_count)
    results: dict[str, list[dict]] = {"ours": [], "plain": []}
    with display() as env:
        for _ in range(repeat):
            for mode in ("ours", "plain"):
                (tmp / "notes").mkdir(exist_ok=True)
                results[mode].append(child(OPEN_SNIPPET, [mode, str(path), str(tmp)], env))
        if profile is not None:
            child(OPEN_SNIPPET, ["ours", str(path), str(tmp), str(profile)], env)
    ours = statistics.median(r["seconds"] for r in results["ours"])
    base = statistics.median(r["seconds"] for r in results["plain"])
    returned = statistics.median(r["returned"] for r in results["ours"])
    return Figure(f"open {turn_count}-turn transcript through the window to rows painted", round(ours, 3), "s",
                  round(base, 3), "QPlainTextEdit.setPlainText (file read included), to its first paint",
                  round(ours / base, 2), "≤ 1.0x baseline", ours <= base,
                  f"the first rows painted are the file's first turns, shown while the rest is read (files of 1M "
                  f"characters and more); MainWindow.open_transcript (worker thread, progress dialog, layout of "
                  f"every turn, notes, sync, search index started) returned, fully open, after {returned:.3f} s "
                  f"({returned / base:.2f}x the baseline); {env['QT_QPA_PLATFORM']}; median of {repeat}; "
                  f"load {load()}")


# -- the first notes save of a session ---------------------------------------------------------------------

def bench_first_save(count: int, tmp: Path, repeat: int) -> Figure:
    """The first save after opening a notes file of `count` notes (one edited), against json.dumps and an
    atomic write with fsync of the file and the folder."""
    from reader.core.notes import NoteItem, NotesDocument, Quote
    from reader.core.notes_store import NotesStore

    folder = tmp / "first-save"
    folder.mkdir(exist_ok=True)
    path = folder / "talk.txt.notes.json"
    document = NotesDocument(transcript_path="talk.txt")
    for i in range(count):
        document.add(NoteItem(kind="highlight" if i % 2 else "bookmark", start_ms=i * 1000, turn_index=i,
                              quote=Quote("some quoted words", "before ", " after"), char_start=3, char_end=20,
                              color="yellow", note="a note " * 5, tags=["tag"]))
    NotesStore(path).save(document)

    def first_save() -> float:
        store = NotesStore(path)  # what opening the transcript does: a new store reads the file
        opened = store.load().document
        item = opened.items[len(opened.items) // 2]
        item.note += "!"
        item.touch()
        start = time.perf_counter()
        store.save(opened)
        return time.perf_counter() - start

    ours = statistics.median(first_save() for _ in range(repeat))
    plain = folder / "plain.json"

    def baseline() -> None:
        data = json.dumps(document.to_json(), ensure_ascii=False).encode("utf-8")  # the C encoder
        temp = plain.with_name(plain.name + ".tmp")
        with temp.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, plain)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    base = median_time(baseline, repeat)
    return Figure(f"first save of {count} notes after opening them", round(ours * 1000, 1), "ms",
                  round(base * 1000, 1), "json.dumps + atomic write with fsync (file and folder)",
                  round(ours / base, 2), "< 100 ms", ours < 0.1,
                  f"a fresh NotesStore loads the file, one note is edited, the first save is timed (lock, merge "
                  f"check, every item encoded, fsync, rename); median of {repeat}; load {load()}")


# -- typing in the find bar ----------------------------------------------------------------------------------

SEARCH_SNIPPET = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
path, tmp = Path(sys.argv[1]), Path(sys.argv[2])
player = FakePlayer(3_600_000)
window = MainWindow(player, notes_dir=tmp / "notes",
                    settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
window.show()
window.open_transcript(path)
def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
deadline = time.monotonic() + 30  # a big transcript's index is built on a worker as it opens; a small one on demand
while not window.find.index_ready() and time.monotonic() < deadline and len(window.model.transcript.turns) >= 5000:
    spin(0.05)
spin(0.5)
window.commands["find"].trigger()
spin(0.3)
edit = window.find.bar.edit
ticks = []
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
per_query = {}
timer.start()
spin(0.1)
for query in sys.argv[3].split("|"):
    first = len(ticks)
    for letter in query:  # a typist's pace: one key every 120 ms, each delivered as a real key event
        QTest.keyClick(edit, letter)
        spin(0.12)
    spin(0.6)  # the debounced search, the matches painted, the timeline's ticks
    gaps = [b - a for a, b in zip(ticks[first:], ticks[first + 1:])]
    per_query[query] = round(1000 * max(gaps, default=0), 1)
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Backspace)
    spin(0.4)
timer.stop()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
print(json.dumps({"max_stall_ms": round(1000 * max(gaps), 1), "per_query": per_query,
                  "matches": len(window.find.matches() or [])}))
"""

QUERIES = ["e", "t", "a", "the", "model", "research question", "s", "café", "don't"]


def bench_search_typing(turn_count: int, tmp: Path, queries: list[str] = QUERIES) -> Figure:
    """Type queries (one-letter ones too) into the real find bar; the longest the event loop stood still."""
    path = tmp / "search.txt"
    write_event_page(path, turn_count)
    (tmp / "notes").mkdir(exist_ok=True)
    with display() as env:
        r = child(SEARCH_SNIPPET, [str(path), str(tmp), "|".join(queries)], env)
    worst = max(r["per_query"], key=r["per_query"].get)
    return Figure(f"typing in the find bar at {turn_count} turns: longest event-loop stall", r["max_stall_ms"], "ms",
                  target="< 50 ms", passed=r["max_stall_ms"] < 50,
                  note=f"queries typed a key every 120 ms with QTest.keyClick into the real bar, 5 ms timer; worst "
                       f"query {worst!r}; per query {r['per_query']}; {env['QT_QPA_PLATFORM']}; load {load()}")


# -- peak memory with a 720p video on a real output ------------------------------------------------------------

MEMORY_SNIPPET = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow
mode, transcript, media, tmp = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
window = MainWindow(VlcPlayer(extra_args=["--aout=adummy"]), notes_dir=tmp / "notes",
                    settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
window.show()
if mode == "full":
    window.open_transcript(transcript, media)
else:
    window.open_media(media)
window.controller.play()
end = time.monotonic() + float(sys.argv[5])
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
status = dict(line.split(":", 1) for line in open("/proc/self/status"))
print(json.dumps({"hwm_mb": int(status["VmHWM"].split()[0]) // 1024, "rss_mb": int(status["VmRSS"].split()[0]) // 1024,
                  "video": window.controller.player.has_video(), "platform": app.platformName()}))
"""


def bench_memory(turn_count: int, tmp: Path, seconds: float = 6.0) -> Figure:
    """Peak RSS (VmHWM) with `turn_count` turns and a 720p video playing on a real output (embedded)."""
    transcript = tmp / "mem.txt"
    write_event_page(transcript, turn_count)
    media = tmp / "mem720.mp4"
    length = f"{seconds + 4:g}"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size=1280x720:rate=25:duration={length}",
                    "-f", "lavfi", "-i", f"sine=frequency=440:duration={length}", "-c:v", "libx264", "-preset",
                    "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(media)], check=True)
    (tmp / "notes").mkdir(exist_ok=True)
    with display() as env:
        full = child(MEMORY_SNIPPET, ["full", str(transcript), str(media), str(tmp), str(seconds)], env)
        empty = child(MEMORY_SNIPPET, ["empty", str(transcript), str(media), str(tmp), str(seconds)], env)
    return Figure(f"peak memory: {turn_count} turns + 720p video playing", full["hwm_mb"], "MB", empty["hwm_mb"],
                  "the window playing the same video, no transcript", round(full["hwm_mb"] / empty["hwm_mb"], 2),
                  "< 300 MB VmHWM", full["hwm_mb"] < 300,
                  f"VmHWM after {seconds:g} s of playback; VmRSS then {full['rss_mb']} MB; video shown: "
                  f"{full['video']} on {full['platform']}; load {load()}")


# -- the window while the words are aligned ---------------------------------------------------------------

ALIGN_SNIPPET = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow
from reader.resources import sample_media, sample_transcript
tmp, seconds = Path(sys.argv[1]), float(sys.argv[2])
window = MainWindow(VlcPlayer(extra_args=["--aout=adummy"]), notes_dir=tmp / "notes",
                    settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
window.show()
done = []
window.aligner.aligned.connect(lambda *args: done.append(time.monotonic()))
window.aligner.failed.connect(lambda why: done.append(why))
ticks = []
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
started = time.monotonic()
window.open_transcript(sample_transcript(), sample_media())  # the alignment starts in the background
window.controller.play()
timer.start()  # the open's own stall is another figure's
while time.monotonic() < started + seconds and not done:
    app.processEvents()
    time.sleep(0.001)
timer.stop()
gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
print(json.dumps({"max_stall_ms": round(1000 * gaps[-1], 1), "p99_ms": round(1000 * gaps[int(0.99 * len(gaps))], 1),
                  "aligned_s": round(done[0] - started, 1) if done and isinstance(done[0], float) else None,
                  "failed": done[0] if done and isinstance(done[0], str) else None}))
"""


def bench_align_stall(tmp: Path, seconds: float = 120.0) -> Figure:
    """The longest event-loop stall while the sample talk plays and its words are aligned (PocketSphinx)."""
    from reader.core.align import sphinx

    if sphinx.available() is not None:
        return Figure("event-loop stall while the words are aligned", None, "ms", note=sphinx.available())
    (tmp / "notes").mkdir(exist_ok=True)
    with display() as env:
        cold = {**env, "XDG_CACHE_HOME": str(tmp / "align-cache"), "TRANSCRIPT_READER_ALIGN": "1"}
        r = child(ALIGN_SNIPPET, [str(tmp), str(seconds)], cold, timeout=seconds + 120)
        if r["aligned_s"] is None:
            raise RuntimeError(f"the words were not aligned: {r}")
        base = child(ALIGN_SNIPPET, [str(tmp), str(r["aligned_s"])], {**env, "TRANSCRIPT_READER_ALIGN": "0"},
                     timeout=seconds + 120)
    # The target: a stall under 100 ms is not seen as the window hanging; the window itself, alignment off,
    # stands still 30-50 ms as it opens the video and paints its first rows, at the same moment.
    return Figure("event-loop stall while the sample's words are aligned", r["max_stall_ms"], "ms",
                  base["max_stall_ms"], "the same window playing, alignment off",
                  round(r["max_stall_ms"] / max(base["max_stall_ms"], 0.1), 2), "< 100 ms", r["max_stall_ms"] < 100,
                  f"the real window playing the sample while PocketSphinx aligns it (uncached, {r['aligned_s']} s); "
                  f"a 5 ms timer from the end of open_transcript, its longest gap; p99 gap {r['p99_ms']} ms "
                  f"(alignment off: {base['p99_ms']} ms); {env['QT_QPA_PLATFORM']}; load {load()}")


def run_user(smoke: bool, tmp: Path) -> list[Figure]:
    """Return every figure of this module, at full size or tiny."""
    return [
        bench_startup(1 if smoke else 5),
        bench_open_window(300 if smoke else 50_000, tmp, 1 if smoke else 3),
        bench_first_save(200 if smoke else 10_000, tmp, 1 if smoke else 5),
        bench_search_typing(500 if smoke else 50_000, tmp, ["e", "th"] if smoke else QUERIES),
        bench_memory(500 if smoke else 50_000, tmp, 1.0 if smoke else 6.0),
        *([] if smoke else [bench_align_stall(tmp)]),
    ]


def main(argv: list[str] | None = None) -> int:
    """Run one figure by name (`startup`, `open`, `save`, `search`, `memory`, `align`) or all; `--profile FILE`
    with open."""
    import argparse

    from tests.benchmarks.bench import print_table

    parser = argparse.ArgumentParser()
    parser.add_argument("which", nargs="*", default=["startup", "open", "save", "search", "memory", "align"])
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        small = args.smoke
        runs = {"startup": lambda: bench_startup(1 if small else 5),
                "open": lambda: bench_open_window(300 if small else 50_000, tmp, 1 if small else 3, args.profile),
                "save": lambda: bench_first_save(200 if small else 10_000, tmp, 1 if small else 5),
                "search": lambda: bench_search_typing(500 if small else 50_000, tmp, ["e", "th"] if small else QUERIES),
                "memory": lambda: bench_memory(500 if small else 50_000, tmp, 1.0 if small else 6.0),
                "align": lambda: bench_align_stall(tmp)}
        print_table([runs[w]() for w in args.which])
    return 0


if __name__ == "__main__":
    sys.exit(main())
