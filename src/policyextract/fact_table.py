"""The fact table: one row per fact of a corpus, however many documents report it.

Two documents' facts are one fact when they have the same type and actor (entity ids, after the
corpus-wide entity merge) and the same quantity: an amount equal in any currency the text states ("150
million yuan ($21.7 million)" and "a $21.7 million fund"), the same percentage, or the same count of
the same thing. Facts are compared only within their (type, actor) block, so the cost grows with the
corpus, not its square. Each row keeps every source: the ids of the document facts, the documents and
their evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from policyextract.models import Document, Fact
from policyextract.numerals import decimal_text


@dataclass
class _Row:
    fact: Fact
    doc_id: str
    values: dict[str, Decimal]  # currency → value (the amount and its stated conversion)
    quantity_key: frozenset[tuple[str, str]]
    deadline: str | None
    time_text: str | None
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (fact id, doc id, evidence)


def _quantity(fact: Fact, document: Document) -> tuple[dict[str, Decimal], frozenset[tuple[str, str]]]:
    if fact.amount:
        amounts = {a.id: a for a in document.amounts}
        amount = amounts[fact.amount]
        stated = [amount, *([amounts[amount.equivalent]] if amount.equivalent in amounts else [])]
        values = {a.currency or "?": a.value for a in stated}
        return values, frozenset(("amount", f"{c}:{decimal_text(v)}") for c, v in values.items())
    if fact.percentage:
        percentage = next(p for p in document.percentages if p.id == fact.percentage)
        return {}, frozenset({("percentage", decimal_text(percentage.value))})
    unit = (fact.unit or "").lower().split()[-1:] or [""]
    return {}, frozenset({("count", f"{decimal_text(fact.count or Decimal(0))}:{unit[0]}")})


BlockKey = tuple[str, str | None]  # (fact type, final actor id): only facts of one block can be one fact


def block_key(report: _Row, entity_ids: dict[str, str]) -> BlockKey:
    return report.fact.type, entity_ids.get(report.fact.actor_id or "", report.fact.actor_id)


def merge_block(reports: Iterable[_Row]) -> list[_Row]:
    """The facts of one block's reports, given in fact-id order: a report joins the first fact with a
    quantity in common."""
    merged: list[_Row] = []
    for report in reports:
        same = next((r for r in merged if r.quantity_key & report.quantity_key), None)
        if same is None:
            merged.append(_Row(report.fact, report.doc_id, dict(report.values), report.quantity_key, report.deadline,
                               report.time_text, list(report.sources)))
        else:
            same.sources += report.sources
            same.values = {**report.values, **same.values}
            same.quantity_key |= report.quantity_key
    return merged


def fact_rows(key: BlockKey, merged: list[_Row], canonical: dict[str, str]) -> list[dict[str, Any]]:
    """One row per merged fact of a block: the first report's slots, every report's sources."""
    fact_type, actor_id = key
    out = []
    for row in merged:
        fact = row.fact
        first = min(row.sources)
        values = row.values
        currency, value = next(iter(values.items()), (None, None))
        out.append({
            "fact_id": first[0], "type": fact_type, "actor_id": actor_id,
            "actor": canonical.get(actor_id or "", fact.actor), "metric": fact.metric, "status": fact.status,
            "value": value, "currency": None if currency == "?" else currency,
            "value_cny": values.get("CNY"), "value_usd": values.get("USD"),
            "percentage": next((k[1] for k in row.quantity_key if k[0] == "percentage"), None),
            "count": fact.count, "unit": fact.unit, "deadline": row.deadline, "time": row.time_text,
            "sources": len(row.sources), "documents": sorted({s[1] for s in row.sources}),
            "mentions": sorted(s[0] for s in row.sources), "evidence": fact.span.text,
        })
    return out


class FactTable:
    """Facts of a corpus, merged across documents."""

    def __init__(self) -> None:
        self.reports: list[_Row] = []  # one per document fact, in the order added

    def add(self, document: Document) -> None:
        """Add a document's facts (and its teasers'), as compact rows."""
        for d in (document, *document.related):
            dates = {m.id: m for m in d.dates}
            for fact in d.facts:
                values, key = _quantity(fact, d)
                time = dates.get(fact.time or "")
                self.reports.append(_Row(fact, d.doc_id, values, key, time.end.isoformat() if time and time.end else None,
                                         time.span.text if time else None, [(fact.id, d.doc_id, fact.span.text)]))

    def rows(self, entity_ids: dict[str, str] | None = None, canonical: dict[str, str] | None = None) -> list[dict[str, Any]]:
        """One row per fact, sorted by id.

        `entity_ids` maps entity ids merged across the corpus; `canonical` gives final actor names.
        """
        blocks: dict[BlockKey, list[_Row]] = {}
        for report in sorted(self.reports, key=lambda r: r.fact.id):  # order-independent
            blocks.setdefault(block_key(report, entity_ids or {}), []).append(report)
        out = [row for key, block in blocks.items() for row in fact_rows(key, merge_block(block), canonical or {})]
        return sorted(out, key=lambda r: r["fact_id"])
