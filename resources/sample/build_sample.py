#!/usr/bin/env python3
"""Rebuild the bundled sample talk (talk.txt + talk.mp4) from the dialogue defined below."""

from __future__ import annotations

import array
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TXT_OUT = HERE / "talk.txt"
MP4_OUT = HERE / "talk.mp4"

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
WIDTH, HEIGHT, FPS = 320, 180, 25
BACKGROUND = "0x20242c"
SAMPLE_RATE_OUT = 48000  # AAC output rate; espeak-ng itself renders at 22050 Hz
AUDIO_BITRATE = "56k"

FIRST_START = 2  # seconds: the first turn starts here
MIN_GAP = 0.4  # seconds of silence after each utterance before the next turn may start
TAIL = 2.0  # seconds of silence after the last utterance
ONSET_THRESHOLD = 64  # |sample| (16-bit) below which leading/trailing espeak output counts as silence
TAIL_KEEP = 0.03  # seconds kept after the last sample above the threshold (soft release)

TITLE = "Reading the Record: How Researchers Work With Recorded Interviews"


@dataclass(frozen=True)
class Speaker:
    """One panelist: name, espeak-ng voice settings, overlay colour and page bio."""

    name: str
    voice: str
    pitch: int
    speed: int
    colour: str
    title: str
    bio: str


MAYA = Speaker(
    name="Maya Lindqvist",
    voice="en-gb+f3",
    pitch=58,
    speed=160,
    colour="0xf2c14e",
    title="Senior Lecturer in Oral History @ Norrland University",
    bio=(
        "Maya Lindqvist teaches oral history and archival methods. She has spent fifteen years "
        "recording interviews with retired dock workers along the Baltic coast and now runs a "
        "seminar on turning raw recordings into citable sources."
    ),
)
TOMAS = Speaker(
    name="Tomás Okafor",
    voice="en-us+m3",
    pitch=38,
    speed=155,
    colour="0x5fb3f0",
    title="Field Researcher @ Lagos Sound Archive",
    bio=(
        "Tomás Okafor is an ethnographer who records long-form interviews with musicians and "
        "market traders. His best-known lecture on field recording has a famous moment at (12:18) "
        "in the published video, where the tape runs out mid-answer; he still plays that clip to "
        "every new student as an argument for backups."
    ),
)
PRIYA = Speaker(
    name="Priya Raman",
    voice="en-us+f4",
    pitch=72,
    speed=168,
    colour="0x7bd88f",
    title="Research Software Engineer @ Open Transcripts Lab",
    bio=(
        "Priya Raman (she/her) builds tools for searching and annotating interview transcripts. "
        "Before that she worked as a court reporter, which taught her that a quote without a time "
        "and a speaker is only a rumour."
    ),
)
SPEAKERS: tuple[Speaker, ...] = (MAYA, TOMAS, PRIYA)

SUMMARY = (
    "In this short panel, oral historian Maya Lindqvist talks with field researcher Tomás Okafor and "
    "research engineer Priya Raman about working with recorded interviews: why timestamps are the "
    "spine of a transcript, how to take notes you can find again, and how to quote a speaker "
    "accurately. They close with what they’d want from a tool that shows the transcript beside the "
    "recording."
)

DIALOGUE: tuple[tuple[Speaker, str], ...] = (
    (MAYA, "Welcome, everyone. Today we're talking about how researchers work with recorded interviews. "
           "I'm joined by Tomás Okafor and Priya Raman."),
    (TOMAS, "Thanks, Maya. Glad to be here."),
    (PRIYA, "Thank you for having us."),
    (MAYA, "Tomás, let's start simple. Why not just listen to the recording?"),
    (TOMAS, "Because listening is linear and memory is not. A transcript lets you skim, search and "
            "compare, but it only helps if every line can take you back to the exact moment it was said."),
    (PRIYA, "Exactly."),
    (MAYA, "So the timestamps matter."),
    (PRIYA, "They are the spine of the transcript. If they drift by even ten seconds, every quote you "
            "pull drifts with them."),
    (MAYA, "How do you take notes while you listen?"),
    (PRIYA, "Transcript on one side, notes on the other. Every note starts with the time, so I can jump "
            "straight back and hear the tone, not just the words."),
    (TOMAS, "Tone is what a transcript loses. A pause, a laugh, a long breath before an answer."),
    (MAYA, "Does anyone still work from paper?"),
    (TOMAS, "Some of my students print everything. I don't mind, as long as the margins carry times."),
    (MAYA, "Let's talk about quoting."),
    (PRIYA, "The rule I teach is simple. Quote what was said, not what you wish was said. If you trim a "
            "sentence, mark the cut, and always go back to the audio before you publish, because "
            "automatic transcripts sound confident even when they are wrong, and a confident wrong word "
            "is the hardest mistake to notice."),
    (TOMAS, "And keep the speaker attached to the quote."),
    (MAYA, "Why is that harder than it sounds?"),
    (TOMAS, "Interviews overlap. People interrupt and finish each other's sentences. A careless "
            "transcript gives one person's idea to the wrong voice."),
    (PRIYA, "Right."),
    (MAYA, "What would you want from a tool that shows the transcript beside the recording?"),
    (PRIYA, "Follow along while it plays, highlight the turn being spoken, and let me click any line "
            "to hear it."),
    (TOMAS, "Bookmarks and notes that survive closing the window. And an export I can paste into a "
            "draft."),
    (MAYA, "Any last advice?"),
    (TOMAS, "Listen twice. Once for content, once for voice."),
    (PRIYA, "And write down the time before you write down the thought."),
    (MAYA, "Thank you both, and thanks to everyone for listening."),
)


def require_tools() -> None:
    """Exit with a clear message if espeak-ng or ffmpeg is not on PATH."""
    missing = [tool for tool in ("espeak-ng", "ffmpeg") if shutil.which(tool) is None]
    if missing:
        sys.exit(
            f"build_sample.py: missing required tool(s): {', '.join(missing)}. "
            "Install them (Debian/Ubuntu: apt-get install espeak-ng ffmpeg) and run again."
        )


def run(cmd: list[str], stdin: str | None = None) -> None:
    """Run a command, failing loudly with its stderr if it does not succeed."""
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")


def synthesize(speaker: Speaker, text: str, path: Path) -> tuple[int, array.array]:
    """Render one turn with espeak-ng and return (sample rate, samples trimmed of silence)."""
    run(
        ["espeak-ng", "-v", speaker.voice, "-p", str(speaker.pitch), "-s", str(speaker.speed),
         "-w", str(path), "--stdin"],
        stdin=text,
    )
    with wave.open(str(path), "rb") as wav:
        if wav.getnchannels() != 1 or wav.getsampwidth() != 2:
            sys.exit(f"unexpected espeak-ng output format in {path}")
        rate = wav.getframerate()
        samples = array.array("h", wav.readframes(wav.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    loud = [i for i, value in enumerate(samples) if abs(value) > ONSET_THRESHOLD]
    if not loud:
        sys.exit(f"espeak-ng produced silence for: {text!r}")
    end = min(len(samples), loud[-1] + 1 + int(TAIL_KEEP * rate))
    return rate, samples[loud[0]:end]


def build_audio(workdir: Path) -> tuple[list[int], float, Path]:
    """Synthesize every turn and lay them out on whole-second starts; return starts, duration, wav."""
    rate = 0
    clips: list[array.array] = []
    for index, (speaker, text) in enumerate(DIALOGUE):
        clip_rate, clip = synthesize(speaker, text, workdir / f"turn{index:02d}.wav")
        if rate and clip_rate != rate:
            sys.exit("espeak-ng changed its sample rate between turns")
        rate = clip_rate
        clips.append(clip)

    starts: list[int] = []
    cursor = float(FIRST_START)
    for clip in clips:
        start = math.ceil(cursor - 1e-9)
        starts.append(start)
        cursor = start + len(clip) / rate + MIN_GAP
    total_seconds = math.ceil(starts[-1] + len(clips[-1]) / rate + TAIL)

    track = array.array("h", bytes(2 * total_seconds * rate))
    for start, clip in zip(starts, clips, strict=True):
        offset = start * rate
        track[offset:offset + len(clip)] = clip
    if sys.byteorder == "big":
        track.byteswap()

    wav_path = workdir / "track.wav"
    with wave.open(str(wav_path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(track.tobytes())
    return starts, float(total_seconds), wav_path


def stamp(seconds: int) -> str:
    """Format whole seconds as the transcript's MM:SS stamp."""
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def transcript_text(starts: list[int]) -> str:
    """Render the transcript as a scraped event page, chrome included."""
    menu = ["  • Home", "  • Events", "  • Learn", "  • Help"]
    lines = ["timezone", "+00:00 GMT", "SIGN IN", *menu, "Sign In", *menu]
    lines += ["go back", "see all videos", "go back", "SEE ALL VIDEOS", "play", TITLE]
    lines += ["Posted Mar 14 | Views 2.3K", "# Methods Forum 2024", "# Panel Discussion", "Share", "SPEAKERS"]
    for speaker in SPEAKERS:
        lines += [speaker.name] * 3
        lines += [speaker.title, "", speaker.bio, "", "+ Read More", "", speaker.bio, "", "+ Read More"]
    lines += ["SUMMARY", "", SUMMARY, "", "+ Read More", "TRANSCRIPT", ""]
    for start, (speaker, text) in zip(starts, DIALOGUE, strict=True):
        lines += [f"{speaker.name} ({stamp(start)}): {text}", ""]
    lines += ["+ Read More", "Terms of Use", "Privacy Policy", "Powered by"]
    return "\n".join(lines) + "\n"


def escape(text: str, specials: str) -> str:
    """Backslash-escape backslashes and the given special characters (ffmpeg av_get_token rules)."""
    out = text.replace("\\", "\\\\")
    for char in specials:
        out = out.replace(char, "\\" + char)
    return out


def option_value(value: str) -> str:
    """Escape an already option-level filter value for the filtergraph level."""
    return escape(value, "'[],;")


def literal_text(text: str) -> str:
    """Escape literal drawtext text for expansion, option and filtergraph levels."""
    return option_value(escape(text.replace("%", "%%"), "':"))


def drawtext(text: str, size: int, colour: str, x: str, y: str, enable: str | None = None) -> str:
    """Build one drawtext filter; text must already be escaped with literal_text/option_value."""
    parts = [
        f"fontfile={option_value(escape(FONT, chr(39) + ':'))}",
        f"text={text}",
        f"fontsize={size}",
        f"fontcolor={colour}",
        f"x={option_value(x)}",
        f"y={option_value(y)}",
    ]
    if enable is not None:
        parts.append(f"enable={option_value(enable)}")
    return "drawtext=" + ":".join(parts)


def video_filter(starts: list[int], total_seconds: float) -> str:
    """Build the overlay: running clock, frame number, and the current speaker and turn."""
    # The clock is computed from the frame number n so it is exact at 25 fps (no float rounding).
    clock = (
        rf"%{{eif\:floor(n/{60 * FPS})\:d\:2}}\:"
        rf"%{{eif\:mod(floor(n/{FPS}),60)\:d\:2}}."
        rf"%{{eif\:mod(n,{FPS})*{1000 // FPS}\:d\:3}}"
    )
    filters = [
        drawtext(option_value(clock), 34, "white", "(w-text_w)/2", "(h-text_h)/2+10"),
        drawtext(option_value(r"frame %{frame_num}"), 11, "0x8a93a6", "w-text_w-8", "h-text_h-7"),
        drawtext(literal_text("sample talk, 25 fps"), 11, "0x8a93a6", "8", "h-text_h-7"),
        drawtext(literal_text("before first turn"), 15, "0x8a93a6", "(w-text_w)/2", "16",
                 enable=f"lt(n,{starts[0] * FPS})"),
    ]
    last_frame = round(total_seconds * FPS)
    for index, (start, (speaker, _text)) in enumerate(zip(starts, DIALOGUE, strict=True)):
        end_frame = starts[index + 1] * FPS - 1 if index + 1 < len(starts) else last_frame
        enable = f"between(n,{start * FPS},{end_frame})"
        filters.append(
            f"drawbox=x=0:y=0:w=iw:h=5:color={speaker.colour}:t=fill:enable={option_value(enable)}"
        )
        filters.append(drawtext(literal_text(speaker.name), 18, speaker.colour, "(w-text_w)/2", "14",
                                enable=enable))
        filters.append(drawtext(literal_text(f"turn {index + 1}  ({stamp(start)})"), 13, speaker.colour,
                                "(w-text_w)/2", "38", enable=enable))
    return ",".join(filters)


def build_video(starts: list[int], total_seconds: float, wav_path: Path) -> None:
    """Encode talk.mp4: dark background with the burned-in overlay, plus the assembled speech."""
    run([
        "ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c={BACKGROUND}:s={WIDTH}x{HEIGHT}:r={FPS}:d={total_seconds:g}",
        "-i", str(wav_path),
        "-map", "0:v", "-map", "1:a",
        "-vf", video_filter(starts, total_seconds),
        "-c:v", "libx264", "-preset", "medium", "-crf", "26", "-pix_fmt", "yuv420p", "-r", str(FPS),
        "-g", str(FPS), "-threads", "1",
        "-c:a", "aac", "-b:a", AUDIO_BITRATE, "-ac", "1", "-ar", str(SAMPLE_RATE_OUT),
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        "-map_metadata", "-1", "-movflags", "+faststart",
        "-t", f"{total_seconds:g}",
        str(MP4_OUT),
    ])


def main() -> None:
    """Rebuild talk.txt and talk.mp4 next to this script and report what was made."""
    require_tools()
    with tempfile.TemporaryDirectory(prefix="sample-talk-") as tmp:
        starts, total_seconds, wav_path = build_audio(Path(tmp))
        TXT_OUT.write_text(transcript_text(starts), encoding="utf-8")
        build_video(starts, total_seconds, wav_path)

    print(f"{len(DIALOGUE)} turns, duration {total_seconds:g} s")
    for index, (start, (speaker, _text)) in enumerate(zip(starts, DIALOGUE, strict=True)):
        print(f"  turn {index + 1:2d}  {stamp(start)}  ({start:3d} s)  {speaker.name}")
    for path in (TXT_OUT, MP4_OUT):
        print(f"{path.name}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
