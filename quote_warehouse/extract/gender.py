"""A person's gender, from the words about them or their given name, so that
"he" and "she" skip the wrong people.

"Chuck Grassley spoke after Nancy Pelosi. "…," she said." A title or a
gendered role ("Mrs.", "spokeswoman") says little in news, which names
people in full and then by surname; without the given name "she" went to
whoever spoke last, man or woman.

The given names are the 1990 US Census lists of given names with their frequency
among men and among women (public domain; shipped by the MIT-licensed
`names` package). A name counts as one gender's when it is at least
`_RATIO` times more frequent there than in the other list: "Kelly",
"Robin" or "Leslie" stay unknown.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from quote_warehouse.extract.lexicon import FEMALE_WORDS, MALE_WORDS

_RATIO = 10.0
_FILES = {"m": "dist.male.first", "f": "dist.female.first"}


def _frequencies(file_name: str) -> dict[str, float]:
    text = resources.files("names").joinpath(file_name).read_text(encoding="ascii")
    out: dict[str, float] = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 4:
            out[parts[0].casefold()] = float(parts[1])
    return out


@lru_cache(maxsize=1)
def _genders() -> dict[str, str]:
    male, female = _frequencies(_FILES["m"]), _frequencies(_FILES["f"])
    out = {}
    for name in male.keys() | female.keys():
        # a share of 0.001 (the lists' precision) stands for a name absent from a list
        m, f = male.get(name, 0.0) or 0.0005, female.get(name, 0.0) or 0.0005
        if m >= _RATIO * f:
            out[name] = "m"
        elif f >= _RATIO * m:
            out[name] = "f"
    return out


def given_name_gender(name: str) -> str | None:
    """'m' or 'f' when the first word of a full name ("Chuck Grassley") is a
    given name of one gender; None for a single word, an initial or an
    ambiguous or unknown name."""
    words = name.split()
    if len(words) < 2:
        return None
    return _genders().get(words[0].strip(".").casefold())


def gender_of(words: str) -> str | None:
    """'f' or 'm' when the words hold a gendered title or noun ("Mrs.",
    "spokeswoman", "businessman"), else None."""
    low = set(re.findall(r"[\w.]+", words.lower()))
    if low & FEMALE_WORDS:
        return "f"
    if low & MALE_WORDS:
        return "m"
    return None
