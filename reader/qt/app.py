"""Start the Qt application: platform choice, the player, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reader import __version__


def choose_platform(environ: dict[str, str] | os._Environ[str]) -> None:
    """Force Qt's xcb platform on Wayland: libvlc can only embed video into X11 windows there."""
    if sys.platform.startswith("linux") and "QT_QPA_PLATFORM" not in environ:
        wayland = environ.get("XDG_SESSION_TYPE") == "wayland" or "WAYLAND_DISPLAY" in environ
        if wayland and environ.get("DISPLAY"):
            environ["QT_QPA_PLATFORM"] = "xcb"


def run(transcript: Path | None, media: Path | None, *, autoplay: bool = False, player_name: str | None = None) -> int:
    """Open the window on `transcript` (and `media`), run the event loop, return the exit status.

    `player_name` ("vlc" or "qt", from `--player`) is tried first; else the setting, else libvlc then Qt.
    """
    choose_platform(os.environ)
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from reader.playback.backends import SETTINGS_KEY, create_player
    from reader.qt.main_window import APP_NAME, MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("transcript-reader")
    from PySide6.QtGui import QIcon

    from reader.resources import app_icon

    app.setDesktopFileName("io.github.transcript_reader.TranscriptReader")  # Wayland: matches the .desktop
    app.setWindowIcon(QIcon(str(app_icon())))
    headless = app.platformName() in ("offscreen", "minimal")
    player = create_player(player_name or str(QSettings().value(SETTINGS_KEY, "") or ""), headless=headless)
    window = MainWindow(player)
    window.restore_layout()
    if player.error():
        window.banner.show_message(player.error() or "")
    window.show()
    # However the application ends (the last window, app.quit(), the session ending), the window closes first:
    # its notes are saved and the player stopped before Qt tears the window down (libvlc's video thread drawing
    # into a destroyed X window crashed the process on the way out).
    app.aboutToQuit.connect(lambda: window.close() if window.isVisible() else window.controller.close())
    if transcript is not None and window.open_transcript(transcript, media) and autoplay:
        QTimer.singleShot(300, window.controller.play)
    elif transcript is None and media is not None:
        window.open_media(media)
    if os.environ.get("TRANSCRIPT_READER_QUIT_WHEN_SHOWN"):
        # For start-up benchmarks and packaging smoke tests: leave once the first frame has been painted.
        QTimer.singleShot(0, app.quit)
    return app.exec()
