"""YouTube SBV captions: made-up files for what the real ones (test_corpus2) do not show."""

from __future__ import annotations

from reader.core.formats import detect
from reader.core.formats.sbv import SIGNATURE, parse, sniff

SBV = """0:00:03.900,0:00:08.460
>> ANA: Welcome back[br]to the show.

0:00:08.460,0:00:10.000
Thanks.

0:00:12.000,0:00:13.5
>> Bo Li: Hi,
there.

1:02:03.004,1:02:04.000
&gt;&gt; ANA: Bye.
"""


def test_cues_breaks_and_speaker_changes() -> None:
    assert sniff(SBV) == SIGNATURE + 4
    assert detect(SBV) == "sbv"
    t = parse(SBV)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("ANA", 3900, 10000, "Welcome back to the show. Thanks."),
        ("Bo Li", 12000, 13500, "Hi, there."),
        ("ANA", 3723004, 3724000, "Bye."),
    ]
    assert t.turns[0].anchors == [(26, 8460)]
    assert t.turns[0].line == 1 and t.turns[2].line == 11


def test_an_srt_is_not_sbv() -> None:
    assert sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n") == 0
