"""Paragraphs and sentences with their offsets in the clean text.

Sentence splitting is rule based: a stop (. ! ?), optional closing quotes or
brackets, white space, then something that can start a sentence. Common
abbreviations and initials do not end sentences. Quotes are handled by the
attribution rules, which work on paragraphs, so a quote of several sentences
is never cut by this module's decisions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen col lt capt sgt st jr sr inc ltd co corp
    no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g
    i.e a.m p.m rev fr adm maj cmdr""".split()
)
_SENTENCE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[A-Z0-9])""")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def paragraphs(text: str, start: int = 0) -> list[Span]:
    """Blocks of text separated by blank lines, from `start` on."""
    return [Span(m.start(), m.end()) for m in _PARAGRAPH.finditer(text, start)]


# Abbreviations that also end sentences: "… in the U.S. He says …"
_FINAL_ABBREVIATIONS = frozenset("u.s u.k u.n inc ltd co corp jr sr etc a.m p.m".split())
_SENTENCE_STARTERS = re.compile(r"\s+(?:He|She|It|They|We|I|The|This|That|But|And|In|On|At|A|An|His|Her|Their)\b")


def is_abbreviation(text: str, stop: int) -> bool:
    """True when the '.' at `stop` ends an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    word_start = stop
    while word_start > 0 and not text[word_start - 1].isspace() and text[word_start - 1] not in "(\"“":
        word_start -= 1
    word = text[word_start:stop].lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if word in _FINAL_ABBREVIATIONS and _SENTENCE_STARTERS.match(text, stop + 1):
        return False
    return word in _ABBREVIATIONS


def sentences(text: str, span: Span) -> list[Span]:
    """Sentences of one paragraph, as offsets into `text`."""
    out: list[Span] = []
    begin = span.start
    chunk = text[span.start : span.end]
    for m in _SENTENCE_END.finditer(chunk):
        stop = span.start + m.start()
        if is_abbreviation(text, stop):
            continue
        end = span.start + m.end()
        out.append(Span(begin, end))
        begin = end
        while begin < span.end and text[begin].isspace():
            begin += 1
    if begin < span.end:
        out.append(Span(begin, span.end))
    return out
