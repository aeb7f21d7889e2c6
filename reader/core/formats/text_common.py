"""What the line-based text formats share: text cleaning, page chrome and footers, front matter, titles,
line numbers."""

from __future__ import annotations

import html
import re

# A timecode as the text formats write it: `MM:SS` (minutes may pass 59), `H:MM:SS`, optional `.fff`.
# Seconds (and minutes after hours) are checked here, so a matched time always converts (clock_to_ms).
TIME = r"(?:\d{1,3}:[0-5]\d|\d{1,4}):[0-5]\d(?:[.,]\d{1,3})?"

# Lines that event pages put around a transcript; matched case-insensitively after stripping.
CHROME_LINES = frozenset(
    line.casefold()
    for line in (
        "+ Read More", "Read More", "Read Less", "- Read Less", "Terms of Use", "Privacy Policy", "Powered by",
        "Share", "Sign In", "SIGN IN", "Sign Up", "Log In", "timezone", "go back", "see all videos", "play",
        "SUMMARY", "TRANSCRIPT", "SPEAKER", "SPEAKERS", "Watch More", "Related", "Comments", "Cookie Policy",
        # rev.com-style transcript sites
        "Transcripts Home", "About Rev", "Share this post", "Copyright Disclaimer", "TRANSCRIPT BELOW",
        "Transcript below", "Full transcript", "Read the transcript here.",
    )
)
# Lines after which a transcript site's page is no longer the transcript ("Hungry For More?" opens Rev's
# blog teaser, "Copyright Disclaimer" its legal notice): nothing after them is speech.
TRAILER_LINES = frozenset(
    line.casefold() for line in ("Hungry For More?", "Copyright Disclaimer", "Share this post", "Related Posts")
)
# A page flattened onto one line keeps its line breaks as literal `\n` escapes (a scraped JSON string).
MIN_ESCAPED_BREAKS = 3
RGX_CHROME = re.compile(r"^(?:[•·▪◦\-*]\s|#\s|[+-]\d{2}:\d{2}\s+[A-Z]{2,5}$|©|Copyright\b)")

MAX_FRONT_MATTER_LINES = 200
RGX_FOOTER = re.compile(
    # "Transcribed by https://otter.ai" must be followed by a site only: speech may start "Transcribed by".
    # `name.x` then any non-space: `(?:\.[\w\-]+)+\S*` said the same but backtracked quadratically.
    r"^(?:Transcribed by\s+(?:https?://)?[\w\-]+\.[\w\-]\S*"
    r"|Transcript by Rev\.com"
    r"|This transcript was exported on\b.*"
    r"|Page \d{1,5} of \d{1,5})$",
    re.IGNORECASE,
)
RGX_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
RGX_MD_HEADING = re.compile(r"^#{1,6}[ \t]+(?P<title>\S.{0,300})$")
RGX_REV_TITLE = re.compile(r"^(?P<title>\S.{0,300}?)\s+\(Completed \d{1,2}/\d{1,2}/\d{2,4}\)$")


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


def is_chrome(line: str) -> bool:
    """Return whether `line` is part of the web page rather than of what was said."""
    stripped = line.strip()
    folded = stripped.casefold()
    return folded in CHROME_LINES or folded in TRAILER_LINES or bool(RGX_CHROME.match(stripped))


def is_trailer(line: str) -> bool:
    """Return whether `line` starts the page's matter after the transcript (its turns end before it)."""
    return line.strip().casefold() in TRAILER_LINES


def unflatten(text: str) -> str:
    """Return `text` with literal `\\n` escapes made line breaks when it is a page flattened onto one line."""
    # A real transcript has a line break every few hundred characters; a flattened one has (almost) none
    # but many escapes. Text with real line breaks is left as it is, so a `\n` written in speech stays.
    if text.count("\\n") < MIN_ESCAPED_BREAKS or text.count("\n") > 2:
        return text
    return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", " ").replace('\\"', '"')


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

