"""Wait for a transcript parsed off the GUI thread, with a cancellable progress dialog for slow files."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog, QWidget

from reader.core.loading import TranscriptLoad
from reader.core.media import size_text
from reader.core.transcript import Transcript

# Under this a file opens without any dialog: it would only flash. The window stays responsive either way.
QUIET_WAIT_S = 0.05
# A file this big takes longer than that anyway: the dialog goes up at once.
QUIET_MAX_BYTES = 2 * 1024 * 1024
POLL_MS = 40

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


class LoadProgress:
    """Wait for a parse job, showing a LoadProgressDialog once it takes longer than a glance."""

    def __init__(self, job: TranscriptLoad, parent: QWidget | None) -> None:
        self.job = job
        self.parent = parent
        self.dialog: LoadProgressDialog | None = None

    def wait(self) -> Transcript:
        """Return the job's transcript; raise TranscriptError, or LoadCancelled if the user cancelled.

        The GUI keeps processing events throughout (the dialog is window-modal, so only it takes input).
        """
        job = self.job
        if not job.wait(QUIET_WAIT_S if job.size < QUIET_MAX_BYTES else 0):
            self.dialog = dialog = LoadProgressDialog(job, self.parent)
            loop = QEventLoop()
            timer = QTimer(dialog)
            timer.setInterval(POLL_MS)

            def poll() -> None:
                if job.done():
                    loop.quit()
                else:
                    dialog.refresh()

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
