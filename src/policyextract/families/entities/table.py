"""The entity table: one row per real-world body across a corpus, from the mentions of every document.

While a run streams, `EntityTable.add` keeps only compact statistics per entity (names seen and how
often, documents). At the end, `merge` joins new bodies whose names differ by a misspelling across
documents (`normalizing.merge_keys`: blocked, order-independent), and `remap` gives each mention row its
final entity id and canonical name. The canonical name of a body no gazetteer knows is the name a rule
built for it ("Government of China" for "the Chinese government", "Kyrotek" for "Kyrotek GmbH"), else its
most frequent written name (ties: the alphabetically first), so it does not depend on file order either.
"""

from __future__ import annotations

import functools
import pickle
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import groupby
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


SPILL_BODIES = 4096  # bodies a table keeps in memory before it adds their statistics to its database
_NEW_IDS = (b"new:", b"new;")  # bounds of the id blobs of new bodies (NEW): b"new:" <= id < b"new;", as ";" follows ":"


class EntityTable:
    """Entities of a corpus, built from its documents' organization and jurisdiction mentions.

    An archive keeps naming bodies it never named before, so the statistics of the whole corpus live in
    a private SQLite database, not in memory: the table keeps the bodies met since its last spill (at
    most `SPILL_BODIES`) and adds them to the database's counts. A document's table (a few bodies)
    never makes a database. Merging writes each final entity's row to the database too, where `rows`
    and `canonical` read them.
    """

    def __init__(self, settings: EntitySettings | None = None):
        self.settings = settings or EntitySettings()
        self._stats: dict[str, _Stats] = {}  # bodies met since the last spill; first-seen attributes
        self._db: sqlite3.Connection | None = None  # made at the first spill
        self._mapping: dict[str, str] | None = None  # set by `merge`, with the final rows in the database

    # Pickled as plain tuples and dicts: a table travels from a worker process with every file's result,
    # and pickling a dataclass of Counters per body took most of that result's unpickling time. The
    # merge does not travel: it is made again where it is needed.
    def __getstate__(self) -> tuple:
        return self.settings, [
            (entity_id, s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction, dict(s.names), s.documents, dict(s.types),
             dict(s.built))
            for entity_id, s in self._bodies()]

    def __setstate__(self, state: tuple) -> None:
        self.settings, stats = state
        self._db, self._mapping = None, None
        self._stats = {entity_id: _Stats(*attributes, Counter(names), documents, Counter(types), Counter(built))
                       for entity_id, *attributes, names, documents, types, built in stats}
        self._spill_when_full()

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
        self._mapping = None
        self._spill_when_full()

    def update(self, other: EntityTable) -> None:
        """Absorb the statistics of a table built from later documents (a distributed run builds one
        table per partition and combines them in corpus order). The result is the table `add` would
        have built from all those documents in that order: a body's first-seen attributes are kept."""
        for entity_id, s in other._bodies():
            into = self._stats.get(entity_id) or self._stats.setdefault(
                entity_id, _Stats(s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction))
            _absorb(into, s)
            self._spill_when_full()  # another table's bodies may be many
        self._mapping = None

    def _spill_when_full(self) -> None:
        if len(self._stats) > SPILL_BODIES:
            self._spill()

    def _database(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect("")  # "": a private temporary database, deleted when closed
            self._db.execute("CREATE TABLE bodies (entity_id BLOB PRIMARY KEY, kind TEXT, attributes BLOB, documents INTEGER)")
            # what: 0 a written name, 1 a type, 2 a name a rule built (the three Counters of a _Stats)
            self._db.execute("CREATE TABLE counts (entity_id BLOB, what INTEGER, name BLOB, count INTEGER, "
                             "PRIMARY KEY (entity_id, what, name)) WITHOUT ROWID")
            self._db.execute("CREATE TABLE finals (entity_id BLOB PRIMARY KEY, canonical BLOB, row BLOB)")
        return self._db

    def _spill(self) -> None:
        """Add the bodies in memory to the database: a body already there keeps its attributes (they
        were seen first) and adds up its counts."""
        db = self._database()
        db.executemany("INSERT INTO bodies VALUES (?, ?, ?, ?) "
                       "ON CONFLICT (entity_id) DO UPDATE SET documents = documents + excluded.documents", [
                           (_blob(entity_id), s.kind, pickle.dumps((s.kind, s.canonical, s.type, s.level, s.parent, s.jurisdiction)),
                            s.documents) for entity_id, s in self._stats.items()])
        db.executemany("INSERT INTO counts VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count", [
            (_blob(entity_id), what, _blob(name), count) for entity_id, s in self._stats.items()
            for what, counter in enumerate((s.names, s.types, s.built)) for name, count in counter.items()])
        self._stats.clear()

    def _bodies(self) -> Iterator[tuple[str, _Stats]]:
        """Every body's statistics: from memory while the table has no database, else from the
        database (after a spill), one body at a time, in id order."""
        if self._db is None:
            yield from self._stats.items()
            return
        self._spill()
        for blob, attributes, documents in self._db.execute("SELECT entity_id, attributes, documents FROM bodies ORDER BY entity_id"):
            yield _text(blob), self._stored(blob, attributes, documents)

    def _stored(self, blob: bytes, attributes: bytes, documents: int) -> _Stats:
        """A body's statistics from its row of `bodies` and its counts."""
        s = _Stats(*pickle.loads(attributes), documents=documents)
        counters = (s.names, s.types, s.built)
        for what, name, count in self._database().execute("SELECT what, name, count FROM counts WHERE entity_id = ?", (blob,)):
            counters[what][_text(name)] = count
        return s

    def _new_ids(self) -> Iterator[str]:
        """The ids of the bodies no gazetteer knows, in order."""
        self._spill()
        for (blob,) in self._database().execute("SELECT entity_id FROM bodies WHERE entity_id >= ? AND entity_id < ? "
                                                "ORDER BY entity_id", _NEW_IDS):
            yield _text(blob)

    def merge(self) -> dict[str, str]:
        """Entity id → final id (new bodies with near-identical names across documents become one)."""
        self._mapping = {}
        # merge_keys compares only keys that share their first three letters: given one such block at
        # a time (the ids come in order), it never holds every new body of the corpus
        for _, block in groupby((i[len(NEW):] for i in self._new_ids()), key=lambda key: key[:3]):
            merged = merge_keys(list(block), self.settings)
            self._mapping.update((NEW + k, NEW + v) for k, v in merged.items() if k != v)
        self._write_finals(self._mapping)
        return self._mapping

    def _write_finals(self, mapping: dict[str, str]) -> None:
        """Write one row per final entity to `finals`: the statistics of the bodies merged into it
        (bodies are read in id order, and a merged group's final id is its smallest)."""
        db = self._database()
        db.execute("DELETE FROM finals")
        merged: dict[str, list[str]] = defaultdict(list)
        for entity_id, target in mapping.items():
            merged[target].append(entity_id)
        finals = []
        for blob, attributes, documents in db.execute("SELECT entity_id, attributes, documents FROM bodies ORDER BY entity_id"):
            entity_id = _text(blob)
            if entity_id in mapping:  # absorbed by its final entity
                continue
            s = self._stored(blob, attributes, documents)
            for member in sorted(merged.get(entity_id, ())):
                member_blob = _blob(member)
                (attributes, documents), = db.execute("SELECT attributes, documents FROM bodies WHERE entity_id = ?", (member_blob,))
                _absorb(s, self._stored(member_blob, attributes, documents))
            row = _final_row(entity_id, s)
            finals.append((blob, _blob(row["canonical"]), pickle.dumps(row)))
            if len(finals) >= 1024:
                db.executemany("INSERT INTO finals VALUES (?, ?, ?)", finals)
                finals.clear()
        db.executemany("INSERT INTO finals VALUES (?, ?, ?)", finals)

    @property
    def mapping(self) -> dict[str, str]:
        return self._mapping if self._mapping is not None else self.merge()

    def _merged(self) -> sqlite3.Connection:
        """The database, with the final rows of the table as it is now (merged if it changed since)."""
        if self._mapping is None:
            self.merge()
        return self._database()

    def canonical(self) -> CanonicalNames:
        """Final entity id → canonical name, read from the database (merged first if need be)."""
        return CanonicalNames(self._merged())

    def canonical_names(self) -> dict[str, str]:
        """`canonical`, in memory (for a table of a notebook's corpus, or one sent to another process)."""
        return dict(self.canonical().items())

    def remapped_kinds(self) -> set[str]:
        """The kinds of entity whose mention rows `remap` may change: those with a body no gazetteer
        knows (it may merge with another; its canonical name is the corpus's most frequent). A
        gazetteer body's id and name are final when a document is extracted."""
        self._spill()
        return {kind for (kind,) in self._database().execute(
            "SELECT DISTINCT kind FROM bodies WHERE entity_id >= ? AND entity_id < ?", _NEW_IDS)}

    def remap(self, row: dict[str, Any], canonical: Mapping[str, str]) -> dict[str, Any]:
        """A mention row (or a fact row, by its actor) with its final entity id and canonical name."""
        return remap_row(row, self.mapping, canonical)

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        """One row per entity, sorted by id, streamed from the database."""
        for (blob,) in self._merged().execute("SELECT row FROM finals ORDER BY entity_id"):
            yield pickle.loads(blob)

    def rows(self) -> list[dict[str, Any]]:
        """One row per entity, sorted by id."""
        return list(self.iter_rows())


class CanonicalNames(Mapping[str, str]):
    """Final entity id → canonical name, looked up in a merged table's database."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        # a run looks up the same bodies row after row: the names of the most recent stay in memory
        self._stored = functools.lru_cache(maxsize=4096)(self._read)

    def _read(self, entity_id: str) -> str | None:
        found = self._db.execute("SELECT canonical FROM finals WHERE entity_id = ?", (_blob(entity_id),)).fetchone()
        return None if found is None else _text(found[0])

    def get(self, entity_id: str, default: Any = None) -> Any:
        name = self._stored(entity_id) if entity_id else None  # "": a fact without an actor
        return default if name is None else name

    def __getitem__(self, entity_id: str) -> str:
        if (name := self.get(entity_id)) is None:
            raise KeyError(entity_id)
        return name

    def __iter__(self) -> Iterator[str]:
        for (blob,) in self._db.execute("SELECT entity_id FROM finals ORDER BY entity_id"):
            yield _text(blob)

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM finals").fetchone()[0]

    def items(self):
        return ((_text(blob), _text(name)) for blob, name in self._db.execute("SELECT entity_id, canonical FROM finals ORDER BY entity_id"))


def _absorb(into: _Stats, s: _Stats) -> None:
    into.names.update(s.names)
    into.documents += s.documents
    into.types.update(s.types)
    into.built.update(s.built)


def _final_row(entity_id: str, s: _Stats) -> dict[str, Any]:
    """The entities table's row of a final entity, from the statistics of the bodies merged into it."""
    canonical, entity_type = s.canonical, s.type
    if entity_id.startswith(NEW):  # the name a rule built for it, else its most frequent written name
        names = s.built or s.names
        canonical = min(names, key=lambda n: (-names[n], n))
    if s.types:  # the most common, whatever order the documents came in
        entity_type = min(s.types, key=lambda t: (-s.types[t], t))
    return {"entity_id": entity_id, "kind": s.kind, "canonical": canonical, "type": entity_type, "level": s.level,
            "parent": s.parent, "jurisdiction": s.jurisdiction, "aliases": sorted(s.names), "mentions": sum(s.names.values()),
            "documents": s.documents}


# Ids and names as UTF-8 blobs: SQLite orders blobs byte by byte, which is code point order, as Python
# sorts strings; "surrogatepass" keeps any lone surrogate a text given as a str may hold.
def _blob(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _text(blob: bytes) -> str:
    return blob.decode("utf-8", "surrogatepass")
