"""Who a sentence is about: the name that opens it.

"Carole Bower, 75, a retiree, plans to vote for Mr. Trump. ''I will hold my
nose,'' she said." News introduces a new speaker as the subject of the
sentence before the quote; "she" is Bower, not whoever spoke last. The
resolver in `mentions` asks here for the names (and, for "they", the plural
noun phrases) that open the sentence holding a pronoun and the two before it.
"""

from __future__ import annotations

import re

from quote_warehouse.extract.segment import is_abbreviation

# where a sentence starts: after a full stop (and any closing quote marks) or a line break
_SENTENCE_END = re.compile(r"(?:[.!?][\"”’']*\s+|\n\s*)")
# an adverbial opening before the subject: "In May 2001, ", "Following Sanders on MSNBC, "
_INTRO = re.compile(
    r"(?:In|On|At|After|Before|Following|During|When|While|Since|Even|Last|This|Earlier|Later|"
    r"But|And|Yet|So|Still|Now|Then|For|Meanwhile|Instead|Asked|Speaking|Back)\b"
    r"[^,.;:!?\"“”]{0,60},\s+"
    # its place's state and a time after it: "At a rally in Portland, Maine, on Thursday, "
    r"(?:[A-Z][a-z]+\.?(?:\s+[A-Z][a-z]+\.?)?,\s+(?=[A-Z]|(?:on|in|at|last|this|early|late)\s))?"
    r"(?:(?:on|in|at|last|this|early|late)\s[^,.;:!?\"“”]{0,30},\s+)?"
)
# a conjunction opening the sentence without a comma: "But Ayotte isn't interested."
_CONJUNCTION = re.compile(r"(?:But|And|Yet|So|Still|Now|Then)\s+(?=[A-Z])")
_NAME_START = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov)\.?\s+)?([A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]*\.?)*)")
# a possessive name is no subject: "Clinton's position was supported …"
_POSSESSIVE = re.compile(r"[’']s?$")
# what follows a subject: a verb (a lower-case word) or an apposition
_AFTER_SUBJECT = re.compile(r"(?:,|\s+[a-z])")


def _sentence_starts(text: str, lo: int, hi: int) -> list[int]:
    """Offsets where sentences start in text[lo:hi], in reading order."""
    return [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)
                   if m.end() < hi and not is_abbreviation(text, m.start())]


def _inside_quotation(text: str, pos: int) -> bool:
    """Whether `pos` lies inside a quotation opened earlier in its paragraph."""
    line = text[text.rfind("\n", 0, pos) + 1 : pos]
    return line.count("“") > line.count("”") or line.count('"') % 2 == 1


def _subject_starts(text: str, pos: int, n_sentences: int, window: int) -> list[int]:
    """Where the subjects of the sentence holding `pos` and of the ones before
    it would stand (after an adverbial opening), nearest first; sentences
    that start inside a quotation ("Cruz is our best debater," he says) are
    left out."""
    lo = max(0, pos - window)
    out = []
    for start in reversed(_sentence_starts(text, lo, pos)[-n_sentences:]):
        if not _inside_quotation(text, start):
            intro = _INTRO.match(text, start, pos) or _CONJUNCTION.match(text, start, pos)
            out.append(intro.end() if intro else start)
    return out


def opening_names(text: str, pos: int, n_sentences: int = 3, window: int = 600) -> list[tuple[int, str]]:
    """The names that open the sentence holding `pos` and the two before it,
    nearest first, as (offset, name)."""
    out: list[tuple[int, str]] = []
    for at in _subject_starts(text, pos, n_sentences, window):
        nm = _NAME_START.match(text, at, pos)
        if nm and _AFTER_SUBJECT.match(text, nm.end(1)) and not _POSSESSIVE.search(nm.group(1)):
            out.append((nm.start(1), nm.group(1)))  # not "Clinton's position was supported by …"
    return out


# A plural noun phrase at a sentence's head, before its verb: "Mexican
# officials conducted …", "Many economists argue …", "The Republicans have …"
_GROUP_SUBJECT = re.compile(
    r"((?:(?:the|many|some|most|several|both|other|these|those)\s+)?(?:[\w’'\-]+\s+){0,3}?"
    r"[A-Za-z][a-z\-]*[^s\W]s)\s+(?:\w+ly\s+)?"
    r"(?:have|had|are|were|will|would|could|can|may|might|should|must|do|did|say|said|[a-z]{3,}ed)\b",
    re.I,
)


def opening_group(text: str, pos: int, n_sentences: int = 3, window: int = 600) -> tuple[int, int] | None:
    """The plural noun phrase that opens the sentence holding `pos` or one of
    the two before it, nearest first ("Mexican officials conducted polling.
    The outreach, they said, …"), as (start, end); None if none does."""
    for at in _subject_starts(text, pos, n_sentences, window):
        m = _GROUP_SUBJECT.match(text, at, pos)
        if m:
            return m.start(1), m.end(1)
    return None
