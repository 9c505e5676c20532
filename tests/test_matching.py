"""Matching: word lists as lexeme flags match exactly what spaCy's set predicates match."""

from __future__ import annotations

import spacy
from spacy.attrs import LOWER, ORTH, SHAPE
from spacy.matcher import Matcher

from policyextract.extractor import Extractor
from policyextract.matching import SetFlags

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
