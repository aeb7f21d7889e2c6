"""The atheris harness without atheris: its seeds and its check, so `make fuzz` cannot rot unnoticed."""

from __future__ import annotations

from pathlib import Path

from tests.fuzz import atheris_parsers
from tests.fuzz.mutations import notes_seed
from tests.fuzz.properties import INLINE_SEEDS, seeds


def test_seeds_are_written_once(tmp_path: Path) -> None:
    expected = len({*seeds().values(), notes_seed()})
    assert atheris_parsers.write_seeds(tmp_path) == expected
    assert atheris_parsers.write_seeds(tmp_path) == 0
    assert len(list(tmp_path.iterdir())) == expected


def test_the_harness_accepts_the_inline_seeds_and_a_notes_file() -> None:
    for data in [*INLINE_SEEDS.values(), notes_seed(), b"", b"\xff\xfe\x00"]:
        atheris_parsers.test_one_input(data)
