"""The formats registry carries each format's facts, and the Open dialog's filter is made from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.formats import FORMATS, detect, open_filter
from reader.core.textio import read_text

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_format_has_a_label_extensions_and_a_summary(name: str) -> None:
    module = FORMATS[name]
    assert name == module.NAME
    # Qt reads a filter entry as `label (patterns)` and splits entries at `;;`.
    assert module.LABEL and not set(module.LABEL) & set("();")
    assert isinstance(module.EXTENSIONS, tuple) and module.EXTENSIONS
    for extension in module.EXTENSIONS:
        assert extension.startswith(".") and extension[1:].isalnum() and extension == extension.lower()
    assert module.SUMMARY and "\n" not in module.SUMMARY and "|" not in module.SUMMARY


def test_labels_are_unique() -> None:
    labels = [module.LABEL for module in FORMATS.values()]
    assert len(set(labels)) == len(labels)


def test_open_filter_offers_every_extension_then_each_format_then_all_files() -> None:
    entries = open_filter().split(";;")
    every = sorted({extension for module in FORMATS.values() for extension in module.EXTENSIONS})
    assert {".json", ".md", ".srt", ".txt", ".vtt", ".sbv", ".ttml"} <= set(every)
    assert entries[0] == f"Transcripts ({' '.join('*' + extension for extension in every)})"
    assert entries[-1] == "All files (*)"
    assert sorted(entries[1:-1]) == sorted(
        f"{module.LABEL} ({' '.join('*' + extension for extension in module.EXTENSIONS)})"
        for module in FORMATS.values())


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.name != "SOURCES.tsv")


@pytest.mark.skipif(not corpus_files(), reason="the shared corpus is not present")
def test_real_files_carry_an_extension_their_format_lists() -> None:
    for path in corpus_files():
        name = detect(read_text(path)[0])
        assert name is not None, path
        assert path.suffix.lower() in FORMATS[name].EXTENSIONS, (path.name, name)
