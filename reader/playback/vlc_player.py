"""The libvlc player: the only module in the project that imports `vlc`.

libvlc calls its event callbacks on its own threads (and, for some calls such as `set_time` or `stop`,
synchronously on the calling thread). A callback here only records what happened under `self._lock` and
calls the listener's hooks; it never calls back into libvlc, which deadlocks. The control methods run on
the GUI thread and never hold `self._lock` while they call libvlc, so a callback waiting for the lock can
always finish.
"""

from __future__ import annotations

import ctypes
import logging
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.media import (
    EMPTY_RECORDING,
    FILE_GONE,
    container_of,
    cut_short_reason,
    file_problem,
    is_cut_short,
    other_kind_of,
    read_head,
    unplayable_reason,
)
from reader.core.timecode import ms_to_clock
from reader.playback.player import Player, PlayerListener, PlayerState

log = logging.getLogger(__name__)

try:
    import vlc
except (Exception, SystemExit) as exc:
    # python-vlc loads libvlc at import time and fails in many ways when it is missing or unusable:
    # OSError (wrong architecture, broken library), NotImplementedError ("Cannot find libvlc lib"),
    # KeyError (Windows without %ProgramFiles%), even SystemExit (a bad PYTHON_VLC_LIB_PATH).
    vlc = None
    _IMPORT_ERROR: str | None = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
else:
    _IMPORT_ERROR = None

# Options every instance gets: no title overlay, no console noise, no statistics, no snapshot preview, no
# on-screen display and no subtitles (we show the transcript ourselves). The app never touches the network:
# no metadata or cover-art look-ups, and no Lua scripts (libvlc's art and metadata fetchers and its web
# playlist parsers are Lua). libvlc 3 dropped `--album-art` (art fetching follows the network option) and
# refuses to start with an option it does not know, so a test starts an instance with each of these.
BASE_ARGS = (
    "--no-video-title-show",
    "--quiet",
    "--no-metadata-network-access",
    "--no-lua",
    "--no-stats",
    "--no-snapshot-preview",
    "--no-osd",
    "--no-spu",
)
DUMMY_VIDEO_ARGS = ("--vout=dummy",)
DUMMY_AUDIO_ARGS = ("--aout=adummy",)

# How long a restart (seek after the end) waits for libvlc to report Playing before giving up: it takes
# a few milliseconds normally, so this only bounds a pathological case.
START_TIMEOUT_S = 3.0
# How long libvlc may take to read a local file's header for the duration and tracks before playing.
PARSE_TIMEOUT_MS = 5000

# How often, at most, the playing file is checked for having been moved or deleted (on libvlc's thread).
FILE_CHECK_INTERVAL_S = 1.0
# An end this long before the announced duration, in a file cut short, means its data ran out. Headless
# (dummy audio) playback itself ends up to ~1.5 s early: it drains the last buffers at once.
EARLY_END_MS = 2500
# After a position seek libvlc may still report a time or two from before it; a report this far from the
# target is such a leftover. Reports are believed again after LANDING_TIMEOUT_S whatever they say.
LANDING_SLACK_MS = 500
LANDING_TIMEOUT_S = 3.0
# How long a position seek right after load waits for the parse to give the duration it needs.
PARSE_WAIT_S = 1.0
# libvlc drops a seek (time or position) made once its Ogg demuxer has read to the end of the file: the
# last ~1 s of a file from ffmpeg, whose pages hold up to a second each (tests/playback/test_vlc_player.py:
# 3 of 3 seeks made 1.0, 0.7 and 0.4 s before the end were dropped and the recording ended; 1.5 s and more
# before the end, none). libvlc's position is reported only every ~0.6 s for Ogg, so it may be that much
# behind: a seek from this close to the end restarts playback at the target instead (and a dropped seek
# that ends the recording is made again the same way, see _on_vlc_end_reached).
OGG_TAIL_MS = 2500

# Showing a picture while not playing. libvlc draws nothing until it plays, and its ":start-paused" option
# leaves the window empty (the paused first picture is drawn before its output window is mapped, in 3 of 4
# tries under Xvfb). So a recording with a picture is played muted until libvlc opens its video output,
# paused there, and moved to the position: a seek while paused draws the frame there (checked under Xvfb,
# tests/qt/test_video_picture.py). How long each step may take before the picture is given up:
PRIME_TIMEOUT_S = 3.0
# How long pause() waits for libvlc to say it has paused (see pause()).
PAUSE_WAIT_S = 0.25
# A seek within ~20 ms of a pause is never drawn: the picture stays on the frame after the one paused on
# (3 of 40 paused seeks in a stress run, none of 37 made 60 ms or more after the pause). A seek that soon
# waits until this long after the pause.
PAUSE_SETTLE_S = 0.1
# A seek while paused draws the first frame that comes out of the decoder at or after the DTS of the
# first packet at the target. Codecs that reorder frames (B-frames) give those packets a DTS some frames
# before their time, so libvlc showed a picture 2-4 frames (80-160 ms) early, the last frames of the turn
# before: measured on x264 files at 25 fps (tests/qt/test_video_picture.py); VP8 showed the exact frame.
# For those codecs the picture is asked for this many frames late; playback resumes from the exact position.
# In 60 paused seeks to random times on such a file the picture was then exact 9 times, a frame late 42
# times, 2-6 frames late 9 times, never early (with 2 frames late instead: 53 of 60 were 1-2 frames early).
REORDER_FRAMES = 4
REORDERING_CODECS = frozenset({b"h264", b"hevc", b"h265", b"mp4v", b"mpgv", b"mp2v", b"WVC1", b"VC-1", b"WMV3"})
DEFAULT_FRAME_MS = 40
# libvlc 3.0 seeks exactly only at normal speed. A seek decodes from the keyframe before the target and drops
# the frames up to it (the preroll); when that is done its clock is set as if the preroll had taken its own
# length of wall time (es_out.c, EsOutDecodersStopBuffering), which at rate r is r times too much or too
# little: playback goes on (r - 1) x preroll away from the target. Measured on x264 files (tests/playback/
# test_vlc_player.py, the screen benchmark): at 3x a click on a turn whose keyframe was 1.1 s before it played
# the turn 2 after it, at 0.5x the picture froze for a second and then played from the turn before; seeks to
# a keyframe landed exactly. So a recording with a picture seeks at normal speed and goes back to its rate
# once libvlc has read past the seek: its clock changes rate about the last data it read (input_clock.c,
# input_clock_ChangeRate), which is the preroll's end until it reads on (its mp4 reader reads 250 ms at a
# time); sooner than this it jumped again (100 ms: 4 of 12 seeks at 3x; 150 and more: none of 30). Ogg at
# higher rates is left alone: its seek by position lands exactly at 3x (18 of 18) and going back to the rate
# made it jump (11 of 18); at 0.5x it froze 0.7 s (14 of 18) and lands at once at normal speed.
NORMAL_LANDING_S = 0.3
# While the landing plays at normal speed the listener's clock runs at the rate: reported this often.
LANDING_REPORT_S = 0.04

# glibc's mallopt() parameter M_MMAP_THRESHOLD (malloc.h), pinned to its default of 128 KiB.
_M_MMAP_THRESHOLD = -3
_MMAP_THRESHOLD_BYTES = 128 * 1024

_TRACK_VIDEO = 1  # libvlc_track_video in libvlc_track_type_t
_PARSED_DONE = 4  # libvlc_media_parsed_status_done


class _EsChanged(ctypes.Structure):
    """The `media_player_es_changed` member of libvlc_event_t's union (python-vlc does not expose it)."""

    _fields_ = (("type", ctypes.c_int), ("id", ctypes.c_int))


def pin_malloc_threshold() -> bool:
    """Keep glibc from hoarding the memory libvlc's threads free (process-wide); return whether it applied.

    libvlc starts new input and decoder threads on every play and seek, and frees large buffers. glibc then
    raises its mmap threshold, serves later large buffers from per-thread arenas and never trims their tops:
    resident memory grew by 30 MB in a 10-minute session of seeks (`make soak`), and it was never given back.
    Setting the threshold (to glibc's own default) turns the raising off, at no measurable CPU cost.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        return bool(ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD_BYTES))
    except (OSError, AttributeError):  # a libc without mallopt
        return False


def vlc_status() -> tuple[bool, str]:
    """Return whether libvlc can be used, and its version or how to install it."""
    if vlc is None:
        return False, f"VLC could not be loaded ({_IMPORT_ERROR}). {install_hint()}"
    try:
        version = vlc.libvlc_get_version()
    except Exception as exc:  # a half-loaded library fails on its first call
        return False, f"VLC could not be loaded ({type(exc).__name__}: {exc}). {install_hint()}"
    if isinstance(version, bytes):
        version = version.decode("utf-8", "replace")
    return True, f"libvlc {version}"


def install_hint() -> str:
    """Return a sentence telling the user how to install VLC on this system."""
    if sys.platform.startswith("win"):
        bits = struct.calcsize("P") * 8
        return (f"Install VLC from https://www.videolan.org/ using the {bits}-bit installer, to match this "
                f"{bits}-bit Python.")
    if sys.platform == "darwin":
        return ("Install VLC from https://www.videolan.org/ or with Homebrew: `brew install --cask vlc`, "
                "so that /Applications/VLC.app exists.")
    return ("Install VLC with your package manager: on Debian or Ubuntu `sudo apt install vlc` "
            "(or just `sudo apt install libvlc5 vlc-plugin-base`), on Fedora `sudo dnf install vlc`.")


def _has_display() -> bool:
    """Return whether a video window can be opened (always on Windows and macOS)."""
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def instance_args(*, headless: bool, extra_args: Sequence[str] = ()) -> list[str]:
    """Return the libvlc instance options for a player."""
    args = list(BASE_ARGS)
    # With no display and no --vout, libvlc falls through to the caca (text) output, which crashes the
    # process; the dummy output still decodes, so times, lengths and Vout events behave the same.
    if headless or not _has_display():
        args += DUMMY_VIDEO_ARGS
    if headless:
        args += DUMMY_AUDIO_ARGS
    args += list(extra_args)
    return args


class VlcPlayer(Player):
    """Plays media with libvlc.

    `headless=True` decodes without opening a window or a sound device (for tests). Video is drawn into
    the window given to `set_video_output`; without one libvlc opens its own window.
    """

    def __init__(self, *, headless: bool = False, extra_args: Sequence[str] = ()) -> None:
        super().__init__()
        if vlc is None:
            raise RuntimeError(vlc_status()[1])
        pin_malloc_threshold()
        self._args = instance_args(headless=headless, extra_args=extra_args)
        self._dummy_video = "--vout=dummy" in self._args
        instance = vlc.Instance(self._args)
        if instance is None:
            # libvlc_new fails on an unknown option or a missing plugin folder and says why on stderr only.
            raise RuntimeError("VLC could not start with the options " + " ".join(self._args)
                               + ". " + install_hint())
        self._instance: Any = instance
        self._mp: Any = instance.media_player_new()
        if self._mp is None:
            instance.release()
            raise RuntimeError("VLC could not create a media player. " + install_hint())
        self._lock = threading.RLock()
        self._state = PlayerState.EMPTY
        self._error: str | None = None
        self._path: Path | None = None
        self._media: Any = None
        self._media_events: Any = None
        self._generation = 0  # bumped on each load, so late events of an earlier medium are dropped
        self._length = 0  # from the parse and from LengthChanged; 0 while unknown
        self._last_time = 0
        self._streams = 0  # elementary streams libvlc opened for the current playback
        self._video: bool | None = None
        self._pending_seek: int | None = None
        self._seek_by_position = False  # Ogg: see _set_time
        self._landing: tuple[int, float] | None = None  # a position seek's target and when it was asked
        self._file_checked_at = 0.0
        self._warned_gone = False
        self._end_ms: int | None = None  # where the data of a file cut short ran out
        self._warned_cut = False
        self._rate = 1.0
        self._vlc_rate = 1.0  # libvlc's rate: 1.0 while a seek lands (see NORMAL_LANDING_S), else ours
        self._landing_seq = 0  # bumped by each seek at normal speed and rate change: an older landing gives way
        self._quiet = False  # during an internal restart: record states and times, do not report them
        # libvlc is paused on a picture while the listener hears STOPPED (see PRIME_TIMEOUT_S): after load
        # and until play().
        self._held = False
        self._priming = False  # playing muted towards the first picture: libvlc's states are not ours
        self.prime_log: list[tuple[str, float]] = []  # (step, monotonic time) of the last priming, for tests
        self._prime_ended = False  # the recording ended (or failed) while priming
        self._vout_seen = threading.Event()
        self._prime_paused = threading.Event()
        self._vlc_paused = threading.Event()  # set by every Paused event
        self._window = False  # a window to draw into was given (set_video_output)
        self._picture_late_ms = 0  # how late to ask for a paused picture (see REORDER_FRAMES)
        self._paused_at: int | None = None  # the exact position of a paused seek asked for late
        self._paused_since = 0.0  # when pause() saw libvlc pause (see PAUSE_SETTLE_S)
        # Serializes the control methods with the priming thread, which calls libvlc too. Callbacks never
        # take it, so a control method waiting for it never waits for libvlc's threads.
        self._control = threading.RLock()
        self._started = threading.Event()  # set by Playing, EndReached or an error
        self._parsed = threading.Event()  # set when the parse of the current media has finished, however
        self._closed = False
        # python-vlc keeps one Python callback per event type and EventManager object (attaching again
        # replaces it but makes libvlc call it twice), and the ctypes trampoline lives on that object, so
        # the manager is fetched once and kept for the player's life.
        self._events: Any = self._mp.event_manager()
        event_type = vlc.EventType
        self._handlers: dict[Any, Callable[[Any], None]] = {
            event_type.MediaPlayerTimeChanged: self._on_vlc_time_changed,
            event_type.MediaPlayerPlaying: self._on_vlc_playing,
            event_type.MediaPlayerPaused: self._on_vlc_paused,
            event_type.MediaPlayerStopped: self._on_vlc_stopped,
            event_type.MediaPlayerEndReached: self._on_vlc_end_reached,
            event_type.MediaPlayerEncounteredError: self._on_vlc_error,
            event_type.MediaPlayerLengthChanged: self._on_vlc_length_changed,
            event_type.MediaPlayerVout: self._on_vlc_vout,
            event_type.MediaPlayerESAdded: self._on_vlc_es_added,
        }
        for kind, handler in self._handlers.items():
            self._events.event_attach(kind, handler)

    # --- control (GUI thread) ------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Open `path`, ready to play from 0; failures are reported through on_error."""
        with self._control:
            self._load(path)

    def _load(self, path: Path) -> None:
        if self._closed:
            return
        path = Path(path)
        with self._lock:
            self._held = False
            self._paused_at = None
            self._picture_late_ms = 0
        self._mp.stop()
        self._release_media()
        with self._lock:
            self._generation += 1
            generation = self._generation
            self._path = path
            self._error = None
            self._length = 0
            self._last_time = 0
            self._streams = 0
            self._video = None
            self._pending_seek = None
            self._landing = None
            self._file_checked_at = time.monotonic()
            self._warned_gone = False
            self._end_ms = None
            self._warned_cut = False
        self._parsed.clear()
        problem = file_problem(path)
        if problem:
            self._fail(f"Cannot play {path.name}: {problem}")
            return
        with self._lock:
            self._seek_by_position = container_of(read_head(path, 64)) == "ogg"
        media = self._instance.media_new_path(str(path))
        if media is None:
            self._fail(f"Cannot play {path.name}: VLC could not open it")
            return
        self._media = media
        self._media_events = media.event_manager()
        self._media_events.event_attach(vlc.EventType.MediaDurationChanged, self._on_media_duration_changed,
                                        generation)
        self._media_events.event_attach(vlc.EventType.MediaParsedChanged, self._on_media_parsed, generation,
                                        media)
        self._mp.set_media(media)
        self._set_state(PlayerState.STOPPED)
        self._notify(self.listener.on_time, 0, time.monotonic())
        # Reading the header now gives the duration and whether there is a picture before playing.
        media.parse_with_options(vlc.MediaParseFlag.local, PARSE_TIMEOUT_MS)
        if self._window:
            threading.Thread(target=self._prime, args=(generation,), name="vlc-first-picture", daemon=True).start()

    def play(self) -> None:
        """Start or resume playback (from the start again after the end)."""
        with self._control:
            self._play()

    def _play(self) -> None:
        if self._closed:
            return
        state = self.state()
        if state in (PlayerState.EMPTY, PlayerState.ERROR, PlayerState.PLAYING):
            return
        if state is PlayerState.PAUSED:
            with self._lock:
                exact, self._paused_at = self._paused_at, None
            # Unpaused first, then sought: a seek made while paused and followed at once by the unpause
            # could leave the picture frozen (1 of 30 plays from a held picture in a stress run).
            self._mp.set_pause(0)
            if exact is not None:  # the picture was asked for late: play from where the user asked
                self._set_time(exact)
            self._resume_rate(exact if exact is not None else self.position_ms())
            return
        if not self._still_there():
            return
        with self._lock:
            held, self._held = self._held, False
            if held:
                target = self._pending_seek or 0
                self._pending_seek = target  # until libvlc reports a time (see below)
        if not held and self._mp.get_state() == vlc.State.Ended:
            self._mp.stop()  # it ended while holding a picture: libvlc plays again only once stopped
        if held:
            # libvlc is paused on the picture (asked for late, perhaps): resume from the exact position,
            # unpaused first (see above).
            self._mp.set_pause(0)
            self._set_time(target)
            self._resume_rate(target, carry=True)
            self._notify(self.listener.on_time, target, time.monotonic())
            return
        if state is PlayerState.ENDED:
            # After the end libvlc ignores play() until it has been stopped. Until it reports Playing the
            # position is the start (or a later seek's target), not the end: STOPPED says so; the listener
            # hears PLAYING next, so the few milliseconds' STOPPED is not reported.
            self._mp.stop()
            with self._lock:
                self._state = PlayerState.STOPPED
                self._pending_seek = self._pending_seek or 0
        with self._lock:
            # Kept until libvlc reports a time: until then its get_time() says 0 (for up to a second).
            target = self._pending_seek
            self._streams = 0
        self._start(target)
        if target is not None:
            self._notify(self.listener.on_time, target, time.monotonic())

    def pause(self) -> None:
        """Pause playback, keeping the position."""
        with self._control:
            if self._closed:
                return
            if self.state() is PlayerState.PLAYING:
                self._vlc_paused.clear()
                self._mp.set_pause(1)
                # Until libvlc has paused, a seek is a playing one (libvlc says Paused within milliseconds).
                if self._vlc_paused.wait(PAUSE_WAIT_S):
                    with self._lock:
                        self._paused_since = time.monotonic()
                elif self._mp.get_state() == vlc.State.Playing and self.state() is PlayerState.PLAYING:
                    # libvlc ignores a pause once its demuxer has read to the end of the file (an Ogg video's
                    # last two seconds: 4 of 40 pauses were lost): stop, and hold the picture there, paused.
                    self._restart_paused_at(self.position_ms())

    def seek_ms(self, ms: int) -> None:
        """Move the playback position to `ms`, keeping the playing/paused state (paused after the end)."""
        with self._control:
            self._seek(ms)

    def _seek(self, ms: int) -> None:
        if self._closed:
            return
        state = self.state()
        if state in (PlayerState.EMPTY, PlayerState.ERROR):
            return
        ms = max(0, int(ms))
        # After a seek into an Ogg file's last seconds (not drawn), every paused seek was dropped and the
        # picture froze (13 and 27 of 30 in runs of the real window, held before Play likewise): from there
        # libvlc starts again, paused at the target. (Where the position is, before this seek changes it.)
        tail = state in (PlayerState.PAUSED, PlayerState.STOPPED, PlayerState.PLAYING) and self._in_ogg_tail()
        with self._lock:
            if self._length > 0:
                ms = min(ms, self._length)
            # Nothing is playing while stopped: the seek is applied when playback starts.
            self._pending_seek = ms if state is PlayerState.STOPPED else None
            self._paused_at = None
            held = self._held
        if state is PlayerState.ENDED:
            if not self._still_there():
                return
            self._restart_paused_at(ms)
        elif state is PlayerState.PAUSED:
            if tail:
                self._restart_paused_at(ms)
            else:
                self._show_picture_at(ms)
        elif state is PlayerState.PLAYING:
            if tail:
                self._restart_playing_at(ms)
            else:
                self._set_time(ms)
                self._resume_rate(ms)
        elif held:
            if tail:
                self._restart_paused_at(ms, hold=True)
            else:
                self._show_picture_at(ms)
        # libvlc reports no time while paused (nor before playing), and the listener's clock needs the jump.
        self._notify(self.listener.on_time, ms, time.monotonic())

    def set_rate(self, rate: float) -> None:
        """Play at `rate` times normal speed."""
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate}")
        with self._control:
            if self._closed:
                return
            with self._lock:
                self._rate = float(rate)
                self._vlc_rate = self._rate
                self._landing_seq += 1  # a landing under way no longer sets its rate
            self._mp.set_rate(self._rate)

    def rate(self) -> float:
        """Return the playback rate."""
        return self._rate

    def position_ms(self) -> int:
        """Return the position libvlc reports now (it changes every 250-1000 ms while playing)."""
        with self._lock:
            state = self._state
            if state in (PlayerState.EMPTY, PlayerState.ERROR) or self._closed:
                return 0
            if state is PlayerState.ENDED:
                return self._end_ms if self._end_ms is not None else self._length or self._last_time
            if self._pending_seek is not None or state is PlayerState.STOPPED:
                return self._pending_seek or 0
            if self._landing is not None:
                return self._landing[0]
            if self._paused_at is not None and state is PlayerState.PAUSED:
                return self._paused_at
            last = self._last_time
        ms = self._mp.get_time()
        return int(ms) if ms >= 0 else last

    def duration_ms(self) -> int | None:
        """Return the media's duration, or None while unknown."""
        if self._closed:
            return None
        length = self._mp.get_length() if self.state() in (PlayerState.PLAYING, PlayerState.PAUSED) else 0
        if length <= 0:
            with self._lock:
                length = self._length
        return int(length) if length > 0 else None

    def state(self) -> PlayerState:
        """Return the current state."""
        with self._lock:
            return self._state

    def error(self) -> str | None:
        """Return the last error message, or None."""
        with self._lock:
            return self._error

    def has_video(self) -> bool:
        """Return whether the loaded media shows a picture."""
        with self._lock:
            video = self._video
            state = self._state
        if video is None and state in (PlayerState.PLAYING, PlayerState.PAUSED) and not self._closed:
            return self._mp.video_get_track_count() > 0
        return bool(video)

    def set_video_output(self, handle: int, system: str) -> None:
        """Draw video into the native window `handle` ("x11", "windows" or "cocoa"), from the next play."""
        if self._closed:
            return
        setters = {"x11": self._mp.set_xwindow, "windows": self._mp.set_hwnd, "cocoa": self._mp.set_nsobject}
        if system not in setters:
            raise ValueError(f"unknown window system {system!r}; expected one of {', '.join(setters)}")
        if self._dummy_video:
            # libvlc's set_xwindow (and its siblings) also reset the player's "vout" to automatic, which
            # throws away --vout=dummy; without a display libvlc then picks caca and crashes the process.
            log.debug("ignoring the video window: this player has no display (%s)", " ".join(self._args))
            return
        # The output belongs to the media player (one for this player's life), not to the media, so it
        # holds across loads; libvlc uses it when it next creates a video output.
        with self._control:
            setters[system](int(handle))
            self._window = True

    def describe(self) -> str:
        """Return "VLC 3.0.21": libvlc's version without its code name."""
        return "VLC " + vlc_status()[1].removeprefix("libvlc ").split(" ")[0]

    def close(self) -> None:
        """Stop and release libvlc; later calls do nothing (a late Qt signal must not touch freed memory)."""
        with self._control:
            self._close()

    def _close(self) -> None:
        if self._closed:
            return
        # Stopping reports Stopped (and maybe a last time) on this very thread: nobody should hear them now.
        self.listener = PlayerListener()
        self._mp.stop()
        self._release_media()
        for kind in self._handlers:
            self._events.event_detach(kind)
        self._mp.release()
        self._instance.release()
        with self._lock:
            self._closed = True
            self._state = PlayerState.EMPTY

    # --- helpers (GUI thread) ------------------------------------------------------------------------

    def _start(self, target: int | None) -> None:
        """Start libvlc playing, at `target` ms if given."""
        self._started.clear()
        with self._lock:
            self._end_ms = None
        self._mp.play()
        if target:
            # Queued before the input has opened the file, the seek is applied before the first frame.
            self._set_time(target)
        # The rate is a property of each playback in libvlc; carry ours over (after the landing, if any).
        self._resume_rate(target or 0, carry=True)

    def _prime(self, generation: int) -> None:
        """Show the first picture (or the pending seek's) while the listener keeps hearing STOPPED (a thread)."""
        # Whether there is a picture: the parse takes milliseconds, but may take seconds on a loaded machine,
        # and nothing waits for this thread (it gave up after 1 s before).
        log = self.prime_log = [("start", time.monotonic())]
        log.append(("parsed" if self._parsed.wait(PARSE_TIMEOUT_MS / 1000 + 1) else "parse timed out",
                    time.monotonic()))
        with self._control:
            with self._lock:
                if (self._closed or generation != self._generation or self._state is not PlayerState.STOPPED
                        or not self._video):
                    log.append((f"not primed: state {self._state.value}, video {self._video}", time.monotonic()))
                    return
                self._priming = True
                self._prime_ended = False
            self._vout_seen.clear()
            self._prime_paused.clear()
            muted = bool(self._mp.audio_get_mute())
            self._mp.audio_set_mute(True)  # the aout lives with the media player: muted before it plays
            try:
                self._mp.play()
                # Pausing works only once the input runs; its video output opening says it does.
                log.append(("video output" if self._vout_seen.wait(PRIME_TIMEOUT_S) else "no video output",
                            time.monotonic()))
                self._mp.set_pause(1)
                paused = self._prime_paused.wait(PRIME_TIMEOUT_S)
                log.append(("paused" if paused else "no pause", time.monotonic()))
                with self._lock:
                    self._paused_since = time.monotonic()  # a seek this soon is not drawn: see PAUSE_SETTLE_S
                    self._priming = False
                    self._held = paused and not self._prime_ended and self._state is PlayerState.STOPPED
                    held = self._held
                    target = self._pending_seek or 0
                if held:
                    self._show_picture_at(target)
                else:  # it ended, failed or never got going: back to stopped, as without a picture
                    self._mp.stop()
                log.append(("held" if held else "stopped", time.monotonic()))
            finally:
                with self._lock:
                    self._priming = False
                # The seek has flushed what was decoded while muted; nothing plays until play().
                self._mp.audio_set_mute(muted)

    def _show_picture_at(self, ms: int) -> None:
        """Seek the paused libvlc to `ms`, so that it draws the frame there (see REORDER_FRAMES)."""
        with self._lock:
            settle = self._paused_since + PAUSE_SETTLE_S - time.monotonic()
        if settle > 0:
            time.sleep(settle)
        with self._lock:
            # From the start nothing comes before the target: libvlc shows the first frame exactly.
            late = self._picture_late_ms if ms > 0 else 0
            if late and self._length > 0:
                late = min(late, max(0, self._length - ms - 1))
            if late and self._state is PlayerState.PAUSED:
                self._paused_at = ms
        self._set_time(ms + late)

    def _in_ogg_tail(self) -> bool:
        """Return whether an Ogg file's position (or the target of the seek under way) is so near its end that
        libvlc's demuxer may have read to the end of the file, and then drops seeks (OGG_TAIL_MS)."""
        with self._lock:
            if not self._seek_by_position or self._length <= 0:
                return False
            length = self._length
        return self.position_ms() >= length - OGG_TAIL_MS

    def _restart_playing_at(self, ms: int) -> None:
        """Stop libvlc and play again from `ms`; the listener hears only the new position."""
        with self._lock:
            self._quiet = True  # the Stopped that stop() sends at once is not news
            self._streams = 0
        try:
            self._mp.stop()
        finally:
            with self._lock:
                self._quiet = False
                self._state = PlayerState.PLAYING  # libvlc's Playing, soon, then changes nothing
                self._pending_seek = ms  # the position until libvlc reports one
                self._landing = None
        self._start(ms)

    def _replay_dropped_seek(self, ms: int, generation: int) -> None:
        """Make again a seek that libvlc dropped and that ended playback instead (a thread; see OGG_TAIL_MS)."""
        with self._control:
            with self._lock:
                if self._closed or generation != self._generation or self._state is not PlayerState.PLAYING:
                    self._quiet = False
                    return
            self._restart_playing_at(ms)

    def _restart_paused_at(self, ms: int, *, hold: bool = False) -> None:
        """Restart libvlc and pause it at `ms`, reporting only the final state (PAUSED; with `hold`, STOPPED
        with the picture held, as before Play)."""
        with self._lock:
            before = self._state
            self._quiet = True
            self._streams = 0
            self._held = False  # until paused again: libvlc's states are recorded meanwhile
        muted = bool(self._mp.audio_get_mute())
        self._mp.audio_set_mute(True)  # the restart plays a moment: not to be heard
        try:
            self._mp.stop()
            with self._lock:  # what libvlc's Stopped said before _on_vlc_stopped let quiet restarts be
                if self._state in (PlayerState.PLAYING, PlayerState.PAUSED):
                    self._state = PlayerState.STOPPED
            self._vout_seen.clear()
            self._vlc_paused.clear()
            self._start(ms)  # from the target: an Ogg video does not always draw a paused seek
            # Pausing works only once the input is running (before that libvlc drops the request), a
            # paused picture is drawn only once the video output is open (a click after the end showed the
            # first frame, or none, until Play), and a seek queued before a pause is not shown until
            # playback resumes: so wait for the output, pause, wait for the pause, then seek to the exact
            # frame (what played meanwhile; Ogg, whose paused seeks are not always drawn, stays there).
            self._started.wait(START_TIMEOUT_S)
            if self.state() is PlayerState.PLAYING:
                if self._video:
                    self._vout_seen.wait(PRIME_TIMEOUT_S)
                self._mp.set_pause(1)
                deadline = time.monotonic() + PRIME_TIMEOUT_S
                while not self._vlc_paused.wait(0.01) and time.monotonic() < deadline:
                    if self.state() is PlayerState.ENDED:  # an Ogg's last second: the pause came after the end
                        break
                with self._lock:
                    ended = self._state is PlayerState.ENDED
                    if not ended and hold:
                        self._state, self._held, self._pending_seek, self._landing = PlayerState.STOPPED, True, ms, None
                    elif not ended:  # (ended, it stays so: Play then starts again, as after any end)
                        self._state = PlayerState.PAUSED
                    by_position = self._seek_by_position
                    self._paused_since = time.monotonic()  # a seek this soon is not drawn: see PAUSE_SETTLE_S
                if not by_position and not ended:
                    self._show_picture_at(ms)
            else:
                # It ended or failed at once, or libvlc is very slow (it then plays when it gets going).
                with self._lock:
                    self._pending_seek = ms
        finally:
            self._mp.audio_set_mute(muted)
            with self._lock:
                self._quiet = False
                after = self._state
        if after is not before and after is not PlayerState.ERROR:  # _fail has reported an error
            self._notify(self.listener.on_state, after)

    def _set_time(self, ms: int) -> None:
        """Ask libvlc to move to `ms` (at normal speed when it would land elsewhere: see NORMAL_LANDING_S)."""
        with self._lock:
            by_position = self._seek_by_position
            normal = self._rate != 1.0 and bool(self._video) and (not by_position or self._rate < 1.0)
            if normal:
                self._landing_seq += 1
            rate_now, self._vlc_rate = self._vlc_rate, 1.0 if normal else self._vlc_rate
        if normal and rate_now != 1.0:
            self._mp.set_rate(1.0)
        with self._lock:
            length = self._length
        if by_position and length <= 0 and self._parsed.wait(PARSE_WAIT_S):
            with self._lock:  # a seek right after load: the parse (milliseconds) gives the duration
                length = self._length
        if by_position and length > 0:
            # libvlc 3.0's time seek in Ogg Vorbis lands several times too far, or past the end (the same
            # with every audio output, and with files from oggenc as from ffmpeg); its position seek, which
            # bisects on the pages' granule positions, lands within a few ms. Opus and FLAC in Ogg seek well
            # either way. Evidence: the comment on tests/playback/test_vlc_player.py's seek tests.
            # libvlc reports no time at the target at once (as it does for set_time) and may still report
            # one from before the seek: _on_vlc_time_changed drops those until it lands.
            with self._lock:
                self._landing = (ms, time.monotonic())
            self._mp.set_position(min(1.0, ms / length))
        else:
            self._mp.set_time(ms)

    def _resume_rate(self, from_ms: int, *, carry: bool = False) -> None:
        """Play at our rate after NORMAL_LANDING_S of playing when a seek is landing at normal speed.

        `carry`: a new playback, which libvlc starts at its own rate: set ours when not landing.
        """
        with self._lock:
            landing = self._vlc_rate != self._rate
            seq = self._landing_seq
            rate = self._rate
        if not landing:
            if carry:
                self._mp.set_rate(rate)
            return
        threading.Thread(target=self._land, args=(seq, from_ms), name="vlc-landing", daemon=True).start()

    def _land(self, seq: int, from_ms: int) -> None:
        """Let a seek play at normal speed for NORMAL_LANDING_S, then go back to our rate (a thread)."""
        started = time.monotonic()
        while True:
            time.sleep(LANDING_REPORT_S)
            now = time.monotonic()
            with self._lock:
                if seq != self._landing_seq or self._closed:
                    return  # a later seek or rate change took over
                if self._state is not PlayerState.PLAYING and now - started > START_TIMEOUT_S:
                    return  # paused or ended before landing: play() starts a landing again
                playing = self._state is PlayerState.PLAYING and not self._quiet
            if now - started >= NORMAL_LANDING_S and playing:
                break
            if playing:  # the listener's clock runs at the rate: tell it where the landing is
                self._notify(self.listener.on_time, from_ms + round((now - started) * 1000), now)
        with self._control:
            with self._lock:
                if seq != self._landing_seq or self._closed or self._state is not PlayerState.PLAYING:
                    return
                self._vlc_rate = self._rate
                rate = self._rate
            self._mp.set_rate(rate)

    def _still_there(self) -> bool:
        """Return whether the loaded file can still be opened; report an error if it cannot."""
        with self._lock:
            path = self._path
        problem = file_problem(path) if path is not None else None
        if problem is None:
            return True
        self._fail(self._describe_failure())
        return False

    def _release_media(self) -> None:
        if self._media is None:
            return
        if self._media_events is not None:
            # Detaching waits for a running callback, which never waits for anything held here.
            self._media_events.event_detach(vlc.EventType.MediaDurationChanged)
            self._media_events.event_detach(vlc.EventType.MediaParsedChanged)
        self._media.release()
        self._media = None
        self._media_events = None

    # --- state shared with the callbacks ---------------------------------------------------------------

    def _notify(self, hook: Callable[..., None], *args: object) -> None:
        """Call a listener hook, logging (not raising) its failure: a callback must not die in libvlc."""
        try:
            hook(*args)
        except Exception:
            log.exception("player listener hook %s failed", getattr(hook, "__name__", hook))

    def _set_state(self, state: PlayerState) -> None:
        with self._lock:
            if state is self._state:
                return
            self._state = state
            if self._quiet:
                return
        self._notify(self.listener.on_state, state)

    def _fail(self, message: str) -> None:
        with self._lock:
            if self._state is PlayerState.ERROR and self._error == message:
                return
            self._error = message
            self._state = PlayerState.ERROR
        self._started.set()
        self._notify(self.listener.on_state, PlayerState.ERROR)
        self._notify(self.listener.on_error, message)

    def _set_video(self, video: bool) -> None:
        with self._lock:
            if self._video is video:
                return
            self._video = video
        self._notify(self.listener.on_video, video)

    def _describe_failure(self, *, ended_empty: bool = False) -> str:
        """Return the message for media that failed (reads a few bytes of the file: any thread may call it)."""
        with self._lock:
            path = self._path
            streams = self._streams
        if path is None:
            return "VLC could not play the media"
        if not path.exists():
            reason = FILE_GONE  # load() refused a missing file: this one went away after it was opened
        elif ended_empty and streams and not is_cut_short(path):
            reason = EMPTY_RECORDING  # libvlc found the streams but nothing in them
        else:
            reason = unplayable_reason(path, ended_empty=ended_empty)
        return f"Cannot play {path.name}: {reason}"

    def _check_file_present(self, now: float, *, force: bool = False) -> None:
        """Warn, once, when the playing file has been moved, renamed or deleted (checked once a second)."""
        with self._lock:
            path = self._path
            if path is None or self._warned_gone or (not force and now - self._file_checked_at
                                                      < FILE_CHECK_INTERVAL_S):
                return
            self._file_checked_at = now
        if path.exists():
            return
        with self._lock:
            self._warned_gone = True
        # The open file stays readable (POSIX keeps a deleted file's data while it is open), so playback
        # goes on; but libvlc reopens the path to play again after the end, which will fail.
        self._notify(self.listener.on_warning,
                     f"{path.name} was moved, renamed or deleted while playing. It plays on to its end, but "
                     "cannot be opened again from here: open it from where it is now (File > Open Media…).")

    # --- libvlc callbacks (libvlc threads: record and report only, never call libvlc) ----------------

    def _on_vlc_time_changed(self, event: Any) -> None:
        now = time.monotonic()
        ms = int(event.u.new_time)
        with self._lock:
            if self._priming or self._held or (self._paused_at is not None and self._state is PlayerState.PAUSED):
                return  # the picture's own seeks: the position is the listener's (see _show_picture_at)
            if self._landing is not None:
                target, asked = self._landing
                waited_ms = (now - asked) * 1000 * max(self._rate, 1.0)
                if now - asked < LANDING_TIMEOUT_S and not (
                        target - LANDING_SLACK_MS <= ms <= target + waited_ms + LANDING_SLACK_MS):
                    return  # from before the seek
                self._landing = None
            self._last_time = ms
            self._pending_seek = None
            if self._quiet or self._state in (PlayerState.EMPTY, PlayerState.ERROR):
                return
        self._notify(self.listener.on_time, ms, now)
        self._check_file_present(now)

    def _on_vlc_playing(self, event: Any) -> None:
        with self._lock:
            if self._state in (PlayerState.EMPTY, PlayerState.ERROR) or self._priming:
                return
            # libvlc opens every stream of a file before it starts playing it: no picture yet means none.
            audio_only = self._video is None and self._streams > 0
        if audio_only:
            self._set_video(False)
        self._set_state(PlayerState.PLAYING)
        self._started.set()

    def _on_vlc_paused(self, event: Any) -> None:
        self._vlc_paused.set()
        with self._lock:
            if self._priming:
                self._prime_paused.set()
                return
            if self._state in (PlayerState.EMPTY, PlayerState.ERROR) or self._held:
                return
        self._set_state(PlayerState.PAUSED)

    def _on_vlc_stopped(self, event: Any) -> None:
        # libvlc also sends Stopped right after EndReached and after an error; only a stop from playing or
        # paused is news, and not one of our own restarts.
        with self._lock:
            if self._state not in (PlayerState.PLAYING, PlayerState.PAUSED) or self._priming or self._quiet:
                return
        self._set_state(PlayerState.STOPPED)

    def _on_vlc_end_reached(self, event: Any) -> None:
        now = time.monotonic()
        with self._lock:
            if self._state in (PlayerState.EMPTY, PlayerState.ERROR):
                return
            if self._priming or self._held:  # a recording shorter than its priming: play() starts it again
                self._held = False
                self._prime_ended = True
                self._prime_paused.set()
                return
            # Random bytes, a text file or a 0-second recording open without error and "end" at once,
            # with nothing played. With streams found, only a finished parse (no duration) tells a
            # 0-second recording from a short one that headless playback got through before any report.
            empty = self._length <= 0 and self._last_time <= 0 and (self._streams == 0 or self._parsed.is_set())
            # A position seek that never landed, asked well before the end: libvlc dropped it (OGG_TAIL_MS).
            dropped = (self._landing is not None and self._state is PlayerState.PLAYING and not self._quiet
                       and self._landing[0] < self._length - EARLY_END_MS)
            if dropped:
                target = self._landing[0]  # type: ignore[index]
                self._landing = None
                self._pending_seek = target  # the position meanwhile
                self._quiet = True  # the Stopped that follows is not news: playback goes on at the target
                generation = self._generation
            path = self._path
            length = self._length
            last = self._last_time
            quiet = self._quiet
        if empty:
            self._fail(self._describe_failure(ended_empty=True))
            return
        if dropped:  # not from libvlc's thread: stop() waits for it
            threading.Thread(target=self._replay_dropped_seek, args=(target, generation), name="vlc-seek-again",
                             daemon=True).start()
            return
        end = length
        size = _size_if_cut_short(path) if path is not None else None
        early = size is not None and last < length - EARLY_END_MS
        if path is not None and size is not None:
            if early:
                # The header announced `length`, the data ran out at `last`: end where it ended.
                end = last
            with self._lock:
                if early:
                    self._end_ms = last
                warn = not (quiet or self._warned_cut)
                self._warned_cut = True
            if warn:
                where = f" It ends at {ms_to_clock(last)} instead of {ms_to_clock(length)}." if early else ""
                self._notify(self.listener.on_warning, f"{path.name}: {cut_short_reason(size)}.{where}")
        if (end > 0 or early) and not quiet:
            self._notify(self.listener.on_time, end, now)
        if not quiet:
            self._check_file_present(now, force=True)
        self._set_state(PlayerState.ENDED)
        self._started.set()

    def _on_vlc_error(self, event: Any) -> None:
        self._fail(self._describe_failure())

    def _on_vlc_length_changed(self, event: Any) -> None:
        ms = int(event.u.new_length)
        with self._lock:
            if ms <= 0 or ms == self._length:
                return
            self._length = ms
        self._notify(self.listener.on_duration, ms)

    def _on_vlc_vout(self, event: Any) -> None:
        # python-vlc reads this C int as a 64-bit integer, so the upper half is garbage.
        count = int(event.u.new_count) & 0xFFFFFFFF
        if count > 0:
            self._vout_seen.set()
            self._set_video(True)

    def _on_vlc_es_added(self, event: Any) -> None:
        es = ctypes.cast(ctypes.byref(event.u), ctypes.POINTER(_EsChanged)).contents
        with self._lock:
            self._streams += 1
        if es.type == _TRACK_VIDEO:
            self._set_video(True)

    def _on_media_duration_changed(self, event: Any, generation: int) -> None:
        ms = int(event.u.new_duration)
        with self._lock:
            # The player's own length (once playing) is more exact than the parser's estimate.
            if generation != self._generation or ms <= 0 or self._length > 0:
                return
            self._length = ms
        self._notify(self.listener.on_duration, ms)

    def _on_media_parsed(self, event: Any, generation: int, media: Any) -> None:
        with self._lock:
            if generation != self._generation:
                return
            path = self._path
        if int(event.u.new_status) != _PARSED_DONE or path is None:
            self._parsed.set()  # failed or timed out: nothing more will come from it
            return
        # Reading the media's tracks only takes the media's own lock, which is free in this callback.
        video, late_ms = _media_video(media)
        with self._lock:
            self._picture_late_ms = late_ms
        if video is not None:
            self._set_video(video)
        # Only now: the first picture's thread reads whether there is video as soon as this is set (it was set
        # first, and 1 in 7 windows under Xvfb showed no picture until Play: "not primed, video None").
        self._parsed.set()
        with self._lock:  # played to its "end" before the parse finished, with nothing in it (see EndReached)
            ended_empty = self._state is PlayerState.ENDED and self._length <= 0 and self._last_time <= 0
        if ended_empty:
            self._fail(self._describe_failure(ended_empty=True))
            return
        size = _size_if_cut_short(path)
        with self._lock:
            length = self._length
        if video is None and (size is not None or other_kind_of(read_head(path))):
            # No track at all, and plainly no media (a text, a PDF) or cut short: say so now rather than
            # when the user presses play. Other trackless files are left to libvlc to try.
            self._fail(self._describe_failure())
        elif size is not None and length > 0:
            # Cut short with a duration known: something plays. (Without one, perhaps nothing does: the
            # end of playback tells.)
            with self._lock:  # libvlc may report the parse again when playback starts
                warned, self._warned_cut = self._warned_cut, True
            if warned:
                return
            self._notify(self.listener.on_warning,
                         f"{path.name}: {cut_short_reason(size)}. The part that is there plays, and ends early.")


def _size_if_cut_short(path: Path) -> int | None:
    """Return the size of `path` if it is cut short, else None."""
    try:
        return path.stat().st_size if is_cut_short(path) else None
    except OSError:
        return None


def _media_video(media: Any) -> tuple[bool | None, int]:
    """Return whether parsed `media` has a video track (None: no tracks at all) and how late to ask for its pictures.

    The second figure is REORDER_FRAMES frames of its video for a codec that reorders frames, else 0.
    """
    # python-vlc's Media.tracks_get() never releases the array; call the C functions directly.
    array = ctypes.POINTER(vlc.MediaTrack)()
    count = vlc.libvlc_media_tracks_get(media, ctypes.byref(array))
    if not count:
        return None, 0
    tracks = ctypes.cast(array, ctypes.POINTER(ctypes.POINTER(vlc.MediaTrack)))
    try:
        for i in range(count):
            track = tracks[i].contents
            # python-vlc's enums are ctypes integers that int() cannot convert; compare their value.
            if getattr(track.type, "value", None) != _TRACK_VIDEO:
                continue
            if int(track.codec).to_bytes(4, "little") not in REORDERING_CODECS:
                return True, 0
            # In C the audio/video/subtitle pointers are a union; python-vlc lays them out one after the
            # other, so the union's pointer is its first field, `audio`.
            video = ctypes.cast(track.audio, ctypes.POINTER(vlc.VideoTrack))
            frame_ms = DEFAULT_FRAME_MS
            if video:
                num, den = video.contents.frame_rate_num, video.contents.frame_rate_den
                if num > 0 and den > 0:
                    frame_ms = max(1, round(1000 * den / num))
            return True, REORDER_FRAMES * frame_ms
        return False, 0
    finally:
        vlc.libvlc_media_tracks_release(tracks, count)
