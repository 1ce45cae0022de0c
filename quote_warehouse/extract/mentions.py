"""Mentions of people and organisations: what a stretch of text names.

A mention is a name ("Russian Ambassador to Washington Anatoly Antonov"), a
role noun phrase ("the diplomat", "Putin's spokesman"), a description ("a
source close to the campaign") or a pronoun. Whom it refers to is decided in
`entities` (`DocumentEntities`), in reading order. A possessor ("Putin" in
"Putin's spokesman") is never the speaker.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from quote_warehouse.extract.lexicon import (
    CAPITALS,
    COUNTRY_OF,
    COURTESY_TITLES,
    CUE_FORMS,
    FEMALE_WORDS,
    FUNCTION_WORDS,
    MALE_WORDS,
    NON_NAME_WORDS,
    ORG_HEADS,
    ORG_NAMES,
    PASSIVE_AUX,
    QUANTIFIERS,
    ROLE_NOUNS,
    TITLE_MODIFIERS,
    TITLE_WORDS,
    WEEKDAY_ALT,
    trie_pattern,
)
from quote_warehouse.extract.person_names import (
    gender_of,
    given_name_gender,
    strip_possessive,
    surname_after_given_name,
    verb_between_names,
    words_before_given_name,
)
from quote_warehouse.extract.phrases import clause_like

_UPPER = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŊŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
_WORDCH = r"[\w’'\-]"
# A capitalised token: a word, an initial ("J."), an acronym ("U.S.").
CAP_TOKEN = (
    rf"(?:(?:Mr|Mrs|Ms|Dr|Gen|Sen|Rep|Gov|Lt|Col|Prof|Sgt|Capt|Adm|St)\.|"
    rf"[{_UPPER}]\.(?:[{_UPPER}]\.)*(?=\s+[{_UPPER}])|[{_UPPER}]\.(?:[{_UPPER}]\.)+|"
    rf"[{_UPPER}]{_WORDCH}*(?<!’)(?<!'))"
)
_CONNECTOR = r"(?:of|to|for|de|van|von|der|den|bin|al|la|le|du|da|dos|del|di)"
# Connectors inside a surname, not between a role and what it is of
NAME_PARTICLES = frozenset("de van von der den bin al la le du da dos del di".split())
CAP_SEQ = rf"{CAP_TOKEN}(?:[^\S\n]+(?:{_CONNECTOR}\s+(?:the\s+)?)?{CAP_TOKEN})*"  # never across a line break
_POSSESSIVE = r"[’']s?"

PRONOUN_RE = re.compile(r"\b(?:he|she|they|we|it|I)\b", re.I)
_CAP_SEQ_RE = re.compile(CAP_SEQ)
_ROLE_ALT = trie_pattern(ROLE_NOUNS)
# "the diplomat", "the Russian ambassador", "the head of the Russian ministry",
# "Putin's long time spokesman", "Russia's deputy foreign minister"
ROLE_NP = (
    rf"(?:(?:the|a|an|this|that|its|his|her|their)\s+|(?P<poss>{CAP_SEQ}){_POSSESSIVE}\s+)"
    rf"(?P<mods>(?:[\w\-]+\s+){{0,4}}?)(?P<head>{_ROLE_ALT})\b"
    rf"(?P<of>\s+(?:of|for|to)\s+(?:the\s+)?(?:[\w\-]+\s+){{0,3}}?(?!(?:and|or|but)\b)[\w\-]+)?"
)
_ROLE_NP_FULL = re.compile(ROLE_NP, re.I)
_ROLE_NP_START = re.compile(rf"^(?:{ROLE_NP})", re.I)
_CAP_SEQ_FULL = re.compile(CAP_SEQ)
_WORD_START = re.compile(r"(?<![\w’'.\-])\w")
_NEXT_LOWER_WORD = re.compile(r"\s+([a-z][\w\-]*)\b")


def _match_at_end(pattern: re.Pattern[str], core: str, max_words: int = 14) -> re.Match[str] | None:
    """The leftmost match of `pattern` that runs to the end of `core`.

    Same answer as searching `pattern + "$"`, but tried only at the starts of
    the last few words: a `$`-anchored search tries every character.
    """
    starts = [m.start() for m in _WORD_START.finditer(core)][-max_words:]
    for start in starts:
        m = pattern.fullmatch(core, start)
        if m:
            return m
    return None
_CAP_SEQ_START = re.compile(rf"^(?:{CAP_SEQ})")
_LOWER_WORD = re.compile(r"[a-z][\w\-]*")


def _lower_words_before(before: str) -> list[str]:
    """Up to three lower-case words that end right before a name ("spokeswoman ")."""
    if not before[-1:].isspace():
        return []
    words: list[str] = []
    for token in reversed(before.split()[-3:]):
        if not _LOWER_WORD.fullmatch(token):
            break
        words.insert(0, token)
    return words
_OF_TAIL_WORDS = frozenset(
    "ministry mission embassy department office party council committee government "
    "state administration bank company agency alliance delegation campaign".split()
)


@dataclass
class Mention:
    """One way of pointing at a speaker, with what the words themselves say."""

    start: int
    end: int
    text: str
    kind: str  # 'name' | 'role' | 'pronoun' | 'org' | 'descriptor'
    name: str | None = None
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    possessor: str | None = None
    gender: str | None = None
    head: str | None = None  # role head noun, lower case
    mods: str = ""  # words before the head ("deputy foreign")
    definite: bool = False  # a descriptor with "the"/"his": may point back


@dataclass
class Entity:
    """A person or organisation as known inside one article."""

    key: int
    name: str
    kind: str  # 'person' | 'organization'
    role: str | None = None
    organization: str | None = None
    country: str | None = None
    gender: str | None = None
    forms: list[str] = field(default_factory=list)
    last_seen: int = -1
    last_spoke: int = -1
    # how often named so far (full names, and any name as a speaker): a bare
    # surname two people share is the one the story is about
    times_named: int = 0
    # named only by a description ("a source close to the campaign"): one
    # speaker within its story, never merged with another story's by name
    descriptor: bool = False

    def add_form(self, form: str) -> None:
        form = " ".join(form.split())
        if form and form not in self.forms:
            self.forms.append(form)

    @property
    def surname(self) -> str:
        return self.name.split()[-1]



def _is_org_token(token: str) -> bool:
    t = strip_possessive(token)
    return t in ORG_NAMES or t.lower() in ORG_HEADS


_WEEKDAY = re.compile(WEEKDAY_ALT)
_DAY_NAMERS = frozenset({"Super", "Black", "Good", "Easter", "Cyber", "Ash", "Palm", "Bloody", "Holy"})


@functools.lru_cache(maxsize=65536)
def split_name(seq: str) -> tuple[str | None, str | None, str | None, str | None, bool]:
    """Split a capitalised sequence into (person name, role, organisation, country, is_org).

    "US Secretary of State Anthony Blinken" -> ("Anthony Blinken", "Secretary of
    State", None, "United States", False); "NATO Secretary General Jens
    Stoltenberg" -> (..., "Secretary General", "NATO", None, False);
    "Russia's Foreign Ministry" -> organisation.
    """
    tokens = seq.split()
    courtesy = bool(tokens) and tokens[0].rstrip(".") in COURTESY_TITLES  # "Mr Major": a surname
    while tokens and strip_possessive(tokens[0]) in NON_NAME_WORDS:
        tokens = tokens[1:]
    if len(tokens) > 1 and _WEEKDAY.fullmatch(tokens[-1]) and tokens[-2] not in _DAY_NAMERS:
        tokens = tokens[:-1]  # "Broaddrick Sunday said": a name, then when (not "Super Tuesday")
    if not tokens:
        return None, None, None, None, False
    # name: trailing tokens that are not titles, countries, org words, connectors,
    # nor the place a connector binds ("Ambassador to Washington", "of State")
    bound = -1
    connector_at = -1
    for j, tok in enumerate(tokens):
        if re.fullmatch(_CONNECTOR, tok) and tok not in NAME_PARTICLES and j + 1 < len(tokens):
            connector_at = j
            k = j + 1
            if tokens[k] == "the" and k + 1 < len(tokens):
                k += 1
            bound = k
            while bound + 1 < len(tokens) and " ".join(tokens[k : bound + 2]) in COUNTRY_OF:
                bound += 1
    name_tokens: list[str] = []
    i = len(tokens) - 1
    while i > bound:
        tok = tokens[i]
        low = tok.lower()
        if tok in NAME_PARTICLES and name_tokens and i > 0:
            name_tokens.insert(0, tok)  # "Bill de Blasio", "Mr. de Vos", "Ursula von der Leyen"
            i -= 1
            continue
        if not (i == len(tokens) - 1 and (courtesy or surname_after_given_name(tokens))) and (
            low in TITLE_WORDS
            or low.rstrip(".") in TITLE_WORDS
            or strip_possessive(tok) in COUNTRY_OF
            or _is_org_token(tok)
            or re.fullmatch(_CONNECTOR, tok)
            or tok == "the"
        ):
            break
        name_tokens.insert(0, tok)
        i -= 1
    if connector_at > 0 and tokens[connector_at] in ("of", "from") and len(tokens) - connector_at - 1 <= 3:
        # "Sen. Jeff Merkley of Oregon", "Gov. Earl Ray Tomblin of West
        # Virginia": the name stands before the place it is of
        name, role, org, country, is_org = split_name(" ".join(tokens[:connector_at]))
        if name and not is_org and " " in name:
            place = re.sub(r"^the\s+", "", " ".join(tokens[connector_at + 1 :]))
            return name, role, org, country or COUNTRY_OF.get(place), False
    prefix = tokens[: i + 1]
    country = next(
        (COUNTRY_OF[strip_possessive(t)] for t in prefix if strip_possessive(t) in COUNTRY_OF),
        None,
    )
    org_tokens = [t for t in prefix if _is_org_token(t)]
    role_tokens = [
        t for t in prefix
        if strip_possessive(t) not in COUNTRY_OF and not _is_org_token(t)
    ]
    while role_tokens and re.fullmatch(_CONNECTOR + "|the", role_tokens[0]):
        role_tokens = role_tokens[1:]
    while role_tokens and re.fullmatch(_CONNECTOR + "|the", role_tokens[-1]):
        role_tokens = role_tokens[:-1]
    role = " ".join(role_tokens) or None
    organization = " ".join(strip_possessive(t) for t in org_tokens) or None
    if name_tokens:
        if len(name_tokens) > 4:
            name_tokens = name_tokens[-4:]
        if lead := words_before_given_name(name_tokens):  # "Writer Neil Coppendale": a role
            role, name_tokens = " ".join(([role] if role else []) + name_tokens[:lead]), name_tokens[lead:]
        name = " ".join(name_tokens)
        return name, role, organization, country, False
    # no person name: an organisation ("the Kremlin", "Russia's Foreign Ministry")
    if org_tokens or (country and not role):
        return " ".join(tokens), None, organization, country, True
    return None, role, organization, country, False


def parse_name_mention(text: str, start: int, end: int) -> Mention | None:
    """Classify a capitalised sequence (with any lower-case titles before it)."""
    seq = text[start:end]
    name, role, org, country, is_org = split_name(seq)
    if is_org:
        return Mention(start, end, seq, "org", name=name, organization=org, country=country)
    if name is None:
        if role:
            return Mention(start, end, seq, "role", role=role, organization=org,
                           country=country, head=role.split()[-1].lower(),
                           gender=gender_of(role))
        return None
    single = " " not in name
    if single and (name in CAPITALS or name in COUNTRY_OF or name in ORG_NAMES):
        return Mention(start, end, seq, "org", name=name, country=COUNTRY_OF.get(name))
    if single and name in NON_NAME_WORDS:
        return None
    # lower-case titles right before: "spokeswoman Maria Zakharova"
    before = text[max(0, start - 60) : start]
    lead_words = _lower_words_before(before)
    if lead_words:
        words = lead_words
        titles: list[str] = []
        for w in reversed(words):
            if w.lower() in TITLE_WORDS or w.lower() in ROLE_NOUNS or (titles and w.lower() in TITLE_MODIFIERS):
                titles.insert(0, w)
            else:
                break
        if titles:
            start -= len(" ".join(titles)) + 1
            role = " ".join(titles + ([role] if role else []))
    return Mention(
        start, end, text[start:end], "name", name=name, role=role, organization=org,
        country=country, gender=(given_name_gender(name) if name else None) or gender_of(role or ""),
    )


def parse_role_mention(m: re.Match[str], offset: int) -> Mention:
    text = m.group(0)
    head = m.group("head").lower()
    mods = (m.group("mods") or "").strip()
    of_tail = (m.group("of") or "").strip()
    # keep "of the Russian ministry" only when it names an institution
    if of_tail and not (set(of_tail.lower().split()) & _OF_TAIL_WORDS):
        text = text[: len(text) - len(m.group("of"))]
        of_tail = ""
    country = None
    for w in mods.split():
        if w in COUNTRY_OF:
            country = COUNTRY_OF[w]
    poss = m.group("poss")
    if poss and strip_possessive(poss) in COUNTRY_OF:
        country = COUNTRY_OF[strip_possessive(poss)]
        poss = None
    role = " ".join(x for x in (mods, head, of_tail) if x)
    return Mention(
        offset, offset + len(text), text, "role", role=role, country=country,
        possessor=poss, head=head, gender=gender_of(head), mods=mods,
    )


AUX_RE = re.compile(
    # a contracted auxiliary: "Christie's been making the case", "he's said", "they've argued"
    r"(?:[’'](?:s|ve|d)(?=\s+been\b)|(?:(?<=\bhe)|(?<=\bHe)|(?<=\bshe)|(?<=\bShe))[’'][sd](?=\s)|[’']ve(?=\s)|"
    r"\s+(?:also|once|again|has|have|had|was|were|is|are|will|would|could|can|may|might|been|being|"
    r"should|must|later|then|further|repeatedly|previously|earlier|recently|reportedly|"
    r"publicly|openly|clearly|firmly|flatly|strongly|simply|even|only|already|still|long|"
    r"never|not|did|does|do|just|now|herself|himself|themselves|itself|however|though|too|instead|meanwhile|"
    rf"on\s+(?:{WEEKDAY_ALT})|"
    r"first|last|finally|explicitly|directly|immediately|separately|specifically|"
    r"angrily|bluntly|quickly|privately|frequently|often|always|recently|subsequently|[a-z]+ly))*\s*$",
    re.I,
)
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:with|to|of|in|at|by|from|for|on|about|against|into|than|like|over|toward|towards|"
    r"told|tell|tells|warned|asked|urged|called|named|via|through|under)\s+(?:the\s+|a\s+|an\s+)?"
    r"(?:(?:newspaper|magazine|broadcaster|agency|news agency|channel|radio|tv)\s+)?$",
    re.I,
)


_PARTY_TAG = re.compile(r"\s*\([DRI]-[A-Z][\w.]{0,12}\)\s*\Z")


# "I'm told Lena Vik said …", "we were told …": no hearer follows a passive "told"
_TOLD_PASSIVE = re.compile(rf"{PASSIVE_AUX}told\s+$")


def mention_ending_at(text: str, pos: int, floor: int, as_subject: bool = True) -> Mention | None:
    """The speaker-shaped mention that ends right before `pos` (auxiliaries skipped).

    A mention that is the object of a preposition ("in an interview with
    Newsweek") or a possessor is not a subject and is refused.
    """
    window_start = max(floor, pos - 110)  # a speaker mention is at most a dozen words
    left = text[window_start:pos]
    aux = AUX_RE.search(left)
    core_end = window_start + (aux.start() if aux else len(left))
    party = _PARTY_TAG.search(text, window_start, core_end)
    if party:  # "House Speaker Paul Ryan (R-Wis.) has pointed out"
        core_end = party.start()
    core = text[window_start:core_end]
    if not core.strip():
        return None
    mention: Mention | None = None
    pm = re.search(r"\b(he|she|they|we|it|I|He|She|They|We|It)$", core)
    if pm:
        word = pm.group(1).lower()
        mention = Mention(window_start + pm.start(), core_end, pm.group(1), "pronoun",
                          gender={"he": "m", "she": "f"}.get(word))
    else:
        rm = _match_at_end(_ROLE_NP_FULL, core)
        cm = _match_at_end(_CAP_SEQ_FULL, core)
        if cm and (not rm or cm.start() >= rm.start() + len(rm.group(0)) - len(cm.group(0))):
            # the capitalised sequence is the whole mention or its tail
            if rm and rm.group("poss") is None and cm.start() > rm.start():
                mention = parse_role_mention(rm, window_start + rm.start())
            else:
                mention = parse_name_mention(text, window_start + cm.start(), core_end)
        elif rm:
            mention = parse_role_mention(rm, window_start + rm.start())
    if mention is None or mention.kind == "role" and clause_like(mention.text):
        return None  # "The port board attacked the mayor": a clause, whatever noun ends it
    before = text[max(floor, mention.start - 40) : mention.start]
    if as_subject and _PREPOSITION_BEFORE.search(before) and not _TOLD_PASSIVE.search(before):
        return None
    if mention.kind != "pronoun" and re.match(r"[’']s\b", text[mention.end : mention.end + 3]):
        return None
    return mention


def mention_starting_at(text: str, pos: int, ceil: int) -> Mention | None:
    """The mention that starts at `pos` ("said Peskov", "according to the minister")."""
    while pos < ceil and text[pos].isspace():
        pos += 1
    right = text[pos:min(ceil, pos + 160)]
    pm = re.match(r"(?:(he|she|they|we|it|him|her|them|us|me)|(He|She|They|We|It))\b", right)
    if pm:
        word = pm.group(0).lower()
        gender = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(word)
        return Mention(pos, pos + pm.end(), pm.group(0), "pronoun", gender=gender)
    rm = _ROLE_NP_START.match(right)
    while rm and not rm.group("of") and (nx := _NEXT_LOWER_WORD.match(right, rm.end())) \
            and nx.group(1) in ROLE_NOUNS:
        # "said the chief executive": the head is the last of the role nouns in a row
        rm = _ROLE_NP_FULL.fullmatch(right, 0, nx.end()) or rm
        if rm.end() != nx.end():
            break
    if rm and re.match(r"[’']s\b", right[rm.end():rm.end() + 3]):
        return None  # "the minister's warning": a possessor, not a subject
    if rm:
        # a role with a trailing name is a name with a title: "the spokesman
        # Dmitry Peskov", "Germany’s Chancellor Angela Merkel"
        role_m = parse_role_mention(rm, pos)
        after = right[rm.end():]
        nm = re.match(rf"\s+({CAP_SEQ})", after)
        if nm and split_name(nm.group(1))[0]:
            s = pos + rm.end() + nm.start(1)
            name_m = parse_name_mention(text, s, s + len(nm.group(1)))
            if name_m and name_m.kind == "name":
                name_m.start = pos
                name_m.text = text[pos : name_m.end]
                name_m.role = name_m.role or role_m.role
                name_m.country = name_m.country or role_m.country
                return name_m
        return None if clause_like(role_m.text) else role_m
    # lower-case words before a name are its title ("pollster Frank Luntz"),
    # unless they are function words ("on Tuesday")
    lead = _LOWER_TITLE.match(right)
    offset = lead.end() if lead else 0
    if lead and lead.group(0) and any(w in FUNCTION_WORDS or w in QUANTIFIERS
                                      for w in _TITLE_OF.sub(" ", lead.group(0)).split()):
        offset = 0
    cm = _CAP_SEQ_START.match(right[offset:])
    if cm and (re.match(r"[’']s\b", right[offset + cm.end():offset + cm.end() + 3])
               or re.search(r"[’']s?$", cm.group(0))):
        return None  # a possessor ("Trump’s campaign"), not a subject
    if cm:
        # "Democratic nominee Hillary Clinton": capitalised words, a lower-case
        # title, then the name: the name speaks, with the words before as role
        title = _TITLE_THEN_NAME.match(right, offset + cm.end())
        if title and not any(w in FUNCTION_WORDS or verb_between_names(w) for w in title.group(1).split()):
            s = pos + title.start(2)
            name_m = parse_name_mention(text, s, s + len(title.group(2)))
            if name_m is not None and name_m.kind == "name" and " " in (name_m.name or ""):
                name_m.role = name_m.role or " ".join(right[offset : title.end(1)].split())
                name_m.start = pos + offset
                name_m.text = text[name_m.start : name_m.end]
                return name_m
        found = parse_name_mention(text, pos + offset, pos + offset + cm.end())
        if found is not None and found.kind == "role" and (
                both := re.match(r"\s+and\s+", right[offset + cm.end():])):
            # "former Pennsylvania Gov. and party chairman Ed Rendell": two titles, one person
            later = mention_starting_at(text, pos + offset + cm.end() + both.end(), ceil)
            if later is not None and later.kind == "name" and " " in (later.name or ""):
                return later
        if found is not None and found.kind == "name" and lead and _TITLE_OF.search(lead.group(0)):
            # "former secretary of state Hillary Clinton": the whole title is the role
            found.role = " ".join(lead.group(0).split())
            found.start = pos
            found.text = text[pos : found.end]
            found.gender = found.gender or gender_of(found.role)
        return found
    return None


# A lower-case title before a name, with one "of" phrase: "pollster",
# "former secretary of state"
_LOWER_TITLE = re.compile(r"(?:(?!of\s)[a-z][a-z\-]*\s+){0,3}(?:of\s+(?:the\s+)?(?!the\s)[a-z][a-z\-]*\s+)?")
_TITLE_OF = re.compile(r"\bof\s+(?:the\s+)?")
_TITLE_THEN_NAME = re.compile(rf"\s+((?:[a-z][a-z\-]*\s+){{1,3}})({CAP_SEQ})")


DESCRIPTOR_DET = re.compile(
    r"(?:(the|this|that|his|her|their|its|our|my)|(a|an|one|another|some|two|three|several|many|other))\s+",
    re.I,
)
# A full stop that ends a title's abbreviation ("Mr. Rubio's advisers") ends no phrase
_NOT_AFTER_TITLE = "".join(rf"(?<!\b{t})" for t in ("Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "St", "Lt", "Col"))
_NP_CUT = re.compile(
    r"\s*(?:[,;:()\[\]\"“”—–]|\s-\s|[!?](?=\s|$)|" + _NOT_AFTER_TITLE + r"\.(?=\s|$)|\s(?:who|which|that|whose|when|while|as|after|"
    r"before|because|during|on|in|at|about|to|said|says|told|and)\b|"
    # a participle, unless it modifies the noun after it, after a determiner ("the gambling tycoon")
    r"(?<!\bthe)(?<!\ba)(?<!\ban)(?<!\bhis)(?<!\bher)(?<!\bits)(?<!\btheir)\s[a-z]+ing\b|"
    r"\s[a-z]+ing\b(?!\s+(?!(?:[a-z]+ed|[a-z]+s|for|of|to|in|on|at|with|that|and|from|by)\b)[a-z]{3,}\b))"
)
_POSTMODIFIER = re.compile(r"\s(?:close|of|from|with|familiar|involved|for|near|inside|within|in|at|on|to|"
                           r"outside|knowledgeable|briefed|based)\b.*$")
# What describes an anonymous source after its noun: "familiar with …"
_SOURCE_POSTMODIFIER = re.compile(r"\s(?:close\s+to|familiar\s+with|involved\s+in|knowledgeable\s+about|briefed\s+on)\b")
_NOT_DESCRIPTOR_HEADS = frozenset(
    """it this that these those which who what there here one ones time day week year
    way thing things""".split()
)
DOCUMENT_HEADS = frozenset(
    """report book study poll survey letter memo document filing lawsuit complaint ad
    campaign website site paper newspaper article editorial column analysis review
    statement release post tweet page""".split()
)


def plural(words: str) -> bool:
    head = words.split()[-1].lower() if words.split() else ""
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def bare_description(start: int, end: int, phrase: str) -> Mention:
    """A noun phrase no rule parses, as a source of its own headed by its last
    word: "company documents", "46 percent of voters"."""
    head = strip_possessive(phrase.split()[-1]).lower()
    return Mention(start, end, phrase, "descriptor", role=phrase, head=head)


# a bare plural of people, a source without a determiner: "Rather, sources close to her campaign say …"
BARE_PEOPLE = re.compile(r"(?:sources|officials|aides|advisers|analysts|experts|critics|supporters|allies|"
                         r"insiders|lawmakers|economists|strategists|residents|voters)\b")


def descriptor_mention(text: str, start: int, end: int, loose: bool = False) -> Mention | None:
    """A noun phrase that names a source by description, not name or known role.

    "the New York businessman", "a source close to the campaign", "one former
    executive", "my father": up to eight words, cut before a relative clause,
    a comma or a preposition phrase that is not part of the description.
    """
    while start < end and text[start] in " \t\n,—–-":
        start += 1
    cut = _NP_CUT.search(text, start, end)
    stop = cut.start() if cut else end
    # keep "close to", "of the campaign" inside the description
    if text[start:stop].endswith((" close", " familiar", " involved")):  # "a source close | to the company"
        stop = start + len(text[start:stop].rsplit(" ", 1)[0])
    post = re.compile(r"\s(?:close\s+to|familiar\s+with|of|from|with|in|at|on|involved\s+in)\s"
                      rf"(?!(?:{WEEKDAY_ALT})\b)"  # a time, not a source
                      r"(?:the\s+|a\s+|an\s+|his\s+|her\s+)?[\w’'.\-]+(?:\s[A-Z][\w’'.\-]*){0,3}"
                      r"(?:\s(?:ad|campaign|office|team|administration|staff|camp)\b)?")
    while True:
        m = post.match(text, stop, end)
        if not m or len(text[start:m.end()].split()) > 8:
            break
        stop = m.end()
    np = text[start:stop].strip().rstrip(".,;:")
    long_tail = _SOURCE_POSTMODIFIER.search(np) if len(np.split()) > 8 else None
    if long_tail:  # "one well-connected Democrat familiar with the Clinton campaign's organization"
        np = np[: long_tail.start()]
    words = np.split()
    if not 1 <= len(words) <= 8 or not re.match(r"[\w]", np):
        return None
    if words[0].lower() in CUE_FORMS:
        return None  # "said closed primaries": a verb and its clause
    if len(words) == 1 and _WEEKDAY.fullmatch(np):
        return None  # "The deal, announced Friday, would …": a time, no one
    if len(words) == 1 and (np.lower() == "nobody" or DESCRIPTOR_DET.fullmatch(np + " ")):
        return None  # "Nobody asked", "Another" cut from its noun ("Another ranking says"): no one
    det = DESCRIPTOR_DET.match(np)
    if det is None and (words[0].lower() in FUNCTION_WORDS or words[0].lower().endswith("ly")):
        return None  # "When asked …", "Shortly after …": not a noun phrase
    if det is None and not re.match(r"[A-Z0-9]", np) and not (loose and len(words) <= 3) and not BARE_PEOPLE.match(np):
        return None  # loose: a bare noun phrase in a sure frame ("…," federal prosecutors wrote)
    core = _POSTMODIFIER.sub("", np[det.end():] if det else np).strip()
    if not core or clause_like(np):
        return None
    return _description(start, np, core, det)


def _description(start: int, np: str, core: str, det: re.Match[str] | None) -> Mention | None:
    """The descriptor mention for noun phrase `np` (at `start`) with `core`
    after its determiner, if its head is a noun that can name a source."""
    head = re.sub(r"[’']s?$", "", core.split()[-1]).lower()
    # a word, hyphenated or not, or an age ("the 46-year-old")
    if (head in _NOT_DESCRIPTOR_HEADS or PRONOUN_RE.fullmatch(head)
            or not re.fullmatch(r"(?:\d+-)?[^\W\d_]+(?:-[^\W\d_]+)*", head)):
        return None
    return Mention(start, start + len(np), np, "descriptor", role=core, head=head,
                   gender=gender_of(core), definite=bool(det and det.group(1)))


_LISTED_DESCRIPTION = re.compile(r"\s*((?:[Tt]he|[Aa]n?)\s+[\w’'\-]+,\s+(?:[\w’'\-]+\s+){0,3}[\w’'\-]+)\s*")


def listed_descriptor(text: str, start: int, end: int) -> Mention | None:
    """A description whose modifiers a comma lists, as the whole subject of a
    frame: `"…," the bespectacled, 71-year-old diplomat said`."""
    m = _LISTED_DESCRIPTION.fullmatch(text, start, end)
    if m is None:
        return None
    det = DESCRIPTOR_DET.match(m.group(1))
    return _description(m.start(1), m.group(1), m.group(1)[det.end():] if det else m.group(1), det)


_POSSESSED_SUBJECT = re.compile(
    rf"({CAP_SEQ}){_POSSESSIVE}\s+((?:[\w\-]+\s+){{0,2}}?([a-z][\w\-]*))"
    r"(?=\s+(?:[a-z]+ed|sent|said|told|took|gave|made|put|went|wrote|spoke|issued|is|was|has|had|will|would)\b)"
)


def possessed_subject(text: str, start: int, end: int) -> Mention | None:
    """Someone's campaign, aide or spokeswoman heading a clause: "Rubio’s
    campaign sent out a release, saying …" speaks as a description."""
    m = _POSSESSED_SUBJECT.match(text, start, end)
    if m is None or not (m.group(3) in ORG_HEADS or m.group(3) in _PEOPLE_HEADS):
        return None
    np = m.group(0)
    return Mention(m.start(), m.end(), np, "descriptor", role=np, head=m.group(3), possessor=m.group(1),
                   gender=gender_of(m.group(2)))


def coordinated_names(text: str, start: int, end: int) -> list[Mention]:
    """Name mentions joined by "and" in a subject: "A and NATO chief B"."""
    out: list[Mention] = []
    for m in _CAP_SEQ_RE.finditer(text, start, end):
        mention = parse_name_mention(text, m.start(), m.end())
        if mention and mention.kind == "name":
            out.append(mention)
    return out


def find_name_mentions(text: str, start: int = 0,
                       single_words: list[tuple[int, str]] | None = None) -> list[Mention]:
    """Every capitalised sequence that names a person, in reading order; the
    one-word ones, which are never a full name, go to `single_words` as
    (offset, word without a possessive) when it is given."""
    out: list[Mention] = []
    for m in _CAP_SEQ_RE.finditer(text, start):
        if " " not in m.group(0):
            if single_words is not None:
                single_words.append((m.start(), strip_possessive(m.group(0))))
            continue
        mention = parse_name_mention(text, m.start(), m.end())
        if mention is not None and mention.kind == "name" and " " in (mention.name or ""):
            out.append(mention)
    return out


# Heads of a description that name people or a group of them, who can speak
# as one ("Rubio's campaign", "Clinton's aides"); "he" and "she" need one
# person (`_a_person`)
_PEOPLE_HEADS = ROLE_NOUNS | FEMALE_WORDS | MALE_WORDS | frozenset(
    "aide aides adviser advisers advisor advisors spokespeople staff staffer staffers allies team".split())
