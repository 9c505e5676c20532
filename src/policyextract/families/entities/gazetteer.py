"""Gazetteers: the organizations and places `patterns/` knows by name, with their aliases.

`gazetteer_organizations.jsonl` and `gazetteer_jurisdictions.jsonl` hold one entity a line (canonical
name, type or level, jurisdiction or parent, aliases). Loading checks every line (unknown keys, duplicate
ids or names, an alias claimed by two entities, a parent or jurisdiction that is no known place) and
names the file and line of each problem. Matching is by phrase: acronyms and one-word names must match
case and all (so "SEC" is not "sec", "X" is not "x"), longer names match in any case; every name with an
apostrophe is also matched with the other apostrophe ("Chang'An", "Chang’An").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc

from policyextract.errors import PatternFileError
from policyextract.pattern_lines import IdentifiedLine, read_jsonl, validated
from policyextract.families.entities.normalizing import name_key
from policyextract.families.entities.places import PLACES_FILE, world_places

OrgType = Literal["government body", "regulator", "company", "research institute", "industry body", "media",
                  "university", "platform", "consortium", "other"]
JurisdictionLevel = Literal["country", "province", "municipality", "special administrative region", "city", "district",
                            "region", "supranational union"]
# A gazetteer place may be named only to be excluded ("South China" is no jurisdiction).
Level = Literal[JurisdictionLevel, "not a jurisdiction"]
NOT_A_JURISDICTION = "not a jurisdiction"


class _EntityLine(IdentifiedLine):
    name: str = Field(min_length=1)
    aliases: list[str] = []
    note: str = ""


class OrganizationLine(_EntityLine):
    type: OrgType
    jurisdiction: str | None = None
    # Names of this body that other countries' bodies bear too ("Ministry of Finance"): written so, the
    # name is this body only where the text's context is its jurisdiction (`finding`).
    shared_names: list[str] = []

    @model_validator(mode="after")
    def _shared_names_are_names(self) -> OrganizationLine:
        if unknown := set(self.shared_names) - {self.name, *self.aliases}:
            raise ValueError(f"shared_names {sorted(unknown)} are not the name or an alias")
        return self


class PlaceLine(_EntityLine):
    level: Level
    parent: str | None = None


@dataclass(frozen=True)
class Entity:
    """A known organization or place."""

    id: str
    kind: str  # "organization" or "jurisdiction"
    name: str
    aliases: tuple[str, ...]
    type: str | None = None  # organizations
    jurisdiction: str | None = None  # organizations: canonical name of the place it belongs to
    level: str | None = None  # places
    parent: str | None = None  # places: canonical name of the place it lies in
    exact_case: bool = False  # every name matches with its case (places from data: "North West" is no "north west")
    shared_names: tuple[str, ...] = ()  # organizations: names other countries' bodies bear too


def _apostrophe_variants(name: str) -> set[str]:
    if "'" not in name and "’" not in name:
        return {name}
    return {name, name.replace("’", "'"), name.replace("'", "’")}


def _case_sensitive(name: str) -> bool:
    """Acronyms and one-word names match exactly; "sec" is no SEC and "apple" no Apple."""
    return " " not in name


class Gazetteer:
    """Known entities by id and by canonical name."""

    def __init__(self, entities: list[Entity]):
        self.entities = {e.id: e for e in entities}
        self.by_name = {e.name: e for e in entities}
        # entity id → the keys of its shared names (a mention written so takes its context's jurisdiction)
        self.shared_keys = {e.id: {name_key(n) for n in e.shared_names} for e in entities if e.shared_names}

    @classmethod
    def load(cls, directory: Path) -> Gazetteer:
        entities: list[Entity] = []
        owners: dict[str, tuple[str, Path, int]] = {}

        def claim(name: str, entity_id: str, path: Path, lineno: int) -> None:
            for variant in _apostrophe_variants(name):
                key = variant if _case_sensitive(variant) else variant.lower()
                if key in owners and owners[key][0] != entity_id:
                    other, other_path, other_line = owners[key]
                    raise PatternFileError(path, lineno, f"name {name!r} is also {other!r} ({other_path.name}:{other_line})")
                owners[key] = (entity_id, path, lineno)

        lines: list[tuple[Path, int, OrganizationLine | PlaceLine]] = []
        for file, model in (("gazetteer_jurisdictions.jsonl", PlaceLine), ("gazetteer_organizations.jsonl", OrganizationLine)):
            path = directory / file
            for lineno, obj in read_jsonl(path):
                lines.append((path, lineno, validated(model, obj, path, lineno)))
        places = {line.name for _, _, line in lines if isinstance(line, PlaceLine)}
        ids: dict[str, tuple[Path, int]] = {}
        for path, lineno, line in lines:
            if line.id in ids:
                raise PatternFileError(path, lineno, f"duplicate id {line.id!r} (first at {ids[line.id][0].name}:{ids[line.id][1]})")
            ids[line.id] = (path, lineno)
            for name in (line.name, *line.aliases):
                claim(name, line.id, path, lineno)
            if isinstance(line, PlaceLine):
                if line.parent is not None and line.parent not in places:
                    raise PatternFileError(path, lineno, f"parent {line.parent!r} is not a place of gazetteer_jurisdictions.jsonl")
                entities.append(Entity(line.id, "jurisdiction", line.name, tuple(line.aliases), level=line.level, parent=line.parent))
            else:
                if line.jurisdiction is not None and line.jurisdiction not in places:
                    raise PatternFileError(path, lineno, f"jurisdiction {line.jurisdiction!r} is not a place of gazetteer_jurisdictions.jsonl")
                entities.append(Entity(line.id, "organization", line.name, tuple(line.aliases), type=line.type,
                                       jurisdiction=line.jurisdiction, shared_names=tuple(line.shared_names)))
        return cls(entities + world_places(directory / PLACES_FILE, entities))


_QUOTES = "'’‘"
_HYPHEN = re.compile(r"(-)")


def name_words(name: str) -> list[str]:
    """The tokens the tokenizer makes of a name of letters, spaces, hyphens and apostrophes, without
    running it: hyphens and quotes at a word's ends are tokens of their own, and so is a final "'s"
    ("Baden-Württemberg" → Baden - Württemberg, "Xi'an" stays whole)."""
    if "-" not in name and "'" not in name and "’" not in name and "‘" not in name:
        return name.split()
    words = []
    for word in name.split():
        lead, trail = [], []
        while word and word[0] in _QUOTES:
            lead.append(word[0])
            word = word[1:]
        while word and word[-1] in _QUOTES:
            trail.insert(0, word[-1])
            word = word[:-1]
        if len(word) > 2 and word[-2] in _QUOTES and word[-1] in "sS":
            trail.insert(0, word[-2:])
            word = word[:-2]
        words += lead + [p for p in _HYPHEN.split(word) if p] + trail
    return words


class CasedNames:
    """Names matched with their case, by a dict from their first word: a PhraseMatcher of the ten thousand
    places from data would put every word of them into the vocabulary at start-up, which costs most of
    a second; here a name's words are only hashed."""

    def __init__(self, names: dict[str, str]):
        """names: name → entity id; every name of letters, spaces, hyphens and apostrophes (`name_words`)."""
        self.by_first: dict[int, list[tuple[tuple[int, ...], str]]] = {}
        for name, entity_id in names.items():
            hashes = tuple(map(get_string_id, name_words(name)))  # a token's ORTH, with no entry in the vocabulary
            self.by_first.setdefault(hashes[0], []).append((hashes, entity_id))
        self._firsts = set(self.by_first)

    def __call__(self, orths: list[int]) -> list[tuple[str, int, int]]:
        """(entity id, start, end) of the names in a paragraph whose tokens have these ORTHs."""
        # Most words start no name: the set intersection finds the few that do without a loop in Python.
        found = []
        for first in self._firsts.intersection(orths):
            for start in positions(orths, first):
                for words, key in self.by_first[first]:
                    end = start + len(words)
                    if tuple(orths[start:end]) == words:
                        found.append((key, start, end))
        return found


def positions(values: list[int], value: int) -> list[int]:
    """Every index of `value` in `values`, found by `list.index` (a search in C, not a loop in Python)."""
    found = []
    try:
        while True:
            found.append(values.index(value, found[-1] + 1 if found else 0))
    except ValueError:
        return found


class NameFinder:
    """Finds every gazetteer name in a Doc, of both kinds at once: a case-sensitive and a case-insensitive
    phrase matcher for the names of every entity, and `CasedNames` for those of entities that match only
    with their case. Match ids are entity ids."""

    def __init__(self, gazetteer: Gazetteer, nlp: Language):
        self.exact, self.folded = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
        cased: dict[str, str] = {}
        self._ids: dict[int, str] = {}  # a phrase matcher's match key → entity id
        for entity in gazetteer.entities.values():
            names = {v for n in (entity.name, *entity.aliases) for v in _apostrophe_variants(n)}
            if entity.exact_case:
                cased.update((n, entity.id) for n in names)
                continue
            exact_docs = [nlp.make_doc(n) for n in sorted(names) if _case_sensitive(n)]
            folded_docs = [nlp.make_doc(n) for n in sorted(names) if not _case_sensitive(n)]
            if exact_docs:
                self.exact.add(entity.id, exact_docs)
            if folded_docs:
                self.folded.add(entity.id, folded_docs)
            self._ids[get_string_id(entity.id)] = entity.id
        self.cased = CasedNames(cased)
        self._kinds = {e.id: e.kind for e in gazetteer.entities.values()}

    def __call__(self, doc: Doc, orths: list[int] | None = None) -> dict[str, list[tuple[int, int, str]]]:
        """Kind → (start, end, entity id) of every name of that kind in `doc`, overlaps included, in order.
        `orths`: the ORTH of each token of `doc`, when the caller has them."""
        ids = self._ids
        found = {(start, end, ids[key]) for matcher in (self.exact, self.folded) for key, start, end in matcher(doc)}
        found.update((start, end, key) for key, start, end in
                     self.cased(doc.to_array(ORTH).tolist() if orths is None else orths))
        by_kind: dict[str, list[tuple[int, int, str]]] = {"organization": [], "jurisdiction": []}
        kinds = self._kinds
        for name in sorted(found):
            by_kind[kinds[name[2]]].append(name)
        return by_kind
