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
        "reader.playback, reader.playback.fake_player, reader.playback.unavailable_player, reader.playback.backends, "
        "reader.cli\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'vlc'))\n"
        "print(bad)\n"
        "raise SystemExit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def imported_names(path: Path, package: str = "") -> set[str]:
    """Return the dotted names that the file at `path` imports anywhere in it (functions included).

    `from a.b import c` gives both `a.b` and `a.b.c` (c may be a module); relative imports are resolved
    against `package`, the package the file is in.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def module_name(path: Path) -> str:
    """Return the dotted name of the module in the file at `path` (under ROOT)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_only_vlc_player_imports_vlc_and_only_qt_imports_pyside() -> None:
    for path in sorted((ROOT / "reader").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        modules = {name.split(".")[0] for name in imported_names(path)}
        if "vlc" in modules:
            assert relative == "reader/playback/vlc_player.py", relative
        if "PySide6" in modules:
            # The Qt Multimedia player is a player: it lives with the others, and is imported only when chosen.
            assert relative.startswith("reader/qt/") or relative == "reader/playback/qt_player.py", relative


def test_core_imports_nothing_above_it() -> None:
    # import-linter's contracts (pyproject.toml) say the same; this one runs with the tests, lazy imports included.
    above = ("reader.qt", "reader.playback", "reader.cli", "reader.__main__")
    inside = tuple(name + "." for name in above)
    for path in sorted((ROOT / "reader" / "core").rglob("*.py")):
        name = module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        bad = sorted(n for n in imported_names(path, package) if n in above or n.startswith(inside))
        assert not bad, f"{name} imports {bad}"


def test_no_format_module_imports_another() -> None:
    # Formats share helpers (subtitle_blocks, speaker_names, json_segments, ...), never each other: a change
    # to one format's parser must not change another's.
    from reader.core.formats import FORMATS

    formats = {module.__name__ for module in FORMATS.values()}
    for module in FORMATS.values():
        path = Path(module.__file__ or "")
        others = (imported_names(path, "reader.core.formats") & formats) - {module.__name__}
        assert not others, f"{module.__name__} imports {sorted(others)}"
