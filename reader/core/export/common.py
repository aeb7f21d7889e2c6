"""What every export format shares: the options, the items resolved against the transcript, the header."""

from __future__ import annotations

import copy
import json
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import quote as url_quote

from reader.core.anchoring import reanchor
from reader.core.display_text import neutralise
from reader.core.media import VIDEO_EXTENSIONS
from reader.core.media_times import MediaTimes
from reader.core.notes import COLOURS, KINDS, NoteItem, NotesDocument
from reader.core.sync import TurnTimeline
from reader.core.timecode import ms_to_clock
from reader.core.timemap import SyncSettings
from reader.core.transcript import Transcript, Turn

GROUPS = ("speaker", "colour")
DEFAULT_COLOUR = "yellow"  # a highlight without a colour is painted yellow in the window
# A bookmark is a moment; clip editors need a stretch, so a cue without a known end lasts this long.
DEFAULT_CUE_MS = 5000
NO_SPEAKER = "No speaker"
BOOKMARKS_GROUP = "Bookmarks"


@dataclass(slots=True)
class ExportOptions:
    """What to export and how.

    `colours` None means every colour; it filters highlights only (bookmarks have no colour, `kinds`
    chooses them). `context` quotes the whole turn around a highlight, `whole_transcript` writes every
    turn with the highlights marked (Markdown, HTML, PDF) instead of the items alone, `interactive` adds a
    player and clickable times to HTML. `exported_at` fixes the date in the header (golden files).
    """

    kinds: set[str] = field(default_factory=lambda: set(KINDS))
    colours: set[str] | None = None
    context: bool = False
    group_by: str | None = None
    whole_transcript: bool = False
    interactive: bool = False
    title: str | None = None
    exported_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.group_by not in (None, *GROUPS):
            raise ValueError(f"group_by must be None, 'speaker' or 'colour', not {self.group_by!r}")
        unknown = set(self.kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown kinds: {', '.join(sorted(unknown))}")


@dataclass(slots=True)
class ResolvedItem:
    """A note item with its text found in the transcript.

    `text` is the highlighted range, or the turn's text for a bookmark; `span` is where `text` lies in
    `turn.text` (None when the item has no turn or its quote is no longer in the transcript: `detached`).
    """

    item: NoteItem
    start_ms: int
    end_ms: int | None
    speaker: str | None
    text: str
    turn: Turn | None = None
    span: tuple[int, int] | None = None
    colour: str | None = None
    detached: bool = False
    transcript_start_ms: int | None = None  # the transcript's own time, when a sync moved it in the recording

    @property
    def kind(self) -> str:
        """Return "bookmark" or "highlight"."""
        return self.item.kind

    def context(self) -> tuple[str, str, str] | None:
        """Return the turn around a highlight as (before, highlighted, after), or None without a turn."""
        if self.turn is None or self.span is None:
            return None
        start, end = self.span
        text = self.turn.text
        return text[:start], text[start:end], text[end:]

    def turn_text(self) -> str:
        """Return the whole turn's text (the item's own text without a turn)."""
        return self.turn.text if self.turn is not None else self.text

    def cue_end_ms(self) -> int:
        """Return where the item's stretch ends: its end, its turn's end, or a few seconds on."""
        for end in (self.end_ms, self.turn.end if self.turn is not None else None):
            if end is not None and end > self.start_ms:
                return end
        return self.start_ms + DEFAULT_CUE_MS


@dataclass(slots=True)
class ExportContext:
    """What the header of every format says, and what the formats need besides the items."""

    transcript: Transcript
    options: ExportOptions
    title: str
    transcript_name: str
    media_name: str | None
    media_href: str | None  # a relative URL from the output file to the media, percent-encoded
    media_is_video: bool
    speakers: list[str]
    exported_at: datetime
    count: int  # items exported (a preview may render fewer)
    times: MediaTimes = field(default_factory=MediaTimes)  # the recording's clock, through the notes' sync

    def turn_start(self, turn: Turn) -> int | None:
        """Return when `turn` starts in the recording, or None for a turn the file gives no time."""
        return None if turn.start is None else self.times.start(turn.index)

    def turn_end(self, turn: Turn) -> int | None:
        """Return when `turn` ends in the recording by the file's own end time, or None."""
        if turn.start is None or turn.end is None or turn.end <= turn.start:
            return None
        return self.times.to_media(turn.end)

    @property
    def exported_text(self) -> str:
        """Return the export date as the header shows it."""
        return self.exported_at.strftime("%Y-%m-%d %H:%M")


def stamp(ms: int | None) -> str:
    """Return `ms` as the `[12:18]` / `[1:02:03]` every text format puts before an item."""
    return f"[{ms_to_clock(ms)}]"


def seconds(ms: int) -> str:
    """Return `ms` as seconds for media fragments: `12.5`, `20`, `0.04`."""
    whole, rest = divmod(int(ms), 1000)
    return f"{whole}.{rest:03d}".rstrip("0").rstrip(".") if rest else str(whole)


def media_fragment(start_ms: int, end_ms: int | None = None) -> str:
    """Return the W3C media fragment `t=12.5,20` (or `t=12.5`)."""
    return f"t={seconds(start_ms)}" + (f",{seconds(end_ms)}" if end_ms is not None else "")


def one_line(text: str) -> str:
    """Return `text` with every run of whitespace (newlines too) as one space."""
    return " ".join(text.split())


def plain_name(text: str | None) -> str:
    """Return a speaker, label, tag or file name on one line, without bidi controls ("gnp.exe" stays so)."""
    return neutralise(one_line(text or ""))


def effective_colour(item: NoteItem) -> str | None:
    """Return the colour a highlight is painted in (None for bookmarks).

    Colours the app does not know (a newer version's, or a hand-edited file's) are painted yellow, as the
    window does; the name never reaches an export unchecked (it becomes a CSS class in HTML).
    """
    if item.kind != "highlight":
        return None
    return item.color if item.color in COLOURS else DEFAULT_COLOUR


def _turn_at(transcript: Transcript, timeline: TurnTimeline, item: NoteItem) -> Turn | None:
    turns = transcript.turns
    if item.turn_index is not None and 0 <= item.turn_index < len(turns):
        return turns[item.turn_index]
    index = timeline.active_index(item.start_ms)
    return turns[index] if index is not None else None


def resolve_item(transcript: Transcript, timeline: TurnTimeline, item: NoteItem) -> ResolvedItem:
    """Return `item` with its text, turn and span found in `transcript` (`item` itself is not changed)."""
    turns = transcript.turns
    if item.kind == "highlight" and item.quote is not None and item.quote.exact:
        exact = item.quote.exact
        # The transcript may have changed since the highlight was made (or the CLI loaded a file the window
        # never re-anchored): check it and find it again on a copy, as the window does, so exports agree with
        # it, times included.
        placed = copy.copy(item)
        found = reanchor(placed, turns)
        index, start = placed.turn_index, placed.char_start
        if not found or index is None or start is None:
            return ResolvedItem(item, item.start_ms, item.end_ms, item.speaker, exact,
                                colour=effective_colour(item), detached=True)
        turn = turns[index]
        return ResolvedItem(item, placed.start_ms, placed.end_ms, placed.speaker or turn.speaker, exact, turn,
                            (start, start + len(exact)), effective_colour(item))
    turn = _turn_at(transcript, timeline, item)
    if turn is None:
        text = item.quote.exact if item.quote is not None else ""
        return ResolvedItem(item, item.start_ms, item.end_ms, item.speaker, text, colour=effective_colour(item))
    span = (0, len(turn.text)) if item.kind == "highlight" else None
    return ResolvedItem(item, item.start_ms, item.end_ms, item.speaker or turn.speaker, turn.text, turn, span,
                        effective_colour(item))


def trim_quote(resolved: ResolvedItem) -> None:
    """Drop the spaces a selection took at either end of a highlight's quote (its span follows), in every format."""
    if resolved.kind != "highlight":
        return
    text = resolved.text
    lead, trail = len(text) - len(text.lstrip()), len(text) - len(text.rstrip())
    if not (lead or trail):
        return
    resolved.text = text.strip()
    if resolved.span is not None:
        start, end = resolved.span
        resolved.span = (start + lead, max(start + lead, end - trail))


def keep(item: NoteItem, options: ExportOptions) -> bool:
    """Return whether `item` passes the kind and colour filters."""
    if item.kind not in options.kinds:
        return False
    return options.colours is None or item.kind != "highlight" or effective_colour(item) in options.colours


def media_times(transcript: Transcript, document: NotesDocument) -> MediaTimes:
    """Return the turns' times on the recording's clock under the sync saved with the notes."""
    return MediaTimes.from_settings(transcript.turns, SyncSettings.from_json(document.extra.get("sync")))


def resolve_items(transcript: Transcript, document: NotesDocument, options: ExportOptions,
                  times: MediaTimes | None = None) -> list[ResolvedItem]:
    """Return the items that pass the filters, in time order, with their quoted text and turn.

    Exported times are the recording's (they seek it), as the window shows them; where the sync moves
    them, the transcript's own time goes alongside.
    """
    times = times if times is not None else media_times(transcript, document)
    timeline = TurnTimeline(transcript.turns)
    items = [resolve_item(transcript, timeline, item) for item in document.sorted_items() if keep(item, options)]
    # Items at the same time are listed in the text's order (turn, then offset), not in creation order.
    items.sort(key=lambda r: (r.start_ms, r.turn.index if r.turn is not None else -1,
                              r.span[0] if r.span is not None and r.kind == "highlight" else -1))
    for resolved in items:
        trim_quote(resolved)
        if resolved.speaker is not None:  # names are shown as they are spelt, never reversed
            resolved.speaker = neutralise(resolved.speaker)
        original = resolved.start_ms
        resolved.start_ms = times.to_media(original)
        if resolved.end_ms is not None:
            resolved.end_ms = times.to_media(resolved.end_ms)
        if resolved.start_ms != original:
            resolved.transcript_start_ms = original
    return items


def group_items(items: Iterable[ResolvedItem], group_by: str | None,
                speakers: Iterable[str] = ()) -> list[tuple[str, list[ResolvedItem]]]:
    """Return the items in groups (speakers in order of appearance, colours in the app's order).

    Without `group_by`, one group named "" holds everything. Items keep their time order in a group.
    """
    items = list(items)
    if group_by is None:
        return [("", items)]
    groups: dict[str, list[ResolvedItem]] = {}
    if group_by == "speaker":
        for name in speakers:
            groups[name] = []
        for item in items:
            groups.setdefault(item.speaker or NO_SPEAKER, []).append(item)
        # Speakers the transcript no longer has (detached items) stay, after the transcript's; no speaker last.
        if NO_SPEAKER in groups:
            groups[NO_SPEAKER] = groups.pop(NO_SPEAKER)
    else:
        for name in COLOURS:
            groups[name.capitalize()] = []
        for item in items:
            key = item.colour.capitalize() if item.colour else BOOKMARKS_GROUP
            groups.setdefault(key, []).append(item)
        if BOOKMARKS_GROUP in groups:
            groups[BOOKMARKS_GROUP] = groups.pop(BOOKMARKS_GROUP)
    return [(name, members) for name, members in groups.items() if members]


def relative_href(media: Path, output_path: Path | None) -> str:
    """Return a relative, percent-encoded URL from the output file's folder to `media`.

    Only ever relative: `:` is encoded, so no file name can make the link a `javascript:` or other URL.
    """
    target: str
    if output_path is None:
        target = media.name
    else:
        try:
            target = os.path.relpath(media.absolute(), output_path.absolute().parent)
        except ValueError:  # another drive on Windows: no relative path exists, so expect it beside
            target = media.name
    posix = Path(target).as_posix()
    href = url_quote(posix, safe="/")
    return href if href.startswith("../") else "./" + href


def build_context(transcript: Transcript, document: NotesDocument, options: ExportOptions, count: int,
                  *, media_path: Path | str | None = None, output_path: Path | str | None = None,
                  times: MediaTimes | None = None) -> ExportContext:
    """Return the header facts: title, file names (never full paths: exports are shared), speakers, date."""
    source = transcript.source or (Path(document.transcript_path) if document.transcript_path else None)
    media_text = media_path if media_path is not None else document.media_path
    media = Path(media_text) if media_text else None
    title = options.title or transcript.title or (source.stem if source else "Transcript")
    exported_at = options.exported_at or datetime.now().astimezone()
    return ExportContext(
        transcript=transcript, options=options, title=plain_name(title),
        transcript_name=plain_name(source.name) if source else "",
        media_name=plain_name(media.name) if media else None,
        media_href=relative_href(media, Path(output_path) if output_path else None) if media else None,
        media_is_video=bool(media and media.suffix.lower() in VIDEO_EXTENSIONS),
        speakers=[neutralise(name) for name in transcript.speakers], exported_at=exported_at, count=count,
        times=times if times is not None else media_times(transcript, document),
    )


def items_by_turn(items: Iterable[ResolvedItem]) -> tuple[dict[int, list[ResolvedItem]], list[ResolvedItem]]:
    """Return the items of each turn index, and the items that have no turn."""
    by_turn: dict[int, list[ResolvedItem]] = {}
    loose: list[ResolvedItem] = []
    for item in items:
        if item.turn is None:
            loose.append(item)
        else:
            by_turn.setdefault(item.turn.index, []).append(item)
    return by_turn, loose


def marked_pieces(text: str, items: Iterable[ResolvedItem]) -> list[tuple[str, str | None]]:
    """Return `text` cut into (piece, colour or None) by the highlights' spans; overlaps take the latest."""
    spans = [(max(0, s), min(len(text), e), i.colour or DEFAULT_COLOUR)
             for i in items if i.kind == "highlight" and i.span for s, e in [i.span] if e > s]
    if not spans:
        return [(text, None)] if text else []
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[tuple[str, str | None]] = []
    for a, b in pairwise(cuts):
        colour = None
        for s, e, c in spans:  # later items win: they were made on top of the earlier ones
            if s <= a and b <= e:
                colour = c
        if pieces and pieces[-1][1] == colour:
            pieces[-1] = (pieces[-1][0] + text[a:b], colour)
        else:
            pieces.append((text[a:b], colour))
    return pieces


def dumps_with_item_lines(document: dict[str, Any], path: tuple[str, ...]) -> str:
    """Return `document` as indented JSON, except the list at `path` (keys down to it), which is written
    one compact item per line.

    json's C encoder runs only without `indent`: indenting 10,000 items takes the pure-Python encoder
    seconds, while one line per item is as fast as compact output and still reads (and diffs) item by item.
    """
    marker = f"items-{uuid.uuid4().hex}"  # no transcript or note can contain it by chance
    top = dict(document)
    parent = top
    for key in path[:-1]:
        parent[key] = dict(parent[key])
        parent = parent[key]
    items = parent[path[-1]]
    parent[path[-1]] = marker
    text = json.dumps(top, ensure_ascii=False, indent=2)
    depth = len(path)
    pad = "  " * (depth + 1)
    lines = ",\n".join(pad + json.dumps(item, ensure_ascii=False) for item in items)
    listing = f"[\n{lines}\n{'  ' * depth}]" if items else "[]"
    return text.replace(json.dumps(marker), listing, 1) + "\n"
