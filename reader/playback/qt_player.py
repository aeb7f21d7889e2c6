"""The Qt Multimedia player: plays with the FFmpeg that PySide6's wheels carry, so no VLC is needed.

The only playback module that imports Qt; `reader.playback.backends` imports it only when it is chosen.
A QMediaPlayer signals on the thread that made it: this player is made and used on the GUI thread (the one
running Qt's event loop), and calls the listener's hooks there, synchronously from Qt's signals.

The picture goes to a QVideoSink and is painted by `video_view()`, a plain QWidget the window places in its
video area: nothing native is embedded, so it works the same under X11, Wayland, offscreen and in a Flatpak.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    Q_ARG,
    SLOT,
    QCoreApplication,
    QLoggingCategory,
    QMetaObject,
    QObject,
    QRectF,
    Qt,
    QTimer,
    QUrl,
    qVersion,
)
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from reader.core.media import (
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

# Qt Multimedia looks for PipeWire when it loads and warns on every start where there is none (PulseAudio
# and ALSA then serve). An API rule: QT_LOGGING_RULES set by the user still wins over it.
QLoggingCategory.setFilterRules("qt.multimedia.symbolsresolver.warning=false")

from PySide6.QtMultimedia import (  # noqa: E402
    QAudioOutput,
    QMediaFormat,
    QMediaMetaData,
    QMediaPlayer,
    QVideoFrame,
    QVideoSink,
)

log = logging.getLogger(__name__)

# The core's messages name VLC, the player they were written for; with this one, they name it instead.
PLAYER_WORDS = "the built-in player"
# An end this long before the announced duration, in a file cut short, means its data ran out (as VlcPlayer).
EARLY_END_MS = 2500
# How often, at most, the playing file is checked for having been moved or deleted.
FILE_CHECK_INTERVAL_S = 1.0
# Qt plays a well-formed 0-second mp4 or wav "forever" (playing, never the end): a recording whose length is
# unknown that has not moved, or is still waiting for data, after this long of playing is called empty.
EMPTY_WATCHDOG_MS = 1500
# PySide6's FFmpeg has no software AV1 decoder (no dav1d): such a file plays its sound and no picture, and Qt
# says nothing. A video that has shown no frame after this long of playing gets a warning that says so.
NO_PICTURE_MS = 2500
# A queued seek runs on the event loop's next pass: a position Qt reports this long after it was sent is news.
SEEK_RUN_S = 0.3
# How long after close() Qt's player is deleted (see close()).
RELEASE_AFTER_CLOSE_MS = 1000
_AV_LOG_FATAL = 8  # libavutil/log.h


def backend_name() -> str:
    """Return the name of the Qt Multimedia backend in use ("FFmpeg", or what QT_MEDIA_BACKEND picks)."""
    chosen = os.environ.get("QT_MEDIA_BACKEND", "").strip().lower()
    # Qt 6.5+ uses its FFmpeg backend by default on every desktop system, and PySide6's wheels carry only it.
    return {"": "FFmpeg", "ffmpeg": "FFmpeg", "gstreamer": "GStreamer", "darwin": "AVFoundation",
            "windows": "Windows Media Foundation"}.get(chosen, chosen)


def quiet_ffmpeg() -> bool:
    """Keep FFmpeg (loaded by Qt's plugin) from printing stream dumps and decoder chatter on stderr.

    Call it once a QMediaPlayer exists: the plugin, and the FFmpeg it links, are loaded by then.
    """
    if os.environ.get("QT_FFMPEG_DEBUG"):  # Qt's own switch for FFmpeg's log: the user wants to see it
        return False
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
                loaded = {line.split()[-1] for line in maps if "/libavutil.so" in line}
        except OSError:
            loaded = set()
    else:
        folder = Path(sys.modules["PySide6"].__file__ or "").parent
        loaded = {str(p) for p in (*folder.glob("avutil-*.dll"), *folder.glob("Qt/lib/libavutil.*.dylib"))}
    for candidate in sorted(loaded):
        try:
            # Already loaded by the plugin: the dynamic loader hands back that very library, not a copy.
            ctypes.CDLL(candidate).av_log_set_level(_AV_LOG_FATAL)
        except (OSError, AttributeError):
            continue
        return True
    return False


def _call(handler: Callable[..., None], *args: object) -> None:
    handler(*args)


class VideoFrameView(QWidget):
    """Paints the newest frame of a QVideoSink, scaled to fit with black bars, and black when there is none."""

    def __init__(self, sink: QVideoSink, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame = QVideoFrame()
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)  # every pixel is painted below
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Video")
        sink.videoFrameChanged.connect(self._on_sink_video_frame_changed)

    def frame(self) -> QVideoFrame:
        """Return the frame shown now (invalid before the first one)."""
        return self._frame

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Qt.GlobalColor.black)
        if self._frame.isValid():
            options = QVideoFrame.PaintOptions()
            options.aspectRatioMode = Qt.AspectRatioMode.KeepAspectRatio
            options.backgroundColor = Qt.GlobalColor.black
            self._frame.paint(painter, QRectF(self.rect()), options)
        painter.end()

    def _on_sink_video_frame_changed(self, frame: QVideoFrame) -> None:
        self._frame = frame
        if self.isVisible():  # a hidden view (an audio file, a closed panel) converts nothing
            self.update()


class QtPlayer(Player):
    """Plays media with Qt Multimedia (QMediaPlayer and QAudioOutput; the picture through a QVideoSink).

    Made on the GUI thread once a QApplication exists. `headless=True` mutes the sound (for tests); without a
    sound device playback still advances, on the system clock.

    Every command to Qt's player (play, pause, stop, seek, source, rate) is queued and runs from Qt's event
    loop, never directly from Python: called from Python it would run holding Python's GIL, and the FFmpeg
    backend's threads, when they tear down a renderer, lock Qt's connection mutex and then wait for the GIL
    (PySide asks Python whether `disconnectNotify` is overridden). With the GUI thread holding the GIL and
    waiting for that mutex inside `stop()`, neither ever went on: about one `make test` run in three hung so
    (gdb: GUI thread in `QObject::disconnect` under `QMediaPlayer::stop`, "QFFmpeg::AudioR" in
    `Sbk_GetPyOverride` under `~QObject`). The event loop runs without the GIL, so the thread gets it.
    """

    def __init__(self, *, headless: bool = False) -> None:
        super().__init__()
        if QCoreApplication.instance() is None:
            raise RuntimeError("Qt Multimedia needs the application to be started first")
        # The parent of every Qt object here: one deleteLater releases them all, from the event loop. It is the
        # application's child so that Python, dropping this player, does not delete Qt's player there and then
        # (while holding the GIL: see above).
        self._owner = QObject(QCoreApplication.instance())
        self._mp = QMediaPlayer(self._owner)
        quiet_ffmpeg()
        if not self._mp.isAvailable():
            self._owner.deleteLater()
            raise RuntimeError(f"Qt Multimedia has no working backend ({backend_name()}) on this system")
        self._audio = QAudioOutput(self._owner)
        self._audio.setMuted(headless)
        self._mp.setAudioOutput(self._audio)
        self._sink = QVideoSink(self._owner)
        self._mp.setVideoSink(self._sink)
        if self._mp.pitchCompensationAvailability() is not QMediaPlayer.PitchCompensationAvailability.Unavailable:
            # Faster speech keeps its voice (libvlc's scaletempo does the same), instead of rising in pitch.
            self._mp.setPitchCompensation(True)
        self._view: VideoFrameView | None = None
        self._state = PlayerState.EMPTY
        self._error: str | None = None
        self._path: Path | None = None
        self._loaded = False  # Qt has read the current file's header (LoadedMedia seen since load)
        self._pending_seek: int | None = None
        self._last_time = 0  # the last position Qt reported while playing, and when
        self._last_at = 0.0
        self._end_ms: int | None = None
        self._warned_cut = False
        self._warned_gone = False
        self._file_checked_at = 0.0
        self._rate = 1.0
        self._seeking: int | None = None  # a seek queued for Qt and not yet reported done: where it goes
        self._seek_sent_at = 0.0
        self._closed = False
        self._watchdog = QTimer(self._owner)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(EMPTY_WATCHDOG_MS)
        self._frames_seen = False
        self._warned_no_picture = False
        self._picture_check = QTimer(self._owner)
        self._picture_check.setSingleShot(True)
        self._picture_check.setInterval(NO_PICTURE_MS)
        for signal, handler in ((self._watchdog.timeout, self._on_watchdog_timeout),
                                (self._picture_check.timeout, self._on_picture_check_timeout),
                                (self._sink.videoFrameChanged, self._on_sink_video_frame_changed),
                                (self._mp.positionChanged, self._on_mp_position_changed),
                                (self._mp.playbackStateChanged, self._on_mp_playback_state_changed),
                                (self._mp.mediaStatusChanged, self._on_mp_media_status_changed),
                                (self._mp.durationChanged, self._on_mp_duration_changed),
                                (self._mp.hasVideoChanged, self._on_mp_has_video_changed),
                                (self._mp.errorOccurred, self._on_mp_error_occurred)):
            # Through a function that holds this player: PySide holds a bound method's object only weakly, and
            # Qt's objects outlive it until the deleteLater of close() has run, still delivering signals then.
            signal.connect(functools.partial(_call, handler))

    def describe(self) -> str:
        """Return the player's name for the user: "Qt Multimedia 6.11.3 (FFmpeg)"."""
        return f"Qt Multimedia {qVersion()} ({backend_name()})"

    # --- control ---------------------------------------------------------------------------------------

    def load(self, path: Path) -> None:
        """Open `path`, ready to play from 0; failures are reported through on_error."""
        if self._closed:
            return
        path = Path(path)
        self._watchdog.stop()
        # What Qt says about the old file after this is not news: it comes while STOPPED and not yet loaded.
        self._send("stop")
        self._send("setSource", Q_ARG(QUrl, QUrl()))
        self._seeking = None
        self._path = path
        self._error = None
        self._loaded = False
        self._pending_seek = None
        self._last_time = 0
        self._last_at = time.monotonic()
        self._end_ms = None
        self._warned_cut = False
        self._warned_gone = False
        self._frames_seen = False
        self._warned_no_picture = False
        self._picture_check.stop()
        self._file_checked_at = time.monotonic()
        problem = file_problem(path)
        if problem:
            self._fail(f"Cannot play {path.name}: {problem}")
            return
        self._set_state(PlayerState.STOPPED)
        self._notify(self.listener.on_time, 0, time.monotonic())
        head = read_head(path)
        if container_of(head) is None and other_kind_of(head):
            # Plainly not media (a text, a PDF, a web page): say so now rather than when the user presses play.
            self._fail(self._describe_failure())
            return
        self._send("setSource", Q_ARG(QUrl, QUrl.fromLocalFile(str(path))))  # then LoadedMedia or InvalidMedia
        self._send("setPlaybackRate", Q_ARG("qreal", self._rate))

    def play(self) -> None:
        """Start or resume playback (from the start again after the end)."""
        if self._closed:
            return
        state = self._state
        if state in (PlayerState.EMPTY, PlayerState.ERROR, PlayerState.PLAYING):
            return
        if state is PlayerState.PAUSED:
            self._send("play")
            return
        if not self._still_there():
            return
        if state is PlayerState.ENDED:
            # Until Qt reports Playing, the position is the start (or a later seek's target), not the end.
            self._end_ms = None
            self._pending_seek = self._pending_seek or 0
            self._state = PlayerState.STOPPED  # not reported: the listener hears PLAYING next
            self._reopen_if_dropped()
        target = self._pending_seek
        if target is not None and self._loaded:
            self._send_seek(target)
        # Before the header has been read, Qt keeps the request and starts once it has.
        self._send("play")
        if target is not None:
            self._notify(self.listener.on_time, target, time.monotonic())

    def pause(self) -> None:
        """Pause playback, keeping the position."""
        if not self._closed and self._state is PlayerState.PLAYING:
            self._send("pause")
            self._watchdog.stop()
            self._picture_check.stop()
            self._set_state(PlayerState.PAUSED)  # Qt says so too once the queued pause has run

    def seek_ms(self, ms: int) -> None:
        """Move the playback position to `ms`, keeping the playing/paused state (paused after the end)."""
        if self._closed:
            return
        state = self._state
        if state in (PlayerState.EMPTY, PlayerState.ERROR):
            return
        ms = max(0, int(ms))
        duration = self._mp.duration()
        if duration > 0:
            ms = min(ms, duration)
        now = time.monotonic()
        if state is PlayerState.STOPPED:
            # Applied when the header has been read (or at play), so that nothing plays before the target.
            self._pending_seek = ms
            if self._loaded:
                self._send_seek(ms)
        elif state is PlayerState.ENDED:
            if not self._still_there():
                return
            self._reopen_if_dropped()
            # Held paused there, as VlcPlayer does: the listener hears PAUSED (from Qt), never PLAYING.
            self._end_ms = None
            self._send_seek(ms)
            self._send("pause")
            self._set_state(PlayerState.PAUSED)  # Qt says so too once the queued commands have run
        else:
            self._send_seek(ms)
        self._last_time, self._last_at = ms, now
        self._notify(self.listener.on_time, ms, now)

    def set_rate(self, rate: float) -> None:
        """Play at `rate` times normal speed."""
        if self._closed:
            return
        if rate <= 0:
            raise ValueError(f"rate must be positive, not {rate}")
        self._rate = float(rate)
        self._send("setPlaybackRate", Q_ARG("qreal", self._rate))

    def rate(self) -> float:
        """Return the playback rate."""
        return self._rate

    def position_ms(self) -> int:
        """Return the position Qt reports now (it changes every 40-100 ms while playing)."""
        state = self._state
        if self._closed or state in (PlayerState.EMPTY, PlayerState.ERROR):
            return 0
        if state is PlayerState.ENDED:
            return self._end_ms if self._end_ms is not None else max(self._mp.duration(), self._last_time)
        if state is PlayerState.STOPPED:
            return self._pending_seek or 0
        return self._seeking if self._seeking is not None else int(self._mp.position())

    def duration_ms(self) -> int | None:
        """Return the media's duration, or None while unknown."""
        if self._closed or self._state in (PlayerState.EMPTY, PlayerState.ERROR):
            return None
        duration = self._mp.duration()
        return int(duration) if duration > 0 else None

    def state(self) -> PlayerState:
        """Return the current state."""
        return self._state

    def error(self) -> str | None:
        """Return the last error message, or None."""
        return self._error

    def has_video(self) -> bool:
        """Return whether the loaded media shows a picture."""
        return not self._closed and self._state is not PlayerState.ERROR and self._mp.hasVideo()

    def set_video_output(self, handle: int, system: str) -> None:
        """Ignore a native window: this player paints into `video_view()` instead."""
        log.debug("Qt Multimedia paints its own view; native window %s (%s) not used", handle, system)

    def video_view(self) -> QWidget | None:
        """Return the widget that shows the picture (made on the first call); the caller places and owns it."""
        if self._closed:
            return None
        if self._view is None:
            self._view = VideoFrameView(self._sink)
        return self._view

    def close(self) -> None:
        """Stop and release Qt's player; later calls do nothing."""
        if self._closed:
            return
        self.listener = PlayerListener()
        self._watchdog.stop()
        self._picture_check.stop()
        self._send("stop")  # what Qt says from now on is not news (and no Python disconnect: see the class)
        self._send("setSource", Q_ARG(QUrl, QUrl()))
        self._closed = True
        self._state = PlayerState.EMPTY
        # Released a while after the stop has run: the FFmpeg backend's threads tear down their renderers after
        # it, calling back into Qt's objects here (and so into PySide). The view stays with whoever placed it.
        QTimer.singleShot(RELEASE_AFTER_CLOSE_MS, self._owner, SLOT("deleteLater()"))

    # --- helpers ---------------------------------------------------------------------------------------

    def _reopen_if_dropped(self) -> None:
        """Open the file again if Qt let go of it (after a decoding error at the end of a file cut short)."""
        if self._path is not None and self._mp.mediaStatus() in (QMediaPlayer.MediaStatus.NoMedia,
                                                                 QMediaPlayer.MediaStatus.InvalidMedia):
            self._loaded = False
            self._send("setSource", Q_ARG(QUrl, QUrl.fromLocalFile(str(self._path))))

    def _send(self, slot: str, *args: object) -> None:
        """Queue a call of Qt's player's `slot` with `args` (Q_ARG values): it runs from the event loop."""
        QMetaObject.invokeMethod(self._mp, slot, Qt.ConnectionType.QueuedConnection, *args)

    def _send_seek(self, ms: int) -> None:
        """Queue a seek; until Qt reports it done, `position_ms` says its target."""
        self._seeking, self._seek_sent_at = ms, time.monotonic()
        self._send("setPosition", Q_ARG("qint64", ms))

    def _notify(self, hook: Callable[..., None], *args: object) -> None:
        """Call a listener hook, logging (not raising) its failure: Qt would only print it and go on."""
        try:
            hook(*args)
        except Exception:
            log.exception("player listener hook %s failed", getattr(hook, "__name__", hook))

    def _set_state(self, state: PlayerState) -> None:
        if state is self._state:
            return
        self._state = state
        self._notify(self.listener.on_state, state)

    def _fail(self, message: str) -> None:
        if self._state is PlayerState.ERROR and self._error == message:
            return
        self._watchdog.stop()
        self._error = message
        self._state = PlayerState.ERROR
        if self._mp.playbackState() is not QMediaPlayer.PlaybackState.StoppedState:
            self._send("stop")
        self._notify(self.listener.on_state, PlayerState.ERROR)
        self._notify(self.listener.on_error, message)

    def _describe_failure(self, *, ended_empty: bool = False) -> str:
        """Return the message for media that failed, in the core's words with this player's name."""
        path = self._path
        if path is None:
            return f"{PLAYER_WORDS.capitalize()} could not play the media"
        reason = FILE_GONE if not path.exists() else unplayable_reason(path, ended_empty=ended_empty)
        return f"Cannot play {path.name}: {reason.replace('VLC', PLAYER_WORDS)}"

    def _still_there(self) -> bool:
        """Return whether the loaded file can still be opened; report an error if it cannot."""
        if self._path is None or file_problem(self._path) is None:
            return True
        self._fail(self._describe_failure())
        return False

    def _check_file_present(self, now: float, *, force: bool = False) -> None:
        """Warn, once, when the playing file has been moved, renamed or deleted (checked once a second)."""
        path = self._path
        if path is None or self._warned_gone or (not force and now - self._file_checked_at < FILE_CHECK_INTERVAL_S):
            return
        self._file_checked_at = now
        if path.exists():
            return
        self._warned_gone = True
        # FFmpeg keeps the file open and POSIX keeps a deleted file's data while it is, so playback goes on;
        # playing again after the end checks the path first (_still_there), which will fail.
        self._notify(self.listener.on_warning,
                     f"{path.name} was moved, renamed or deleted while playing. It plays on to its end, but "
                     "cannot be opened again from here: open it from where it is now (File > Open Media…).")

    def _cut_short_size(self) -> int | None:
        """Return the size of the loaded file if it is cut short, else None."""
        try:
            return self._path.stat().st_size if self._path is not None and is_cut_short(self._path) else None
        except OSError:
            return None

    def _on_end(self) -> None:
        """Qt reached the end of the media: report where it ended, and ENDED (or the empty recording)."""
        now = time.monotonic()
        self._watchdog.stop()
        duration = self._mp.duration()
        if duration <= 0 and self._last_time <= 0:
            self._fail(self._describe_failure(ended_empty=True))
            return
        # Qt jumps its position to the announced duration at the end, even when the data ran out long before:
        # where playback really was is the last report while playing plus the time since.
        played_to = round(self._last_time + (now - self._last_at) * 1000 * self._rate)
        end = duration if duration > 0 else played_to
        size = self._cut_short_size()
        if size is not None:
            early = duration > 0 and played_to < duration - EARLY_END_MS
            if early:
                end = self._end_ms = played_to
            if not self._warned_cut:
                self._warned_cut = True
                where = f" It ends at {ms_to_clock(end)} instead of {ms_to_clock(duration)}." if early else ""
                self._notify(self.listener.on_warning, f"{self._path.name}: {cut_short_reason(size)}.{where}")
        self._notify(self.listener.on_time, end, now)
        self._check_file_present(now, force=True)
        self._set_state(PlayerState.ENDED)

    # --- Qt's signals (GUI thread) ----------------------------------------------------------------------

    def _on_mp_position_changed(self, ms: int) -> None:
        if self._closed or self._state in (PlayerState.EMPTY, PlayerState.ERROR, PlayerState.ENDED):
            return
        now = time.monotonic()
        if self._seeking is not None:
            # Qt says the target as soon as it runs the seek; until then it still says where it was before.
            # (A seek to where it already was says nothing: it has run by the time the next reports come.)
            if ms != self._seeking and now - self._seek_sent_at < SEEK_RUN_S:
                return
            self._seeking = None
        duration = self._mp.duration()
        if self._mp.playbackState() is QMediaPlayer.PlaybackState.PlayingState and not (
                duration > 0 and ms >= duration):  # the jump to the end: see _on_end
            self._last_time, self._last_at = int(ms), now
        if self._state is PlayerState.STOPPED:
            return  # a seek before playing moves Qt's position: the listener already heard the target
        self._notify(self.listener.on_time, int(ms), now)
        self._check_file_present(now)

    def _on_mp_playback_state_changed(self, state: QMediaPlayer.PlaybackState) -> None:
        if self._closed or self._state in (PlayerState.EMPTY, PlayerState.ERROR):
            return
        if state is QMediaPlayer.PlaybackState.PlayingState:
            self._pending_seek = None
            self._last_at = time.monotonic()
            if self._mp.duration() <= 0 and self._last_time <= 0:
                self._watchdog.start()
            if self._mp.hasVideo() and not self._frames_seen and not self._warned_no_picture:
                self._picture_check.start()
            self._set_state(PlayerState.PLAYING)
        elif state is QMediaPlayer.PlaybackState.PausedState:
            self._watchdog.stop()
            self._picture_check.stop()
            self._set_state(PlayerState.PAUSED)
        # StoppedState: Qt stops at the end (EndOfMedia follows, see _on_end) or on an error (errorOccurred
        # follows); this player stops Qt itself only quietly.

    def _on_mp_media_status_changed(self, status: QMediaPlayer.MediaStatus) -> None:
        if self._closed or self._state in (PlayerState.EMPTY, PlayerState.ERROR):
            return
        if status is QMediaPlayer.MediaStatus.LoadedMedia and not self._loaded:
            self._on_loaded()
        elif status is QMediaPlayer.MediaStatus.InvalidMedia and self._state is not PlayerState.ENDED:
            self._fail(self._describe_failure())
        elif status is QMediaPlayer.MediaStatus.EndOfMedia and self._state is not PlayerState.ENDED:
            self._on_end()

    def _on_loaded(self) -> None:
        """The header has been read: the duration, whether there is a picture, a seek made before."""
        self._loaded = True
        self._notify(self.listener.on_video, self._mp.hasVideo())
        if self._pending_seek:
            self._send_seek(self._pending_seek)
        size = self._cut_short_size()
        if size is not None and self._mp.duration() > 0 and not self._warned_cut:
            self._warned_cut = True
            self._notify(self.listener.on_warning, f"{self._path.name}: {cut_short_reason(size)}. "
                                                   "The part that is there plays, and ends early.")

    def _on_mp_duration_changed(self, ms: int) -> None:
        if not self._closed and ms > 0 and self._state not in (PlayerState.EMPTY, PlayerState.ERROR):
            self._notify(self.listener.on_duration, int(ms))

    def _on_mp_has_video_changed(self, has_video: bool) -> None:
        if not self._closed and self._loaded and self._state not in (PlayerState.EMPTY, PlayerState.ERROR):
            self._notify(self.listener.on_video, bool(has_video))

    def _on_mp_error_occurred(self, error: QMediaPlayer.Error, text: str) -> None:
        if self._closed or error is QMediaPlayer.Error.NoError or self._state in (PlayerState.EMPTY,
                                                                                  PlayerState.ERROR):
            return
        log.info("Qt Multimedia: %s (%s) on %s", text, error.name, self._path)
        if self._loaded and self._state in (PlayerState.PLAYING, PlayerState.PAUSED) and self._cut_short_size():
            # A seek past where a cut-short file's data ends may fail in the decoder instead of ending: for
            # the user it is the same place, the end of what is there.
            self._send("stop")
            self._on_end()
            return
        self._fail(self._describe_failure())

    def _on_sink_video_frame_changed(self, frame: QVideoFrame) -> None:
        if frame.isValid():
            self._frames_seen = True
            self._picture_check.stop()

    def _on_picture_check_timeout(self) -> None:
        if self._frames_seen or self._warned_no_picture or self._state is not PlayerState.PLAYING or self._path is None:
            return
        self._warned_no_picture = True
        codec = self._mp.metaData().value(QMediaMetaData.Key.VideoCodec)
        name = QMediaFormat.videoCodecName(codec) if isinstance(codec, QMediaFormat.VideoCodec) else ""
        self._notify(self.listener.on_warning,
                     f"{self._path.name}: the built-in player cannot show this video's picture"
                     f"{f' ({name})' if name else ''}; the sound plays. With VLC installed, the picture shows too.")

    def _on_watchdog_timeout(self) -> None:
        # A recording of unknown length that really plays is buffered and moves; an empty one either never
        # moves or (with the sound muted) runs a clock over nothing while Qt waits for data forever.
        waiting = self._mp.mediaStatus() in (QMediaPlayer.MediaStatus.LoadingMedia,
                                             QMediaPlayer.MediaStatus.BufferingMedia,
                                             QMediaPlayer.MediaStatus.StalledMedia)
        if self._state is PlayerState.PLAYING and self._mp.duration() <= 0 and (self._last_time <= 0 or waiting):
            self._fail(self._describe_failure(ended_empty=True))
