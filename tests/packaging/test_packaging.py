"""Packaging: the desktop file, AppStream metainfo and Flatpak manifest validate; the wheel carries the
resources and works installed outside the checkout; the PyInstaller bundle runs (when PyInstaller is there).
"""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from configparser import ConfigParser
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import pytest

from reader import __version__

ROOT = Path(__file__).resolve().parent.parent.parent
APP_ID = "io.github.transcript_reader.TranscriptReader"
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON = LINUX / f"{APP_ID}.svg"
FLATPAK = ROOT / "packaging" / "flatpak" / f"{APP_ID}.yml"
SPEC = ROOT / "packaging" / "pyinstaller" / "transcript-reader.spec"
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_e1fe65cacb754d70.txt"
# What the wheel must carry, under reader/_resources/ (pyproject.toml maps resources/ there).
WHEEL_RESOURCES = ("sample/talk.txt", "sample/talk.mp4", "icons/transcript-reader.svg")
# The formats the app opens, as the desktop file announces them for "Open With".
MIME_TYPES = {"text/vtt", "application/x-subrip", "text/plain", "application/json", "text/markdown"}
# What a build copy of the checkout leaves out: environments, caches, build output, notes of test runs.
NOT_COPIED = (".venv", ".git", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".ruff_cache",
              ".hypothesis", "shots", "tests", "*.notes.json*", "bench-results.json")


def clean_env(**extra: str) -> dict[str, str]:
    """The environment minus anything that would let a child find the checkout instead of its install."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP")}
    env.update(extra)
    return env


def run(args: list[str | Path], *, cwd: Path, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env=clean_env(**env))


def check_parse_json(result: subprocess.CompletedProcess[str], turns: int | None = None) -> dict:
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["turns"], data
    if turns is not None:
        assert len(data["turns"]) == turns
    return data


def survives_demo(command: list[str | Path], cwd: Path, seconds: float = 5.0) -> None:
    """Start `command --demo` on a virtual X screen (offscreen without Xvfb) and check it is still up."""
    xvfb = shutil.which("xvfb-run")
    env = clean_env()
    if xvfb:
        env.pop("QT_QPA_PLATFORM", None)
        command = [xvfb, "-a", "-s", "-screen 0 1280x800x24", *command]
    else:
        env["QT_QPA_PLATFORM"] = "offscreen"
    log = cwd / "demo.log"
    with log.open("w") as out:
        proc = subprocess.Popen([str(c) for c in [*command, "--demo"]], cwd=cwd, env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)
            status = proc.poll()
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
    output = log.read_text(errors="replace")
    assert status is None, f"--demo exited with {status}:\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]


# ---- Desktop file, metainfo, icon, Flatpak manifest: fast ----


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_file_names_the_command_icon_and_formats() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == "transcript-reader %f"
    assert entry["Icon"] == APP_ID
    assert ICON.is_file()
    assert set(filter(None, entry["MimeType"].split(";"))) >= MIME_TYPES
    assert entry["Categories"] and entry["Keywords"]


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils is not installed")
def test_desktop_file_validates() -> None:
    result = run(["desktop-file-validate", DESKTOP], cwd=ROOT)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("appstreamcli"), reason="appstream is not installed")
def test_metainfo_validates() -> None:
    result = run(["appstreamcli", "validate", "--no-net", METAINFO], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    # Infos and pedantic notes are fine; warnings and errors are not.
    assert not re.search(r"^[EW]: ", result.stdout, re.MULTILINE), result.stdout


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("provides/binary") == "transcript-reader"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases and releases[0] == __version__, "the newest <release> should be the current version"
    image = root.findtext("screenshots/screenshot/image") or ""
    assert image.startswith("https://")
    # The screenshot it names is the one kept in the repository.
    assert (ROOT / image.split("/main/", 1)[1]).is_file(), image


def test_window_icon_is_the_desktop_icon() -> None:
    copy = ROOT / "resources" / "icons" / "transcript-reader.svg"
    assert filecmp.cmp(ICON, copy, shallow=False), "resources/icons/ should hold the same icon"
    root = ET.parse(ICON).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 128 128"


def test_flatpak_manifest_parses() -> None:
    yaml = pytest.importorskip("yaml", reason="PyYAML is not installed")
    manifest = yaml.safe_load(FLATPAK.read_text(encoding="utf-8"))
    assert manifest["app-id"] == APP_ID and manifest["command"] == "transcript-reader"
    modules = {m["name"]: m for m in manifest["modules"]}
    assert list(modules) == ["libvlc", "python3-dependencies", "transcript-reader"]
    for module in modules.values():
        for source in module["sources"]:
            if source["type"] in ("file", "archive"):
                assert source["url"].startswith("https://"), source
                assert re.fullmatch(r"[0-9a-f]{64}", source["sha256"]), source
    sources = modules["python3-dependencies"]["sources"]
    wheels = [s["url"].rsplit("/", 1)[1] for s in sources]

    def project(filename: str) -> str:
        return re.split(r"-\d", filename.lower().replace("_", "-"), maxsplit=1)[0]

    # Every compiled package for both architectures: a wheel of that architecture, or (PocketSphinx on
    # aarch64, which has no cp312 wheel there) its sdist limited to it. A wheel names its architecture.
    arches = ("x86_64", "aarch64")
    compiled = {project(w) for w in wheels if w.endswith(".whl") and not w.endswith("-any.whl")}
    assert {"pyside6-essentials", "shiboken6", "regex", "lxml", "pocketsphinx"} <= compiled, compiled
    for source, name in zip(sources, wheels, strict=True):
        if name.endswith(".whl") and not name.endswith("-any.whl"):
            assert [arch for arch in arches if arch in name] == source.get("only-arches"), source
    for arch in arches:
        built = {project(name) for source, name in zip(sources, wheels, strict=True)
                 if arch in source.get("only-arches", []) and (arch in name or not name.endswith(".whl"))}
        assert compiled <= built, (arch, sorted(compiled - built))
    # Every runtime dependency is installed in the sandbox (a missing one fails only when the app runs).
    tomllib = pytest.importorskip("tomllib")
    pip = " ".join(modules["python3-dependencies"]["build-commands"]).lower().split()
    requirements = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    for requirement in requirements:
        name = re.match(r"[A-Za-z0-9._-]+", requirement)[0].lower()  # type: ignore[index]
        assert name in pip, (name, pip)
        assert any(w.lower().replace("_", "-").startswith(name + "-") for w in wheels), (name, wheels)
    installs = " ".join(modules["transcript-reader"]["build-commands"])
    for path in (DESKTOP, METAINFO, ICON):
        assert f"packaging/linux/${{FLATPAK_ID}}{path.name.removeprefix(APP_ID)}" in installs


@pytest.mark.skipif(not shutil.which("flatpak-builder"), reason="flatpak-builder is not installed")
def test_flatpak_builder_reads_the_manifest(tmp_path: Path) -> None:
    # flatpak-builder only warns (exit 0) about unknown keys or source types: any warning fails here. It
    # leaves a .flatpak-builder/ folder in its working folder, hence tmp_path.
    result = run(["flatpak-builder", "--show-manifest", FLATPAK], cwd=tmp_path)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert json.loads(result.stdout)["id"] == APP_ID


def test_every_package_under_reader_is_in_the_wheel() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "reader").rglob("__init__.py")}
    listed = set(config["packages"])
    assert found <= listed, f"add {sorted(found - listed)} to [tool.setuptools] packages in pyproject.toml"
    assert config["package-dir"]["reader._resources"] == "resources"
    # include-package-data is off: a data file inside reader/ ships only when package-data names it.
    for path in (ROOT / "reader").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts:
            package = ".".join(path.parent.relative_to(ROOT).parts)
            assert package in config.get("package-data", {}), f"{path}: add it to [tool.setuptools.package-data]"


# ---- The wheel, installed into a fresh venv outside the checkout ----


@dataclass
class Installed:
    wheel: Path
    venv: Path
    work: Path  # an empty folder to run from

    @property
    def command(self) -> Path:
        return self.venv / "bin" / "transcript-reader"

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """Build the wheel from a copy of the checkout and install it, with no dependencies, into a new venv.

    The venv sees this environment's site-packages through a .pth line (so PySide6 and python-vlc are not
    downloaded again); .pth files there, such as an editable install of the checkout, are not processed,
    and the venv's own site-packages, holding the wheel's `reader`, comes first.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*NOT_COPIED), symlinks=True)
    wheelhouse = tmp / "wheelhouse"
    build = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheelhouse, source], cwd=tmp,
                timeout=300)
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = wheelhouse.glob("transcript_reader-*.whl")

    venv = tmp / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", venv], cwd=tmp)
    assert made.returncode == 0, made.stderr
    site = next((venv / "lib").glob("python3*/site-packages"))
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "zz_outer_environment.pth").write_text("".join(f"{p}\n" for p in paths))
    install = run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q", "--no-deps",
                   "--no-index", wheel], cwd=tmp, timeout=300)
    assert install.returncode == 0, install.stdout + install.stderr
    work = tmp / "work"
    work.mkdir()
    yield Installed(wheel, venv, work)


@pytest.mark.slow
def test_wheel_carries_the_resources(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    for resource in WHEEL_RESOURCES:
        assert f"reader/_resources/{resource}" in names, sorted(n for n in names if "_resources" in n)
    assert not any(".notes.json" in n or n.endswith("build_sample.py") for n in names), sorted(names)
    assert "reader/cli.py" in names and "reader/core/formats/__init__.py" in names


@pytest.mark.slow
def test_installed_wheel_finds_its_own_resources(installed: Installed) -> None:
    code = (
        "import json, reader, reader.resources as r\n"
        "print(json.dumps([reader.__file__, str(r.sample_transcript()), str(r.sample_media())]))\n"
    )
    result = run([installed.python, "-c", code], cwd=installed.work)
    assert result.returncode == 0, result.stderr
    package, transcript, media = (Path(p) for p in json.loads(result.stdout))
    assert package.is_relative_to(installed.venv), f"reader was imported from {package}, not the wheel"
    for path in (transcript, media):
        assert path.is_relative_to(installed.venv) and path.is_file(), (
            f"{path}: reader/resources.py must look in reader/_resources/ first (see packaging/README.md)")


@pytest.mark.slow
def test_installed_command_runs_outside_the_checkout(installed: Installed) -> None:
    version = run([installed.command, "--version"], cwd=installed.work)
    assert version.returncode == 0 and version.stdout.strip() == f"transcript-reader {__version__}", version
    help_text = run([installed.command, "--help"], cwd=installed.work)
    assert help_text.returncode == 0 and "parse" in help_text.stdout and "--demo" in help_text.stdout
    sample = installed.venv.glob("lib/python3*/site-packages/reader/_resources/sample/talk.txt")
    data = check_parse_json(run([installed.command, "parse", "--json", next(sample)], cwd=installed.work), 26)
    assert data["format"] == "event-page"


@pytest.mark.slow
def test_installed_demo_starts(installed: Installed) -> None:
    pytest.importorskip("PySide6")
    survives_demo([installed.command], installed.work)


# ---- The PyInstaller bundle (about 30 s to build; only where PyInstaller is installed: make package) ----


@pytest.mark.slow
@pytest.mark.skipif(find_spec("PyInstaller") is None, reason="PyInstaller is not installed (make package does)")
def test_pyinstaller_bundle_runs(tmp_path: Path) -> None:
    build = run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath",
                 tmp_path / "dist", "--workpath", tmp_path / "build", SPEC], cwd=tmp_path, timeout=600)
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    bundle = tmp_path / "dist" / "transcript-reader"
    exe = bundle / "transcript-reader"
    # On Linux the system's libvlc must be used: a copied one would look for its plugins in the bundle.
    assert not list(bundle.rglob("libvlc*.so*")), "libvlc was copied into the bundle"
    work = tmp_path / "work"
    work.mkdir()
    version = run([exe, "--version"], cwd=work)
    assert version.stdout.strip() == f"transcript-reader {__version__}", version
    check_parse_json(run([exe, "parse", "--json", SAMPLE], cwd=work), 26)
    if SEED.exists():
        check_parse_json(run([exe, "parse", "--json", SEED], cwd=work), 120)
    shown = run([exe, "--demo"], cwd=work, timeout=60, QT_QPA_PLATFORM="offscreen",
                TRANSCRIPT_READER_QUIT_WHEN_SHOWN="1")
    assert shown.returncode == 0, shown.stderr[-3000:]
