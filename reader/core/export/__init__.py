"""Exporting notes: bookmarks and highlights with their quotes, in the formats people take them elsewhere.

One module per format; each has an `export(items, ctx) -> str` over the resolved items and the header
facts. `export_notes` is what the window and the command line call. PDF is not here: it needs Qt, and
lives in `reader.qt.pdf_export`, which renders this package's HTML.

Every format returns text; write it as UTF-8 bytes, unchanged (`text.encode("utf-8")`): CSV starts with a
byte order mark and ends its rows with `\\r\\n`, which text-mode newline translation would double on Windows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reader.core.export import csv_export, html, json_export, markdown, srt_vtt, web_annotation
from reader.core.export.common import (
    ExportContext,
    ExportOptions,
    ResolvedItem,
    build_context,
    group_items,
    resolve_items,
)
from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript

__all__ = [
    "ALIASES",
    "EXPORTERS",
    "ExportContext",
    "ExportFormat",
    "ExportOptions",
    "ResolvedItem",
    "export_notes",
    "exporter",
    "group_items",
    "resolve_items",
]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A text export format: its name, what the user sees, the file extension and the writer."""

    name: str
    label: str
    extension: str
    export: Callable[[list[ResolvedItem], ExportContext], str]
    # Whether the format can write the whole transcript with highlights marked (the others list items).
    whole_transcript: bool = False


EXPORTERS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat(markdown.NAME, "Markdown", markdown.EXTENSION, markdown.export, whole_transcript=True),
        ExportFormat(html.NAME, "HTML", html.EXTENSION, html.export, whole_transcript=True),
        ExportFormat(csv_export.NAME, "CSV", csv_export.EXTENSION, csv_export.export),
        ExportFormat(json_export.NAME, "JSON", json_export.EXTENSION, json_export.export),
        ExportFormat(web_annotation.NAME, "Web Annotation JSON-LD", web_annotation.EXTENSION,
                     web_annotation.export),
        ExportFormat(srt_vtt.SRT_NAME, "SubRip subtitles (SRT)", "srt", srt_vtt.export_srt),
        ExportFormat(srt_vtt.VTT_NAME, "WebVTT subtitles (VTT)", "vtt", srt_vtt.export_vtt),
    )
}
# The command line's short names (`--format md|webanno`) and the extensions people type.
ALIASES = {"md": "markdown", "htm": "html", "webanno": "annotations", "jsonld": "annotations", "webvtt": "vtt"}


def exporter(fmt: str) -> ExportFormat:
    """Return the format named `fmt` (or one of its aliases); raise ValueError naming the known ones."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    try:
        return EXPORTERS[name]
    except KeyError:
        known = ", ".join([*EXPORTERS, *ALIASES])
        raise ValueError(f"unknown export format {fmt!r} (known: {known})") from None


def export_notes(transcript: Transcript, document: NotesDocument, fmt: str, options: ExportOptions | None = None,
                 *, media_path: Path | str | None = None, output_path: Path | str | None = None,
                 limit: int | None = None) -> str:
    """Return the export of `document`'s items on `transcript` in format `fmt`.

    `media_path` defaults to the notes' recording; `output_path` is where the result will be written, so
    the interactive HTML can link the recording relatively. `limit` renders only the first items (a
    preview; the header still counts them all; a whole-transcript export marks them all). Nothing here
    changes `document`.
    """
    chosen = exporter(fmt)
    options = options or ExportOptions()
    items = resolve_items(transcript, document, options)
    ctx = build_context(transcript, document, options, len(items), media_path=media_path, output_path=output_path)
    if limit is not None and not (options.whole_transcript and chosen.whole_transcript):
        items = items[:limit]
    return chosen.export(items, ctx)
