"""Long lines made to make regexes backtrack and loops go quadratic, through every parser, on a CPU clock.

Every regex in reader/core is written so that nothing can backtrack for long (bounded widths, classes that
exclude what follows them); these inputs check it. A linear parse of a few MB takes a few seconds through
all ten formats; catastrophic backtracking or a quadratic loop on them takes minutes, and is stopped.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable

import pytest

from tests.fuzz.properties import bounded, check_text

LONG = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
# What markers, labels, tags and timing lines are made of, alone and in the prefixes that reach each branch.
CHARACTERS = ":[](){}<>#*-\\&;.,' \t0123456789aA"
UNITS = [":", "[", "(", "<", "{", "#", "*", "**", "-", "-->", "0", "9", "0:", "00:", "1:0", "[1:", "(1:", "{1:",
         "#1:", "\\[", "&", "&#", ".a", "a.", "<v ", "<c.", "<00:00.000>", "</", " ", "\t", "a", "A ", "Ana: ",
         "Ana Lima (1", "Ana Lima  0:0", "**A:** ", "**A", "[00:01] x ", "00:00:00,000 --> ", "Transcribed by a.a ",
         "\x85", "\u2028"]
# Units that make a line (and a turn) each: linear too, but each turn costs more, so fewer in the quick run.
LINE_UNITS = ["\n", "1\n", "-->\n", " \n", "Ana: hi\n", "[00:01] A: x\n", "00:01 Ana: x\n", "Ana Lima (00:01): x\n",
              "Ana Lima  0:01\nx\n", "Ana Lima (00:00:01):\nx\n", "00:00.000 --> 00:01.000\nx\n\n", "---\n",
              "\\[00:01\\] **Ana Lima:** x\n", "<v A>x\n"]
# Where a long line is read: bare, as a cue's text, as a segment's text.
WRAPPERS: dict[str, Callable[[str], str]] = {
    "bare": lambda s: s,
    "vtt-cue": lambda s: "WEBVTT\n\n00:00.000 --> 00:01.000\n" + s,
    "srt-cue": lambda s: "1\n00:00:00,000 --> 00:00:01,000\n" + s,
    "whisper-segment": lambda s: json.dumps({"segments": [{"start": 0, "end": 1, "text": s}]}),
}


def limit_for(text: str) -> float:
    """Return the CPU seconds a linear parse of `text` through every format may take: 2 s plus 5 s per MB."""
    return 2 + 5 * len(text) / 1e6


def run(text: str, *, memory: bool = False) -> None:
    """Check `text` through every parser within limit_for(text)."""
    bounded(lambda: check_text(text), len(text.encode("utf-8")), memory=memory, limit_s=limit_for(text))


@pytest.mark.parametrize("wrap", WRAPPERS)
def test_five_megabyte_line(wrap: str) -> None:
    line = "".join(random.Random(wrap).choices(CHARACTERS, k=5_000_000))
    run(WRAPPERS[wrap](line), memory=True)


@pytest.mark.parametrize("unit", UNITS)
def test_unit_repeated_a_hundred_thousand_times(unit: str) -> None:
    line = unit * 100_000
    for wrap in ("bare", "vtt-cue", "whisper-segment") if LONG else ("bare",):
        run(WRAPPERS[wrap](line))


@pytest.mark.parametrize("unit", LINE_UNITS)
def test_line_repeated(unit: str) -> None:
    run(unit * (100_000 if LONG else 10_000))
