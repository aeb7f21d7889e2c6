"""The HTML export in a real browser (headless Chromium, Debian's package, when installed): nothing from the
notes or the transcript runs, and the page's own style and script pass its Content-Security-Policy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reader.core.export import ExportOptions, export_notes
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn
from tests.core.export.sample_notes import EXPORTED_AT, sample_document, sample_transcript

BROWSERS = ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome")
# Each payload, if it ever ran, would mark the page; the marker's name is split so the escaped text of
# the payload itself never contains it.
MARK = "document.documentElement.setAttribute('data-'+'ran','{}')"
PAYLOADS = [
    f"<script>{MARK.format('script')}</script>",
    f'<img src=x onerror="{MARK.format("img")}">',
    f'"><svg onload="{MARK.format("svg")}">',
    f"'><img src=y onerror={MARK.format('attr').replace(' ', '')}>",
    f'<iframe srcdoc="<script>parent.{MARK.format("iframe")}</script>"></iframe>',
    f'<a href="javascript:{MARK.format("link")}">x</a>',
]
ALL = " ".join(PAYLOADS)


def browser() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no headless Chromium installed (Debian: apt-get install chromium-headless-shell)")


def run_browser(page: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
               "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000", *extra, page.as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def dump_dom(page: Path) -> subprocess.CompletedProcess[str]:
    result = run_browser(page, "--dump-dom")
    assert "<html" in result.stdout, result.stderr[-2000:]
    return result


def hostile() -> tuple[Transcript, NotesDocument]:
    turns = [Turn(0, 1000, PAYLOADS[2], f"Intro {PAYLOADS[0]} {PAYLOADS[1]}", end=9000),
             Turn(1, 9000, "Ana", f"Then {PAYLOADS[4]} {PAYLOADS[5]} end", end=20000)]
    transcript = Transcript(turns, "test", title=PAYLOADS[0], source=Path(f"/tmp/{PAYLOADS[3]}.txt"))
    document = NotesDocument(media_path=f"/tmp/{PAYLOADS[2]}.mp4")
    text = turns[1].text
    start = text.index("<iframe")
    document.add(NoteItem("highlight", 1000, id="a", end_ms=9000, turn_index=0, quote=Quote(turns[0].text),
                          char_start=0, char_end=len(turns[0].text), color="green", label=PAYLOADS[1], note=ALL,
                          tags=[PAYLOADS[3]], created="1"))
    document.add(NoteItem("highlight", 9000, id="b", end_ms=20000, turn_index=1,
                          quote=Quote(PAYLOADS[4]), char_start=start, char_end=start + len(PAYLOADS[4]),
                          color="blue", label=PAYLOADS[5], note=PAYLOADS[4], created="2"))
    document.add(NoteItem("bookmark", 12000, id="c", turn_index=1, label=PAYLOADS[0], note=PAYLOADS[2], created="3"))
    return transcript, document


def test_the_harness_sees_a_script_that_runs(tmp_path: Path) -> None:
    # Without this the test below could pass because nothing ever runs in this browser setup.
    page = tmp_path / "control.html"
    page.write_text(f"<!DOCTYPE html><html><body>{PAYLOADS[1]}</body></html>", encoding="utf-8")
    assert 'data-ran="img"' in dump_dom(page).stdout


@pytest.mark.parametrize("options", [
    ExportOptions(interactive=True, context=True),
    ExportOptions(interactive=True, whole_transcript=True),
    ExportOptions(group_by="speaker"),
], ids=["interactive", "whole", "grouped"])
def test_no_payload_runs_in_the_html_export(options: ExportOptions, tmp_path: Path) -> None:
    transcript, document = hostile()
    page = tmp_path / "notes.html"
    page.write_text(export_notes(transcript, document, "html", options, output_path=page), encoding="utf-8")
    result = dump_dom(page)
    assert "data-ran=" not in result.stdout
    assert "Content Security Policy" not in result.stderr  # nothing even tried to run and was blocked
    assert "setAttribute('data-'+'ran'" in result.stdout  # the payloads are there, as text
    assert "<iframe" not in result.stdout and "<svg" not in result.stdout


def test_the_page_style_and_script_pass_its_policy(tmp_path: Path) -> None:
    transcript = sample_transcript()
    page = tmp_path / "talk-notes.html"
    html = export_notes(transcript, sample_document(transcript),
                        "html", ExportOptions(interactive=True, exported_at=EXPORTED_AT), output_path=page)
    page.write_text(html, encoding="utf-8")
    result = dump_dom(page)
    assert "Content Security Policy" not in result.stderr, result.stderr[-2000:]
    assert '<video id="media"' in result.stdout
