"""The notes file on disk: atomic saves, corrupt files, newer versions, refusals, kills, two writers."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core import notes_store
from reader.core.notes import NoteItem, NotesDocument
from reader.core.notes_store import NotesSaveError, NotesStore, notes_path_for


def test_notes_live_beside_the_transcript(tmp_path: Path) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("x")
    assert notes_path_for(transcript) == tmp_path / "talk.txt.notes.json"


def test_unwritable_folder_uses_the_user_folder_named_by_hash(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_text("hello")
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    path = notes_path_for(transcript, fallback_dir=tmp_path / "data")
    assert path.parent == tmp_path / "data"
    assert path.name == notes_store.file_sha256(transcript) + ".notes.json"


def test_save_then_load_and_no_temp_files_left(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "t.txt.notes.json")
    assert store.load().document.items == []
    doc = NotesDocument(transcript_path="t.txt")
    doc.add(NoteItem(kind="bookmark", start_ms=1234, label="é <b>"))
    store.save(doc)
    loaded = NotesStore(store.path).load()
    assert [i.label for i in loaded.document.items] == ["é <b>"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.txt.notes.json", "t.txt.notes.json.lock"]
    assert store.path.read_text(encoding="utf-8").startswith('{\n  "schema_version": 1,')


@pytest.mark.parametrize("content", [b"{ not json", b"\xff\xfe\x00garbage", b'{"items": []}', b'[1, 2]',
                                     b'{"schema_version": 1, "items": [{"kind": "poem"}]}'])
def test_corrupt_file_is_moved_aside_never_overwritten(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "t.txt.notes.json"
    path.write_bytes(content)
    store = NotesStore(path)
    result = store.load()
    assert result.document.items == [] and not result.read_only
    asides = list(tmp_path.glob("t.txt.notes.json.corrupt-*"))
    assert len(asides) == 1 and asides[0].read_bytes() == content
    # A whole file is moved aside; a bad item (the poem) is set aside in a copy of it (test_foreign_notes.py).
    assert asides[0].name in result.messages[0] and str(path) in result.messages[0]
    store.save(NotesDocument())
    assert asides[0].read_bytes() == content


# Found by fuzzing: each of these escaped load() as OverflowError, ValueError or RecursionError.
FUZZ_CORRUPT = [
    b'{"schema_version": 1, "items": [{"id": "a", "kind": "bookmark", "start_ms": Infinity}]}',
    b'{"schema_version": 1, "items": [{"id": "a", "kind": "bookmark", "start_ms": NaN}]}',
    b'{"schema_version": 1, "items": [{"id": "a", "kind": "bookmark", "start_ms": 1' + b"0" * 400 + b"}]}",
    b'{"schema_version": 1' + b"0" * 5000 + b"}",
    b'{"schema_version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
]


@pytest.mark.parametrize("content", FUZZ_CORRUPT, ids=["infinity", "nan", "huge", "5000-digits", "nested"])
def test_unreadable_numbers_and_nesting_are_a_corrupt_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "t.txt.notes.json"
    path.write_bytes(content)
    result = NotesStore(path).load()
    (aside,) = tmp_path.glob("t.txt.notes.json.corrupt-*")
    assert result.document.items == [] and aside.name in result.messages[0]
    assert aside.read_bytes() == content
    # The same garbage written by another process while we hold the file is moved aside at save time.
    path.write_bytes(content)
    store = NotesStore(path)
    store.save(NotesDocument())
    assert len(list(tmp_path.glob("t.txt.notes.json.corrupt-*"))) == 2


@pytest.mark.parametrize("session", [b'{"position_ms": NaN, "rate": Infinity}', b'{"position_ms": -Infinity}',
                                     b'{"position_ms": 1' + b"0" * 400 + b', "rate": 1' + b"0" * 400 + b"}"])
def test_an_unusable_session_falls_back_to_the_defaults(tmp_path: Path, session: bytes) -> None:
    # Found by fuzzing: int(NaN) and float(10**400) raised out of load().
    path = tmp_path / "t.txt.notes.json"
    path.write_bytes(b'{"schema_version": 1, "session": ' + session + b"}")
    result = NotesStore(path).load()
    assert result.messages == []
    assert (result.document.session.position_ms, result.document.session.rate) == (0, 1.0)


def test_corrupt_json_message_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "n.notes.json"
    path.write_text('{\n  "schema_version": 1,\n  "items": [,]\n}')
    assert "line 3" in NotesStore(path).load().messages[0]


def test_newer_schema_opens_read_only_and_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "n.notes.json"
    data = NotesDocument().to_json()
    data["schema_version"] = 99
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    store = NotesStore(path)
    result = store.load()
    assert result.read_only and "newer version" in result.messages[0]
    with pytest.raises(NotesSaveError):
        store.save(result.document)
    assert path.read_bytes() == before


def test_disk_full_keeps_the_old_file_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = NotesStore(tmp_path / "n.notes.json")
    doc = NotesDocument()
    doc.add(NoteItem(kind="bookmark", start_ms=1))
    store.save(doc)
    before = store.path.read_bytes()
    doc.add(NoteItem(kind="bookmark", start_ms=2))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(NotesSaveError) as info:
        store.save(doc)
    assert "No space left" in str(info.value) and str(store.path) in str(info.value)
    assert store.path.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
    monkeypatch.undo()
    store.save(doc)  # the retry succeeds with everything
    assert len(NotesStore(store.path).load().document.items) == 2


def test_permission_denied_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = NotesStore(tmp_path / "n.notes.json")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(notes_store, "atomic_write", refuse)
    with pytest.raises(NotesSaveError, match="Permission denied"):
        store.save(NotesDocument())


def _save_forever(path: str, prefix: str, pipe: object) -> None:
    """Child process: add an item and save, forever, telling the parent how many items each save held."""
    store = NotesStore(Path(path))
    doc = store.load().document
    n = 0
    while True:
        n += 1
        doc.add(NoteItem(kind="bookmark", start_ms=n, id=f"{prefix}{n}", note="x" * random.randint(0, 3000)))
        doc = store.save(doc)
        pipe.send(sorted(i.id for i in doc.items))  # type: ignore[attr-defined]


def test_sigkill_at_random_moments_never_loses_a_completed_save(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    path = tmp_path / "kill.notes.json"
    rng = random.Random(11)
    kills = 0
    for round_number in range(200):
        receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_save_forever, args=(str(path), f"r{round_number}-", sender))
        child.start()
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        kills += 1
        last: list[str] = []
        while receiver.poll():
            last = receiver.recv()
        result = NotesStore(path).load()
        assert not result.messages, result.messages
        assert set(last) <= {i.id for i in result.document.items}
    assert kills == 200


def _save_many(path: str, prefix: str, seconds: float) -> None:
    store = NotesStore(Path(path))
    doc = store.load().document
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        n += 1
        doc.add(NoteItem(kind="bookmark", start_ms=n, id=f"{prefix}{n}"))
        doc = store.save(doc)
    Path(path + f".{prefix}count").write_text(str(n))


def test_two_processes_saving_at_once_keep_the_union(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    path = str(tmp_path / "both.notes.json")
    workers = [context.Process(target=_save_many, args=(path, prefix, 2.0)) for prefix in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    ids = {i.id for i in NotesStore(Path(path)).load().document.items}
    for prefix in ("a", "b"):
        count = int(Path(path + f".{prefix}count").read_text())
        assert count > 5
        assert {f"{prefix}{n}" for n in range(1, count + 1)} <= ids


posix_modes = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@posix_modes
def test_new_notes_files_are_the_users_alone_and_saves_keep_a_chosen_mode(tmp_path: Path) -> None:
    old_umask = os.umask(0o002)  # a permissive umask (shared-group setups) must not make notes readable
    try:
        store = NotesStore(tmp_path / "n.notes.json")
        store.save(NotesDocument())
        assert mode(store.path) == 0o600
        assert mode(tmp_path / "n.notes.json.lock") == 0o600
        store.path.chmod(0o640)  # the user chose to share it: kept
        store.save(NotesDocument())
        assert mode(store.path) == 0o640
    finally:
        os.umask(old_umask)


@posix_modes
def test_the_user_notes_folder_is_private(tmp_path: Path) -> None:
    store = NotesStore(tmp_path / "data" / "notes" / "abc.notes.json")
    store.save(NotesDocument())
    assert mode(store.path.parent) == 0o700 and mode(store.path) == 0o600


@posix_modes
def test_corrupt_copies_moved_aside_are_private(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    path.write_bytes(b"{ not json")
    path.chmod(0o664)
    store = NotesStore(path)
    store.load()
    (aside,) = tmp_path.glob("t.txt.notes.json.corrupt-*")
    assert mode(aside) == 0o600
    store.save(NotesDocument())
    path.write_bytes(b"garbage written by someone else")  # found at save time: moved aside too
    path.chmod(0o644)
    store.save(NotesDocument())
    asides = list(tmp_path.glob("t.txt.notes.json.corrupt-*"))
    assert len(asides) == 2 and {mode(a) for a in asides} == {0o600}


@posix_modes
def test_other_files_written_atomically_follow_the_umask(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)  # exports are the user's documents: the usual mode
    try:
        notes_store.atomic_write(tmp_path / "export.md", b"x")
        assert mode(tmp_path / "export.md") == 0o644
    finally:
        os.umask(old_umask)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20)


@given(st.dictionaries(st.text(max_size=12), JSON_VALUES, max_size=8))
def test_an_items_line_is_what_json_writes(value: dict) -> None:
    # Items are encoded by json's C encoder made once (notes_store._item_line): the same text as json.dumps
    # with the file's separators, for any JSON value (lone surrogates, U+2028, -0.0, huge numbers).
    assert notes_store._item_line(value) == json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
