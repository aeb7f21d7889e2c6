"""The command line: `parse --json` shape, errors as one line with status 2, no Qt needed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Runs the CLI with PySide6 and vlc made unimportable, as on a machine without them.
NO_QT = (
    "import sys; sys.modules['PySide6'] = None; sys.modules['vlc'] = None; "
    "from reader.cli import main; sys.exit(main(sys.argv[1:]))"
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", NO_QT, *args], capture_output=True, text=True, cwd=ROOT)


def test_parse_json_shape_on_the_seed(seed_path: Path) -> None:
    result = run_cli("parse", str(seed_path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "event-page"
    assert data["title"].startswith("What's Next for AI Systems")
    assert data["speakers"] == ["Alexandr Wang", "Ilya Sutskever"]
    assert data["warnings"] == []
    turns = data["turns"]
    assert len(turns) == 120
    assert set(turns[0]) >= {"index", "start", "end", "speaker", "text"}
    assert turns[0] == {**turns[0], "index": 0, "start": 23.0, "end": 43.0, "speaker": "Alexandr Wang"}
    assert turns[-1]["start"] == 3549.0 and turns[-1]["end"] is None


def test_parse_text_output_on_the_sample() -> None:
    result = run_cli("parse", str(ROOT / "resources" / "sample" / "talk.txt"))
    assert result.returncode == 0
    assert "[00:02] Maya Lindqvist: Welcome, everyone." in result.stdout


def test_unreadable_files_exit_2_with_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "song.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    prose = tmp_path / "essay.txt"
    prose.write_text("Nothing here is a turn.\n")
    for path, reason in ((tmp_path / "missing.txt", "file not found"), (binary, "not a transcript"),
                         (prose, "not a transcript"), (tmp_path, "folder")):
        result = run_cli("parse", str(path), "--json")
        assert result.returncode == 2
        assert result.stdout == ""
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and str(path) in lines[0] and reason in lines[0], result.stderr


def test_version_and_help() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and "transcript-reader" in result.stdout
    result = run_cli("--help")
    assert "parse FILE" in result.stdout and "--demo" in result.stdout


def test_python_dash_m_reader_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "reader", "parse", "resources/sample/talk.txt", "--json"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and json.loads(result.stdout)["format"] == "event-page"


def readme_table(which: str) -> str:
    """Return the README's generated table of the formats `which` ("read" or "written")."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index(f"(tests/test_cli.py checks it): formats {which} -->\n")
    start = readme.index("\n", start) + 1
    return readme[start:readme.index("<!-- end of generated table -->", start)]


def test_readme_tables_list_exactly_the_registered_formats() -> None:
    from reader.cli import formats_read_table, formats_written_table

    hint = "the README's format tables are out of date: paste `python -m reader formats --markdown` into it"
    assert readme_table("read") == formats_read_table(), hint
    assert readme_table("written") == formats_written_table(), hint


def test_formats_lists_every_format_without_qt() -> None:
    from reader.core.export import EXPORT_FORMATS
    from reader.core.formats import FORMATS

    result = run_cli("formats")
    assert result.returncode == 0, result.stderr
    for name, module in FORMATS.items():
        assert f"{name} " in result.stdout and module.LABEL in result.stdout
    assert all(f"{fmt.name} " in result.stdout and fmt.label in result.stdout for fmt in EXPORT_FORMATS)
    markdown = run_cli("formats", "--markdown")
    assert markdown.returncode == 0 and "| `named-paragraphs` |" in markdown.stdout and "| `pdf` |" in markdown.stdout


def test_format_options_offer_the_registered_names() -> None:
    result = run_cli("parse", "--help")
    # argparse wraps the list of names, breaking lines after hyphens ("named-\n   paragraphs").
    unwrapped = re.sub(r"-\s+", "-", result.stdout)
    assert "named-paragraphs" in unwrapped and "whisper-json" in unwrapped
    result = run_cli("parse", str(ROOT / "resources" / "sample" / "talk.txt"), "--format", "nope")
    assert result.returncode == 2 and "invalid choice: 'nope'" in result.stderr
    result = run_cli("export", "--help")
    assert "annotations" in result.stdout and "webanno" in result.stdout and "pdf" in result.stdout
