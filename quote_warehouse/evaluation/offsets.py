"""Map character offsets in a document's clean text back to its raw text.

``marts.statement_sources`` gives offsets into ``documents.clean_text``; gold
annotations (PolNeAR) give offsets into the raw file. The cleaner keeps the
visible characters of the text it keeps, in order, but it may drop lines
(junk, teasers, captions, repeated paragraphs), join hard-wrapped lines,
change whitespace, drop invisible characters and NFC-normalise.

:func:`align_clean_to_raw` aligns the two texts once per document:

1. both texts are cut into whitespace-separated tokens, aligned with
   :class:`difflib.SequenceMatcher` over the token lists (fast: a few
   thousand tokens, nearly identical sequences);
2. in ``equal`` token runs every character maps to its twin;
3. in ``replace`` runs (``long-\\nterm`` joined to ``long-term``, a
   zero-width space dropped inside a word, an NFC change) the non-space
   characters of both sides are aligned character by character with a
   second, small SequenceMatcher (in a region that is mostly different,
   only runs of at least four equal characters count, so a dropped line
   facing an added one does not map by chance; in a mostly equal region a
   character swapped for another, a lost ``?`` restored as a curly quote,
   maps to it);
4. clean characters in ``insert`` runs (text the cleaner produced that the
   raw file does not hold) stay unmapped; raw tokens in ``delete`` runs are
   what the cleaner dropped.

:func:`map_span` maps one clean span to the raw span from its first to its
last mapped character and says whether the result is *exact* (the raw slice
equals the clean slice once whitespace and invisible characters are removed,
both NFKC), *inexact* (mapped, but
the texts differ) or *unmapped* (no character of the span has a twin).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Alignment", "MappedSpan", "align_clean_to_raw", "map_span", "same_modulo_whitespace"]

_TOKEN = re.compile(r"\S+")
_SPACE = re.compile(r"\s+")

# Shortest run of equal characters trusted inside an otherwise different region.
_MIN_RUN = 4

EXACT = "exact"
INEXACT = "inexact"
UNMAPPED = "unmapped"


# Characters the cleaner deletes (zero-width spaces and joiners, BOM, soft hyphen).
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _squash(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text.translate(_INVISIBLE)))


def same_modulo_whitespace(a: str, b: str) -> bool:
    """Equal once whitespace and invisible characters are removed and both are NFKC."""
    return _squash(a) == _squash(b)


@dataclass(frozen=True)
class MappedSpan:
    clean: tuple[int, int]
    raw: tuple[int, int] | None  # None when unmapped
    status: str  # "exact" | "inexact" | "unmapped"


@dataclass
class Alignment:
    clean: str
    raw: str
    to_raw: list[int]  # clean offset -> raw offset, -1 when the character has no twin

    @property
    def mapped_share(self) -> float:
        """Share of the clean text's non-space characters that have a twin in the raw text."""
        idx = [i for i, ch in enumerate(self.clean) if not ch.isspace()]
        return sum(self.to_raw[i] >= 0 for i in idx) / len(idx) if idx else 1.0


def _nonspace(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if not text[i].isspace()]


def align_clean_to_raw(clean: str, raw: str) -> Alignment:
    """Character alignment of ``clean`` (the cleaner's output) to ``raw``."""
    to_raw = [-1] * len(clean)
    if clean == raw:
        return Alignment(clean, raw, list(range(len(clean))))
    ctoks = [(m.group(), m.start()) for m in _TOKEN.finditer(clean)]
    rtoks = [(m.group(), m.start()) for m in _TOKEN.finditer(raw)]
    sm = SequenceMatcher(None, [t for t, _ in ctoks], [t for t, _ in rtoks], autojunk=False)
    for op, c0, c1, r0, r1 in sm.get_opcodes():
        if op == "equal":
            for (tok, cs), (_, rs) in zip(ctoks[c0:c1], rtoks[r0:r1]):
                for k in range(len(tok)):
                    to_raw[cs + k] = rs + k
        elif op == "replace":
            c_start, c_end = ctoks[c0][1], ctoks[c1 - 1][1] + len(ctoks[c1 - 1][0])
            r_start, r_end = rtoks[r0][1], rtoks[r1 - 1][1] + len(rtoks[r1 - 1][0])
            c_idx = _nonspace(clean, c_start, c_end)
            r_idx = _nonspace(raw, r_start, r_end)
            c_chars = "".join(clean[i] for i in c_idx)
            r_chars = "".join(raw[i] for i in r_idx)
            if c_chars == r_chars:  # only whitespace differs (a hard wrap joined)
                for ci, ri in zip(c_idx, r_idx):
                    to_raw[ci] = ri
                continue
            inner = SequenceMatcher(None, c_chars, r_chars, autojunk=False)
            # in a region that is mostly the same text keep every matching
            # block; in unrelated text (a dropped line facing an added one)
            # only runs long enough not to be chance
            similar = inner.ratio() >= 0.5
            for tag, a0, a1, b0, b1 in inner.get_opcodes():
                if tag == "equal" and (similar or a1 - a0 >= _MIN_RUN):
                    pairs = zip(range(a0, a1), range(b0, b1))
                elif tag == "replace" and similar and a1 - a0 == b1 - b0:
                    pairs = zip(range(a0, a1), range(b0, b1))  # a character swapped for another
                else:
                    continue
                for a, b in pairs:
                    to_raw[c_idx[a]] = r_idx[b]
        # "insert": clean-only text stays unmapped; "delete": dropped raw text
    return Alignment(clean, raw, to_raw)


def map_span(alignment: Alignment, start: int, end: int) -> MappedSpan:
    """Raw span of the clean span ``[start, end)``: from its first to its last
    mapped character (see the module docs for the status)."""
    mapped = [alignment.to_raw[i] for i in range(max(start, 0), min(end, len(alignment.clean)))
              if alignment.to_raw[i] >= 0]
    if not mapped:
        return MappedSpan((start, end), None, UNMAPPED)
    rs, re_ = mapped[0], mapped[-1] + 1
    ok = same_modulo_whitespace(alignment.raw[rs:re_], alignment.clean[start:end])
    return MappedSpan((start, end), (rs, re_), EXACT if ok else INEXACT)
