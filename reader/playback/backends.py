"""Which player plays: libvlc when it loads, else Qt Multimedia; `--player` or the setting picks the other first.

Each backend's module is imported only when that backend is tried, so choosing VLC never loads Qt
Multimedia, and a machine without libvlc never fails on `import vlc`.
"""

from __future__ import annotations

from collections.abc import Callable

from reader.playback.player import Player
from reader.playback.unavailable_player import UnavailablePlayer

VLC = "vlc"
QT = "qt"
PLAYER_NAMES = (VLC, QT)  # in the order tried when nothing is asked for
SETTINGS_KEY = "playback/player"  # QSettings: "vlc", "qt", or absent / "auto" for the default order


def make_vlc_player(*, headless: bool) -> Player:
    """Return a libvlc player, or raise RuntimeError saying why there is none (with how to install VLC)."""
    from reader.playback import vlc_player

    available, message = vlc_player.vlc_status()
    if not available:
        raise RuntimeError(message)
    return vlc_player.VlcPlayer(headless=headless)


def make_qt_player(*, headless: bool) -> Player:
    """Return a Qt Multimedia player (a QApplication must exist), or raise RuntimeError saying why there is none."""
    try:
        from reader.playback.qt_player import QtPlayer
    except ImportError as exc:  # PySide6-Essentials without PySide6-Addons, or a wheel missing its libraries
        raise RuntimeError(f"Qt Multimedia could not be loaded ({exc}); it comes with the PySide6-Addons "
                           "package: `pip install PySide6-Addons`") from exc
    return QtPlayer(headless=headless)


MAKERS: dict[str, Callable[..., Player]] = {VLC: make_vlc_player, QT: make_qt_player}


def player_order(preferred: str | None) -> list[str]:
    """Return the backends to try, the preferred one first; an unknown or "auto" preference keeps the default."""
    preferred = (preferred or "").strip().lower()
    if preferred not in PLAYER_NAMES:
        return list(PLAYER_NAMES)
    return [preferred, *(name for name in PLAYER_NAMES if name != preferred)]


def create_player(preferred: str | None = None, *, headless: bool = False) -> Player:
    """Return the first player that works, `preferred` first; else an UnavailablePlayer saying why (for the banner).

    A preference that cannot be met falls back to the other player rather than to reading mode: the user asked
    for a kind of playback, and some playback serves them better than none.
    """
    reasons: dict[str, str] = {}
    for name in player_order(preferred):
        try:
            return MAKERS[name](headless=headless)
        except RuntimeError as exc:
            reasons[name] = str(exc)
    # VLC's reason comes first: it says how to install VLC, which is what the user can do about it.
    return UnavailablePlayer(f"{reasons[VLC]} (Qt Multimedia, the other player, did not start either: "
                             f"{reasons[QT]})")
