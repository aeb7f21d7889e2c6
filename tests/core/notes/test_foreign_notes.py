"""Notes files written or edited by other programs: BOMs, bad items, garbage, hand edits, killed saves."""

from __future__ import annotations

import copy
import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.notes import NoteItem, NotesDocument
from reader.core.notes_store import NotesStore, encode
from tests.core.notes.test_notes_store import _save_forever

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"


def saved(path: Path, *items: NoteItem) -> NotesStore:
    """Save `items` to `path` with a store of their own; return that store."""
    store = NotesStore(path)
    document = NotesDocument()
    for item in items:
        document.add(item)
    store.save(document)
    return store


def edit_by_hand(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Rewrite the notes file as a text editor would: load the JSON, `change` it, write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")


def test_a_utf8_bom_from_notepad_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    document = NotesDocument()
    document.add(NoteItem(kind="bookmark", start_ms=5, label="kept"))
    path.write_bytes(b"\xef\xbb\xbf" + encode(document))
    result = NotesStore(path).load()
    assert result.messages == [] and [i.label for i in result.document.items] == ["kept"]
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_one_bad_item_sets_only_itself_aside(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    good = [NoteItem(kind="bookmark", start_ms=n * 1000, id=f"good{n}", label=f"note {n}").to_json() for n in range(3)]
    bad = [{"id": "nan", "kind": "bookmark", "start_ms": float("nan")}, {"id": "typo", "kind": "bookmark",
                                                                         "start_ms": "12"}]
    raw = json.dumps({"schema_version": 1, "items": [good[0], bad[0], good[1], bad[1], good[2]]}).encode()
    path.write_bytes(raw)
    store = NotesStore(path)
    result = store.load()
    assert sorted(i.id for i in result.document.items) == ["good0", "good1", "good2"]
    assert not result.read_only
    (aside,) = tmp_path.glob("t.txt.notes.json.corrupt-*")
    assert aside.read_bytes() == raw  # the bad items are kept there, with everything else
    message = result.messages[0]
    assert "2 of 5 notes could not be read" in message and aside.name in message and str(path) in message
    store.save(result.document)
    assert sorted(i.id for i in NotesStore(path).load().document.items) == ["good0", "good1", "good2"]
    assert aside.read_bytes() == raw


def test_an_item_nested_too_deeply_is_refused_at_load_so_the_others_stay_editable(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    deep: object = 1
    for _ in range(800):  # json reads it; copy.deepcopy (every edit and delete) hits the recursion limit
        deep = [deep]
    items = [NoteItem(kind="bookmark", start_ms=1, id="fine").to_json(),
             {**NoteItem(kind="bookmark", start_ms=2, id="deep").to_json(), "future": deep}]
    path.write_text(json.dumps({"schema_version": 1, "items": items}))
    result = NotesStore(path).load()
    assert [i.id for i in result.document.items] == ["fine"]
    assert "1 of 2 notes could not be read" in result.messages[0] and "nested" in result.messages[0]
    copy.deepcopy(result.document)  # what an edit or a delete does


def test_garbage_found_at_save_is_moved_aside_and_the_user_told(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    store = saved(path, NoteItem(kind="bookmark", start_ms=1, id="a"))
    path.write_bytes(b'{"schema_version": 1, "items": [{"id": "x", "ki')  # another program died mid-write
    document = NotesDocument()
    document.add(NoteItem(kind="bookmark", start_ms=2, id="b"))
    store.save(document)
    messages = store.take_messages()
    (aside,) = tmp_path.glob("t.txt.notes.json.corrupt-*")
    assert len(messages) == 1 and aside.name in messages[0] and "moved aside" in messages[0]
    assert store.take_messages() == []


def test_a_hand_edit_that_keeps_modified_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    saved(path, NoteItem(kind="bookmark", start_ms=1, id="a", note="typed in the app"))
    store = NotesStore(path)
    document = store.load().document
    edit_by_hand(path, lambda data: data["items"][0].update(note="fixed by hand"))
    document.add(NoteItem(kind="bookmark", start_ms=2, id="b"))
    merged = store.save(document)
    notes = {i.id: i.note for i in NotesStore(path).load().document.items}
    assert notes == {"a": "fixed by hand", "b": ""}
    assert {i.id: i.note for i in merged.items} == notes


def test_items_deleted_by_hand_stay_deleted(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    saved(path, *(NoteItem(kind="bookmark", start_ms=n, id=name) for n, name in enumerate("xyz")))
    store = NotesStore(path)
    document = store.load().document
    edit_by_hand(path, lambda data: data.update(items=[i for i in data["items"] if i["id"] != "y"]))
    document.add(NoteItem(kind="bookmark", start_ms=9, id="new"))
    merged = store.save(document)
    assert sorted(i.id for i in NotesStore(path).load().document.items) == ["new", "x", "z"]
    assert sorted(i.id for i in merged.items) == ["new", "x", "z"]


def test_an_item_edited_here_survives_its_deletion_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    saved(path, NoteItem(kind="bookmark", start_ms=1, id="a"), NoteItem(kind="bookmark", start_ms=2, id="b"))
    store = NotesStore(path)
    document = store.load().document
    edit_by_hand(path, lambda data: data.update(items=[i for i in data["items"] if i["id"] != "a"]))
    item = document.item("a")
    assert item is not None
    item.note = "still wanted"
    item.touch()
    store.save(document)
    assert {i.id: i.note for i in NotesStore(path).load().document.items} == {"a": "still wanted", "b": ""}


def test_a_speaker_name_changed_by_hand_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    store = NotesStore(path)
    document = NotesDocument(speaker_names={"SPK1": "Ana"})
    document = store.save(document)
    edit_by_hand(path, lambda data: data.update(speaker_names={"SPK1": "Ana Lima"}))
    document.add(NoteItem(kind="bookmark", start_ms=2))
    store.save(document)
    assert NotesStore(path).load().document.speaker_names == {"SPK1": "Ana Lima"}


def test_temporary_files_of_killed_saves_are_removed_by_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "t.txt.notes.json"
    stale = [tmp_path / f".t.txt.notes.json.{name}.tmp" for name in ("a1b2c3", "zz_9")]
    for temp in stale:
        temp.write_bytes(b"x" * 1000)
        os.utime(temp, (time.time() - 60, time.time() - 60))
    other = tmp_path / ".other.json.abc.tmp"  # not this store's: left alone
    other.write_bytes(b"x")
    os.utime(other, (time.time() - 60, time.time() - 60))
    saved(path, NoteItem(kind="bookmark", start_ms=1))
    assert not any(temp.exists() for temp in stale)
    assert other.exists()


def test_after_kills_mid_save_the_next_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    path = tmp_path / "kill.notes.json"
    rng = random.Random(5)
    for round_number in range(40):
        _receiver, sender = context.Pipe(duplex=False)
        child = context.Process(target=_save_forever, args=(str(path), f"r{round_number}-", sender))
        child.start()
        time.sleep(rng.uniform(0.002, 0.03))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    time.sleep(0.01)  # the temp files are older than the next lock holder
    store = NotesStore(path)
    store.save(store.load().document)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def export_md(transcript: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", "export", str(transcript), "-f", "md"], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, encoding="utf-8")


def beside_sample(tmp_path: Path, notes: bytes) -> Path:
    transcript = tmp_path / "talk.txt"
    transcript.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "talk.txt.notes.json").write_bytes(notes)
    return transcript


@pytest.mark.parametrize("notes", [b'{"schema_version": 1, "x": 1' + b"0" * 5000 + b"}",
                                   b'{"schema_version": 1, "x": ' + b"[" * 995 + b"]" * 995 + b"}",
                                   b'{"schema_version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"],
                         ids=["5000-digits", "995-deep", "100000-deep"])
def test_export_says_in_one_line_that_it_cannot_read_such_notes(tmp_path: Path, notes: bytes) -> None:
    result = export_md(beside_sample(tmp_path, notes))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("transcript-reader: ") and result.stderr.count("\n") == 1, result.stderr


def test_export_skips_a_bad_item_and_says_so(tmp_path: Path) -> None:
    items = [NoteItem(kind="bookmark", start_ms=22_000, label="kept").to_json(),
             {"id": "bad", "kind": "bookmark", "start_ms": 1e999}]
    result = export_md(beside_sample(tmp_path, json.dumps({"schema_version": 1, "items": items}).encode()))
    assert result.returncode == 0 and "kept" in result.stdout
    assert "1 of 2 notes could not be read" in result.stderr and result.stderr.count("\n") == 1
