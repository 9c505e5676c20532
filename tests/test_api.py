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
