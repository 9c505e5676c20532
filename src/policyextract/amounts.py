"""Amounts: matched token spans → `Amount` records (value, currency, range, rate, conversion).

Reading an amount is strict where the patterns are generous: a span is an amount only when its words
are one well-formed number (digits or words, with an optional scale word such as "billion" or "bn"),
or a range of two, together with a currency the lexicon knows, written before ("$", "US$", "RMB") or
after ("yuan", "Hong Kong dollars"). Everything else ("200 companies", "2021 5 million") is not read,
and a shorter match gets its chance.

"¥": the lexicon maps it to CNY, since the corpus this tool serves is Chinese-policy news. A document
that names Japan (Japan, Japanese, Tokyo, yen) and does not name China (China, Chinese, yuan, RMB,
renminbi, Beijing) reads "¥" as JPY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc

from policyextract.matching import Match, char_span
from policyextract.models import Amount, Span, ValueRange
from policyextract.numerals import SCALE_WORDS, TENS, UNITS, canonical
from policyextract.patterns import Lexicon
from policyextract.quantities import apply_modifiers, choose_figures, pair_conversions, read_number, split_range

YEN_SIGNS = {"¥", "￥"}
_JAPAN = re.compile(r"\b(?:Japan|Japanese|Tokyo|yen)\b")
_CHINA = re.compile(r"\b(?:China|Chinese|yuan|RMB|renminbi|Beijing)\b", re.IGNORECASE)
_NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALE_WORDS)


@dataclass(frozen=True)
class AmountReading:
    value: Decimal
    currency: str
    high: Decimal | None = None  # the high end of a range


@dataclass(frozen=True)
class _Side:
    number: Decimal | None
    multiplier: Decimal | None
    currency: str | None


def yen_currency(text: str) -> str:
    """What "¥" means in this text: JPY in a text about Japan and not China, else CNY."""
    return "JPY" if _JAPAN.search(text) and not _CHINA.search(text) else "CNY"


class AmountReader:
    """Reads the words of a span as an amount, with the lexicon's currencies and scales."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon

    def _currency(self, words: list[str], classes: tuple[str, ...], yen: str) -> str | None:
        if len(words) == 1 and words[0] in YEN_SIGNS:
            return yen
        phrase = " ".join(w.lower() for w in words)
        for cls in classes:
            code = self.lexicon.entries.get(cls, {}).get(phrase)
            if code:
                return code
        return None

    def _side(self, words: list[str], yen: str) -> _Side | None:
        """One figure: [currency before] number [scale] [currency after]; None if malformed."""
        before = after = None
        if words and (code := self._currency(words[:1], ("currency_sign", "currency_code"), yen)):
            before, words = code, words[1:]
        for k in range(max(0, len(words) - 4), len(words)):
            if code := self._currency(words[k:], ("currency_name", "currency_code"), yen):
                after, words = code, words[:k]
                break
        if before and after and before != after:
            return None
        multiplier = None
        if words and words[-1].lower() not in ("hundred",):
            last = words[-1].lower()
            scale = Decimal(SCALE_WORDS[last]) if last in SCALE_WORDS else (
                None if last in _NUMBER_WORDS else self.lexicon.scale(last))
            if scale is not None and len(words) > 1:
                multiplier, words = scale, words[:-1]
        number = read_number(words) if words else None
        if number is None and words:
            return None
        return _Side(number, multiplier, before or after)

    def read(self, words: list[str], *, yen: str = "CNY") -> AmountReading | None:
        """The amount these words state, or None when they are not exactly one amount (or range)."""
        whole = self._side(words, yen) if words[0].lower() != "between" else None
        if whole is not None and whole.number is not None and whole.currency:
            return AmountReading(canonical(whole.number * (whole.multiplier or 1)), whole.currency)
        for left_words, right_words in split_range(words):
            left, right = self._side(left_words, yen), self._side(right_words, yen)
            if left is None or right is None or left.number is None or right.number is None:
                continue
            if left.currency and right.currency and left.currency != right.currency:
                continue
            currency = left.currency or right.currency
            # "$5-8 million": the scale written once applies to both ends.
            low = left.number * (left.multiplier or right.multiplier or 1)
            high = right.number * (right.multiplier or 1)
            if currency and low < high:
                return AmountReading(canonical(low), currency, canonical(high))
        return None


def interpret_amounts(
    doc: Doc, offset: int, text: str, matches: dict[str, list[Match]], reader: AmountReader, *, doc_id: str, yen: str
) -> list[Amount]:
    """Amount records of one tokenized paragraph that starts at character `offset` of `text`."""
    figures = choose_figures(doc, matches.get("amounts", []), lambda words: reader.read(words, yen=yen))
    modifiers = matches.get("modifiers", [])
    pair_conversions(doc, figures, modifiers, differ=lambda a, b: a.currency != b.currency)
    apply_modifiers(doc, figures, modifiers, rates=True)

    def record_id(start: int, end: int) -> str:
        return f"{doc_id}:amount:{start}-{end}"

    spans = {id(f): char_span(doc, offset, text, f.start, f.end) for f in figures}
    amounts = []
    for f in figures:
        span = spans[id(f)]
        r = f.reading
        amounts.append(Amount(
            id=record_id(span.start, span.end),
            span=span,
            rule=f.rule,
            value=r.value,
            currency=r.currency,
            approximate=f.approximate,
            bound=f.bound,
            range=ValueRange(low=r.value, high=r.high) if r.high is not None else None,
            per=f.per,
            equivalent=record_id(spans[id(f.partner)].start, spans[id(f.partner)].end) if f.partner else None,
        ))
    return amounts

