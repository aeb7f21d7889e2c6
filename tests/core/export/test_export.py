"""Exports of the sample talk's notes: what each format says, in which order, grouped and filtered."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
from dataclasses import replace

import pytest

from reader.core.export import EXPORTERS, ExportOptions, export_notes, exporter, resolve_items
from reader.core.export.common import group_items, media_fragment, stamp
from reader.core.formats import FORMATS, parse_text
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn
from tests.core.export.sample_notes import EXPORTED_AT, FORMULA_NOTE, SAMPLE

ORDER = ["Key", "Spine", "Paper <b>", "The rule", ""]  # labels in time order
SPINE = "spine of the transcript"
PAPER = "Some of my students print everything."
EXPORT = "And an export I can paste into a draft."


def options(**changes: object) -> ExportOptions:
    return replace(ExportOptions(exported_at=EXPORTED_AT), **changes)


def positions(text: str, needles: list[str]) -> list[int]:
    return [text.index(needle) for needle in needles]


# -- resolving ------------------------------------------------------------------------------------


def test_resolve_items_in_time_order_with_quotes_and_turns(transcript: Transcript, document: NotesDocument) -> None:
    items = resolve_items(transcript, document, ExportOptions())
    assert [i.item.label for i in items] == ORDER
    assert [i.start_ms for i in items] == [4071, 38000, 67000, 77000, 126000]
    bookmark, spine, paper, rule, export = items
    assert bookmark.text == transcript.turns[0].text and bookmark.span is None and bookmark.colour is None
    assert spine.text == SPINE and spine.turn is transcript.turns[7] and paper.text == PAPER
    assert spine.turn.text[slice(*spine.span)] == SPINE
    assert spine.context() == ("They are the ", SPINE, transcript.turns[7].text[13 + len(SPINE):])
    assert rule.text == transcript.turns[14].text and rule.span == (0, len(rule.text))
    assert [i.speaker for i in items] == ["Maya Lindqvist", "Priya Raman", "Tomás Okafor", "Priya Raman",
                                          "Tomás Okafor"]
    assert [i.colour for i in items] == [None, "green", "pink", "yellow", "blue"]
    assert export.cue_end_ms() == 133000 and bookmark.cue_end_ms() == 11000


def test_resolve_filters_by_kind_and_colour(transcript: Transcript, document: NotesDocument) -> None:
    only_highlights = resolve_items(transcript, document, ExportOptions(kinds={"highlight"}))
    assert [i.kind for i in only_highlights] == ["highlight"] * 4
    greens_and_bookmarks = resolve_items(transcript, document, ExportOptions(colours={"green"}))
    assert [i.item.label for i in greens_and_bookmarks] == ["Key", "Spine"]
    assert resolve_items(transcript, document, ExportOptions(kinds=set())) == []


def test_a_highlight_without_colour_counts_as_yellow(transcript: Transcript, document: NotesDocument) -> None:
    document.item("00000000000000000000000000000007").color = None
    items = resolve_items(transcript, document, ExportOptions(colours={"yellow"}, kinds={"highlight"}))
    assert [i.item.label for i in items] == ["Spine", "The rule"]


def test_stale_offsets_are_found_again_without_changing_the_notes(transcript: Transcript,
                                                                  document: NotesDocument) -> None:
    item = document.item("00000000000000000000000000000007")
    item.char_start, item.turn_index = 2, 3  # as if the transcript had been edited since
    before = copy.deepcopy(document.to_json())
    spine = next(i for i in resolve_items(transcript, document, ExportOptions()) if i.item is item)
    assert spine.turn is transcript.turns[7] and spine.text == SPINE and not spine.detached
    assert document.to_json() == before


def test_a_quote_that_is_gone_is_exported_as_detached(transcript: Transcript, document: NotesDocument) -> None:
    document.add(NoteItem("highlight", 50_000, id="gone", turn_index=9, speaker="Priya Raman", color="green",
                          quote=Quote("words nobody said"), char_start=0, char_end=17, created="2026-01-01"))
    gone = next(i for i in resolve_items(transcript, document, ExportOptions()) if i.item.id == "gone")
    assert gone.detached and gone.text == "words nobody said" and gone.turn is None
    markdown = export_notes(transcript, document, "md", options())
    assert "no longer found in the transcript" in markdown
    whole = export_notes(transcript, document, "md", options(whole_transcript=True))
    assert "## Not found in the transcript" in whole and "words nobody said" in whole


def test_a_bookmark_without_turn_index_takes_the_turn_spoken_then(transcript: Transcript) -> None:
    document = NotesDocument(items=[NoteItem("bookmark", 40_000, id="b")])
    (item,) = resolve_items(transcript, document, ExportOptions())
    assert item.turn is transcript.turns[7] and item.speaker == "Priya Raman"


def test_timestamps() -> None:
    assert stamp(738_000) == "[12:18]"
    assert stamp(3_723_000) == "[1:02:03]"
    assert stamp(5_000) == "[00:05]"
    assert media_fragment(12_500, 20_000) == "t=12.5,20"
    assert media_fragment(4_071) == "t=4.071"


def test_every_format_writes_times_past_an_hour_as_hours() -> None:
    turns = [Turn(0, 3_723_000, "Ana", "An hour in, we start.", end=3_730_000),
             Turn(1, 3_738_000, "Ben", "Twelve minutes later.", end=3_745_000)]
    transcript = Transcript(turns, "test", title="Long talk")
    document = NotesDocument(items=[NoteItem("bookmark", 3_723_000, id="a", turn_index=0, created="1"),
                                    NoteItem("highlight", 3_738_000, id="b", end_ms=3_745_000, turn_index=1,
                                             quote=Quote("Twelve"), char_start=0, char_end=6, created="2")])
    for fmt in ("markdown", "html"):
        text = export_notes(transcript, document, fmt, options())
        assert "[1:02:03]" in text and "[1:02:18]" in text, fmt
    rows = list(csv.DictReader(io.StringIO(export_notes(transcript, document, "csv", options()).lstrip("\ufeff"))))
    assert [(r["start"], r["end"]) for r in rows] == [("1:02:03", ""), ("1:02:18", "1:02:25")]
    assert "01:02:18,000 --> 01:02:25,000" in export_notes(transcript, document, "srt", options())
    assert "01:02:03.000 --> 01:02:10.000" in export_notes(transcript, document, "vtt", options())


def test_exporter_names_and_aliases() -> None:
    assert set(EXPORTERS) == {"markdown", "html", "csv", "json", "annotations", "srt", "vtt"}
    assert exporter("md").name == "markdown" and exporter("webanno").name == "annotations"
    with pytest.raises(ValueError, match="unknown export format 'docx'"):
        exporter("docx")
    with pytest.raises(ValueError):
        ExportOptions(group_by="tag")


def test_group_items_keeps_speaker_order_and_puts_bookmarks_last(transcript: Transcript,
                                                                 document: NotesDocument) -> None:
    items = resolve_items(transcript, document, ExportOptions())
    by_speaker = group_items(items, "speaker", transcript.speakers)
    assert [(name, [i.item.label for i in members]) for name, members in by_speaker] == [
        ("Maya Lindqvist", ["Key"]), ("Tomás Okafor", ["Paper <b>", ""]), ("Priya Raman", ["Spine", "The rule"])]
    by_colour = group_items(items, "colour")
    assert [name for name, _ in by_colour] == ["Yellow", "Green", "Blue", "Pink", "Bookmarks"]


# -- Markdown -------------------------------------------------------------------------------------


def test_markdown_header_and_items(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options())
    lines = text.splitlines()
    assert lines[0] == "# Reading the Record: How Researchers Work With Recorded Interviews"
    assert "- Transcript: talk.txt" in lines and "- Recording: talk.mp4" in lines
    assert "- Speakers: Maya Lindqvist, Tomás Okafor, Priya Raman" in lines
    assert "- Exported: 2026-03-14 09:30" in lines and "- Items: 5" in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == ["## [00:04] Maya Lindqvist — Key", "## [00:38] Priya Raman — Spine",
                        "## [01:07] Tomás Okafor — Paper \\<b\\>", "## [01:17] Priya Raman — The rule",
                        "## [02:06] Tomás Okafor"]
    assert f"> {SPINE}" in lines and f"> {PAPER}" in lines
    assert "Highlight · green · #method-notes #timing" in lines
    assert "That is this feature.\nSecond line, with a comma." in text
    assert "/work" not in text  # file names only: exports are shared, paths are private


def test_markdown_context_marks_the_highlight_in_its_turn(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(context=True))
    assert f"> They are the **{SPINE}**. If they drift by even ten seconds," in text
    # A highlight of the whole turn is bold from the line's start.
    assert "> **The rule I teach is simple." in text


def test_markdown_grouped_by_speaker(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(group_by="speaker"))
    groups = [line for line in text.splitlines() if line.startswith("## ")]
    assert groups == ["## Maya Lindqvist", "## Tomás Okafor", "## Priya Raman"]
    found = positions(text, ["## Maya Lindqvist", "### [00:04] Maya Lindqvist", "## Tomás Okafor",
                             "### [01:07] Tomás Okafor", "### [02:06] Tomás Okafor", "## Priya Raman",
                             "### [00:38] Priya Raman", "### [01:17] Priya Raman"])
    assert found == sorted(found)


def test_markdown_grouped_by_colour(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(group_by="colour"))
    assert [line for line in text.splitlines() if line.startswith("## ")] == [
        "## Yellow", "## Green", "## Blue", "## Pink", "## Bookmarks"]


def test_markdown_whole_transcript(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(whole_transcript=True))
    turn_lines = [line for line in text.splitlines() if line.startswith("**[")]
    assert len(turn_lines) == len(transcript.turns)
    assert turn_lines[7] == (f"**[00:38] Priya Raman:** They are the **{SPINE}**. If they drift by even ten "
                             "seconds, every quote you pull drifts with them.")
    assert "- Bookmark [00:04] · **Key**" in text
    assert "- Highlight [02:06] · blue — That is this feature.\n  Second line, with a comma." in text


def test_markdown_tags_are_obsidian_tags(transcript: Transcript, document: NotesDocument) -> None:
    document.items[0].tags = ["two words", "with#hash", "a/b", "  ", "ünïcode"]
    text = export_notes(transcript, document, "markdown", options())
    assert "#quoting" not in text
    assert "#two-words #withhash #a/b #ünïcode" in text


# -- HTML -----------------------------------------------------------------------------------------


def test_html_header_items_and_print_style(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "html", options())
    assert text.startswith("<!DOCTYPE html>")
    assert "<title>Reading the Record: How Researchers Work With Recorded Interviews</title>" in text
    assert "<tr><th>Recording</th><td>talk.mp4</td></tr>" in text
    assert "<tr><th>Items</th><td>5</td></tr>" in text
    assert "@media print" in text
    stamps = re.findall(r'<span class="t">(\[[0-9:]+\])</span>', text)
    assert stamps == ["[00:04]", "[00:38]", "[01:07]", "[01:17]", "[02:06]"]
    assert f'<span class="hl c-green">{SPINE}</span>' in text
    assert "<video" not in text and "<script" not in text


def test_html_context_and_whole_transcript(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "html", options(context=True))
    assert f'They are the <span class="hl c-green">{SPINE}</span>. If they drift' in text
    whole = export_notes(transcript, document, "html", options(whole_transcript=True))
    assert whole.count('<div class="turn">') == len(transcript.turns)
    assert f'<span class="hl c-pink">{PAPER}</span> I don&#x27;t mind' in whole


def test_html_grouped_by_colour(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "html", options(group_by="colour"))
    assert re.findall(r"<h2>(\w+)</h2>", text) == ["Yellow", "Green", "Blue", "Pink", "Bookmarks"]


def test_interactive_html_links_the_recording_relatively(transcript: Transcript, document: NotesDocument,
                                                         tmp_path) -> None:
    out = tmp_path / "exports" / "talk-notes.html"
    media = tmp_path / "media" / "my talk.mp4"
    text = export_notes(transcript, document, "html", options(interactive=True), media_path=media, output_path=out)
    assert '<video id="media" controls preload="metadata" src="../media/my%20talk.mp4">' in text
    assert ('<a class="t" href="../media/my%20talk.mp4#t=38" data-t="38">[00:38]</a>') in text
    assert 'href="../media/my%20talk.mp4#t=4.071"' in text
    assert "<script>" in text and "media.currentTime" in text
    audio = export_notes(transcript, document, "html", options(interactive=True), media_path=tmp_path / "talk.mp3",
                         output_path=tmp_path / "n.html")
    assert '<audio id="media"' in audio and 'src="./talk.mp3"' in audio


def test_interactive_html_without_recording_is_the_plain_page(transcript: Transcript) -> None:
    document = NotesDocument(items=[NoteItem("bookmark", 4000, id="b", turn_index=0)])
    text = export_notes(transcript, document, "html", options(interactive=True))
    assert "<script" not in text and "<video" not in text and "<a " not in text


# -- CSV ------------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_rows(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "csv", options())
    assert text.splitlines()[0] == ("\ufeffstart,end,start_seconds,end_seconds,speaker,kind,colour,label,quote,"
                                    "note,tags,context")
    rows = read_csv(text)
    assert [r["label"] for r in rows] == ORDER
    spine = rows[1]
    assert spine == {"start": "0:00:38", "end": "0:00:45", "start_seconds": "38", "end_seconds": "45",
                     "speaker": "Priya Raman", "kind": "highlight", "colour": "green", "label": "Spine",
                     "quote": SPINE, "note": "Timestamps hold everything, together.", "tags": "method notes, timing",
                     "context": ""}
    assert rows[0]["kind"] == "bookmark" and rows[0]["end"] == "" and rows[0]["start_seconds"] == "4.071"
    assert rows[4]["note"] == "That is this feature.\nSecond line, with a comma."
    assert rows[3]["note"] == "'" + FORMULA_NOTE


def test_csv_context_and_grouping(transcript: Transcript, document: NotesDocument) -> None:
    rows = read_csv(export_notes(transcript, document, "csv", options(context=True, group_by="speaker")))
    assert [r["speaker"] for r in rows] == ["Maya Lindqvist", "Tomás Okafor", "Tomás Okafor", "Priya Raman",
                                            "Priya Raman"]
    assert rows[3]["context"] == transcript.turns[7].text and rows[0]["context"] == ""


# -- JSON -----------------------------------------------------------------------------------------


def test_json_is_the_notes_model_with_resolved_quotes(transcript: Transcript, document: NotesDocument) -> None:
    data = json.loads(export_notes(transcript, document, "json", options(context=True)))
    assert data["format"] == "transcript-reader-notes-export" and data["version"] == 1
    assert data["transcript"] == "talk.txt" and data["media"] == "talk.mp4" and data["count"] == 5
    assert data["speakers"] == transcript.speakers and data["exported"] == "2026-03-14T09:30:00+00:00"
    assert [i["label"] for i in data["items"]] == ORDER
    spine = data["items"][1]
    assert spine["text"] == SPINE and spine["start"] == "00:38" and spine["end"] == "00:45"
    assert spine["context"] == transcript.turns[7].text
    assert spine["quote"]["exact"] == SPINE and spine["tags"] == ["method notes", "timing"]
    assert spine["id"] == "00000000000000000000000000000007" and spine["detached"] is False
    assert data["items"][3]["note"] == FORMULA_NOTE  # JSON is data, not a spreadsheet: kept as written


def test_json_grouped_says_the_group(transcript: Transcript, document: NotesDocument) -> None:
    data = json.loads(export_notes(transcript, document, "json", options(group_by="colour")))
    assert [i["group"] for i in data["items"]] == ["Yellow", "Green", "Blue", "Pink", "Bookmarks"]


# -- Web Annotation -------------------------------------------------------------------------------


def test_web_annotation_json_ld(transcript: Transcript, document: NotesDocument) -> None:
    data = json.loads(export_notes(transcript, document, "webanno", options()))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 5
    page = data["first"]
    assert page["type"] == "AnnotationPage" and len(page["items"]) == 5
    bookmark, spine, *_ = page["items"]
    assert spine["type"] == "Annotation" and spine["motivation"] == "highlighting"
    assert spine["id"] == "urn:uuid:00000000-0000-0000-0000-000000000007"
    text_target, media_target = spine["target"]
    assert text_target["source"] == "talk.txt" and text_target["styleClass"] == "green"
    assert text_target["selector"] == {"type": "TextQuoteSelector", "exact": SPINE, "prefix": "They are the ",
                                       "suffix": ". If they drift by even ten seco"}
    assert media_target == {"type": "SpecificResource", "source": "talk.mp4",
                            "selector": {"type": "FragmentSelector",
                                         "conformsTo": "http://www.w3.org/TR/media-frags/", "value": "t=38,45"}}
    bodies = {(b["purpose"], b["value"]) for b in spine["body"]}
    assert bodies == {("commenting", "Timestamps hold everything, together."), ("describing", "Spine"),
                      ("tagging", "method notes"), ("tagging", "timing")}
    assert spine["stylesheet"]["value"] == ".green { background-color: #c8f0c0; }"
    assert bookmark["motivation"] == "bookmarking"
    assert bookmark["target"][1]["selector"]["value"] == "t=4.071"


def test_web_annotation_fragment_with_fractional_times(transcript: Transcript) -> None:
    document = NotesDocument(items=[NoteItem("highlight", 12_500, id="x", end_ms=20_000, turn_index=1,
                                             quote=Quote("Glad"), char_start=14, char_end=18)])
    data = json.loads(export_notes(transcript, document, "annotations", options(), media_path="v.webm"))
    (annotation,) = data["first"]["items"]
    assert annotation["target"][1]["selector"]["value"] == "t=12.5,20"
    assert annotation["target"][1]["source"] == "v.webm"
    assert "stylesheet" in annotation  # an uncoloured highlight is painted yellow


# -- SRT and WebVTT -------------------------------------------------------------------------------


RGX_SRT_CUE = re.compile(r"(\d+)\n(\d\d:\d\d:\d\d,\d\d\d) --> (\d\d:\d\d:\d\d,\d\d\d)\n(.+)")


def test_srt_cues(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "srt", options())
    cues = RGX_SRT_CUE.findall(text)
    assert [c[:3] for c in cues] == [
        ("1", "00:00:04,071", "00:00:11,000"), ("2", "00:00:38,000", "00:00:45,000"),
        ("3", "00:01:07,000", "00:01:14,000"), ("4", "00:01:17,000", "00:01:36,000"),
        ("5", "00:02:06,000", "00:02:13,000")]
    assert cues[1][3] == f"Priya Raman: {SPINE}"
    assert text.count("\n\n") == 4


def test_srt_with_context_spans_the_turn(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "srt", options(context=True, kinds={"highlight"}))
    cues = RGX_SRT_CUE.findall(text)
    assert cues[0][1:] == ("00:00:38,000", "00:00:45,000", f"Priya Raman: {transcript.turns[7].text}")


def test_srt_reads_back_with_the_srt_library(transcript: Transcript, document: NotesDocument) -> None:
    srt = pytest.importorskip("srt")
    subtitles = list(srt.parse(export_notes(transcript, document, "srt", options())))
    assert [s.start.total_seconds() for s in subtitles] == [4.071, 38, 67, 77, 126]
    assert subtitles[2].content == f"Tomás Okafor: {PAPER}"


def test_vtt_cues_voices_and_notes(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "vtt", options())
    assert text.startswith("WEBVTT\n\nNOTE\nNotes on: Reading the Record")
    assert ("NOTE Spine | Timestamps hold everything, together. | #method-notes #timing\n\n"
            "00000000000000000000000000000007\n00:00:38.000 --> 00:00:45.000\n"
            f"<v Priya Raman>{SPINE}\n") in text
    assert "NOTE That is this feature. Second line, with a comma.\n" in text


def test_vtt_reads_back_with_webvtt_py(transcript: Transcript, document: NotesDocument) -> None:
    webvtt = pytest.importorskip("webvtt")
    captions = list(webvtt.from_buffer(io.StringIO(export_notes(transcript, document, "vtt", options()))))
    assert [c.start for c in captions] == ["00:00:04.071", "00:00:38.000", "00:01:07.000", "00:01:17.000",
                                           "00:02:06.000"]
    assert captions[1].voice == "Priya Raman" and captions[1].text == SPINE


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_cues_read_back_with_our_parser(fmt: str, transcript: Transcript, document: NotesDocument) -> None:
    if fmt not in FORMATS:
        pytest.skip(f"the {fmt} reader is not registered")
    back = parse_text(export_notes(transcript, document, fmt, options(kinds={"highlight"})), format=fmt)
    texts = " ".join(turn.text for turn in back.turns)
    for phrase in (SPINE, PAPER, EXPORT):
        assert phrase in texts
    assert {t.speaker for t in back.turns} == {"Priya Raman", "Tomás Okafor"}
    assert back.turns[0].start == 38_000


# -- the whole set --------------------------------------------------------------------------------


def test_limit_renders_the_first_items_but_counts_all(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(), limit=2)
    assert "- Items: 5" in text and "[00:38]" in text and "[01:07]" not in text


def test_exports_do_not_change_the_document(transcript: Transcript, document: NotesDocument) -> None:
    before = copy.deepcopy(document.to_json())
    for fmt in EXPORTERS:
        for opts in (options(), options(context=True, group_by="speaker", whole_transcript=True, interactive=True)):
            export_notes(transcript, document, fmt, opts)
    assert document.to_json() == before


def test_title_override_and_fallback(transcript: Transcript, document: NotesDocument) -> None:
    text = export_notes(transcript, document, "markdown", options(title="My  seminar\nnotes"))
    assert text.startswith("# My seminar notes\n")
    transcript.title = None
    assert export_notes(transcript, document, "markdown", options()).startswith("# talk\n")


def test_two_thousand_items_in_every_format(transcript: Transcript) -> None:
    # Keeps the exporters linear: 10,000 items take well under a second a format (no timing asserted here).
    items = []
    for n in range(2000):
        turn = transcript.turns[n % len(transcript.turns)]
        if n % 3:
            items.append(NoteItem("highlight", (turn.start or 0) + n, id=f"h{n}", end_ms=turn.end,
                                  turn_index=turn.index, speaker=turn.speaker, quote=Quote(turn.text[:12]),
                                  char_start=0, char_end=12, color=("yellow", "green", "blue", "pink")[n % 4],
                                  note=f"note {n}", tags=["t"], created=f"{n:05d}"))
        else:
            items.append(NoteItem("bookmark", (turn.start or 0) + n, id=f"b{n}", turn_index=turn.index,
                                  label=f"mark {n}", created=f"{n:05d}"))
    document = NotesDocument(transcript_path=str(SAMPLE), items=items)
    counts = {
        "markdown": lambda text: len(re.findall(r"^## \[", text, re.M)),
        "html": lambda text: text.count('<div class="item">'),
        "csv": lambda text: len(read_csv(text)),
        "json": lambda text: len(json.loads(text)["items"]),
        "annotations": lambda text: len(json.loads(text)["first"]["items"]),
        "srt": lambda text: text.count(" --> "),
        "vtt": lambda text: text.count(" --> "),
    }
    for fmt, count in counts.items():
        assert count(export_notes(transcript, document, fmt, options())) == 2000, fmt
        assert "1999" in export_notes(transcript, document, fmt, options(context=True, group_by="colour")), fmt
    whole = export_notes(transcript, document, "html", options(whole_transcript=True))
    assert whole.count("<li>") == 2000


def test_synced_exports_give_recording_times_with_the_transcript_time_alongside() -> None:
    from pathlib import Path

    from reader.core.formats import parse_file

    transcript = parse_file(Path(__file__).resolve().parents[3] / "resources" / "sample" / "talk.txt")
    document = NotesDocument()
    document.add(NoteItem(kind="bookmark", start_ms=22_000, turn_index=4, label="late"))
    document.extra["sync"] = {"offset_ms": 7_500, "anchors": []}
    markdown = export_notes(transcript, document, "markdown", ExportOptions())
    assert "[00:29] (transcript [00:22])" in markdown
    data = json.loads(export_notes(transcript, document, "json", ExportOptions()))
    item = data["items"][0]
    assert item["start"] == "00:29" and item["transcript_start"] == "00:22"
