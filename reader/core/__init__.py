"""The Qt-free core: transcript model, format parsers, time sync. Imports neither PySide6 nor vlc."""
