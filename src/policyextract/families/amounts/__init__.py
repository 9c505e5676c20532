"""Amounts: money figures with their currency, scale, range, rate and stated conversion.

- `currencies`: CLDR (babel) and the overlay `patterns/currencies.jsonl` → the currency lexicon, cached;
- `interpreting`: matched token spans → `Amount` records; the patterns are `patterns/amounts.jsonl`
  with the scale words of `patterns/lexicon.jsonl`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from policyextract.families.family import Family, PatternFamily
from policyextract.families.quantities import QUANTITY_COLUMNS, quantity_row
from policyextract.models import Amount


def amount_row(doc_id: str, a: Amount) -> dict[str, Any]:
    return {**quantity_row(doc_id, a), "currency": a.currency, "currency_inferred": a.currency_inferred, "per": a.per,
            "equivalent": a.equivalent, "rule": a.rule}


def describe_amount(r: dict[str, Any]) -> str:
    notes = (r["currency_inferred"] and "currency from the document's context",
             r["equivalent"] and f"≈ {r['equivalent'].split(':')[-1]}", r["bound"] and f"bound {r['bound']}",
             r["per"] and f"per {r['per']}", r["approximate"] and "approximate")
    return (f"amount: {r['text']} → {r['currency'] or '?'} {Decimal(str(r['value'])):,}"
            + "".join(f"; {n}" for n in notes if n))


AMOUNTS = Family(
    name="amounts", kind="amount", label="AMOUNT", record=Amount,
    columns=(*QUANTITY_COLUMNS, ("currency", "string"), ("currency_inferred", "bool"), ("per", "string"),
             ("equivalent", "string"), ("rule", "string")),
    row=amount_row, describe=describe_amount, colour="#fde68a",
    patterns=PatternFamily("amounts", frozenset({"AMOUNT"})),
)
