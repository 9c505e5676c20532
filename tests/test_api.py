"""The library's boundary: what `extract` accepts, and the coded error for everything else."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest

import policyextract
from policyextract.errors import ArgumentError, PolicyExtractError

TEXT = "Last month the city pledged 5 billion yuan."

PUBLISHED_FORMS = [
    ("iso date", "2023-06-12", date(2023, 6, 12)),
    ("iso date-time", "2023-06-12T23:47:00", date(2023, 6, 12)),
    ("written out", "June 12, 2023", date(2023, 6, 12)),
    ("day first", "12 June 2023", date(2023, 6, 12)),
    ("date", date(2024, 2, 29), date(2024, 2, 29)),
    ("datetime with a time", datetime(2023, 6, 12, 9, 30), date(2023, 6, 12)),
    ("pandas timestamp", pd.Timestamp("2023-06-12 10:00"), date(2023, 6, 12)),
    ("numpy datetime64 day", np.datetime64("2023-06-12"), date(2023, 6, 12)),
    ("numpy datetime64 ns", np.datetime64("2023-06-12T10:00:00.000000000"), date(2023, 6, 12)),
    ("missing: None", None, None),
    ("missing: NaT", pd.NaT, None),
    ("missing: NaN", float("nan"), None),
]


@pytest.mark.parametrize("given, expected", [(g, e) for _, g, e in PUBLISHED_FORMS], ids=[i for i, _, _ in PUBLISHED_FORMS])
def test_published_is_accepted_in_every_common_form(extractor, given, expected):
    document = extractor.extract(TEXT, published=given)
    assert document.published == expected
    last_month = document.dates[0]
    assert last_month.span.text == "Last month"
    if expected is None:
        assert last_month.start is None
    else:
        assert last_month.start.month == (expected.month - 2) % 12 + 1


BAD_ARGUMENTS = [
    ("published int", {"text": TEXT, "published": 20230612}, "argument 'published' must be a date", "got int"),
    ("published words", {"text": TEXT, "published": "soon"}, "argument 'published' 'soon' is not a date", "ISO date"),
    ("published bytes", {"text": TEXT, "published": b"2023-06-12"}, "argument 'published'", "got bytes"),
    ("text bytes", {"text": TEXT.encode()}, "argument 'text' must be str, got bytes", "decode it first"),
    ("text None", {"text": None}, "argument 'text' must be str, got NoneType", ""),
    ("doc_id int", {"text": TEXT, "doc_id": 7}, "argument 'doc_id' must be str or None, got int", ""),
]


@pytest.mark.parametrize("kwargs, message, hint", [(k, m, h) for _, k, m, h in BAD_ARGUMENTS],
                         ids=[i for i, *_ in BAD_ARGUMENTS])
def test_a_wrong_argument_is_a_coded_error_naming_it(kwargs, message, hint):
    with pytest.raises(ArgumentError) as caught:
        policyextract.extract(**kwargs)
    assert isinstance(caught.value, PolicyExtractError)
    assert str(caught.value).startswith("[E500] ")
    assert message in str(caught.value) and hint in str(caught.value)


def test_extract_corpus_takes_texts_with_ids_and_one_publication_date():
    result = policyextract.extract_corpus(texts=["Last month Seoul pledged 5 billion won.", "Tokyo set aside 3 billion yen."],
                                          ids=["seoul", "tokyo"], published="2023-06-12", progress=False)
    assert [(d.doc_id, d.published, d.amounts[0].currency) for d in result.documents] == [
        ("seoul", date(2023, 6, 12), "KRW"), ("tokyo", date(2023, 6, 12), "JPY")]
    assert result.documents[0].dates[0].start == date(2023, 5, 1)


def test_extract_corpus_takes_a_dataframe_and_makes_a_bad_row_a_failure():
    frame = pd.DataFrame({"text": ["Last month Seoul pledged 5 billion won.", 42, "No money here."],
                          "id": ["a", "b", "c"], "published": ["2023-06-12", None, pd.NaT]})
    result = policyextract.extract_corpus(texts=frame, progress=False)
    assert [(d.doc_id, d.published) for d in result.documents] == [("a", date(2023, 6, 12)), ("c", None)]
    assert [(f.source, f.error) for f in result.failures] == [("b", "E500")]
    assert "argument 'text' must be str, got int" in result.failures[0].reason
    assert sorted(result.to_frames()) == ["amounts", "dates", "documents", "entities", "fact_mentions", "facts",
                                          "failures", "jurisdictions", "organizations", "percentages"]


@pytest.mark.parametrize("kwargs, message", [
    ({}, "give either a corpus path or texts="),
    ({"texts": "one text"}, "got one text; wrap it in a list"),
    ({"texts": ["a", "b"], "ids": ["x"]}, "has 1 ids for 2 texts"),
    ({"texts": ["a", "b"], "ids": ["x", "x"]}, "must be unique"),
    ({"texts": ["a"], "published": ["2023-01-01", "2023-01-02"]}, "has 2 dates for 1 texts"),
    ({"texts": pd.DataFrame({"body": ["a"]})}, "needs a 'text' column"),
])
def test_extract_corpus_wrong_texts_arguments_are_coded_errors(kwargs, message):
    with pytest.raises(ArgumentError, match=message):
        policyextract.extract_corpus(**kwargs, progress=False)
