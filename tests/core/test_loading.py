"""The background parse job: results, errors, and a cancel that really stops the worker."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import reader.core.loading as loading
from reader.core.errors import TranscriptError
from reader.core.loading import LoadCancelled, TranscriptLoad

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "talk.txt"


def write_big_page(path: Path, turns: int) -> Path:
    """Write an event-page transcript of `turns` turns (about 130 bytes each)."""
    names = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Claude Shannon"]
    lines = []
    for i in range(turns):
        lines.append(f"{names[i % 4]} ({i // 3600:02}:{i // 60 % 60:02}:{i % 60:02}): turn {i} says a few words "
                     "about scaling laws, data and the shape of the loss curve.\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def test_a_job_returns_the_transcript_and_its_encoding() -> None:
    job = TranscriptLoad(SAMPLE).start()
    transcript = job.result()
    assert len(transcript.turns) == 26
    assert transcript.encoding == "utf-8"
    assert job.done() and job.phase == "done" and not job.cancelled
    assert job.size == SAMPLE.stat().st_size


def test_a_job_passes_on_our_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "gone.srt"
    with pytest.raises(TranscriptError, match=r"gone\.srt: file not found"):
        TranscriptLoad(missing).start().result()
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(TranscriptError, match=r"empty\.txt: not a transcript: the file is empty"):
        TranscriptLoad(empty).start().result()


def test_cancel_returns_at_once_and_stops_the_worker_mid_parse(tmp_path: Path) -> None:
    page = write_big_page(tmp_path / "big.txt", 150_000)  # about 20 MB: several seconds of parsing
    job = TranscriptLoad(page).start()
    deadline = time.monotonic() + 20
    while job.phase != "parsing" and time.monotonic() < deadline:
        time.sleep(0.005)
    assert job.phase == "parsing"
    worker = next(t for t in threading.enumerate() if t.name == "parse big.txt")
    started = time.perf_counter()
    job.cancel()
    assert time.perf_counter() - started < 0.05  # the caller never waits for the worker
    assert job.done() and job.cancelled
    with pytest.raises(LoadCancelled):
        job.result()
    worker.join(5)
    assert not worker.is_alive()  # the parse was stopped, not left running with its memory
    assert job._result is None


def test_cancel_after_the_end_changes_nothing() -> None:
    job = TranscriptLoad(SAMPLE).start()
    job.wait()
    job.cancel()
    assert not job.cancelled
    assert len(job.result().turns) == 26


def test_a_parser_bug_ends_the_job_with_an_error_not_a_hang(monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug in a parser")

    monkeypatch.setattr(loading, "parse_file", broken)
    job = TranscriptLoad(SAMPLE).start()
    assert job.wait(5)
    with pytest.raises(TranscriptError, match=r"talk\.txt: could not be read"):
        job.result()
    assert "bug in a parser" in caplog.text


def test_more_turns_than_the_window_shows_is_refused_with_the_count(tmp_path: Path) -> None:
    page = write_big_page(tmp_path / "many.txt", 120)
    with pytest.raises(TranscriptError, match=r"many\.txt: has 120 turns, more than the 100 the reader shows"):
        TranscriptLoad(page, max_turns=100).start().result()
    assert len(TranscriptLoad(page, max_turns=None).start().result().turns) == 120


def test_the_collector_is_back_on_after_a_parse_and_after_a_cancel(tmp_path: Path) -> None:
    import gc

    assert gc.isenabled()
    TranscriptLoad(SAMPLE).start().result()
    assert gc.isenabled()
    job = TranscriptLoad(write_big_page(tmp_path / "big.txt", 60_000)).start()
    while job.phase != "parsing":
        time.sleep(0.002)
    job.cancel()
    assert gc.isenabled()
    for thread in threading.enumerate():
        if thread.name == "parse big.txt":
            thread.join(5)
    assert gc.isenabled()
