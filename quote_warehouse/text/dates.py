"""Dates in news text: publication-date header lines and event date phrases.

Three jobs, all plain functions (no Dagster, stdlib only):

* :func:`parse_publication_date` reads a scraped header line ("3 Dec, 2021 10:22",
  "20211114", "Published: 3 December 2021") and returns its date, or None when
  the line is not (essentially) just a date.
* :func:`find_date_phrases` finds the date phrases of a sentence ("on Thursday",
  "last month", "The day before", "on Saturday, January 15", "in 2019").
* :func:`resolve_date_phrase` / :func:`resolve_sentence_dates` turn those phrases
  into dates against the article's publication date, the previously resolved
  date of the text, or (only for "weekday + month day") a reference year.

The guiding rule: a date the text does not support stays None. Nothing is
guessed from "today's" clock, and a range ("last week") is not a date.

All regular expressions are compiled at import time; digits are matched with
``[0-9]`` (not ``\\d``) so that exotic Unicode digits never reach ``int``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = [
    "FUTURE_TOLERANCE_DAYS",
    "MIN_YEAR",
    "MAX_YEAR",
    "DatePhrase",
    "ResolvedDate",
    "find_date_phrases",
    "parse_publication_date",
    "resolve_date_phrase",
    "resolve_sentence_dates",
    "weekday_with_year_search",
]

#: Plausible years for news: anything outside is rejected as "not a date".
MIN_YEAR = 1900
MAX_YEAR = 2100

#: A month/day without a year is placed on or before its anchor date (news
#: reports the past), but up to this many days after the anchor is accepted
#: too, for announcements ("talks are set for January 10" in a Jan 5 article).
FUTURE_TOLERANCE_DAYS = 7

#: How far :func:`weekday_with_year_search` looks around the reference year.
WEEKDAY_YEAR_SPAN = 6

# --------------------------------------------------------------------------
# Lookup tables
# --------------------------------------------------------------------------

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    (
        "january", "february", "march", "april", "may", "june",
        "july", "august", "september", "october", "november", "december",
    ),
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9

_WEEKDAYS: dict[str, int] = {}
for _i, _name in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
):
    _WEEKDAYS[_name] = _i
    _WEEKDAYS[_name[:3]] = _i
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12,
}


def _lookup(table: dict[str, int], word: str) -> int | None:
    """Case-insensitive table lookup that tolerates odd Unicode case folds."""
    return table.get(word.casefold().rstrip("."))


def _number(word: str) -> int | None:
    word = word.casefold()
    if word.isascii() and word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    if not (MIN_YEAR <= year <= MAX_YEAR):
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _numeric_day_month(a: int, b: int, sep: str, dayfirst: bool | None) -> tuple[int, int] | None:
    """Order two numbers of a numeric date (``a<sep>b<sep>year``) as (day, month).

    * A dotted date ("14.11.2021") is day-first: that notation is European.
    * Otherwise the order is taken from the numbers when only one reading is
      valid ("14/11/2021" day-first, "11/14/2021" month-first) or both readings
      agree ("05/05/2021").
    * When both numbers are <= 12 and differ ("03/04/2021"), the line does not
      say which it is: None, unless the caller passes ``dayfirst``.
    """
    if sep == ".":
        return (a, b)
    a_month, b_month = 1 <= a <= 12, 1 <= b <= 12
    if a == b or (b_month and not a_month):
        return (a, b)
    if a_month and not b_month:
        return (b, a)
    if dayfirst is None:
        return None
    return (a, b) if dayfirst else (b, a)


# --------------------------------------------------------------------------
# Publication dates
# --------------------------------------------------------------------------

_P_LABEL = (
    r"(?:(?i:(?:last\s+|first\s+)?(?:published|updated|posted|modified|released|issued"
    r"|created|dated|date|pubdate|publication\s+date))(?:\s+(?i:on|at))?\s*[:|\-–—]?\s*)?"
    r"(?:(?i:on)\s+)?"
)
_P_WD = (
    r"(?:(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun))\b\.?\s*,?\s*)?"
)
_P_MON = (
    r"(?P<mon>(?i:january|february|march|april|may|june|july|august|september|october"
    r"|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec))\b\.?"
)
_P_TIME = (
    r"(?:[0-9]{1,2}(?![0-9])(?:[:.][0-9]{2}(?:[:.][0-9]{2}(?:\.[0-9]+)?)?\s*(?i:[ap]\.?m\b\.?)?"
    r"|\s*(?i:[ap]\.?m\b\.?))"
    r"(?:\s*\(?(?:(?:GMT|UTC)(?:\s*[+\-−]\s*[0-9]{1,2}(?::?[0-9]{2})?)?|[A-Z]{2,5}"
    r"|[+\-−][0-9]{2}:?[0-9]{2})\)?|Z)?)"
)
_P_TIME_FULL = re.compile(
    r"(?P<hh>[0-9]{1,2})(?:[:.](?P<mm>[0-9]{2})(?:[:.](?P<ss>[0-9]{2})(?:\.[0-9]+)?)?)?"
    r"\s*(?P<ampm>(?i:[ap]\.?m\b\.?))?.*",
    re.DOTALL,
)
_P_CORES = (
    # 3 Dec, 2021 / 14 November 2021 / 14th of November 2021 / 14-Nov-2021
    r"(?P<d>[0-9]{1,2})(?i:st|nd|rd|th)?(?:\s+(?i:of))?[\s\-/]*" + _P_MON + r"[\s,\-/]+(?P<y>[0-9]{4})",
    # November 14, 2021 / Nov 14 2021 / Nov. 14th, 2021
    _P_MON + r"[\s\-/]*(?P<d>[0-9]{1,2})(?i:st|nd|rd|th)?[\s,\-/]+(?P<y>[0-9]{4})",
    # 2021-11-14 / 2021/11/14 / 2021.11.14
    r"(?P<y>[0-9]{4})(?P<sep>[\-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})",
    # 20211114
    r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})",
    # 14/11/2021 / 11/14/2021 / 14.11.2021 / 14-11-2021
    r"(?P<a>[0-9]{1,2})(?P<sep>[\-/.])(?P<b>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})",
)
_PUB_PATTERNS = tuple(
    re.compile(
        r"\s*" + _P_LABEL
        + r"(?:(?P<t1>" + _P_TIME + r")\s*(?:,|\||-|–|—|(?i:on))?\s*)?"
        + _P_WD + core
        + r"(?:\s*(?:,|\||(?i:at)|@|-|–|—|T)?\s*(?P<t2>" + _P_TIME + r"))?"
        + r"\s*[|.,;]?\s*"
    )
    for core in _P_CORES
)
_MAX_PUB_LINE = 120


def _valid_time(text: str | None) -> bool:
    if text is None:
        return True
    m = _P_TIME_FULL.match(text)
    if m is None:  # pragma: no cover - the outer pattern guarantees a match
        return False
    hh = int(m["hh"])
    if m["ampm"]:
        if not 1 <= hh <= 12:
            return False
    elif m["mm"] is None or hh > 23:
        return False  # a bare number ("2021 10") is not a time
    if m["mm"] is not None and int(m["mm"]) > 59:
        return False
    return m["ss"] is None or int(m["ss"]) <= 60


def parse_publication_date(text: str, *, dayfirst: bool | None = None) -> dt.date | None:
    """Parse a header line that is (essentially) just a date; else None.

    Accepted: an optional label ("Published:", "Updated", "Posted on",
    "Date:"), an optional time before or after the date ("10:22", "10:22:00",
    "10:22 am", "10:22 GMT", "10:22 +03:00", ISO "T10:22:00Z"), an optional
    weekday ("Sunday,", "Sun"), and one date in one of these forms::

        3 Dec, 2021 | 14 November 2021 | 14th of Nov 2021 | 14-Nov-2021
        November 14, 2021 | Nov 14 2021 | Nov. 14th, 2021
        2021-11-14 | 2021/11/14 | 20211114
        14/11/2021 | 11/14/2021 | 14.11.2021 | 14-11-2021

    Rejected (None): anything else on the line (a date inside a sentence,
    "by time news"), bare times ("0:00", "27:38", "29:4"), a year alone
    ("2019"), years outside 1900..2100, impossible dates ("20219999",
    "31 Nov 2021"), invalid times ("3 Dec 2021 27:38"), and a weekday that
    contradicts the date.

    Numeric day/month order: a dotted date is day-first; otherwise the order
    follows from the numbers when only one reading is valid ("14/11/2021" ->
    14 Nov, "11/14/2021" -> 14 Nov) or both agree ("05/05/2021"). When both
    are <= 12 and differ ("03/04/2021") the line is ambiguous and the result
    is None -- not guessed -- unless ``dayfirst`` is given (True: day first,
    False: month first), e.g. by a caller that knows the source's locale.
    """
    if not text or len(text) > _MAX_PUB_LINE:
        return None
    for pattern in _PUB_PATTERNS:
        m = pattern.fullmatch(text)
        if m is not None:
            date = _publication_match_date(m.groupdict(), dayfirst)
            if date is not None:
                return date
    return None


def _publication_match_date(groups: dict[str, str | None], dayfirst: bool | None) -> dt.date | None:
    year = int(groups["y"] or 0)
    if groups.get("mon") is not None:
        month = _lookup(_MONTHS, groups["mon"] or "")
        day = int(groups["d"] or 0)
    elif groups.get("a") is not None:
        order = _numeric_day_month(int(groups["a"] or 0), int(groups["b"] or 0), groups["sep"] or "", dayfirst)
        if order is None:
            return None
        day, month = order
    else:
        month, day = int(groups["m"] or 0), int(groups["d"] or 0)
    if month is None:
        return None
    date = _safe_date(year, month, day)
    if date is None:
        return None
    if not (_valid_time(groups["t1"]) and _valid_time(groups["t2"])):
        return None
    if groups["wd"] is not None:
        weekday = _lookup(_WEEKDAYS, groups["wd"])
        if weekday is None or weekday != date.weekday():
            return None
    return date


# --------------------------------------------------------------------------
# Date phrases in running text
# --------------------------------------------------------------------------

PHRASE_KINDS = (
    "weekday", "relative_day", "relative_period", "absolute",
    "same_day", "day_before", "day_after",
)


@dataclass(frozen=True)
class DatePhrase:
    """A date phrase found in a text.

    ``start``/``end`` are offsets into the searched text and
    ``text == searched[start:end]``. Fields by ``kind``:

    * ``weekday`` ("on Thursday", "last Tuesday"): ``weekday`` (0 = Monday) and
      ``offset``: 0 plain (the most recent such day, 0..6 days back), -1 "last",
      "past", "previous" (1..7 back), +1 "coming" (1..7 ahead), None for
      "next"/"this" (ambiguous between two weeks: unresolvable).
    * ``relative_day`` ("yesterday", "today", "three days ago"): ``offset`` in
      days from the publication date.
    * ``relative_period`` ("last month", "this year", "earlier this week", "two
      years ago"): ``unit`` ('week', 'weekend', 'month', 'year') and ``offset``
      in units from the publication date (None when the phrase is a span such
      as "the past year").
    * ``absolute`` ("January 15", "on Saturday, January 15, 2022", "March 2020",
      "in March", "in 2019", "2022-01-14"): ``year``, ``month``, ``day`` as far
      as given, ``weekday`` if the phrase names one; ``offset`` is 0, or -1/+1
      for "last March"/"next March" (month without day).
    * ``same_day`` ("on the same day", "that same day"): ``offset`` 0.
    * ``day_before`` / ``day_after`` ("the day before", "the next day",
      "two days later"): ``offset`` in days from the previous date of the text
      (negative before), None when the phrase is anchored to something else
      ("the day before the vote").
    """

    start: int
    end: int
    text: str
    kind: str
    weekday: int | None = None
    day: int | None = None
    month: int | None = None
    year: int | None = None
    offset: int | None = 0
    unit: str | None = None

    @property
    def granularity(self) -> str:
        """What the phrase would pin down: 'day', 'week', 'month' or 'year'."""
        if self.kind == "absolute":
            if self.day is not None:
                return "day"
            return "month" if self.month is not None else "year"
        if self.kind == "relative_period":
            return "week" if self.unit in ("week", "weekend") else (self.unit or "year")
        return "day"


_WD_NAMES = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MON_NAMES_FULL = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
)
# Capitalised only: "march", "may" in lower case are a noun and a verb.
_MON = (
    r"(?P<mon>(?:" + _MON_NAMES_FULL
    + r")\b|(?:Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b\.?)"
)
_YEAR = r"(?P<year>19[0-9]{2}|20[0-9]{2}|2100)(?![0-9]|[.,][0-9]|-?[A-Za-z%])"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
# What may not follow a day number: more digits, "3,000", "15:30", "15-16",
# "15km", "15-strong".
_DAY_END = r"(?![0-9A-Za-z]|[.,:][0-9]|\s*[-–]\s*[0-9]|-)"
_ON = r"(?:(?i:on)\s+)?"
_WD_OPT = r"(?:(?P<wd>" + _WD_NAMES + r")(?:,\s*|\s+)(?:the\s+)?)?"
_NUM = r"(?i:[0-9]{1,3}|an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_B = r"(?<![\w-])"   # start of a word
_E = r"(?![\w-])"    # end of a word

_ABS_MDY = re.compile(
    _B + _ON + _WD_OPT + _MON + r"\s+(?:the\s+)?" + _DAY + _DAY_END
    + r"(?:(?:,\s*|\s+)" + _YEAR + r")?"
)
_ABS_DMY = re.compile(
    r"(?<![\w.,:/-])" + _ON + _WD_OPT + r"(?:the\s+)?" + _DAY + r"(?:\s+of)?\s+" + _MON
    + r"(?:,?\s+" + _YEAR + r")?"
)
_ABS_MY = re.compile(
    _B + r"(?:(?i:in|since|during|until|by)\s+)?(?:(?i:early|late|mid)[-\s]+)?"
    + _MON + r",?\s+(?:of\s+)?" + _YEAR
)
_ABS_MONTH = re.compile(
    _B + r"(?P<prep>(?i:in\s+early|in\s+late|in\s+mid|in|since|until|till|during|by"
    r"|last|this|next|early|late|mid))[-\s]+(?P<mon>" + _MON_NAMES_FULL + r")\b(?![ \t]*[0-9])"
)
_ABS_YEAR = re.compile(
    _B + r"(?P<prep>(?i:in\s+early|in\s+late|in\s+mid|in|since|during|until|by|early|late"
    r"|mid|the\s+year))[-\s]+(?P<year>19[0-9]{2}|20[0-9]{2}|2100)"
    r"(?![0-9]|[.,][0-9]|\s*[-–/]\s*[0-9]|-?[A-Za-z%]|\s*(?i:percent|per\s+cent)\b)"
)
_ABS_ISO = re.compile(
    r"(?<![\w.-])(?P<year>19[0-9]{2}|20[0-9]{2}|2100)-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})(?![\w-])"
)
_ABS_NUMERIC = re.compile(
    r"(?<![\w./-])(?P<a>[0-9]{1,2})(?P<sep>[/.])(?P<b>[0-9]{1,2})(?P=sep)"
    r"(?P<year>19[0-9]{2}|20[0-9]{2}|2100)(?![\w/]|\.[0-9])"
)
_WEEKDAY = re.compile(
    _B + r"(?:(?P<on>(?i:on))\s+)?"
    r"(?:(?P<mod>(?i:this\s+past|this\s+coming|last|this|next|past|previous|coming))\s+)?"
    r"(?P<wd>" + _WD_NAMES + r")(?:'s|’s)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?" + _E
)
_REL_DAY = re.compile(
    _B + r"(?:(?P<dby>(?i:the\s+day\s+before\s+yesterday))"
    r"|(?P<dat>(?i:the\s+day\s+after\s+tomorrow))"
    r"|(?P<word>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight)"
    r"|(?P<lastnight>(?i:last\s+night))"
    r"|(?P<thispart>(?i:(?:earlier|later)\s+today|this\s+(?:morning|afternoon|evening)))"
    r"|(?P<n>" + _NUM + r")\s+(?i:days?)\s+(?i:ago))" + _E
)
_REL_PERIOD = re.compile(
    _B + r"(?:(?P<mod>(?i:earlier\s+this|later\s+this|earlier\s+in\s+the|later\s+in\s+the"
    r"|this\s+past|last|this|next|past|previous|coming))\s+(?P<unit>(?i:weekend|week|month|year))"
    r"|(?P<n>" + _NUM + r")\s+(?P<unit2>(?i:weeks?|months?|years?))\s+(?i:ago))" + _E
)
_SAME_DAY = re.compile(
    _B + r"(?i:(?:on\s+)?(?:the|that)\s+(?:very\s+)?same\s+(?:day|morning|afternoon|evening|night)"
    r"|on\s+that\s+(?:very\s+)?day|(?:earlier|later)\s+(?:that|the\s+same)\s+day"
    r"|that\s+very\s+day)" + _E
)
_DAY_BEFORE = re.compile(
    _B + r"(?i:(?:on\s+)?the\s+(?:day|evening|night)\s+(?P<prep1>before)"
    r"|(?:on\s+)?the\s+(?:previous|preceding)\s+(?:day|evening|night)"
    r"|the\s+day\s+(?P<prep2>prior)|a\s+day\s+(?:earlier|(?P<prep3>before|prior))"
    r"|(?P<n>" + _NUM + r")\s+days\s+(?:earlier|(?P<prep4>before|prior)))" + _E
)
_DAY_AFTER = re.compile(
    _B + r"(?i:(?:on\s+)?the\s+(?:day|morning|evening|night)\s+(?P<prep1>after)"
    r"|(?:on\s+)?the\s+(?:next|following)\s+(?:day|morning|evening|night)"
    r"|a\s+day\s+(?:later|(?P<prep3>after))"
    r"|(?P<n>" + _NUM + r")\s+days\s+(?:later|(?P<prep4>after)))" + _E
)
# "the day before the vote", "a day after Putin spoke": anchored to another event.
_ANCHORED_AFTER = re.compile(
    r"\s+(?:to\s+)?(?:[A-Z0-9]|(?i:the|a|an|his|her|their|its|our|my|your|this|that|these"
    r"|those|which|whose)\b|\w+['’]s\b)"
)
_PREV_WORD = re.compile(r"([A-Za-z]+)[\s-]*$")
_NEXT_WORD = re.compile(r"\s+([A-Z][A-Za-z]*)")
_SENTENCE_START_CHARS = frozenset(".!?:;\"“”‘’'([—–-\n")

# "Good Friday", "Black Friday", "Super Tuesday": named days, not weekdays.
_NAMED_DAY_PREFIXES = frozenset({
    "Good", "Black", "Super", "Bloody", "Ash", "Easter", "Palm", "Holy", "Maundy",
    "Cyber", "Giving", "Shrove", "Whit", "Mothering", "Trinity", "Low", "Fat",
    "Blue", "Manic", "Casual", "Small",
})
# "Sunday Times", "Monday Night Football": titles.
_TITLE_WORDS = frozenset({
    "Times", "Telegraph", "Express", "Mirror", "Mail", "Post", "Herald", "Independent",
    "Sport", "Star", "People", "Tribune", "Observer", "Review", "Journal", "Night",
    "Morning", "Edition", "Show", "Club", "League", "Service", "School", "Magazine",
    "Politics", "Briefing", "Live", "Football", "Mass",
})


_MONTH_GATE = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_REL_DAY_GATE = ("day", "tomorrow", "night", "morning", "afternoon", "evening", "ago")
_REL_PERIOD_GATE = ("week", "month", "year")
_SAME_DAY_GATE = ("same", "that")
_SHIFT_GATE = ("day", "night", "evening", "morning")


def _gate(low: str, words: tuple[str, ...]) -> bool:
    return any(w in low for w in words)


def _valid_month_day(month: int, day: int) -> bool:
    return _safe_date(2000, month, day) is not None  # 2000 is a leap year


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start].rstrip()
    if not before and start > 40:
        before = text[:start].rstrip()
    return not before or before[-1] in _SENTENCE_START_CHARS


def _phrase(text: str, m: re.Match[str], kind: str, **fields: int | str | None) -> DatePhrase:
    return DatePhrase(m.start(), m.end(), m.group(0), kind, **fields)  # type: ignore[arg-type]


def _absolute_from_words(text: str, m: re.Match[str]) -> DatePhrase | None:
    groups = m.groupdict()
    month = _lookup(_MONTHS, groups["mon"])
    if month is None:
        return None
    day = int(groups["day"]) if groups.get("day") is not None else None
    if day is not None and not _valid_month_day(month, day):
        return None
    year = int(groups["year"]) if groups.get("year") is not None else None
    weekday = _lookup(_WEEKDAYS, groups["wd"]) if groups.get("wd") is not None else None
    return _phrase(text, m, "absolute", weekday=weekday, day=day, month=month, year=year)


def _candidates(text: str) -> list[DatePhrase]:
    out: list[DatePhrase] = []
    add = out.append
    # Cheap substring gates: skip a pattern when its key words cannot occur.
    low = text.lower()
    has_month = any(abbr in text for abbr in _MONTH_GATE)
    has_year = "19" in text or "20" in text

    for rx in ((_ABS_MDY, _ABS_DMY, _ABS_MY) if has_month else ()):
        for m in rx.finditer(text):
            p = _absolute_from_words(text, m)
            if p is not None:
                add(p)

    for m in _ABS_MONTH.finditer(text) if has_month else ():
        month = _lookup(_MONTHS, m["mon"])
        if month is None:
            continue
        prep = m["prep"].casefold()
        offset = -1 if prep == "last" else 1 if prep == "next" else 0
        add(_phrase(text, m, "absolute", month=month, offset=offset))

    for m in _ABS_YEAR.finditer(text) if has_year else ():
        add(_phrase(text, m, "absolute", year=int(m["year"])))

    for m in _ABS_ISO.finditer(text) if has_year and "-" in text else ():
        year, month, day = int(m["year"]), int(m["m"]), int(m["d"])
        if _safe_date(year, month, day) is not None:
            add(_phrase(text, m, "absolute", day=day, month=month, year=year))

    for m in _ABS_NUMERIC.finditer(text) if has_year else ():
        order = _numeric_day_month(int(m["a"]), int(m["b"]), m["sep"], None)
        if order is None:
            continue
        day, month = order
        year = int(m["year"])
        if _safe_date(year, month, day) is not None:
            add(_phrase(text, m, "absolute", day=day, month=month, year=year))

    for m in _WEEKDAY.finditer(text) if "day" in text else ():
        weekday = _lookup(_WEEKDAYS, m["wd"])
        if weekday is None:
            continue
        wd_start = m.start("wd")
        prev = _PREV_WORD.search(text[max(0, wd_start - 40):wd_start])
        prev_word = prev.group(1) if prev else ""
        if prev_word in _NAMED_DAY_PREFIXES:
            continue
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt is not None and _lookup(_MONTHS, nxt.group(1)) is None:
            if nxt.group(1) in _TITLE_WORDS:
                continue
            if m["on"] is None and m["mod"] is None and prev_word in ("the", "The", "a", "A"):
                continue  # "the Sunday Telegraph"
        mod = " ".join((m["mod"] or "").casefold().split())
        if not mod:
            offset: int | None = 0
        elif mod in ("last", "past", "previous", "this past"):
            offset = -1
        elif mod in ("coming", "this coming"):
            offset = 1
        else:  # "next Tuesday", "this Tuesday": which week is not said
            offset = None
        add(_phrase(text, m, "weekday", weekday=weekday, offset=offset))

    for m in _REL_DAY.finditer(text) if _gate(low, _REL_DAY_GATE) else ():
        if m["dby"]:
            offset = -2
        elif m["dat"]:
            offset = 2
        elif m["word"]:
            word = m["word"]
            if word[0].isupper() and not _at_sentence_start(text, m.start()):
                continue  # "Russia Today", "USA Today"
            offset = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0}[word.lower()]
        elif m["lastnight"]:
            offset = -1
        elif m["thispart"]:
            offset = 0
        else:
            n = _number(m["n"])
            if n is None:
                continue
            offset = -n
        add(_phrase(text, m, "relative_day", offset=offset))

    for m in _REL_PERIOD.finditer(text) if _gate(low, _REL_PERIOD_GATE) else ():
        if m["unit"] is not None:
            unit = m["unit"].casefold()
            mod = " ".join(m["mod"].casefold().split())
            if unit in ("week", "weekend"):
                offset = None  # a week is a range, never one date
            elif mod == "last":
                offset = -1
            elif mod == "next":
                offset = 1
            elif mod in ("this", "earlier this", "later this", "earlier in the", "later in the"):
                offset = 0
            else:  # "the past year", "the previous month", "the coming year": spans
                offset = None
        else:
            n = _number(m["n"])
            if n is None:
                continue
            unit = m["unit2"].casefold().rstrip("s")
            offset = None if unit == "week" else -n
        add(_phrase(text, m, "relative_period", offset=offset, unit=unit))

    for m in _SAME_DAY.finditer(text) if _gate(low, _SAME_DAY_GATE) else ():
        add(_phrase(text, m, "same_day", offset=0))

    shifts = ((_DAY_BEFORE, "day_before", -1), (_DAY_AFTER, "day_after", 1))
    for rx, kind, sign in shifts if _gate(low, _SHIFT_GATE) else ():
        for m in rx.finditer(text):
            groups = m.groupdict()
            n = _number(groups["n"]) if groups.get("n") else 1
            if n is None:
                continue
            offset = sign * n
            ends_in_preposition = any(groups.get(g) for g in ("prep1", "prep2", "prep3", "prep4"))
            if ends_in_preposition and _ANCHORED_AFTER.match(text, m.end()):
                offset = None
            add(_phrase(text, m, kind, offset=offset))
    return out


def find_date_phrases(text: str) -> list[DatePhrase]:
    """Find the date phrases of ``text``, in text order, without overlaps.

    Every phrase satisfies ``phrase.text == text[phrase.start:phrase.end]``.
    When candidate phrases overlap, the longest wins ("on Saturday, January 15"
    over "on Saturday", "the day before yesterday" over "the day before");
    non-overlapping phrases are all returned ("The day before, on January 14"
    gives a ``day_before`` and an ``absolute`` phrase).

    What is deliberately *not* a date:

    * month names in lower case ("the march began", "you may also like");
      a capitalised month needs a day number or a year next to it, or a
      preposition before it ("in May", "since March", "last March");
    * a year alone needs a preposition ("in 2019", "since 2014", "mid-2019")
      and must not be a range, a quantity or a compound ("2019-20", "2,019",
      "2019-based", "in 2020 percent");
    * numbers that are not days ("3,000-km", "30 allies", "March 3,000",
      "January 15-16"), times ("10:22"), numeric dates whose day/month order is
      ambiguous ("03/04/2021");
    * capitalised weekdays that are names: "Good Friday", "Super Tuesday",
      "the Sunday Times", "Sunday Telegraph"; "Today"/"Yesterday" capitalised
      mid-sentence ("Russia Today"). Weekdays and months must be capitalised.
    """
    if not text:
        return []
    candidates = _candidates(text)
    if not candidates:
        return []
    candidates.sort(key=lambda p: (p.start - p.end, p.start))
    chosen: list[DatePhrase] = []
    for p in candidates:
        if all(p.end <= c.start or p.start >= c.end for c in chosen):
            chosen.append(p)
    chosen.sort(key=lambda p: p.start)
    return chosen


# --------------------------------------------------------------------------
# Resolution
# --------------------------------------------------------------------------

_PRECISIONS = ("day", "month", "year")


@dataclass(frozen=True)
class ResolvedDate:
    """A resolved date: ``date`` is the first day of the period for 'month' and
    'year' precision; ``precision`` is None exactly when ``date`` is None."""

    date: dt.date | None
    precision: str | None

    def __post_init__(self) -> None:
        if (self.date is None) != (self.precision is None):
            raise ValueError("precision must be None exactly when date is None")
        if self.precision is not None and self.precision not in _PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")


UNKNOWN = ResolvedDate(None, None)


def weekday_with_year_search(
    month: int, day: int, weekday: int, reference_year: int, span: int = WEEKDAY_YEAR_SPAN
) -> dt.date | None:
    """The date month/day in the year nearest ``reference_year`` on which it
    falls on ``weekday`` (0 = Monday), searching ``reference_year - span`` ..
    ``reference_year + span``, nearest first, ties to the later year; None if
    no year in that window fits.
    """
    for distance in range(span + 1):
        years = (reference_year,) if distance == 0 else (reference_year + distance, reference_year - distance)
        for year in years:
            date = _safe_date(year, month, day)
            if date is not None and date.weekday() == weekday:
                return date
    return None


def _month_shift(date: dt.date, months: int) -> dt.date | None:
    index = date.year * 12 + date.month - 1 + months
    return _safe_date(index // 12, index % 12 + 1, 1)


def _anchor(previous: ResolvedDate | None) -> dt.date | None:
    """The latest day a previous date may stand for (end of its period)."""
    if previous is None or previous.date is None:
        return None
    d = previous.date
    if previous.precision == "year":
        return dt.date(d.year, 12, 31)
    if previous.precision == "month":
        nxt = _month_shift(d, 1)
        return (nxt - dt.timedelta(days=1)) if nxt else dt.date(d.year, 12, 31)
    return d


def _month_day_near(month: int, day: int, weekday: int | None, anchor: dt.date) -> dt.date | None:
    limit = anchor + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    if weekday is not None:
        # The weekday is evidence: the one year within a year of the anchor
        # where month/day falls on it (at most one of three consecutive years).
        found = [
            d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
            if (d := _safe_date(y, month, day)) is not None and d.weekday() == weekday
        ]
        if not found:
            return None
        return min(found, key=lambda d: (abs((d - anchor).days), d > anchor))
    for year in range(limit.year, limit.year - 9, -1):  # 9: reaches a Feb 29
        date = _safe_date(year, month, day)
        if date is not None and date <= limit:
            return date
    return None


def _month_near(month: int, offset: int | None, anchor: dt.date) -> dt.date | None:
    if offset == -1:  # "last March": the latest March strictly before the anchor month
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif offset == 1:  # "next March": the first March strictly after
        year = anchor.year if month > anchor.month else anchor.year + 1
    else:
        limit = anchor + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
        year = limit.year if month <= limit.month else limit.year - 1
    return _safe_date(year, month, 1)


def _resolve_absolute(
    p: DatePhrase, published: dt.date | None, previous: ResolvedDate | None, reference_year: int | None
) -> ResolvedDate:
    if p.year is not None:
        if p.month is None:
            date = _safe_date(p.year, 1, 1)
            return ResolvedDate(date, "year") if date else UNKNOWN
        if p.day is None:
            date = _safe_date(p.year, p.month, 1)
            return ResolvedDate(date, "month") if date else UNKNOWN
        date = _safe_date(p.year, p.month, p.day)
        if date is None or (p.weekday is not None and date.weekday() != p.weekday):
            return UNKNOWN  # the text contradicts itself
        return ResolvedDate(date, "day")
    if p.month is None:
        return UNKNOWN
    anchor = published if published is not None else _anchor(previous)
    if p.day is None:
        if anchor is None:
            return UNKNOWN
        date = _month_near(p.month, p.offset, anchor)
        return ResolvedDate(date, "month") if date else UNKNOWN
    if anchor is not None:
        date = _month_day_near(p.month, p.day, p.weekday, anchor)
    elif p.weekday is not None and reference_year is not None:
        date = weekday_with_year_search(p.month, p.day, p.weekday, reference_year)
    else:
        date = None
    return ResolvedDate(date, "day") if date else UNKNOWN


def resolve_date_phrase(
    phrase: DatePhrase,
    published: dt.date | None,
    previous: ResolvedDate | None = None,
    reference_year: int | None = None,
) -> ResolvedDate:
    """Resolve one phrase to a date; ``ResolvedDate(None, None)`` when the text
    does not support one. Rules:

    * **weekday** needs ``published`` (else None, even with ``previous``):
      "on Thursday" is the most recent Thursday on or before the publication
      date (0..6 days back); "last/past/previous Tuesday" 1..7 days back;
      "coming Tuesday" 1..7 days ahead; "next/this Tuesday" None (which week is
      ambiguous). Future-tense weekdays ("will meet on Friday") are not
      detected: they resolve to the past occurrence too.
    * **relative_day** ("yesterday", "today", "tonight", "last night", "three
      days ago"): ``published`` + offset days; None without ``published``.
    * **relative_period**: "last month" -> first day of the previous month,
      precision 'month'; "this month"/"earlier this month" -> the publication
      month; "last year"/"this year"/"two years ago" -> precision 'year'.
      Weeks ("last week", "this week", "earlier this week"), weekends and
      spans ("the past year") are ranges: None. None without ``published``.
    * **absolute** with a year: that date ('day'), month ('month', "March 2020")
      or year ('year', "in 2019"). A named weekday that contradicts the date
      gives None.
      Without a year the year comes from, in order:
      (a) ``published``: the latest occurrence of month/day on or before
      published + FUTURE_TOLERANCE_DAYS (7: announcements of the coming week);
      (b) else ``previous`` (its date, or the last day of its month/year for
      coarser precision), same rule;
      (c) else, only if the phrase names a weekday ("Saturday, January 15"),
      :func:`weekday_with_year_search` around ``reference_year``;
      (d) else None.
      In (a)/(b) a named weekday picks the year among anchor year -1..+1 in
      which month/day falls on it (nearest to the anchor); None if none does.
      A month without a day ("in March") is the latest such month starting on
      or before anchor + 7 days; "last March" strictly before the anchor's
      month; "next March" strictly after it.
    * **same_day**: ``previous`` unchanged; None without it.
    * **day_before** / **day_after**: ``previous`` -/+ the offset in days,
      only when ``previous`` has day precision; None otherwise or when the
      phrase is anchored to another event ("the day before the vote").
      When the same sentence also has an absolute date ("The day before, on
      January 14") the absolute one should win: see
      :func:`resolve_sentence_dates`.
    """
    kind = phrase.kind
    if kind == "absolute":
        return _resolve_absolute(phrase, published, previous, reference_year)
    if kind == "weekday":
        if published is None or phrase.weekday is None or phrase.offset is None:
            return UNKNOWN
        back = (published.weekday() - phrase.weekday) % 7
        if phrase.offset == -1:
            delta = -(back or 7)
        elif phrase.offset == 1:
            delta = (phrase.weekday - published.weekday()) % 7 or 7
        else:
            delta = -back
        return ResolvedDate(published + dt.timedelta(days=delta), "day")
    if kind == "relative_day":
        if published is None or phrase.offset is None:
            return UNKNOWN
        return ResolvedDate(published + dt.timedelta(days=phrase.offset), "day")
    if kind == "relative_period":
        if published is None or phrase.offset is None:
            return UNKNOWN
        if phrase.unit == "month":
            date = _month_shift(published, phrase.offset)
            return ResolvedDate(date, "month") if date else UNKNOWN
        if phrase.unit == "year":
            date = _safe_date(published.year + phrase.offset, 1, 1)
            return ResolvedDate(date, "year") if date else UNKNOWN
        return UNKNOWN
    if kind == "same_day":
        if previous is None or previous.date is None:
            return UNKNOWN
        return previous
    if kind in ("day_before", "day_after"):
        if previous is None or previous.date is None or previous.precision != "day" or phrase.offset is None:
            return UNKNOWN
        try:
            return ResolvedDate(previous.date + dt.timedelta(days=phrase.offset), "day")
        except OverflowError:
            return UNKNOWN
    return UNKNOWN


_GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def resolve_sentence_dates(
    sentence: str,
    published: dt.date | None = None,
    previous: ResolvedDate | None = None,
    reference_year: int | None = None,
) -> ResolvedDate | None:
    """The single best date of one sentence.

    Returns None when the sentence has no date phrase at all, and
    ``ResolvedDate(None, None)`` when it names a date that cannot be resolved
    ("aired on Sunday" without a publication date, "earlier this week").

    Choice among several phrases: only the most specific ones count (day >
    week > month > year: "said on Monday that in 2008 NATO promised..." is
    dated by Monday, not 2008); among those, absolute phrases come first
    ("The day before, on January 14" -> January 14), then text order; the
    first of them that resolves is returned. A coarser phrase never stands in
    for an unresolvable finer one.
    """
    phrases = find_date_phrases(sentence)
    if not phrases:
        return None
    best = min(_GRANULARITY_RANK[p.granularity] for p in phrases)
    ranked = sorted(
        (p for p in phrases if _GRANULARITY_RANK[p.granularity] == best),
        key=lambda p: (p.kind != "absolute", p.start),
    )
    for p in ranked:
        resolved = resolve_date_phrase(p, published, previous, reference_year)
        if resolved.date is not None:
            return resolved
    return UNKNOWN
