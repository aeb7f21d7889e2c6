"""libvlc's thread churn must not make glibc hoard memory: found by the soak (tests/soak/soak.py)."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import pytest

from reader.playback.vlc_player import vlc_status

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.vlc,
    pytest.mark.skipif(not vlc_status()[0], reason="libvlc is not installed"),
    pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the threshold is glibc's"),
]

# Frees a large (mmapped) block, then asks whether the next one of the same size is mmapped again (True) or
# served from an arena because glibc raised its mmap threshold past it (False).
SNIPPET = """
import ctypes, sys
class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]
libc = ctypes.CDLL(None)
if not hasattr(libc, "mallinfo2"):
    print("no mallinfo2")
    raise SystemExit(0)
libc.mallinfo2.restype = MallInfo2
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
if sys.argv[1] == "player":
    from reader.playback.vlc_player import VlcPlayer
    VlcPlayer(headless=True).close()
size = 4 << 20
libc.free(libc.malloc(size))
before = libc.mallinfo2().hblkhd
block = libc.malloc(size)
print(libc.mallinfo2().hblkhd - before >= size)
libc.free(block)
"""


def next_large_block_is_mapped(mode: str) -> bool:
    out = subprocess.run([sys.executable, "-c", SNIPPET, mode], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=60).stdout.strip().splitlines()[-1]
    if out == "no mallinfo2":
        pytest.skip("glibc older than 2.33 has no mallinfo2()")
    return out == "True"


def test_a_player_keeps_glibc_from_raising_its_mmap_threshold() -> None:
    # Without it, freed large buffers raise the threshold, later ones come from per-thread arenas whose tops
    # glibc never trims, and every libvlc thread started by a play or seek left memory behind (30 MB in 10 min).
    assert not next_large_block_is_mapped("plain")  # the test sees glibc's raising...
    assert next_large_block_is_mapped("player")  # ...which a VlcPlayer turns off
