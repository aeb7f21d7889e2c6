"""The notes model: bookmarks and highlights on a transcript, and the reading session around them.

The JSON shape is documented in README.md ("The notes file"). Keys this version does not know are kept
in `extra` and written back, so a newer version's fields survive a round trip through an older app.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

SCHEMA_VERSION = 1
KINDS = ("bookmark", "highlight")
COLOURS = ("yellow", "green", "blue", "pink")
# How each colour is painted behind text, in the window and in exports: soft tints that keep black text readable.
COLOUR_TINTS = {"yellow": "#fff1a8", "green": "#c8f0c0", "blue": "#c6e2ff", "pink": "#ffd0e6"}
QUOTE_CONTEXT = 32  # characters of prefix/suffix kept around a quote, enough to find it again
# An item is an object holding a quote object and a list of tags; a newer version's keys may nest a few
# levels more. An item nested hundreds deep (a hand edit gone wrong, or an attack) loads, but every edit
# copies it with copy.deepcopy, which then fails with RecursionError: such items are refused at load.
MAX_ITEM_DEPTH = 32
MAX_DOCUMENT_DEPTH = 64


class NotesFormatError(ValueError):
    """A notes document does not have the documented shape."""


def nesting(value: Any) -> int:
    """Return how deeply lists and objects nest in `value` (0 for a scalar), without recursing."""
    deepest = 0
    stack = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        children = current.values() if isinstance(current, dict) else current
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def now_iso() -> str:
    """Return the current UTC time as ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    """Return a fresh item id."""
    return uuid.uuid4().hex


@dataclass(slots=True)
class Quote:
    """The quoted text with a little context before and after (a W3C TextQuoteSelector)."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    @classmethod
    def from_text(cls, text: str, start: int, end: int) -> Quote:
        """Return the quote of text[start:end] with its context."""
        return cls(text[start:end], text[max(0, start - QUOTE_CONTEXT):start], text[end:end + QUOTE_CONTEXT])


@dataclass(slots=True)
class NoteItem:
    """A bookmark (a moment) or a highlight (a stretch of text), with the user's label, note and tags."""

    kind: str
    start_ms: int
    id: str = field(default_factory=new_id)
    end_ms: int | None = None
    turn_index: int | None = None
    speaker: str | None = None
    quote: Quote | None = None
    char_start: int | None = None
    char_end: int | None = None
    color: str | None = None
    label: str = ""
    note: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = field(default_factory=now_iso)
    modified: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    detached: bool = False  # not saved: the quote could not be found in the transcript as it is now

    def __post_init__(self) -> None:
        if not self.modified:
            self.modified = self.created

    def touch(self) -> None:
        """Mark the item as changed now."""
        self.modified = max(now_iso(), self.modified)

    def to_json(self) -> dict[str, Any]:
        """Return the item in the file's shape, documented keys first."""
        data: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "start_ms": self.start_ms, "end_ms": self.end_ms,
            "turn_index": self.turn_index, "speaker": self.speaker,
            "quote": None if self.quote is None else
            {"exact": self.quote.exact, "prefix": self.quote.prefix, "suffix": self.quote.suffix},
            "char_start": self.char_start, "char_end": self.char_end, "color": self.color,
            "label": self.label, "note": self.note, "tags": list(self.tags),
            "created": self.created, "modified": self.modified,
        }
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    @classmethod
    def from_json(cls, data: Any, where: str) -> NoteItem:
        """Return the item in `data`; raise NotesFormatError naming `where` when it is malformed."""
        if not isinstance(data, dict):
            raise NotesFormatError(f"{where}: an item must be an object")
        if nesting(data) > MAX_ITEM_DEPTH:
            raise NotesFormatError(f"{where}: nested more than {MAX_ITEM_DEPTH} levels deep")
        try:
            kind = data["kind"]
            if kind not in KINDS:
                raise NotesFormatError(f"{where}: unknown kind {kind!r}")
            quote = data.get("quote")
            if quote is not None:
                quote = Quote(str(quote["exact"]), str(quote.get("prefix", "")), str(quote.get("suffix", "")))
            known = {"id", "kind", "start_ms", "end_ms", "turn_index", "speaker", "quote", "char_start",
                     "char_end", "color", "label", "note", "tags", "created", "modified"}
            return cls(
                id=str(data["id"]), kind=kind, start_ms=_int(data["start_ms"]), end_ms=_opt_int(data.get("end_ms")),
                turn_index=_opt_int(data.get("turn_index")), speaker=_opt_str(data.get("speaker")), quote=quote,
                char_start=_opt_int(data.get("char_start")), char_end=_opt_int(data.get("char_end")),
                color=_opt_str(data.get("color")), label=str(data.get("label", "")), note=str(data.get("note", "")),
                tags=[str(t) for t in data.get("tags", [])], created=str(data.get("created", "")) or now_iso(),
                modified=str(data.get("modified", "")),
                extra={k: v for k, v in data.items() if k not in known},
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, NotesFormatError):
                raise
            raise NotesFormatError(f"{where}: {type(exc).__name__}: {exc}") from None


def fingerprint(item: NoteItem) -> tuple:
    """Return everything saved of `item`, as a value that compares equal when the saved item would."""
    quote = item.quote
    return (item.kind, item.start_ms, item.end_ms, item.turn_index, item.speaker,
            None if quote is None else (quote.exact, quote.prefix, quote.suffix), item.char_start, item.char_end,
            item.color, item.label, item.note, tuple(item.tags), item.created, item.modified,
            repr(item.extra) if item.extra else None)


def _int(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    if not -(2**63) < value < 2**63:  # NaN, Infinity (int() raises on them) and numbers no time or offset reaches
        raise ValueError(f"expected a number, got {value!r}")
    return int(value)


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)


def _opt_str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(slots=True)
class Session:
    """Where the reader was: position, speed and whether the view follows playback."""

    position_ms: int = 0
    rate: float = 1.0
    follow: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the session in the file's shape."""
        data: dict[str, Any] = {"position_ms": self.position_ms, "rate": self.rate, "follow": self.follow}
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    @classmethod
    def from_json(cls, data: Any) -> Session:
        """Return the session in `data` (defaults for what is missing or malformed)."""
        if not isinstance(data, dict):
            return cls()
        position = data.get("position_ms", 0)
        rate = data.get("rate", 1.0)
        # Comparisons, not float(): a huge integer or NaN/Infinity falls back to the default instead of raising.
        return cls(
            position_ms=int(position) if isinstance(position, int | float) and not isinstance(position, bool)
            and -(2**63) < position < 2**63 else 0,
            rate=float(rate) if isinstance(rate, int | float) and 0.1 <= rate <= 8 else 1.0,
            follow=bool(data.get("follow", True)),
            extra={k: v for k, v in data.items() if k not in ("position_ms", "rate", "follow")},
        )


@dataclass(slots=True)
class NotesDocument:
    """Everything in one notes file."""

    transcript_path: str = ""
    transcript_sha256: str = ""
    media_path: str | None = None
    items: list[NoteItem] = field(default_factory=list)
    session: Session = field(default_factory=Session)
    deleted: dict[str, str] = field(default_factory=dict)  # id -> when: deletions survive merges
    speaker_names: dict[str, str] = field(default_factory=dict)  # name in the file -> name shown
    extra: dict[str, Any] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION

    def item(self, item_id: str) -> NoteItem | None:
        """Return the item with `item_id`, or None."""
        return next((i for i in self.items if i.id == item_id), None)

    def add(self, item: NoteItem) -> None:
        """Add `item`; re-adding a deleted one (undo) makes it newer than its deletion, so merges keep it."""
        if self.deleted.pop(item.id, None) is not None:
            item.touch()
        self.items.append(item)

    def remove(self, item_id: str) -> NoteItem | None:
        """Remove the item with `item_id`, recording the deletion; return it."""
        found = self.item(item_id)
        if found is not None:
            self.items.remove(found)
            self.deleted[item_id] = now_iso()
        return found

    def sorted_items(self) -> list[NoteItem]:
        """Return the items in time order (ties by creation)."""
        return sorted(self.items, key=lambda i: (i.start_ms, i.created, i.id))

    def to_json(self, *, items: bool = True) -> dict[str, Any]:
        """Return the document in the file's shape, keys in the documented order (items left empty if not
        `items`: the store encodes them itself, one line each)."""
        data: dict[str, Any] = {
            "schema_version": self.schema_version,
            "transcript": {"path": self.transcript_path, "sha256": self.transcript_sha256},
            "media": None if self.media_path is None else {"path": self.media_path},
            "items": [item.to_json() for item in self.sorted_items()] if items else [],
            "session": self.session.to_json(),
            "deleted": dict(sorted(self.deleted.items())),
            "speaker_names": dict(sorted(self.speaker_names.items())),
        }
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    @classmethod
    def from_json(cls, data: Any, bad: list[str] | None = None) -> NotesDocument:
        """Return the document in `data`; raise NotesFormatError when it is not a notes document.

        With `bad`, a malformed item does not fail the whole document: it is left out and why is appended
        to `bad` (one bad item must not hide every note).
        """
        if not isinstance(data, dict) or not isinstance(data.get("schema_version"), int):
            raise NotesFormatError("not a notes file (no schema_version)")
        if any(nesting(value) > MAX_DOCUMENT_DEPTH for key, value in data.items() if key != "items"):
            raise NotesFormatError(f"nested more than {MAX_DOCUMENT_DEPTH} levels deep")
        transcript = data.get("transcript") or {}
        media = data.get("media")
        raw_items = data.get("items", [])
        if not isinstance(raw_items, list):
            raise NotesFormatError("items must be a list")
        deleted = data.get("deleted") or {}
        known = {"schema_version", "transcript", "media", "items", "session", "deleted", "speaker_names"}
        names = data.get("speaker_names") or {}
        return cls(
            schema_version=data["schema_version"],
            transcript_path=str(transcript.get("path", "")) if isinstance(transcript, dict) else "",
            transcript_sha256=str(transcript.get("sha256", "")) if isinstance(transcript, dict) else "",
            media_path=str(media["path"]) if isinstance(media, dict) and media.get("path") else None,
            items=_items_from_json(raw_items, bad),
            session=Session.from_json(data.get("session")),
            deleted={str(k): str(v) for k, v in deleted.items()} if isinstance(deleted, dict) else {},
            speaker_names={str(k): str(v) for k, v in names.items()} if isinstance(names, dict) else {},
            extra={k: v for k, v in data.items() if k not in known},
        )


def _items_from_json(raw_items: list[Any], bad: list[str] | None) -> list[NoteItem]:
    """Return the items of a document's "items" list, the malformed ones described in `bad` (or raised)."""
    items = []
    for n, raw in enumerate(raw_items):
        try:
            items.append(NoteItem.from_json(raw, f"item {n + 1}"))
        except NotesFormatError as exc:
            if bad is None:
                raise
            bad.append(str(exc))
    return items


_MISSING = object()


@dataclass(frozen=True, slots=True)
class MergeBase:
    """What the notes file held when this process last read or wrote it: the ancestor of a three-way merge.

    Per item its fingerprint and `modified`; the speaker names; the other keys as JSON text.
    """

    items: dict[str, tuple[tuple, str]] = field(default_factory=dict)
    speaker_names: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, document: NotesDocument, known: Mapping[str, tuple[tuple, Any]] | None = None) -> MergeBase:
        """Return the base that `document`, as the file holds it, makes.

        `known`: item id -> (the item's fingerprint, anything), for every item of `document`, when the caller
        has just computed them (the store's encode cache).
        """
        if known is not None:
            return cls({item.id: (known[item.id][0], item.modified) for item in document.items},
                       dict(document.speaker_names),
                       {key: _json_text(value) for key, value in document.extra.items()})
        return cls({item.id: (fingerprint(item), item.modified) for item in document.items},
                   dict(document.speaker_names), {key: _json_text(value) for key, value in document.extra.items()})


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=repr)


def _merge_mapping(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any],
                   comparable: Any = lambda value: value) -> dict[str, Any]:
    """Return a three-way merge of two mappings: each key as we changed it, else as they have it."""
    merged: dict[str, Any] = {}
    for key in {**base, **theirs, **ours}:
        ours_value = ours.get(key, _MISSING)
        before = base.get(key, _MISSING)
        changed_here = (comparable(ours_value) if ours_value is not _MISSING else _MISSING) != before
        value = ours_value if changed_here else theirs.get(key, _MISSING)
        if value is not _MISSING:
            merged[key] = value
    return merged


def merge(ours: NotesDocument, theirs: NotesDocument, base: MergeBase | None = None) -> NotesDocument:
    """Return `ours` merged with `theirs` (the file as another process, or a person, saved it).

    With `base` (what the file held when we last read or wrote it) the merge is three-way: an item we did
    not change since is taken as they have it, even when they kept its `modified` (a hand edit), and one
    they removed without a deletion record (deleted by hand) stays removed unless we changed it. Our edits
    always advance `modified` (re-anchoring, which changes no one's notes, does not), so that is how ours
    are told apart. Otherwise, and without a base, items are united by id; where both changed an item the
    newer `modified` wins (ours on a tie); an item deleted on either side after its last change stays
    deleted. Our session and header win: they describe this window.
    """
    deleted = dict(theirs.deleted)
    for item_id, when in ours.deleted.items():
        deleted[item_id] = max(when, deleted.get(item_id, ""))
    mine = {item.id: item for item in ours.items}
    other = {item.id: item for item in theirs.items}
    chosen: list[NoteItem] = []
    for item_id in {**other, **mine}:
        o, t = mine.get(item_id), other.get(item_id)
        before = base.items.get(item_id) if base is not None else None
        if before is None or o is None:
            # New since the base, or gone here (a deletion here is weighed by the deletion records below).
            if o is None or (t is not None and t.modified > o.modified):
                chosen.append(t)  # type: ignore[arg-type]
            else:
                chosen.append(o)
            continue
        ours_changed = o.modified != before[1]
        if t is None:
            if ours_changed or item_id in theirs.deleted:
                chosen.append(o)
            else:
                deleted[item_id] = max(now_iso(), o.modified)  # removed by hand: keep it removed everywhere
            continue
        if not ours_changed:
            chosen.append(t)
        elif fingerprint(t) == before[0] or o.modified >= t.modified:
            chosen.append(o)
        else:
            chosen.append(t)
    items = [item for item in chosen if deleted.get(item.id, "") < item.modified]
    if base is None:
        extra = {**theirs.extra, **ours.extra}
        names = {**theirs.speaker_names, **ours.speaker_names}
    else:
        extra = _merge_mapping(base.extra, ours.extra, theirs.extra, _json_text)
        names = _merge_mapping(base.speaker_names, ours.speaker_names, theirs.speaker_names)
    return NotesDocument(
        transcript_path=ours.transcript_path or theirs.transcript_path,
        transcript_sha256=ours.transcript_sha256 or theirs.transcript_sha256,
        media_path=ours.media_path if ours.media_path is not None else theirs.media_path,
        items=items, session=ours.session, deleted=deleted, extra=extra, speaker_names=names,
        schema_version=max(ours.schema_version, theirs.schema_version),
    )
