"""PDF export: the HTML export rendered by Qt's rich text into an A4 PDF, with no extra dependency."""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from reader.core.export import ExportOptions, export_notes
from reader.core.notes import NotesDocument
from reader.core.notes_store import atomic_write
from reader.core.transcript import Transcript

RESOLUTION_DPI = 300
# Qt's rich text lays out in points at the paint device's resolution; this is the body text size.
BODY_POINT_SIZE = 10.5

_app: QGuiApplication | None = None  # kept alive for the command line, which has no application


def ensure_gui_application() -> None:
    """Create a QGuiApplication when there is none (fonts need one); headless without a display."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    argv = [sys.argv[0] if sys.argv else "transcript-reader"]
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and "QT_QPA_PLATFORM" not in os.environ:
        argv += ["-platform", "offscreen"]
    _app = QGuiApplication(argv)


def render_pdf(html: str) -> bytes:
    """Return `html` laid out on A4 pages with 2 cm margins and page numbers, as PDF bytes."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Transcript Reader")
    # No margins on the writer: print() paginates a document that has no page size itself, with a 2 cm
    # margin and the page number at the foot of each page, laid out at the writer's resolution.
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    font = document.defaultFont()
    font.setPointSizeF(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setHtml(html)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def export_pdf(html: str, path: Path) -> None:
    """Write `html` as a PDF at `path`, atomically (a crash leaves the old file or the new one)."""
    atomic_write(Path(path), render_pdf(html))


def export_notes_pdf(transcript: Transcript, document: NotesDocument, options: ExportOptions, path: Path, *,
                     media_path: Path | str | None = None) -> None:
    """Write the notes export as a PDF at `path` (the HTML export without its player)."""
    html = export_notes(transcript, document, "html", replace(options, interactive=False), media_path=media_path,
                        output_path=path)
    export_pdf(html, path)
