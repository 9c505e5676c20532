"""News date forms whose period depends on the tense of the clause, on what they end with, or on the
jurisdiction's fiscal year: bare months, quarters and halves, trailing periods ("the 12 months to
March"), a day with "last year", split years ("2025-26"). Each is resolved for publication dates on
both sides of a year boundary. Conventions: docs/dates.md. Sentences are the project's own."""

from __future__ import annotations

from datetime import date

import pytest

import policyextract
from tests.conftest import resolved_dates

MID_MAY_2024 = date(2024, 5, 15)
EARLY_JAN_2025 = date(2025, 1, 8)
LATE_DEC_2024 = date(2024, 12, 20)
MID_SEP_2023 = date(2023, 9, 12)



def period(sentence: str, published: date) -> tuple[str | None, str | None]:
    [(_, start, end)] = resolved_dates(sentence, published)
    return start, end


# ==================================================================================================
# A month without a year: future tense → the next such month (this one if not over), past tense → the
# last one begun, no tense word → the nearest; "by <month>" with no tense word is a deadline ahead.
# ==================================================================================================
BARE_MONTHS = [
    pytest.param("The regulator will publish its guidance by December.", MID_MAY_2024, "2024-12-01", "2024-12-31",
                 id="future-by-month-later-this-year"),
    pytest.param("The new tariff will apply from January.", MID_MAY_2024, "2025-01-01", "2025-01-31",
                 id="future-month-earlier-in-calendar-is-next-year"),
    pytest.param("The new tariff will apply from January.", LATE_DEC_2024, "2025-01-01", "2025-01-31",
                 id="future-across-year-end"),
    pytest.param("The new tariff will apply from January.", EARLY_JAN_2025, "2025-01-01", "2025-01-31",
                 id="future-current-month-counts"),
    pytest.param("The city council approved the levy in November.", EARLY_JAN_2025, "2024-11-01", "2024-11-30",
                 id="past-month-last-year"),
    pytest.param("The city council approved the levy in August.", MID_MAY_2024, "2023-08-01", "2023-08-31",
                 id="past-month-never-ahead"),
    pytest.param("The state has paid out half and expects to pay the rest by October.", MID_MAY_2024,
                 "2024-10-01", "2024-10-31", id="expects-to-is-future"),
    pytest.param("Grants are due for renewal by March.", MID_SEP_2023, "2024-03-01", "2024-03-31",
                 id="due-is-future"),
    pytest.param("The board is to name a new chair in February.", MID_MAY_2024, "2025-02-01", "2025-02-28",
                 id="is-to-is-future"),
    pytest.param("Applications close by February.", MID_MAY_2024, "2025-02-01", "2025-02-28",
                 id="by-month-without-tense-word-is-ahead"),
    pytest.param("Turnout peaked in April.", MID_MAY_2024, "2024-04-01", "2024-04-30", id="nearest-no-tense"),
    pytest.param("The agency will finish the audit by the end of November.", MID_MAY_2024, "2024-11-30", "2024-11-30",
                 id="future-end-of-month"),
    pytest.param("The minister will visit this September.", MID_MAY_2024, "2024-09-01", "2024-09-30",
                 id="this-month-ignores-tense"),
]


@pytest.mark.parametrize(("sentence", "published", "start", "end"), BARE_MONTHS)
def test_bare_months_follow_the_tense(sentence, published, start, end):
    assert period(sentence, published) == (start, end)


def test_a_reported_would_is_future():
    sentence = "Ministers said the levy would start on 1 July."
    assert period(sentence, MID_MAY_2024) == ("2024-07-01", "2024-07-01")
    assert period(sentence, LATE_DEC_2024) == ("2025-07-01", "2025-07-01")


# ==================================================================================================
# A day and month followed by a relative year is one day of that year.
# ==================================================================================================
DAY_OF_RELATIVE_YEAR = [
    pytest.param("The cabinet approved the scheme on April 9 last year.", MID_MAY_2024, "April 9 last year",
                 "2023-04-09", id="month-day-last-year"),
    pytest.param("The cabinet approved the scheme on April 9 last year.", EARLY_JAN_2025, "April 9 last year",
                 "2024-04-09", id="month-day-last-year-in-january"),
    pytest.param("The port reopened on 2 February this year.", MID_MAY_2024, "2 February this year", "2024-02-02",
                 id="day-month-this-year"),
    pytest.param("The metro line opens on 30 March next year.", LATE_DEC_2024, "30 March next year", "2025-03-30",
                 id="day-month-next-year"),
    pytest.param("Bids closed on the 4th of June last year.", MID_SEP_2023, "4th of June last year", "2022-06-04",
                 id="ordinal-of-month-last-year"),
]


@pytest.mark.parametrize(("sentence", "published", "text", "day"), DAY_OF_RELATIVE_YEAR)
def test_a_day_with_a_relative_year_is_one_date(sentence, published, text, day):
    assert resolved_dates(sentence, published) == [(text, day, day)]


# ==================================================================================================
# Trailing periods: "the N units to <month/year>" end with the period named.
# ==================================================================================================
TRAILING = [
    pytest.param("Exports rose 6% in the 12 months to March.", MID_MAY_2024, "2023-04-01", "2024-03-31",
                 id="twelve-months-to-last-march"),
    pytest.param("Exports rose 6% in the 12 months to March.", EARLY_JAN_2025, "2023-04-01", "2024-03-31",
                 id="twelve-months-to-march-read-in-january"),
    pytest.param("Exports rose 6% in the 12 months to November.", EARLY_JAN_2025, "2023-12-01", "2024-11-30",
                 id="twelve-months-to-november-across-year-end"),
    pytest.param("Prices climbed 3% in the year to June.", MID_SEP_2023, "2022-07-01", "2023-06-30",
                 id="the-year-to-a-month"),
    pytest.param("The province will build 400 schools in the four years to 2028.", MID_MAY_2024, "2025-01-01",
                 "2028-12-31", id="years-to-a-year"),
    pytest.param("Output fell in the three months to August 2022.", MID_MAY_2024, "2022-06-01", "2022-08-31",
                 id="months-to-a-month-of-a-year"),
    pytest.param("Net profit was flat in the year ended June 30, 2024.", LATE_DEC_2024, "2023-07-01", "2024-06-30",
                 id="year-ended-a-day"),
    pytest.param("The fund will lend more in the 12 months to June.", MID_MAY_2024, "2023-07-01", "2024-06-30",
                 id="future-tense-takes-the-next-june"),
]


@pytest.mark.parametrize(("sentence", "published", "start", "end"), TRAILING)
def test_trailing_periods_end_with_the_period_named(sentence, published, start, end):
    assert period(sentence, published) == (start, end)


def test_a_trailing_period_records_its_length_and_flags_a_guess():
    document = policyextract.extract("Sales in the 12 months to March: 4 million units.", published=MID_MAY_2024)
    [m] = document.dates
    assert (m.span.text, m.duration, m.relation, m.ambiguous) == ("the 12 months to March", "P12M", "during", True)


def test_the_year_to_date_is_not_a_trailing_period():
    assert resolved_dates("Sales grew in the year to date.", MID_MAY_2024) == []


# ==================================================================================================
# Quarters and halves without a year follow the tense; "the end of the decade" is its last day.
# ==================================================================================================
PARTS = [
    pytest.param("The carmaker will double output in the second half.", MID_MAY_2024, "2024-07-01", "2024-12-31",
                 id="future-second-half-this-year"),
    pytest.param("The carmaker will double output in the first half.", LATE_DEC_2024, "2025-01-01", "2025-06-30",
                 id="future-first-half-next-year"),
    pytest.param("Orders slumped in the second half.", MID_MAY_2024, "2023-07-01", "2023-12-31",
                 id="past-second-half-last-year"),
    pytest.param("Orders slumped in the fourth quarter.", EARLY_JAN_2025, "2024-10-01", "2024-12-31",
                 id="past-fourth-quarter-in-january"),
    pytest.param("Deliveries will resume in the first quarter.", MID_SEP_2023, "2024-01-01", "2024-03-31",
                 id="future-first-quarter-next-year"),
    pytest.param("Emissions must halve by the end of the decade.", MID_MAY_2024, "2029-12-31", "2029-12-31",
                 id="end-of-the-decade"),
    pytest.param("Emissions must halve by the end of the decade.", date(2030, 3, 1), "2039-12-31", "2039-12-31",
                 id="end-of-the-decade-in-2030"),
]


@pytest.mark.parametrize(("sentence", "published", "start", "end"), PARTS)
def test_parts_of_an_unnamed_year(sentence, published, start, end):
    assert period(sentence, published) == (start, end)


@pytest.mark.parametrize("sentence", [
    "The first half of the grant was paid.",
    "The second half was stronger than the first.",
], ids=["half-of-a-thing", "half-without-a-date-word"])
def test_half_alone_is_not_always_a_date(sentence):
    assert resolved_dates(sentence, MID_MAY_2024) == []


# ==================================================================================================
# Split years and fiscal codes: the jurisdiction (named, or by its currency words) decides.
# ==================================================================================================
FISCAL = [
    pytest.param("The state set aside Rs 800 crore for 2024-25.", "2024-25", "2024-04-01", "2025-03-31",
                 "fiscal:India", id="rupees-split-year"),
    pytest.param("The outlay for 2026-27 is ₹3,000 crore.", "2026-27", "2026-04-01", "2027-03-31", "fiscal:India",
                 id="rupee-sign-split-year"),
    pytest.param("Canberra set aside A$2 billion for 2025-26.", "2025-26", "2025-07-01", "2026-06-30",
                 "fiscal:Australia", id="australia-split-year"),
    pytest.param("The company pledged ₹40,000 crore by FY2031.", "by FY2031", "2030-04-01", "2031-03-31",
                 "fiscal:India", id="rupee-cue-fiscal-code"),
    pytest.param("The carrier will spend 900 billion yen in fiscal 2026.", "fiscal 2026", "2026-04-01", "2027-03-31",
                 "fiscal:Japan", id="yen-cue-fiscal-year"),
    pytest.param("Pakistan's 2024-25 plan gives Pakistani farms Rs 90 billion.", "2024-25", "2024-07-01",
                 "2025-06-30", "fiscal:Pakistan", id="pakistan-named-more-than-rupees"),
    pytest.param("Seoul will spend 2 trillion won over 2024-25.", "over 2024-25", "2024-01-01", "2025-12-31", None,
                 id="calendar-jurisdiction-keeps-two-years"),
]


@pytest.mark.parametrize(("sentence", "text", "start", "end", "reading"), FISCAL)
def test_split_years_and_fiscal_codes(sentence, text, start, end, reading):
    document = policyextract.extract(sentence, published=MID_MAY_2024)
    [m] = document.dates
    assert (m.span.text, str(m.start), str(m.end), m.reading) == (text, start, end, reading)


def test_a_split_year_without_jurisdiction_stays_two_years():
    assert resolved_dates("Spending for 2024-25 rose.", MID_MAY_2024) == [("2024-25", "2024-01-01", "2025-12-31")]
