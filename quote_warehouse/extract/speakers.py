"""Where the speaker of a cue stands: the subject rules of attribution.

Given a cue (a verb of saying) or a quotation, these rules find the mention
that speaks: the subject right before the verb (`"…," Zakharova said`), the
subject at the head of a clause behind adjuncts and a dateline (`WASHINGTON —
Sen. Bernie Sanders on Saturday said`), a name standing in apposition to a
role (`the White House press secretary, Josh Earnest, said`), the name before
"who", a bare plural (`…, sources said.`), a description (`Her advisers
said`), a counted group (`About four in 10 voters say`), or the subject and
verb of the clause a quotation stands in. They return `Mention`s; which
entity a mention refers to (pronouns, surnames, role nouns, "it"/"they") is
decided afterwards by `entities.DocumentEntities`, in reading order.

Both the direct-quote rules (`quotes`) and the reported-speech rules
(`reported`) use them, so they live here, apart from both.
"""

from __future__ import annotations

import re
from dataclasses import replace

from quote_warehouse.extract.lexicon import ADJECTIVE_OF, COUNTRY_OF
from quote_warehouse.extract.mentions import (
    AUX_RE,
    BARE_PEOPLE,
    CAP_SEQ,
    Entity,
    Mention,
    bare_description,
    descriptor_mention,
    listed_descriptor,
    mention_ending_at,
    mention_starting_at,
    parse_name_mention,
    possessed_subject,
)
from quote_warehouse.extract.person_names import a_place
from quote_warehouse.extract.sentence_case import only_first_in_sentence
from quote_warehouse.extract.statement import word_count


_INTRO_WORDS = re.compile(
    r"^(?:in|on|at|during|after|before|since|while|when|although|though|however|but|and|"
    r"also|meanwhile|moreover|earlier|later|last|this|speaking|asked|according|unless|if|"
    r"as|with|without|by|for|from|under|over|despite|following|today|yesterday|the day|"
    r"on the same day|in conclusion|in addition|in fact|at the same time|amid|even|"
    r"previously|well|still|yet|now|instead|indeed|again|so|then|here|there|overall|"
    r"similarly|likewise|nonetheless|nevertheless|otherwise|separately|finally|"
    r"lastly|ultimately|notably|importantly|specifically|yes|oh|sure|"
    r"plus|besides|thus|hence|therefore|regardless|rather|to be sure|of course)(?![\w-])",
    re.I,
)


def opens_with_adjunct(text: str, start: int, end: int) -> bool:
    """Whether the sentence opens with an adjunct before its subject ("When
    Wallace died in 1998, President Clinton …"), ended by a comma."""
    return bool(_INTRO_WORDS.match(text[start:end])) and "," in text[start:end]


# What may stand between a subject and its verb: a parenthetical ("(R-S.C.)")
# and one or two comma-enclosed appositions (", who used to work on Capitol Hill,")
APPOSITION = re.compile(
    r"\s*(?:\([^()\"“”]{1,40}\))?\s*(?:,[^\"“”,]{1,200}(?:,[^\"“”,]{1,120})?,)?"
)


def subject_before_cue(text: str, start: int, cue_start: int) -> Mention | None:
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
        joined = re.match(r"\s+and\s+", text[rest_at:cue_start])
        other = mention_starting_at(text, rest_at + joined.end(), cue_start) if joined else None
        if other is not None and other.kind == candidate.kind == "name":
            rest_at = other.end  # "Phil Berger and House Speaker Tim Moore, both Republicans, said"
        appos = APPOSITION.match(text, rest_at, cue_start)
        if appos:
            rest_at = appos.end()
        if AUX_RE.match(text[rest_at:cue_start]):
            return _apposed_name(text, candidate, cue_start)
    return listed_descriptor(text, start, cue_start)


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


def relative_antecedent(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """`… this tweet from Rikkie Wells, who tweeted, "…"`: the name before "who"."""
    rel = re.search(r"(?:,\s*|\s)who\s+(?:(?:also|then|later|once|has|had|have)\s+)*$", text[sent_start:cue_start])
    if rel is None:
        return None
    m = mention_ending_at(text, sent_start + rel.start(), sent_start, as_subject=False)
    appos = _APPOSITION_BEFORE.search(text, sent_start, m.start) if m is not None else None
    if appos is not None:
        # "Howard Rubel, a senior analyst at Jefferies, who notes …": the person, not the employer
        return mention_ending_at(text, appos.start(), sent_start, as_subject=False) or m
    return m


# An apposition that a relative clause's mention ends: ", a senior analyst at |Jefferies"
_APPOSITION_BEFORE = re.compile(r",\s+(?:an?|the)\s+[^,;:\"“”]{1,60}?\s(?:at|of|for|with|from|in|on)\s+(?:the\s+)?$")


def clause_subject(text: str, sent_start: int, cue_start: int, strict: bool = True) -> Mention | None:
    """The subject at the head of the clause when adjuncts stand before the verb.

    "Russian Ambassador to Washington Anatoly Antonov on Saturday, January 15,
    in an interview with Newsweek magazine said …": comma segments are tried
    left to right, skipping introductory ones ("On the same day", "In a
    statement") and dates.
    """
    dateline = _DATELINE.match(text, sent_start, cue_start)
    if dateline:  # "WASHINGTON — Sen. Bernie Sanders (I-Vt.) defended …"
        sent_start = dateline.end()
    for seg in re.finditer(r"[^,;—–]+", text[sent_start:cue_start]):  # "It was no accident — Brendan Buck, …, told"
        s = sent_start + seg.start()
        while s < cue_start and text[s] in " \"“”":
            s += 1
        segment = text[s : sent_start + seg.end()]
        conj = re.match(r"(?:But|And|So|Yet|Still|Now|Then|Meanwhile|However|Instead)"
                        r"(?:\s+(?:then|now|so|also|later|again|still|yet))?\s+(?=[A-Z])", segment)
        if conj:  # "But Sen. Durbin (D-Ill.), noting …, said"
            s += conj.end()
            segment = text[s : sent_start + seg.end()]
        if not segment.strip() or _INTRO_WORDS.match(segment) or re.match(r"[A-Z][a-z]+ \d", segment):
            continue
        m = mention_starting_at(text, s, sent_start + seg.end())
        if m is None and not strict:
            m = possessed_subject(text, s, sent_start + seg.end())
            if m is not None:
                return m
        if m is None or m.kind == "context" or only_first_in_sentence(text, m):
            continue
        if (a_place(m.text) and m.end >= sent_start + seg.end() - 1
                and _STATE_AFTER_CITY.search(text, sent_start, s)):
            continue  # "At a rally in Beaumont, Tex., Mr. Trump …": the city's state, not the subject
        full_name = m.kind == "name" and " " in (m.name or "")
        if not strict or full_name or _SUBJECT_REST.match(text, m.end, sent_start + seg.end()):
            return _apposed_name(text, m, cue_start)
    return None


# A comma segment that follows a place name: "in Ames, | Iowa, | on Sunday"
_STATE_AFTER_CITY = re.compile(r"\b(?:in|at|near|from|of)\s+(?:[A-Z][\w.’'-]*\s+){0,2}[A-Z][\w.’'-]*,\s*$")

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


_BARE_PLURAL_TAG = re.compile(r",[\"”’]*\s+((?:[A-Za-z][\w.’'-]*\s+){0,3}[a-z][\w-]*[^s\W]s)\s+$")


def bare_plural_tag(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """`…, sources said.`, `…, Republican officials said.`: a bare plural
    noun phrase after the comma of a trailing tag speaks, as a description."""
    m = _BARE_PLURAL_TAG.search(text, sent_start, cue_start)
    if m is None:
        return None
    desc = descriptor_mention(text, m.start(1), m.end(1), loose=True)
    if desc is None or desc.end == m.end(1):
        return desc
    # "current and former officials": the whole phrase, which the description cut at "and"
    words = " ".join(m.group(1).split())
    return replace(desc, end=m.end(1), text=words, role=words, head=words.split()[-1].lower())


# ", the lawsuit says.": a determiner's noun phrase between a comma and the cue
_DESCRIPTION_TAG = re.compile(
    r",[\"”’]*\s+((?:the|a|an|this|his|her|its|their)\s+(?:[\w’'\-]+\s+){0,3}[\w’'\-]+)\s+$")


def description_tag(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """`…, the lawsuit says.`: a description after the comma of a trailing tag
    speaks, as a bare plural does (`bare_plural_tag`). The caller checks that
    the tag ends the sentence."""
    tag = _DESCRIPTION_TAG.search(text, sent_start, cue_start)
    if tag is None:
        return None
    return descriptor_mention(text, tag.start(1), tag.end(1), loose=True)


# "The employee, a registered Republican who …, said": a description, then
# an apposition between commas right before the verb
_DESCRIPTION_APPOSED = re.compile(r"\s*((?:The|A|An)\s+[^,;:\"“”]{2,60}?),\s+(?:an?|the|one|who)\s[^;:\"“”]{3,200},\s*")


def descriptor_subject(text: str, sent_start: int, cue_start: int) -> Mention | None:
    """A described subject right before the verb, at the head of its clause:
    "Her advisers said …", "Police officials said …", "The businessman said …",
    or at the sentence's head before an apposition ("The employee, a …, said")."""
    apposed = _DESCRIPTION_APPOSED.fullmatch(text, sent_start, cue_start)
    if apposed:
        m = descriptor_mention(text, apposed.start(1), apposed.end(1))
        if m is not None and m.end == apposed.end(1):
            return m
    left = text[sent_start:cue_start]
    if re.search(r"\b(?:and|but|or)\s+$", left):
        return None  # "She's a Sanders supporter but concedes": a second verb, whose subject is the first's
    aux = AUX_RE.search(left)
    core_end = sent_start + (aux.start() if aux else len(left))
    clause = re.search(r"(?:^|[,;:]\s+|\b(?:and|but|because|while|as|when|though|although)\s+)"
                       r"(?=[^,;:]*$)", text[sent_start:core_end])
    start = sent_start + (clause.end() if clause else 0)
    m = descriptor_mention(text, start, core_end)
    if m is None or m.end != core_end or len(m.text.split()) > 6:
        return _counted_group(text, start, core_end)
    if not re.match(r"[A-Z]|(?:the|a|an|one|another|his|her|their|its|our|my|some|several|many|most|two|three)\b", m.text) \
            and not BARE_PEOPLE.match(m.text):
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
    return bare_description(start, start + len(phrase), phrase)


# A verb right after a subject: "has hailed", "repeatedly called", "warns".
ANY_VERB = re.compile(
    r"\s+(?:(?:has|have|had|is|was|were|are|also|again|once|repeatedly|then|later|"
    r"long|never|often|recently|[a-z]+ly)\s+)*(?P<verb>[a-z]+(?:ed|es|s)|said|told|"
    r"made|gave|took|put|wrote|spoke|thought|saw|held|kept|felt|got|went|brought|shot|hit|struck|began)\b"
)


# A verb contracted onto a pronoun: "She's a Sanders supporter but concedes …"
_CONTRACTED_VERB = re.compile(r"(?P<verb>[’'](?:s|re|ve|d))(?=\s)")


def _verb_after(text: str, m: Mention, limit: int, longest: int = 12) -> re.Match[str] | None:
    appos = APPOSITION.match(text, m.end, limit)
    verb = ((_CONTRACTED_VERB.match(text, m.end, limit) if m.kind == "pronoun" else None)
            or ANY_VERB.match(text, appos.end() if appos and appos.group(0).strip() else m.end, limit))
    if verb is None or word_count(text[verb.end() : limit]) > longest:
        return None
    return verb


def subject_and_verb(
    text: str, s0: int, q_start: int, longest: int = 12
) -> tuple[Mention, re.Match[str]] | None:
    """The subject and verb of the clause a quotation stands in: the clause's
    subject ("Trump has hailed …"), else the last full name followed by a verb
    ("… when House Speaker Paul D. Ryan lamented …"), else a described
    subject at the head of the sentence ("The agency declined …"). At most
    `longest` words follow the verb."""
    subject = clause_subject(text, s0, q_start, strict=False) or mention_starting_at(text, s0, q_start)
    if subject is not None and not (subject.kind == "pronoun" and subject.text.lower() not in ("he", "she")):
        verb = _verb_after(text, subject, q_start, longest)
        if verb is not None:
            return subject, verb
    for cap in reversed(list(_CAP_RUN.finditer(text, s0, q_start))):
        m = parse_name_mention(text, cap.start(), cap.end())
        if m is not None and m.text in _DEMONYMS:
            continue  # "South Korean officials about …": an adjective, and its noun no verb
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
_DEMONYMS = frozenset(ADJECTIVE_OF.values())  # "South Korean", "Israeli"


def speaker_display_name(ent: Entity) -> str:
    """Organisation names read as their country adjective: "Russia's Foreign Ministry" -> "Russian Foreign Ministry"."""
    if ent.kind != "organization":
        return ent.name
    m = re.match(r"^(\w[\w ]*?)[’']s\s+(.+)$", ent.name)
    if m and m.group(1) in COUNTRY_OF:
        country = COUNTRY_OF[m.group(1)]
        return f"{ADJECTIVE_OF.get(country, m.group(1))} {m.group(2)}"
    return re.sub(r"^the\s+", "", ent.name, flags=re.I)
