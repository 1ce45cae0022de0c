"""Direct quotes: quotation marks, the frames around them, and their continuations.

Rules, applied to one paragraph at a time on the clean text:

  * quotation marks pair up into quoted spans (`find_quotes`); NYT-style
    `''` pairs are read as `"` first (`quote_view`);
  * a quotation with a speech frame next to it is a direct statement:
    `"…," Zakharova said.`, `"…," said Peskov.`, `He said: "…"`,
    `"…" ― Edwin G. Monroy`, `Rep. Trey Gowdy (R-S.C.): "…"`;
  * the words leading into a quote inside its sentence are part of what the
    trailing frame credits (`The "question … remains open," Hasen wrote`);
    a quote opening an aside in brackets or dashes is framed like one
    opening its sentence;
  * a quote split around its frame (`"…," she said. "…"`) is one statement
    whose parts are the two quoted spans, and so is one whose second part
    has a few words of lead-in (`"…," he said. Unless rivals quit, "…"`);
  * a participle after a quote's frame (`"…," Twitter said, adding that …`)
    starts reported speech of the same speaker;
  * a paragraph that is all quote becomes a statement whose speaker comes
    from context (the statement just before it, resolved later);
  * a paragraph ending in a frame and a colon (`Cruz continued:`) gives its
    speaker to the next paragraph; a frame ending in a colon after a closed
    quote (`"…." Mr. Zahed said: "…"`) opens the next quote, not that one;
  * a quotation opening the sentence after a statement, with no frame of its
    own, goes on with that statement;
  * reported speech whose content is one whole quotation (`… a text message
    saying: "…"`) is direct (`whole_quotation`).

Short quotes inside a sentence (`warned of "serious consequences"`) are
partial quotes: they are left to the reported-speech rules (`reported`).
"""

from __future__ import annotations

import bisect
import re

from quote_warehouse.extract.clauses import (
    CLAUSE_BREAKS,
    SPEAKER_GOES_ON,
    THAT_SKIP,
    clause_boundary,
    close_open_quote,
    inner_clause_cut,
    skip_object,
    trim_span,
)
from quote_warehouse.extract.lexicon import (
    ACCORDING_TO_RE,
    CUE_RE,
    MODAL_BE_HAVE_ALT,
    PASSIVE_AUX,
    SENTENCE_INITIAL_CUES,
)
from quote_warehouse.extract.mentions import (
    AUX_RE,
    Mention,
    descriptor_mention,
    mention_ending_at,
    mention_starting_at,
)
from quote_warehouse.extract.segment import Span, SpanIndex, is_abbreviation
from quote_warehouse.extract.speakers import (
    ANY_VERB,
    APPOSITION,
    clause_subject,
    opens_with_adjunct,
    relative_antecedent,
    subject_before_cue,
)
from quote_warehouse.extract.statement import (
    DOUBLE_QUOTES,
    MIN_CONTENT_WORDS,
    Statement,
    cue_text,
    only_the_medium,
    word_count,
)


_QUOTE_MARK = re.compile(r"[\"“”„«»]")
# fewer words in quote marks are a direct statement only with a frame of their own
_MIN_DIRECT_WORDS = 4


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
            # two openers: a quote that ends a sentence and goes on in a new
            # quote mark, the close left out (British style for a quotation
            # running over paragraphs, joined into one here: `"… for the
            # Olympics. "The amber light is flashing."`), unless what it would
            # hold has a verb of saying (a frame after a quote whose close was
            # lost); else the first mark was stray
            end = _continued_quote_end(text, open_at, i)
            if end is not None:
                out.append((open_at, end))
            open_at = i
    if open_at is not None and span.end - open_at > 2:
        out.append((open_at, span.end))
    return out


_SENTENCE_DONE = re.compile(r"[.!?]\s*$")


def _continued_quote_end(text: str, open_at: int, next_open: int) -> int | None:
    """Where a quote opened at `open_at` ends when another opens at
    `next_open` with no close between: after its last full sentence, if it
    has one and no verb of saying."""
    body = text[open_at:next_open]
    if not _SENTENCE_DONE.search(body) or word_count(body) < _MIN_DIRECT_WORDS or CUE_RE.search(body):
        return None
    return open_at + len(body.rstrip())


def _inner(text: str, q: tuple[int, int]) -> tuple[int, int]:
    """The quote without its marks and edge spaces."""
    s, e = q
    if text[s] in DOUBLE_QUOTES:
        s += 1
    if e - 1 > s and text[e - 1] in DOUBLE_QUOTES:
        e -= 1
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


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


# What follows a verb of saying that says something itself: "that", a
# subject pronoun, or a finite verb within a few words ("said both men are")
_CLAUSE_AFTER_CUE = re.compile(
    r"\s+(?:(?:that|he|she|they|we|I|it|there)\b|(?:[\w’'\-]+\s+){1,6}?"
    rf"(?:{MODAL_BE_HAVE_ALT})\b)"
)


# A frame ending in a colon before a quotation: `Mr. Zahed said: "…"`
_INTRODUCES_NEXT = re.compile(r"(?:[^.!?:\"“”]|(?<=\b[A-Z])\.|(?<=\b[A-Z][a-z])\.|(?<=\b[A-Z][a-z]{2})\.){1,80}:\s*(?:''|[\"“])")


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
    closed = re.search(r"[.!?][\"”’»'\s]*$", text[max(0, q_end - 4) : q_end]) is not None
    if closed and _INTRODUCES_NEXT.match(text, start):
        return None  # `"… terrorists." Mr. Zahed said: "The attack …"`: the frame opens the next quote
    for cue in cues:  # the first verb whose subject fits ("the states suing …, said")
        if text[start : cue.start()].strip():
            m = subject_before_cue(text, start, cue.start())
            if m is None and not closed:
                # `"…," federal prosecutors wrote in …`: a bare noun phrase right before the verb
                m = descriptor_mention(text, start, cue.start(), loose=True)
                if m is not None and not AUX_RE.fullmatch(text[m.end : cue.start()]):
                    m = None
            if m is not None and closed and _CLAUSE_AFTER_CUE.match(text, cue.end(), end):
                # `"…." Reid said both men are "non-entities."`: a sentence of its own
                return None
            if m is not None and closed and _PASSIVE_AUX.search(text, m.end, cue.start()):
                # `"…." Painkiller has been described as …`: a passive is a sentence of its own
                return None
        else:
            m = mention_starting_at(text, cue.end(), end) or descriptor_mention(text, cue.end(), end)
        if m is not None:
            return m, cue, end
    return _verb_frame_after_unless_final(text, q_end, start, end)


_PASSIVE_AUX = re.compile(rf"{PASSIVE_AUX}(?:[a-z]+ly\s+)?$")


def _verb_frame_after_unless_final(text: str, q_end: int, start: int, end: int) -> tuple[Mention, re.Match[str], int] | None:
    """Any verb frames a quote that ends with a comma, "?" or "!"; after a
    quote closing its sentence (`…terrorists."`) a verb of saying is needed:
    `Mr. Ahmed agreed with her` is the next sentence."""
    if re.search(r"\.[\"”’»'\s]*$", text[max(0, q_end - 4) : q_end]):
        return None
    return _verb_frame_after(text, start, end)


_VERB_WORD = re.compile(
    r"\b(?!(?:his|this|its|us|as|is|was|has|yes|less|unless|thus|plus|news|always|perhaps|whereas)\b)"
    r"(?:[a-z]+ed|[a-z]+s|said|told|wrote|read|spoke|put|cracked|shot|fired)\b(?=[\s.,;:!?]|$)"
)


def _verb_frame_after(text: str, start: int, end: int) -> tuple[Mention, re.Match[str], int] | None:
    """`"…," an angry Hollande retaliated.`: right after a quote, a subject
    and any verb are a speech frame (riffed, cracked, quipped, posted)."""
    found = list(_VERB_WORD.finditer(text, start, min(end, start + 120)))
    inverted = found[0] if found and found[0].start() == start and found[0].group(0).endswith("ed") else None
    if inverted is not None and (m := mention_starting_at(text, inverted.end(), end)) is not None \
            and m.kind in ("name", "role") and re.match(r"\s*(?:[,.;]|of\b|$)", text[m.end : end]):
        # `"This is fantastic!" beamed Donald Hartley of Madison`: verb, then its subject
        return m, re.compile(r"(?P<verb>\w+)").match(text, inverted.start()), end
    # a past tense before a present one: "federal prosecutors wrote" (not "prosecutors")
    for verb in sorted(found, key=lambda v: (v.group(0).endswith("s"), v.start())):
        subject = subject_before_cue(text, start, verb.start())
        if subject is None:
            subject = descriptor_mention(text, start, verb.start(), loose=True)
            if subject is None or not AUX_RE.match(text[subject.end : verb.start()]):
                continue
        if subject.kind == "pronoun" and subject.text.lower() == "it":
            return None
        if word_count(text[verb.end() : end]) > 10:
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


def _subject_verb_frame(
    text: str, sent_start: int, q_start: int, whole_sentence: bool = False
) -> tuple[Mention, re.Match[str]] | None:
    """`Hillary Clinton cracked, "…"`, `She then addressed the supporters
    again: "…"`: a subject, a verb of any kind and a comma or colon before
    the quote introduce the subject's words. When the quote is a whole
    sentence of its own and ends the sentence, the verb's phrase may be long
    (`Clinton shared her anxiety with an audience at a fundraiser, "I do
    not know …"`)."""
    left = text[sent_start:q_start]
    if not re.search(r"(?::|,)\s*$", left):
        return None
    # "When Wallace died in 1998, President Clinton released the following statement:": the main clause's subject
    first = None if opens_with_adjunct(text, sent_start, q_start) else mention_starting_at(text, sent_start, q_start)
    subject = first or clause_subject(text, sent_start, q_start, strict=False)
    if subject is None or subject.kind == "context":
        return None
    verb = ANY_VERB.match(text, subject.end, q_start)
    if verb is None:
        return None
    between = text[verb.end() : q_start]
    longest = _LONG_FRAME_WORDS if whole_sentence else 4
    if (word_count(between) > longest and not between.rstrip().endswith(":")) or re.search(r"\bthat\b", between):
        return None
    return subject, verb


# How many words a frame's verb phrase may hold before a quote that is a whole sentence
_LONG_FRAME_WORDS = 16


_SPEAKER_COLON = re.compile(r"[^:\"“”]{2,120}?(?P<verb>:)\s*(?=[\"“])")
_SAID_FIRST = re.compile(rf"(?P<verb>{'|'.join(SENTENCE_INITIAL_CUES)})\s+")
# a conjunction or connective before the inverted verb: `But, said Solovey, "…"`
_OPENER_THEN_SAID = re.compile(r"(?:But|And|Yet|Still|So|Then|Now|Instead|However|In\s+other\s+words),?\s+"
                               rf"(?=(?:{'|'.join(c.lower() for c in SENTENCE_INITIAL_CUES)})\s)")
_SAID_AFTER_OPENER = re.compile(_SAID_FIRST.pattern, re.I)


def _frame_before(
    text: str, sent_start: int, q_start: int, whole_sentence: bool = False
) -> tuple[Mention, re.Match[str]] | None:
    """`He said: "…"`, `Peskov told CNN: "…"`; `whole_sentence` when the
    quote opens with a capital and ends the sentence (`_subject_verb_frame`)."""
    left = text[sent_start:q_start]
    if not re.search(r"[:,]\s*$", left):
        return None
    speaker_colon = _SPEAKER_COLON.match(text, sent_start, q_start + 1)
    if speaker_colon:  # a transcript line: `Rep. Trey Gowdy (R-S.C.): "…"`
        m = mention_starting_at(text, sent_start, speaker_colon.end())
        if m is not None and m.kind in ("name", "org") and APPOSITION.fullmatch(text, m.end, speaker_colon.start(1)):
            return m, speaker_colon
    opener = _OPENER_THEN_SAID.match(text, sent_start, q_start)
    said = (_SAID_AFTER_OPENER.match(text, opener.end(), q_start) if opener
            else _SAID_FIRST.match(text, sent_start, q_start))
    if said:  # `Said Comey, "…"`
        m = mention_starting_at(text, said.end(), q_start)
        if m is not None:
            return m, said
    cues = list(CUE_RE.finditer(text, sent_start, q_start))
    if not cues:
        return _subject_verb_frame(text, sent_start, q_start, whole_sentence) or _name_colon(text, sent_start, q_start)
    cue = cues[-1]
    between = text[cue.end() : q_start]
    if word_count(between) > 6 or re.search(r"\bthat\b", between):
        return _subject_verb_frame(text, sent_start, q_start, whole_sentence) if whole_sentence else None
    m = mention_ending_at(text, cue.start(), sent_start)
    if m is None:
        m = relative_antecedent(text, sent_start, cue.start())
    if m is None and cue.group(0).endswith("ing") and len(cues) > 1 and _TAG_THEN_PARTICIPLE.fullmatch(
            text, cues[-2].end(), cue.start()):
        # "Ryan and Trump will meet next week, Spicer said, adding, "…"": the tag's speaker goes on
        m = mention_ending_at(text, cues[-2].start(), sent_start)
    if m is None:  # "Trump went on the attack, saying, "…"": the clause's subject
        coordinated = re.search(r"\b(?:but|and)\s+(?:then\s+|later\s+)?$", text[sent_start : cue.start()])
        m = clause_subject(text, sent_start, cue.start(),
                            strict=not (cue.group(0).endswith("ing") or coordinated))
    if m is None:
        return None
    return m, cue


# between a tag's verb and the participle that goes on from it: " on Thursday, "
_TAG_THEN_PARTICIPLE = re.compile(r"(?:\s+[\w’'.\-]+){0,4}?\s*,\s*")


_NAME_COLON = re.compile(r"(?P<verb>:)\s*$")


def _name_colon(text: str, sent_start: int, q_start: int) -> tuple[Mention, re.Match[str]] | None:
    """A person's full name right before the colon that opens a quote, with
    no verb of saying: `RED STATES OUTNUMBER BLUE - Jeffrey M. Jones: "…"`,
    `… doesn't surprise pollster Daron Shaw: "…"`."""
    colon = _NAME_COLON.search(text, sent_start, q_start)
    if colon is None:
        return None
    m = mention_ending_at(text, colon.start(), sent_start, as_subject=False)
    if m is None or m.kind != "name" or " " not in (m.name or "") or m.end != colon.start():
        return None
    if re.search(r"\bby\s+(?:[\w.’'\-]+\s+){0,3}$", text[sent_start : m.start]):
        return None  # a byline before an excerpt: `"…," by Times' Michael Paulson: "…"`
    return m, colon


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
    participle (or "though he added …", "who said …") after a quote's frame is reported
    speech of the same speaker."""
    cue = CUE_RE.search(text, participle.start(), participle.end())
    sent = sents.at(participle.start())
    if cue is None or sent is None:
        return None
    start = skip_object(text, cue.end(), sent.end)
    skip = THAT_SKIP.match(text, start, sent.end)
    cstart = skip.end() if skip else start
    cend = min(inner_clause_cut(text, cstart, sent.end, quotes), clause_boundary(text, cstart, sent.end, quotes))
    cs, ce = trim_span(text, cstart, cend)
    ce = close_open_quote(text, cs, ce, quotes)
    if word_count(text[cs:ce]) < MIN_CONTENT_WORDS or (text[cs] in DOUBLE_QUOTES and "that" not in text[start:cs]):
        return None  # `adding, "…"` goes on with the quote before it (a split quote)
    return Statement([(cs, ce)], "indirect", cue_text(cue), (cue.start(), cue.end()),
                     mention, paragraph=p_index, sentence=(sent.start, sent.end))


# A clause of its own with a pronoun subject, coordinated after a comma:
# "Reid said both are "non-entities," but he gave the Texan a compliment: "…""
_COORDINATED_CLAUSE = re.compile(r",[\"”’']*\s+(?:but|and|while|though|although|yet|so)\s+(?=(?:he|she|they|I|we)\s)")


def _last_clause(text: str, sent_start: int, q_start: int) -> re.Match[str] | None:
    """The last coordinated clause before a quote, which may be its frame,
    leaving the words before it to say something of their own."""
    found = list(_COORDINATED_CLAUSE.finditer(text, sent_start, q_start))
    return found[-1] if found else None


# How many words may lead into a quote and still be part of what it says
_LEAD_IN_WORDS = 15
# Between a quote and its frame: a comma, "as", a few words of the subject ("former Obama adviser")
_FRAME_NEXT = re.compile(r"[\s,]*(?:as\s+)?(?:[\w’'.\-]+\s+){0,4}")
_CONJUNCTION_ONLY = re.compile(r"(?:But|And|Yet|So|Or|Still|However|Meanwhile|Instead|Rather)\W*")


def _lead_words(text: str, start: int, q_start: int) -> bool:
    """Whether the words from `start` to a quote can lead into it as part of
    what it says: a few words with no verb of saying, quotation, bracket or
    colon of their own."""
    lead = text[start:q_start]
    bare = _SCARE_QUOTE.sub("", lead)  # `The "opt out" movement is about "…"`: a term in quote marks leads in too
    return (1 <= word_count(lead) <= _LEAD_IN_WORDS and not CUE_RE.search(lead)
            and not re.search(r"[:\"“”()\[\]]", bare))


_SCARE_QUOTE = re.compile(r"[\"“]\w+(?:[\s\-]\w+){0,2}[\"”]")


def _lead_on(text: str, frame_end: int, q: tuple[int, int], sent: Span) -> int | None:
    """Where a few words leading into a quote start, when they open the
    sentence right after a statement's frame and the quote ends that sentence:
    `"…," he said. But "Donald Trump's candidacy is strengthened …"` goes on
    with what he said, and so does a clause that carries the quote with no
    verb of saying of its own (`That makes her "by definition a trustworthy
    …"`, after Bill Clinton's quote)."""
    gap = text[frame_end : q[0]]
    start = frame_end + len(gap) - len(gap.lstrip(" \n.!?"))  # past the frame's full stop
    if start != sent.start or not _lead_words(text, start, q[0]) or text[q[1] : sent.end].strip(" .!?\n"):
        return None
    return start


def _lead_in(text: str, sent_start: int, q: tuple[int, int],
             after: tuple[Mention, re.Match[str], int]) -> int | None:
    """Where the words leading into a quote start, when they are part of what
    its trailing frame credits: `Petraeus "was handled so lightly …," said a
    former official`, `The "question of how one writes a brief …," Hasen
    wrote`. The quote ends in a comma, "?" or "!" and the frame's verb is one
    of saying; the lead holds no verb of saying, quotation or colon of its
    own (`He called it "a disgrace," Smith said` is two voices)."""
    mention, cue, _ = after
    if not CUE_RE.match(text, cue.start()) or not re.search(r"[,?!][\"”’']*$", text[q[0] : q[1]]):
        return None
    if not _FRAME_NEXT.fullmatch(text, q[1], min(mention.start, cue.start())):
        return None  # the frame stands right after the quote, not after a clause of the writer's
    start = sent_start + len(text[sent_start : q[0]]) - len(text[sent_start : q[0]].lstrip())
    if not _lead_words(text, start, q[0]) or _CONJUNCTION_ONLY.fullmatch(text, start, q[0]):
        return None  # (`But "…," he added`: a conjunction alone leads into nothing)
    return start


# a frame that goes on to a verb of saying and a colon introduces a quote of its own: ", adding: "…""
# (a few words past the frame, not a sentence with a subject of its own: `Mr Blair dismissed claims, saying: "…"`)
_GOING_ON_WORDS = 6
# a frame that ends in its verb, right before the next quote: `"…," Trump said "…"` (the full stop lost)
_CUE_LAST = re.compile(rf"(?:{CUE_RE.pattern})\s*$")
_NEW_CUE_COLON = re.compile(rf",\s+(?:{CUE_RE.pattern})\s*:\s*$")


def direct_statements(
    text: str, para: Span, p_index: int, quotes: list[tuple[int, int]], sents: SpanIndex,
    continues_quote: bool = False,
) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Direct statements of a paragraph, and the spans their frames cover.
    `continues_quote`: the paragraph before ended inside a quotation left
    open, so a quote opening this one with no frame of its own goes on with it."""
    out: list[Statement] = []
    extra: list[Statement] = []  # reported speech a direct quote's frame goes on to
    covered: list[tuple[int, int]] = []
    prev_frame_end: int | None = None
    for q in quotes:
        inner = _inner(text, q)
        sent = sents.at(q[0]) or Span(para.start, para.end)
        short = word_count(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS
        if short and not (out and word_count(text[inner[0] : inner[1]])) and not _short_quote_framed(text, sent, q, para.end):
            continue
        # a quote right after the previous statement's frame continues it
        # (measured on PolNeAR: also after a frame that says more, ", adding,"),
        # when the frame is done (`she said. "…"`, `he said, "…"`), not when
        # the quote is part of its clause (`, who said there were "too many …"`)
        frame_text = text[out[-1].parts[-1][1] + 1 : q[0]] if out else ""
        frame_done = (out and (re.search(r"[.,:;!?]\s*$", frame_text) or _CUE_LAST.search(frame_text)
                               or not frame_text.strip(" " + DOUBLE_QUOTES))
                      and not re.search(r",\s+(?:and|but)\s+\w", frame_text))  # ", and her husband cut in."
        going_on = _NEW_CUE_COLON.search(frame_text) if out else None
        if going_on and prev_frame_end is not None and word_count(text[prev_frame_end : q[0]]) <= _GOING_ON_WORDS:
            # `"…," Cruz said, adding: "…"`: the frame's speaker says more, a statement of its own
            cue = CUE_RE.search(text, out[-1].parts[-1][1] + 1 + going_on.start(), q[0])
            out.append(Statement([inner], "direct", cue_text(cue), (cue.start(), cue.end()), out[-1].mention,
                                 paragraph=p_index, sentence=(sent.start, q[1])))
            covered.append((cue.start(), q[1]))
            prev_frame_end = q[1]
            continue
        if out and frame_done and prev_frame_end is not None and not text[prev_frame_end : q[0]].strip():
            after = _frame_after(text, q[1], para.end)
            if after is None:
                out[-1].parts.append(inner)
                covered.append(q)
                prev_frame_end = q[1]
                continue
        if (out and prev_frame_end is not None and not short
                and (lead := _lead_on(text, prev_frame_end, q, sent)) is not None
                and _frame_after(text, q[1], para.end) is None):
            # `"…," he said. Unless rivals quit, "it's very difficult …"`: the
            # words leading into the next quote go on with it
            out[-1].parts.append((lead, inner[1]))
            covered.append((lead, q[1]))
            prev_frame_end = q[1]
            continue
        if short and not _short_quote_framed(text, sent, q, para.end):
            continue  # a few words in quote marks, not after a frame: a partial quote
        after = _frame_after(text, q[1], para.end)
        # the quote opens its sentence, or follows a colon ("…, but with a caveat: "…," the source said")
        # or opens an aside in brackets or dashes (`(''…,'' Crowley wrote in The Times)`)
        opens = (not text[sent.start : q[0]].strip() or text[sent.start : q[0]].rstrip().endswith(":")
                 or re.search(r"(?:\(|\s(?:[—–]|--?))\s*$", text[sent.start : q[0]]) is not None)
        if after is not None and opens:
            mention, cue, frame_end = after
            if mention.kind == "pronoun" and text[sent.start : q[0]].rstrip().endswith(":"):
                # `Colonel Bob Stewart said : "…," he said.`: the name before the colon is who "he" is
                named = _frame_before(text, sent.start, q[0])
                if named is not None and named[0].kind != "pronoun":
                    mention = named[0]
            out.append(Statement([inner], "direct", cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, frame_end)))
            # a participle after the frame starts reported speech of its own:
            # `"…," Twitter said in a statement, adding that it "condemns …"`
            participle = min((m for m in (CLAUSE_BREAKS[0].search(text, q[1], frame_end),
                                          SPEAKER_GOES_ON.search(text, q[1], frame_end)) if m),
                             key=lambda m: m.start(), default=None)
            covered.append((q[0], participle.start() if participle else frame_end))
            if participle:
                follow = _participle_statement(text, participle, mention, sents, quotes, p_index)
                if follow is not None:
                    extra.append(follow)
                    covered.append((participle.start(), follow.end))
            prev_frame_end = frame_end
            continue
        if after is not None and (lead := _lead_in(text, sent.start, q, after)) is not None:
            # `The "question … remains a great one," Hasen wrote`: the words
            # before the quote are part of what the frame's speaker said
            mention, cue, frame_end = after
            out.append(Statement([(lead, inner[1])], "direct", cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, frame_end)))
            covered.append((lead, frame_end))
            prev_frame_end = frame_end
            continue
        whole = (bool(re.match(r"\W*[A-Z]", text[inner[0] : inner[1]]))
                 and not text[q[1] : sent.end].strip(" .!?\n"))
        clause = _last_clause(text, sent.start, q[0])
        before = clause and _frame_before(text, clause.end(), q[0], whole)
        frame_start = clause.start() if before else None
        before = before or _frame_before(text, sent.start, q[0], whole)
        if before is not None:
            mention, cue = before
            out.append(Statement([inner], "direct", cue_text(cue), (cue.start(), cue.end()),
                                 mention, paragraph=p_index, sentence=(sent.start, q[1])))
            # the words before the frame may say something of their own
            covered.append((cue.start() if frame_start is None else frame_start, q[1]))
            prev_frame_end = q[1]
            # `Mr. Trump said of it, "…," adding that "…"`: the participle right after the quote is his too
            participle = CLAUSE_BREAKS[0].search(text, max(q[0], q[1] - 3), sent.end)
            if participle is not None and participle.start() < q[1]:
                follow = _participle_statement(text, participle, mention, sents, quotes, p_index)
                if follow is not None:
                    extra.append(follow)
                    covered.append((participle.start(), follow.end))
                    prev_frame_end = follow.end
            continue
        prev_frame_end = None
        # a paragraph that is all quote, or that goes on with a quotation the
        # paragraph before left open: speaker comes from context later
        if not text[para.start : q[0]].strip() and q is quotes[0] and (
                continues_quote or word_count(text[q[1] : para.end]) <= 2):
            out.append(Statement([inner], "direct", None, None,
                                 Mention(q[0], q[0], "", "context"),
                                 paragraph=p_index, sentence=(q[0], q[1])))
            covered.append(q)
            prev_frame_end = q[1]
    _join_leading_quotes(text, quotes, out, covered, sents)
    covered.sort()
    return out + extra, covered


# nothing between two quotes but space and their marks
_BLANK_GAP = re.compile(r"[\s\"“”„«»]*")


def _join_leading_quotes(text: str, quotes: list[tuple[int, int]], stmts: list[Statement],
                         covered: list[tuple[int, int]], sents: SpanIndex) -> None:
    """A quote that opens its sentence, with no frame of its own, right before
    a framed one is that statement's first part: `"Career sexism limits
    opportunities …. "It is simply wrong to assume …," she said.` (the close
    left out in British style)."""
    ends = [q[1] for q in quotes]  # quotes do not overlap: their ends rise with their starts
    for st in stmts:
        if st.cue is None:
            continue
        first = st.parts[0][0]
        i = bisect.bisect_right(ends, first) - 1  # the last quote that closes before this one's words
        if i < 0 or not _BLANK_GAP.fullmatch(text, quotes[i][1], first):
            continue
        q = quotes[i]
        inner = _inner(text, q)
        sent = sents.at(q[0])
        if (word_count(text[inner[0] : inner[1]]) >= _MIN_DIRECT_WORDS
                and sent is not None and not text[sent.start : q[0]].strip()
                and not any(a < q[1] and q[0] < b for a, b in covered)):
            st.parts.insert(0, inner)
            covered.append(q)


def whole_quotation(text: str, st: Statement, quotes: list[tuple[int, int]]) -> None:
    """Reported speech whose content is one whole quotation is direct: `His
    campaign sent a text message saying: "We won …"` (the quote's own frame
    found no subject; the reported rule did)."""
    if st.quote_type != "indirect" or len(st.parts) != 1:
        return
    a, b = st.parts[0]
    for q in quotes:
        if a <= q[0] < b and not text[a : q[0]].strip() and not text[q[1] : b].strip(" .,"):
            inner = _inner(text, q)
            if word_count(text[inner[0] : inner[1]]) >= _MIN_DIRECT_WORDS:
                st.parts, st.quote_type = [inner], "direct"
            return


# after a sentence's named subject: its verb (a lower-case word) or an apposition
_AFTER_NAMED_SUBJECT = re.compile(r"(?:,|\s+(?:[a-z]+ly\s+)?(?:is|was|has|had|were|are|[a-z]+ed|[a-z]+s)\b)")


def quotes_after_their_subject(
    text: str, quotes: list[tuple[int, int]], sents: SpanIndex, stmts: list[Statement], p_index: int,
) -> list[Statement]:
    """A quotation with no frame that opens the sentence right after one
    whose subject is a person named in full, with no statement and no
    quotation of its own, is that person's: `Double try scorer Martyn Williams
    was keen not to talk about a Grand Slam. "We've got more self-belief
    these days."` (the news style that names the speaker, then quotes)."""
    out: list[Statement] = []
    quote_starts = [q[0] for q in quotes]
    sent_starts = [sp.start for sp in sents.spans]
    for q in quotes:
        inner = _inner(text, q)
        sent = sents.at(q[0])
        if (word_count(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS or sent is None
                or text[sent.start : q[0]].strip()):
            continue  # a few words, or a quote that does not open its sentence
        i = bisect.bisect_left(sent_starts, sent.start)
        if i == 0:
            continue
        before = sents.spans[i - 1]
        if (text[before.end : sent.start].strip()
                or bisect.bisect_left(quote_starts, before.start) != bisect.bisect_left(quote_starts, before.end)):
            continue  # the sentence before holds a quotation of its own
        subject = mention_starting_at(text, before.start, before.end)
        if (subject is None or subject.kind != "name" or not subject.name or " " not in subject.name
                or not _AFTER_NAMED_SUBJECT.match(text, subject.end, before.end)):
            continue
        parts = [p for st in stmts + out for p in st.parts]
        if any(a < inner[1] and inner[0] < b for a, b in parts) or any(before.start <= a < before.end for a, _ in parts):
            continue  # the quote is taken, or a statement of that sentence takes it (`join_trailing_quotes`)
        out.append(Statement([inner], "direct", None, None, subject, paragraph=p_index,
                             sentence=(before.start, q[1])))
    return out


def join_trailing_quotes(
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
        if word_count(text[inner[0] : inner[1]]) < _MIN_DIRECT_WORDS:
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
        if text[prev_sentence_end : q[0]].strip(" " + DOUBLE_QUOTES):
            continue  # something stands between: not a continuation
        if len(prev.parts) == 1 and only_the_medium(text[prev.start : prev.end]):
            # "Lau said in a statement. "There are no …"": the quotation is what was said
            prev.parts, prev.quote_type = [inner], "direct"
            continue
        prev.parts.append(inner)


def colon_frame(text: str, para: Span, sents: SpanIndex) -> tuple[Mention, re.Match[str]] | None:
    """A paragraph ending in a speech frame and a colon ("Cruz continued:"),
    whose words follow in the next paragraph."""
    if not text[para.start : para.end].rstrip().endswith(":"):
        return None
    last = sents.spans[-1]
    return _frame_before(text, last.start, para.end)


def take_colon_frame(
    text: str, para: Span, p_index: int, frame: tuple[Mention, re.Match[str]],
    direct: list[Statement], covered: list[tuple[int, int]],
) -> None:
    """Give the paragraph after a colon frame its speaker: its leading
    all-quote statement, or the whole paragraph when it is a block quote
    without quote marks."""
    mention, cue = frame
    if direct and direct[0].mention.kind == "context" and not text[para.start : direct[0].start].strip(" " + DOUBLE_QUOTES):
        direct[0].mention = mention
        direct[0].cue = cue_text(cue)
        direct[0].cue_span = (cue.start(), cue.end())
        return
    if not direct and (not any(c in text[para.start : para.end] for c in DOUBLE_QUOTES)
                       or text[para.start] in DOUBLE_QUOTES):
        # a block quote without marks, or one whose marks do not pair up
        s, e = trim_span(text, para.start + (text[para.start] in DOUBLE_QUOTES), para.end)
        if word_count(text[s:e]) >= MIN_CONTENT_WORDS:
            direct.append(Statement([(s, e)], "direct", cue_text(cue), (cue.start(), cue.end()),
                                    mention, paragraph=p_index, sentence=(s, e)))
            covered.append((para.start, para.end))
