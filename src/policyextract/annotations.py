"""Annotations: records ⇄ span-annotation JSONL, the correction loop between extractor and gold.

`export_spans` writes each document as one line of the JSONL that span-annotation tools read
(Prodigy, doccano and Label Studio importers take this shape): the document's `text`, its `spans`
(`start`, `end`, `label`, plus the normalized values under the same names as in the gold format), and
`meta` (doc id, source file, and `offset`, where the document's text starts in its file). A user
corrects the spans in a tool, then `import_spans` turns the corrected lines back into gold files.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from policyextract.families.amounts import AMOUNTS
from policyextract.families.dates import DATES
from policyextract.families.percentages import PERCENTAGES
from policyextract.frames import flatten
from policyextract.gold import GoldDocument, GoldError, GoldFile
from policyextract.models import Document
from policyextract.families.numerals import decimal_text

# The families whose records round-trip through span-annotation tools, with their labels.
LABELS = {f.name: f.label for f in (AMOUNTS, PERCENTAGES, DATES)}
FAMILY_OF_LABEL = {label: family for family, label in LABELS.items()}
_PREFIX = {"amounts": "a", "percentages": "p", "dates": "d"}  # local ids in gold files: a1, p1, d1


def gold_records(document: Document) -> dict[str, list[dict[str, Any]]]:
    """The document's records in gold format (local ids, file offsets), family by family."""
    local = {r.id: f"{_PREFIX[f]}{i}" for f in LABELS for i, r in enumerate(getattr(document, f), start=1)}
    out: dict[str, list[dict[str, Any]]] = {}
    for family in LABELS:
        rows = []
        for r in getattr(document, family):
            row: dict[str, Any] = {"id": local[r.id], "start": r.span.start, "end": r.span.end, "text": r.span.text}
            if family in ("amounts", "percentages"):
                row |= {"value": decimal_text(r.value), "approximate": r.approximate, "bound": r.bound,
                        "range": {"low": decimal_text(r.range.low), "high": decimal_text(r.range.high)} if r.range else None}
            if family == "amounts":
                row |= {"currency": r.currency, "per": r.per, "equivalent": local.get(r.equivalent or "")}
            if family == "dates":
                row |= {"date_start": r.start.isoformat() if r.start else None,
                        "date_end": r.end.isoformat() if r.end else None, "time": r.time,
                        "granularity": r.granularity, "relation": r.relation, "relative": r.relative,
                        "anchor": r.anchor if r.anchor in (None, "published") else local.get(r.anchor)}
            rows.append(row)
        out[family] = rows
    return out


def export_spans(documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One span-annotation line per document (teasers included), offsets relative to its own text."""
    for d in flatten(documents):
        spans = [
            {**row, "start": row["start"] - d.start, "end": row["end"] - d.start, "label": LABELS[family]}
            for family, rows in gold_records(d).items() for row in rows
        ]
        yield {
            "text": d.text[d.start : d.end],
            "spans": sorted(spans, key=lambda s: (s["start"], s["end"], s["label"])),
            "meta": {"doc_id": d.doc_id, "source": d.source, "offset": d.start,
                     "published": d.published.isoformat() if d.published else None,
                     "published_year": d.published_year, "published_source": d.published_source},
        }


def import_spans(lines: Iterable[dict[str, Any]]) -> list[GoldFile]:
    """Gold files, one per source file, from corrected span-annotation lines."""
    by_source: dict[str, list[GoldDocument]] = defaultdict(list)
    for n, line in enumerate(lines, start=1):
        meta = line.get("meta") or {}
        if not meta.get("source") or "doc_id" not in meta:
            raise GoldError(f"line {n}: 'meta' needs 'doc_id' and 'source' (as written by export --format spans)")
        offset = int(meta.get("offset", 0))
        families: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for span in line.get("spans", []):
            label = span.get("label")
            if label not in FAMILY_OF_LABEL:
                raise GoldError(f"line {n}: unknown span label {label!r}; expected one of {sorted(FAMILY_OF_LABEL)}")
            record = {k: v for k, v in span.items() if k != "label"}
            record["start"], record["end"] = span["start"] + offset, span["end"] + offset
            record["text"] = line["text"][span["start"] : span["end"]]
            families[FAMILY_OF_LABEL[label]].append(record)
        by_source[meta["source"]].append(GoldDocument.model_validate({
            "doc_id": meta["doc_id"], "published": meta.get("published"), "published_year": meta.get("published_year"),
            "published_source": meta.get("published_source"), **families,
        }))
    return [GoldFile(gold_format=1, path=source, documents=docs) for source, docs in by_source.items()]
