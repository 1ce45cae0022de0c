"""Tests for quote_warehouse.text.dates: publication-date lines, date phrases, resolution."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quote_warehouse.text.dates import (
    FUTURE_TOLERANCE_DAYS,
    DatePhrase,
    ResolvedDate,
    find_date_phrases,
    parse_publication_date,
    resolve_date_phrase,
    resolve_sentence_dates,
    weekday_with_year_search,
)

D = dt.date
UNKNOWN = ResolvedDate(None, None)


def day(y: int, m: int, d: int) -> ResolvedDate:
    return ResolvedDate(D(y, m, d), "day")


def only(text: str) -> DatePhrase:
    phrases = find_date_phrases(text)
    assert len(phrases) == 1, phrases
    return phrases[0]


def resolve_text(text: str, published: dt.date | None = None, previous: ResolvedDate | None = None,
                 reference_year: int | None = None) -> ResolvedDate:
    return resolve_date_phrase(only(text), published, previous, reference_year)


# The weekdays the tests rely on, checked with the calendar module rather than trusted.
def test_calendar_facts_used_below() -> None:
    assert calendar.weekday(2021, 12, 3) == calendar.FRIDAY
    assert calendar.weekday(2021, 12, 2) == calendar.THURSDAY
    assert calendar.weekday(2021, 11, 14) == calendar.SUNDAY
    assert calendar.weekday(2021, 11, 8) == calendar.MONDAY
    assert calendar.weekday(2022, 1, 15) == calendar.SATURDAY
    assert calendar.weekday(2022, 1, 14) == calendar.FRIDAY
    assert calendar.weekday(2021, 1, 15) == calendar.FRIDAY  # so 2021 does not fit "Saturday, January 15"


# --------------------------------------------------------------------------
# parse_publication_date
# --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3 Dec, 2021 10:22", D(2021, 12, 3)),
        ("20211114", D(2021, 11, 14)),
        ("2021-11-14", D(2021, 11, 14)),
        ("2021-11-14T10:22:00Z", D(2021, 11, 14)),
        ("2021-11-14 10:22:00+03:00", D(2021, 11, 14)),
        ("2021/11/14", D(2021, 11, 14)),
        ("November 14, 2021", D(2021, 11, 14)),
        ("Nov 14 2021", D(2021, 11, 14)),
        ("Nov. 14th, 2021 at 10:22 a.m. EST", D(2021, 11, 14)),
        ("14 November 2021", D(2021, 11, 14)),
        ("14th of November, 2021", D(2021, 11, 14)),
        ("14-Nov-2021", D(2021, 11, 14)),
        ("Sunday, 14 November 2021 10:22 GMT", D(2021, 11, 14)),
        ("Sun, 14 Nov 2021 10:22:00 +0000", D(2021, 11, 14)),
        ("14/11/2021", D(2021, 11, 14)),
        ("11/14/2021", D(2021, 11, 14)),
        ("05/05/2021", D(2021, 5, 5)),
        ("14.11.2021", D(2021, 11, 14)),
        ("03.04.2021", D(2021, 4, 3)),  # dotted: day first
        ("Published: 3 December 2021", D(2021, 12, 3)),
        ("Updated 10:22 GMT, 3 December 2021", D(2021, 12, 3)),
        ("Posted on November 14, 2021 at 10:22 pm", D(2021, 11, 14)),
        ("  Date: 2021-11-14  ", D(2021, 11, 14)),
        ("3 December 2021 | 10:22 MSK", D(2021, 12, 3)),
        ("29 Feb 2020", D(2020, 2, 29)),
        ("1 January 1900", D(1900, 1, 1)),
        ("31 December 2100", D(2100, 12, 31)),
    ],
)
def test_parse_publication_date_accepts(line: str, expected: dt.date) -> None:
    assert parse_publication_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "by time news",
        "0:00",
        "27:38",
        "29:4",
        "2021",
        "2019",
        "20219999",
        "20211314",
        "20210230",
        "",
        "   ",
        "29 Feb 2021",  # not a leap year
        "31 Nov 2021",
        "1 January 1899",  # year out of range
        "2101-01-01",
        "18991231",
        "He said on 3 December 2021 that NATO would not expand.",
        "Russia warns of dire consequences for NATO in 2021",
        "3 Dec 2021 27:38",  # impossible time
        "3 Dec 2021 10",  # a bare number is not a time
        "Monday, 14 November 2021",  # 14 Nov 2021 was a Sunday
        "03/04/2021",  # ambiguous day/month order: not guessed
        "https://www.europesun.com/news/271934017/russia-warns",
        "Read Full Article at RT.com",
    ],
)
def test_parse_publication_date_rejects(line: str) -> None:
    assert parse_publication_date(line) is None


def test_parse_publication_date_ambiguous_order_with_explicit_dayfirst() -> None:
    assert parse_publication_date("03/04/2021", dayfirst=True) == D(2021, 4, 3)
    assert parse_publication_date("03/04/2021", dayfirst=False) == D(2021, 3, 4)
    # an unambiguous line ignores the hint
    assert parse_publication_date("14/11/2021", dayfirst=False) == D(2021, 11, 14)


# --------------------------------------------------------------------------
# find_date_phrases
# --------------------------------------------------------------------------

def test_find_weekday_phrases() -> None:
    p = only("Russia's Foreign Ministry said on Thursday.")
    assert (p.text, p.kind, p.weekday, p.offset) == ("on Thursday", "weekday", calendar.THURSDAY, 0)
    assert only("In an interview aired on Sunday, Dmitry Peskov said").text == "on Sunday"
    assert only("Also on Monday, Ryabkov spoke to RIA Novosti").text == "on Monday"
    p = only("Stoltenberg spoke last Tuesday.")
    assert (p.text, p.kind, p.weekday, p.offset) == ("last Tuesday", "weekday", calendar.TUESDAY, -1)
    assert only("Thursday's talks were tense").kind == "weekday"


def test_find_absolute_phrases() -> None:
    p = only("Anatoly Antonov on Saturday, January 15, in an interview with Newsweek")
    assert (p.text, p.kind, p.weekday, p.month, p.day, p.year) == (
        "on Saturday, January 15", "absolute", calendar.SATURDAY, 1, 15, None)
    p = only("talks on January 14, 2022 ended")
    assert (p.text, p.month, p.day, p.year) == ("on January 14, 2022", 1, 14, 2022)
    p = only("It happened on 15 January.")
    assert (p.text, p.month, p.day, p.year) == ("on 15 January", 1, 15, None)
    p = only("It happened Jan. 14 in Geneva")
    assert (p.text, p.month, p.day) == ("Jan. 14", 1, 14)
    p = only("elected in March 2020 after")
    assert (p.text, p.month, p.day, p.year) == ("in March 2020", 3, None, 2020)
    p = only("the summit in March was")
    assert (p.text, p.month, p.day, p.year) == ("in March", 3, None, None)
    p = only("since his election in 2019.")
    assert (p.text, p.month, p.year) == ("in 2019", None, 2019)
    p = only("the 5th of May 2020")
    assert (p.month, p.day, p.year) == (5, 5, 2020)
    p = only("signed in May")
    assert (p.month, p.day) == (5, None)
    p = only("dated 2022-01-14 in the file")
    assert (p.year, p.month, p.day) == (2022, 1, 14)


def test_find_relative_phrases() -> None:
    cases = {
        "yesterday": ("relative_day", -1, None),
        "Today": ("relative_day", 0, None),
        "three days ago": ("relative_day", -3, None),
        "last week": ("relative_period", None, "week"),
        "last month": ("relative_period", -1, "month"),
        "last year": ("relative_period", -1, "year"),
        "earlier this week": ("relative_period", None, "week"),
        "this week": ("relative_period", None, "week"),
        "earlier this month": ("relative_period", 0, "month"),
        "a year ago": ("relative_period", -1, "year"),
        "On the same day": ("same_day", 0, None),
        "on the same day": ("same_day", 0, None),
        "that same day": ("same_day", 0, None),
        "the day before": ("day_before", -1, None),
        "the previous day": ("day_before", -1, None),
        "the day after": ("day_after", 1, None),
        "the next day": ("day_after", 1, None),
        "the following day": ("day_after", 1, None),
        "two days later": ("day_after", 2, None),
        "the day before yesterday": ("relative_day", -2, None),
    }
    for phrase, (kind, offset, unit) in cases.items():
        p = only(f"{phrase}, he said")
        assert (p.text, p.kind, p.offset, p.unit) == (phrase, kind, offset, unit), phrase


def test_day_before_with_absolute_date_gives_both() -> None:
    phrases = find_date_phrases("The day before, on January 14, Blinken and Stoltenberg spoke.")
    assert [(p.text, p.kind) for p in phrases] == [("The day before", "day_before"), ("on January 14", "absolute")]


def test_day_before_anchored_to_another_event_is_unresolvable() -> None:
    p = only("the day before the vote, he said")
    assert p.kind == "day_before" and p.offset is None
    assert resolve_date_phrase(p, D(2021, 12, 3), day(2021, 12, 1)) == UNKNOWN


@pytest.mark.parametrize(
    "text",
    [
        "Russia has a 3,000-km border with Ukraine",
        "30 allies have to agree",
        "you may also like",
        "You may also like",
        "The march began at noon",
        "the march on Washington",
        "0:00",
        "27:38",
        "29:4",
        "10:22",
        "It may rain.",
        "March 3,000 troops",  # not "March 3"
        "Theresa May said",
        "The Sunday Times reported",
        "told the Sunday Telegraph",
        "on Good Friday",
        "Super Tuesday results",
        "Russia Today reported",
        "USA Today",
        "a 2019-20 budget",
        "over the last 2,019 years",
        "more than 1,500 troops",
        "on 03/04/2021",  # ambiguous order
        "January 15-16",
        "next to the NATO headquarters",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_date_phrases(text) == []
    assert resolve_sentence_dates(text, D(2021, 12, 3)) is None


def test_offsets_match_text() -> None:
    text = "On Thursday, a day after talks in Riga, Zakharova said that last month and on January 14, 2022 ..."
    phrases = find_date_phrases(text)
    assert [p.text for p in phrases] == ["On Thursday", "a day after", "last month", "on January 14, 2022"]
    for p in phrases:
        assert text[p.start:p.end] == p.text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_find_date_phrases_never_raises_and_offsets_are_exact(text: str) -> None:
    phrases = find_date_phrases(text)
    last_end = 0
    for p in phrases:
        assert p.text == text[p.start:p.end]
        assert p.start >= last_end and p.end > p.start  # ordered, non-overlapping
        last_end = p.end
        assert p.kind in ("weekday", "relative_day", "relative_period", "absolute",
                          "same_day", "day_before", "day_after")
        resolve_date_phrase(p, D(2021, 12, 3), day(2021, 12, 1), 2021)  # must not raise


_WORDS = st.sampled_from([
    "on", "On", "Thursday", "Monday,", "January", "15", "14,", "2022", "May", "may", "March", "in",
    "last", "month", "week", "the", "day", "before", "after", "same", "yesterday", "Today", "3,000",
    "10:22", "earlier", "this", "Sunday", "Times", "ago", "two", "days", "later", "Jan.", "2019", ",",
    ".", "\u00a0", "\n", "ſep", "K", "İ",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=25).map(" ".join))
def test_find_date_phrases_on_date_like_word_soup(text: str) -> None:
    for p in find_date_phrases(text):
        assert p.text == text[p.start:p.end]
        r = resolve_date_phrase(p, D(2021, 12, 3), day(2021, 12, 1), 2021)
        assert (r.date is None) == (r.precision is None)
    resolve_sentence_dates(text, None, None, 2021)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_parse_publication_date_never_raises(text: str) -> None:
    result = parse_publication_date(text)
    assert result is None or 1900 <= result.year <= 2100


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2100, 12, 31)))
def test_parse_publication_date_round_trips_formats(date: dt.date) -> None:
    formats = [
        date.isoformat(),
        date.strftime("%Y%m%d"),
        f"{date.day} {calendar.month_abbr[date.month]}, {date.year} 10:22",
        f"{calendar.month_name[date.month]} {date.day}, {date.year}",
        f"{calendar.day_name[date.weekday()]}, {date.day} {calendar.month_name[date.month]} {date.year} 10:22 GMT",
        f"Published: {date.day} {calendar.month_name[date.month]} {date.year}",
        f"{date.day:02d}.{date.month:02d}.{date.year}",
    ]
    for line in formats:
        assert parse_publication_date(line) == date, line


# --------------------------------------------------------------------------
# resolve_date_phrase
# --------------------------------------------------------------------------

def test_weekday_resolves_to_most_recent_on_or_before_publication() -> None:
    assert resolve_text("said on Thursday", D(2021, 12, 3)) == day(2021, 12, 2)
    assert resolve_text("said on Monday", D(2021, 11, 14)) == day(2021, 11, 8)
    assert resolve_text("Also on Monday, Ryabkov spoke", D(2021, 11, 14)) == day(2021, 11, 8)
    assert resolve_text("said on Friday", D(2021, 12, 3)) == day(2021, 12, 3)  # same day: 0 back
    assert resolve_text("said on Saturday", D(2021, 12, 3)) == day(2021, 11, 27)  # 6 back


def test_last_weekday_is_one_to_seven_days_back() -> None:
    assert resolve_text("last Friday", D(2021, 12, 3)) == day(2021, 11, 26)  # 7 back, not 0
    assert resolve_text("last Thursday", D(2021, 12, 3)) == day(2021, 12, 2)
    assert resolve_text("last Tuesday", D(2021, 11, 14)) == day(2021, 11, 9)


def test_weekday_without_publication_date_is_unknown() -> None:
    assert resolve_text("In an interview aired on Sunday", None) == UNKNOWN
    # even with a previous date in the text
    assert resolve_text("aired on Sunday", None, day(2021, 12, 1)) == UNKNOWN
    assert resolve_sentence_dates("In an interview aired on Sunday, Dmitry Peskov said", None) == UNKNOWN


def test_next_or_this_weekday_is_ambiguous() -> None:
    assert resolve_text("next Tuesday", D(2021, 12, 3)) == UNKNOWN
    assert resolve_text("this Tuesday", D(2021, 12, 3)) == UNKNOWN
    assert resolve_text("this coming Tuesday", D(2021, 12, 3)) == day(2021, 12, 7)


def test_yesterday_today() -> None:
    assert resolve_text("yesterday", D(2021, 12, 3)) == day(2021, 12, 2)
    assert resolve_text("today", D(2021, 12, 3)) == day(2021, 12, 3)
    assert resolve_text("Today", D(2021, 1, 1)) == day(2021, 1, 1)
    assert resolve_text("yesterday", D(2021, 1, 1)) == day(2020, 12, 31)
    assert resolve_text("three days ago", D(2021, 12, 3)) == day(2021, 11, 30)
    assert resolve_text("yesterday", None) == UNKNOWN
    assert resolve_text("today", None, day(2021, 12, 1)) == UNKNOWN


def test_relative_periods() -> None:
    assert resolve_text("last month", D(2021, 11, 14)) == ResolvedDate(D(2021, 10, 1), "month")
    assert resolve_text("last month", D(2022, 1, 15)) == ResolvedDate(D(2021, 12, 1), "month")
    assert resolve_text("earlier this month", D(2021, 11, 14)) == ResolvedDate(D(2021, 11, 1), "month")
    assert resolve_text("last year", D(2021, 11, 14)) == ResolvedDate(D(2020, 1, 1), "year")
    assert resolve_text("earlier this year", D(2021, 11, 14)) == ResolvedDate(D(2021, 1, 1), "year")
    assert resolve_text("two years ago", D(2021, 11, 14)) == ResolvedDate(D(2019, 1, 1), "year")
    for week in ("last week", "this week", "earlier this week", "last weekend", "two weeks ago"):
        assert resolve_text(week, D(2021, 12, 3)) == UNKNOWN, week
    assert resolve_text("over the past year", D(2021, 12, 3)) == UNKNOWN
    assert resolve_text("last month", None) == UNKNOWN


def test_absolute_with_year() -> None:
    assert resolve_text("on January 14, 2022", None) == day(2022, 1, 14)
    assert resolve_text("on 14 January 2022", D(2021, 1, 1)) == day(2022, 1, 14)
    assert resolve_text("in March 2020", None) == ResolvedDate(D(2020, 3, 1), "month")
    assert resolve_text("in 2019", None) == ResolvedDate(D(2019, 1, 1), "year")
    assert resolve_text("on Saturday, January 15, 2022", None) == day(2022, 1, 15)
    # the weekday contradicts the date: the text does not support one date
    assert resolve_text("on Sunday, January 15, 2022", None) == UNKNOWN


def test_month_day_year_from_publication_date() -> None:
    pub = D(2021, 12, 3)
    assert resolve_text("on November 30", pub) == day(2021, 11, 30)
    assert resolve_text("on December 3", pub) == day(2021, 12, 3)
    # up to FUTURE_TOLERANCE_DAYS ahead: an announcement for next week
    ahead = pub + dt.timedelta(days=FUTURE_TOLERANCE_DAYS)
    assert resolve_text(f"on December {ahead.day}", pub) == day(2021, 12, ahead.day)
    # further ahead: last year's
    assert resolve_text("on December 25", pub) == day(2020, 12, 25)
    # across new year, within the tolerance
    assert resolve_text("on January 2", D(2021, 12, 29)) == day(2022, 1, 2)
    # Feb 29 goes back to the last leap year
    assert resolve_text("on February 29", D(2021, 3, 1)) == day(2020, 2, 29)
    # month only
    assert resolve_text("in March", pub) == ResolvedDate(D(2021, 3, 1), "month")
    assert resolve_text("in December", D(2021, 11, 14)) == ResolvedDate(D(2020, 12, 1), "month")
    assert resolve_text("last March", D(2021, 3, 20)) == ResolvedDate(D(2020, 3, 1), "month")


def test_month_day_year_from_previous_date() -> None:
    assert resolve_text("on January 14", None, day(2022, 1, 15)) == day(2022, 1, 14)
    assert resolve_text("on December 30", None, day(2022, 1, 15)) == day(2021, 12, 30)
    # a coarser previous date anchors at the end of its period
    assert resolve_text("on March 3", None, ResolvedDate(D(2019, 1, 1), "year")) == day(2019, 3, 3)
    # the publication date takes precedence over the previous date
    assert resolve_text("on January 14", D(2021, 2, 1), day(2022, 1, 15)) == day(2021, 1, 14)


def test_month_day_with_weekday_from_reference_year() -> None:
    assert resolve_text("on Saturday, January 15", None, None, reference_year=2021) == day(2022, 1, 15)
    assert weekday_with_year_search(1, 15, calendar.SATURDAY, 2021) == D(2022, 1, 15)
    # nearest first: 2011 and 2022 both have Saturday Jan 15; from 2016 the
    # distances are 5 and 6, so 2011
    assert weekday_with_year_search(1, 15, calendar.SATURDAY, 2016) == D(2011, 1, 15)
    # a tie goes to the later year: Jan 1 was a Monday in 2018 and 2024 (both 3 from 2021)
    assert calendar.weekday(2018, 1, 1) == calendar.weekday(2024, 1, 1) == calendar.MONDAY
    assert weekday_with_year_search(1, 1, calendar.MONDAY, 2021) == D(2024, 1, 1)
    assert weekday_with_year_search(2, 30, calendar.MONDAY, 2021) is None


def test_month_day_without_any_year_source_is_unknown() -> None:
    assert resolve_text("on January 15", None, None, reference_year=2021) == UNKNOWN
    assert resolve_text("on Saturday, January 15", None, None, None) == UNKNOWN


def test_month_day_with_weekday_and_publication_date() -> None:
    # consistent with the publication year
    assert resolve_text("on Saturday, January 15", D(2022, 1, 20)) == day(2022, 1, 15)
    # the weekday picks the year: Jan 15 2022 is a Saturday, Jan 15 2021 is not
    assert resolve_text("on Saturday, January 15", D(2022, 1, 3)) == day(2022, 1, 15)
    # no year near the anchor fits: not guessed
    assert resolve_text("on Friday, January 15", D(2022, 1, 20)) == day(2021, 1, 15)
    assert resolve_text("on Monday, January 15", D(2022, 1, 20)) == UNKNOWN


def test_same_day_and_day_before_after() -> None:
    prev = day(2022, 1, 14)
    assert resolve_text("On the same day, Lavrov said", None, prev) == day(2022, 1, 14)
    assert resolve_text("that same day", D(2022, 1, 20), prev) == day(2022, 1, 14)
    assert resolve_text("On the same day", D(2022, 1, 20), None) == UNKNOWN
    assert resolve_text("The day before", None, day(2022, 1, 15)) == day(2022, 1, 14)
    assert resolve_text("the previous day", None, day(2022, 1, 1)) == day(2021, 12, 31)
    assert resolve_text("the next day", None, prev) == day(2022, 1, 15)
    assert resolve_text("the following day", None, prev) == day(2022, 1, 15)
    assert resolve_text("two days later", None, prev) == day(2022, 1, 16)
    assert resolve_text("the day before", D(2022, 1, 20), None) == UNKNOWN
    # day arithmetic needs a day-precision previous date
    assert resolve_text("the day before", None, ResolvedDate(D(2021, 10, 1), "month")) == UNKNOWN


def test_resolved_date_invariant() -> None:
    with pytest.raises(ValueError):
        ResolvedDate(D(2021, 1, 1), None)
    with pytest.raises(ValueError):
        ResolvedDate(None, "day")
    with pytest.raises(ValueError):
        ResolvedDate(D(2021, 1, 1), "week")


# --------------------------------------------------------------------------
# resolve_sentence_dates
# --------------------------------------------------------------------------

def test_sentence_the_day_before_on_january_14() -> None:
    sentence = ("The day before, on January 14, US Secretary of State Anthony Blinken and NATO "
                "Secretary General Jens Stoltenberg during a telephone conversation expressed readiness.")
    assert resolve_sentence_dates(sentence, None, day(2022, 1, 15)) == day(2022, 1, 14)
    # the absolute date wins even when the day arithmetic would disagree
    assert resolve_sentence_dates(sentence, None, day(2022, 1, 20)) == day(2022, 1, 14)


def test_sentence_examples_from_the_seeds() -> None:
    assert resolve_sentence_dates(
        "Ukraine's possible accession is simply unacceptable, Russia's Foreign Ministry said on Thursday.",
        D(2021, 12, 3)) == day(2021, 12, 2)
    assert resolve_sentence_dates(
        "Also on Monday, Ryabkov spoke to news agency RIA Novosti.", D(2021, 11, 14)) == day(2021, 11, 8)
    assert resolve_sentence_dates(
        "However, last month, NATO Secretary-General Jens Stoltenberg suggested Kiev may have to wait.",
        D(2021, 11, 14)) == ResolvedDate(D(2021, 10, 1), "month")
    assert resolve_sentence_dates(
        "Russian Ambassador to Washington Anatoly Antonov on Saturday, January 15, in an interview "
        "with Newsweek magazine said", None, None, 2021) == day(2022, 1, 15)
    assert resolve_sentence_dates(
        "On the same day, Russian Foreign Minister Sergei Lavrov said", None, day(2022, 1, 14)) == day(2022, 1, 14)
    assert resolve_sentence_dates(
        "The spokeswoman's comments follow a meeting of NATO foreign ministers in Riga, Latvia earlier "
        "this week.", D(2021, 12, 3)) == UNKNOWN
    assert resolve_sentence_dates(
        "In an interview aired on Sunday, Dmitry Peskov cited documented Western promises.", None) == UNKNOWN


def test_sentence_without_date_phrase_is_none() -> None:
    assert resolve_sentence_dates("NATO is a red line for Moscow, Zakharova said.", D(2021, 12, 3)) is None
    assert resolve_sentence_dates("", D(2021, 12, 3)) is None


def test_sentence_prefers_the_most_specific_phrase() -> None:
    # the statement is dated by Monday, not by the year it talks about
    assert resolve_sentence_dates(
        "Stoltenberg said on Monday that in 2008 NATO promised Ukraine membership.",
        D(2021, 11, 14)) == day(2021, 11, 8)
    # an unresolvable day phrase is not replaced by a coarser one
    assert resolve_sentence_dates(
        "In an interview aired on Sunday, he recalled his election in 2019.", None) == UNKNOWN
    # a resolvable phrase of the same precision stands in for an unresolvable one
    assert resolve_sentence_dates(
        "The day after, on Thursday, he said", None, day(2021, 12, 1)) == day(2021, 12, 2)
