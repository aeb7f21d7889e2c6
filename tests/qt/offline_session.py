"""A whole session with the real libvlc player: open, play, seek, notes, exports; any network use recorded.

test_no_network.py runs `run_session` in its own process with Python's sockets guarded, and runs this module
(`python -m tests.qt.offline_session TRANSCRIPT MEDIA OUT_DIR`) under `unshare -rn` (no network at all) and
`strace` (every connect and send of every thread, C code included), reading the JSON it prints.
"""

from __future__ import annotations

import errno
import json
import socket
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow

LOCAL_FAMILIES = {getattr(socket, name) for name in ("AF_UNIX", "AF_NETLINK") if hasattr(socket, name)}


class NetworkGuard:
    """Replacements for Python's ways onto the network that record the attempt and refuse it."""

    def __init__(self) -> None:
        self.attempts: list[str] = []

    def patches(self) -> list[tuple[object, str, Callable[..., Any]]]:
        """Return (owner, attribute, replacement) for every socket entry point to guard."""
        connect, connect_ex, sendto = socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto

        def refuse(what: str) -> OSError:
            self.attempts.append(what)
            return OSError(errno.ENETUNREACH, f"the network is off limits in this test: {what}")

        def guarded_connect(sock: socket.socket, address: object) -> None:
            if sock.family not in LOCAL_FAMILIES:
                raise refuse(f"connect {address!r}")
            connect(sock, address)

        def guarded_connect_ex(sock: socket.socket, address: object) -> int:
            if sock.family not in LOCAL_FAMILIES:
                raise refuse(f"connect_ex {address!r}")
            return connect_ex(sock, address)

        def guarded_sendto(sock: socket.socket, *args: Any) -> int:
            if sock.family not in LOCAL_FAMILIES:
                raise refuse(f"sendto {args[-1]!r}")
            return sendto(sock, *args)

        def lookup(name: str) -> Callable[..., Any]:
            def guarded(*args: Any, **kwargs: Any) -> Any:
                raise refuse(f"{name} {args!r}")
            return guarded

        return [(socket.socket, "connect", guarded_connect), (socket.socket, "connect_ex", guarded_connect_ex),
                (socket.socket, "sendto", guarded_sendto), (socket, "getaddrinfo", lookup("getaddrinfo")),
                (socket, "gethostbyname", lookup("gethostbyname")),
                (socket, "gethostbyname_ex", lookup("gethostbyname_ex")),
                (socket, "create_connection", lookup("create_connection"))]

    def install(self) -> None:
        """Put the guards in place for the rest of the process (the script's way; tests use monkeypatch)."""
        for owner, name, replacement in self.patches():
            setattr(owner, name, replacement)


def spin_until(app: QApplication, predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Process events until `predicate()` holds; raise if it does not within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not happen within {timeout_s} s")
        app.processEvents()
        time.sleep(0.005)


def run_session(app: QApplication, window: MainWindow, transcript: Path, media: Path, out_dir: Path) -> dict:
    """Open, play, seek, add notes and export in `window`; return what was seen."""
    controller = window.controller
    assert window.open_transcript(transcript, media), window.banner.label.text()
    spin_until(app, lambda: (controller.duration() or 0) > 0, 15, "libvlc reading the recording's length")
    controller.play()
    spin_until(app, lambda: controller.position() > 1500, 15, "playback")
    played_to = controller.position()
    controller.seek(60_000)
    spin_until(app, lambda: controller.position() >= 60_500, 15, "playback after a seek")
    seeked_to = controller.position()
    bookmark = window.note_commands.add_bookmark()
    assert bookmark is not None
    window.notes.edit_item(bookmark.id, label="Heard offline")
    highlight = window.note_commands.add_highlight()
    assert highlight is not None
    window.notes.edit_item(highlight.id, note="No network needed")
    if window.note_commands.editor is not None:
        window.note_commands.editor.close()
    controller.pause()
    assert window.notes.save_now()
    notes_path = window.notes.path
    assert notes_path is not None
    window.export_notes()
    dialog = window.export_dialog
    assert dialog is not None
    exports = {}
    for key, extension in (("markdown", "md"), ("html", "html"), ("pdf", "pdf")):
        dialog.set_format(key)
        if key == "html":
            dialog.interactive_check.setChecked(True)  # the page with the player: it names the recording
        path = out_dir / f"notes.{extension}"
        assert dialog.export_to(path)
        exports[key] = path.stat().st_size
    dialog.close()
    error = controller.player.error()
    window.close()
    return {"duration": controller.duration(), "played_to": played_to, "seeked_to": seeked_to,
            "notes": len(window.notes.items()), "notes_mode": notes_path.stat().st_mode & 0o777,
            "exports": exports, "player_error": error, "banner": window.banner.label.text()
            if window.banner.isVisible() else ""}


def main() -> int:
    transcript, media, out_dir = (Path(arg) for arg in sys.argv[1:4])
    guard = NetworkGuard()
    guard.install()
    app = QApplication([sys.argv[0], "-platform", "offscreen"])
    player = VlcPlayer(headless=True)
    window = MainWindow(player, notes_dir=out_dir / "user-notes",
                        settings=QSettings(str(out_dir / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    seen = run_session(app, window, transcript, media, out_dir)
    seen["attempts"] = guard.attempts
    seen["libvlc_args"] = player._args
    seen["interfaces"] = sorted(name for _, name in socket.if_nameindex())  # ["lo"] alone under `unshare -n`
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
