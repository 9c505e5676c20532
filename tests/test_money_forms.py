"""Table tests of the ways news writes money and percentages, through `policyextract.extract`.

Each row is a sentence in this project's own words, with the exact list of what a careful reader takes
it to state: (span text, value, currency[, currency_inferred]). Values are written by hand. A spurious
extra record fails its row as surely as a missed one. The last tests are properties: every amount,
printed back with its scale word, reads again to the same value.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import policyextract
from policyextract.families.amounts.interpreting import CurrencyContext
from policyextract.extractor import default_extractor


def amounts(sentence: str) -> list[tuple[str, str, str | None]]:
    return [(a.span.text, str(a.value), a.currency) for a in policyextract.extract(sentence).amounts]


def row(sentence: str, expected: list, id: str):
    return pytest.param(sentence, expected, id=id)


INDIAN = [
    row("The cabinet approved ₹12,500 crore for chip plants.", [("₹12,500 crore", "125000000000", "INR")], "rupee-sign-crore"),
    row("The scheme costs Rs 2.3 lakh crore over five years.", [("Rs 2.3 lakh crore", "2300000000000", "INR")], "rs-lakh-crore"),
    row("A grant of Rs.500 crore was cleared.", [("Rs.500 crore", "5000000000", "INR")], "rs-dot-fused-crore"),
    row("Each startup may get up to 35 lakh rupees.", [("35 lakh rupees", "3500000", "INR")], "lakh-rupees"),
    row("The budget line reads ₹1,06,102.8 crore.", [("₹1,06,102.8 crore", "1061028000000", "INR")], "indian-grouping-crore"),
    row("He was paid 12,34,567.89 rupees.", [("12,34,567.89 rupees", "1234567.89", "INR")], "indian-grouping-rupees"),
    row("The outlay is Rs 10 thousand crore.", [("Rs 10 thousand crore", "100000000000", "INR")], "thousand-crore"),
]

CURRENCIES = [
    row("Moscow set aside 12 billion rubles for AI.", [("12 billion rubles", "12000000000", "RUB")], "rubles"),
    row("The Kremlin fund holds 5 billion roubles.", [("5 billion roubles", "5000000000", "RUB")], "roubles"),
    row("Brasilia pledged R$7.5 billion to chips.", [("R$7.5 billion", "7500000000", "BRL")], "real-sign"),
    row("The fund raised 3 billion Brazilian reals.", [("3 billion Brazilian reals", "3000000000", "BRL")], "reals-cldr-plural"),
    row("A CN¥80 billion programme began.", [("CN¥80 billion", "80000000000", "CNY")], "cn-yen-sign"),
    row("Taipei offers NT$5 billion in grants.", [("NT$5 billion", "5000000000", "TWD")], "nt-dollar"),
    row("Canberra adds A$1.2 billion.", [("A$1.2 billion", "1200000000", "AUD")], "australian-dollar-sign"),
    row("Hanoi spent ₫2 trillion on data centres.", [("₫2 trillion", "2000000000000", "VND")], "dong-sign"),
    row("Ankara lent 10 billion Turkish lira.", [("10 billion Turkish lira", "10000000000", "TRY")], "turkish-lira"),
    row("Stockholm gave 400 million Swedish kronor.", [("400 million Swedish kronor", "400000000", "SEK")], "kronor"),
    row("Kuala Lumpur approved RM5 billion.", [("RM5 billion", "5000000000", "MYR")], "ringgit-sign"),
    row("Warsaw allotted 2 billion zlotys.", [("2 billion zlotys", "2000000000", "PLN")], "zlotys"),
    row("Riyadh set up a 10 billion Saudi riyals fund.", [("10 billion Saudi riyals", "10000000000", "SAR")], "saudi-riyals"),
    row("Abu Dhabi put AED 5 billion into AI.", [("AED 5 billion", "5000000000", "AED")], "aed-code"),
    row("Miners hold 10,000 bitcoins.", [("10,000 bitcoins", "10000", "BTC")], "bitcoins"),
    row("Zurich invests 300 million CHF.", [("300 million CHF", "300000000", "CHF")], "chf-after"),
    row("Bucharest set aside RON 5 billion.", [("RON 5 billion", "5000000000", "RON")], "capital-code-from-cldr"),
    row("Shanghai raised Rmb1.5tn.", [("Rmb1.5tn", "1500000000000", "CNY")], "title-case-overlay-code"),
    row("Dubai set aside Dh5 billion for AI.", [("Dh5 billion", "5000000000", "AED")], "dirham-dh"),
    row("Doha pledged QR5bn.", [("QR5bn", "5000000000", "QAR")], "qatari-riyal-qr"),
    row("The Saudi fund adds SR10 billion.", [("SR10 billion", "10000000000", "SAR")], "saudi-riyal-sr"),
    row("Riyadh will spend 5 billion riyals, a Saudi official said.", [("5 billion riyals", "5000000000", "SAR")], "riyals-in-a-saudi-story"),
    row("The Swiss parliament approved 2 billion francs.", [("2 billion francs", "2000000000", "CHF")], "francs-in-a-swiss-story"),
    row("French and Swiss firms spent 2 billion francs.", [], "francs-with-two-countries"),
    row("He paid 500 million francs.", [], "francs-with-no-country"),
]

ORDER = [
    row("They lost 75 USD million last year.", [("75 USD million", "75000000", "USD")], "code-before-scale"),
    row("The deal is worth USD 10 bn.", [("USD 10 bn", "10000000000", "USD")], "code-number-bn"),
    row("The chip costs 10k$ at retail.", [("10k$", "10000", "USD")], "k-dollar-fused"),
    row("Shares closed at 3.14US$ on Friday.", [("3.14US$", "3.14", "USD")], "us-dollar-after"),
    row("Beijing earmarked CNY300 billion.", [("CNY300 billion", "300000000000", "CNY")], "cny-fused"),
    row("Output reached 300bn yuan.", [("300bn yuan", "300000000000", "CNY")], "bn-yuan"),
    row("The fund holds US$ 3.5bn.", [("US$ 3.5bn", "3500000000", "USD")], "us-dollar-space-bn"),
    row("The plan costs $3,5 billion.", [("$3,5 billion", "3500000000", "USD")], "decimal-comma"),
    row("Losses exceeded 30 MUSD.", [("30 MUSD", "30000000", "USD")], "musd"),
    row("Sales were MEUR 120.", [("MEUR 120", "120000000", "EUR")], "meur-before"),
    row("The ticket was 10 € at the door.", [("10 €", "10", "EUR")], "euro-sign-after"),
    row("Exports fell to hk $ 10.05 billion.", [("hk $ 10.05 billion", "10050000000", "HKD")], "spaced-hk-dollar"),
    row("The price starts at dollar 22.5 million.", [("dollar 22.5 million", "22500000", "USD")], "name-before-number-with-scale"),
    row("In 2021 $5 bought a coffee.", [("$5", "5", "USD")], "year-before-fused-sign"),
    row("They paid 500 USD,100 times too much.", [("500 USD", "500", "USD")], "code-comma-number"),
    row("A $3 billion Hong Kong dollars fund.", [("$3 billion Hong Kong dollars", "3000000000", "HKD")], "dollar-sign-with-named-dollar"),
]

FRACTIONS_AND_SUBUNITS = [
    row("Brussels adds a quarter of a billion euros.", [("a quarter of a billion euros", "250000000", "EUR")], "quarter-of-a-billion"),
    row("It will cost three-quarters of a billion dollars.", [("three-quarters of a billion dollars", "750000000", "USD")], "three-quarters-of-a-billion"),
    row("The prize is half a million dollars.", [("half a million dollars", "500000", "USD")], "half-a-million"),
    row("It costs a quarter million us dollars.", [("a quarter million us dollars", "250000", "USD")], "a-quarter-million"),
    row("Fares rose 80 cents.", [("80 cents", "0.8", "USD")], "cents-alone"),
    row("Shares ended at 470 pence.", [("470 pence", "4.7", "GBP")], "pence"),
    row("The stock fell one penny.", [("one penny", "0.01", "GBP")], "one-penny"),
    row("A 12-cent-a-share dividend was paid.", [("12-cent", "0.12", "USD")], "hyphenated-cent"),
    row("The toll is 3 dollars 50 cents.", [("3 dollars 50 cents", "3.5", "USD")], "dollars-cents"),
    row("Lunch was $20 and 43 cents.", [("$20 and 43 cents", "20.43", "USD")], "sign-and-cents"),
    row("It sold for thirteen dollars and forty-five cents", [("thirteen dollars and forty-five cents", "13.45", "USD")], "words-dollars-and-cents"),
    row("It costs 15 dollars 50.", [("15 dollars 50", "15.5", "USD")], "bare-cents-clause-end"),
    row("We paid 300 dollars 2 times.", [("300 dollars", "300", "USD")], "bare-number-not-cents-before-noun"),
    row("rmb 10 usd 20", [("rmb 10", "10", "CNY"), ("usd 20", "20", "USD")], "two-codes-two-numbers"),
    row("3 USD50 cards", [("USD50", "50", "USD")], "fused-code-belongs-to-next"),
]

CJK = [
    row("The district offers 100元 vouchers.", [("100元", "100", "CNY")], "yuan-char"),
    row("A 5亿元 fund was set up.", [("5亿元", "500000000", "CNY")], "yi-yuan"),
    row("It invested 3000万元 in labs.", [("3000万元", "30000000", "CNY")], "wan-yuan"),
    row("The plan is worth 1.2万亿元.", [("1.2万亿元", "1200000000000", "CNY")], "wan-yi-yuan"),
    row("A 五亿元 subsidy pool.", [("五亿元", "500000000", "CNY")], "cjk-numeral-yuan"),
]

CHANGES = [
    row("The unit posted a loss of $5 million.", [("$5 million", "5000000", "USD")], "loss-stays-positive"),
    row("Reserves were down $3 billion in May.", [("$3 billion", "3000000000", "USD")], "down-stays-positive"),
]

NOT_MONEY = [
    row("All 70 of us came.", [], "all-is-no-code"),
    row("ALL 5 solutions are wrong.", [], "all-caps-is-no-code"),
    row("He tried 3 times.", [], "times"),
    row("They won 5 prizes.", [], "won-verb"),
    row("The dollar 20 years ago was stronger.", [], "currency-name-before-year-count"),
    row("Two US dollar-pegged coins launched.", [], "dollar-pegged"),
    row("The 5 Arab states met.", [], "arab-is-no-scale"),
    row("It weighs 10 pounds.", [], "pounds-weight"),
    row("In Q3 2024 EUR/USD fell to 1.05.", [], "currency-pair-after-year"),
    row("In 2023 € rates rose.", [], "year-then-sign"),
    row("Copyright 2001 Ron Smith.", [], "title-case-code-is-a-name"),
    row("Released under the BSD 3-Clause licence.", [], "bsd-licence"),
    row("It cost $5 billion in 2020 dollars.", [("$5 billion", "5000000000", "USD")], "constant-dollars-of-a-year"),
    row("He paid 2000 dollars in cash.", [("2000 dollars", "2000", "USD")], "year-like-number-of-dollars"),
    row("A grant of 2000 yuan per firm.", [("2000 yuan", "2000", "CNY")], "year-like-number-after-of"),
    row("In 2024 USD strengthened.", [], "year-then-code"),
]


@pytest.mark.parametrize(("sentence", "expected"), INDIAN + CURRENCIES + ORDER + FRACTIONS_AND_SUBUNITS + CJK + CHANGES + NOT_MONEY)
def test_money_forms(sentence, expected):
    assert amounts(sentence) == expected


@pytest.mark.parametrize(("sentence", "currency", "inferred"), [
    pytest.param("The fund raised $5 billion.", "USD", True, id="bare-dollar-sign"),
    pytest.param("The fund raised US$5 billion.", "USD", False, id="us-dollar-sign"),
    pytest.param("China's bank injected ¥500 billion.", "CNY", True, id="yen-sign-china"),
    pytest.param("Japan's SoftBank invested ¥500 billion in Tokyo.", "JPY", True, id="yen-sign-japan"),
    pytest.param("Hitachi will put ¥80 billion into battery plants.", "JPY", True, id="yen-sign-japanese-company"),
    pytest.param("Hitachi and a Chinese partner signed a ¥80 billion deal.", "CNY", True, id="yen-sign-japanese-company-and-china"),
    pytest.param("Tencent will put ¥80 billion into cloud services.", "CNY", True, id="yen-sign-chinese-company"),
    pytest.param("The government set aside HK$2 billion; another 5 billion dollars follows.", "HKD", True,
                 id="bare-dollars-in-hong-kong-story"),
    pytest.param("HK$2 billion ($256 million) now, then 5 billion dollars.", "USD", True, id="bare-dollars-when-us-dollars-written"),
    pytest.param("Seoul spends 3 trillion won.", "KRW", False, id="won-name"),
    pytest.param("Fares rose 80 cents.", "USD", True, id="cents-alone"),
    pytest.param("Brussels set aside €2 billion; the levy rises 5 cents a litre.", "EUR", True, id="cents-in-a-euro-story"),
])
def test_currency_inferred(sentence, currency, inferred):
    last = policyextract.extract(sentence).amounts[-1]
    assert (last.currency, last.currency_inferred) == (currency, inferred)


PERCENTAGES = [
    row("Exports rose 12 per cent.", [("12 per cent", "12", "percent", None)], "per-cent"),
    row("Exports rose 12 pct.", [("12 pct", "12", "percent", None)], "pct"),
    row("The rate rose 1.25 percentage points.", [("1.25 percentage points", "1.25", "percentage_points", None)], "percentage-points"),
    row("Margins fell half a percentage point.", [], "no-number-points"),
    row("Costs rose 15-20%.", [("15-20%", "15", "percent", ("15", "20"))], "range-hyphen"),
    row("Costs rose 15% to 20%.", [("15% to 20%", "15", "percent", ("15", "20"))], "range-to-both-signs"),
    row("Growth was -5% last year.", [("-5%", "-5", "percent", None)], "minus-sign"),
    row("Growth was minus 2.1 percent.", [("minus 2.1 percent", "-2.1", "percent", None)], "minus-word"),
    row("Two-thirds of the fund goes to chips.", [("Two-thirds", "66.6666666667", "percent", None)], "two-thirds-of"),
    row("One quarter of firms use AI.", [("One quarter", "25", "percent", None)], "one-quarter-of"),
    row("One in five adults codes.", [("One in five", "20", "percent", None)], "one-in-five"),
    row("one third", [], "fraction-without-of"),
    row("In the first quarter of 2024 output rose.", [], "first-quarter-is-no-share"),
    row("It placed one in 2023.", [], "one-in-a-year"),
    row("The percent of 10-year-olds grew.", [], "percent-of-before-a-noun"),
]


@pytest.mark.parametrize(("sentence", "expected"), PERCENTAGES)
def test_percentage_forms(sentence, expected):
    got = [(p.span.text, str(p.value), p.unit, (str(p.range.low), str(p.range.high)) if p.range else None)
           for p in policyextract.extract(sentence).percentages]
    assert got == expected


# --------------------------------------------------------------------------------------------------
# Property: a value printed back with its scale word reads again to the same value.
# --------------------------------------------------------------------------------------------------
SCALES = ["thousand", "million", "billion", "trillion", "k", "m", "mn", "bn", "tn", "lakh", "crore", "lakh crore"]
CURRENCY_WORDS = ["yuan", "rupees", "euros", "US dollars", "rubles", "Hong Kong dollars"]


def _scale_value(reader, scale: str) -> Decimal:
    value = Decimal(1)
    for word in scale.split():
        value *= reader.lexicon.scale(word)
    return value


@settings(max_examples=300, deadline=None)
@given(
    number=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2, allow_nan=False, allow_infinity=False),
    scale=st.sampled_from(SCALES),
    currency=st.sampled_from(CURRENCY_WORDS),
)
def test_printed_value_reads_back(number, scale, currency):
    reader = default_extractor().amount_reader
    context = CurrencyContext("")
    words = [format(number, "f"), *scale.split(), *currency.split()]
    reading = reader.read(words, context=context)
    assert reading is not None
    assert reading.value == number * _scale_value(reader, scale)
    # and the record's value, divided by the scale and printed again, is the same amount
    printed = [format((reading.value / _scale_value(reader, scale)).normalize(), "f"), *scale.split(), *currency.split()]
    assert reader.read(printed, context=context).value == reading.value


@pytest.mark.parametrize("sentence", [s.values[0] for s in INDIAN + CURRENCIES + ORDER + CJK])
def test_extracted_amount_reads_back(sentence):
    """Every amount of the tables, its value printed with each scale word that divides it, reads back."""
    reader = default_extractor().amount_reader
    for amount in policyextract.extract(sentence).amounts:
        for scale in ("billion", "million", "crore", "thousand"):
            unit = reader.lexicon.scale(scale)
            number = (amount.value / unit).normalize()
            if number.as_tuple().exponent < -6 or number == 0:
                continue
            printed = [format(number, "f"), scale, "yuan"]
            assert reader.read(printed, context=CurrencyContext("")).value == amount.value
