"""The notes file on disk: where it lives, atomic saves, corrupt files moved aside, concurrent merges."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.notes import SCHEMA_VERSION, MergeBase, NotesDocument, NotesFormatError, fingerprint, merge
from reader.core.regular_file import FileTooLargeError, NotARegularFileError, read_regular

SUFFIX = ".notes.json"
LOCK_TIMEOUT_S = 10.0
# Notes are private: new notes files (and their lock, and corrupt copies moved aside) are the user's alone
# where the platform has POSIX modes. A mode the user gave an existing notes file is kept.
PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700
# A notes file is a few MB even with thousands of long notes; past this it is not one (or it is an attack),
# and reading it would take the memory of a hundred transcripts.
MAX_NOTES_BYTES = 64 * 1024 * 1024


class NotesSaveError(OSError):
    """Saving failed (disk full, no permission); the notes in memory are intact."""


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of the file at `path` in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def user_notes_dir() -> Path:
    """Return the per-user folder for notes of transcripts in folders we cannot write to."""
    from platformdirs import user_data_path  # only needed in that case

    return user_data_path("transcript-reader", appauthor=False) / "notes"


def notes_path_for(transcript: Path, *, fallback_dir: Path | None = None) -> Path:
    """Return where the notes of `transcript` are kept: beside it, or in the user folder by its hash."""
    beside = transcript.with_name(transcript.name + SUFFIX)
    if beside.exists() or os.access(transcript.parent, os.W_OK):
        return beside
    folder = fallback_dir if fallback_dir is not None else user_notes_dir()
    return folder / (file_sha256(transcript) + SUFFIX)


@dataclass
class LoadResult:
    """What loading found: the document, messages for the user, and whether saving is allowed."""

    document: NotesDocument
    messages: list[str] = field(default_factory=list)
    read_only: bool = False


def _fsync_dir(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, new_mode: int | None = None) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new file, never a mix.

    An existing file keeps its mode; a new one gets `new_mode`, or by default the usual mode (umask).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        if new_mode is not None:
            mode = new_mode
        else:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):  # mkstemp makes 0600 files; set the file's own (or the new file's) mode
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_dir(path.parent)


def _make_private(path: Path) -> None:
    """Take away the group's and others' access to `path` (a no-op where there are no POSIX modes)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # a copy we could not restrict is still better kept than lost
        path.chmod(path.stat().st_mode & 0o700)


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def encode(document: NotesDocument, cache: dict[str, tuple[tuple, str]] | None = None) -> bytes:
    """Return the document as the file's bytes: UTF-8 JSON, one item per line, keys in the documented order.

    One line per item keeps diffs of the file readable in git (and each item's keys stay in order), and it
    is fast: json's `indent` makes Python use its slow pure-Python encoder (0.4 s for 10,000 notes here).
    With `cache` (item id -> (fingerprint, line)), only items changed since the last save are encoded.
    """
    data = document.to_json(items=False)
    lines = []
    for item in document.sorted_items():
        key = fingerprint(item)
        hit = cache.get(item.id) if cache is not None else None
        if hit is not None and hit[0] == key:
            lines.append(hit[1])
            continue
        line = _ENCODER.encode(item.to_json())
        if cache is not None:
            cache[item.id] = (key, line)
        lines.append(line)
    parts = []
    for name, value in data.items():
        if name == "items":
            body = ",\n    ".join(lines)
            parts.append(f'  "items": [\n    {body}\n  ]' if lines else '  "items": []')
        else:
            parts.append(f"  {_ENCODER.encode(name)}: {_ENCODER.encode(value)}")
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")


def read_bytes(path: Path) -> bytes:
    """Return the bytes of the notes file at `path`: a regular file (links followed), at most MAX_NOTES_BYTES.

    Raises FileNotFoundError, NotARegularFileError (a FIFO would block, a device never end),
    FileTooLargeError, or another OSError.
    """
    return read_regular(path, MAX_NOTES_BYTES)


def refusal(path: Path, exc: OSError) -> str:
    """Return the one line saying why the notes file at `path` cannot be read."""
    if isinstance(exc, NotARegularFileError):
        return f"{path}: is {exc.kind}, not a notes file"
    if isinstance(exc, FileTooLargeError):
        return f"{path}: is too large to be a notes file (over {MAX_NOTES_BYTES // 2**20} MB)"
    return f"{path}: cannot read the notes ({exc.strerror or exc})"


def read_notes(path: Path, bad: list[str] | None = None) -> NotesDocument:
    """Return the notes in the file at `path`, repairing nothing (exports); raise OSError or NotesFormatError.

    With `bad`, malformed items are left out and described there instead of failing the whole file.
    """
    return decode(read_bytes(path), bad)


def decode(raw: bytes, bad: list[str] | None = None) -> NotesDocument:
    """Return the notes document in a notes file's bytes; raise NotesFormatError when they hold none.

    With `bad`, malformed items are left out and described there (see NotesDocument.from_json).
    """
    try:
        # utf-8-sig: Notepad and other editors start the files they save with a byte order mark.
        data = json.loads(raw.decode("utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise NotesFormatError(f"line {exc.lineno}: {exc.msg}") from None
    # Besides JSONDecodeError, json raises ValueError for a number of over 4300 digits (and bad UTF-8 is a
    # UnicodeDecodeError, a ValueError too) and RecursionError for arrays nested thousands deep.
    except ValueError as exc:
        raise NotesFormatError(str(exc)) from None
    except RecursionError:
        raise NotesFormatError("nested too deeply") from None
    return NotesDocument.from_json(data, bad)


def bad_items_text(bad: list[str], kept: int) -> str:
    """Return "2 of 5 notes could not be read (item 2: ...; item 4: ...)"."""
    shown = "; ".join(bad[:3]) + (f"; and {len(bad) - 3} more" if len(bad) > 3 else "")
    return f"{len(bad)} of {len(bad) + kept} notes could not be read ({shown})"


class NotesStore:
    """Loads and saves one transcript's notes file; safe against crashes and a second app instance."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._loaded_digest: str | None = None  # what the file held when we last read or wrote it
        self._lines: dict[str, tuple[tuple, str]] = {}  # item id -> (fingerprint, encoded line)
        self._base = MergeBase()  # what the file held when we last read or wrote it
        self._messages: list[str] = []
        self._swept = False  # temporary files of killed saves removed (once per store)
        self.read_only = False

    def take_messages(self) -> list[str]:
        """Return what the last saves found that the user should know (garbage moved aside), and forget it."""
        messages, self._messages = self._messages, []
        return messages

    def _lock(self):
        from filelock import FileLock

        self.path.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        return FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S, mode=PRIVATE_FILE_MODE)

    def load(self) -> LoadResult:
        """Return the notes in the file (an empty document when there is none yet).

        A file that cannot be read as notes is renamed to `<name>.corrupt-<timestamp>` and a fresh document
        starts; a file from a newer version opens read-only.
        """
        try:
            raw = read_bytes(self.path)
        except FileNotFoundError:
            self._loaded_digest = None
            return LoadResult(NotesDocument())
        except OSError as exc:  # unreadable, or not a file we may read at all: left as it is
            self.read_only = True
            return LoadResult(NotesDocument(), [f"{refusal(self.path, exc)}; notes are not saved in this session"],
                              read_only=True)
        bad: list[str] = []
        try:
            document = decode(raw, bad)
        except NotesFormatError as exc:
            where = str(exc)
            aside = self._move_aside()
            self._loaded_digest = None
            return LoadResult(NotesDocument(), [
                f"{self.path}: the notes file was unreadable ({where}); it was moved aside to {aside.name} "
                "and a new one was started"])
        self._loaded_digest = hashlib.sha256(raw).hexdigest()
        self._base = MergeBase.of(document)
        if document.schema_version > SCHEMA_VERSION:
            self.read_only = True
            return LoadResult(document, [
                f"{self.path}: written by a newer version of Transcript Reader (format "
                f"{document.schema_version}); opened read-only so nothing in it is lost"], read_only=True)
        if bad:  # keep the good ones open; the file as it was keeps the bad ones for whoever can mend them
            aside = self._copy_aside(raw)
            return LoadResult(document, [f"{self.path}: {bad_items_text(bad, len(document.items))}; they are kept "
                                         f"in a copy of the file set aside as {aside.name}, the others are open"])
        return LoadResult(document)

    def _copy_aside(self, raw: bytes) -> Path:
        """Write `raw` beside the notes file as a private `.corrupt-<timestamp>` copy; return its path."""
        aside = self._aside_path()
        atomic_write(aside, raw, new_mode=PRIVATE_FILE_MODE)
        return aside

    def _aside_path(self) -> Path:
        """Return a free `<name>.corrupt-<timestamp>[-n]` path beside the notes file."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for n in range(1000):
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}" + (f"-{n}" if n else ""))
            if not aside.exists():
                return aside
        raise NotesSaveError(errno.EEXIST, f"cannot move the corrupt notes file aside: {self.path}")

    def _move_aside(self) -> Path:
        aside = self._aside_path()
        os.replace(self.path, aside)
        _make_private(aside)
        return aside

    def _sweep_temporary_files(self, before: float) -> None:
        """Remove temporary files that saves killed mid-write left (made before `before`, the lock's time).

        Every save writes its temporary file while holding the lock, so one older than our holding it
        belongs to no running save.
        """
        prefix, folder = f".{self.path.name}.", self.path.parent
        try:
            entries = list(os.scandir(folder))
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):  # gone already, or not ours to remove: harmless
                    if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < before:
                        os.unlink(entry.path)

    def save(self, document: NotesDocument) -> NotesDocument:
        """Write `document` atomically, merged with what another process saved meanwhile; return the result.

        Raises NotesSaveError (with a message naming the file) when the disk refuses; nothing is lost then:
        the document in memory is untouched and the previous file is intact.
        """
        if self.read_only:
            raise NotesSaveError(errno.EROFS, f"{self.path}: notes are read-only in this session")
        try:
            with self._lock():
                if not self._swept:
                    self._sweep_temporary_files(time.time())
                    self._swept = True
                result = document
                try:
                    raw = read_bytes(self.path)
                except FileNotFoundError:
                    raw = None
                except (NotARegularFileError, FileTooLargeError) as exc:  # put there since we loaded: not ours
                    raise NotesSaveError(exc.errno, f"{refusal(self.path, exc)}; the notes are kept in memory") from exc
                if raw is not None and hashlib.sha256(raw).hexdigest() != self._loaded_digest:
                    bad: list[str] = []
                    try:
                        theirs = decode(raw, bad)
                    except NotesFormatError as exc:
                        aside = self._move_aside()  # someone wrote garbage: keep it for inspection, write ours
                        self._messages.append(
                            f"{self.path}: another program left the notes file unreadable ({exc}); it was moved "
                            f"aside to {aside.name} and your notes were saved anew")
                    else:
                        if bad:
                            aside = self._copy_aside(raw)
                            self._messages.append(
                                f"{self.path}: in the notes another program saved, "
                                f"{bad_items_text(bad, len(theirs.items))}; they are kept in a copy set aside as "
                                f"{aside.name}")
                        result = merge(document, theirs, self._base)
                data = encode(result, self._lines)
                atomic_write(self.path, data, new_mode=PRIVATE_FILE_MODE)
                self._loaded_digest = hashlib.sha256(data).hexdigest()
                self._base = MergeBase.of(result)
                return result
        except OSError as exc:
            if isinstance(exc, NotesSaveError):
                raise
            reason = os.strerror(exc.errno) if exc.errno else str(exc)
            raise NotesSaveError(exc.errno or errno.EIO, f"{self.path}: cannot save the notes ({reason}); "
                                 "they are kept in memory and saving will be retried") from exc
