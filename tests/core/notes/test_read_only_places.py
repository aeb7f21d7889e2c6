"""Notes in places we may not write: read-only folders and files, symlinks, the user folder's keys.

The tests run as any user (root ignores permissions), so a read-only folder is simulated where the store
asks the system: os.access says no, and renaming or creating files in it fails as the kernel would.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main as cli_main
from reader.core import notes_store
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.notes_store import NotesSaveError, NotesStore, notes_path_for, remember_notes_path

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks and modes as on POSIX")


@pytest.fixture
def read_only(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Return a function that makes a folder read-only for this test."""
    folders: set[Path] = set()
    real_access, real_replace, real_mkstemp = os.access, os.replace, tempfile.mkstemp

    def locked(path: object) -> bool:
        return Path(os.fspath(path)).absolute().parent in folders  # type: ignore[arg-type]

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(os.fspath(path)).absolute() in folders:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    def replace(src: object, dst: object, **kwargs: object) -> None:
        if locked(src) or locked(dst):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(dst))  # type: ignore[arg-type]
        real_replace(src, dst, **kwargs)  # type: ignore[arg-type]

    def mkstemp(*args: object, dir: object = None, **kwargs: object) -> tuple[int, str]:
        if dir is not None and Path(os.fspath(dir)).absolute() in folders:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(dir))  # type: ignore[arg-type]
        return real_mkstemp(*args, dir=dir, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    return lambda folder: folders.add(folder.absolute())


def notes_with(path: Path, *labels: str) -> None:
    document = NotesDocument()
    for n, label in enumerate(labels):
        document.add(NoteItem(kind="bookmark", start_ms=n, label=label))
    NotesStore(path).save(document)


def test_a_corrupt_notes_file_in_a_read_only_folder_opens_read_only(tmp_path: Path, read_only) -> None:
    path = tmp_path / "talk.txt.notes.json"
    path.write_bytes(b"{ not json")
    read_only(tmp_path)
    store = NotesStore(path)
    result = store.load()  # raised PermissionError from moving it aside
    assert result.read_only and store.read_only and result.document.items == []
    assert "could not be moved aside" in result.messages[0] and "read-only" in result.messages[0]
    assert path.read_bytes() == b"{ not json"
    assert store.read_only_reason


def test_bad_items_that_cannot_be_set_aside_open_read_only(tmp_path: Path, read_only) -> None:
    path = tmp_path / "talk.txt.notes.json"
    path.write_text('{"schema_version": 1, "items": [{"id": "a", "kind": "bookmark", "start_ms": 1}, {"kind": 3}]}')
    read_only(tmp_path)
    result = NotesStore(path).load()
    assert result.read_only and [i.id for i in result.document.items] == ["a"]


def test_a_valid_notes_file_in_a_read_only_folder_opens_read_only_and_says_why(tmp_path: Path, read_only) -> None:
    path = tmp_path / "talk.txt.notes.json"
    notes_with(path, "one")
    read_only(tmp_path)
    store = NotesStore(path)
    result = store.load()
    assert result.read_only and [i.label for i in result.document.items] == ["one"]
    assert "folder" in result.messages[0] and "read-only" in result.messages[0]
    with pytest.raises(NotesSaveError):
        store.save(result.document)


@posix_only
def test_a_notes_file_made_read_only_is_respected(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt.notes.json"
    notes_with(path, "one")
    path.chmod(0o444)
    before = path.read_bytes()
    store = NotesStore(path)
    result = store.load()
    assert result.read_only and "read-only" in result.messages[0]
    result.document.add(NoteItem(kind="bookmark", start_ms=5))
    with pytest.raises(NotesSaveError):
        store.save(result.document)
    assert path.read_bytes() == before and (path.stat().st_mode & 0o777) == 0o444


@posix_only
def test_a_symlinked_notes_file_is_written_through(tmp_path: Path) -> None:
    synced = tmp_path / "cloud" / "talk.notes.json"
    synced.parent.mkdir()
    notes_with(synced, "from the cloud")
    link = tmp_path / "talk.txt.notes.json"
    link.symlink_to(synced)
    store = NotesStore(link)
    document = store.load().document
    document.add(NoteItem(kind="bookmark", start_ms=9, label="added here"))
    store.save(document)
    assert link.is_symlink() and link.resolve() == synced.resolve()
    assert sorted(i.label for i in NotesStore(synced).load().document.items) == ["added here", "from the cloud"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cloud", "talk.txt.notes.json"]


def test_notes_in_the_user_folder_follow_the_transcript_when_it_is_edited(tmp_path: Path, read_only) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    transcript = folder / "talk.txt"
    transcript.write_text("Ana (00:01): We record every interview twice.\n")
    read_only(folder)
    user = tmp_path / "user"
    path = notes_path_for(transcript, fallback_dir=user)
    assert path.parent == user
    remember_notes_path(transcript, path, fallback_dir=user)
    notes_with(path, "kept")
    transcript.write_text("Ana (00:01): We record every interview twice, always.\n")  # a typo fixed
    assert notes_path_for(transcript, fallback_dir=user) == path


def test_export_finds_the_notes_of_an_edited_read_only_transcript(tmp_path: Path, read_only,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    transcript = folder / "talk.txt"
    text = "Ana (00:01): We record every interview twice.\nBen (00:09): Then we compare them.\n"
    transcript.write_text(text)
    read_only(folder)
    user = tmp_path / "user"
    monkeypatch.setattr(notes_store, "user_notes_dir", lambda: user)
    path = notes_path_for(transcript)
    remember_notes_path(transcript, path)
    document = NotesDocument()
    quote = "compare them"
    document.add(NoteItem(kind="highlight", start_ms=9000, turn_index=1, speaker="Ben", quote=Quote(quote),
                          char_start=8, char_end=20))
    NotesStore(path).save(document)
    transcript.write_text("Ana (00:00): Hello.\n" + text.replace("(00:09)", "(00:19)"))
    assert cli_main(["export", str(transcript), "-f", "md"]) == 0
    out = capsys.readouterr().out
    assert "> compare them" in out and "[00:19] Ben" in out
