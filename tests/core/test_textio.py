"""Decoding transcript bytes: BOMs, UTF-16, legacy encodings, binary."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.textio import decode_bytes, read_text

TEXT = "José Álvarez (00:05): ¿Qué tal? “Quoted” — dash\r\nNext line\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(encoding: str) -> None:
    text, _ = decode_bytes(TEXT.encode(encoding))
    assert text == TEXT.replace("\r\n", "\n")


def test_cp1252_is_detected() -> None:
    raw = ("José Álvarez (00:05): He said “yes” and paid 5 € for the café. " * 4).encode("cp1252")
    text, _ = decode_bytes(raw)
    assert "José Álvarez" in text and "“yes”" in text and "€" in text


@pytest.mark.parametrize("raw", [b"", b"  \n\n", b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50])
def test_empty_and_binary_are_not_transcripts(raw: bytes) -> None:
    with pytest.raises(NotATranscriptError):
        decode_bytes(raw)


def test_missing_file_and_folder_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(TranscriptError, match="file not found") as info:
        read_text(tmp_path / "nope.txt")
    assert str(tmp_path / "nope.txt") in str(info.value)
    with pytest.raises(TranscriptError, match="folder"):
        read_text(tmp_path)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: 200 MB that cost no disk and are never read
    with pytest.raises(TranscriptError, match=r"dump\.txt: file is too large to be a transcript \(200 MB; the reader "
                                              r"opens up to 100 MB\)"):
        read_text(huge)
