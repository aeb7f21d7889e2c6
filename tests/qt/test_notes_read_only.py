"""Notes that cannot be saved where they are: read-only mode with a reason, and a question before closing.

Root ignores permissions, so the read-only folder is simulated where the store asks the system (see
tests/core/notes/test_read_only_places.py).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.core.formats import parse_file
from reader.core.notes import NoteItem, NotesDocument
from reader.core.notes_store import NotesStore
from reader.qt.main_window import MainWindow
from reader.qt.notes_controller import NotesController
from tests.core.notes.test_read_only_places import read_only  # noqa: F401 - a fixture

TEXT = "Ana (00:01): We record every interview twice.\nBen (00:09): Then we compare the two recordings.\n"


class Answers:
    """Answers the save-elsewhere question as a user would, recording what was asked."""

    def __init__(self, answer: str) -> None:
        self.answer = answer
        self.asked: list[tuple[str, Path]] = []

    def __call__(self, parent: object, reason: str, where: Path) -> str:
        self.asked.append((reason, where))
        return self.answer


@pytest.fixture
def locked_talk(tmp_path: Path, read_only) -> Path:  # noqa: F811 - the fixture imported above
    """Return a transcript with a notes file, both in a read-only folder."""
    folder = tmp_path / "shared"
    folder.mkdir()
    transcript = folder / "talk.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    document = NotesDocument()
    document.add(NoteItem(kind="bookmark", start_ms=1000, id="old", label="from before"))
    NotesStore(folder / "talk.txt.notes.json").save(document)
    read_only(folder)
    return transcript


def user_notes(folder: Path) -> list[dict]:
    files = list(folder.glob("*.notes.json"))
    assert len(files) == 1
    return json.loads(files[0].read_text(encoding="utf-8"))["items"]


def test_read_only_mode_says_why(qtbot, tmp_path: Path, locked_talk: Path) -> None:
    controller = NotesController(fallback_dir=tmp_path / "user")
    with qtbot.waitSignal(controller.messageRaised) as message:
        controller.open_for(parse_file(locked_talk), None)
    assert controller.read_only and controller.read_only_reason == "its folder is read-only"
    assert "read-only" in message.args[0]


def test_closing_with_unsaved_notes_offers_the_user_folder(qtbot, tmp_path: Path, locked_talk: Path) -> None:
    controller = NotesController(fallback_dir=tmp_path / "user")
    controller.open_for(parse_file(locked_talk), None)
    controller.add_item(NoteItem(kind="bookmark", start_ms=9000, id="new", label="added"))
    answers = Answers("save")
    controller.ask_to_save_elsewhere = answers
    assert controller.confirm_close(None)
    assert answers.asked and "read-only" in answers.asked[0][0] and answers.asked[0][1].parent == tmp_path / "user"
    assert sorted(item["id"] for item in user_notes(tmp_path / "user")) == ["new", "old"]
    assert not controller.read_only and not controller.unsaved
    # Opened again, the notes come from the user folder.
    again = NotesController(fallback_dir=tmp_path / "user")
    again.open_for(parse_file(locked_talk), None)
    assert sorted(item.id for item in again.items()) == ["new", "old"]


def test_cancel_keeps_the_window_and_discard_lets_it_close(qtbot, tmp_path: Path, locked_talk: Path) -> None:
    controller = NotesController(fallback_dir=tmp_path / "user")
    controller.open_for(parse_file(locked_talk), None)
    controller.add_item(NoteItem(kind="bookmark", start_ms=9000))
    controller.ask_to_save_elsewhere = Answers("cancel")
    assert not controller.confirm_close(None)
    controller.ask_to_save_elsewhere = Answers("discard")
    assert controller.confirm_close(None)
    assert not (tmp_path / "user").exists()


def test_nothing_is_asked_when_nothing_changed(qtbot, tmp_path: Path, locked_talk: Path) -> None:
    controller = NotesController(fallback_dir=tmp_path / "user")
    controller.open_for(parse_file(locked_talk), None)
    controller.set_session(5000, 1.5, False)  # where the reader was is not worth a question
    answers = Answers("cancel")
    controller.ask_to_save_elsewhere = answers
    assert controller.confirm_close(None) and answers.asked == []


def test_the_window_asks_before_it_closes_with_unsaved_notes(qtbot, window: MainWindow, tmp_path: Path,
                                                             locked_talk: Path) -> None:
    window.open_transcript(locked_talk)
    window.notes.add_item(NoteItem(kind="bookmark", start_ms=9000, id="new"))
    answers = Answers("cancel")
    window.notes.ask_to_save_elsewhere = answers
    window.close()
    assert answers.asked and window.isVisible()
    answers.answer = "save"
    window.close()
    assert not window.isVisible()
    assert sorted(item["id"] for item in user_notes(tmp_path / "user-notes")) == ["new", "old"]


def test_notes_kept_by_path_follow_an_edited_transcript(qtbot, tmp_path: Path, read_only) -> None:  # noqa: F811
    folder = tmp_path / "readonly"
    folder.mkdir()
    transcript = folder / "talk.txt"
    transcript.write_text(TEXT, encoding="utf-8")
    read_only(folder)
    controller = NotesController(fallback_dir=tmp_path / "user")
    loaded = parse_file(transcript)
    controller.open_for(loaded, None)
    start = loaded.turns[1].text.index("two recordings")
    from reader.core.notes import Quote

    controller.add_item(NoteItem(kind="highlight", start_ms=9000, turn_index=1, speaker="Ben",
                                 quote=Quote.from_text(loaded.turns[1].text, start, start + 14), char_start=start,
                                 char_end=start + 14))
    assert controller.save_now()
    transcript.write_text("Cy (00:00): Welcome.\n" + TEXT.replace("(00:09)", "(00:19)"), encoding="utf-8")
    again = NotesController(fallback_dir=tmp_path / "user")
    messages: list[str] = []
    again.messageRaised.connect(messages.append)
    again.open_for(parse_file(transcript), None)
    (item,) = again.items()
    assert item.turn_index == 2 and item.start_ms >= 19_000 and not item.detached
    assert any("changed since these notes were saved" in message for message in messages), messages
    assert os.path.exists(again.path)
