"""The transcript list model."""

from __future__ import annotations

from pathlib import Path

from reader.core.formats import parse_file
from reader.qt.transcript_model import ActiveRole, SpeakerRole, StartRole, TextRole, TranscriptModel


def test_model_passes_qabstractitemmodeltester(qtmodeltester, sample_paths: tuple[Path, Path]) -> None:
    model = TranscriptModel(parse_file(sample_paths[0]))
    qtmodeltester.check(model, force_py=True)
    model.set_active_row(3)
    qtmodeltester.check(model, force_py=True)


def test_roles_and_active_row_signals(qtbot, sample_paths: tuple[Path, Path]) -> None:
    transcript = parse_file(sample_paths[0])
    model = TranscriptModel(transcript)
    assert model.rowCount() == len(transcript.turns)
    index = model.index(1, 0)
    assert index.data(StartRole) == transcript.turns[1].start
    assert index.data(SpeakerRole) == transcript.turns[1].speaker
    assert index.data(TextRole) == transcript.turns[1].text
    assert index.data(ActiveRole) is False
    with qtbot.waitSignals([model.dataChanged], timeout=100):
        model.set_active_row(1)
    assert index.data(ActiveRole) is True
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    model.set_active_row(4)
    assert changed == [1, 4]
    model.set_active_row(4)
    assert changed == [1, 4]
