"""W3C Web Annotation export (JSON-LD): each item targets its quote in the transcript and its time in the
recording, so other annotation tools can read them.

The collection follows the Web Annotation Data Model (https://www.w3.org/TR/annotation-model/): an
AnnotationCollection whose first page embeds every Annotation. Targets: the transcript with a
TextQuoteSelector (the quote and the text around it), and the recording with a FragmentSelector holding a
W3C media fragment (`t=12.5,20`). The note, label and tags are TextualBody bodies; the highlight colour is
a CSS class on the text target with its stylesheet.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote as url_quote

from reader.core.export.common import ExportContext, ResolvedItem, dumps_with_item_lines, media_fragment
from reader.core.notes import COLOUR_TINTS, QUOTE_CONTEXT

NAME = "annotations"
EXTENSION = "jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_FRAGMENTS = "http://www.w3.org/TR/media-frags/"
MOTIVATIONS = {"highlight": "highlighting", "bookmark": "bookmarking"}
RGX_UUID_HEX = re.compile(r"[0-9a-f]{32}")


def annotation_id(item_id: str) -> str:
    """Return a URN for the item: its UUID when the id is one (ids made by the app are), else its name."""
    if RGX_UUID_HEX.fullmatch(item_id):
        h = item_id
        return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return "urn:transcript-reader:item:" + url_quote(item_id, safe="")


def text_selector(item: ResolvedItem) -> dict[str, Any]:
    """Return the TextQuoteSelector of the item's text, with the surrounding text from its turn."""
    selector: dict[str, Any] = {"type": "TextQuoteSelector", "exact": item.text}
    prefix = suffix = ""
    context = item.context()
    if context is not None:
        before, _, after = context
        prefix, suffix = before[-QUOTE_CONTEXT:], after[:QUOTE_CONTEXT]
    elif item.item.quote is not None:
        prefix, suffix = item.item.quote.prefix, item.item.quote.suffix
    if prefix:
        selector["prefix"] = prefix
    if suffix:
        selector["suffix"] = suffix
    return selector


def bodies(item: ResolvedItem) -> list[dict[str, Any]]:
    """Return the note, label and tags as TextualBody objects."""
    out: list[dict[str, Any]] = []
    note = item.item.note.strip()
    if note:
        out.append({"type": "TextualBody", "value": note, "format": "text/plain", "purpose": "commenting"})
    label = item.item.label.strip()
    if label:
        out.append({"type": "TextualBody", "value": label, "format": "text/plain", "purpose": "describing"})
    out.extend({"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in item.item.tags if tag.strip())
    return out


def annotation(item: ResolvedItem, transcript_iri: str, media_iri: str) -> dict[str, Any]:
    """Return one item as an Annotation on the transcript and recording at these (relative) IRIs."""
    targets: list[dict[str, Any]] = []
    if item.text:
        text_target: dict[str, Any] = {"type": "SpecificResource", "selector": text_selector(item)}
        if transcript_iri:
            text_target["source"] = transcript_iri
        if item.colour:
            text_target["styleClass"] = item.colour
        targets.append(text_target)
    if media_iri:
        end = item.cue_end_ms() if item.kind == "highlight" else None
        targets.append({
            "type": "SpecificResource",
            "source": media_iri,
            "selector": {"type": "FragmentSelector", "conformsTo": MEDIA_FRAGMENTS,
                         "value": media_fragment(max(0, item.start_ms), end)},
        })
    data: dict[str, Any] = {
        "id": annotation_id(item.item.id),
        "type": "Annotation",
        "motivation": MOTIVATIONS.get(item.kind, "highlighting"),
        "created": item.item.created,
        "modified": item.item.modified,
    }
    body = bodies(item)
    if body:
        data["body"] = body
    # Always lists, though the model allows a lone object: readers then need one code path.
    data["target"] = targets
    if item.colour in COLOUR_TINTS:
        data["stylesheet"] = {"type": "CssStylesheet",
                              "value": f".{item.colour} {{ background-color: {COLOUR_TINTS[item.colour]}; }}"}
    return data


def export(items: list[ResolvedItem], ctx: ExportContext) -> str:
    """Return the annotations of `items` as an AnnotationCollection (JSON-LD)."""
    transcript_iri = url_quote(ctx.transcript_name) if ctx.transcript_name else ""
    media_iri = url_quote(ctx.media_name) if ctx.media_name else ""
    collection = {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": ctx.title,
        "total": ctx.count,
        "generated": ctx.exported_at.isoformat(timespec="seconds"),
        "generator": {"type": "Software", "name": "Transcript Reader"},
        "first": {
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [annotation(item, transcript_iri, media_iri) for item in items],
        },
    }
    return dumps_with_item_lines(collection, ("first", "items"))
