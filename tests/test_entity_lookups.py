"""The lookups entity finding and resolution take shortcuts in: each must answer what the plain
computation answers.

- `NameIndex.best` compares names whose words it sorted itself with rapidfuzz's `ratio`: the score and
  the name chosen are those of `token_sort_ratio` over the known names in their order;
- `CasedNames` finds a name wherever its first word occurs, however often (`positions`);
- `_span_text` is the text `Span.text` gives for the same tokens.

The names are invented or are the docstring examples of `normalizing.py` and `gazetteer.py`.
"""

from __future__ import annotations

import functools

import pytest
from rapidfuzz import fuzz
from spacy.attrs import ORTH

from policyextract import Extractor
from policyextract.families.entities.finding import _span_text
from policyextract.families.entities.gazetteer import CasedNames, positions
from policyextract.families.entities.normalizing import EntitySettings, NameIndex, folded_words

from .conftest import ROOT


@functools.cache
def shared_nlp():
    return Extractor(ROOT / "patterns").nlp


KNOWN = {"Conflux Foundation": "org.conflux", "Hana Bank": "org.hana_bank", "Hana Securities": "org.hana_sec",
         "Kyros Ventures": "org.kyros", "Ventures Kyros Capital": "org.kyros_capital", "Zentrix Labs": "org.zentrix"}


def _plain_best(name: str, settings: EntitySettings) -> tuple[str, float] | None:
    """The closest known name by token_sort_ratio over the folded names, the first of equal scores."""
    query = " ".join(folded_words(name))
    scored = [(fuzz.token_sort_ratio(query, " ".join(folded_words(known))), entity_id)
              for known, entity_id in sorted(KNOWN.items())]
    top = max(score for score, _ in scored)
    if top < settings.fuzzy_cutoff:
        return None
    return next(entity_id for score, entity_id in scored if score == top), round(float(top), 1)


@pytest.mark.parametrize("name, expected_id", [
    ("Conflux Fundation", "org.conflux"),  # a misspelling
    ("Foundation Conflux", "org.conflux"),  # the same words in another order
    ("Ventures Kyros", "org.kyros"),
    ("Kyros Venture", "org.kyros"),
    ("Hana Financial", None),  # shares a word with two bodies, close to neither
    ("Zentrix Lab", "org.zentrix"),
    ("Galaxia Moneytree", None),
], ids=lambda v: str(v))
def test_best_is_token_sort_ratio(name, expected_id):
    settings = EntitySettings()
    index = NameIndex(KNOWN, settings)
    found = index.best(name)
    assert found == _plain_best(name, settings)
    assert (found[0] if found else None) == expected_id
    assert index.best(name) == found  # asked again: the same answer


@pytest.mark.parametrize("text, expected", [
    ("Port Aven and Port Aven again", [("place.aven", 0, 2), ("place.aven", 3, 5)]),
    ("Port Louisa, Port Aven, Port", [("place.aven", 3, 5)]),
    ("port aven", []),  # with its case only
    ("Baden-Würtel Port Aven", [("place.baden", 0, 3), ("place.aven", 3, 5)]),
    ("", []),
], ids=["twice", "first word alone", "lower case", "hyphen", "empty"])
def test_cased_names_every_occurrence(text, expected):
    names = CasedNames({"Port Aven": "place.aven", "Baden-Würtel": "place.baden"})
    orths = shared_nlp().make_doc(text).to_array(ORTH).tolist() if text else []
    assert sorted(names(orths), key=lambda m: m[1]) == expected


@pytest.mark.parametrize("values, value, expected", [
    ([1, 2, 1, 3, 1], 1, [0, 2, 4]),
    ([1, 2, 3], 4, []),
    ([], 1, []),
    ([5], 5, [0]),
], ids=["three", "none", "empty", "one"])
def test_positions(values, value, expected):
    assert positions(values, value) == expected


@pytest.mark.parametrize("text, start, end", [
    ("Shenzhen municipal bureau of science and technology", 2, 6),
    ("Wanxiang Blockchain Co., Ltd. said", 0, 3),
    ("the  bureau\nof\tscience", 0, 4),  # runs of spaces and line breaks between the words
    ("one", 0, 1),
    ("one two", 1, 1),
], ids=["words", "punctuation", "whitespace", "one token", "no token"])
def test_span_text_is_span_text(text, start, end):
    doc = shared_nlp().make_doc(text)
    assert _span_text(list(doc), start, end) == doc[start:end].text
