"""Table-driven tests of the pure number functions in `policyextract.families.numerals`.

The rows are numbers as English-language news about Chinese policy and tech funding writes them
("5,000", "2.80 billion", "half a million", "two and a half million", "one hundred and five"), plus the
malformed strings the module docstrings say must be refused ("1,00", "12,3456", "2021 5",
"million two"). Expected values are what a careful reader takes the words to mean, written by hand;
they are not output saved from the code.

Rows the code gets wrong today are marked `xfail(strict=True)` with the reason.

`parse_number_words` receives words as the tokenizer gives them, with the hyphen of "twenty-five"
already dropped by the caller.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from policyextract.families.numerals import canonical, decimal_text, parse_number_words, parse_numeral



def rows(table: list) -> list:
    """Plain (input, expected) tuples become params with the input as readable id."""
    return [row if hasattr(row, "marks") else pytest.param(*row, id=repr(row[0])) for row in table]


# --------------------------------------------------------------------------------------------------
# parse_numeral: one numeral written with digits -> Decimal, or None.
# Rows: (text, expected value as str or None)
# --------------------------------------------------------------------------------------------------
PARSE_NUMERAL = [
    # plain integers and decimals
    ("100", "100"),
    ("2021", "2021"),
    ("0", "0"),
    ("2.80", "2.8"),
    ("33.3", "33.3"),
    ("0.5", "0.5"),
    (".5", "0.5"),
    # well-placed thousands separators
    ("5,000", "5000"),
    ("100,000", "100000"),
    ("1,234,567", "1234567"),
    ("1,234,567.89", "1234567.89"),
    ("67,250.50", "67250.5"),
    # full-width digits (NFKC) as in text copied from Chinese sources
    ("１００", "100"),
    ("２.５", "2.5"),
    ("１，０００", "1000"),
    # not one well-formed numeral
    ("", None),
    ("1,00", None),
    ("12,3456", None),
    ("1,2345", None),
    ("12,345,67", None),
    (",000", None),
    ("1.2.3", None),
    ("5m", None),
    ("$5", None),
    ("five", None),
    ("2021 5", None),
    # Indian grouping: groups of two before the last three
    ("1,06,102.8", "106102.8"),
    ("12,34,567.89", "1234567.89"),
    ("1,00,000", "100000"),
    ("1,06,10", None),
    # a decimal comma: exactly one digit after the only comma
    ("3,5", "3.5"),
    ("12,5", "12.5"),
    ("3,50", None),
]


@pytest.mark.parametrize(("text", "expected"), rows(PARSE_NUMERAL))
def test_parse_numeral(text, expected):
    result = parse_numeral(text)
    if expected is None:
        assert result is None
    else:
        assert result == Decimal(expected)


# --------------------------------------------------------------------------------------------------
# parse_number_words: the words of one number, digits and/or words, scale words included.
# Rows: (words as written, expected value as str or None); the words are split on spaces.
# --------------------------------------------------------------------------------------------------
PARSE_NUMBER_WORDS = [
    # units, tens, hundreds
    ("zero", "0"),
    ("five", "5"),
    ("nineteen", "19"),
    ("twenty five", "25"),
    ("ninety nine", "99"),
    ("two hundred", "200"),
    ("Two Hundred", "200"),
    ("one hundred and five", "105"),
    ("one thousand two hundred and thirty four", "1234"),
    # scale words
    ("ten thousand", "10000"),
    ("three hundred thousand", "300000"),
    ("two hundred million", "200000000"),
    ("twenty five million", "25000000"),
    ("one hundred and five million", "105000000"),
    ("two million five hundred thousand", "2500000"),
    # lead words: "a", "an", "half" stand for a number only before a scale word
    ("a thousand", "1000"),
    ("a billion", "1000000000"),
    ("a hundred million", "100000000"),
    ("half a million", "500000"),
    ("half a billion", "500000000"),
    ("half million", "500000"),
    ("a half million", "500000"),
    # "and a half"
    ("two and a half", "2.5"),
    ("two and a half million", "2500000"),
    # digits, with and without a scale word
    ("5,000", "5000"),
    ("1.5 billion", "1500000000"),
    ("2.80 billion", "2800000000"),
    ("1,000 million", "1000000000"),
    ("１００ million", "100000000"),
    # not one well-formed number
    ("", None),
    ("a", None),
    ("an", None),
    ("half", None),
    ("hundred", None),
    ("million", None),
    ("million two", None),
    ("twenty twenty", None),
    ("twenty eleven", None),
    ("five four", None),
    ("2021 5", None),
    ("2021 5 million", None),
    ("5 million 3", None),
    ("hundred million", None),
    ("two billion million", None),
    ("five and", None),
    ("and five", None),
    ("two hundred and", None),
    ("the", None),
    ("1,00", None),
    # fractions of a scale word: halves and quarters
    ("a quarter of a billion", "250000000"),
    ("quarter million", "250000"),
    ("three quarters billion", "750000000"),
    ("three quarters of a billion", "750000000"),
    ("one quarter of a million", "250000"),
    ("half a billion", "500000000"),
    ("five quarters billion", None),
    ("quarter", None),
    ("a quarter of the", None),
    # Chinese numerals, one word
    ("五亿", "500000000"),
    ("一千二百", "1200"),
    ("三万五千", "35000"),
    ("一亿五千万", "150000000"),
    ("两万亿", "2000000000000"),
    ("五五", None),
    ("亿", None),
]


@pytest.mark.parametrize(("words", "expected"), rows(PARSE_NUMBER_WORDS))
def test_parse_number_words(words, expected):
    result = parse_number_words(words.split())
    if expected is None:
        assert result is None
    else:
        assert result is not None
        assert canonical(result) == Decimal(expected)


# --------------------------------------------------------------------------------------------------
# decimal_text: the written form of a Decimal, no exponent and no trailing fractional zeros.
# Rows: (input Decimal as str, expected decimal_text(...))
# --------------------------------------------------------------------------------------------------
CANONICAL = [
    ("2.80E+9", "2800000000"),
    ("2800000000.00", "2800000000"),
    ("33.30", "33.3"),
    ("100", "100"),
    ("1E+3", "1000"),
    ("1.23E+10", "12300000000"),
    ("0.50", "0.5"),
    ("1.5", "1.5"),
    ("0", "0"),
    ("0.000", "0"),
    ("1500000.00", "1500000"),
    ("-2.50", "-2.5"),
    ("0.0001", "0.0001"),
    ("1E-7", "0.0000001"),
]


@pytest.mark.parametrize(("value", "expected"), rows(CANONICAL))
def test_decimal_text(value, expected):
    assert decimal_text(Decimal(value)) == expected


def test_canonical_of_scaled_numeral():
    """The module's own example: "2.80 billion" is written 2800000000 everywhere."""
    assert decimal_text(parse_numeral("2.80") * 10**9) == "2800000000"
