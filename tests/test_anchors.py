"""Anchors: the windows where a pattern group can match, and proof that matching only there loses nothing."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher

import spacy

from policyextract.anchors import UNBOUNDED, Anchor, AnchorIndex, find_anchor, merge_ranges, repetitions, token_test
from policyextract.extractor import tokenizable

from .conftest import CORPUS
from .test_spans import MONEY_WORDS

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]


@pytest.mark.parametrize(("op", "expected"), [
    (None, (1, 1)), ("!", (1, 1)), ("?", (0, 1)), ("*", (0, UNBOUNDED)), ("+", (1, UNBOUNDED)),
    ("{3}", (3, 3)), ("{1,6}", (1, 6)), ("{0,3}", (0, 3)), ("{,4}", (0, 4)), ("{2,}", (2, UNBOUNDED)),
])
def test_repetitions(op, expected):
    assert repetitions(op) == expected


def test_repetitions_unknown_operator():
    with pytest.raises(ValueError, match="unknown operator"):
        repetitions("{a}")


@pytest.mark.parametrize(("spec", "expected"), [
    ({"LOWER": "by"}, ("LOWER", {"by"})),
    ({"LOWER": {"IN": ["yuan", "rmb"]}}, ("LOWER", {"yuan", "rmb"})),
    ({"ORTH": "US$"}, ("LOWER", {"us$"})),
    ({"TEXT": {"IN": ["%", "Percent"]}}, ("LOWER", {"%", "percent"})),
    ({"lower": "cent"}, ("LOWER", {"cent"})),
    ({"SHAPE": "dddd"}, ("SHAPE", {"dddd"})),
    ({"SHAPE": {"IN": ["d", "dd"]}}, ("SHAPE", {"d", "dd"})),
    ({"LIKE_NUM": True, "OP": "{1,6}"}, ("LIKE_NUM", set())),
    ({"IS_DIGIT": True}, ("IS_DIGIT", set())),
    ({"LOWER": "x", "IS_LOWER": False}, ("LOWER", {"x"})),
    # no cheap necessary test: not an anchor
    ({"LIKE_NUM": False}, None),
    ({"IS_TITLE": True}, None),
    ({"ORTH": {"NOT_IN": [",", "."]}}, None),
    ({"LOWER": {"REGEX": "^bn$"}}, None),
    ({"LOWER": "not", "OP": "!"}, None),
])
def test_token_test(spec, expected):
    test = token_test(spec)
    assert (test if test is None else (test[0], set(test[1]))) == expected


@pytest.mark.parametrize(("spec", "flags"), [
    ({"LOWER": {"IN": ["bank", "group"]}, "IS_LOWER": False}, {("IS_LOWER", False)}),
    ({"LIKE_NUM": True, "IS_DIGIT": True}, {("IS_DIGIT", True)}),
    ({"LOWER": "x", "IS_TITLE": True, "IS_SPACE": False}, {("IS_TITLE", True)}),  # IS_SPACE is not read
    ({"SHAPE": "dddd"}, set()),
])
def test_token_test_flags(spec, flags):
    assert token_test(spec)[2] == flags


@pytest.mark.parametrize(("pattern", "expected"), [
    # one word: the window is the word itself
    ([{"LOWER": "fund"}], Anchor("LOWER", frozenset({"fund"}), 0, 0)),
    # a capitalized head: the flag narrows the anchor
    ([{"IS_TITLE": True, "OP": "{1,3}"}, {"LOWER": "bank", "IS_LOWER": False}],
     Anchor("LOWER", frozenset({"bank"}), 3, 0, frozenset({("IS_LOWER", False)}))),
    # a word list beats a number test of the same reach
    ([{"LIKE_NUM": True}, {"LOWER": {"IN": ["percent", "pct"]}}], Anchor("LOWER", frozenset({"percent", "pct"}), 1, 0)),
    # repetitions before and after the anchor widen its reach; "?" and "{0,3}" tokens cannot anchor
    ([{"LOWER": "a", "OP": "{0,3}"}, {"LIKE_NUM": True, "OP": "{1,6}"}, {"LOWER": "m", "OP": "?"}],
     Anchor("LIKE_NUM", frozenset(), 8, 6)),
    # one of the commonest words is a poor anchor: the rarer currency word is chosen
    ([{"LOWER": "and"}, {"LIKE_NUM": True}, {"LOWER": "yuan"}], Anchor("LOWER", frozenset({"yuan"}), 2, 0)),
    # an unbounded repetition before every usable token: no anchor, the group runs everywhere
    ([{"IS_TITLE": True, "OP": "+"}, {"LOWER": "bank"}], None),
    ([{"IS_TITLE": True}, {"IS_ALPHA": True}], None),
])
def test_find_anchor(pattern, expected):
    assert find_anchor(pattern) == expected


@pytest.mark.parametrize(("ranges", "expected"), [
    ([], []),
    ([(5, 8), (0, 2)], [(0, 2), (5, 8)]),
    ([(0, 4), (3, 9), (9, 10)], [(0, 10)]),
    ([(2, 3), (0, 10)], [(0, 10)]),
])
def test_merge_ranges(ranges, expected):
    assert merge_ranges(ranges) == expected


NAME_BANK = [{"IS_TITLE": True, "OP": "{1,3}"}, {"LOWER": "bank", "IS_LOWER": False}]
BANK_OF = [{"LOWER": "bank", "IS_LOWER": False}, {"LOWER": "of"}, {"IS_TITLE": True, "OP": "{1,2}"}]
NOT_BANK = [{"LOWER": "bank", "IS_LOWER": False}, {"LOWER": "of", "OP": "!"}]
REACH_ONLY = [{"POS": "PROPN", "OP": "{0,2}"}, {"LOWER": "bank"}]


@pytest.mark.parametrize(("patterns", "text", "expected"), [
    # only the capitalized words before each head, not the reach of three
    ([NAME_BANK], "we met the Hana Bank and the Nong Hyup Bank today", [(3, 5), (7, 10)]),
    ([NAME_BANK], "the bank and the Bank said", [(4, 5)]),  # "bank": no anchor (IS_LOWER); "the": no name
    ([BANK_OF], "the Bank of Korea Central said and the Bank of the city", [(1, 5), (8, 10)]),
    # two patterns on one head: a window covers what either can
    ([NAME_BANK, BANK_OF], "new Hana Bank of Korea rules", [(1, 5)]),
    # a test the windows cannot read ("!" tokens, part-of-speech) leaves the whole reach
    ([NOT_BANK], "in the Bank of", [(2, 4)]),
    ([REACH_ONLY], "a b c bank d", [(1, 4)]),
])
def test_windows_are_narrowed_to_what_a_match_can_cover(patterns, text, expected):
    nlp = spacy.blank("en")
    index = AnchorIndex({"group": [find_anchor(p) for p in patterns]}, nlp.vocab.strings)
    assert index.windows(nlp.make_doc(text))["group"] == expected


@functools.cache
def _reference_matcher(extractor):
    """spaCy's Matcher over every pattern as written (word lists as predicates, not lexeme flags)."""
    matcher = Matcher(extractor.nlp.vocab)
    for p in extractor.patterns.token_patterns:
        matcher.add(p.line.id, [p.tokens])
    return matcher


def _gated_and_full(extractor, text):
    """(family, qualifier?, start, end, rule) of every match: as the pipeline finds them, in anchor
    windows with word lists as lexeme flags, and as spaCy finds them with every pattern as written
    over the whole paragraph."""
    doc = extractor.nlp.make_doc(tokenizable(text))
    matches = extractor.matcher(doc)
    gated = {(family, q, m.start, m.end, m.rule) for (family, q) in extractor.matcher.groups
             for m in (matches.qualifiers(family) if q else matches.figures(family))}
    group_of = {p.line.id: (p.family, "position" in p.line.attrs) for p in extractor.patterns.token_patterns}
    strings = extractor.nlp.vocab.strings
    full = {(*group_of[strings[key]], s, e, strings[key]) for key, s, e in _reference_matcher(extractor)(doc)}
    return gated, full


def test_gated_matching_finds_every_match_of_the_seed_articles(extractor):
    total = 0
    for text in SEED_TEXTS:
        for paragraph in text.split("\n\n"):
            gated, full = _gated_and_full(extractor, paragraph)
            assert gated == full
            total += len(full)
    assert total > 500  # the comparison saw real matches of every kind


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.sampled_from(MONEY_WORDS + ["Beijing", "Municipal", "Bureau", "of", "Finance", "and",
                                                         "company", "by", "end", "2025", "June", "12", ",", "the"]),
                          st.text(max_size=6)), max_size=60).map(" ".join))
def test_gated_matching_finds_every_match_of_any_text(extractor, text):
    gated, full = _gated_and_full(extractor, text)
    assert gated == full


def test_an_anchor_without_known_sides_keeps_its_whole_reach():
    nlp = spacy.blank("en")
    index = AnchorIndex({"group": [Anchor("LOWER", frozenset({"bank"}), 2, 1)]}, nlp.vocab.strings)
    assert index.windows(nlp.make_doc("a b c bank d e"))["group"] == [(1, 5)]
