"""Text from files, made safe to show: NUL characters and Unicode bidi controls.

A right-to-left override (U+202E) makes "gnp.exe" show as "exe.png": in a name, a label or a file name
(short strings people trust at a glance) the embedding, override and isolate controls are removed. In
transcript text and notes they may be real (or at least are what the file says), so they are kept but
isolated: wrapped in FSI...PDI (or HTML's `<bdi>`), their effect ends where the text does and cannot
reverse the time, speaker or punctuation shown next to it. A PDI inside with no opener of its own would
close that isolate early, so such stray closers are dropped.

NUL passes raw into CSV, HTML, Markdown and subtitle files and truncates strings in C code that reads
them; it is replaced by U+FFFD (not dropped, so character offsets stay as they were).
"""

from __future__ import annotations

# Embeddings and overrides (LRE RLE PDF LRO RLO), then isolates (LRI RLI FSI PDI). The marks (LRM, RLM,
# ALM) are left alone: they cannot reorder a run of text, and right-to-left names use them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
FSI, PDI = "\u2068", "\u2069"
ISOLATE_OPENERS = frozenset("\u2066\u2067\u2068")
NUL_REPLACEMENT = "\ufffd"
_REMOVE_CONTROLS = str.maketrans({char: None for char in BIDI_CONTROLS} | {"\x00": NUL_REPLACEMENT})
_CONTROL_SET = frozenset(BIDI_CONTROLS)


def has_controls(text: str) -> bool:
    """Return whether `text` holds any bidi embedding, override or isolate control."""
    return not _CONTROL_SET.isdisjoint(text)


def neutralise(text: str) -> str:
    """Return a name, label or file name without bidi controls (and NUL as U+FFFD)."""
    if not has_controls(text) and "\x00" not in text:
        return text  # the common case, at C speed
    return text.translate(_REMOVE_CONTROLS)


def _drop_stray_closers(text: str) -> str:
    """Return `text` without the PDIs that close no isolate opened inside it."""
    depth = 0
    kept = []
    for char in text:
        if char in ISOLATE_OPENERS:
            depth += 1
        elif char == PDI:
            if depth == 0:
                continue
            depth -= 1
        kept.append(char)
    return "".join(kept)


def isolate_inner(text: str) -> str:
    """Return `text` ready to be wrapped in an isolate (FSI...PDI or `<bdi>`): stray closers dropped."""
    text = text.replace("\x00", NUL_REPLACEMENT) if "\x00" in text else text
    return _drop_stray_closers(text) if PDI in text else text


def isolate(text: str) -> str:
    """Return transcript text or a note wrapped in FSI...PDI when it holds bidi controls (else unchanged)."""
    if not has_controls(text):
        return text.replace("\x00", NUL_REPLACEMENT) if "\x00" in text else text
    return FSI + isolate_inner(text) + PDI


def replace_nul(text: str) -> tuple[str, int]:
    """Return `text` with every NUL as U+FFFD, and how many there were."""
    count = text.count("\x00")
    return (text.replace("\x00", NUL_REPLACEMENT), count) if count else (text, 0)
