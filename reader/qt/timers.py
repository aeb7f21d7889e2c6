"""Timers the controllers start, made by an injectable factory, so logic tests run on a fake clock.

Frescobaldi's MIDI player exposes `timer_start` hooks for the same reason: a test that advances a fake
clock and fires what is due runs in microseconds and cannot be late, where `qtbot.wait(1000)` costs a
second and flakes on a loaded machine. The window uses real QTimers (`qt_timer`); tests pass
`ManualTimers(clock).create`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

TimerFactory = Callable[[QObject], QTimer]


def qt_timer(parent: QObject) -> QTimer:
    """Return a real QTimer owned by `parent`."""
    return QTimer(parent)


class ManualTimer(QObject):
    """QTimer's interface as the controllers use it, fired by `ManualTimers.fire_due()`."""

    timeout = Signal()

    def __init__(self, owner: ManualTimers, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._owner = owner
        self._interval = 0
        self._single = False
        self._due: float | None = None

    def setInterval(self, ms: int) -> None:
        self._interval = int(ms)

    def interval(self) -> int:
        return self._interval

    def setSingleShot(self, single: bool) -> None:
        self._single = single

    def setTimerType(self, kind: Qt.TimerType) -> None:
        pass

    def start(self, ms: int | None = None) -> None:
        if ms is not None:
            self._interval = int(ms)
        self._due = self._owner.clock() + self._interval / 1000.0

    def stop(self) -> None:
        self._due = None

    def isActive(self) -> bool:
        return self._due is not None

    def due(self) -> float | None:
        """Return the clock time it fires at, or None when stopped."""
        return self._due

    def fire(self) -> None:
        """Fire now: single-shot timers stop, others start their next interval."""
        self._due = None if self._single else self._owner.clock() + max(self._interval, 1) / 1000.0
        self.timeout.emit()


class ManualTimers:
    """Makes ManualTimers on `clock` (monotonic seconds) and fires those that are due when asked."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.timers: list[ManualTimer] = []

    def create(self, parent: QObject) -> QTimer:
        """Return a new timer (typed as QTimer: it has the part of QTimer's interface that is used)."""
        timer = ManualTimer(self, parent)
        self.timers.append(timer)
        return timer  # type: ignore[return-value]

    def fire_due(self) -> int:
        """Fire every timer due by now, earliest first, until none is; return how many fired."""
        fired = 0
        while fired < 10_000:  # a zero-interval repeating timer would otherwise spin forever
            due = [t for t in self.timers if t.due() is not None and t.due() <= self.clock()]  # type: ignore[operator]
            if not due:
                break
            min(due, key=lambda t: t.due() or 0.0).fire()
            fired += 1
        return fired
