"""The entity table: one row per real-world body across a corpus, from the mentions of every document.

While a run streams, `EntityTable.add` keeps only compact statistics per entity (names seen and how
often, documents). At the end, `merge` joins new bodies whose names differ by a misspelling across
documents (`normalizing.merge_keys`: blocked, order-independent), and `remap` gives each mention row its
final entity id and canonical name. The canonical name of a body no gazetteer knows is the name a rule
built for it ("Government of China" for "the Chinese government", "Kyrotek" for "Kyrotek GmbH"), else its
most frequent written name (ties: the alphabetically first), so it does not depend on file order either.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from policyextract.models import Document
from policyextract.families.entities.normalizing import EntitySettings, merge_keys

NEW = "new:"


@dataclass
class _Stats:
    kind: str
    canonical: str
    type: str | None = None
    level: str | None = None
    parent: str | None = None
    jurisdiction: str | None = None
    names: Counter[str] = field(default_factory=Counter)
    documents: int = 0  # documents that mention it (a count, not a set: memory must not grow with the corpus)
    types: Counter[str] = field(default_factory=Counter)
    built: Counter[str] = field(default_factory=Counter)  # names a rule built for it ("Government of China")


def remap_row(row: dict[str, Any], mapping: dict[str, str], canonical: dict[str, str]) -> dict[str, Any]:
    """A mention row (or a fact row, by its actor) with the entity id `mapping` gives and its canonical
    name; the row itself when neither changes."""
    id_field, name_field = ("entity_id", "canonical") if "entity_id" in row else ("actor_id", "actor")
    if not row.get(id_field):
        return row
    entity_id = mapping.get(row[id_field], row[id_field])
    name = canonical.get(entity_id, row[name_field])
    if (entity_id, name) == (row[id_field], row[name_field]):
        return row  # the same row: a writer need not encode it again
    return {**row, id_field: entity_id, name_field: name}


def names_no_new_body(line: str) -> bool:
    """Whether a JSONL row names no body the gazetteers do not know, read from the line's text: `remap`
    keeps such a row as it is. A new body's id is a JSON string that starts with "new:", so a line
    without `"new:` names none (the same text elsewhere in a line only makes it decoded)."""
    return '"' + NEW not in line


class EntityTable:
    """Entities of a corpus, built from its documents' organization and jurisdiction mentions."""

    def __init__(self, settings: EntitySettings | None = None):
        self.settings = settings or EntitySettings()
        self._stats: dict[str, _Stats] = {}
        self._mapping: dict[str, str] | None = None

    # Pickled as plain tuples and dicts: a table travels from a worker process with every file's result,
    # and pickling a dataclass of Counters per body took most of that result's unpickling time.
    def __getstate__(self) -> tuple:
        return self.settings, self._mapping, [
            (entity_id, s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction, dict(s.names), s.documents, dict(s.types),
             dict(s.built))
            for entity_id, s in self._stats.items()]

    def __setstate__(self, state: tuple) -> None:
        self.settings, self._mapping, stats = state
        self._stats = {entity_id: _Stats(*attributes, Counter(names), documents, Counter(types), Counter(built))
                       for entity_id, *attributes, names, documents, types, built in stats}

    def add(self, document: Document) -> None:
        for d in (document, *document.related):
            mentioned: set[str] = set()
            for m in d.organizations:
                # get first: setdefault alone would build a _Stats (three Counters) for every mention
                s = self._stats.get(m.entity_id) or self._stats.setdefault(
                    m.entity_id, _Stats("organization", m.canonical, type=m.type, jurisdiction=m.jurisdiction))
                s.names[m.span.text] += 1
                if m.resolution == "new" and m.canonical != m.span.text:
                    s.built[m.canonical] += 1
                mentioned.add(m.entity_id)
                if m.type:
                    s.types[m.type] += 1
            for p in d.jurisdictions:
                s = self._stats.get(p.entity_id) or self._stats.setdefault(
                    p.entity_id, _Stats("jurisdiction", p.canonical, level=p.level, parent=p.parent))
                s.names[p.span.text] += 1
                mentioned.add(p.entity_id)
            for entity_id in mentioned:
                self._stats[entity_id].documents += 1

    def update(self, other: EntityTable) -> None:
        """Absorb the statistics of a table built from later documents (a distributed run builds one
        table per partition and combines them in corpus order). The result is the table `add` would
        have built from all those documents in that order: a body's first-seen attributes are kept."""
        for entity_id, s in other._stats.items():
            into = self._stats.get(entity_id) or self._stats.setdefault(
                entity_id, _Stats(s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction))
            into.names.update(s.names)
            into.documents += s.documents
            into.types.update(s.types)
            into.built.update(s.built)
        self._mapping = None

    def merge(self) -> dict[str, str]:
        """Entity id → final id (new bodies with near-identical names across documents become one)."""
        new_keys = [i[len(NEW):] for i in self._stats if i.startswith(NEW)]
        merged = merge_keys(new_keys, self.settings)
        self._mapping = {NEW + k: NEW + v for k, v in merged.items() if k != v}
        return self._mapping

    def _final(self) -> dict[str, _Stats]:
        mapping = self._mapping if self._mapping is not None else self.merge()
        final: dict[str, _Stats] = {}
        for entity_id in sorted(self._stats):
            s = self._stats[entity_id]
            target = mapping.get(entity_id, entity_id)
            into = final.setdefault(target, _Stats(s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction))
            into.names.update(s.names)
            into.documents += s.documents
            into.types.update(s.types)
            into.built.update(s.built)
        for entity_id, s in final.items():
            if entity_id.startswith(NEW):  # the name a rule built for it, else its most frequent written name
                names = s.built or s.names
                s.canonical = min(names, key=lambda n: (-names[n], n))
            if s.types:  # the most common, whatever order the documents came in
                s.type = min(s.types, key=lambda t: (-s.types[t], t))
        return final

    def canonical_names(self) -> dict[str, str]:
        return {entity_id: s.canonical for entity_id, s in self._final().items()}

    @property
    def mapping(self) -> dict[str, str]:
        return self._mapping if self._mapping is not None else self.merge()

    def remapped_kinds(self) -> set[str]:
        """The kinds of entity whose mention rows `remap` may change: those with a body no gazetteer
        knows (it may merge with another; its canonical name is the corpus's most frequent). A
        gazetteer body's id and name are final when a document is extracted."""
        return {s.kind for entity_id, s in self._stats.items() if entity_id.startswith(NEW)}

    def remap(self, row: dict[str, Any], canonical: dict[str, str]) -> dict[str, Any]:
        """A mention row (or a fact row, by its actor) with its final entity id and canonical name."""
        return remap_row(row, self.mapping, canonical)

    def rows(self) -> list[dict[str, Any]]:
        """One row per entity, sorted by id."""
        return [
            {"entity_id": entity_id, "kind": s.kind, "canonical": s.canonical, "type": s.type, "level": s.level,
             "parent": s.parent, "jurisdiction": s.jurisdiction, "aliases": sorted(s.names),
             "mentions": sum(s.names.values()), "documents": s.documents}
            for entity_id, s in sorted(self._final().items())
        ]
