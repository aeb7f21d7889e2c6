"""The notes file on disk: where it lives, atomic saves, corrupt files moved aside, concurrent merges."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import json.encoder as json_encoder
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.display_text import neutralise
from reader.core.notes import SCHEMA_VERSION, MergeBase, NotesDocument, NotesFormatError, fingerprint, merge
from reader.core.regular_file import FileTooLargeError, NotARegularFileError, check_regular, read_regular

SUFFIX = ".notes.json"
LOCK_TIMEOUT_S = 10.0
LOCK_POLL_S = 0.002
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
    """Return the SHA-256 of the regular file at `path` in hex (a FIFO or device raises NotARegularFileError)."""
    check_regular(path)
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def text_sha256(text: str) -> str:
    """Return the SHA-256 of `text` as UTF-8, in hex."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def writable(path: Path) -> bool:
    """Return whether we may write `path`: create files in a folder, or replace a file's content.

    A file without any write bit is read-only even to root (who may write it anyway): someone made it so.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    if stat.S_ISDIR(mode):
        return os.access(path, os.W_OK | os.X_OK)
    return bool(mode & 0o222) and os.access(path, os.W_OK)


def unwritable_reason(path: Path) -> str | None:
    """Return why a save to the notes file at `path` (through a link, to its target) must fail, or None."""
    target = Path(os.path.realpath(path))
    if target.exists() and not writable(target):
        return "the notes file is read-only"
    if target.parent.exists() and not writable(target.parent):
        return "its folder is read-only"
    return None


def user_notes_dir() -> Path:
    """Return the per-user folder for notes of transcripts in folders we cannot write to."""
    from platformdirs import user_data_path  # only needed in that case

    return user_data_path("transcript-reader", appauthor=False) / "notes"


def beside_path(transcript: Path) -> Path:
    """Return the notes file beside `transcript` (`talk.txt` -> `talk.txt.notes.json`)."""
    return transcript.with_name(transcript.name + SUFFIX)


def user_notes_path(transcript: Path, *, fallback_dir: Path | None = None) -> Path:
    """Return the notes file for `transcript` in the user folder, named by the transcript's SHA-256."""
    folder = fallback_dir if fallback_dir is not None else user_notes_dir()
    return folder / (file_sha256(transcript) + SUFFIX)


def _pointer_path(transcript: Path, folder: Path) -> Path:
    """Return the file in the user folder that names the notes file of `transcript` by its path."""
    key = hashlib.sha256(os.path.realpath(transcript).encode("utf-8", "surrogatepass")).hexdigest()
    return folder / "by-path" / (key + ".json")


def _pointed_notes(transcript: Path, folder: Path) -> Path | None:
    """Return the notes file the path pointer of `transcript` names, if both exist."""
    try:
        data = json.loads(read_regular(_pointer_path(transcript, folder), 64 * 1024).decode("utf-8"))
        name = data["notes"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # Only a bare notes file name in this folder: a pointer must not lead anywhere else.
    if not isinstance(name, str) or Path(name).name != name or not name.endswith(SUFFIX):
        return None
    path = folder / name
    return path if path.exists() else None


def remember_notes_path(transcript: Path, notes_path: Path, *, fallback_dir: Path | None = None) -> None:
    """Record that the notes of `transcript` (by its path) are `notes_path`, when that is in the user folder.

    The user folder names notes by the transcript's SHA-256, which any edit changes; the pointer finds them
    again by the transcript's path, and re-anchoring puts them on the edited text.
    """
    folder = fallback_dir if fallback_dir is not None else user_notes_dir()
    if notes_path.parent != folder:
        return
    pointer = _pointer_path(transcript, folder)
    data = json.dumps({"transcript": os.path.realpath(transcript), "notes": notes_path.name}, ensure_ascii=False)
    try:
        if pointer.exists() and read_regular(pointer, 64 * 1024).decode("utf-8") == data:
            return
        pointer.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        atomic_write(pointer, data.encode("utf-8"), new_mode=PRIVATE_FILE_MODE)
    except (OSError, UnicodeDecodeError):
        pass  # a convenience: without it the notes are still found by the transcript's hash


def notes_path_for(transcript: Path, *, fallback_dir: Path | None = None) -> Path:
    """Return where the notes of `transcript` are kept.

    Beside it when they can be saved there; otherwise in the user folder, found by the transcript's hash or,
    after the transcript was edited, by its path; otherwise a read-only file beside it (the window offers to
    save in the user folder); otherwise a new file in the user folder, named by the transcript's hash. The
    files that ship with the app (the `--demo` sample) are read-only even where their folder is writable: their
    notes and lock go to the user folder, never into the installed package.
    """
    from reader.resources import is_bundled  # stdlib only: where the shipped files are

    beside = beside_path(transcript)
    shipped = is_bundled(transcript)
    if not shipped and os.access(transcript.parent, os.W_OK) and (not beside.exists()
                                                                  or unwritable_reason(beside) is None):
        return beside
    folder = fallback_dir if fallback_dir is not None else user_notes_dir()
    by_hash = user_notes_path(transcript, fallback_dir=folder)
    if by_hash.exists():
        return by_hash
    pointed = _pointed_notes(transcript, folder)
    if pointed is not None:
        return pointed
    return beside if beside.exists() and not shipped else by_hash


@dataclass
class LoadResult:
    """What loading found: the document, messages for the user, and whether saving is allowed."""

    document: NotesDocument
    messages: list[str] = field(default_factory=list)
    read_only: bool = False
    read_only_reason: str | None = None


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
# One item's line. json's C encoder made once, without the circular check (an item is a tree of JSON values
# made by NoteItem.to_json): JSONEncoder.encode makes a new one per call, which was half the time of
# encoding 10,000 notes (about 3 of 6 us an item).
_C_ITEM_ENCODER = (json_encoder.c_make_encoder(None, _ENCODER.default, json_encoder.encode_basestring, None,
                                               ": ", ", ", False, False, True)
                   if json_encoder.c_make_encoder is not None else None)


def _item_line(value: dict[str, Any]) -> str:
    if _C_ITEM_ENCODER is None:  # an interpreter without json's C speedups
        return _ENCODER.encode(value)
    return "".join(_C_ITEM_ENCODER(value, 0))


def stored_path(path: str | None, folder: Path | None) -> str | None:
    """Return a transcript or media path as a notes file in `folder` stores it: relative to that folder, so a
    folder moved or synced whole keeps working; absolute only where no relative path exists (another drive).
    """
    if not path or folder is None or not os.path.isabs(path):
        return path
    try:
        return Path(os.path.relpath(path, os.path.abspath(folder))).as_posix()
    except ValueError:  # another drive on Windows
        return path


def resolved_path(path: str | None, folder: Path | None) -> str | None:
    """Return a path read from a notes file in `folder` as an absolute one (old files stored them absolute)."""
    if not path or folder is None or os.path.isabs(path):
        return path
    return os.path.normpath(os.path.join(os.path.abspath(folder), path))


def encode(document: NotesDocument, cache: dict[str, tuple[tuple, str]] | None = None, *,
           folder: Path | None = None) -> bytes:
    """Return the document as the file's bytes: UTF-8 JSON, one item per line, keys in the documented order.

    One line per item keeps diffs of the file readable in git (and each item's keys stay in order), and it
    is fast: json's `indent` makes Python use its slow pure-Python encoder (0.4 s for 10,000 notes here).
    With `cache` (item id -> (fingerprint, line)), only items changed since the last save are encoded.
    `folder` is the notes file's: the transcript and media paths are written relative to it.
    """
    data = document.to_json(items=False)
    for key in ("transcript", "media"):
        if folder is not None and isinstance(data.get(key), dict) and data[key].get("path"):
            data[key] = {**data[key], "path": stored_path(data[key]["path"], folder)}
    lines = []
    for item in document.sorted_items():
        key = fingerprint(item)
        hit = cache.get(item.id) if cache is not None else None
        if hit is not None and hit[0] == key:
            lines.append(hit[1])
            continue
        line = _item_line(item.to_json())
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


def refusal(path: Path | str, exc: OSError) -> str:
    """Return the one line saying why the notes file at `path` cannot be read."""
    return f"{path}: {refusal_reason(exc)}"


def refusal_reason(exc: OSError) -> str:
    """Return why a notes file cannot be read, in words ("is a named pipe (FIFO), not a notes file")."""
    if isinstance(exc, NotARegularFileError):
        return f"is {exc.kind}, not a notes file"
    if isinstance(exc, FileTooLargeError):
        return f"is too large to be a notes file (over {MAX_NOTES_BYTES // 2**20} MB)"
    return f"cannot read the notes ({exc.strerror or exc})"


def read_notes(path: Path, bad: list[str] | None = None) -> NotesDocument:
    """Return the notes in the file at `path`, repairing nothing (exports); raise OSError or NotesFormatError.

    With `bad`, malformed items are left out and described there instead of failing the whole file.
    """
    return decode(read_bytes(path), bad, folder=path.parent)


def decode(raw: bytes, bad: list[str] | None = None, *, folder: Path | None = None) -> NotesDocument:
    """Return the notes document in a notes file's bytes; raise NotesFormatError when they hold none.

    With `bad`, malformed items are left out and described there (see NotesDocument.from_json). Relative
    transcript and media paths are taken from `folder`, the notes file's (absolute ones, as older versions
    wrote, are kept).
    """
    document = _decode(raw, bad)
    document.transcript_path = resolved_path(document.transcript_path, folder) or ""
    document.media_path = resolved_path(document.media_path, folder)
    return document


def _decode(raw: bytes, bad: list[str] | None = None) -> NotesDocument:
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
        self.read_only_reason: str | None = None  # why, in words the window can show

    @property
    def shown(self) -> str:
        """Return the notes file's path as messages show it: bidi controls removed, so it reads as it is."""
        return neutralise(str(self.path))

    @property
    def target(self) -> Path:
        """Return the file saves replace: the notes file, or the file it links to.

        A notes file linked to a synced copy must stay a link: the copy is what is written (and locked).
        """
        return Path(os.path.realpath(self.path))

    def _read_only(self, document: NotesDocument, reason: str, message: str) -> LoadResult:
        """Turn saving off for this session; return `document` with `message`."""
        self.read_only, self.read_only_reason = True, reason
        return LoadResult(document, [message], read_only=True, read_only_reason=reason)

    def take_messages(self) -> list[str]:
        """Return what the last saves found that the user should know (garbage moved aside), and forget it."""
        messages, self._messages = self._messages, []
        return messages

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        from filelock import FileLock

        target = self.target
        target.parent.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
        lock = FileLock(str(target) + ".lock", timeout=LOCK_TIMEOUT_S, mode=PRIVATE_FILE_MODE)
        # A short poll: with filelock's 50 ms, a writer saving in a loop re-took the lock before the other
        # ever saw it free (one of two processes managed 1 save in 2 s on a busy machine).
        lock.acquire(poll_interval=LOCK_POLL_S)
        try:
            yield
        finally:
            lock.release()

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
            return self._read_only(NotesDocument(), refusal_reason(exc),
                                   f"{refusal(self.shown, exc)}; notes are not saved in this session")
        bad: list[str] = []
        try:
            document = decode(raw, bad, folder=self.path.parent)
        except NotesFormatError as exc:
            where = str(exc)
            try:
                aside = self._move_aside()
            except OSError as move_error:  # a read-only folder: leave the file, save nothing over it
                return self._read_only(
                    NotesDocument(), "the notes file is unreadable and could not be moved aside",
                    f"{self.shown}: the notes file is unreadable ({where}) and could not be moved aside "
                    f"({_reason(move_error)}; is its folder read-only?); notes are not saved there in this session")
            self._loaded_digest = None
            return LoadResult(NotesDocument(), [
                f"{self.shown}: the notes file was unreadable ({where}); it was moved aside to "
                f"{neutralise(aside.name)} and a new one was started"])
        self._loaded_digest = hashlib.sha256(raw).hexdigest()
        self._base = MergeBase.of(document)
        if document.schema_version > SCHEMA_VERSION:
            return self._read_only(document, "written by a newer version of Transcript Reader",
                                   f"{self.shown}: written by a newer version of Transcript Reader (format "
                                   f"{document.schema_version}); opened read-only so nothing in it is lost")
        if bad:  # keep the good ones open; the file as it was keeps the bad ones for whoever can mend them
            what = bad_items_text(bad, len(document.items))
            try:
                aside = self._copy_aside(raw)
            except OSError as copy_error:  # saving would drop them with no copy left: save nothing
                return self._read_only(
                    document, "some notes could not be read, and could not be set aside",
                    f"{self.shown}: {what}; they could not be set aside ({_reason(copy_error)}), so the file is "
                    "opened read-only and nothing in it is lost")
            return LoadResult(document, [f"{self.shown}: {what}; they are kept in a copy of the file set aside as "
                                         f"{neutralise(aside.name)}, the others are open"])
        reason = unwritable_reason(self.path)
        if reason is not None:  # saving would fail at every try (or replace a file someone made read-only)
            return self._read_only(document, reason, f"{self.shown}: opened read-only: {reason}")
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
            aside = self.target.with_name(f"{self.target.name}.corrupt-{stamp}" + (f"-{n}" if n else ""))
            if not aside.exists():
                return aside
        raise NotesSaveError(errno.EEXIST, f"cannot move the corrupt notes file aside: {self.shown}")

    def _move_aside(self) -> Path:
        aside = self._aside_path()
        os.replace(self.target, aside)
        _make_private(aside)
        return aside

    def _sweep_temporary_files(self, before: float) -> None:
        """Remove temporary files that saves killed mid-write left (made before `before`, the lock's time).

        Every save writes its temporary file while holding the lock, so one older than our holding it
        belongs to no running save.
        """
        prefix, folder = f".{self.target.name}.", self.target.parent
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
            raise NotesSaveError(errno.EROFS, f"{self.shown}: notes are read-only in this session"
                                 + (f" ({self.read_only_reason})" if self.read_only_reason else ""))
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
                    raise NotesSaveError(exc.errno,
                                         f"{refusal(self.shown, exc)}; the notes are kept in memory") from exc
                if raw is not None and hashlib.sha256(raw).hexdigest() != self._loaded_digest:
                    bad: list[str] = []
                    try:
                        theirs = decode(raw, bad, folder=self.path.parent)
                    except NotesFormatError as exc:
                        aside = self._move_aside()  # someone wrote garbage: keep it for inspection, write ours
                        self._messages.append(
                            f"{self.shown}: another program left the notes file unreadable ({exc}); it was moved "
                            f"aside to {neutralise(aside.name)} and your notes were saved anew")
                    else:
                        if bad:
                            aside = self._copy_aside(raw)
                            self._messages.append(
                                f"{self.shown}: in the notes another program saved, "
                                f"{bad_items_text(bad, len(theirs.items))}; they are kept in a copy set aside as "
                                f"{neutralise(aside.name)}")
                        result = merge(document, theirs, self._base)
                data = encode(result, self._lines, folder=self.path.parent)
                atomic_write(self.target, data, new_mode=PRIVATE_FILE_MODE)
                self._loaded_digest = hashlib.sha256(data).hexdigest()
                self._base = MergeBase.of(result, self._lines)  # encode() has every item's fingerprint
                return result
        except OSError as exc:
            if isinstance(exc, NotesSaveError):
                raise
            reason = _reason(exc)
            raise NotesSaveError(exc.errno or errno.EIO, f"{self.shown}: cannot save the notes ({reason}); "
                                 "they are kept in memory and saving will be retried") from exc


def _reason(exc: OSError) -> str:
    """Return the system's words for `exc` ("Permission denied")."""
    return os.strerror(exc.errno) if exc.errno else str(exc)
