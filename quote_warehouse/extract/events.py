"""Events: the occasion of each statement, with its date, outlet and place.

Occasions are found from trigger phrases (an interview with an outlet,
"told CNN", "in a statement", a press conference, a meeting in a place, a
phone call, a speech). Each statement is linked to:

1. the event whose trigger stands in its sentence;
2. else its speaker's most recent event in the article, or the first one later;
3. else an implicit "statement" event of that speaker, dated by the sentence.

Dates: the date phrase of the trigger's sentence, resolved against the
publication date and the previous date of the text ("The day before, on
January 14", "On the same day"). An event whose sentences name no date takes
the date the same speaker's untriggered speech sentences give ("…, the deputy
minister said on Monday"), else the lead's date (the news peg: "…, the
Ministry said on Thursday"). A sentence that names a date that cannot be
resolved ("aired on Sunday" with no publication date) fixes the date as
unknown: nothing is guessed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from quote_warehouse.text.dates import ResolvedDate, resolve_sentence_dates
from quote_warehouse.extract.statement import Statement
from quote_warehouse.extract.lexicon import ORG_NAMES
from quote_warehouse.extract.mentions import CAP_SEQ, Entity
from quote_warehouse.extract.segment import paragraphs, sentences

_MEDIA_WORDS = r"(?:newspaper|magazine|broadcaster|news\s+agency|agency|channel|radio|television|TV|network|outlet|daily|weekly|website)"
_MEDIA_NAMES = frozenset(
    """CNN BBC RT TASS AFP AP Reuters Bloomberg Newsweek Izvestia Interfax Xinhua
    Sputnik Politico Axios NBC CBS ABC Fox MSNBC NPR PBS Kommersant RIA""".split()
)
_OUTLET = rf"(?:the\s+)?(?:{_MEDIA_WORDS}\s+)?(?P<outlet>{CAP_SEQ})(?:\s+{_MEDIA_WORDS})?"

_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("phone_call", re.compile(r"\b(?:tele)?phone\s+(?:call|conversation|talks?)\b|\bby\s+(?:tele)?phone\b|\bphoned\b", re.I)),
    ("press_conference", re.compile(r"\b(?:news|press)\s+conference\b|\bpress\s+briefing\b|\bbriefing\b", re.I)),
    ("interview", re.compile(rf"\b[Ii]nterview(?:\s+(?:aired|published|broadcast|given))?(?:\s+(?:on\s+\w+\s+)?(?:with|to)\s+{_OUTLET})?")),
    ("interview", re.compile(rf"\b(?:[Ss]peaking|[Ss]poke|[Ss]peaks|[Tt]alking|[Tt]alked)\s+to\s+{_OUTLET}")),
    ("interview", re.compile(rf"\btold\s+(?:the\s+)?(?:{_MEDIA_WORDS}\s+)?(?P<outlet>{CAP_SEQ})")),
    ("speech", re.compile(r"\b(?:in|during|gave|delivered|giving)\s+(?:a|his|her|their|the)\s+(?:\w+\s+)?(?:speech|address)\b", re.I)),
    ("meeting", re.compile(r"\b[Mm]eeting\b|\bmet\s+with\s+[A-Z]|\btalks\s+with\s+[A-Z]|\b[Ss]ummit\b")),
    ("statement", re.compile(r"\b(?:in|issued|released|published|said\s+in)\s+a\s+(?:\w+\s+)?statement\b|\bstatement\s+(?:issued|released|published)\b|\bpress\s+release\b", re.I)),
]
# Every trigger above contains one of these words; a sentence without any is skipped.
# (matched against the lower-cased sentence: faster than a case-blind regex)
_ANY_TRIGGER_WORD = re.compile(
    r"phone|conference|briefing|interview|sp(?:eak|oke)|talk|told|speech|address|meet|"
    r"\bmet\b|summit|statement|release"
)
_LOCATION = re.compile(rf"\bin\s+(?P<place>{CAP_SEQ}(?:,\s+{CAP_SEQ})?)")


@dataclass
class Event:
    key: int
    event_type: str
    date: dt.date | None = None
    precision: str | None = None
    date_known_unknown: bool = False  # a date is named but cannot be resolved
    outlet: str | None = None
    location: str | None = None
    start: int = 0
    end: int = 0
    implicit: bool = False
    participants: list[Entity] = field(default_factory=list)

    def add(self, ent: Entity | None) -> None:
        if ent is not None and ent not in self.participants:
            self.participants.append(ent)


def _is_outlet(name: str, pattern_text: str) -> bool:
    first = name.split()[0]
    return (
        first in _MEDIA_NAMES
        or name in ORG_NAMES
        or bool(re.search(_MEDIA_WORDS, pattern_text, re.I))
    )


def _clean_outlet(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"\s+(?:magazine|newspaper|broadcaster|agency)$", "", name, flags=re.I)
    name = re.sub(r"[’']s$", "", name)
    return name.strip() or None


def _triggers_in(text: str, s0: int, s1: int) -> list[tuple[str, str | None, str | None, int, int]]:
    """(type, outlet, location, start, end) of each trigger in a sentence."""
    found = []
    taken: list[tuple[int, int]] = []
    if not _ANY_TRIGGER_WORD.search(text[s0:s1].lower()):
        return found  # most sentences: one cheap scan instead of eight
    for etype, rx in _TRIGGERS:
        for m in rx.finditer(text, s0, s1):
            if any(a <= m.start() < b for a, b in taken):
                continue
            outlet = m.groupdict().get("outlet")
            if etype == "interview" and outlet is not None and not _is_outlet(outlet, m.group(0)):
                if m.group(0).lower().startswith(("told", "spoke", "speak", "talk")):
                    continue
                outlet = None
            if etype == "interview" and outlet is None and m.group(0).lower().startswith(("told", "spoke", "speak", "talk")):
                continue
            location = None
            if etype in ("meeting", "press_conference", "speech"):
                loc = _LOCATION.search(text, m.end(), min(s1, m.end() + 80))
                if loc:
                    location = loc.group("place")
            found.append((etype, _clean_outlet(outlet), location, m.start(), m.end()))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda t: t[3])
    return found


def find_events(
    text: str,
    body_start: int,
    statements: list[Statement],
    published: dt.date | None,
    reference_year: int | None = None,
) -> tuple[list[Event], dict[int, Event]]:
    """Events of one article and the event of each statement (by list index)."""
    events: list[Event] = []
    sent_date: dict[tuple[int, int], ResolvedDate | None] = {}
    sent_triggers: dict[tuple[int, int], list[Event]] = {}
    previous: ResolvedDate | None = None
    lead: tuple[int, int] | None = None
    for p_i, para in enumerate(paragraphs(text, body_start)):
        for sent in sentences(text, para):
            key = (sent.start, sent.end)
            rd = resolve_sentence_dates(text[sent.start : sent.end], published, previous, reference_year)
            sent_date[key] = rd
            if rd is not None and rd.date is not None:
                previous = rd
            if p_i == 0 and lead is None:
                lead = key
            evs = []
            for etype, outlet, location, s, e in _triggers_in(text, sent.start, sent.end):
                ev = _merge_or_new(events, etype, outlet, location, s, e, rd)
                evs.append(ev)
            sent_triggers[key] = evs

    sentence_keys = list(sent_date)  # in text order
    starts = [k[0] for k in sentence_keys]

    def sentence_of(pos: int) -> tuple[int, int] | None:
        i = bisect.bisect_right(starts, pos) - 1
        if i >= 0 and pos < sentence_keys[i][1]:
            return sentence_keys[i]
        return None

    statement_sentence = [sentence_of(st.cue_span[0] if st.cue_span else st.start) for st in statements]

    linked: dict[int, Event] = {}
    by_speaker: dict[int, list[Event]] = {}
    for ev in events:
        ev.participants = []
    # 1. statements whose sentence holds a trigger
    for i, st in enumerate(statements):
        key = statement_sentence[i]
        evs = sent_triggers.get(key, []) if key else []
        if evs:
            ev = evs[0]
            linked[i] = ev
            ev.add(st.speaker)
            for co in st.co_speakers:
                ev.add(co)
            by_speaker.setdefault(id(st.speaker), []).append(ev)
    # 2./3. the speaker's events, else an implicit statement event
    for i, st in enumerate(statements):
        if i in linked:
            continue
        own = [e for e in by_speaker.get(id(st.speaker), [])]
        before = [e for e in own if e.start <= st.start]
        ev = None
        if before:
            ev = max(before, key=lambda e: e.start)
        elif own:
            ev = min(own, key=lambda e: e.start)
        else:
            key = statement_sentence[i]
            rd = sent_date.get(key) if key else None
            ev = _implicit(events, st, rd)
            by_speaker.setdefault(id(st.speaker), []).append(ev)
        linked[i] = ev
        ev.add(st.speaker)

    # dates for events whose own sentences named none
    for ev in events:
        if ev.date is not None or ev.date_known_unknown:
            continue
        speaker_ids = {id(p) for p in ev.participants}
        for i, st in enumerate(statements):
            if id(st.speaker) not in speaker_ids:
                continue
            key = statement_sentence[i]
            if key is None or sent_triggers.get(key):
                continue
            rd = sent_date.get(key)
            if rd is not None and rd.date is not None:
                ev.date, ev.precision = rd.date, rd.precision
                break
        if ev.date is None and lead is not None and not ev.implicit:
            rd = sent_date.get(lead)
            if rd is not None and rd.date is not None and any(
                statements[i].sentence[0] <= lead[0] < statements[i].sentence[1] for i in linked
            ):
                ev.date, ev.precision = rd.date, rd.precision

    # an implicit statement event on the same date as an explicit one is that one
    for ev in list(events):
        if not ev.implicit or ev.date is None:
            continue
        twin = next((e for e in events if e is not ev and not e.implicit
                     and e.event_type == ev.event_type and e.date == ev.date), None)
        if twin is not None:
            for p in ev.participants:
                twin.add(p)
            for i, e in list(linked.items()):
                if e is ev:
                    linked[i] = twin
            events.remove(ev)
    used = {id(e) for e in linked.values()}
    events = [e for e in events if id(e) in used or e.event_type in ("meeting", "phone_call")]
    events.sort(key=lambda e: e.start)
    for k, ev in enumerate(events):
        ev.key = k
    return events, linked


def _apply_date(ev: Event, rd: ResolvedDate | None) -> None:
    if rd is None:
        return
    if rd.date is None:
        if ev.date is None:
            ev.date_known_unknown = True
        return
    if ev.date is None and not ev.date_known_unknown:
        ev.date, ev.precision = rd.date, rd.precision


def _merge_or_new(events: list[Event], etype: str, outlet: str | None, location: str | None,
                  s: int, e: int, rd: ResolvedDate | None) -> Event:
    """A trigger that names the same occasion again ("during the interview") joins it."""
    for ev in reversed(events):
        if ev.event_type != etype or ev.implicit:
            continue
        same_outlet = outlet is None or ev.outlet is None or outlet == ev.outlet
        same_date = rd is None or rd.date is None or ev.date is None or rd.date == ev.date
        if same_outlet and same_date and etype in ("interview", "press_conference", "speech", "statement"):
            ev.outlet = ev.outlet or outlet
            ev.location = ev.location or location
            _apply_date(ev, rd)
            return ev
    ev = Event(key=len(events), event_type=etype, outlet=outlet, location=location, start=s, end=e)
    _apply_date(ev, rd)
    events.append(ev)
    return ev


def _implicit(events: list[Event], st: Statement, rd: ResolvedDate | None) -> Event:
    ev = Event(key=len(events), event_type="statement", start=st.start, end=st.end, implicit=True)
    _apply_date(ev, rd)
    events.append(ev)
    return ev
