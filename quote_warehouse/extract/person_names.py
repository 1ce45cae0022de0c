"""What a person's name tells: their gender, so that "he" and "she" skip
the wrong people; where the name starts after the words describing them and
where its surname is; and whether a capitalised name is a person at all
(not a place or a thing).

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

from quote_warehouse.extract.lexicon import (
    CAPITALS,
    COUNTRY_OF,
    CUE_FORMS,
    FEMALE_WORDS,
    HEADLINE_WORDS,
    MALE_WORDS,
    NON_PERSON_HEADS,
    NON_PERSON_TAILS,
    ROLE_NOUNS,
    TITLE_WORDS,
    US_STATES,
)

_RATIO = 10.0
_FILES = {"m": "dist.male.first", "f": "dist.female.first"}


@lru_cache(maxsize=2)
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


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    return frozenset(_frequencies(_FILES["m"]).keys() | _frequencies(_FILES["f"]).keys())


def is_given_name(word: str) -> bool:
    """Whether a word is a given name in either list."""
    return word.strip(".").casefold() in _given_names()


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


# a capitalised word that describes the person it stands before: an office
# or trade ("Singer", "Novelist", "Backbencher"), an acronym ("MP", "DJ"), a
# compound ("Fly-half", "Ex-Labour") or a party
_ROLE_WORD = re.compile(r"[A-Z]{2,5}|\w+-\w+|\w{3,}(?:er|or|ist|ian|ess|ive|ant|ent|eer)|"
                        r"Labour|Liberal|Democrat|Dem|Lib|Green|Tory|Tories|Republican|Independent")


def words_before_given_name(tokens: list[str]) -> int:
    """How many words describe the person before a name's given name
    ("Writer Neil Coppendale": 1, "Midlands MEP Robert Kilroy-Silk": 2); 0
    when the name opens with a given name, or the word before the given name
    is no role word ("Iain Duncan Smith": "Iain" is a given name the lists
    do not know)."""
    for k, tok in enumerate(tokens[:-2]):
        if is_given_name(tok):
            return 0
        if is_given_name(tokens[k + 1]):
            return k + 1 if (tok.lower() in ROLE_NOUNS or tok.lower() in TITLE_WORDS
                             or _ROLE_WORD.fullmatch(tok)) else 0
    return 0


def strip_possessive(token: str) -> str:
    """A word without its possessive ending: "Trump's" -> "Trump"."""
    if token.endswith(("’s", "'s")):
        return token[:-2]
    return token[:-1] if token.endswith(("’", "'")) else token


def a_place(name: str) -> bool:
    """A state, a country or a capital taken for a person's name ("Ohio",
    "Tex" from "R-Tex."): "he" and "she" never point to it."""
    name = name.rstrip(".")
    return name in US_STATES or name in COUNTRY_OF or name in CAPITALS


def unlike_a_person(name: str) -> bool:
    """A capitalised name that is a place, an event or a thing ("Wall
    Street", "Super Tuesday"), a headline fragment ("Things Latinos Said In"),
    a heading in capitals ("FULL TEXT") or a people ("Muslim Americans"):
    "he" and "she" never point to it."""
    words = name.split()
    return len(words) > 1 and (words[-1].lower() in NON_PERSON_TAILS or name.isupper() or words[0] in NON_PERSON_HEADS
                               or any(w in HEADLINE_WORDS for w in words[1:])
                               or (words[-1].endswith("s") and words[-1][:-1] in COUNTRY_OF))


# a party or a state after a place that is also a given name: "Florida Republican", "Sunshine State"
_NO_SURNAME = frozenset({"republican", "democrat", "democratic", "independent", "conservative", "liberal",
                         "labour", "tory", "state"})


def surname_after_given_name(tokens: list[str]) -> bool:
    """Whether the last word, though a title, a country or an organisation's
    head, is a surname after a given name: "John Major", "Billie Jean King",
    "Steve Israel", "Don Guardian"."""
    if len(tokens) < 2:
        return False
    prev, last = tokens[-2].rstrip("."), strip_possessive(tokens[-1])
    if last.lower() in _NO_SURNAME or a_place(prev) or " ".join(tokens[-3:-1]) in US_STATES:
        return False
    return is_given_name(prev)


# participles that are titles: "retired Gen. …", "embattled Gov. …"
_TITLE_PARTICIPLES = frozenset({"retired", "elected", "appointed", "indicted", "jailed", "embattled", "disgraced"})


def verb_between_names(word: str) -> bool:
    """A lower-case word between two names that is a verb, not a title:
    "Mrs. Schlafly endorsed Donald J. Trump", "Bruce Ash criticized RNC
    Chairman Reince Priebus"."""
    return word not in ROLE_NOUNS and (word in CUE_FORMS or (word.endswith("ed") and word not in _TITLE_PARTICIPLES))
