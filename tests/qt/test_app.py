"""Application start-up choices."""

from __future__ import annotations

import sys

import pytest

from reader.qt.app import choose_platform


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Wayland is a Linux matter")
def test_wayland_sessions_use_xcb_so_libvlc_can_embed() -> None:
    env = {"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    choose_platform(env)
    assert env["QT_QPA_PLATFORM"] == "xcb"


def test_an_explicit_platform_and_x11_sessions_are_left_alone() -> None:
    explicit = {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}
    choose_platform(explicit)
    assert explicit["QT_QPA_PLATFORM"] == "offscreen"
    x11 = {"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}
    choose_platform(x11)
    assert "QT_QPA_PLATFORM" not in x11

