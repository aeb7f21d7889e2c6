"""The layers stay apart: the core and the player interface load neither Qt nor vlc."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_and_playback_do_not_load_qt_or_vlc() -> None:
    code = (
        "import sys, reader.core, reader.core.formats, reader.core.sync, reader.core.media, "
        "reader.playback, reader.playback.fake_player, reader.playback.unavailable_player, reader.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'vlc'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_vlc_player_imports_vlc_and_only_qt_imports_pyside() -> None:
    for path in sorted((ROOT / "reader").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        modules = imported_modules(path)
        if "vlc" in modules:
            assert relative == "reader/playback/vlc_player.py", relative
        if "PySide6" in modules:
            assert relative.startswith("reader/qt/"), relative
