"""TTML and DFXP captions (W3C Timed Text: Netflix, Amazon, broadcasters, Apple's word-timed lyrics).

Every `<p>` with a time is a cue; `<span>`s with their own `begin` become times inside it. Times are clock
times (`00:01:02.5`, `00:01:02:12` with frames), or offsets (`0.76s`, `1.5m`, `872122500t` in ticks of
`ttp:tickRate`, `12f` frames of `ttp:frameRate`), relative to the enclosing `<body>`/`<div>`'s begin as
TTML's default `par` timing says. Speakers come from `ttm:agent` (its `<ttm:name>` when the head has one)
or from `Name: ` labels in the text. Namespaces are ignored: DFXP's old ttaf1 ones are read the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import MAX_LABEL_CHARS, assign_speakers, build_transcript, speaker_label
from reader.core.timecode import MAX_MS
from reader.core.transcript import Transcript

NAME = "ttml"
LABEL = "TTML or DFXP captions"
EXTENSIONS = (".ttml", ".dfxp", ".xml")
SUMMARY = "W3C Timed Text: clock, offset (`0.76s`), frame and tick (`872122500t`) times, `ttm:agent` speakers"

# The root element, after an XML declaration, comments or a doctype: `<tt` or a prefixed `<tt:tt`.
RGX_ROOT = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?tt[\s>]")
RGX_TIMED_P = re.compile(r"<(?:[A-Za-z_][\w.\-]*:)?p\b[^>]*\bbegin\s*=")
# Apple's word-timed TTML writes `3:58.640` and bare seconds (`19.764`), which TTML does not allow; real
# files do, so we read them (hours optional, a unitless offset in seconds).
RGX_CLOCK = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:(\.\d+)|:(\d{1,3})(?:\.(\d+))?)?$")
RGX_OFFSET = re.compile(r"^(\d{1,12}(?:\.\d+)?)(h|ms|m|s|f|t)?$")
# Entity declarations are how an XML file makes a parser expand a few bytes into gigabytes; captions
# never need them.
RGX_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
XML_NS = "{http://www.w3.org/XML/1998/namespace}"


@dataclass(slots=True)
class Rates:
    """The document's time parameters (`ttp:` attributes on the root)."""

    frame_rate: float = 30.0
    sub_frame_rate: int = 1
    tick_rate: float = 1.0


def local(name: str) -> str:
    """Return a tag or attribute name without its namespace."""
    return name.rpartition("}")[2]


def attribute(element: ET.Element, name: str) -> str | None:
    """Return the attribute `name` of `element` in any namespace (`begin`, `ttp:tickRate`, `ttm:agent`)."""
    value = element.get(name)
    if value is not None:
        return value
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


def read_rates(root: ET.Element) -> Rates:
    """Return the frame and tick rates the root declares, with TTML's defaults."""
    rates = Rates()
    try:
        frame = attribute(root, "frameRate")
        if frame:
            rates.frame_rate = float(int(frame))
        multiplier = attribute(root, "frameRateMultiplier")
        if multiplier:
            numerator, _, denominator = multiplier.partition(" ")
            rates.frame_rate *= int(numerator) / int(denominator or 1)
        sub = attribute(root, "subFrameRate")
        if sub:
            rates.sub_frame_rate = max(1, int(sub))
        tick = attribute(root, "tickRate")
        # TTML: without tickRate, ticks are frames (times sub-frames) when a frame rate is given, else seconds.
        if tick:
            rates.tick_rate = float(int(tick))
        elif frame:
            rates.tick_rate = rates.frame_rate * rates.sub_frame_rate
    except (ValueError, ZeroDivisionError):
        pass
    rates.frame_rate = rates.frame_rate if rates.frame_rate > 0 else 30.0
    rates.tick_rate = rates.tick_rate if rates.tick_rate > 0 else 1.0
    return rates


def time_to_ms(value: str | None, rates: Rates) -> int | None:
    """Return the milliseconds of a TTML time expression, or None when it is missing or not one."""
    if value is None:
        return None
    value = value.strip()
    match = RGX_CLOCK.match(value)
    if match:
        hours, minutes, seconds, fraction, frames, sub_frames = match.groups()
        total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
        if fraction:
            total += float(fraction)
        if frames:
            total += int(frames) / rates.frame_rate
            if sub_frames:
                total += float("0." + sub_frames) / rates.frame_rate
        ms = round(total * 1000)
    else:
        match = RGX_OFFSET.match(value)
        if match is None:
            return None
        number, unit = float(match[1]), match[2]
        scale = {"h": 3_600_000, "m": 60_000, "s": 1000, "ms": 1, "f": 1000 / rates.frame_rate,
                 "t": 1000 / rates.tick_rate, None: 1000}[unit]
        ms = round(number * scale)
    return ms if 0 <= ms <= MAX_MS else None


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of timed `<p>` elements when the head of `text` is a TTML document."""
    head = text[:SNIFF_CHARS]
    root = RGX_ROOT.search(head, 0, 4000)
    if root is None or ("ttml" not in head[:4000] and "ttaf1" not in head[:4000]):
        return 0
    count = sum(1 for _ in RGX_TIMED_P.finditer(head))
    return SIGNATURE + count if count else 0


def _agents(root: ET.Element) -> dict[str, str]:
    """Return each `ttm:agent`'s id and its name (`<ttm:name>`, else the id)."""
    agents: dict[str, str] = {}
    for element in root.iter():
        if local(element.tag) != "agent":
            continue
        ident = element.get(f"{XML_NS}id") or attribute(element, "id")
        if not ident:
            continue
        names = [" ".join("".join(child.itertext()).split()) for child in element if local(child.tag) == "name"]
        agents[ident] = next((name for name in names if name), ident)
    return agents


def _title(root: ET.Element) -> str | None:
    """Return the document's `ttm:title`, if it has one."""
    for element in root.iter():
        if local(element.tag) == "title" and element.text and element.text.strip():
            return " ".join(element.text.split())
    return None


def _text_and_times(p: ET.Element, begin: int, end: int | None,
                    rates: Rates) -> tuple[str, list[tuple[int, int]], str | None]:
    """Return a `<p>`'s raw text (`<br/>` as a line break), its spans' times as (offset, ms), and a span's agent.

    Layout whitespace stays in the text: merging cues collapses it and moves the offsets with it.
    """
    parts: list[str] = []
    words: list[tuple[int, int]] = []
    agents: list[str] = []
    length = 0

    def add(piece: str | None) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            length += len(piece)

    def walk(element: ET.Element, offset_ms: int) -> None:
        for child in element:
            name = local(child.tag)
            if name == "br":
                add("\n")
            elif name == "metadata":
                pass  # descriptions and alternative text, not what is said
            else:
                start = time_to_ms(attribute(child, "begin"), rates)
                child_begin = offset_ms + start if start is not None else offset_ms
                # TTML counts a span's begin from its paragraph's; Apple's lyrics give the media time, which
                # then lies inside the paragraph's own interval.
                if start is not None and end is not None and begin <= start <= end:
                    child_begin = start
                if start is not None:
                    words.append((length, child_begin))
                who = attribute(child, "agent")
                if who:
                    agents.append(who)
                add(child.text)
                walk(child, child_begin)
            add(child.tail)

    add(p.text)
    walk(p, begin)
    return "".join(parts), words, agents[0] if agents else None


def _label(text: str, verdicts: dict[str, bool]) -> tuple[str, int, bool] | None:
    """Return the `Name: ` label opening a cue's raw text, as `subtitle_blocks.speaker_label` does."""
    colon = text.find(":", 0, MAX_LABEL_CHARS)
    if colon < 0:
        return None
    # Indented TTML puts the label on a line of its own (`MAN:` then `<br/>`): read it with the layout
    # whitespace collapsed, then cut the raw text after the colon and the whitespace that follows it.
    label = speaker_label(" ".join(text.split()), verdicts)
    if label is None:
        return None
    cut = colon + 1
    while cut < len(text) and text[cut].isspace():
        cut += 1
    return label[0], cut, label[2]


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in TTML `text`; raise TranscriptError for XML that is broken or not TTML."""
    if RGX_ENTITY_DECLARATION.search(text):
        raise TranscriptError("not read: the XML declares entities, which captions never need", path=path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise TranscriptError(f"invalid XML: {exc}", path=path, line=exc.position[0]) from None
    if local(root.tag) != "tt":
        raise NotATranscriptError(f"not a TTML document: the root element is <{local(root.tag)}>", path=path)
    rates = read_rates(root)
    agents = _agents(root)
    cues: list[Cue] = []
    labels: list[tuple[str, int, bool] | None] = []
    verdicts: dict[str, bool] = {}
    warnings: list[str] = []
    body = next((child for child in root if local(child.tag) == "body"), None)
    if body is None:
        raise NotATranscriptError("not a transcript: the TTML document has no <body>", path=path)

    def visit(element: ET.Element, offset_ms: int, agent: str | None, timed: bool) -> None:
        begin = time_to_ms(attribute(element, "begin"), rates)
        here = offset_ms + (begin or 0)
        timed = timed or begin is not None
        agent = attribute(element, "agent") or agent
        if local(element.tag) == "p":
            end = time_to_ms(attribute(element, "end"), rates)
            duration = time_to_ms(attribute(element, "dur"), rates)
            if end is not None:
                end += offset_ms
            elif duration is not None:
                end = here + duration
            raw_begin = attribute(element, "begin")
            if raw_begin is not None and begin is None:
                warnings.append(f"paragraph {len(cues) + 1}: begin {raw_begin[:30]!r} is not a TTML time; ignored")
            body_text, words, span_agent = _text_and_times(element, here, end, rates)
            if not body_text.strip():
                return
            speaker_id = agent or span_agent
            # A <p> without a time of its own or above it starts with its first timed span (word-timed lyrics).
            start = here if timed else (words[0][1] if words else None)
            cue = Cue(start, end, body_text, agents.get(speaker_id, speaker_id) if speaker_id else None,
                      words=words)
            cues.append(cue)
            labels.append(_label(body_text, verdicts) if cue.speaker is None else None)
            return
        for child in element:
            if local(child.tag) in ("div", "p", "body"):
                visit(child, here, agent, timed)

    visit(body, 0, None, False)
    if not cues:
        raise NotATranscriptError("not a transcript: no <p> with text in the TTML body", path=path)
    if any(label is not None for label in labels):
        named = [cue.speaker for cue in cues]
        assign_speakers(cues, labels)
        for cue, speaker in zip(cues, named, strict=True):
            cue.speaker = speaker or cue.speaker
    return build_transcript(cues, warnings, format=NAME, path=path, title=_title(root))
