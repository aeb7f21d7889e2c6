"""Bugs of the Qt binding that the app depends on not having."""

from __future__ import annotations

import subprocess
import sys

QUEUED_BOOL = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
app = QCoreApplication(sys.argv)
class Emitter(QObject):
    flag = Signal(bool)
emitter = Emitter()
got = []
emitter.flag.connect(got.append, Qt.ConnectionType.QueuedConnection)
for _ in range(5000):
    emitter.flag.emit(True)
    emitter.flag.emit(False)
app.processEvents()
print(len(got))
"""


def test_queued_bool_signals_do_not_corrupt_refcounts() -> None:
    # PySide6 6.12.0 aborts here ("bool_dealloc: deallocating True or False"); pyproject.toml excludes it.
    result = subprocess.run([sys.executable, "-c", QUEUED_BOOL], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-500:]
    assert result.stdout.strip() == "10000"
