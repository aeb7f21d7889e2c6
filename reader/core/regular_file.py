"""Reading a file that must be a regular file, with a hard byte limit whatever stat() says.

A named pipe (FIFO) blocks open() until a writer comes, and a device such as /dev/zero never ends, while
stat() says 0 bytes for both: a size check alone lets them hang or exhaust memory. So the file is opened
without blocking, refused unless fstat() of the open file says regular (links are followed, and the check
is on what was opened, so the file cannot be swapped in between), and read in chunks up to a limit.
Reading in chunks also lets a cancelled worker stop between two of them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

READ_CHUNK_BYTES = 1 << 20
# O_NONBLOCK: a FIFO opens at once instead of waiting for a writer (regular files ignore it).
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0))


class NotARegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a folder; `kind` says which, in words."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file", str(path))
        self.kind = kind


class FileTooLargeError(OSError):
    """The file holds more than the limit; `size` is its size (`exact` False: at least that much)."""

    def __init__(self, path: Path, size: int, limit: int, *, exact: bool) -> None:
        super().__init__(errno.EFBIG, f"larger than {limit} bytes", str(path))
        self.size, self.limit, self.exact = size, limit, exact


def kind_of(mode: int) -> str | None:
    """Return what a file of st_mode `mode` is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def check_regular(path: Path) -> None:
    """Raise NotARegularFileError unless `path` (links followed) is a regular file; never blocks."""
    kind = kind_of(os.stat(path).st_mode)
    if kind == "a folder":
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
    if kind is not None:
        raise NotARegularFileError(path, kind)


def _read_chunk(fd: int, size: int) -> bytes:
    return os.read(fd, size)


def read_regular(path: Path, limit: int) -> bytes:
    """Return the bytes of the regular file at `path`; raise NotARegularFileError or FileTooLargeError.

    Other OSErrors (not found, no permission) pass through. At most `limit` + 1 bytes are ever read.
    """
    fd = os.open(path, _OPEN_FLAGS)
    try:
        info = os.fstat(fd)
        kind = kind_of(info.st_mode)
        if kind == "a folder":
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if kind is not None:
            raise NotARegularFileError(path, kind)
        if info.st_size > limit:
            raise FileTooLargeError(path, info.st_size, limit, exact=True)
        chunks: list[bytes] = []
        total = 0
        while True:
            # The file may be growing (a log being written): stop one byte past the limit, whatever fstat said.
            chunk = _read_chunk(fd, min(READ_CHUNK_BYTES, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileTooLargeError(path, total, limit, exact=False)
    finally:
        os.close(fd)
