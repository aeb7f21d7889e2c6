"""Words of a turn's text with their character ranges, and the spoken form of each (numbers spelt out)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is a run of letters and digits, joined by inner apostrophes, hyphens, dots or commas ("don't",
# "well-known", "3.5", "1,000", "U.S."): the window marks what a reader calls one word, and its sound is
# the sound of its parts.
RGX_WORD = re.compile(r"[^\W_]+(?:['’\-.,][^\W_]+)*\.?(?<=\w|\.)", re.UNICODE)
RGX_PART = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)

ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen").split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))


@dataclass(frozen=True, slots=True)
class TextWord:
    """A word as written in the turn: `text[char_start:char_end]`, and the words said for it."""

    char_start: int
    char_end: int
    text: str
    spoken: tuple[str, ...]


def number_to_words(n: int) -> list[str]:
    """Return the English words for a whole number (0 to below 10**15)."""
    if n < 20:
        return [ONES[n]]
    if n < 100:
        return [TENS[n // 10]] + ([ONES[n % 10]] if n % 10 else [])
    if n < 1000:
        return [ONES[n // 100], "hundred"] + (number_to_words(n % 100) if n % 100 else [])
    for value, name in SCALES:
        if n >= value:
            return number_to_words(n // value) + [name] + (number_to_words(n % value) if n % value else [])
    return [str(n)]


def _year_words(n: int) -> list[str]:
    """Return a year as said: 1984 -> nineteen eighty four, 2005 -> two thousand five, 2021 -> twenty twenty one."""
    high, low = divmod(n, 100)
    if low == 0:
        return [*number_to_words(high), "hundred"]
    if 2000 <= n < 2010:
        return number_to_words(n)
    return number_to_words(high) + (["oh"] if low < 10 else []) + number_to_words(low)


def spoken_numeral(token: str) -> list[str]:
    """Return how a numeral is read aloud: '1,000' -> one thousand, '3.5' -> three point five, '1984' -> year."""
    if "," in token and re.fullmatch(r"\d{1,3}(,\d{3})+", token):
        token = token.replace(",", "")
    whole, _, fraction = token.partition(".")
    digits = whole.replace(",", " ").split()
    words: list[str] = []
    for group in digits:
        if len(group) > 15:
            words += [ONES[int(d)] for d in group]
        elif len(group) == 4 and 1100 <= int(group) <= 2099 and not fraction:
            words += _year_words(int(group))
        elif len(group) > 1 and group.startswith("0"):
            words += [ONES[int(d)] if d != "0" else "oh" for d in group]
        else:
            words += number_to_words(int(group))
    if fraction:
        words += ["point"] + [ONES[int(d)] for d in fraction if d.isdigit()]
    return words


def spoken_words(word: str) -> list[str]:
    """Return the lower-case words said for a written word ("don’t" -> don't, "GPT-3" -> gpt three)."""
    said: list[str] = []
    for part in RGX_PART.findall(word):
        if part[0].isdigit():
            said += spoken_numeral(part)
        else:
            said.append(part.replace("’", "'").lower())
    return said


def split_words(text: str) -> list[TextWord]:
    """Return the words of `text` in order, each with its character range and spoken form."""
    words = []
    for match in RGX_WORD.finditer(text):
        end = match.end()
        # A dot ends the sentence more often than an abbreviation: keep it out of the marked word.
        if text[end - 1] == "." and not re.search(r"\.\w+\.$", match.group()):
            end -= 1
        said = spoken_words(text[match.start():end])
        if said:
            words.append(TextWord(match.start(), end, text[match.start():end], tuple(said)))
    return words
