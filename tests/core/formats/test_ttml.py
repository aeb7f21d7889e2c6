"""TTML/DFXP: made-up documents for what the real ones (test_corpus2) do not show."""

from __future__ import annotations

import pytest

from reader.core.errors import TranscriptError
from reader.core.formats import detect
from reader.core.formats.ttml import SIGNATURE, Rates, parse, sniff, time_to_ms

NETFLIX = """<?xml version="1.0" encoding="utf-8"?>
<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter"
    xmlns:ttm="http://www.w3.org/ns/ttml#metadata" ttp:tickRate="10000000">
<head><metadata><ttm:agent xml:id="a1" type="person"><ttm:name type="full">Ana Lima</ttm:name></ttm:agent>
</metadata></head>
<body><div>
<p begin="872122500t" end="900000000t" ttm:agent="a1"><span>First line,</span><br/><span>second.</span></p>
<p begin="910000000t" end="920000000t" ttm:agent="a1">More from &amp; Ana.</p>
<p begin="930000000t" end="940000000t" ttm:agent="b2">Hello.</p>
</div></body></tt>
"""


def test_tick_times_agents_and_breaks() -> None:
    assert sniff(NETFLIX) == SIGNATURE + 3
    assert detect(NETFLIX) == "ttml"
    t = parse(NETFLIX)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("Ana Lima", 87212, 92000, "First line, second. More from & Ana."),
        ("b2", 93000, 94000, "Hello."),
    ]
    assert t.turns[0].anchors == [(20, 91000)]


def test_word_timed_spans_become_anchors() -> None:
    doc = """<tt xmlns="http://www.w3.org/ns/ttml"><body><div>
<p begin="19.764" end="21.900"><span begin="19.764" end="20.105">When</span> <span begin="20.105">you were</span>
<span begin="20.607">here</span></p></div></body></tt>"""
    t = parse(doc)
    assert [(turn.start, turn.end, turn.text, turn.anchors) for turn in t.turns] == [
        (19764, 21900, "When you were here", [(5, 20105), (14, 20607)])]


@pytest.mark.parametrize(("value", "ms"), [
    ("00:00:01.5", 1500), ("01:02:03", 3723000), ("00:00:01:12", 1480), ("0.76s", 760), ("1.5m", 90000),
    ("2h", 7200000), ("250ms", 250), ("50f", 2000), ("5000000t", 500), ("19.764", 19764), ("3:58.640", 238640),
    ("nonsense", None), (None, None),
])
def test_time_expressions(value: str | None, ms: int | None) -> None:
    rates = Rates(frame_rate=25.0, tick_rate=10_000_000.0)
    assert time_to_ms(value, rates) == ms


def test_entity_declarations_are_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE tt [<!ENTITY a "aaaa">]><tt xmlns="http://www.w3.org/ns/ttml">' \
           '<body><div><p begin="1s">&a;</p></div></body></tt>'
    with pytest.raises(TranscriptError, match="declares entities"):
        parse(bomb)


def test_broken_xml_names_the_line() -> None:
    with pytest.raises(TranscriptError, match="invalid XML") as info:
        parse('<tt xmlns="http://www.w3.org/ns/ttml">\n<body><p begin="1s">x</body></tt>')
    assert info.value.line == 2
