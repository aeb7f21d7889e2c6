"""Coverage-guided fuzzing of every parser with atheris (libFuzzer): the property of tests/fuzz, on its own.

    python -m tests.fuzz.atheris_parsers -max_total_time=300 -max_len=16384 build/fuzz-corpus

The first folder given is the working corpus: the seeds (the shared corpus, the seed transcript, the sample,
the inline samples and a notes file) are written into it when missing, and libFuzzer adds the inputs that
reach new code. Any libFuzzer flag works (`-atheris_runs=N`, `-runs=N`, `-timeout=S`). An input that breaks
the property (an exception other than ours, a parse over the CPU limit) stops the run with its traceback and
is saved as a crash file. Needs the `fuzz` extra (`pip install -e '.[fuzz]'`, which `make fuzz` does).
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from types import ModuleType

# Set by main(), after the instrumented import: tests.fuzz.properties (and with it reader.core).
_properties: ModuleType | None = None
_notes_folder: Path | None = None


def test_one_input(data: bytes) -> None:
    """Check `data` through decoding, detection and every format; JSON also as a notes file."""
    global _properties, _notes_folder
    if _properties is None:  # called without main(), as the smoke test does: nothing instrumented
        from tests.fuzz import properties

        _properties = properties
    _properties.check_input(data)
    if data.lstrip()[:1] == b"{":
        if _notes_folder is None:
            _notes_folder = Path(tempfile.mkdtemp(prefix="reader-fuzz-notes-"))
        _properties.bounded(lambda: _properties.check_notes(data, _notes_folder), len(data))


def write_seeds(folder: Path) -> int:
    """Write the seeds missing from `folder` (named by content hash, as libFuzzer names inputs); return how many."""
    from tests.fuzz.mutations import notes_seed
    from tests.fuzz.properties import seeds

    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for data in [*seeds().values(), notes_seed()]:
        path = folder / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            written += 1
    return written


def main(argv: list[str] | None = None) -> None:
    """Seed the corpus folder, instrument reader.core and fuzz until libFuzzer's limits stop the run."""
    import atheris

    global _properties
    argv = list(sys.argv if argv is None else argv)
    with atheris.instrument_imports(include=["reader"]):
        from tests.fuzz import properties
    _properties = properties
    folders = [arg for arg in argv[1:] if not arg.startswith("-")]
    if folders:
        print(f"atheris_parsers: {write_seeds(Path(folders[0]))} seeds written to {folders[0]}", flush=True)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
