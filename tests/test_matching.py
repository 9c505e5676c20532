"""Matching: word lists as lexeme flags match exactly what spaCy's set predicates match."""

from __future__ import annotations

import spacy
from spacy.attrs import LOWER, ORTH, SHAPE
from spacy.matcher import Matcher

from policyextract.extractor import Extractor
from pathlib import Path

import pytest

from policyextract.matching import SetFlags, _GroupMatcher, _parts, open_repetitions
from policyextract.pattern_lines import CompiledPattern, TokenPatternLine

PATTERNS = [
    [{"LOWER": {"IN": ["fund", "funds"]}}, {"LOWER": "of"}],
    [{"ORTH": {"NOT_IN": [",", "."]}, "IS_LOWER": False}, {"TEXT": {"IN": ["Bank"]}}],
    [{"SHAPE": {"IN": ["dddd"]}}, {"LOWER": {"IN": ["fund", "funds"], "NOT_IN": ["of"]}, "OP": "?"}],
]
TEXT = "The Funds of Bank , BoC Bank and 2025 fund : the 2024 FUNDS of ; 12345 fund"


def _matches(nlp, patterns):
    matcher = Matcher(nlp.vocab, validate=False)
    for i, tokens in enumerate(patterns):
        matcher.add(f"p{i}", [tokens])
    return sorted((nlp.vocab.strings[k], s, e) for k, s, e in matcher(nlp.make_doc(TEXT)))


def test_flagged_patterns_match_what_the_predicates_match():
    nlp = spacy.blank("en")
    expected = _matches(nlp, PATTERNS)
    flags = SetFlags(nlp.vocab, PATTERNS)
    rewritten = [flags.rewrite(tokens) for tokens in PATTERNS]
    assert len(flags.flags) == 5  # {fund, funds} is one list, used twice
    assert not any(isinstance(v, dict) for tokens in rewritten for spec in tokens for v in spec.values())
    assert _matches(nlp, rewritten) == expected
    assert {("p0", 1, 3), ("p0", 13, 15), ("p1", 5, 7), ("p2", 8, 10), ("p2", 12, 14), ("p2", 16, 18)} <= set(expected)


def test_lists_beyond_the_free_flag_bits_stay_predicates():
    nlp = spacy.blank("en")
    for bit in (13, *range(19, 62)):  # leave two bits free
        nlp.vocab.add_flag(lambda text: False, bit)
    expected = _matches(nlp, PATTERNS)
    flags = SetFlags(nlp.vocab, PATTERNS)
    rewritten = [flags.rewrite(tokens) for tokens in PATTERNS]
    assert sorted(flags.flags.values()) == [62, 63]
    # the lists tested most (first tokens, then by number of uses) get the bits
    assert set(flags.flags) == {(LOWER, frozenset({"fund", "funds"})), (ORTH, frozenset({",", "."}))}
    assert rewritten[2][0] == {"SHAPE": {"IN": ["dddd"]}}
    assert _matches(nlp, rewritten) == expected


def test_the_extractors_flagged_patterns_match_what_its_patterns_match_on_words_met_before_and_after_the_build():
    # the flags are added to an empty vocabulary, before the tokenizer's special cases and the
    # gazetteer's names bring their words: those words must have them too, as must new ones
    extractor = Extractor()
    vocab = extractor.nlp.vocab
    text = ("The U.S. Ministry of Finance and Bank of China pledged RMB500m (US$70.5 million), up to 30% of a "
            "Xiongan blockchain fund, by the end of 2025; Zorblax Quantum Holdings said on Feb. 3 it would invest 2bn yuan.")
    doc = extractor.nlp.make_doc(text)
    plain = Matcher(vocab, validate=False)
    for p in extractor.patterns.token_patterns:
        plain.add(p.line.id, [p.tokens])
    expected = sorted((vocab.strings[k], s, e) for k, s, e in plain(doc))
    got = sorted((m.rule, m.start, m.end) for m in extractor.matcher.match_all(doc))
    assert len(expected) > 20
    assert got == expected


def test_word_list_flags_remember_only_the_words_of_their_lists():
    # the first list's getter answers every list for a new word and records it in each list's table;
    # the tables must not grow with the words of the text that are in no list
    nlp = spacy.blank("en")
    flags = SetFlags(nlp.vocab, PATTERNS)
    word_lists = [key for key in flags.flags if key[0] != SHAPE]
    getters = [nlp.vocab.lex_attr_getters[flags.flags[key]] for key in word_lists]
    tables = getters[0].__self__.members
    before = [dict(t) for t in tables]
    nlp.make_doc("FUNDS of Zorblax, fUnD Qwerty Bank; bank 2025")
    added = {key: sorted(set(table) - set(old)) for key, table, old in zip(word_lists, tables, before)}
    assert added == {(LOWER, frozenset({"fund", "funds"})): ["FUNDS", "fUnD"], (ORTH, frozenset({",", "."})): [","],
                     (ORTH, frozenset({"Bank"})): ["Bank"], (LOWER, frozenset({"of"})): ["of"]}
    assert [nlp.vocab[w].check_flag(flags.flags[word_lists[0]]) for w in ("FUNDS", "fUnD", "Zorblax")] == [True, True, False]


CAPITAL = {"IS_LOWER": False, "ORTH": {"NOT_IN": [",", "."]}}


@pytest.mark.parametrize("pattern, expected_ops, unchecked", [
    pytest.param([{**CAPITAL, "OP": "{1,8}"}, {"LOWER": "bank"}], [None, "*", None], 9, id="run-then-head"),
    pytest.param([{**CAPITAL, "OP": "{0,6}"}, {"LOWER": "bank"}, {**CAPITAL, "OP": "{2,8}"}],
                 ["*", None, None, None, "*"], 9, id="two-runs: the tighter limit"),
    pytest.param([{**CAPITAL, "OP": "{1,3}"}, {"LOWER": "bank"}], ["{1,3}", None], None, id="narrow-stays-bounded"),
    pytest.param([{"LOWER": {"IN": ["a", "b"]}, "OP": "{1,8}"}], ["{1,8}"], None, id="selective-stays-bounded"),
    pytest.param([{"LIKE_NUM": True, "OP": "{0,9}"}], ["{0,9}"], None, id="numbers-stay-bounded"),
])
def test_open_repetitions(pattern, expected_ops, unchecked):
    tokens, limit = open_repetitions(pattern)
    assert [spec.get("OP") for spec in tokens] == expected_ops
    assert limit == unchecked
    assert all({k: v for k, v in spec.items() if k != "OP"} in [{k: v for k, v in p.items() if k != "OP"} for p in pattern]
               for spec in tokens)


@pytest.mark.parametrize("text", [
    pytest.param("Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Bank said", id="run-longer-than-the-bound"),
    pytest.param("the Alpha Bank and Beta Gamma Bank", id="short-runs"),
    pytest.param("Alpha Beta , Gamma Delta Epsilon Zeta Eta Theta Iota Bank", id="run-broken-by-a-comma"),
    pytest.param(" ".join(["Bank"] * 50) + " said", id="window-longer-than-open-windows"),
    pytest.param("Alpha Bank Beta Bank Gamma Bank Delta Bank Epsilon Bank Zeta Bank Eta Bank said", id="heads-in-a-run"),
])
def test_an_opened_pattern_matches_what_the_bounded_one_matches(text):
    nlp = spacy.blank("en")
    patterns = [[{**CAPITAL, "OP": "{1,8}"}, {"LOWER": "bank"}],
                [{**CAPITAL, "OP": "{0,6}"}, {"LOWER": "bank"}, {**CAPITAL, "OP": "{0,5}"}, {"LOWER": "said"}]]
    flags = SetFlags(nlp.vocab, patterns)
    lines = [TokenPatternLine(id=f"test.p{i}", label="TEST", pattern=tokens, examples=["x"]) for i, tokens in enumerate(patterns)]
    group = _GroupMatcher(nlp.vocab, [CompiledPattern("test", line, line.pattern, Path("test.jsonl"), i + 1)
                                      for i, line in enumerate(lines)], flags)
    doc = nlp.make_doc(text)
    expected = _matches_in(nlp, patterns, doc)
    assert sorted((m.rule, m.start, m.end) for m in group.everywhere(doc)) == expected
    assert expected  # the texts have matches of both patterns' kinds


def _matches_in(nlp, patterns, doc):
    matcher = Matcher(nlp.vocab, validate=False)
    for i, tokens in enumerate(patterns):
        matcher.add(f"test.p{i}", [tokens])
    return sorted((nlp.vocab.strings[k], s, e) for k, s, e in matcher(doc))


def _line(i, tokens):
    line = TokenPatternLine(id=f"test.p{i}", label="TEST", pattern=tokens, examples=["x"])
    return CompiledPattern("test", line, tokens, Path("test.jsonl"), i + 1)


@pytest.mark.parametrize("patterns, expected", [
    pytest.param([[{"LOWER": {"IN": ["fund", "funds"]}}], [{"LOWER": "bank"}]], [["test.p0"], ["test.p1"]],
                 id="disjoint-lists-apart"),
    pytest.param([[{"LOWER": {"IN": ["fund", "funds"]}}], [{"LOWER": "bank"}], [{"LOWER": {"IN": ["bank", "fund"]}}]],
                 [["test.p0", "test.p1", "test.p2"]], id="a-shared-word-joins-parts"),
    pytest.param([[{"SHAPE": "dddd"}], [{"LOWER": "dddd"}]], [["test.p0"], ["test.p1"]], id="a-shape-is-not-a-word"),
    pytest.param([[{"LIKE_NUM": True}, {"LOWER": "%"}], [{"LIKE_NUM": True}, {"LOWER": "times"}]],
                 [["test.p0"], ["test.p1"]], id="anchors-on-the-rarer-word"),
    pytest.param([[{"IS_TITLE": True}], [{"LOWER": "bank"}]], [["test.p1"], ["test.p0"]], id="no-anchor-runs-everywhere"),
])
def test_parts_group_patterns_whose_anchors_pass_the_same_tokens(patterns, expected):
    parts = _parts([_line(i, tokens) for i, tokens in enumerate(patterns)])
    assert [sorted(p.line.id for p in part) for part in parts] == expected
