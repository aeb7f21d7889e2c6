"""SubStation Alpha: made-up scripts for what the real ones (test_corpus2) do not show."""

from __future__ import annotations

from reader.core.formats import detect, parse_text
from reader.core.formats.ass import SIGNATURE, parse, sniff, time_to_ms

SCRIPT = """[Script Info]
Title: Episode 1
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize
Style: Default,Arial,20

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:05.00,0:00:07.50,Default,Ana Lima,0,0,0,,{\\i1}Hello{\\i0}, there,\\Nfriend.
Comment: 0,0:00:06.00,0:00:07.00,Default,,0,0,0,,not shown
Dialogue: 0,0:00:01.00,0:00:02.00,Sign,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}
Dialogue: 0,0:00:08.00,0:00:09.00,Default,Bo,0,0,0,,Hi\\hAna: yes.
Dialogue: 0,0:00:00.50,0:00:01.5,Default,Bo,0,0,0,,First.
"""


def test_dialogue_names_tags_breaks_and_time_order() -> None:
    assert sniff(SCRIPT) == SIGNATURE + 4
    assert detect(SCRIPT) == "ass"
    t = parse(SCRIPT)
    assert t.title == "Episode 1"
    assert [(turn.speaker, turn.start, turn.end, turn.text, turn.line) for turn in t.turns] == [
        ("Bo", 500, 1500, "First.", 15),
        ("Ana Lima", 5000, 7500, "Hello, there, friend.", 11),
        ("Bo", 8000, 9000, "Hi Ana: yes.", 14),
    ]


def test_script_info_keys_are_not_speakers() -> None:
    # Round 1 read an ASS file as named paragraphs with ScriptType and Dialogue as speakers.
    t = parse_text(SCRIPT)
    assert t.format == "ass"
    assert "ScriptType" not in t.speakers and "Dialogue" not in t.speakers


def test_times() -> None:
    assert time_to_ms("0:01:02.50") == 62500
    assert time_to_ms("1:00:00.5") == 3600500
    assert time_to_ms("10:00.00") is None
