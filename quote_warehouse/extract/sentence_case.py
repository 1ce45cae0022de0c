"""Words an article capitalises only because they start a sentence.

"Appearing on CBS, …", "Shortly after …", "WASHINGTON, Dec. 8 —": a lone
capitalised word at a sentence's start looks like a name. Whether the same
article capitalises it inside a sentence tells a name from a sentence
opener, with no word list. Used by the subject finders (`speakers`) and the
learned part's subject proposal (`learned`).
"""

from __future__ import annotations

import functools
import re

from quote_warehouse.extract.mentions import Mention
from quote_warehouse.extract.person_names import strip_possessive

__all__ = ["capitalised_inside", "only_first_in_sentence"]


# What comes before a word capitalised because it starts a sentence (or a
# quotation, a dateline's text, a colon's clause)
_SENTENCE_OPENERS = frozenset(".!?\n\u201c\"\u2018:\u2014\u2013")
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*")


@functools.lru_cache(maxsize=4)
def capitalised_inside(text: str) -> frozenset[str]:
    """The capitalised words an article uses inside a sentence: the words its
    writer capitalises as names, not only as a sentence's first ("Appearing
    on CBS, …", "Shortly after …" are not names)."""
    out = set()
    for m in _CAPITALISED.finditer(text):
        before = text[max(0, m.start() - 8) : m.start()].rstrip()[-1:]
        if before and before not in _SENTENCE_OPENERS:
            out.add(strip_possessive(m.group().rstrip(".")))
    return frozenset(out)


def only_first_in_sentence(text: str, m: Mention) -> bool:
    """A lone capitalised word with no title that the article never
    capitalises inside a sentence: not known to be a name."""
    name = m.name or ""
    return (m.kind == "name" and not m.role and " " not in name
            and strip_possessive(name) not in capitalised_inside(text))
