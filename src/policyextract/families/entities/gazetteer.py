"""Gazetteers: the organizations and places `patterns/` knows by name, with their aliases.

`gazetteer_organizations.jsonl` and `gazetteer_jurisdictions.jsonl` hold one entity a line (canonical
name, type or level, jurisdiction or parent, aliases). Loading checks every line (unknown keys, duplicate
ids or names, an alias claimed by two entities, a parent or jurisdiction that is no known place) and
names the file and line of each problem. Matching is by phrase: acronyms and one-word names must match
case and all (so "SEC" is not "sec", "X" is not "x"), longer names match in any case; every name with an
apostrophe is also matched with the other apostrophe ("Chang'An", "Chang’An").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import Field
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from policyextract.errors import PatternFileError
from policyextract.pattern_lines import IdentifiedLine, read_jsonl, validated

OrgType = Literal["government body", "regulator", "company", "research institute", "industry body", "media",
                  "university", "platform", "consortium", "other"]
JurisdictionLevel = Literal["country", "province", "municipality", "special administrative region", "city", "district",
                            "region"]
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


def _apostrophe_variants(name: str) -> set[str]:
    return {name, name.replace("’", "'"), name.replace("'", "’")}


def _case_sensitive(name: str) -> bool:
    """Acronyms and one-word names match exactly; "sec" is no SEC and "apple" no Apple."""
    return " " not in name


class Gazetteer:
    """Known entities by id, and the phrase matchers that find their names in text."""

    def __init__(self, entities: list[Entity]):
        self.entities = {e.id: e for e in entities}
        self.by_name = {e.name: e for e in entities}

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
                                       jurisdiction=line.jurisdiction))
        return cls(entities)

    def phrase_matchers(self, nlp: Language) -> dict[str, tuple[PhraseMatcher, PhraseMatcher]]:
        """For each kind, a case-sensitive and a case-insensitive matcher; match ids are entity ids."""
        matchers: dict[str, tuple[PhraseMatcher, PhraseMatcher]] = {}
        for kind in ("organization", "jurisdiction"):
            exact, folded = PhraseMatcher(nlp.vocab, attr="ORTH"), PhraseMatcher(nlp.vocab, attr="LOWER")
            for entity in self.entities.values():
                if entity.kind != kind:
                    continue
                names = {v for n in (entity.name, *entity.aliases) for v in _apostrophe_variants(n)}
                exact_docs = [nlp.make_doc(n) for n in sorted(names) if _case_sensitive(n)]
                folded_docs = [nlp.make_doc(n) for n in sorted(names) if not _case_sensitive(n)]
                if exact_docs:
                    exact.add(entity.id, exact_docs)
                if folded_docs:
                    folded.add(entity.id, folded_docs)
            matchers[kind] = (exact, folded)
        return matchers


def find_names(doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher]) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of every gazetteer name in `doc`, overlaps included."""
    vocab = doc.vocab
    found = {(start, end, vocab.strings[key]) for matcher in matchers for key, start, end in matcher(doc)}
    return sorted(found)
