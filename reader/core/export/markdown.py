"""Markdown export: clean CommonMark that Obsidian and Logseq read (quotes as `>` blocks, tags as `#tag`).

Transcript text and notes are not Markdown: every character that would become markup is escaped, so a
note reading `**not bold**` or `[link](x)` shows exactly that.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.display_text import FSI, PDI, has_controls, isolate, isolate_inner
from reader.core.export.common import (
    ExportContext,
    ResolvedItem,
    group_items,
    items_by_turn,
    marked_pieces,
    plain_name,
    stamp,
)

NAME = "markdown"
EXTENSION = "md"

# Markup anywhere in a line: CommonMark's emphasis, code, links, HTML and headings, GFM's tables and
# strikethrough (one `~` is enough there), Obsidian's `$math$`. A translate table: C speed, one pass.
ESCAPE_CHARS = str.maketrans({char: "\\" + char for char in "\\`*_[]<>#$|~"})
RGX_ANY_CHAR = re.compile(r"[\\`*_\[\]<>#$|~]")  # most text has none: skip the translate then
# `&` only where it would start an entity; Obsidian's `==highlight==` and `%%comment%%` and Logseq's
# `key:: value` properties only as pairs (one `=` or `:` is just text).
RGX_ENTITY = re.compile(r"&(?=#?\w+;)")
RGX_PAIR = re.compile(r"(==|%%|::)")
# Markup at the start of a line: leading spaces (an indented code block), list bullets, setext underlines
# and ordered-list numbers (`1.`, `2)`). `>` and `#` are escaped everywhere already.
RGX_LEADING_SPACE = re.compile(r"^[ \t]+", re.MULTILINE)
RGX_LEADING_MARK = re.compile(r"^([-+=])", re.MULTILINE)
RGX_LEADING_NUMBER = re.compile(r"^(\d+)([.)])", re.MULTILINE)
LINE_START_CHARS = frozenset(" \t-+=0123456789")
RGX_TAG_JUNK = re.compile(r"[^\w\-/]")


def _escape_pair(match: re.Match[str]) -> str:
    return "".join("\\" + char for char in match.group())


def _escape_line_starts(text: str) -> str:
    if "\n" not in text and text[:1] not in LINE_START_CHARS:
        return text  # the common case, a line that starts with a letter: no regex needed
    text = RGX_LEADING_SPACE.sub("", text)
    text = RGX_LEADING_MARK.sub(r"\\\1", text)
    return RGX_LEADING_NUMBER.sub(r"\1\\\2", text)


def escape(text: str, *, line_start: bool = True) -> str:
    """Return `text` with everything Markdown would read as markup escaped (line structure kept).

    `line_start=False` is for a piece that continues a line: its first line is not a line's start.
    """
    if RGX_ANY_CHAR.search(text):
        text = text.translate(ESCAPE_CHARS)
    if "&" in text:
        text = RGX_ENTITY.sub(r"\\&", text)
    if "==" in text or "%%" in text or "::" in text:
        text = RGX_PAIR.sub(_escape_pair, text)
    if line_start:
        return _escape_line_starts(text)
    first, newline, rest = text.partition("\n")
    return first + newline + _escape_line_starts(rest) if newline else text


def tag(name: str) -> str:
    """Return `name` as an Obsidian/Logseq tag (`#my-tag`), or '' when nothing usable is left."""
    cleaned = RGX_TAG_JUNK.sub("", "-".join(plain_name(name).split()))
    return f"#{cleaned}" if cleaned.strip("-/") else ""


def tags_text(names: Iterable[str]) -> str:
    """Return the tags as `#a #b`."""
    return " ".join(t for t in (tag(n) for n in names) if t)


def blockquote(text: str) -> str:
    """Return already-escaped `text` as a `>` block, blank lines kept inside it."""
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def strong(text: str, *, line_start: bool = False) -> str:
    """Return escaped `text` in `**`, with its edge spaces outside (`** x**` is not bold)."""
    core = text.strip()
    if not core:
        return escape(text, line_start=line_start)
    lead = text[:len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    if line_start:
        lead = ""
    return f"{lead}**{escape(core, line_start=False)}**{trail}"


def quote_text(item: ResolvedItem, with_context: bool) -> str:
    """Return the item's quote escaped, the highlight in bold inside its turn when context is wanted."""
    context = item.context() if with_context and item.kind == "highlight" else None
    if context is None:
        return escape(isolate(item.text))
    before, exact, after = context
    if not has_controls(item.turn_text()):
        return escape(before) + strong(exact, line_start=not before) + escape(after, line_start=False)
    before, exact, after = isolate_inner(before), isolate_inner(exact), isolate_inner(after)
    return FSI + escape(before) + strong(exact, line_start=False) + escape(after, line_start=False) + PDI


def item_facts(item: ResolvedItem) -> str:
    """Return the item's kind, colour, tags and status as one line."""
    facts = [item.kind.capitalize()]
    if item.colour:
        facts.append(item.colour)
    if item.detached:
        facts.append("no longer found in the transcript")
    tags = tags_text(item.item.tags)
    if tags:
        facts.append(tags)
    return " · ".join(facts)


def header(ctx: ExportContext) -> list[str]:
    """Return the title and the facts about the export."""
    lines = [f"# {escape(ctx.title)}", ""]
    if ctx.transcript_name:
        lines.append(f"- Transcript: {escape(ctx.transcript_name)}")
    if ctx.media_name:
        lines.append(f"- Recording: {escape(ctx.media_name)}")
    if ctx.speakers:
        lines.append(f"- Speakers: {escape(', '.join(ctx.speakers))}")
    lines.append(f"- Exported: {ctx.exported_text}")
    lines.append(f"- Items: {ctx.count}")
    lines.append("")
    return lines


def item_block(item: ResolvedItem, level: int, with_context: bool) -> list[str]:
    """Return the heading, quote, note and facts of one item."""
    when = stamp(item.start_ms)
    if item.transcript_start_ms is not None:
        when += f" (transcript {stamp(item.transcript_start_ms)})"
    title = f"{when} {escape(plain_name(item.speaker))}".rstrip()
    label = plain_name(item.item.label)
    if label:  # the dash parts a speaker from the label; without a speaker it would dangle
        title += f" — {escape(label)}" if plain_name(item.speaker) else f" {escape(label)}"
    lines = [f"{'#' * level} {title}", ""]
    if item.text:
        lines += [blockquote(quote_text(item, with_context)), ""]
    note = item.item.note.strip()
    if note:
        lines += [escape(isolate(note)), ""]
    lines += [item_facts(item), ""]
    return lines


def list_entry(item: ResolvedItem) -> str:
    """Return one item as a list entry under its turn (whole-transcript export)."""
    parts = [f"{item.kind.capitalize()} {stamp(item.start_ms)}"]
    if item.colour:
        parts.append(item.colour)
    label = plain_name(item.item.label)
    if label:
        parts.append(f"**{escape(label)}**")
    text = " · ".join(parts)
    note = item.item.note.strip()
    if note:
        # Continuation lines are indented to stay inside the list entry.
        text += " — " + escape(isolate(note)).replace("\n", "\n  ")
    tags = tags_text(item.item.tags)
    return f"- {text} {tags}".rstrip()


def whole_transcript(items: list[ResolvedItem], ctx: ExportContext) -> list[str]:
    """Return every turn, highlights in bold, each followed by its items."""
    by_turn, loose = items_by_turn(items)
    lines: list[str] = []
    for turn in ctx.transcript.turns:
        mine = by_turn.get(turn.index, [])
        text = "".join(strong(isolate_inner(piece)) if colour else escape(isolate_inner(piece), line_start=False)
                       for piece, colour in marked_pieces(turn.text, mine))
        if has_controls(turn.text):  # the turn's own bidi controls end with it, before the next line's time
            text = FSI + text + PDI
        who = f"{stamp(ctx.turn_start(turn))} {escape(plain_name(turn.speaker))}".rstrip()
        lines += [f"**{who}:** {text}", ""]
        if mine:
            lines += [list_entry(item) for item in mine] + [""]
    if loose:
        lines += ["## Not found in the transcript", ""]
        for item in loose:
            lines += item_block(item, 3, False)
    return lines


def export(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the Markdown export of `items`."""
    lines = header(ctx)
    options = ctx.options
    if options.whole_transcript:
        lines += whole_transcript(items, ctx)
    else:
        for name, members in group_items(items, options.group_by, ctx.speakers):
            level = 2
            if name:
                lines += [f"## {escape(name)}", ""]
                level = 3
            for item in members:
                lines += item_block(item, level, options.context)
    return "\n".join(lines).rstrip("\n") + "\n"
