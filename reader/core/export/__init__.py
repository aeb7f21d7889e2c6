"""Exporting notes: bookmarks and highlights with their quotes, in the formats people take them elsewhere.

One module per format; each has an `export(items, ctx) -> str` over the resolved items and the header
facts. `export_notes` is what the window and the command line call. PDF is listed in EXPORT_FORMATS (the
dialog, the command line and the README read its facts there) but written elsewhere: it needs Qt, and
`reader.qt.pdf_export` prints this package's HTML.

Every format returns text; write it as UTF-8 bytes, unchanged (`text.encode("utf-8")`): CSV starts with a
byte order mark and ends its rows with `\\r\\n`, which text-mode newline translation would double on Windows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.core.export import csv_export, html, json_export, markdown, srt_vtt, web_annotation
from reader.core.export.common import (
    ExportContext,
    ExportOptions,
    ResolvedItem,
    build_context,
    group_items,
    media_times,
    resolve_items,
)
from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript

if TYPE_CHECKING:
    from reader.core.align.model import Alignment

__all__ = [
    "ALIASES",
    "EXPORTERS",
    "EXPORT_FORMATS",
    "OPTIONS",
    "ExportContext",
    "ExportFormat",
    "ExportOptions",
    "ResolvedItem",
    "export_notes",
    "exporter",
    "group_items",
    "resolve_items",
    "shows_words",
]

# The ExportOptions a format may honour besides `kinds` and `colours` (every format filters by those), with
# the words the README uses for them.
OPTIONS = {
    "title": "title",
    "context": "context",
    "group_by": "grouping",
    "whole_transcript": "whole transcript",
    "interactive": "player",
}


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """An export format as every front end shows it: name, label, file extension, options, and its writer.

    `options` are the OPTIONS it honours (the export dialog enables only those); `aliases` are other names
    the command line takes (`md`, `webanno`). A format that `prints` another (PDF prints the HTML) has no
    writer here: Qt renders it, and export_notes() refuses it.
    """

    name: str
    label: str
    extension: str
    export: Callable[[list[ResolvedItem], ExportContext], str] | None
    options: frozenset[str] = frozenset()
    aliases: tuple[str, ...] = ()
    prints: str | None = None

    @property
    def whole_transcript(self) -> bool:
        """Return whether the format can write the whole transcript with highlights marked."""
        return "whole_transcript" in self.options


# In the order the dialog and the help list them: PDF right after HTML, which it prints.
EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(markdown.NAME, "Markdown", markdown.EXTENSION, markdown.export,
                 frozenset({"title", "context", "group_by", "whole_transcript"}), aliases=("md",)),
    ExportFormat(html.NAME, "HTML", html.EXTENSION, html.export,
                 frozenset({"title", "context", "group_by", "whole_transcript", "interactive"}), aliases=("htm",)),
    # No player on paper.
    ExportFormat("pdf", "PDF", "pdf", None, frozenset({"title", "context", "group_by", "whole_transcript"}),
                 prints=html.NAME),
    ExportFormat(csv_export.NAME, "CSV", csv_export.EXTENSION, csv_export.export, frozenset({"context", "group_by"})),
    ExportFormat(json_export.NAME, "JSON", json_export.EXTENSION, json_export.export,
                 frozenset({"title", "context", "group_by"})),
    ExportFormat(web_annotation.NAME, "Web Annotation JSON-LD", web_annotation.EXTENSION, web_annotation.export,
                 frozenset({"title"}), aliases=("webanno", "jsonld")),
    ExportFormat(srt_vtt.SRT_NAME, "SubRip subtitles (SRT)", srt_vtt.SRT_EXTENSION, srt_vtt.export_srt,
                 frozenset({"context"})),
    ExportFormat(srt_vtt.VTT_NAME, "WebVTT subtitles (VTT)", srt_vtt.VTT_EXTENSION, srt_vtt.export_vtt,
                 frozenset({"title", "context"}), aliases=("webvtt",)),
)
# The formats export_notes() writes, by name.
EXPORTERS: dict[str, ExportFormat] = {fmt.name: fmt for fmt in EXPORT_FORMATS if fmt.prints is None}
# The command line's short names (`--format md|webanno`) and the extensions people type.
ALIASES = {alias: fmt.name for fmt in EXPORT_FORMATS for alias in fmt.aliases}


def exporter(fmt: str) -> ExportFormat:
    """Return the format named `fmt` (or one of its aliases); raise ValueError naming the known ones."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join([*EXPORTERS, *ALIASES])
        raise ValueError(f"unknown export format {fmt!r} (known: {known})") from None


def shows_words(fmt: str, options: ExportOptions) -> bool:
    """Return whether format `fmt` with `options` uses word times (the interactive whole-transcript HTML).

    Callers look the alignment up (`reader.core.align.cache.load_alignment`) only then: it reads the
    whole recording to hash it.
    """
    return exporter(fmt).name == html.NAME and options.interactive and options.whole_transcript


def export_notes(transcript: Transcript, document: NotesDocument, fmt: str, options: ExportOptions | None = None,
                 *, media_path: Path | str | None = None, output_path: Path | str | None = None,
                 limit: int | None = None, words: Alignment | None = None) -> str:
    """Return the export of `document`'s items on `transcript` in format `fmt`.

    `media_path` defaults to the notes' recording; `output_path` is where the result will be written, so
    the interactive HTML can link the recording relatively. `limit` renders only the first items (a
    preview; the header still counts them all; a whole-transcript export marks them all). `words`, the
    recording's word times (an `Alignment` of these turns), make every word of the interactive whole
    transcript seek to its start. Nothing here changes `document`.
    """
    chosen = exporter(fmt)
    assert chosen.export is not None  # EXPORTERS holds only formats with a writer
    options = options or ExportOptions()
    times = media_times(transcript, document).with_words(words)
    items = resolve_items(transcript, document, options, times)
    ctx = build_context(transcript, document, options, len(items), media_path=media_path, output_path=output_path,
                        times=times)
    if limit is not None and not (options.whole_transcript and chosen.whole_transcript):
        items = items[:limit]
    return chosen.export(items, ctx)
