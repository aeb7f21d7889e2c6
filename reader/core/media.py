"""Media files: which extensions we play, the recording beside a transcript, and what is wrong with a file."""

from __future__ import annotations

import codecs
import os
import stat
import struct
from pathlib import Path
from typing import BinaryIO

VIDEO_EXTENSIONS = (".mp4", ".webm", ".mkv", ".mov", ".m4v", ".avi")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".ogg", ".opus", ".oga", ".wav", ".flac", ".aac")
# Video first: when a talk's page offers both, the picture is what the reader wants beside the text.
MEDIA_EXTENSIONS = VIDEO_EXTENSIONS + AUDIO_EXTENSIONS


def is_media_file(path: Path) -> bool:
    """Return whether `path` has an audio or video extension we play."""
    return path.suffix.lower() in MEDIA_EXTENSIONS


def find_media_beside(transcript: Path) -> Path | None:
    """Return the media file next to `transcript` with the same base name, video preferred, or None.

    `talk.en.srt` pairs with `talk.mp4` as well as `talk.en.mp4`: subtitle files often carry a language.
    """
    folder = transcript.parent
    stems = [transcript.stem]
    if "." in transcript.stem:
        stems.append(transcript.stem.split(".", 1)[0])
    try:
        by_lower = {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    except OSError:
        return None
    for stem in stems:
        for ext in MEDIA_EXTENSIONS:
            found = by_lower.get((stem + ext).lower())
            if found is not None and found != transcript:
                return found
    return None


# --- what is wrong with a file that cannot be played ------------------------------------------------------
# Each reason is the end of a sentence that starts "Cannot play NAME: ", in words a user can act on.

HEAD_BYTES = 4096  # enough to tell a file's kind from its first bytes
FILE_MISSING = "the file does not exist"
FILE_GONE = "the file was moved, renamed or deleted after it was opened"
NOT_MEDIA = "it is not in an audio or video format VLC can play (or it is damaged)"
DAMAGED = "VLC could not read it (a damaged file, or a codec VLC does not have)"
EMPTY_RECORDING = "the recording is empty: it lasts 0 seconds"

# Non-media files that end up named .mp4 or .mp3: what a user saved, renamed or downloaded by mistake.
_OTHER_KINDS = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_MP4_BOXES = (b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide")


def file_problem(path: Path) -> str | None:
    """Return why `path` cannot be played as a file (as the end of a sentence), or None if it may be."""
    try:
        if not path.exists():
            return FILE_MISSING
        if path.is_dir():
            return "it is a folder, not a media file"
        info = path.stat()
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"
    # A pipe or a device blocks whoever opens it until something writes to it: libvlc would hang on it.
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file (a device, a pipe or a socket)"
    if info.st_size == 0:
        return "the file is empty (0 bytes)"
    if not os.access(path, os.R_OK):
        return "you do not have permission to read the file"
    return None


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """Return the first `size` bytes of `path` (fewer if it is shorter; none if it cannot be read)."""
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError:
        return b""


def container_of(head: bytes) -> str | None:
    """Return the media container a file's first bytes announce ("mp4", "ogg", "matroska", ...), or None."""
    if head[4:8] in _MP4_BOXES:
        return "mp4"
    if head.startswith(b"OggS"):
        return "ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "matroska"
    if head.startswith(b"RIFF") and head[8:12] in (b"WAVE", b"AVI "):
        return "riff"
    if head.startswith(b"fLaC"):
        return "flac"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        # MPEG audio frame sync; ADTS (raw AAC) is the same sync with the layer bits 00.
        return "aac" if head[1] & 0x06 == 0 else "mp3"
    return None


def other_kind_of(head: bytes) -> str | None:
    """Return what a file that is not media is ("a PDF document", "a web page", "a text file"), or None."""
    for magic, kind in _OTHER_KINDS:
        if head.startswith(magic):
            return kind
    if not head or b"\0" in head:
        return None
    # Decoded incrementally: the head may end inside a multi-byte character.
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return None
    if not text:
        return None
    start = text.lstrip("\ufeff \t\r\n").lower()
    # A download that failed often saves the server's error page under the media's name.
    if start.startswith(("<!doctype html", "<html")):
        return "a web page (HTML)"
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return "a text file" if printable >= 0.95 * len(text) else None


def is_cut_short(path: Path) -> bool:
    """Return whether `path` ends before its container's own structure says it should (a cut-off copy)."""
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            head = stream.read(64)
            check = {"mp4": _mp4_cut_short, "ogg": _ogg_cut_short, "matroska": _matroska_cut_short,
                     "riff": _riff_cut_short, "mp3": _mp3_cut_short}.get(container_of(head) or "")
            return bool(check and check(stream, size))
    except OSError:
        return False


def unplayable_reason(path: Path, *, ended_empty: bool) -> str:
    """Return why a player could not play `path`, as the end of a sentence.

    `ended_empty`: the player opened the file and reached its end without playing anything, rather than
    failing with an error; a well-formed file of a known kind is then an empty recording.
    """
    problem = file_problem(path)
    if problem:
        return problem
    head = read_head(path)
    if container_of(head) is None:
        kind = other_kind_of(head)
        return f"it is {kind}, not audio or video" if kind else NOT_MEDIA
    if is_cut_short(path):
        return cut_short_reason(path.stat().st_size)
    return EMPTY_RECORDING if ended_empty else DAMAGED


def cut_short_reason(size: int) -> str:
    """Return the reason given for a file cut off after `size` bytes."""
    return f"the file is incomplete: it stops after {size_text(size)} (an interrupted download or copy?)"


def size_text(size: int) -> str:
    """Return a file size the way a file manager shows it ("0 bytes", "812 bytes", "15 KB", "3.2 MB")."""
    if size < 1000:
        return f"{size} byte" + ("" if size == 1 else "s")
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        value = size / scale
        if value < 999.5 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def _mp4_cut_short(stream: BinaryIO, size: int) -> bool:
    """ISO media (mp4, m4a, mov): a top-level box runs past the end, or the index (moov) never came."""
    offset, has_index = 0, False
    for _ in range(100_000):  # real files have a handful of top-level boxes; this bounds a corrupt one
        if offset == size:
            return not has_index
        stream.seek(offset)
        header = stream.read(16)
        if len(header) < 8:
            return True
        box_size, kind = struct.unpack(">I4s", header[:8])
        if box_size == 1:
            if len(header) < 16:
                return True
            box_size = struct.unpack(">Q", header[8:16])[0]
        elif box_size == 0:  # "to the end of the file": only the last box may say so
            return not (has_index or kind == b"moov")
        if box_size < 8:
            return False  # not a box at all: damaged, not cut
        has_index = has_index or kind == b"moov"
        offset += box_size
        if offset > size:
            return True
    return False


def _ogg_cut_short(stream: BinaryIO, size: int) -> bool:
    """Ogg: the last page runs past the end, or audio stops without the end-of-stream flag."""
    start = max(0, size - 65_536)
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(b"OggS")
    if at < 0:
        return True
    page = tail[at:]
    if len(page) < 27 or len(page) < 27 + page[26]:
        return True
    segments = page[27:27 + page[26]]
    if at + 27 + len(segments) + sum(segments) > len(tail):
        return True
    # A stream that has begun (a page with audio on it, granule > 0) ends with the end-of-stream flag; a
    # stream with no audio at all (ffmpeg's 0-second files) may stop after its headers without one.
    granule = struct.unpack("<q", page[6:14])[0]
    return granule > 0 and not page[5] & 0x04


def _matroska_cut_short(stream: BinaryIO, size: int) -> bool:
    """Matroska and WebM: the Segment announces more bytes than the file holds."""
    stream.seek(0)
    data = stream.read(4096)
    position = 4  # past the EBML header's ID
    header_size, position = _ebml_vint(data, position)
    if header_size is None:
        return False
    position += header_size
    if data[position:position + 4] != b"\x18\x53\x80\x67":  # the Segment
        return position + 4 > size
    segment_size, position = _ebml_vint(data, position + 4)
    # None: "unknown size", as live recorders write it; nothing to compare with.
    return segment_size is not None and position + segment_size > size


def _ebml_vint(data: bytes, position: int) -> tuple[int | None, int]:
    """Return an EBML variable-length size at `position` (None when "unknown") and the position after it."""
    if position >= len(data) or data[position] == 0:
        return None, position
    first = data[position]
    length = 9 - first.bit_length()
    raw = data[position:position + length]
    if len(raw) < length:
        return None, position + length
    value = int.from_bytes(raw, "big") & ((1 << (7 * length)) - 1)
    return (None if value == (1 << (7 * length)) - 1 else value), position + length


def _mp3_cut_short(stream: BinaryIO, size: int) -> bool:
    """MP3 with a Xing/Info header (LAME and ffmpeg write one): it announces more audio bytes than follow."""
    stream.seek(0)
    head = stream.read(10)
    start = 0
    if head.startswith(b"ID3") and len(head) == 10:
        tag_size = 0
        for byte in head[6:10]:  # "synchsafe": 7 bits a byte
            tag_size = tag_size << 7 | byte & 0x7F
        start = 10 + tag_size + (10 if head[5] & 0x10 else 0)
    stream.seek(start)
    frame = stream.read(200)  # the tag sits 13-36 bytes into the first frame, after its side information
    at = max(frame.find(b"Xing"), frame.find(b"Info"))
    if at < 0 or len(frame) < at + 16:
        return False
    flags = struct.unpack(">I", frame[at + 4:at + 8])[0]
    if not flags & 0x2:  # no byte count
        return False
    field = at + 8 + (4 if flags & 0x1 else 0)
    announced = struct.unpack(">I", frame[field:field + 4])[0]
    return start + announced > size


def _riff_cut_short(stream: BinaryIO, size: int) -> bool:
    """WAV and AVI: the RIFF header announces more bytes than the file holds."""
    stream.seek(4)
    announced = struct.unpack("<I", stream.read(4))[0]
    # 0 and 0xFFFFFFFF are what recorders write while they stream: no size to compare with.
    return announced not in (0, 0xFFFFFFFF) and 8 + announced > size
