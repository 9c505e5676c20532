"""Quantities: from overlapping token matches to figures, with the words that qualify them.

Shared by amounts and percentages. Three steps, all in token space of one paragraph:

1. `choose_figures`: among the (overlapping, generous) matches of a family, keep the longest ones that
   read as a well-formed value, never two that overlap.
2. `pair_conversions`: "100 million yuan (approximately $14 million)" and "20 billion yuan, or $2.8
   billion": the second figure is the first one converted into another currency; each points at the
   other.
3. `apply_modifiers`: "over", "up to", "approximately" right before a figure, "annually" or "per
   project" right after it (after the closing parenthesis of a conversion), set `bound`,
   `approximate` and `per`. A modifier before the first figure of a pair and a rate after the pair
   qualify both figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from spacy.tokens import Doc, Span

from policyextract.families.family import SPAN_COLUMNS, PatternFamily
from policyextract.matching import Match
from policyextract.models import Quantity
from policyextract.families.numerals import parse_number_words

R = TypeVar("R")
RANGE_SEPARATORS = {"-", "–", "—", "to"}
_CLOSE = {")", "]"}


@dataclass
class Figure(Generic[R]):
    """A value read from tokens [start, end) of a paragraph, before it becomes a record."""

    start: int
    end: int
    rule: str
    reading: R
    match: Match | None = None
    approximate: bool = False
    bound: str | None = None
    per: str | None = None
    partner: Figure[R] | None = None  # the other side of a stated conversion


def read_number(words: list[str]) -> Decimal | None:
    """A number written in digits and words, hyphens of compound words dropped ("twenty-five")."""
    return _read_number(tuple(words))


# Amounts, percentages and counts try many word sequences, and the same ones come back in every
# article ("2025", "5 million", "billion"): each is read once. A Decimal is immutable, safe to share.
@lru_cache(maxsize=8192)
def _read_number(words: tuple[str, ...]) -> Decimal | None:
    kept = [
        w for i, w in enumerate(words)
        if not (w == "-" and 0 < i < len(words) - 1 and words[i - 1].isalpha() and words[i + 1].isalpha())
    ]
    if len(kept) == 1 and kept[0].lower() in ("a", "an"):
        return Decimal(1)
    if kept and [w.lower() for w in kept] in (["half"], ["half", "a"], ["half", "an"]):
        return Decimal("0.5")
    return parse_number_words(kept)


def split_range(words: list[str]) -> list[tuple[list[str], list[str]]]:
    """Ways to read `words` as "LOW <sep> HIGH": "1 - 2 billion yuan", "between X and Y"."""
    if words and words[0].lower() == "between":
        inner = words[1:]
        return [(inner[:i], inner[i + 1 :]) for i, w in enumerate(inner) if w.lower() == "and"]
    return [(words[:i], words[i + 1 :]) for i, w in enumerate(words) if w.lower() in RANGE_SEPARATORS and 0 < i < len(words) - 1]


def choose_figures(doc: Doc, matches: list[Match], read: Callable[[Span, Match], R | None]) -> list[Figure[R]]:
    """The longest matches that `read(span, match)` accepts, never overlapping, in text order."""
    taken = [False] * len(doc)
    figures: list[Figure[R]] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start, m.rule)):
        if any(taken[m.start : m.end]):
            continue
        reading = read(doc[m.start : m.end], m)
        if reading is None:
            continue
        taken[m.start : m.end] = [True] * (m.end - m.start)
        figures.append(Figure(m.start, m.end, m.rule, reading, m))
    return sorted(figures, key=lambda f: f.start)


def pair_conversions(doc: Doc, figures: list[Figure[R]], modifiers: list[Match], differ: Callable[[R, R], bool]) -> None:
    """Link each figure to the figure that restates it in another unit, in place."""
    before = _modifier_index(modifiers, "before", key=lambda m: m.end)
    for first, second in zip(figures, figures[1:]):
        gap_start = first.end
        lead = before.get(second.start)
        gap_end = lead.start if lead is not None and lead.start >= gap_start else second.start
        gap = [t.text.lower() for t in doc[gap_start:gap_end]]
        in_parens = gap in (["("], ["["]) and second.end < len(doc) and doc[second.end].text in _CLOSE
        restated = gap in ([",", "or"], ["or"])
        if (in_parens or restated) and differ(first.reading, second.reading):
            first.partner, second.partner = second, first


def _modifier_index(modifiers: list[Match], position: str, key: Callable[[Match], int]) -> dict[int, Match]:
    """Longest modifier of `position` at each token index given by `key`."""
    index: dict[int, Match] = {}
    for m in modifiers:
        if m.line.attrs.get("position") != position:
            continue
        k = key(m)
        if k not in index or (m.end - m.start, m.rule) > (index[k].end - index[k].start, index[k].rule):
            index[k] = m
    return index


def _apply(figure: Figure[R], modifier: Match, *, rates: bool) -> None:
    label = modifier.line.label
    if label == "APPROXIMATE":
        figure.approximate = True
    elif label == "BOUND_MIN" and figure.bound is None:
        figure.bound = "min"
    elif label == "BOUND_MAX" and figure.bound is None:
        figure.bound = "max"
    elif label == "PER" and rates and figure.per is None:
        figure.per = str(modifier.line.attrs["per"])


def apply_modifiers(doc: Doc, figures: list[Figure[R]], modifiers: list[Match], *, rates: bool) -> None:
    """Set approximate/bound (and `per` when `rates`) from the modifiers next to each figure."""
    before = _modifier_index(modifiers, "before", key=lambda m: m.end)
    after = _modifier_index(modifiers, "after", key=lambda m: m.start)
    for figure in figures:
        if figure.start in before:
            _apply(figure, before[figure.start], rates=rates)
        if figure.end in after:
            _apply(figure, after[figure.end], rates=rates)
    for figure in figures:
        partner = figure.partner
        if partner is None or partner.start < figure.start:
            continue
        # "over 135 billion yuan ($19.13 billion) in annual revenues": both figures are qualified.
        closing = partner.end + 1 if partner.end < len(doc) and doc[partner.end].text in _CLOSE else partner.end
        for modifier in filter(None, (before.get(figure.start), after.get(closing))):
            _apply(figure, modifier, rates=rates)
            _apply(partner, modifier, rates=rates)


# The shared columns and row of the families whose records are quantities (amounts, percentages).
QUANTITY_COLUMNS = (*SPAN_COLUMNS, ("value", "decimal"), ("approximate", "bool"), ("bound", "string"),
                    ("range_low", "decimal"), ("range_high", "decimal"))


def quantity_row(doc_id: str, q: Quantity) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": q.id, "start": q.span.start, "end": q.span.end, "text": q.span.text,
        "value": q.value, "approximate": q.approximate, "bound": q.bound,
        "range_low": q.range.low if q.range else None, "range_high": q.range.high if q.range else None,
    }


class ModifierAttrs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    position: Literal["before", "after"] | None = None
    per: str | None = None


# "about", "up to", "annually", "a total investment of": words that qualify amounts and percentages.
MODIFIERS = PatternFamily("modifiers", frozenset({"APPROXIMATE", "BOUND_MIN", "BOUND_MAX", "PER", "MONEY_CONTEXT"}),
                          ModifierAttrs, {"PER": ("per",)})
