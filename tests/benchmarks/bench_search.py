"""Find-as-you-type speed: what one keystroke in the find bar costs on a long generated transcript.

`bench_search(turn_count)` returns medians in ms (no asserts: machines are noisy). A keystroke is what
the find bar does: `SearchIndex.find`, the match at or after the reading position, and the matches of
the ~15 turns on screen (for painting). Run `python -m tests.benchmarks.bench_search [turns]`.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

from reader.core.search import SearchIndex
from reader.core.transcript import Turn

# A talk's vocabulary: frequent short words (so two-letter prefixes hit hundreds of thousands of times)
# and a tail of rarer ones, with the accents, typographic apostrophes and expansions (ß, …) that real
# transcripts carry, so the offset tables are exercised too.
VOCABULARY = (
    "the the the the and and and of of to to a a in in that that is is it it was was for on with as we "
    "you this they be at have not but what so there by from or one all would can about which when if their "
    "said will an more who them do out up then like just think people time know really right very model "
    "models data training research question answer reader record speaker transcript moment talk language "
    "learning because actually different important example problem system systems network networks results "
    "paper work team years world going something thing things little much well also first years café naïve "
    "résumé don’t it’s we’re Straße Zürich São Paulo München façade coöperate rôle…"
).split()
WEIGHTS = [1.0 / (rank + 8) for rank in range(len(VOCABULARY))]  # Zipf-like: common words dominate

# Incremental queries as typed, letter by letter, from the second letter (one letter is debounced longer).
TYPED = ["the", "model", "transcript", "research question", "don't", "strasse", "cafe"]
REGEXES = [r"\bmodel(s)?\b", r"learn\w*", r"[0-9]+"]
WHOLE_WORDS = ["the", "model", "it"]


def generate_turns(turn_count: int, seed: int = 7, *, ascii_only: bool = False) -> list[Turn]:
    """Return `turn_count` turns of 3-60 words each, about 3 s apart, three speakers."""
    rng = random.Random(seed)
    vocabulary = [w for w in VOCABULARY if w.isascii()] if ascii_only else VOCABULARY
    weights = WEIGHTS[:len(vocabulary)]
    turns = []
    for i in range(turn_count):
        words = rng.choices(vocabulary, weights, k=rng.randint(3, 60))
        words[0] = words[0].capitalize()
        turns.append(Turn(index=i, start=i * 3000, speaker=f"Speaker {'ABC'[i % 3]}", text=" ".join(words) + "."))
    return turns


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_search(turn_count: int) -> dict:
    """Return build times, per-keystroke medians per query kind and overall, and match counts, in ms."""
    turns = generate_turns(turn_count)
    start = time.perf_counter()
    index = SearchIndex(turns)
    build_ms = (time.perf_counter() - start) * 1000
    ascii_turns = generate_turns(turn_count, ascii_only=True)
    start = time.perf_counter()
    SearchIndex(ascii_turns)
    build_ascii_ms = (time.perf_counter() - start) * 1000
    del ascii_turns
    repeat = 3 if turn_count >= 10_000 else 5
    origin = turn_count // 2  # the reader is half-way through the talk

    def keystroke(query: str, **options: object) -> Callable[[], object]:
        def run() -> object:
            matches = index.find(query, **options)  # type: ignore[arg-type]
            current = matches.index_at_or_after(origin)
            if matches:
                matches[current % len(matches)]
            for row in range(origin, min(origin + 15, turn_count)):
                matches.in_turn(row)
            return matches
        return run

    per_query: dict[str, float] = {}
    counts: dict[str, int] = {}
    typed: list[float] = []
    for word in TYPED:
        for end in range(2, len(word) + 1):
            query = word[:end]
            ms = _median_ms(keystroke(query), repeat)
            typed.append(ms)
            per_query[query] = round(ms, 2)
            counts[query] = len(index.find(query))
    regex = {q: round(_median_ms(keystroke(q, regex=True), repeat), 2) for q in REGEXES}
    words = {q: round(_median_ms(keystroke(q, whole_word=True), repeat), 2) for q in WHOLE_WORDS}
    speakers = round(_median_ms(keystroke("model", speakers={"Speaker A"}), repeat), 2)
    single = round(_median_ms(keystroke("e"), repeat), 2)
    return {
        "turns": turn_count,
        "folded_mb": round(index.folded_chars / 2**20, 2),
        "build_ms": round(build_ms, 1),
        "build_ascii_only_ms": round(build_ascii_ms, 1),
        "keystroke_median_ms": round(statistics.median(typed), 2),
        "keystroke_max_ms": round(max(typed), 2),
        "keystroke_ms": per_query,
        "match_counts": counts,
        "regex_ms": regex,
        "whole_word_ms": words,
        "speaker_filter_ms": speakers,
        "one_letter_e_ms": single,
        "one_letter_e_truncated": index.find("e").truncated,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(bench_search(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000), indent=1, ensure_ascii=False))
