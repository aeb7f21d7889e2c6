"""Errors the core raises about input files, each naming the file and, where known, the line."""

from __future__ import annotations

from pathlib import Path


class TranscriptError(Exception):
    """A transcript file could not be read; str() is one line a user can act on."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"


class NotATranscriptError(TranscriptError):
    """The file holds no turn structure we recognise (binary, empty, plain prose)."""
