"""Pairing a transcript with the recording beside it, and telling what is wrong with a media file."""

from __future__ import annotations

import os
import random
import struct
from pathlib import Path

from reader.core.media import (
    DAMAGED,
    EMPTY_RECORDING,
    NOT_MEDIA,
    container_of,
    file_problem,
    find_media_beside,
    is_cut_short,
    is_media_file,
    other_kind_of,
    size_text,
    unplayable_reason,
)


def test_same_base_name_video_first(tmp_path: Path) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("x")
    assert find_media_beside(transcript) is None
    (tmp_path / "talk.mp3").write_bytes(b"a")
    assert find_media_beside(transcript) == tmp_path / "talk.mp3"
    (tmp_path / "talk.MP4").write_bytes(b"v")
    assert find_media_beside(transcript) == tmp_path / "talk.MP4"
    (tmp_path / "other.webm").write_bytes(b"v")
    assert find_media_beside(transcript) == tmp_path / "talk.MP4"


def test_language_suffix_pairs_with_plain_name(tmp_path: Path) -> None:
    subtitles = tmp_path / "talk.en.srt"
    subtitles.write_text("x")
    (tmp_path / "talk.webm").write_bytes(b"v")
    assert find_media_beside(subtitles) == tmp_path / "talk.webm"


def test_is_media_file() -> None:
    assert is_media_file(Path("a.OGG")) and is_media_file(Path("b.mkv"))
    assert not is_media_file(Path("c.srt"))


# --- what is wrong with a file that cannot be played ------------------------------------------------------


def box(kind: bytes, payload: bytes = b"") -> bytes:
    """Return an ISO media box."""
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def ogg_page(payload: bytes, *, granule: int, flags: int = 0) -> bytes:
    """Return an Ogg page holding `payload` (its CRC is not checked here)."""
    table = bytes([255] * (len(payload) // 255) + [len(payload) % 255])
    return (b"OggS" + bytes([0, flags]) + struct.pack("<qII", granule, 1, 0) + b"\0\0\0\0" + bytes([len(table)])
            + table + payload)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_file_problem_says_what_is_wrong(tmp_path: Path) -> None:
    assert file_problem(tmp_path / "talk.mp4") == "the file does not exist"
    assert file_problem(tmp_path) == "it is a folder, not a media file"
    assert file_problem(write(tmp_path, "empty.mp4", b"")) == "the file is empty (0 bytes)"
    assert file_problem(write(tmp_path, "ok.mp4", b"x")) is None
    fifo = tmp_path / "pipe.mp4"
    os.mkfifo(fifo)  # opening it would block libvlc until something writes to it
    assert file_problem(fifo) == "it is not a regular file (a device, a pipe or a socket)"


def test_container_and_other_kinds_from_the_first_bytes() -> None:
    assert container_of(box(b"ftyp", b"isom")) == "mp4"
    assert container_of(b"OggS\0\2") == "ogg"
    assert container_of(b"\x1a\x45\xdf\xa3\x84") == "matroska"
    assert container_of(b"RIFF\0\0\0\0WAVE") == "riff"
    assert container_of(b"ID3\4\0") == "mp3" and container_of(b"\xff\xfb\x90\x64") == "mp3"
    assert container_of(b"\xff\xf1\x50\x80") == "aac"
    assert container_of(b"hello") is None
    assert other_kind_of(b"%PDF-1.7\n") == "a PDF document"
    assert other_kind_of(b"PK\3\4word/") == "a ZIP archive (or an office document)"
    assert other_kind_of(b"\xef\xbb\xbf  <!DOCTYPE html><p>404</p>") == "a web page (HTML)"
    assert other_kind_of("Notes about the talk – naïve café\n".encode() * 100) == "a text file"
    assert other_kind_of(("é" * 3000).encode()[:4095]) == "a text file"  # the head ends inside a character
    assert other_kind_of(random.Random(3).randbytes(4096)) is None
    assert other_kind_of(b"") is None


def test_mp4_cut_short_or_without_its_index(tmp_path: Path) -> None:
    whole = box(b"ftyp", b"isom\0\0\2\0") + box(b"mdat", bytes(1000)) + box(b"moov", bytes(100))
    assert not is_cut_short(write(tmp_path, "whole.mp4", whole))
    assert is_cut_short(write(tmp_path, "cut.mp4", whole[:600]))  # inside the data
    assert is_cut_short(write(tmp_path, "header.mp4", whole[:20]))  # inside the ftyp box
    assert is_cut_short(write(tmp_path, "noindex.mp4", whole[:-108]))  # boxes whole, the index never came
    to_end = box(b"ftyp", b"isom") + box(b"moov", bytes(10)) + b"\0\0\0\0mdat" + bytes(50)  # size 0: to EOF
    assert not is_cut_short(write(tmp_path, "toend.mp4", to_end))
    assert not is_cut_short(write(tmp_path, "junk.mp4", box(b"ftyp") + b"\0\0\0\3junk"))  # damaged, not cut


def test_ogg_cut_short(tmp_path: Path) -> None:
    headers = ogg_page(b"\1vorbis" + bytes(30), granule=0, flags=2)
    whole = headers + ogg_page(bytes(600), granule=4800) + ogg_page(bytes(300), granule=9600, flags=4)
    assert not is_cut_short(write(tmp_path, "whole.ogg", whole))
    assert is_cut_short(write(tmp_path, "cut.ogg", whole[:-100]))  # inside the last page
    assert is_cut_short(write(tmp_path, "between.ogg", whole[:-(27 + 2 + 300)]))  # sound, and no end flag
    # A 0-second file (as ffmpeg writes one) stops after its headers without an end flag: complete.
    assert not is_cut_short(write(tmp_path, "zero.ogg", headers))


def test_matroska_riff_and_mp3_cut_short(tmp_path: Path) -> None:
    ebml = b"\x1a\x45\xdf\xa3\x84webm"
    webm = ebml + b"\x18\x53\x80\x67\x88" + bytes(8)
    assert not is_cut_short(write(tmp_path, "whole.webm", webm))
    assert is_cut_short(write(tmp_path, "cut.webm", webm[:-3]))
    live = ebml + b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff" + bytes(8)  # size unknown: live recording
    assert not is_cut_short(write(tmp_path, "live.webm", live))

    wav = b"RIFF" + struct.pack("<I", 4 + 100) + b"WAVE" + bytes(100)
    assert not is_cut_short(write(tmp_path, "whole.wav", wav))
    assert is_cut_short(write(tmp_path, "cut.wav", wav[:-10]))

    audio = b"\xff\xfb\x90\x64" + bytes(32) + b"Info" + struct.pack(">III", 3, 10, 2000)
    audio += bytes(2000 - len(audio))
    assert not is_cut_short(write(tmp_path, "whole.mp3", b"ID3\4\0\0\0\0\0\5" + bytes(5) + audio))
    assert is_cut_short(write(tmp_path, "cut.mp3", b"ID3\4\0\0\0\0\0\5" + bytes(5) + audio[:1500]))
    assert not is_cut_short(write(tmp_path, "plain.mp3", b"\xff\xfb\x90\x64" + bytes(500)))  # no byte count


def test_unplayable_reason_in_words(tmp_path: Path) -> None:
    mp4 = box(b"ftyp", b"isom") + box(b"moov", bytes(20))
    assert unplayable_reason(write(tmp_path, "zero.mp4", mp4), ended_empty=True) == EMPTY_RECORDING
    assert unplayable_reason(tmp_path / "zero.mp4", ended_empty=False) == DAMAGED
    cut = write(tmp_path, "cut.mp4", mp4 + box(b"mdat", bytes(5000))[:1200])
    assert unplayable_reason(cut, ended_empty=True) == ("the file is incomplete: it stops after 1.2 KB "
                                                        "(an interrupted download or copy?)")
    assert unplayable_reason(write(tmp_path, "a.mp4", b"%PDF-1.4\n"), ended_empty=True) == (
        "it is a PDF document, not audio or video")
    assert unplayable_reason(write(tmp_path, "b.mp4", random.Random(5).randbytes(999)), ended_empty=True) == NOT_MEDIA
    assert unplayable_reason(tmp_path / "gone.mp4", ended_empty=True) == "the file does not exist"


def test_size_text() -> None:
    assert [size_text(n) for n in (0, 1, 999, 1000, 15_360, 999_499, 3_200_000, 45_000_000_000)] == [
        "0 bytes", "1 byte", "999 bytes", "1.0 KB", "15 KB", "999 KB", "3.2 MB", "45 GB"]
