"""What every format module shares and the package needs before it can import them."""

from __future__ import annotations

import re
from collections.abc import Callable

# Added to the sniff score of formats with an unmistakable signature (WEBVTT header, SRT timing lines,
# JSON of the right shape), so they win over line-based formats that happen to match a few lines.
SIGNATURE = 1_000_000
# Sniffers look at the head of the file only: a count from the first 200 kB ranks formats just as well.
SNIFF_CHARS = 200_000


def named_matches(regex: re.Pattern[str], text: str, is_name: Callable[[str], bool], start: int = 0, *,
                  unnamed_ok: bool = False) -> list[re.Match[str]]:
    """Return `regex`'s matches in `text` whose `speaker` group passes `is_name` (checked once per name).

    With `unnamed_ok`, matches without a speaker (a header that only carries a time) are kept too.
    """
    verdicts: dict[str, bool] = {}
    found = []
    for match in regex.finditer(text, start):
        name = match["speaker"]
        if name is None:
            if unnamed_ok:
                found.append(match)
            continue
        ok = verdicts.get(name)
        if ok is None:
            ok = verdicts[name] = is_name(name)
        if ok:
            found.append(match)
    return found
