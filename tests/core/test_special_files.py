"""FIFOs, devices and endless files as transcripts or notes: refused at once, never read without a bound.

Every risky call runs where a regression fails the test instead of hanging the suite: in a thread joined
with a timeout (a FIFO left blocked is then released by opening its other end), or in a child process with
a timeout and a memory cap (/dev/zero read to the end would otherwise take the machine's memory).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import reader.core.regular_file as regular_file
from reader.core.errors import TranscriptError
from reader.core.loading import TranscriptLoad
from reader.core.notes_store import NotesStore
from reader.core.regular_file import FileTooLargeError, NotARegularFileError, read_regular
from reader.core.textio import read_text

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"
pytestmark = pytest.mark.skipif(os.name != "posix" or not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
ZERO = Path("/dev/zero")
# A child that reads /dev/zero to the end stops at this much memory instead of the machine's.
CHILD_MEMORY = 1 << 30


def release(fifo: Path) -> None:
    """Unblock a reader stuck in open() on `fifo` (open the writing end, then close it: end of file)."""
    try:
        fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
    except OSError:
        return  # nobody is waiting on it
    os.close(fd)


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "talk.txt"
    os.mkfifo(path)
    yield path
    for _ in range(3):
        release(path)


def finishes(call: Callable[[], object], fifo: Path | None = None, timeout: float = 10.0) -> object:
    """Return what `call` returned or raised, failing the test if it has not finished within `timeout`."""
    outcome: list[object] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the test, whatever it is
            outcome.append(exc)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        if fifo is not None:
            release(fifo)
            worker.join(5)
        pytest.fail(f"still running after {timeout} s (blocked on a FIFO or reading an endless file)")
    return outcome[0]


def child(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `code` in a Python child capped at CHILD_MEMORY of address space, failing after `timeout` s."""
    cap = (f"import resource; resource.setrlimit(resource.RLIMIT_AS, ({CHILD_MEMORY}, {CHILD_MEMORY}))\n")
    try:
        return subprocess.run([sys.executable, "-c", cap + code, *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=timeout, encoding="utf-8")
    except subprocess.TimeoutExpired:
        pytest.fail(f"the child was still running after {timeout} s")


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return child("import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))", *args, timeout=timeout)


# -- transcripts ----------------------------------------------------------------------------------------

def test_a_fifo_transcript_is_refused_at_once(fifo: Path) -> None:
    error = finishes(lambda: read_text(fifo), fifo)
    assert isinstance(error, TranscriptError)
    assert str(error) == f"{fifo}: is a named pipe (FIFO), not a transcript file"


def test_a_link_to_a_fifo_is_refused_too(fifo: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(fifo)
    error = finishes(lambda: read_text(link), fifo)
    assert isinstance(error, TranscriptError) and "named pipe" in str(error)


def test_dev_zero_is_refused_without_reading_it() -> None:
    result = child("from pathlib import Path\nfrom reader.core.textio import read_text\n"
                   "try:\n    read_text(Path('/dev/zero'))\n"
                   "except Exception as exc:\n    print(type(exc).__name__, exc)")
    expected = "TranscriptError /dev/zero: is a device, not a transcript file"
    assert result.stdout.strip() == expected, result.stderr


def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "talk.srt"
    link.symlink_to(ZERO)
    result = child("import sys\nfrom pathlib import Path\nfrom reader.core.textio import read_text\n"
                   "try:\n    read_text(Path(sys.argv[1]))\nexcept Exception as exc:\n    print(exc)", str(link))
    assert "is a device" in result.stdout, result.stderr


def test_a_file_that_grows_past_what_stat_said_stops_at_the_limit() -> None:
    # /proc files say 0 bytes and hold more: the limit holds whatever stat() says.
    maps = Path("/proc/self/maps")
    if not maps.exists():
        pytest.skip("no /proc")
    with pytest.raises(FileTooLargeError) as info:
        read_regular(maps, 10)
    assert info.value.size == 11 and not info.value.exact


def test_read_regular_names_what_it_refuses(fifo: Path, tmp_path: Path) -> None:
    error = finishes(lambda: read_regular(fifo, 100), fifo)
    assert isinstance(error, NotARegularFileError) and error.kind == "a named pipe (FIFO)"
    with pytest.raises(IsADirectoryError):
        read_regular(tmp_path, 100)


def test_a_fifo_in_the_background_load_ends_with_an_error(fifo: Path) -> None:
    job = TranscriptLoad(fifo).start()
    try:
        assert job.wait(10), "the worker is still blocked on the FIFO"
        with pytest.raises(TranscriptError, match="named pipe"):
            job.result()
    finally:
        job.cancel()


def test_dev_zero_in_the_background_load_ends_with_an_error() -> None:
    result = child("from reader.core.loading import TranscriptLoad\n"
                   "job = TranscriptLoad('/dev/zero').start()\n"
                   "print('finished' if job.wait(20) else 'still reading')\n"
                   "try:\n    job.result()\nexcept Exception as exc:\n    print(exc)")
    assert result.stdout.split("\n")[:2] == ["finished", "/dev/zero: is a device, not a transcript file"], (
        result.stdout, result.stderr)


def test_cancel_stops_the_worker_while_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    reads: list[float] = []

    def slow_chunk(fd: int, size: int) -> bytes:
        reads.append(time.monotonic())
        time.sleep(0.002)  # 60 MB in 4 KB chunks: a minute of reading
        return os.read(fd, size)

    monkeypatch.setattr(regular_file, "READ_CHUNK_BYTES", 4096)
    monkeypatch.setattr(regular_file, "_read_chunk", slow_chunk)
    job = TranscriptLoad(big).start()
    deadline = time.monotonic() + 10
    while len(reads) < 20 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert job.phase == "reading" and len(reads) >= 20
    worker = next(t for t in threading.enumerate() if t.name == "parse big.txt")
    job.cancel()
    worker.join(5)
    assert not worker.is_alive(), "the worker kept reading after Cancel"
    count = len(reads)
    time.sleep(0.1)
    assert len(reads) == count


# -- the command line -----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["parse", "convert", "export"])
def test_the_command_line_refuses_a_fifo_transcript(fifo: Path, tmp_path: Path, command: str) -> None:
    extra = {"parse": [], "convert": ["-o", str(tmp_path / "out.srt")], "export": ["-f", "md"]}[command]
    result = cli(command, str(fifo), *extra, timeout=30)
    assert result.returncode == 2
    assert result.stderr == f"transcript-reader: {fifo}: is a named pipe (FIFO), not a transcript file\n"


def test_export_refuses_a_fifo_notes_file(tmp_path: Path) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_bytes(SAMPLE.read_bytes())
    notes = tmp_path / "talk.txt.notes.json"
    os.mkfifo(notes)
    try:
        result = cli("export", str(transcript), "-f", "md", timeout=30)
    finally:
        release(notes)
    assert result.returncode == 2
    assert result.stderr.startswith(f"transcript-reader: {notes}: ") and "named pipe" in result.stderr
    assert result.stderr.count("\n") == 1


def test_export_refuses_notes_linked_to_dev_zero(tmp_path: Path) -> None:
    transcript = tmp_path / "talk.txt"
    transcript.write_bytes(SAMPLE.read_bytes())
    (tmp_path / "talk.txt.notes.json").symlink_to(ZERO)
    result = cli("export", str(transcript), "-f", "md", timeout=30)
    assert result.returncode == 2 and "is a device" in result.stderr and result.stderr.count("\n") == 1


# -- notes files ----------------------------------------------------------------------------------------

def test_a_fifo_notes_file_opens_read_only_at_once(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt.notes.json"
    os.mkfifo(path)
    try:
        store = NotesStore(path)
        result = finishes(store.load, path)
    finally:
        release(path)
    assert result.read_only and store.read_only  # type: ignore[attr-defined]
    assert "named pipe" in result.messages[0] and str(path) in result.messages[0]  # type: ignore[attr-defined]
    assert path.is_fifo()  # left alone: not moved aside, not replaced


def test_notes_linked_to_dev_zero_open_read_only(tmp_path: Path) -> None:
    result = child("import sys, os\nfrom pathlib import Path\nfrom reader.core.notes_store import NotesStore\n"
                   "path = Path(sys.argv[1])\nos.symlink('/dev/zero', path)\n"
                   "result = NotesStore(path).load()\nprint(result.read_only, result.messages)\n"
                   "print(os.path.islink(path))",
                   str(tmp_path / "talk.txt.notes.json"))
    lines = result.stdout.splitlines()
    assert lines and lines[0].startswith("True [") and "is a device" in lines[0], (result.stdout, result.stderr)
    assert lines[1] == "True"
