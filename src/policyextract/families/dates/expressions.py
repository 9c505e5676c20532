"""Date expressions: the words of a matched date → what they say, before any calendar arithmetic.

Each date pattern names its `form` (in `patterns/dates.jsonl`); `read_date_expression` dispatches to
the reader of that form, which returns a `DateExpression` or None when the words are not a date after
all (a "May" that is a verb, a "2025" that is an amount). Resolution against a publication date is
`date_resolution.resolve`, kept apart so both are small pure functions with table tests.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import Field

from policyextract.errors import PatternFileError
from policyextract.families.quantities import read_number
from policyextract.pattern_lines import Lexicon, Line, read_jsonl, validated

_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_HOLIDAY_RULE = re.compile(r"^(?:fixed:\d\d-\d\d|easter:[+-]\d+|nth_weekday:\d{1,2}:[0-6]:-?[1-5]:[+-]\d+|"
                           r"table:\d{4}-\d\d-\d\d(?:,\d{4}-\d\d-\d\d)*)$")
_NUMBERED_DAY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$", re.IGNORECASE)
_PART_CODE = re.compile(r"^(\d{4})?([qh])([1-4])$", re.IGNORECASE)
_FISCAL_CODE = re.compile(r"^fy(\d{2}|\d{4})?$", re.IGNORECASE)
_YEAR_FIRST = re.compile(r"^(\d{4})([/.-])(\d{1,2})\2(\d{1,2})$")
_YEAR_LAST = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$")
_DAY_MONTH = re.compile(r"^(\d{1,2})/(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?:(\d{1,2})/(\d{4})|(\d{4})/(\d{1,2}))$")
# "24/7" is round the clock, never the 24th of July.
_NOT_NUMERIC_DATES = {"24/7", "365/24"}
_WEEKDAY_MODES = {"this": "this", "next": "next", "following": "next", "last": "last", "previous": "last",
                  "past": "last", "coming": "coming", "upcoming": "coming"}
# What may follow "the same period" to put it a year before the mention it is anchored to.
_YEAR_BEFORE = {"", "last year", "previous year", "of last year", "in last year", "of the previous year",
                "in the previous year", "the previous year"}
_MONTHS_IN = {"month": 1, "quarter": 3}
# The tens word of a compound ordinal day: "twenty-third", "thirty first".
_TENS_OF_DAYS = {"twenty": 20, "thirty": 30}
_PARTS = {"end": "end", "close": "end", "beginning": "start", "start": "start", "middle": "mid"}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
# ISO 8601 designator and count multiplier of each unit.
_ISO_UNIT = {"day": ("D", 1), "week": ("W", 1), "month": ("M", 1), "quarter": ("M", 3), "year": ("Y", 1),
             "decade": ("Y", 10)}
_OFFSETS = {"last": -1, "previous": -1, "prior": -1, "preceding": -1, "past": -1, "this": 0, "current": 0,
            "same": 0, "next": 1, "following": 1, "coming": 1, "upcoming": 1}
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
    - "day_word": today (0), yesterday (-1), tomorrow (1) as `offset`; "now": publication, as the start
      of a range ("between now and 2030"); "weekday": `number` 0 = Monday;
    - "ago": `number` units before publication; "forward"/"backward": `number` units from publication;
    - "anchored": the `unit` at `offset` from the previous date mention ("the following month");
    - "weekday" with `mode` this/next/last/coming ("next Monday"), or none (the tense decides);
    - "day_of_month": `day` of a month the tense decides ("on the 28th"), or with `unit` "month", of
      the month at `offset` from publication ("the 15th of next month");
    - "duration": `number` `unit`s, no place in time ("three-year", "five years"); "horizon": the day
      `number` `unit`s after publication ("in five years"); "within": publication to that day;
    - "nth_weekday": the `number`th (-1: last) `weekday` of `month` (and `year`), or with `unit` "month"
      of the month at `offset` from publication ("the first Monday of March", "the last Friday of
      next month");
    - "decade": ten years from `year` ("the 2020s"); "fiscal": fiscal year `year` (or `year` to
      `year_to` written out, "2027-28") under the document's convention;
    - "range": from this expression's `first` to its `last` ("from March 2 to March 20");
    - "trailing": `number` `unit`s ending with the period `last` names ("the 12 months to March").
    `part` is the modifier before it ("early", "mid", "late", "start", "end"); `tense` ("past",
    "future") the tense of its clause, for readings that depend on it; `day_first` says a numeric
    date was read day first, `ambiguous` that the other order was a valid date too.
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
    mode: str | None = None
    part: str | None = None
    tense: str | None = None
    weekday: int | None = None
    day_first: bool | None = None
    ambiguous: bool = False
    first: DateExpression | None = None
    last: DateExpression | None = None


# What a reader returns for words that are a date in form but not in fact ("June 31, 2023"): the match
# keeps its tokens, so no shorter reading ("June", "2023") is made of them, and no mention is recorded.
INVALID = DateExpression("invalid")


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:  # "June 31", "Feb. 29, 2023"
        return False
    return True


def iso_duration(number: int, unit: str) -> str:
    """'P3Y' for three years, 'P18M' for 18 months, 'P6M' for two quarters."""
    designator, multiplier = _ISO_UNIT[unit]
    return f"P{number * multiplier}{designator}"


def two_digit_year(word: str) -> int:
    """'23' → 2023, '89' → 1989: the century that puts it within 50 years of 2000."""
    value = int(word)
    return value + (2000 if value < 50 else 1900) if len(word) == 2 else value


def _year(word: str) -> int | None:
    if len(word) == 4 and word.isdecimal() and YEAR_MIN <= int(word) <= YEAR_MAX:
        return int(word)
    return None


class HolidayLine(Line):
    holiday: str  # an id
    name: str  # as a reader knows it
    names: list[str] = Field(min_length=1)  # how it is written, lowercase tokens joined by spaces
    rule: str


def load_holidays(path: Path) -> dict[str, str]:
    """A holiday's written name (its lowercase tokens joined by spaces) → its rule, from
    `holidays.jsonl` (format in its header)."""
    rules = {}
    for lineno, obj in read_jsonl(path):
        line: HolidayLine = validated(HolidayLine, obj, path, lineno)
        names, rule = line.names, line.rule
        if not _HOLIDAY_RULE.match(rule):
            raise PatternFileError(path, lineno, f"unknown rule {rule!r}")
        rules.update((str(name).lower(), rule) for name in names)
    return rules


class DateReader:
    """Reads date words with the calendar terms of the lexicon and the holidays' rules."""

    def __init__(self, lexicon: Lexicon, holidays: dict[str, str] | None = None):
        self.lexicon = lexicon
        self.holidays = holidays or {}
        # A four-digit number right after these, or right before those, is money or a count, not a year.
        self.not_before_year = lexicon.terms("currency_sign") | lexicon.terms("currency_code") | {"no.", "no", "#", "number"}
        self.not_after_year = (lexicon.terms("scale") | lexicon.terms("currency_name") | lexicon.terms("currency_code")
                               | {"%", "percent"})
        # Tense words for readings that depend on the tense of the clause ("on Monday", "on the 28th").
        tenses = lexicon.entries.get("tense", {})
        self.future_words = {w for w, t in tenses.items() if t == "future"}
        self.past_words = {w for w, t in tenses.items() if t == "past"}
        self.not_past_words = {w for w, t in tenses.items() if t == "neither"}
        # News repeats its date words ("2025", "last year", "March 3"): each reading is made once.
        self._reading = functools.lru_cache(maxsize=1 << 16)(self._read_words)

    def weekday(self, word: str) -> int | None:
        """0 for "Monday" … 6 for "Sunday", None for any other word."""
        return self._term("weekday", word)

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
        if m := _NUMBERED_DAY.match(word):  # "04th", "09th": a zero the lexicon's ordinals do not have
            word = m[1]
        day = int(word) if word.isdecimal() else self._term("ordinal", word)
        return day if day is not None and 1 <= day <= 31 else None

    def read(self, form: str, words: list[str]) -> DateExpression | None:
        return self._reading(form, tuple(words))

    def _read_words(self, form: str, words: tuple[str, ...]) -> DateExpression | None:
        reader = getattr(self, f"_read_{form}", None)
        if reader is None:
            raise ValueError(f"no reader for date form {form!r}")
        return reader(list(words))

    def _read_full_date(self, words: list[str]) -> DateExpression | None:
        month = day = year = weekday = None
        time = None
        for i, w in enumerate(words):
            if month is None and (m := self._term("month", w)) is not None:
                month = m
            elif (wd := self._term("weekday", w)) is not None:
                weekday = wd
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
        return DateExpression("date", year=year, month=month, day=day, time=time, weekday=weekday)

    def _read_iso_date(self, words: list[str]) -> DateExpression | None:
        if not (words[2].isdecimal() and words[4].isdecimal()):
            return None
        year, month, day = _year(words[0]), int(words[2]), int(words[4])
        if year is None:
            return None
        if not 1 <= month <= 12 or not _valid_day(year, month, day):
            return INVALID
        return DateExpression("date", year=year, month=month, day=day)

    def _read_month_range(self, words: list[str]) -> DateExpression | None:
        """"January-March 2024": both months in the year written, the first in the year before when it
        comes after the second ("Nov-Feb 2017")."""
        months = [m for w in words if (m := self._term("month", w)) is not None]
        year = next((y for w in words if (y := _year(w)) is not None), None)
        if len(months) != 2 or months[0] == months[1]:
            return None
        first, last = DateExpression("month", month=months[0]), DateExpression("month", month=months[1])
        if year is not None:
            first = DateExpression("month_year", year=year - (months[0] > months[1]), month=months[0])
            last = DateExpression("month_year", year=year, month=months[1])
        return DateExpression("range", first=first, last=last)

    def _read_day_range(self, words: list[str]) -> DateExpression | None:
        """"March 2-20", "9 to 12 June 2024", "between the 9th and the 12th of June": two days of one month."""
        if "and" in words and words[0].lower() != "between":  # "on 3 and 7 June" names two days
            return None
        month = next((m for w in words if (m := self._term("month", w)) is not None), None)
        year = next((y for w in words if (y := _year(w)) is not None), None)
        days = [d for w in words if _year(w) is None and (d := self._day(w)) is not None]
        if month is None or len(days) != 2 or days[0] >= days[1]:
            return None
        if days[1] > calendar.monthrange(year or 2000, month)[1]:
            return INVALID
        kind = "month_day" if year is None else "date"
        return DateExpression("range", first=DateExpression(kind, year=year, month=month, day=days[0]),
                              last=DateExpression(kind, year=year, month=month, day=days[1]))

    def _read_month_year(self, words: list[str]) -> DateExpression | None:
        month, year = self._term("month", words[0]), _year(words[-1])
        return None if month is None or year is None else DateExpression("month_year", year=year, month=month)

    def _read_month_day(self, words: list[str]) -> DateExpression | None:
        """"May 27", "27 May", "the 3rd of June", "June the 3rd", "Tuesday, March 7", and the same with
        a year after them ("Tuesday, March 7, 2023": a date)."""
        if words[-1].lower() in (",", "of", "in") or words[0] == ",":
            return None
        month = day = weekday = year = None
        tens = 0
        for w in words:
            if month is None and (m := self._term("month", w)) is not None:
                month = m
            elif weekday is None and (wd := self._term("weekday", w)) is not None:
                weekday = wd
            elif year is None and (y := _year(w)) is not None:
                year = y
            elif day is None and w.lower() in _TENS_OF_DAYS:
                tens = _TENS_OF_DAYS[w.lower()]
            elif day is None and (d := self._day(w)) is not None:
                day = d + tens if d < 10 else d if not tens else None  # "twenty-third"; no "twenty tenth"
        if month is None or day is None:
            return None
        if day > calendar.monthrange(year or 2000, month)[1]:  # 2000 is a leap year: "Feb. 29" exists
            return INVALID
        return DateExpression("month_day" if year is None else "date", year=year, month=month, day=day, weekday=weekday)

    def _read_day_of_month(self, words: list[str]) -> DateExpression | None:
        """"the 28th"; "Friday the 22nd", "Wednesday the thirty-first" (the weekday picks the month)."""
        day = self._day(words[-1])
        weekday = self._term("weekday", words[0])
        tens = next((_TENS_OF_DAYS[w.lower()] for w in words if w.lower() in _TENS_OF_DAYS), 0)
        if day is None or words[-1].isdecimal() or (tens and day >= 10):
            return None
        return DateExpression("day_of_month", day=day + tens, weekday=weekday)

    def _read_day_of_relative_month(self, words: list[str]) -> DateExpression | None:
        """"the 15th of next month", "the twenty-first day of this month", "the 1st of the month"."""
        lowered = [w.lower() for w in words]
        tens = next((_TENS_OF_DAYS[w] for w in lowered if w in _TENS_OF_DAYS), 0)
        day = next(d for w in words if (d := self._day(w)) is not None)
        if tens and day >= 10:
            return None
        return DateExpression("day_of_month", day=day + tens, unit="month", offset=_OFFSETS.get(lowered[-2], 0))

    def _read_ordinal_month(self, words: list[str]) -> DateExpression | None:
        """"the third month of 2021", "the 9th month of next year": a month by its number in the year."""
        lowered = [w.lower() for w in words]
        month = next((n for w in words if (n := self._term("ordinal", w)) is not None), None)
        if month is None or month > 12:
            return None
        if (year := _year(words[-1])) is not None:
            return DateExpression("month_year", year=year, month=month)
        if lowered[-1] != "year":  # "the first month of the war"
            return None
        return DateExpression("month_of_year", month=month, offset=_OFFSETS.get(lowered[-2], 0))

    def _read_within(self, words: list[str]) -> DateExpression | None:
        return DateExpression("within", number=1, unit=self._unit(words[-1]))

    def _read_new_year(self, words: list[str]) -> DateExpression | None:
        return DateExpression("month_day", month=1, day=1)

    def _read_numeric_date(self, words: list[str]) -> DateExpression | None:
        """"2015/08/12", "07/01/2023" (month first unless the document's convention says day first),
        "13.5.2015" (dots: day first), "4/22" (the caller asks for a date word before it)."""
        weekday = next((d for w in words if (d := self._term("weekday", w)) is not None), None)
        word = "".join(w for w in words if w[:1].isdigit() or w == "-")
        if word in _NOT_NUMERIC_DATES:
            return None
        if m := _YEAR_FIRST.match(word):
            year, month, day = int(m[1]), int(m[3]), int(m[4])
            if _year(m[1]) is None:
                return None
            return DateExpression("date", year=year, month=month, day=day) if _valid_day(year, month, day) else INVALID
        if m := _YEAR_LAST.match(word):
            a, b, year = int(m[1]), int(m[3]), two_digit_year(m[4])
            if not YEAR_MIN <= year <= YEAR_MAX:
                return None
            day_first_ok, month_first_ok = _valid_day(year, b, a), _valid_day(year, a, b)
            if m[2] == "." or not month_first_ok:
                day_first = True
            elif not day_first_ok:
                day_first = False
            else:  # both orders are dates: the resolver applies the document's convention
                return DateExpression("date", year=year, month=a, day=b, day_first=False, ambiguous=a != b)
            if not (day_first_ok if day_first else month_first_ok):
                return INVALID
            month, day = (b, a) if day_first else (a, b)
            return DateExpression("date", year=year, month=month, day=day, day_first=day_first)
        if m := _DAY_MONTH.match(word):
            a, b = int(m[1]), int(m[2])
            if 1 <= a <= 12 and 1 <= b <= calendar.monthrange(2000, a)[1]:
                return DateExpression("month_day", month=a, day=b, day_first=False, ambiguous=b <= 12 and a != b,
                                      weekday=weekday)
            if 1 <= b <= 12 and 1 <= a <= calendar.monthrange(2000, b)[1]:
                return DateExpression("month_day", month=b, day=a, day_first=True, weekday=weekday)
            return None
        if m := _MONTH_YEAR.match(word):
            month, year = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
            if 1 <= month <= 12 and YEAR_MIN <= year <= YEAR_MAX:
                return DateExpression("month_year", year=year, month=month)
        return None

    def _read_month(self, words: list[str]) -> DateExpression | None:
        month = self._term("month", words[-1])
        if month is None or not words[-1][:1].isupper():
            return None
        offset = _OFFSETS.get(words[0].lower(), 0) if len(words) == 2 else 0
        if len(words) == 2 and words[0].lower() == "this":  # "this May": May of the year of publication
            return DateExpression("month_of_year", month=month)
        return DateExpression("month", month=month, offset=offset)

    def _read_month_of_year(self, words: list[str]) -> DateExpression | None:
        """"February of this year"; "March 3 last year", "3 March last year": a day of it."""
        month = next((m for w in words if (m := self._term("month", w)) is not None), None)
        day = next((d for w in words[:-2] if (d := self._day(w)) is not None), None)
        if month is None or (day is not None and day > calendar.monthrange(2000, month)[1]):
            return None
        return DateExpression("month_of_year", month=month, day=day, offset=_OFFSETS.get(words[-2].lower(), 0))

    def _read_year(self, words: list[str]) -> DateExpression | None:
        year = _year(words[0])
        return None if year is None else DateExpression("year", year=year)

    def _read_year_range(self, words: list[str]) -> DateExpression | None:
        """"2021-2025", "2024-26" (the second year's century from the first), "2014~2018"."""
        years = [y for w in words if (y := _year(w)) is not None]
        if len(years) == 1 and len(words[-1]) <= 2 and words[-1].isdecimal():
            short = int(words[-1])
            if short <= years[0] % 100 or len(words[-1]) == 1:  # "2015-12", "2015-3": a month
                return DateExpression("month_year", year=years[0], month=short) if 1 <= short <= 12 and words[1] in ("-", "/") else None
            years.append(years[0] // 100 * 100 + short)
            if years[1] - years[0] > 10:  # "2015-32" is no span a writer shortens
                return None
        if len(years) != 2 or years[0] >= years[1]:
            return None
        if len(words[-1]) == 2 and years[1] == years[0] + 1:  # "2025-26": a fiscal year where one is written so
            return DateExpression("years", year=years[0], year_to=years[1], mode="split")
        return DateExpression("years", year=years[0], year_to=years[1])

    def _read_decade(self, words: list[str]) -> DateExpression | None:
        year = _year(words[-1][:4]) if words[-1][4:].lower() in ("s", "'s") else None
        return None if year is None or year % 10 else DateExpression("decade", year=year)

    def _read_season(self, words: list[str]) -> DateExpression | None:
        lowered = [w.lower() for w in words]
        season = next((_SEASONS[w] for w in lowered if w in _SEASONS), None)
        year = next((y for w in words if (y := _year(w)) is not None), None)
        mode = next((_WEEKDAY_MODES[w] for w in lowered if w in _WEEKDAY_MODES), None)
        part = next((w for w in lowered if w in ("early", "late", "mid")), None)
        if season is None or ("fall" in lowered and year is None and mode is None):  # "prices fall"
            return None
        return DateExpression("season", year=year, month=season, mode=mode, part=part)

    def _read_fiscal(self, words: list[str]) -> DateExpression | None:
        """"fiscal 2027", "FY2027", "FY 27", "the fiscal year 2027-28", "2027/28 financial year"."""
        if words[-1] in ("-", "–", "/"):
            return None
        years: list[int] = []
        for w in words:
            if (m := _FISCAL_CODE.match(w)) and m[1]:
                years.append(two_digit_year(m[1]))
            elif (y := _year(w)) is not None:
                years.append(y)
            elif len(w) == 2 and w.isdecimal() and years:
                years.append(years[0] // 100 * 100 + int(w))
        if not years or not all(YEAR_MIN <= y <= YEAR_MAX for y in years):
            return None
        if len(years) == 2:
            if years[1] != years[0] + 1:
                return None
            return DateExpression("fiscal", year=years[0], year_to=years[1])
        if words[-1].lower() == "budget":  # "the 2024 budget" names a calendar year; "the 2024-25 budget" a fiscal one
            return None
        part = next((m for w in words if (m := _PART_CODE.match(w)) and not m[1]), None)
        if part is not None:  # "Q2 FY2023": `unit` quarter or half, `number` which
            return DateExpression("fiscal", year=years[0], unit="quarter" if part[2].lower() == "q" else "half",
                                  number=int(part[3]))
        return DateExpression("fiscal", year=years[0])

    def _period_of_year(self, kind: str, number: int | None, words: list[str]) -> DateExpression | None:
        limit = 4 if kind == "quarter" else 2
        if number is None or not 1 <= number <= limit:
            return None
        year = next((y for w in words if (y := _year(w[:4])) is not None), None)
        lowered = [w.lower() for w in words]
        if year is None and "year" in lowered:  # "of this year", "of last year", "of the year"
            named = lowered[lowered.index("year") - 1]
            return DateExpression(kind, number=number, offset=_OFFSETS.get(named, 0), mode=named)
        if lowered[-1] in ("of", "this", "last", "next", "the", ",", "-"):
            return None
        return DateExpression(kind, year=year, number=number)

    def _part_number(self, words: list[str], code: str) -> int | None:
        """The number of "Q3", "2019q3", "H1", or of the ordinal before "quarter"/"half"."""
        for w in words:
            if (m := _PART_CODE.match(w)) and m[2].lower() == code:
                return int(m[3])
        return next((n for w in words if (n := self._term("ordinal", w)) is not None), None)

    def _read_part_of_year(self, words: list[str]) -> DateExpression | None:
        """"Q3 2019", "2019Q3", "H1 of 2027", "H2 this year": a quarter or a half by its code."""
        code = next((m[2].lower() for w in words if (m := _PART_CODE.match(w))), None)
        if code is None:
            return None
        return self._period_of_year("quarter" if code == "q" else "half", self._part_number(words, code), words)

    def _read_quarter(self, words: list[str]) -> DateExpression | None:
        return self._period_of_year("quarter", self._part_number(words, "q"), words)

    def _read_half(self, words: list[str]) -> DateExpression | None:
        return self._period_of_year("half", self._part_number(words, "h"), words)

    def _read_relative_unit(self, words: list[str]) -> DateExpression | None:
        return DateExpression("unit", unit=self._unit(words[-1]), offset=_OFFSETS[words[0].lower()])

    def _read_holiday(self, words: list[str]) -> DateExpression | None:
        """"Christmas", "next Easter", "Lunar New Year 2025": `unit` is the holiday's rule."""
        lowered = [w.lower() for w in words]
        mode = _WEEKDAY_MODES.get(lowered[0])
        year = _year(words[-1])
        name = lowered[1 if mode else 0 : len(lowered) - (year is not None)]
        if name and name[-1] == ",":
            name.pop()
        rule = self.holidays.get(" ".join(name))
        return None if rule is None else DateExpression("holiday", year=year, unit=rule, mode=mode)

    def _read_unit_part(self, words: list[str]) -> DateExpression | None:
        """"the end of the year", "year-end", "the beginning of the month": this unit's part."""
        lowered = [w.lower() for w in words]
        unit = self._unit(lowered[0] if lowered[-1] == "end" else lowered[-1])
        part = next(_PARTS[w] for w in lowered if w in _PARTS)
        return DateExpression("unit", unit=unit, offset=0, part=part)

    def _read_to_date(self, words: list[str]) -> DateExpression | None:
        if words[0].lower() != "earlier":  # "later this year": from publication to the end of the year
            return DateExpression("rest_of", unit=self._unit(words[-1]))
        return DateExpression("to_date", unit=self._unit(words[-1]))

    def _read_day_word(self, words: list[str]) -> DateExpression | None:
        return DateExpression("day_word", offset={"today": 0, "yesterday": -1, "tomorrow": 1}[words[0].lower()])

    def _read_nth_weekday(self, words: list[str]) -> DateExpression | None:
        """"the first Monday of March", "the second Tuesday in November 2024", "the last Friday of next month"."""
        lowered = [w.lower() for w in words]
        at = next(i for i, w in enumerate(words) if self._term("weekday", w) is not None)
        number = -1 if lowered[at - 1] == "last" else self._term("ordinal", words[at - 1])
        if number is None or number > 5:
            return None
        weekday = self._term("weekday", words[at])
        if lowered[-1] == "month":
            return DateExpression("nth_weekday", number=number, weekday=weekday, unit="month",
                                  offset=_OFFSETS.get(lowered[-2], 0))
        month = next((m for w in words[at + 1 :] if (m := self._term("month", w)) is not None), None)
        if month is None:
            return None
        return DateExpression("nth_weekday", number=number, weekday=weekday, month=month, year=_year(words[-1]))

    def _read_weekday(self, words: list[str]) -> DateExpression | None:
        """"Friday", "next Monday", "this past Wednesday", "Tuesday of next week", "next week on Tuesday"."""
        lowered = [w.lower() for w in words]
        number = next(n for w in words if (n := self._term("weekday", w)) is not None)
        mode = next((_WEEKDAY_MODES[w] for w in lowered if w in _WEEKDAY_MODES), None)
        if "week" in lowered and mode in ("last", "next", "this"):
            return DateExpression("weekday", number=number, mode=mode)
        if "week" in lowered:
            return None
        if lowered[0] == "past" or lowered[:2] == ["this", "past"]:
            mode = "past"
        return DateExpression("weekday", number=number, mode=mode)

    def _count(self, words: list[str]) -> int | None:
        """The count before a unit: "three", "12", "a"; 1 when there is none ("the next year")."""
        if not words:
            return 1
        if len(words) == 1 and words[0].lower() in ("a", "an"):
            return 1
        value = read_number(words)  # "twenty-four": the hyphen of a compound number dropped
        return int(value) if value is not None and value == int(value) and 0 < value < 1000 else None

    def _read_duration(self, words: list[str]) -> DateExpression | None:
        """"three-year" (a unit in the singular after a hyphen), "five years", "18 months", "one year"."""
        unit_word = words[-1].lower()
        unit = self._unit(unit_word)
        hyphenated = words[-2] == "-"
        count_words = words[:-2] if hyphenated else words[:-1]
        if unit is None or not count_words or count_words[0].lower() in ("a", "an"):
            return None
        number = self._count(count_words)
        if number is None or (hyphenated and unit_word != unit):  # "three-years" is no adjective
            return None
        return DateExpression("duration", number=number, unit=unit)

    def _read_trailing(self, words: list[str]) -> DateExpression | None:
        """"the 12 months to March", "the five years to 2030", "the year ended March 31, 2024": `number`
        `unit`s that end with the period `last` names."""
        if words[-1] == ",":
            return None
        lowered = [w.lower() for w in words]
        link = next(i for i, w in enumerate(lowered) if w in ("to", "ending", "ended", "through"))
        number, unit = self._count(words[1 : link - 1]), self._unit(lowered[link - 1])
        tail = words[link + 1 :]
        month = next((m for w in tail if (m := self._term("month", w)) is not None), None)
        year = next((y for w in tail if (y := _year(w)) is not None), None)
        day = next((d for w in tail if w.isdecimal() and len(w) <= 2 and (d := self._day(w)) is not None), None)
        if number is None or unit is None or (month is None and (year is None or day is not None)):
            return None
        if month is None:
            last = DateExpression("year", year=year)
        elif day is not None:
            if day > calendar.monthrange(year or 2000, month)[1]:
                return INVALID
            last = DateExpression("month_day" if year is None else "date", year=year, month=month, day=day)
        else:
            last = DateExpression("month" if year is None else "month_year", year=year, month=month)
        return DateExpression("trailing", number=number, unit=unit, last=last)

    def _read_earlier(self, words: list[str]) -> DateExpression | None:
        """"a year earlier", "two months earlier": `number` `unit`s before the mention it follows."""
        number = self._count(words[:-2])
        return None if number is None else DateExpression("earlier", number=number, unit=self._unit(words[-2]))

    def _read_first_parts(self, words: list[str]) -> DateExpression | None:
        """"the first three quarters", "the first 10 months of 2024", "the last four months of this year":
        `number` `unit`s from the start (mode "first") or to the end ("last") of a year."""
        lowered = [w.lower() for w in words]
        if lowered[-1] in ("of", "this", "last", "next", "the"):
            return None
        number = self._count(words[2:3])
        unit = self._unit(lowered[3])
        if number is None or unit is None or number * _MONTHS_IN[unit] > 12:
            return None
        year = _year(words[-1])
        offset = _OFFSETS.get(lowered[-2], 0) if lowered[-1] == "year" else 0
        has_year = year is not None or lowered[-1] == "year"
        return DateExpression("first_parts", year=year, number=number, unit=unit, offset=offset, mode=lowered[1],
                              year_to=1 if has_year else None)

    def _read_ago(self, words: list[str]) -> DateExpression | None:
        number = self._count(words[:-2])
        return None if number is None else DateExpression("ago", number=number, unit=self._unit(words[-2]))

    def _read_forward(self, words: list[str]) -> DateExpression | None:
        lowered = [w.lower() for w in words]
        start = next(i for i, w in enumerate(lowered) if w in _OFFSETS) + 1
        if "the" not in lowered and start == len(words) - 1:
            return None  # "next year", "last month": calendar units (relative_unit)
        if lowered[start - 1] == "following" and start == len(words) - 1:
            return None  # "the following week": the week after the one named before (anchored)
        number = self._count(words[start:-1])
        return None if number is None else DateExpression("forward", number=number, unit=self._unit(words[-1]))

    def _read_backward(self, words: list[str]) -> DateExpression | None:
        expression = self._read_forward(words)
        return None if expression is None else DateExpression("backward", number=expression.number, unit=expression.unit)

    def _read_anchored(self, words: list[str]) -> DateExpression | None:
        """"the following month", "the same period", "the same period last year" (`year_to` -1: a
        year before the mention it is anchored to)."""
        lowered = [w.lower() for w in words]
        unit = None if lowered[2] in ("period", "time") else lowered[2]
        tail = " ".join(lowered[3:])
        if tail not in _YEAR_BEFORE:
            return None
        return DateExpression("anchored", unit=unit, offset=_OFFSETS[lowered[1]], year_to=-1 if tail else None)
