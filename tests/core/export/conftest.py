"""Fixtures: the sample talk and a fixed notes document on it."""

from __future__ import annotations

import pytest

from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript
from tests.core.export.sample_notes import sample_document, sample_transcript


@pytest.fixture
def transcript() -> Transcript:
    """Return the sample talk."""
    return sample_transcript()


@pytest.fixture
def document(transcript: Transcript) -> NotesDocument:
    """Return five items on the sample talk, added out of time order."""
    return sample_document(transcript)
