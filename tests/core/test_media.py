"""Pairing a transcript with the recording beside it."""

from __future__ import annotations

from pathlib import Path

from reader.core.media import find_media_beside, is_media_file


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
