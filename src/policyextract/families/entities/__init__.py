"""Entities: organizations and jurisdictions (places that govern), each mention resolved to one id per
real-world body.

- `gazetteer`: the organizations and places `patterns/` knows by name, with their aliases;
- `finding`: names in paragraphs → mentions, resolved per document;
- `normalizing`: names → keys, fuzzy matching (rapidfuzz), `EntitySettings`;
- `table`: a corpus's mentions → one row per body, merged corpus-wide.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from policyextract.families.family import SPAN_COLUMNS, Family, PatternFamily
from policyextract.models import JurisdictionMention, OrgMention

ENTITY_COLUMNS = (*SPAN_COLUMNS, ("entity_id", "string"), ("canonical", "string"), ("resolution", "string"),
                  ("score", "float64"))


class OrganizationAttrs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # How the name inside a match is read (see `finding`): a name ending in a head word, the name after a
    # descriptor noun, an administration, an appositive, a reporting or role cue, a legal form, a
    # demonym's government, a dateline or byline credit, an acronym that is a verb's subject.
    form: Literal["name", "descriptor", "administration", "appositive", "cue", "possessive_cue", "legal",
                  "demonym_government", "byline_source", "subject"]


def _entity_row(doc_id: str, m: OrgMention | JurisdictionMention) -> dict[str, Any]:
    return {"doc_id": doc_id, "id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
            "entity_id": m.entity_id, "canonical": m.canonical, "resolution": m.resolution, "score": m.score}


def organization_row(doc_id: str, m: OrgMention) -> dict[str, Any]:
    return {**_entity_row(doc_id, m), "type": m.type, "jurisdiction": m.jurisdiction, "rule": m.rule}


def jurisdiction_row(doc_id: str, m: JurisdictionMention) -> dict[str, Any]:
    return {**_entity_row(doc_id, m), "level": m.level, "parent": m.parent, "rule": m.rule}


def describe_organization(r: dict[str, Any]) -> str:
    return f"organization: {r['canonical']} [{r['entity_id']}, {r['resolution']}]"


def describe_jurisdiction(r: dict[str, Any]) -> str:
    return f"jurisdiction: {r['canonical']} ({r['level']})"


ORGANIZATIONS = Family(
    name="organizations", kind="organization", label="ORG", record=OrgMention,
    columns=(*ENTITY_COLUMNS, ("type", "string"), ("jurisdiction", "string"), ("rule", "string")),
    row=organization_row, describe=describe_organization, colour="#bbf7d0",
    patterns=PatternFamily("organizations", frozenset({"ORG"}), OrganizationAttrs),
)
JURISDICTIONS = Family(
    name="jurisdictions", kind="jurisdiction", label="GPE", record=JurisdictionMention,
    columns=(*ENTITY_COLUMNS, ("level", "string"), ("parent", "string"), ("rule", "string")),
    row=jurisdiction_row, describe=describe_jurisdiction, colour="#ddd6fe",
)
