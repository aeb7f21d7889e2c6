"""Help > About: the version, and what plays the recording and times the words on this machine."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from reader import __version__
from reader.playback.player import Player
from reader.qt.plain_text import message_box


def words_engine() -> str:
    """Return what times the words here: PocketSphinx, or why not and what is used instead."""
    from reader.core.align import sphinx

    reason = sphinx.available()
    return "PocketSphinx (English; other languages by voice activity)" if reason is None else \
        f"voice activity and character counts ({reason})"


def about_text(player: Player) -> str:
    """Return the About box's text (plain)."""
    return (f"Transcript Reader {__version__}\n\n"
            "Read a talk's transcript beside its recording: follow it word by word, seek, bookmark, highlight, "
            "annotate and export.\n\n"
            f"Playback: {player.describe()}\n"
            f"Word times: {words_engine()}\n"
            f"Qt {qVersion()}, PySide6 {PySide6.__version__}\n\n"
            "Everything stays on this computer: the app never uses the network.")


def show_about(parent: QWidget, player: Player) -> None:
    """Show the About box."""
    message_box(parent, QMessageBox.Icon.Information, "About Transcript Reader", about_text(player)).exec()
