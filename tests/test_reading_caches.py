"""The readings kept from one document for the next (amounts, percentages, dates) never carry what a
document decided: the same words read in two documents that decide differently give two currencies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from policyextract.extractor import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


# (words, first document, its currency, second document, its currency)
DOCUMENT_DECIDES = [
    pytest.param(["¥", "5", "billion"], "Tokyo raised its budget.", "JPY", "Beijing raised its budget.", "CNY", id="yen-sign"),
    pytest.param(["50", "cents"], "A ticket costs €2 in Paris.", "EUR", "A ticket costs $2 in Ohio.", "USD", id="cents"),
    pytest.param(["3", "billion", "riyals"], "The Saudi fund grew.", "SAR", "The Qatari fund grew.", "QAR", id="shared-name"),
]


@pytest.mark.parametrize(("words", "first", "first_currency", "second", "second_currency"), DOCUMENT_DECIDES)
def test_a_reading_that_the_document_decides_is_not_kept(extractor, words, first, first_currency, second, second_currency):
    reader = extractor.amount_reader
    for text, currency in ((first, first_currency), (second, second_currency), (first, first_currency)):
        reading = reader.read(words, context=reader.context(text))
        assert reading is not None and reading.currency == currency


@pytest.mark.parametrize(("text", "value", "currency"), [
    pytest.param("It cost 2,500 yuan. Later it cost 2,500 yuan again.", Decimal(2500), "CNY", id="same-words-twice"),
    pytest.param("Sales reached 7 billion euros, and 7 billion euros more.", Decimal(7_000_000_000), "EUR", id="scale"),
])
def test_the_same_words_read_the_same_twice(extractor, text, value, currency):
    amounts = extractor.extract(text).amounts
    assert [(a.value, a.currency) for a in amounts] == [(value, currency)] * 2


@pytest.mark.parametrize(("text", "values"), [
    pytest.param("Output rose 5 percent, then 5 percent again.", [Decimal(5), Decimal(5)], id="percent"),
    pytest.param("Prices fell 2.5% and wages 2.5%.", [Decimal("2.5"), Decimal("2.5")], id="sign"),
])
def test_percentages_read_the_same_twice(extractor, text, values):
    assert [p.value for p in extractor.extract(text).percentages] == values
