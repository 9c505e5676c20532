"""Currencies: the lexicon of currency signs, codes and names, from CLDR and a small news overlay.

CLDR (through `babel`) knows every ISO 4217 currency with its English display name, its plural
forms and its symbols: the English one ("CN¥", "NT$", "R$", "A$") and the ones its home locales
write ("₽", "₾", "₭", "₫"). `cldr_currency_terms` turns that into lexicon classes:

- `currency_code`: every ISO code, read only when written in capitals ("RON 5 billion", not
  "2001 Ron") unless the overlay lists it ("Rmb1.5tn", "usd 20"); codes that are common English
  words or acronyms ("ALL", "TRY", "NIO", "BSD") the overlay drops: "ALL 5 solutions" is no money;
- `currency_sign`: every symbol that holds a currency sign character (Unicode category Sc), alone
  or with Latin letters. A symbol that several currencies use goes to the currency whose English
  symbol it is ("£" is GBP, not EGP); one that is no currency's English symbol is left out. Symbols
  made of letters only ("kr", "Ft", "R") are left out too: they are also words and abbreviations,
  and the overlay adds the ones news writes ("Rs", "RM", "Rp");
  `<code>$` for every dollar or peso ("aud$", "mxn$") is a sign as well;
- `currency_name`: the display name and its plural forms, lower-cased ("new taiwan dollars"), with
  the words before the last as `currency_qualifier`s. Names with dates or brackets (historic
  variants) are left out.

The overlay (`patterns/currencies.jsonl`) holds what CLDR does not: news aliases (yuan, renminbi,
RMB, Rs, crore is a scale), bare names ("dollars", "rubles") and decisions for shared signs ("$" is
USD, "¥" is CNY unless the document is about Japan; see `amounts.CurrencyContext`). An overlay line
with `"drop": true` removes a generated term. `lexicon.jsonl` may still add currency terms; its
lines win over both.

Building the CLDR part reads every locale of babel (about two seconds), so the result is kept in a
JSON file under the user's cache directory, keyed by babel's version, and in memory.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policyextract.data_cache import cached_json
from policyextract.errors import PatternFileError
from policyextract.pattern_lines import read_jsonl

CURRENCY_CLASSES = ("currency_sign", "currency_code", "currency_name", "currency_qualifier", "currency_subunit")
# Not lexicon classes of their own: the multiplier a code carries ("MUSD" is a million US dollars),
# and the terms several currencies share, whose currency the document decides ("$", "¥", "dollars").
CURRENCY_SCALE = "currency_scale"
CURRENCY_INFERRED = "currency_inferred"
# ISO codes that count only when written in capitals ("RON 5 billion", not "2001 Ron"): every code
# CLDR gives, except those the overlay lists, which news also writes in lower or title case ("Rmb").
CURRENCY_UPPERCASE = "currency_uppercase"
_CACHE_FORMAT = 2
_MONETARY_X_CODES = {"XAF", "XOF", "XPF", "XCD", "XCG", "XDR", "XEU"}
# Names of accounting units whose last word is a common English word ("Mexican Investment Unit",
# "Special Drawing Rights"): left out, so that those words do not anchor the amount patterns.
_NOT_CURRENCY_HEADS = {"unit", "units", "value", "rights", "gold"}


class OverlayLine(BaseModel):
    """One line of `patterns/currencies.jsonl`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    term: str = Field(min_length=1)
    cls: str = Field(alias="class")
    value: str | None = None
    ambiguous: bool = False
    drop: bool = Field(False, description="remove this generated term instead of adding it")
    scale: str | None = Field(None, description="a code that carries a multiplier: 'MUSD' is a million US dollars")
    inferred: bool = Field(False, description="several currencies write this term; amounts get currency_inferred")
    note: str = ""


def babel_version() -> str:
    import babel

    return babel.__version__


def _has_sign(symbol: str) -> bool:
    return any(unicodedata.category(ch) == "Sc" for ch in symbol)


def _clean_sign(symbol: str) -> bool:
    """A sign this lexicon can use: a currency sign character, with Latin letters at most."""
    return _has_sign(symbol) and all(
        unicodedata.category(ch) == "Sc" or (ch.isascii() and ch.isalpha()) for ch in symbol
    )


def _clean_name(name: str) -> bool:
    return all(word.isalpha() or (word.endswith(".") and word[:-1].isalpha()) for word in name.split())


def _build_cldr_terms() -> dict[str, dict[str, str]]:
    """{class: {term: ISO code}} from babel's CLDR data (see module docstring)."""
    from babel import Locale, localedata
    from babel.numbers import get_territory_currencies, list_currencies

    english = Locale("en")
    codes = sorted(list_currencies())
    terms: dict[str, dict[str, str]] = {cls: {} for cls in CURRENCY_CLASSES}
    for code in codes:
        terms["currency_code"][code.lower()] = code

    english_symbol = {c: s for c, s in english.currency_symbols.items() if s != c}
    home_symbols: dict[str, set[str]] = defaultdict(set)
    for identifier in localedata.locale_identifiers():
        locale = Locale.parse(identifier)
        if not locale.territory:
            continue
        for code in get_territory_currencies(locale.territory):
            symbol = locale.currency_symbols.get(code)
            if symbol and symbol != code:
                home_symbols[code].add(symbol)
    users: dict[str, set[str]] = defaultdict(set)
    for code in codes:
        for symbol in {english_symbol.get(code), *home_symbols[code]} - {None}:
            users[unicodedata.normalize("NFC", symbol).lower()].add(code)
    owner_by_english = {s.lower(): c for c, s in english_symbol.items()}
    for symbol, owners in users.items():
        if not _clean_sign(symbol):
            continue
        owner = next(iter(owners)) if len(owners) == 1 else owner_by_english.get(symbol)
        if owner:
            terms["currency_sign"][symbol] = owner

    plural_forms = english._data["currency_names_plural"]
    for code in codes:
        if code.startswith("X") and code not in _MONETARY_X_CODES:
            continue  # precious metals, fund units, test codes: no money a news article states
        names = {english.currencies.get(code, ""), *dict(plural_forms.get(code, {})).values()}
        for name in names:
            if not name or not _clean_name(name) or name.split()[-1].lower() in _NOT_CURRENCY_HEADS:
                continue
            lowered = name.lower()
            terms["currency_name"].setdefault(lowered, code)
            for word in lowered.split()[:-1]:
                terms["currency_qualifier"][word] = ""
        if english.currency_symbols.get(code, "").endswith("$") or any(s.endswith("$") for s in home_symbols[code]):
            terms["currency_sign"].setdefault(f"{code.lower()}$", code)
    return terms


@functools.lru_cache(maxsize=1)
def cldr_currency_terms() -> dict[str, dict[str, str]]:
    """The CLDR part of the currency lexicon, from the cache file when it is there."""
    return cached_json(f"cldr-currencies-{_CACHE_FORMAT}-babel-{babel_version()}.json", _build_cldr_terms)


def load_overlay(path: Path) -> list[OverlayLine]:
    lines = []
    for lineno, obj in read_jsonl(path):
        try:
            line = OverlayLine.model_validate(obj)
        except ValidationError as exc:
            raise PatternFileError(path, lineno, "; ".join(e["msg"] for e in exc.errors())) from None
        if line.cls not in CURRENCY_CLASSES:
            raise PatternFileError(path, lineno, f"class {line.cls!r} is not one of {CURRENCY_CLASSES}")
        if not line.drop and line.cls != "currency_qualifier" and not line.value:
            raise PatternFileError(path, lineno, f"class {line.cls!r} needs a value")
        if line.scale is not None:
            try:
                Decimal(line.scale)
            except InvalidOperation:
                raise PatternFileError(path, lineno, f"scale {line.scale!r} is not a number") from None
        lines.append(line)
    return lines


def currency_terms(overlay_path: Path) -> tuple[dict[str, dict[str, str | None]], frozenset[str]]:
    """The merged currency lexicon: CLDR terms, then the overlay; and the overlay's ambiguous terms."""
    merged: dict[str, dict[str, str | None]] = {cls: dict(v) for cls, v in cldr_currency_terms().items()}
    merged.setdefault("currency_subunit", {})
    merged[CURRENCY_SCALE] = {}
    merged[CURRENCY_INFERRED] = {}
    merged[CURRENCY_UPPERCASE] = dict.fromkeys(merged["currency_code"])
    ambiguous = set()
    for line in load_overlay(overlay_path) if overlay_path.exists() else []:
        bucket = merged.setdefault(line.cls, {})
        term = line.term.lower()
        if line.drop:
            bucket.pop(term, None)
            continue
        bucket[term] = line.value if line.cls != "currency_qualifier" else None
        if line.cls == "currency_code":
            merged[CURRENCY_UPPERCASE].pop(term, None)
        for word in term.split()[:-1] if line.cls == "currency_name" else ():
            merged["currency_qualifier"].setdefault(word, None)
        if line.scale:
            merged[CURRENCY_SCALE][term] = line.scale
        if line.inferred:
            merged[CURRENCY_INFERRED][term] = None
        if line.ambiguous:
            ambiguous.add(term)
    merged["currency_qualifier"] = dict.fromkeys(merged["currency_qualifier"])
    return merged, frozenset(ambiguous)
