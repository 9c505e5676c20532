"""Frames: records → flat rows with a fixed schema, one table per record kind.

One Arrow schema per table fixes column names, order and types for every output: JSONL and CSV rows,
Parquet files, and the pandas DataFrames notebooks get (Arrow-backed dtypes: exact decimals for money,
dates as dates, nullable integers and booleans).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from policyextract.families.facts import FACTS
from policyextract.models import Document, Failure
from policyextract.registry import FAMILIES

if TYPE_CHECKING:  # pandas is imported where a frame is made: it costs start-up otherwise
    import pandas as pd

# Money up to 10^28 with 10 decimal places: "21 trillion" and "0.0001" both fit exactly.
DECIMAL = pa.decimal128(38, 10)

_TYPES = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
          "date": pa.date32(), "decimal": DECIMAL, "string_list": pa.list_(pa.string())}


def _schema(columns: Iterable[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _TYPES[kind]) for name, kind in columns])


SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema([
        ("doc_id", "string"), ("source", "string"), ("start", "int64"), ("end", "int64"), ("title", "string"),
        ("published", "date"), ("published_year", "int64"), ("published_source", "string"),
        ("published_evidence", "string"), *((f.name, "int64") for f in FAMILIES),
    ]),
    # The record tables, the corpus-wide entity table after the mention tables it merges, then facts.
    **{f.table: _schema(f.columns) for f in FAMILIES if f is not FACTS},
    "entities": pa.schema([
        ("entity_id", pa.string()), ("kind", pa.string()), ("canonical", pa.string()), ("type", pa.string()),
        ("level", pa.string()), ("parent", pa.string()), ("jurisdiction", pa.string()),
        ("aliases", pa.list_(pa.string())), ("mentions", pa.int64()), ("documents", pa.int64()),
    ]),
    FACTS.table: _schema(FACTS.columns),
    "facts": pa.schema([
        ("fact_id", pa.string()), ("type", pa.string()), ("actor_id", pa.string()), ("actor", pa.string()),
        ("metric", pa.string()), ("status", pa.string()), ("value", DECIMAL), ("currency", pa.string()),
        ("value_cny", DECIMAL), ("value_usd", DECIMAL), ("fx_source", pa.string()), ("percentage", DECIMAL),
        ("count", DECIMAL), ("count_max", DECIMAL), ("unit", pa.string()), ("bound", pa.string()),
        ("deadline", pa.date32()), ("time", pa.string()), ("sources", pa.int64()),
        ("documents", pa.list_(pa.string())), ("mentions", pa.list_(pa.string())), ("evidence", pa.string()),
    ]),
    "failures": pa.schema([("source", pa.string()), ("error", pa.string()), ("reason", pa.string())]),
}
# Tables whose rows name entities, and of which kinds.
ENTITY_TABLES = {"organizations": ("organization",), "jurisdictions": ("jurisdiction",),
                 "fact_mentions": ("organization", "jurisdiction")}
TABLES = tuple(SCHEMAS)
# A document's facts are the corpus's fact mentions: `rows("facts", documents)` gives them too.
_FAMILY_OF_TABLE = {**{f.table: f for f in FAMILIES}, **{f.name: f for f in FAMILIES}}


def document_row(d: Document) -> dict[str, Any]:
    return {
        "doc_id": d.doc_id, "source": d.source, "start": d.start, "end": d.end,
        "title": d.title.text if d.title else None, "published": d.published, "published_year": d.published_year,
        "published_source": d.published_source, "published_evidence": d.published_evidence,
        **{f.name: len(getattr(d, f.name)) for f in FAMILIES},
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
        elif (family := _FAMILY_OF_TABLE.get(kind)) is not None:
            yield from (family.row(d.doc_id, r) for r in getattr(d, family.name))
        else:
            raise ValueError(f"unknown record kind {kind!r}; expected one of {', '.join(TABLES)}")


def to_arrow(kind: str, table_rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(table_rows, schema=SCHEMAS[kind])


def to_pandas(kind: str, table_rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table as a DataFrame with Arrow-backed dtypes, made for analysis.

    Every exact decimal column of the files (money, counts) is two columns here: `X` as a float, which
    `sum`, `describe` and plots take, and `X_exact`, the exact decimal, right after it.
    """
    import pandas as pd

    frame = to_arrow(kind, table_rows).to_pandas(types_mapper=pd.ArrowDtype)
    for position, field in reversed(list(enumerate(SCHEMAS[kind]))):
        if pa.types.is_decimal(field.type):
            frame.insert(position + 1, f"{field.name}_exact", frame[field.name])
            frame[field.name] = frame[field.name].astype("double[pyarrow]")
    return frame


def frame_columns(kind: str) -> list[str]:
    """The columns of table `kind` as a DataFrame: its file columns, each decimal one followed by `X_exact`."""
    return [name for f in SCHEMAS[kind] for name in (f.name, f"{f.name}_exact")[:2 if pa.types.is_decimal(f.type) else 1]]


def records_frame(kind: str, documents: Iterable[Document]) -> pd.DataFrame:
    """A DataFrame of table `kind` with the table's fixed columns and Arrow-backed dtypes."""
    return to_pandas("fact_mentions" if kind == "facts" else kind, list(rows(kind, documents)))


def failures_frame(failures: Iterable[Failure]) -> pd.DataFrame:
    return to_pandas("failures", [failure_row(f) for f in failures])
