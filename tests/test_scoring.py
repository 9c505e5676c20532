"""The scorer itself, on small hand-built cases whose right scores are known."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policyextract.gold import GoldAmount, GoldDocument
from policyextract.models import Amount, Document, Span
from policyextract.scoring import bcubed, score

TEXT = "It pledged 100 million yuan ($14 million) and 5 million yuan."


def gold_amount(id_, text, value, currency="CNY", equivalent=None):
    start = TEXT.index(text)
    return GoldAmount(id=id_, start=start, end=start + len(text), text=text, value=Decimal(value),
                      currency=currency, equivalent=equivalent)


def amount(text, value, currency="CNY", equivalent=None, start=None):
    start = TEXT.index(text) if start is None else start
    return Amount(id=f"d:amount:{start}", span=Span(start=start, end=start + len(text), text=TEXT[start:start + len(text)]),
                  rule="test", value=Decimal(value), currency=currency, equivalent=equivalent)


GOLD = [gold_amount("a1", "100 million yuan", "100000000", equivalent="a2"),
        gold_amount("a2", "$14 million", "14000000", "USD", equivalent="a1"),
        gold_amount("a3", "5 million yuan", "5000000")]
A1 = amount("100 million yuan", "100000000", equivalent="d:amount:29")
A2 = amount("$14 million", "14000000", "USD", equivalent="d:amount:11")
A3 = amount("5 million yuan", "5000000")

# (case, predicted amounts, (gold, predicted, matched, values correct), problems)
CASES = [
    ("perfect", [A1, A2, A3], (3, 3, 3, 3), []),
    ("one miss", [A1, A2], (3, 2, 2, 2), ["d: missed '5 million yuan' at 46"]),
    ("one spurious", [A1, A2, A3, amount("It", "1", start=0)], (3, 4, 3, 3), ["d: spurious 'It' at 0 (test)"]),
    ("wrong value", [A1, A2, amount("5 million yuan", "500000")], (3, 3, 3, 2),
     ["d: wrong value for '5 million yuan' at 46: value: expected Decimal('5000000'), got Decimal('500000')"]),
    ("wrong currency", [A1, A2, amount("5 million yuan", "5000000", "USD")], (3, 3, 3, 2),
     ["d: wrong value for '5 million yuan' at 46: currency: expected 'CNY', got 'USD'"]),
    ("broken conversion link", [amount("100 million yuan", "100000000"), A2, A3], (3, 3, 3, 2),
     ["d: wrong value for '100 million yuan' at 11: equivalent: expected 'd:amount:29', got None"]),
    ("overlapping span", [A1, A2, amount("million yuan", "5000000", start=48)], (3, 3, 3, 2),
     ["d: wrong value for '5 million yuan' at 46: span: expected '5 million yuan' [46:60], got 'million yuan' [48:60]"]),
]


@pytest.mark.parametrize("case, predicted, counts, problems", CASES, ids=[c[0] for c in CASES])
def test_scoring_amounts(case, predicted, counts, problems):
    gold = [GoldDocument(doc_id="d", amounts=GOLD)]
    document = Document(doc_id="d", text=TEXT, end=len(TEXT), amounts=predicted)
    s = score(gold, [document])["amounts"]
    assert (s.gold, s.predicted, s.matched, s.values_correct) == counts
    assert s.problems == problems


def test_scoring_precision_recall_f1():
    gold = [GoldDocument(doc_id="d", amounts=GOLD)]
    document = Document(doc_id="d", text=TEXT, end=len(TEXT), amounts=[A1, A2, amount("It", "1", start=0)])
    s = score(gold, [document])["amounts"]
    assert (s.precision, s.recall) == (2 / 3, 2 / 3)
    assert s.f1 == pytest.approx(2 / 3)


def test_scoring_missing_document_counts_every_record_missed():
    s = score([GoldDocument(doc_id="d", amounts=GOLD)], [])["amounts"]
    assert (s.gold, s.predicted, s.matched, s.recall) == (3, 0, 0, 0.0)
    assert s.problems[0] == "d: document not found by the extractor"


# (case, gold clusters, predicted clusters, (precision, recall))
BCUBED = [
    ("perfect", {"m1": "A", "m2": "A", "m3": "B"}, {"m1": "x", "m2": "x", "m3": "y"}, (1.0, 1.0)),
    ("split cluster", {"m1": "A", "m2": "A", "m3": "B"}, {"m1": "x", "m2": "y", "m3": "z"}, (1.0, 2 / 3)),
    ("merged clusters", {"m1": "A", "m2": "A", "m3": "B"}, {"m1": "x", "m2": "x", "m3": "x"}, (5 / 9, 1.0)),
    ("all singletons", {"m1": "A", "m2": "B"}, {"m1": "x", "m2": "y"}, (1.0, 1.0)),
    ("unmatched mentions ignored", {"m1": "A", "m2": "A"}, {"m1": "x", "m9": "x"}, (1.0, 1.0)),
]


@pytest.mark.parametrize("case, gold, predicted, expected", BCUBED, ids=[c[0] for c in BCUBED])
def test_scoring_bcubed(case, gold, predicted, expected):
    p, r, f1 = bcubed(gold, predicted)
    assert (p, r) == pytest.approx(expected)
    assert f1 == pytest.approx(2 * p * r / (p + r))
