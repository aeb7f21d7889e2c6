"""The aligner on generated speech (real PocketSphinx), the cache, cancel, auto-sync and the VAD fallback."""

from __future__ import annotations

import contextlib
import json
import statistics
import threading
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.align import (
    AlignCancelled,
    align_media,
    cached_alignment,
    fit_sync,
    load_alignment,
    sync_from_alignment,
)
from reader.core.align.autosync import SyncFit
from reader.core.align.cache import cache_key, store
from reader.core.align.model import Alignment, WordTime
from reader.core.align.runner import FIRST_MARGIN_MS, _assemble, _Expectation, _Plan
from reader.core.align.sphinx import TurnResult, available
from reader.core.align.words import split_words
from reader.core.transcript import Turn
from tests.core.align.synth import build_speech, espeak_missing

NEEDS_SPEECH = pytest.mark.skipif(espeak_missing() is not None, reason=f"generated speech {espeak_missing()}")
NEEDS_SPHINX = pytest.mark.skipif(available() is not None, reason=str(available()))

TEXTS = [(0, "Welcome, everyone. Today we're talking about recorded interviews."),
         (6000, "Thanks, Maya. Glad to be here in 2024."),
         (11000, "A transcript lets you skim, search and compare.")]


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list, list[Turn]]:
    """A few seconds of generated speech with a 1.5 s intro, and its turns."""
    if espeak_missing():
        pytest.skip(f"generated speech {espeak_missing()}")
    path = tmp_path_factory.mktemp("speech") / "talk.wav"
    truth = build_speech(TEXTS, path, offset_ms=1500)
    turns = [Turn(index=i, start=start, speaker="A", text=text) for i, (start, text) in enumerate(TEXTS)]
    return path, truth, turns


def test_words_keep_their_character_ranges() -> None:
    text = "Hi, I'm Ilya. In 2021, GPT-3 had 1,000 “well-known” params."
    words = split_words(text)
    assert [text[w.char_start:w.char_end] for w in words] == [w.text for w in words]
    assert [w.text for w in words][:6] == ["Hi", "I'm", "Ilya", "In", "2021", "GPT-3"]
    assert words[4].spoken == ("twenty", "twenty", "one")
    assert words[7].spoken == ("one", "thousand")


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_pocketsphinx_times_every_word_of_generated_speech(speech: tuple) -> None:
    path, truth, turns = speech
    seen: list[tuple[int, int]] = []
    alignment = align_media(turns, path, progress=lambda done, total: seen.append((done, total)))
    assert alignment.method == "pocketsphinx"
    assert seen[-1] == (3, 3)
    errors = []
    for true in truth:
        word = alignment.turn_words(true.turn)[true.word]
        errors.append(abs(word.start_ms - true.start_ms))
    assert statistics.median(errors) <= 60, errors
    assert sum(e <= 250 for e in errors) / len(errors) >= 0.8, errors
    # Every word's character range is its text in the turn, so the window can mark it.
    for word in alignment.words:
        assert turns[word.turn].text[word.char_start:word.char_end] == word.text
    starts = [w.start_ms for w in alignment.words]
    assert starts == sorted(starts)
    assert alignment.word_at(truth[5].start_ms + 5) is not None
    assert alignment.counts["acoustic"] >= len(truth) * 0.8
    assert sum(alignment.pronunciations.values()) > 0 and alignment.pronunciations["numbers"] == 3
    fit = sync_from_alignment(turns, alignment)
    assert fit is not None and abs(fit.offset_ms - 1500) <= 150


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_cache_reuses_the_result(speech: tuple, tmp_path: Path) -> None:
    path, _, turns = speech
    first, cached = cached_alignment(turns, path, folder=tmp_path)
    assert not cached
    again, cached = cached_alignment(turns, path, folder=tmp_path)
    assert cached and again.words == first.words
    edited = [Turn(index=t.index, start=t.start, speaker=t.speaker, text=t.text + " Indeed.") for t in turns]
    _, cached = cached_alignment(edited, path, folder=tmp_path, method="estimate")
    assert not cached


def test_load_alignment_reads_the_cache_and_never_aligns(tmp_path: Path) -> None:
    media = tmp_path / "talk.wav"
    media.write_bytes(b"RIFF not really audio")
    turns = [Turn(index=i, start=start, speaker="A", text=text) for i, (start, text) in enumerate(TEXTS)]
    assert load_alignment(turns, media, folder=tmp_path) is None  # nothing cached: None, and no aligning
    assert not list(tmp_path.glob("*.words"))
    assert load_alignment(turns, tmp_path / "gone.wav", folder=tmp_path) is None
    made = Alignment("estimate", [WordTime("Welcome", 0, 400, 0, 0, 7, 0.0, "estimate")], [0.0] * 3, [None] * 3)
    store(cache_key(turns, media, "estimate"), made, tmp_path)
    found = load_alignment(turns, media, folder=tmp_path)
    assert found is not None and found.words == made.words
    other = [Turn(index=0, start=0, speaker="A", text="Something else entirely.")]
    assert load_alignment(other, media, folder=tmp_path) is None  # another transcript's words are not these


@NEEDS_SPEECH
def test_cancel_stops_the_alignment(speech: tuple) -> None:
    path, _, turns = speech
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(AlignCancelled):
        align_media(turns, path, cancel=cancel)


@NEEDS_SPEECH
def test_vad_spreads_words_over_speech_closer_than_character_count(speech: tuple) -> None:
    path, truth, turns = speech
    results = {}
    for method in ("vad", "estimate"):
        alignment = align_media(turns, path, method=method)
        assert alignment.method == method and alignment.counts[method] == len(alignment.words)
        results[method] = statistics.mean(abs(alignment.turn_words(t.turn)[t.word].start_ms - t.start_ms)
                                           for t in truth)
    assert results["vad"] < results["estimate"]


def test_auto_sync_finds_offset_and_drift_despite_outliers() -> None:
    stated = list(range(0, 3_600_000, 30_000))
    pairs = [(t, round(7500 + 1.02 * t) + (k % 5) * 10) for k, t in enumerate(stated)]
    pairs[10] = (pairs[10][0], pairs[10][1] + 9000)  # a mis-transcribed turn
    pairs[40] = (pairs[40][0], pairs[40][1] - 4000)
    fit = fit_sync(pairs)
    assert isinstance(fit, SyncFit) and fit.noticeable
    assert abs(fit.offset_ms - 7500) <= 100 and abs(fit.drift - 0.02) < 0.0005
    time_map = fit.time_map()
    for k, t in enumerate(stated):
        if k not in (10, 40):
            assert abs(time_map.to_media(t) - (7500 + 1.02 * t)) <= 100
        assert abs(fit.line_map().to_media(t) - (7500 + 1.02 * t)) <= 100
    assert fit_sync([]) is None
    assert not fit_sync([(1000, 1010), (50_000, 50_020)]).noticeable  # type: ignore[union-attr]


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_cli_align_writes_words_json_and_vtt(speech: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path, _, turns = speech
    talk = tmp_path / "talk.txt"
    talk.write_text("".join(f"Speaker ({t.start // 60000:02d}:{t.start // 1000 % 60:02d}): {t.text}\n\n"
                            for t in turns), encoding="utf-8")
    out = tmp_path / "words.json"
    assert main(["align", str(talk), str(path), "-o", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["method"] == "pocketsphinx"
    assert {"text", "start", "end", "turn", "confidence"} <= set(data["words"][0])
    assert data["words"][0]["turn"] == 0 and data["words"][-1]["turn"] == 2
    assert abs(data["sync"]["offset"] - 1.5) < 0.2
    assert "aligned 3/3 turns" in capsys.readouterr().err
    vtt = tmp_path / "words.vtt"
    assert main(["align", str(talk), str(path), "-o", str(vtt)]) == 0
    text = vtt.read_text()
    assert text.startswith("WEBVTT") and "<00:00:0" in text


def test_cli_align_exits_1_when_nothing_can_be_aligned(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    talk = tmp_path / "talk.txt"
    talk.write_text("Speaker (00:01): hello there\n", encoding="utf-8")
    media = tmp_path / "talk.wav"
    media.write_bytes(b"not audio at all")
    assert main(["align", str(talk), str(media), "--no-cache"]) == 1
    assert "nothing aligned" in capsys.readouterr().err


def test_a_turn_heard_in_the_wrong_place_does_not_drag_the_next_windows() -> None:
    # Turns every 30 s on a recording 7.5 s late and 2% slow; turn 8 was (wrongly) trusted 3 s late.
    predicted = [k * 30_000 for k in range(20)]
    expectation = _Expectation(predicted)
    for k in range(10):
        expectation.add(k, round(7500 + 1.02 * predicted[k]) + (3000 if k == 8 else 0))
    start, margin, tolerance = expectation.expect(10)
    assert abs(start - (7500 + 1.02 * predicted[10])) <= 50
    assert margin <= 2000 and tolerance <= 1000
    assert expectation.expect(0) != (predicted[0], FIRST_MARGIN_MS, FIRST_MARGIN_MS)
    assert _Expectation(predicted).expect(3) == (predicted[3], FIRST_MARGIN_MS, FIRST_MARGIN_MS)


def test_auto_sync_anchors_only_turns_close_to_the_line() -> None:
    stated = list(range(0, 600_000, 30_000))
    pairs = [(t, round(7500 + 1.02 * t) + (k % 3) * 10) for k, t in enumerate(stated)]
    pairs[7] = (pairs[7][0], pairs[7][1] + 200)  # heard 200 ms late: within 1.5 s, but not trustworthy
    fit = fit_sync(pairs)
    assert fit is not None and 7 not in fit.inliers and fit.tolerance_ms < 200
    assert all(abs(fit.time_map().to_media(t) - (7500 + 1.02 * t)) <= 100 for t in stated)


def test_words_heard_after_the_next_turn_started_are_not_kept() -> None:
    turns = [Turn(index=0, start=0, speaker="A", text="one two three four"),
             Turn(index=1, start=2000, speaker="B", text="five six")]
    plan = _Plan(turns)
    # Turn 0 was cut after "two"; its "three" was matched to turn 1's speech, which starts at 2000.
    first = TurnResult(0, [(0, 300, 0.9), (350, 700, 0.9), (2100, 2400, 0.9), None], 0.9, trusted=True)
    second = TurnResult(1, [(2000, 2300, 0.9), (2350, 2700, 0.9)], 0.9, trusted=True)
    alignment = _assemble(turns, plan, [first, second], [0, 2000], [2000, 4000], None, "pocketsphinx", 5000)
    assert [w.start_ms for w in alignment.turn_words(1)] == [2000, 2350]
    assert all(w.start_ms < 2000 for w in alignment.turn_words(0))
    assert alignment.turn_words(0)[2].how == "interpolated"
    assert alignment.turn_starts == [0, 2000]


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_quick_offset_hears_an_intro_in_the_first_turns_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before the whole alignment, the first turns (read from the recording's first minutes) give the offset."""
    from reader.core.align import audio, quick_offset

    texts = [*TEXTS, (40_000, "Later on we compare the recording with its notes."),
             (52_000, "And that is the end of the talk for today.")]
    path = tmp_path / "intro.wav"
    build_speech(texts, path, offset_ms=7500)
    turns = [Turn(index=i, start=start, speaker="A", text=text) for i, (start, text) in enumerate(texts)]
    decoded: list[int | None] = []
    real = audio.decode_audio

    def spy(media: Path, out: Path, *, max_ms: int | None = None) -> audio.PcmFile:
        decoded.append(max_ms)
        return real(media, out, max_ms=max_ms)

    monkeypatch.setattr("reader.core.align.runner.decode_audio", spy)
    offset = quick_offset(turns, path, head_ms=15_000)
    assert offset is not None and abs(offset - 7500) <= 150
    assert decoded and decoded[0] is not None and decoded[0] < 11_000 + 7500 + 61_000  # not the whole recording
    pcm = real(path, tmp_path / "head.pcm", max_ms=decoded[0])
    assert pcm.duration_ms <= decoded[0]
    assert quick_offset(turns[:3], path, head_ms=15_000) is None  # so short that the whole alignment is as quick


def test_spread_thins_words_over_silence_and_keeps_them_in_order() -> None:
    from reader.core.align.vad import SILENCE_WEIGHT, spread

    mask = bytearray([1] * 10 + [0] * 10 + [1] * 10)  # 300 ms of speech, 300 of silence, 300 of speech
    times = spread([1] * 100, 0, 900, mask)
    starts = [s for s, _ in times]
    assert starts == sorted(starts) and starts[0] == 0 and times[-1][1] == 900
    assert all(s <= e for s, e in times)
    in_silence = sum(300 <= s < 600 for s in starts)
    expected = 100 * SILENCE_WEIGHT / (2 + SILENCE_WEIGHT)  # 18 of 100 at 0.45, against 33 spread evenly
    assert abs(in_silence - expected) <= 1
    assert [s for s, _ in spread([1] * 3, 0, 900)] == [0, 300, 600]  # no mask: evenly
    assert [s for s, _ in spread([1] * 3, 0, 900, bytearray(30))] == [0, 300, 600]  # no speech: evenly


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_the_windows_job_runs_in_a_process_of_its_own(speech: tuple, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.align import sphinx
    from reader.core.align.job import JobProcess

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing cached: aligned now
    monkeypatch.setattr(sphinx, "_DECODERS", {})
    path, _, turns = speech
    reports: list[tuple[str, object]] = []
    job = JobProcess(turns, path, None)
    outcome, alignment, fit = job.relay(lambda *r: reports.append(r), threading.Event())
    assert outcome == "aligned" and alignment.method == "pocketsphinx"
    assert not job._handover.exists()  # the words came through this file, in the cache's format
    assert [w.text for w in alignment.words] == [w.text for t in turns for w in split_words(t.text)]
    assert fit is None or isinstance(fit, SyncFit)
    assert ("progress", (3, 3)) in reports
    assert sphinx._DECODERS == {}  # PocketSphinx never ran in this process


def test_the_windows_job_says_why_it_failed(tmp_path: Path) -> None:
    from reader.core.align.job import JobProcess

    turns = [Turn(index=0, start=0, speaker="A", text="hello there")]
    outcome, message, _ = JobProcess(turns, tmp_path / "gone.wav", None).relay(lambda *r: None, threading.Event())
    assert outcome == "failed" and "gone.wav" in message


@NEEDS_SPEECH
@NEEDS_SPHINX
def test_the_windows_job_stops_when_cancelled_or_killed(speech: tuple, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.core.align.job import JobProcess

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path, _, turns = speech
    cancel = threading.Event()
    cancel.set()
    assert JobProcess(turns, path, None).relay(lambda *r: None, cancel)[0] == "cancelled"
    job = JobProcess(turns, path, None)
    job._process.kill()
    outcome, message, _ = job.relay(lambda *r: None, threading.Event())
    assert outcome == "failed" and "ended without a result" in message


def test_the_windows_job_gives_way_to_the_window(tmp_path: Path) -> None:
    import os
    import time

    from reader.core.align.job import NICENESS, JobProcess

    turns = [Turn(index=0, start=0, speaker="A", text="hello there")]
    job = JobProcess(turns, tmp_path / "gone.wav", None)
    seen = []
    while job._process.is_alive() and not seen:
        with contextlib.suppress(ProcessLookupError):
            if os.getpriority(os.PRIO_PROCESS, job._process.pid) >= os.getpriority(os.PRIO_PROCESS, 0) + NICENESS:
                seen.append(True)
        time.sleep(0.005)
    job.relay(lambda *r: None, threading.Event())
    assert seen, "the alignment's process ended at the window's priority"
