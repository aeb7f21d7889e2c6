"""The app never touches the network: a whole session with the real libvlc player needs none and tries none.

Python's sockets are guarded in-process; libvlc and Qt are C, so the same session also runs as a script in
a user and network namespace of its own (`unshare -rn`: nothing but a loopback that is down) under
`strace`, which sees every connect and send of every thread.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.playback import vlc_player
from reader.playback.vlc_player import BASE_ARGS, VlcPlayer, vlc_status
from reader.qt.main_window import MainWindow
from tests.qt.offline_session import NetworkGuard, run_session

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.vlc, pytest.mark.skipif(not vlc_status()[0], reason="libvlc is not installed")]


@pytest.fixture
def offline_paths(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Return the sample under a name with spaces, quotes and accents, its recording, and a folder for output."""
    folder = tmp_path / "talk folder"
    folder.mkdir()
    transcript = folder / "talk ‘offline’ ü.txt"
    shutil.copy(ROOT / "resources" / "sample" / "talk.txt", transcript)
    media = transcript.with_suffix(".mp4")
    media.symlink_to(ROOT / "resources" / "sample" / "talk.mp4")
    out = tmp_path / "out"
    out.mkdir()
    return transcript, media, out


def check_session(seen: dict) -> None:
    assert seen["duration"] == 150_000 and seen["player_error"] is None and seen["banner"] == ""
    assert seen["played_to"] > 1500 and seen["seeked_to"] >= 60_500
    assert seen["notes"] == 2 and seen["notes_mode"] == 0o600
    assert set(seen["exports"]) == {"markdown", "html", "pdf"} and min(seen["exports"].values()) > 200


def test_every_option_is_one_libvlc_knows() -> None:
    # libvlc refuses to start with an option it does not know (a misspelt one would fail every player).
    assert vlc_player.vlc.Instance(["--quiet", "--no-such-option"]) is None
    for option in BASE_ARGS:
        instance = vlc_player.vlc.Instance(["--quiet", "--vout=dummy", "--aout=adummy", option])
        assert instance is not None, option
        instance.release()
    assert {"--no-metadata-network-access", "--no-lua"} <= set(BASE_ARGS)


def test_a_session_uses_no_python_socket(qtbot, offline_paths: tuple[Path, Path, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    guard = NetworkGuard()
    for owner, name, replacement in guard.patches():
        monkeypatch.setattr(owner, name, replacement)
    transcript, media, out = offline_paths
    player = VlcPlayer(headless=True)
    assert "--no-metadata-network-access" in player._args and "--no-lua" in player._args
    window = MainWindow(player, notes_dir=out / "user-notes",
                        settings=QSettings(str(out / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    seen = run_session(QApplication.instance(), window, transcript, media, out)
    check_session(seen)
    assert guard.attempts == []
    assert (out / "notes.md").read_text(encoding="utf-8").count("Heard offline") == 1


def network_jail() -> tuple[list[str], str]:
    """Return the command prefix that cuts the network off (if allowed here) and what it is."""
    if shutil.which("unshare") is not None:
        probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True, timeout=10)
        if probe.returncode == 0:
            return ["unshare", "-rn"], "unshare"
    return [], ""


def tracer(log: Path) -> list[str]:
    """Return the strace prefix logging every connect and send of every thread, or [] without strace."""
    if shutil.which("strace") is None:
        return []
    return ["strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg", "-e", "signal=none",
            "-o", str(log)]


def internet_calls(log: Path) -> list[str]:
    """Return the traced calls that address an IPv4 or IPv6 peer (local sockets and netlink are fine)."""
    return [line for line in log.read_text(encoding="utf-8", errors="replace").splitlines() if "AF_INET" in line]


def test_the_tracer_sees_a_connect_from_any_thread(tmp_path: Path) -> None:
    """The strace check below means something: a thread's connect attempt is logged (and refused when jailed)."""
    log = tmp_path / "control.log"
    prefix = tracer(log)
    if not prefix:
        pytest.skip("strace is not installed")
    jail, _ = network_jail()
    code = ("import socket, threading\n"
            "t = threading.Thread(target=lambda: socket.socket().connect_ex(('192.0.2.1', 9)))\n"
            "t.start(); t.join()\n")
    subprocess.run([*jail, *prefix, sys.executable, "-c", code], check=True, timeout=60)
    assert any("192.0.2.1" in line for line in internet_calls(log))


def test_a_session_runs_without_a_network_and_tries_none(offline_paths: tuple[Path, Path, Path],
                                                         tmp_path: Path) -> None:
    jail, jailed = network_jail()
    log = tmp_path / "strace.log"
    trace = tracer(log)
    if not jail and not trace:
        pytest.skip("neither `unshare -rn` nor strace is available here")
    transcript, media, out = offline_paths
    result = subprocess.run([*jail, *trace, sys.executable, "-m", "tests.qt.offline_session", str(transcript),
                             str(media), str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    check_session(seen)
    assert seen["attempts"] == []
    if jailed:
        assert seen["interfaces"] == ["lo"], "the session was meant to have no network at all"
    if trace:
        assert internet_calls(log) == []
