"""Pronunciations in the acoustic model's phone set: the CMU dictionary, else espeak-ng, else letter rules."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# espeak-ng's IPA (en-us) to the CMU phone set. Longest symbols are matched first; stress marks, length
# marks and ties are dropped because the model's phones carry no stress.
IPA_TO_ARPABET = {
    "tʃ": "CH", "dʒ": "JH", "oʊ": "OW", "aɪ": "AY", "aʊ": "AW", "eɪ": "EY", "ɔɪ": "OY", "ɪɹ": "IH R",
    "ɛɹ": "EH R", "ʊɹ": "UH R", "ɑːɹ": "AA R", "ɔːɹ": "AO R", "oːɹ": "AO R", "ɜː": "ER", "ɝ": "ER", "ɚ": "ER",
    "iː": "IY", "uː": "UW", "ɑː": "AA", "ɔː": "AO", "i": "IY", "u": "UW", "ɑ": "AA", "ɔ": "AO", "æ": "AE",
    "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ᵻ": "IH", "ɪ": "IH", "ɛ": "EH", "e": "EH", "ʊ": "UH", "o": "OW", "a": "AA",
    "ɒ": "AA", "b": "B", "d": "D", "ð": "DH", "f": "F", "ɡ": "G", "g": "G", "h": "HH", "j": "Y", "k": "K", "l": "L",
    "m": "M", "n": "N", "ŋ": "NG", "p": "P", "ɹ": "R", "r": "R", "ɾ": "T", "s": "S", "ʃ": "SH", "t": "T",
    "θ": "TH", "v": "V", "w": "W", "z": "Z", "ʒ": "ZH", "ʔ": "T", "x": "K", "ç": "HH", "l̩": "AH L",
    "n̩": "AH N", "m̩": "AH M",
}
IPA_DROP = "ˈˌː‍ˑ.-_ \u0329"
RGX_IPA = re.compile("|".join(sorted(map(re.escape, IPA_TO_ARPABET), key=len, reverse=True)))

# Letter rules for when espeak-ng is missing: crude, but a word gets a plausible length and its
# consonants, which is what keeps its neighbours in place.
LETTER_RULES = (("tch", "CH"), ("sch", "S K"), ("ch", "CH"), ("sh", "SH"), ("th", "TH"), ("ph", "F"),
                ("ck", "K"), ("ng", "NG"), ("qu", "K W"), ("wh", "W"), ("ee", "IY"), ("ea", "IY"), ("oo", "UW"),
                ("ou", "AW"), ("ow", "OW"), ("ai", "EY"), ("ay", "EY"), ("oi", "OY"), ("oy", "OY"),
                ("a", "AE"), ("b", "B"), ("c", "K"), ("d", "D"), ("e", "EH"), ("f", "F"), ("g", "G"), ("h", "HH"),
                ("i", "IH"), ("j", "JH"), ("k", "K"), ("l", "L"), ("m", "M"), ("n", "N"), ("o", "AA"), ("p", "P"),
                ("q", "K"), ("r", "R"), ("s", "S"), ("t", "T"), ("u", "AH"), ("v", "V"), ("w", "W"),
                ("x", "K S"), ("y", "Y"), ("z", "Z"))
SPELLED = {"a": "EY", "b": "B IY", "c": "S IY", "d": "D IY", "e": "IY", "f": "EH F", "g": "JH IY", "h": "EY CH",
           "i": "AY", "j": "JH EY", "k": "K EY", "l": "EH L", "m": "EH M", "n": "EH N", "o": "OW", "p": "P IY",
           "q": "K Y UW", "r": "AA R", "s": "EH S", "t": "T IY", "u": "Y UW", "v": "V IY", "w": "D AH B AH L Y UW",
           "x": "EH K S", "y": "W AY", "z": "Z IY"}


def ipa_to_arpabet(ipa: str) -> str:
    """Return espeak-ng's IPA for a word as CMU phones ("" when nothing maps)."""
    phones: list[str] = []
    text = "".join(ch for ch in ipa if ch not in IPA_DROP)
    pos = 0
    while pos < len(text):
        match = RGX_IPA.match(text, pos)
        if match is None:
            pos += 1  # a symbol the model has no phone for: skip it rather than guess
            continue
        phones.extend(IPA_TO_ARPABET[match.group()].split())
        pos = match.end()
    return " ".join(phones)


def letters_to_phones(word: str) -> str:
    """Return a rough pronunciation from the spelling alone."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return ""
    if len(letters) <= 3 and not re.search(r"[aeiouy]", letters):
        return " ".join(SPELLED[ch] for ch in letters)  # "gpt", "nlp": said letter by letter
    phones: list[str] = []
    pos = 0
    while pos < len(letters):
        for graph, sound in LETTER_RULES:
            if letters.startswith(graph, pos):
                if not (phones and phones[-1] == sound):
                    phones.extend(sound.split())
                pos += len(graph)
                break
        else:
            pos += 1
    if letters.endswith("e") and len(letters) > 3 and phones and phones[-1] == "EH":
        phones.pop()  # a silent final e
    return " ".join(phones)


def espeak_pronunciations(words: list[str], voice: str = "en-us") -> dict[str, str]:
    """Return CMU phones for each word from espeak-ng (one call for all), {} when espeak-ng is missing."""
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None or not words:
        return {}
    text = "".join(f"{word}.\n" for word in words)
    try:
        done = subprocess.run([exe, "-q", "-v", voice, "--ipa=3"], input=text, capture_output=True, text=True,
                              timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return {}
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    if len(lines) != len(words):
        return {}  # espeak-ng joined or split a line: no way to tell which sound is whose
    found = {}
    for word, ipa in zip(words, lines, strict=True):
        phones = ipa_to_arpabet(ipa)
        if phones:
            found[word] = phones
    return found


def read_dictionary(path: Path) -> dict[str, str]:
    """Return the first pronunciation of every word in a CMU-format dictionary."""
    entries: dict[str, str] = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            word, _, phones = line.partition(" ")
            if "(" in word:
                continue
            entries[word] = phones.strip()
    return entries


class Lexicon:
    """Pronunciations for spoken words: `lookup` answers from the dictionary, `derive` fills the gaps."""

    def __init__(self, dictionary: dict[str, str]) -> None:
        self._dictionary = dictionary
        self.derived: dict[str, str] = {}
        self.sources: dict[str, str] = {}

    def known(self, word: str) -> bool:
        """Return whether the dictionary has `word`."""
        return word in self._dictionary

    def derive(self, words: list[str]) -> None:
        """Find pronunciations for words the dictionary lacks: espeak-ng first, then letter rules."""
        missing = sorted({w for w in words if w not in self._dictionary and w not in self.derived})
        if not missing:
            return
        # Possessives and plurals of known words: "alexnet's" is "alexnet" plus a Z.
        from_espeak = espeak_pronunciations(missing)
        for word in missing:
            base = word[:-2] if word.endswith("'s") else None
            if base and base in self._dictionary:
                self.derived[word] = self._dictionary[base] + " Z"
                self.sources[word] = "dictionary"
            elif word in from_espeak:
                self.derived[word] = from_espeak[word]
                self.sources[word] = "espeak"
            else:
                phones = letters_to_phones(word)
                if phones:
                    self.derived[word] = phones
                    self.sources[word] = "letters"

    def phones(self, word: str) -> str | None:
        """Return the phones of `word` (dictionary or derived), or None."""
        return self._dictionary.get(word) or self.derived.get(word)
