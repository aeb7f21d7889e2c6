"""Converting transcripts between formats, from the command line too."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.convert import TARGETS, convert, escape_markdown
from reader.core.formats import FORMATS, parse_file, parse_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"


@pytest.mark.parametrize(("target", "reader_format"), [("txt", "event-page"), ("srt", "srt"), ("vtt", "vtt")])
def test_written_files_read_back_with_the_same_turns(target: str, reader_format: str) -> None:
    if reader_format not in FORMATS:
        pytest.skip(f"{reader_format} is not registered")
    original = parse_file(SAMPLE)
    again = parse_text(convert(original, target), format=reader_format)
    assert [(t.speaker, t.start, t.text) for t in again.turns] == [
        (t.speaker, t.start, t.text) for t in original.turns]


def test_json_is_the_documented_model() -> None:
    data = json.loads(convert(parse_file(SAMPLE), "json"))
    assert data["format"] == "event-page" and len(data["turns"]) == 26
    assert data["turns"][0]["start"] == 2.0


def test_markdown_escapes_markup_in_text() -> None:
    assert escape_markdown("*bold* [link](x) <b> # 1. one") == r"\*bold\* \[link\](x) \<b\> \# 1. one"
    assert escape_markdown("- item\n> quote\n12. twelve") == "\\- item\n\\> quote\n\\12. twelve"


def test_markdown_escaping_is_linear_in_blank_lines() -> None:
    # Found by the regex audit: `^(\s*)` rescanned a run of blank lines from each of its lines (quadratic).
    began = time.process_time()
    assert escape_markdown("\n" * 20_000 + "x\n  - item") == "\n" * 20_000 + "x\n  \\- item"
    assert time.process_time() - began < 1


def test_cli_convert_refuses_to_overwrite_and_unknown_targets(tmp_path: Path) -> None:
    out = tmp_path / "talk.md"
    run = [sys.executable, "-m", "reader", "convert", str(SAMPLE), "-o", str(out)]
    first = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert first.returncode == 0 and out.read_text(encoding="utf-8").startswith("# Reading the Record")
    second = subprocess.run(run, capture_output=True, text=True, cwd=ROOT)
    assert second.returncode == 2 and "exists" in second.stderr and len(second.stderr.splitlines()) == 1
    forced = subprocess.run([*run, "--force"], capture_output=True, text=True, cwd=ROOT)
    assert forced.returncode == 0
    odd = subprocess.run([sys.executable, "-m", "reader", "convert", str(SAMPLE), "-o", str(tmp_path / "x.doc")],
                         capture_output=True, text=True, cwd=ROOT)
    assert odd.returncode == 2 and "--to" in odd.stderr
    assert set(TARGETS) == {"srt", "vtt", "json", "md", "txt"}
