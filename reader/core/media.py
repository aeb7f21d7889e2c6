"""Media files: which extensions we play, and finding the recording that sits beside a transcript."""

from __future__ import annotations

from pathlib import Path

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
