"""Amounts: matched token spans → `Amount` records (value, currency, range, rate, conversion).

Reading an amount is strict where the patterns are generous: a span is an amount only when its words
are one well-formed number (digits or words, with optional scale words such as "billion", "bn" or
"lakh crore"), or a range of two, together with a currency the lexicon knows (`currencies.py`),
written before ("$", "US$", "RMB", "hk $"), after ("yuan", "Hong Kong dollars", "10 €") or both
("$3 billion Hong Kong dollars"). Everything else ("200 companies", "2021 5 million") is not read,
and a shorter match gets its chance. A figure without a currency is an amount (currency None) only in
a money context ("a total investment of 8.1 billion", "valued at 3 billion"; label MONEY_CONTEXT in
`patterns/modifiers.jsonl`), and only with a scale word or thousands separators ("500,000").

Subunits: "50 cents" is 0.50 US dollars (euros in a text that writes euros and no dollars), "470
pence" 4.70 pounds; after an amount in a currency they
are hundredths of it ("3 dollars 50 cents", "thirteen dollars and forty-five cents"), and so is a
bare number under 100 that ends the clause ("15 dollars 50").

Shared markers are decided by the document (`CurrencyContext`) and the record says so with
`currency_inferred`: "¥" is CNY, or JPY in a text that names Japan and not China; a bare "dollars"
is USD, or the one other dollar the text writes when it writes exactly one and no US dollar
("HK$" in a Hong Kong budget story). A bare "$" is USD. A bare name that several currencies share
("riyals", "francs", "pesos") is the one whose country the document names ("Saudi"), when it names
exactly one of them; else it is not read.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from policyextract.families.amounts.currencies import CURRENCY_INFERRED, CURRENCY_SCALE, CURRENCY_UPPERCASE
from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import Amount, ValueRange
from policyextract.families.numerals import FRACTION_WORDS, SCALE_WORDS, TENS, UNITS, canonical
from policyextract.pattern_lines import Lexicon
from policyextract.families.quantities import apply_modifiers, choose_figures, pair_conversions, read_number, split_range

YEN_SIGNS = {"¥", "￥"}
DOLLAR_NAMES = {"dollar", "dollars"}
# No stated figure is this large; beyond it a "number" is noise, and Parquet's decimal128 ends there too.
MAX_AMOUNT = Decimal(10) ** 27
HUNDREDTH = Decimal("0.01")
_EUROS = re.compile(r"€|\b(?:euros?|EUR)\b")
_DOLLARS = re.compile(r"\$|\b(?:dollars?|USD)\b", re.IGNORECASE)
_JAPAN_WORDS = ("Japan", "Japanese", "Tokyo", "yen")
_JAPAN = re.compile(r"\b(?:Japan|Japanese|Tokyo|yen)\b")
_CHINA = re.compile(r"\b(?:China|Chinese|yuan|RMB|renminbi|Beijing)\b", re.IGNORECASE)
_NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALE_WORDS)
# Two scale words in a row that multiply: "2.3 lakh crore", "12 thousand crore", "1.2 万亿".
_COMPOUND_SCALES = {("lakh", "crore"), ("lakhs", "crore"), ("lac", "crore"), ("thousand", "crore"),
                    ("lakh", "crores"), ("thousand", "crores"), ("万", "亿")}
# What may follow "15 dollars 50" for the 50 to be cents: the clause ends there.
_AFTER_BARE_CENTS = {"and", "more", "less", "only", "each", ".", ",", ";", ":", "!", "?", ")"}
_YEAR = re.compile(r"^(?:19|20)[0-9]{2}$")
_YEAR_PREPOSITIONS = {"in", "since", "until", "during"}
# Letters written apart from the "$" they belong to ("hk $ 10.05 billion", "US $ 142 million"). Single
# letters are words or possessives ("a $5 grant", "company' s $"), except "c", kept for "c $".
_SPACED_SIGN_PREFIX = re.compile(r"^(?:[a-z][a-z.]+|c)$", re.IGNORECASE)


@dataclass(frozen=True)
class AmountReading:
    value: Decimal
    currency: str | None
    high: Decimal | None = None  # the high end of a range
    currency_inferred: bool = False


@dataclass(frozen=True)
class _Side:
    number: Decimal | None
    multiplier: Decimal | None
    currency: str | None
    inferred: bool = False
    after: bool = False  # the currency was written after the number
    subunit: bool = False  # "cents", "pence": the number counts hundredths


@dataclass
class CurrencyContext:
    """What the shared currency markers of one document mean (see module docstring)."""

    text: str
    dollar_terms: re.Pattern[str] | None = None
    dollar_codes: dict[str, str] = field(default_factory=dict)
    japan: re.Pattern[str] = _JAPAN  # what names Japan: its words and its bodies' names ("Hitachi")

    @functools.cached_property
    def yen(self) -> str:
        return yen_currency(self.text, self.japan)

    @functools.cached_property
    def cents(self) -> str:
        """Whose hundredths "cents" alone are: the euro's in a text that writes euros and no dollars."""
        return "EUR" if _EUROS.search(self.text) and not _DOLLARS.search(self.text) else "USD"

    def named_by_country(self, head: str, countries: dict[str, set[str]]) -> str | None:
        """The currency a bare shared name ("riyals") means: the one whose country words ("Saudi") the
        document writes, when it writes those of exactly one; else None."""
        key = "\0" + head
        if key not in self.__dict__:
            written = {code for code, phrases in countries.items()
                       if any(_country_written(phrase, self.text) for phrase in phrases)}
            self.__dict__[key] = next(iter(written)) if len(written) == 1 else None
        return self.__dict__[key]

    @functools.cached_property
    def dollar(self) -> str:
        if self.dollar_terms is None:
            return "USD"
        written = {self.dollar_codes[m.group(0).lower()] for m in self.dollar_terms.finditer(self.text)}
        others = written - {"USD"}
        return next(iter(others)) if len(others) == 1 and "USD" not in written else "USD"


def _country_written(phrase: str, text: str) -> bool:
    """Does the text write these country words, capitalized ("Saudi", "Costa Rican")?"""
    return re.search(r"\b" + r"\s+".join(re.escape(w.capitalize()) for w in phrase.split()) + r"\b", text) is not None


def yen_currency(text: str, japan: re.Pattern[str] = _JAPAN) -> str:
    """What "¥" means in this text: JPY in a text about Japan (`japan` finds it) and not China, else CNY."""
    return "JPY" if japan.search(text) and not _CHINA.search(text) else "CNY"


class AmountReader:
    """Reads the words of a span as an amount, with the lexicon's currencies and scales."""

    def __init__(self, lexicon: Lexicon, japanese_names: Iterable[str] = ()):
        """`japanese_names`: names of Japanese bodies ("Sony", "Hitachi"), which make a text about Japan
        as the word "Japan" does."""
        self.lexicon = lexicon
        names = sorted({*_JAPAN_WORDS, *japanese_names}, key=len, reverse=True)
        self.japan = re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b")
        entries = lexicon.entries
        self.terms = {cls: entries.get(cls, {}) for cls in ("currency_sign", "currency_code", "currency_name")}
        self.scaled_codes = {t: Decimal(v) for t, v in entries.get(CURRENCY_SCALE, {}).items() if v}
        self.inferred_terms = set(entries.get(CURRENCY_INFERRED, {}))
        self.subunits = entries.get("currency_subunit", {})
        self.uppercase_codes = set(entries.get(CURRENCY_UPPERCASE, {}))
        # Markers that name one dollar: signs ("hk$"; a bare "$" is the US dollar's), codes ("hkd"),
        # qualified names ("hong kong dollars").
        dollar_codes = {code for name, code in entries.get("currency_name", {}).items() if name.split()[-1] in DOLLAR_NAMES}
        self.dollar_codes = {
            term: code
            for cls in ("currency_sign", "currency_code", "currency_name")
            for term, code in entries.get(cls, {}).items()
            if code in dollar_codes and term not in DOLLAR_NAMES
            and (cls != "currency_name" or term.split()[-1] in DOLLAR_NAMES)
        }
        alternation = "|".join(re.escape(t) for t in sorted(self.dollar_codes, key=lambda t: (-len(t), t)))
        self.dollar_terms = re.compile(rf"(?<![A-Za-z])(?:{alternation})(?![A-Za-z$])", re.IGNORECASE) if alternation else None
        self.dollar_currencies = dollar_codes
        # Bare names several currencies share ("riyals", "francs", "pesos"): each currency with the
        # country words of its name, for the document to choose from.
        names = entries.get("currency_name", {})
        heads: dict[str, dict[str, set[str]]] = {}
        for name, code in names.items():
            *country, head = name.split()
            if country and head not in names and code:
                heads.setdefault(head, {}).setdefault(code, set()).add(" ".join(country))
        self.shared_heads = {head: by_code for head, by_code in heads.items() if len(by_code) > 1}
        # The words whose currency the document decides: a figure without them reads the same in every
        # document, so its reading is kept for the next document that writes it.
        self.context_words = frozenset({*YEN_SIGNS, *DOLLAR_NAMES, *self.shared_heads,
                                        *(t for t in self.subunits if t in self.inferred_terms)})
        self._context_free_side = functools.lru_cache(maxsize=1 << 16)(self._side_without_context)

    def context(self, text: str) -> CurrencyContext:
        return CurrencyContext(text, self.dollar_terms, self.dollar_codes, self.japan)

    def _currency(self, words: list[str], classes: tuple[str, ...], context: CurrencyContext | None) -> tuple[str, bool] | None:
        """(code, inferred) of the currency these words name, or None."""
        if len(words) == 1 and words[0] in YEN_SIGNS:
            return context.yen, True
        phrase = " ".join([w.lower() for w in words])
        for cls in classes:
            code = self.terms[cls].get(phrase)
            if code and cls == "currency_code" and phrase in self.uppercase_codes and not words[0].isupper():
                continue  # "2001 Ron": a name, not the Romanian leu's code
            if code:
                if phrase in DOLLAR_NAMES:
                    return context.dollar, True
                return code, phrase in self.inferred_terms
        if "currency_name" in classes and phrase in self.shared_heads:
            code = context.named_by_country(phrase, self.shared_heads[phrase])
            return (code, True) if code else None
        return None

    def _before(self, words: list[str], context: CurrencyContext | None) -> tuple[tuple[str, bool] | None, int]:
        """The currency written before the number and how many words it takes."""
        if not words:
            return None, 0
        hit = self._currency(words[:1], ("currency_sign", "currency_code"), context)
        if hit:
            return hit, 1
        if len(words) > 2 and words[1] in ("$", "¥") and _SPACED_SIGN_PREFIX.match(words[0]):
            hit = self._currency([words[0] + words[1]], ("currency_sign",), context)
            if hit:
                return hit, 2
        # "dollar 22.5 million": a name before the number, only with a scale word after it.
        if len(words) > 2 and self._scale(words[-1]) is not None:
            hit = self._currency(words[:1], ("currency_name",), context)
            if hit:
                return hit, 1
        return None, 0

    def _scale(self, word: str) -> Decimal | None:
        last = word.lower()
        if last in SCALE_WORDS and last != "hundred":
            return Decimal(SCALE_WORDS[last])
        return None if last in _NUMBER_WORDS else self.lexicon.scale(last)

    def _multiplier(self, words: list[str]) -> tuple[Decimal | None, list[str]]:
        """The scale word(s) ending `words` ("billion", "lakh crore") and the words before them."""
        if len(words) < 2 or (scale := self._scale(words[-1])) is None:
            return None, words
        last, words = words[-1].lower(), words[:-1]
        if len(words) > 1 and (words[-1].lower(), last) in _COMPOUND_SCALES and (inner := self._scale(words[-1])):
            return scale * inner, words[:-1]
        return scale, words

    def _side(self, words: list[str], context: CurrencyContext) -> _Side | None:
        """One figure: [currency before] number [scale] [currency after]; None if malformed."""
        if self.context_words.isdisjoint(w.lower() for w in words):
            return self._context_free_side(tuple(words))
        return self._read_side(words, context)

    def _side_without_context(self, words: tuple[str, ...]) -> _Side | None:
        return self._read_side(list(words), None)

    def _read_side(self, words: list[str], context: CurrencyContext | None) -> _Side | None:
        """`_side`; `context` is None for words without `context_words`, which never ask it."""
        before, used = self._before(words, context)
        before_word = words[0].lower() if used == 1 else None
        words = words[used:]
        # "75 USD million": the scale word may follow a code.
        if len(words) >= 3 and self._scale(words[-1]) is not None and words[-2].lower() in self.terms["currency_code"]:
            words = [*words[:-2], words[-1], words[-2]]
        after, subunit, tail = None, False, []
        for k in range(max(0, len(words) - 4), len(words)):
            if hit := self._currency(words[k:], ("currency_name", "currency_code", "currency_sign"), context):
                after, words, tail = hit, words[:k], words[k:]
                break
        if after is None and words and (code := self.subunits.get(words[-1].lower())):
            shared = words[-1].lower() in self.inferred_terms  # "cents": the document says whose
            after, words, tail, subunit = (context.cents if shared else code, shared), words[:-1], words[-1:], True
        if words and words[-1] == "-" and after:
            words = words[:-1]  # "12-cent", "one-yen": a number joined to its currency
        if before and after and before[0] != after[0]:
            # "$3 billion Hong Kong dollars": the bare dollar sign stands for any dollar.
            if before_word != "$" or after[0] not in self.dollar_currencies or subunit:
                return None
            before = None
        if after and not before and self._ambiguous_currency(words, tail):
            return None
        # "a quarter of a billion": the fraction is of the scale word, read together
        multiplier, words = (None, words) if any(w.lower() in FRACTION_WORDS for w in words) else self._multiplier(words)
        number = read_number(words) if words else None
        if number is None and words:
            return None
        for written in (before_word, " ".join(tail).lower()):
            if written in self.scaled_codes:  # "30 MUSD", "MEUR 120"
                multiplier = (multiplier or 1) * self.scaled_codes[written]
        currency = before or after
        return _Side(number, multiplier, currency[0] if currency else None, bool(currency and currency[1]),
                     after=before is None and after is not None, subunit=subunit)

    def _ambiguous_currency(self, number_words: list[str], currency_words: list[str]) -> bool:
        """True for "5 won": a currency that is also a common word, with nothing to confirm it."""
        if len(currency_words) != 1 or currency_words[0].lower() not in self.lexicon.ambiguous:
            return False
        if number_words and (number_words[-1].lower() in SCALE_WORDS or self.lexicon.scale(number_words[-1])):
            return False
        value = read_number(number_words)
        return value is None or value < 1000

    def read(self, words: list[str], *, context: CurrencyContext, next_word: str | None = None,
             previous_word: str | None = None) -> AmountReading | None:
        """The amount these words state, or None when they are not exactly one amount (or range).

        `previous_word` and `next_word` are the words around the span: "15 dollars 50" is 15.50 only
        where the clause ends, and not in "rmb 10 usd 20", where each currency has its number."""
        if words[0].lower() != "between":
            whole = self._side(words, context)
            if whole is not None and self._year_before_currency(words, whole, previous_word):
                return None
            if whole is not None and whole.number is not None:
                value = whole.number * (whole.multiplier or 1) * (HUNDREDTH if whole.subunit else 1)
                # Without a currency, "2025" is more likely a year than money: ask for "billion" or "500,000".
                if (whole.currency or whole.multiplier or any("," in w for w in words)) and value < MAX_AMOUNT:
                    return AmountReading(canonical(value), whole.currency, currency_inferred=whole.inferred)
            if compound := self._with_subunits(words, context, next_word, previous_word):
                return compound
        for left_words, right_words in split_range(words):
            left, right = self._side(left_words, context), self._side(right_words, context)
            if left is None or right is None or left.number is None or right.number is None or left.subunit or right.subunit:
                continue
            if left.currency and right.currency and left.currency != right.currency:
                continue
            currency = left.currency or right.currency
            # "$5-8 million": the scale written once applies to both ends.
            low = left.number * (left.multiplier or right.multiplier or 1)
            high = right.number * (right.multiplier or 1)
            if (currency or right.multiplier) and low < high < MAX_AMOUNT:
                inferred = left.inferred if left.currency else right.inferred
                return AmountReading(canonical(low), currency, canonical(high), currency_inferred=inferred)
        return None

    @staticmethod
    def _year_before_currency(words: list[str], side: _Side, previous_word: str | None) -> bool:
        """ "in 2020 dollars", "in 2023 € terms": a year after a preposition of time, not a number of
        money; "a grant of 2000 yuan" stays."""
        return (side.after and side.multiplier is None and bool(_YEAR.match(words[0]))
                and (previous_word or "").lower() in _YEAR_PREPOSITIONS)

    def _with_subunits(self, words: list[str], context: CurrencyContext, next_word: str | None,
                       previous_word: str | None) -> AmountReading | None:
        """ "3 dollars 50 cents", "thirteen dollars and forty-five cents", "10 $ 30 cent", "15 dollars 50"."""
        for i in range(1, len(words)):
            main = self._side(words[:i], context)
            if main is None or main.number is None or main.currency is None or main.multiplier or main.subunit:
                continue
            rest = words[i + 1 :] if words[i].lower() == "and" else words[i:]
            named = bool(rest) and rest[-1].lower() in self.subunits
            small_words = rest[:-1] if named else rest
            clause_ends = (next_word is None or next_word.lower() in _AFTER_BARE_CENTS) and not (
                previous_word and self._currency([previous_word], ("currency_sign", "currency_code"), context))
            if not small_words or not (named or (main.after and clause_ends)):
                continue
            small = read_number(small_words)
            if small is None or small != small.to_integral_value() or not 0 < small < 100:
                continue
            return AmountReading(canonical(main.number + small * HUNDREDTH), main.currency, currency_inferred=main.inferred)
        return None


def _in_compound_word(span: SpacySpan) -> bool:
    """"two US dollar-pegged coins", "e-CNY 2.0": a currency word hyphenated into another word. A
    number hyphenated to its currency is an adjective and stays: "a 12-cent-a-share dividend"."""
    doc = span.doc
    hyphenated = len(span) > 2 and span[-2].text == "-" and not span[-2].whitespace_ and not span[-3].whitespace_
    joined_after = (span[-1].is_alpha and span.end + 1 < len(doc) and doc[span.end].text == "-"
                    and not doc[span.end].whitespace_ and not span[-1].whitespace_ and not hyphenated)
    joined_before = span[0].is_alpha and span.start > 0 and doc[span.start - 1].text == "-" and not doc[span.start - 1].whitespace_
    return joined_after or joined_before


def _currency_of_next_number(span: SpacySpan) -> bool:
    """"3 USD50 cards", "in 2021 $5": a currency fused to the number after the span is that number's;
    "2024 EUR/USD": a code fused to a slash is a currency pair, not the currency of a number."""
    doc = span.doc
    last = span[-1]
    if span.end >= len(doc) or last.whitespace_ or last.like_num:
        return False
    following = doc[span.end].text
    return following[:1].isdigit() or following == "/"


def _in_money_context(start: int, modifiers: list[Match]) -> bool:
    """A money context ends at token `start`, or right before an "over"/"about" that ends there."""
    contexts = {m.end for m in modifiers if m.line.label == "MONEY_CONTEXT"}
    qualifiers = {m.end: m.start for m in modifiers if m.line.label in ("APPROXIMATE", "BOUND_MIN", "BOUND_MAX")}
    return start in contexts or qualifiers.get(start, -1) in contexts


def interpret_amounts(
    doc: Doc, offset: int, text: str, matches: ParagraphMatches, reader: AmountReader, *, doc_id: str,
    context: CurrencyContext,
) -> list[Amount]:
    """Amount records of one tokenized paragraph that starts at character `offset` of `text`."""
    def read(span: SpacySpan, _match: Match) -> AmountReading | None:
        next_word = doc[span.end].text if span.end < len(doc) else None
        previous_word = doc[span.start - 1].text if span.start > 0 else None
        reading = reader.read([t.text for t in span], context=context, next_word=next_word, previous_word=previous_word)
        # Most candidates read as no amount: the spacing around the words is looked at after the words.
        if reading is None or _in_compound_word(span) or _currency_of_next_number(span):
            return None
        return reading

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
            currency_inferred=r.currency_inferred,
            approximate=f.approximate,
            bound=f.bound,
            range=ValueRange(low=r.value, high=r.high) if r.high is not None else None,
            per=f.per,
            equivalent=record_id(spans[id(f.partner)].start, spans[id(f.partner)].end) if f.partner else None,
        ))
    return amounts
