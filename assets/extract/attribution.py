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

import bisect
import re
from dataclasses import dataclass, field

from assets.extract.lexicon import (
    ACCORDING_TO_RE,
    ADJECTIVE_OF,
    COUNTRY_OF,
    CUE_FORMS,
    CUE_RE,
    EXPRESSED_OBJECTS,
    SENTENCE_INITIAL_CUES,
    WEAK_CUES,
)
from assets.extract.mentions import (
    AUX_RE,
    CAP_SEQ,
    DocumentEntities,
    Entity,
    Mention,
    coordinated_names,
    descriptor_mention,
    mention_ending_at,
    mention_starting_at,
    parse_name_mention,
)
from assets.extract.segment import Span, SpanIndex, is_abbreviation, paragraphs, sentences

_OPENERS = "“„«‘"
_CLOSERS = "”»’"
_DOUBLE = "\"“”„«»"
_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_MIN_DIRECT_WORDS = 4
_MIN_CONTENT_WORDS = 3

_INTRO_WORDS = re.compile(
    r"^(?:in|on|at|during|after|before|since|while|when|although|though|however|but|and|"
    r"also|meanwhile|moreover|earlier|later|last|this|speaking|asked|according|unless|if|"
    r"as|with|without|by|for|from|under|over|despite|following|today|yesterday|the day|"
    r"on the same day|in conclusion|in addition|in fact|at the same time|amid|even|"
    r"previously|well|still|yet|now|instead|indeed|again|so|then|here|there|overall|"
    r"similarly|likewise|nonetheless|nevertheless|otherwise|separately|finally|"
    r"lastly|ultimately|notably|importantly|specifically|yes|oh|sure|"
    r"plus|besides|thus|hence|therefore|regardless|to be sure|of course)(?![\w-])",
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
# "…, Carson said after the attacks.": a tag may end with an adjunct phrase of
# a few words of any kind, if it has no clause of its own (no "that", no verb)
_TAG_ADJUNCT = re.compile(
    r"^\s+(?:on|in|at|during|after|before|following|while|when|to|from|with|about|of|for|via)\b"
    r"(?P<rest>(?:\s+[\w’'.\-]+){1,9})\s*[.!?]?[\"”’]*\s*$"
)
_FINITE = re.compile(r"\b(?:that|is|are|was|were|will|would|has|have|had|can|could|should|did|does|do)\b")
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
    for mark in _QUOTE_MARK.finditer(text, span.start, span.end):
        i = mark.start()
        ch = text[i]
        prev = text[i - 1] if i > span.start else " "
        nxt = text[i + 1] if i + 1 < span.end else " "
        prev_space = prev.isspace() or prev in "([—–-/" or i == span.start
        next_space = nxt.isspace() or nxt in ".,;:!?)]—–" or i + 1 == span.end
        if ch in "“„«":
            # a left mark typed for a right one ("…here,“ said") closes an open quote
            is_open = not (open_at is not None and not prev_space and next_space)
        elif ch in "”»":
            is_open = prev_space and not next_space and open_at is None
        else:
            is_open = open_at is None if prev_space == next_space else prev_space
        if open_at is None:
            if is_open:
                open_at = i
        elif not is_open or (ch == '"' and not prev_space) or ch in "”»“":
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


# a stop that ends a sentence: what follows starts a new one (capital, quote, digit)
_STOP = re.compile(r"[.!?](?:[\"”’)]*)(?=\s*$|\s+[\"“‘'(\[]?[A-Z0-9])")


def _sentence_end(text: str, pos: int, limit: int) -> int:
    """End of the sentence running at `pos`; "Mr." or "R." in a name do not end it."""
    for m in _STOP.finditer(text, pos, limit):
        if not is_abbreviation(text, m.start()):
            return m.end()
    return limit


_NYT_QUOTE = re.compile(r"(?<!'')''(?!')")  # in `'''` an inner quote ends, then the outer one


def quote_view(text: str) -> str:
    """The text with `''` quote pairs (NYT style) written as `"`, offsets kept.

    An opening `''` becomes ` "` and a closing one `" `, so every rule that
    knows double quotes reads them, and a statement's offsets still slice the
    original text.
    """
    def repl(m: re.Match[str]) -> str:
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.end()] if m.end() < len(text) else " "
        opening = (before.isspace() or before in "([—–-/") and not after.isspace()
        return ' "' if opening else '" '
    return _NYT_QUOTE.sub(repl, text) if "''" in text else text


# --------------------------------------------------------------------------
# Direct quotes
# --------------------------------------------------------------------------


_APPOSITION = re.compile(
    r"\s*(?:\([^()\"“”]{1,40}\))?\s*(?:,[^\"“”,]{1,200}(?:,[^\"“”,]{1,120})?,)?"
)


def _subject_before_cue(text: str, start: int, cue_start: int) -> Mention | None:
    """The subject between a closing quote and its verb: `"…," X said`.

    Accepts a name or role mention ("Republican candidate Donald Trump"), one
    followed by an apposition or relative clause ("Paris, who used to work on
    Capitol Hill, said"), or a description ("the New York businessman").
    """
    m = mention_ending_at(text, cue_start, start)
    if m is not None:
        prefix = text[start : m.start]
        if m.start <= start + 1 or (len(prefix.split()) <= 5 and not re.search(r"[,;:.!?\"“”]", prefix)):
            return m
    for candidate in (mention_starting_at(text, start, cue_start), descriptor_mention(text, start, cue_start)):
        if candidate is None:
            continue
        rest_at = candidate.end
        appos = _APPOSITION.match(text, rest_at, cue_start)
        if appos:
            rest_at = appos.end()
        if AUX_RE.match(text[rest_at:cue_start]):
            return _apposed_name(text, candidate, cue_start)
    return None


_APPOSED_NAME = re.compile(r"\s*,\s*(?=[A-Z])")


def _apposed_name(text: str, m: Mention, limit: int) -> Mention:
    """A role or description followed by the name it describes is that name:
    "the White House press secretary, Josh Earnest, said" speaks as Josh Earnest."""
    if m.kind not in ("role", "descriptor"):
        return m
    comma = _APPOSED_NAME.match(text, m.end, limit)
    if comma is None:
        return m
    name = mention_starting_at(text, comma.end(), limit)
    if name is None or name.kind != "name" or " " not in (name.name or ""):
        return m
    if not re.match(r"\s*(?:\([^()]{1,30}\))?\s*,", text[name.end : limit]):
        return m
    name.role = name.role or m.role
    name.country = name.country or m.country
    return name


_DOUBLE_RE = re.compile(r"[\"“”„«»]")


def _frame_stop(text: str, pos: int, end: int) -> int:
    """Where a frame after a quote ends: at the sentence's end, or at the next
    quotation unless that is a title of a few capitalised words or a word or
    three quoted inside the frame (`said on NBC's "Meet the Press."`, `who
    noted that prices had "cratered"` stay in the frame)."""
    while True:
        opener = _DOUBLE_RE.search(text, pos, end)
        if opener is None:
            return end
        closer = _DOUBLE_RE.search(text, opener.end(), end)
        title = text[opener.end() : closer.start()] if closer else ""
        words = re.findall(r"[^\W\d_]+", title)
        title = bool(words) and len(words) <= 5 and all(w[0].isupper() for w in words if len(w) > 3)
        if closer is None or not words or not (title or len(words) <= 3):
            return opener.start()  # a quotation of its own starts here
        pos = closer.end()


def _frame_after(text: str, q_end: int, limit: int) -> tuple[Mention, re.Match[str], int] | None:
    """`"…," Zakharova said.` or `"…," said Peskov.`: (mention, cue, frame end)."""
    end = _frame_stop(text, q_end, _sentence_end(text, q_end, limit))
    tail = text[q_end:end]
    lead = re.match(r"[\s,—–―-]*", tail)
    lead_len = lead.end() if lead else 0
    start = q_end + lead_len
    cues = list(CUE_RE.finditer(text, start, min(end, start + 160)))
    if not cues:
        acc = ACCORDING_TO_RE.match(text, start)
        if acc:
            m = mention_starting_at(text, acc.end(), end)
            if m:
                return m, acc, max(m.end, acc.end())
        return _dash_credit(text, q_end, limit) or _verb_frame_after_unless_final(text, q_end, start, end)
    for cue in cues:  # the first verb whose subject fits ("the states suing …, said")
        if text[start : cue.start()].strip():
            m = _subject_before_cue(text, start, cue.start())
        else:
            m = mention_starting_at(text, cue.end(), end) or descriptor_mention(text, cue.end(), end)
        if m is not None:
            return m, cue, end
    return _verb_frame_after_unless_final(text, q_end, start, end)


def _verb_frame_after_unless_final(text: str, q_end: int, start: int, end: int) -> tuple[Mention, re.Match[str], int] | None:
    """Any verb frames a quote that ends with a comma, "?" or "!"; after a
    quote closing its sentence (`…terrorists."`) a verb of saying is needed:
    `Mr. Ahmed agreed with her` is the next sentence."""
    if re.search(r"\.[\"”’»'\s]*$", text[max(0, q_end - 4) : q_end]):
        return None
    return _verb_frame_after(text, start, end)


_VERB_WORD = re.compile(
    r"\b(?:[a-z]+ed|[a-z]+s|said|told|wrote|read|spoke|put|cracked|shot|fired)\b(?=[\s.,;:!?]|$)"
)


def _verb_frame_after(text: str, start: int, end: int) -> tuple[Mention, re.Match[str], int] | None:
    """`"…," an angry Hollande retaliated.`: right after a quote, a subject
    and any verb are a speech frame (riffed, cracked, quipped, posted)."""
    found = list(_VERB_WORD.finditer(text, start, min(end, start + 120)))
    # a past tense before a present one: "federal prosecutors wrote" (not "prosecutors")
    for verb in sorted(found, key=lambda v: (v.group(0).endswith("s"), v.start())):
        subject = _subject_before_cue(text, start, verb.start())
        if subject is None:
            subject = descriptor_mention(text, start, verb.start(), loose=True)
            if subject is None or not AUX_RE.match(text[subject.end : verb.start()]):
                continue
        if subject.kind == "pronoun" and subject.text.lower() == "it":
            return None
        if _words(text[verb.end() : end]) > 10:
            return None
        return subject, re.compile(r"(?P<verb>\w+)").match(text, verb.start()), end
    return None


_DASH_CREDIT = re.compile(r"\s*(?:[―—–]|--?)\s*")


def _dash_credit(text: str, q_end: int, limit: int) -> tuple[Mention, re.Match[str], int] | None:
    """A quote credited by a dash at the end of its paragraph: `"…" ― Edwin G. Monroy`."""
    dash = _DASH_CREDIT.match(text, q_end, limit)
    if dash is None or dash.end() == q_end:
        return None
    line_end = text.find("\n", dash.end(), limit)
    limit = limit if line_end < 0 else line_end
    m = mention_starting_at(text, dash.end(), limit)
    if m is None or m.kind not in ("name", "org"):
        return None
    rest = text[m.end : limit]
    if not re.fullmatch(r"\s*(?:,[^\"“”]{0,150})?[.\s]*", rest):
        return None
    credit = re.match(r"[―—–-]+", text[dash.start():].lstrip())
    cue = re.compile(re.escape(credit.group(0)) if credit else "-").search(text, q_end, dash.end())
    return (m, cue, limit) if cue else None


def _subject_verb_frame(text: str, sent_start: int, q_start: int) -> tuple[Mention, re.Match[str]] | None:
    """`Hillary Clinton cracked, "…"`, `She then addressed the supporters
    again: "…"`: a subject, a verb of any kind and a comma or colon before
    the quote introduce the subject's words."""
    left = text[sent_start:q_start]
    if not re.search(r"(?::|,)\s*$", left):
        return None
    subject = mention_starting_at(text, sent_start, q_start) or _clause_subject(text, sent_start, q_start, strict=False)
    if subject is None or subject.kind == "context":
        return None
    verb = _ANY_VERB.match(text, subject.end, q_start)
    if verb is None:
        return None
    between = text[verb.end() : q_start]
    if (_words(between) > 4 and not between.rstrip().endswith(":")) or re.search(r"\bthat\b", between):
        return None
    return subject, verb


_SPEAKER_COLON = re.compile(r"[^:\"“”]{2,120}?(?P<verb>:)\s*(?=[\"“])")
_SAID_FIRST = re.compile(rf"(?P<verb>{'|'.join(SENTENCE_INITIAL_CUES)})\s+")


def _relative_antecedent(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """`… this tweet from Rikkie Wells, who tweeted, "…"`: the name before "who"."""
    rel = re.search(r"(?:,\s*|\s)who\s+(?:(?:also|then|later|once|has|had|have)\s+)*$", text[sent_start:cue_start])
    if rel is None:
        return None
    return mention_ending_at(text, sent_start + rel.start(), sent_start, as_subject=False)


def _frame_before(text: str, sent_start: int, q_start: int) -> tuple[Mention, re.Match[str]] | None:
    """`He said: "…"`, `Peskov told CNN: "…"`."""
    left = text[sent_start:q_start]
    if not re.search(r"[:,]\s*$", left):
        return None
    speaker_colon = _SPEAKER_COLON.match(text, sent_start, q_start + 1)
    if speaker_colon:  # a transcript line: `Rep. Trey Gowdy (R-S.C.): "…"`
        m = mention_starting_at(text, sent_start, speaker_colon.end())
        if m is not None and m.kind in ("name", "org") and _APPOSITION.fullmatch(text, m.end, speaker_colon.start(1)):
            return m, speaker_colon
    said = _SAID_FIRST.match(text, sent_start, q_start)
    if said:  # `Said Comey, "…"`
        m = mention_starting_at(text, said.end(), q_start)
        if m is not None:
            return m, said
    cues = list(CUE_RE.finditer(text, sent_start, q_start))
    if not cues:
        return _subject_verb_frame(text, sent_start, q_start)
    cue = cues[-1]
    between = text[cue.end() : q_start]
    if _words(between) > 6 or re.search(r"\bthat\b", between):
        return None
    m = mention_ending_at(text, cue.start(), sent_start)
    if m is None:
        m = _relative_antecedent(text, sent_start, cue.start())
    if m is None:  # "Trump went on the attack, saying, "…"": the clause's subject
        coordinated = re.search(r"\b(?:but|and)\s+(?:then\s+|later\s+)?$", text[sent_start : cue.start()])
        m = _clause_subject(text, sent_start, cue.start(),
                            strict=not (cue.group(0).endswith("ing") or coordinated))
    if m is None:
        return None
    return m, cue


def _short_quote_framed(text: str, sent: Span, q: tuple[int, int], para_end: int) -> bool:
    """A short quote is a statement only when it stands alone with its frame:
    `"Really?" she asked.` or `Wallace then asked, "With nukes?"` (not a
    partial quote inside a sentence, which reported speech keeps)."""
    inner = text[q[0] : q[1]]
    if not re.search(r"[,.!?…][\"”’]*\s*$", inner[:-1] + " ") and not re.search(r"[!?.,]\W*$", inner):
        return False
    alone_before = not text[sent.start : q[0]].strip()
    after = text[q[1] : sent.end].strip()
    if alone_before:  # the frame may stand past a sentence stop: `"All the way!" Dawson shouted`
        return _frame_after(text, q[1], para_end) is not None
    return bool(re.search(r"[:,]\s*$", text[sent.start : q[0]])) and not after.strip(" .")


def _participle_statement(
    text: str, participle: re.Match[str], mention: Mention, sents: SpanIndex,
    quotes: list[tuple[int, int]], p_index: int,
) -> Statement | None:
    """`"…," Twitter said in a statement, adding that it "condemns …"`: the
    participle after a quote's frame is reported speech of the same speaker."""
    cue = CUE_RE.search(text, participle.start(), participle.end())
    sent = sents.at(participle.start())
    if cue is None or sent is None:
        return None
    start = _skip_object(text, cue.end(), sent.end)
    skip = _THAT_SKIP.match(text, start, sent.end)
    cstart = skip.end() if skip else start
    cend = min(_inner_clause_cut(text, cstart, sent.end, quotes), _clause_boundary(text, cstart, sent.end, quotes))
    cs, ce = _trim(text, cstart, cend)
    ce = _close_open_quote(text, cs, ce, quotes)
    if _words(text[cs:ce]) < _MIN_CONTENT_WORDS or text[cs] in _DOUBLE:
        return None  # `adding, "…"` goes on with the quote before it (a split quote)
    return Statement([(cs, ce)], "indirect", _cue_text(cue), (cue.start(), cue.end()),
                     mention, paragraph=p_index, sentence=(sent.start, sent.end))


def _direct_statements(
    text: str, para: Span, p_index: int, quotes: list[tuple[int, int]], sents: SpanIndex,
) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Direct statements of a paragraph, and the spans their frames cover."""
    out: list[Statement] = []
    extra: list[Statement] = []  # reported speech a direct quote's frame goes on to
    covered: list[tuple[int, int]] = []
    prev_frame_end: int | None = None
    for q in quotes:
        inner = _inner(text, q)
        sent = sents.at(q[0]) or Span(para.start, para.end)
        short = _words(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS
        if short and not (out and _words(text[inner[0] : inner[1]])) and not _short_quote_framed(text, sent, q, para.end):
            continue
        # a quote right after the previous statement's frame continues it
        # (measured on PolNeAR: also after a frame that says more, ", adding,"),
        # when the frame is done (`she said. "…"`, `he said, "…"`), not when
        # the quote is part of its clause (`, who said there were "too many …"`)
        frame_text = text[out[-1].parts[-1][1] + 1 : q[0]] if out else ""
        frame_done = (out and re.search(r"[.,:;!?]\s*$", frame_text)
                      and not re.search(r",\s+(?:and|but)\s+\w", frame_text))  # ", and her husband cut in."
        if out and frame_done and prev_frame_end is not None and not text[prev_frame_end : q[0]].strip():
            after = _frame_after(text, q[1], para.end)
            if after is None:
                out[-1].parts.append(inner)
                covered.append(q)
                prev_frame_end = q[1]
                continue
        if short and not _short_quote_framed(text, sent, q, para.end):
            continue  # a few words in quote marks, not after a frame: a partial quote
        after = _frame_after(text, q[1], para.end)
        # the quote opens its sentence, or follows a colon ("…, but with a caveat: "…," the source said")
        opens = not text[sent.start : q[0]].strip() or text[sent.start : q[0]].rstrip().endswith(":")
        if after is not None and opens:
            mention, cue, frame_end = after
            out.append(Statement([inner], "direct", _cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, frame_end)))
            # a participle after the frame starts reported speech of its own:
            # `"…," Twitter said in a statement, adding that it "condemns …"`
            participle = _CLAUSE_BREAKS[0].search(text, q[1], frame_end)
            covered.append((q[0], participle.start() if participle else frame_end))
            if participle:
                follow = _participle_statement(text, participle, mention, sents, quotes, p_index)
                if follow is not None:
                    extra.append(follow)
                    covered.append((participle.start(), follow.end))
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
    covered.sort()
    return out + extra, covered


def _cue_text(cue: re.Match[str]) -> str:
    word = cue.group("verb") if "verb" in cue.re.groupindex else cue.group(0)
    return " ".join(word.split()).lower()


# --------------------------------------------------------------------------
# Reported speech
# --------------------------------------------------------------------------


def _clause_subject(text: str, sent_start: int, cue_start: int, strict: bool = True) -> Mention | None:
    """The subject at the head of the clause when adjuncts stand before the verb.

    "Russian Ambassador to Washington Anatoly Antonov on Saturday, January 15,
    in an interview with Newsweek magazine said …": comma segments are tried
    left to right, skipping introductory ones ("On the same day", "In a
    statement") and dates.
    """
    dateline = _DATELINE.match(text, sent_start, cue_start)
    if dateline:  # "WASHINGTON — Sen. Bernie Sanders (I-Vt.) defended …"
        sent_start = dateline.end()
    for seg in re.finditer(r"[^,;]+", text[sent_start:cue_start]):
        s = sent_start + seg.start()
        while s < cue_start and text[s] in " \"“”":
            s += 1
        segment = text[s : sent_start + seg.end()]
        conj = re.match(r"(?:But|And|So|Yet|Still|Now|Then|Meanwhile|However|Instead)\s+(?=[A-Z])", segment)
        if conj:  # "But Sen. Durbin (D-Ill.), noting …, said"
            s += conj.end()
            segment = text[s : sent_start + seg.end()]
        if not segment.strip() or _INTRO_WORDS.match(segment) or re.match(r"[A-Z][a-z]+ \d", segment):
            continue
        m = mention_starting_at(text, s, sent_start + seg.end())
        if m is None or m.kind == "context":
            continue
        full_name = m.kind == "name" and " " in (m.name or "")
        if not strict or full_name or _SUBJECT_REST.match(text, m.end, sent_start + seg.end()):
            return _apposed_name(text, m, cue_start)
    return None


# A dateline opening a story: "WASHINGTON —", "Washington (AFP) –", "PARIS, France -"
_DATELINE = re.compile(r"[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*){0,2}(?:,\s[A-Z][A-Za-z.]+)?\s*(?:\([A-Za-z ]{2,12}\))?\s*[—–-]{1,2}\s+")

# What may follow a subject inside its comma segment: nothing, auxiliaries, or
# a time or place adjunct ("Antonov on Saturday"); not "Alarmed by the vote".
_SUBJECT_REST = re.compile(
    r"(?:\s*$|\s*\(|\s+(?:on|in|at|during|last|this|earlier|later|yesterday|today|tonight|"
    r"also|then|has|have|had|was|were|is|are|will|would|could|can|may|might|should|"
    r"must|did|does|do|once|again|repeatedly|recently|previously|now|had|who|which|"
    r"[a-z]+ly)\b)"
)


_TAG_APPOSITION = re.compile(r"\s*,[^\"“”]*$")
_TAG_PARTICIPLE = re.compile(r",\s+(?:[a-z]+ly\s+)?[a-z]+ing\b")


# The comma before a trailing tag's subject, maybe with an article or an
# organisation's name in front of a role ("…, DFA spokesman Neil Sroka said").
_TAG_COMMA = re.compile(r",[\"”’]*\s*(?:[Tt]he\s+|[Aa]n?\s+)?(?:[A-Z][\w.&’'-]*\s+){0,3}$")


def _tag_tail_ok(text: str, pos: int, end: int, inverted: bool) -> bool:
    """What follows a trailing tag's verb (or its inverted subject) is only
    time, place or audience ("on Sunday", "in an interview"), an apposition
    of the inverted subject (", Facebook's director"), or a participle clause
    (", noting …") that starts a statement of its own."""
    tail = text[pos:end]
    cut = _TAG_PARTICIPLE.search(tail)
    if cut:
        tail = tail[: cut.start()] + "."
    if _TRAILING_TAG_TAIL.match(tail):
        return True
    adjunct = _TAG_ADJUNCT.match(tail)
    if adjunct and not _FINITE.search(adjunct.group("rest")):
        return True
    # "…, said a former official who oversaw the inquiry."
    return inverted and bool(_TAG_APPOSITION.match(tail) or re.match(r"\s+(?:who|whose)\b[^\"“”]*$", tail))


_BARE_PLURAL_TAG = re.compile(r",[\"”’]*\s+((?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*[^s\W]s)\s+$")


def _bare_plural_tag(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """`…, sources said.`, `…, Republican officials said.`: a bare plural
    noun phrase after the comma of a trailing tag speaks, as a description."""
    m = _BARE_PLURAL_TAG.search(text, sent_start, cue_start)
    if m is None:
        return None
    return descriptor_mention(text, m.start(1), m.end(1), loose=True)


def _descriptor_subject(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """A described subject right before the verb, at the head of its clause:
    "Her advisers said …", "Police officials said …", "The businessman said …"."""
    left = text[sent_start:cue_start]
    aux = AUX_RE.search(left)
    core_end = sent_start + (aux.start() if aux else len(left))
    clause = re.search(r"(?:^|[,;:]\s+|\b(?:and|but|because|while|as|when|though|although)\s+)"
                       r"(?=[^,;:]*$)", text[sent_start:core_end])
    start = sent_start + (clause.end() if clause else 0)
    m = descriptor_mention(text, start, core_end)
    if m is None or m.end != core_end or len(m.text.split()) > 6:
        return _counted_group(text, start, core_end)
    if not re.match(r"[A-Z]|(?:the|a|an|his|her|their|its|our|my|some|several|many|most|two|three)\b", m.text):
        return None
    return m


_COUNTED_GROUP = re.compile(
    r"(?:(?:[Aa]t least|[Aa]bout|[Nn]early|[Aa]lmost|[Mm]ore than|[Ff]ewer than|[Rr]oughly|[Oo]nly|[Jj]ust)\s+)?"
    r"(?:[Hh]alf|[Mm]ost|[Mm]any|[Ss]ome|[Ff]ew|\d[\d,.]*%?|\d+ percent|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|"
    r"[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Aa] (?:majority|third|quarter|plurality))"
    r"(?:\s+(?:in|out of)\s+\d+)?(?:\s+(?:of|among))?\s+[^,;:]{0,80}?[a-z]s$"
)
_FINITE_IN_GROUP = re.compile(r"\b(?:is|are|was|were|has|have|had|will|would|did|does|do|said|says)\b")


def _counted_group(text: str, start: int, end: int) -> Mention | None:
    """A counted group of people: "At least half of voters in each state say …",
    "About four in 10 Republican primary voters say …" (polls)."""
    phrase = text[start:end].strip()
    if not _COUNTED_GROUP.fullmatch(phrase) or _FINITE_IN_GROUP.search(phrase) or len(phrase.split()) > 12:
        return None
    head = phrase.split()[-1].lower()
    return Mention(start, start + len(phrase), phrase, "descriptor", role=phrase, head=head)


def _in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` lies in one of `spans` (sorted, disjoint: quotes of a paragraph)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


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
    if opens > closes:
        # a quotation opened inside closes right after the cut: `“red line,”`
        close = re.match(r"[,.]?[”»]", text[e : e + 2])
        if close:
            e += close.end()
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


_PARTICIPLE_CUES = "|".join(sorted((f for f in CUE_FORMS if f.endswith("ing")), key=len, reverse=True))
_SUBJECT_NP = (
    r"(?:he|she|they|it|we|I|[A-Z][\w’'.\-]*(?:\s+[A-Z][\w’'.\-]*){0,3}|"
    r"(?:the|a|an|many|some|most|his|her|their|its|other|several)\s+(?:[\w’'\-]+\s+){0,3}?[\w’'\-]+)"
)
_AUX_WORDS = r"(?:(?:has|have|had|is|was|were|are|will|would|could|also|then|later|still|now)\s+)*"
_CLAUSE_BREAKS = (
    # a participle that starts a statement of its own: ", adding that …",
    # `"corrupt," noting that …`, "before claiming that …"
    re.compile(rf",[\"”’']*\s+(?:[a-z]+ly\s+)?(?:{_PARTICIPLE_CUES})\b"),
    re.compile(rf"\s(?:before|after|while|by|when)\s+(?:{_PARTICIPLE_CUES})\b"),
    # a second verb phrase of the speaker: ", but did not suggest …", ", and agreed that …"
    re.compile(r"(?:,[\"”’']*\s+(?:and|but)|\s+but)\s+(?:(?:did|does|do|has|had|have|was|is|would|will|also|"
               r"then|later|quickly|not|never)\s+)*(?:[a-z]+ed|did|said|told|made|took|gave|went)\b"),
    # a new clause with a pronoun subject: ", it would seem as if …"
    re.compile(rf",[\"”’']*\s+(?:he|she|it|they|we|I)\s+{_AUX_WORDS}(?:[a-z]+ed|[a-z]+s|would|will|can|could|"
               rf"should|might|may|must|did|said|told)\b"),
    # a relative clause about the content's last noun: ", which would give …"
    re.compile(r",[\"”’']*\s+which\b"),
    # the speaker's next act: "… and criticized him for …", "— asserting that …",
    # "before floating the idea …", "as he faces …", ", an acknowledgment that …"
    re.compile(rf"[\"”’']*\s+and\s+(?:also\s+)?(?:{CUE_RE.pattern[5:-3]})\b"),
    re.compile(rf"[\"”’']*\s[—–]\s+(?:[a-z]+ly\s+)?(?:{_PARTICIPLE_CUES})\b"),
    re.compile(r"[\"”’']*\s(?:before|after|while)\s+[a-z]+ing\b"),
    re.compile(r"[\"”’']*\s+as\s+(?:he|she|they|it|we)\s+[a-z]+s\b"),
    re.compile(r",[\"”’']*\s+(?:an?|the)\s+[a-z]+\s+that\b"),
    # a coordinated clause with its own subject and verb: ", but he conceded …"
    re.compile(rf"(?:,\s+|;\s+|\s[—–]\s+)(?:and|but|yet|so|while|though|although|whereas)\s+"
               rf"{_SUBJECT_NP}\s+{_AUX_WORDS}(?:[a-z]+ed|[a-z]+s|said|told|wrote|made|took|gave|"
               rf"went|came|saw|thought|did|can|could|would|will|should)\b"),
    # a new speech clause after a comma: ", he said there is …"
    re.compile(rf",[\"”’']*\s+{_SUBJECT_NP}\s+{_AUX_WORDS}(?:{CUE_RE.pattern[5:-3]})\b"),
    re.compile(r";\s+"),
)


def _clause_boundary(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> int:
    """Where reported content ends: before a clause that is not part of what
    was said (", adding that …", ", but he conceded …", ", he said …", "; …")."""
    best = e
    for pattern in _CLAUSE_BREAKS:
        for m in pattern.finditer(text, s, best):
            if not _in_any(m.end() - 1, quotes) and m.start() - s >= 3:
                best = m.start()
                break
    return best


def _close_open_quote(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> int:
    """Content that stops inside a quotation runs on to the quotation's end:
    `said the Trump "train may have left the station. I don't want …"`."""
    for qs, qe in quotes:
        if s <= qs < e < qe:
            return qe
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
    text: str, sent: Span, quotes: list[tuple[int, int]], p_index: int, clause_start: int | None = None
) -> list[Statement]:
    """Reported speech in `sent`, which may be the rest of a sentence after a
    direct quote's frame; `clause_start` is where that sentence starts, where
    a participle's subject is looked for."""
    out: list[Statement] = []
    s0, s1 = sent.start, sent.end
    done_until = s0

    # "According to X, …" / "…, according to X."
    for acc in ACCORDING_TO_RE.finditer(text, s0, s1):
        if _in_any(acc.start(), quotes):
            continue
        m = mention_starting_at(text, acc.end(), s1) or descriptor_mention(text, acc.end(), s1)
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
            subject = _clause_subject(text, min(s0, clause_start if clause_start is not None else s0),
                                      cue.start(), strict=False)
        else:
            subject = (mention_ending_at(text, cue.start(), s0) or _relative_antecedent(text, s0, cue.start())
                       or _bare_plural_tag(text, s0, cue.start()))
            if subject is None and re.search(r",[\"”’]*\s*$", left) and _words(left) >= _MIN_CONTENT_WORDS:
                # "…, said Peskov." / "…, said Katie Harbath, Facebook's director."
                cand = mention_starting_at(text, cue.end(), s1) or descriptor_mention(text, cue.end(), s1)
                if cand is not None and _tag_tail_ok(text, cand.end, s1, inverted=True):
                    subject, inverted = cand, True
            if subject is None and not re.search(r"\bthat\s*$", left):
                subject = _clause_subject(text, s0, cue.start()) or _descriptor_subject(text, s0, cue.start())
            if subject is None and re.search(r"\b(?:and|but)\s+(?:then\s+|also\s+|later\s+)?$", left):
                # "the Wisconsin Republican criticized the policy and said …": the first verb's subject
                found = _subject_and_verb(text, s0, cue.start())
                subject = found[0] if found else None
        if subject is None:
            continue
        tail = text[(subject.end if inverted else cue.end()) : s1]
        left_of_subject = text[s0 : subject.start] if not inverted else text[s0 : cue.start()]
        comma_before = _TAG_COMMA.search(left_of_subject)
        if comma_before and _words(left_of_subject) >= _MIN_CONTENT_WORDS and (
            _tag_tail_ok(text, subject.end if inverted else cue.end(), s1, inverted) or inverted
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
            cend = min(_inner_clause_cut(text, cstart, s1, quotes), _clause_boundary(text, cstart, s1, quotes))
        cs, ce = _trim(text, cstart, cend)
        ce = _close_open_quote(text, cs, ce, quotes)
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
    for q in quotes:
        if s0 <= q[0] < s1 and not any(a <= q[0] < b for st in out for a, b in st.parts):
            quoted = _quoted_words_clause(text, s0, s1, q, p_index)
            if quoted is not None and not any(st.start < quoted.end and quoted.start < st.end for st in out):
                out.append(quoted)
    return out


# A verb right after a subject: "has hailed", "repeatedly called", "warns".
_ANY_VERB = re.compile(
    r"\s+(?:(?:has|have|had|is|was|were|are|also|again|once|repeatedly|then|later|"
    r"long|never|often|recently|[a-z]+ly)\s+)*(?P<verb>[a-z]+(?:ed|es|s)|said|told|"
    r"made|gave|took|put|wrote|spoke|thought|saw|held|kept|felt|got|went|brought)\b"
)


def _verb_after(text: str, m: Mention, limit: int) -> re.Match[str] | None:
    appos = _APPOSITION.match(text, m.end, limit)
    verb = _ANY_VERB.match(text, appos.end() if appos and appos.group(0).strip() else m.end, limit)
    if verb is None or _words(text[verb.end() : limit]) > 12:
        return None
    return verb


def _subject_and_verb(text: str, s0: int, q_start: int) -> tuple[Mention, re.Match[str]] | None:
    """The subject and verb of the clause a quotation stands in: the clause's
    subject ("Trump has hailed …"), else the last full name followed by a verb
    ("… when House Speaker Paul D. Ryan lamented …"), else a described
    subject at the head of the sentence ("The agency declined …")."""
    subject = _clause_subject(text, s0, q_start, strict=False) or mention_starting_at(text, s0, q_start)
    if subject is not None and not (subject.kind == "pronoun" and subject.text.lower() not in ("he", "she")):
        verb = _verb_after(text, subject, q_start)
        if verb is not None:
            return subject, verb
    for cap in reversed(list(_CAP_RUN.finditer(text, s0, q_start))):
        m = parse_name_mention(text, cap.start(), cap.end())
        if m is not None and m.kind in ("name", "org") and (m.kind == "org" or " " in (m.name or "")):
            verb = _verb_after(text, m, q_start)
            if verb is not None:
                return m, verb
    described = descriptor_mention(text, s0, q_start)
    if described is not None and described.definite:
        verb = _verb_after(text, described, q_start)
        if verb is not None:
            return described, verb
    return None


_CAP_RUN = re.compile(CAP_SEQ)


def _quoted_words_clause(
    text: str, s0: int, s1: int, q: tuple[int, int], p_index: int
) -> Statement | None:
    """`Trump has hailed Britain’s vote as “fantastic,”`: a named subject,
    any verb, and words in quote marks in its clause. The quote marks say
    the words are the subject's even when the verb is not one of saying;
    titles and names in quotes ("Gang of Eight") do not count."""
    words = re.findall(r"[^\W\d_]+", text[q[0] : q[1]])
    if not words or all(w[0].isupper() for w in words if len(w) > 3):
        return None  # a title or a name in quotes
    found = _subject_and_verb(text, s0, q[0])
    if found is None:
        return None
    subject, verb = found
    end = max(_callee_end(text, verb.end(), s1, [q]), q[1])
    end = min(end, _clause_boundary(text, q[1], s1, [q]))
    cs, ce = _trim(text, verb.end(), end)
    skip = _THAT_SKIP.match(text, cs, ce)
    if skip:
        cs = skip.end()
    if _words(text[cs:ce]) < 2:
        return None
    return Statement([(cs, ce)], "indirect", verb.group("verb"), (verb.start("verb"), verb.end("verb")),
                     subject, paragraph=p_index, sentence=(s0, s1))


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


def _join_trailing_quotes(
    text: str, quotes: list[tuple[int, int]], sents: SpanIndex, stmts: list[Statement],
) -> None:
    """A quotation that opens the sentence right after a statement and has no
    frame of its own goes on with that statement: `X says people should be
    able to use the bathroom they prefer. "It is their life …"`."""
    if not stmts:
        return
    parts = sorted(p for st in stmts for p in st.parts)
    part_starts = [a for a, _ in parts]
    by_end = sorted(stmts, key=lambda st: st.end)
    ends = [st.end for st in by_end]
    for q in quotes:
        inner = _inner(text, q)
        if _words(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS:
            continue
        i = bisect.bisect_right(part_starts, inner[1]) - 1
        if i >= 0 and parts[i][1] > inner[0]:
            continue  # already part of a statement
        sent = sents.at(q[0])
        if sent is None or text[sent.start : q[0]].strip():
            continue
        j = bisect.bisect_right(ends, q[0]) - 1
        if j < 0:
            continue
        prev = by_end[j]
        prev_sentence_end = max(prev.sentence[1], prev.end)
        if text[prev_sentence_end : q[0]].strip(" " + _DOUBLE):
            continue  # something stands between: not a continuation
        prev.parts.append(inner)


def _colon_frame(text: str, para: Span, sents: SpanIndex) -> tuple[Mention, re.Match[str]] | None:
    """A paragraph ending in a speech frame and a colon ("Cruz continued:"),
    whose words follow in the next paragraph."""
    if not text[para.start : para.end].rstrip().endswith(":"):
        return None
    last = sents.spans[-1]
    return _frame_before(text, last.start, para.end)


def _take_colon_frame(
    text: str, para: Span, p_index: int, frame: tuple[Mention, re.Match[str]],
    direct: list[Statement], covered: list[tuple[int, int]],
) -> None:
    """Give the paragraph after a colon frame its speaker: its leading
    all-quote statement, or the whole paragraph when it is a block quote
    without quote marks."""
    mention, cue = frame
    if direct and direct[0].mention.kind == "context" and not text[para.start : direct[0].start].strip(" " + _DOUBLE):
        direct[0].mention = mention
        direct[0].cue = _cue_text(cue)
        direct[0].cue_span = (cue.start(), cue.end())
        return
    if not direct and (not any(c in text[para.start : para.end] for c in _DOUBLE)
                       or text[para.start] in _DOUBLE):
        # a block quote without marks, or one whose marks do not pair up
        s, e = _trim(text, para.start + (text[para.start] in _DOUBLE), para.end)
        if _words(text[s:e]) >= _MIN_CONTENT_WORDS:
            direct.append(Statement([(s, e)], "direct", _cue_text(cue), (cue.start(), cue.end()),
                                    mention, paragraph=p_index, sentence=(s, e)))
            covered.append((para.start, para.end))


def find_statements(text: str, body_start: int = 0) -> tuple[list[Statement], DocumentEntities]:
    """All statements of an article, in reading order, with resolved speakers."""
    original, text = text, quote_view(text)
    entities = DocumentEntities(text, body_start)
    found: list[Statement] = []
    pending: tuple[Mention, re.Match[str]] | None = None  # "Cruz continued:" ending the paragraph before
    for p_index, para in enumerate(paragraphs(text, body_start)):
        # quotes and sentences of the paragraph, found once for every rule below
        quotes = find_quotes(text, para)
        sents = SpanIndex(sentences(text, para))
        direct, covered = _direct_statements(text, para, p_index, quotes, sents)
        if pending is not None:
            _take_colon_frame(text, para, p_index, pending, direct, covered)
        pending = _colon_frame(text, para, sents)
        reported: list[Statement] = []
        for sent in sents.spans:
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
        _join_trailing_quotes(text, quotes, sents, direct + reported)
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
            if last.quote_type == "direct":
                # a quotation running on into the next paragraph is one statement
                last.parts.extend(st.parts)
                last.paragraph = st.paragraph
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
    if original is not text:
        for st in resolved:  # a part ending in the first mark of a `''` pair takes the second too
            st.parts = [(a, b + 1) if original[b - 1 : b + 1] == "''" else (a, b) for a, b in st.parts]
    for ent in entities.entities:
        ent.name = _speaker_display_name(ent)
    return resolved, entities
