"""Percentages: matched token spans → `Percentage` records ("33.3%", "25 percent", "10-15%")."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from policyextract.matching import ParagraphMatches, char_span
from policyextract.models import Percentage, ValueRange
from policyextract.families.numerals import canonical
from policyextract.families.quantities import apply_modifiers, choose_figures, read_number, split_range

MAX_PERCENT = Decimal(10) ** 12  # beyond this a "percentage" is noise (and out of Parquet's decimal range)
PERCENT_WORDS = (["%"], ["％"], ["percent"], ["pct"], ["pct."], ["per", "cent"])


@dataclass(frozen=True)
class PercentageReading:
    value: Decimal
    high: Decimal | None = None


def _strip_percent(words: list[str]) -> tuple[list[str], bool]:
    lowered = [w.lower() for w in words]
    for sign in PERCENT_WORDS:
        if len(words) > len(sign) and lowered[-len(sign) :] == sign:
            return words[: -len(sign)], True
    return words, False


def read_percentage(words: list[str]) -> PercentageReading | None:
    """The percentage these words state ("33.3 %", "10 - 15 %", "25 per cent"), or None."""
    number_words, had_sign = _strip_percent(words)
    if not had_sign:
        return None
    number = read_number(number_words)
    if number is not None:
        return PercentageReading(canonical(number)) if number < MAX_PERCENT else None
    for left, right in split_range(number_words):
        low, high = read_number(_strip_percent(left)[0]), read_number(right)
        if low is not None and high is not None and low < high < MAX_PERCENT:
            return PercentageReading(canonical(low), canonical(high))
    return None


def interpret_percentages(doc: Doc, offset: int, text: str, matches: ParagraphMatches, *, doc_id: str) -> list[Percentage]:
    """Percentage records of one tokenized paragraph that starts at character `offset` of `text`."""
    figures = choose_figures(doc, matches.figures("percentages"), lambda span, _match: read_percentage([t.text for t in span]))
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
            approximate=f.approximate,
            bound=f.bound,
            range=ValueRange(low=f.reading.value, high=f.reading.high) if f.reading.high is not None else None,
        ))
    return records
