"""Table-driven tests of date mentions and publication dates through `policyextract.extract`, and of
`date_resolution.resolve` on its own.

Where the examples come from: the sentences are the date phrasings of English-language news about
Chinese policy, Web3 and tech funding, the kind the seed articles in `corpus/` use ("Policy &
Regulation·June 12, 2023, 11:47 PM", "until Feb. 18", "In February of this year", "over the next three
years", "the 14th Five-Year Plan", "© 2023 … All Rights Reserved"), plus the examples named in the
"Publication date" and "Dates" sections of `tests/golden/README.md`, which is the spec these tests
follow. Expected values are what a careful reader says the text denotes under that spec, worked out by
hand (weekdays checked with Python's `calendar`), never output saved from the extractor.

Each row of the text tables asserts the *exact* list of date mentions of its sentence, in text order,
as (span text, start, end, time, granularity, relation, relative, anchor), so a spurious extra mention
fails its row as surely as a missed or misread one. Anchors: `None` for absolute dates, "published" for
dates resolved against the publication date, the id of the preceding mention for "the following
month" and friends (`PREV`). The spec does not say what the anchor of a relative date that *cannot* be
resolved is, so those rows leave it unchecked.

Known failures, when there are any, are rows marked `pytest.mark.xfail(strict=True, reason=...)`, so that fixing the code
turns them into failures that ask for the mark to be removed.
"""

from __future__ import annotations

from datetime import date
from unittest.mock import ANY

import pytest

import policyextract
from policyextract.families.dates.expressions import DateExpression
from policyextract.families.dates.resolution import Period, add_months, resolve

PREV = "<id of the previous mention>"
_DEFAULT = object()

# Publication dates used below (weekdays checked with `calendar`).
JAN20 = date(2024, 1, 20)  # a Saturday
MAY15 = date(2024, 5, 15)  # a Wednesday
AUG10 = date(2024, 8, 10)
APR10 = date(2024, 4, 10)
JUN12_2023 = date(2023, 6, 12)  # a Monday
DEC28_2023 = date(2023, 12, 28)  # a Thursday


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def D(text: str, start: str | None, end: str | None, granularity: str, relation: str = "on",
      relative: bool = False, *, time: str | None = None, anchor=_DEFAULT) -> tuple:
    """One expected date mention. Default anchor: None (absolute), "published" (relative, resolved),
    unchecked (relative, unresolved: the spec leaves it open)."""
    if anchor is _DEFAULT:
        anchor = (ANY if start is None else "published") if relative else None
    return (text, _day(start), _day(end), time, granularity, relation, relative, anchor)


def mentions(document) -> list[tuple]:
    out = []
    for m in document.dates:
        assert document.text[m.span.start : m.span.end] == m.span.text
        out.append((m.span.text, m.start, m.end, m.time, m.granularity, m.relation, m.relative, m.anchor))
    return out


def check(sentence: str, published: date | None, expected: list[tuple]) -> None:
    document = policyextract.extract(sentence, published=published)
    actual = mentions(document)
    ids = [m.id for m in document.dates]
    # PREV: the id of the mention right before this one.
    expected = [e[:7] + ((ids[i - 1] if 0 < i <= len(ids) else None),) if e[7] is PREV else e
                for i, e in enumerate(expected)]
    assert actual == expected




# ==================================================================================================
# 1. Absolute dates: full dates, month + year, years, quarters and halves, year ranges.
# ==================================================================================================
ABSOLUTE = [
    # --- full dates ---------------------------------------------------------------------------------
    pytest.param("The rules were issued on June 12, 2023.", JAN20,
                 [D("June 12, 2023", "2023-06-12", "2023-06-12", "day")], id="full-June-12-2023"),
    pytest.param("The consultation closed on Jan 20, 2024.", JAN20,
                 [D("Jan 20, 2024", "2024-01-20", "2024-01-20", "day")], id="full-Jan-20-2024"),
    pytest.param("The notice was dated 12 June 2023.", JAN20,
                 [D("12 June 2023", "2023-06-12", "2023-06-12", "day")], id="full-12-June-2023"),
    pytest.param("The filing is dated 2023-06-12 in the registry.", JAN20,
                 [D("2023-06-12", "2023-06-12", "2023-06-12", "day")], id="full-iso-2023-06-12"),
    pytest.param("The notice went up on June 12, 2023, 11:47 PM local time.", JAN20,
                 [D("June 12, 2023, 11:47 PM", "2023-06-12", "2023-06-12", "day", time="23:47")],
                 id="full-with-time-pm"),
    pytest.param("Voting closed at January 20, 2024, 12:05 AM Beijing time.", JAN20,
                 [D("January 20, 2024, 12:05 AM", "2024-01-20", "2024-01-20", "day", time="00:05")],
                 id="full-with-time-12-am"),
    pytest.param("The notice went up June 12, 2023, 11:47 p.m. local time.", JAN20,
                 [D("June 12, 2023, 11:47 p.m.", "2023-06-12", "2023-06-12", "day", time="23:47")],
                 id="full-with-time-p.m."),
    pytest.param("The notice went up June 12, 2023, 12:30 PM local time.", JAN20,
                 [D("June 12, 2023, 12:30 PM", "2023-06-12", "2023-06-12", "day", time="12:30")],
                 id="full-with-time-12-pm"),
    pytest.param("The notice went up June 12, 2023 23:47 local time.", JAN20,
                 [D("June 12, 2023 23:47", "2023-06-12", "2023-06-12", "day", time="23:47")],
                 id="full-with-time-24h"),
    pytest.param("Applications are due Feb. 18, 2024.", JAN20,
                 [D("Feb. 18, 2024", "2024-02-18", "2024-02-18", "day")], id="full-Feb.-18-2024"),
    pytest.param("The pilot starts March 1st, 2024.", JAN20,
                 [D("March 1st, 2024", "2024-03-01", "2024-03-01", "day")], id="full-March-1st-2024"),
    pytest.param("The exchange reopened on Mar 06, 2024.", JAN20,
                 [D("Mar 06, 2024", "2024-03-06", "2024-03-06", "day")], id="full-Mar-06-2024"),
    # --- month and year, year alone -----------------------------------------------------------------
    pytest.param("Sales of digital collectibles rose in 2021.", JAN20,
                 [D("2021", "2021-01-01", "2021-12-31", "year")], id="year-in-2021"),
    pytest.param("The policy took effect in September 2021.", JAN20,
                 [D("September 2021", "2021-09-01", "2021-09-30", "month")], id="month-year-September-2021"),
    pytest.param("A December 2023 report said the market had cooled.", JAN20,
                 [D("December 2023", "2023-12-01", "2023-12-31", "month")], id="month-year-as-modifier"),
    pytest.param("In May of 2022, the bureau opened a sandbox.", JAN20,
                 [D("May of 2022", "2022-05-01", "2022-05-31", "month")], id="month-of-year-May-of-2022"),
    pytest.param("Prices never recovered from the 2021 market peak.", JAN20,
                 [D("2021", "2021-01-01", "2021-12-31", "year")], id="year-as-modifier"),
    pytest.param("In early 2024, the market fell.", JAN20,
                 [D("2024", "2024-01-01", "2024-12-31", "year")], id="year-early-not-in-span"),
    pytest.param("2024 was a good year for the sector.", JAN20,
                 [D("2024", "2024-01-01", "2024-12-31", "year")], id="year-sentence-initial"),
    pytest.param("The rules implement Law No.4 of 2022 on data security.", JAN20,
                 [D("2022", "2022-01-01", "2022-12-31", "year")], id="year-law-No.4-of-2022"),
    # --- quarters and halves ------------------------------------------------------------------------
    pytest.param("The platform will launch in Q1 2025.", JAN20,
                 [D("Q1 2025", "2025-01-01", "2025-03-31", "quarter")], id="quarter-Q1-2025"),
    pytest.param("Trading volume peaked in Q3, 2024.", JAN20,
                 [D("Q3, 2024", "2024-07-01", "2024-09-30", "quarter")], id="quarter-Q3-comma-2024"),
    pytest.param("The platform will launch in the first quarter of 2025.", JAN20,
                 [D("first quarter of 2025", "2025-01-01", "2025-03-31", "quarter")], id="quarter-words-2025"),
    pytest.param("The token sale is planned for H2 2025.", JAN20,
                 [D("H2 2025", "2025-07-01", "2025-12-31", "half")], id="half-H2-2025"),
    pytest.param("The token sale is planned for the second half of 2025.", JAN20,
                 [D("second half of 2025", "2025-07-01", "2025-12-31", "half")], id="half-words-2025"),
    # --- year ranges --------------------------------------------------------------------------------
    pytest.param("The 2021-2025 plan sets five goals.", JAN20,
                 [D("2021-2025", "2021-01-01", "2025-12-31", "multi-year")], id="years-2021-2025-hyphen"),
    pytest.param("The 2021–2025 plan sets five goals.", JAN20,
                 [D("2021–2025", "2021-01-01", "2025-12-31", "multi-year")], id="years-2021-2025-en-dash"),
    pytest.param("The pilot runs from 2023 to 2025 in three districts.", JAN20,
                 [D("from 2023 to 2025", "2023-01-01", "2025-12-31", "multi-year")], id="years-from-2023-to-2025"),
    pytest.param("Output grew fourfold between 2021 and 2025.", JAN20,
                 [D("between 2021 and 2025", "2021-01-01", "2025-12-31", "multi-year")],
                 id="years-between-2021-and-2025"),
    # --- several in one sentence --------------------------------------------------------------------
    pytest.param("The plan, issued in September 2021, covers 2021-2025 and must be met by the end of 2025.", JAN20,
                 [D("September 2021", "2021-09-01", "2021-09-30", "month"),
                  D("2021-2025", "2021-01-01", "2025-12-31", "multi-year"),
                  D("by the end of 2025", "2025-12-31", "2025-12-31", "day", "by")], id="three-in-one-sentence"),
]


# ==================================================================================================
# 2. Deadlines and bounds: the relation word is in the span and gives the relation.
# ==================================================================================================
RELATIONS = [
    pytest.param("Banks must comply by 2025.", JAN20,
                 [D("by 2025", "2025-01-01", "2025-12-31", "year", "by")], id="by-2025"),
    pytest.param("Banks must comply by the end of 2025.", JAN20,
                 [D("by the end of 2025", "2025-12-31", "2025-12-31", "day", "by")], id="by-the-end-of-2025"),
    pytest.param("Banks must comply by end-2025.", JAN20,
                 [D("by end-2025", "2025-12-31", "2025-12-31", "day", "by")], id="by-end-2025"),
    pytest.param("Banks must comply no later than 2027.", JAN20,
                 [D("no later than 2027", "2027-01-01", "2027-12-31", "year", "by")], id="no-later-than-2027"),
    pytest.param("The exemption lasts until 2025.", JAN20,
                 [D("until 2025", "2025-01-01", "2025-12-31", "year", "until")], id="until-2025"),
    pytest.param("The exemption lasts until the end of 2025.", JAN20,
                 [D("until the end of 2025", "2025-12-31", "2025-12-31", "day", "until")], id="until-the-end-of-2025"),
    pytest.param("The exemption lasts through 2025.", JAN20,
                 [D("through 2025", "2025-01-01", "2025-12-31", "year", "until")], id="through-2025"),
    pytest.param("No licences will be issued before 2026.", JAN20,
                 [D("before 2026", "2026-01-01", "2026-12-31", "year", "before")], id="before-2026"),
    pytest.param("Such tokens were legal prior to 2020.", JAN20,
                 [D("prior to 2020", "2020-01-01", "2020-12-31", "year", "before")], id="prior-to-2020"),
    pytest.param("Trading has been banned since May 2022.", JAN20,
                 [D("since May 2022", "2022-05-01", "2022-05-31", "month", "since")], id="since-May-2022"),
    pytest.param("Since 2019, 200 firms have registered.", JAN20,
                 [D("Since 2019", "2019-01-01", "2019-12-31", "year", "since")], id="Since-2019-sentence-initial"),
    pytest.param("Applications open after March 2024.", JAN20,
                 [D("after March 2024", "2024-03-01", "2024-03-31", "month", "after")], id="after-March-2024"),
    pytest.param("Hiring will slow during H2 2025.", JAN20,
                 [D("during H2 2025", "2025-07-01", "2025-12-31", "half", "during")], id="during-H2-2025"),
    pytest.param("The index fell over the course of Q1 2025.", JAN20,
                 [D("over the course of Q1 2025", "2025-01-01", "2025-03-31", "quarter", "during")],
                 id="over-the-course-of-Q1-2025"),
    pytest.param("Volatility stayed high throughout 2024.", JAN20,
                 [D("throughout 2024", "2024-01-01", "2024-12-31", "year", "during")], id="throughout-2024"),
    pytest.param("As of March, 200 firms had registered.", APR10,
                 [D("As of March", "2024-03-01", "2024-03-31", "month", "on", True)], id="as-of-March"),
    pytest.param("The exemption lasts until April.", JAN20,
                 [D("until April", "2024-04-01", "2024-04-30", "month", "until", True)], id="until-April-no-year"),
    pytest.param("The city aims to finish by the end of this year.", JAN20,
                 [D("by the end of this year", "2024-12-31", "2024-12-31", "day", "by", True)],
                 id="by-the-end-of-this-year"),
]


# ==================================================================================================
# 3. Month and day (or month) without a year: the year that puts it nearest the publication date.
# ==================================================================================================
NEAREST_YEAR = [
    pytest.param("Comments are accepted until Feb. 18.", JAN20,
                 [D("until Feb. 18", "2024-02-18", "2024-02-18", "day", "until", True)],
                 id="until-Feb.-18-in-January-is-next-month"),
    pytest.param("The draft was released on Dec. 28.", JAN20,
                 [D("Dec. 28", "2023-12-28", "2023-12-28", "day", "on", True)],
                 id="Dec.-28-in-January-is-previous-year"),
    pytest.param("The rules take effect on Jan. 5.", DEC28_2023,
                 [D("Jan. 5", "2024-01-05", "2024-01-05", "day", "on", True)],
                 id="Jan.-5-in-December-is-next-year"),
    pytest.param("The committee met on May 27.", JUN12_2023,
                 [D("May 27", "2023-05-27", "2023-05-27", "day", "on", True)], id="May-27-same-year"),
    pytest.param("The committee met on 27 May.", JUN12_2023,
                 [D("27 May", "2023-05-27", "2023-05-27", "day", "on", True)], id="27-May-day-first"),
    pytest.param("The hearing began June 1.", JUN12_2023,
                 [D("June 1", "2023-06-01", "2023-06-01", "day", "on", True)], id="June-1"),
    pytest.param("The hearing began on June 4th.", JUN12_2023,
                 [D("June 4th", "2023-06-04", "2023-06-04", "day", "on", True)], id="June-4th-ordinal"),
    pytest.param("The pilot will start in June.", JAN20,
                 [D("June", "2024-06-01", "2024-06-30", "month", "on", True)], id="month-June-in-January"),
    pytest.param("In November, regulators froze 30 accounts.", JAN20,
                 [D("November", "2023-11-01", "2023-11-30", "month", "on", True)], id="month-November-in-January"),
    pytest.param("A December document set out the rules.", JAN20,
                 [D("December", "2023-12-01", "2023-12-31", "month", "on", True)], id="month-a-December-document"),
    pytest.param("Earlier in May, the bureau opened a sandbox.", MAY15,
                 [D("May", "2024-05-01", "2024-05-31", "month", "on", True)], id="Earlier-in-May-is-May"),
]


# ==================================================================================================
# 4. Relative to the publication date (or to the previous mention).
# ==================================================================================================
RELATIVE = [
    # --- whole units -----------------------------------------------------------------------------
    pytest.param("Trading volume doubled last year.", JAN20,
                 [D("last year", "2023-01-01", "2023-12-31", "year", "on", True)], id="last-year"),
    pytest.param("Late last year, the bureau opened a sandbox.", JAN20,
                 [D("last year", "2023-01-01", "2023-12-31", "year", "on", True)], id="Late-last-year"),
    pytest.param("The rules take effect this year.", JAN20,
                 [D("this year", "2024-01-01", "2024-12-31", "year", "on", True)], id="this-year"),
    pytest.param("The rules take effect next year.", JAN20,
                 [D("next year", "2025-01-01", "2025-12-31", "year", "on", True)], id="next-year"),
    pytest.param("The ministry issued a notice last month.", JAN20,
                 [D("last month", "2023-12-01", "2023-12-31", "month", "on", True)], id="last-month"),
    pytest.param("The ministry will issue a notice this month.", JAN20,
                 [D("this month", "2024-01-01", "2024-01-31", "month", "on", True)], id="this-month"),
    pytest.param("The ministry will issue a notice next month.", JAN20,
                 [D("next month", "2024-02-01", "2024-02-29", "month", "on", True)], id="next-month-leap-February"),
    pytest.param("The ministry issued a notice last week.", JAN20,
                 [D("last week", "2024-01-08", "2024-01-14", "week", "on", True)], id="last-week-Monday-Sunday"),
    pytest.param("Revenue fell last quarter.", JAN20,
                 [D("last quarter", "2023-10-01", "2023-12-31", "quarter", "on", True)], id="last-quarter"),
    # --- to date / rest of ------------------------------------------------------------------------
    pytest.param("The ministry said earlier this month that it would act.", JAN20,
                 [D("earlier this month", "2024-01-01", "2024-01-20", "month", "on", True)], id="earlier-this-month"),
    pytest.param("The ministry said earlier this year that it would act.", MAY15,
                 [D("earlier this year", "2024-01-01", "2024-05-15", "year", "on", True)], id="earlier-this-year"),
    pytest.param("The ministry will act later this year.", MAY15,
                 [D("later this year", "2024-05-15", "2024-12-31", "year", "on", True)], id="later-this-year"),
    # --- month of a relative year, last/next month name ---------------------------------------------
    pytest.param("In February of this year, the city set up a fund.", MAY15,
                 [D("February of this year", "2024-02-01", "2024-02-29", "month", "on", True)],
                 id="February-of-this-year"),
    pytest.param("The fund was set up in May of last year.", MAY15,
                 [D("May of last year", "2023-05-01", "2023-05-31", "month", "on", True)], id="May-of-last-year"),
    pytest.param("The fund was set up last May.", JAN20,
                 [D("last May", "2023-05-01", "2023-05-31", "month", "on", True)], id="last-May-in-January"),
    pytest.param("The fund was set up last May.", AUG10,
                 [D("last May", "2024-05-01", "2024-05-31", "month", "on", True)], id="last-May-in-August"),
    pytest.param("The fund was set up last May.", MAY15,
                 [D("last May", "2023-05-01", "2023-05-31", "month", "on", True)], id="last-May-in-May"),
    pytest.param("The fund opens next March.", JAN20,
                 [D("next March", "2024-03-01", "2024-03-31", "month", "on", True)], id="next-March-in-January"),
    # --- days ---------------------------------------------------------------------------------------
    pytest.param("The regulator announced the rules on Friday.", JAN20,
                 [D("Friday", "2024-01-19", "2024-01-19", "day", "on", True)], id="on-Friday-day-before"),
    pytest.param("The regulator announced the rules on Monday.", JAN20,
                 [D("Monday", "2024-01-15", "2024-01-15", "day", "on", True)], id="on-Monday"),
    pytest.param("The regulator announced the rules on Saturday.", JAN20,
                 [D("Saturday", "2024-01-20", "2024-01-20", "day", "on", True)], id="on-Saturday-same-day"),
    pytest.param("The regulator announced the rules today.", JAN20,
                 [D("today", "2024-01-20", "2024-01-20", "day", "on", True)], id="today"),
    pytest.param("The regulator announced the rules yesterday.", JAN20,
                 [D("yesterday", "2024-01-19", "2024-01-19", "day", "on", True)], id="yesterday"),
    pytest.param("The regulator announced the rules a month ago.", JAN20,
                 [D("a month ago", "2023-12-20", "2023-12-20", "day", "on", True)], id="a-month-ago"),
    pytest.param("The regulator announced the rules two years ago.", JAN20,
                 [D("two years ago", "2022-01-20", "2022-01-20", "day", "on", True)], id="two-years-ago"),
    pytest.param("The regulator announced the rules 3 weeks ago.", JAN20,
                 [D("3 weeks ago", "2023-12-30", "2023-12-30", "day", "on", True)], id="3-weeks-ago"),
    # --- forward and backward periods ---------------------------------------------------------------
    pytest.param("The city will invest heavily over the next three years.", JAN20,
                 [D("over the next three years", "2024-01-20", "2027-01-20", "multi-year", "over", True)],
                 id="over-the-next-three-years"),
    pytest.param("The city will build 50 labs in the coming five years.", JAN20,
                 [D("in the coming five years", "2024-01-20", "2029-01-20", "multi-year", "over", True)],
                 id="in-the-coming-five-years"),
    pytest.param("The city will open a lab over the coming year.", JAN20,
                 [D("over the coming year", "2024-01-20", "2025-01-20", "year", "over", True)],
                 id="over-the-coming-year"),
    pytest.param("The past two years saw rapid growth.", JAN20,
                 [D("The past two years", "2022-01-20", "2024-01-20", "multi-year", "on", True)],
                 id="the-past-two-years"),
    pytest.param("Prices have doubled in the past two years.", JAN20,
                 [D("the past two years", "2022-01-20", "2024-01-20", "multi-year", "on", True)],
                 id="in-the-past-two-years-in-not-in-span"),
    pytest.param("Prices have doubled during the past two years.", JAN20,
                 [D("during the past two years", "2022-01-20", "2024-01-20", "multi-year", "during", True)],
                 id="during-the-past-two-years-relation-during"),
    # --- relative to the previous mention -----------------------------------------------------------
    pytest.param("The draft appeared in September 2021 and the final rules the following month.", JAN20,
                 [D("September 2021", "2021-09-01", "2021-09-30", "month"),
                  D("the following month", "2021-10-01", "2021-10-31", "month", "on", True, anchor=PREV)],
                 id="the-following-month"),
    pytest.param("The draft came out last May and the final rules the following month.", JAN20,
                 [D("last May", "2023-05-01", "2023-05-31", "month", "on", True),
                  D("the following month", "2023-06-01", "2023-06-30", "month", "on", True, anchor=PREV)],
                 id="the-following-month-after-relative"),
    # Past tense ("released"): the latest Jan. 31 on or before publication.
    pytest.param("The plan, released on Jan. 31, was revised the following month.", JAN20,
                 [D("Jan. 31", "2023-01-31", "2023-01-31", "day", "on", True),
                  D("the following month", "2023-02-01", "2023-02-28", "month", "on", True, anchor=PREV)],
                 id="the-following-month-after-Jan-31"),
    pytest.param("The fund launched in March 2023; a rival launched the same month.", JAN20,
                 [D("March 2023", "2023-03-01", "2023-03-31", "month"),
                  D("the same month", "2023-03-01", "2023-03-31", "month", "on", True, anchor=PREV)],
                 id="the-same-month"),
    pytest.param("Revenue doubled in 2023 from the previous year.", JAN20,
                 [D("2023", "2023-01-01", "2023-12-31", "year"),
                  D("the previous year", "2022-01-01", "2022-12-31", "year", "on", True, anchor=PREV)],
                 id="the-previous-year"),
    # --- quarters and halves of a relative year -----------------------------------------------------
    pytest.param("Output rose in the first quarter of this year.", JAN20,
                 [D("first quarter of this year", "2024-01-01", "2024-03-31", "quarter", "on", True)],
                 id="first-quarter-of-this-year"),
    pytest.param("Output fell in the fourth quarter of last year.", JAN20,
                 [D("fourth quarter of last year", "2023-10-01", "2023-12-31", "quarter", "on", True)],
                 id="fourth-quarter-of-last-year"),
    pytest.param("The law takes effect in the second half of this year.", JAN20,
                 [D("second half of this year", "2024-07-01", "2024-12-31", "half", "on", True)],
                 id="second-half-of-this-year"),
    pytest.param("Output rose in the first half of the year.", MAY15,
                 [D("first half of the year", "2024-01-01", "2024-06-30", "half", "on", True)],
                 id="first-half-of-the-year"),
]


# ==================================================================================================
# 5. No publication date: relative dates stay unresolved; absolute dates still resolve.
# ==================================================================================================
UNRESOLVED = [
    pytest.param("Trading volume doubled last year.", None,
                 [D("last year", None, None, "year", "on", True)], id="no-pub-last-year"),
    pytest.param("Comments are accepted until Feb. 18.", None,
                 [D("until Feb. 18", None, None, "day", "until", True)], id="no-pub-until-Feb.-18"),
    pytest.param("The regulator announced the rules on Friday.", None,
                 [D("Friday", None, None, "day", "on", True)], id="no-pub-Friday"),
    pytest.param("The regulator announced the rules a month ago.", None,
                 [D("a month ago", None, None, "day", "on", True)], id="no-pub-a-month-ago"),
    pytest.param("The ministry said earlier this year that it would act.", None,
                 [D("earlier this year", None, None, "year", "on", True)], id="no-pub-earlier-this-year"),
    pytest.param("In February of this year, the city set up a fund.", None,
                 [D("February of this year", None, None, "month", "on", True)], id="no-pub-February-of-this-year"),
    pytest.param("The fund was set up last May.", None,
                 [D("last May", None, None, "month", "on", True)], id="no-pub-last-May"),
    pytest.param("Output rose in the first quarter of this year.", None,
                 [D("first quarter of this year", None, None, "quarter", "on", True)], id="no-pub-quarter-of-this-year"),
    pytest.param("The city will invest heavily over the next three years.", None,
                 [D("over the next three years", None, None, "multi-year", "over", True)],
                 id="no-pub-over-the-next-three-years"),
    pytest.param("The ministry issued a notice last month and the rules the following month.", None,
                 [D("last month", None, None, "month", "on", True),
                  D("the following month", None, None, "month", "on", True)], id="no-pub-following-unresolved"),
    pytest.param("The rules were issued on June 12, 2023, and revised last year.", None,
                 [D("June 12, 2023", "2023-06-12", "2023-06-12", "day"),
                  D("last year", None, None, "year", "on", True)], id="no-pub-absolute-still-resolves"),
]


# ==================================================================================================
# 6. Not dates: every row has no date mention at all.
# ==================================================================================================
NOT_DATES = [
    pytest.param("The hotline operates 24/7.", id="24/7"),
    pytest.param("Each team received a grant of $100,000.", id="dollar-100,000"),
    pytest.param("Read our Q&A with the founder.", id="Q&A"),
    pytest.param("The token traded at 2.80 on the exchange.", id="decimal-2.80"),
    pytest.param("The fund pays 10 million yuan a year.", id="a-year-rate"),
    pytest.param("The rules may change.", id="may-verb"),
    pytest.param("They march on.", id="march-verb"),
    pytest.param("Delays could mar the launch.", id="mar-verb"),
    pytest.param("Theresa May visited the exchange.", id="May-surname"),
    pytest.param("The token hit $2025 on the exchange.", id="dollar-2025"),
    pytest.param("The fund holds 2025 million yuan.", id="2025-million-yuan"),
    pytest.param("All the 2,025 participants signed up.", id="2,025-participants"),
    pytest.param("Document No. 2025 sets out the rules.", id="No.-2025"),
    pytest.param("Order #2025 was issued.", id="hash-2025"),
    pytest.param("Shares rose 2025%.", id="2025-percent"),
    pytest.param("He paid RMB 2025 for it.", id="RMB-2025"),
    pytest.param("Growth was 5% year-on-year.", id="year-on-year"),
    pytest.param("The rules were recently updated.", id="recently"),
    pytest.param("Prices have risen in recent weeks.", id="in-recent-weeks"),
    pytest.param("The rules will be finalised within months.", id="within-months"),
    pytest.param("A decision is expected in the near future.", id="in-the-near-future"),
    pytest.param("The issue has been discussed for some time.", id="for-some-time"),
    pytest.param("The next step is a public vote.", id="the-next-step"),
    # --- no such calendar day: not a date, and extraction must not fail ------------------------------
    pytest.param("The law was drafted on June 31, 2023.", id="June-31-2023"),
    pytest.param("The filing is dated 2023-02-30 in the registry.", id="iso-2023-02-30"),
    pytest.param("The notice of Feb. 29, 2023 applies.", id="Feb-29-2023-common-year"),
    pytest.param("The meeting was on Feb. 30.", id="Feb-30-no-year"),
]


@pytest.mark.parametrize(("sentence", "published", "expected"), ABSOLUTE)
def test_absolute_dates(sentence, published, expected):
    check(sentence, published, expected)


@pytest.mark.parametrize(("sentence", "published", "expected"), RELATIONS)
def test_deadlines_and_bounds(sentence, published, expected):
    check(sentence, published, expected)


@pytest.mark.parametrize(("sentence", "published", "expected"), NEAREST_YEAR)
def test_month_without_year_takes_nearest_year(sentence, published, expected):
    check(sentence, published, expected)


@pytest.mark.parametrize(("sentence", "published", "expected"), RELATIVE)
def test_relative_dates(sentence, published, expected):
    check(sentence, published, expected)


@pytest.mark.parametrize(("sentence", "published", "expected"), UNRESOLVED)
def test_relative_dates_without_publication_date(sentence, published, expected):
    document = policyextract.extract(sentence)
    assert document.published is None and document.published_year is None
    check(sentence, published, expected)


@pytest.mark.parametrize("sentence", NOT_DATES)
def test_not_dates(sentence):
    assert mentions(policyextract.extract(sentence, published=JAN20)) == []


# ==================================================================================================
# 7. Publication date of the document, and relative dates resolved against only a year.
# ==================================================================================================
COPYRIGHT_TEXT = (
    "Officials met on May 27 to review the plan.\n"
    "Earlier this year, the city set up a fund.\n"
    "Last month, a second fund followed, and last year a third.\n"
    "The first results came in June and were presented on Friday.\n"
    "The fund was set up last May.\n"
    "© 2023 Example Media. All Rights Reserved.\n"
)
DATELINE_TEXT = (
    "Policy & Regulation·June 12, 2023, 11:47 PM\n"
    "Beijing issued new rules last month.\n"
)
PUBLICATION = [
    pytest.param("Beijing issued new rules last month.", JAN20, (JAN20, 2024, "metadata"), id="metadata-argument"),
    pytest.param(DATELINE_TEXT, None, (date(2023, 6, 12), 2023, "dateline"), id="section-dateline"),
    pytest.param("Mar 06, 2024\nBeijing issued new rules last month.\n", None, (date(2024, 3, 6), 2024, "dateline"),
                 id="bare-dateline"),
    pytest.param(DATELINE_TEXT, date(2023, 6, 13), (date(2023, 6, 13), 2023, "metadata"),
                 id="metadata-wins-over-dateline"),
    pytest.param(COPYRIGHT_TEXT, None, (None, 2023, "inferred"), id="copyright-year-only"),
    pytest.param("Beijing issued new rules last month.", None, (None, None, None), id="nothing"),
]


@pytest.mark.parametrize(("text", "published", "expected"), PUBLICATION)
def test_publication_date(text, published, expected):
    document = policyextract.extract(text, published=published)
    assert (document.published, document.published_year, document.published_source) == expected


DOCUMENT_DATES = [
    pytest.param(DATELINE_TEXT, None,
                 [D("last month", "2023-05-01", "2023-05-31", "month", "on", True)], id="dateline-is-not-a-mention"),
    pytest.param(COPYRIGHT_TEXT, None,
                 [D("May 27", "2023-05-27", "2023-05-27", "day", "on", True),
                  D("Earlier this year", "2023-01-01", "2023-12-31", "year", "on", True),
                  D("Last month", None, None, "month", "on", True),
                  D("last year", "2022-01-01", "2022-12-31", "year", "on", True),
                  D("June", "2023-06-01", "2023-06-30", "month", "on", True),
                  D("Friday", None, None, "day", "on", True),
                  D("last May", None, None, "month", "on", True)], id="copyright-year-only"),
]


@pytest.mark.parametrize(("text", "published", "expected"), DOCUMENT_DATES)
def test_dates_against_document_publication(text, published, expected):
    check(text, published, expected)


# ==================================================================================================
# 8. `date_resolution.resolve` on its own: DateExpression + what is known of publication → Period.
# ==================================================================================================
SEP_2021 = Period(date(2021, 9, 1), date(2021, 9, 30), "month")
UNRESOLVED_PREVIOUS = Period(None, None, "month", True, "published")


def P(start: str | None, end: str | None, granularity: str, relative: bool = False, anchor=None,
      reading: str | None = None) -> Period:
    """An expected Period; anchor ANY where the spec leaves it open (unresolved)."""
    return Period(_day(start), _day(end), granularity, relative, anchor, reading=reading)


RESOLVE = [
    # --- nearest year across the year boundary ------------------------------------------------------
    pytest.param(DateExpression("month_day", month=12, day=28), date(2024, 1, 3), None,
                 P("2023-12-28", "2023-12-28", "day", True, "published"), id="Dec-28-in-early-January"),
    pytest.param(DateExpression("month_day", month=1, day=5), date(2023, 12, 28), None,
                 P("2024-01-05", "2024-01-05", "day", True, "published"), id="Jan-5-in-late-December"),
    pytest.param(DateExpression("month_day", month=2, day=18), JAN20, None,
                 P("2024-02-18", "2024-02-18", "day", True, "published"), id="Feb-18-in-January"),
    pytest.param(DateExpression("month", month=12), JAN20, None,
                 P("2023-12-01", "2023-12-31", "month", True, "published"), id="December-in-January"),
    pytest.param(DateExpression("month", month=1), date(2023, 12, 15), None,
                 P("2024-01-01", "2024-01-31", "month", True, "published"), id="January-in-mid-December"),
    # --- last / next month name ---------------------------------------------------------------------
    pytest.param(DateExpression("month", month=5, offset=-1), MAY15, None,
                 P("2023-05-01", "2023-05-31", "month", True, "published"), id="last-May-in-May"),
    pytest.param(DateExpression("month", month=5, offset=-1), date(2024, 6, 1), None,
                 P("2024-05-01", "2024-05-31", "month", True, "published"), id="last-May-in-June"),
    pytest.param(DateExpression("month", month=3, offset=1), date(2024, 3, 15), None,
                 P("2025-03-01", "2025-03-31", "month", True, "published"), id="next-March-in-March"),
    # --- weekdays (0 = Monday) ----------------------------------------------------------------------
    pytest.param(DateExpression("weekday", number=4), date(2024, 3, 15), None,
                 P("2024-03-15", "2024-03-15", "day", True, "published", "past (no tense)"),
                 id="Friday-published-on-a-Friday"),
    pytest.param(DateExpression("weekday", number=5), date(2024, 3, 15), None,
                 P("2024-03-09", "2024-03-09", "day", True, "published", "past (no tense)"),
                 id="Saturday-published-on-a-Friday"),
    pytest.param(DateExpression("weekday", number=6), date(2024, 12, 30), None,
                 P("2024-12-29", "2024-12-29", "day", True, "published", "past (no tense)"),
                 id="Sunday-across-year-end"),
    # --- add_months clamping ------------------------------------------------------------------------
    pytest.param(DateExpression("forward", number=1, unit="month"), date(2024, 1, 31), None,
                 P("2024-01-31", "2024-02-29", "month", True, "published"), id="Jan-31-plus-a-month-leap"),
    pytest.param(DateExpression("forward", number=1, unit="month"), date(2023, 1, 31), None,
                 P("2023-01-31", "2023-02-28", "month", True, "published"), id="Jan-31-plus-a-month-common"),
    pytest.param(DateExpression("ago", number=1, unit="month"), date(2024, 3, 31), None,
                 P("2024-02-29", "2024-02-29", "day", True, "published"), id="a-month-ago-from-Mar-31"),
    pytest.param(DateExpression("ago", number=1, unit="year"), date(2024, 2, 29), None,
                 P("2023-02-28", "2023-02-28", "day", True, "published"), id="a-year-ago-from-Feb-29"),
    # --- weeks, units, periods ----------------------------------------------------------------------
    pytest.param(DateExpression("unit", unit="week", offset=-1), date(2024, 12, 30), None,
                 P("2024-12-23", "2024-12-29", "week", True, "published"), id="last-week-published-on-Monday"),
    pytest.param(DateExpression("unit", unit="month", offset=-1), date(2024, 1, 5), None,
                 P("2023-12-01", "2023-12-31", "month", True, "published"), id="last-month-in-January"),
    pytest.param(DateExpression("quarter", number=4, offset=-1), JAN20, None,
                 P("2023-10-01", "2023-12-31", "quarter", True, "published"), id="fourth-quarter-of-last-year"),
    pytest.param(DateExpression("forward", number=3, unit="year"), JAN20, None,
                 P("2024-01-20", "2027-01-20", "multi-year", True, "published"), id="next-three-years"),
    pytest.param(DateExpression("years", year=2021, year_to=2025), None, None,
                 P("2021-01-01", "2025-12-31", "multi-year"), id="years-absolute-without-publication"),
    # --- anchored to the previous mention -----------------------------------------------------------
    # Nothing before it: "the following month" counts from publication.
    pytest.param(DateExpression("anchored", unit="month", offset=1), JAN20, None,
                 P("2024-02-01", "2024-02-29", "month", True, "published"), id="anchored-no-previous"),
    pytest.param(DateExpression("anchored", unit="month", offset=1), None, None,
                 P(None, None, "month", True, ANY), id="anchored-no-previous-no-publication"),
    pytest.param(DateExpression("anchored", unit="month", offset=1), JAN20, UNRESOLVED_PREVIOUS,
                 P(None, None, "month", True, ANY), id="anchored-previous-unresolved"),
    pytest.param(DateExpression("anchored", unit="month", offset=1), JAN20, SEP_2021,
                 P("2021-10-01", "2021-10-31", "month", True, "previous"), id="anchored-following-month"),
    pytest.param(DateExpression("anchored", unit=None, offset=0), JAN20, SEP_2021,
                 P("2021-09-01", "2021-09-30", "month", True, "previous"), id="anchored-same-period"),
    pytest.param(DateExpression("anchored", unit="month", offset=1),
                 JAN20, Period(date(2024, 12, 1), date(2024, 12, 31), "month"),
                 P("2025-01-01", "2025-01-31", "month", True, "previous"), id="anchored-following-month-over-year-end"),
]


@pytest.mark.parametrize(("expression", "published", "previous", "expected"), RESOLVE)
def test_resolve(expression, published, previous, expected):
    year = published.year if published else None
    assert resolve(expression, published, year, previous) == expected


# Only the year known (a copyright line): what needs the month or day stays unresolved.
RESOLVE_YEAR_ONLY = [
    pytest.param(DateExpression("month_day", month=5, day=27), P("2023-05-27", "2023-05-27", "day", True, "published"),
                 id="May-27"),
    pytest.param(DateExpression("to_date", unit="year"), P("2023-01-01", "2023-12-31", "year", True, "published"),
                 id="earlier-this-year"),
    pytest.param(DateExpression("unit", unit="year", offset=-1), P("2022-01-01", "2022-12-31", "year", True, "published"),
                 id="last-year"),
    pytest.param(DateExpression("unit", unit="month", offset=-1), P(None, None, "month", True, ANY),
                 id="last-month"),
    pytest.param(DateExpression("weekday", number=4), P(None, None, "day", True, ANY), id="Friday"),
    pytest.param(DateExpression("month", month=5, offset=-1), P(None, None, "month", True, ANY),
                 id="last-May"),
]


@pytest.mark.parametrize(("expression", "expected"), RESOLVE_YEAR_ONLY)
def test_resolve_with_year_only(expression, expected):
    assert resolve(expression, None, 2023, None) == expected


ADD_MONTHS = [
    pytest.param(date(2024, 1, 31), 1, date(2024, 2, 29), id="Jan-31-plus-1-leap"),
    pytest.param(date(2023, 1, 31), 1, date(2023, 2, 28), id="Jan-31-plus-1-common"),
    pytest.param(date(2023, 12, 15), 1, date(2024, 1, 15), id="Dec-plus-1-next-year"),
    pytest.param(date(2024, 3, 31), -1, date(2024, 2, 29), id="Mar-31-minus-1"),
    pytest.param(date(2024, 1, 20), -12, date(2023, 1, 20), id="minus-12"),
    pytest.param(date(2024, 8, 31), 1, date(2024, 9, 30), id="Aug-31-plus-1"),
]


@pytest.mark.parametrize(("day", "months", "expected"), ADD_MONTHS)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected
