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


def test_western_text_in_cp1252_or_latin1_is_not_read_as_central_european() -> None:
    # charset-normalizer alone names cp1250 for both (rivičre, naďve).
    notes: list[str] = []
    text, encoding = decode_bytes("1\n00:00:01,000 --> 00:00:02,000\nLa rivière est belle.\n".encode("cp1252"),
                                  warnings=notes)
    assert "rivière" in text and encoding == "cp1252"
    assert notes == ["encoding: not UTF-8 and no byte order mark; read as cp1252 (guessed)"]
    text, _ = decode_bytes("A naïve approach: the café was fine.\n".encode("latin-1"))
    assert "naïve" in text and "café" in text


def test_central_european_text_stays_central_european() -> None:
    raw = "Příliš žluťoučký kůň úpěl ďábelské ódy. Čeština je krásná řeč.\n".encode("cp1250")
    text, encoding = decode_bytes(raw)
    assert "žluťoučký" in text and encoding == "cp1250"
    text, _ = decode_bytes("Zażółć gęślą jaźń. Pchnąć w tę łódź jeża.\n".encode("cp1250"))
    assert "gęślą" in text


def test_a_few_bad_bytes_in_utf8_are_replaced_and_the_line_named() -> None:
    raw = "Ana (00:01): le café.\nBo (00:02): déjà vu, naïve.\n".encode() + b"Cy (00:03): caf\xe9 cr\xe8me\n"
    notes: list[str] = []
    text, encoding = decode_bytes(raw, warnings=notes)
    assert encoding == "utf-8"
    assert "le café" in text and "déjà vu" in text and "caf\ufffd cr\ufffdme" in text
    assert notes == ["line 3: 2 bytes that are not UTF-8 replaced with \ufffd (the rest of the file is UTF-8)"]


def test_utf8_and_bom_files_have_no_encoding_warning() -> None:
    for raw in (TEXT.encode(), TEXT.encode("utf-8-sig"), TEXT.encode("utf-16")):
        notes: list[str] = []
        decode_bytes(raw, warnings=notes)
        assert notes == []


def test_utf16_without_bom_is_noted(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(TEXT.encode("utf-16-le"))
    notes: list[str] = []
    assert read_text(path, warnings=notes) == (TEXT.replace("\r\n", "\n"), "utf-16-le")
    assert notes == ["encoding: no byte order mark; read as utf-16-le (guessed)"]


def test_parse_file_reports_the_guess_first(tmp_path: Path) -> None:
    from reader.core.formats import parse_file

    path = tmp_path / "fr.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nLa rivière.\n".encode("cp1252"))
    transcript = parse_file(path)
    assert transcript.turns[0].text == "La rivière."
    assert transcript.encoding == "cp1252"
    assert transcript.warnings[0] == "encoding: not UTF-8 and no byte order mark; read as cp1252 (guessed)"
