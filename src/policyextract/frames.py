"""Frames: records → flat rows with a fixed schema, one table per record kind.

One Arrow schema per table fixes column names, order and types for every output: JSONL and CSV rows,
Parquet files, and the pandas DataFrames notebooks get (Arrow-backed dtypes: exact decimals for money,
dates as dates, nullable integers and booleans).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from policyextract.models import (
    Amount, DateMention, Document, Fact, Failure, JurisdictionMention, OrgMention, Percentage, Quantity,
)

if TYPE_CHECKING:  # pandas is imported where a frame is made: it costs start-up otherwise
    import pandas as pd

# Money up to 10^28 with 10 decimal places: "21 trillion" and "0.0001" both fit exactly.
DECIMAL = pa.decimal128(38, 10)

_SPAN = [("doc_id", pa.string()), ("id", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())]
_ENTITY = [("entity_id", pa.string()), ("canonical", pa.string()), ("resolution", pa.string()), ("score", pa.float64())]
_QUANTITY = [("value", DECIMAL), ("approximate", pa.bool_()), ("bound", pa.string()),
             ("range_low", DECIMAL), ("range_high", DECIMAL)]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("source", pa.string()), ("start", pa.int64()), ("end", pa.int64()),
        ("title", pa.string()), ("published", pa.date32()), ("published_year", pa.int64()),
        ("published_source", pa.string()), ("published_evidence", pa.string()),
        ("amounts", pa.int64()), ("percentages", pa.int64()), ("dates", pa.int64()),
        ("organizations", pa.int64()), ("jurisdictions", pa.int64()), ("facts", pa.int64()),
    ]),
    "amounts": pa.schema([*_SPAN, *_QUANTITY, ("currency", pa.string()), ("per", pa.string()),
                          ("equivalent", pa.string()), ("rule", pa.string())]),
    "percentages": pa.schema([*_SPAN, *_QUANTITY, ("rule", pa.string())]),
    "dates": pa.schema([*_SPAN, ("date_start", pa.date32()), ("date_end", pa.date32()), ("time", pa.string()),
                        ("granularity", pa.string()), ("relation", pa.string()), ("relative", pa.bool_()),
                        ("anchor", pa.string()), ("duration", pa.string()), ("modifier", pa.string()),
                        ("narrow_start", pa.date32()), ("narrow_end", pa.date32()), ("reading", pa.string()),
                        ("ambiguous", pa.bool_()), ("rule", pa.string())]),
    "organizations": pa.schema([*_SPAN, *_ENTITY, ("type", pa.string()), ("jurisdiction", pa.string()),
                                ("rule", pa.string())]),
    "jurisdictions": pa.schema([*_SPAN, *_ENTITY, ("level", pa.string()), ("parent", pa.string()), ("rule", pa.string())]),
    "entities": pa.schema([
        ("entity_id", pa.string()), ("kind", pa.string()), ("canonical", pa.string()), ("type", pa.string()),
        ("level", pa.string()), ("parent", pa.string()), ("jurisdiction", pa.string()),
        ("aliases", pa.list_(pa.string())), ("mentions", pa.int64()), ("documents", pa.int64()),
    ]),
    "fact_mentions": pa.schema([
        ("doc_id", pa.string()), ("id", pa.string()), ("type", pa.string()), ("actor_id", pa.string()),
        ("actor", pa.string()), ("metric", pa.string()), ("amount", pa.string()), ("percentage", pa.string()),
        ("count", DECIMAL), ("unit", pa.string()), ("time", pa.string()), ("status", pa.string()),
        ("confidence", pa.float64()), ("start", pa.int64()), ("end", pa.int64()), ("evidence", pa.string()),
        ("quantity_text", pa.string()), ("actor_text", pa.string()), ("time_text", pa.string()), ("rule", pa.string()),
    ]),
    "facts": pa.schema([
        ("fact_id", pa.string()), ("type", pa.string()), ("actor_id", pa.string()), ("actor", pa.string()),
        ("metric", pa.string()), ("status", pa.string()), ("value", DECIMAL), ("currency", pa.string()),
        ("value_cny", DECIMAL), ("value_usd", DECIMAL), ("percentage", pa.string()), ("count", DECIMAL),
        ("unit", pa.string()), ("deadline", pa.string()), ("time", pa.string()), ("sources", pa.int64()),
        ("documents", pa.list_(pa.string())), ("mentions", pa.list_(pa.string())), ("evidence", pa.string()),
    ]),
    "failures": pa.schema([("source", pa.string()), ("error", pa.string()), ("reason", pa.string())]),
}
RECORD_TABLES = ("amounts", "percentages", "dates", "organizations", "jurisdictions", "fact_mentions")
# Tables whose rows name entities, and of which kinds.
ENTITY_TABLES = {"organizations": ("organization",), "jurisdictions": ("jurisdiction",),
                 "fact_mentions": ("organization", "jurisdiction")}
TABLES = tuple(SCHEMAS)


def _quantity_row(doc_id: str, q: Quantity) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": q.id, "start": q.span.start, "end": q.span.end, "text": q.span.text,
        "value": q.value, "approximate": q.approximate, "bound": q.bound,
        "range_low": q.range.low if q.range else None, "range_high": q.range.high if q.range else None,
    }


def amount_row(doc_id: str, a: Amount) -> dict[str, Any]:
    return {**_quantity_row(doc_id, a), "currency": a.currency, "per": a.per, "equivalent": a.equivalent, "rule": a.rule}


def percentage_row(doc_id: str, p: Percentage) -> dict[str, Any]:
    return {**_quantity_row(doc_id, p), "rule": p.rule}


def date_row(doc_id: str, m: DateMention) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
        "date_start": m.start, "date_end": m.end, "time": m.time, "granularity": m.granularity,
        "relation": m.relation, "relative": m.relative, "anchor": m.anchor, "duration": m.duration,
        "modifier": m.modifier, "narrow_start": m.narrow_start, "narrow_end": m.narrow_end, "reading": m.reading,
        "ambiguous": m.ambiguous, "rule": m.rule,
    }


def _entity_row(doc_id: str, m: OrgMention | JurisdictionMention) -> dict[str, Any]:
    return {"doc_id": doc_id, "id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
            "entity_id": m.entity_id, "canonical": m.canonical, "resolution": m.resolution, "score": m.score}


def organization_row(doc_id: str, m: OrgMention) -> dict[str, Any]:
    return {**_entity_row(doc_id, m), "type": m.type, "jurisdiction": m.jurisdiction, "rule": m.rule}


def jurisdiction_row(doc_id: str, m: JurisdictionMention) -> dict[str, Any]:
    return {**_entity_row(doc_id, m), "level": m.level, "parent": m.parent, "rule": m.rule}


def fact_row(doc_id: str, f: Fact) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": f.id, "type": f.type, "actor_id": f.actor_id, "actor": f.actor, "metric": f.metric,
        "amount": f.amount, "percentage": f.percentage, "count": f.count, "unit": f.unit, "time": f.time,
        "status": f.status, "confidence": f.confidence, "start": f.span.start, "end": f.span.end, "evidence": f.span.text,
        "quantity_text": f.quantity_span.text, "actor_text": f.actor_span.text if f.actor_span else None,
        "time_text": f.time_span.text if f.time_span else None, "rule": f.rule,
    }


def document_row(d: Document) -> dict[str, Any]:
    return {
        "doc_id": d.doc_id, "source": d.source, "start": d.start, "end": d.end,
        "title": d.title.text if d.title else None, "published": d.published, "published_year": d.published_year,
        "published_source": d.published_source, "published_evidence": d.published_evidence,
        "amounts": len(d.amounts), "percentages": len(d.percentages), "dates": len(d.dates),
        "organizations": len(d.organizations), "jurisdictions": len(d.jurisdictions), "facts": len(d.facts),
    }


def failure_row(f: Failure) -> dict[str, Any]:
    return {"source": f.source, "error": f.error, "reason": f.reason}


def flatten(documents: Iterable[Document]) -> Iterator[Document]:
    """Each document followed by its related-article teasers."""
    for d in documents:
        yield d
        yield from flatten(d.related)


def rows(kind: str, documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """Rows of table `kind` for these documents (teasers included), in text order."""
    for d in flatten(documents):
        if kind == "documents":
            yield document_row(d)
        elif kind == "amounts":
            yield from (amount_row(d.doc_id, a) for a in d.amounts)
        elif kind == "percentages":
            yield from (percentage_row(d.doc_id, p) for p in d.percentages)
        elif kind == "dates":
            yield from (date_row(d.doc_id, m) for m in d.dates)
        elif kind == "organizations":
            yield from (organization_row(d.doc_id, m) for m in d.organizations)
        elif kind == "jurisdictions":
            yield from (jurisdiction_row(d.doc_id, m) for m in d.jurisdictions)
        elif kind in ("fact_mentions", "facts"):  # a document's facts are the corpus's fact mentions
            yield from (fact_row(d.doc_id, f) for f in d.facts)
        else:
            raise ValueError(f"unknown record kind {kind!r}; expected one of {', '.join(TABLES)}")


def to_arrow(kind: str, table_rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(table_rows, schema=SCHEMAS[kind])


def to_pandas(kind: str, table_rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    return to_arrow(kind, table_rows).to_pandas(types_mapper=pd.ArrowDtype)


def records_frame(kind: str, documents: Iterable[Document]) -> pd.DataFrame:
    """A DataFrame of table `kind` with the table's fixed columns and Arrow-backed dtypes."""
    return to_pandas("fact_mentions" if kind == "facts" else kind, list(rows(kind, documents)))


def failures_frame(failures: Iterable[Failure]) -> pd.DataFrame:
    return to_pandas("failures", [failure_row(f) for f in failures])
