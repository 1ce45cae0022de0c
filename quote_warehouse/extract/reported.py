"""Reported speech: the indirect statements of one sentence.

`reported_in_sentence` looks at one sentence (or the part of one that a
direct quote and its frame leave over) and applies these rule families, in
this order:

  1. `According to X, …`, `…, according to X.` and `…, according to X, …`,
     and `As reported by X, …` (`_according_to_statements`);
  then, for every verb of saying in the sentence (a question asked by
  someone named, `Y was asked by X whether …`, is X's:
  `_asked_by_statement`), once its speaker is found (`_cue_subject`):
  2. a trailing tag `…, X said (on Thursday).` / `…, said X.`, which ends the
     sentence's search (`_trailing_tag_statement`);
  3. a parenthetical tag `…, X stressed, …` or `…, said X, …` whose
     sentence goes on with its verb (`_parenthetical_statement`);
  4. a speech clause `X (also) said (that) …`, `X told Y that …`, `X warned
     of …`, `X drew attention to the fact that …`; a second speech clause
     inside (`…, though he stressed that …`) starts a statement of its own
     (`_speech_clause_statement`);
  when `_cue_subject` finds no speaker, the learned pass
  (`learned`) proposes the noun phrase before the cue and a model
  trained on annotated news decides; accepted, it goes through 2-4 like any
  subject;
  and last, for quotations no statement took:
  5. a subject, any verb and words in quote marks in its clause (`Trump has
     hailed Britain’s vote as “fantastic,”`) (`_quoted_words_statements`).

Weak cues ("called", "believes", "cited", "expressed", "denied") count only
with a quote, a that-clause, (for "expressed") an attitude noun or (for
verbs that report a fact) an opening `As X reported, …`. No cue
makes a statement in a passive ("is assured of", "was confirmed by"; "was
asked" stays) or an idiom ("easier said than done"), and a content that is
only a phrase of time or place ("Then, last week") is dropped.
"""

from __future__ import annotations

import re

from quote_warehouse.extract.clauses import (
    CLAUSE_BREAKS,
    HEARER_CUES,
    THAT_SKIP,
    callee_end,
    clause_boundary,
    close_open_quote,
    in_any,
    inner_clause_cut,
    skip_hearer,
    skip_object,
    trim_span,
)
from quote_warehouse.extract.lexicon import (
    ACCORDING_TO_RE,
    AUXILIARY_ALT,
    CUE_FORMS,
    CUE_RE,
    DAY_PART_ALT,
    EXPRESSED_OBJECTS,
    FUNCTION_WORDS,
    PASSIVE_AUX,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    WEAK_CUES,
    WEEKDAY_ALT,
)
from quote_warehouse.extract.learned import learned_subject, learned_weak_cue
from quote_warehouse.extract.mentions import (
    Mention,
    bare_description,
    coordinated_names,
    descriptor_mention,
    mention_ending_at,
    mention_starting_at,
)
from quote_warehouse.extract.segment import Span
from quote_warehouse.extract.speakers import (
    bare_plural_tag,
    clause_subject,
    description_tag,
    descriptor_subject,
    relative_antecedent,
    subject_and_verb,
)
from quote_warehouse.extract.statement import (
    DOUBLE_QUOTES,
    MIN_CONTENT_WORDS,
    Statement,
    cue_text,
    only_the_medium,
    word_count,
)


# A determiner or possessor right before a cue makes it a noun
# (not a pronoun's "’s", which is "is" or "has": "He’s predicting …")
_NOT_A_PRONOUN = r"(?<!\bhe)(?<!\bHe)(?<!\bshe)(?<!\bShe)(?<!\bit)(?<!\bIt)(?<!\bwho)(?<!\bthat)(?<!\bThat)"
_NOUN_BEFORE = re.compile(rf"(?:\b(?:a|an|the|his|her|its|their)|{_NOT_A_PRONOUN}[’']s)\s+$")
_POSSESSIVE_BEFORE = re.compile(rf"\w{_NOT_A_PRONOUN}[’']s?\s+$")
_PASSIVE_BEFORE = re.compile(rf"{PASSIVE_AUX}(?:[a-z]+ly\s+)?$")  # "I'm told"
_IDIOM = re.compile(
    r"\b(?:easier\s+said\s+than\s+done|[Aa]ll\s+told|(?:fair|safe|needless)\s+to\s+say|suffice\s+it\s+to\s+say|"
    r"That\s+said,|[Hh]aving\s+said\s+that|so\s+to\s+speak|[Tt]ruth\s+be\s+told|to\s+say\s+nothing\s+of|"
    r"not\s+to\s+mention)"
)
# verbs of judging, whose bare "of"/"for" after the verb makes them passive
_JUDGING_LEMMAS = frozenset({"accuse", "criticize", "blame", "praise", "condemn", "charge", "slam", "blast"})
# ... unless the object stands before the subject: "the GOP field who he accused of …"
_RELATIVE_OBJECT = re.compile(r"\b(?:who|whom|that|which)\s[^.;]{1,120}$")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an|the|these|those|his|its|their|our|my|your)\s+$", re.I)
# After a trailing tag and its adjuncts, a participle of saying: "…, Vik said
# on Tuesday, adding that …"
_GOING_ON = re.compile(rf"(?:\s+[\w’'.\-]+){{0,5}}?(?P<participle>{CLAUSE_BREAKS[0].pattern})")


# After an inverted tag's subject: ", who notes that …"
_WHO_GOES_ON = re.compile(rf",\s+who\s+(?:(?:also|has|have|had|then|later)\s+)*(?P<cue>{CUE_RE.pattern})")


def reported_in_sentence(
    text: str, sent: Span, quotes: list[tuple[int, int]], p_index: int, clause_start: int | None = None
) -> list[Statement]:
    """Reported speech in `sent`, which may be the rest of a sentence after a
    direct quote's frame; `clause_start` is where that sentence starts, where
    a participle's subject is looked for.

    The rule families run in a fixed order and see what the earlier ones
    found: a cue inside text an earlier statement took is skipped, and a
    trailing tag ends the search.
    """
    s0, s1 = sent.start, sent.end
    out = _according_to_statements(text, s0, s1, quotes, p_index)
    # cues before this point belong to a statement already found (its content or source)
    done_until = max([s0] + [max(st.end, st.mention.end) for st in out])

    pos = s0
    while True:
        cue = CUE_RE.search(text, pos, s1)
        if cue is None:
            break
        pos = cue.end()
        if in_any(cue.start(), quotes) or cue.start() < done_until:
            continue
        if any(st.parts[0][0] <= cue.start() < st.parts[-1][1] for st in out):
            continue
        form = " ".join(cue.group(0).split()).lower()
        lemma = CUE_FORMS[form]
        participle = form.endswith("ing")
        if participle and _NOUN_BEFORE.search(text, s0, cue.start()):
            continue  # "the minister's warning": a noun
        if form.endswith("s") and _POSSESSIVE_BEFORE.search(text, s0, cue.start()):
            continue  # "Pyongyang's claims": a noun
        if not form.endswith("ed") and _ARTICLE_BEFORE.search(text, s0, cue.start()):
            continue  # "a claim that …": a noun with no one's name on it
        if (not participle and _PASSIVE_BEFORE.search(text, s0, cue.start())
                and re.match(r"\s+to\b", text[cue.end() : s1])):
            continue  # "who is said to have pressed for …": hearsay, no speaker
        if (not participle and (form.endswith("ed") or form == "told") and lemma != "ask"
                and _PASSIVE_BEFORE.search(text, s0, cue.start())):
            continue  # "Clinton is assured of …", "her death was confirmed by …": the subject said nothing
        idioms = _IDIOM.finditer(text, max(s0, cue.start() - 20), cue.end() + 20)
        if any(m.start() <= cue.start() < m.end() for m in idioms):
            continue  # "easier said than done", "All told,": a verb of saying in an idiom
        if (lemma in _JUDGING_LEMMAS and re.match(r"\s+(?:of|for)\b", text[cue.end() : s1])
                and not _RELATIVE_OBJECT.search(text, s0, cue.start())):
            continue  # "with the Kremlin accused of building up troops": the subject was judged, said nothing
        if lemma == "add" and re.match(r"\s+to\b", text[cue.end() : s1]):
            continue  # "adding to her delegate lead": adds, says nothing
        if _OPENING_PHRASE.fullmatch(text, s0, cue.start()) and re.match(r"[,;]", text[cue.end() : s1]):
            continue  # "In TV interviews and tweets, Trump has argued …": a noun in the opening phrase
        if lemma == "ask" and (asked := _asked_by_statement(text, s0, s1, cue, quotes, p_index)) is not None:
            out.append(asked)
            done_until = pos = max(pos, asked.end)
            continue
        found = _cue_subject(text, s0, s1, cue, participle, clause_start)
        if found is None:
            learned = learned_subject(text, s0, s1, cue, lemma, participle, clause_start)
            if learned is None:
                continue
            found = (learned, False)
        subject, inverted = found
        if lemma == "tell" and not inverted and re.search(r"\bwhat\s+$", text[s0 : subject.start]):
            continue  # "conflicted with what Melania Trump told NBC News": what was said stands elsewhere
        # "…, an official said, adding that …": the tag's speaker goes on
        going_on = None if participle or inverted else _GOING_ON.match(text, cue.end(), s1)
        # (the words between the verb and the participle must be the tag's own: "on Tuesday")
        tagged = _trailing_tag_statement(text, s0, going_on.start("participle") if going_on else s1, cue, subject,
                                         inverted, p_index)
        if tagged is not None:
            out.extend(tagged)
            more = CUE_RE.search(text, going_on.start(), going_on.end()) if going_on else None
            if inverted and more is None and (relative := _WHO_GOES_ON.search(text, subject.end, s1)):
                # "…, said Howard Rubel, an analyst, who notes that …": the tag's speaker goes on
                more = CUE_RE.search(text, relative.start("cue"), relative.end())
            if more is not None:
                lemma_on = CUE_FORMS[" ".join(more.group(0).split()).lower()]
                clause = _speech_clause_statement(text, s0, s1, more, lemma_on, subject, quotes, p_index)
                if clause is not None:
                    out.append(clause[0])
            break
        parenthetical = _parenthetical_statement(text, s0, s1, cue, subject, inverted, p_index)
        if parenthetical is not None:
            out.extend(parenthetical)
            if parenthetical:
                done_until = s1
            continue
        clause = _speech_clause_statement(text, s0, s1, cue, lemma, subject, quotes, p_index)
        if clause is None:
            continue
        st, cend = clause
        out.append(st)
        done_until = st.end if cend == s1 else cend
        pos = max(pos, cend)
    out.extend(_quoted_words_statements(text, s0, s1, quotes, p_index, out))
    # (a medium alone, "said in a statement", may yet take the quotation after it: `join_trailing_quotes`)
    return [st for st in out if not _only_an_adjunct(content := " ".join(text[a:b] for a, b in st.parts))
            or only_the_medium(content)]


# "asked by host John Dickerson whether …": the asker, then the question
_ASKED_BY = re.compile(r"\s+by\s+")
_QUESTION_WORD = re.compile(r"\s(?:whether|if|about|why|how|what|who|whom|when|where|to)\b")


def _asked_by_statement(
    text: str, s0: int, s1: int, cue: re.Match[str], quotes: list[tuple[int, int]], p_index: int
) -> Statement | None:
    """`Sanders was asked by host John Dickerson whether his aim was …`: the
    one named after "by" asks, and the question follows them. None when no
    asker and question follow the verb."""
    by = _ASKED_BY.match(text, cue.end(), s1)
    opens = by and _QUESTION_WORD.search(text, by.end(), s1)
    asker = opens and (mention_starting_at(text, by.end(), opens.start())
                       or descriptor_mention(text, by.end(), opens.start()))
    if not asker or text[asker.end : opens.start()].strip(" ,"):
        return None
    cstart = opens.start() + 1
    cend = min(inner_clause_cut(text, cstart, s1, quotes), clause_boundary(text, cstart, s1, quotes, False))
    cs, ce = trim_span(text, cstart, cend)
    ce = close_open_quote(text, cs, ce, quotes)
    if word_count(text[cs:ce]) < MIN_CONTENT_WORDS:
        return None
    passive = _PASSIVE_BEFORE.search(text, s0, cue.start())  # "Rubio was asked by …": the one asked
    asked = mention_ending_at(text, passive.start(), s0) if passive else None
    return Statement([(cs, ce)], "indirect", cue_text(cue), (cue.start(), cue.end()),
                     asker, paragraph=p_index, sentence=(s0, s1), asked=asked)


# A prepositional phrase opening the sentence, up to a word: "In TV interviews and"
_OPENING_PHRASE = re.compile(r"\s*(?:In|On|At|During|Through|Via|After|Before|Amid|Despite|With|From)\s[^,;:.!?\"“”]*")


# "Then, last week, Eric Trump called.", "In an interview, Deacon had nothing
# to say": when or where, not what was said
_ADJUNCT_START = re.compile(r"(?:On|In|At|During|Since|After|Before|While|Then|Until|Following|Amid|Despite|From|Via|"
                            rf"{WEEKDAY_ALT}|"
                            r"But\s+instead)\b[^\"“”‘]*$", re.I)


def _only_an_adjunct(content: str) -> bool:
    """Whether a content is only a phrase of time, place or medium: a few
    words after a preposition, with no verb and no quotation."""
    return (bool(_ADJUNCT_START.match(content)) and len(content.split()) <= 6
            and not _FINITE.search(content) and not re.search(r"\b\w+ed\b", content))


# --------------------------------------------------------------------------
# 1. According to
# --------------------------------------------------------------------------


def _according_to_statements(
    text: str, s0: int, s1: int, quotes: list[tuple[int, int]], p_index: int
) -> list[Statement]:
    """`According to X, …`, `…, according to X.` and `…, according to X, …`:
    the source follows the phrase (any noun phrase: "company documents"), the
    content is the rest of the sentence after the source's comma (phrase
    first), everything before the phrase (phrase last), or both sides
    (phrase inside; an introductory "In addition," is left out). It needs no
    verb of saying, so it runs before the cue rules, which then skip what it
    took."""
    out: list[Statement] = []
    for acc in ACCORDING_TO_RE.finditer(text, s0, s1):
        if in_any(acc.start(), quotes):
            continue
        m = (mention_starting_at(text, acc.end(), s1) or descriptor_mention(text, acc.end(), s1)
             or _source_phrase(text, acc.end(), s1))
        if m is None:
            continue
        if _phrase_first(text[s0 : acc.start()]):
            comma = text.find(",", m.end, s1)
            if comma < 0:
                continue
            parts = [trim_span(text, comma + 1, s1)]
        else:
            # "Fundraising, according to the campaign, has surged": both sides
            parts = [trim_span(text, s0, acc.start())]
            after = re.match(r"[^,;:\"“”(]{0,60},", text[m.end : s1])  # not ", according to X (an aside, …)"
            if after and re.search(r",\s*$", text[s0 : acc.start()]):
                parts.append(trim_span(text, m.end + after.end(), s1))
            if (len(parts) == 2 and word_count(text[parts[0][0] : parts[0][1]]) < MIN_CONTENT_WORDS
                    and _INTRO_PHRASE.match(text, parts[0][0], parts[0][1])):
                parts = parts[1:]  # "In addition, according to …, …": the intro is no content
            parts = [p for p in parts if word_count(text[p[0] : p[1]])]
        if not parts or word_count(" ".join(text[a:b] for a, b in parts)) < MIN_CONTENT_WORDS:
            continue
        out.append(Statement(parts, "indirect", cue_text(acc), (acc.start(), acc.end()),
                             m, paragraph=p_index, sentence=(s0, s1)))
    return out


def _phrase_first(before: str) -> bool:
    """"According to X, …" opens the sentence, maybe after a conjunction
    ("But according to …") or a clause that announces it ("…: According to
    recent polls, …")."""
    before = before.strip(" ,")
    return len(before) <= 2 or before.endswith(":") or bool(_INTRO_PHRASE.fullmatch(before))


# The source after "according to" when no rule knows it as a speaker: the noun
# phrase to the next comma or the sentence's end ("company documents",
# "calculations by Amy Glasmeier", "early results of exit polls")
_SOURCE_PHRASE = re.compile(r"\s*((?:the\s+|a\s+|an\s+)?[\w’'.\-]+(?:\s+[\w’'.\-/&]+){0,17}?)\s*(?=[,;:.!?()\"”]|\s[—–]|$)")


# Words that open an introductory phrase, not a subject
_INTRO_PHRASE = re.compile(r"(?:In|On|At|For|However|But|And|Meanwhile|Still|Yet|So|Also|Additionally|While|When|"
                           r"Since|After|Before|During|Overall|Instead|Now|Then|Even)\b")


def _source_phrase(text: str, pos: int, end: int) -> Mention | None:
    m = _SOURCE_PHRASE.match(text, pos, end)
    if m is None or not re.match(r"[A-Za-z]", m.group(1)):
        return None
    np = m.group(1)
    if re.search(r"[a-z]{2}\.$", np):  # the full stop that ends the sentence
        np = np[:-1]
    return bare_description(m.start(1), m.start(1) + len(np), np)


# --------------------------------------------------------------------------
# The speaker of a cue
# --------------------------------------------------------------------------


_WITH_BEFORE = re.compile(r"\bwith\s+$")
# a conjunction that opens a clause with a named subject of its own
_CLAUSE_OPENING = re.compile(r"(?:,\s*|\s)(?:while|whereas|though|although|because|when)\s+(?=[A-Z])")
# an infinitive of purpose after a comma: "…, to argue that …"
_PURPOSE_BEFORE = re.compile(r",\s+(?:[a-z]+ly\s+)?to\s+$")


# An aside between the subject and its verb: "Mr. Trump, however, said"
_ASIDE_BEFORE_VERB = re.compile(
    r",\s+(?:however|for example|for instance|in turn|too|meanwhile|though|for (?:his|her|their|its) part|in fact|"
    r"instead|likewise|similarly|by contrast|in contrast|on the other hand|in response|of course|again)"
    r",\s+(?:also\s+|then\s+|later\s+)?$"
)


def _cue_subject(
    text: str, s0: int, s1: int, cue: re.Match[str], participle: bool, clause_start: int | None
) -> tuple[Mention, bool] | None:
    """Who speaks through `cue`, and whether they stand after it (`…, said
    Peskov.`, inverted). Tried in order: for a participle ("…, warning NATO
    that …") the clause's subject; else the mention right before the verb,
    the name before "who", a bare plural ("sources") or a description
    ("…, the lawsuit says.") in a tag, a subject after the
    verb of a trailing tag, the subject at the head of the clause or a
    description, and for "… and said" the first verb's subject."""
    left = text[s0 : cue.start()]
    inverted = False
    with_subject = mention_ending_at(text, cue.start(), s0, as_subject=False) if participle else None
    if with_subject is not None and _WITH_BEFORE.search(text, s0, with_subject.start):
        subject = with_subject  # "…, with Gorka noting the absurdity of …": the participle's own subject
    elif participle or _PURPOSE_BEFORE.search(text, s0, cue.start()):
        # "…, warning NATO that …", "…, breaking with the chair, Janet Yellen, to argue that …":
        # the clause's subject speaks
        subject = clause_subject(text, min(s0, clause_start if clause_start is not None else s0),
                                 cue.start(), strict=False)
    elif aside := _ASIDE_BEFORE_VERB.search(text, s0, cue.start()):
        # "Cement makers, for instance, argue …": the subject before the aside
        subject = (mention_ending_at(text, aside.start(), s0) or descriptor_subject(text, s0, aside.start())
                   or clause_subject(text, s0, aside.start()))
    else:
        subject = (mention_ending_at(text, cue.start(), s0) or relative_antecedent(text, s0, cue.start())
                   or bare_plural_tag(text, s0, cue.start())
                   or (description_tag(text, s0, cue.start())
                       if _tag_tail_ok(text, cue.end(), s1, inverted=False) else None))
        if subject is None:
            subject = _apposed_subject(text, s0, cue.start())
        if (subject is None and re.search(r",[\"”’]*\s*$", left) and word_count(left) >= MIN_CONTENT_WORDS
                and not re.match(r"\s*that\b", text[cue.end() : s1])):  # "…, argue that …" is no inverted tag
            # "…, said Peskov." / "…, said Katie Harbath, Facebook's director."
            cand = mention_starting_at(text, cue.end(), s1) or descriptor_mention(text, cue.end(), s1)
            if cand is not None and _tag_tail_ok(text, cand.end, s1, inverted=True):
                subject, inverted = cand, True
        if subject is None and not re.search(r"\bthat\s*$", left):
            # "…, while Jeb Bush in a Medium post said …": the subject of the cue's own clause first
            own = None
            for own in _CLAUSE_OPENING.finditer(text, s0, cue.start()):
                pass
            if own is not None and (re.search(r"[:;—–]", text[own.end() : cue.start()])
                                    or _PASSIVE_BEFORE.search(text, own.end(), cue.start())):
                # "… as Election Day nears: a figure who can argue": a new sentence part;
                # "while Arsene Wenger has been asked to explain": the one asked says nothing
                own = None
            subject = ((own and clause_subject(text, own.end(), cue.start())) or clause_subject(text, s0, cue.start())
                       or descriptor_subject(text, s0, cue.start()))
        if subject is None and re.search(r"\b(?:and|but)\s+(?:then\s+|also\s+|later\s+)?$", left):
            # "the Wisconsin Republican criticized the policy and said …": the first verb's subject
            # (its verbs may be a list: "Vik summed up the mayor as terrible, denounced her record and said")
            found = subject_and_verb(text, s0, cue.start(), longest=30)
            subject = found[0] if found else None
    if subject is None:
        return None
    return subject, inverted


# "Mr. Trump's former campaign manager, Corey Lewandowski, said …": a name and
# its apposition, in either order, before the verb
_APPOSED = re.compile(r"\s*(?P<a>[A-Z][^,;:\"“”]{1,90}?),\s+(?P<b>[^,;:\"“”]{2,90}?),\s*")


def _title_words(words: str) -> bool:
    """Whether the words before a name are its title, or nothing: "Former
    Arizona governor" (Jan Brewer), not "who on Tuesday endorsed" (Clinton)
    or "like Rubio and" (Bush)."""
    return all(w[0].isupper() and w.lower() not in FUNCTION_WORDS or w.lower() in TITLE_WORDS
               or w.lower() in TITLE_MODIFIERS for w in words.split())


def _apposed_subject(text: str, s0: int, verb_start: int) -> Mention | None:
    """The subject of a verb after "X, Y," where one of X and Y is a person's
    name and the other a short phrase with no verb: the sentence opens with
    its subject and an apposition, not with content and an inverted tag
    ("…, said the staff member who succeeded him")."""
    m = _APPOSED.fullmatch(text, s0, verb_start)
    if m is None or word_count(m.group(0)) > 12 or _FINITE.search(m.group(0)):
        return None
    for part, other in (("b", "a"), ("a", "b")):
        name = mention_ending_at(text, m.end(part), m.start(part))
        if name is not None and name.kind == "name" and _title_words(text[m.start(part) : name.start]) \
                and not re.search(r"\b[a-z]+ed\b", m.group(other)):
            return name
    return None


# --------------------------------------------------------------------------
# 2. Trailing tag, 3. parenthetical tag
# --------------------------------------------------------------------------


_TRAILING_TAG_TAIL = re.compile(
    r"^(?:\s+(?:on|in|at|during|after|before|to|last|this|earlier|later|yesterday|today|"
    r"tonight|recently|afterwards|reporters|journalists|the|a|an|his|her|their|its|"
    rf"[A-Z][\w’'.\-]*|[a-z]+day|{DAY_PART_ALT}|week|month|year|statement|interview|conference|briefing|"
    r"broadcaster|newspaper|magazine|agency|channel|radio|television|TV|news|press|"
    r"American|Russian|local|state|national|of|with|via|by|from|for|[0-9]+)\b[\w’'.\-]*)*"
    r"\s*[.!?]?[\"”’]*\)?\s*$"
)
# "…, Carson said after the attacks.": a tag may end with an adjunct phrase of
# a few words of any kind, if it has no clause of its own (no "that", no verb)
_TAG_ADJUNCT = re.compile(
    r"^\s+(?:on|in|at|during|after|before|following|while|when|to|from|with|about|of|for|via)\b"
    r"(?P<rest>(?:\s+[\w’'.\-]+){1,9})\s*[.!?]?[\"”’]*\)?\s*$"
)
_FINITE = re.compile(r"\b(?:that|is|are|was|were|will|would|has|have|had|can|could|should|did|does|do)\b")
# "…, Carter told a Senate panel Wednesday.": "tell" needs a hearer, so a few
# words without a clause of their own after it are the audience and its adjuncts
_HEARER_TAIL = re.compile(r"^(?:\s+[\w’'.\-]+){1,8}\s*[.!?]?[\"”’]*\)?\s*$")


_TAG_APPOSITION = re.compile(r"\s*,[^\"“”]*$")
_TAG_PARTICIPLE = re.compile(r",\s+(?:[a-z]+ly\s+)?[a-z]+ing\b")


# The comma before a trailing tag's subject, maybe with an article or an
# organisation's name in front of a role ("…, DFA spokesman Neil Sroka said"),
# or an article and a description ("…, the news site RTL Info reported").
_TAG_COMMA = re.compile(r",[\"”’]*\s*(?:(?P<desc>(?:[Tt]he|[Aa]n?)\s+(?:(?!(?:of|in|for|to|and|or|at|on|with|from|by)\b)"
                        r"[a-z][\w-]*\s+){1,3})|(?:[Tt]he\s+|[Aa]n?\s+)?)(?:[A-Z][\w.&’'-]*\s+){0,3}$")


def _tag_tail_ok(text: str, pos: int, end: int, inverted: bool, hearer: bool = False) -> bool:
    """What follows a trailing tag's verb (or its inverted subject) is only
    time, place or audience ("on Sunday", "in an interview"; after "told",
    any short phrase without a verb), an apposition of the inverted subject
    (", Facebook's director"), or a participle clause (", noting …") that
    starts a statement of its own."""
    tail = text[pos:end]
    cut = _TAG_PARTICIPLE.search(tail)
    if cut:
        tail = tail[: cut.start()] + "."
    if _TRAILING_TAG_TAIL.match(tail):
        return True
    if hearer and not inverted and _HEARER_TAIL.match(tail) and not _FINITE.search(tail):
        return True
    adjunct = _TAG_ADJUNCT.match(tail)
    if adjunct and not _FINITE.search(adjunct.group("rest")):
        return True
    # "…, said a former official who oversaw the inquiry."
    return inverted and bool(_TAG_APPOSITION.match(tail) or re.match(r"\s+(?:who|whose)\b[^\"“”]*$", tail))


def _tag_comma(text: str, s0: int, cue: re.Match[str], subject: Mention, inverted: bool) -> re.Match[str] | None:
    """The comma that ends the content before a tag: before the subject of
    `…, Peskov said`, before the verb of `…, said Peskov`."""
    left_of_subject = text[s0 : subject.start] if not inverted else text[s0 : cue.start()]
    comma = _TAG_COMMA.search(left_of_subject)
    if comma and comma.group("desc") and (inverted or subject.kind == "pronoun"):
        return None  # "…, a fact he mentions": a description's relative clause, no tag
    return comma


def _without_apposed_role(text: str, content: tuple[int, int], subject: Mention, inverted: bool) -> tuple[int, int]:
    """The content before a tag, without the role apposed to the tag's name:
    in "…, a spokeswoman, Anna White, said" the role is the speaker's, not
    what was said."""
    cs, ce = content
    role = mention_ending_at(text, ce, cs) if subject.kind == "name" and not inverted else None
    if role is not None and role.kind == "role" and text[cs : role.start].rstrip().endswith(","):
        return trim_span(text, cs, text.rindex(",", cs, role.start))
    return cs, ce


# a finite verb in lower case: an auxiliary, a past in "-ed" or a present in "-s"
_FINITE_VERB = rf"(?:{AUXILIARY_ALT}|[a-z]+ed|(?!its\b|this\b|his\b|hers\b)[a-z]{{3,}}s)\b"
# The sentence's own verb after an inverted tag: `The contrast, said Doyle, would be clear`
# (past an apposition of the inverted subject: "…, said Michael Kofman, an expert on Russia, would read …")
_RESUMES_AFTER_TAG = re.compile(rf",\s+(?:(?P<apposition>[^,;:\"“”]{{1,90}},\s+)(?:{AUXILIARY_ALT})\b|{_FINITE_VERB})")


def _trailing_tag_statement(
    text: str, s0: int, s1: int, cue: re.Match[str], subject: Mention, inverted: bool, p_index: int
) -> list[Statement] | None:
    """A trailing tag, `…, Peskov said (on Sunday).` or `…, said Peskov.`:
    after a comma, the speaker and the verb end the sentence (but for time,
    place or audience, see `_tag_tail_ok`), and what stands before the comma
    is the content. The content is what the sentence says, so a tag ends the
    search for more cues in it.

    None when the cue is not a trailing tag; else the statement it makes (an
    empty list when too few words stand before the comma: the tag of an
    earlier statement, still ending the search). A bare pronoun tag ("…, she
    said.") is marked `tag_only_pronoun`: it may continue the statement
    before it.
    """
    left_of_subject = text[s0 : subject.start] if not inverted else text[s0 : cue.start()]
    comma_before = _tag_comma(text, s0, cue, subject, inverted)
    hearer = CUE_FORMS[" ".join(cue.group(0).split()).lower()] in HEARER_CUES
    if not (comma_before and word_count(left_of_subject) >= MIN_CONTENT_WORDS and (
        _tag_tail_ok(text, subject.end if inverted else cue.end(), s1, inverted, hearer) or inverted
    )) or inverted and _RESUMES_AFTER_TAG.match(text, subject.end, s1):
        return None
    # trailing tag: "…, Peskov said (on Sunday)."
    cs, ce = _without_apposed_role(text, trim_span(text, s0, s0 + comma_before.start()), subject, inverted)
    # a leading parenthetical tag of an earlier statement is not content
    if word_count(text[cs:ce]) < MIN_CONTENT_WORDS:
        return []
    return [Statement([(cs, ce)], "indirect", cue_text(cue), (cue.start(), cue.end()),
                      subject, paragraph=p_index, sentence=(s0, s1),
                      tag_only_pronoun=subject.kind == "pronoun")]


# the comma that closes a parenthetical tag, maybe after a time or place
# of its own ("…, a spokeswoman said on Saturday, and it has …")
_PARENTHETICAL_CLOSE = re.compile(r"(?P<adjunct>(?:\s+[\w’'.\-]+){0,4}?)\s*,")


# content that opens with its verb: its subject stands before the tag
_VERB_FIRST = re.compile(_FINITE_VERB)


def _parenthetical_statement(
    text: str, s0: int, s1: int, cue: re.Match[str], subject: Mention, inverted: bool, p_index: int
) -> list[Statement] | None:
    """A parenthetical tag, `In fact, Antonov stressed, the world is …`: the
    speaker and verb stand between two commas inside the sentence, and the
    content is what stands on either side of the tag (each side kept when it
    has enough words).

    None when the cue is not in a parenthetical tag; else the statement it
    makes (an empty list when neither side has enough words).
    """
    comma_before = _tag_comma(text, s0, cue, subject, inverted)
    after_cue = text[cue.end() : s1]
    closing = _PARENTHETICAL_CLOSE.match(after_cue)
    if not (comma_before and closing and _TRAILING_TAG_TAIL.match(closing.group("adjunct") + ".")):
        return None
    a = _without_apposed_role(text, trim_span(text, s0, s0 + comma_before.start()), subject, inverted)
    b = trim_span(text, cue.end() + closing.end(), s1)
    resumes = _RESUMES_AFTER_TAG.match(text, subject.end, s1) if inverted else None
    if resumes and resumes.group("apposition"):  # the inverted subject's apposition is no content
        b = trim_span(text, resumes.end("apposition"), s1)
    parts = [p for p in (a, b) if word_count(text[p[0] : p[1]]) >= MIN_CONTENT_WORDS]
    if parts == [b] and a[0] < a[1] and _VERB_FIRST.match(text, b[0], b[1]):
        parts = [a, b]  # "The outreach, they said, raised new worries …": the short side is the subject
    # "The campaign, he says, is different.": two short sides make one content
    if not parts and a[0] < a[1] and b[0] < b[1] and (
            word_count(text[a[0] : a[1]]) + word_count(text[b[0] : b[1]]) >= MIN_CONTENT_WORDS):
        parts = [a, b]
    if not parts:
        return []
    return [Statement(parts, "indirect", cue_text(cue), (cue.start(), cue.end()),
                      subject, paragraph=p_index, sentence=(s0, s1))]


# --------------------------------------------------------------------------
# 4. Speech clause
# --------------------------------------------------------------------------


def _weak_ok(lemma: str, content: str, text_after_cue: str) -> bool:
    has_quote = any(c in content for c in DOUBLE_QUOTES)
    if lemma == "express":
        first = re.findall(r"[a-z]+", content.lower())[:3]
        return bool(set(first) & EXPRESSED_OBJECTS)
    if lemma in ("call", "describe"):
        return has_quote or bool(re.match(r"\s*\w+(?:\s+\w+){0,4}\s+as\b", text_after_cue))
    if lemma == "continue":
        return has_quote or bool(re.match(r"\s*(?:to\s+(?:say|insist|argue|claim)|:)", text_after_cue))
    return has_quote or bool(re.match(r"\s*(?:that\b|:)", text_after_cue)) or (
        lemma in ("believe",) and word_count(content) >= 5
    ) or (lemma in _CLAUSE_TAKING_WEAK_CUES and bool(_THATLESS_CLAUSE.match(text_after_cue)))


# Weak cues that report a fact said when a whole clause follows, with or
# without "that": "The Times reported the email came hours after …"
_CLAUSE_TAKING_WEAK_CUES = frozenset({"report", "reveal", "indicate", "maintain", "estimate", "observe"})
_THATLESS_CLAUSE = re.compile(
    r"\s*(?:the|a|an|his|her|their|its|this|[A-Z][\w’'\-]*)(?:\s+[\w’'\-]+){0,4}?\s+"
    rf"(?:{AUXILIARY_ALT}|"
    r"[a-z]{3,}ed|came|went|made|took|gave|said|told|began|became|won|lost|left|met|ran|saw|knew|thought)\b"
)


_AS_TAG_LEMMAS = _CLAUSE_TAKING_WEAK_CUES | {"mention", "recall"}
_AS_TAG_OPENING = re.compile(r"\s*(?:(?:But|And|Yet|So|Still)\s+)?[Aa]s\s+")


def _as_tag(text: str, s0: int, s1: int, cue: re.Match[str], lemma: str, subject: Mention) -> bool:
    """`As The Washington Post reported, even if …`: "As", a subject and a
    verb that reports a fact open the sentence, and the rest of it is what was
    reported. (`As he continued, the crowd cheered` is a time, so only the
    verbs that take a whole clause count.)"""
    return (lemma in _AS_TAG_LEMMAS
            and (opening := _AS_TAG_OPENING.match(text, s0)) is not None
            # (a capitalised "As" may open the mention; "the" may stand outside it)
            and (subject.start <= opening.end() < subject.end
                 or re.fullmatch(r"(?:[Tt]he|[Aa]n?)\s+", text[opening.end() : subject.start]) is not None)
            and re.match(r"\s*,", text[cue.end() : s1]) is not None)


_RELATIVE_BEFORE = re.compile(r",\s*who\s+(?:(?:also|then|later|once|has|had|have|previously|repeatedly)\s+)*\Z")
_MAIN_VERB_RESUMES = re.compile(
    r",\s+(?:(?:also|then|later|now)\s+)?(?:[a-z]+ed|has|have|had|is|are|was|were|will|would|said|says|told|"
    r"made|took|gave|went|came|won|lost|met|left|ran|spoke|wrote|sent|became|began|got|kept)\b"
)


# "said matter-of-factly as the crowd cheered": when or how it was said, not what
_ADVERBIAL_CLAUSE = re.compile(r"(?:[\w\-]+ly\s+(?:as|while|when|after|before|because|since|until)|"
                               r"(?:while|when|after|before|because|since|until|though|although))\s")


def _speech_clause_statement(
    text: str, s0: int, s1: int, cue: re.Match[str], lemma: str, subject: Mention,
    quotes: list[tuple[int, int]], p_index: int,
) -> tuple[Statement, int] | None:
    """A speech clause, `X said (that) …`, `X told Y that …`, `X warned of
    …`, `X called it "…"`: the content runs forward from the verb (past a
    hearer and "that") to where the clause ends (a second speech clause, a
    clause that is not part of what was said, the sentence's end). Weak cues
    need a quote, a that-clause or an attitude noun (`_weak_ok`). Names
    coordinated with a named subject ("Trump and Pence said") are kept as
    `co_mentions`, to become co-speakers.

    None when the clause has too little content or a weak cue lacks its
    support; else the statement and where its clause was cut (the search for
    more cues goes on from there).
    """
    # forward: "X said (that) …"
    hearer = lemma in HEARER_CUES
    start = cue.end() if lemma in ("call", "describe") else skip_object(text, cue.end(), s1, hearer)
    if start == cue.end() and hearer:
        start = skip_hearer(text, start, s1)
    skip = THAT_SKIP.match(text, start, s1)
    cstart = skip.end() if skip else start
    if lemma in ("call", "describe"):
        cend = callee_end(text, cstart, s1, quotes)
    else:
        present = lemma == "say" and cue.group(0).lower() in ("says", "say")
        cend = min(inner_clause_cut(text, cstart, s1, quotes), clause_boundary(text, cstart, s1, quotes, present))
    if _RELATIVE_BEFORE.search(text, s0, cue.start()):
        # "Trump, who said last week that …, issued a statement": the relative
        # clause ends where its antecedent's own verb resumes
        resumed = _MAIN_VERB_RESUMES.search(text, cstart, cend)
        if resumed:
            cend = resumed.start()
    cs, ce = trim_span(text, cstart, cend)
    ce = close_open_quote(text, cs, ce, quotes)
    content = text[cs:ce]
    if word_count(content) < MIN_CONTENT_WORDS:
        return None
    if not text[start:cs].strip(" ,") and lemma not in ("call", "describe") and _ADVERBIAL_CLAUSE.match(content):
        return None  # right after the verb, not after "that"
    if (lemma in WEAK_CUES and not _weak_ok(lemma, content, text[cue.end() : s1])
            and not _as_tag(text, s0, s1, cue, lemma, subject)
            and not learned_weak_cue(text, cue, lemma, subject, (cs, ce))):
        return None
    co = []
    if subject.kind == "name":
        co = [m for m in coordinated_names(text, subject.end, cue.start())
              if re.match(r"\s+and\s", text[subject.end : subject.end + 5])]
    st = Statement([(cs, ce)], "indirect", cue_text(cue), (cue.start(), cue.end()),
                   subject, paragraph=p_index, sentence=(s0, s1), co_mentions=co)
    return st, cend


# --------------------------------------------------------------------------
# 5. Words in quote marks in a clause
# --------------------------------------------------------------------------


def _quoted_words_statements(
    text: str, s0: int, s1: int, quotes: list[tuple[int, int]], p_index: int, found: list[Statement]
) -> list[Statement]:
    """Statements for the quotations of the sentence that no statement in
    `found` (nor one made here) holds or overlaps: the words in quote marks
    of a subject's clause, whatever its verb (`_quoted_words_clause`). Run
    last, so a verb of saying is always preferred."""
    added: list[Statement] = []
    for q in quotes:
        taken = found + added
        if s0 <= q[0] < s1 and not any(a <= q[0] < b for st in taken for a, b in st.parts):
            quoted = _quoted_words_clause(text, s0, s1, q, p_index)
            if quoted is not None and not any(st.start < quoted.end and quoted.start < st.end for st in taken):
                added.append(quoted)
    return added


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
    found = subject_and_verb(text, s0, q[0])
    if found is None:
        return None
    subject, verb = found
    if verb.group("verb") in ("is", "was", "are", "were", "’s", "'s", "’re", "'re") and not re.match(
            r"\s+(?:[a-z]+ly\s+)?[a-z]+ing\b", text[verb.end() : s1]):
        return None  # "Mexico is “killing us”": a copula describes, it does not report
    end = max(callee_end(text, verb.end(), s1, [q]), q[1])
    end = min(end, clause_boundary(text, q[1], s1, [q]))
    cs, ce = trim_span(text, verb.end(), end)
    skip = THAT_SKIP.match(text, cs, ce)
    if skip:
        cs = skip.end()
    if word_count(text[cs:ce]) < 2:
        return None
    return Statement([(cs, ce)], "indirect", verb.group("verb"), (verb.start("verb"), verb.end("verb")),
                     subject, paragraph=p_index, sentence=(s0, s1))
