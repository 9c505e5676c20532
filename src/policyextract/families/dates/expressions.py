"""Date expressions: the words of a matched date → what they say, before any calendar arithmetic.

Each date pattern names its `form` (in `patterns/dates.jsonl`); `read_date_expression` dispatches to
the reader of that form, which returns a `DateExpression` or None when the words are not a date after
all (a "May" that is a verb, a "2025" that is an amount). Resolution against a publication date is
`date_resolution.resolve`, kept apart so both are small pure functions with table tests.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from policyextract.families.numerals import parse_number_words
from policyextract.pattern_lines import Lexicon

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_OFFSETS = {"last": -1, "previous": -1, "prior": -1, "preceding": -1, "past": -1, "this": 0, "current": 0,
            "same": 0, "next": 1, "following": 1, "coming": 1}
YEAR_MIN, YEAR_MAX = 1900, 2100


@dataclass(frozen=True)
class DateExpression:
    """What a date expression says. `kind` decides which fields matter:

    - "date": year, month, day (and time) all written; "month_year": year, month; "year": year;
      "years": year to year_to; "quarter"/"half": number and year (year None: relative);
    - "month_day": month, day without year; "month": month without year (offset -1 "last May");
      "month_of_year": month of the year at `offset` ("February of this year");
    - "unit": the `unit` at `offset` from publication ("last year", "this month");
      "to_date": the start of this `unit` up to publication ("earlier this month");
    - "day_word": today (0), yesterday (-1), tomorrow (1) as `offset`; "weekday": `number` 0 = Monday;
    - "ago": `number` units before publication; "forward"/"backward": `number` units from publication;
    - "anchored": the `unit` at `offset` from the previous date mention ("the following month").
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    time: str | None = None
    number: int | None = None
    year_to: int | None = None
    unit: str | None = None
    offset: int = 0


# What a reader returns for words that are a date in form but not in fact ("June 31, 2023"): the match
# keeps its tokens, so no shorter reading ("June", "2023") is made of them, and no mention is recorded.
INVALID = DateExpression("invalid")


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:  # "June 31", "Feb. 29, 2023"
        return False
    return True


def _year(word: str) -> int | None:
    if len(word) == 4 and word.isdecimal() and YEAR_MIN <= int(word) <= YEAR_MAX:
        return int(word)
    return None


class DateReader:
    """Reads date words with the calendar terms of the lexicon."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        # A four-digit number right after these, or right before those, is money or a count, not a year.
        self.not_before_year = lexicon.terms("currency_sign") | lexicon.terms("currency_code") | {"no.", "no", "#", "number"}
        self.not_after_year = (lexicon.terms("scale") | lexicon.terms("currency_name") | lexicon.terms("currency_code")
                               | {"%", "percent"})

    def _term(self, cls: str, word: str) -> int | None:
        value = self.lexicon.entries.get(cls, {}).get(word.lower())
        if value is None:
            return None
        # An ambiguous month ("may", "march", "mar") is a month only when capitalized.
        if word.lower() in self.lexicon.ambiguous and not word[:1].isupper():
            return None
        return int(value)

    def _unit(self, word: str) -> str | None:
        return self.lexicon.entries.get("date_unit", {}).get(word.lower())

    def _day(self, word: str) -> int | None:
        day = int(word) if word.isdecimal() else self._term("ordinal", word)
        return day if day is not None and 1 <= day <= 31 else None

    def read(self, form: str, words: list[str]) -> DateExpression | None:
        reader = getattr(self, f"_read_{form}", None)
        if reader is None:
            raise ValueError(f"no reader for date form {form!r}")
        return reader(words)

    def _read_full_date(self, words: list[str]) -> DateExpression | None:
        month = day = year = None
        time = None
        for i, w in enumerate(words):
            if month is None and (m := self._term("month", w)) is not None:
                month = m
            elif (y := _year(w)) is not None and year is None:
                year = y
            elif day is None and year is None and (d := self._day(w)) is not None:
                day = d
            elif (t := _TIME.match(w)) and year is not None:
                hour, minute = int(t.group(1)), int(t.group(2))
                suffix = words[i + 1].lower().replace(".", "") if i + 1 < len(words) else ""
                if suffix == "pm" and hour < 12:
                    hour += 12
                elif suffix == "am" and hour == 12:
                    hour = 0
                if hour > 23 or minute > 59:
                    return None
                time = f"{hour:02d}:{minute:02d}"
        if month is None or day is None or year is None or words[-1] == ",":
            return None
        if not _valid_day(year, month, day):
            return INVALID
        return DateExpression("date", year=year, month=month, day=day, time=time)

    def _read_iso_date(self, words: list[str]) -> DateExpression | None:
        if not (words[2].isdecimal() and words[4].isdecimal()):
            return None
        year, month, day = _year(words[0]), int(words[2]), int(words[4])
        if year is None:
            return None
        if not 1 <= month <= 12 or not _valid_day(year, month, day):
            return INVALID
        return DateExpression("date", year=year, month=month, day=day)

    def _read_month_year(self, words: list[str]) -> DateExpression | None:
        month, year = self._term("month", words[0]), _year(words[-1])
        return None if month is None or year is None else DateExpression("month_year", year=year, month=month)

    def _read_month_day(self, words: list[str]) -> DateExpression | None:
        first, second = words
        month, day = self._term("month", first), self._day(second)
        if month is None:
            month, day = self._term("month", second), self._day(first)
        if month is None or day is None:
            return None
        if day > calendar.monthrange(2000, month)[1]:  # 2000 is a leap year: "Feb. 29" exists
            return INVALID
        return DateExpression("month_day", month=month, day=day)

    def _read_month(self, words: list[str]) -> DateExpression | None:
        month = self._term("month", words[-1])
        if month is None or not words[-1][:1].isupper():
            return None
        offset = _OFFSETS.get(words[0].lower(), 0) if len(words) == 2 else 0
        return DateExpression("month", month=month, offset=offset)

    def _read_month_of_year(self, words: list[str]) -> DateExpression | None:
        month = self._term("month", words[0])
        return None if month is None else DateExpression("month_of_year", month=month, offset=_OFFSETS.get(words[2].lower(), 0))

    def _read_year(self, words: list[str]) -> DateExpression | None:
        year = _year(words[0])
        return None if year is None else DateExpression("year", year=year)

    def _read_year_range(self, words: list[str]) -> DateExpression | None:
        years = [y for w in words if (y := _year(w)) is not None]
        if len(years) != 2 or years[0] >= years[1]:
            return None
        return DateExpression("years", year=years[0], year_to=years[1])

    def _period_of_year(self, kind: str, number: int | None, words: list[str]) -> DateExpression | None:
        limit = 4 if kind == "quarter" else 2
        if number is None or not 1 <= number <= limit:
            return None
        year = next((y for w in words if (y := _year(w)) is not None), None)
        lowered = [w.lower() for w in words]
        if year is None and "year" in lowered:  # "of this year", "of last year", "of the year"
            offset = _OFFSETS.get(lowered[lowered.index("year") - 1], 0)
            return DateExpression(kind, number=number, offset=offset)
        if lowered[-1] in ("of", "this", "last", "next", "the", ","):
            return None
        return DateExpression(kind, year=year, number=number)

    def _read_quarter(self, words: list[str]) -> DateExpression | None:
        first = words[0].lower()
        number = int(first[1]) if first in ("q1", "q2", "q3", "q4") else self._term("ordinal", first)
        return self._period_of_year("quarter", number, words)

    def _read_half(self, words: list[str]) -> DateExpression | None:
        first = words[0].lower()
        number = int(first[1]) if first in ("h1", "h2") else self._term("ordinal", first)
        return self._period_of_year("half", number, words)

    def _read_relative_unit(self, words: list[str]) -> DateExpression | None:
        return DateExpression("unit", unit=self._unit(words[-1]), offset=_OFFSETS[words[0].lower()])

    def _read_to_date(self, words: list[str]) -> DateExpression | None:
        if words[0].lower() != "earlier":  # "later this year": from publication to the end of the year
            return DateExpression("rest_of", unit=self._unit(words[-1]))
        return DateExpression("to_date", unit=self._unit(words[-1]))

    def _read_day_word(self, words: list[str]) -> DateExpression | None:
        return DateExpression("day_word", offset={"today": 0, "yesterday": -1, "tomorrow": 1}[words[0].lower()])

    def _read_weekday(self, words: list[str]) -> DateExpression | None:
        if not words[0][:1].isupper():
            return None
        return DateExpression("weekday", number=self._term("weekday", words[0]))

    def _count(self, words: list[str]) -> int | None:
        """The count before a unit: "three", "12", "a"; 1 when there is none ("the next year")."""
        if not words:
            return 1
        if len(words) == 1 and words[0].lower() in ("a", "an"):
            return 1
        value = parse_number_words(words)
        return int(value) if value is not None and value == int(value) and 0 < value < 1000 else None

    def _read_ago(self, words: list[str]) -> DateExpression | None:
        number = self._count(words[:-2])
        return None if number is None else DateExpression("ago", number=number, unit=self._unit(words[-2]))

    def _read_forward(self, words: list[str]) -> DateExpression | None:
        lowered = [w.lower() for w in words]
        start = lowered.index("the") + 2
        number = self._count(words[start:-1])
        return None if number is None else DateExpression("forward", number=number, unit=self._unit(words[-1]))

    def _read_backward(self, words: list[str]) -> DateExpression | None:
        expression = self._read_forward(words)
        return None if expression is None else DateExpression("backward", number=expression.number, unit=expression.unit)

    def _read_anchored(self, words: list[str]) -> DateExpression | None:
        unit = words[-1].lower()
        return DateExpression("anchored", unit=None if unit == "period" else unit, offset=_OFFSETS[words[1].lower()])
