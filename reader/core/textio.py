"""Turn a file's bytes into text: BOM, UTF-16, UTF-8, then a detector for legacy encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.regular_file import FileTooLargeError, NotARegularFileError, read_regular

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


def read_text(path: Path, *, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return the text of `path` and the encoding it was read with; guesses are noted in `warnings`."""
    return decode_bytes(read_bytes(path), path=path, warnings=warnings)


def read_bytes(path: Path) -> bytes:
    """Return the bytes of the regular file `path`, up to the limit; raise TranscriptError saying why not."""
    try:
        # Regular files only, and never more than the limit, whatever stat() says (0 for a FIFO or a device).
        data = read_regular(path, MAX_TRANSCRIPT_BYTES)
    except FileTooLargeError as exc:
        size = f"{exc.size / 2**20:.0f} MB" if exc.exact else f"over {MAX_TRANSCRIPT_BYTES // 2**20} MB"
        raise TranscriptError(f"file is too large to be a transcript ({size}; the reader opens "
                              f"up to {MAX_TRANSCRIPT_BYTES // 2**20} MB)", path=path) from None
    except NotARegularFileError as exc:
        raise TranscriptError(f"is {exc.kind}, not a transcript file", path=path) from None
    except IsADirectoryError:
        raise TranscriptError("is a folder, not a transcript file", path=path) from None
    except FileNotFoundError:
        raise TranscriptError("file not found", path=path) from None
    except OSError as exc:
        raise TranscriptError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    return data


def decode_bytes(data: bytes, *, path: Path | None = None, warnings: list[str] | None = None) -> tuple[str, str]:
    """Return `data` decoded, and the encoding's name; raise NotATranscriptError for binary data.

    Whatever was guessed (no BOM and not UTF-8, or a few bytes that are not UTF-8) is noted in `warnings`.
    """
    notes: list[str] = [] if warnings is None else warnings
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
            text = _normalise(data.decode(guessed))
        except UnicodeDecodeError:
            pass
        else:
            notes.append(f"encoding: no byte order mark; read as {guessed} (guessed)")
            return text, guessed
    if b"\x00" in data:
        raise NotATranscriptError("not a transcript: binary data", path=path)
    try:
        return _normalise(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    mostly = _mostly_utf8(data)
    if mostly is not None:
        # A UTF-8 file with a few stray bytes (a line pasted from a Windows editor) is still UTF-8: read as
        # a legacy encoding, every one of its accented letters would come out wrong (café -> cafĂŠ).
        line = data.count(b"\n", 0, first_bad) + 1
        notes.append(f"line {line}: {mostly} byte{'s' if mostly > 1 else ''} that are not UTF-8 replaced with "
                     "\ufffd (the rest of the file is UTF-8)")
        return _normalise(data.decode("utf-8", errors="replace")), "utf-8"
    from charset_normalizer import from_bytes  # imported late: only legacy files pay its import time

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotATranscriptError("not a transcript: binary data or an unknown text encoding", path=path)
    # The detector often names a Central European code page for Western text it cannot tell apart
    # (rivière -> rivičre, naïve -> naďve): prefer Windows-1252, by far the commonest legacy encoding,
    # unless it reads the text worse (more chaos, or less coherent with a language the detector recognised).
    western = next((m for m in matches if m.encoding == "cp1252"), None)
    if (western is not None and best.encoding != "cp1252" and western.chaos <= best.chaos
            and western.coherence >= best.coherence):
        best = western
    notes.append(f"encoding: not UTF-8 and no byte order mark; read as {best.encoding} (guessed)")
    return _normalise(str(best)), best.encoding


def _mostly_utf8(data: bytes) -> int | None:
    """Return how many bytes are not UTF-8 when valid multi-byte UTF-8 sequences outnumber them, else None."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for char in text if char > "\x7f" and char != "\ufffd")
    return bad if 0 < bad < valid else None


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
