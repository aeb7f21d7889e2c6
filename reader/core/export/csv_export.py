"""CSV export: one row per item, UTF-8 with a byte order mark so Excel reads accents right.

Notes and transcript text are untrusted, and a spreadsheet runs a cell that starts with `=`, `+`, `-` or
`@` as a formula (CSV injection): such cells get a leading apostrophe, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import io

from reader.core.display_text import BIDI_CONTROLS, isolate
from reader.core.display_text import neutralise as without_controls
from reader.core.export.common import ExportContext, ResolvedItem, group_items, plain_name, seconds
from reader.core.timecode import ms_to_clock

NAME = "csv"
EXTENSION = "csv"
BOM = "\ufeff"
COLUMNS = ("start", "end", "start_seconds", "end_seconds", "speaker", "kind", "colour", "label", "quote", "note",
           "tags", "context")
# Formula starters, with tab and carriage return (OWASP's list) and their full-width forms, which some
# spreadsheets fold to ASCII before deciding.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(cell: str) -> str:
    """Return `cell` so that no spreadsheet reads it as a formula (a leading `'` when it could be one)."""
    # Past spaces and the isolate around text with bidi controls: `\u2068=cmd` must not hide a formula.
    if cell.startswith(FORMULA_STARTS) or cell.lstrip(" " + BIDI_CONTROLS).startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def clock(ms: int | None) -> str:
    """Return `ms` as `H:MM:SS`, which spreadsheets read as a duration (`12:18` would be 12 hours)."""
    return "" if ms is None else ms_to_clock(ms, force_hours=True)


def row(item: ResolvedItem, with_context: bool) -> list[str]:
    """Return the cells of one item, neutralised."""
    end = item.end_ms if item.end_ms is not None and item.end_ms >= item.start_ms else None
    context = item.turn_text() if with_context and item.kind == "highlight" and item.turn is not None else ""
    cells = [
        clock(item.start_ms), clock(end), seconds(item.start_ms), "" if end is None else seconds(end),
        plain_name(item.speaker), item.kind, item.colour or "", without_controls(item.item.label), isolate(item.text),
        isolate(item.item.note), ", ".join(plain_name(t) for t in item.item.tags if t.strip()), isolate(context),
    ]
    return [neutralise(cell) for cell in cells]


def export(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the CSV export of `items`: a header row, then one row per item (by group when grouped)."""
    buffer = io.StringIO()
    # QUOTE_MINIMAL with the csv module's default `\r\n` rows (RFC 4180); cells with commas, quotes or
    # newlines are quoted, so a note of several lines stays one cell.
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for _, members in group_items(items, ctx.options.group_by, ctx.speakers):
        writer.writerows(row(item, ctx.options.context) for item in members)
    return BOM + buffer.getvalue()
