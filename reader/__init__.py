"""Transcript Reader: a transcript beside its recording, followed as it plays."""

__version__ = "0.1.0"
