"""Whether a phrase is a clause rather than a noun phrase that can name a source.

A speaker is a noun phrase: "the retired general", "a poll released Monday",
"people briefed on the talks". The rules that look for one (a description
before or after a verb, a subject the model is offered) cut text at
punctuation and function words, and sometimes the cut holds a verb of its own:
"the Lund family deserved better", "have endorsed him", "his behaviour has
angered the party". `clause_like` tells them apart, so that no such phrase
becomes a speaker in the warehouse.
"""

from __future__ import annotations

import re

from quote_warehouse.extract.lexicon import FUNCTION_WORDS, IRREGULAR_PAST, NOT_ADVERBS, QUANTIFIERS


# A finite verb or a modal: a phrase holding one is a clause ("his behavior
# has angered …", "Comey cannot")
_FINITE_IN_PHRASE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|cannot|could|should|may|might|must|shall|"
    r"did|does|do|not)\b|\w+n[’']t\b"
)
# What may follow a participle inside a description ("a poll released Monday
# by …", "officials briefed on …"): a preposition, a time, a name or nothing
_AFTER_PARTICIPLE = frozenset(
    """by in on at for from with to through into over under about after before during since
    last this earlier late early as via near inside outside""".split()
)
_CLAUSE_OPENERS = frozenset("if so because although though whether unless compared including among".split())


def clause_like(phrase: str) -> bool:
    """Whether `phrase` is a clause or a piece of one rather than a noun
    phrase that can name a source: it holds a finite verb or a modal, a past
    tense after a noun with an object after it ("the Khan family deserved
    better", "Trump made similarly bigoted …"; not "the retired general",
    "a poll released Monday"), opens with
    a verb or a word that opens a clause ("have endorsed him", "if",
    "compared with 23 percent who") or ends where a relative clause starts
    ("those who")."""
    words = re.findall(r"[\w’'\-]+", phrase)
    if not words:
        return True
    low = [w.lower() for w in words]
    # (in lower case only: "George Will", "Theresa May" are names)
    if _FINITE_IN_PHRASE.search(phrase) or low[-1] in ("who", "which", "that", "whom", "whose"):
        return True
    if low[0] in _CLAUSE_OPENERS or re.fullmatch(r"[a-z]+ed", words[0]):
        return True
    for i in range(1, len(words) - 1):
        if (words[i] in IRREGULAR_PAST and words[i - 1][:1].isupper() and low[i - 1] not in FUNCTION_WORDS
                and low[i + 1] not in _AFTER_PARTICIPLE):
            # (an irregular past only: before "-ed", a capital is often an adjective, "Democratic registered")
            return True
        if (re.fullmatch(r"[a-z]{3,}ed", words[i]) and re.fullmatch(r"[a-z][\w\-]*", words[i - 1])
                and low[i - 1] not in FUNCTION_WORDS and low[i - 1] not in QUANTIFIERS
                and not (low[i - 1].endswith("ly") and low[i - 1] not in NOT_ADVERBS)
                and low[i + 1] not in _AFTER_PARTICIPLE
                and not words[i + 1][:1].isupper() and not words[i + 1][:1].isdigit()):
            return True
    return False


# Words a noun phrase never starts with (a preposition or a conjunction) or
# ends with (those and a determiner): a cut made in the wrong place
# (nor does a preposition: "amid")
_NOT_A_START = frozenset("of to for with by and or but nor yet while when where amid among during until".split())
_NOT_AN_END = frozenset("of to for from with by and or a an the".split())


def broken_phrase(phrase: str) -> bool:
    """Whether `phrase` is a noun phrase cut in the wrong place, without its
    start or its head: "of Sanders supporters", "the blizzard of", "and",
    "amid"."""
    words = [w.strip(".,;:’'\"“”()").lower() for w in phrase.split()]
    return not words or words[0] in _NOT_A_START or words[-1] in _NOT_AN_END
