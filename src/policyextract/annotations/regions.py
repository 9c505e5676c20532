"""Records ⇄ regions: the one neutral shape every tool's format is written from and read back into.

A document becomes an `Annotated` text: its own text (offsets relative to it), its `meta` (doc id,
source file, `offset` of the document in its file, publication date) and one `Region` per record,
labelled from the registry (AMOUNT, PERCENTAGE, DATE, ORG, GPE, FACT). A region's `values` are the
record's normalized values under gold-format names, and its links to other records are values too,
naming the other region's key: an amount's `equivalent`, a date's `anchor`, a fact's `quantity`
(`{"amount": key}`, `{"percentage": key}` or `{"count", "unit"}`), `time` and `actor_mention`.
Formats whose tool has relations turn the links into relations (`LINKS`) and back.

Two value names differ from the gold's: an organization's type is `org_type` and a fact's type is
`fact_type`, because Prodigy writes its own `type` on every span.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from policyextract.errors import AnnotationFileError, ArgumentError
from policyextract.families.numerals import decimal_text
from policyextract.frames import flatten
from policyextract.gold import GoldDocument, GoldFile
from policyextract.models import Document
from policyextract.registry import FAMILIES

LABELS = {f.name: f.label for f in FAMILIES}
FAMILY_OF_LABEL = {label: family for family, label in LABELS.items()}
# Local ids in gold files: a1, p1, d1, o1, j1, f1.
PREFIX = {f.name: f.name[0] for f in FAMILIES}
AMOUNT, PERCENTAGE, DATE, ORG, GPE, FACT = (LABELS[n] for n in (
    "amounts", "percentages", "dates", "organizations", "jurisdictions", "facts"))

# Links as relations: (label of the head, label of the child) → relation label. A relation is read
# back by the labels of its two regions, so an unlabelled or renamed relation still means the same.
LINKS = {
    (AMOUNT, AMOUNT): "EQUIVALENT", (DATE, DATE): "ANCHOR",
    (FACT, AMOUNT): "QUANTITY", (FACT, PERCENTAGE): "QUANTITY", (FACT, DATE): "TIME",
    (FACT, ORG): "ACTOR", (FACT, GPE): "ACTOR",
}
RELATION_LABELS = tuple(dict.fromkeys(LINKS.values()))
# The values that name another region, by label (a fact's `quantity` names one inside it); a date's
# `time` is its clock time, a fact's `time` its date mention.
LINK_VALUES = {AMOUNT: ("equivalent",), DATE: ("anchor",), FACT: ("time", "actor_mention")}
Where = tuple[str, int | None]  # the file and line a text was read from, for errors


@dataclass
class Region:
    key: str  # the region's id in the file: a gold-style local id when policyextract wrote it
    label: str
    start: int  # offsets into the annotated text (the document's own text)
    end: int
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Annotated:
    text: str
    meta: dict[str, Any]
    regions: list[Region]


def _quantity_values(r: Any) -> dict[str, Any]:
    return {"value": decimal_text(r.value), "approximate": r.approximate, "bound": r.bound,
            "range": {"low": decimal_text(r.range.low), "high": decimal_text(r.range.high)} if r.range else None}


def _values(family: str, r: Any, key: dict[str, str], mention_at: dict[tuple[int, int], str]) -> dict[str, Any]:
    """A record's values in gold-format names; links name the other record's region key."""
    if family == "amounts":
        return {**_quantity_values(r), "currency": r.currency, "per": r.per, "equivalent": key.get(r.equivalent or "")}
    if family == "percentages":
        return _quantity_values(r)
    if family == "dates":
        return {"date_start": r.start.isoformat() if r.start else None, "date_end": r.end.isoformat() if r.end else None,
                "time": r.time, "granularity": r.granularity, "relation": r.relation, "relative": r.relative,
                "anchor": r.anchor if r.anchor in (None, "published") else key.get(r.anchor)}
    if family == "organizations":
        return {"entity": r.canonical, "entity_id": r.entity_id, "org_type": r.type}
    if family == "jurisdictions":
        return {"entity": r.canonical, "entity_id": r.entity_id, "level": r.level, "parent": r.parent}
    quantity = ({"amount": key.get(r.amount)} if r.amount else {"percentage": key.get(r.percentage)} if r.percentage
                else {"count": decimal_text(r.count) if r.count is not None else None, "unit": r.unit})
    return {"fact_type": r.type, "status": r.status, "metric": r.metric, "actor": r.actor,
            "actor_mention": mention_at.get((r.actor_span.start, r.actor_span.end)) if r.actor_span else None,
            "quantity": quantity, "time": key.get(r.time or ""), "confidence": r.confidence}


def annotated(document: Document) -> Annotated:
    """One document (not its teasers) as regions, offsets relative to its own text."""
    d = document
    key = {r.id: f"{PREFIX[f]}{i}" for f in LABELS for i, r in enumerate(getattr(d, f), start=1)}
    mention_at = {(m.span.start, m.span.end): key[m.id] for m in (*d.organizations, *d.jurisdictions)}
    regions = [
        Region(key[r.id], LABELS[family], r.span.start - d.start, r.span.end - d.start, _values(family, r, key, mention_at))
        for family in LABELS for r in getattr(d, family)
    ]
    meta = {"doc_id": d.doc_id, "source": d.source, "offset": d.start,
            "published": d.published.isoformat() if d.published else None,
            "published_year": d.published_year, "published_source": d.published_source}
    return Annotated(d.text[d.start : d.end], meta, sorted(regions, key=lambda g: (g.start, g.end, g.label)))


def annotate(documents: Iterable[Document], labels: Iterable[str] | None = None) -> Iterator[Annotated]:
    """Every document and teaser as regions; with `labels`, only regions of those labels (links to
    regions left out are dropped with them: a FACT needs the labels of its quantities to read back)."""
    keep = set(labels) if labels is not None else set(FAMILY_OF_LABEL)
    unknown = keep - set(FAMILY_OF_LABEL)
    if unknown:
        raise ArgumentError("labels", f"names unknown labels {sorted(unknown)}; expected some of {list(FAMILY_OF_LABEL)}")
    return (_kept(a, keep) for a in map(annotated, flatten(documents)))


def _kept(a: Annotated, keep: set[str]) -> Annotated:
    a.regions = [r for r in a.regions if r.label in keep]
    kept = {r.key for r in a.regions}
    for r in a.regions:
        for name in LINK_VALUES.get(r.label, ()):
            if r.values.get(name) not in (None, "published") and r.values[name] not in kept:
                r.values[name] = None
        quantity = r.values.get("quantity") or {}
        ref = quantity.get("amount") or quantity.get("percentage")
        if ref is not None and ref not in kept:
            r.values["quantity"] = None
    return a


# --- links ⇄ relations -------------------------------------------------------------------------

def relations_of(a: Annotated) -> list[tuple[str, str, str]]:
    """The links of `a` as (head key, child key, relation label)."""
    label_of = {g.key: g.label for g in a.regions}
    out = []
    for r in a.regions:
        v = r.values
        targets = [v.get(name) for name in LINK_VALUES.get(r.label, ()) if v.get(name) != "published"]
        if r.label == FACT:
            quantity = v.get("quantity") or {}
            targets += [quantity.get("amount"), quantity.get("percentage")]
        out += [(r.key, t, LINKS[r.label, label_of[t]]) for t in targets if t is not None]
    return out


def without_links(r: Region) -> dict[str, Any]:
    """The values a relation-carrying format writes on a region: its links go into relations."""
    links = LINK_VALUES.get(r.label, ())
    v = {k: x for k, x in r.values.items() if k not in links or x == "published"}
    if r.label == FACT and {"amount", "percentage"} & set(v.get("quantity") or {}):
        v["quantity"] = None
    return v


def add_links(regions: list[Region], relations: Iterable[tuple[str, str]], where: Where) -> None:
    """Put relations (head key, child key) back into the values of their regions, by the two labels."""
    by_key = {r.key: r for r in regions}
    for head, child in relations:
        if head not in by_key or child not in by_key:
            raise AnnotationFileError(*where, f"a relation joins {head!r} and {child!r}, which are not both regions")
        h, c = by_key[head], by_key[child]
        if (h.label, c.label) not in LINKS and (c.label, h.label) in LINKS:
            h, c = c, h  # drawn backwards: a fact is always the head of its slots
        name = {"EQUIVALENT": "equivalent", "ANCHOR": "anchor", "TIME": "time", "ACTOR": "actor_mention",
                "QUANTITY": "quantity"}.get(LINKS.get((h.label, c.label), ""))
        if name is None:
            raise AnnotationFileError(*where, f"no relation links {h.label} to {c.label}; relations: "
                                      + ", ".join(f"{x} → {y}" for x, y in LINKS))
        h.values[name] = {FAMILY_OF_LABEL[c.label][:-1]: c.key} if name == "quantity" else c.key


# --- regions → gold ----------------------------------------------------------------------------

def _gold_record(r: Region, gold_id: dict[str, str], entity_of: dict[str, str | None], text: str,
                 offset: int) -> dict[str, Any]:
    v = r.values
    span = {"start": r.start + offset, "end": r.end + offset, "text": text[r.start : r.end]}
    record: dict[str, Any] = {"id": gold_id[r.key], **span}
    if r.label in (AMOUNT, PERCENTAGE):
        record |= {k: v.get(k) for k in ("value", "approximate", "bound", "range") if k in v}
    if r.label == AMOUNT:
        record |= {"currency": v.get("currency"), "per": v.get("per"), "equivalent": gold_id.get(v.get("equivalent") or "")}
    if r.label == DATE:
        record |= {k: v[k] for k in ("date_start", "date_end", "time", "granularity", "relation", "relative") if k in v}
        anchor = v.get("anchor")
        record["anchor"] = anchor if anchor in (None, "published") else gold_id.get(anchor, anchor)
    if r.label in (ORG, GPE):
        record |= {k: v[k] for k in ("entity", "level", "parent") if k in v}
        if r.label == ORG:
            record["type"] = v.get("org_type")
    if r.label == FACT:
        del record["start"], record["end"], record["text"]
        quantity = dict(v.get("quantity") or {})
        for k in ("amount", "percentage"):
            if k in quantity:
                quantity[k] = gold_id.get(quantity[k], quantity[k])
        actor = entity_of.get(v["actor_mention"]) if v.get("actor_mention") else v.get("actor")
        record |= {"type": v.get("fact_type"), "status": v.get("status"), "metric": v.get("metric"), "actor": actor,
                   "quantity": quantity, "time": gold_id.get(v.get("time") or "", v.get("time")), "evidence": span}
    return record


def gold_document(a: Annotated, where: Where) -> GoldDocument:
    """A checked gold document from the regions of one annotated text (ids renumbered in text order)."""
    offset = int(a.meta.get("offset") or 0)
    for r in a.regions:
        if r.label not in FAMILY_OF_LABEL:
            raise AnnotationFileError(*where, f"unknown label {r.label!r}; expected one of {list(FAMILY_OF_LABEL)}")
        if not 0 <= r.start < r.end <= len(a.text):
            raise AnnotationFileError(*where, f"{r.label} region [{r.start}:{r.end}] lies outside the text")
    gold_id: dict[str, str] = {}
    families: dict[str, list[Region]] = {f: [] for f in LABELS}
    for r in sorted(a.regions, key=lambda g: (g.start, g.end)):
        family = FAMILY_OF_LABEL[r.label]
        families[family].append(r)
        gold_id[r.key] = f"{PREFIX[family]}{len(families[family])}"
    entity_of = {r.key: r.values.get("entity") for r in a.regions if r.label in (ORG, GPE)}
    records = {f: [_gold_record(r, gold_id, entity_of, a.text, offset) for r in rs] for f, rs in families.items()}
    meta = a.meta
    try:
        return GoldDocument.model_validate({
            "doc_id": meta.get("doc_id"), "published": meta.get("published"), "published_year": meta.get("published_year"),
            "published_source": meta.get("published_source"), **records,
        })
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = e["loc"]
            if len(loc) >= 2 and loc[0] in records and isinstance(loc[1], int):
                r = families[loc[0]][loc[1]]
                problems.append(f"{r.label} {a.text[r.start:r.end]!r} [{r.start}:{r.end}] "
                                f"{'.'.join(map(str, loc[2:])) or 'record'}: {e['msg']}")
            else:
                problems.append(f"{'.'.join(map(str, loc))}: {e['msg']}")
        raise AnnotationFileError(*where, "; ".join(problems) + " (a region added in a tool needs its values:"
                                  " see docs/annotations.md)") from None


def gold_files(texts: Iterable[tuple[Annotated, Where]]) -> list[GoldFile]:
    """Gold files, one per source file, from annotated texts (each with where it was read, for errors)."""
    by_source: dict[str, list[GoldDocument]] = {}
    for a, where in texts:
        if not a.meta.get("source") or not a.meta.get("doc_id"):
            raise AnnotationFileError(*where, "its meta needs 'doc_id' and 'source' (as `policyextract export` writes them)")
        by_source.setdefault(a.meta["source"], []).append(gold_document(a, where))
    return [GoldFile(gold_format=1, path=source, documents=docs) for source, docs in by_source.items()]


def attach_values(regions: list[Region], records: Iterable[dict[str, Any]]) -> None:
    """Give each region the values of the record written for the same label and offsets (in order,
    for the facts of one sentence): the formats whose tool keeps no values on a region keep them in
    the text's meta, under `records`."""
    pool: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for record in records:
        pool.setdefault((record.get("label"), record.get("start"), record.get("end")), []).append(record)
    for r in regions:
        waiting = pool.get((r.label, r.start, r.end))
        if waiting:
            r.values |= {k: v for k, v in waiting.pop(0).items() if k not in ("label", "start", "end")}


def records_of(a: Annotated) -> list[dict[str, Any]]:
    """The side table `attach_values` reads: each region's values without its links."""
    return [{"label": r.label, "start": r.start, "end": r.end, **without_links(r)} for r in a.regions]
