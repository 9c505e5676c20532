"""Table-driven, text-level tests of money amounts and percentages through `policyextract.extract`.

Every row is one sentence written the way English-language news about Chinese policy, Web3 and tech
funding writes money: digits with separators, number words, scale words and their abbreviations
("bn", "mn", "m", "k", "tn"), signs and codes fused to the number ("RMB500m", "US$3bn", "Rmb1.5tn"),
currency names after the number ("Hong Kong dollars"), ranges, conversions in parentheses, modifiers
("approximately", "up to", "no less than") and rates ("annually", "per project"). Several sentences
are taken from or modelled on the seed articles in `corpus/`; the rest are typical news phrasings.

Expected values follow the field meanings in `tests/golden/README.md` and the module docstring of
`policyextract.families.amounts.interpreting` (the "¥" rule). They are what a careful reader says the text states, written
by hand, never output saved from the extractor. The first table asserts the *exact* list of amounts of
a sentence, so a spurious extra amount fails its row as surely as a missed one.

Known failures, when there are any, are rows marked `pytest.mark.xfail(strict=True, reason=...)`, so
that fixing the code turns them into failures that ask for the mark to be removed.
"""

from __future__ import annotations

import pytest

import policyextract



def amounts_of(sentence: str) -> list:
    return policyextract.extract(sentence).amounts


def percentages_of(sentence: str) -> list:
    return policyextract.extract(sentence).percentages


# ==================================================================================================
# 1. Which amounts a sentence states: exact list of (span text, value, currency), in text order.
# ==================================================================================================
AMOUNTS = [
    # --- digits, thousands separators, decimals ---------------------------------------------------
    pytest.param("The fund has 5,000,000 yuan in capital.", [("5,000,000 yuan", "5000000", "CNY")], id="digits-separators-yuan"),
    pytest.param("The project received $2.80 billion in funding.", [("$2.80 billion", "2800000000", "USD")], id="dollar-2.80-billion"),
    pytest.param("Grants of $100,000 were awarded to ten teams.", [("$100,000", "100000", "USD")], id="dollar-100,000"),
    pytest.param("Minting a token costs $1.5 on the new chain.", [("$1.5", "1.5", "USD")], id="dollar-decimal-no-scale"),
    pytest.param("The subsidy totals 1,234,567.89 yuan.", [("1,234,567.89 yuan", "1234567.89", "CNY")], id="separators-and-decimals"),
    pytest.param("Bitcoin traded at $67,250.50 on Monday.", [("$67,250.50", "67250.5", "USD")], id="dollar-price-trailing-zero"),
    pytest.param("The firm paid a fine of 300,000 yuan.", [("300,000 yuan", "300000", "CNY")], id="fine-300,000-yuan"),
    pytest.param("Each winner receives 5,000yuan.", [("5,000yuan", "5000", "CNY")], id="fused-5,000yuan"),
    pytest.param("Its market value passed $21 trillion.", [("$21 trillion", "21000000000000", "USD")], id="dollar-trillion"),
    # --- no currency named: an amount only in a money context ----------------------------------
    pytest.param("The projects represent a total investment of 8.1 billion.", [("8.1 billion", "8100000000", None)], id="no-currency-investment-of"),
    pytest.param("The startup was valued at 3 billion after the round.", [("3 billion", "3000000000", None)], id="no-currency-valued-at"),
    pytest.param("The district has a budget of 500,000 for the pilot.", [("500,000", "500000", None)], id="no-currency-budget-of-separators"),
    pytest.param("The budget of 2025 was approved.", [], id="not-year-after-money-noun"),
    pytest.param("The app has 7 million users.", [], id="not-count-without-money-context"),
    # --- odd spaces between the parts of an amount (spans keep the text as written) -------------
    pytest.param("It raised $5\xa0million in May.", [("$5\xa0million", "5000000", "USD")], id="nbsp-before-scale"),
    pytest.param("A fund of 20\xa0billion yuan.", [("20\xa0billion yuan", "20000000000", "CNY")], id="nbsp-number-scale"),
    pytest.param("It raised $5\tmillion.", [("$5\tmillion", "5000000", "USD")], id="tab-before-scale"),
    pytest.param("\ufeff$5 million was raised.", [("$5 million", "5000000", "USD")], id="bom-before-sign"),
    pytest.param("It got x\u200b$5 million.", [("$5 million", "5000000", "USD")], id="zero-width-space-before-sign"),
    # --- number words -----------------------------------------------------------------------------
    pytest.param("The city will invest two hundred million yuan in the park.", [("two hundred million yuan", "200000000", "CNY")], id="words-two-hundred-million-yuan"),
    pytest.param("The startup raised a billion dollars.", [("a billion dollars", "1000000000", "USD")], id="words-a-billion-dollars"),
    pytest.param("He donated half a million dollars to the foundation.", [("half a million dollars", "500000", "USD")], id="words-half-a-million-dollars"),
    pytest.param("The company raised twenty-five million dollars in its Series B.", [("twenty-five million dollars", "25000000", "USD")], id="words-twenty-five-million-dollars"),
    pytest.param("The district set aside a hundred million yuan for pilots.", [("a hundred million yuan", "100000000", "CNY")], id="words-a-hundred-million-yuan"),
    pytest.param(
        "Investors committed two and a half million dollars.", [("two and a half million dollars", "2500000", "USD")],
        id="words-two-and-a-half-million",
    ),
    pytest.param("The fund keeps ten thousand dollars in reserve.", [("ten thousand dollars", "10000", "USD")], id="words-ten-thousand-dollars"),
    pytest.param(
        "A ticket costs one hundred and five yuan.", [("one hundred and five yuan", "105", "CNY")],
        id="words-one-hundred-and-five-yuan",
    ),
    pytest.param("Each team gets five million yuan.", [("five million yuan", "5000000", "CNY")], id="words-five-million-yuan"),
    # --- scale words and abbreviations -----------------------------------------------------------
    pytest.param("The plan allocates 20 billion yuan to computing infrastructure.", [("20 billion yuan", "20000000000", "CNY")], id="20-billion-yuan"),
    pytest.param("The market could reach 3 trillion yuan by 2030.", [("3 trillion yuan", "3000000000000", "CNY")], id="3-trillion-yuan-by-2030"),
    pytest.param("A 500 thousand yuan prize goes to the winner.", [("500 thousand yuan", "500000", "CNY")], id="thousand-yuan"),
    pytest.param("The founders raised $50k in seed funding.", [("$50k", "50000", "USD")], id="fused-k"),
    pytest.param("The bank issued RMB500m in digital bonds.", [("RMB500m", "500000000", "CNY")], id="fused-RMB500m"),
    pytest.param(
        "The bank issued RMB500m.", [("RMB500m", "500000000", "CNY")], id="fused-RMB500m-sentence-end",
    ),
    pytest.param("Revenue reached $2.8bn last year.", [("$2.8bn", "2800000000", "USD")], id="fused-$2.8bn"),
    pytest.param("The fund has US$3bn under management.", [("US$3bn", "3000000000", "USD")], id="fused-US$3bn"),
    pytest.param("China's local governments issued ¥1.2 trillion in special bonds.", [("¥1.2 trillion", "1200000000000", "CNY")], id="yen-sign-trillion-china"),
    pytest.param("Outstanding loans hit Rmb1.5tn.", [("Rmb1.5tn", "1500000000000", "CNY")], id="fused-Rmb1.5tn"),
    pytest.param("The government set up a HK$10 million fund for Web3 startups.", [("HK$10 million", "10000000", "HKD")], id="HK$10-million"),
    pytest.param(
        "The grant is worth S$5m.", [("S$5m", "5000000", "SGD")], id="fused-S$5m-sentence-end",
    ),
    pytest.param("The EU awarded €5m to the consortium.", [("€5m", "5000000", "EUR")], id="fused-euro-5m"),
    pytest.param("The UK fund totals £3bn.", [("£3bn", "3000000000", "GBP")], id="fused-pound-3bn"),
    pytest.param(
        "The deal is valued at USD5m.", [("USD5m", "5000000", "USD")], id="fused-USD5m-sentence-end",
    ),
    pytest.param(
        "The founders raised $50k.", [("$50k", "50000", "USD")], id="fused-k-sentence-end",
    ),
    pytest.param("The startup closed a $12mn round.", [("$12mn", "12000000", "USD")], id="fused-mn"),
    pytest.param("The bank raised 20bn yuan from investors.", [("20bn yuan", "20000000000", "CNY")], id="fused-20bn-yuan"),
    pytest.param("Global debt stands at $1.2tn.", [("$1.2tn", "1200000000000", "USD")], id="fused-tn"),
    pytest.param("Korea plans to spend 3 trillion won on AI chips.", [("3 trillion won", "3000000000000", "KRW")], id="trillion-won"),
    pytest.param("The agency received a $ 14 million grant.", [("$ 14 million", "14000000", "USD")], id="dollar-space-number"),
    # --- currency signs, codes and names before or after -----------------------------------------
    pytest.param("The fund raised USD 5 million.", [("USD 5 million", "5000000", "USD")], id="code-before-USD"),
    pytest.param("The fund raised 5 million USD.", [("5 million USD", "5000000", "USD")], id="code-after-USD"),
    pytest.param("The bank lent RMB 800 million to the project.", [("RMB 800 million", "800000000", "CNY")], id="code-before-RMB"),
    pytest.param("The bank lent 800 million RMB to the project.", [("800 million RMB", "800000000", "CNY")], id="code-after-RMB"),
    pytest.param("Transactions totalled 90 billion renminbi.", [("90 billion renminbi", "90000000000", "CNY")], id="name-renminbi"),
    pytest.param("The budget is CNY 20 billion.", [("CNY 20 billion", "20000000000", "CNY")], id="code-before-CNY"),
    pytest.param("Reserves rose to 30 billion CNY.", [("30 billion CNY", "30000000000", "CNY")], id="code-after-CNY"),
    pytest.param("The fund was set at 10 million Hong Kong dollars.", [("10 million Hong Kong dollars", "10000000", "HKD")], id="name-Hong-Kong-dollars"),
    pytest.param("The firm raised 5 million U.S. dollars.", [("5 million U.S. dollars", "5000000", "USD")], id="name-U.S.-dollars"),
    pytest.param("Tokens worth 10 million US dollars were burned.", [("10 million US dollars", "10000000", "USD")], id="name-US-dollars"),
    pytest.param("The fund holds HKD 300,000 in cash.", [("HKD 300,000", "300000", "HKD")], id="code-before-HKD"),
    pytest.param("The company invested AED 5m in the hub.", [("AED 5m", "5000000", "AED")], id="code-before-AED-m"),
    pytest.param("The contract is worth 50 million euros.", [("50 million euros", "50000000", "EUR")], id="name-euros"),
    pytest.param("The exchange paid 2 million Singapore dollars.", [("2 million Singapore dollars", "2000000", "SGD")], id="name-Singapore-dollars"),
    pytest.param("The investment was 30 million Chinese yuan.", [("30 million Chinese yuan", "30000000", "CNY")], id="name-Chinese-yuan"),
    pytest.param("The grant was 1.5 million pounds sterling.", [("1.5 million pounds sterling", "1500000", "GBP")], id="name-pounds-sterling"),
    pytest.param("The Bank of Japan bought 5 trillion yen of bonds.", [("5 trillion yen", "5000000000000", "JPY")], id="name-yen"),
    # --- the "¥" rule: CNY, but JPY in a text that names Japan and not China ----------------------
    pytest.param("Japan's SoftBank invested ¥500 billion in Tokyo startups.", [("¥500 billion", "500000000000", "JPY")], id="yen-sign-japan-text"),
    pytest.param("The Japanese firm paid ¥3 billion for the stake.", [("¥3 billion", "3000000000", "JPY")], id="yen-sign-japanese-text"),
    pytest.param("China's central bank injected ¥500 billion.", [("¥500 billion", "500000000000", "CNY")], id="yen-sign-china-text"),
    pytest.param("Japan and China agreed a ¥1 trillion swap line.", [("¥1 trillion", "1000000000000", "CNY")], id="yen-sign-japan-and-china"),
    pytest.param("The fund raised ¥10 billion.", [("¥10 billion", "10000000000", "CNY")], id="yen-sign-no-country"),
    pytest.param("Beijing issued ￥3 billion in bonds.", [("￥3 billion", "3000000000", "CNY")], id="fullwidth-yen-sign-beijing"),
    pytest.param("Japanese investors put JP¥5 billion into the fund.", [("JP¥5 billion", "5000000000", "JPY")], id="JP-yen-sign"),
    # --- several amounts in one sentence ---------------------------------------------------------
    pytest.param(
        "Shanghai pledged 10 billion yuan and Shenzhen pledged 5 billion yuan.",
        [("10 billion yuan", "10000000000", "CNY"), ("5 billion yuan", "5000000000", "CNY")],
        id="two-amounts-and",
    ),
    pytest.param(
        "The fund grew from $2 million in 2022 to $5 million in 2024.",
        [("$2 million", "2000000", "USD"), ("$5 million", "5000000", "USD")],
        id="two-amounts-from-to-with-years",
    ),
    pytest.param(
        "Payments in e-CNY reached 1.8 trillion yuan.",
        [("1.8 trillion yuan", "1800000000000", "CNY")],
        id="e-CNY-next-to-amount",
    ),
    pytest.param("In 2021 5 million yuan was spent on pilots.", [("5 million yuan", "5000000", "CNY")], id="year-before-amount"),
    pytest.param("The yuan fell 0.5% against the dollar.", [], id="yuan-and-dollar-without-figure"),
    # --- ranges (value is the low end) ------------------------------------------------------------
    pytest.param("The fund will raise 1–2 billion yuan.", [("1–2 billion yuan", "1000000000", "CNY")], id="range-en-dash-yuan"),
    pytest.param("Startups may get between $5 million and $8 million.", [("between $5 million and $8 million", "5000000", "USD")], id="range-between-and"),
    pytest.param("The round is expected to raise $5-8 million.", [("$5-8 million", "5000000", "USD")], id="range-dollar-hyphen"),
    # --- conversions (both figures are amounts) ---------------------------------------------------
    pytest.param(
        "The city pledged 100 million yuan (approximately $14 million) annually.",
        [("100 million yuan", "100000000", "CNY"), ("$14 million", "14000000", "USD")],
        id="conversion-parentheses",
    ),
    pytest.param(
        "The fund totals 20 billion yuan, or $2.8 billion.",
        [("20 billion yuan", "20000000000", "CNY"), ("$2.8 billion", "2800000000", "USD")],
        id="conversion-comma-or",
    ),
    # --- not amounts: counts, years, ordinals, times, and currency words without a figure ----------
    pytest.param("More than 200 companies joined the alliance.", [], id="not-200-companies"),
    pytest.param("The app has 7 million users.", [], id="not-7-million-users"),
    pytest.param("The 14th Five-Year Plan sets digital goals.", [], id="not-14th-five-year-plan"),
    pytest.param("The rules take effect in 2025.", [], id="not-in-2025"),
    pytest.param("The hotline runs 24/7.", [], id="not-24/7"),
    pytest.param("Results are due in Q1 2025.", [], id="not-Q1-2025"),
    pytest.param("The platform serves 3m people.", [], id="not-3m-people"),
    pytest.param("Upbit launched Korean won trading services.", [], id="not-Korean-won-trading"),
    pytest.param("The pilot of e-CNY expanded to 26 cities.", [], id="not-e-CNY-pilot"),
    pytest.param(
        "The central bank unveiled its e-CNY 2.0 framework.", [], id="not-e-CNY-2.0",
    ),
    pytest.param("Over 1,000 enterprises registered in 2023.", [], id="not-1,000-enterprises"),
    pytest.param("The committee met on March 5, 2024.", [], id="not-date"),
    pytest.param("Article 5 of the rules covers stablecoins.", [], id="not-article-number"),
    pytest.param(
        "Of the 30 finalists, 5 won prizes.", [], id="not-won-as-verb",
    ),
    pytest.param(
        "Circle issues two US dollar-pegged stablecoins.", [], id="not-count-of-dollar-stablecoins",
    ),
    pytest.param("The $ sign appears on the token.", [], id="not-bare-dollar-sign"),
]


def _amount_triples(amounts) -> list[tuple[str, str, str | None]]:
    return [(a.span.text, str(a.value), a.currency) for a in amounts]


@pytest.mark.parametrize(("sentence", "expected"), AMOUNTS)
def test_amounts_found(sentence, expected):
    assert _amount_triples(amounts_of(sentence)) == expected


# ==================================================================================================
# 2. Modifiers and rates: the single amount of each sentence, with approximate / bound / per.
#    Rows: (sentence, span text, approximate, bound, per)
# ==================================================================================================
MODIFIERS = [
    # --- no modifier -----------------------------------------------------------------------------
    pytest.param("The fund is 5 billion yuan.", "5 billion yuan", False, None, None, id="none"),
    pytest.param("A total investment of 5 billion yuan was approved.", "5 billion yuan", False, None, None, id="none-total-investment-of"),
    pytest.param("The plan, approved about a week ago, allocates 5 billion yuan.", "5 billion yuan", False, None, None, id="none-about-not-adjacent"),
    pytest.param("Spending more than doubled to $3 billion.", "$3 billion", False, None, None, id="none-more-than-doubled"),
    # --- approximate -----------------------------------------------------------------------------
    pytest.param("The round raised approximately $5 million.", "$5 million", True, None, None, id="approximately"),
    pytest.param("The park cost about 3 billion yuan.", "3 billion yuan", True, None, None, id="about"),
    pytest.param("Losses reached nearly 2 billion yuan.", "2 billion yuan", True, None, None, id="nearly"),
    pytest.param("Investors put in some $40 million.", "$40 million", True, None, None, id="some"),
    pytest.param("The fund holds around 500 million yuan.", "500 million yuan", True, None, None, id="around"),
    pytest.param("The EU pledged roughly €5m to the project.", "€5m", True, None, None, id="roughly"),
    pytest.param("Output is close to 1 trillion yuan.", "1 trillion yuan", True, None, None, id="close-to"),
    pytest.param("The sector is worth an estimated $3 billion.", "$3 billion", True, None, None, id="an-estimated"),
    pytest.param("The hack cost almost $1 billion.", "$1 billion", True, None, None, id="almost"),
    # --- bound min -------------------------------------------------------------------------------
    pytest.param("The zone attracted more than 10 billion yuan.", "10 billion yuan", False, "min", None, id="more-than"),
    pytest.param("The startup raised over $2 million.", "$2 million", False, "min", None, id="over"),
    pytest.param("Applicants need at least 5 million yuan in capital.", "5 million yuan", False, "min", None, id="at-least"),
    pytest.param("The fraud involved in excess of $100 million.", "$100 million", False, "min", None, id="in-excess-of"),
    pytest.param("Deals worth upwards of $50 million were signed.", "$50 million", False, "min", None, id="upwards-of"),
    pytest.param("Firms with revenue above 1 billion yuan qualify.", "1 billion yuan", False, "min", None, id="above"),
    pytest.param("The fund will total no less than 500 million yuan.", "500 million yuan", False, "min", None, id="no-less-than"),
    pytest.param("Registered capital must be not less than 1 billion yuan.", "1 billion yuan", False, "min", None, id="not-less-than"),
    # --- bound max -------------------------------------------------------------------------------
    pytest.param("Projects can receive up to $10 million.", "$10 million", False, "max", None, id="up-to"),
    pytest.param("Firms with revenue under 5 million yuan are exempt.", "5 million yuan", False, "max", None, id="under"),
    pytest.param("The seed round raised less than $1 million.", "$1 million", False, "max", None, id="less-than"),
    pytest.param("Each subsidy is no more than 200,000 yuan.", "200,000 yuan", False, "max", None, id="no-more-than"),
    pytest.param("The fine is at most $3 million.", "$3 million", False, "max", None, id="at-most"),
    pytest.param("Losses could reach as much as 2 billion yuan.", "2 billion yuan", False, "max", None, id="as-much-as"),
    pytest.param("Prices stayed below $500,000.", "$500,000", False, "max", None, id="below"),
    pytest.param("The award is a maximum of 1 million yuan.", "1 million yuan", False, "max", None, id="a-maximum-of"),
    # --- rates -----------------------------------------------------------------------------------
    pytest.param("The city will spend 50 million yuan annually on subsidies.", "50 million yuan", False, None, "year", id="per-year-annually"),
    pytest.param("The company earns $2 billion a year.", "$2 billion", False, None, "year", id="per-year-a-year"),
    pytest.param("The fund injects 3 billion yuan each year.", "3 billion yuan", False, None, "year", id="per-year-each-year"),
    pytest.param("The licence fee is $5,000 per annum.", "$5,000", False, None, "year", id="per-year-per-annum"),
    pytest.param("Firms can claim up to 1 million yuan per year.", "1 million yuan", False, "max", "year", id="up-to-per-year"),
    pytest.param("Firms with an annual revenue of 20 million yuan qualify.", "20 million yuan", False, None, "year", id="per-year-annual-revenue-of"),
    pytest.param("The cluster targets an annual output value of 100 billion yuan.", "100 billion yuan", False, None, "year", id="per-year-annual-output-value-of"),
    pytest.param("The industry generates $4.6 trillion in annual revenues.", "$4.6 trillion", False, None, "year", id="per-year-in-annual-revenues"),
    pytest.param("Subsidies of up to 5 million yuan per project are available.", "5 million yuan", False, "max", "project", id="up-to-per-project"),
    pytest.param("Holders receive 2,000 yuan monthly.", "2,000 yuan", False, None, "month", id="per-month-monthly"),
    pytest.param("Rent is 10,000 yuan per month.", "10,000 yuan", False, None, "month", id="per-month-per-month"),
    pytest.param("The exchange settles $5 billion a day.", "$5 billion", False, None, "day", id="per-day-a-day"),
    pytest.param("Grants of 1 million yuan per company will be paid.", "1 million yuan", False, None, "company", id="per-company"),
    pytest.param("A subsidy of 3,000 yuan per person is offered.", "3,000 yuan", False, None, "person", id="per-person"),
]


@pytest.mark.parametrize(("sentence", "span", "approximate", "bound", "per"), MODIFIERS)
def test_amount_modifiers(sentence, span, approximate, bound, per):
    amounts = amounts_of(sentence)
    assert [a.span.text for a in amounts] == [span]
    (amount,) = amounts
    assert (amount.approximate, amount.bound, amount.per) == (approximate, bound, per)


# ==================================================================================================
# 3. Ranges: "1–2 billion yuan", "between $5 million and $8 million", "$5-8 million".
#    Rows: (sentence, span text, value (= low), low, high, currency)
# ==================================================================================================
RANGES = [
    pytest.param("The fund will raise 1–2 billion yuan.", "1–2 billion yuan", "1000000000", "1000000000", "2000000000", "CNY", id="en-dash-yuan"),
    pytest.param("The fund will raise 1-2 billion yuan.", "1-2 billion yuan", "1000000000", "1000000000", "2000000000", "CNY", id="hyphen-yuan"),
    pytest.param("The fund will raise 1 - 2 billion yuan.", "1 - 2 billion yuan", "1000000000", "1000000000", "2000000000", "CNY", id="spaced-hyphen-yuan"),
    pytest.param("Startups may get between $5 million and $8 million.", "between $5 million and $8 million", "5000000", "5000000", "8000000", "USD", id="between-dollar-and-dollar"),
    pytest.param("Startups may get between 5 and 8 million yuan.", "between 5 and 8 million yuan", "5000000", "5000000", "8000000", "CNY", id="between-scale-once"),
    pytest.param("The plan costs between 1 billion yuan and 2 billion yuan.", "between 1 billion yuan and 2 billion yuan", "1000000000", "1000000000", "2000000000", "CNY", id="between-yuan-and-yuan"),
    pytest.param("The round is expected to raise $5-8 million.", "$5-8 million", "5000000", "5000000", "8000000", "USD", id="dollar-hyphen-scale-once"),
    pytest.param("The round is expected to raise $5 million to $8 million.", "$5 million to $8 million", "5000000", "5000000", "8000000", "USD", id="dollar-to-dollar"),
    pytest.param("Each grant is 5 to 8 million dollars.", "5 to 8 million dollars", "5000000", "5000000", "8000000", "USD", id="to-dollars"),
    pytest.param("The fund targets US$1–2bn.", "US$1–2bn", "1000000000", "1000000000", "2000000000", "USD", id="fused-US$1-2bn"),
    pytest.param("The park will cost 500 million to 1 billion yuan.", "500 million to 1 billion yuan", "500000000", "500000000", "1000000000", "CNY", id="different-scales"),
    pytest.param("Each city gets from 3 to 5 billion yuan.", "3 to 5 billion yuan", "3000000000", "3000000000", "5000000000", "CNY", id="from-to"),
]


@pytest.mark.parametrize(("sentence", "span", "value", "low", "high", "currency"), RANGES)
def test_amount_ranges(sentence, span, value, low, high, currency):
    amounts = amounts_of(sentence)
    assert [a.span.text for a in amounts] == [span]
    (amount,) = amounts
    assert amount.range is not None
    assert (str(amount.value), str(amount.range.low), str(amount.range.high), amount.currency) == (value, low, high, currency)


NOT_RANGES = [
    pytest.param("The fund raised $5 million.", id="single-figure"),
    pytest.param("The fund will raise 2 billion yuan and 1 billion yuan more later.", id="two-figures-joined-by-and"),
    pytest.param("In 2023-2025 the city will invest 3 billion yuan.", id="year-span-before-amount"),
]


@pytest.mark.parametrize("sentence", NOT_RANGES)
def test_amounts_without_range(sentence):
    amounts = amounts_of(sentence)
    assert amounts
    assert all(a.range is None for a in amounts)


# ==================================================================================================
# 4. Conversions: the second figure restates the first in another currency; each points at the other.
#    Rows: (sentence, [(span, currency, approximate, bound, per, index of partner or None), ...])
# ==================================================================================================
CONVERSIONS = [
    pytest.param(
        "The city pledged 100 million yuan (approximately $14 million) annually.",
        [("100 million yuan", "CNY", False, None, "year", 1), ("$14 million", "USD", True, None, "year", 0)],
        id="parens-approx-inside-rate-after",
    ),
    pytest.param(
        "The fund totals 20 billion yuan, or $2.8 billion.",
        [("20 billion yuan", "CNY", False, None, None, 1), ("$2.8 billion", "USD", False, None, None, 0)],
        id="comma-or",
    ),
    pytest.param(
        "The sector earned over 135 billion yuan ($19.13 billion) in annual revenues.",
        [("135 billion yuan", "CNY", False, "min", "year", 1), ("$19.13 billion", "USD", False, "min", "year", 0)],
        id="bound-before-pair-rate-after-pair",
    ),
    pytest.param(
        "The plan invests 8.1 billion yuan ($1.13 billion) in infrastructure.",
        [("8.1 billion yuan", "CNY", False, None, None, 1), ("$1.13 billion", "USD", False, None, None, 0)],
        id="parens-plain",
    ),
    pytest.param(
        "The fund has 800 million yuan (about $112 million) to invest.",
        [("800 million yuan", "CNY", False, None, None, 1), ("$112 million", "USD", True, None, None, 0)],
        id="parens-about-inside",
    ),
    pytest.param(
        "The city pledged approximately 100 million yuan ($14 million).",
        [("100 million yuan", "CNY", True, None, None, 1), ("$14 million", "USD", True, None, None, 0)],
        id="approx-before-pair-applies-to-both",
    ),
    pytest.param(
        "Firms can receive up to 1 billion yuan ($140 million).",
        [("1 billion yuan", "CNY", False, "max", None, 1), ("$140 million", "USD", False, "max", None, 0)],
        id="up-to-before-pair-applies-to-both",
    ),
    pytest.param(
        "The budget is HK$10 million (US$1.28 million).",
        [("HK$10 million", "HKD", False, None, None, 1), ("US$1.28 million", "USD", False, None, None, 0)],
        id="hkd-to-usd",
    ),
    pytest.param(
        "The reserve holds 20 billion yuan (about 2.8 billion US dollars).",
        [("20 billion yuan", "CNY", False, None, None, 1), ("2.8 billion US dollars", "USD", True, None, None, 0)],
        id="parens-currency-name-after",
    ),
    pytest.param(
        "The EU grant of 10 million euros (approximately 78 million yuan) was signed.",
        [("10 million euros", "EUR", False, None, None, 1), ("78 million yuan", "CNY", True, None, None, 0)],
        id="eur-to-cny",
    ),
    pytest.param(
        "The regulator imposed a fine of 5 million yuan (nearly $700,000).",
        [("5 million yuan", "CNY", False, None, None, 1), ("$700,000", "USD", True, None, None, 0)],
        id="parens-nearly-inside",
    ),
    # not conversions
    pytest.param(
        "Shanghai pledged 10 billion yuan and Shenzhen pledged $1 billion.",
        [("10 billion yuan", "CNY", False, None, None, None), ("$1 billion", "USD", False, None, None, None)],
        id="not-two-pledges",
    ),
    pytest.param(
        "The round raised $5 million, or $2 million more than planned.",
        [("$5 million", "USD", False, None, None, None), ("$2 million", "USD", False, None, None, None)],
        id="not-same-currency-or",
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CONVERSIONS)
def test_amount_conversions(sentence, expected):
    amounts = amounts_of(sentence)
    ids = [a.id for a in amounts]
    actual = [
        (a.span.text, a.currency, a.approximate, a.bound, a.per, ids.index(a.equivalent) if a.equivalent in ids else a.equivalent)
        for a in amounts
    ]
    assert actual == expected


# ==================================================================================================
# 5. Percentages: exact list of (span text, value, approximate, bound, range) of each sentence.
# ==================================================================================================
PERCENTAGES = [
    # --- numbers with a percent sign or word -------------------------------------------------------
    pytest.param("US tariffs on Chinese goods rose to 104%.", [("104%", "104", False, None, None)], id="sign-integer"),
    pytest.param("The share reached 33.3% in March.", [("33.3%", "33.3", False, None, None)], id="sign-decimal"),
    pytest.param("Revenue grew 25 percent.", [("25 percent", "25", False, None, None)], id="word-percent"),
    pytest.param("Revenue grew 25 per cent.", [("25 per cent", "25", False, None, None)], id="words-per-cent"),
    pytest.param("Output rose twenty percent.", [("twenty percent", "20", False, None, None)], id="number-words-percent"),
    pytest.param("Exports rose 3.5 pct in May.", [("3.5 pct", "3.5", False, None, None)], id="pct"),
    pytest.param("The state holds 100 percent of the shares.", [("100 percent", "100", False, None, None)], id="100-percent"),
    pytest.param("The rate was cut by 0.5% today.", [("0.5%", "0.5", False, None, None)], id="half-percent"),
    pytest.param("Margins were 5 % last year.", [("5 %", "5", False, None, None)], id="spaced-sign"),
    pytest.param(
        "Costs fell １０％ this year.", [("１０％", "10", False, None, None)], id="fullwidth-digits-and-sign",
    ),
    pytest.param(
        "Costs fell 10％ this year.", [("10％", "10", False, None, None)], id="fullwidth-sign",
    ),
    pytest.param(
        "Tariffs rose 25% and then 33.3%.",
        [("25%", "25", False, None, None), ("33.3%", "33.3", False, None, None)],
        id="two-percentages",
    ),
    # --- modifiers -------------------------------------------------------------------------------
    pytest.param("The US imposed tariffs of up to 104%.", [("104%", "104", False, "max", None)], id="up-to-max"),
    pytest.param("Sales grew about 20%.", [("20%", "20", True, None, None)], id="about-approximate"),
    pytest.param("Nearly 40 percent of firms use AI.", [("40 percent", "40", True, None, None)], id="nearly-approximate"),
    pytest.param("More than 50% of the fund is invested.", [("50%", "50", False, "min", None)], id="more-than-min"),
    pytest.param("Fees may be no more than 30%.", [("30%", "30", False, "max", None)], id="no-more-than-max"),
    pytest.param("The state keeps at least 60 per cent.", [("60 per cent", "60", False, "min", None)], id="at-least-min"),
    # --- ranges ----------------------------------------------------------------------------------
    pytest.param("Costs fell 10-15%.", [("10-15%", "10", False, None, ("10", "15"))], id="range-hyphen"),
    pytest.param("Costs fell 10%-15%.", [("10%-15%", "10", False, None, ("10", "15"))], id="range-sign-both-ends"),
    pytest.param("Costs fell 10 to 15 percent.", [("10 to 15 percent", "10", False, None, ("10", "15"))], id="range-to-percent"),
    pytest.param("Costs fell 5–8%.", [("5–8%", "5", False, None, ("5", "8"))], id="range-en-dash"),
    # --- not percentages -------------------------------------------------------------------------
    pytest.param("The index rose 25 points.", [], id="not-points"),
    pytest.param("More than 200 companies joined.", [], id="not-count"),
    pytest.param("Prices are quoted per cent of face value.", [], id="not-per-cent-without-number"),
    pytest.param("The hotline runs 24/7.", [], id="not-24/7"),
    pytest.param("The fund raised 20 billion yuan.", [], id="not-amount"),
]


def _percentage_rows(percentages) -> list:
    return [
        (p.span.text, str(p.value), p.approximate, p.bound, None if p.range is None else (str(p.range.low), str(p.range.high)))
        for p in percentages
    ]


@pytest.mark.parametrize(("sentence", "expected"), PERCENTAGES)
def test_percentages(sentence, expected):
    assert _percentage_rows(percentages_of(sentence)) == expected
