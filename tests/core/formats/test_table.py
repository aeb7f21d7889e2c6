"""Tables of timed text: Whisper TSV and spreadsheets' TSV/CSV with speaker columns."""

from __future__ import annotations

import pytest

from reader.core.errors import NotATranscriptError
from reader.core.formats import detect, parse_text, table


def rows(t) -> list[tuple]:
    return [(x.speaker, x.start, x.end, x.text) for x in t.turns]


def test_whisper_tsv_integer_milliseconds() -> None:
    text = "start\tend\ttext\n0\t5000\tAnd so my fellow Americans,\n5000\t9400\task not.\n15000\t16500\tAsk.\n"
    assert detect(text) == "table"
    t = parse_text(text)
    # Rows follow each other as cues do: a pause over 3 s starts a new turn; row starts are anchors.
    assert rows(t) == [(None, 0, 9400, "And so my fellow Americans, ask not."), (None, 15000, 16500, "Ask.")]
    assert t.turns[0].anchors == [(len("And so my fellow Americans, "), 5000)]


def test_spreadsheet_csv_with_speaker_column_quotes_and_clock_times() -> None:
    text = ('\ufeffStart Time,End Time,Speaker,Text\n00:00:01.500,00:00:04,Ana Lee,"Hello, everyone."\n'
            '00:00:04,00:00:06,Ana Lee,Welcome.\n00:00:06.5,00:00:09,Bo Li,"Thanks, ""Ana"".\nReally."\n')
    t = parse_text(text)
    assert t.format == "table"
    assert rows(t) == [("Ana Lee", 1500, 6000, "Hello, everyone. Welcome."),
                       ("Bo Li", 6500, 9000, 'Thanks, "Ana". Really.')]


@pytest.mark.parametrize(("header", "values", "expected"), [
    ("start,end,text", ("1", "4"), (1000, 4000)),  # whole seconds: rows last seconds
    ("start,end,text", ("1000", "4000"), (1000, 4000)),  # milliseconds
    ("start (ms),end (ms),text", ("1", "4"), (1, 4)),  # the header says so
    ("start_s,end_s,text", ("1.25", "4"), (1250, 4000)),
])
def test_time_units(header: str, values: tuple[str, str], expected: tuple[int, int]) -> None:
    t = parse_text(f"{header}\n{values[0]},{values[1]},hi\n")
    assert (t.turns[0].start, t.turns[0].end) == expected


def test_european_semicolons_and_decimal_commas() -> None:
    t = parse_text("speaker;start;end;text\nA;0,5;2,0;hi there\nB;2,5;4;yes\n")
    assert rows(t) == [("A", 500, 2000, "hi there"), ("B", 2500, 4000, "yes")]


def test_rows_without_text_are_skipped_and_said() -> None:
    t = parse_text("start\tend\ttext\n0\t1000\thi\n1000\t2000\t\n")
    assert rows(t) == [(None, 0, 1000, "hi")]
    assert any("without text" in w for w in t.warnings)


@pytest.mark.parametrize("text", [
    "name,email\nAna,a@b.c\n",  # no time or text column
    "start,end,text\n",  # a header only
    "Ana Lee: hello, there\nBo Li: hi, you\n",
])
def test_other_tables_and_prose_are_not_this_format(text: str) -> None:
    assert table.sniff(text) == 0
    with pytest.raises(NotATranscriptError):
        table.parse(text) if "start" not in text else parse_text(text, format="table")
