"""Find statements: direct quotes and reported speech, with speaker and cue.

Rules, applied paragraph by paragraph on the clean text:

Direct quotes
  * a quotation with a speech frame next to it: `"…," Zakharova said.`,
    `"…," said Peskov.`, `He said: "…"`;
  * a quote split around its frame (`"…," she said. "…"`) is one statement
    whose parts are the two quoted spans;
  * a paragraph that is all quote continues the speaker of the statement just
    before it.
  Short quotes inside a sentence (`warned of "serious consequences"`) are
  partial quotes: they stay inside the reported statement around them.

Reported speech (one sentence at a time, outside direct statements)
  * `According to X, …` and `…, according to X.`;
  * a trailing tag `…, X said (on Thursday).` / `…, said X.`;
  * a parenthetical `…, X stressed, …`;
  * a clause `X (also) said (that) …`, `X told Y that …`, `X warned of …`,
    `X drew attention to the fact that …`, `X went on to say that …`; a second
    speech clause inside (`…, though he stressed that …`) starts a statement
    of its own.
  Weak cues ("called", "believes", "cited", "expressed", "denied") count only
  with a quote, a that-clause or (for "expressed") an attitude noun.

Speakers are resolved by `mentions.DocumentEntities` in reading order.
Every offset points into the clean text; a part's text is exactly
`text[start:end]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assets.extract.lexicon import (
    ACCORDING_TO_RE,
    ADJECTIVE_OF,
    COUNTRY_OF,
    CUE_FORMS,
    CUE_RE,
    EXPRESSED_OBJECTS,
    WEAK_CUES,
)
from assets.extract.mentions import (
    DocumentEntities,
    Entity,
    Mention,
    coordinated_names,
    mention_ending_at,
    mention_starting_at,
)
from assets.extract.segment import Span, paragraphs, sentences

_OPENERS = "“„«‘"
_CLOSERS = "”»’"
_DOUBLE = "\"“”„«»"
_MIN_DIRECT_WORDS = 4
_MIN_CONTENT_WORDS = 3

_INTRO_WORDS = re.compile(
    r"^(?:in|on|at|during|after|before|since|while|when|although|though|however|but|and|"
    r"also|meanwhile|moreover|earlier|later|last|this|speaking|asked|according|unless|if|"
    r"as|with|without|by|for|from|under|over|despite|following|today|yesterday|the day|"
    r"on the same day|in conclusion|in addition|in fact|at the same time)\b",
    re.I,
)
_TRAILING_TAG_TAIL = re.compile(
    r"^(?:\s+(?:on|in|at|during|after|before|to|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterwards|reporters|journalists|the|a|an|his|her|their|its|"
    r"[A-Z][\w’'.\-]*|[a-z]+day|week|month|year|statement|interview|conference|briefing|"
    r"broadcaster|newspaper|magazine|agency|channel|radio|television|TV|news|press|"
    r"American|Russian|local|state|national|of|with|via|by|from|for|[0-9]+)\b[\w’'.\-]*)*"
    r"\s*[.!?]?[\"”’]*\s*$"
)
_THAT_SKIP = re.compile(
    r"\s*(?:[:,]\s*)?(?:(?:to\s+)?the\s+fact\s+)?(?:that|of|about|on)?\b\s*[:,]?\s*", re.I
)


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

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


# --------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------


def find_quotes(text: str, span: Span) -> list[tuple[int, int]]:
    """Quoted spans of a paragraph, quote marks included.

    A quote mark is an opener when it stands before a word (after space or at
    the start), a closer when it follows one; curly marks say so themselves,
    except a stray right mark used as an opener (`a ”bridgehead”`). Single
    quotes count only as curly pairs inside a double-quoted span is not
    needed here: they are left to the reported-speech rules. An unclosed quote
    runs to the end of the paragraph (a quote continued in the next one).
    """
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(span.start, span.end):
        ch = text[i]
        if ch not in _DOUBLE:
            continue
        prev = text[i - 1] if i > span.start else " "
        nxt = text[i + 1] if i + 1 < span.end else " "
        prev_space = prev.isspace() or prev in "([—–-/" or i == span.start
        next_space = nxt.isspace() or nxt in ".,;:!?)]—–" or i + 1 == span.end
        if ch in "“„«":
            is_open = True
        elif ch in "”»":
            is_open = prev_space and not next_space and open_at is None
        else:
            is_open = open_at is None if prev_space == next_space else prev_space
        if open_at is None:
            if is_open:
                open_at = i
        elif not is_open or (ch == '"' and not prev_space) or ch in "”»":
            out.append((open_at, i + 1))
            open_at = None
        else:
            open_at = i  # two openers: the first was stray
    if open_at is not None and span.end - open_at > 2:
        out.append((open_at, span.end))
    return out


def _inner(text: str, q: tuple[int, int]) -> tuple[int, int]:
    """The quote without its marks and edge spaces."""
    s, e = q
    if text[s] in _DOUBLE:
        s += 1
    if e - 1 > s and text[e - 1] in _DOUBLE:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _words(s: str) -> int:
    return len(re.findall(r"\w+", s))


def _sentence_end(text: str, pos: int, limit: int) -> int:
    m = re.compile(r"[.!?](?:[\"”’)]*)(?=\s|$)").search(text, pos, limit)
    return m.end() if m else limit


# --------------------------------------------------------------------------
# Direct quotes
# --------------------------------------------------------------------------


def _frame_after(text: str, q_end: int, limit: int) -> tuple[Mention, re.Match[str], int] | None:
    """`"…," Zakharova said.` or `"…," said Peskov.`: (mention, cue, frame end)."""
    end = _sentence_end(text, q_end, limit)
    nxt_quote = min((text.find(c, q_end, end) for c in _DOUBLE if text.find(c, q_end, end) >= 0), default=-1)
    if nxt_quote >= 0:
        end = nxt_quote
    tail = text[q_end:end]
    lead = re.match(r"[\s,—–-]*", tail)
    lead_len = lead.end() if lead else 0
    cue = CUE_RE.search(text, q_end + lead_len, min(end, q_end + lead_len + 90))
    if cue is None:
        acc = ACCORDING_TO_RE.match(text, q_end + lead_len)
        if acc:
            m = mention_starting_at(text, acc.end(), end)
            if m:
                return m, acc, max(m.end, acc.end())
        return None
    between = text[q_end + lead_len : cue.start()]
    if between.strip():
        m = mention_ending_at(text, cue.start(), q_end + lead_len)
        if m is None or m.start > q_end + lead_len + 1:
            return None
    else:
        m = mention_starting_at(text, cue.end(), end)
        if m is None:
            return None
    return m, cue, end


def _frame_before(text: str, sent_start: int, q_start: int) -> tuple[Mention, re.Match[str]] | None:
    """`He said: "…"`, `Peskov told CNN: "…"`."""
    left = text[sent_start:q_start]
    if not re.search(r"[:,]\s*$", left):
        return None
    cues = list(CUE_RE.finditer(text, sent_start, q_start))
    if not cues:
        return None
    cue = cues[-1]
    between = text[cue.end() : q_start]
    if _words(between) > 6 or re.search(r"\bthat\b", between):
        return None
    m = mention_ending_at(text, cue.start(), sent_start)
    if m is None:
        m = _clause_subject(text, sent_start, cue.start())
    if m is None:
        return None
    return m, cue


def _direct_statements(text: str, para: Span, p_index: int) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Direct statements of a paragraph, and the spans their frames cover."""
    out: list[Statement] = []
    covered: list[tuple[int, int]] = []
    quotes = find_quotes(text, para)
    sents = sentences(text, para)
    prev_frame_end: int | None = None
    for q in quotes:
        inner = _inner(text, q)
        if _words(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS:
            continue
        sent = next((s for s in sents if s.start <= q[0] < s.end), Span(para.start, para.end))
        # a quote right after the previous statement's frame continues it
        if out and prev_frame_end is not None and not text[prev_frame_end : q[0]].strip():
            after = _frame_after(text, q[1], para.end)
            if after is None:
                out[-1].parts.append(inner)
                covered.append(q)
                prev_frame_end = q[1]
                continue
        after = _frame_after(text, q[1], para.end)
        if after is not None and not text[sent.start : q[0]].strip():
            mention, cue, frame_end = after
            out.append(Statement([inner], "direct", _cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, frame_end)))
            covered.append((q[0], frame_end))
            prev_frame_end = frame_end
            continue
        before = _frame_before(text, sent.start, q[0])
        if before is not None:
            mention, cue = before
            out.append(Statement([inner], "direct", _cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, q[1])))
            covered.append((sent.start, q[1]))
            prev_frame_end = q[1]
            continue
        prev_frame_end = None
        # a paragraph that is all quote: speaker comes from context later
        if not text[para.start : q[0]].strip() and _words(text[q[1] : para.end]) <= 2 and q is quotes[0]:
            out.append(Statement([inner], "direct", None, None,
                                 Mention(q[0], q[0], "", "context"),
                                 paragraph=p_index, sentence=(q[0], q[1])))
            covered.append(q)
    return out, covered


def _cue_text(cue: re.Match[str]) -> str:
    return " ".join(cue.group(0).split()).lower()


# --------------------------------------------------------------------------
# Reported speech
# --------------------------------------------------------------------------


def _clause_subject(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """The subject at the head of the clause when adjuncts stand before the verb.

    "Russian Ambassador to Washington Anatoly Antonov on Saturday, January 15,
    in an interview with Newsweek magazine said …": comma segments are tried
    left to right, skipping introductory ones ("On the same day", "In a
    statement") and dates.
    """
    for seg in re.finditer(r"[^,;]+", text[sent_start:cue_start]):
        s = sent_start + seg.start()
        while s < cue_start and text[s] in " \"“”":
            s += 1
        segment = text[s : sent_start + seg.end()]
        if not segment.strip() or _INTRO_WORDS.match(segment) or re.match(r"[A-Z][a-z]+ \d", segment):
            continue
        m = mention_starting_at(text, s, sent_start + seg.end())
        if m is not None and m.kind != "context":
            return m
    return None


def _in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink a content span to its words (keep a closing quote mark if opened inside)."""
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-."):
        e -= 1
    # keep quote marks balanced inside the span
    inside = text[s:e]
    opens = sum(inside.count(c) for c in "“«")
    closes = sum(inside.count(c) for c in "”»")
    if closes > opens and inside[-1:] in "”»" and inside[:1] not in "“«":
        e -= 1
        while e > s and text[e - 1] in ",. ":
            e -= 1
    if text[s:e][:1] in "“«" and opens > closes and e < len(text) and text[e:e + 1] in "”»":
        e += 1
    return s, e


_UP_TO_THAT = re.compile(r"\s+(?:[\w’'.\-]+\s+){0,6}?(?=that\b)")


def _skip_object(text: str, pos: int, end: int) -> int:
    """Skip a hearer or an adjunct before "that": "told Peskov that",
    "warning NATO and the US that", "said during the interview that"."""
    m = _UP_TO_THAT.match(text, pos, end)
    return m.end() if m else pos


def _inner_clause_cut(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> int:
    """Where a second speech clause starts inside content ("…, though he stressed that …")."""
    for cue in CUE_RE.finditer(text, s, e):
        if _in_any(cue.start(), quotes):
            continue
        after = text[cue.end() : cue.end() + 8]
        if not re.match(r"\s+that\b|\s*:", after):
            continue
        m = mention_ending_at(text, cue.start(), s)
        if m is None or m.kind == "role" and m.possessor:
            continue
        before = text[s : m.start]
        conj = re.search(r"(?:,\s*|\b)(?:though|although|but|and|while|as|because)?\s*$", before)
        if before.rstrip().endswith(",") or (conj and conj.group(0).strip(" ,")):
            cut = m.start
            while cut > s and text[cut - 1] in " ,":
                cut -= 1
            w = re.search(r"\b(?:though|although|but|and|while|as|because)\s*$", text[s:cut])
            if w:
                cut = s + w.start()
            return cut
    return e


def _weak_ok(lemma: str, content: str, text_after_cue: str) -> bool:
    has_quote = any(c in content for c in _DOUBLE)
    if lemma == "express":
        first = re.findall(r"[a-z]+", content.lower())[:3]
        return bool(set(first) & EXPRESSED_OBJECTS)
    if lemma in ("call", "describe"):
        return has_quote or bool(re.match(r"\s*\w+(?:\s+\w+){0,4}\s+as\b", text_after_cue))
    if lemma == "continue":
        return has_quote or bool(re.match(r"\s*(?:to\s+(?:say|insist|argue|claim)|:)", text_after_cue))
    return has_quote or bool(re.match(r"\s*(?:that\b|:)", text_after_cue)) or (
        lemma in ("believe",) and _words(content) >= 5
    )


def _reported_in_sentence(
    text: str, sent: Span, quotes: list[tuple[int, int]], p_index: int
) -> list[Statement]:
    out: list[Statement] = []
    s0, s1 = sent.start, sent.end
    done_until = s0

    # "According to X, …" / "…, according to X."
    for acc in ACCORDING_TO_RE.finditer(text, s0, s1):
        if _in_any(acc.start(), quotes):
            continue
        m = mention_starting_at(text, acc.end(), s1)
        if m is None:
            continue
        if acc.start() - s0 <= 2 or text[s0:acc.start()].strip(" ,") == "":
            comma = text.find(",", m.end, s1)
            if comma < 0:
                continue
            cs, ce = _trim(text, comma + 1, s1)
        else:
            cs, ce = _trim(text, s0, acc.start())
        if _words(text[cs:ce]) < _MIN_CONTENT_WORDS:
            continue
        out.append(Statement([(cs, ce)], "indirect", "according to", (acc.start(), acc.end()),
                             m, paragraph=p_index, sentence=(s0, s1)))
        done_until = max(done_until, ce, m.end)

    pos = s0
    while True:
        cue = CUE_RE.search(text, pos, s1)
        if cue is None:
            break
        pos = cue.end()
        if _in_any(cue.start(), quotes) or cue.start() < done_until:
            continue
        if any(st.parts[0][0] <= cue.start() < st.parts[-1][1] for st in out):
            continue
        form = " ".join(cue.group(0).split()).lower()
        lemma = CUE_FORMS[form]
        participle = form.endswith("ing")
        if participle and re.search(r"(?:\b(?:a|an|the|his|her|its|their)|[’']s)\s+$", text[s0:cue.start()]):
            continue  # "the minister's warning": a noun
        left = text[s0 : cue.start()]
        inverted = False
        if participle:  # "…, warning NATO that …": the clause's subject speaks
            subject = _clause_subject(text, s0, cue.start())
        else:
            subject = mention_ending_at(text, cue.start(), s0)
            if subject is None and re.search(r",\s*$", left) and _words(left) >= _MIN_CONTENT_WORDS:
                cand = mention_starting_at(text, cue.end(), s1)  # "…, said Peskov."
                if cand is not None and _TRAILING_TAG_TAIL.match(text[cand.end : s1]):
                    subject, inverted = cand, True
            if subject is None and not re.search(r"\bthat\s*$", left):
                subject = _clause_subject(text, s0, cue.start())
        if subject is None:
            continue
        tail = text[(subject.end if inverted else cue.end()) : s1]
        left_of_subject = text[s0 : subject.start] if not inverted else text[s0 : cue.start()]
        comma_before = re.search(r",[\"”’]*\s*$", left_of_subject)
        if comma_before and _words(left_of_subject) >= _MIN_CONTENT_WORDS and (
            _TRAILING_TAG_TAIL.match(tail) or inverted
        ):
            # trailing tag: "…, Peskov said (on Sunday)."
            cs, ce = _trim(text, s0, s0 + comma_before.start())
            # a leading parenthetical tag of an earlier statement is not content
            if _words(text[cs:ce]) >= _MIN_CONTENT_WORDS:
                st = Statement([(cs, ce)], "indirect", _cue_text(cue), (cue.start(), cue.end()),
                               subject, paragraph=p_index, sentence=(s0, s1))
                st.tag_only_pronoun = subject.kind == "pronoun"
                out.append(st)
            break
        # parenthetical: "In fact, Antonov stressed, the world is …"
        after_cue = text[cue.end() : s1]
        if comma_before and re.match(r"\s*,", after_cue):
            parts = []
            a = _trim(text, s0, s0 + comma_before.start())
            if _words(text[a[0] : a[1]]) >= _MIN_CONTENT_WORDS:
                parts.append(a)
            b = _trim(text, cue.end() + after_cue.index(",") + 1, s1)
            if _words(text[b[0] : b[1]]) >= _MIN_CONTENT_WORDS:
                parts.append(b)
            if parts:
                out.append(Statement(parts, "indirect", _cue_text(cue), (cue.start(), cue.end()),
                                     subject, paragraph=p_index, sentence=(s0, s1)))
                done_until = s1
            continue
        # forward: "X said (that) …"
        start = cue.end() if lemma in ("call", "describe") else _skip_object(text, cue.end(), s1)
        skip = _THAT_SKIP.match(text, start, s1)
        cstart = skip.end() if skip else start
        if lemma in ("call", "describe"):
            cend = _callee_end(text, cstart, s1, quotes)
        else:
            cend = _inner_clause_cut(text, cstart, s1, quotes)
        cs, ce = _trim(text, cstart, cend)
        content = text[cs:ce]
        if _words(content) < _MIN_CONTENT_WORDS:
            continue
        if lemma in WEAK_CUES and not _weak_ok(lemma, content, text[cue.end() : s1]):
            continue
        co = []
        if subject.kind == "name":
            co = [m for m in coordinated_names(text, subject.end, cue.start())
                  if re.match(r"\s+and\s", text[subject.end : subject.end + 5])]
        st = Statement([(cs, ce)], "indirect", _cue_text(cue), (cue.start(), cue.end()),
                       subject, paragraph=p_index, sentence=(s0, s1))
        st.co_mentions = co  # type: ignore[attr-defined]
        out.append(st)
        done_until = ce if cend == s1 else cend
        pos = max(pos, cend)
    return out


def _callee_end(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> int:
    """For "called X '…'": the content ends with the quote (or at the clause's end)."""
    for qs, qe in quotes:
        if start <= qs < end and _words(text[start:qs]) <= 4:
            return qe
    m = re.compile(r"[,;—–]|\s-\s").search(text, start, end)
    return m.start() if m else end


# --------------------------------------------------------------------------
# Document
# --------------------------------------------------------------------------


def _speaker_display_name(ent: Entity) -> str:
    """Organisation names read as their country adjective: "Russia's Foreign Ministry" -> "Russian Foreign Ministry"."""
    if ent.kind != "organization":
        return ent.name
    m = re.match(r"^(\w[\w ]*?)[’']s\s+(.+)$", ent.name)
    if m and m.group(1) in COUNTRY_OF:
        country = COUNTRY_OF[m.group(1)]
        return f"{ADJECTIVE_OF.get(country, m.group(1))} {m.group(2)}"
    return re.sub(r"^the\s+", "", ent.name, flags=re.I)


def find_statements(text: str, body_start: int = 0) -> tuple[list[Statement], DocumentEntities]:
    """All statements of an article, in reading order, with resolved speakers."""
    entities = DocumentEntities(text, body_start)
    found: list[Statement] = []
    for p_index, para in enumerate(paragraphs(text, body_start)):
        direct, covered = _direct_statements(text, para, p_index)
        quotes = find_quotes(text, para)
        reported: list[Statement] = []
        for sent in sentences(text, para):
            if any(cs <= sent.start < ce or sent.start <= cs < sent.end for cs, ce in covered):
                # the sentence holds a direct statement's quote or frame; look
                # only at what stands outside them
                rest = [(sent.start, sent.end)]
                for cs, ce in covered:
                    rest = [piece for a, b in rest for piece in ((a, min(b, cs)), (max(a, ce), b)) if piece[1] - piece[0] > 0]
                for a, b in rest:
                    if _words(text[a:b]) >= 6:
                        reported.extend(_reported_in_sentence(text, Span(a, b), quotes, p_index))
                continue
            reported.extend(_reported_in_sentence(text, sent, quotes, p_index))
        found.extend(direct)
        found.extend(reported)
    found.sort(key=lambda st: (st.mention.start if st.mention.kind != "context" else st.start, st.start))

    resolved: list[Statement] = []
    last: Statement | None = None
    for st in found:
        if st.mention.kind == "context":
            # all-quote paragraph: the speaker of the statement just before
            if last is None or last.speaker is None or st.paragraph - last.paragraph > 1:
                continue
            st.speaker = last.speaker
            st.cue = None
        else:
            st.speaker = entities.resolve(st.mention)
        if st.speaker is None:
            continue
        for co in getattr(st, "co_mentions", []):
            ent = entities.resolve(co)
            if ent is not None and ent is not st.speaker:
                st.co_speakers.append(ent)
        # "…. This could destabilize Europe, she said." continues the previous statement
        if (
            st.tag_only_pronoun and last is not None and last.speaker is st.speaker
            and last.paragraph == st.paragraph and last.quote_type == "indirect"
            and last.end <= st.start
        ):
            last.parts.extend(st.parts)
            continue
        resolved.append(st)
        last = st
    for ent in entities.entities:
        ent.name = _speaker_display_name(ent)
    return resolved, entities
