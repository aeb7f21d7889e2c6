"""Find in the transcript: case- and accent-insensitive search over every turn, and go-to-time parsing.

Text is folded one character at a time (NFKD, combining marks dropped, casefold, recomposed), so a query
folds exactly like the text it should find. Folding can change lengths ("ß" -> "ss", "ﬁ" -> "fi", "…" ->
"...", a combining accent -> ""), so each turn whose folded text is not one character per original
character keeps a table from folded offsets back to original ones; matches are always reported in
original offsets (Python string indices: code points; Qt's text layout counts UTF-16 units, so an emoji
before a match shifts it by one there).

Speed: the folded turns are joined into one string (turns separated by "\n") with a table of where each
turn starts, and searching is C-level `str.count` / `str.find` / compiled-regex scanning over that string.
Turning 100,000 hits into Python tuples costs more than the 30 ms a keystroke may take, so `find` counts
per block of turns in C and returns a lazy `Matches` sequence that works out the hits of a block only when
they are asked for (painting the visible turns, stepping to the next hit, the timeline's ticks).

A match must begin and end on original character boundaries: "s" does not match half of "ß" (but "ss"
matches all of it), so the original text of every match folds to exactly the folded query and painting
never cuts a character in two.

A pattern the user types may backtrack without end ("(a+)+$", "(.*a){20}"): `re` cannot be stopped, and
the search runs on the GUI thread, so user patterns are run by the `regex` module (compatible with `re` in
its default VERSION0 mode) with a time limit, and a search that exceeds it raises SearchTimeout. They are
still checked by `re`, so what is accepted, and the error messages, are `re`'s. Two differences remain,
both rare in folded text: to `regex`, the marks that folding keeps (Indic vowel signs) and connector
punctuation are word characters too (for \\w and \\b), and the separators U+001C-U+001F are no space (\\s).
Our own patterns stay on `re`: they are escaped literals that cannot backtrack.
"""

from __future__ import annotations

import re
import time
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, overload

import regex

if TYPE_CHECKING:
    from reader.core.transcript import Turn

Match = tuple[int, int, int]
"""(turn index, start, end): a hit in the original text of a turn, as Python string offsets."""

MAX_MATCHES = 100_000
BLOCK_CHARS = 16_384  # turns are counted in blocks of about this much folded text
FREQUENT_WORD_HITS = 20_000  # above this many (estimated) occurrences, whole words are counted in C
SEPARATOR = "\n"

# Letters that have no decomposition but that people type without their stroke or dot, and punctuation
# that transcription services write typographically ("don’t") while people type it plainly ("don't").
_EXTRA_FOLDS = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ħ": "h",
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "′": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-",
})
# Invisible characters that should neither block nor be needed for a match (soft hyphen, zero-width
# space, word joiner, byte-order mark, emoji/text presentation selectors).
_IGNORABLE = frozenset("\u00ad\u200b\u2060\ufeff\ufe0e\ufe0f")

_FOLD_CACHE: dict[str, str] = {}
RGX_NON_ASCII = re.compile(r"[^\x00-\x7f]")

# How long a user's pattern may search, in seconds of wall time, before it is stopped. The search runs on
# the GUI thread at each pause in typing, so this is the longest one keystroke can stall the window: felt,
# but no hang. Ordinary patterns stay below it even at the 50,000 turns (7 MB) of bench_search.py in
# tests/benchmarks: \bmodel(s)?\b and ^the take 55 ms there, a search that reaches the 100,000-match cap
# ("e", \w+, \s+) 220-290 ms (180-280 ms with `re`), [aeiou]{3} 350 ms; on a talk of 2,000 turns they take
# 2-60 ms. A quarter of a second would refuse those 100,000-match searches on the longest transcripts. A
# pattern that rescans every word to its end (\w+ing\b: 1.35 s at 50,000 turns) runs when the user asks
# for it with Enter, for up to PATIENT_REGEX_BUDGET_S.
REGEX_BUDGET_S = 0.5
PATIENT_REGEX_BUDGET_S = 2.0
# `regex` writes out the minimum count of every repeat when it compiles a pattern, and compiling is not
# covered by the time limit: (?:a{1000}){1000} takes 0.5 s, a{4294967294} never ends (`re` compiles both
# at once). Ten thousand items compile in under 10 ms, and no search needs as many.
MAX_UNROLLED = 10_000
TOO_SLOW = "Pattern too slow to search: simplify it"


class SearchError(ValueError):
    """A query that cannot be searched (an invalid regular expression); the message is for the user."""


class SearchTimeout(SearchError):
    """A regular expression that took longer than its time limit to search; the message is for the user."""


def fold_char(char: str) -> str:
    """Return the folded form of one character (possibly empty or several characters)."""
    folded = _FOLD_CACHE.get(char)
    if folded is None:
        if char in _IGNORABLE:
            folded = ""
        else:
            folded = _strip_marks(unicodedata.normalize("NFKD", char)).casefold()
            # casefold can produce decomposable characters again; NFC then recomposes what is left
            # without marks (Hangul syllables, some Indic vowels), so those stay one character.
            folded = unicodedata.normalize("NFC", _strip_marks(unicodedata.normalize("NFKD", folded)))
            # lower() last, so the big text can be folded by lower() after its other characters are
            # replaced (casefold() leaves a few scripts, like Cherokee, in upper case).
            folded = folded.translate(_EXTRA_FOLDS).lower()
        _FOLD_CACHE[char] = folded
    return folded


def _strip_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Return `text` folded for case- and accent-insensitive comparison."""
    if text.isascii():
        return text.lower()
    return "".join(map(fold_char, text))


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Return `text` folded and, for each folded offset (and one past the end), its original offset.

    Folded character k comes from original character `offsets[k]`; `offsets[len(folded)]` is
    `len(text)`. Characters that fold to nothing (accents written as combining marks) belong to no
    folded character, so a match ending before them extends over them: its end is `offsets[end]`.
    """
    parts: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        folded = fold_char(char)
        parts.append(folded)
        offsets.extend([i] * len(folded))
    offsets.append(len(text))
    return "".join(parts), offsets


def _is_word_char(char: str) -> bool:
    # The same definition as the re module's \w, so counting and matching agree.
    return char.isalnum() or char == "_"


class _OffsetMap:
    """Folded <-> original offsets of one turn, stored only at the characters that do not fold to one.

    Between those characters offsets advance together, so the table stays as small as they are rare.
    """

    __slots__ = ("afters_k", "afters_o", "lengths", "origins", "starts_k")

    def __init__(self) -> None:
        self.starts_k: list[int] = []  # folded offset where each such character's folding begins
        self.afters_k: list[int] = []  # ... and where it ends
        self.afters_o: list[int] = []  # original offset just after the character
        self.origins: list[int] = []  # original offset of the character
        self.lengths: list[int] = []

    def add(self, folded: int, length: int, original: int) -> None:
        """Record that the character at `original` folds to `length` characters at `folded`."""
        self.starts_k.append(folded)
        self.afters_k.append(folded + length)
        self.afters_o.append(original + 1)
        self.origins.append(original)
        self.lengths.append(length)

    def to_original(self, k: int) -> int:
        """Return the original offset of folded offset `k` (of the character it comes from)."""
        j = bisect_right(self.afters_k, k) - 1
        if j + 1 < len(self.starts_k) and self.starts_k[j + 1] <= k:
            return self.origins[j + 1]  # inside an expansion
        return k if j < 0 else self.afters_o[j] + (k - self.afters_k[j])

    def to_folded(self, original: int) -> int:
        """Return the first folded offset at or after original offset `original`."""
        j = bisect_right(self.afters_o, original) - 1
        if j + 1 < len(self.origins) and self.origins[j + 1] == original:
            return self.starts_k[j + 1]
        return original if j < 0 else self.afters_k[j] + (original - self.afters_o[j])

    def continuations(self) -> list[int]:
        """Return the folded offsets inside expansions (the second "s" of "ß")."""
        return [k for start, length in zip(self.starts_k, self.lengths, strict=True) if length > 1
                for k in range(start + 1, start + length)]


# -- the folded corpus ---------------------------------------------------------------------------------


class _Corpus:
    """The folded text of some turns joined into one string, with where each turn and block starts."""

    def __init__(self, ids: list[int], text: str, lengths: list[int], maps: dict[int, _OffsetMap]) -> None:
        self.ids = ids  # turn index of each corpus turn, ascending
        self.text = text
        self.lengths = lengths  # folded length of each corpus turn
        self.starts = list(accumulate((n + 1 for n in lengths), initial=0))  # + a sentinel past the end
        self.maps = maps  # turn index -> its offset map; turns without one fold one character to one
        # Folded offsets inside an expansion ("ß" -> "ss": the second s): no match may begin or end there.
        self.continuations: list[int] = []
        if maps:
            for position, turn in enumerate(ids):
                offsets = maps.get(turn)
                if offsets is not None:
                    base = self.starts[position]
                    self.continuations.extend(base + k for k in offsets.continuations())
        self.continuation_set = frozenset(self.continuations)
        self.by_first: dict[str, list[int]] = {}
        self.by_previous: dict[str, list[int]] = {}
        for c in self.continuations:
            self.by_first.setdefault(text[c], []).append(c)
            self.by_previous.setdefault(text[c - 1], []).append(c)
        # Blocks: runs of whole turns of about BLOCK_CHARS folded characters; matches never cross them.
        block_turns = sorted({bisect_right(self.starts, k) - 1 for k in range(0, max(len(text), 1), BLOCK_CHARS)})
        self.block_turns = [p for p in block_turns if p < len(ids)] or [0]
        self.block_starts = [self.starts[p] for p in self.block_turns] + [len(text) + 1]
        self._words: tuple[str, list[int]] | None = None

    def word_text(self) -> tuple[str, list[int]] | None:
        """Return the text for counting whole words in C, and where each block starts in it.

        Every non-word character becomes two spaces (and one pads each end), so a whole-word hit of a
        query made of word characters is exactly an occurrence of " query ", and two of them never
        overlap: str.count gives the count. Built on first use; only for ASCII text, where translate()
        is fast (folded text is ASCII unless it holds other scripts or emoji).
        """
        if self._words is None and self.text.isascii():
            table = str.maketrans({chr(c): " " for c in range(128) if not _is_word_char(chr(c))})
            words = self.text.translate(table)
            doubled = " " + words.replace(" ", "  ") + " "
            starts, spaces, previous = [], 0, 0
            for position in self.block_starts[:-1]:
                spaces += words.count(" ", previous, position)
                previous = position
                starts.append(position + spaces)
            starts.append(len(doubled))
            self._words = (doubled, starts)
        return self._words

    def block_of(self, position: int) -> int:
        """Return the block holding folded offset `position`."""
        return bisect_right(self.block_starts, position) - 1

    def is_aligned(self, start: int, end: int) -> bool:
        """Return whether folded start..end begins and ends on original character boundaries."""
        cont = self.continuation_set
        return not cont or (start not in cont and end not in cont)

    def to_original(self, start: int, end: int) -> Match:
        """Return the original (turn, start, end) of the folded span start..end."""
        position = bisect_right(self.starts, start) - 1
        base = self.starts[position]
        turn = self.ids[position]
        offsets = self.maps.get(turn)
        if offsets is None:
            return (turn, start - base, end - base)
        return (turn, offsets.to_original(start - base), offsets.to_original(end - base))

    def to_folded(self, turn: int, offset: int) -> int:
        """Return the folded offset of original `offset` in `turn` (the next shown turn if it is not here)."""
        position = bisect_left(self.ids, turn)
        if position >= len(self.ids):
            return len(self.text)
        if self.ids[position] != turn:
            return self.starts[position]
        offsets = self.maps.get(turn)
        length = self.lengths[position]
        local = max(offset, 0) if offsets is None else offsets.to_folded(max(offset, 0))
        return self.starts[position] + min(local, length)


class SearchIndex:
    """The folded text of a transcript's turns, built once, searched on every keystroke.

    Build it again when the turns change; a `Matches` from an older index stays valid on its own.
    """

    def __init__(self, turns: Sequence[Turn]) -> None:
        self._speakers = [t.speaker for t in turns]
        texts = [t.text for t in turns]
        joined = SEPARATOR.join(texts)
        maps: dict[int, _OffsetMap] = {}
        if joined.isascii():
            folded = joined.lower()  # the common case
            lengths = [len(t) for t in texts]
        else:
            # str.translate() takes 1.5 s on 7 MB of mixed text (a dict lookup per character); lower()
            # after substituting only the non-ASCII characters that fold differently takes 0.25 s.
            special: dict[str, int] = {}
            replace: dict[str, str] = {}
            for char in set(RGX_NON_ASCII.findall(joined)):
                f = fold_char(char)
                # lower() turns a word-final Σ into ς, which casefold() does not: replace Σ beforehand.
                if f != char.lower() or char == "Σ":
                    replace[char] = f
                if len(f) != 1:
                    special[char] = len(f)
            if replace:
                rx = re.compile("[" + "".join(re.escape(c) for c in sorted(replace)) + "]")
                folded = rx.sub(lambda found: replace[found.group()], joined).lower()
            else:
                folded = joined.lower()
            lengths = [len(t) for t in texts]
            if special:
                # Only the characters that do not fold to exactly one need recording, with their turn.
                rx = re.compile("[" + "".join(re.escape(c) for c in sorted(special)) + "]")
                original_starts = list(accumulate((len(t) + 1 for t in texts), initial=0))
                turn, turn_start, next_start, shift = -1, 0, -1, 0
                offsets = _OffsetMap()
                for found in rx.finditer(joined):
                    i = found.start()
                    if i >= next_start:
                        turn = bisect_right(original_starts, i) - 1
                        turn_start, next_start, shift = original_starts[turn], original_starts[turn + 1], 0
                        offsets = maps[turn] = _OffsetMap()
                    length = special[found.group()]
                    offsets.add(i - turn_start + shift, length, i - turn_start)
                    shift += length - 1
                    lengths[turn] += length - 1
        self._lengths = lengths
        self._maps = maps
        self._main = _Corpus(list(range(len(texts))), folded, lengths, maps)
        self._subsets: dict[frozenset[str | None], _Corpus] = {}

    def __len__(self) -> int:
        return len(self._speakers)

    @property
    def folded_chars(self) -> int:
        """Return the size of the folded text searched (for benchmarks and diagnostics)."""
        return len(self._main.text)

    def _corpus(self, speakers: Iterable[str | None] | None) -> _Corpus:
        if speakers is None:
            return self._main
        key = frozenset(speakers)
        corpus = self._subsets.get(key)
        if corpus is None:
            main = self._main
            ids = [i for i, s in enumerate(self._speakers) if s in key]
            text = SEPARATOR.join(main.text[main.starts[i]:main.starts[i] + main.lengths[i]] for i in ids)
            corpus = _Corpus(ids, text, [self._lengths[i] for i in ids], self._maps)
            if len(self._subsets) >= 4:  # a speaker filter changes rarely: keep only the last few
                self._subsets.pop(next(iter(self._subsets)))
            self._subsets[key] = corpus
        return corpus

    def find(self, query: str, *, whole_word: bool = False, regex: bool = False,
             speakers: Iterable[str | None] | None = None, limit: int | None = None,
             time_limit: float | None = None) -> Matches:
        """Return the matches of `query` in transcript order (only in `speakers`' turns when given).

        At most `limit` (default MAX_MATCHES) are kept; `truncated` then says there were more. Raises
        SearchError for an invalid regular expression, and SearchTimeout when one takes longer than
        `time_limit` seconds (default REGEX_BUDGET_S) to search: every match is found within it.
        """
        limit = MAX_MATCHES if limit is None else limit
        corpus = self._corpus(speakers)
        if not query:
            return Matches(corpus, None, limit, query)
        if regex:
            budget = REGEX_BUDGET_S if time_limit is None else time_limit
            deadline = time.monotonic() + budget
            return Matches(corpus, _UserRegexSearch(_compile_user_regex(query, budget), deadline), limit, query)
        folded = fold(query)
        if not folded:
            return Matches(corpus, None, limit, query)
        whole_word = whole_word and (_is_word_char(folded[0]) or _is_word_char(folded[-1]))
        if SEPARATOR in folded:
            # A pasted line break could span two turns: scan with the checks that reject that.
            pattern = re.compile(_word_pattern(folded) if whole_word else re.escape(folded))
            return Matches(corpus, _RegexSearch(pattern, fixed=True), limit, query)
        if whole_word:
            return Matches(corpus, _WordSearch(folded), limit, query)
        return Matches(corpus, _LiteralSearch(folded), limit, query)


# -- the three kinds of search -------------------------------------------------------------------------


class _LiteralSearch:
    """A folded query found with str.count / str.find."""

    fixed = True

    def __init__(self, folded: str) -> None:
        self.query = folded

    def unaligned_blocks(self, corpus: _Corpus) -> set[int]:
        """Return the blocks where some occurrence begins or ends inside an expansion."""
        q, n, text = self.query, len(self.query), corpus.text
        blocks = {corpus.block_of(c) for c in corpus.by_first.get(q[0], ()) if text.startswith(q, c)}
        blocks.update(corpus.block_of(c) for c in corpus.by_previous.get(q[-1], ())
                      if c >= n and text.startswith(q, c - n))
        return blocks

    def count(self, corpus: _Corpus, start: int, end: int) -> int:
        return corpus.text.count(self.query, start, end)

    def spans(self, corpus: _Corpus, start: int, end: int, checked: bool) -> tuple[list[int], list[int] | None]:
        text, q, n = corpus.text, self.query, len(self.query)
        find = text.find
        starts: list[int] = []
        position = find(q, start, end)
        if not checked:
            while position >= 0:
                starts.append(position)
                position = find(q, position + n, end)
            return starts, None
        aligned = corpus.is_aligned
        while position >= 0:
            if aligned(position, position + n):
                starts.append(position)
                position = find(q, position + n, end)
            else:
                position = find(q, position + 1, end)  # an aligned occurrence may overlap this one
        return starts, None


class _WordSearch(_LiteralSearch):
    """A folded query that must not continue a word on either side where it begins or ends with one."""

    def __init__(self, folded: str) -> None:
        super().__init__(folded)
        self.pattern = re.compile(_word_pattern(folded))
        self.padded = f" {folded} " if all(map(_is_word_char, folded)) else None
        self._frequent: bool | None = None

    def _is_frequent(self, corpus: _Corpus) -> bool:
        """Return whether the query is common enough that counting on the padded text is faster."""
        if self._frequent is None:
            # The regex costs ~0.4 µs a hit plus a fast scan; the padded text ~2.5 ns a character (a
            # space ends the needle, and spaces are everywhere). A sample of the text decides.
            size = min(len(corpus.text), 1 << 16)
            sample = corpus.text.count(self.query, 0, size)
            self._frequent = sample * len(corpus.text) > FREQUENT_WORD_HITS * max(size, 1)
        return self._frequent

    def count(self, corpus: _Corpus, start: int, end: int) -> int:
        words = corpus.word_text() if self.padded is not None and self._is_frequent(corpus) else None
        if words is not None:
            text, starts = words
            block = corpus.block_of(start)
            return text.count(self.padded, starts[block], starts[block + 1])  # type: ignore[arg-type]
        return len(self.pattern.findall(corpus.text, start, end))

    def spans(self, corpus: _Corpus, start: int, end: int, checked: bool) -> tuple[list[int], list[int] | None]:
        n = len(self.query)
        aligned = corpus.is_aligned
        starts: list[int] = []
        position = start
        search = self.pattern.search
        found = search(corpus.text, position, end)
        while found is not None:
            s = found.start()
            if not checked or aligned(s, s + n):
                starts.append(s)
                found = search(corpus.text, s + n, end)
            else:
                found = search(corpus.text, s + 1, end)
        return starts, None


def _word_pattern(folded: str) -> str:
    """Return a regex finding `folded` where it neither continues nor is continued by a word."""
    escaped = re.escape(folded)
    # The literal comes first so the regex engine scans for it quickly; a leading lookbehind would make
    # it try every position (10-50x slower). The lookbehind after it checks the character before.
    pattern = escaped
    if _is_word_char(folded[-1]):
        pattern += r"(?!\w)"
    if _is_word_char(folded[0]):
        pattern += rf"(?<!\w{escaped})"
    return pattern


class _RegexSearch:
    """A compiled pattern over the folded text; every match is checked (turn bounds, empty, alignment)."""

    def __init__(self, pattern: re.Pattern[str], *, fixed: bool = False) -> None:
        self.pattern = pattern
        self.fixed = fixed  # matches have the query's length: a match across turns is dropped, not cut
        self.prefix = literal_prefix(pattern.pattern)

    def _matches(self, text: str, position: int, end: int) -> Iterator[re.Match[str]]:
        """Yield the pattern's matches from `position`, as finditer() does."""
        if not self.prefix:
            yield from self.pattern.finditer(text, position, end)
            return
        # Every match begins with the literal prefix: str.find jumps between candidates in C, where the
        # regex engine would try every position (a leading \b alone makes it 20x slower).
        prefix, find, match = self.prefix, text.find, self.pattern.match
        candidate = find(prefix, position, end)
        while candidate >= 0:
            found = match(text, candidate, end)
            if found is not None and found.end() > candidate:
                yield found
                candidate = find(prefix, found.end(), end)
            else:
                candidate = find(prefix, candidate + 1, end)

    def spans(self, corpus: _Corpus, start: int, end: int, checked: bool) -> tuple[list[int], list[int] | None]:
        starts: list[int] = []
        ends: list[int] = []
        cont = corpus.continuation_set
        turn_starts, lengths = corpus.starts, corpus.lengths
        text = corpus.text
        find = text.find
        position = start
        while position < end:
            for found in self._matches(text, position, end):
                s, e = found.span()
                if e == s:
                    continue
                if find(SEPARATOR, s, e) >= 0:  # rare: only then is it worth finding the turn
                    p = bisect_right(turn_starts, s) - 1
                    turn_end, next_turn = turn_starts[p] + lengths[p], turn_starts[p + 1]
                    if e > turn_end:
                        if self.fixed:
                            position = s + 1  # a literal across two turns is no match; one may start after
                            break
                        # The match runs into the next turn (a pattern like \s+ can): keep the part in this
                        # turn and look again from the next turn's start.
                        if s < turn_end and s not in cont:
                            starts.append(s)
                            ends.append(turn_end)
                        position = next_turn
                        break
                if cont and (s in cont or e in cont):
                    position = s + 1  # begins or ends inside an expansion: look again just after
                    break
                starts.append(s)
                ends.append(e)
            else:
                break
        return starts, ends


class _UserRegexSearch(_RegexSearch):
    """A pattern the user typed, run by `regex` until `deadline` (time.monotonic()); past it, SearchTimeout.

    Matches scans every block of a regex search at once, so the deadline bounds all of its matching:
    painting, stepping and the timeline's ticks only read what that scan kept.
    """

    def __init__(self, pattern: regex.Pattern[str], deadline: float) -> None:
        super().__init__(pattern)  # type: ignore[arg-type]
        # `regex` finds a literal prefix itself, faster than str.find + match() called from Python.
        self.prefix = ""
        self.deadline = deadline

    def _matches(self, text: str, position: int, end: int) -> Iterator[re.Match[str]]:
        """Return the pattern's matches from `position`, as finditer() does, limited to the time left."""
        # The engine counts its own time in this finditer; the deadline counts ours between them too.
        timeout = self.deadline - time.monotonic()
        if timeout <= 0:
            raise SearchTimeout(TOO_SLOW)
        return self.pattern.finditer(text, position, end, timeout=timeout)  # type: ignore[call-arg]

    def spans(self, corpus: _Corpus, start: int, end: int, checked: bool) -> tuple[list[int], list[int] | None]:
        try:
            return super().spans(corpus, start, end, checked)
        except TimeoutError:
            raise SearchTimeout(TOO_SLOW) from None


def literal_prefix(pattern: str) -> str:
    """Return literal text every match of `pattern` must begin with ('' when there is none to rely on)."""
    if "|" in pattern:
        return ""  # an alternative may begin with anything
    i, n = 0, len(pattern)
    while pattern.startswith(("\\b", "\\A", "^"), i):  # zero-width: the match still begins at the literal
        i += 1 if pattern[i] == "^" else 2
    literal: list[str] = []
    while i < n:
        char = pattern[i]
        step = 1
        if char == "\\":
            if i + 1 >= n or pattern[i + 1].isalnum():
                break  # a class (\w) or a special escape
            char, step = pattern[i + 1], 2
        elif char in ".^$*+?{}[]()":
            break
        following = pattern[i + step:i + step + 1]
        if following and following in "*?{":
            break  # the character is optional (or repeated from zero)
        literal.append(char)
        if following == "+":
            break
        i += step
    return "".join(literal)


def _compile_user_regex(query: str, time_limit: float = REGEX_BUDGET_S) -> regex.Pattern[str]:
    """Return the user's pattern, folded like the text, compiled by `regex`; raise SearchError if it is not valid."""
    try:
        # `re` decides what is valid, and positions in its message refer to what the user typed.
        re.compile(query)
    except re.error as exc:
        where = f" at position {exc.pos + 1}" if exc.pos is not None else ""
        raise SearchError(f"Invalid regular expression: {exc.msg}{where}") from None
    folded = fold_pattern(query)
    if unrolled_size(folded) > MAX_UNROLLED:
        raise SearchError("Pattern too large to search: use smaller repeat counts")
    try:
        pattern = regex.compile(folded, regex.MULTILINE)
    except regex.error as exc:
        raise SearchError(f"Invalid regular expression once folded: {exc.msg}") from None
    try:
        empty = pattern.fullmatch("", timeout=time_limit)
    except TimeoutError:
        raise SearchTimeout(TOO_SLOW) from None
    if empty is not None:
        raise SearchError("This pattern matches empty text: make it match at least one character")
    return pattern


# (?...) group heads are copied as typed: flags and group names must not be folded.
RGX_GROUP_HEAD = re.compile(r"\(\?(?:P<\w+>|P=\w+\)|<[=!]|[=!:>]|#[^)]*\)|\(\w+\)|[a-zA-Z]*(?:-[a-zA-Z]+)?[:)])")
# A brace that `re` reads as a repeat count; any other brace is a literal to it ("{}" too).
RGX_REPEAT = re.compile(r"\{(\d*)(?:,\d*)?\}")


def _escape_end(pattern: str, i: int) -> int:
    """Return where the escape at `i` ends (\\N{NAME} is one escape)."""
    if pattern.startswith("\\N{", i):
        close = pattern.find("}", i)
        return len(pattern) if close < 0 else close + 1
    return i + 2


def fold_pattern(pattern: str) -> str:
    """Return a regular expression with its literal characters folded like the text (escapes kept).

    A brace that `re` reads as a literal is escaped: `regex` would read some as fuzzy matching ("a{e<=1}").
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            j = _escape_end(pattern, i)
            out.append(pattern[i:j])
            i = j
            continue
        if char == "(":
            head = RGX_GROUP_HEAD.match(pattern, i)
            if head is not None:
                out.append(head.group())
                i = head.end()
                continue
        if char == "{":
            repeat = RGX_REPEAT.match(pattern, i)
            if repeat is None or repeat.group() == "{}":
                out.append("\\{")
                i += 1
                continue
        folded = fold_char(char)
        # What a character folds to is literal text even when it looks like syntax ("…" -> "...").
        out.append(folded if folded == char else re.escape(folded))
        i += 1
    return "".join(out)


def unrolled_size(pattern: str) -> int:
    """Return about how many items `regex` compiles `pattern` to: each repeat's body times its minimum count."""
    totals, lasts = [0], [0]  # per open group: its size so far, and the size of its last item
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        size = 1
        if char == "\\":
            i = _escape_end(pattern, i)
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            head = RGX_GROUP_HEAD.match(pattern, i)
            # A comment, a backreference or a flags group is one item; any other head opens a group.
            if head is not None and head.group().endswith(")") and not head.group().startswith("(?("):
                i = head.end()
            else:
                i = i + 1 if head is None else head.end()
                totals.append(0)
                lasts.append(0)
                continue
        elif char == ")" and len(totals) > 1:
            lasts.pop()
            size = totals.pop()
            i += 1
        elif char == "{" and (repeat := RGX_REPEAT.match(pattern, i)) is not None and repeat.group() != "{}":
            count = int(repeat.group(1) or 0)
            if count > 1:
                totals[-1] += lasts[-1] * (count - 1)
                lasts[-1] *= count
            i = repeat.end()
            continue
        elif char in "*+?":  # a repeat from 0 or 1 (or a lazy or possessive mark): nothing written out
            i += 1
            continue
        else:
            i += 1
        totals[-1] += size
        lasts[-1] = size
    return sum(totals)


def _class_end(pattern: str, i: int) -> int:
    """Return where the character class opening at `i` ends (a "]" first in it is a literal, as in `re`)."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):
        j += 1
    n = len(pattern)
    while j < n and pattern[j] != "]":
        j += 2 if pattern[j] == "\\" else 1
    return j + 1


# -- results -------------------------------------------------------------------------------------------


class Matches(Sequence[Match]):
    """The matches of one query, in transcript order, worked out block by block when first needed.

    `len()` is known at once (capped at the limit: `truncated` then says there are more). Indexing,
    iterating, `in_turn()` and `index_at_or_after()` fill in the blocks they touch.
    """

    def __init__(self, corpus: _Corpus, search: _LiteralSearch | _RegexSearch | None, limit: int,
                 query: str = "") -> None:
        self.query = query
        self.truncated = False
        self._corpus = corpus
        self._search = search
        self._spans: dict[int, tuple[list[int], list[int] | None]] = {}
        self._counts: list[int] = [0]  # matches before each block counted so far
        self._checked: set[int] = set()
        if search is None:
            return
        starts = corpus.block_starts
        if isinstance(search, _LiteralSearch):
            checked = search.unaligned_blocks(corpus) if corpus.continuations else set()
        else:
            checked = set(range(len(starts) - 1))
        self._checked = checked
        total = 0
        for block in range(len(starts) - 1):
            if block in checked:
                spans = search.spans(corpus, starts[block], starts[block + 1], corpus.continuations != [])
                self._spans[block] = spans
                count = len(spans[0])
            else:
                count = search.count(corpus, starts[block], starts[block + 1])  # type: ignore[union-attr]
            if total + count > limit:
                self.truncated = True
                count = limit - total
            total += count
            self._counts.append(total)
            if self.truncated:
                break

    @classmethod
    def empty(cls) -> Matches:
        """Return a result with no matches (nothing searched)."""
        return cls(_Corpus([], "", [], {}), None, 0)

    def __len__(self) -> int:
        return self._counts[-1]

    def __repr__(self) -> str:
        more = "+" if self.truncated else ""
        return f"<Matches {self.query!r}: {len(self)}{more}>"

    def _block_spans(self, block: int) -> tuple[list[int], list[int] | None]:
        spans = self._spans.get(block)
        if spans is None:
            corpus, starts = self._corpus, self._corpus.block_starts
            assert self._search is not None
            spans = self._search.spans(corpus, starts[block], starts[block + 1], block in self._checked)
            self._spans[block] = spans
        return spans

    def _span(self, block: int, k: int) -> Match:
        starts, ends = self._block_spans(block)
        start = starts[k]
        end = ends[k] if ends is not None else start + len(self._search.query)  # type: ignore[union-attr]
        return self._corpus.to_original(start, end)

    @overload
    def __getitem__(self, index: int) -> Match: ...
    @overload
    def __getitem__(self, index: slice) -> list[Match]: ...

    def __getitem__(self, index: int | slice) -> Match | list[Match]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        size = len(self)
        if index < 0:
            index += size
        if not 0 <= index < size:
            raise IndexError("match index out of range")
        block = bisect_right(self._counts, index) - 1
        return self._span(block, index - self._counts[block])

    def __iter__(self) -> Iterator[Match]:
        for block in range(len(self._counts) - 1):
            count = self._counts[block + 1] - self._counts[block]
            for k in range(count):
                yield self._span(block, k)

    def in_turn(self, turn: int) -> list[Match]:
        """Return the matches inside `turn` (for painting it)."""
        corpus = self._corpus
        position = bisect_left(corpus.ids, turn)
        if len(self) == 0 or position >= len(corpus.ids) or corpus.ids[position] != turn:
            return []
        low, high = corpus.starts[position], corpus.starts[position] + corpus.lengths[position]
        block = corpus.block_of(low)
        if block >= len(self._counts) - 1:
            return []
        starts, _ = self._block_spans(block)
        limit = self._counts[block + 1] - self._counts[block]
        first = bisect_left(starts, low, 0, limit)
        last = bisect_left(starts, high, first, limit)
        return [self._span(block, k) for k in range(first, last)]

    def index_at_or_after(self, turn: int, offset: int = 0) -> int:
        """Return the index of the first match starting at or after `offset` in `turn` (len() if none)."""
        if len(self) == 0:
            return 0
        corpus = self._corpus
        position = corpus.to_folded(turn, offset)
        block = corpus.block_of(position)
        if block >= len(self._counts) - 1:
            return len(self)
        starts, _ = self._block_spans(block)
        limit = self._counts[block + 1] - self._counts[block]
        return self._counts[block] + bisect_left(starts, position, 0, limit)

    def turns(self) -> list[int]:
        """Return the turn of every match, in order (for timeline ticks; fills in every block)."""
        corpus = self._corpus
        result: list[int] = []
        for block in range(len(self._counts) - 1):
            count = self._counts[block + 1] - self._counts[block]
            if count:
                starts, _ = self._block_spans(block)
                positions = [bisect_right(corpus.starts, s) - 1 for s in starts[:count]]
                result.extend(corpus.ids[p] for p in positions)
        return result
