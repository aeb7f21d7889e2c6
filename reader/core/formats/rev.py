"""Rev transcripts: a `Speaker Name (HH:MM:SS):` header alone on its line, the paragraph(s) on the lines after.

A header without a name, `(00:01:51):`, is the same speaker going on after a pause: a new turn with the
previous turn's speaker. YAML front matter (`---` ... `---` at the top) is metadata, never turns.

This module also holds what every line-based text format shares (speaker-label checks, text cleaning,
front matter, footers, line counting); the other text formats import it from here, as they import
looks_like_name() from event_page.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.event_page import is_chrome, looks_like_name
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "rev"

# ---- Shared by the line-based text formats -------------------------------------------------------------

# A timecode as the text formats write it: `MM:SS` (minutes may pass 59), `H:MM:SS`, optional `.fff`.
# Seconds (and minutes after hours) are checked here, so a matched time always converts (clock_to_ms).
TIME = r"(?:\d{1,3}:[0-5]\d|\d{1,4}):[0-5]\d(?:[.,]\d{1,3})?"

# Labels that open a line the way a speaker's name does but that are prose ("Note: ...") or metadata.
PROSE_LABELS = frozenset(
    ["note", "notes", "nb", "n.b", "p.s", "ps", "warning", "caution", "tip", "hint", "example", "examples",
     "update", "edit", "edited", "source", "sources", "summary", "step", "result", "important", "disclaimer",
     "reference", "references", "see also", "todo", "fixme", "error", "output", "input", "usage",
     "description", "date", "time", "location", "subject", "from", "to", "cc", "re", "tags", "category",
     "author", "title", "keywords", "summary keywords", "speakers", "transcript", "duration", "link",
     "links", "website", "email", "phone", "address", "price", "status", "version", "rating", "definition"]
)

MAX_FRONT_MATTER_LINES = 200
RGX_FOOTER = re.compile(
    # "Transcribed by https://otter.ai" must be followed by a site only: speech may start "Transcribed by".
    r"^(?:Transcribed by\s+(?:https?://)?[\w\-]+(?:\.[\w\-]+)+\S*"
    r"|Transcript by Rev\.com"
    r"|This transcript was exported on\b.*"
    r"|Page \d{1,5} of \d{1,5})$",
    re.IGNORECASE,
)
RGX_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
RGX_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>\S.{0,300})$")
RGX_REV_TITLE = re.compile(r"^(?P<title>\S.{0,300}?)\s+\(Completed \d{1,2}/\d{1,2}/\d{2,4}\)$")


def looks_like_speaker(name: str) -> bool:
    """Return whether `name` reads as a speaker label: a person's name or a numbered one (`Speaker 2`)."""
    if name.casefold().rstrip(".") in PROSE_LABELS:
        return False
    if looks_like_name(name):
        return True
    # Rev, Otter and Descript call unidentified voices "Speaker 1"; looks_like_name() refuses digits.
    head, _, tail = name.rpartition(" ")
    return tail.isascii() and tail.isdigit() and len(tail) <= 3 and looks_like_name(head)


def clean_text(text: str) -> str:
    """Return `text` as plain words: Markdown escapes and bold marks removed, entities decoded, spaces collapsed."""
    # Markdown exports escape brackets (`\[laughs\]`) and web exports keep entities (`we&#39;re`).
    if "\\" in text:
        text = RGX_MD_ESCAPE.sub(r"\1", text)
    if "*" in text:
        text = text.replace("**", "")
    if "&" in text:
        text = html.unescape(text)
    return " ".join(text.split())


def is_furniture(line: str) -> bool:
    """Return whether `line` belongs to the page or the exporter (menus, footers) rather than to speech."""
    stripped = line.strip()
    return bool(stripped) and (is_chrome(stripped) or bool(RGX_FOOTER.match(stripped)))


def body_text(body: str) -> str:
    """Return a turn's text: the rest of its opening line, then the lines after it, page furniture dropped."""
    # The opening line's rest is speech whatever it looks like ("Ana: - yes"); only whole lines are checked.
    first, _, rest = body.partition("\n")
    return clean_text(" ".join([first, *(line for line in rest.split("\n") if not is_furniture(line))]))


def split_front_matter(text: str) -> tuple[dict[str, str], int]:
    """Return the YAML front matter's `key: value` pairs and the offset where the transcript starts."""
    first_end = text.find("\n")
    if first_end == -1 or text[:first_end].strip() != "---":
        return {}, 0
    meta: dict[str, str] = {}
    pos = first_end + 1
    # Bounded: a Markdown rule `---` on the first line with no closing one is not front matter.
    for _ in range(MAX_FRONT_MATTER_LINES):
        end = text.find("\n", pos)
        line = text[pos:] if end == -1 else text[pos:end]
        if line.strip() in ("---", "..."):
            return meta, len(text) if end == -1 else end + 1
        key, sep, value = line.partition(":")
        key = key.strip()
        if sep and key and not key[0].isspace() and " " not in key:
            meta[key.casefold()] = value.strip().strip("'\"")
        if end == -1:
            break
        pos = end + 1
    return {}, 0


def find_title(meta: dict[str, str], preamble: str) -> str | None:
    """Return the title from the front matter, else from a heading or Rev title line before the turns."""
    if meta.get("title"):
        return clean_text(meta["title"]) or None
    for line in preamble.split("\n"):
        stripped = line.strip()
        match = RGX_MD_HEADING.match(stripped) or RGX_REV_TITLE.match(stripped)
        if match:
            return clean_text(match["title"]) or None
    return None


def backwards_warning(line: int, stamp: str) -> str:
    """Return the warning for a time earlier than the one before it (the turn is kept where the file has it)."""
    return f"line {line}: {stamp} is earlier than the turn before it; kept in file order"


class LineCounter:
    """Give the 1-based line of increasing offsets in one text, counting each newline once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._offset = 0
        self._line = 1

    def at(self, offset: int) -> int:
        """Return the line that holds `offset`."""
        if offset < self._offset:  # not expected; restart rather than count wrong
            self._offset, self._line = 0, 1
        self._line += self._text.count("\n", self._offset, offset)
        self._offset = offset
        return self._line


# ---- Rev -----------------------------------------------------------------------------------------------

# The name is bounded ({0,80}, no parentheses, colons or newlines) so a prose line cannot make the regex
# backtrack; looks_like_speaker() decides whether it is a name. The header is alone on its line (the colon
# is optional there); text after it on the same line is accepted only after a colon, as on event pages, so
# files that mix both shapes lose no turn.
RGX_HEADER = re.compile(
    r"^[ \t]*(?:(?P<speaker>[^\W\d_][^():\n]{0,80}?)[ \t]+)?\((?P<time>\d{1,3}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)\)"
    r"(?:[ \t]*:?[ \t]*$|[ \t]*:[ \t]*(?P<inline>\S))",
    re.MULTILINE,
)


def _headers(text: str, start: int = 0) -> list[re.Match[str]]:
    """Return the header matches in `text` from `start`, names checked once per distinct name."""
    verdicts: dict[str, bool] = {}
    found = []
    for match in RGX_HEADER.finditer(text, start):
        name = match["speaker"]
        if name is not None:
            ok = verdicts.get(name)
            if ok is None:
                ok = verdicts[name] = looks_like_speaker(" ".join(name.split()))
            if not ok:
                continue
        found.append(match)
    return found


def sniff(text: str) -> int:
    """Return the number of turn lines seen: two per header alone on its line (the header, its paragraph)."""
    # event_page's header pattern also matches a header alone on its line, so a Rev file gives it one line
    # per turn; counting the paragraph line each Rev header introduces keeps Rev ahead, while a page of
    # `Name (t): text` lines (no header alone) scores 0 here.
    # A `(12:30)` alone on a line happens in prose; without one named header, nothing here is Rev's.
    sample = text[:200_000]
    _, start = split_front_matter(sample)
    alone = [match for match in _headers(sample, start) if match["inline"] is None]
    return 2 * len(alone) if any(match["speaker"] for match in alone) else 0


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no header is found."""
    meta, body_start = split_front_matter(text)
    headers = _headers(text, body_start)
    lines = LineCounter(text)
    turns: list[Turn] = []
    warnings: list[str] = []
    previous_start: int | None = None
    for i, match in enumerate(headers):
        line = lines.at(match.start())
        body_end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        body = text[match.start("inline") if match["inline"] else match.end():body_end]
        try:
            start = clock_to_ms(match["time"])
        except ValueError:
            warnings.append(f"line {line}: ({match['time']}) is not a time; the line is read as text")
            if turns:
                turns[-1].text = f"{turns[-1].text} {body_text(text[match.start():body_end])}".strip()
            continue
        if previous_start is not None and start < previous_start:
            warnings.append(backwards_warning(line, match["time"]))
        previous_start = start
        if match["speaker"] is not None:
            speaker: str | None = " ".join(match["speaker"].split())
        else:  # `(00:01:51):` alone: the same voice after a pause
            speaker = turns[-1].speaker if turns else None
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=body_text(body), line=line))

    if not turns:
        raise NotATranscriptError("not a transcript: no `Speaker (HH:MM:SS):` headers found", path=path)
    title = find_title(meta, text[body_start:headers[0].start()])
    transcript = Transcript(turns=turns, format=NAME, title=title, source=path, warnings=warnings)
    transcript.fill_ends()
    return transcript
