"""The seed talk's first minutes, said word by word by espeak-ng and aligned by real PocketSphinx in the window:
at known moments the word painted as being said is the word the synthesis says then (issue 15).

The synthesis knows every word's true start (tests/benchmarks/seed_video.py, the speech of bench_align); the
window aligns the recording itself, as it does for a user, and the check reads the marked word twice: from the
model (WordRole of the active row) and from the pixels of the viewport (the one word of the active row whose
background differs from its neighbours'). tests/benchmarks/seed_video.py makes the same talk as a video with
the time burned in, for screenshots of the real window.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from reader.core.align import sphinx
from reader.core.align.words import split_words
from reader.core.formats import parse_file
from reader.core.formats.event_page import match_header
from reader.core.timecode import clock_to_ms
from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import ActiveRole, WordRole
from reader.qt.turn_delegate import layout_text
from tests.benchmarks.seed_video import SaidWord, seed_speech
from tests.core.align.synth import espeak_missing

pytestmark = pytest.mark.skipif(bool(espeak_missing() or sphinx.available()),
                                reason=espeak_missing() or sphinx.available() or "")

MINUTES = 3  # the turns stated in the first three minutes: 13 turns, about 500 words, aligned in seconds


def seed_head(seed: Path, out: Path, minutes: float) -> Path:
    """Write the seed page cut before its first turn stated at `minutes` or later (its own format kept)."""
    lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, line in enumerate(lines):
        header = match_header(line)
        if header is not None and clock_to_ms(header["time"] or header["late"]) >= minutes * 60_000:
            lines = lines[:number]
            break
    out.write_text("".join(lines), encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def seed_talk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[SaidWord]]:
    """Return the head of the seed, its synthetic recording and every word said in it, with its true times."""
    from tests.conftest import SEED

    if not SEED.exists():
        pytest.skip("the shared seed transcript is not present")
    folder = tmp_path_factory.mktemp("seed")
    transcript = seed_head(SEED, folder / "talk.txt", MINUTES)
    turns = parse_file(transcript).turns
    assert turns and all(t.start is not None and t.start < MINUTES * 60_000 for t in turns)
    words = seed_speech(folder / "talk.wav", turns, cache=folder / "clips")
    return transcript, folder / "talk.wav", words


@pytest.fixture
def fake_player(seed_talk: tuple[Path, Path, list[SaidWord]]) -> FakePlayer:
    """Return a fake player as long as the synthetic recording (the window's clock; the aligner reads the WAV)."""
    return FakePlayer(seed_talk[1].stat().st_size // 32, report_every_ms=1000, has_video=True)


@pytest.fixture
def aligned(qtbot, window: MainWindow, seed_talk: tuple[Path, Path, list[SaidWord]], monkeypatch) -> MainWindow:
    """Return the window with the seed's head open and its words aligned by PocketSphinx in the background."""
    monkeypatch.setenv("TRANSCRIPT_READER_ALIGN", "1")
    ended: list[str] = []
    window.aligner.aligned.connect(lambda *_: ended.append("aligned"))
    window.aligner.failed.connect(ended.append)  # says why at once, instead of a timeout
    assert window.open_transcript(seed_talk[0], seed_talk[1])
    qtbot.waitUntil(lambda: bool(ended), timeout=180_000)
    assert ended == ["aligned"], ended
    assert window.status.words.text().startswith("Words: PocketSphinx, ")
    return window


def _order(window: MainWindow) -> dict[tuple[int, int], int]:
    """Return the reading order of every written word, keyed by (row, char_start)."""
    order: dict[tuple[int, int], int] = {}
    for row in range(window.model.rowCount()):
        for word in split_words(window.model.turn(row).text):
            order[row, word.char_start] = len(order)
    return order


def _active_row(window: MainWindow) -> int:
    """Return the one row marked as being spoken."""
    rows = [r for r in range(window.model.rowCount()) if window.model.index(r, 0).data(ActiveRole)]
    assert len(rows) == 1, rows
    return rows[0]


def _word_rects(window: MainWindow, row: int) -> list[tuple[int, QRect]]:
    """Return (char_start, viewport rectangle) of each written word of `row` that sits on one line."""
    view = window.view
    rect = view.row_rect(row)
    text = window.model.turn(row).text
    layout = layout_text(text, view.delegate._font, view.delegate.text_width(rect.width()))
    origin = view.delegate.text_origin(rect)
    rects = []
    for word in split_words(text):
        line = layout.lineForTextPosition(word.char_start)
        if line.lineNumber() != layout.lineForTextPosition(word.char_end - 1).lineNumber():
            continue
        left = origin.x() + line.cursorToX(word.char_start)[0]
        right = origin.x() + line.cursorToX(word.char_end)[0]
        top = origin.y() + line.y()
        # One pixel in from each side: anti-aliasing and the neighbours' backgrounds stay out.
        rects.append((word.char_start, QRect(round(left) + 1, round(top) + 1, round(right - left) - 2,
                                             round(line.height()) - 2)))
    return rects


def _painted_word(window: MainWindow, row: int) -> int | None:
    """Return the char_start of the one word of `row` painted on another background than the rest, read from pixels."""
    image = window.view.viewport().grab().toImage()
    scale = image.devicePixelRatio()

    def background(rect: QRect) -> int:
        rect = rect.intersected(window.view.viewport().rect())
        return Counter(image.pixel(round(x * scale), round(y * scale)) for x in range(rect.left(), rect.right() + 1)
                       for y in range(rect.top(), rect.bottom() + 1)).most_common(1)[0][0]

    usual = background(window.view.row_rect(row))  # the active turn's tint: most of its row is background
    marked = [start for start, rect in _word_rects(window, row)
              if window.view.viewport().rect().contains(rect) and rect.width() >= 3 and background(rect) != usual]
    assert len(marked) <= 1, marked
    return marked[0] if marked else None


def _visible(window: MainWindow, row: int, char_start: int) -> bool:
    """Return whether the word at `char_start` of `row` is wholly in the viewport (the view follows)."""
    rects = dict(_word_rects(window, row))
    return char_start in rects and window.view.viewport().rect().contains(rects[char_start])


def test_the_word_marked_on_screen_is_the_word_being_said(qtbot, aligned: MainWindow, fake_player: FakePlayer,
                                                          seed_talk: tuple[Path, Path, list[SaidWord]]) -> None:
    words = seed_talk[2]
    order = _order(aligned)
    aligned.controller.play()
    # Every said word, mid-word, from the model; the middle word of each turn from the pixels too.
    exact, misses = 0, []
    by_turn: dict[int, list[SaidWord]] = {}
    for said in words:
        by_turn.setdefault(said.turn, []).append(said)
    to_paint = {said[len(said) // 2] for said in by_turn.values()}
    for said in words:
        aligned.controller.seek((said.start_ms + said.end_ms) // 2)
        QApplication.processEvents()
        row = _active_row(aligned)
        marked = aligned.model.index(row, 0).data(WordRole)
        truth = order[said.turn, said.char_start]
        off = abs(order[row, marked[0]] - truth) if marked is not None else None
        exact += off == 0
        if off is None or off > 1:
            misses.append((said, row, marked))
        if said in to_paint and marked is not None:
            # The pixels say the same as the model: one word of the turn on screen is marked, this one.
            qtbot.waitUntil(lambda r=row, m=marked: _visible(aligned, r, m[0]), timeout=3000)
            assert _painted_word(aligned, row) == marked[0], (said, marked)
    # The synthetic turns are cut where the next one starts, so a turn's unsaid words are squeezed into its
    # last moments and may take a said word's place (here 1 word of 398 is 4 words off, 396 are exact).
    assert exact >= 0.95 * len(words), (exact, len(words))
    assert len(misses) <= 0.03 * len(words), misses[:10]
