"""Sync and seek measured from the screen: the real window under Xvfb, captured with ffmpeg's x11grab.

The media is generated: a picture of one flat colour per segment, each segment a whole number of frames,
so the picture changes colour exactly at each cue start; the transcript has one turn per segment. The real
`MainWindow` with the real `VlcPlayer` (video embedded, default layout) plays it while ffmpeg captures, at
60 frames a second, a narrow strip of the screen holding the right edge of the picture and the active row's
stripe (the 4 px Highlight bar at the left of the transcript view). Per boundary:

    lag = time of the first captured frame where the stripe changes - that of the first showing the new colour

Seek: from a real mouse click on a turn (QTest.mouseClick on the view's viewport, in the turn's time
column) to the first captured frame showing that turn's colour (capture timestamps are the X server
capture instants on the realtime clock, the click's is `time.time()` just before the click).

Run `python -m tests.benchmarks.bench_screen [--smoke]` (starts its own Xvfb); `bench.py` calls
`run_screen()`. The analysis functions are pure and take frames as bytes, so tests can feed them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FPS = 25  # video frames per second: cue starts are multiples of 40 ms
# Not 50: at twice the video's 25 fps the capture keeps one phase against the video frames for the whole run,
# so every boundary rounds the same way (a +100 ms control read 100.8, 101.4 and 120.0 in three runs). At 60
# the phase walks through five positions; frames are 16.7 ms apart and the control reads 100.0.
CAPTURE_FPS = 60
BYTES_PER_PIXEL = 4  # x11grab's bgr0
LEVELS = (0, 85, 170, 255)
# Every colour of the 4-level grid but the greys: 60 colours at least 85 apart in one channel.
PALETTE = [(r, g, b) for r in LEVELS for g in LEVELS for b in LEVELS if not r == g == b]
random.Random(16).shuffle(PALETTE)
MATCH_DISTANCE = 45  # a captured colour this close (max channel difference) to a palette colour is it


# -- media and transcript --------------------------------------------------------------------------------

def segment_frames(count: int, seed: int = 16, fewest: int = 25, most: int = 30) -> list[int]:
    """Return `count` segment lengths in whole frames (1.0-1.2 s at 25 fps), seeded."""
    rng = random.Random(seed)
    return [rng.randint(fewest, most) for _ in range(count)]


def segment_starts_ms(frames: list[int]) -> list[int]:
    """Return each segment's start in ms (frame-exact: multiples of 1000 / FPS)."""
    starts, total = [], 0
    for n in frames:
        starts.append(total * 1000 // FPS)
        total += n
    starts.append(total * 1000 // FPS)  # the end
    return starts


def make_colour_media(path: Path, frames: list[int], size: tuple[int, int] = (640, 360),
                      keyint: int | None = None) -> None:
    """Write a video whose segment i is PALETTE[i] for frames[i] frames, with a tone; mp4 (H.264) or ogv.

    `keyint`: a keyframe every `keyint` frames and nowhere else (x264 otherwise puts one at most colour changes).
    """
    width, height = size
    seconds = sum(frames) / FPS
    codec = (["-c:v", "libtheora", "-q:v", "8", "-c:a", "libvorbis"] if path.suffix == ".ogv" else
             ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac"])
    if keyint:
        codec += ["-g", str(keyint), "-keyint_min", str(keyint), "-sc_threshold", "0"]
    proc = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{width}x{height}",
         "-r", str(FPS), "-i", "-", "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
         *codec, "-shortest", str(path)], stdin=subprocess.PIPE)
    assert proc.stdin is not None
    for i, n in enumerate(frames):
        picture = bytes(PALETTE[i % len(PALETTE)]) * (width * height)
        for _ in range(n):
            proc.stdin.write(picture)
    proc.stdin.close()
    if proc.wait() != 0:
        raise RuntimeError(f"ffmpeg could not write {path}")


def write_cues(path: Path, starts: list[int]) -> None:
    """Write a WebVTT file with one cue per segment, speakers alternating (so each cue is a turn)."""
    def stamp(ms: int) -> str:
        return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"

    out = ["WEBVTT", ""]
    for i in range(len(starts) - 1):
        out += [f"{stamp(starts[i])} --> {stamp(starts[i + 1])}",
                f"<v {'Ann' if i % 2 == 0 else 'Bob'}>Segment {i}: the picture is colour {i} now.", ""]
    path.write_text("\n".join(out), encoding="utf-8")


# -- the X server and the capture ------------------------------------------------------------------------

class Xvfb:
    """A private Xvfb server (context manager); `display` is its DISPLAY."""

    def __init__(self, size: str = "1280x800x24") -> None:
        self.size = size
        self.display = ""
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> Xvfb:
        for number in range(200, 260):
            if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
                break
        self.proc = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", self.size, "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.proc.kill()
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        self.display = f":{number}"
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(5)


@dataclass
class Region:
    """A rectangle of the screen, in pixels."""

    x: int
    y: int
    width: int
    height: int


class Capture:
    """ffmpeg x11grab of `region` at CAPTURE_FPS into a raw bgr0 file; frame times from showinfo (realtime µs)."""

    def __init__(self, display: str, region: Region, path: Path) -> None:
        self.region, self.path = region, path
        self.log = path.with_suffix(".log")
        self._log_handle = self.log.open("w")
        self.proc = subprocess.Popen(
            ["ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info", "-f", "x11grab", "-draw_mouse", "0",
             "-framerate", str(CAPTURE_FPS), "-video_size", f"{region.width}x{region.height}",
             "-i", f"{display}+{region.x},{region.y}", "-copyts", "-vf", "showinfo", "-fps_mode", "passthrough",
             "-pix_fmt", "bgr0", "-c:v", "rawvideo", "-f", "rawvideo", "-y", str(path)],
            stdout=subprocess.DEVNULL, stderr=self._log_handle)

    def started(self) -> bool:
        """Return whether frames are being written."""
        return self.path.exists() and self.path.stat().st_size > 0

    def stop(self) -> tuple[list[float], list[bytes]]:
        """Stop capturing; return each frame's capture time (s, realtime clock) and its bytes."""
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log_handle.close()
        times = [int(m.group(1)) / 1e6 for m in re.finditer(r"\bn:\s*\d+\s+pts:\s*(\d+)", self.log.read_text())]
        size = self.region.width * self.region.height * BYTES_PER_PIXEL
        data = self.path.read_bytes()
        frames = [data[i:i + size] for i in range(0, len(data) - size + 1, size)]
        n = min(len(times), len(frames))
        return times[:n], frames[:n]


# -- reading the pixels ----------------------------------------------------------------------------------

@dataclass
class Probe:
    """Where to read the picture and the stripe in a captured frame (strip coordinates)."""

    width: int
    picture: list[tuple[int, int]]  # pixels inside the video picture
    stripe_x: int
    stripe_top: int
    stripe_bottom: int
    highlight: tuple[int, int, int]  # RGB


def pixel(frame: bytes, width: int, x: int, y: int) -> tuple[int, int, int]:
    """Return the RGB of (x, y) in a bgr0 frame `width` pixels wide."""
    i = (y * width + x) * BYTES_PER_PIXEL
    return frame[i + 2], frame[i + 1], frame[i]


def segment_of(rgb: tuple[int, int, int]) -> int:
    """Return the palette index whose colour `rgb` is, or -1 (black, blended, anything else)."""
    best, best_d = -1, MATCH_DISTANCE + 1
    for i, colour in enumerate(PALETTE):
        d = max(abs(a - b) for a, b in zip(rgb, colour, strict=True))
        if d < best_d:
            best, best_d = i, d
    return best if best_d <= MATCH_DISTANCE else -1


def picture_segment(frame: bytes, probe: Probe) -> int:
    """Return the segment the picture shows: the one every probed pixel agrees on, else -1."""
    found = {segment_of(pixel(frame, probe.width, x, y)) for x, y in probe.picture}
    return found.pop() if len(found) == 1 else -1


def stripe_mask(frame: bytes, probe: Probe) -> bytes:
    """Return, for each pixel row of the stripe column, 1 where it shows the Highlight colour."""
    out = bytearray()
    for y in range(probe.stripe_top, probe.stripe_bottom):
        rgb = pixel(frame, probe.width, probe.stripe_x, y)
        out.append(1 if max(abs(a - b) for a, b in zip(rgb, probe.highlight, strict=True)) <= 12 else 0)
    return bytes(out)


@dataclass
class SyncResult:
    """Per-boundary lags (ms) of one playback, from the pixels."""

    lags: list[float] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)  # boundaries with no picture change or no stripe move
    boundaries: int = 0
    # How far the picture's own changes strayed from the media's timing (ms): large values mean the video
    # itself stuttered (a loaded machine), so the lags are then about libvlc's output as much as the app.
    picture_jitter: list[float] = field(default_factory=list)


def measure_sync(times: list[float], frames: list[bytes], probe: Probe, boundaries: list[int],
                 starts: list[int], rate: float) -> SyncResult:
    """Return the stripe's lag behind the picture at each boundary (segment index) in `boundaries`.

    The picture changes at the first frame showing segment k. The stripe is compared with its state some
    way before that (40% of the previous segment, in wall time) and the first frame that differs, up to
    half of segment k later, is when the highlight moved: the first frame that changes, not the one where
    a smooth scroll settles.
    """
    segments = [picture_segment(f, probe) for f in frames]
    masks: dict[int, bytes] = {}

    def mask(i: int) -> bytes:
        if i not in masks:
            masks[i] = stripe_mask(frames[i], probe)
        return masks[i]

    result = SyncResult(boundaries=len(boundaries))
    changes: dict[int, float] = {}
    for k in boundaries:
        shown = next((i for i, s in enumerate(segments) if s == k), None)
        if shown is None:
            result.missed.append(k)
            continue
        changes[k] = times[shown]
        if k - 1 in changes:
            expected = (starts[k] - starts[k - 1]) / rate / 1000
            result.picture_jitter.append(round((changes[k] - changes[k - 1] - expected) * 1000, 1))
        before = (starts[k] - starts[k - 1]) / rate / 1000 * 0.4
        after = (starts[k + 1] - starts[k]) / rate / 1000 * 0.5
        t0 = times[shown]
        first = next((i for i in range(shown, -1, -1) if times[i] <= t0 - before), None)
        if first is None:
            result.missed.append(k)
            continue
        base = mask(first)
        moved = next((i for i in range(first + 1, len(frames)) if times[i] > t0 + after or mask(i) != base), None)
        if moved is None or times[moved] > t0 + after:
            result.missed.append(k)
            continue
        result.lags.append(round((times[moved] - t0) * 1000, 1))
    return result


def measure_seeks(times: list[float], frames: list[bytes], probe: Probe,
                  clicks: list[tuple[float, int]], limit_s: float = 3.0) -> tuple[list[float], list[dict]]:
    """Return the ms from each click to the first frame showing its target segment, and the clicks whose
    target was never shown (with the segments the picture showed instead, in order)."""
    segments: dict[int, int] = {}
    waits, missed = [], []
    for at, target in clicks:
        found = None
        seen: list[int] = []
        for i, t in enumerate(times):
            if t < at:
                continue
            if t > at + limit_s:
                break
            if i not in segments:
                segments[i] = picture_segment(frames[i], probe)
            if not seen or seen[-1] != segments[i]:
                seen.append(segments[i])
            if segments[i] == target:
                found = t
                break
        if found is None:
            missed.append({"target": target, "shown": seen[:8]})
        else:
            waits.append(round((found - at) * 1000, 1))
    return waits, missed


# -- the driver: runs in the window's process, on the X display ------------------------------------------

def _spin(app: object, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.002)


def _wait(app: object, condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        if condition():
            return True
        time.sleep(0.002)
    return False


def drive(config: dict) -> dict:
    """Open the window on the media and transcript, run every playback and seek series, return the figures."""
    from PySide6.QtCore import QPoint, QSettings, Qt
    from PySide6.QtGui import QPalette
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from reader.playback.player import PlayerState
    from reader.playback.vlc_player import VlcPlayer
    from reader.qt.main_window import MainWindow
    from reader.qt.turn_delegate import ACCENT_WIDTH, PADDING

    tmp = Path(config["tmp"])
    starts: list[int] = config["starts"]
    app = QApplication.instance() or QApplication([])
    # No sound card on test machines: the video output is real (embedded in the window), the audio dummy.
    window = MainWindow(VlcPlayer(extra_args=["--aout=adummy"]), notes_dir=tmp / "notes",
                        settings=QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    if not window.open_transcript(Path(config["transcript"]), Path(config["media"])):
        return {"error": "the transcript did not open"}
    controller, view, model = window.controller, window.view, window.model
    if not _wait(app, lambda: controller.player.has_video() and window.video.isVisible()
                 and (controller.duration() or 0) > 0, 10):
        return {"error": "no embedded video: " + window.banner.label.text()}
    _spin(app, 0.5)
    video, viewport = window.video, view.viewport()
    vg, pg = video.mapToGlobal(QPoint(0, 0)), viewport.mapToGlobal(QPoint(0, 0))
    x0 = vg.x() + video.width() - 12
    y0 = min(vg.y(), pg.y())
    region = Region(x0, y0, pg.x() + 6 - x0, max(vg.y() + video.height(), pg.y() + viewport.height()) - y0)
    cy = vg.y() + video.height() // 2 - y0
    highlight = view.palette().color(QPalette.ColorRole.Highlight)
    probe = Probe(region.width, [(x, y) for x in (2, 5, 8) for y in (cy - 8, cy, cy + 8)], pg.x() + 1 - x0,
                  pg.y() - y0, pg.y() - y0 + viewport.height(), (highlight.red(), highlight.green(), highlight.blue()))
    active_log: list[tuple[float, int]] = []
    controller.activeTurnChanged.connect(lambda row: active_log.append((time.time(), row)))
    out: dict = {"region": region.__dict__, "sync": [], "seek": []}
    boundaries = list(range(1, len(starts) - 1))

    def capture(name: str) -> Capture:
        cap = Capture(config["display"], region, tmp / f"{name}.raw")
        _wait(app, cap.started, 5)
        return cap

    def rest_at(ms: int) -> None:
        controller.pause()
        _wait(app, lambda: controller.state() is not PlayerState.PLAYING, 3)
        controller.seek(ms)
        _spin(app, 0.6)

    for rate, follow, shift in config["sync_runs"]:
        window.sync.set_offset(shift)
        window.follower.set_enabled(follow)
        rest_at(0)
        view.scroll_to_row(0, 0.0)
        controller.set_rate(rate)
        active_log.clear()
        cap = capture(f"sync-{rate}-{follow}-{shift}")
        _spin(app, 0.3)
        controller.play()
        end_ms = starts[-2] + 400
        deadline = time.monotonic() + (starts[-1] / rate / 1000) + 10
        while controller.position() < end_ms and time.monotonic() < deadline:
            _spin(app, 0.02)
            if not follow:
                # Follow off: the window never scrolls by itself, so the bench keeps the spoken row on screen,
                # jumping (no animation) only mid-segment, far from any boundary the capture is timing.
                row, pos = controller.active_turn(), controller.position()
                if 0 <= row < len(starts) - 1:
                    into = (pos - starts[row]) / max(1, starts[row + 1] - starts[row])
                    rect = view.visualRect(model.index(row, 0))
                    if 0.35 < into < 0.6 and rect.bottom() > viewport.height() * 0.75:
                        view.scroll_to_row(row, 0.05)
        _spin(app, 0.2)
        times, frames = cap.stop()
        controller.pause()
        result = measure_sync(times, frames, probe, boundaries, starts, rate)
        rows_seen = {row for _, row in active_log}
        out["sync"].append({"rate": rate, "follow": follow, "shift": shift, "lags": result.lags,
                            "missed": result.missed, "boundaries": result.boundaries, "frames": len(frames),
                            "skipped_rows": [k for k in boundaries if k not in rows_seen],
                            "picture_jitter_max": max((abs(j) for j in result.picture_jitter), default=0),
                            "capture_fps": round((len(times) - 1) / max(1e-9, times[-1] - times[0]), 1)})
        if not os.environ.get("BENCH_SCREEN_KEEP"):  # kept for looking at the frames
            cap.path.unlink()
    window.sync.set_offset(0)
    window.follower.set_enabled(False)

    rng = random.Random(7)
    for media, rate, count in config["seek_runs"]:
        if Path(media) != controller.media_path:
            window.open_media(Path(media))
            _wait(app, lambda: (controller.duration() or 0) > 0 and controller.player.has_video(), 10)
            _spin(app, 0.5)
        rest_at(starts[1])
        controller.set_rate(rate)
        cap = capture(f"seek-{Path(media).suffix}-{rate}")
        controller.play()
        _spin(app, 0.5)
        clicks: list[tuple[float, int]] = []
        for _ in range(count):
            current = controller.active_turn()
            choices = ([k for k in range(1, len(starts) - 2) if abs(k - current) >= 2]
                       or [k for k in range(len(starts) - 1) if k != current])
            target = rng.choice(choices)
            view.scroll_to_row(target, 0.3)
            _spin(app, 0.3)
            rect = view.visualRect(model.index(target, 0))
            point = QPoint(rect.left() + ACCENT_WIDTH + PADDING + 3, rect.top() + PADDING + 3)
            at = time.time()
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
            clicks.append((at, target))
            _spin(app, 1.0)
            if controller.state() is not PlayerState.PLAYING:
                controller.play()
                _spin(app, 0.3)
        times, frames = cap.stop()
        controller.pause()
        waits, missed = measure_seeks(times, frames, probe, clicks)
        out["seek"].append({"media": Path(media).suffix, "rate": rate, "waits": waits, "missed": missed,
                            "targets": [t for _, t in clicks], "clicks": clicks})
        if not os.environ.get("BENCH_SCREEN_KEEP"):  # kept for looking at the frames
            cap.path.unlink()
    window.close()
    return out


# -- the parent: media, Xvfb, the driver in a subprocess, the figures ------------------------------------

def summary(values: list[float]) -> dict:
    """Return median, p95 and max of `values` (ms)."""
    from tests.benchmarks.bench import percentile

    if not values:
        return {"median": None, "p95": None, "max": None}
    return {"median": round(statistics.median(values), 1), "p95": round(percentile(values, 95), 1),
            "max": round(max(values), 1)}


def run_screen(smoke: bool, tmp: Path) -> list:
    """Return the screen figures (bench.Figure rows); one row saying why when they cannot run here."""
    from reader.playback.vlc_player import vlc_status
    from tests.benchmarks.bench import Figure

    missing = [tool for tool in ("Xvfb", "ffmpeg") if shutil.which(tool) is None]
    if missing or not vlc_status()[0]:
        why = f"needs {', '.join(missing)}" if missing else vlc_status()[1]
        return [Figure("highlight lag on screen (x11grab)", None, "ms", note=why)]
    raw = run_driver(smoke, tmp)
    return figures_from(raw, smoke)


def run_driver(smoke: bool, tmp: Path, *, tiny: bool = False) -> dict:
    """Make the media, start Xvfb, run the driver in its own process; return what it measured.

    `tiny`: one 1x playback of 3 boundaries and one seek (the test suite's smoke).
    """
    frames = segment_frames(4, fewest=15, most=18) if tiny else segment_frames(8 if smoke else 41)
    starts = segment_starts_ms(frames)
    media, ogv, transcript = tmp / "colours.mp4", tmp / "colours.ogv", tmp / "colours.vtt"
    make_colour_media(media, frames)
    if not tiny:
        make_colour_media(ogv, frames)
    write_cues(transcript, starts)
    if tiny:
        sync_runs, seek_runs = [(1.0, True, 0)], [(str(media), 1.0, 1)]
    elif smoke:
        sync_runs = [(1.0, True, 0), (2.0, False, 0), (1.0, True, 100)]
        seek_runs = [(str(media), 3.0, 2), (str(ogv), 1.0, 2)]
    else:
        sync_runs = [(1.0, True, 0), (1.0, False, 0), (2.0, True, 0), (2.0, False, 0), (1.0, True, 100)]
        seek_runs = [(str(media), 1.0, 20), (str(media), 3.0, 20), (str(ogv), 1.0, 20), (str(ogv), 3.0, 10)]
    with Xvfb() as server:
        config = {"tmp": str(tmp), "starts": starts, "media": str(media), "transcript": str(transcript),
                  "display": server.display, "sync_runs": sync_runs, "seek_runs": seek_runs}
        (tmp / "screen-config.json").write_text(json.dumps(config))
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=server.display, QT_QPA_PLATFORM="xcb")
        load = Path("/proc/loadavg").read_text().split()[:3]
        proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_screen", "--driver",
                               str(tmp / "screen-config.json")], capture_output=True, text=True, env=env,
                              cwd=ROOT, timeout=900)
    if proc.returncode != 0:
        return {"error": proc.stderr[-1500:]}
    raw = json.loads(proc.stdout.strip().splitlines()[-1])
    raw["load"] = " ".join(load) + " → " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return raw


def figures_from(raw: dict, smoke: bool) -> list:
    """Turn the driver's measurements into result rows."""
    from tests.benchmarks.bench import Figure

    if "error" in raw:
        return [Figure("highlight lag on screen (x11grab)", None, "ms", note=raw["error"])]
    figures = []
    plain = {(r["rate"], r["follow"]): r for r in raw["sync"] if r["shift"] == 0}
    for r in raw["sync"]:
        s = summary([abs(x) for x in r["lags"]])
        signed = summary(r["lags"])
        missed = len(r["missed"])
        name = (f"highlight lag on screen, {r['rate']:g}x, follow {'on' if r['follow'] else 'off'}"
                + (f", sync shifted +{r['shift']} ms (control)" if r["shift"] else ""))
        note = (f"{len(r['lags'])}/{r['boundaries']} boundaries; signed median {signed['median']} ms, "
                f"p95 {signed['p95']}, max {signed['max']}; missed {r['missed']}; rows never made active "
                f"{r['skipped_rows']}; the picture's own timing strayed up to {r.get('picture_jitter_max')} ms "
                f"(a capture frame is {1000 / CAPTURE_FPS:.1f} ms); capture {r['capture_fps']} fps; "
                f"load {raw.get('load', '?')}")
        if r["shift"]:
            base = plain.get((r["rate"], r["follow"]))
            base_median = statistics.median(base["lags"]) if base and base["lags"] else 0.0
            read = statistics.median(r["lags"]) - base_median if r["lags"] else None
            figures.append(Figure(
                name + ": offset read back", None if read is None else round(read, 1), "ms", r["shift"],
                "the shift applied", None if read is None else round(read / r["shift"], 2),
                f"reads {r['shift']} ± 20 ms", read is not None and abs(read - r["shift"]) <= 20 and not missed,
                note + f"; median minus the unshifted run's median ({base_median} ms)"))
            continue
        figures.append(Figure(name + " (max |lag|)", s["max"], "ms", target="every boundary ≤ 40 ms, none missed",
                              passed=s["max"] is not None and s["max"] <= 40 and not missed,
                              note=f"median |lag| {s['median']} ms, p95 {s['p95']}; " + note))
    for r in raw["seek"]:
        s = summary(r["waits"])
        figures.append(Figure(
            f"seek on screen: click on a turn to its picture, {r['media']} at {r['rate']:g}x (p95)", s["p95"], "ms",
            target="p95 ≤ 150 ms", passed=s["p95"] is not None and s["p95"] <= 150 and not r["missed"],
            note=f"{len(r['waits'])} clicks, median {s['median']} ms, max {s['max']} ms, never shown {r['missed']}; "
                 f"load {raw.get('load', '?')}"))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Driver mode (`--driver CONFIG`, inside the display) or stand-alone run printing the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--driver", type=Path)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="one short playback and one seek (the test's smoke)")
    parser.add_argument("--raw", type=Path, help="also write the driver's measurements here")
    args = parser.parse_args(argv)
    if args.driver:
        print(json.dumps(drive(json.loads(args.driver.read_text()))))
        return 0
    from tests.benchmarks.bench import print_table

    with tempfile.TemporaryDirectory() as name:
        raw = run_driver(args.smoke, Path(name), tiny=args.tiny)
    if args.raw:
        args.raw.write_text(json.dumps(raw, indent=1))
    print_table(figures_from(raw, args.smoke))
    return 0


if __name__ == "__main__":
    sys.exit(main())
