"""Media playback behind one small interface; only vlc_player.py imports vlc."""

from reader.playback.player import Player, PlayerListener, PlayerState

__all__ = ["Player", "PlayerListener", "PlayerState"]
