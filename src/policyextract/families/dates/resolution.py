"""Date resolution: a `DateExpression` + the publication date → inclusive calendar period.

Pure functions; nothing reads the clock. A relative expression resolves against the document's
publication date (`published`), or only its year (`published_year`) when that is all that is known,
or against the previous date mention ("the following month"). What cannot be resolved gets None dates,
never a guess.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass
from dataclasses import replace as replaced
from datetime import date, timedelta
from pathlib import Path

from pydantic import Field

from policyextract.families.dates.expressions import DateExpression
from policyextract.pattern_lines import Line, read_jsonl, validated

GRANULARITY = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year",
               "decade": "multi-year"}
_MONTHS_OF = {"month": 1, "quarter": 3, "year": 12, "decade": 120}


@dataclass(frozen=True)
class FiscalYear:
    """A jurisdiction's fiscal year: the month it starts in, and whether "FY2027" names the calendar
    year it starts in (Japan) or the one it ends in (US federal, India, UK, Australia)."""

    jurisdiction: str
    start_month: int
    named_by: str = "end"
    split_years: bool = False  # "2025-26" is one fiscal year there, not two calendar years


@dataclass(frozen=True)
class DateConventions:
    """What a document's dates are read with: day/month order of ambiguous numeric dates, fiscal year."""

    day_first: bool = False
    fiscal: FiscalYear | None = None


# Month first, no fiscal year: what a document naming no jurisdiction is read with.
DEFAULT_CONVENTIONS = DateConventions()


class _ConventionLine(Line):
    jurisdiction: str
    cues: list[str] = Field(min_length=1)
    fiscal_start_month: int = Field(ge=1, le=12)
    fiscal_named_by: str = Field(pattern="^(start|end)$")
    day_first: bool
    split_years_fiscal: bool = False


class ConventionTable:
    """The date conventions of `patterns/date_conventions.jsonl`, and which one a text's place names
    pick: the jurisdiction its cue words name most often (none on a tie or without any)."""

    def __init__(self, lines: list[_ConventionLine]):
        self._by_cue = {cue: line for line in lines for cue in line.cues}
        cues = sorted(self._by_cue, key=len, reverse=True)
        # "US$" is a currency sign, not the United States; a sign ("₹") may touch its number.
        self._regex = re.compile(r"(?<![\w.])(?:" + "|".join(
            re.escape(c) + (r"(?![\w$])" if c[-1].isalnum() else "") for c in cues) + ")")

    def for_text(self, text: str, *, day_first: bool | None = None) -> DateConventions:
        """The conventions of the jurisdiction `text` names most; `day_first` (a user's setting) wins."""
        counts = Counter(self._by_cue[m.group(0)].jurisdiction for m in self._regex.finditer(text))
        ranked = counts.most_common(2)
        line = None
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            line = next(v for v in self._by_cue.values() if v.jurisdiction == ranked[0][0])
        fiscal = FiscalYear(line.jurisdiction, line.fiscal_start_month, line.fiscal_named_by,
                            line.split_years_fiscal) if line else None
        if day_first is None:
            day_first = line.day_first if line else False
        return DateConventions(day_first=day_first, fiscal=fiscal)


def load_conventions(path: Path) -> ConventionTable:
    """Read `date_conventions.jsonl`; a malformed line stops the program with its file and line."""
    lines = [validated(_ConventionLine, obj, path, lineno) for lineno, obj in read_jsonl(path)]
    return ConventionTable(lines)


@dataclass(frozen=True)
class Period:
    """Resolved period: inclusive dates (None when unresolved) and how it was resolved."""

    start: date | None
    end: date | None
    granularity: str
    relative: bool = False
    anchor: str | None = None  # "published", "previous" or None for absolute
    narrow: tuple[date, date] | None = None  # the part a modifier ("early", "late") picks
    reading: str | None = None  # the convention taken where the words allow more than one
    ambiguous: bool = False


def month_period(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def part_of_year(year: int, number: int, months: int) -> tuple[date, date]:
    """Quarter (months=3) or half (months=6) `number` of `year`."""
    first = (number - 1) * months + 1
    return date(year, first, 1), month_period(year, first + months - 1)[1]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: date, unit: str, n: int) -> date:
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(weeks=n)
    return add_months(day, n * _MONTHS_OF[unit])


def part_of_period(start: date, end: date, part: str) -> tuple[date, date]:
    """The early, mid or late third of a period (a year: months 1-4, 5-8, 9-12; a month: days 1-10,
    11-20, 21-end; anything else: thirds of its days), its first (start) or last (end) day."""
    if part == "end":
        return end, end
    if part == "start":
        return start, start
    third = {"early": 0, "mid": 1, "late": 2}[part]
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return date(start.year, 4 * third + 1, 1), month_period(start.year, 4 * third + 4)[1]
    if start.day == 1 and (start.year, start.month) == (end.year, end.month) and end == month_period(end.year, end.month)[1]:
        first = 10 * third + 1
        return start.replace(day=first), end if third == 2 else start.replace(day=first + 9)
    days = (end - start).days + 1
    return start + timedelta(days=days * third // 3), start + timedelta(days=days * (third + 1) // 3 - 1)


def weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def weekday_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday() - 1) % 7 + 1)


def resolve_weekday(weekday: int, mode: str | None, tense: str | None, published: date) -> tuple[date, str]:
    """The day "Monday", "next Monday", "this Monday" … names, and the reading taken. This/next/last
    are week-based (Monday to Sunday): "next Monday" is the Monday of next week. "Coming" is the first
    such day after publication. A bare weekday is the one after publication in a future-tense clause,
    else the one on or before it."""
    monday = published - timedelta(days=published.weekday())
    if mode in ("this", "next", "last"):
        weeks = {"this": 0, "next": 1, "last": -1}[mode]
        return monday + timedelta(weeks=weeks, days=weekday), "week-based"
    if mode == "past":  # "this past Wednesday": the latest before publication
        return weekday_on_or_before(published - timedelta(days=1), weekday), "past"
    if mode == "coming" or tense == "future":
        return weekday_after(published, weekday), "coming" if mode else "future tense"
    return weekday_on_or_before(published, weekday), "past tense" if tense == "past" else "past (no tense)"


def nearest_day(candidates: list[date], published: date, tense: str | None) -> tuple[date, str]:
    """Of the candidate days, the latest on or before publication (past tense), the first on or after
    it (future tense), or the nearest (no tense; a tie goes to the past)."""
    past = [d for d in candidates if d <= published]
    future = [d for d in candidates if d >= published]
    if tense == "past" and past:
        return max(past), "past tense"
    if tense == "future" and future:
        return min(future), "future tense"
    return min(candidates, key=lambda d: (abs((d - published).days), d > published)), "nearest"


def easter(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    lx = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * lx) // 451
    month, day = divmod(h + lx - 7 * m + 114, 31)
    return date(year, month, day + 1)


def nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The `n`th `weekday` (0 = Monday) of the month; n = -1: the last. A fifth one past the month's end
    falls in the next month: callers check."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = month_period(year, month)[1]
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _nth_weekday_period(expr: DateExpression, published: date | None) -> Period:
    """"the first Monday of March (2024)", "the last Friday of next month": that day; a month without a
    year is placed by the tense, as a month and day is."""
    def in_month(year: int, month: int) -> date | None:
        day = nth_weekday(year, month, expr.weekday, expr.number)
        return day if day.month == month else None  # no fifth Monday this month
    if expr.year is not None:
        day = in_month(expr.year, expr.month)
        return Period(day, day, "day")
    if published is None:
        return Period(None, None, "day", True, "published")
    if expr.unit == "month":
        first = add_months(published.replace(day=1), expr.offset)
        day, reading = in_month(first.year, first.month), None
    else:
        candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                      if (d := in_month(y, expr.month)) is not None]
        day, reading = nearest_day(candidates, published, expr.tense) if candidates else (None, None)
    return Period(day, day, "day", True, "published", reading=reading)


def holiday_date(rule: str, year: int) -> date | None:
    """The day a holiday rule of `patterns/holidays.jsonl` gives in `year` (None: not in its table)."""
    kind, _, spec = rule.partition(":")
    if kind == "fixed":
        month, day = map(int, spec.split("-"))
        return date(year, month, day)
    if kind == "easter":
        return easter(year) + timedelta(days=int(spec))
    if kind == "nth_weekday":
        month, weekday, n, offset = (int(x) for x in spec.split(":"))
        return nth_weekday(year, month, weekday, n) + timedelta(days=offset)
    return next((date.fromisoformat(d) for d in spec.split(",") if d.startswith(f"{year}-")), None)


def season_period(year: int, month: int) -> tuple[date, date]:
    """Meteorological seasons of the northern hemisphere: spring March-May, summer June-August, autumn
    September-November, winter December to February of the next year ("winter 2024" starts in 2024)."""
    return date(year, month, 1), add_months(date(year, month, 1), 3) - timedelta(days=1)


def fiscal_period(expr: DateExpression, fiscal: FiscalYear | None) -> tuple[date, date, str, bool]:
    """A fiscal year's dates, the convention taken and whether it was a guess. A split year ("2027-28")
    starts in its first year; a single year ("FY2027") is placed by the jurisdiction's naming. Without
    a jurisdiction: a split year runs April to March (UK, India, Japan, Hong Kong, Canada), a single
    year is the calendar year; both are flagged ambiguous."""
    assert expr.year is not None
    if fiscal is None:
        if expr.year_to is None:
            return date(expr.year, 1, 1), date(expr.year, 12, 31), "fiscal:calendar year", True
        fiscal, ambiguous = FiscalYear("April-March", 4), True
    else:
        ambiguous = False
    first_year = expr.year
    if expr.year_to is None and fiscal.named_by == "end" and fiscal.start_month != 1:
        first_year -= 1
    start = date(first_year, fiscal.start_month, 1)
    return start, add_months(start, 12) - timedelta(days=1), f"fiscal:{fiscal.jurisdiction}", ambiguous


def unit_period(day: date, unit: str) -> tuple[date, date]:
    """The day, week (Monday-Sunday), month, quarter or year that contains `day`."""
    if unit == "day":
        return day, day
    if unit == "week":
        monday = day - timedelta(days=day.weekday())
        return monday, monday + timedelta(days=6)
    if unit == "month":
        return month_period(day.year, day.month)
    if unit == "quarter":
        return part_of_year(day.year, (day.month - 1) // 3 + 1, 3)
    if unit == "decade":
        return date(day.year // 10 * 10, 1, 1), date(day.year // 10 * 10 + 9, 12, 31)
    return year_period(day.year)


def nearest_year(month: int, day: int | None, published: date) -> int:
    """The year that puts month (and day) nearest the publication date ("until Feb. 18" in January)."""
    def distance(year: int) -> int:
        try:
            start, end = (date(year, month, day),) * 2 if day else month_period(year, month)
        except ValueError:  # Feb. 29 in a common year
            return 10**6
        return 0 if start <= published <= end else min(abs((start - published).days), abs((end - published).days))
    return min((published.year - 1, published.year, published.year + 1), key=lambda y: (distance(y), -y))


def year_by_tense(month: int, published: date, tense: str) -> int:
    """The year of the latest such month begun by publication (past tense) or of the first not yet
    ended (future tense): published in May 2024, "in December" is 2023's or 2024's, "in May" 2024's."""
    if tense == "past":
        return published.year if month <= published.month else published.year - 1
    return published.year if month >= published.month else published.year + 1


def part_by_tense(number: int, months: int, published: date, tense: str) -> tuple[date, date]:
    """A quarter or half named without a year: the latest begun by publication (past tense) or the
    first not yet ended (future tense)."""
    candidates = [part_of_year(year, number, months) for year in range(published.year - 1, published.year + 2)]
    if tense == "past":
        return max(c for c in candidates if c[0] <= published)
    return min(c for c in candidates if c[1] >= published)


def resolve(expr: DateExpression, published: date | None, published_year: int | None,
            previous: Period | None = None, conventions: DateConventions = DEFAULT_CONVENTIONS) -> Period:
    """The period `expr` denotes, given what is known of the publication date; a modifier ("early",
    "the end of") narrows it as `part_of_period` says."""
    period = _resolve(expr, published, published_year, previous, conventions)
    if expr.part is None or period.start is None or period.end is None:
        return period
    narrow = part_of_period(period.start, period.end, expr.part)
    if expr.part == "end":  # "the end of 2025" is 31 December 2025: the day deadlines are read as
        return replaced(period, start=narrow[0], end=narrow[1], granularity="day",
                        narrow=part_of_period(period.start, period.end, "late"))
    return replaced(period, narrow=narrow)


def _resolve(expr: DateExpression, published: date | None, published_year: int | None,
             previous: Period | None, conventions: DateConventions) -> Period:
    kind = expr.kind
    year = published_year if published_year is not None else (published.year if published else None)
    unresolved_relative = Period(None, None, granularity_of(expr, previous), True, "published")

    if kind == "date":
        if expr.day_first is not None:
            return _numeric_date(expr, conventions)
        day = date(expr.year, expr.month, expr.day)
        return Period(day, day, "day")
    if kind == "range":
        return _range(expr, published, published_year, previous, conventions)
    if kind == "trailing":
        return _trailing(expr, published, published_year, previous, conventions)
    if kind == "duration":
        return Period(None, None, granularity_of(expr))
    if kind == "decade":
        return Period(date(expr.year, 1, 1), date(expr.year + 9, 12, 31), "multi-year")
    if kind == "fiscal":
        start, end, reading, ambiguous = fiscal_period(expr, conventions.fiscal)
        if expr.unit in ("quarter", "half") and expr.number:  # "Q2 FY2023": counted from the fiscal year's start
            months = 3 if expr.unit == "quarter" else 6
            start = add_months(start, months * (expr.number - 1))
            return Period(start, add_months(start, months) - timedelta(days=1), expr.unit, reading=reading,
                          ambiguous=ambiguous)
        return Period(start, end, "year", reading=reading, ambiguous=ambiguous)
    if kind == "holiday" and expr.year is not None:
        day = holiday_date(expr.unit, expr.year)
        return Period(day, day, "day") if day else Period(None, None, "day")
    if kind == "first_parts":
        return _first_parts(expr, published, year)
    if kind == "nth_weekday":
        return _nth_weekday_period(expr, published)
    if kind == "season" and expr.year is not None:
        return Period(*season_period(expr.year, expr.month), "season")
    if kind == "month_year":
        return Period(*month_period(expr.year, expr.month), "month")
    if kind == "year":
        return Period(*year_period(expr.year), "year")
    if kind == "years":
        fiscal = conventions.fiscal
        if expr.mode == "split" and fiscal is not None and fiscal.split_years:  # "the 2025-26 allocation" in India
            start = date(expr.year, fiscal.start_month, 1)
            return Period(start, add_months(start, 12) - timedelta(days=1), "year", reading=f"fiscal:{fiscal.jurisdiction}")
        return Period(date(expr.year, 1, 1), date(expr.year_to, 12, 31), "multi-year")
    if kind in ("quarter", "half"):
        months = 3 if kind == "quarter" else 6
        if expr.year is not None:
            return Period(*part_of_year(expr.year, expr.number, months), kind)
        if year is None:
            return unresolved_relative
        if expr.tense is not None and published is not None:  # "in the second half", "in the third quarter"
            return Period(*part_by_tense(expr.number, months, published, expr.tense), kind, True, "published",
                          reading=f"{expr.tense} tense")
        return Period(*part_of_year(year + expr.offset, expr.number, months), kind, True, "published")
    if kind == "earlier":
        if previous is not None and previous.start is not None and previous.end is not None:
            return Period(_back(previous.start, expr), _back(previous.end, expr, end=True), previous.granularity, True,
                          "previous")
        if published is None:
            return Period(None, None, "day", True, "published")
        day = shift(published, expr.unit, -expr.number)
        return Period(day, day, "day", True, "published")
    if kind == "anchored":
        if previous is None and expr.unit is not None and expr.year_to is None and published is not None:
            # Nothing before it to anchor to: "the following week" counts from publication.
            return Period(*unit_period(shift(published, expr.unit, expr.offset), expr.unit), GRANULARITY[expr.unit], True, "published")
        if previous is None or previous.start is None:
            return Period(None, None, granularity_of(expr, previous), True, "previous")
        if expr.year_to is not None:  # "the same period last year": the previous mention's, a year earlier
            start, end = add_months(previous.start, 12 * expr.year_to), add_months(previous.end, 12 * expr.year_to)
            if (previous.end + timedelta(days=1)).day == 1:  # a whole month stays whole (29 February)
                end = add_months(previous.end + timedelta(days=1), 12 * expr.year_to) - timedelta(days=1)
            return Period(start, end, previous.granularity, True, "previous")
        if expr.unit is None:  # "the same period"
            return Period(previous.start, previous.end, previous.granularity, True, "previous")
        start, end = unit_period(shift(previous.start, expr.unit, expr.offset), expr.unit)
        return Period(start, end, GRANULARITY[expr.unit], True, "previous")

    # Everything below is relative to the publication date.
    if kind == "month_day" and published is not None and (expr.tense or expr.weekday is not None):
        return _month_day(expr, published, conventions)
    if kind == "month" and expr.tense is not None and expr.offset == 0 and published is not None:
        target = year_by_tense(expr.month, published, expr.tense)  # "will take effect in January"
        return Period(*month_period(target, expr.month), "month", True, "published", reading=f"{expr.tense} tense")
    if kind in ("month_day", "month", "month_of_year"):
        if kind == "month_of_year":
            if year is None:
                return unresolved_relative
            target = year + expr.offset
        elif published is None:
            if year is None or expr.offset:
                return unresolved_relative
            target = year
        elif expr.offset < 0:  # "last May": the latest May before the publication month
            target = published.year if expr.month < published.month else published.year - 1
        elif expr.offset > 0:  # "next March": the first March after the publication month
            target = published.year if expr.month > published.month else published.year + 1
        else:
            target = nearest_year(expr.month, expr.day, published)
        if kind == "month_day" or expr.day is not None:  # "May 27", "March 3 last year": one day
            month, day_of_month, reading, ambiguous = _order(expr, conventions)
            try:
                day = date(target, month, day_of_month)
            except ValueError:
                return unresolved_relative
            return Period(day, day, "day", True, "published", reading=reading, ambiguous=ambiguous)
        return Period(*month_period(target, expr.month), "month", True, "published")
    if kind in ("unit", "to_date") and expr.unit == "year" and year is not None:
        if kind == "to_date" and published is not None:
            return Period(date(year, 1, 1), published, "year", True, "published")
        return Period(*year_period(year + expr.offset), "year", True, "published")
    if published is None:
        return unresolved_relative
    if kind == "unit":
        return Period(*unit_period(shift(published, expr.unit, expr.offset), expr.unit), GRANULARITY[expr.unit], True, "published")
    if kind == "to_date":
        return Period(unit_period(published, expr.unit)[0], published, GRANULARITY[expr.unit], True, "published")
    if kind == "rest_of":
        return Period(published, unit_period(published, expr.unit)[1], GRANULARITY[expr.unit], True, "published")
    if kind in ("day_word", "now"):
        day = published + timedelta(days=expr.offset)
        return Period(day, day, "day", True, "published")
    if kind == "weekday":
        day, reading = resolve_weekday(expr.number, expr.mode, expr.tense, published)
        return Period(day, day, "day", True, "published", reading=reading)
    if kind == "day_of_month" and expr.unit == "month":  # "the 15th of next month"
        first = add_months(published.replace(day=1), expr.offset)
        if expr.day > calendar.monthrange(first.year, first.month)[1]:
            return unresolved_relative
        day = first.replace(day=expr.day)
        return Period(day, day, "day", True, "published")
    if kind == "day_of_month":
        # two back: "the 30th" said in early March is January's
        candidates = _days_of_months(published, expr.day, range(-2, 2))
        if expr.weekday is not None:  # "Friday the 22nd": the month whose 22nd is a Friday, within a year
            fitting = [d for d in candidates if d.weekday() == expr.weekday]
            fitting = fitting or [d for d in _days_of_months(published, expr.day, range(-12, 13)) if d.weekday() == expr.weekday]
            candidates = fitting or candidates
        day, reading = nearest_day(candidates, published, expr.tense)
        return Period(day, day, "day", True, "published", reading=reading)
    if kind == "season":
        candidates = [season_period(published.year + y, expr.month) for y in (-2, -1, 0, 1)]
        current = next((c for c in candidates if c[0] <= published <= c[1]), None)
        before = max(c for c in candidates if c[1] < published)
        after = min(c for c in candidates if c[0] > published)
        if expr.mode == "last":
            chosen, reading = before, "last"
        elif expr.mode in ("next", "coming"):
            chosen, reading = after, "next"
        elif current is not None:
            chosen, reading = current, "current"
        elif expr.mode == "this" or expr.tense == "future":
            chosen, reading = after, "future tense" if expr.mode is None else "this"
        else:
            chosen, reading = before, "past tense" if expr.tense == "past" else "past (no tense)"
        return Period(*chosen, "season", True, "published", reading=reading)
    if kind == "holiday":
        candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                      if (d := holiday_date(expr.unit, y)) is not None]
        if not candidates:
            return unresolved_relative
        if expr.mode in ("next", "coming"):
            later = [d for d in candidates if d > published]
            day, reading = (min(later), "next") if later else (None, None)
        elif expr.mode == "last":
            earlier = [d for d in candidates if d < published]
            day, reading = (max(earlier), "last") if earlier else (None, None)
        elif expr.mode == "this":
            day, reading = next((d for d in candidates if d.year == published.year), None), "this"
        else:
            day, reading = nearest_day(candidates, published, expr.tense)
        if day is None:
            return unresolved_relative
        return Period(day, day, "day", True, "published", reading=reading)
    if kind == "horizon":
        day = shift(published, expr.unit, expr.number)
        return Period(day, day, GRANULARITY[expr.unit], True, "published")
    if kind == "within":
        return Period(published, shift(published, expr.unit, expr.number), granularity_of(expr), True, "published")
    if kind == "ago":
        day = shift(published, expr.unit, -expr.number)
        return Period(day, day, "day", True, "published")
    if kind in ("forward", "backward") and expr.unit in ("quarter", "decade"):
        # Quarters and decades are calendar units: "the last two quarters" are the two before this one.
        current = unit_period(published, expr.unit)
        if kind == "forward":
            return Period(shift(current[0], expr.unit, 1), shift(current[0], expr.unit, expr.number + 1) - timedelta(days=1),
                          granularity_of(expr), True, "published", reading="calendar units")
        return Period(shift(current[0], expr.unit, -expr.number), current[0] - timedelta(days=1),
                      granularity_of(expr), True, "published", reading="calendar units")
    if kind == "forward":
        return Period(published, shift(published, expr.unit, expr.number), granularity_of(expr), True, "published")
    if kind == "backward":
        return Period(shift(published, expr.unit, -expr.number), published, granularity_of(expr), True, "published")
    raise ValueError(f"unknown date expression kind {kind!r}")


def _days_of_months(published: date, day: int, months: range) -> list[date]:
    """The `day` of each month `months` away from publication's that has one."""
    out = []
    for n in months:
        first = add_months(published.replace(day=1), n)
        if day <= calendar.monthrange(first.year, first.month)[1]:
            out.append(first.replace(day=day))
    return out


def _order(expr: DateExpression, conventions: DateConventions) -> tuple[int, int, str | None, bool]:
    """Month and day of a numeric date whose order the document's convention decides."""
    if not expr.ambiguous:
        return expr.month, expr.day, None if expr.day_first is None else ("day-first" if expr.day_first else "month-first"), False
    if conventions.day_first:
        return expr.day, expr.month, "day-first", True
    return expr.month, expr.day, "month-first", True


def _numeric_date(expr: DateExpression, conventions: DateConventions) -> Period:
    month, day_of_month, reading, ambiguous = _order(expr, conventions)
    day = date(expr.year, month, day_of_month)
    return Period(day, day, "day", reading=reading, ambiguous=ambiguous)


def _month_day(expr: DateExpression, published: date, conventions: DateConventions) -> Period:
    """A month and day without a year: the year the weekday written with it fits ("Tuesday, March 7"),
    else the occurrence the tense asks for."""
    month, day_of_month, reading, ambiguous = _order(expr, conventions)
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(date(year, month, day_of_month))
        except ValueError:  # 29 February in a common year
            continue
    # A weekday that fits no nearby year was written in error or for another year: the numbers decide.
    fitting = [d for d in candidates if expr.weekday is None or d.weekday() == expr.weekday] or candidates
    if not fitting:
        return Period(None, None, "day", True, "published")
    day, taken = nearest_day(fitting, published, expr.tense)
    return Period(day, day, "day", True, "published", reading=reading or taken, ambiguous=ambiguous)


def _back(day: date, expr: DateExpression, *, end: bool = False) -> date:
    """`day` moved `number` `unit`s back; a month's last day stays its month's last (29 February)."""
    if end and expr.unit not in ("day", "week") and (day + timedelta(days=1)).day == 1:
        return shift(day + timedelta(days=1), expr.unit, -expr.number) - timedelta(days=1)
    return shift(day, expr.unit, -expr.number)


def _first_parts(expr: DateExpression, published: date | None, published_year: int | None) -> Period:
    """"the first three quarters" (of a year): without a year, the latest such stretch that has ended
    by publication ("the first three quarters" in January is last year's)."""
    months = expr.number * {"month": 1, "quarter": 3}[expr.unit]

    def stretch(year: int) -> tuple[date, date]:
        if expr.mode == "last":
            return add_months(date(year, 1, 1), 12 - months), date(year, 12, 31)
        return date(year, 1, 1), add_months(date(year, 1, 1), months) - timedelta(days=1)

    granularity = GRANULARITY[expr.unit] if expr.number == 1 else "multi-year" if months > 12 else "month"
    if expr.year is not None:
        return Period(*stretch(expr.year), granularity)
    if expr.year_to is not None:  # "of this year", "of last year"
        if published_year is None:
            return Period(None, None, granularity, True, "published")
        return Period(*stretch(published_year + expr.offset), granularity, True, "published")
    if published is None:
        return Period(None, None, granularity, True, "published")
    year = published.year if stretch(published.year)[1] < published else published.year - 1
    return Period(*stretch(year), granularity, True, "published", reading="ended by publication")


def _with_year(expr: DateExpression, year: int) -> DateExpression:
    """A month or month and day given the year of the other end of its range."""
    if expr.kind == "month_day":
        return replaced(expr, kind="date", year=year)
    if expr.kind == "month":
        return replaced(expr, kind="month_year", year=year)
    return expr


def _range(expr: DateExpression, published: date | None, published_year: int | None,
           previous: Period | None, conventions: DateConventions) -> Period:
    """"from March 2 to March 20", "April 28 to May 6, 2024": the start of the first through the end of
    the last; an end without a year takes the first's, or the next one when it would come before it. A
    range without a year that the tense puts after publication is the one still running then, if any
    ("from October 1 to November 7" written on October 24 about what will happen)."""
    assert expr.first is not None and expr.last is not None
    first = resolve(expr.first, published, published_year, previous, conventions)
    period = _range_from(expr, first, published, published_year, previous, conventions)
    if (period.start is not None and published is not None and period.start > published and expr.first.year is None
            and expr.first.kind in ("month_day", "month") and expr.first.offset == 0):
        try:
            year_before = resolve(_with_year(expr.first, period.start.year - 1), published, published_year, previous,
                                  conventions)
        except ValueError:  # 29 February in a common year
            return period
        running = _range_from(expr, year_before, published, published_year, previous, conventions)
        if running.end is not None and running.end >= published:
            return replaced(running, relative=True, anchor="published", reading="running at publication")
    return period


def _range_from(expr: DateExpression, first: Period, published: date | None, published_year: int | None,
                previous: Period | None, conventions: DateConventions) -> Period:
    """The range from the `first` period to the end of `expr.last`, placed after it."""
    assert expr.last is not None
    last_expr = expr.last
    if first.start is not None and last_expr.kind in ("month_day", "month"):
        last_expr = _with_year(last_expr, first.start.year)
        last = resolve(last_expr, published, published_year, previous, conventions)
        if last.end is not None and last.end < first.start:
            last = resolve(_with_year(expr.last, first.start.year + 1), published, published_year, previous, conventions)
    elif first.start is not None and last_expr.kind == "weekday" and last_expr.mode is None:
        # "from next Monday to Friday": the first such weekday from the start on
        day = first.start + timedelta(days=(last_expr.number - first.start.weekday()) % 7)
        last = Period(day, day, "day", True, "published")
    else:
        last = resolve(last_expr, published, published_year, previous, conventions)
    if first.start is None or last.end is None or last.end < first.start:
        return Period(None, None, first.granularity, first.relative or last.relative, first.anchor or last.anchor)
    granularity = first.granularity if first.granularity == last.granularity else "multi-year"
    return Period(first.start, last.end, granularity, first.relative or last.relative, first.anchor or last.anchor,
                  reading=first.reading or last.reading, ambiguous=first.ambiguous or last.ambiguous)


def _trailing(expr: DateExpression, published: date | None, published_year: int | None,
              previous: Period | None, conventions: DateConventions) -> Period:
    """"the 12 months to March": the months that end with the March the tense points to, the last one
    begun by publication when the clause has no tense (a figure for a period that has ended), flagged
    ambiguous then; "the five years to 2030": 2026 to 2030."""
    assert expr.last is not None and expr.number is not None and expr.unit is not None
    last = expr.last
    untensed = last.kind in ("month", "month_day") and expr.tense is None
    if last.kind in ("month", "month_day"):
        last = replaced(last, tense=expr.tense or "past")
    end = resolve(last, published, published_year, previous, conventions).end
    if end is None:
        return Period(None, None, granularity_of(expr), True, "published")
    start = shift(end + timedelta(days=1), expr.unit, -expr.number)
    return Period(start, end, granularity_of(expr), last.year is None, "published" if last.year is None else None,
                  reading="ended by publication" if untensed else None, ambiguous=untensed)


def granularity_of(expr: DateExpression, previous: Period | None = None) -> str:
    kind = expr.kind
    if kind in ("date", "month_day", "day_word", "now", "weekday", "ago", "day_of_month", "holiday", "nth_weekday"):
        return "day"
    if kind == "range" and expr.first is not None:
        return granularity_of(expr.first, previous)
    if kind == "decade":
        return "multi-year"
    if kind == "first_parts":
        return "month"
    if kind == "earlier":
        return previous.granularity if previous else "day"
    if kind == "season":
        return "season"
    if kind == "fiscal":
        return "year"
    if kind in ("duration", "within", "horizon", "trailing"):
        return "multi-year" if expr.unit in ("year", "decade") and (expr.number or 1) > 1 else GRANULARITY.get(expr.unit or "", "day")
    if kind in ("month_year", "month", "month_of_year"):
        return "month"
    if kind in ("quarter", "half", "year"):
        return kind
    if kind == "years":
        return "multi-year"
    if kind in ("forward", "backward"):
        return "multi-year" if expr.unit == "year" and (expr.number or 1) > 1 else GRANULARITY.get(expr.unit or "", "day")
    if kind == "anchored" and expr.unit is None:
        return previous.granularity if previous else "day"
    return GRANULARITY.get(expr.unit or "", "day")
