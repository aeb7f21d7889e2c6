"""SubRip and WebVTT exports: one cue per item, for a clip editor or a player's subtitle track.

A cue spans the highlight (or, with context, its whole turn); a bookmark, a moment, lasts until its turn
ends. Text is escaped as WebVTT requires (`&`, `<`, `>` as entities, which also keeps `-->` out of cue
text); SubRip has no escapes of its own, and players read the same entities there. Notes, labels and tags
go into WebVTT NOTE blocks, which players do not show; SubRip has no comments, so it carries the quote only.
"""

from __future__ import annotations

from reader.core.display_text import isolate
from reader.core.export.common import ExportContext, ResolvedItem, one_line, plain_name
from reader.core.formats.subtitle_blocks import ms_to_timestamp

SRT_NAME = "srt"
SRT_EXTENSION = "srt"
VTT_NAME = "vtt"
VTT_EXTENSION = "vtt"


def escape(text: str) -> str:
    """Return `text` on one line with `&`, `<` and `>` as entities."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cue_span(item: ResolvedItem, ctx: ExportContext) -> tuple[int, int, str]:
    """Return the cue's start, end and (unescaped) text, on the recording's clock."""
    turn = item.turn
    turn_start = ctx.turn_start(turn) if turn is not None else None
    if ctx.options.context and item.kind == "highlight" and turn is not None and turn_start is not None:
        end = ctx.turn_end(turn) or max(item.cue_end_ms(), turn_start + 1)
        return turn_start, end, turn.text
    start = max(0, item.start_ms)
    # A bookmark outside every turn (before the first one) has no text of its own: its label, note or kind
    # stand in, so it is not dropped from the file while the dialog counts it.
    text = item.text or item.item.label.strip() or item.item.note.strip() or item.kind.capitalize()
    return start, max(item.cue_end_ms(), start + 1), text


def cues(items: list[ResolvedItem], ctx: ExportContext) -> list[tuple[int, int, ResolvedItem, str]]:
    """Return (start, end, item, text) of the cues in time order, items without text left out."""
    spans = [(*cue_span(item, ctx), item) for item in items]
    return sorted(((start, end, item, text) for start, end, text, item in spans if text.strip()),
                  key=lambda cue: (cue[0], cue[1]))


def export_srt(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the SubRip cues of `items`: `Speaker: quote`."""
    out = []
    for number, (start, end, item, text) in enumerate(cues(items, ctx), start=1):
        speaker = f"{escape(plain_name(item.speaker))}: " if item.speaker else ""
        timing = f"{ms_to_timestamp(start, ',')} --> {ms_to_timestamp(end, ',')}"
        out.append(f"{number}\n{timing}\n{speaker}{escape(isolate(one_line(text)))}\n")
    return "\n".join(out)


def comment(text: str) -> str:
    """Return `text` fit for a WebVTT NOTE block: one line, no `-->`, no bidi controls; idempotent."""
    text = plain_name(text)
    while "-->" in text:  # one pass turns `--->` into `-->`
        text = text.replace("-->", "->")
    return text


def note_block(item: ResolvedItem) -> str:
    """Return the NOTE block with the item's label, note, colour and tags, or ''."""
    parts = [comment(item.item.label), comment(item.item.note),
             " ".join("#" + "-".join(tag.split()) for tag in item.item.tags if tag.strip())]
    facts = " | ".join(p for p in parts if p)
    if not facts:
        return ""
    return f"NOTE {comment(facts)}\n\n"


def export_vtt(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the WebVTT cues of `items`, each voiced by its speaker, notes in NOTE blocks."""
    out = ["WEBVTT\n\n"]
    header = [f"Notes on: {ctx.title}"]
    if ctx.transcript_name:
        header.append(f"Transcript: {ctx.transcript_name}")
    if ctx.media_name:
        header.append(f"Recording: {ctx.media_name}")
    header.append(f"Exported: {ctx.exported_text}, {ctx.count} items")
    out.append("NOTE\n" + "\n".join(comment(line) for line in header) + "\n\n")
    for start, end, item, text in cues(items, ctx):
        voice = f"<v {escape(plain_name(item.speaker))}>" if item.speaker else ""
        identifier = comment("-".join(item.item.id.split()))  # spaces first: `- ->` must not become `-->`
        out.append(note_block(item))
        out.append(f"{identifier}\n" if identifier else "")
        out.append(f"{ms_to_timestamp(start, '.')} --> {ms_to_timestamp(end, '.')}\n{voice}"
                   f"{escape(isolate(one_line(text)))}\n\n")
    return "".join(out)
