"""The fact table: one row per fact of a corpus, however many documents report it.

Two documents' facts are one fact when they have the same type and actor (entity ids, after the
corpus-wide entity merge) and the same quantity: an amount equal in any currency the text states ("150
million yuan ($21.7 million)" and "a $21.7 million fund"), the same percentage, or the same count of
the same thing. Facts are compared only within their (type, actor) block, so the cost grows with the
corpus, not its square. Each row keeps every source (the ids of the document facts and of their
documents) and the evidence of the first.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any

from policyextract.models import Amount, Document, Fact, Percentage
from policyextract.families.numerals import decimal_text


@dataclass(slots=True)
class FactReport:
    """One document's fact, reduced to what the fact table writes and compares."""

    fact_id: str
    type: str
    actor_id: str | None
    actor: str | None
    metric: str
    status: str
    count: Decimal | None
    unit: str | None
    evidence: str
    values: dict[str, Decimal]  # currency → value (the amount and its stated conversion)
    quantity_key: frozenset[tuple[str, str]]
    deadline: str | None
    time_text: str | None
    sources: list[tuple[str, str]] = field(default_factory=list)  # (fact id, doc id) of each report of the fact
    converted: dict[str, Decimal] = field(default_factory=dict)  # currency → value from the yearly rates table
    fx_source: str | None = None  # "stated" or "table:<year>": where the converted values came from
    count_max: Decimal | None = None
    bound: str | None = None


def fact_reports(document: Document) -> list[FactReport]:
    """The reports of a document's facts (and its teasers')."""
    reports = []
    for d in (document, *document.related):
        dates = {m.id: m for m in d.dates}
        amounts = {a.id: a for a in d.amounts}
        percentages = {p.id: p for p in d.percentages}
        for fact in d.facts:
            values, key = _quantity(fact, amounts, percentages)
            time = dates.get(fact.time or "")
            converted = {c: v for c, v in (("USD", fact.value_usd), ("CNY", fact.value_cny)) if v is not None and c not in values}
            reports.append(FactReport(fact.id, fact.type, fact.actor_id, fact.actor, fact.metric, fact.status, fact.count,
                                      fact.unit, fact.span.text, values, key,
                                      fact.deadline.isoformat() if fact.deadline else None, time.span.text if time else None,
                                      [(fact.id, d.doc_id)], converted, fact.fx_source, fact.count_max, fact.bound))
    return reports


def _quantity(fact: Fact, amounts: dict[str, Amount], percentages: dict[str, Percentage],
              ) -> tuple[dict[str, Decimal], frozenset[tuple[str, str]]]:
    """A fact's values by currency and the key of its quantity; `amounts` and `percentages`: the
    document's records by id (made once per document: a table of figures may hold thousands)."""
    if fact.amount:
        amount = amounts[fact.amount]
        stated = [amount, *([amounts[amount.equivalent]] if amount.equivalent in amounts else [])]
        values = {a.currency or "?": a.value for a in stated}
        return values, frozenset(("amount", f"{c}:{decimal_text(v)}") for c, v in values.items())
    if fact.percentage:
        percentage = percentages[fact.percentage]
        return {}, frozenset({("percentage", decimal_text(percentage.value))})
    unit = (fact.unit or "").lower().split()[-1:] or [""]
    return {}, frozenset({("count", f"{decimal_text(fact.count or Decimal(0))}:{unit[0]}")})


BlockKey = tuple[str, str | None]  # (fact type, final actor id): only facts of one block can be one fact


def block_key(report: FactReport, entity_ids: dict[str, str]) -> BlockKey:
    return report.type, entity_ids.get(report.actor_id or "", report.actor_id)


class BlockMerger:
    """Merges the reports of one block, given in fact-id order: a report joins the first fact with a
    quantity in common. Indexed by quantity, so a block of n reports costs n lookups, not n².

    Its state (a summary per fact: the first report's slots, every report's values and quantities; the
    first fact of each quantity) is kept in a private SQLite database: a block may hold most facts of a
    corpus (all facts without an actor), and a run's memory must not grow with the corpus.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database, deleted when closed
        self._db.execute("CREATE TABLE facts (fact INTEGER PRIMARY KEY, summary BLOB)")
        self._db.execute("CREATE TABLE quantities (quantity TEXT PRIMARY KEY, fact INTEGER)")
        self._count = 0

    def reset(self) -> None:
        """Forget the block merged so far, to merge another."""
        self._db.execute("DELETE FROM facts")
        self._db.execute("DELETE FROM quantities")
        self._count = 0

    def add(self, report: FactReport) -> int:
        """The index of the fact `report` is a report of (facts are numbered from 0 as they appear)."""
        quantities = ["\x1f".join(q) for q in report.quantity_key]
        known = dict(self._db.execute(f"SELECT quantity, fact FROM quantities WHERE quantity IN ({', '.join('?' * len(quantities))})",
                                      quantities).fetchall()) if quantities else {}
        index = min(known.values(), default=None)
        if len(known) == len(quantities) and set(known.values()) == {index}:
            # every quantity of the report is already the fact's own, so its summary holds them all
            # (the usual case: one more document reporting a known fact)
            return index
        if index is None:
            index, self._count = self._count, self._count + 1
            summary = FactReport(**{**_fields(report), "values": dict(report.values), "sources": []})
            self._db.execute("INSERT INTO facts VALUES (?, ?)", (index, pickle.dumps(summary)))
        else:
            (blob,) = self._db.execute("SELECT summary FROM facts WHERE fact = ?", (index,)).fetchone()
            summary = pickle.loads(blob)
            summary.values = {**report.values, **summary.values}
            summary.quantity_key |= report.quantity_key
            self._db.execute("UPDATE facts SET summary = ? WHERE fact = ?", (pickle.dumps(summary), index))
        # a fact that gains a quantity may come before the first that had it
        self._db.executemany("INSERT INTO quantities VALUES (?, ?) ON CONFLICT (quantity) DO UPDATE SET fact = MIN(fact, excluded.fact)",
                             [(q, index) for q in quantities])
        return index

    def facts(self) -> Iterator[tuple[int, FactReport]]:
        """(index, summary) of each fact of the block, in index order, streamed."""
        for index, blob in self._db.execute("SELECT fact, summary FROM facts ORDER BY fact"):
            yield index, pickle.loads(blob)


def merge_block(reports: Iterable[FactReport]) -> list[FactReport]:
    """The facts of one block's reports (given in fact-id order), each with the sources of all its reports."""
    merger = BlockMerger()
    sources: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for report in reports:
        sources[merger.add(report)] += report.sources
    return [replace(fact, sources=sources[index]) for index, fact in merger.facts()]


def _fields(report: FactReport) -> dict[str, Any]:
    return {name: getattr(report, name) for name in FactReport.__slots__}


def fact_rows(key: BlockKey, merged: list[FactReport], canonical: dict[str, str]) -> list[dict[str, Any]]:
    """One row per merged fact of a block: the first report's slots, every report's sources."""
    fact_type, actor_id = key
    out = []
    for row in merged:
        first = min(row.sources)
        values = row.values
        currency, value = next(iter(values.items()), (None, None))
        # a value the text states wins over one converted at the yearly rates
        common = {**row.converted, **values}
        from_table = any(c in row.converted and c not in values for c in ("USD", "CNY") if c in common)
        out.append({
            "fact_id": first[0], "type": fact_type, "actor_id": actor_id,
            "actor": canonical.get(actor_id or "", row.actor), "metric": row.metric, "status": row.status,
            "value": value, "currency": None if currency == "?" else currency,
            "value_cny": common.get("CNY"), "value_usd": common.get("USD"),
            "fx_source": (row.fx_source if from_table else "stated") if common.keys() & {"USD", "CNY"} else None,
            "percentage": next((Decimal(k[1]) for k in row.quantity_key if k[0] == "percentage"), None),
            "count": row.count, "count_max": row.count_max, "unit": row.unit, "bound": row.bound,
            "deadline": date.fromisoformat(row.deadline) if row.deadline else None, "time": row.time_text,
            "sources": len(row.sources), "documents": sorted({s[1] for s in row.sources}),
            "mentions": sorted(s[0] for s in row.sources), "evidence": row.evidence,
        })
    return out


StoredReport = tuple[str, bytes | None, bytes | None, bytes]  # a row of the table's database: type, actor id, fact id, report


def stored_reports(reports: Iterable[FactReport]) -> list[StoredReport]:
    return [(r.type, _blob(r.actor_id), _blob(r.fact_id), pickle.dumps(r)) for r in reports]


class FactTable:
    """Facts of a corpus, merged across documents.

    Reports are kept in a temporary SQLite database on disk, not in memory, so that a run's memory
    does not grow with its corpus; `rows` reads back one (type, actor) block at a time.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database, deleted when closed
        self._db.execute("CREATE TABLE reports (seq INTEGER PRIMARY KEY, type TEXT, actor_id TEXT, fact_id TEXT, report BLOB)")
        # a block of one (type, actor) is read from this index in order; sorting it instead held a large
        # block's reports in memory (SQLite sorts in memory first)
        self._db.execute("CREATE INDEX reports_block ON reports (type, actor_id, fact_id, seq)")

    def add(self, document: Document) -> None:
        """Add a document's facts (and its teasers')."""
        self.add_stored(stored_reports(fact_reports(document)))

    def add_stored(self, stored: list[StoredReport]) -> None:
        """Add reports made ready for the table by `stored_reports` (in a worker process, say)."""
        self._db.executemany("INSERT INTO reports (type, actor_id, fact_id, report) VALUES (?, ?, ?, ?)", stored)

    def rows(self, entity_ids: dict[str, str] | None = None, canonical: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
        """One row per fact, sorted by id, streamed.

        `entity_ids` maps entity ids merged across the corpus; `canonical` gives final actor names.
        """
        entity_ids, canonical = entity_ids or {}, canonical or {}
        members: dict[BlockKey, list[tuple[str, bytes | None]]] = defaultdict(list)
        for fact_type, actor_blob in self._db.execute("SELECT DISTINCT type, actor_id FROM reports"):
            actor_id = _text(actor_blob)
            members[(fact_type, entity_ids.get(actor_id or "", actor_id))].append((fact_type, actor_blob))
        self._db.execute("CREATE TEMP TABLE facts (seq INTEGER PRIMARY KEY, fact_id BLOB, row BLOB)")
        self._db.execute("CREATE TEMP TABLE sources (fact INTEGER, fact_id BLOB, doc_id BLOB)")
        merger = BlockMerger()
        for key in sorted(members, key=lambda k: (k[0], k[1] or "")):
            block = members[key]
            where = " OR ".join(["(type = ? AND actor_id IS ?)"] * len(block))
            found = self._db.execute(f"SELECT report FROM reports WHERE {where} ORDER BY fact_id, seq",
                                     [v for member in block for v in member])
            reports = (pickle.loads(blob) for (blob,) in found)  # fact-id order, ties in the order added; streamed
            self._merge_block(key, reports, merger, canonical)
        # read in index order: an ORDER BY would sort every row (each listing its documents) in memory
        self._db.execute("CREATE INDEX temp.facts_order ON facts (fact_id, seq)")
        try:
            for (blob,) in self._db.execute("SELECT row FROM facts ORDER BY fact_id, seq"):
                yield pickle.loads(blob)
        finally:
            self._db.execute("DROP TABLE facts")
            self._db.execute("DROP TABLE sources")

    def _merge_block(self, key: BlockKey, reports: Iterator[FactReport], merger: BlockMerger, canonical: dict[str, str]) -> None:
        """Merge one block's reports and store its rows in the `facts` table."""
        merger.reset()
        # a fact's sources go to disk as its reports come: a fact a whole corpus reports has as many
        self._db.execute("DELETE FROM sources")
        self._db.executemany("INSERT INTO sources VALUES (?, ?, ?)", (
            (index, _blob(fact_id), _blob(doc_id)) for r in reports for index in [merger.add(r)]
            for fact_id, doc_id in r.sources))
        grouped = groupby(self._db.execute("SELECT fact, fact_id, doc_id FROM sources ORDER BY fact, fact_id"),
                          key=itemgetter(0))
        for (_, fact), (_, sources) in zip(merger.facts(), grouped):  # every report carries its own source
            fact.sources = [(_text(fact_id), _text(doc_id)) for _, fact_id, doc_id in sources]
            self._db.executemany("INSERT INTO facts (fact_id, row) VALUES (?, ?)", [
                (_blob(r["fact_id"]), pickle.dumps(r)) for r in fact_rows(key, [fact], canonical)])


# Ids as UTF-8 blobs: SQLite orders blobs byte by byte, which is code point order, as Python sorts
# strings; "surrogatepass" keeps the undecodable bytes a file name may carry into a doc id.
def _blob(text: str | None) -> bytes | None:
    return None if text is None else text.encode("utf-8", "surrogatepass")


def _text(blob: bytes | None) -> str | None:
    return None if blob is None else blob.decode("utf-8", "surrogatepass")
