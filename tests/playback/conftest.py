"""Fixtures of the player tests: generated media, made once a session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.playback.support import make_media


@pytest.fixture(scope="session")
def media(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Return a function giving the path of a generated file of a format (tests/playback/support.py), made once."""
    folder = tmp_path_factory.mktemp("media")
    made: dict[str, Path] = {}

    def make(fmt: str) -> Path:
        if fmt not in made:
            made[fmt] = make_media(folder, fmt)
        return made[fmt]

    return make
