"""Scoring: extracted records against gold records, per family, with every difference listed.

Detection: a gold and an extracted record of the same document match when their spans overlap (each
record matches at most once; exact spans are paired first). Precision, recall and F1 count matches.
Values: among matched pairs, every gold field is compared with the extracted one (the `equivalent`
link is compared through the matching, not by id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from policyextract.gold import GoldDocument, GoldRecord
from policyextract.models import Document, Record
from policyextract.registry import FAMILIES as REGISTERED
from policyextract.families.entities.normalizing import name_key

FAMILIES = tuple(f.name for f in REGISTERED)
# Gold field → record attribute, where the names differ.
_ATTRIBUTE = {"date_start": "start", "date_end": "end"}
# Fields holding the id of another record of the same document, compared through the matching.
_LINKS = {"equivalent", "anchor"}
# Gold fields not compared value by value: an entity is scored by clustering (B-cubed) and an
# organization's type is a hint of the gazetteer, not a claim of the text.
_NOT_COMPARED = {"id", "start", "end", "text", "entity", "type"}
CLUSTERED = ("organizations", "jurisdictions")
_PUBLICATION = ("published", "published_year", "published_source")


@dataclass
class FamilyScore:
    family: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    values_correct: int = 0
    problems: list[str] = field(default_factory=list)
    # (mention, gold entity, extracted entity) of matched mentions, for B-cubed clustering scores
    clusters: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def bcubed_f1(self) -> float | None:
        if not self.clusters:
            return None
        return bcubed({m: g for m, g, _ in self.clusters}, {m: p for m, _, p in self.clusters})[2]

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def value_accuracy(self) -> float:
        return self.values_correct / self.matched if self.matched else 1.0


def _pair(gold: list[GoldRecord], predicted: list[Record]) -> list[tuple[GoldRecord, Record]]:
    pairs, used = [], set()
    by_span = {(p.span.start, p.span.end): p for p in predicted}
    for g in gold:
        p = by_span.get((g.start, g.end))
        if p is not None and p.id not in used:
            pairs.append((g, p))
            used.add(p.id)
    paired_gold = {id(g) for g, _ in pairs}
    for g in gold:
        if id(g) in paired_gold:
            continue
        for p in predicted:
            if p.id not in used and p.span.start < g.end and g.start < p.span.end:
                pairs.append((g, p))
                used.add(p.id)
                break
    return pairs


def _differences(g: GoldRecord, p: Record, gold_to_predicted: dict[str, str]) -> list[str]:
    diffs = []
    expected: dict[str, Any] = g.model_dump(exclude=_NOT_COMPARED)
    for name, want in expected.items():
        got = getattr(p, _ATTRIBUTE.get(name, name))
        if name in _LINKS and want not in (None, "published"):
            want = gold_to_predicted.get(want)
        elif name == "range":
            got = got.model_dump() if got else None
        if got != want:
            diffs.append(f"{name}: expected {want!r}, got {got!r}")
    if (g.start, g.end) != (p.span.start, p.span.end):
        diffs.append(f"span: expected {g.text!r} [{g.start}:{g.end}], got {p.span.text!r} [{p.span.start}:{p.span.end}]")
    return diffs


def _head(unit: str | None) -> str | None:
    """A count's unit compared by its head noun: "research centers and laboratories" ~ "laboratories"."""
    return name_key(unit.split()[-1]) if unit else None


def _score_facts(gd: GoldDocument, doc: Document | None, s: FamilyScore,
                 record_pairs: dict[str, dict[str, str]]) -> None:
    """Facts match on their quantity (the same amount or percentage record, or the same count); then
    type, actor (by name key), time (the same date record) and status are compared."""
    predicted = list(doc.facts) if doc else []
    s.gold += len(gd.facts)
    s.predicted += len(predicted)
    used: set[str] = set()
    for g in gd.facts:
        q = g.quantity
        def same_quantity(p) -> bool:
            if q.amount:
                return p.amount == record_pairs["amounts"].get(q.amount)
            if q.percentage:
                return p.percentage == record_pairs["percentages"].get(q.percentage)
            return p.count is not None and q.count is not None and p.count == q.count
        p = next((p for p in predicted if p.id not in used and same_quantity(p)), None)
        if p is None:
            s.problems.append(f"{gd.doc_id}: missed fact {g.id} ({g.type}, {g.metric!r}) in {g.evidence.text[:60]!r}")
            continue
        used.add(p.id)
        s.matched += 1
        expected_time = record_pairs["dates"].get(g.time) if g.time else None
        diffs = [f"{name}: expected {want!r}, got {got!r}" for name, want, got in (
            ("type", g.type, p.type), ("status", g.status, p.status), ("time", expected_time, p.time),
            ("actor", name_key(g.actor) if g.actor else None, name_key(p.actor) if p.actor else None),
            ("unit", _head(g.quantity.unit), _head(p.unit)))
            if want != got]
        if diffs:
            s.problems.append(f"{gd.doc_id}: wrong fact {g.id} ({g.metric!r}): " + "; ".join(diffs))
        else:
            s.values_correct += 1
    s.problems += [f"{gd.doc_id}: spurious fact {p.id} ({p.type}, {p.metric!r})" for p in predicted if p.id not in used]


def score(gold_documents: Iterable[GoldDocument], documents: Iterable[Document]) -> dict[str, FamilyScore]:
    """Scores per family of the extracted `documents` (teasers included) against the gold."""
    extracted: dict[str, Document] = {}
    stack = list(documents)
    while stack:
        d = stack.pop()
        extracted[d.doc_id] = d
        stack.extend(d.related)
    scores = {family: FamilyScore(family) for family in (*FAMILIES, "publication")}
    gold_ids = set()
    for gd in gold_documents:
        gold_ids.add(gd.doc_id)
        doc = extracted.get(gd.doc_id)
        publication = scores["publication"]
        publication.gold += 1
        if doc is not None:
            publication.predicted += 1
            publication.matched += 1
            wrong = [f"{name}: expected {getattr(gd, name)!r}, got {getattr(doc, name)!r}"
                     for name in _PUBLICATION if getattr(gd, name) != getattr(doc, name)]
            if wrong:
                publication.problems.append(f"{gd.doc_id}: wrong publication date: " + "; ".join(wrong))
            else:
                publication.values_correct += 1
        record_pairs: dict[str, dict[str, str]] = {}
        for family in FAMILIES:
            s = scores[family]
            if family == "facts":
                _score_facts(gd, doc, s, record_pairs)
                continue
            gold: list[GoldRecord] = getattr(gd, family)
            predicted: list[Record] = getattr(doc, family) if doc else []
            if doc is None:
                s.problems.append(f"{gd.doc_id}: document not found by the extractor")
            pairs = _pair(gold, predicted)
            s.gold += len(gold)
            s.predicted += len(predicted)
            s.matched += len(pairs)
            gold_to_predicted = {g.id: p.id for g, p in pairs}
            record_pairs[family] = gold_to_predicted
            if family in CLUSTERED:
                s.clusters += [(f"{gd.doc_id}:{g.id}", g.entity, p.entity_id) for g, p in pairs]
            for g, p in pairs:
                diffs = _differences(g, p, gold_to_predicted)
                if diffs:
                    s.problems.append(f"{gd.doc_id}: wrong value for {g.text!r} at {g.start}: " + "; ".join(diffs))
                else:
                    s.values_correct += 1
            paired_predicted = {p.id for _, p in pairs}
            paired_gold = {g.id for g, _ in pairs}
            s.problems += [f"{gd.doc_id}: missed {g.text!r} at {g.start}" for g in gold if g.id not in paired_gold]
            s.problems += [f"{gd.doc_id}: spurious {p.span.text!r} at {p.span.start} ({p.rule})"
                           for p in predicted if p.id not in paired_predicted]
    for doc_id in sorted(set(extracted) - gold_ids):
        for family in FAMILIES:
            if family == "facts":
                continue
            for p in getattr(extracted[doc_id], family):
                scores[family].predicted += 1
                scores[family].problems.append(f"{doc_id}: spurious {p.span.text!r} in a document the gold does not list")
    return scores


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering of mentions (mention → cluster label).

    Computed over the mentions both sides hold: for each mention, the share of its predicted cluster
    that is in its gold cluster (precision) and the share of its gold cluster that is in its predicted
    cluster (recall), averaged over mentions. Labels need not agree between the two sides.
    """
    mentions = sorted(gold.keys() & predicted.keys())
    if not mentions:
        return 1.0, 1.0, 1.0
    gold_members: dict[str, set[str]] = {}
    predicted_members: dict[str, set[str]] = {}
    for m in mentions:
        gold_members.setdefault(gold[m], set()).add(m)
        predicted_members.setdefault(predicted[m], set()).add(m)
    precision = recall = 0.0
    for m in mentions:
        same = gold_members[gold[m]] & predicted_members[predicted[m]]
        precision += len(same) / len(predicted_members[predicted[m]])
        recall += len(same) / len(gold_members[gold[m]])
    p, r = precision / len(mentions), recall / len(mentions)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
