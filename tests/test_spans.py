"""Provenance invariant: every span of every record slices the original text to its own text.

Checked as a property over arbitrary text and over mutations of the seed articles (hypothesis), so that
no normalization, segmentation or tokenizer rule can shift an offset unnoticed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyextract.frames import flatten
from policyextract.models import Span
from policyextract.registry import FAMILIES

from .conftest import CORPUS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
MONEY_WORDS = ["$", "US$", "HK$", "¥", "RMB", "yuan", "billion", "bn", "m", "million", "%", "percent", "(", ")",
               "approximately", "up to", "over", "annually", "1.5", "20", "5,000", "–", "-", "\u00a0", "\r\n",
               "\n\n", "More to Read\n", "Policy & Regulation·\n", "Mar 06, 2024\n", "Photo by A B on Unsplash",
               "１００", "億元", "\u200b", "’", "the\u00a0district", "the district", "Jiangning district", "Ministry of",
               "Commerce", "will invest", "aims to", "by 2025", "said", "Bank", "Co., Ltd.", "(MIIT)", "."]


def record_spans(record) -> list[Span]:
    """Every span a record holds: its own and each slot's (a fact's actor, quantity, time, ...)."""
    return [value for _, value in record if isinstance(value, Span)]


def assert_spans_slice(text: str, document) -> None:
    for d in flatten([document]):
        assert d.text is text or d.text == text
        assert 0 <= d.start <= d.end <= len(text)
        for family in FAMILIES:
            for record in getattr(d, family.name):
                assert d.start <= record.span.start < record.span.end <= d.end, (family.name, record.span)
                for slot in record_spans(record):
                    assert text[slot.start : slot.end] == slot.text, (family.name, record.id, slot)
        if d.title:
            assert text[d.title.start : d.title.end] == d.title.text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_spans_slice_arbitrary_text(extractor, text):
    assert_spans_slice(text, extractor.extract(text))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(MONEY_WORDS), st.text(max_size=8)), max_size=40).map(" ".join))
def test_spans_slice_money_like_text(extractor, text):
    assert_spans_slice(text, extractor.extract(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(SEED_TEXTS), st.integers(0, 15000), st.integers(0, 400),
       st.sampled_from(MONEY_WORDS + ["", "\n", "\r", "\t", "\x00", "\ufeff"]))
def test_spans_slice_mutated_seed_articles(extractor, seed, at, cut, insert):
    at = min(at, len(seed))
    text = seed[:at] + insert + seed[at + cut :]
    assert_spans_slice(text, extractor.extract(text))


def test_spans_slice_seed_articles(extractor):
    for text in SEED_TEXTS:
        document = extractor.extract(text)
        assert_spans_slice(text, document)


def test_spans_of_every_fact_slot_slice_the_original_text(extractor):
    text = "Jiangning district said so. Moreover, the\u00a0district will invest 5 billion yuan by 2025."
    document = extractor.extract(text)
    assert [f.quantity_span.text for f in document.facts] == ["5 billion yuan"]
    assert_spans_slice(text, document)
