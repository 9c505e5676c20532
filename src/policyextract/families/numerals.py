"""Numbers as news writes them: numerals, number words, and exact decimal arithmetic.

Pure functions with no spaCy and no pattern files: the amount and percentage interpreters call them on
the words of a matched span. Money is `Decimal` from end to end; `canonical` strips exponents and
trailing zeros so that "2.80 billion" is written as 2800000000 everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALE_WORDS = {
    "hundred": 100, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
}
# Words that stand for a number only in front of a scale word: "a billion", "half a million".
LEAD_WORDS = {"a": Decimal(1), "an": Decimal(1), "half": Decimal("0.5")}
# Fractions of a scale word: "a quarter of a billion", "three quarters billion". Only halves and
# quarters, whose decimals end: a third of a billion has no exact value to print back.
FRACTION_WORDS = {"half": Decimal("0.5"), "halves": Decimal("0.5"), "quarter": Decimal("0.25"), "quarters": Decimal("0.25")}

# Digit grouping: Western ("5,000", "1,234,567.89") or Indian ("1,06,102.8", "12,34,567": groups of
# two before the last three); "1,00" and "12,3456" are not numbers.
_NUMERAL = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d{1,2}(?:,\d{2})+,\d{3}|\d+)(?:\.\d+)?$|^\.\d+$")
# A decimal comma: one comma followed by one digit ("3,5 billion"). Three digits after a comma are
# a thousands group ("1,234"); two are refused ("1,00" is as likely a "1,000" with a digit lost).
_DECIMAL_COMMA = re.compile(r"^\d+,\d$")


# Chinese numerals as they appear in English text beside 元 ("五亿元", "一千二百元").
CJK_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CJK_UNITS = {"十": 10, "百": 100, "千": 1000}
CJK_SCALES = {"万": 10**4, "亿": 10**8}
CJK_NUMERALS = "".join([*CJK_DIGITS, *CJK_UNITS, *CJK_SCALES])


def parse_cjk_numeral(text: str) -> Decimal | None:
    """The value of a Chinese numeral ("五亿" 500000000, "一千二百" 1200, "十五" 15), or None.

    >>> parse_cjk_numeral("三万五千")
    Decimal('35000')
    """
    if not text or any(ch not in CJK_NUMERALS for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CJK_DIGITS:
            if digit is not None:  # "五五": two digits in a row
                return None
            digit = CJK_DIGITS[ch]
        elif ch in CJK_UNITS:
            section += (1 if digit is None else digit) * CJK_UNITS[ch]
            digit = None
        else:
            scale = CJK_SCALES[ch]
            amount = section + (digit or 0)
            if amount == 0 and total and scale > 10**4:  # "两万亿": ten thousand hundred-millions
                total *= scale
                continue
            if amount == 0:
                return None
            # "万亿": a trillion; "一亿五千万": 150 million
            total = (total + amount) * scale if scale > 10**4 else total + amount * scale
            section, digit = 0, None
    return Decimal(total + section + (digit or 0))


def canonical(value: Decimal) -> Decimal:
    """Return `value` without exponent or trailing fractional zeros.

    >>> canonical(Decimal("2.80") * 10**9)
    Decimal('2800000000')
    >>> canonical(Decimal("33.30"))
    Decimal('33.3')
    """
    with localcontext() as context:
        context.prec = 80  # quantize needs every digit of "999999999999999999 trillion"
        value = value.normalize()
        if value.as_tuple().exponent > 0:  # type: ignore[operator]
            value = value.quantize(Decimal(1))
    return value


def decimal_text(value: Decimal) -> str:
    """The canonical written form of a decimal: never an exponent, no trailing fractional zeros.

    >>> decimal_text(Decimal("2.80E+9")), decimal_text(Decimal("1E-7"))
    ('2800000000', '0.0000001')
    """
    return format(canonical(value), "f")


@functools.lru_cache(maxsize=1 << 14)  # news writes the same numerals over and over
def parse_numeral(text: str) -> Decimal | None:
    """Parse a numeral written with digits; None when it is not one.

    Full-width digits are read as ASCII digits ("１００" is 100). Thousands separators must be
    well placed, in Western or Indian grouping. A comma followed by one digit is a decimal comma, as
    continental European and some Asian news write it ("3,5" is 3.5).

    >>> parse_numeral("5,000")
    Decimal('5000')
    >>> parse_numeral("2.80")
    Decimal('2.80')
    >>> parse_numeral("1,06,102.8")
    Decimal('106102.8')
    >>> parse_numeral("3,5")
    Decimal('3.5')
    >>> parse_numeral("12,3456") is None
    True
    """
    text = unicodedata.normalize("NFKC", text)
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if not _NUMERAL.match(text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
        return None


def parse_number_words(words: list[str]) -> Decimal | None:
    """Value of an English number written in words and digits, scale words included.

    Accepts what news writes before a unit: "two hundred", "twenty five" (the hyphen is dropped by the
    caller), "a billion", "half a million", "1.5 billion", "two and a half million", "5,000".
    Returns None for anything that is not one well-formed number ("2021 5", "million two").

    >>> parse_number_words(["two", "hundred", "million"])
    Decimal('200000000')
    >>> canonical(parse_number_words(["half", "a", "million"]))
    Decimal('500000')
    """
    return _number_of_words(tuple(words))


@functools.lru_cache(maxsize=1 << 14)
def _number_of_words(words: tuple[str, ...]) -> Decimal | None:
    """`parse_number_words`, kept for the next time the same words come."""
    if not words:
        return None
    if len(words) == 1 and (cjk := parse_cjk_numeral(words[0])) is not None:
        return cjk
    words = [w.lower() for w in words]
    fraction = _fraction_of_scale(words)
    if fraction is not None:
        return fraction
    # "half a million", "a billion": a lead word is only a number in front of a scale word.
    if words[0] in LEAD_WORDS:
        lead, rest = LEAD_WORDS[words[0]], words[1:]
        if words[0] == "half" and rest[:1] in (["a"], ["an"]):
            rest = rest[1:]
        elif words[0] in ("a", "an") and rest[:1] == ["half"]:  # "a half million"
            lead, rest = Decimal("0.5"), rest[1:]
        if not rest or rest[0] not in SCALE_WORDS:
            return None
        scaled = parse_number_words(["1", *rest])
        return None if scaled is None else lead * scaled

    total = Decimal(0)
    current: Decimal | None = None
    last_kind = None  # "digits", "unit", "tens", "hundred", "scale", "and", "half"
    for i, word in enumerate(words):
        numeral = parse_numeral(word)
        if numeral is not None:
            if last_kind is not None:
                return None
            current, last_kind = numeral, "digits"
        elif word in UNITS or word in TENS:
            value = UNITS.get(word, TENS.get(word))
            if last_kind in ("digits", "unit") or (last_kind == "tens" and word in TENS):
                return None
            if last_kind == "tens" and word in UNITS and UNITS[word] >= 10:
                return None
            current = (current or Decimal(0)) + value
            last_kind = "tens" if word in TENS else "unit"
        elif word == "hundred":
            if current is None or last_kind in ("hundred", "and"):
                return None
            current *= 100
            last_kind = "hundred"
        elif word in SCALE_WORDS:
            if current is None or last_kind == "and":  # "million two", "two billion million"
                return None
            total += (current or Decimal(0)) * SCALE_WORDS[word]
            current, last_kind = None, "scale"
        elif word == "and":
            # "one hundred and five", "two and a half million"
            if current is None or i + 1 >= len(words):
                return None
            if words[i + 1 : i + 3] == ["a", "half"]:
                current += Decimal("0.5")
                return _finish_half(total, current, words[i + 3 :])
            last_kind = "and"
        else:
            return None
    if last_kind == "and":
        return None
    return total + (current or Decimal(0))


def _fraction_of_scale(words: list[str]) -> Decimal | None:
    """ "a quarter of a billion", "quarter million", "three quarters billion": [count] fraction [of]
    [a|an] scale; None for anything else."""
    index = next((i for i, w in enumerate(words) if w in FRACTION_WORDS), None)
    if index is None or index > 1:
        return None
    count_words, rest = words[:index], words[index + 1 :]
    if count_words in ([], ["a"], ["an"], ["one"]):
        count = Decimal(1)
    elif len(count_words) == 1 and count_words[0] in UNITS and words[index].endswith("s"):
        count = Decimal(UNITS[count_words[0]])  # "three quarters"
    else:
        return None
    if rest[:1] == ["of"]:
        rest = rest[1:]
    if rest[:1] in (["a"], ["an"]):
        rest = rest[1:]
    if len(rest) != 1 or rest[0] not in SCALE_WORDS or rest[0] == "hundred":
        return None
    value = count * FRACTION_WORDS[words[index]]
    return value * SCALE_WORDS[rest[0]] if value < 1 else None


def _finish_half(total: Decimal, current: Decimal, rest: list[str]) -> Decimal | None:
    """Finish "two and a half [million]": only scale words may follow."""
    for word in rest:
        if word not in SCALE_WORDS or word == "hundred":
            return None
        total, current = total + current * SCALE_WORDS[word], Decimal(0)
    return total + current
