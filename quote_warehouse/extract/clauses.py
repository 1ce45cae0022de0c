"""Where reported content starts and ends inside a sentence.

Once a rule has found a cue and its speaker, what was said is the clause
after the cue (or before a trailing tag). These helpers place its edges:
skip a hearer or adjunct before "that" (`told Peskov that`), cut at a second
speech clause (`…, though he stressed that …`) or at a clause that is not part
of what was said (`, adding that …`, `, but he conceded …`, `; …`), run on to
the end of a quotation the content stops inside, and trim the span to its
words. Shared by the direct-quote rules (a participle after a quote's frame)
and the reported-speech rules.
"""

from __future__ import annotations

import bisect
import re

from quote_warehouse.extract.lexicon import CUE_ALT, CUE_FORMS, CUE_RE, DAY_PART_ALT, WEEKDAY_ALT
from quote_warehouse.extract.mentions import mention_ending_at
from quote_warehouse.extract.statement import word_count


# What stands between a verb and its content: "that", "of", "about", "to the fact that"
THAT_SKIP = re.compile(  # "that" after a comma is a demonstrative ("As Ryan said, that is …"), kept
    r"\s*(?:[:,]\s*(?:(?:to\s+)?the\s+fact\s+)?(?:of|about|on)?|(?:(?:to\s+)?the\s+fact\s+)?(?:that|of|about|on)?)"
    r"\b\s*[:,]?\s*", re.I
)


def in_any(pos: int, spans: list[tuple[int, int]]) -> bool:
    """Whether `pos` lies in one of `spans` (sorted, disjoint: quotes of a paragraph)."""
    i = bisect.bisect_right(spans, (pos, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


_DANGLING_CONJUNCTION = re.compile(r"\s+(?:and|but|or)\Z")


def trim_span(text: str, s: int, e: int) -> tuple[int, int]:
    """Shrink a content span to its words (keep a closing quote mark if opened inside)."""
    while s < e and (text[s].isspace() or text[s] in ",;:—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",;:—–-."):
        e -= 1
    if text[s : s + 1] == "(" and ")" not in text[s:e]:
        s += 1  # "(The French … are fans, Mr. Madden said.)": the bracket opens the sentence
    dangling = _DANGLING_CONJUNCTION.search(text, s, e)
    if dangling:  # "said he welcomed extradition and | added, "…""
        e = dangling.start()
    # keep quote marks balanced inside the span
    inside = text[s:e]
    opens = sum(inside.count(c) for c in "“«")
    closes = sum(inside.count(c) for c in "”»")
    if closes > opens and inside[-1:] in "”»" and inside[:1] not in "“«":
        e -= 1
        while e > s and text[e - 1] in ",. ":
            e -= 1
    if opens > closes or inside.count('"') % 2:
        # a quotation opened inside closes right after the cut: `“red line,”`, `"woman card,"`
        close = re.match(r"[,.]?[”»\"]", text[e : e + 2])
        if close:
            e += close.end()
    return s, e


# a word of a hearer or an adjunct, never one that opens a clause of its own:
# in "said he understands how hard that can be", "that" is not the complementizer
_ADJUNCT_WORD = r"(?!(?:he|she|they|we|I|it|there|how|what|why|whether|if|who|which)\b)[\w’'.\-]+,?\s+"
# nor, before "that" with no hearer, a verb: in "said the ministry requested
# that …", "that" opens the ministry's clause, inside what was said
_NO_VERB = r"(?![a-z]+ed\b|(?:is|was|are|were|has|have|had|will|would|could|should|can|did|does)\b)"
_UP_TO_THAT = re.compile(rf"\s+(?:{_NO_VERB}{_ADJUNCT_WORD}){{0,6}}?(?=that\b)")
# a hearer with its title and when ("told conservative radio host Hugh Hewitt on Wednesday that")
_UP_TO_THAT_AFTER_HEARER = re.compile(rf"\s+(?:{_ADJUNCT_WORD}){{0,10}}?(?=that\b)")


# When and where, before a clause with no "that": "said on Monday the plan
# would fail", "said in a statement the plan …"
_WHEN_OR_WHERE = re.compile(
    rf"\s+(?:(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:{WEEKDAY_ALT})(?:\s+(?:{DAY_PART_ALT}))?|"
    r"(?:last|this|next)\s+(?:week|month|year|night)|"
    r"earlier|later|yesterday|today|tonight|recently|"
    r"in\s+(?:a|an|the|his|her|their|its)\s+(?:written\s+|joint\s+|televised\s+|radio\s+|TV\s+)?"
    r"(?:statement|interview|speech|letter|post|tweet|email|e-mail|filing|briefing|memo|op-ed))"
    r",?(?=\s+(?:he|she|they|it|we|I|there|the|a|an|his|her|their|its|this|these|[A-Z])\b)"
)


# An aside between dashes before "that": "said — on Twitter, as it happens — that"
_DASHED_ASIDE = re.compile(r"\s*[—–]\s*[^—–\"“”]{1,80}?\s*[—–]\s*(?=that\b)")


def skip_object(text: str, pos: int, end: int, hearer: bool = False) -> int:
    """Skip a hearer or an adjunct before "that": "told Peskov that",
    "warning NATO and the US that", "said during the interview that"; a
    verb that takes a hearer (`HEARER_CUES`) may have a longer one. Without
    "that", a time or a medium that opens the clause ("said on Monday the
    plan would fail") is skipped too."""
    m = (_UP_TO_THAT_AFTER_HEARER if hearer else _UP_TO_THAT).match(text, pos, end)
    if m:
        return m.end()
    aside = _DASHED_ASIDE.match(text, pos, end)
    if aside:  # "said — on Twitter, as it happens — that …"
        return aside.end()
    when = _WHEN_OR_WHERE.match(text, pos, end)
    return when.end() if when else pos


# Verbs whose hearer stands between them and what was said, with or without
# "that": "told reporters the plant would close", "assured voters he would"
HEARER_CUES = frozenset({"tell", "assure", "remind", "promise", "inform", "warn"})
_NAME_RUN = (r"(?:[Tt]he\s+)?[A-Z][\w’'.&\-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w’'.&\-]*){0,4}"
             r"(?!\s+(?:of\s+|and\s+)?[A-Z])")  # a whole capitalised run, never part of one
_HEARER = re.compile(
    r"\s+(?:him|her|them|us|me|you|"
    rf"{_NAME_RUN}(?:\s+(?:radio\s+|talk\s+show\s+)?(?:host|anchor|reporter|correspondent|columnist|editor)"
    rf"\s+{_NAME_RUN})?|"
    r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:reporters|journalists|crowd|audience|supporters|voters|lawmakers|senators|members|"
    r"delegates|students|workers|donors|interviewers?|viewers|listeners|readers|host|hosts|"
    r"anchor|panel|committee|rally|gathering|congregation|press|media|parliament|congress))"
    r"(?:\s+(?:on|last|this|in\s+an?\s+interview|in\s+a\s+statement)(?:\s+[\w’'\-]+){0,2}?"
    r"(?=\s+(?:that|he|she|they|it|we|I|the|a|his|her|their)\b))?"
    r"(?=\s*,?\s+(?:that\b|he\b|she\b|they\b|it\b|we\b|I\b|there\b|the\b|a\b|an\b|his\b|her\b|their\b|its\b|[A-Z]))"
)


def skip_hearer(text: str, pos: int, end: int) -> int:
    """Skip the hearer of "tell", "assure", … when no "that" follows it:
    "told reporters the plant would close", "told The Boston Globe he …".
    The hearer must be followed by what opens a clause (a pronoun, a
    determiner, a name), so "told of deep cuts" is left alone."""
    m = _HEARER.match(text, pos, end)
    return m.end() if m else pos


# Verbs whose clause needs no "that" to start a second statement inside a
# content ("… the deal was dead though she said she would talk again"), and
# the words that open such a clause
_THATLESS_INNER_CUES = frozenset({"say", "add", "argue", "insist", "claim"})
_CLAUSE_OPENER = re.compile(r"\s+(?:he|she|they|it|we|I|there|the|his|her|their)\b")


def inner_clause_cut(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> int:
    """Where a second speech clause starts inside content ("…, though he stressed that …")."""
    for cue in CUE_RE.finditer(text, s, e):
        if in_any(cue.start(), quotes):
            continue
        after = text[cue.end() : cue.end() + 8]
        if not (re.match(r"\s+that\b|\s*:", after) or (
                CUE_FORMS[" ".join(cue.group(0).split()).lower()] in _THATLESS_INNER_CUES
                and _CLAUSE_OPENER.match(after))):
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
    r"others|critics|officials|analysts|experts|supporters|opponents|aides|advisers|sources|observers|"
    r"(?:the|a|an|many|some|most|his|her|their|its|other|several)\s+(?:[\w’'\-]+\s+){0,3}?[\w’'\-]+)"
)
_AUX_WORDS = r"(?:(?:has|have|had|is|was|were|are|will|would|could|also|then|later|still|now)\s+)*"
# the speaker of a quote's frame goes on in a clause of their own:
# `"…," said Reince Priebus, though he added that …`, `said Beck, who said
# there were …`, `Clinton said, while arguing the U.S. should …`
SPEAKER_GOES_ON = re.compile(
    r",[\"”’']*\s+(?:(?:though|although|but|and|while)\s+(?:he|she|they)\s+|who\s+|(?:while|before|after)\s+(?=\w+ing\b))"
    rf"(?:also\s+|later\s+)?(?:{CUE_RE.pattern})"
)
# a new clause with a pronoun subject: ", it would seem as if …"
_PRONOUN_CLAUSE = re.compile(rf",[\"”’']*\s+(?:he|she|it|they|we|I)\s+{_AUX_WORDS}(?:[a-z]+ed|[a-z]+s|would|will|"
                             rf"can|could|should|might|may|must|did|said|told)\b")
# a verb in the simple past
_PAST_VERB = r"(?:[a-z]+ed|did|said|told|made|took|gave|went)"
# a second verb phrase of the speaker: ", but did not suggest …", ", and agreed that …";
# not "be" right after the conjunction, a state of the content's subject ("… but was
# intimidated by the legal language")
_SECOND_VERB = re.compile(
    r"(?:,[\"”’']*\s+(?:and|but)|\s+but)(?!\s+(?:was|were|is|are)\b)\s+(?:(?:did|does|do|has|had|have|was|is|"
    rf"would|will|also|then|later|quickly|not|never)\s+)*{_PAST_VERB}\b")
# a verb in the simple past right after the conjunction: "but opted", "and asked"
_SIMPLE_PAST = re.compile(rf"(?:and|but)\s+{_PAST_VERB}$")
# a relative clause about the content's last noun: ", which would give …"
_WHICH = re.compile(r",[\"”’']*\s+which\b")
# a relative clause about a person named last: "…, who will face a challenger on Tuesday"
_WHO = re.compile(r"(?<=[a-z])\b,\s+who\b")
CLAUSE_BREAKS = (
    # a participle that starts a statement of its own: ", adding that …",
    # `"corrupt," noting that …`, "before claiming that …"
    re.compile(rf",[\"”’']*\s+(?:[a-z]+ly\s+)?(?:{_PARTICIPLE_CUES})\b"),
    re.compile(rf"\s(?:before|after|while|by|when)\s+(?:{_PARTICIPLE_CUES})\b"),
    # a second verb phrase of the speaker: ", but did not suggest …", ", and agreed that …"
    _SECOND_VERB,
    _PRONOUN_CLAUSE,
    _WHICH,
    _WHO,
    # the speaker's next act: "… and criticized him for …", "… but argues that …",
    # "… but suggesting …", "— asserting that …", "before floating the idea …",
    # "as he faces …", ", an acknowledgment that …"
    re.compile(rf"[\"”’']*\s+(?:and|but)\s+(?:also\s+|then\s+)?{CUE_ALT}"),
    re.compile(rf"[\"”’']*\s[—–]\s+(?:[a-z]+ly\s+)?(?:{_PARTICIPLE_CUES})\b"),
    re.compile(r"[\"”’']*\s(?:before|after|while)\s+[a-z]+ing\b"),
    re.compile(r"[\"”’']*\s+as\s+(?:he|she|they|it|we)\s+[a-z]+s\b"),
    re.compile(r",[\"”’']*\s+(?:an?|the)\s+[a-z]+\s+that\b"),
    # a coordinated clause with its own subject and verb: ", but he conceded …"
    re.compile(rf"(?:,\s+|;\s+|\s[—–]\s+)(?:and|but|yet|so|while|though|although|whereas)\s+"
               rf"{_SUBJECT_NP}\s+{_AUX_WORDS}(?:[a-z]+ed|[a-z]+s|said|told|wrote|made|took|gave|"
               rf"went|came|saw|thought|did|can|could|would|will|should)\b"),
    # a second group's answer: "…, and three-quarters said the same of Sanders",
    # "… and others have said they are not interested"
    re.compile(rf"(?:,\s*|\s+)(?:and|but|while|whereas)\s+(?:[\w’'.\-]+\s+){{1,6}}?{_AUX_WORDS}(?<!\bthat )"
               r"(?:said|say|says|argue|argues|argued|insist|insists|insisted|contend|contends|contended|"
               r"suggest|suggests|suggested)\b"),
    # a new speech clause after a comma: ", he said there is …"
    re.compile(rf"(?:,|\s[—–])[\"”’']*\s+{_SUBJECT_NP}\s+{_AUX_WORDS}{CUE_ALT}"),
    re.compile(r";\s+"),
    # the writer's comment on what was said: ", compared with 64 percent who …",
    # ", referring to the convention", ", a swipe at his rival"
    # (after a quote, "compared to" is often still the speaker's: `is "peanuts," compared to …`)
    re.compile(r"(?:,\s+compared\s+(?:with|to)|,[\"”’']*\s+(?:referring\s+to|"
               r"an?\s+(?:apparent\s+|veiled\s+|thinly\s+veiled\s+)?(?:swipe|jab|dig|reference|nod|allusion)\s+(?:at|to)))\b"),
)


# the verb the content's subject goes on to after a relative clause between
# commas: "the decision, which struck down …, illustrates …"
_SUBJECT_RESUMES = re.compile(
    r"[^,;.!?“”\"]{1,200}?,\s+[\"“]?(?:[a-z]+ly\s+)?(?:[a-z]+s|[a-z]+ed|is|was|are|were|has|had|have|will|would|"
    r"can|could|should|must|may|might|did|does|do|won[’']t|wouldn[’']t|can[’']t|isn[’']t|wasn[’']t)\b")


_QUOTE_SOON = re.compile(r"\s*(?:[\w’'\-]+\s+){0,3}[\"“]")


def _quoted_relative(text: str, pos: int, end: int) -> bool:
    """`…, which “will help elect …”`: a relative clause that quotes within a
    few words is still the speaker's, unless it has a verb of saying of its
    own (`which he called “a disaster”`)."""
    m = _QUOTE_SOON.match(text, pos, end)
    return m is not None and CUE_RE.search(text, pos, m.end()) is None


_NAME_BEFORE = re.compile(r"\b[A-Z][\w’'.\-]*\s+[A-Z][\w’'\-]*\Z")


def _relative_in_subject(text: str, s: int, m: re.Match[str]) -> bool:
    """A ", which …," clause after the content's first few words describes the
    content's subject, and the content goes on with its verb ("said the
    decision, which struck down restrictions, illustrates the stakes")."""
    return word_count(text[s : m.start()]) <= 6 and bool(_SUBJECT_RESUMES.match(text, m.end()))


# what opens a subordinate clause before the main one: "said that even after
# he steps down, he will …", "told that if Iran were a stock, he would …"
_SUBORDINATE_OPENING = re.compile(
    r"(?:even\s+|only\s+|just\s+)?(?:if|while|when|whenever|although|though|because|after|before|since|once|"
    r"unless|until|in|on|at|during|by|over|within|for|sometime|later|earlier|last|next|this|[a-z]+ing)\b[^,;]*")


def clause_boundary(text: str, s: int, e: int, quotes: list[tuple[int, int]], present_cue: bool = False) -> int:
    """Where reported content ends: before a clause that is not part of what
    was said (", adding that …", ", but he conceded …", ", he said …", "; …").
    After a verb of saying in the present ("says"), a second verb in the past
    goes on with the content, not with the speaker: "The company says it
    considered building the lines in Chicago but opted not to"."""
    best = e
    for pattern in CLAUSE_BREAKS:
        for m in pattern.finditer(text, s, best):
            if pattern is _SECOND_VERB and present_cue and _SIMPLE_PAST.search(m.group(0)):
                continue
            if pattern in (_WHICH, _WHO) and (_relative_in_subject(text, s, m) or _quoted_relative(text, m.end(), e)):
                continue
            if pattern is _WHO and not _NAME_BEFORE.search(text, s, m.start()):
                continue  # "the people, who …": only a name's relative clause is the writer's
            if pattern is _PRONOUN_CLAUSE and _SUBORDINATE_OPENING.fullmatch(text, s, m.start()):
                continue  # the main clause after the opening subordinate one is still what was said
            if not in_any(m.end() - 1, quotes) and m.start() - s >= 3:
                best = m.start()
                break
    return best


def close_open_quote(text: str, s: int, e: int, quotes: list[tuple[int, int]]) -> int:
    """Content that stops inside a quotation runs on to the quotation's end:
    `said the Trump "train may have left the station. I don't want …"`."""
    for qs, qe in quotes:
        if s <= qs < e < qe:
            return qe
    return e


_NAMING_GOES_ON = re.compile(r"\s+(?:who|that|which|because|when|whose|made|on|for)\b")


def callee_end(text: str, start: int, end: int, quotes: list[tuple[int, int]]) -> int:
    """For "called X '…'": the content ends with the quote (or at the clause's end)."""
    for qs, qe in quotes:
        if start <= qs < end and word_count(text[start:qs]) <= 4:
            # "called the Saudis “free riders” who rely on …": a clause about the naming goes on
            return clause_boundary(text, qe, end, quotes) if _NAMING_GOES_ON.match(text, qe, end) else qe
    m = re.compile(r"[,;—–]|\s-\s").search(text, start, end)
    return m.start() if m else end
