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
  transcript-reader convert IN -o OUT             write IN as OUT's format: .srt .vtt .json .md .txt
"""


def _open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcript-reader", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("transcript", nargs="?", type=Path, help="transcript file to open")
    parser.add_argument("media", nargs="?", type=Path, help="audio or video file to play with it")
    parser.add_argument("--demo", action="store_true", help="open the bundled sample talk and play it")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _parse_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="transcript-reader parse", description="Print the turns read from a transcript file.")
    parser.add_argument("file", type=Path, help="transcript file")
    parser.add_argument("--json", action="store_true", help="print JSON (the documented shape) instead of text")
    parser.add_argument("--format", help="read as this format instead of detecting it (e.g. event-page)")
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
    parser.add_argument("--format", help="read IN as this format instead of detecting it")
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
    return run(transcript, media, autoplay=args.demo)


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
    if argv and argv[0] == "convert":
        return cmd_convert(argv[1:])
    if argv and argv[0] == "open":
        argv = argv[1:]
    return cmd_open(argv)
