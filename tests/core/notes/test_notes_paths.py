"""The notes file stores the transcript and media paths relative to itself, so a folder moves or syncs whole."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from reader.core.notes import NoteItem, NotesDocument
from reader.core.notes_store import NotesStore, beside_path, notes_path_for, read_notes, resolved_path, stored_path


def test_paths_are_stored_relative_and_read_back_absolute(tmp_path: Path) -> None:
    folder = tmp_path / "talk"
    (folder / "media").mkdir(parents=True)
    notes = folder / "talk.txt.notes.json"
    document = NotesDocument(transcript_path=str(folder / "talk.txt"), media_path=str(folder / "media" / "talk.mp4"))
    document.add(NoteItem("bookmark", 1000, label="here"))
    NotesStore(notes).save(document)
    data = json.loads(notes.read_text(encoding="utf-8"))
    assert data["transcript"]["path"] == "talk.txt"
    assert data["media"]["path"] == "media/talk.mp4"
    moved = tmp_path / "elsewhere" / "talk"
    shutil.move(str(folder), str(moved))
    loaded = NotesStore(moved / "talk.txt.notes.json").load().document
    assert loaded.transcript_path == str(moved / "talk.txt")
    assert loaded.media_path == str(moved / "media" / "talk.mp4")
    assert read_notes(moved / "talk.txt.notes.json").media_path == str(moved / "media" / "talk.mp4")


def test_old_absolute_paths_are_still_read(tmp_path: Path) -> None:
    notes = tmp_path / "talk.txt.notes.json"
    notes.write_text(json.dumps({"schema_version": 1, "transcript": {"path": "/srv/talks/talk.txt"},
                                 "media": {"path": "/srv/talks/talk.mp4"}, "items": []}), encoding="utf-8")
    document = NotesStore(notes).load().document
    assert (document.transcript_path, document.media_path) == ("/srv/talks/talk.txt", "/srv/talks/talk.mp4")


def test_a_media_file_elsewhere_is_reached_through_parent_folders(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    assert stored_path(str(tmp_path / "video" / "talk.mp4"), folder) == "../video/talk.mp4"
    assert resolved_path("../video/talk.mp4", folder) == str(tmp_path / "video" / "talk.mp4")
    assert stored_path("", folder) == "" and stored_path(None, folder) is None


def test_the_demo_sample_keeps_its_notes_in_the_user_folder(tmp_path: Path) -> None:
    from reader.resources import is_bundled, sample_transcript

    sample = sample_transcript()
    assert is_bundled(sample) and not is_bundled(tmp_path / "talk.txt")
    path = notes_path_for(sample, fallback_dir=tmp_path / "user")
    assert path.parent == tmp_path / "user" and not path.is_relative_to(sample.parent)
    beside = [beside_path(sample), Path(f"{beside_path(sample)}.lock")]
    before = [p.stat().st_mtime_ns if p.exists() else None for p in beside]  # left by earlier runs: untouched
    NotesStore(path).save(NotesDocument(transcript_path=str(sample)))
    assert path.exists() and [p.stat().st_mtime_ns if p.exists() else None for p in beside] == before
    assert notes_path_for(sample, fallback_dir=tmp_path / "user") == path  # found there next time
