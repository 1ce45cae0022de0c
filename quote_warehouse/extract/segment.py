"""Paragraphs and sentences with their offsets in the clean text.

Sentence splitting is rule based: a stop (. ! ?), optional closing quotes or
brackets, white space, then something that can start a sentence. Common
abbreviations and initials do not end sentences. Quotes are handled by the
attribution rules, which work on paragraphs, so a quote of several sentences
is never cut by this module's decisions.
"""

from __future__ import annotations

import bisect
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


# No news paragraph or sentence is this long; longer runs of text (a feed dump
# without line breaks, a table, hostile input) are cut at white space into
# pieces of at most this size, so every rule's work per piece is bounded and
# extraction time stays linear in the length of the input.
MAX_PARAGRAPH_CHARS = 5_000
MAX_SENTENCE_CHARS = 1_000


def _bounded(text: str, start: int, end: int, limit: int) -> list[Span]:
    """[start, end) cut at white space into pieces no longer than `limit`."""
    out: list[Span] = []
    while end - start > limit:
        cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        out.append(Span(start, cut))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Span(start, end))
    return out


def paragraphs(text: str, start: int = 0) -> list[Span]:
    """Lines of text (the cleaner has joined wrapped lines), from `start` on."""
    out: list[Span] = []
    for m in _PARAGRAPH.finditer(text, start):
        if m.end() - m.start() > MAX_PARAGRAPH_CHARS:
            out.extend(_bounded(text, m.start(), m.end(), MAX_PARAGRAPH_CHARS))
        else:
            out.append(Span(m.start(), m.end()))
    return out


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
    word = re.sub(r"^(?:then|ex|now)-", "", text[word_start:stop].lower())  # "then-Sen. Barack Obama"
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
        out.extend(_bounded(text, begin, end, MAX_SENTENCE_CHARS))
        begin = end
        while begin < span.end and text[begin].isspace():
            begin += 1
    if begin < span.end:
        out.extend(_bounded(text, begin, span.end, MAX_SENTENCE_CHARS))
    return out


class SpanIndex:
    """Sorted, disjoint spans (the sentences of a paragraph) found by position."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self._starts = [sp.start for sp in spans]

    def at(self, pos: int) -> Span | None:
        """The span holding `pos` (bisection)."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i >= 0 and self.spans[i].start <= pos < self.spans[i].end:
            return self.spans[i]
        return None
