"""Sentence bounds of a paragraph: where news text ends a sentence, and where it only seems to."""

from __future__ import annotations

import functools

import pytest

from policyextract.extractor import Extractor, tokenizable
from policyextract.families.sentences import ParagraphTokens, sentence_bounds


@functools.cache
def _nlp():
    return Extractor().nlp


@pytest.mark.parametrize(("text", "expected"), [
    ("The fund opened. It raised money.", ["The fund opened.", "It raised money."]),
    ("Sales rose! Did they? Yes.", ["Sales rose!", "Did they?", "Yes."]),
    ("It grew 5.5 percent. 2025 will be better.", ["It grew 5.5 percent.", "2025 will be better."]),
    ("It grew. and then it fell.", ["It grew. and then it fell."]),  # no capital after the stop
    ("He said: “We will invest.” Then he left.", ["He said: “We will invest.”", "Then he left."]),
    ("It moved into the U.S. Some reports said so.", ["It moved into the U.S.", "Some reports said so."]),
    ("The U.S. President spoke.", ["The U.S. President spoke."]),  # an abbreviation before a name
    ("Regulating crypto activitiesThe approval came today.", ["Regulating crypto activities", "The approval came today."]),
    ("First line\nSecond line", ["First line", "Second line"]),
    ("Ends here.  \xa0 Next one starts.", ["Ends here.", "Next one starts."]),  # spaces between are in no sentence
    ("", []),
])
def test_sentence_bounds(text, expected):
    doc = _nlp().make_doc(tokenizable(text))
    assert [doc[s:e].text for s, e in sentence_bounds(ParagraphTokens.of(doc))] == expected


def test_a_sentence_without_ends_is_cut_so_facts_cost_linear_time():
    import spacy

    from policyextract.families.sentences import MAX_SENTENCE_TOKENS

    doc = spacy.blank("en")("cell 1,000 yuan " * 400)  # 1,200 tokens, no sentence end
    bounds = sentence_bounds(ParagraphTokens.of(doc))
    assert [e - s for s, e in bounds] == [MAX_SENTENCE_TOKENS] * 4
    assert bounds[0] == (0, MAX_SENTENCE_TOKENS) and bounds[-1][1] == len(doc)
