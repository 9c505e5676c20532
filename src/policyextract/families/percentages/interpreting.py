"""Percentages: matched token spans → `Percentage` records ("33.3%", "25 percent", "10-15%").

Forms read: a number with a percent sign or word ("%", "percent", "per cent", "pct", "percents"),
ranges ("15-20%", "15% to 20%"), negative values ("minus 5 percent", "-5%"), percentage points
("1.25 percentage points", unit `percentage_points`: a difference of two percentages, not a share),
and shares written as fractions only where news writes them before "of" ("two-thirds of", "one
quarter of", "1/4 of") or as "one in five" / "one out of three". "one third" alone is no share.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import Percentage, PercentUnit, ValueRange
from policyextract.families.numerals import UNITS, canonical
from policyextract.families.quantities import apply_modifiers, choose_figures, read_number, split_range

MAX_PERCENT = Decimal(10) ** 12  # beyond this a "percentage" is noise (and out of Parquet's decimal range)
# Longest first: `_strip_suffix` takes the first that ends the words.
PERCENT_WORDS = (["per", "cent"], ["%"], ["％"], ["percent"], ["percents"], ["percentage"], ["pct"], ["pct."])
POINT_WORDS = (["per", "cent", "points"], ["percentage", "points"], ["percentage", "point"], ["%", "points"], ["pct", "points"],
               ["pct", "point"], ["pct.", "points"])
NEGATIVE_WORDS = {"minus", "negative", "-", "−"}
# "two-thirds", "one fifth": the denominators of shares written in words.
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4, "fourths": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
    "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10,
}
_SENTENCE_END = {".", "!", "?", ":", ";", "\n"}


@dataclass(frozen=True)
class PercentageReading:
    value: Decimal
    high: Decimal | None = None
    unit: PercentUnit = "percent"


def _strip_suffix(words: Sequence[str], signs: tuple[list[str], ...]) -> tuple[Sequence[str], bool]:
    lowered = [w.lower() for w in words]
    for sign in signs:
        if len(words) > len(sign) and lowered[-len(sign) :] == sign:
            return words[: -len(sign)], True
    return words, False


def _strip_percent(words: Sequence[str]) -> tuple[Sequence[str], bool]:
    return _strip_suffix(words, PERCENT_WORDS)


def _share(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if not 0 < numerator < denominator:
        return None
    with localcontext() as context:
        context.prec = 12  # a share of a third is 33.3333333333: twelve digits say all a reader needs
        return canonical(numerator * 100 / denominator)


@functools.lru_cache(maxsize=1 << 14)
def read_fraction(words: tuple[str, ...]) -> PercentageReading | None:
    """A share written as a fraction: "two thirds", "one quarter", "1/4", "one in five", "1 out of 3".
    (Kept for the next text that writes the same words, as are the readings of `read_percentage`.)"""
    lowered = [w.lower() for w in words if w != "-"]
    if len(lowered) == 1 and "/" in lowered[0]:
        top, _, bottom = lowered[0].partition("/")
        if top.isdigit() and bottom.isdigit() and len(bottom) <= 3:
            share = _share(Decimal(top), Decimal(bottom))
            return PercentageReading(share) if share is not None else None
        return None
    if len(lowered) == 2 and lowered[0] in UNITS and lowered[1] in DENOMINATORS:
        plural = lowered[1].endswith("s") and lowered[1] != "halves"
        if (UNITS[lowered[0]] > 1) != (plural or lowered[1] == "halves"):
            return None  # "two third", "one thirds"
        share = _share(Decimal(UNITS[lowered[0]]), Decimal(DENOMINATORS[lowered[1]]))
        return PercentageReading(share) if share is not None else None
    for link in (["in"], ["out", "of"]):
        n = len(link)
        for i in range(1, len(lowered) - n):
            if lowered[i : i + n] == link:
                top, bottom = read_number(lowered[:i]), read_number(lowered[i + n :])
                # "one in 2023" is no share: a denominator that could be a year is refused
                if top is None or bottom is None or bottom >= 1000 or top != top.to_integral_value():
                    return None
                share = _share(top, bottom)
                return PercentageReading(share) if share is not None else None
    return None


@functools.lru_cache(maxsize=1 << 14)
def read_percentage(words: tuple[str, ...]) -> PercentageReading | None:
    """The percentage these words state ("33.3 %", "10 - 15 %", "25 per cent", "minus 5 percent",
    "1.25 percentage points", "percent of 10"), or None."""
    number_words, points = _strip_suffix(words, POINT_WORDS)
    had_sign = points
    if not points:
        number_words, had_sign = _strip_percent(words)
    unit: PercentUnit = "percentage_points" if points else "percent"
    if not had_sign:
        # "percent of 10", "per cent of twenty-two": the word before its number
        lowered = [w.lower() for w in words]
        for sign in (["per", "cent"], ["percent"], ["percents"]):
            if lowered[: len(sign) + 1] == [*sign, "of"] and len(words) > len(sign) + 1:
                number = read_number(words[len(sign) + 1 :])
                return PercentageReading(canonical(number)) if number is not None and number < MAX_PERCENT else None
        return None
    sign = Decimal(1)
    if number_words and number_words[0].lower() in NEGATIVE_WORDS:
        sign, number_words = Decimal(-1), number_words[1:]
    elif number_words and number_words[0][:1] in ("-", "−") and number_words[0][1:2].isdigit():
        sign, number_words = Decimal(-1), [number_words[0][1:], *number_words[1:]]  # "-5%", one token
    number = read_number(number_words)
    if number is not None:
        return PercentageReading(canonical(sign * number), unit=unit) if number < MAX_PERCENT else None
    if sign < 0:
        return None
    for left, right in split_range(number_words):
        low, high = read_number(_strip_percent(left)[0]), read_number(right)
        if low is not None and high is not None and low < high < MAX_PERCENT:
            return PercentageReading(canonical(low), canonical(high), unit=unit)
    return None


def _read_span(span: SpacySpan, match: Match) -> PercentageReading | None:
    doc = span.doc
    words = tuple(t.text for t in span)
    form = match.line.attrs.get("form")
    if form == "fraction":
        # a share only before "of": "two-thirds of the budget"; "one in five" stands alone
        needs_of = not any(w.lower() in ("in", "out") for w in words)
        if needs_of and not (span.end < len(doc) and doc[span.end].lower_ == "of"):
            return None
        return read_fraction(words)
    if form == "reversed":
        # "percent of 10" means 10% only as a whole clause; "the percent of 10-year-olds" is no share
        starts = span.start == 0 or doc[span.start - 1].text in _SENTENCE_END
        ends = span.end == len(doc) or doc[span.end].text in _SENTENCE_END | {",", ")"}
        return read_percentage(words) if starts and ends else None
    if words[0][:1] in ("-", "−") and span.start > 0 and not doc[span.start - 1].whitespace_:
        return None  # a dash fused to the word before is a hyphen or a range's, not a minus sign
    return read_percentage(words)


def interpret_percentages(doc: Doc, offset: int, text: str, matches: ParagraphMatches, *, doc_id: str) -> list[Percentage]:
    """Percentage records of one tokenized paragraph that starts at character `offset` of `text`."""
    found = matches.figures("percentages")
    if not found:  # most paragraphs
        return []
    figures = choose_figures(doc, found, _read_span)
    if figures:
        apply_modifiers(doc, figures, matches.qualifiers("modifiers"), rates=False)
    records = []
    for f in figures:
        span = char_span(doc, offset, text, f.start, f.end)
        records.append(Percentage(
            id=f"{doc_id}:percentage:{span.start}-{span.end}",
            span=span,
            rule=f.rule,
            value=f.reading.value,
            unit=f.reading.unit,
            approximate=f.approximate,
            bound=f.bound,
            range=ValueRange(low=f.reading.value, high=f.reading.high) if f.reading.high is not None else None,
        ))
    return records
