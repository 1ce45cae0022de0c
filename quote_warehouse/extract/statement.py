"""The statement every attribution rule produces, and the few helpers all rules share.

A `Statement` is one thing a speaker said in one document: its parts (spans of
the clean text), whether it is a direct quote or reported speech, the cue
that frames it and the mention of its speaker. The rule modules (`quotes`,
`reported`) make statements, `attribution.find_statements` resolves their
speakers, `events` and `document` read them. It lives on its own so that all
of them can import it without importing one another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quote_warehouse.extract.mentions import Entity, Mention


# Every double quotation mark the rules know (straight, curly, low, guillemets)
DOUBLE_QUOTES = "\"“”„«»"
# Reported content (and each side of a parenthetical tag) needs this many words
MIN_CONTENT_WORDS = 3


@dataclass
class Statement:
    """One thing a speaker said, as found in one document."""

    parts: list[tuple[int, int]]
    quote_type: str  # 'direct' | 'indirect'
    cue: str | None
    cue_span: tuple[int, int] | None
    mention: Mention
    speaker: Entity | None = None
    co_speakers: list[Entity] = field(default_factory=list)
    paragraph: int = 0
    sentence: tuple[int, int] = (0, 0)
    tag_only_pronoun: bool = False  # attributed by a bare "…, she said." tag
    # names coordinated with a named speaker ("Trump and Pence said"): resolved
    # into `co_speakers`; input to resolution, so not part of repr or equality
    co_mentions: list[Mention] = field(default_factory=list, repr=False, compare=False)
    # the one asked, when the speaker asks a question ("Rubio was asked by
    # Baker whether …"): whom the story turns to next, to answer
    asked: Mention | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def word_count(s: str) -> int:
    """Words (`\\w+` runs) in `s`: the measure of every length threshold."""
    return len(re.findall(r"\w+", s))


def cue_text(cue: re.Match[str]) -> str:
    """The cue as a statement records it: its `verb` group (or the whole
    match), spaces collapsed, lower case ("Told" -> "told")."""
    word = cue.group("verb") if "verb" in cue.re.groupindex else cue.group(0)
    return " ".join(word.split()).lower()


# Where or how something was said, and nothing of what: "in a statement",
# "in a follow-up interview", "on a conference call"
_MEDIUM_ONLY = re.compile(
    r"(?:in|on|at|during|via|through)\s+(?:a|an|the|his|her|their|its)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:statement|interview|email|e-mail|post|tweet|letter|speech|call|conference|briefing|appearance|"
    r"release|video|op-ed|memo|message|address|radio|broadcast)s?"
)


def only_the_medium(content: str) -> bool:
    """Whether a content says only where or how something was said."""
    return bool(_MEDIUM_ONLY.fullmatch(content.strip()))
