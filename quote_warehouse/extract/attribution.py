"""Find statements: direct quotes and reported speech, with speaker and cue.

This is the entry point (`find_statements`); the rules live in their own
modules and are composed here, paragraph by paragraph on the clean text:

  * `quotes`: direct quotes (quote marks, frames, split quotes, all-quote
    paragraphs, quotations running over paragraphs, colon frames, quotations
    continuing a statement or following a sentence about their speaker);
  * `reported`: reported speech, one sentence at a time, outside the direct
    statements' quotes and frames (according to, trailing and parenthetical
    tags, speech clauses, words in quote marks);
  * `speakers`: where a cue's speaker stands (shared by both);
  * `clauses`: where reported content starts and ends (shared by both);
  * `statement`: the `Statement` they all produce.

Speakers are then resolved by `entities.DocumentEntities` in reading order: an
all-quote paragraph takes the speaker of the statement just before it, and a
bare "…, she said." tag may continue the statement before it; "he", "she"
and "they" may point to whoever opens one of the last sentences
(`antecedents`). Every offset
points into the clean text; a part's text is exactly `text[start:end]`.

Imports run one way: statement <- speakers, clauses <- quotes, reported <-
attribution. `Statement` is re-exported here for the modules that import it
from this one.
"""

from __future__ import annotations

import re

from quote_warehouse.extract.entities import DocumentEntities
from quote_warehouse.extract.mentions import Mention
from quote_warehouse.extract.phrases import broken_phrase
from quote_warehouse.extract.quotes import (
    colon_frame,
    direct_statements,
    find_quotes,
    join_trailing_quotes,
    quote_view,
    quotes_after_their_subject,
    take_colon_frame,
    whole_quotation,
)
from quote_warehouse.extract.reported import reported_in_sentence
from quote_warehouse.extract.segment import Span, SpanIndex, paragraphs, sentences
from quote_warehouse.extract.speakers import speaker_display_name
from quote_warehouse.extract.statement import DOUBLE_QUOTES, Statement, only_the_medium, word_count

__all__ = ["Statement", "find_statements"]


def find_statements(text: str, body_start: int = 0) -> tuple[list[Statement], DocumentEntities]:
    """All statements of an article, in reading order, with resolved speakers."""
    original, text = text, quote_view(text)
    entities = DocumentEntities(text, body_start)
    found: list[Statement] = []
    pending: tuple[Mention, re.Match[str]] | None = None  # "Cruz continued:" ending the paragraph before
    left_open = False  # the paragraph before ended inside a quotation
    for p_index, para in enumerate(paragraphs(text, body_start)):
        # quotes and sentences of the paragraph, found once for every rule below
        quotes = find_quotes(text, para)
        sents = SpanIndex(sentences(text, para))
        direct, covered = direct_statements(text, para, p_index, quotes, sents, left_open)
        # a quotation running to the paragraph's end with no close: the next paragraph may go on with it
        left_open = bool(quotes) and quotes[-1][1] == para.end and text[para.end - 1] not in DOUBLE_QUOTES
        if pending is not None:
            take_colon_frame(text, para, p_index, pending, direct, covered)
        pending = colon_frame(text, para, sents)
        reported: list[Statement] = []
        for sent in sents.spans:
            if any(cs <= sent.start < ce or sent.start <= cs < sent.end for cs, ce in covered):
                # the sentence holds a direct statement's quote or frame; look
                # only at what stands outside them
                rest = [(sent.start, sent.end)]
                for cs, ce in covered:
                    rest = [piece for a, b in rest for piece in ((a, min(b, cs)), (max(a, ce), b)) if piece[1] - piece[0] > 0]
                for a, b in rest:
                    if word_count(text[a:b]) >= 6:
                        reported.extend(reported_in_sentence(text, Span(a, b), quotes, p_index))
                continue
            reported.extend(reported_in_sentence(text, sent, quotes, p_index))
        for st in reported:
            whole_quotation(text, st, quotes)
        join_trailing_quotes(text, quotes, sents, direct + reported)
        direct.extend(quotes_after_their_subject(text, quotes, sents, direct + reported, p_index))
        found.extend(direct)
        # "…, X said in a statement." with no quotation after it: nothing said
        found.extend(st for st in reported if not (len(st.parts) == 1 and only_the_medium(text[st.start : st.end])))
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
            st.speaker = entities.resolve(st.mention, as_speaker=st.asked is None)
            if st.asked is not None:
                entities.resolve(st.asked)  # "he said" next is the answer of the one asked
            if st.speaker is not None and st.speaker.descriptor and broken_phrase(st.speaker.name):
                continue  # "of Sanders supporters", "the blizzard of": no one
        if st.speaker is None:
            continue
        for co in st.co_mentions:
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
        ent.name = speaker_display_name(ent)
    return resolved, entities
