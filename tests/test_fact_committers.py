"""Facts of common news forms: who commits (not a recipient, a place or a forecaster), which type a
commitment has, what a forecast's source is, metrics without verbs or names, counts with a scale word
or a capacity unit, ranks, and percentage ranges. Sentences written for these tests; values by hand.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

import policyextract

PUBLISHED = date(2024, 1, 20)


def facts_of(text: str) -> list:
    return policyextract.extract(text, published=PUBLISHED).facts


# (text, actor, type, status, source) of the sentence's only fact
COMMITMENTS = [
    ("Italy pledged €1 billion in subsidies for Intel's packaging site in Vigasio.", "Italy", "subsidy", "announced", None),
    ("Samsung will spend 2 trillion won on a research centre in Pyeongtaek.", "Samsung", "investment", "planned", None),
    # a place after "into" is where the money goes, not who commits it
    ("Temasek plans to deploy S$5 billion into India over five years.", "Temasek", "investment", "planned", None),
    ("The Asian Development Bank approved a $500 million loan to Vietnam.", "Asian Development Bank", "financial_figure",
     "announced", None),
    ("Abu Dhabi's ADQ fund committed $1 billion to solar farms in Egypt.", None, "financial_figure", "announced", None),
    ("$5 billion in funding was pledged by Microsoft for the project.", "Microsoft", "investment", "announced", None),
    ("Google pledged $1 billion to expand data centres in Thailand.", "Google", "investment", "announced", None),
    ("Amazon will spend $9 billion on cloud infrastructure.", "Amazon", "investment", "planned", None),
    ("The U.S. Department of Energy awarded $200 million to eight national labs.", "U.S. Department of Energy",
     "funding", "announced", None),
    ("Spain will devote €600 million to quantum computing by 2027.", "Spain", "funding", "planned", None),
    ("The Canadian government committed C$300 million to a quantum startup.", "Government of Canada", "funding",
     "announced", None),
    ("Analysts at IDC forecast that cloud spending will reach $1 trillion by 2027.", None, "financial_figure", "forecast", "IDC"),
    ("The market could hit $50 billion by 2030, according to a study by McKinsey.", None, "financial_figure", "forecast",
     "McKinsey"),
    ("Analysts at Goldman Sachs expect the chip market to reach $120 billion this year.", None, "financial_figure",
     "forecast", "Goldman Sachs"),
    ("The agency has disbursed $3 billion so far.", None, "financial_figure", "achieved", None),
]


@pytest.mark.parametrize("text, actor, kind, status, source", COMMITMENTS, ids=[c[0][:45] for c in COMMITMENTS])
def test_commitment_actor_type_status_source(text, actor, kind, status, source):
    (fact,) = facts_of(text)
    assert (fact.actor, fact.type, fact.status, fact.source) == (actor, kind, status, source)


def test_a_forecast_in_one_clause_is_not_the_other_clause_s():
    facts = facts_of("Analysts expect Tencent to spend 20 billion yuan on servers, while the government plans to offer "
                     "5 billion yuan in support.")
    assert [(f.quantity_span.text, f.status, f.actor) for f in facts] == [
        ("20 billion yuan", "forecast", "Tencent"), ("5 billion yuan", "planned", None)]


# (text, quantity, metric): a metric holds no verb, no date word and no organization's name
METRICS = [
    ("Japan's Ministry of Economy, Trade and Industry will provide ¥50 billion in subsidies to Kioxia.", "¥50 billion",
     "subsidies"),
    ("The statistics office said steel production rose 4% in May.", "4%", "steel production"),
    ("The firm will spend $1 billion in the second half.", "$1 billion", ""),
    ("Funding for cancer research fell to $1 billion in 2022.", "$1 billion", ""),
    ("The bank will offer 3 trillion won in low-interest loans to exporters.", "3 trillion won", "low-interest loans"),
    ("By 2030, Korea wants domestic battery sales to top 40 trillion won.", "40 trillion won", "domestic battery sales"),
]


@pytest.mark.parametrize("text, quantity, metric", METRICS, ids=[m[0][:45] for m in METRICS])
def test_metric_words(text, quantity, metric):
    fact = next(f for f in facts_of(text) if f.quantity_span.text == quantity)
    assert fact.metric == metric


# (text, [(count, metric, deadline)])
COUNTS = [
    ("The state aims to create 2 lakh jobs by 2028.", [(Decimal(200000), "jobs created", date(2028, 12, 31))]),
    ("Officials said 3 lakh homes would be built by 2027.", [(Decimal(300000), "homes built", date(2027, 12, 31))]),
    ("The region aims to reach 20 GW of solar capacity by 2030.", [(Decimal(20), "solar capacity", date(2030, 12, 31))]),
    ("The province plans to lift its computing power to 15 EFLOPS by 2026.",
     [(Decimal(15), "computing power", date(2026, 12, 31))]),
    ("Ministers plan to have 5,000 public chargers in place by 2026.", [(Decimal(5000), "public chargers", date(2026, 12, 31))]),
    ("Vietnam aims to triple its chip exports by 2030 and train 10,000 engineers.",
     [(Decimal(3), "growth multiple of chip exports", date(2030, 12, 31)),
      (Decimal(10000), "engineers trained", date(2030, 12, 31))]),
    ("Shenzhen aims to rank among the top 5 AI hubs by 2030.", [(Decimal(5), "rank among top AI hubs", date(2030, 12, 31))]),
    ("The service will cover the top 5 provinces.", []),
]


@pytest.mark.parametrize("text, expected", COUNTS, ids=[c[0][:45] for c in COUNTS])
def test_counted_goals(text, expected):
    assert [(f.count, f.metric, f.deadline) for f in facts_of(text)] == expected


# (text, value, high, unit)
PERCENTAGES = [
    ("Prices are expected to rise by between 3 and 5 percent.", Decimal(3), Decimal(5), "percent"),
    ("Margins could widen by between 3% and 5%.", Decimal(3), Decimal(5), "percent"),
    ("The bank plans to cut the reserve ratio by 2 pct points.", Decimal(2), None, "percentage_points"),
]


@pytest.mark.parametrize("text, value, high, unit", PERCENTAGES, ids=[p[0][:45] for p in PERCENTAGES])
def test_percentage_forms(text, value, high, unit):
    (percentage,) = policyextract.extract(text, published=PUBLISHED).percentages
    assert (percentage.value, percentage.range.high if percentage.range else None, percentage.unit) == (value, high, unit)
