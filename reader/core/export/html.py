"""HTML export: one self-contained page (inline CSS, no external requests) that prints well.

The interactive variant adds an `<audio>`/`<video>` element on the recording (a relative link) and makes
every timestamp a W3C media fragment link (`talk.mp4#t=12.5`) that a small inline script turns into a
seek of that element; in the whole transcript, when the recording's words were aligned, every word is a
`<span data-t="12.318">` that seeks to its start the same way. Transcript text, speakers, notes and file
names are untrusted: all of it is escaped, and a Content-Security-Policy admits only this page's own style
and script (by hash), so even markup that slipped through could neither load anything nor run.

The same page, without the player, is what the PDF export renders with Qt's rich text, which reads a
subset of HTML and CSS: the structure is kept to elements Qt knows (div, p, span, table, blockquote).
"""

from __future__ import annotations

import base64
import hashlib
import html
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from reader.core.display_text import has_controls, isolate_inner
from reader.core.export.common import (
    ExportContext,
    ResolvedItem,
    group_items,
    items_by_turn,
    marked_pieces,
    plain_name,
    seconds,
    stamp,
)
from reader.core.notes import COLOUR_TINTS

if TYPE_CHECKING:
    from reader.core.align.model import WordTime

NAME = "html"
EXTENSION = "html"

STYLE = """
body { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #ffffff; line-height: 1.45;
  max-width: 46em; margin: 1.5em auto; padding: 0 1em; }
h1 { font-family: Helvetica, Arial, sans-serif; font-size: 1.6em; line-height: 1.2; margin: 0 0 0.4em 0; }
h2 { font-family: Helvetica, Arial, sans-serif; font-size: 1.2em; margin: 1.4em 0 0.4em 0; color: #333333; }
table.meta { font-family: Helvetica, Arial, sans-serif; font-size: 0.9em; color: #333333; margin-bottom: 1em;
  border-collapse: collapse; }
table.meta th { text-align: left; font-weight: normal; color: #666666; padding: 0 1em 0 0; vertical-align: top; }
table.meta td { padding: 0; }
.item { margin: 1em 0 1.3em 0; break-inside: avoid; page-break-inside: avoid; }
.head { font-family: Helvetica, Arial, sans-serif; margin: 0 0 0.2em 0; }
.t { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; color: #555555; text-decoration: none; }
a.t { color: #1f4f99; }
a.t:hover, a.t:focus { text-decoration: underline; }
.w { cursor: pointer; }
.w:hover { text-decoration: underline; }
.speaker { font-weight: bold; }
.label { font-style: italic; }
blockquote { margin: 0.2em 0 0.3em 1.2em; padding-left: 0.8em; border-left: 3px solid #cccccc; }
.note { font-family: Helvetica, Arial, sans-serif; color: #24405c; margin: 0.3em 0 0.2em 1.2em; }
.facts { font-family: Helvetica, Arial, sans-serif; font-size: 0.85em; color: #666666; margin: 0.2em 0 0 1.2em; }
.tag { color: #1f4f99; }
.turn { margin: 0.8em 0; }
.turn p { margin: 0.1em 0; }
ul.notes { margin: 0.2em 0 0.6em 1.2em; font-family: Helvetica, Arial, sans-serif; font-size: 0.9em; color: #333333; }
.detached { color: #9a3b00; }
#player { position: sticky; top: 0; background: #ffffff; padding: 0.4em 0; border-bottom: 1px solid #dddddd; }
#player video { width: 100%; max-height: 40vh; }
#player audio { width: 100%; }
footer { font-family: Helvetica, Arial, sans-serif; font-size: 0.8em; color: #888888; margin-top: 2em; }
""" + "".join(f".c-{name} {{ background-color: {tint}; }}\n" for name, tint in COLOUR_TINTS.items()) + """
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  #player { display: none; }
  a.t { color: #555555; }
  .hl { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; page-break-after: avoid; }
}
"""

# Seeks the page's player on a click on a timestamp or a word; without scripts a timestamp link still opens
# the recording at that time, as a media fragment URL.
SCRIPT = """
(function () {
  var media = document.getElementById("media");
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-t]") : null;
    if (!link || !media) { return; }
    event.preventDefault();
    media.currentTime = parseFloat(link.getAttribute("data-t"));
    var playing = media.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  });
})();
"""


def csp_hash(text: str) -> str:
    """Return the CSP source expression that admits an inline element with exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(interactive: bool) -> str:
    """Return the page's policy: nothing from anywhere but its own style, script and the recording."""
    policy = f"default-src 'none'; style-src {csp_hash(STYLE)}; base-uri 'none'; form-action 'none'"
    if interactive:
        # `file:` too: a page opened from disk has an opaque origin in some browsers, which 'self' misses.
        policy += f"; media-src 'self' file:; script-src {csp_hash(SCRIPT)}"
    return policy


def esc(text: str) -> str:
    """Return `text` escaped for HTML text and double-quoted attributes."""
    return html.escape(text, quote=True)


def bdi(html_text: str, source: str) -> str:
    """Return `html_text` (made from `source`) in `<bdi>` when `source` has bidi controls: they end with it."""
    return f"<bdi>{html_text}</bdi>" if has_controls(source) else html_text


def multiline(text: str) -> str:
    """Return escaped `text` with its line breaks kept (isolated when it has bidi controls)."""
    return bdi("<br>".join(esc(isolate_inner(line)) for line in text.strip().split("\n")), text)


def time_link(ms: int | None, ctx: ExportContext) -> str:
    """Return the timestamp: a link that seeks the player in the interactive page, else plain text."""
    if ms is None or not (ctx.options.interactive and ctx.media_href):
        return f'<span class="t">{esc(stamp(ms))}</span>'
    at = seconds(max(0, ms))
    return f'<a class="t" href="{esc(ctx.media_href)}#t={at}" data-t="{at}">{esc(stamp(ms))}</a>'


def timed_words(text: str, offset: int, words: Sequence[WordTime], ends: Sequence[int]) -> str:
    """Return `text` (the turn's text from character `offset`) escaped, each of its words a span with its start.

    `ends` are the words' `char_end`s. A word cut by a highlight's edge is two spans with the same time.
    """
    out: list[str] = []
    pos, stop = offset, offset + len(text)
    index = bisect_right(ends, pos)  # the first word that ends after `pos`
    while pos < stop:
        word = words[index] if index < len(words) else None
        if word is None or word.char_start >= stop:
            out.append(esc(isolate_inner(text[pos - offset:])))
            break
        start, end = max(pos, word.char_start), min(stop, word.char_end)
        if start > pos:
            out.append(esc(isolate_inner(text[pos - offset:start - offset])))
        out.append(f'<span class="w" data-t="{seconds(max(0, word.start_ms))}">'
                   f"{esc(isolate_inner(text[start - offset:end - offset]))}</span>")
        pos = end
        index += 1 if end >= word.char_end else 0
    return "".join(out)


def marked(pieces: Iterable[tuple[str, str | None]], words: Sequence[WordTime] = ()) -> str:
    """Return text pieces escaped, the highlighted ones in their colour's tint, isolated if they need it.

    With `words` (the pieces are a whole turn's text), every word is a span carrying its start for the player.
    """
    pieces = list(pieces)
    ends = [word.char_end for word in words]
    inner, offset = [], 0
    for piece, colour in pieces:
        text = timed_words(piece, offset, words, ends) if words else esc(isolate_inner(piece))
        inner.append(f'<span class="hl c-{esc(colour)}">{text}</span>' if colour else text)
        offset += len(piece)
    return bdi("".join(inner), "".join(piece for piece, _ in pieces))


def quote_html(item: ResolvedItem, with_context: bool) -> str:
    """Return the item's quote, inside its turn when context is wanted."""
    context = item.context() if with_context and item.kind == "highlight" else None
    colour = item.colour if item.kind == "highlight" else None
    if context is None:
        return marked([(item.text, colour)])
    before, exact, after = context
    return marked([(before, None), (exact, colour), (after, None)])


def tags_html(names: Iterable[str]) -> str:
    """Return the tags as `#tag` spans."""
    return " ".join(f'<span class="tag">#{esc("-".join(plain_name(name).split()))}</span>'
                    for name in names if plain_name(name))


def facts_html(item: ResolvedItem) -> str:
    """Return the item's kind, colour, tags and status."""
    facts = [esc(item.kind.capitalize())]
    if item.colour:
        facts.append(esc(item.colour))
    if item.detached:
        facts.append('<span class="detached">no longer found in the transcript</span>')
    tags = tags_html(item.item.tags)
    if tags:
        facts.append(tags)
    return " · ".join(facts)


def item_html(item: ResolvedItem, ctx: ExportContext) -> str:
    """Return one item: timestamp, speaker and label, quote, note, facts."""
    head = [time_link(item.start_ms, ctx)]
    speaker = plain_name(item.speaker)
    if speaker:
        head.append(f'<span class="speaker">{esc(speaker)}</span>')
    label = plain_name(item.item.label)
    if label:  # the dash parts a speaker from the label; without a speaker it would dangle
        head.append(f'{"— " if speaker else ""}<span class="label">{esc(label)}</span>')
    parts = [f'<div class="item">\n<p class="head">{" ".join(head)}</p>']
    if item.text:
        parts.append(f"<blockquote>{quote_html(item, ctx.options.context)}</blockquote>")
    if item.item.note.strip():
        parts.append(f'<p class="note">{multiline(item.item.note)}</p>')
    parts.append(f'<p class="facts">{facts_html(item)}</p>\n</div>')
    return "\n".join(parts)


def entry_html(item: ResolvedItem, ctx: ExportContext) -> str:
    """Return one item as a list entry under its turn (whole-transcript export)."""
    text = f"{esc(item.kind.capitalize())} {time_link(item.start_ms, ctx)}"
    if item.colour:
        text += f" · {esc(item.colour)}"
    label = plain_name(item.item.label)
    if label:
        text += f' · <span class="label">{esc(label)}</span>'
    if item.item.note.strip():
        text += f" — {multiline(item.item.note)}"
    tags = tags_html(item.item.tags)
    if tags:
        text += f" {tags}"
    return f"<li>{text}</li>"


def whole_transcript_html(items: list[ResolvedItem], ctx: ExportContext) -> list[str]:
    """Return every turn with its highlights marked, each followed by its items."""
    by_turn, loose = items_by_turn(items)
    # Words are clickable only where there is a player to seek, and only when the recording was aligned.
    alignment = ctx.times.words if ctx.options.interactive and ctx.media_href else None
    out: list[str] = []
    for turn in ctx.transcript.turns:
        mine = by_turn.get(turn.index, [])
        speaker = f' <span class="speaker">{esc(plain_name(turn.speaker))}</span>' if turn.speaker else ""
        words = alignment.turn_words(turn.index) if alignment is not None else ()
        out.append(f'<div class="turn">\n<p class="head">{time_link(ctx.turn_start(turn), ctx)}{speaker}</p>\n'
                   f"<p>{marked(marked_pieces(turn.text, mine), words)}</p>")
        if mine:
            out.append('<ul class="notes">' + "".join(entry_html(item, ctx) for item in mine) + "</ul>")
        out.append("</div>")
    if loose:
        out.append("<h2>Not found in the transcript</h2>")
        out.extend(item_html(item, ctx) for item in loose)
    return out


def header_html(ctx: ExportContext) -> str:
    """Return the title and the table of facts about the export."""
    rows = []
    if ctx.transcript_name:
        rows.append(("Transcript", ctx.transcript_name))
    if ctx.media_name:
        rows.append(("Recording", ctx.media_name))
    if ctx.speakers:
        rows.append(("Speakers", ", ".join(ctx.speakers)))
    rows.append(("Exported", ctx.exported_text))
    rows.append(("Items", str(ctx.count)))
    table = "\n".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<h1>{esc(ctx.title)}</h1>\n<table class="meta" cellspacing="0" cellpadding="0">\n{table}\n</table>'


def player_html(ctx: ExportContext) -> str:
    """Return the player on the recording (relative link), or '' when there is none to show."""
    if not (ctx.options.interactive and ctx.media_href):
        return ""
    element = "video" if ctx.media_is_video else "audio"
    return (f'<div id="player"><{element} id="media" controls preload="metadata" src="{esc(ctx.media_href)}">'
            f"</{element}></div>")


def export(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the HTML export of `items`."""
    options = ctx.options
    interactive = bool(options.interactive and ctx.media_href)
    body: list[str] = [header_html(ctx)]
    player = player_html(ctx)
    if player:
        body.append(player)
    if options.whole_transcript:
        body.extend(whole_transcript_html(items, ctx))
    else:
        for name, members in group_items(items, options.group_by, ctx.speakers):
            if name:
                body.append(f"<h2>{esc(name)}</h2>")
            body.extend(item_html(item, ctx) for item in members)
    body.append("<footer>Exported with Transcript Reader.</footer>")
    script = f"<script>{SCRIPT}</script>\n" if interactive else ""
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(interactive)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Transcript Reader">\n'
        f"<title>{esc(ctx.title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body) + "\n" + script + "</body>\n</html>\n"
    )
