"""What reads as a speaker's name: the rules every format applies to the words before a colon or a time."""

from __future__ import annotations

import re

RGX_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’\-]*$")

# Bidi marks (LRM, RLM, ALM), embeddings, overrides and isolates, as a regex class's contents: pages set right to
# left put them around speakers' names and a copy keeps them; they are no part of the name.
BIDI_MARKS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
_DROP_BIDI = dict.fromkeys([0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])

# Lower-case words that real names carry ("Ursula von der Leyen", "Luis de la Cruz").
NAME_PARTICLES = frozenset(
    ["al", "bin", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le", "van", "von", "y",
     "ibn", "ter", "ten", "zu", "af", "av"]
)
MAX_NAME_WORDS = 6
# What services and transcribers call a voice they cannot name, followed by a number (`Speaker 2`).
NUMBERED_VOICES = frozenset(
    ["speaker", "unknown speaker", "person", "participant", "voice", "interviewer", "interviewee", "respondent",
     "guest", "host", "moderator", "caller", "audience member", "audience", "student", "teacher", "male",
     "female", "man", "woman", "reporter"]
)
POSSESSIVES = ("'s", "’s")

# Labels that open a line the way a speaker's name does but that are prose ("Note: ...") or metadata.
PROSE_LABELS = frozenset(
    ["note", "notes", "nb", "n.b", "p.s", "ps", "warning", "caution", "tip", "hint", "example", "examples",
     "update", "edit", "edited", "source", "sources", "summary", "step", "result", "important", "disclaimer",
     "reference", "references", "see also", "todo", "fixme", "error", "output", "input", "usage",
     "description", "date", "time", "location", "subject", "from", "to", "cc", "re", "tags", "category",
     "author", "title", "keywords", "summary keywords", "speakers", "transcript", "duration", "link",
     "links", "website", "email", "phone", "address", "price", "status", "version", "rating", "definition",
     # section labels of podcast show notes (`**News:**`, `**Resources:**`), printed above the transcript
     "news", "resources", "resource", "show notes", "episode notes", "notes and links", "links mentioned",
     "mentioned", "sponsors", "sponsor links", "credits", "chapters", "timestamps", "time stamps", "topics",
     "highlights", "further reading", "related", "related episodes", "transcript below", "full transcript",
     "guests", "books", "tools", "articles", "follow", "follow us", "support", "support the show", "contact",
     "social", "socials", "newsletter", "episode", "show links", "key takeaways", "takeaways", "quotes"]
)

# Labels that name a part of the show, not a voice (`**Break:** [26:58]`, `Jingle:`).
NON_SPEAKER_LABELS = frozenset(
    ["break", "ad break", "ad", "ads", "jingle", "intro", "outro", "intro music", "outro music", "music",
     "theme music", "sponsor", "interlude", "bumper", "promo", "cold open"]
)


def clean_name(name: str) -> str:
    """Return the words before a colon or a time as a speaker: bidi marks and controls gone, spaces collapsed."""
    return " ".join(name.translate(_DROP_BIDI).split())


def looks_like_name(text: str) -> bool:
    """Return whether `text` reads as a person's name (and not as the start of a sentence)."""
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if not words[0][0].isupper():
        return False
    for word in words:
        if not RGX_NAME_WORD.match(word):
            return False
        if word[0].islower() and word.casefold() not in NAME_PARTICLES:
            return False
    return True


def is_numbered_voice(name: str) -> bool:
    """Return whether `name` is an unnamed voice with a number (`Speaker 2`, `Interviewer 1`), not `Room 4`."""
    head, _, tail = name.rpartition(" ")
    return tail.isascii() and tail.isdigit() and len(tail) <= 3 and head.casefold() in NUMBERED_VOICES


def looks_like_speaker(name: str) -> bool:
    """Return whether `name` reads as a speaker label: a person's name or a numbered one (`Speaker 2`)."""
    if name.casefold().rstrip(".") in PROSE_LABELS:
        return False
    if looks_like_name(name):
        return True
    # Rev, Otter and Descript call unidentified voices "Speaker 1"; looks_like_name() refuses digits.
    head, _, tail = name.rpartition(" ")
    return tail.isascii() and tail.isdigit() and len(tail) <= 3 and looks_like_name(head)


def is_turn_label(name: str) -> bool:
    """Return whether a label opening a paragraph is a speaker or a part of the show (`Break`)."""
    return name.casefold() in NON_SPEAKER_LABELS or looks_like_speaker(name)


def is_speaker_name(name: str) -> bool:
    """Return whether the words before a colon read as a name: capitalised words (particles and roles aside)."""
    previous = ""
    for word in name.split():
        # Zoom names a participant after their device ("Saurabh Swaroop’s iPad"): after a possessive, a
        # lower-case word is part of the name.
        if word[0] == "(" or word.casefold() in NAME_PARTICLES or previous.endswith(POSSESSIVES):
            previous = word
            continue
        if not word[0].isupper():
            return False
        previous = word
    return name[0].isupper()
