"""The export registry tells the truth: each format honours exactly the options it lists."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from reader.core.export import ALIASES, EXPORT_FORMATS, EXPORTERS, OPTIONS, ExportOptions, export_notes, exporter
from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript
from tests.core.export.sample_notes import EXPORTED_AT, SAMPLE

# A value for each option that differs from its default.
CHANGED = {"title": "Another title", "context": True, "group_by": "speaker", "whole_transcript": True,
           "interactive": True}


def test_options_are_fields_of_export_options() -> None:
    assert set(OPTIONS) == set(CHANGED) <= {f.name for f in fields(ExportOptions)}
    for fmt in EXPORT_FORMATS:
        assert fmt.options <= set(OPTIONS), fmt.name


def test_names_extensions_and_aliases_are_unique_and_plain() -> None:
    names = [fmt.name for fmt in EXPORT_FORMATS]
    assert len(set(names)) == len(names) and not set(names) & set(ALIASES)
    for fmt in EXPORT_FORMATS:
        assert fmt.extension.isalnum() and fmt.extension.islower(), fmt.extension
        assert fmt.label and ";;" not in fmt.label
        assert (fmt.export is None) == (fmt.prints is not None)
        if fmt.prints is not None:
            printed = EXPORTERS[fmt.prints]
            assert fmt.name not in EXPORTERS and fmt.options <= printed.options
    assert list(EXPORTERS) == [fmt.name for fmt in EXPORT_FORMATS if fmt.export is not None]
    for alias, name in ALIASES.items():
        assert exporter(alias) is EXPORTERS[name]


@pytest.mark.parametrize("name", list(EXPORTERS))
@pytest.mark.parametrize("option", list(OPTIONS))
def test_a_format_changes_its_output_for_exactly_the_options_it_lists(
        name: str, option: str, transcript: Transcript, document: NotesDocument, tmp_path: Path) -> None:
    base = ExportOptions(exported_at=EXPORTED_AT)
    where = {"media_path": SAMPLE.with_suffix(".mp4"), "output_path": tmp_path / f"notes.{EXPORTERS[name].extension}"}
    before = export_notes(transcript, document, name, base, **where)
    after = export_notes(transcript, document, name, replace(base, **{option: CHANGED[option]}), **where)
    assert (after != before) == (option in EXPORTERS[name].options)
