"""Date forms of news text, each resolved for several publication dates (year ends, leap years), with
the modifier, duration, reading and ambiguity recorded. Conventions: docs/dates.md. Sentences are the
project's own."""

from __future__ import annotations

from datetime import date

import pytest

import policyextract
from policyextract.families.dates.expressions import DateExpression, iso_duration, two_digit_year
from policyextract.families.dates.resolution import (
    DateConventions,
    FiscalYear,
    easter,
    fiscal_period,
    holiday_date,
    part_of_period,
    resolve,
    resolve_weekday,
)
from policyextract.extractor import Extractor

WED_MAY15_2024 = date(2024, 5, 15)  # a Wednesday
MON_DEC30_2024 = date(2024, 12, 30)  # a Monday, the last week of a year
THU_FEB29_2024 = date(2024, 2, 29)  # leap day, a Thursday
SUN_JAN05_2025 = date(2025, 1, 5)  # a Sunday, the first week of a year
FRI_MAR01_2023 = date(2023, 3, 1)  # a Wednesday in a common year


def found(sentence: str, published: date | None) -> list[tuple]:
    document = policyextract.extract(sentence, published=published)
    out = []
    for m in document.dates:
        assert document.text[m.span.start : m.span.end] == m.span.text
        out.append((m.span.text, str(m.start) if m.start else None, str(m.end) if m.end else None))
    return out


def one(sentence: str, published: date | None):
    document = policyextract.extract(sentence, published=published)
    assert len(document.dates) == 1, [m.span.text for m in document.dates]
    return document.dates[0]


# ==================================================================================================
# Weekdays: this/next/last are week-based (Monday-Sunday), "coming" the first after, a bare weekday
# follows the tense of its clause.
# ==================================================================================================
WEEKDAYS = [
    pytest.param("The vote is set for next Monday.", WED_MAY15_2024, "next Monday", "2024-05-20", "week-based", id="next-Monday"),
    pytest.param("The vote took place last Monday.", WED_MAY15_2024, "last Monday", "2024-05-06", "week-based", id="last-Monday"),
    pytest.param("The vote is this Friday.", WED_MAY15_2024, "this Friday", "2024-05-17", "week-based", id="this-Friday"),
    pytest.param("The vote is on the coming Wednesday.", WED_MAY15_2024, "coming Wednesday", "2024-05-22", "coming",
                 id="coming-Wednesday-is-not-today"),
    pytest.param("The ministry announced the fund on Monday.", WED_MAY15_2024, "Monday", "2024-05-13", "past tense",
                 id="bare-past"),
    pytest.param("The ministry will announce the fund on Monday.", WED_MAY15_2024, "Monday", "2024-05-20", "future tense",
                 id="bare-future"),
    pytest.param("The ministry will announce the fund on Friday.", MON_DEC30_2024, "Friday", "2025-01-03", "future tense",
                 id="future-across-new-year"),
    pytest.param("The ministry announced the fund on Friday.", SUN_JAN05_2025, "Friday", "2025-01-03", "past tense",
                 id="past-in-first-week"),
    pytest.param("Talks resume next Monday.", MON_DEC30_2024, "next Monday", "2025-01-06", "week-based",
                 id="next-Monday-across-year-end"),
    pytest.param("The bill passed on Wednesday.", THU_FEB29_2024, "Wednesday", "2024-02-28", "past tense", id="leap-day"),
    pytest.param("Officials met this past Tuesday.", WED_MAY15_2024, "this past Tuesday", "2024-05-14", "past",
                 id="this-past-Tuesday"),
    pytest.param("The rules apply from Tuesday of next week.", WED_MAY15_2024, "Tuesday of next week", "2024-05-21",
                 "week-based", id="Tuesday-of-next-week"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "day", "reading"), WEEKDAYS)
def test_weekdays(sentence, published, text, day, reading):
    m = one(sentence, published)
    assert (m.span.text, str(m.start), str(m.end), m.reading) == (text, day, day, reading)


@pytest.mark.parametrize(("weekday", "mode", "tense", "published", "expected"), [
    pytest.param(0, "next", None, WED_MAY15_2024, "2024-05-20", id="next-Monday"),
    pytest.param(0, "last", None, WED_MAY15_2024, "2024-05-06", id="last-Monday"),
    pytest.param(2, "this", None, WED_MAY15_2024, "2024-05-15", id="this-Wednesday-is-today"),
    pytest.param(2, "coming", None, WED_MAY15_2024, "2024-05-22", id="coming-Wednesday"),
    pytest.param(2, None, None, WED_MAY15_2024, "2024-05-15", id="bare-no-tense-on-or-before"),
    pytest.param(2, None, "future", WED_MAY15_2024, "2024-05-22", id="bare-future-after"),
    pytest.param(6, "last", None, SUN_JAN05_2025, "2024-12-29", id="last-Sunday-across-year"),
])
def test_resolve_weekday(weekday, mode, tense, published, expected):
    assert str(resolve_weekday(weekday, mode, tense, published)[0]) == expected


# ==================================================================================================
# Day of month, with and without the month.
# ==================================================================================================
DAYS = [
    pytest.param("On the 3rd, the city announced the plan.", WED_MAY15_2024, "the 3rd", "2024-05-03", id="the-3rd-past"),
    pytest.param("The fair will open on the 28th.", WED_MAY15_2024, "the 28th", "2024-05-28", id="the-28th-future"),
    pytest.param("The agency said on the 28th that it agreed.", WED_MAY15_2024, "the 28th", "2024-04-28",
                 id="the-28th-past-is-last-month"),
    pytest.param("The fund closed on the 30th.", date(2024, 3, 5), "the 30th", "2024-01-30",
                 id="the-30th-skips-February"),
    pytest.param("The fund was approved on the 29th.", date(2023, 3, 10), "the 29th", "2023-01-29",
                 id="the-29th-common-year"),
    pytest.param("Applications will close on the 15th of February.", WED_MAY15_2024, "the 15th of February", "2025-02-15",
                 id="the-15th-of-February-future"),
    pytest.param("Applications closed on February the 15th.", WED_MAY15_2024, "February the 15th", "2024-02-15",
                 id="February-the-15th"),
    pytest.param("The law took effect on the fourth of July, 2023.", WED_MAY15_2024, "the fourth of July, 2023",
                 "2023-07-04", id="ordinal-word-with-year"),
    pytest.param("The budget passed Feb 15th.", WED_MAY15_2024, "Feb 15th", "2024-02-15", id="Feb-15th"),
    pytest.param("The forum opened on Tuesday, March 7.", date(2023, 3, 20), "Tuesday, March 7", "2023-03-07",
                 id="weekday-picks-the-year"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "day"), DAYS)
def test_days_of_month(sentence, published, text, day):
    assert found(sentence, published) == [(text, day, day)]


# ==================================================================================================
# Durations, horizons and deadlines.
# ==================================================================================================
DURATIONS = [
    pytest.param("The city issued a three-year plan.", WED_MAY15_2024, "three-year", None, None, "P3Y", "on", id="three-year"),
    pytest.param("The lease runs for twenty-four months.", WED_MAY15_2024, "twenty-four months", None, None, "P24M", "on",
                 id="compound-number-duration"),
    pytest.param("It unveiled a thirty-five-year roadmap.", WED_MAY15_2024, "thirty-five-year", None, None, "P35Y", "on",
                 id="compound-number-adjective"),
    pytest.param("Firms get a 90-day window.", WED_MAY15_2024, "90-day", None, None, "P90D", "on", id="90-day"),
    pytest.param("The review took 18 months.", WED_MAY15_2024, "18 months", None, None, "P18M", "on", id="18-months"),
    pytest.param("Output will double in five years.", WED_MAY15_2024, "five years", "2029-05-15", "2029-05-15", "P5Y", "by",
                 id="in-five-years-horizon"),
    pytest.param("Output will double in five years.", THU_FEB29_2024, "five years", "2029-02-28", "2029-02-28", "P5Y", "by",
                 id="horizon-from-leap-day"),
    pytest.param("Banks must comply within two years.", WED_MAY15_2024, "two years", "2024-05-15", "2026-05-15", "P2Y", "by",
                 id="within-two-years"),
    pytest.param("Output will grow over the next five years.", MON_DEC30_2024, "over the next five years", "2024-12-30",
                 "2029-12-30", "P5Y", "over", id="over-the-next-five-years"),
    pytest.param("Sales rose over the past two decades.", WED_MAY15_2024, "over the past two decades", "2000-01-01", "2019-12-31",
                 "P20Y", "during", id="past-two-decades-calendar"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "start", "end", "duration", "relation"), DURATIONS)
def test_durations(sentence, published, text, start, end, duration, relation):
    m = one(sentence, published)
    assert (m.span.text, str(m.start) if m.start else None, str(m.end) if m.end else None, m.duration, m.relation) == (
        text, start, end, duration, relation)


DEADLINES = [
    pytest.param("Firms must report by the end of the year.", WED_MAY15_2024, "by the end of the year", "2024-12-31", "end",
                 id="by-the-end-of-the-year"),
    pytest.param("Firms must report by year-end.", MON_DEC30_2024, "by year-end", "2024-12-31", "end", id="by-year-end"),
    pytest.param("Firms must report by the end of the month.", THU_FEB29_2024, "by the end of the month", "2024-02-29",
                 "end", id="end-of-leap-February"),
    pytest.param("Firms must report by the end of the month.", FRI_MAR01_2023, "by the end of the month", "2023-03-31",
                 "end", id="end-of-March"),
    pytest.param("Firms must report by the end of the quarter.", WED_MAY15_2024, "by the end of the quarter", "2024-06-30",
                 "end", id="end-of-quarter"),
    pytest.param("The lines open by end-2025.", WED_MAY15_2024, "by end-2025", "2025-12-31", "end", id="end-2025"),
    pytest.param("The lines open by the close of 2024.", WED_MAY15_2024, "by the close of 2024", "2024-12-31", "end",
                 id="close-of-2024"),
    pytest.param("Filings are due no later than June 30.", WED_MAY15_2024, "no later than June 30", "2024-06-30", None,
                 id="no-later-than"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "end", "modifier"), DEADLINES)
def test_deadlines(sentence, published, text, end, modifier):
    m = one(sentence, published)
    assert (m.span.text, str(m.end), m.relation, m.modifier) == (text, end, "by", modifier)


def test_before_2030_is_a_bound():
    m = one("Coal use must peak before 2030.", WED_MAY15_2024)
    assert (m.span.text, m.relation, str(m.start), str(m.end)) == ("before 2030", "before", "2030-01-01", "2030-12-31")


# ==================================================================================================
# Modifiers: the coarse period stays start/end; the narrower one and the modifier are recorded.
# ==================================================================================================
MODIFIERS = [
    pytest.param("Trials start in early 2026.", "2026", "2026-01-01", "2026-12-31", "early", "2026-01-01", "2026-04-30",
                 id="early-2026"),
    pytest.param("Trials start in mid-2027.", "2027", "2027-01-01", "2027-12-31", "mid", "2027-05-01", "2027-08-31",
                 id="mid-2027"),
    pytest.param("Trials start in late 2026.", "2026", "2026-01-01", "2026-12-31", "late", "2026-09-01", "2026-12-31",
                 id="late-2026"),
    pytest.param("Trials start in late February.", "February", "2024-02-01", "2024-02-29", "late", "2024-02-21",
                 "2024-02-29", id="late-February-leap"),
    pytest.param("Trials start in mid-March.", "March", "2025-03-01", "2025-03-31", "mid", "2025-03-11", "2025-03-20",
                 id="mid-March"),
]


@pytest.mark.parametrize(("sentence", "text", "start", "end", "modifier", "narrow_start", "narrow_end"), MODIFIERS)
def test_modifiers(sentence, text, start, end, modifier, narrow_start, narrow_end):
    m = one(sentence, date(2024, 1, 10) if "February" in sentence else date(2024, 11, 20))
    assert (m.span.text, str(m.start), str(m.end), m.modifier, str(m.narrow_start), str(m.narrow_end)) == (
        text, start, end, modifier, narrow_start, narrow_end)


@pytest.mark.parametrize(("start", "end", "part", "expected"), [
    pytest.param("2024-01-01", "2024-12-31", "early", ("2024-01-01", "2024-04-30"), id="year-early"),
    pytest.param("2024-01-01", "2024-12-31", "end", ("2024-12-31", "2024-12-31"), id="year-end"),
    pytest.param("2024-02-01", "2024-02-29", "late", ("2024-02-21", "2024-02-29"), id="leap-February-late"),
    pytest.param("2023-02-01", "2023-02-28", "mid", ("2023-02-11", "2023-02-20"), id="February-mid"),
    pytest.param("2024-01-01", "2024-03-31", "early", ("2024-01-01", "2024-01-30"), id="quarter-early-third"),
])
def test_part_of_period(start, end, part, expected):
    got = part_of_period(date.fromisoformat(start), date.fromisoformat(end), part)
    assert (str(got[0]), str(got[1])) == expected


PARTS_OF_YEAR = [
    pytest.param("Sales peaked in H1 2027.", "H1 2027", "2027-01-01", "2027-06-30", id="H1-2027"),
    pytest.param("Sales peaked in 2019Q3.", "2019Q3", "2019-07-01", "2019-09-30", id="2019Q3"),
    pytest.param("Sales peaked in 2019 Q4.", "2019 Q4", "2019-10-01", "2019-12-31", id="2019-Q4"),
    pytest.param("Sales peaked in the first half of 2024.", "first half of 2024", "2024-01-01", "2024-06-30", id="first-half"),
    pytest.param("Sales peaked in Autumn 2027.", "Autumn 2027", "2027-09-01", "2027-11-30", id="Autumn-2027"),
    pytest.param("Sales peaked in winter 2024.", "winter 2024", "2024-12-01", "2025-02-28", id="winter-spans-new-year"),
    pytest.param("Sales peaked in winter 2023.", "winter 2023", "2023-12-01", "2024-02-29", id="winter-into-leap-year"),
    pytest.param("Chips dominated the 2020s.", "the 2020s", "2020-01-01", "2029-12-31", id="the-2020s"),
]


@pytest.mark.parametrize(("sentence", "text", "start", "end"), PARTS_OF_YEAR)
def test_parts_of_a_year(sentence, text, start, end):
    assert found(sentence, WED_MAY15_2024) == [(text, start, end)]


@pytest.mark.parametrize(("sentence", "published", "start", "end"), [
    pytest.param("In the first three quarters, output grew.", date(2024, 10, 20), "2024-01-01", "2024-09-30",
                 id="first-three-quarters"),
    pytest.param("In the first three quarters, output grew.", date(2025, 1, 10), "2024-01-01", "2024-09-30",
                 id="first-three-quarters-read-in-January"),
    pytest.param("Output grew in the first 10 months of this year.", date(2024, 11, 15), "2024-01-01", "2024-10-31",
                 id="first-10-months-of-this-year"),
    pytest.param("Output grew in the first two months.", THU_FEB29_2024, "2023-01-01", "2023-02-28",
                 id="first-two-months-not-yet-ended"),
    pytest.param("Output grew in the last four months of 2023.", WED_MAY15_2024, "2023-09-01", "2023-12-31",
                 id="last-four-months"),
])
def test_first_months_and_quarters(sentence, published, start, end):
    [(_, got_start, got_end)] = found(sentence, published)
    assert (got_start, got_end) == (start, end)


@pytest.mark.parametrize(("sentence", "published", "start", "end"), [
    pytest.param("Prices will rise this winter.", WED_MAY15_2024, "2024-12-01", "2025-02-28", id="this-winter-ahead"),
    pytest.param("Prices will rise this winter.", date(2025, 1, 20), "2024-12-01", "2025-02-28", id="this-winter-current"),
    pytest.param("Prices rose last spring.", WED_MAY15_2024, "2023-03-01", "2023-05-31", id="last-spring-in-spring"),
    pytest.param("Prices rose last spring.", date(2024, 7, 1), "2024-03-01", "2024-05-31", id="last-spring-in-summer"),
])
def test_relative_seasons(sentence, published, start, end):
    [(_, got_start, got_end)] = found(sentence, published)
    assert (got_start, got_end) == (start, end)


# ==================================================================================================
# Fiscal years: the convention of the jurisdiction the document names; without one, flagged.
# ==================================================================================================
FISCAL = [
    pytest.param("Japan will raise spending in fiscal 2027.", "fiscal 2027", "2027-04-01", "2028-03-31", "fiscal:Japan",
                 False, id="Japan-named-by-start"),
    pytest.param("The U.S. Congress passed the FY2027 budget.", "FY2027", "2026-10-01", "2027-09-30",
                 "fiscal:United States", False, id="US-federal"),
    pytest.param("India budgeted more for FY27 than before.", "FY27", "2026-04-01", "2027-03-31", "fiscal:India", False,
                 id="India-named-by-end"),
    pytest.param("Britain set the fiscal year 2027-28 budget.", "fiscal year 2027-28", "2027-04-01", "2028-03-31",
                 "fiscal:United Kingdom", False, id="UK-split-year"),
    pytest.param("China raised its fiscal 2025 deficit.", "fiscal 2025", "2025-01-01", "2025-12-31", "fiscal:China", False,
                 id="China-calendar"),
    pytest.param("Japan's exports in Q2 FY2023 rose.", "Q2 FY2023", "2023-07-01", "2023-09-30", "fiscal:Japan", False,
                 id="Japan-fiscal-quarter"),
    pytest.param("India's H2 FY24 output rose.", "H2 FY24", "2023-10-01", "2024-03-31", "fiscal:India", False,
                 id="India-fiscal-half"),
    pytest.param("Revenue in fiscal 2026 fell.", "fiscal 2026", "2026-01-01", "2026-12-31", "fiscal:calendar year", True,
                 id="no-jurisdiction-single-year"),
    pytest.param("The 2027-28 fiscal year starts soon.", "2027-28 fiscal year", "2027-04-01", "2028-03-31",
                 "fiscal:April-March", True, id="no-jurisdiction-split-year"),
]


@pytest.mark.parametrize(("sentence", "text", "start", "end", "reading", "ambiguous"), FISCAL)
def test_fiscal_years(sentence, text, start, end, reading, ambiguous):
    m = one(sentence, WED_MAY15_2024)
    assert (m.span.text, str(m.start), str(m.end), m.reading, m.ambiguous) == (text, start, end, reading, ambiguous)


def test_a_budget_named_by_one_year_is_that_year():
    assert found("Hong Kong's 2024 Budget set aside funds.", WED_MAY15_2024) == [("2024", "2024-01-01", "2024-12-31")]


def test_fiscal_period_named_by_start_and_end():
    japan, us = FiscalYear("Japan", 4, "start"), FiscalYear("United States", 10, "end")
    assert fiscal_period(DateExpression("fiscal", year=2024), japan)[:2] == (date(2024, 4, 1), date(2025, 3, 31))
    assert fiscal_period(DateExpression("fiscal", year=2024), us)[:2] == (date(2023, 10, 1), date(2024, 9, 30))


# ==================================================================================================
# Ranges: one record with start and end.
# ==================================================================================================
RANGES = [
    pytest.param("Registration runs from March 2 to March 20.", WED_MAY15_2024, "March 2 to March 20", "2024-03-02",
                 "2024-03-20", id="from-March-2-to-March-20"),
    pytest.param("The fair runs April 28 to May 6.", WED_MAY15_2024, "April 28 to May 6", "2024-04-28", "2024-05-06",
                 id="April-28-to-May-6"),
    pytest.param("Trading halts between March and May.", WED_MAY15_2024, "March and May", "2024-03-01", "2024-05-31",
                 id="between-March-and-May"),
    pytest.param("The plan covers 2024-26.", WED_MAY15_2024, "2024-26", "2024-01-01", "2026-12-31", id="2024-26"),
    pytest.param("Sales fell in January-March 2024.", WED_MAY15_2024, "January-March 2024", "2024-01-01", "2024-03-31",
                 id="January-March-2024"),
    pytest.param("Bids were open Nov-Feb 2024.", WED_MAY15_2024, "Nov-Feb 2024", "2023-11-01", "2024-02-29",
                 id="Nov-Feb-crosses-the-year"),
    pytest.param("The expo ran March 2-20.", WED_MAY15_2024, "March 2-20", "2024-03-02", "2024-03-20", id="March-2-20"),
    pytest.param("The pilot ran from December 20 to January 10.", date(2024, 2, 1), "December 20 to January 10",
                 "2023-12-20", "2024-01-10", id="range-across-new-year"),
    pytest.param("The office is shut from May 2 until the end of June.", WED_MAY15_2024, "May 2 until the end of June",
                 "2024-05-02", "2024-06-30", id="until-the-end-of"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "start", "end"), RANGES)
def test_ranges(sentence, published, text, start, end):
    assert found(sentence, published) == [(text, start, end)]


# ==================================================================================================
# Anchored, holidays, numeric dates.
# ==================================================================================================
def test_the_same_day_takes_the_last_full_date():
    document = policyextract.extract(
        "The zone opened on March 4, 2024. By October, 2,000 firms had joined. On the same day, a fund was set up.",
        published=WED_MAY15_2024)
    same = document.dates[-1]
    assert (same.span.text, str(same.start), same.anchor) == ("the same day", "2024-03-04", document.dates[0].id)


@pytest.mark.parametrize(("sentence", "published", "start", "end"), [
    pytest.param("In the first quarter, exports rose from the same period last year.", WED_MAY15_2024, "2023-01-01",
                 "2023-03-31", id="same-period-last-year"),
    pytest.param("In February, sales beat the same month of the previous year.", WED_MAY15_2024, "2023-02-01",
                 "2023-02-28", id="leap-February-a-year-back"),
])
def test_same_period_last_year(sentence, published, start, end):
    assert found(sentence, published)[-1][1:] == (start, end)


@pytest.mark.parametrize(("sentence", "published", "start", "end"), [
    pytest.param("In March, exports rose 5% from a year earlier.", WED_MAY15_2024, "2023-03-01", "2023-03-31",
                 id="month-a-year-earlier"),
    pytest.param("In February, exports rose from a year earlier.", WED_MAY15_2024, "2023-02-01", "2023-02-28",
                 id="leap-February-a-year-earlier"),
    pytest.param("On Feb. 29, 2024, prices rose from a year earlier.", WED_MAY15_2024, "2023-02-28", "2023-02-28",
                 id="leap-day-a-year-earlier"),
    pytest.param("Prices rose from two months earlier.", WED_MAY15_2024, "2024-03-15", "2024-03-15",
                 id="nothing-before-counts-from-publication"),
])
def test_earlier(sentence, published, start, end):
    assert found(sentence, published)[-1][1:] == (start, end)


HOLIDAYS = [
    pytest.param("Sales rose over Christmas.", WED_MAY15_2024, "2023-12-25", id="Christmas-past"),
    pytest.param("Sales will rise at Christmas.", WED_MAY15_2024, "2024-12-25", id="Christmas-future"),
    pytest.param("Lunar New Year 2025 starts the holiday.", WED_MAY15_2024, "2025-01-29", id="Lunar-New-Year-2025"),
    pytest.param("Travel peaked during the Spring Festival.", date(2024, 3, 1), "2024-02-10", id="Spring-Festival"),
    pytest.param("Deals are planned for Singles' Day.", WED_MAY15_2024, "2024-11-11", id="Singles-Day"),
    pytest.param("Stores opened on Black Friday 2023.", WED_MAY15_2024, "2023-11-24", id="Black-Friday-2023"),
    pytest.param("Markets close next Easter.", WED_MAY15_2024, "2025-04-20", id="next-Easter"),
    pytest.param("The rules start on New Year's Day.", date(2024, 12, 1), "2025-01-01", id="New-Years-Day"),
    pytest.param("Events are planned for the new year.", date(2021, 11, 4), "2022-01-01", id="the-new-year"),
]


@pytest.mark.parametrize(("sentence", "published", "day"), HOLIDAYS)
def test_holidays(sentence, published, day):
    [(_, start, end)] = found(sentence, published)
    assert (start, end) == (day, day)


@pytest.mark.parametrize(("rule", "year", "expected"), [
    pytest.param("easter:+0", 2024, "2024-03-31", id="Easter-2024"),
    pytest.param("easter:+0", 2025, "2025-04-20", id="Easter-2025"),
    pytest.param("easter:-2", 2019, "2019-04-19", id="Good-Friday-2019"),
    pytest.param("nth_weekday:11:3:4:+0", 2024, "2024-11-28", id="Thanksgiving-2024"),
    pytest.param("nth_weekday:5:0:-1:+0", 2024, "2024-05-27", id="Memorial-Day-last-Monday"),
    pytest.param("fixed:02-14", 2024, "2024-02-14", id="fixed"),
    pytest.param("table:2024-02-10,2025-01-29", 2025, "2025-01-29", id="table"),
    pytest.param("table:2024-02-10,2025-01-29", 2040, "None", id="not-in-table"),
])
def test_holiday_rules(rule, year, expected):
    assert str(holiday_date(rule, year)) == expected


def test_easter_is_a_sunday():
    assert all(easter(y).weekday() == 6 for y in range(1990, 2060))


NUMERIC = [
    pytest.param("The filing, dated 07/01/2023, was late.", None, "2023-07-01", "month-first", True, id="ambiguous-US-default"),
    pytest.param("The UK filing, dated 07/01/2023, was late.", None, "2023-01-07", "day-first", True, id="ambiguous-UK"),
    pytest.param("The filing, dated 07/01/2023, was late.", True, "2023-01-07", "day-first", True, id="setting-day-first"),
    pytest.param("The filing, dated 25/12/2023, was late.", None, "2023-12-25", "day-first", False, id="day-over-12"),
    pytest.param("The filing, dated 1.7.2023, was late.", None, "2023-07-01", "day-first", False, id="dots-day-first"),
    pytest.param("The filing, dated 2023-07-01, was late.", None, "2023-07-01", None, False, id="iso"),
    pytest.param("The filing, dated 2024/02/29, was late.", None, "2024-02-29", None, False, id="year-first-leap-day"),
]


@pytest.mark.parametrize(("sentence", "day_first", "day", "reading", "ambiguous"), NUMERIC)
def test_numeric_dates(sentence, day_first, day, reading, ambiguous):
    extractor = Extractor(day_first=day_first) if day_first is not None else None
    document = extractor.extract(sentence) if extractor else policyextract.extract(sentence)
    [m] = document.dates
    assert (str(m.start), m.reading, m.ambiguous) == (day, reading, ambiguous)


# ==================================================================================================
# Datelines as the publication date.
# ==================================================================================================
DATELINES = [
    pytest.param("SHANGHAI, May 14, 2024 -- The city said on Monday it would fund ten labs.", "2024-05-14",
                 "SHANGHAI, May 14, 2024 --", id="city-date-dashes"),
    pytest.param("HONG KONG, 14 May 2024 (Xinhua) — The city said on Monday it would fund labs.", "2024-05-14",
                 "HONG KONG, 14 May 2024 (Xinhua) —", id="day-month-agency"),
    pytest.param("May 14, 2024 (Reuters) - The city said on Monday it would fund labs.", "2024-05-14",
                 "May 14, 2024 (Reuters) -", id="date-agency"),
    pytest.param("Published: 14 May 2024\nThe city said on Monday it would fund labs.", "2024-05-14", "14 May 2024",
                 id="published-line"),
]


@pytest.mark.parametrize(("text", "published", "evidence"), DATELINES)
def test_datelines(text, published, evidence):
    document = policyextract.extract(text)
    monday = next(m for m in document.dates if m.span.text == "Monday")
    assert (str(document.published), document.published_source, document.published_evidence, str(monday.start)) == (
        published, "dateline", evidence, "2024-05-13")


@pytest.mark.parametrize("text", [
    pytest.param("BEIJING, May 14 (Reuters) - The city said it would fund labs.", id="no-year-no-copyright"),
    pytest.param("Headline\n\nMay 14 is the deadline - firms must file.", id="a-sentence-not-a-dateline"),
])
def test_not_datelines(text):
    assert policyextract.extract(text).published is None


def test_metadata_wins_over_a_dateline():
    document = policyextract.extract("SHANGHAI, May 14, 2024 -- The city spoke.", published=date(2024, 5, 15))
    assert (str(document.published), document.published_source) == ("2024-05-15", "metadata")


# ==================================================================================================
# Not dates.
# ==================================================================================================
@pytest.mark.parametrize("sentence", [
    pytest.param("The hotline runs 24/7.", id="24/7"),
    pytest.param("Operators rolled out 5G.", id="5G"),
    pytest.param("Document No. 2025 sets the rules.", id="No.-2025"),
    pytest.param("The list names the Top 10 firms.", id="Top-10"),
    pytest.param("Call +86 138-2010-2015 for details.", id="phone-number"),
    pytest.param("Funds come under the 14th round of grants.", id="14th-round"),
    pytest.param("The firm is five years old.", id="age"),
    pytest.param("A 3/4 majority is needed.", id="fraction"),
    pytest.param("Tourists visit Easter Island.", id="Easter-Island"),
    pytest.param("Work on the 3rd and 4th phases began.", id="ordinal-phases"),
    pytest.param("Three quarters of firms agreed.", id="fraction-of"),
    pytest.param("Prices fall when supply grows.", id="fall-verb"),
])
def test_not_dates(sentence):
    assert found(sentence, WED_MAY15_2024) == []


def test_a_target_year_is_a_date():
    assert found("The 2025 target of 100 firms was met.", WED_MAY15_2024) == [("2025", "2025-01-01", "2025-12-31")]


# ==================================================================================================
# Small pure functions.
# ==================================================================================================
@pytest.mark.parametrize(("number", "unit", "expected"), [
    (3, "year", "P3Y"), (18, "month", "P18M"), (2, "quarter", "P6M"), (90, "day", "P90D"), (2, "decade", "P20Y"),
    (1, "week", "P1W"),
])
def test_iso_duration(number, unit, expected):
    assert iso_duration(number, unit) == expected


@pytest.mark.parametrize(("word", "expected"), [("23", 2023), ("49", 2049), ("50", 1950), ("89", 1989), ("2031", 2031)])
def test_two_digit_year(word, expected):
    assert two_digit_year(word) == expected


def test_ambiguous_numeric_follows_the_conventions():
    expr = DateExpression("date", year=2023, month=7, day=1, day_first=False, ambiguous=True)
    assert resolve(expr, None, None, None, DateConventions(day_first=True)).start == date(2023, 1, 7)
    assert resolve(expr, None, None, None, DateConventions(day_first=False)).start == date(2023, 7, 1)
