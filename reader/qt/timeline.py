"""The timeline strip: the whole talk at a glance, with who speaks when, notes, search hits and the playhead."""

from __future__ import annotations

import itertools
import operator
import re
from bisect import bisect_right

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from reader.core.media_times import MediaTimes
from reader.core.timecode import ms_to_clock
from reader.qt.plain_text import plain_tooltip

NoteMark = tuple[int, "int | None", QColor, str]  # start ms, end ms or None, colour, kind

NOTES_BAND = 8  # bookmarks and highlights, above the lanes
HITS_BAND = 5  # search hits, below the lanes
LANE = 12  # a lane's height: its initials in an 11 px bold font, its speech 10 px tall between 1 px gaps
MIN_LANES_HEIGHT = 24  # one or two speakers: the strip keeps a comfortable height
MAX_LANES_HEIGHT = 60  # five or six speakers share this (10 px each) rather than make the strip taller
MAX_LANES = 6  # more lanes than this make a tall strip: then one lane shows the dominant speaker per column
MIN_LANE = 4  # thinner lanes are hard to tell apart: then one lane, whatever the count
LABEL_MIN_LANE = 8  # initials need this much height to be legible
STEP_MS = 5_000
BIG_STEP_MS = 30_000
HIT_COLOUR = "#d35400"  # the search tick colour: apart from the speaker palette and the highlight tints
UNKNOWN_COLOUR = "#8a8a8a"  # speech whose speaker the file does not name
LEVEL_ALPHA = (0, 110, 165, 215, 255)  # share of a column a speaker talks, in four steps

RGX_NUMBERED = re.compile(r"^(?P<word>[^\W\d_]+)[\W_]*(?P<number>\d+)$")


def speaker_initials(name: str) -> str:
    """Return a short label for `name`: "Maria Lopez" -> "ML", "SPEAKER_01" -> "S01", "Ilya S. (OpenAI)" -> "IS"."""
    # An affiliation or role in brackets is not part of the name ("IO" read as nobody's initials).
    bare = re.sub(r"\s*[(\[][^)\]]*[)\]]", "", name).strip()
    name = bare or name
    numbered = RGX_NUMBERED.match(name.strip())
    if numbered:  # diarisation labels differ only by their number
        return numbered["word"][0].upper() + numbered["number"]
    words = [w for w in re.split(r"[\W_]+", name) if w]
    if not words:
        return name.strip()[:2] or "?"
    if len(words) == 1:
        return words[0][:2].capitalize()
    return (words[0][0] + words[-1][0]).upper()


class _Track:
    """One lane's speech in time order (overlaps merged), with running totals for talk time up to any time."""

    __slots__ = ("before", "ends", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.before: list[int] = [0]  # before[i]: talk time of the first i stretches

    @classmethod
    def from_speech(cls, starts: list[int], ends: list[int]) -> _Track:
        """Return the track of these stretches (starts in time order), merging those that overlap or touch."""
        track = cls()
        merged_starts, merged_ends, before = track.starts, track.ends, track.before
        total = 0
        last_end = -1
        for start, end in zip(starts, ends, strict=True):
            if start <= last_end:  # a plain loop with locals: this runs once per turn, 50,000 times
                if end > last_end:
                    total += end - last_end
                    before[-1] = total
                    merged_ends[-1] = last_end = end
                continue
            merged_starts.append(start)
            merged_ends.append(end)
            total += end - start
            before.append(total)
            last_end = end
        return track

    def spoken_until(self, t: float) -> float:
        """Return this lane's talk time from 0 to `t`."""
        i = bisect_right(self.starts, t)
        return self.before[i] - max(0.0, self.ends[i - 1] - t) if i else 0.0


class TimelineStrip(QWidget):
    """The whole talk in a strip: a lane per speaker, notes above, search hits below, the playhead on top.

    Speech is aggregated into pixel columns (each lane's share of a column sets its shade; with too many
    speakers for lanes, one lane takes the dominant speaker's colour), so drawing costs the same for 50
    turns or 50,000. That picture is cached in a pixmap, rebuilt only when the turns, names, notes, hits,
    size or palette change; the playhead is painted over it. Click or drag to seek; Left/Right move 5 s.
    """

    seekRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._spans: list[tuple[int, int | None, str]] = []  # (start, end or None, speaker or "") of timed turns
        self._open_last = False  # the last timed turn has no end of its own: it lasts until the duration
        self._duration = 0
        self._last_time = 0  # the latest start or end of any turn: the extent when the duration is unknown
        self._colours: dict[str, QColor] = {}
        self._names: dict[str, str] = {}
        self._tracks: dict[str, _Track] = {}  # per original speaker ("" for turns without one)
        self._order: list[str] = []  # original speakers in order of first appearance
        self._starts: list[int] = []  # every timed turn, in time order, for "who speaks at t"
        self._ends: list[int] = []
        self._who: list[str] = []
        self._notes: list[NoteMark] = []
        self._hits: list[int] = []
        self._position = 0
        self._scrub_ms: int | None = None  # while dragging, the playhead follows the mouse, not the player
        self._pixmap: QPixmap | None = None
        self._plot_left = 0
        self._lane_list: list[tuple[str, list[_Track], QColor]] = []
        self._label_font = QFont()
        self._labels: list[str] = []
        self.rebuild_count = 0  # how many times the cached picture was drawn (tests check it stays put)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAccessibleName("Timeline")
        self.setAccessibleDescription(
            "The whole talk: who speaks when, bookmarks, highlights and search hits. Left and Right move "
            "5 seconds, Shift with them 30 seconds, Home and End go to the start and the end.")

    # -- public -----------------------------------------------------------------------------------

    def set_times(self, times: MediaTimes, colours: dict[str, QColor]) -> None:
        """Show the turns at `times` (the recording's clock), each speaker in `colours`.

        A turn lasts until its own end when the file gives one, else until the next turn starts; the talk
        spans the recording's duration (0 while unknown).
        """
        turns = times.turns
        self._spans = [(start, end, turn.speaker or "")
                       for start, end, turn in zip(times.starts(), times.own_ends(), turns, strict=True)
                       if start is not None]
        self._duration = max(0, int(times.duration or 0))
        self._colours = dict(colours)
        self._prepare()
        self._invalidate()

    def _prepare(self) -> None:
        """Sort the timed turns, give open ones an end and sum each speaker's speech for quick look-ups."""
        timed = self._spans
        starts: list[int] = [span[0] for span in timed]
        if not all(map(operator.le, starts, starts[1:])):  # files list turns in time order, nearly always
            timed = sorted(timed, key=operator.itemgetter(0))
            starts = [span[0] for span in timed]
        nexts = [*starts[1:], self._duration] if starts else []
        # An open end lasts until the next turn begins; the last one until the end of the talk.
        ends = [s if (e := n if end is None else end) < s else e
                for (s, end, _), n in zip(timed, nexts, strict=True)]
        self._open_last = bool(timed) and timed[-1][1] is None
        self._starts, self._ends = starts, ends
        self._who = who = [span[2] for span in timed]
        self._last_time = max(ends, default=0)
        grouped: dict[str, tuple[list[int], list[int]]] = {}
        for start, end, name in zip(starts, ends, who, strict=True):
            pair = grouped.get(name)
            if pair is None:
                pair = grouped[name] = ([], [])
            pair[0].append(start)
            pair[1].append(end)
        self._tracks = {name: _Track.from_speech(*pair) for name, pair in grouped.items()}
        self._order = list(grouped)  # dicts keep insertion order: speakers in order of first speech

    def set_duration(self, ms: int) -> None:
        """Set the length of the talk (the recording's duration) that the strip spans."""
        ms = max(0, int(ms or 0))
        if ms == self._duration:
            return
        self._duration = ms
        if self._open_last:  # the last turn runs to the end of the talk, which just moved
            self._prepare()
        self._invalidate()

    def set_display_names(self, names: dict[str, str]) -> None:
        """Show speakers by these names (original -> shown); originals shown by one name share a lane."""
        if names == self._names:
            return
        self._names = dict(names)
        self._invalidate()

    def set_notes(self, items: list[NoteMark]) -> None:
        """Mark these (start, end or None, colour, kind) notes: bookmarks as flags, highlights as spans."""
        items = list(items)
        if items == self._notes:
            return
        self._notes = items
        self._invalidate()

    def set_search_hits(self, times_ms: list[int]) -> None:
        """Tick these search hits."""
        times = sorted(times_ms)
        if times == self._hits:
            return
        self._hits = times
        self._invalidate()

    def set_position(self, ms: int) -> None:
        """Move the playhead to `ms` (the cached picture is kept)."""
        ms = int(ms)
        if ms == self._position:
            return
        old = self._playhead_rect()
        self._position = ms
        if self._scrub_ms is None:
            self.update(old.united(self._playhead_rect()))

    def position(self) -> int:
        """Return the playhead's time."""
        return self._position

    def extent(self) -> int:
        """Return the time the strip spans: the duration, or the last turn's time when it is unknown."""
        return self._duration or self._last_time

    def plot_rect(self) -> QRect:
        """Return the part of the strip that maps to time (right of the lane labels)."""
        return QRect(self._plot_left, 0, max(1, self.width() - self._plot_left - 1), self.height())

    def x_for_ms(self, ms: float) -> float:
        """Return the x coordinate of time `ms`."""
        plot = self.plot_rect()
        extent = self.extent()
        return plot.left() + (ms / extent * plot.width() if extent > 0 else 0.0)

    def ms_at(self, x: float) -> int:
        """Return the time at x coordinate `x`, clamped to the talk."""
        plot = self.plot_rect()
        extent = self.extent()
        if extent <= 0:
            return 0
        fraction = (x - plot.left()) / plot.width()
        return round(min(1.0, max(0.0, fraction)) * extent)

    def speaker_at(self, ms: int) -> str | None:
        """Return the shown name of whoever speaks at `ms`, or None in a pause."""
        i = bisect_right(self._starts, ms) - 1
        # A short turn inside a longer one (crosstalk) ends first: look back a few turns for one still going.
        for j in range(i, max(-1, i - 4), -1):
            if self._ends[j] > ms or self._starts[j] == ms:
                who = self._who[j]
                return self._names.get(who, who) if who else "Unknown speaker"
        return None

    def tooltip_text_at(self, x: float) -> str:
        """Return the hover text at x: the time and who speaks then, as safely escaped markup."""
        ms = self.ms_at(x)
        speaker = self.speaker_at(ms)
        text = ms_to_clock(ms) + (f" — {speaker}" if speaker else " — no speech")
        return plain_tooltip(text)

    # -- geometry ---------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, strip_height(len(self._lane_list)))

    def minimumSizeHint(self) -> QSize:
        return QSize(80, strip_height(len(self._lane_list)))

    def _lanes_rect(self) -> QRect:
        top = NOTES_BAND + 1
        return QRect(self._plot_left, top, self.plot_rect().width(), max(2, self.height() - top - HITS_BAND - 1))

    def lane_bounds(self) -> list[int]:
        """Return the y of each lane's top and of the last one's bottom (whole pixels: every lane as tall)."""
        area = self._lanes_rect()
        count = len(self._lane_list) if self._separate_lanes() else 1
        return [area.top() + round(i * area.height() / count) for i in range(count + 1)]

    def _separate_lanes(self) -> bool:
        """Return whether each speaker gets a lane of their own (else one lane shows who dominates)."""
        count = len(self._lane_list)
        return 0 < count <= MAX_LANES and count * MIN_LANE <= self._lanes_rect().height()

    def _playhead_rect(self) -> QRect:
        ms = self._scrub_ms if self._scrub_ms is not None else self._position
        x = round(self.x_for_ms(ms))
        return QRect(x - 4, 0, 9, self.height())

    # -- lanes ------------------------------------------------------------------------------------

    def _lanes(self) -> list[tuple[str, list[_Track], QColor]]:
        """Return (shown name, tracks, colour) per lane, in order of first appearance."""
        lanes: dict[str, tuple[list[_Track], QColor]] = {}
        for who in self._order:
            name = self._names.get(who, who) if who else ""
            if name in lanes:
                lanes[name][0].append(self._tracks[who])
            else:
                colour = self._colours.get(who) if who else None
                lanes[name] = ([self._tracks[who]], QColor(colour) if colour else QColor(UNKNOWN_COLOUR))
        return [(name, tracks, colour) for name, (tracks, colour) in lanes.items()]

    def _update_layout(self) -> None:
        """Group the lanes, choose the initials and their font, and size the left gutter for them."""
        lanes = self._lanes()
        if len(lanes) != len(self._lane_list):
            self.updateGeometry()  # the strip's height follows the number of lanes
        self._lane_list = lanes
        font = QFont(self.font())
        bounds = self.lane_bounds()
        lane = min(b - a for a, b in itertools.pairwise(bounds))
        labels: list[str] = []
        self._plot_left = 0
        if self._separate_lanes() and lane >= LABEL_MIN_LANE:
            font.setPixelSize(max(8, min(11, lane - 1)))
            font.setBold(True)
            labels = [speaker_initials(name) if name else "?" for name, _tracks, _colour in lanes]
            metrics = QFontMetrics(font)
            self._plot_left = max(metrics.horizontalAdvance(label) for label in labels) + 8
        self._label_font, self._labels = font, labels

    # -- painting ---------------------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._pixmap = None
        self._update_layout()
        self.update()

    def _rebuild(self) -> QPixmap:
        """Draw everything but the playhead into a pixmap of the widget's size."""
        self.rebuild_count += 1
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio))))
        pixmap.setDevicePixelRatio(ratio)
        palette = self.palette()
        pixmap.fill(palette.color(QPalette.ColorRole.Window))
        lanes, font, labels = self._lane_list, self._label_font, self._labels
        painter = QPainter(pixmap)
        area = self._lanes_rect()
        painter.fillRect(area, palette.color(QPalette.ColorRole.Base))
        dark = palette.color(QPalette.ColorRole.Base).lightness() < 128
        extent = self.extent()
        if lanes and extent > 0:
            self._paint_lanes(painter, lanes, area, ratio, extent, dark)
        if labels:
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            bounds = self.lane_bounds()
            for i, label in enumerate(labels):
                rect = QRectF(0, bounds[i], self._plot_left - 4, bounds[i + 1] - bounds[i])
                painter.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        frame = QColor(palette.color(QPalette.ColorRole.WindowText))
        frame.setAlpha(60)
        painter.setPen(frame)
        painter.drawRect(area.adjusted(0, 0, -1, -1))
        if extent > 0:
            self._paint_notes(painter, extent)
            self._paint_hits(painter)
        painter.end()
        return pixmap

    def _paint_lanes(self, painter: QPainter, lanes: list[tuple[str, list[_Track], QColor]], area: QRect,
                     ratio: float, extent: int, dark: bool) -> None:
        """Fill each lane column by column (device pixels), merging runs of one shade into one rect."""
        columns = max(1, round(area.width() * ratio))
        bounds = [extent * c / columns for c in range(columns + 1)]
        width = extent / columns
        shares: list[list[float]] = []
        for _name, tracks, _colour in lanes:
            lane = [0.0] * columns
            for track in tracks:
                spoken = [track.spoken_until(t) for t in bounds]
                for c in range(columns):
                    lane[c] += spoken[c + 1] - spoken[c]
            shares.append([min(1.0, s / width) for s in lane])
        colours = [colour for _name, _tracks, colour in lanes]  # speaker_colours already lightens them on dark
        left = area.left()
        if self._separate_lanes():
            bounds = self.lane_bounds()
            rule = QColor(self.palette().color(QPalette.ColorRole.WindowText))
            rule.setAlpha(25)
            for y in bounds[1:-1]:
                painter.fillRect(QRectF(left, y, area.width(), 1 / ratio), rule)
            for i, share in enumerate(shares):
                levels = [0 if s <= 0.0 else min(4, 1 + int(s * 4)) for s in share]
                lane_height = bounds[i + 1] - bounds[i]
                gap = 1 if lane_height >= 6 else 0  # apart from the rule and the frame on either side
                top, height = bounds[i] + gap, lane_height - 2 * gap
                shades = [QColor(colours[i]) for _ in LEVEL_ALPHA]
                for level, shade in enumerate(shades):
                    shade.setAlpha(LEVEL_ALPHA[level])
                for start, stop, level in _runs(levels):
                    if level:
                        painter.fillRect(QRectF(left + start / ratio, top, (stop - start) / ratio, height),
                                         shades[level])
        else:  # too many speakers for lanes: one lane, each column in its dominant speaker's colour
            dominant = [-1] * columns
            for c in range(columns):
                best = 0.0
                for i, share in enumerate(shares):
                    if share[c] > best:
                        best, dominant[c] = share[c], i
            top, height = area.top() + 1, area.height() - 2
            for start, stop, who in _runs(dominant):
                if who >= 0:
                    painter.fillRect(QRectF(left + start / ratio, top, (stop - start) / ratio, height), colours[who])

    def _paint_notes(self, painter: QPainter, extent: int) -> None:
        """Draw highlights as spans and bookmarks as flags in the band above the lanes."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for start, end, colour, kind in sorted(self._notes, key=lambda n: n[3] == "bookmark"):
            x = self.x_for_ms(start)
            edge = QColor(colour).darker(170)
            if kind == "bookmark":
                path = QPainterPath(QPointF(x - 3.5, 0.5))
                path.lineTo(x + 3.5, 0.5)
                path.lineTo(x + 3.5, NOTES_BAND - 0.5)
                path.lineTo(x, NOTES_BAND - 3)
                path.lineTo(x - 3.5, NOTES_BAND - 0.5)
                path.closeSubpath()
                painter.setPen(QPen(edge, 1))
                painter.setBrush(colour)
                painter.drawPath(path)
            else:
                x1 = self.x_for_ms(end) if end is not None and end > start else x
                rect = QRectF(x - 1, 2, max(3.0, x1 - x + 2), NOTES_BAND - 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.fillRect(rect, colour)
                painter.fillRect(QRectF(rect.left(), rect.bottom() - 1, rect.width(), 1), edge)
        painter.restore()

    def _paint_hits(self, painter: QPainter) -> None:
        """Tick each search hit below the lanes; hits sharing a pixel are drawn once."""
        top = self.height() - HITS_BAND
        colour = QColor(HIT_COLOUR)
        if self.palette().color(QPalette.ColorRole.Window).lightness() < 128:
            colour = colour.lighter(140)
        plot, extent = self.plot_rect(), self.extent()  # once: 60,000 hits of "the" are 60,000 x_for_ms calls
        if extent <= 0:
            return
        left, scale = plot.left(), plot.width() / extent
        for x in sorted({round(left + ms * scale) for ms in self._hits}):
            painter.fillRect(QRect(x - 1, top, 2, HITS_BAND), colour)

    def paintEvent(self, event: QPaintEvent) -> None:
        ratio = self.devicePixelRatioF()
        if (self._pixmap is None or self._pixmap.devicePixelRatio() != ratio
                or self._pixmap.size() != QSize(max(1, round(self.width() * ratio)),
                                                max(1, round(self.height() * ratio)))):
            self._pixmap = self._rebuild()
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self._pixmap)
        palette = self.palette()
        if self.extent() > 0:
            rect = self._playhead_rect()
            x = rect.left() + 4
            halo = QColor(palette.color(QPalette.ColorRole.Base))
            halo.setAlpha(200)
            painter.fillRect(QRect(x - 2, 0, 1, self.height()), halo)
            painter.fillRect(QRect(x + 1, 0, 1, self.height()), halo)
            painter.fillRect(QRect(x - 1, 0, 2, self.height()), palette.color(QPalette.ColorRole.WindowText))
        if self.hasFocus():
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 1)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    # -- events -----------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._pixmap = None
        if event.size().height() != event.oldSize().height():
            self._update_layout()  # the lanes' height decides whether their initials fit
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._invalidate()
        super().changeEvent(event)

    _KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            if self.extent() > 0:
                QToolTip.showText(event.globalPos(), self.tooltip_text_at(event.pos().x()), self)
            else:
                QToolTip.hideText()
            return True
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() in self._KEYS and self._step_for(event) is not None):
            event.accept()  # the window's Left/Right shortcuts must not take the keys from the focused strip
            return True
        return super().event(event)

    def _step_for(self, event: QKeyEvent) -> int | None:
        """Return the time the key moves to, or None when the strip does not handle it."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = event.key()
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        if modifiers and not (shift and key in (Qt.Key.Key_Left, Qt.Key.Key_Right)):
            return None
        step = BIG_STEP_MS if shift else STEP_MS
        extent = self.extent()
        if key == Qt.Key.Key_Left:
            return max(0, self._position - step)
        if key == Qt.Key.Key_Right:
            return min(extent, self._position + step) if extent else self._position + step
        if key == Qt.Key.Key_Home:
            return 0
        if key == Qt.Key.Key_End:
            return extent
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        target = self._step_for(event) if event.key() in self._KEYS else None
        if target is None:
            super().keyPressEvent(event)
            return
        self.set_position(target)  # at once, so repeated keys step on from here, not from a stale report
        self.seekRequested.emit(target)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.extent() <= 0:
            super().mousePressEvent(event)
            return
        self._scrub_to(self.ms_at(event.position().x()), force=True)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._scrub_ms is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._scrub_to(self.ms_at(event.position().x()))
        elif QToolTip.isVisible() and self.extent() > 0:
            QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text_at(event.position().x()), self)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._scrub_ms is not None:
            old = self._playhead_rect()
            self._position, self._scrub_ms = self._scrub_ms, None
            self.update(old.united(self._playhead_rect()))
            return
        super().mouseReleaseEvent(event)

    def _scrub_to(self, ms: int, *, force: bool = False) -> None:
        if ms == self._scrub_ms and not force:
            return
        old = self._playhead_rect()
        self._scrub_ms = ms
        self.update(old.united(self._playhead_rect()))
        self.seekRequested.emit(ms)


def strip_height(lanes: int) -> int:
    """Return the strip's height for this many lanes: a readable lane each, up to MAX_LANES."""
    if not 0 < lanes <= MAX_LANES:
        lanes_height = MIN_LANES_HEIGHT  # one lane: the dominant speaker (or nobody yet)
    else:
        lanes_height = max(MIN_LANES_HEIGHT, min(MAX_LANES_HEIGHT, lanes * LANE))
        lanes_height -= lanes_height % lanes  # every lane as tall as the others
    return NOTES_BAND + 1 + lanes_height + HITS_BAND + 1


def _runs(values: list[int]) -> list[tuple[int, int, int]]:
    """Return (start, stop, value) for each run of equal values."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i, values[start]))
            start = i
    return runs
