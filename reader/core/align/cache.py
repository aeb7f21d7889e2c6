"""Alignments kept per (transcript content, recording content) in the user cache folder, reused at once."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from pathlib import Path

from reader.core.align.audio import file_hash
from reader.core.align.model import Alignment, Progress
from reader.core.transcript import Turn

# Bump when the aligner changes what it produces, so old results are not reused.
ALIGNER_VERSION = 2
SUFFIX = ".words"  # version 2's `.json` files are not read (the format is `Alignment.write`'s, see model.FORMAT)


def cache_dir() -> Path:
    """Return the folder alignments are cached in (e.g. ~/.cache/transcript-reader/align on Linux)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("transcript-reader")) / "align"


def transcript_hash(turns: Sequence[Turn]) -> str:
    """Return a hash of what alignment reads from the turns: their texts and stated times."""
    digest = hashlib.sha256()
    for turn in turns:
        digest.update(f"{turn.start}\x1f{turn.text}\x1e".encode())
    return digest.hexdigest()


def cache_key(turns: Sequence[Turn], media: Path, method: str, *, media_hash: str | None = None) -> str:
    """Return the cache file's name for these turns, this recording's content and this method."""
    raw = f"{ALIGNER_VERSION}:{method}:{transcript_hash(turns)}:{media_hash or file_hash(media)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def load_cached(key: str, folder: Path | None = None) -> Alignment | None:
    """Return the cached alignment under `key`, or None (missing or unreadable: it is simply redone)."""
    path = (folder or cache_dir()) / f"{key}{SUFFIX}"
    try:
        with path.open("rb") as file:
            return Alignment.read(file)
    except (OSError, EOFError, ValueError, KeyError, TypeError, OverflowError):
        return None


def load_alignment(turns: Sequence[Turn], media: Path, *, folder: Path | None = None) -> Alignment | None:
    """Return the alignment cached for these turns and this recording by any method, or None; never aligns.

    For what only shows word times (an export): reading the recording's hash is the whole cost, and a
    recording that cannot be read simply has no words.
    """
    try:
        media_hash = file_hash(media)
    except OSError:
        return None
    for method in ("pocketsphinx", "vad", "estimate"):  # the best one first, when several were made
        found = load_cached(cache_key(turns, media, method, media_hash=media_hash), folder)
        if found is not None and len(found.turn_confidence) == len(turns):
            return found
    return None


def store(key: str, alignment: Alignment, folder: Path | None = None) -> None:
    """Write the alignment under `key` (atomically; a cache that cannot be written is skipped)."""
    folder = folder or cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.tmp"
        with tmp.open("wb") as file:
            alignment.write(file)
        tmp.replace(folder / f"{key}{SUFFIX}")
    except OSError:
        pass


def cached_alignment(turns: Sequence[Turn], media: Path, *, method: str = "auto", language: str | None = None,
                     folder: Path | None = None, progress: Progress | None = None,
                     cancel: threading.Event | None = None, **options: object) -> tuple[Alignment, bool]:
    """Return (alignment, from_cache): the cached one for this transcript and recording, else a new one."""
    from reader.core.align.runner import align_media, choose_method

    if method == "auto":
        method = choose_method(turns, language)[0]
    key = cache_key(turns, media, method)
    found = load_cached(key, folder)
    if found is not None and len(found.turn_confidence) == len(turns):
        if progress is not None:
            progress(len(turns), len(turns))
        return found, True
    alignment = align_media(turns, media, method=method, language=language, progress=progress, cancel=cancel,
                            **options)  # type: ignore[arg-type]
    store(key, alignment, folder)
    return alignment, False
