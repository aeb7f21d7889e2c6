"""JSON export: the notes model's items with their resolved quotes, and the header facts."""

from __future__ import annotations

from typing import Any

from reader.core.export.common import ExportContext, ResolvedItem, dumps_with_item_lines, group_items
from reader.core.timecode import ms_to_clock

NAME = "json"
EXTENSION = "json"
FORMAT_ID = "transcript-reader-notes-export"
FORMAT_VERSION = 1


def item_json(item: ResolvedItem, with_context: bool, group: str) -> dict[str, Any]:
    """Return the item as the notes file stores it, plus what the export resolved."""
    data = item.item.to_json()
    data.update({
        "start": ms_to_clock(item.start_ms),
        "end": None if item.end_ms is None else ms_to_clock(item.end_ms),
        # The clock above is for reading; these keep the milliseconds (a quote's own words, from word times).
        "start_seconds": item.start_ms / 1000,
        "end_seconds": None if item.end_ms is None else item.end_ms / 1000,
        "speaker": item.speaker,
        "text": item.text,
        "context": item.turn_text() if with_context and item.turn is not None else None,
        "detached": item.detached,
    })
    if item.transcript_start_ms is not None:
        data["transcript_start"] = ms_to_clock(item.transcript_start_ms)
    if group:
        data["group"] = group
    return data


def export(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the JSON export of `items`."""
    options = ctx.options
    document = {
        "format": FORMAT_ID,
        "version": FORMAT_VERSION,
        "title": ctx.title,
        "transcript": ctx.transcript_name or None,
        "media": ctx.media_name,
        "speakers": ctx.speakers,
        "exported": ctx.exported_at.isoformat(timespec="seconds"),
        "count": ctx.count,
        "options": {
            "kinds": sorted(options.kinds),
            "colours": None if options.colours is None else sorted(options.colours),
            "context": options.context,
            "group_by": options.group_by,
        },
        "items": [item_json(item, options.context, name)
                  for name, members in group_items(items, options.group_by, ctx.speakers) for item in members],
    }
    return dumps_with_item_lines(document, ("items",))
