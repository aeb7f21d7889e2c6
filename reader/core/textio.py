"""Turn a file's bytes into text: BOM, UTF-16, UTF-8, then a detector for legacy encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

from reader.core.errors import NotATranscriptError, TranscriptError

# Transcripts are text: a week of hearings is under 10 MB. A bigger "transcript" is a mistake (or an
# attack), and a 200 MB one takes a minute and a gigabyte just to parse, so it is refused at once.
MAX_TRANSCRIPT_BYTES = 100 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path) -> tuple[str, str]:
    """Return the text of `path` and the encoding it was read with."""
    try:
        size = path.stat().st_size
        if size > MAX_TRANSCRIPT_BYTES:
            raise TranscriptError(f"file is too large to be a transcript ({size / 2**20:.0f} MB; the reader opens "
                                  f"up to {MAX_TRANSCRIPT_BYTES // 2**20} MB)", path=path)
        data = path.read_bytes()
    except IsADirectoryError:
        raise TranscriptError("is a folder, not a transcript file", path=path) from None
    except FileNotFoundError:
        raise TranscriptError("file not found", path=path) from None
    except OSError as exc:
        raise TranscriptError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return decode_bytes(data, path=path)


def decode_bytes(data: bytes, *, path: Path | None = None) -> tuple[str, str]:
    """Return `data` decoded, and the encoding's name; raise NotATranscriptError for binary data."""
    if not data.strip():
        raise NotATranscriptError("not a transcript: the file is empty", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding)), encoding
            except UnicodeDecodeError as exc:
                raise NotATranscriptError(f"not a transcript: invalid {encoding} text", path=path) from exc
    guessed = _guess_utf16_without_bom(data)
    if guessed:
        try:
            return _normalise(data.decode(guessed)), guessed
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise NotATranscriptError("not a transcript: binary data", path=path)
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # imported late: only legacy files pay its import time

    best = from_bytes(data).best()
    if best is None:
        raise NotATranscriptError("not a transcript: binary data or an unknown text encoding", path=path)
    return _normalise(str(best)), best.encoding


def _guess_utf16_without_bom(data: bytes) -> str | None:
    """Return "utf-16-le"/"utf-16-be" when every other byte of mostly-ASCII text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _normalise(text: str) -> str:
    """Return `text` with CRLF/CR line ends as LF and without a leading BOM character."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
