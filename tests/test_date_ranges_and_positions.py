"""Day ranges, days and weekdays placed in a month, and ranges anchored at publication ("between now and
2030"), each resolved for several publication dates. Conventions: docs/dates.md. Sentences are the
project's own."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import resolved_dates

WED_MAY15_2024 = date(2024, 5, 15)  # a Wednesday
MON_DEC30_2024 = date(2024, 12, 30)  # a Monday, the last week of a year
THU_FEB29_2024 = date(2024, 2, 29)  # leap day
SUN_DEC01_2024 = date(2024, 12, 1)
THU_OCT24_2024 = date(2024, 10, 24)
FRI_JUL19_2019 = date(2019, 7, 19)



RESOLVED = [
    # two days of one month: "of", "the", ordinal words, and "and" after "between"
    pytest.param("The trade fair runs from 9 to 12 of June.", WED_MAY15_2024,
                 "9 to 12 of June", "2024-06-09", "2024-06-12", id="day-range-of-month"),
    pytest.param("Talks were held between 3 and 7 June.", date(2024, 11, 20),
                 "between 3 and 7 June", "2024-06-03", "2024-06-07", id="day-range-between-past"),
    pytest.param("The exhibition will open between the fourth and the seventh of March.", SUN_DEC01_2024,
                 "between the fourth and the seventh of March", "2025-03-04", "2025-03-07", id="ordinal-words-future"),
    pytest.param("Inspectors visited from the ninth till the twelfth of April.", THU_FEB29_2024,
                 "the ninth till the twelfth of April", "2023-04-09", "2023-04-12", id="ordinal-words-past"),
    pytest.param("Voting runs 28 to 30 of November 2025.", WED_MAY15_2024,
                 "28 to 30 of November 2025", "2025-11-28", "2025-11-30", id="day-range-with-year"),
    # compound ordinals
    pytest.param("The law took effect on the twenty-third of May.", date(2024, 11, 20),
                 "the twenty-third of May", "2024-05-23", "2024-05-23", id="twenty-third"),
    pytest.param("Filings will close on the thirty first of January.", WED_MAY15_2024,
                 "the thirty first of January", "2025-01-31", "2025-01-31", id="thirty-first-future"),
    pytest.param("The council will meet on the 15th day of June.", WED_MAY15_2024,
                 "the 15th day of June", "2024-06-15", "2024-06-15", id="ordinal-day-of-month"),
    # ranges that start at publication
    pytest.param("Emissions must fall by a third between now and 2030.", WED_MAY15_2024,
                 "now and 2030", "2024-05-15", "2030-12-31", id="between-now-and-year"),
    pytest.param("The levy applies from now until the end of 2026.", MON_DEC30_2024,
                 "now until the end of 2026", "2024-12-30", "2026-12-31", id="from-now-until-end"),
    # "next"/"last" before a month and day pick the occurrence
    pytest.param("The hearing is set for next April 6.", WED_MAY15_2024,
                 "April 6", "2025-04-06", "2025-04-06", id="next-April-6"),
    pytest.param("The treaty was signed last April 6.", WED_MAY15_2024,
                 "April 6", "2024-04-06", "2024-04-06", id="last-April-6"),
    pytest.param("The review is due next 6 April.", date(2024, 3, 1),
                 "6 April", "2024-04-06", "2024-04-06", id="next-6-April-this-year"),
    # ranges with a month of this year, a year written once, a weekday end, one still running
    pytest.param("The works run from this May to Oct 2026.", date(2024, 2, 10),
                 "this May to Oct 2026", "2024-05-01", "2026-10-31", id="this-May-to-month-year"),
    pytest.param("Exports from April to June in 2017 fell.", WED_MAY15_2024,
                 "April to June in 2017", "2017-04-01", "2017-06-30", id="months-in-year"),
    pytest.param("Hearings will run from next Monday to Friday.", WED_MAY15_2024,
                 "next Monday to Friday", "2024-05-20", "2024-05-24", id="weekday-range"),
    pytest.param("The show will run from October 1 to November 7.", THU_OCT24_2024,
                 "October 1 to November 7", "2024-10-01", "2024-11-07", id="future-range-still-running"),
    pytest.param("The show will run from October 1 to November 7.", SUN_DEC01_2024,
                 "October 1 to November 7", "2025-10-01", "2025-11-07", id="future-range-ended-is-next-year"),
    pytest.param("The show ran from October 1 to November 7.", THU_OCT24_2024,
                 "October 1 to November 7", "2024-10-01", "2024-11-07", id="past-range"),
    # a day, a month or a weekday placed by its position
    pytest.param("Applications close on the 15th of next month.", MON_DEC30_2024,
                 "the 15th of next month", "2025-01-15", "2025-01-15", id="day-of-next-month-new-year"),
    pytest.param("Rents rise on the first day of next month.", THU_FEB29_2024,
                 "the first day of next month", "2024-03-01", "2024-03-01", id="first-of-next-month-leap"),
    pytest.param("Payments resumed on the 21st of this month.", WED_MAY15_2024,
                 "the 21st of this month", "2024-05-21", "2024-05-21", id="day-of-this-month"),
    pytest.param("Output rose in the third month of 2021.", WED_MAY15_2024,
                 "the third month of 2021", "2021-03-01", "2021-03-31", id="ordinal-month-of-year"),
    pytest.param("A review is planned for the ninth month of next year.", MON_DEC30_2024,
                 "the ninth month of next year", "2025-09-01", "2025-09-30", id="ordinal-month-of-next-year"),
    pytest.param("The board will meet on the first Monday of March.", WED_MAY15_2024,
                 "the first Monday of March", "2025-03-03", "2025-03-03", id="first-Monday-future"),
    pytest.param("The board met on the first Monday of March.", WED_MAY15_2024,
                 "the first Monday of March", "2024-03-04", "2024-03-04", id="first-Monday-past"),
    pytest.param("Bids are due on the last Friday of next month.", WED_MAY15_2024,
                 "the last Friday of next month", "2024-06-28", "2024-06-28", id="last-Friday-of-next-month"),
    pytest.param("Polls open on the second Tuesday in November 2026.", WED_MAY15_2024,
                 "the second Tuesday in November 2026", "2026-11-10", "2026-11-10", id="second-Tuesday-with-year"),
    pytest.param("The team will report the following week.", WED_MAY15_2024,
                 "the following week", "2024-05-20", "2024-05-26", id="following-week-without-mention"),
    # a passive participle says nothing of the time; "will" does
    pytest.param("The vote will be held on November 6.", WED_MAY15_2024,
                 "November 6", "2024-11-06", "2024-11-06", id="will-be-held"),
    pytest.param("The vote will be held on November 6.", SUN_DEC01_2024,
                 "November 6", "2025-11-06", "2025-11-06", id="will-be-held-after-the-day"),
    pytest.param("The vote was held on November 6.", SUN_DEC01_2024,
                 "November 6", "2024-11-06", "2024-11-06", id="was-held"),
    # a weekday with a day of the month: the month where they agree, up to a year away
    pytest.param("The summit opened on Friday the 22nd.", WED_MAY15_2024,
                 "Friday the 22nd", "2024-03-22", "2024-03-22", id="weekday-day-recent-month"),
    pytest.param("The summit opened on Friday the 22nd.", FRI_JUL19_2019,
                 "Friday the 22nd", "2019-03-22", "2019-03-22", id="weekday-day-months-back"),
    pytest.param("The summit will open on Wednesday the thirty-first.", FRI_JUL19_2019,
                 "Wednesday the thirty-first", "2019-07-31", "2019-07-31", id="weekday-compound-ordinal"),
    # a month's name between hyphens
    pytest.param("The notice is dated 05-Aug-2016.", WED_MAY15_2024,
                 "05-Aug-2016", "2016-08-05", "2016-08-05", id="day-Mon-year-hyphens"),
]


@pytest.mark.parametrize("sentence,published,span,start,end", RESOLVED)
def test_resolved(sentence: str, published: date, span: str, start: str, end: str) -> None:
    assert resolved_dates(sentence, published) == [(span, start, end)]


UNRESOLVED = [
    pytest.param("Rents rise on the 31st of next month.", date(2024, 1, 15), "the 31st of next month",
                 id="no-31st-in-February"),
    pytest.param("Polls open on the fifth Monday of February 2024.", WED_MAY15_2024,
                 "the fifth Monday of February 2024", id="no-fifth-Monday"),
]


@pytest.mark.parametrize("sentence,published,span", UNRESOLVED)
def test_named_but_not_in_the_calendar(sentence: str, published: date, span: str) -> None:
    assert resolved_dates(sentence, published) == [(span, None, None)]


NOT_RANGES_OR_NOT_DATES = [
    pytest.param("The office closed on 3 and 7 June.", WED_MAY15_2024, [("7 June", "2023-06-07", "2023-06-07")],
                 id="and-without-between-is-two-days"),
    pytest.param("Right now the rules stay as they are.", WED_MAY15_2024, [], id="now-alone"),
    pytest.param("Between now and then, little will change.", WED_MAY15_2024, [], id="now-without-a-date"),
    pytest.param("The first month of the war was the hardest.", WED_MAY15_2024, [], id="ordinal-month-of-a-noun"),
    pytest.param("It ended on the thirty-second of May.", WED_MAY15_2024, [], id="no-thirty-second"),
]


@pytest.mark.parametrize("sentence,published,expected", NOT_RANGES_OR_NOT_DATES)
def test_not_read_as_such(sentence: str, published: date, expected: list) -> None:
    assert resolved_dates(sentence, published) == expected
