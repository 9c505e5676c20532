"""Date resolution: a `DateExpression` + the publication date → inclusive calendar period.

Pure functions; nothing reads the clock. A relative expression resolves against the document's
publication date (`published`), or only its year (`published_year`) when that is all that is known,
or against the previous date mention ("the following month"). What cannot be resolved gets None dates,
never a guess.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from policyextract.families.dates.expressions import DateExpression

GRANULARITY = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}


@dataclass(frozen=True)
class Period:
    """Resolved period: inclusive dates (None when unresolved) and how it was resolved."""

    start: date | None
    end: date | None
    granularity: str
    relative: bool = False
    anchor: str | None = None  # "published", "previous" or None for absolute


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
    return add_months(day, n * {"month": 1, "quarter": 3, "year": 12}[unit])


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


def resolve(expr: DateExpression, published: date | None, published_year: int | None,
            previous: Period | None = None) -> Period:
    """The period `expr` denotes, given what is known of the publication date."""
    kind = expr.kind
    year = published_year if published_year is not None else (published.year if published else None)
    unresolved_relative = Period(None, None, granularity_of(expr, previous), True, "published")

    if kind == "date":
        day = date(expr.year, expr.month, expr.day)
        return Period(day, day, "day")
    if kind == "month_year":
        return Period(*month_period(expr.year, expr.month), "month")
    if kind == "year":
        return Period(*year_period(expr.year), "year")
    if kind == "years":
        return Period(date(expr.year, 1, 1), date(expr.year_to, 12, 31), "multi-year")
    if kind in ("quarter", "half"):
        months = 3 if kind == "quarter" else 6
        if expr.year is not None:
            return Period(*part_of_year(expr.year, expr.number, months), kind)
        if year is None:
            return unresolved_relative
        return Period(*part_of_year(year + expr.offset, expr.number, months), kind, True, "published")
    if kind == "anchored":
        if previous is None or previous.start is None:
            return Period(None, None, granularity_of(expr, previous), True, "previous")
        if expr.unit is None:  # "the same period"
            return Period(previous.start, previous.end, previous.granularity, True, "previous")
        start, end = unit_period(shift(previous.start, expr.unit, expr.offset), expr.unit)
        return Period(start, end, expr.unit, True, "previous")

    # Everything below is relative to the publication date.
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
        if kind == "month_day":
            try:
                day = date(target, expr.month, expr.day)
            except ValueError:
                return unresolved_relative
            return Period(day, day, "day", True, "published")
        return Period(*month_period(target, expr.month), "month", True, "published")
    if kind in ("unit", "to_date") and expr.unit == "year" and year is not None:
        if kind == "to_date" and published is not None:
            return Period(date(year, 1, 1), published, "year", True, "published")
        return Period(*year_period(year + expr.offset), "year", True, "published")
    if published is None:
        return unresolved_relative
    if kind == "unit":
        return Period(*unit_period(shift(published, expr.unit, expr.offset), expr.unit), expr.unit, True, "published")
    if kind == "to_date":
        return Period(unit_period(published, expr.unit)[0], published, expr.unit, True, "published")
    if kind == "rest_of":
        return Period(published, unit_period(published, expr.unit)[1], expr.unit, True, "published")
    if kind == "day_word":
        day = published + timedelta(days=expr.offset)
        return Period(day, day, "day", True, "published")
    if kind == "weekday":
        day = published - timedelta(days=(published.weekday() - expr.number) % 7)
        return Period(day, day, "day", True, "published")
    if kind == "ago":
        day = shift(published, expr.unit, -expr.number)
        return Period(day, day, "day", True, "published")
    if kind == "forward":
        return Period(published, shift(published, expr.unit, expr.number), granularity_of(expr), True, "published")
    if kind == "backward":
        return Period(shift(published, expr.unit, -expr.number), published, granularity_of(expr), True, "published")
    raise ValueError(f"unknown date expression kind {kind!r}")


def granularity_of(expr: DateExpression, previous: Period | None = None) -> str:
    kind = expr.kind
    if kind in ("date", "month_day", "day_word", "weekday", "ago"):
        return "day"
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
