"""Transcript text, speakers, titles, file names and notes are untrusted: no export may turn them into markup,
formulas or extra cues."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.display_text import isolate
from reader.core.export import ExportOptions, export_notes
from reader.core.export.csv_export import neutralise
from reader.core.export.html import SCRIPT, STYLE, csp_hash
from reader.core.export.markdown import escape as md_escape
from reader.core.formats import FORMATS, parse_text
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn
from tests.core.export.sample_notes import EXPORTED_AT

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "&lt;b&gt; & &amp; \" '",
]
ALL = " ".join(PAYLOADS)
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "table", "tr", "th", "td", "div",
                "p", "span", "a", "blockquote", "br", "ul", "li", "footer", "video", "audio", "script"}
RGX_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.\-]*:")


def hostile() -> tuple[Transcript, NotesDocument]:
    """Return a transcript and notes made of payloads: speakers, text, title, file names, every note field."""
    turns = [Turn(0, 1000, '"><svg onload=alert(1)>', f"Intro {PAYLOADS[0]} then {PAYLOADS[1]}.", end=9000),
             Turn(1, 9000, "<b>Ana</b> & Co", f"Second {PAYLOADS[2]} and {PAYLOADS[4]} end.", end=20000)]
    transcript = Transcript(turns, "test", title=f"</title>{PAYLOADS[0]}",
                            source=Path('/tmp/x"><img src=x onerror=alert(3)>.txt'))
    document = NotesDocument(media_path='/tmp/" onerror="alert(5) javascript:alert(4).mp4')
    text0, text1 = turns[0].text, turns[1].text
    start = text1.index("<a ")
    document.add(NoteItem("highlight", 1000, id="h0", end_ms=9000, turn_index=0, speaker=turns[0].speaker,
                          quote=Quote.from_text(text0, 0, len(text0)), char_start=0, char_end=len(text0),
                          color="yellow", label=PAYLOADS[3], note=ALL, tags=[PAYLOADS[1], "a b"], created="1"))
    document.add(NoteItem("highlight", 9000, id="h1", end_ms=20000, turn_index=1, speaker=turns[1].speaker,
                          quote=Quote.from_text(text1, start, start + len(PAYLOADS[4])), char_start=start,
                          char_end=start + len(PAYLOADS[4]), color='pink" onmouseover="alert(6)', label=PAYLOADS[2],
                          note=PAYLOADS[5], created="2"))
    document.add(NoteItem("bookmark", 12000, id='b"><x', turn_index=1, label=PAYLOADS[0], note=PAYLOADS[4],
                          created="3"))
    return transcript, document


class PageParser(HTMLParser):
    """Collects what a browser would build: elements, attributes, text, and the style and script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.raw: dict[str, list[str]] = {"style": [], "script": []}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in self.raw:
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.raw[self._in].append(data)
        else:
            self.text.append(data)


def parse_page(text: str) -> PageParser:
    parser = PageParser()
    parser.feed(text)
    parser.close()
    return parser


@pytest.mark.parametrize("interactive", [False, True])
@pytest.mark.parametrize("variant", [{}, {"context": True, "group_by": "speaker"}, {"whole_transcript": True},
                                     {"group_by": "colour"}])
def test_html_runs_nothing_from_the_notes_or_transcript(interactive: bool, variant: dict, tmp_path: Path) -> None:
    transcript, document = hostile()
    options = replace(ExportOptions(exported_at=EXPORTED_AT, interactive=interactive), **variant)
    text = export_notes(transcript, document, "html", options, output_path=tmp_path / "out.html")
    page = parse_page(text)
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert value is not None and not RGX_SCHEME.match(unescape(value)), value
                assert value.startswith(("./", "../")), value
            if name == "class":
                assert re.fullmatch(r"[a-z -]+", value or ""), value
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert len(scripts) == (1 if interactive else 0)
    assert page.raw["script"] == ([SCRIPT] if interactive else [])
    assert page.raw["style"] == [STYLE]
    # The payloads are there, as text a reader sees.
    visible = "".join(page.text)
    for payload in (PAYLOADS[0], PAYLOADS[1], PAYLOADS[2], PAYLOADS[4]):
        assert payload in visible
    assert "onerror=alert(1)" not in text.replace("onerror=alert(1)&gt;", "")  # only ever escaped


def test_html_policy_admits_only_its_own_style_and_script(tmp_path: Path) -> None:
    transcript, document = hostile()
    text = export_notes(transcript, document, "html", ExportOptions(interactive=True), output_path=tmp_path / "o.html")
    (meta,) = [attrs for tag, attrs in parse_page(text).tags
               if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    policy = dict(part.strip().split(" ", 1) for part in meta["content"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["style-src"] == csp_hash(STYLE) and policy["script-src"] == csp_hash(SCRIPT)
    assert policy["media-src"] == "'self' file:"
    plain = export_notes(transcript, document, "html", ExportOptions())
    assert "script-src" not in plain and "media-src" not in plain


def test_html_makes_no_external_requests() -> None:
    transcript, document = hostile()
    text = export_notes(transcript, document, "html", ExportOptions(interactive=True, whole_transcript=True))
    for tag, attrs in parse_page(text).tags:
        for name in ("src", "href", "srcset", "poster", "data"):
            value = attrs.get(name)
            assert value is None or not re.match(r"\s*(https?:)?//", value), (tag, name, value)
    assert "@import" not in text and "url(" not in text


def test_markdown_escapes_every_payload() -> None:
    transcript, document = hostile()
    for options in (ExportOptions(), ExportOptions(context=True), ExportOptions(whole_transcript=True)):
        text = export_notes(transcript, document, "markdown", options)
        assert re.search(r"(?<!\\)<", text) is None  # no raw HTML at all
        for payload in PAYLOADS[:5]:
            assert payload not in text
        assert "\\<script\\>alert(1)\\</script\\>" in text
        assert "\\<a href=\"javascript:alert(1)\"\\>click\\</a\\>" in text
        assert "\\&lt;b\\&gt; & \\&amp;" in text


@pytest.mark.parametrize("text, expected", [
    ("*bold* _it_ `code` [l](u) ![i](u)", "\\*bold\\* \\_it\\_ \\`code\\` \\[l\\](u) !\\[i\\](u)"),
    ("# heading", "\\# heading"),
    ("> quote", "\\> quote"),
    ("- item\n+ item\n* item", "\\- item\n\\+ item\n\\* item"),
    ("1. one\n12) twelve", "1\\. one\n12\\) twelve"),
    ("Title\n===\n---", "Title\n\\=\\==\n\\---"),
    ("    code block\n\tagain", "code block\nagain"),
    ("~strike~ ==mark== %%hidden%% $x^2$ a|b", "\\~strike\\~ \\=\\=mark\\=\\= \\%\\%hidden\\%\\% \\$x^2\\$ a\\|b"),
    ("key:: value", "key\\:\\: value"),
    ("&amp; &#60; & x = 1 % 2 : 3", "\\&amp; &\\#60; & x = 1 % 2 : 3"),  # `\#` already breaks the entity
    ("C:\\path", "C:\\\\path"),
])
def test_markdown_escape(text: str, expected: str) -> None:
    assert md_escape(text) == expected


RGX_MD_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
@settings(max_examples=300, deadline=None)
def test_markdown_escape_is_reversible_and_leaves_no_markup(text: str) -> None:
    escaped = md_escape(text)
    # CommonMark drops the backslash before ASCII punctuation: what a reader sees is the text (lines stripped).
    assert RGX_MD_UNESCAPE.sub(r"\1", escaped) == "\n".join(line.lstrip(" \t") for line in text.split("\n"))
    assert re.search(r"(?<!\\)[<>\[\]*_`#$|~]", escaped.replace("\\\\", "")) is None


FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\uff1d1+1", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("payload", FORMULAS)
def test_csv_neutralises_formulas_in_every_text_cell(payload: str) -> None:
    turns = [Turn(0, 0, payload, f"{payload} said this", end=5000)]
    transcript = Transcript(turns, "test", title="t")
    quote = Quote.from_text(turns[0].text, 0, len(turns[0].text))
    document = NotesDocument(items=[NoteItem("highlight", 0, id="x", end_ms=5000, turn_index=0, speaker=payload,
                                             quote=quote, char_start=0, char_end=len(turns[0].text),
                                             label=payload, note=payload, tags=[payload], created="1")])
    data = export_notes(transcript, document, "csv", ExportOptions(context=True)).encode("utf-8")
    (row,) = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    for column in ("speaker", "label", "quote", "note", "tags", "context"):
        assert row[column].startswith("'"), column
        assert not row[column].startswith(("'=", "'+", "'-", "'@")) or row[column][1:].startswith(payload.strip()[:1])
    assert row["note"] == "'" + payload and row["label"] == "'" + payload


def test_csv_leaves_ordinary_text_alone() -> None:
    for cell in ("a=b", "Tomás", "1+1", "e-mail", "", "'quoted'"):
        assert neutralise(cell) == cell


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
@settings(max_examples=200, deadline=None)
def test_csv_round_trips_notes_through_the_csv_module(note: str) -> None:
    turns = [Turn(0, 0, "Ana", "Some words.", end=5000)]
    document = NotesDocument(items=[NoteItem("bookmark", 0, id="x", turn_index=0, note=note, label="a,b\"c",
                                             created="1")])
    data = export_notes(Transcript(turns, "t"), document, "csv", ExportOptions()).encode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == 1
    # Text is kept exactly, except that NUL becomes U+FFFD and text with bidi controls is isolated (FSI...PDI).
    assert rows[0]["note"] == neutralise(isolate(note)) and rows[0]["label"] == 'a,b"c'


def test_json_keeps_the_payloads_as_data() -> None:
    transcript, document = hostile()
    data = json.loads(export_notes(transcript, document, "json", ExportOptions()))
    assert [i["note"] for i in data["items"]] == [ALL, PAYLOADS[5], PAYLOADS[4]]
    assert data["title"] == f"</title>{PAYLOADS[0]}"
    annotations = json.loads(export_notes(transcript, document, "annotations", ExportOptions()))
    item = annotations["first"]["items"][0]
    assert item["body"][0]["value"] == ALL
    assert item["target"][1]["source"] == "%22%20onerror%3D%22alert%285%29%20javascript%3Aalert%284%29.mp4"


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_cues_keep_hostile_text_inside_one_cue(fmt: str) -> None:
    transcript, document = hostile()
    document.items[0].note = "line one\n\n00:00:01,000 --> 00:00:02,000\nforged --> cue"
    text = export_notes(transcript, document, fmt, ExportOptions())
    assert text.count("-->") == 3  # the three timing lines, nothing from the note
    cue_texts = re.findall(r" --> [^\n]+\n([^\n]*)\n", text)
    assert len(cue_texts) == 3 and all("<script>" not in line for line in cue_texts)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in line for line in cue_texts)
    if fmt in FORMATS:
        back = parse_text(text, format=fmt)
        assert PAYLOADS[0] in " ".join(turn.text for turn in back.turns)
