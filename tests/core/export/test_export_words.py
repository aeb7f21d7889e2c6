"""Word times in exports: every word of the interactive whole transcript seeks; highlights keep their quote's times."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from reader.cli import main
from reader.core.align.cache import cache_key, store
from reader.core.align.model import Alignment, WordTime
from reader.core.align.words import split_words
from reader.core.export import ExportOptions, export_notes, shows_words
from reader.core.export.html import SCRIPT, content_security_policy, csp_hash
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.notes_store import NotesStore
from reader.core.transcript import Transcript, Turn

TURNS = [Turn(index=0, start=0, end=None, speaker="Ana", text="Hello <b>there</b> & welcome, friends."),
         Turn(index=1, start=10_000, end=None, speaker="Ben", text="Thanks for having me here today.")]
RGX_WORD = re.compile(r'<span class="w" data-t="([0-9.]+)">(.*?)</span>')


def alignment(turns: list[Turn]) -> Alignment:
    """Return word times that no character count would give: word k of turn i at i*10 s + 1.5 s + k*0.317 s."""
    words = [WordTime(w.text, turn.start + 1500 + k * 317, turn.start + 1500 + k * 317 + 250, turn.index,
                      w.char_start, w.char_end, 0.9, "acoustic")
             for turn in turns for k, w in enumerate(split_words(turn.text))]
    return Alignment("pocketsphinx", words, [0.9] * len(turns), [t.start for t in turns])


def highlight(turn: Turn, phrase: str, start_ms: int, end_ms: int, colour: str = "green") -> NoteItem:
    start = turn.text.index(phrase)
    return NoteItem("highlight", start_ms, end_ms=end_ms, turn_index=turn.index, speaker=turn.speaker,
                    quote=Quote.from_text(turn.text, start, start + len(phrase)), char_start=start,
                    char_end=start + len(phrase), color=colour)


def document_for(tmp_path: Path) -> tuple[Transcript, NotesDocument]:
    media = tmp_path / "talk.wav"
    media.write_bytes(f"RIFF....WAVE not really audio, {tmp_path}".encode())
    transcript = Transcript(turns=list(TURNS), format="event-page", source=tmp_path / "talk.txt")
    document = NotesDocument(transcript_path=str(tmp_path / "talk.txt"), media_path=str(media))
    document.add(highlight(TURNS[0], "lo <b>the", 1817, 2451))  # starts and ends mid-word
    return transcript, document


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        (self.scripts if self._in_script else self.text).append(data)


def test_every_word_of_the_interactive_whole_transcript_carries_its_start(tmp_path: Path) -> None:
    transcript, document = document_for(tmp_path)
    options = ExportOptions(whole_transcript=True, interactive=True)
    page = export_notes(transcript, document, "html", options, output_path=tmp_path / "out.html",
                        words=alignment(TURNS))
    spans = RGX_WORD.findall(page)
    # "Hello" is cut by the highlight's edge ("Hel" | "lo"): two spans, one time.
    assert spans[:3] == [("1.5", "Hel"), ("1.5", "lo"), ("1.817", "b")]  # "<b>" is said "b"
    timed = {}
    for at, text in spans:
        timed.setdefault(at, "")
        timed[at] += text
    said = [w for t in TURNS for w in split_words(t.text)]
    assert len(timed) == len(said)
    assert list(timed)[len(split_words(TURNS[0].text))] == "11.5"  # the second turn's first word
    assert '<span class="hl c-green"><span class="w" data-t="1.5">lo</span> ' in page
    assert "<b>" not in page and "&lt;" in page and "&amp; <span" in page  # every text still escaped
    parser = _Text()
    parser.feed(page)
    body = "".join(parser.text)
    assert TURNS[0].text in body and TURNS[1].text in body  # the words read as before
    assert parser.scripts == [SCRIPT] and csp_hash(SCRIPT) in content_security_policy(True)
    assert '"[data-t]"' in SCRIPT  # the script seeks on a word as on a time link


def test_words_are_plain_text_without_a_player_or_without_an_alignment(tmp_path: Path) -> None:
    transcript, document = document_for(tmp_path)
    words = alignment(TURNS)
    for options, given in ((ExportOptions(whole_transcript=True), words),
                           (ExportOptions(whole_transcript=True, interactive=True), None)):
        page = export_notes(transcript, document, "html", options, output_path=tmp_path / "out.html", words=given)
        assert 'class="w"' not in page
    assert shows_words("html", ExportOptions(whole_transcript=True, interactive=True))
    assert not shows_words("html", ExportOptions(interactive=True))
    assert not shows_words("markdown", ExportOptions(whole_transcript=True, interactive=True))


def test_cli_export_finds_the_cached_alignment(tmp_path: Path) -> None:
    _, document = document_for(tmp_path)
    lines = [f"{t.speaker} ({t.start // 60000:02d}:{t.start // 1000 % 60:02d}): {t.text}" for t in TURNS]
    (tmp_path / "talk.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    from reader.core.formats import parse_file

    parsed = parse_file(tmp_path / "talk.txt")
    assert [t.text for t in parsed.turns] == [t.text for t in TURNS]
    NotesStore(tmp_path / "talk.txt.notes.json").save(document)
    out = tmp_path / "out.html"
    args = ["export", str(tmp_path / "talk.txt"), "-f", "html", "--whole-transcript", "--interactive", "-o", str(out)]
    assert main(args) == 0
    assert 'class="w"' not in out.read_text(encoding="utf-8")  # not aligned yet: nothing is aligned here
    store(cache_key(parsed.turns, Path(document.media_path or ""), "pocketsphinx"), alignment(list(parsed.turns)))
    assert main([*args, "--force"]) == 0
    assert RGX_WORD.findall(out.read_text(encoding="utf-8"))[0] == ("1.5", "Hel")


def test_highlights_export_their_quotes_own_start_and_end(tmp_path: Path) -> None:
    """A highlight made from word times (1.817-2.451 s, not the turn's 0-10 s) keeps them in every export."""
    transcript, document = document_for(tmp_path)
    data = json.loads(export_notes(transcript, document, "json"))
    item = data["items"][0]
    assert (item["start_seconds"], item["end_seconds"]) == (1.817, 2.451)  # the clock "00:01" alone lost them
    rows = list(csv.DictReader(io.StringIO(export_notes(transcript, document, "csv").lstrip("\ufeff"))))
    assert (rows[0]["start_seconds"], rows[0]["end_seconds"]) == ("1.817", "2.451")
    srt = export_notes(transcript, document, "srt")
    assert "00:00:01,817 --> 00:00:02,451" in srt
    vtt = export_notes(transcript, document, "vtt")
    assert "00:00:01.817 --> 00:00:02.451" in vtt
    page = export_notes(transcript, document, "html", ExportOptions(interactive=True), output_path=tmp_path / "o.html")
    assert 'data-t="1.817"' in page
