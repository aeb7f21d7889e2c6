"""`make bench`: speed and sync figures, each next to a baseline measured in the same run.

Run `python -m tests.benchmarks.bench [--smoke] [--out bench-results.json]`; the method for each figure is
in tests/benchmarks/README.md. Targets are reported (pass/fail), never asserted: the machines are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("the record shows what was said and when it was said by whom in which order so that a reader can "
         "return to any moment of the talk and hear it again").split()


@dataclass
class Figure:
    """One row of the results table."""

    figure: str
    value: float | None
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    ratio: float | None = None
    target: str = ""
    passed: bool | None = None
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    """Return the q-th percentile (0-100) of `values`, linearly interpolated."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def write_event_page(path: Path, turns: int, seed: int = 1) -> None:
    """Write an event-page transcript of `turns` turns, about 3 s apart."""
    rng = random.Random(seed)
    lines = ["Generated Talk", "Posted Jan 01 | Views 1", "TRANSCRIPT", ""]
    for i in range(turns):
        ms = i * 3000
        h, rest = divmod(ms // 1000, 3600)
        stamp = f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60:02d}:{rest % 60:02d}"
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 60)))
        lines += [f"Speaker {'ABC'[i % 3]} ({stamp}): {text}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of `fn` in seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_lookup(turn_count: int) -> Figure:
    """Active-turn lookup: bisect in TurnTimeline against a linear scan."""
    from reader.core.sync import TurnTimeline
    from reader.core.transcript import Turn

    turns = [Turn(index=i, start=i * 3000, speaker="A", text="x") for i in range(turn_count)]
    timeline = TurnTimeline(turns)
    rng = random.Random(3)
    probes = [rng.randrange(turn_count * 3000) for _ in range(2000)]  # one seeded set, for both sides

    def scan(ms: int) -> int | None:
        found = None
        for turn in turns:  # stops at the first later turn: the fairest linear scan of sorted turns
            if turn.start is None or turn.start > ms:
                break
            found = turn.index
        return found

    ours = median_time(lambda: [timeline.active_index(p) for p in probes], 5) / len(probes) * 1e6
    base = median_time(lambda: [scan(p) for p in probes], 1) / len(probes) * 1e6
    ratio = base / ours
    return Figure(f"active-turn lookup at {turn_count} turns", round(ours, 3), "µs", round(base, 1),
                  "linear scan stopping at the first later turn", round(ratio, 1), "< 20 µs, ≥ 100x the scan",
                  ours < 20 and ratio >= 100, "the same 2,000 seeded probes on both sides")


def bench_parse_event_page(megabytes: float, tmp: Path) -> Figure:
    """Parse a generated event-page transcript of about `megabytes` MB."""
    from reader.core.formats import parse_file

    path = tmp / "big.txt"
    write_event_page(path, max(10, int(megabytes * 1024 * 1024 / 190)))
    size = path.stat().st_size / 2**20
    seconds = median_time(lambda: parse_file(path), 3)
    return Figure(f"parse {size:.1f} MB event-page transcript", round(seconds, 3), "s", target="< 1 s",
                  passed=seconds < 1.0)


OPEN_SNIPPET = """
import sys, time
start = time.perf_counter()
from PySide6.QtWidgets import QApplication
app = QApplication([])
mode, path = sys.argv[1], sys.argv[2]
if mode == "ours":
    from reader.core.formats import parse_file
    from reader.qt.transcript_model import TranscriptModel
    from reader.qt.transcript_view import TranscriptView
    widget = TranscriptView(TranscriptModel(parse_file(path)))
else:
    from PySide6.QtWidgets import QPlainTextEdit
    widget = QPlainTextEdit()
    widget.setPlainText(open(path, encoding="utf-8").read())
widget.resize(900, 700)
widget.show()
widget.repaint()
app.processEvents()
print(time.perf_counter() - start)
"""


def bench_open(turn_count: int, tmp: Path, repeat: int) -> Figure:
    """Open a transcript to the first painted view, against QPlainTextEdit.setPlainText of the same file."""
    path = tmp / "open.txt"
    write_event_page(path, turn_count)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(mode: str) -> float:
        out = subprocess.run([sys.executable, "-c", OPEN_SNIPPET, mode, str(path)], capture_output=True,
                             text=True, env=env, cwd=ROOT, check=True)
        return float(out.stdout.strip().splitlines()[-1])

    ours = statistics.median(run("ours") for _ in range(repeat))
    base = statistics.median(run("plain") for _ in range(repeat))
    return Figure(f"open {turn_count}-turn transcript to first paint", round(ours, 3), "s", round(base, 3),
                  "QPlainTextEdit.setPlainText, shown", round(ours / base, 2), "≤ 1.0x baseline, < 1 s",
                  ours <= base and ours < 1.0, "ratio = ours / baseline (lower is better)")


def bench_startup(repeat: int) -> Figure:
    """Start-up of `python -m reader --demo` to the sample shown, against importing PySide6.QtWidgets."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TRANSCRIPT_READER_QUIT_WHEN_SHOWN": "1"}

    def wall(args: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, env=env, cwd=ROOT, check=True, timeout=60)
        return time.perf_counter() - start

    ours = statistics.median(wall([sys.executable, "-m", "reader", "--demo"]) for _ in range(repeat))
    base = statistics.median(wall([sys.executable, "-c", "import PySide6.QtWidgets"]) for _ in range(repeat))
    return Figure("start-up to the sample shown", round(ours, 3), "s", round(base, 3),
                  "python -c 'import PySide6.QtWidgets'", round(ours / base, 2), "< 1.5 s", ours < 1.5,
                  "offscreen, libvlc loaded, media opened; ratio = ours / baseline")


def make_media(path: Path, seconds: float) -> None:
    """Write a small mp4 (tiny picture, tone) of `seconds` with ffmpeg."""
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=64x36:rate=25:duration={seconds}",
         "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}", "-c:v", "libx264", "-preset",
         "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(path)],
        check=True)


def bench_vlc(seconds: float, spacing_ms: int, seeks: int, tmp: Path) -> list[Figure]:
    """Highlight lag over many turn boundaries and seek latency, with the real libvlc player."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.core.media_times import MediaTimes
    from reader.core.sync import TurnTimeline
    from reader.core.transcript import Turn
    from reader.playback.vlc_player import VlcPlayer, vlc_status
    from reader.qt.playback_controller import PlaybackController

    available, message = vlc_status()
    if not available:
        return [Figure("highlight lag (libvlc)", None, "ms", note=message)]
    app = QApplication.instance() or QApplication([])
    media = tmp / "lag.mp4"
    make_media(media, seconds)
    # Boundaries fall at odd milliseconds so they never coincide with libvlc's report steps.
    turns = [Turn(index=i, start=i * spacing_ms + (i * 37) % 211, speaker="A", text="x")
             for i in range(int(seconds * 1000 // spacing_ms))]
    timeline = TurnTimeline(turns)
    player = VlcPlayer(headless=True)
    controller = PlaybackController(player)
    controller.set_times(MediaTimes(turns))
    anchor: list[tuple[int, float]] = []  # the first report after playback really started: the truth
    ours: list[tuple[int, float]] = []
    naive: list[tuple[int, float]] = []
    naive_active = [-1]

    def on_report(ms: int, at_s: float) -> None:
        if not anchor and ms > 0:
            anchor.append((ms, at_s))

    def on_active(index: int) -> None:
        ours.append((index, time.monotonic()))

    def poll() -> None:
        found = timeline.active_index(player.position_ms())
        index = -1 if found is None else found
        if index != naive_active[0]:
            naive_active[0] = index
            naive.append((index, time.monotonic()))

    controller._bridge.timeReported.connect(on_report)
    controller.activeTurnChanged.connect(on_active)
    poller = QTimer()
    poller.setInterval(100)
    poller.timeout.connect(poll)
    controller.load(media)
    controller.play()
    poller.start()
    clock = QElapsedTimer()
    clock.start()
    limit_ms = int(seconds * 1000 + 8000)
    while clock.elapsed() < limit_ms and controller.state().value != "ended":
        app.processEvents()
        time.sleep(0.001)
    poller.stop()

    def lags(changes: list[tuple[int, float]]) -> list[float]:
        if not anchor:
            return []
        ms0, t0 = anchor[0]
        out = []
        for index, at in changes:
            start = turns[index].start if index >= 0 else None
            truth = ms0 + (at - t0) * 1000
            if start is not None and start > ms0 + 500:  # boundaries after the anchor settled
                out.append(truth - start)
        return out

    ours_lag, naive_lag = lags(ours), lags(naive)
    figures = []
    if ours_lag and naive_lag:
        p95 = percentile([abs(x) for x in ours_lag], 95)
        naive_p95 = percentile([abs(x) for x in naive_lag], 95)
        figures.append(Figure(
            f"secondary: highlight lag vs libvlc's clock, {len(ours_lag)} turn boundaries (p95 |lag|)",
            round(p95, 1), "ms",
            round(naive_p95, 1), "get_time() polled every 100 ms", round(naive_p95 / p95, 1), "p95 ≤ 40 ms",
            p95 <= 40,
            f"ours median {statistics.median(ours_lag):+.1f} ms, max |lag| {max(abs(x) for x in ours_lag):.1f};"
            f" naive median {statistics.median(naive_lag):+.1f} ms; ratio = naive / ours"))
    else:
        figures.append(Figure("highlight lag (libvlc)", None, "ms", note="no boundaries were crossed"))

    # Seeks while playing: from the call to libvlc's first report at the target.
    seek_times: list[float] = []
    reports: list[tuple[int, float]] = []
    controller._bridge.timeReported.connect(lambda ms, at: reports.append((ms, at)))
    controller.load(media)
    controller.play()
    rng = random.Random(5)
    for _ in range(seeks):
        wait_until(app, lambda: controller.state().value == "playing", 5)
        target = rng.randrange(500, int(seconds * 1000) - 1500)
        reports.clear()
        started = time.monotonic()
        controller.seek(target)
        # The player echoes the target at once (ms == target); playback is there when libvlc's own clock
        # reports a time just past it.
        def arrived(ms: int, t: int = target) -> bool:
            return t < ms < t + 1000

        if wait_until(app, lambda: any(arrived(ms) for ms, _ in reports), 3):
            # libvlc reports only every 250-500 ms: the report says where playback was at that instant,
            # so playback passed the target (ms - target) earlier than the report arrived.
            ms, at = next((ms, at) for ms, at in reports if arrived(ms))
            seek_times.append((at - started) * 1000 - (ms - target))
        spin(app, 0.15)
    controller.close()
    if seek_times:
        figures.append(Figure(f"secondary: seek to libvlc's clock at the target, {len(seek_times)} seeks (p95)",
                              round(percentile(seek_times, 95), 1), "ms", target="p95 ≤ 150 ms",
                              passed=percentile(seek_times, 95) <= 150,
                              note=f"median {statistics.median(seek_times):.1f} ms; from the seek call to the instant "
                                   "libvlc's clock passed the target (the highlight moves at the call)"))
    return figures


def spin(app: object, seconds: float) -> None:
    """Run the event loop for `seconds`."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.001)


def wait_until(app: object, condition: Callable[[], bool], timeout: float) -> bool:
    """Run the event loop until `condition` holds or `timeout` seconds pass; return whether it held."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        if condition():
            return True
        time.sleep(0.001)
    return False


def write_subtitles(path: Path, cues: int, vtt: bool, words: tuple[int, int] = (4, 14)) -> None:
    """Write a generated SRT or VTT file of `cues` cues of `words` (fewest, most) words each."""
    rng = random.Random(4)
    sep = "." if vtt else ","
    out = ["WEBVTT", ""] if vtt else []
    for i in range(cues):
        start, end = i * 2000, i * 2000 + 1800

        def stamp(ms: int) -> str:
            return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{sep}{ms % 1000:03d}"

        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words)))
        out += ([] if vtt else [str(i + 1)]) + [f"{stamp(start)} --> {stamp(end)}", text, ""]
    path.write_text("\n".join(out), encoding="utf-8")


def bench_subtitles(cues: int, tmp: Path, repeat: int) -> list[Figure]:
    """Parse generated SRT and VTT with ours and with srt, pysrt and webvtt-py on the same files."""
    from reader.core.formats import srt as our_srt
    from reader.core.formats import vtt as our_vtt

    figures = []
    for vtt in (False, True):
        path = tmp / ("cues.vtt" if vtt else "cues.srt")
        write_subtitles(path, cues, vtt)
        text = path.read_text(encoding="utf-8")
        ours = median_time(lambda v=vtt, t=text: (our_vtt if v else our_srt).parse(t), repeat)
        baselines: dict[str, float] = {}
        if vtt:
            try:
                import webvtt

                baselines["webvtt-py"] = median_time(lambda p=path: list(webvtt.read(str(p))), repeat)
            except ImportError:
                pass
        else:
            try:
                import srt

                baselines["srt"] = median_time(lambda t=text: list(srt.parse(t)), repeat)
            except ImportError:
                pass
            try:
                import pysrt

                baselines["pysrt"] = median_time(lambda p=path: pysrt.open(str(p), encoding="utf-8"), repeat)
            except ImportError:
                pass
        if baselines:
            base = min(baselines.values())
            others = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in baselines.items())
            figures.append(Figure(f"parse {cues}-cue {'VTT' if vtt else 'SRT'}", round(ours * 1000, 1), "ms",
                                  round(base * 1000, 1), f"fastest of: {others}", round(base / ours, 2),
                                  "ratio ≥ 1.0 (ours includes merging cues into turns)", base / ours >= 1.0,
                                  "ratio = fastest baseline / ours"))
    return figures


def write_captions(path: Path, cues: int, kind: str) -> None:
    """Write `cues` timed captions as SubStation Alpha (`ass`) or TTML (`ttml`), seeded."""
    rng = random.Random(11)
    lines: list[str] = []
    start = 0
    for _ in range(cues):
        start += rng.randint(800, 4000)
        end = start + rng.randint(800, 4000)
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 14)))
        if kind == "ass":
            def stamp(ms: int) -> str:
                return f"{ms // 3_600_000}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms // 10 % 100:02d}"
            lines.append(f"Dialogue: 0,{stamp(start)},{stamp(end)},Default,Speaker,0,0,0,,{text}")
        else:
            lines.append(f'<p begin="{start / 1000:.3f}s" end="{end / 1000:.3f}s">{text}</p>')
    if kind == "ass":
        head = ("[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: Name, Fontname, Fontsize\n"
                "Style: Default,Arial,20\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, "
                "MarginR, MarginV, Effect, Text\n")
        path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<tt xmlns="http://www.w3.org/ns/ttml" '
                        'xml:lang="en"><body><div>\n' + "\n".join(lines) + "\n</div></body></tt>\n",
                        encoding="utf-8")


def bench_captions(cues: int, tmp: Path, repeat: int) -> list[Figure]:
    """Parse generated ASS and TTML with ours and with pysubs2 (ASS) and pycaption (TTML) on the same files."""
    from reader.core.formats import ass as our_ass
    from reader.core.formats import ttml as our_ttml

    figures = []
    for kind, ours_module in (("ass", our_ass), ("ttml", our_ttml)):
        path = tmp / f"cues.{kind}"
        write_captions(path, cues, kind)
        text = path.read_text(encoding="utf-8")
        ours = median_time(lambda m=ours_module, t=text: m.parse(t), repeat)
        baselines: dict[str, float] = {}
        try:
            if kind == "ass":
                import pysubs2

                baselines["pysubs2"] = median_time(lambda t=text: pysubs2.SSAFile.from_string(t), repeat)
            else:
                from pycaption import DFXPReader

                baselines["pycaption"] = median_time(lambda t=text: DFXPReader().read(t), repeat)
        except ImportError:
            pass
        if baselines:
            base = min(baselines.values())
            others = ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in baselines.items())
            figures.append(Figure(f"parse {cues}-cue {kind.upper()}", round(ours * 1000, 1), "ms",
                                  round(base * 1000, 1), f"fastest of: {others}", round(base / ours, 2),
                                  "ratio ≥ 1.0 (ours includes merging cues into turns)", base / ours >= 1.0,
                                  "ratio = fastest baseline / ours"))
    return figures


PAINT_SNIPPET = """
import sys, time, statistics
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.core.formats import parse_file
from reader.qt.transcript_model import TranscriptModel
from reader.qt.transcript_view import TranscriptView
view = TranscriptView(TranscriptModel(parse_file(sys.argv[1])))
view.resize(900, 800)
view.show()
app.processEvents()
times = []
for k in range(int(sys.argv[2])):
    view.scroll_to_row(1000 + k * 37, 0.0)
    start = time.perf_counter()
    view.viewport().repaint()
    times.append(time.perf_counter() - start)
print(statistics.median(times[1:] or times))
"""


def bench_paint(turn_count: int, tmp: Path, repeat: int) -> Figure:
    """Paint one full viewport of turns (rows already measured: the delegate's cost)."""
    path = tmp / "paint.txt"
    write_event_page(path, turn_count)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PAINT_SNIPPET, str(path), str(repeat)], capture_output=True,
                         text=True, env=env, cwd=ROOT, check=True)
    ms = float(out.stdout.strip().splitlines()[-1]) * 1000
    return Figure("paint one viewport of turns (900x800)", round(ms, 2), "ms", target="< 8 ms", passed=ms < 8,
                  note="median of repaints after jumping to new rows (includes measuring the new rows)")


def bench_save_notes(count: int, tmp: Path, repeat: int) -> Figure:
    """Save `count` notes atomically through NotesStore, against json.dump to a plain file."""
    import json as json_module

    from reader.core.notes import NoteItem, NotesDocument, Quote
    from reader.core.notes_store import NotesStore

    document = NotesDocument(transcript_path="t.txt")
    for i in range(count):
        document.add(NoteItem(kind="highlight" if i % 2 else "bookmark", start_ms=i * 1000, turn_index=i,
                              quote=Quote("some quoted words", "before ", " after"), char_start=3, char_end=20,
                              color="yellow", note="a note " * 5, tags=["tag"]))
    store = NotesStore(tmp / "n.notes.json")
    store.save(document)  # the first save of a session encodes every item; later ones only what changed

    def save_after_an_edit() -> None:
        # What the app does: one note changed since the last save, then the whole file rewritten atomically.
        item = document.items[len(document.items) // 2]
        item.note += "!"
        item.touch()
        store.save(document)

    ours = median_time(save_after_an_edit, repeat)
    plain = tmp / "plain.json"

    def baseline() -> None:
        with plain.open("w", encoding="utf-8") as handle:
            json_module.dump(document.to_json(), handle)

    base = median_time(baseline, repeat)
    return Figure(f"save {count} notes atomically", round(ours * 1000, 1), "ms", round(base * 1000, 1),
                  "json.dump to a plain file", round(ours / base, 2), "< 100 ms", ours < 0.1,
                  "one note edited, then the whole file rewritten: lock, merge check, temp file, fsync of file "
                  "and folder, rename; ratio = ours / baseline")


MEMORY_SNIPPET = """
import os, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow
window = MainWindow(VlcPlayer(headless=True))
window.show()
if sys.argv[1] == "full":
    window.open_transcript(Path(sys.argv[2]), Path(sys.argv[3]))
else:
    window.open_media(Path(sys.argv[3]))
window.controller.play()
end = time.monotonic() + 3
while time.monotonic() < end:
    app.processEvents()
    time.sleep(0.01)
for line in open("/proc/self/status"):
    if line.startswith("VmRSS:"):
        print(int(line.split()[1]) // 1024)
"""


def bench_memory(turn_count: int, tmp: Path) -> Figure:
    """Resident memory with a 50k-turn transcript and a playing video, against the window with the player."""
    transcript = tmp / "mem.txt"
    write_event_page(transcript, turn_count)
    media = tmp / "mem.mp4"
    if not media.exists():
        make_media(media, 10)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def rss(mode: str) -> int:
        out = subprocess.run([sys.executable, "-c", MEMORY_SNIPPET, mode, str(transcript), str(media)],
                             capture_output=True, text=True, env=env, cwd=ROOT, check=True, timeout=120)
        return int(out.stdout.strip().splitlines()[-1])

    ours, base = rss("full"), rss("empty")
    return Figure(f"memory: {turn_count} turns + playing video", ours, "MB", base, "the window with the player",
                  round(ours / base, 2), "< 300 MB RSS", ours < 300, "VmRSS after 3 s of playback")


STALL_SNIPPET = """
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
from reader.playback.fake_player import FakePlayer
from reader.qt.load_progress import LoadProgressDialog
from reader.qt.main_window import MainWindow
player = FakePlayer(3_600_000)
tmp = Path(sys.argv[2])
window = MainWindow(player, monotonic=player.clock, notes_dir=tmp / "notes",
                    settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
window.resize(1000, 700)
window.show()
app.processEvents()
ticks = []
def tick():
    shown = any(d.isVisible() for d in window.findChildren(LoadProgressDialog))
    ticks.append((time.perf_counter(), shown))
timer = QTimer()
timer.setInterval(5)
timer.timeout.connect(tick)
def open_it():
    start = time.perf_counter()
    tick()
    ok = window.open_transcript(Path(sys.argv[1]))
    tick()
    app.processEvents()
    tick()
    result["ok"], result["seconds"] = ok, time.perf_counter() - start
    app.quit()
result = {}
timer.start()
QTimer.singleShot(0, open_it)
app.exec()
# A stall that began with the dialog up kept it on screen; one that began without it showed nothing new.
hidden = [b - a for (a, shown), (b, _) in zip(ticks, ticks[1:]) if not shown]
overall = [b - a for (a, _), (b, _) in zip(ticks, ticks[1:])]
result["max_stall_without_dialog_ms"] = round(1000 * max(hidden, default=0), 1)
result["max_stall_ms"] = round(1000 * max(overall, default=0), 1)
result["turns"] = window.model.rowCount()
print(json.dumps(result))
"""


def bench_open_stalls(tmp: Path, turn_count: int, cues: int) -> list[Figure]:
    """The longest the window's event loop stood still while opening big files in it (timer every 5 ms)."""
    page = tmp / "stall.txt"
    write_event_page(page, turn_count)
    subtitles = tmp / "stall.srt"
    write_subtitles(subtitles, cues, vtt=False, words=(1, 2))  # tiny cues
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    figures = []
    for path, what in ((page, f"{turn_count}-turn page"), (subtitles, f"{cues}-cue SRT")):
        out = subprocess.run([sys.executable, "-c", STALL_SNIPPET, str(path), str(tmp)], capture_output=True,
                             text=True, env=env, cwd=ROOT, check=True, timeout=600)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        size = path.stat().st_size / 2**20
        figures.append(Figure(
            f"open a {size:.0f} MB {what} in the window: longest GUI stall with no progress dialog up",
            r["max_stall_without_dialog_ms"], "ms", target="< 100 ms", passed=r["max_stall_without_dialog_ms"] < 100,
            note=f"opened in {r['seconds']:.2f} s ({r['turns']} turns shown); longest stall with the dialog up "
                 f"{r['max_stall_ms']} ms"))
    return figures


def bench_search_keystroke(turn_count: int) -> Figure | None:
    """Find-as-you-type cost of one keystroke at `turn_count` turns."""
    try:
        from tests.benchmarks.bench_search import bench_search
    except ImportError:
        return None
    result = bench_search(turn_count)
    ms = float(result["keystroke_median_ms"])
    worst = float(result["keystroke_max_ms"])
    return Figure(f"search keystroke at {turn_count} turns (median of typed queries)", round(ms, 2), "ms",
                  target="< 30 ms", passed=worst < 30,
                  note=f"slowest typed query {worst} ms, regex {result['regex_ms']}, whole word "
                       f"{result['whole_word_ms']}, one letter 'e' {result['one_letter_e_ms']} ms; index built in "
                       f"{result['build_ms']} ms")


def bench_alignment(smoke: bool) -> list[Figure]:
    """Word alignment on espeak-ng speech of the seed talk (tests/benchmarks/bench_align.py)."""
    from tests.benchmarks.bench_align import bench_align

    figures = []
    for row in bench_align(smoke):
        name = f"align words, {row['set']}, {row['method']}"
        figures.append(Figure(f"{name}: median |start error|", row["median_ms"], "ms", target="≤ 20 ms",
                              passed=float(row["median_ms"]) <= 20,
                              note=", ".join(f"{k} {v}" for k, v in row.items() if k not in ("set", "method"))))
        if row["method"] == "pocketsphinx":
            figures.append(Figure(f"{name}: turns with first word within 150 ms", row["first_word_within_150"],
                                  "share", target="≥ 0.95", passed=float(row["first_word_within_150"]) >= 0.95))
            figures.append(Figure(f"{name}: seconds to align {row['minutes_audio']} min", row["seconds"], "s",
                                  target="< 120 s", passed=float(row["seconds"]) < 120))
            if "sync_worst_turn_ms" in row:
                figures.append(Figure(f"{name}: auto-sync worst turn start", row["sync_worst_turn_ms"], "ms",
                                      target="≤ 100 ms", passed=float(row["sync_worst_turn_ms"]) <= 100))
    from tests.benchmarks.bench_align import bench_real

    for row in bench_real(("pocketsphinx",) if smoke else ("pocketsphinx", "vad", "estimate")):
        name = f"align words, {row['set']}, {row['method']}"  # real speech against published reference alignments
        note = ", ".join(f"{k} {v}" for k, v in row.items() if k not in ("set", "method"))
        figures.append(Figure(f"{name}: median |start error|", row["median_ms"], "ms", target="≤ 20 ms",
                              passed=float(row["median_ms"]) <= 20, note=note))
        figures.append(Figure(f"{name}: words within 100 ms", row["within_100"], "share", target="≥ 0.97",
                              passed=float(row["within_100"]) >= 0.97))
        figures.append(Figure(f"{name}: words within 250 ms", row["within_250"], "share", target="≥ 0.99",
                              passed=float(row["within_250"]) >= 0.99))
    return figures


def run(smoke: bool) -> list[Figure]:
    """Return every figure, at full size or at the tiny size the test suite uses."""
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        from tests.benchmarks import bench_screen, bench_user

        if not smoke:  # the headline: sync and seek read from the screen (its quick smoke: test_bench_screen_smoke)
            figures.extend(bench_screen.run_screen(smoke, tmp))
        figures.append(bench_lookup(500 if smoke else 50_000))
        figures.append(bench_parse_event_page(0.05 if smoke else 10, tmp))
        figures.append(bench_user.bench_open_window(200 if smoke else 50_000, tmp, 1 if smoke else 3))
        figures.append(bench_user.bench_startup(1 if smoke else 5))
        figures.extend(bench_subtitles(300 if smoke else 50_000, tmp, 1 if smoke else 3))
        figures.extend(bench_captions(300 if smoke else 2_000, tmp, 1 if smoke else 3))  # pycaption takes seconds
        figures.append(bench_paint(2_000 if smoke else 50_000, tmp, 3 if smoke else 15))
        figures.append(bench_user.bench_first_save(200 if smoke else 10_000, tmp, 1 if smoke else 5))
        figures.append(bench_save_notes(200 if smoke else 10_000, tmp, 1 if smoke else 5))
        figures.append(bench_user.bench_search_typing(500 if smoke else 50_000, tmp,
                                                      ["e", "th"] if smoke else bench_user.QUERIES))
        search = bench_search_keystroke(500 if smoke else 50_000)
        if search is not None:
            figures.append(search)
        figures.append(bench_user.bench_memory(500 if smoke else 50_000, tmp, 1.0 if smoke else 6.0))
        if not smoke:  # a real alignment of the sample: seconds
            figures.append(bench_user.bench_align_stall(tmp))
        figures.extend(bench_open_stalls(tmp, 300 if smoke else 50_000, 500 if smoke else 1_000_000))
        figures.extend(bench_vlc(4 if smoke else 70, 500, 2 if smoke else 25, tmp))
        from tests.benchmarks import bench_players  # both players' clocks per container (libvlc, Qt Multimedia)

        figures.extend(bench_players.run_players(smoke, tmp))
        figures.extend(bench_alignment(smoke))
    return figures


def print_table(figures: list[Figure]) -> None:
    """Print the figures as a Markdown table."""
    print("| figure | value | baseline | ratio | target | pass |")
    print("|---|---|---|---|---|---|")
    for f in figures:
        value = "—" if f.value is None else f"{f.value} {f.unit}"
        base = f"{f.baseline} {f.unit} ({f.baseline_name})" if f.baseline is not None else "—"
        ratio = "—" if f.ratio is None else f"{f.ratio}"
        ok = "—" if f.passed is None else ("yes" if f.passed else "NO")
        print(f"| {f.figure} | {value} | {base} | {ratio} | {f.target} | {ok} |")
    for f in figures:
        if f.note:
            print(f"- {f.figure}: {f.note}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and write the results file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one repetition (for make test)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results.json")
    args = parser.parse_args(argv)
    figures = run(args.smoke)
    print_table(figures)
    args.out.write_text(json.dumps({"smoke": args.smoke, "python": sys.version.split()[0],
                                    "figures": [asdict(f) for f in figures]}, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
