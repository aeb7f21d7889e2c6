"""Wait for a transcript parsed off the GUI thread, with a cancellable progress dialog for slow files."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

from reader.core.loading import TranscriptLoad
from reader.core.media import size_text
from reader.core.transcript import Transcript

if TYPE_CHECKING:
    from reader.qt.transcript_view import TranscriptView

# Under this a file opens without any dialog: it would only flash. The window stays responsive either way.
QUIET_WAIT_S = 0.05
# A file this big takes longer than that anyway: the dialog goes up at once.
QUIET_MAX_BYTES = 2 * 1024 * 1024
POLL_MS = 40
# While a big file's first turns (see PreviewRows) are awaited: they come within a few tens of ms.
PREVIEW_POLL_MS = 5

_PHASES = {"waiting": "Starting", "reading": "Reading", "parsing": "Reading turns in", "done": "Finishing"}


class LoadProgressDialog(QProgressDialog):
    """A busy indicator naming the file, its size, the phase and the seconds spent, with Cancel."""

    def __init__(self, job: TranscriptLoad, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.setWindowTitle("Opening Transcript")
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # the file name is untrusted text
        label.setWordWrap(True)
        self.setLabel(label)
        self.setRange(0, 0)  # a parse reports no fraction done: a busy bar, plus the seconds, is honest
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(420)
        self.refresh()

    def refresh(self) -> None:
        """Show the job's phase and elapsed time."""
        job = self.job
        phase = _PHASES.get(job.phase, job.phase.capitalize())
        self.setLabelText(f"{phase} {job.path.name} ({size_text(job.size)})… {job.elapsed():.0f} s so far.\n"
                          "Cancel stops it; what is open now stays open.")


class PreviewRows:
    """Shows a big file's first turns in the transcript view while the rest is read; puts back what was shown
    (rows, notes, the place, the speaker filter) when the file cannot be opened or the user cancels."""

    def __init__(self, view: TranscriptView) -> None:
        self.view = view
        self.shown = False
        self._top = -1
        self._filter: Callable[[int], bool] | None = None

    def show(self, transcript: Transcript) -> None:
        """Show the first turns (what was shown stays aside)."""
        view = self.view
        if not self.shown:
            self._top = view.indexAt(QPoint(4, 4)).row()
            self._filter = view.row_filter()
        self.shown = True
        view.set_row_filter(None)  # it counts rows of what was shown
        view.transcript_model().preview(transcript)

    def undo(self) -> None:
        """Show again what was shown before."""
        if not self.shown:
            return
        self.shown = False
        view = self.view
        view.transcript_model().end_preview()
        view.set_row_filter(self._filter)
        if self._top >= 0:
            view.scrollTo(view.model().index(self._top, 0), view.ScrollHint.PositionAtTop)


class LoadProgress:
    """Wait for a parse job, showing a LoadProgressDialog once it takes longer than a glance, and the file's
    first turns (with `preview`) as soon as they are read."""

    def __init__(self, job: TranscriptLoad, parent: QWidget | None, preview: PreviewRows | None = None) -> None:
        self.job = job
        self.parent = parent
        self.preview = preview
        self.dialog: LoadProgressDialog | None = None

    def wait(self) -> Transcript:
        """Return the job's transcript; raise TranscriptError, or LoadCancelled if the user cancelled.

        The GUI keeps processing events throughout (the dialog is window-modal, so only it takes input).
        """
        try:
            return self._wait()
        except BaseException:
            if self.preview is not None:
                self.preview.undo()
            raise

    def _wait(self) -> Transcript:
        job = self.job
        preview = self.preview
        if not job.wait(QUIET_WAIT_S if job.size < QUIET_MAX_BYTES else 0):
            self.dialog = dialog = LoadProgressDialog(job, self.parent)
            loop = QEventLoop()
            timer = QTimer(dialog)
            timer.setInterval(PREVIEW_POLL_MS if preview is not None else POLL_MS)

            def poll() -> None:
                if job.done():
                    loop.quit()
                    return
                dialog.refresh()
                if preview is not None and not preview.shown and job.preview is not None:
                    preview.show(job.preview)
                    timer.setInterval(POLL_MS)

            timer.timeout.connect(poll)
            dialog.canceled.connect(job.cancel)
            dialog.canceled.connect(loop.quit)
            dialog.show()
            timer.start()
            if not job.done():
                loop.exec()
            timer.stop()
        return job.result()

    def step(self, text: str) -> None:
        """Say what the window is doing with a large transcript, before a step that takes a while."""
        if self.dialog is not None:
            self.dialog.setCancelButton(None)  # the file is read: what is left is quick and cannot stop halfway
            self.dialog.setLabelText(text)
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def close(self) -> None:
        """Take the dialog down."""
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None
            if self.parent is not None:  # window managers do this for a closed modal dialog; offscreen Qt does not
                self.parent.activateWindow()
