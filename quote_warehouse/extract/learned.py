"""The learned part of reported speech: two decisions the rules used to refuse.

The rules (`reported`) find a verb of saying, then its speaker, then its
content. Two of their refusals are now decided by a model trained on
annotated news (PolNeAR train; `quote_warehouse.learn`, `make train`):

* **a cue without a speaker** (`learned_subject`). The rules accept a subject
  only when it is a name, a known role, a pronoun or a description they
  recognise. On PolNeAR train about half of the cues they refuse are annotated
  attributions ("…, veteran Republicans said.", "Most of the vulnerable Senate
  Republicans have already said …"). The noun phrase before the cue (or the
  clause's subject, for a participle or "… and said") is proposed, and the
  model decides.
* **a weak cue without support** (`learned_weak_cue`). "called", "asked",
  "criticized", "urged" count for the rules only with a quotation or a
  that-clause; the model decides the rest ("Trump called for a ban on …",
  "she asked whether …", and a bare object where the object is what was
  said: "Sanders criticized the accord").

Accepted, a candidate goes through the same rules as any other, so the
content boundaries stay the rules'.

The model is a JSON file of feature weights (`models/reported_speech.json`).
Scoring is a sum over the candidate's features, in pure Python, with nothing
loaded from a hub. A `point=` feature tells the two decisions apart.
`MODEL_VERSION`, the file's content hash, is part of the extractor version,
so a warehouse built with another model is re-extracted.

While training, `recording()` is set: every candidate is then accepted and
recorded with its features, so that the trainer can label it by the
statements it made.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from quote_warehouse.extract.lexicon import (
    AUXILIARIES,
    AUXILIARY_ALT,
    CUE_RE,
    DAY_PART_ALT,
    IRREGULAR_PAST,
    NOT_ADVERBS,
    WEEKDAY_ALT,
)
from quote_warehouse.extract.mentions import (
    Mention,
    bare_description,
    descriptor_mention,
    mention_ending_at,
)
from quote_warehouse.extract.phrases import clause_like
from quote_warehouse.extract.sentence_case import only_first_in_sentence

MODEL_PATH = Path(__file__).with_name("models") / "reported_speech.json"

__all__ = ["MODEL_PATH", "MODEL_VERSION", "Candidate", "DecisionModel", "learned_subject",
           "learned_weak_cue", "load_model", "recording", "using_model"]


@dataclass(frozen=True)
class DecisionModel:
    """A logistic model over string features: P = sigmoid(bias + sum of weights)."""

    bias: float
    weights: dict[str, float]
    threshold: float

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        """Stable text: sorted keys, rounded weights, so that training on the
        same data writes the same bytes."""
        doc = {
            "kind": "logistic",
            "bias": round(self.bias, 6),
            "threshold": round(self.threshold, 4),
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items()) if round(v, 6) != 0.0},
        }
        return json.dumps(doc, indent=0, sort_keys=True, ensure_ascii=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> DecisionModel:
        doc = json.loads(text)
        return cls(float(doc["bias"]), {str(k): float(v) for k, v in doc["weights"].items()},
                   float(doc["threshold"]))


@lru_cache(maxsize=1)
def load_model() -> DecisionModel | None:
    """The committed model, or None when the file is absent (rules only)."""
    if not MODEL_PATH.is_file():
        return None
    return DecisionModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))


def _model_version() -> str:
    if not MODEL_PATH.is_file():
        return "none"
    return hashlib.sha256(MODEL_PATH.read_bytes()).hexdigest()[:8]


MODEL_VERSION = _model_version()


@dataclass
class Candidate:
    """One decision the model takes, as the trainer sees it: the cue and the features."""

    cue_span: tuple[int, int]
    features: list[str] = field(default_factory=list)


# The model in use (tests and cross-validation swap it) and, while training,
# the list candidates are recorded into.
_MODEL: ContextVar[DecisionModel | None | str] = ContextVar("reported_speech_model", default="committed")
_RECORD: ContextVar[list[Candidate] | None] = ContextVar("reported_speech_record", default=None)


@contextmanager
def using_model(model: DecisionModel | None) -> Iterator[None]:
    """Score candidates with `model` (None: the rules alone) inside the block."""
    token = _MODEL.set(model)
    try:
        yield
    finally:
        _MODEL.reset(token)


@contextmanager
def recording() -> Iterator[list[Candidate]]:
    """Accept every candidate inside the block and record it with its features."""
    out: list[Candidate] = []
    token = _RECORD.set(out)
    try:
        yield out
    finally:
        _RECORD.reset(token)


# ----------------------------------------------------------------------------- proposal

# Words between a subject and its verb: auxiliaries, adverbs, "expected to".
_TRAILING_AUX = frozenset(
    """has have had was were is are will would could can may might should must do does did
    also already later then again once still even never not just only now long further first
    previously recently repeatedly reportedly publicly privately openly often frequently soon
    to be been being expected likely going set about""".split()
)
_NEGATED_AUX = re.compile(r"(?:has|have|had|was|were|is|are|wo|would|could|ca|should|must|do|does|did)n[’']t", re.I)
_BOUNDARY_WORDS = frozenset(
    """that and but while when because if as after before since though although where so or
    whereas until than yet however meanwhile why""".split()
)
_RELATIVE = frozenset({"who", "which"})
_EXPLETIVES = frozenset({"there", "it", "this", "that", "what"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "it", "you"})
_DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your some many most several "
    "few all both each every other another one two three four five".split()
)
_WORD = re.compile(r"[\w’'.%$\-]+")
_CLAUSE_PUNCT = re.compile(r"[,;:()\[\]\"“”—–]|\s-\s")
# an irregular past counts too: "His campaign sent out a text message to supporters saying"
_FIRST_VERB = re.compile(rf"\b(?:{AUXILIARY_ALT}|[a-z]+ed|[a-z]{{3,}}s|{'|'.join(sorted(IRREGULAR_PAST))})\b(?!-)")


def _shape(word: str) -> str:
    if any(c.isdigit() for c in word):
        return "digit"
    if word.lower() in _PRONOUNS:
        return "pron"
    if word[:1].isupper():
        return "Cap"
    return "low"


def _strip_aux(text: str, start: int, end: int) -> int:
    """End of the subject once auxiliaries and adverbs before the verb are dropped."""
    words = list(_WORD.finditer(text, start, end))
    while words and (words[-1].group(0).lower() in _TRAILING_AUX or _NEGATED_AUX.fullmatch(words[-1].group(0))
                     or words[-1].group(0).lower().endswith("ly")
                     or words[-1].group(0) in ("’s", "'s")):
        if text[words[-1].end() : end].strip(" "):
            break  # punctuation between: not a run of auxiliaries
        end = words[-1].start()
        words.pop()
    m = re.search(r"[’']s\s*$", text[start:end])  # "she’s expected to …"
    if m and text[start:end][: m.start()].lower().split()[-1:] in (["he"], ["she"], ["it"], ["who"]):
        end = start + m.start()
    m = re.search(r"[’'](?:ve|d|re|ll)\s*$", text[start:end])  # "superdelegates who’ve already said"
    if m:
        end = start + m.start()
    return end


_COORDINATED = re.compile(r"(?:\b(?:and|but|or|then)|[,;:—–-])\s*$")
_TIME_TAIL = re.compile(
    r"\s*(?:,\s*)?(?:(?:on|last|this|next|early|late|earlier|later|the\s+next|the\s+following)\s+)?"
    rf"(?:{WEEKDAY_ALT}|today|yesterday|tonight|"
    rf"(?:\w+\s+)?(?:days?|weeks?|months?|years?)\s+ago|week|month|year|{DAY_PART_ALT})\s*$"
)


def _strip_time(text: str, start: int, end: int) -> int:
    """"Trump on Tuesday said": the time phrase is not part of the subject."""
    m = _TIME_TAIL.search(text, start, end)
    return start + len(text[start:m.start()].rstrip(" ,")) if m and m.start() > start else end


# "He’s comparing …", "She’s said …": a pronoun, and "is" or "has"
_PRONOUN_HAS = re.compile(r"(?:[Hh]e|[Ss]he|[Ii]t)[’']s")


def _cut_at_verb(text: str, start: int, end: int, cue_start: int) -> int | None:
    """"Democratic voters are slightly more likely to say …", "Cook declined
    to say whether …": the subject ends before its own verb, an auxiliary, an
    adverb or a past tense leading to the cue through "to". None when a past
    tense after a name has an object instead ("She cited promises …"): the
    cue is a noun there, with no subject."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if words and _PRONOUN_HAS.fullmatch(words[0].group(0)):
        return start + words[0].end() - 2  # "He’s comparing the gun …": the pronoun
    for prev, word in zip(words, words[1:]):
        tok = word.group(0)
        low = tok.lower()
        name = prev.group(0)
        to_cue = re.match(r"[a-z]+\s+to\s+$", text[start + word.start() : cue_start])
        past = ((re.fullmatch(r"[a-z]+ed", tok) or tok in IRREGULAR_PAST) and name[:1].isupper()
                and name.lower() not in _DETERMINERS and name.lower() not in _BOUNDARY_WORDS)
        if past and not to_cue:
            return None
        # "the Vermont senator declined to say …": a noun's own verb, leading to the cue
        noun_verb = (to_cue and re.fullmatch(r"[a-z]+ed", tok) and name.islower()
                     and name not in _DETERMINERS and name not in _BOUNDARY_WORDS and not name.endswith("ly"))
        if (low in AUXILIARIES or past or noun_verb or (low.endswith("ly") and len(low) > 4
                                                        and low not in NOT_ADVERBS and word is not words[-1])):
            return start + len(text[start : start + word.start()].rstrip(" ,"))
    return end


def _np_before(text: str, s0: int, end: int) -> tuple[int, int, str]:
    """The noun phrase that ends at `end`, back to the nearest clause boundary,
    and what that boundary was ("start", "punct", a boundary or relative word)."""
    left = text[s0:end]
    start = s0
    kind = "start"
    for m in _CLAUSE_PUNCT.finditer(left):
        if left[m.end():].strip():
            start, kind = s0 + m.end(), "punct"
    base = start  # the matches' offsets count from here, however far `start` moves
    for m in re.finditer(r"\b(\w+)\b", text[base:end]):
        w = m.group(1).lower()
        if (w in _BOUNDARY_WORDS or w in _RELATIVE) and text[base + m.end() : end].strip():
            start, kind = base + m.end(), w if w in _RELATIVE else "word"
    while start < end and text[start] in " \t\n":
        start += 1
    return start, end, kind


# A relative word that ends the words before a cue ("… Republicans who say")
_RELATIVE_ENDING = re.compile(r"(?<=\s)who\s*$")
_RELATIVE_BEFORE_NP = re.compile(r"(?<=\s)who\s+$")
# The last preposition before a relative clause's antecedent ("… ammunition to
# | Republicans who say")
_LAST_PREPOSITION = re.compile(r".*\b(?:to|for|with|by|from|among|including|like|than|against)\s+", re.S)


def _relative_clause_before(text: str, s0: int, start: int, end: int) -> re.Match[str] | None:
    """The relative word before a noun phrase that is the rest of a relative
    clause, a verb and its object ("people who | have battled other online
    threats"), not a subject of its own."""
    first = text[start:end].split()[:1]
    if not first or not (first[0] in AUXILIARIES or re.fullmatch(r"[a-z]+ed", first[0])):
        return None
    return _RELATIVE_BEFORE_NP.search(text, s0, start)


def _clause_subject_np(text: str, s0: int, end: int) -> tuple[int, int] | None:
    """For a participle: the sentence's subject, from after an opening adverbial
    ("In May, ") to its first verb."""
    start = s0
    intro = re.match(r"\s*(?:[A-Z][^,]{0,40}),\s+", text[s0:end])
    if intro and re.match(r"\s*(?:In|On|At|After|Before|During|Since|Last|Earlier|Later|When|Then|Meanwhile|"
                          r"But|And|Still|However|Yet|Also|Now|Today|Yesterday|"
                          r"(?:\w+\s+){1,3}(?:later|earlier|ago))\b", intro.group(0)):  # "Minutes later, "
        start = s0 + intro.end()
    verb = _FIRST_VERB.search(text, start, end)
    while verb is not None and not verb.group(0) in AUXILIARIES and all(
            w.lower() in _DETERMINERS for w in text[start:verb.start()].split()):
        # "The departments declined …": a plural noun after a determiner, not the verb
        verb = _FIRST_VERB.search(text, verb.end(), end)
    if verb is None:
        return None
    stop = verb.start()
    while stop > start and text[stop - 1] in " \t\n,":
        stop -= 1
    return (start, stop) if stop > start else None


_CONTRACTION = re.compile(r"[’'](?:s|d|ll|ve|re)$")  # only a pronoun is looked for after it


def _mention(text: str, start: int, end: int) -> Mention | None:
    np = text[start:end].strip()
    if not np:
        return None
    pronoun = _CONTRACTION.sub("", np)  # "She’s said …": the pronoun, "’s" is "has"
    if pronoun.lower() in _PRONOUNS:
        return Mention(start, end, pronoun, "pronoun", gender={"he": "m", "she": "f"}.get(pronoun.lower()))
    named = mention_ending_at(text, end, start, as_subject=False)
    if named is not None and named.start >= start and not only_first_in_sentence(text, named):
        return named
    desc = descriptor_mention(text, start, end, loose=True)
    if desc is not None:
        return desc
    return None if clause_like(np) else bare_description(start, end, np)


_QUOTE_AHEAD = re.compile(r'[^.]{0,40}["“]')


def _features(text: str, s0: int, s1: int, cue: re.Match[str], lemma: str, participle: bool,
              np: tuple[int, int], boundary: str, mention: Mention) -> list[str]:
    words = text[np[0]:np[1]].split()
    low = [w.lower().strip(",.") for w in words]
    head = re.sub(r"[’']s?$", "", low[-1]) if low else ""
    after = text[cue.end() : min(s1, cue.end() + 40)]
    nxt = _WORD.search(after)
    next_word = nxt.group(0).lower() if nxt else "<end>"
    left = text[s0:cue.start()]
    tag = bool(re.search(r",[\"”’]*\s*(?:\S+\s+){0,8}$", left)) and cue.end() >= s1 - 25
    n = len(words)
    feats = [
        f"lemma={lemma}",
        f"form={' '.join(cue.group(0).split()).lower()}",
        f"participle={participle}",
        f"boundary={boundary}",
        f"head={head}",
        f"head_shape={_shape(words[-1]) if words else 'none'}",
        f"first={low[0] if low else ''}",
        f"first_shape={_shape(words[0]) if words else 'none'}",
        f"det={low[0] in _DETERMINERS if low else False}",
        f"nwords={min(n, 6)}",
        f"kind={mention.kind}",
        f"next={next_word if next_word in _NEXT_WORDS else _shape(next_word)}",
        f"quote_after={bool(_QUOTE_AHEAD.match(after))}",
        f"tag={tag}",
        f"cue_at_start={not text[s0:np[0]].strip()}",
        f"plural={head.endswith('s') and not head.endswith(('ss', 'us', 'is'))}",
        f"digit={any(c.isdigit() for c in text[np[0]:np[1]])}",
        f"gap={min(len(_WORD.findall(text[np[1]:cue.start()])), 3)}",
        f"lemma_head_shape={lemma}|{_shape(words[-1]) if words else 'none'}",
        f"lemma_next={lemma}|{next_word if next_word in _NEXT_WORDS else _shape(next_word)}",
        f"lemma_tag={lemma}|{tag}",
        f"kind_boundary={mention.kind}|{boundary}",
    ]
    return feats


_NEXT_WORDS = frozenset(
    "that the a an to it he she they we i this there his her their in on at of for with about "
    "by as if how what why when whether".split() + ['"', "“"]
)


def learned_subject(text: str, s0: int, s1: int, cue: re.Match[str], lemma: str, participle: bool,
                    clause_start: int | None) -> Mention | None:
    """A subject for a cue the rules refused, when the model takes it (or,
    while recording, always)."""
    if _RECORD.get() is None and _active_model() is None:
        return None
    if participle:
        span = _clause_subject_np(text, min(s0, clause_start if clause_start is not None else s0), cue.start())
        if span is None:
            return None
        start, end = span
        boundary = "participle"
    else:
        end = _strip_aux(text, s0, cue.start())
        if end <= s0:
            return None
        if _COORDINATED.search(text, s0, end):
            # "… criticized the policy and said": the subject of the first verb
            span = _clause_subject_np(text, s0, end)
            if span is None:
                return None
            (start, end), boundary = span, "coordinated"
        else:
            start, end, boundary = _np_before(text, s0, end)
            relative = _RELATIVE_ENDING.search(text, start, end) or _relative_clause_before(text, s0, start, end)
            if relative is not None:
                # "Republicans who say …", "people who have battled online threats
                # say …": the noun phrase the relative clause hangs on
                start, end, _ = _np_before(text, s0, relative.start())
                prep = _LAST_PREPOSITION.match(text, start, end)
                start = prep.end() if prep else start
                boundary = "relative"
            cut = _cut_at_verb(text, start, _strip_time(text, start, end), cue.start())
            if cut is None:
                return None
            end = cut
    if end <= start or len(text[start:end].split()) > 12:
        return None
    if text[start:end].strip().lower() in _RELATIVE:
        # "…, a Syrian engineer, who said": the noun phrase before the comma
        comma = text.rfind(",", s0, start)
        boundary = "relative"
        start, end = (_np_before(text, s0, comma)[:2]) if comma > s0 else (start, start)
        if end <= start:
            return None
    if text[start:end].strip().lower() in _EXPLETIVES:
        return None  # "there have been reports …": no one speaks
    if CUE_RE.search(text, start, end):
        return None  # "… said closed primaries deny …": a clause, not a subject
    mention = _mention(text, start, end)
    if mention is None:
        return None
    feats = _features(text, s0, s1, cue, lemma, participle, (start, end), boundary, mention)
    return mention if _decide(cue, ["point=subject", *feats]) else None


def _active_model() -> DecisionModel | None:
    model = _MODEL.get()
    return load_model() if model == "committed" else model  # type: ignore[return-value]


def _decide(cue: re.Match[str], feats: list[str]) -> bool:
    """The model's yes or no; while recording, yes (and the candidate is kept)."""
    record = _RECORD.get()
    if record is not None:
        record.append(Candidate((cue.start(), cue.end()), feats))
        return True
    model = _active_model()
    return model is not None and model.probability(feats) >= model.threshold


# What a weak cue reports when it reports speech: a question ("asked whether
# …"), a call ("called for …", "urged Congress to …"), a topic ("asked about
# …"); with a bare object, a gerund among them ("denied having plans to …"),
# it names an attitude or an act instead, but for the verbs below.
_REPORTING_COMPLEMENT = re.compile(
    r"\s+(?:(?:for|on|about|whether|if|how|what|why|who|when|where)\b"
    r"|(?![a-z]+ing\b)(?:[\w’'.\-]+\s+){1,6}?(?:to\s+[a-z]|whether\b|if\b|how\b|what\b|why\b|about\b|for\b))"
)
# Verbs whose bare object is what was said: the verb carries the speaker's
# judgement of it ("criticized the trade deal" says the deal is bad, "accused
# Sanders of …", "called the strike a success"), or the object is the news
# conveyed ("reported a rise in …", "revealed the plan", "promised lower
# taxes"), or what the speaker put forward or turned down ("proposed a safe
# zone", "rejected the notion that …"). Other verbs' objects are what the
# speaker acted on, not what they said: a source ("cited documented promises",
# a false row on the seeds gold), someone else's claim ("dismissed the idea",
# "denied the allegation"; measured on PolNeAR: no gain), a person ("thanked
# the crews"). The model weighs each verb's objects (weak_lemma_obj).
_OBJECT_SAID_VERBS = frozenset(
    """criticize praise accuse blame condemn denounce blast slam decry mock lament bemoan describe
    call question label dub report reveal recall mention promise pledge post echo propose reject""".split()
)
# Cues that end in their preposition ("called for", "talked about"): what
# follows is their complement, never a bare object
_PREPOSITION_CUES = frozenset({"call for", "talk about", "speak about"})
_WEAK_NEXT = frozenset("for on as to that it him her them his their the a an of".split())


def learned_weak_cue(text: str, cue: re.Match[str], lemma: str, subject: Mention,
                     content: tuple[int, int]) -> bool:
    """Whether a weak cue ("called", "asked", "criticized", "urged") that has
    none of the rules' support (a quote, a that-clause) still reports speech:
    "Trump called for a ban on …", "she asked whether …", "Sanders
    criticized the accord" (a bare object, for `_OBJECT_SAID_VERBS` only)."""
    if _RECORD.get() is None and _active_model() is None:
        return False
    obj = lemma not in _PREPOSITION_CUES and not _REPORTING_COMPLEMENT.match(text, cue.end(), content[1])
    if obj and lemma not in _OBJECT_SAID_VERBS:
        return False  # "dismissed the idea", "cited promises": an object, not something said
    after = [w.lower() for w in _WORD.findall(text[cue.end() : content[1]])[:3]]
    words = text[content[0]:content[1]].split()
    first = words[0].lower().strip(",.") if words else ""
    nxt = after[0] if after else "<end>"
    feats = [
        "point=weak",
        f"weak_lemma={lemma}",
        f"weak_form={' '.join(cue.group(0).split()).lower()}",
        f"weak_next={nxt if nxt in _WEAK_NEXT or nxt in _NEXT_WORDS else _shape(nxt)}",
        f"weak_lemma_next={lemma}|{nxt if nxt in _WEAK_NEXT else _shape(nxt)}",
        f"weak_first={first if first in _NEXT_WORDS else _shape(first)}",
        f"weak_len={min(len(words) // 4, 5)}",
        f"weak_subject={subject.kind}",
        f"weak_as={' as ' in text[cue.end() : min(content[1], cue.end() + 60)]}",
        f"weak_ing={cue.group(0).endswith('ing')}",
        f"weak_obj={obj}",
        f"weak_lemma_obj={lemma}|{obj}",
        # "a conference call", "roll call", "so-called": a noun or an adjective, not a verb
        f"weak_prev={_prev_word(text, cue.start())}",
        # "calling Trump a fascist": an object named as something, the speaker's judgement
        f"weak_naming={bool(_NAMING.match(text, cue.end(), content[1]))}",
    ]
    return _decide(cue, feats)


_PREV_WORD = re.compile(r"([\w\-]+)[\s\-]*$")
_PREV_REACH = 40
# a few words of object, then "a"/"an" and the name given: "called him a liar"
_NAMING = re.compile(r"\s+(?:[\w’'.\-]+\s+){1,4}?(?:an?|the\s+most|so)\s+[a-z]")


def _prev_word(text: str, pos: int) -> str:
    """The word right before a weak cue, as a feature: the word itself when
    it is lower-case (a determiner, "roll", "conference", "so"), else its
    shape; "<punct>" after punctuation."""
    m = _PREV_WORD.search(text, max(0, pos - _PREV_REACH), pos)
    if m is None:
        return "<punct>"
    word = m.group(1)
    return word if word.islower() else _shape(word)
