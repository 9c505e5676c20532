"""The currency lexicon built from CLDR (babel) and the news overlay `patterns/currencies.jsonl`.

The first table is every currency term the hand-written lexicon held before the lexicon was
generated: the generated one must keep each with the same currency. The others check what CLDR adds
(every ISO 4217 code, local signs, plural names) and what the overlay decides or drops.
"""

from __future__ import annotations

import json

import pytest

from policyextract.families.amounts import currencies
from policyextract.errors import PatternFileError
from policyextract.patterns import default_patterns_dir, load_patterns

# (class, term, ISO code) as the hand-written lexicon had them.
TODAY = [
    ('currency_sign', '$', 'USD'), ('currency_sign', 'us$', 'USD'), ('currency_sign', 'u.s.$', 'USD'),
    ('currency_sign', 'usd$', 'USD'), ('currency_sign', '¥', 'CNY'), ('currency_sign', '￥', 'CNY'),
    ('currency_sign', 'rmb¥', 'CNY'), ('currency_sign', 'hk$', 'HKD'), ('currency_sign', 's$', 'SGD'),
    ('currency_sign', 'nt$', 'TWD'), ('currency_sign', 'a$', 'AUD'), ('currency_sign', 'au$', 'AUD'),
    ('currency_sign', 'c$', 'CAD'), ('currency_sign', 'ca$', 'CAD'), ('currency_sign', '€', 'EUR'),
    ('currency_sign', '£', 'GBP'), ('currency_sign', '₩', 'KRW'), ('currency_sign', '₹', 'INR'),
    ('currency_sign', 'jp¥', 'JPY'), ('currency_code', 'cny', 'CNY'), ('currency_code', 'usd', 'USD'),
    ('currency_code', 'hkd', 'HKD'), ('currency_code', 'eur', 'EUR'), ('currency_code', 'gbp', 'GBP'),
    ('currency_code', 'jpy', 'JPY'), ('currency_code', 'krw', 'KRW'), ('currency_code', 'sgd', 'SGD'),
    ('currency_code', 'aed', 'AED'), ('currency_code', 'twd', 'TWD'), ('currency_code', 'aud', 'AUD'),
    ('currency_code', 'cad', 'CAD'), ('currency_code', 'chf', 'CHF'), ('currency_code', 'inr', 'INR'),
    ('currency_code', 'myr', 'MYR'), ('currency_code', 'thb', 'THB'), ('currency_code', 'mop', 'MOP'),
    ('currency_code', 'rub', 'RUB'), ('currency_code', 'brl', 'BRL'), ('currency_code', 'sar', 'SAR'),
    ('currency_code', 'vnd', 'VND'), ('currency_code', 'idr', 'IDR'), ('currency_code', 'php', 'PHP'),
    ('currency_code', 'nzd', 'NZD'), ('currency_code', 'rmb', 'CNY'), ('currency_code', 'cnh', 'CNY'),
    ('currency_name', 'yuan', 'CNY'), ('currency_name', 'renminbi', 'CNY'), ('currency_name', 'chinese yuan', 'CNY'),
    ('currency_name', 'dollar', 'USD'), ('currency_name', 'dollars', 'USD'), ('currency_name', 'us dollar', 'USD'),
    ('currency_name', 'us dollars', 'USD'), ('currency_name', 'u.s. dollar', 'USD'),
    ('currency_name', 'u.s. dollars', 'USD'), ('currency_name', 'american dollars', 'USD'),
    ('currency_name', 'hong kong dollar', 'HKD'), ('currency_name', 'hong kong dollars', 'HKD'),
    ('currency_name', 'hk dollars', 'HKD'), ('currency_name', 'singapore dollar', 'SGD'),
    ('currency_name', 'singapore dollars', 'SGD'), ('currency_name', 'new taiwan dollar', 'TWD'),
    ('currency_name', 'new taiwan dollars', 'TWD'), ('currency_name', 'taiwan dollars', 'TWD'),
    ('currency_name', 'australian dollar', 'AUD'), ('currency_name', 'australian dollars', 'AUD'),
    ('currency_name', 'canadian dollar', 'CAD'), ('currency_name', 'canadian dollars', 'CAD'),
    ('currency_name', 'euro', 'EUR'), ('currency_name', 'euros', 'EUR'), ('currency_name', 'pound', 'GBP'),
    ('currency_name', 'pounds', 'GBP'), ('currency_name', 'pounds sterling', 'GBP'),
    ('currency_name', 'british pounds', 'GBP'), ('currency_name', 'yen', 'JPY'),
    ('currency_name', 'japanese yen', 'JPY'), ('currency_name', 'won', 'KRW'),
    ('currency_name', 'korean won', 'KRW'), ('currency_name', 'south korean won', 'KRW'),
    ('currency_name', 'dirham', 'AED'), ('currency_name', 'dirhams', 'AED'), ('currency_name', 'uae dirhams', 'AED'),
    ('currency_name', 'rupee', 'INR'), ('currency_name', 'rupees', 'INR'), ('currency_name', 'indian rupees', 'INR'),
    ('currency_name', 'swiss francs', 'CHF'), ('currency_name', 'ringgit', 'MYR'), ('currency_name', 'baht', 'THB'),
    ('currency_name', 'pataca', 'MOP'), ('currency_name', 'patacas', 'MOP'), ('currency_qualifier', 'chinese', None),
    ('currency_qualifier', 'us', None), ('currency_qualifier', 'u.s.', None),
    ('currency_qualifier', 'american', None), ('currency_qualifier', 'hong', None),
    ('currency_qualifier', 'kong', None), ('currency_qualifier', 'hk', None),
    ('currency_qualifier', 'singapore', None), ('currency_qualifier', 'new', None),
    ('currency_qualifier', 'taiwan', None), ('currency_qualifier', 'australian', None),
    ('currency_qualifier', 'canadian', None), ('currency_qualifier', 'pounds', None),
    ('currency_qualifier', 'british', None), ('currency_qualifier', 'japanese', None),
    ('currency_qualifier', 'korean', None), ('currency_qualifier', 'south', None),
    ('currency_qualifier', 'uae', None), ('currency_qualifier', 'indian', None),
    ('currency_qualifier', 'swiss', None), ('currency_name', 'sterling', 'GBP'),
]


@pytest.fixture(scope="module")
def lexicon():
    return load_patterns().lexicon


@pytest.mark.parametrize(("cls", "term", "code"), TODAY, ids=[f"{c}:{t}" for c, t, _ in TODAY])
def test_generated_lexicon_keeps_todays_forms(lexicon, cls, term, code):
    assert term in lexicon.entries[cls]
    assert lexicon.entries[cls][term] == code


@pytest.mark.parametrize(("cls", "term", "code"), [
    pytest.param("currency_sign", "r$", "BRL", id="brazilian-real-sign"),
    pytest.param("currency_sign", "cn¥", "CNY", id="cldr-yuan-sign"),
    pytest.param("currency_sign", "₽", "RUB", id="ruble-sign-from-russian-locale"),
    pytest.param("currency_sign", "₾", "GEL", id="lari-sign"),
    pytest.param("currency_sign", "₫", "VND", id="dong-sign"),
    pytest.param("currency_sign", "mx$", "MXN", id="mexican-peso-sign"),
    pytest.param("currency_sign", "mxn$", "MXN", id="code-dollar-sign"),
    pytest.param("currency_sign", "£", "GBP", id="pound-sign-goes-to-the-english-symbol"),
    pytest.param("currency_sign", "rs", "INR", id="overlay-rupee-abbreviation"),
    pytest.param("currency_code", "pln", "PLN", id="zloty-code"),
    pytest.param("currency_code", "fim", "FIM", id="historic-code"),
    pytest.param("currency_code", "musd", "USD", id="million-usd-code"),
    pytest.param("currency_name", "russian rubles", "RUB", id="cldr-plural"),
    pytest.param("currency_name", "finnish markka", "FIM", id="cldr-historic-name"),
    pytest.param("currency_name", "turkish lira", "TRY", id="cldr-singular"),
    pytest.param("currency_name", "rubles", "RUB", id="overlay-bare-name"),
    pytest.param("currency_name", "digital yuan", "CNY", id="overlay-digital-yuan"),
    pytest.param("currency_subunit", "cents", "USD", id="subunit-cents"),
    pytest.param("currency_subunit", "pence", "GBP", id="subunit-pence"),
])
def test_generated_lexicon_adds(lexicon, cls, term, code):
    assert lexicon.entries[cls].get(term) == code


@pytest.mark.parametrize(("cls", "term"), [
    pytest.param("currency_code", "all", id="albanian-lek-code-is-a-word"),
    pytest.param("currency_code", "try", id="lira-code-is-a-word"),
    pytest.param("currency_code", "top", id="paanga-code-is-a-word"),
    pytest.param("currency_code", "xxx", id="no-currency-code"),
    pytest.param("currency_code", "nio", id="carmaker-acronym"),
    pytest.param("currency_sign", "¤", id="generic-sign"),
    pytest.param("currency_sign", "kr", id="letter-symbol-shared-by-four-crowns"),
    pytest.param("currency_sign", "r", id="one-letter-rand-symbol"),
    pytest.param("currency_name", "gold", id="precious-metal"),
    pytest.param("currency_name", "francs", id="bare-francs-name-no-one-currency"),
    pytest.param("currency_name", "pesos", id="bare-pesos-name-no-one-currency"),
])
def test_generated_lexicon_leaves_out(lexicon, cls, term):
    assert term not in lexicon.entries[cls]


def test_every_iso_code_is_known_or_dropped(lexicon):
    from babel.numbers import list_currencies

    dropped = {json.loads(line)["term"] for line in (default_patterns_dir() / "currencies.jsonl").read_text(encoding="utf-8").splitlines()
               if line.startswith("{") and json.loads(line).get("drop")}
    for code in list_currencies():
        assert code.lower() in lexicon.entries["currency_code"] or code.lower() in dropped, code


def test_currency_names_have_qualifiers(lexicon):
    qualifiers = set(lexicon.entries["currency_qualifier"])
    for name in lexicon.entries["currency_name"]:
        assert set(name.split()[:-1]) <= qualifiers, name


def test_cldr_terms_are_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    currencies.cldr_currency_terms.cache_clear()
    try:
        built = currencies.cldr_currency_terms()
        cached = list(tmp_path.glob("policyextract/cldr-currencies-*.json"))
        assert len(cached) == 1
        assert json.loads(cached[0].read_text(encoding="utf-8")) == built
    finally:
        currencies.cldr_currency_terms.cache_clear()


@pytest.mark.parametrize(("line", "message"), [
    pytest.param({"term": "zorkmid", "class": "currency_name"}, "needs a value", id="no-value"),
    pytest.param({"term": "zorkmid", "class": "month", "value": "1"}, "not one of", id="not-a-currency-class"),
    pytest.param({"term": "zorkmid", "class": "currency_name", "value": "ZMD", "colour": "red"}, "Extra inputs", id="unknown-field"),
    pytest.param({"term": "mzmd", "class": "currency_code", "value": "ZMD", "scale": "lots"}, "not a number", id="bad-scale"),
])
def test_overlay_errors_name_the_line(tmp_path, line, message):
    path = tmp_path / "currencies.jsonl"
    path.write_text(json.dumps({"comment": "a test overlay"}) + "\n" + json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(PatternFileError, match=message) as raised:
        currencies.load_overlay(path)
    assert ":2:" in str(raised.value)
