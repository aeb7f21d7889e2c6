"""Command line: `transcript-reader [TRANSCRIPT [MEDIA]]` opens the window; `parse` prints a transcript."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.core.errors import TranscriptError

SUBCOMMANDS = ("parse", "open")

DESCRIPTION = """\
Read a talk's transcript beside its recording: the spoken turn is highlighted as it plays, a click on a
turn seeks there.

commands:
  transcript-reader [open] [TRANSCRIPT [MEDIA]]   open the window (MEDIA defaults to a file beside
                                                  TRANSCRIPT with the same name and a media extension)
  transcript-reader --demo                        open the bundled sample talk and play it
  transcript-reader parse FILE [--json]           print what was read from FILE (no Qt needed)
  transcript-reader convert IN -o OUT             write IN as OUT's format: {targets}
  transcript-reader export TRANSCRIPT -f FORMAT [-o OUT]
                                                  export the bookmarks and highlights of TRANSCRIPT
                                                  ({exports})
  transcript-reader formats [--markdown]          list the formats read and written
  transcript-reader align TRANSCRIPT [MEDIA] [-o words.json|words.vtt]
                                                  time every word in the recording (offline), no Qt
"""


def _description() -> str:
    """Return the window command's help, its lists of formats taken from the registries."""
    from reader.core.convert import TARGETS
    from reader.core.export import EXPORT_FORMATS

    return DESCRIPTION.format(targets=" ".join(f".{target}" for target in TARGETS),
                              exports=", ".join(fmt.name for fmt in EXPORT_FORMATS))


def _format_option(parser: argparse.ArgumentParser, what: str) -> None:
    """Add `--format NAME` (one of the registered transcript formats) to `parser`."""
    from reader.core.formats import FORMATS

    parser.add_argument("--format", choices=list(FORMATS), metavar="NAME",
                        help=f"{what} as this format instead of detecting it: {', '.join(FORMATS)}")


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcript-reader", description=_description(), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("transcript", nargs="?", type=Path, help="transcript file to open")
    parser.add_argument("media", nargs="?", type=Path, help="audio or video file to play with it")
    parser.add_argument("--demo", action="store_true", help="open the bundled sample talk and play it")
    parser.add_argument("--player", choices=("vlc", "qt"),
                        help="play with VLC (libvlc) or Qt Multimedia first (default: the setting, else VLC "
                             "when it loads, else Qt Multimedia)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _parse_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcript-reader parse", description="Print the turns read from a transcript file.")
    parser.add_argument("file", type=Path, help="transcript file")
    parser.add_argument("--json", action="store_true", help="print JSON (the documented shape) instead of text")
    _format_option(parser, "read FILE")
    return parser


def cmd_parse(argv: Sequence[str]) -> int:
    """Print the transcript in a file as JSON or text; exit 2 with one line on stderr if unreadable."""
    args = _parse_parser().parse_args(argv)
    from reader.core.formats import parse_file

    try:
        transcript = parse_file(args.file, format=args.format)
    except TranscriptError as exc:
        print(f"transcript-reader: {exc}", file=sys.stderr)
        return 2
    if args.json:
        json.dump(transcript.to_json_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    from reader.core.timecode import ms_to_clock

    print(f"{args.file}: {transcript.format}, {len(transcript.turns)} turns, title: {transcript.title or '-'}")
    for turn in transcript.turns:
        print(f"[{ms_to_clock(turn.start)}] {turn.speaker or '-'}: {turn.text}")
    for warning in transcript.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_convert(argv: Sequence[str]) -> int:
    """Write a transcript in another format; exit 2 with one line on stderr when that is impossible."""
    from reader.core.convert import TARGETS, convert
    from reader.core.formats import parse_file

    parser = argparse.ArgumentParser(prog="transcript-reader convert",
                                     description="Write a transcript in another format.")
    parser.add_argument("file", type=Path, help="transcript to read")
    parser.add_argument("-o", "--output", type=Path, required=True, help="file to write (format from its extension)")
    parser.add_argument("--to", choices=TARGETS, help="format to write, when the extension does not say")
    _format_option(parser, "read IN")
    parser.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    args = parser.parse_args(argv)
    target = args.to or args.output.suffix.lower().lstrip(".")
    if target not in TARGETS:
        print(f"transcript-reader: {args.output}: cannot tell the format to write; use --to "
              f"({', '.join(TARGETS)})", file=sys.stderr)
        return 2
    if args.output.exists() and not args.force:
        print(f"transcript-reader: {args.output}: exists; use --force to replace it", file=sys.stderr)
        return 2
    try:
        transcript = parse_file(args.file, format=args.format)
    except TranscriptError as exc:
        print(f"transcript-reader: {exc}", file=sys.stderr)
        return 2
    from reader.core.notes_store import atomic_write

    try:
        atomic_write(args.output, convert(transcript, target).encode("utf-8"))
    except OSError as exc:
        print(f"transcript-reader: {args.output}: cannot write ({exc.strerror or exc})", file=sys.stderr)
        return 2
    print(f"{args.output}: {len(transcript.turns)} turns written as {target}")
    return 0


def cmd_export(argv: Sequence[str]) -> int:
    """Export a transcript's notes; exit 1 when there is nothing to export, 2 when it cannot be done."""
    from reader.core.export import ALIASES, EXPORT_FORMATS, ExportOptions, export_notes, resolve_items, shows_words
    from reader.core.export.common import GROUPS
    from reader.core.formats import parse_file
    from reader.core.media import find_media_beside
    from reader.core.notes import COLOURS, KINDS, NotesFormatError
    from reader.core.notes_store import atomic_write, bad_items_text, notes_path_for, read_notes, refusal

    parser = argparse.ArgumentParser(prog="transcript-reader export",
                                     description="Export the bookmarks and highlights of a transcript.")
    parser.add_argument("transcript", type=Path, help="the transcript whose notes to export")
    names = [fmt.name for fmt in EXPORT_FORMATS]

    def which(option: str) -> str:
        return ", ".join(fmt.name for fmt in EXPORT_FORMATS if option in fmt.options)

    parser.add_argument("-f", "--format", default="markdown", type=str.lower, choices=[*names, *ALIASES],
                        metavar="FORMAT", help=f"{', '.join(names)} (also {', '.join(ALIASES)}); default markdown")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output; PDF needs -o)")
    parser.add_argument("--notes", type=Path, help="the notes file (default: the one the app keeps for it)")
    parser.add_argument("--kind", action="append", choices=KINDS, help="only this kind (repeatable)")
    parser.add_argument("--colour", "--color", action="append", choices=COLOURS, help="only highlights of this colour")
    parser.add_argument("--context", action="store_true", help="quote the whole turn around each highlight")
    parser.add_argument("--group-by", choices=GROUPS, help="group items by speaker or colour")
    parser.add_argument("--whole-transcript", action="store_true",
                        help=f"write the whole transcript with the highlights marked ({which('whole_transcript')})")
    parser.add_argument("--interactive", action="store_true",
                        help=f"a player and clickable times ({which('interactive')})")
    parser.add_argument("--force", action="store_true", help="replace OUTPUT if it exists")
    args = parser.parse_args(argv)

    def fail(message: str, status: int = 2) -> int:
        print(f"transcript-reader: {message}", file=sys.stderr)
        return status

    pdf = args.format == "pdf"
    if pdf and args.output is None:
        return fail("a PDF export needs -o FILE.pdf")
    if args.output is not None and args.output.exists() and not args.force:
        return fail(f"{args.output}: exists; use --force to replace it")
    try:
        transcript = parse_file(args.transcript)
    except TranscriptError as exc:
        return fail(str(exc))
    notes_path = args.notes or notes_path_for(args.transcript)
    bad: list[str] = []
    try:
        # Read, never repair: an export must not move a damaged notes file aside as the app does.
        document = read_notes(notes_path, bad)
    except FileNotFoundError:
        return fail(f"{notes_path}: no notes yet for {args.transcript.name} (bookmark or highlight in the app)", 1)
    except OSError as exc:  # a FIFO, a device, too large, no permission: one line, never a hang
        return fail(refusal(notes_path, exc))
    except NotesFormatError as exc:
        return fail(f"{notes_path}: cannot read the notes ({exc})")
    if bad:  # one bad item must not hide every note: export the others, and say so
        print(f"transcript-reader: warning: {notes_path}: {bad_items_text(bad, len(document.items))}; exporting the "
              "others", file=sys.stderr)
    try:
        options = ExportOptions(kinds=set(args.kind or KINDS), colours=set(args.colour) if args.colour else None,
                                context=args.context, group_by=args.group_by,
                                whole_transcript=args.whole_transcript, interactive=args.interactive)
    except ValueError as exc:
        return fail(str(exc))
    if not resolve_items(transcript, document, options):
        return fail(f"{notes_path}: no bookmarks or highlights match these options", 1)
    media = Path(document.media_path) if document.media_path else find_media_beside(args.transcript)
    try:
        if pdf:
            from reader.qt.pdf_export import export_notes_pdf

            export_notes_pdf(transcript, document, options, args.output, media_path=media)
            print(f"{args.output}: written")
            return 0
        words = None
        if media is not None and shows_words(args.format, options):  # every word seeks, when it was aligned
            from reader.core.align.cache import load_alignment

            words = load_alignment(transcript.turns, media)
        text = export_notes(transcript, document, args.format, options, media_path=media, output_path=args.output,
                            words=words)
    except ValueError as exc:
        return fail(str(exc))
    if args.output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        return 0
    try:
        atomic_write(args.output, text.encode("utf-8"))
    except OSError as exc:
        return fail(f"{args.output}: cannot write ({exc.strerror or exc})")
    print(f"{args.output}: written")
    return 0


def _vtt_time(ms: int) -> str:
    """Return a WebVTT timestamp (HH:MM:SS.mmm)."""
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def words_vtt(transcript: object, alignment: object) -> str:
    """Return WebVTT with one cue per turn and each word's start as an inline timestamp (karaoke style)."""
    lines = ["WEBVTT", ""]
    for turn in transcript.turns:  # type: ignore[attr-defined]
        words = alignment.turn_words(turn.index)  # type: ignore[attr-defined]
        if not words:
            continue
        end = max(words[-1].end_ms, words[-1].start_ms + 1)
        parts = []
        for position, word in enumerate(words):
            text = word.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(text if position == 0 else f"<{_vtt_time(word.start_ms)}>{text}")
        voice = f"<v {turn.speaker}>" if turn.speaker else ""
        lines += [f"{_vtt_time(words[0].start_ms)} --> {_vtt_time(end)}", voice + " ".join(parts), ""]
    return "\n".join(lines)


def cmd_align(argv: Sequence[str]) -> int:
    """Time every word of a transcript in its recording; exit 1 when nothing could be aligned, 2 on bad input."""
    from reader.core.align import METHODS

    parser = argparse.ArgumentParser(prog="transcript-reader align",
                                     description="Find when every word of a transcript is said in its recording "
                                                 "(offline forced alignment) and the sync that follows from it.")
    parser.add_argument("transcript", type=Path, help="the transcript (any format the app reads)")
    parser.add_argument("media", nargs="?", type=Path, help="the recording (default: the file beside it)")
    parser.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    parser.add_argument("--format", dest="out_format", choices=("json", "vtt"), default=None,
                        help="json (default) or vtt (WebVTT with inline word times); else from -o's extension")
    parser.add_argument("--method", choices=METHODS, default="auto",
                        help="pocketsphinx (English), vad (speech detection), estimate (text length); default auto")
    parser.add_argument("--language", help="the transcript's language (default: English when its words are)")
    parser.add_argument("--no-cache", action="store_true", help="align again even when a result is cached")
    from reader.core.formats import FORMATS

    # --format names the output here (as the issue's `--format vtt`), so the transcript's is spelt out.
    parser.add_argument("--transcript-format", choices=list(FORMATS), metavar="NAME",
                        help=f"read TRANSCRIPT as this format instead of detecting it: {', '.join(FORMATS)}")
    args = parser.parse_args(argv)

    def fail(message: str, status: int) -> int:
        print(f"transcript-reader: {message}", file=sys.stderr)
        return status

    from reader.core.align import AlignError, AudioError, cached_alignment, sync_from_alignment
    from reader.core.align.runner import align_media, choose_method
    from reader.core.formats import parse_file
    from reader.core.media import find_media_beside

    try:
        transcript = parse_file(args.transcript, format=args.transcript_format)
    except TranscriptError as exc:
        return fail(str(exc), 2)
    media = args.media or find_media_beside(args.transcript)
    if media is None or not media.exists():
        return fail(f"{args.media or args.transcript}: no recording found; give it as MEDIA", 2)
    out_format = args.out_format or ("vtt" if args.output and args.output.suffix.lower() == ".vtt" else "json")
    method = choose_method(transcript.turns, args.language)[1] if args.method == "auto" else args.method
    print(f"aligning {len(transcript.turns)} turns with {method}", file=sys.stderr)

    def progress(done: int, total: int) -> None:
        print(f"\raligned {done}/{total} turns", end="", file=sys.stderr, flush=True)

    try:
        if args.no_cache:
            alignment = align_media(transcript.turns, media, method=args.method, language=args.language,
                                    progress=progress)
        else:
            alignment, cached = cached_alignment(transcript.turns, media, method=args.method, language=args.language,
                                                 progress=progress)
            if cached:
                print("\n(from the cache)", end="", file=sys.stderr)
    except (AudioError, AlignError) as exc:
        print(file=sys.stderr)
        return fail(f"nothing aligned: {exc}", 1)
    print(file=sys.stderr)
    if not alignment.words or (alignment.method == "pocketsphinx" and alignment.aligned == 0):
        return fail(f"nothing aligned: no word of {args.transcript.name} was heard in {media.name}", 1)
    counts = ", ".join(f"{n} {how}" for how, n in alignment.counts.items() if n)
    print(f"{len(alignment.words)} words: {counts}", file=sys.stderr)
    fit = sync_from_alignment(transcript.turns, alignment)
    if out_format == "vtt":
        text = words_vtt(transcript, alignment)
    else:
        data = {
            "method": alignment.method,
            "words": [{"text": w.text, "start": w.start_ms / 1000, "end": w.end_ms / 1000, "turn": w.turn,
                       "confidence": w.confidence, "how": w.how, "char_start": w.char_start, "char_end": w.char_end}
                      for w in alignment.words],
            "counts": alignment.counts,
            "pronunciations": alignment.pronunciations,
            "turns": [{"turn": i, "heard_start": None if s is None else s / 1000, "confidence": c}
                      for i, (s, c) in enumerate(zip(alignment.turn_starts, alignment.turn_confidence, strict=True))],
            "sync": fit.to_json() if fit is not None else None,
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from reader.core.notes_store import atomic_write

    try:
        atomic_write(args.output, text.encode("utf-8"))
    except OSError as exc:
        return fail(f"{args.output}: cannot write ({exc.strerror or exc})", 2)
    print(f"{args.output}: written", file=sys.stderr)
    return 0


def formats_read_table() -> str:
    """Return the README's Markdown table of the transcript formats, made from the formats registry."""
    from reader.core.formats import FORMATS

    rows = ["| format (`--format`) | name | files | what it looks like |", "|---|---|---|---|"]
    rows += [f"| `{name}` | {module.LABEL} | {' '.join(module.EXTENSIONS)} | {module.SUMMARY} |"
             for name, module in FORMATS.items()]
    return "\n".join(rows) + "\n"


def formats_written_table() -> str:
    """Return the README's Markdown table of the export formats, made from the export registry."""
    from reader.core.export import EXPORT_FORMATS, EXPORTERS, OPTIONS

    rows = ["| format (`-f`) | name | file | options it uses |", "|---|---|---|---|"]
    for fmt in EXPORT_FORMATS:
        names = ", ".join(f"`{name}`" for name in (fmt.name, *fmt.aliases))
        options = ", ".join(words for option, words in OPTIONS.items() if option in fmt.options)
        printed = f" (the {EXPORTERS[fmt.prints].label}, printed)" if fmt.prints else ""
        rows.append(f"| {names} | {fmt.label}{printed} | .{fmt.extension} | {options} |")
    return "\n".join(rows) + "\n"


def cmd_formats(argv: Sequence[str]) -> int:
    """List the formats read and written, as text or as the README's Markdown tables."""
    parser = argparse.ArgumentParser(prog="transcript-reader formats",
                                     description="List the transcript formats read and the export formats.")
    parser.add_argument("--markdown", action="store_true", help="print the README's tables")
    args = parser.parse_args(argv)
    if args.markdown:
        print(formats_read_table())
        print(formats_written_table(), end="")
        return 0
    from reader.core.export import EXPORT_FORMATS
    from reader.core.formats import FORMATS

    print("Transcripts read (detected, or `parse --format NAME`):")
    for name, module in FORMATS.items():
        print(f"  {name:<18} {module.LABEL:<32} {' '.join(module.EXTENSIONS)}")
    print("Exports (`export -f NAME`):")
    for fmt in EXPORT_FORMATS:
        print(f"  {fmt.name:<18} {fmt.label:<32} .{fmt.extension}")
    return 0


def cmd_open(argv: Sequence[str]) -> int:
    """Open the window."""
    args = _open_parser().parse_args(argv)
    transcript, media = args.transcript, args.media
    if args.demo:
        from reader.resources import sample_media, sample_transcript

        transcript, media = sample_transcript(), sample_media()
    for path in (transcript, media):
        if path is not None and not path.exists():
            print(f"transcript-reader: {path}: file not found", file=sys.stderr)
            return 2
    if transcript is not None and media is None and _is_media(transcript):
        transcript, media = None, transcript
    try:
        from reader.qt.app import run
    except ImportError as exc:
        print(f"transcript-reader: the window needs PySide6 ({exc}); `parse` works without it", file=sys.stderr)
        return 2
    return run(transcript, media, autoplay=args.demo, player_name=args.player)


def _is_media(path: Path) -> bool:
    from reader.core.media import is_media_file

    return is_media_file(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        try:
            return cmd_parse(argv[1:])
        except BrokenPipeError:  # `parse FILE | head`: the reader of our output left, which is fine
            sys.stderr.close()
            return 0
    if argv and argv[0] == "export":
        return cmd_export(argv[1:])
    if argv and argv[0] == "convert":
        return cmd_convert(argv[1:])
    if argv and argv[0] == "formats":
        return cmd_formats(argv[1:])
    if argv and argv[0] == "align":
        return cmd_align(argv[1:])
    if argv and argv[0] == "open":
        argv = argv[1:]
    return cmd_open(argv)
