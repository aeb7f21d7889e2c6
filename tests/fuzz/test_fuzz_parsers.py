"""Every parser of untrusted input, fed arbitrary and mutated real files: a transcript or our own error, fast.

The example budget comes from the Hypothesis profile (tests/fuzz/conftest.py): `fuzz-quick` in every
pytest run, `fuzz` (tens of thousands per test) with HYPOTHESIS_PROFILE=fuzz, as `make fuzz` runs it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import mutated_bytes, mutated_json, mutated_texts, notes_seed, time_queries, token_soup
from tests.fuzz.properties import (
    bounded,
    check_bytes,
    check_file,
    check_input,
    check_notes,
    check_text,
    check_time,
    seed_files,
    seeds,
)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "")
FUZZ = settings.get_profile(PROFILE if PROFILE in ("fuzz-quick", "fuzz") else "fuzz-quick")
LONG = FUZZ.max_examples > 1000
# The long run mutates bigger stretches of the real files; a quick example must stay quick.
WINDOW = 16_384 if LONG else 4096


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder for the files the file-reading checks write (one at a time)."""
    return tmp_path_factory.mktemp("fuzz")


def test_every_seed_passes_unchanged() -> None:
    assert len(seed_files()) >= 1
    for name, data in seeds().items():
        try:
            check_input(data, memory=len(data) < 10_000)
        except AssertionError as exc:
            raise AssertionError(f"{name}: {exc}") from exc


@FUZZ
@given(st.binary(max_size=4096))
def test_arbitrary_bytes(data: bytes) -> None:
    check_input(data)


@FUZZ
@given(token_soup())
def test_text_made_of_the_parsers_tokens(text: str) -> None:
    bounded(lambda: check_text(text), len(text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(mutated_texts(max_size=WINDOW))
def test_mutated_real_files_as_text(text: str) -> None:
    bounded(lambda: check_text(text), len(text.encode("utf-8", "surrogatepass")))


@FUZZ
@given(mutated_bytes(max_size=WINDOW))
def test_mutated_real_files_as_bytes(data: bytes) -> None:
    bounded(lambda: check_bytes(data), len(data))


@FUZZ
@given(mutated_json())
def test_mutated_json_documents(data: bytes) -> None:
    bounded(lambda: check_bytes(data), len(data))


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 10, 30))
@given(st.binary(max_size=4096) | mutated_bytes(max_size=WINDOW) | mutated_json() | mutated_texts(max_size=WINDOW))
def test_memory_in_proportion_to_the_input(data: bytes | str) -> None:
    if isinstance(data, str):
        bounded(lambda: check_text(data), len(data.encode("utf-8", "surrogatepass")), memory=True)
    else:
        bounded(lambda: check_bytes(data), len(data), memory=True)


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 5, 30))
@given(st.binary(max_size=2048) | mutated_bytes(max_size=4096))
def test_parse_file_reads_any_file(folder: Path, data: bytes) -> None:
    bounded(lambda: check_file(data, folder), len(data))


@settings(FUZZ, max_examples=max(FUZZ.max_examples // 5, 30))
@given(st.binary(max_size=1024) | mutated_json() | st.just(notes_seed()) | mutated_bytes(max_size=2048))
def test_notes_loader_loads_or_moves_aside(folder: Path, data: bytes) -> None:
    bounded(lambda: check_notes(data, folder), len(data))


@FUZZ
@given(time_queries() | st.text(max_size=30))
def test_time_parsers(text: str) -> None:
    bounded(lambda: check_time(text), len(text))
