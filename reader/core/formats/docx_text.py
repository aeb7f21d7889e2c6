"""Word documents (.docx) as transcription services export them: the paragraphs' text, one per line.

Rev, Otter, Trint, HappyScribe and Descript write the same speaker and time conventions in their Word
exports as in their text ones (`Speaker 1 (00:00):`, `Name  0:05`, `[00:00:02.410] - Teacher`), so the
document's text is read by the text formats' detection. This module only turns the document into that text.
python-docx is imported when a document is read, so `parse` of text files runs without it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from reader.core.errors import NotATranscriptError, TranscriptError

# A .docx is a ZIP archive holding word/document.xml.
ZIP_MAGIC = b"PK\x03\x04"
DOCUMENT_PART = "word/document.xml"
# A week of hearings is a few MB of XML; a document part that inflates past this is a ZIP bomb, refused
# before python-docx (which inflates the whole part) sees it.
MAX_DOCUMENT_XML_BYTES = 200 * 1024 * 1024


def is_docx(data: bytes) -> bool:
    """Return whether `data` is a ZIP archive with a Word document part."""
    if not data.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCUMENT_PART in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def docx_to_text(data: bytes) -> str:
    """Return the text of the Word document `data`: each paragraph (and each table row) on its own line."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = archive.getinfo(DOCUMENT_PART).file_size
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise NotATranscriptError(f"not a transcript: a damaged Word document ({exc})") from None
    if size > MAX_DOCUMENT_XML_BYTES:
        raise TranscriptError(f"Word document is too large to be a transcript ({size // 2**20} MB of text)")
    try:
        import docx  # python-docx: only Word documents need it
    except ImportError:
        raise TranscriptError("reading Word documents needs python-docx (pip install python-docx)") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, ValueError, lxml's) for broken parts
        raise NotATranscriptError(f"not a transcript: a Word document python-docx cannot read ({exc})") from None
    return "\n".join(_lines(document))


def _lines(document: object) -> Iterator[str]:
    """Yield the body's paragraphs and table rows in document order, line breaks inside them kept."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            # `w:br` comes out as "\n" and `w:tab` as "\t" (Otter puts a tab between name and time).
            yield block.text.replace("\t", "  ")
        elif isinstance(block, Table):
            # Exporters that lay the transcript out as a table give one row per turn: time, speaker, text.
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = " ".join(cell.text.split())
                    if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                        cells.append(text)
                yield "  ".join(cells)
