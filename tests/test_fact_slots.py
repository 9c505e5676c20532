"""Facts read like an analyst's table: who, what metric, how much, by when, in which status.

One row per rule: each cue, each actor rule, each quantity form, each horizon convention. The
sentences are written for these tests in the way government and news texts state goals; the expected
values are what a careful reader notes.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import policyextract
from policyextract.families.facts.assembly import (
    ExchangeRates,
    bound_phrases,
    convert,
    horizon_deadline,
    read_counted,
    read_number_of,
)
from policyextract.patterns import load_patterns

PUBLISHED = date(2024, 3, 4)


def extract(text: str):
    return policyextract.extract(text, published=PUBLISHED)


def quantity(document, fact) -> Decimal:
    records = {r.id: r for r in (*document.amounts, *document.percentages)}
    return records[fact.amount or fact.percentage].value if (fact.amount or fact.percentage) else fact.count


# --- cues: the words that make a figure a goal, a plan, a commitment, a result or a forecast --------------
# (text, [(type, status, quantity text)])
CUES = [
    ("Wuxi shall build 12 data centres.", [("target", "planned", "12 data centres")]),
    ("Hefei strives to foster 40 quantum startups.", [("target", "target", "40 quantum startups")]),
    ("Xi'an aims to host 25 chip factories by 2028.", [("target", "target", "25 chip factories")]),
    ("Changsha targeted an industry scale of 80 billion yuan by 2026.", [("target", "target", "80 billion yuan")]),
    ("Nanning will open 15 robotics labs next year.", [("target", "planned", "15 robotics labs")]),
    ("Up to 900 research jobs to be created in Lanzhou", [("target", "planned", "900 research jobs")]),
    ("Kunming has already attracted 300 software firms.", [("statistic", "achieved", "300 software firms")]),
    # a count is a fact only when a cue before it (or a future passive after it) says what happens to it
    ("More than 300 firms attended the fair, which will run until Friday.", []),
    ("Harbin pledged 2 billion yuan for robotics.", [("funding", "announced", "2 billion yuan")]),
    ("Taiyuan earmarked 500 million yuan in subsidies for chip design.", [("subsidy", "announced", "500 million yuan")]),
    ("The metaverse market will be worth $900 billion by 2030, according to a report by Gartner.",
     [("financial_figure", "forecast", "$900 billion")]),
    ("Analysts expect the chip market to hit $600 billion in 2026.", [("financial_figure", "forecast", "$600 billion")]),
]


@pytest.mark.parametrize("text, expected", CUES, ids=[t[:45] for t, _ in CUES])
def test_cues_give_type_and_status(text, expected):
    assert [(f.type, f.status, f.quantity_span.text) for f in extract(text).facts] == expected


# --- actors -------------------------------------------------------------------------------------------
# (text, [(actor, quantity text)])
ACTORS = [
    # two clauses, two actors
    (("Hubei aims to grow its AI industry to 300 billion yuan by 2027, while Japan's industry ministry pledged "
      "500 billion yen for chips."), [("Hubei", "300 billion yuan"), ("Japan", "500 billion yen")]),
    ("Anhui plans to train 8,000 engineers; Zhejiang will build 20 computing centres.",
     [("Anhui", "8,000 engineers"), ("Zhejiang", "20 computing centres")]),
    # a headline's possessive: the possessed place commits
    ("China's Sichuan Targets 100 Billion Yuan AI Industry by 2026", [("Sichuan", "100 Billion Yuan")]),
    ("China's tech hub Shenzhen aims to host 50 AI labs", [("Shenzhen", "50 AI labs")]),
    # references to a body named before
    ("Wuhan issued its plan on Tuesday. By 2027, this Municipality shall build 30 computing centres.",
     [("Wuhan", "30 computing centres")]),
    ("Guizhou released a draft. The provincial government aims to attract 100 data firms.",
     [("Guizhou", "100 data firms")]),
    ("Hangzhou unveiled a subsidy scheme. The city plans to create 10,000 AI jobs.", [("Hangzhou", "10,000 AI jobs")]),
    # what a body says: the body that commits is the one the statement names
    (("The Shanghai Municipal Commission of Economy and Informatization issued a notice saying Shanghai will set up "
      "a 10 billion yuan AI fund."), [("Shanghai", "10 billion yuan")]),
    ("The ministry said Hunan will build 30 labs by 2025.", [("Hunan", "30 labs")]),
    ("Tencent said on Friday it would invest 2 billion yuan in data centres in Guizhou.", [("Tencent", "2 billion yuan")]),
    # a media outlet in a dateline reports, never commits
    ("SHENZHEN, (Xinhua News Agency) Shenzhen will launch a 5 billion yuan robotics fund.", [("Shenzhen", "5 billion yuan")]),
    # a place inside money is no actor
    ("Hainan will set up a fund of 1 billion yuan (about US$142 million).", [("Hainan", "1 billion yuan")]),
]


@pytest.mark.parametrize("text, expected", ACTORS, ids=[t[:45] for t, _ in ACTORS])
def test_actor_per_clause(text, expected):
    assert [(f.actor, f.quantity_span.text) for f in extract(text).facts] == expected


def test_a_third_partys_forecast_names_its_source_and_is_no_target():
    (fact,) = extract("Global AI spending will reach $500 billion by 2027, according to a report by Goldman Sachs.").facts
    assert (fact.type, fact.status, fact.source) == ("financial_figure", "forecast", "Goldman Sachs")


# --- quantity forms -------------------------------------------------------------------------------------
# (text, (count, count_max, count_form, unit, bound, baseline))
QUANTITIES = [
    ("Jilin aims to build 30 computing centres.", (Decimal(30), None, "count", "computing centres", None, None)),
    ("Jilin aims to cultivate three to five leading chip firms.",
     (Decimal(3), Decimal(5), "count", "leading chip firms", None, None)),
    ("Jilin aims to host at least 200 smart factories.", (Decimal(200), None, "count", "smart factories", "min", None)),
    ("Jilin will grow the number of tech firms from 1,000 to 5,000.",
     (Decimal(5000), None, "count", "tech firms", None, Decimal(1000))),
    ("Jilin aims to make its data centres four times more efficient.", (Decimal(4), None, "multiple", "times", None, None)),
    ("Jilin plans to double its computing capacity.", (Decimal(2), None, "multiple", "times", None, None)),
    ("Jilin aims for a sixfold rise in exports.", (Decimal(6), None, "multiple", "times", None, None)),
    ("Jilin aims to be among the top 10 AI regions.", (Decimal(10), None, "rank", "rank", None, None)),
]


@pytest.mark.parametrize("text, expected", QUANTITIES, ids=[t[:45] for t, _ in QUANTITIES])
def test_quantity_forms(text, expected):
    (fact,) = extract(text).facts
    assert fact.type == "target"
    assert (fact.count, fact.count_max, fact.count_form, fact.unit, fact.bound, fact.baseline) == expected


def test_a_list_of_goals_gives_one_fact_per_goal():
    facts = extract("By 2027, Wuhan shall build 30 computing centres, train 5,000 engineers and set up 10 innovation labs.").facts
    assert [(f.count, f.metric, f.status, str(f.deadline)) for f in facts] == [
        (Decimal(30), "computing centres built", "planned", "2027-12-31"),
        (Decimal(5000), "engineers trained", "planned", "2027-12-31"),
        (Decimal(10), "innovation labs", "planned", "2027-12-31"),
    ]


# (text, (quantity, baseline, metric))
BASELINES = [
    ("Hubei aims to grow AI revenue from 10 billion yuan to 50 billion yuan by 2027.",
     (Decimal(50000000000), Decimal(10000000000), "AI revenue")),
    ("The bloc wants 20% of global chip output by 2030, up from 10% today.",
     (Decimal(20), Decimal(10), "share of global chip output")),
]


@pytest.mark.parametrize("text, expected", BASELINES, ids=[t[:45] for t, _ in BASELINES])
def test_a_baseline_is_a_slot_of_the_goal_not_a_fact(text, expected):
    document = extract(text)
    (fact,) = document.facts
    assert (quantity(document, fact), fact.baseline, fact.metric) == expected


def test_a_result_takes_its_own_date_not_the_goals_deadline():
    facts = extract("Shanghai's AI industry reached 300 billion yuan last year, and the city aims to reach 500 billion yuan by 2025.").facts
    assert [(f.type, f.time_span.text, str(f.deadline)) for f in facts] == [
        ("financial_figure", "last year", "None"), ("target", "by 2025", "2025-12-31")]


def test_a_share_to_raise_is_a_target():
    document = extract("Jiangsu will raise the share of digital industries to 40% of GDP by 2025.")
    (fact,) = document.facts
    assert (fact.type, quantity(document, fact), fact.metric) == ("target", Decimal(40), "share of digital industries")


def test_frequencies_and_adjectives_are_no_multiples():
    assert extract("Jilin aims to meet investors three times a year to attract 20 firms.").facts[0].count_form == "count"
    assert all(f.count_form != "multiple" for f in extract("Jilin aims to end double taxation for 300 firms.").facts)


# (words of a COUNT match, form) -> (value, high, first word of the unit)
READINGS = [
    (["30", "computing", "centres"], "count", (Decimal(30), None, 1)),
    (["three", "to", "five", "firms"], "count", (Decimal(3), Decimal(5), 3)),
    (["5", "million", "users"], "count", (Decimal(5000000), None, 2)),
    (["2025", "companies"], "count", None),
    (["five", "times"], "multiple", (Decimal(5), None, 1)),
    (["10", "-", "fold"], "multiple", (Decimal(10), None, 1)),
    (["double"], "multiple", (Decimal(2), None, 1)),
    (["top", "10"], "rank", (Decimal(10), None, 2)),
    (["top", "-", "five"], "rank", (Decimal(5), None, 3)),
]


@pytest.mark.parametrize("words, form, expected", READINGS, ids=[" ".join(w) for w, _, _ in READINGS])
def test_read_counted(words, form, expected):
    assert read_counted(words, form, {"double": Decimal(2)}) == expected


def test_read_number_of():
    assert read_number_of(["number", "of", "AI", "firms", "from", "1,000", "to", "5,000"]) == (Decimal(5000), Decimal(1000), 2, 4)
    assert read_number_of(["number", "of", "labs", "to", "300"]) == (Decimal(300), None, 2, 3)


def test_count_bounds_are_the_modifier_patterns_words():
    bounds = bound_phrases(load_patterns().token_patterns)
    assert (bounds[("at", "least")], bounds[("more", "than")], bounds[("up", "to")], bounds[("no", "more", "than")]) == (
        "min", "min", "max", "max")


# --- metrics --------------------------------------------------------------------------------------------
METRICS = [
    ("Sichuan aims to achieve a market size of 250 billion yuan by 2025.", "market size"),
    ("Chongqing will strive to promote its digital economy to reach an output value of 1 trillion yuan by 2025.",
     "digital economy output value"),
    ("Shanghai aims to generate $6 billion annually from metaverse projects by 2025.", "annual revenue from metaverse projects"),
    ("Dubai plans to add $4 billion to its economy in five years.", "contribution to economy"),
    ("Guangdong wants to create 60,000 AI jobs in four years.", "AI jobs created"),
    ("Hong Kong aims at a computing power of 3,000 petaflops by 2026.", "computing power"),
    ("Seoul will invest 3.9 billion won in the metaverse platform.", "investment in metaverse platform"),
    ("India approved 103 billion rupees for its AI mission.", "funding for AI mission"),
]


@pytest.mark.parametrize("text, metric", METRICS, ids=[t[:45] for t, _ in METRICS])
def test_metric_is_the_measured_noun_phrase(text, metric):
    (fact,) = extract(text).facts
    assert fact.metric == metric
    assert fact.metric_span is not None and text[fact.metric_span.start:fact.metric_span.end] == fact.metric_span.text


def test_a_metric_is_never_a_type_name():
    (fact,) = extract("Jilin will provide 5 billion yuan.").facts
    assert fact.metric not in ("target", "funding", "financial figure")


# --- time and deadline ------------------------------------------------------------------------------------
# (text, deadline, basis); published 2024-03-04
HORIZONS = [
    ("Fujian aims to host 200 smart factories by 2026.", date(2026, 12, 31), "stated"),
    ("Fujian aims to host 200 smart factories by the end of 2026.", date(2026, 12, 31), "stated"),
    ("Fujian aims to host 200 smart factories until 2027.", date(2027, 12, 31), "stated"),
    ("Fujian aims to host 200 smart factories no later than 2027.", date(2027, 12, 31), "stated"),
    ("Fujian aims to host 200 smart factories in five years.", date(2029, 12, 31), "horizon"),
    ("Fujian aims to host 200 smart factories within 3 years.", date(2027, 12, 31), "horizon"),
    ("Fujian aims to host 200 smart factories over the next three years.", date(2027, 3, 4), "stated"),
    ("Fujian plans to open 20 labs in 2026.", date(2026, 12, 31), "stated"),
    ("Fujian plans to open 20 labs this year.", date(2024, 12, 31), "stated"),  # the year is not over yet
    # the day a goal was announced is no deadline
    ("Fujian said on Monday that it aims to host 200 smart factories.", None, None),
    ("Last year, Fujian aimed to host 200 smart factories.", None, None),
]


@pytest.mark.parametrize("text, deadline, basis", HORIZONS, ids=[t[:50] for t, _, _ in HORIZONS])
def test_deadline_conventions(text, deadline, basis):
    (fact,) = extract(text).facts
    assert (fact.deadline, fact.deadline_basis) == (deadline, basis)


def test_a_deadline_of_another_clause_is_not_this_facts():
    facts = extract("Hubei aims to grow its AI industry to 300 billion yuan by 2027, while Hunan will build 10 labs.").facts
    assert [str(f.deadline) for f in facts] == ["2027-12-31", "None"]


def test_horizon_is_the_publication_year_plus_n():
    assert (horizon_deadline(2022, 5), horizon_deadline(None, 5)) == (date(2027, 12, 31), None)


# --- money in common units ----------------------------------------------------------------------------------
RATES = ExchangeRates({("CNY", 2023): Decimal("7.0809"), ("JPY", 2023): Decimal("140.5"), ("CNY", 2022): Decimal("6.729")})
# (value, currency, stated, year) -> (usd, cny, fx_source)
CONVERSIONS = [
    (Decimal(250), "CNY", {"CNY": Decimal(250), "USD": Decimal("34.4")}, 2023, (Decimal("34.4"), Decimal(250), "stated")),
    (Decimal("7080.9"), "CNY", {"CNY": Decimal("7080.9")}, 2023, (Decimal(1000), Decimal("7080.9"), "table:2023")),
    (Decimal(14050), "JPY", {"JPY": Decimal(14050)}, 2023, (Decimal(100), Decimal("708.09"), "table:2023")),
    (Decimal(6729), "CNY", {"CNY": Decimal(6729)}, 2021, (Decimal(1000), Decimal(6729), "table:2022")),  # the nearest year
    (Decimal(5), "XYZ", {"XYZ": Decimal(5)}, 2023, (None, None, None)),
    (Decimal(5), None, {}, 2023, (None, None, None)),
]


@pytest.mark.parametrize("value, currency, stated, year, expected", CONVERSIONS, ids=[str(c[1]) + str(c[3]) for c in CONVERSIONS])
def test_convert(value, currency, stated, year, expected):
    assert convert(value, currency, stated, RATES, year) == expected


def test_money_facts_carry_usd_and_cny_with_their_source():
    facts = extract("Hebei pledged 250 billion yuan ($34.4 billion) for AI. Gunma pledged 14 billion yen for chips.").facts
    assert [(f.value_usd, f.fx_source) for f in facts] == [(Decimal(34400000000), "stated"), (Decimal(99644057), "table:2023")]


def test_shipped_rates_name_their_source_and_cover_the_main_currencies():
    rates = ExchangeRates.load(load_patterns().directory / "exchange_rates.jsonl")
    for currency in ("CNY", "JPY", "KRW", "EUR", "GBP", "INR", "HKD", "TWD", "AED"):
        assert rates.per_usd(currency, 2023) is not None, currency
    assert rates.per_usd("EUR", 2023)[0] < 1  # starred in the release: dollars per euro, inverted


# --- provenance --------------------------------------------------------------------------------------------
def test_every_slot_slices_the_original_text_also_after_a_no_break_space():
    text = "Wuhan\u00a0issued a plan.\u00a0The\u00a0city aims to train 5,000\u00a0engineers by\u00a02027."
    document = extract(text)
    (fact,) = document.facts
    assert fact.actor == "Wuhan" and fact.actor_span.text == "The\u00a0city"
    for span in (fact.span, fact.actor_span, fact.metric_span, fact.quantity_span, fact.time_span, fact.deadline_span):
        assert text[span.start:span.end] == span.text


def test_evidence_of_a_very_long_sentence_is_cut_around_the_quantity():
    filler = ", ".join(f"item {i} of the list" for i in range(80))
    text = f"Jilin aims to attract 500 chip firms by 2026, {filler}."
    (fact,) = extract(text).facts
    assert len(fact.span.text) <= 600 and "500 chip firms" in fact.span.text
    assert text[fact.span.start:fact.span.end] == fact.span.text


@pytest.mark.parametrize("text", ["⁹⁹²⁵ companies", "²⁰²⁵ companies will join", "١٢٣٤ firms"])
def test_counts_written_in_other_digits_never_crash(text):
    # str.isdigit() is true of superscript digits, which int() refuses (found by scripts/fuzz.py)
    document = policyextract.extract(text, published="2024-03-06")
    assert all(text[f.quantity_span.start:f.quantity_span.end] == f.quantity_span.text for f in document.facts)
