"""Amounts: matched token spans → `Amount` records (value, currency, range, rate, conversion).

Reading an amount is strict where the patterns are generous: a span is an amount only when its words
are one well-formed number (digits or words, with an optional scale word such as "billion" or "bn"),
or a range of two, together with a currency the lexicon knows, written before ("$", "US$", "RMB") or
after ("yuan", "Hong Kong dollars"). Everything else ("200 companies", "2021 5 million") is not read,
and a shorter match gets its chance. A figure without a currency is an amount (currency None) only in
a money context ("a total investment of 8.1 billion", "valued at 3 billion"; label MONEY_CONTEXT in
`patterns/modifiers.jsonl`), and only with a scale word or thousands separators ("500,000").

"¥": the lexicon maps it to CNY, since the corpus this tool serves is Chinese-policy news. A document
that names Japan (Japan, Japanese, Tokyo, yen) and does not name China (China, Chinese, yuan, RMB,
renminbi, Beijing) reads "¥" as JPY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import Amount, Span, ValueRange
from policyextract.families.numerals import SCALE_WORDS, TENS, UNITS, canonical
from policyextract.pattern_lines import Lexicon
from policyextract.families.quantities import apply_modifiers, choose_figures, pair_conversions, read_number, split_range

YEN_SIGNS = {"¥", "￥"}
# No stated figure is this large; beyond it a "number" is noise, and Parquet's decimal128 ends there too.
MAX_AMOUNT = Decimal(10) ** 27
_JAPAN = re.compile(r"\b(?:Japan|Japanese|Tokyo|yen)\b")
_CHINA = re.compile(r"\b(?:China|Chinese|yuan|RMB|renminbi|Beijing)\b", re.IGNORECASE)
_NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALE_WORDS)


@dataclass(frozen=True)
class AmountReading:
    value: Decimal
    currency: str | None
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
        tail: list[str] = []
        for k in range(max(0, len(words) - 4), len(words)):
            if code := self._currency(words[k:], ("currency_name", "currency_code"), yen):
                after, words, tail = code, words[:k], words[k:]
                break
        if before and after and before != after:
            return None
        if after and not before and self._ambiguous_currency(words, tail):
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

    def _ambiguous_currency(self, number_words: list[str], currency_words: list[str]) -> bool:
        """True for "5 won": a currency that is also a common word, with nothing to confirm it."""
        if len(currency_words) != 1 or currency_words[0].lower() not in self.lexicon.ambiguous:
            return False
        if number_words and (number_words[-1].lower() in SCALE_WORDS or self.lexicon.scale(number_words[-1])):
            return False
        value = read_number(number_words)
        return value is None or value < 1000

    def read(self, words: list[str], *, yen: str = "CNY") -> AmountReading | None:
        """The amount these words state, or None when they are not exactly one amount (or range)."""
        whole = self._side(words, yen) if words[0].lower() != "between" else None
        if whole is not None and whole.number is not None:
            value = whole.number * (whole.multiplier or 1)
            # Without a currency, "2025" is more likely a year than money: ask for "billion" or "500,000".
            if (whole.currency or whole.multiplier or any("," in w for w in words)) and value < MAX_AMOUNT:
                return AmountReading(canonical(value), whole.currency)
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
            if (currency or right.multiplier) and low < high < MAX_AMOUNT:
                return AmountReading(canonical(low), currency, canonical(high))
        return None


def _in_compound_word(span: SpacySpan) -> bool:
    """"two US dollar-pegged coins", "e-CNY 2.0": a currency word hyphenated into another word."""
    doc = span.doc
    joined_after = span[-1].is_alpha and span.end + 1 < len(doc) and doc[span.end].text == "-" and not doc[span.end].whitespace_ and not span[-1].whitespace_
    joined_before = span[0].is_alpha and span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_
    return joined_after or joined_before


def _in_money_context(start: int, modifiers: list[Match]) -> bool:
    """A money context ends at token `start`, or right before an "over"/"about" that ends there."""
    contexts = {m.end for m in modifiers if m.line.label == "MONEY_CONTEXT"}
    qualifiers = {m.end: m.start for m in modifiers if m.line.label in ("APPROXIMATE", "BOUND_MIN", "BOUND_MAX")}
    return start in contexts or qualifiers.get(start, -1) in contexts


def interpret_amounts(
    doc: Doc, offset: int, text: str, matches: ParagraphMatches, reader: AmountReader, *, doc_id: str, yen: str
) -> list[Amount]:
    """Amount records of one tokenized paragraph that starts at character `offset` of `text`."""
    def read(span: SpacySpan, _match: Match) -> AmountReading | None:
        return None if _in_compound_word(span) else reader.read([t.text for t in span], yen=yen)

    candidates = choose_figures(doc, matches.figures("amounts"), read)
    modifiers = matches.qualifiers("modifiers") if candidates else []
    figures = [f for f in candidates if f.reading.currency or _in_money_context(f.start, modifiers)]
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

