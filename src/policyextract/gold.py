"""Gold files: hand-written truth about articles, loaded and checked against the article text.

Format 1 is documented in `tests/golden/README.md`: one JSON file per corpus file, listing each
document of the file with its hand-annotated records and their character offsets. Loading validates
every field (a problem is reported with the file and the JSON path of the field) and checks that every
offset slices the source text to the record's `text`.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from policyextract.errors import PolicyExtractError
from policyextract.families.entities.gazetteer import JurisdictionLevel, OrgType
from policyextract.families.facts import FACTS
from policyextract.models import Bound, FactStatus, FactType, Granularity, PublishedSource, Relation
from policyextract.registry import FAMILIES


class GoldError(PolicyExtractError):
    """A gold file is malformed or disagrees with the text it annotates."""

    code = "E230"


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldRange(_Gold):
    low: Decimal
    high: Decimal


class GoldRecord(_Gold):
    id: str
    start: int
    end: int
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> GoldRecord:
        if not 0 <= self.start < self.end:
            raise ValueError(f"start {self.start} and end {self.end} do not delimit a span")
        return self


class GoldQuantity(GoldRecord):
    value: Decimal
    approximate: bool = False
    bound: Bound | None = None
    range: GoldRange | None = None


class GoldAmount(GoldQuantity):
    currency: str | None
    per: str | None = None
    equivalent: str | None = None


class GoldPercentage(GoldQuantity):
    pass


class GoldDate(GoldRecord):
    date_start: date | None
    date_end: date | None
    time: str | None = None
    granularity: Granularity
    relation: Relation = "on"
    relative: bool = False
    anchor: str | None = None


class GoldOrganization(GoldRecord):
    entity: str
    type: OrgType | None = None  # None: a body whose kind the extractor did not know (annotation round trips)


class GoldJurisdiction(GoldRecord):
    entity: str
    level: JurisdictionLevel
    parent: str | None = None


class GoldEvidence(_Gold):
    start: int
    end: int
    text: str


class GoldQuantityRef(_Gold):
    amount: str | None = None
    percentage: str | None = None
    count: Decimal | None = None
    unit: str | None = None


class GoldFact(_Gold):
    id: str
    type: FactType
    actor: str | None = None
    metric: str
    quantity: GoldQuantityRef
    time: str | None = None
    status: FactStatus
    evidence: GoldEvidence


class GoldDocument(_Gold):
    doc_id: str
    published: date | None = None
    published_year: int | None = None
    published_source: PublishedSource | None = None
    amounts: list[GoldAmount] = []
    percentages: list[GoldPercentage] = []
    dates: list[GoldDate] = []
    organizations: list[GoldOrganization] = []
    jurisdictions: list[GoldJurisdiction] = []
    facts: list[GoldFact] = []


class GoldFile(_Gold):
    gold_format: Literal[1]
    path: str
    documents: list[GoldDocument]


# Families whose gold records are spans of the text (a fact's gold is scored through its slots).
GOLD_FAMILIES = tuple(f.name for f in FAMILIES if f is not FACTS)


_WS = re.compile(r"[ \t\n\r]*")


def json_positions(text: str) -> dict[tuple[str | int, ...], int]:
    """Character offset of every value of a JSON document, by its path (for error line numbers)."""
    decoder = json.JSONDecoder()
    positions: dict[tuple[str | int, ...], int] = {}

    def value(pos: int, path: tuple[str | int, ...]) -> int:
        pos = _WS.match(text, pos).end()
        positions[path] = pos
        if text.startswith("{", pos):
            pos = _WS.match(text, pos + 1).end()
            while not text.startswith("}", pos):
                key, pos = json.decoder.scanstring(text, pos + 1)
                pos = _WS.match(text, pos).end() + 1  # the colon
                pos = _WS.match(text, value(pos, (*path, key))).end()
                pos = _WS.match(text, pos + 1 if text.startswith(",", pos) else pos).end()
            return pos + 1
        if text.startswith("[", pos):
            pos, index = _WS.match(text, pos + 1).end(), 0
            while not text.startswith("]", pos):
                pos = _WS.match(text, value(pos, (*path, index))).end()
                pos, index = _WS.match(text, pos + 1 if text.startswith(",", pos) else pos).end(), index + 1
            return pos + 1
        return decoder.raw_decode(text, pos)[1]

    value(0, ())
    return positions


def _where(path: Path, raw: str, loc: tuple[str | int, ...]) -> str:
    """`file:line: [a -> 0 -> b]` for the deepest part of `loc` that exists in the file."""
    try:
        positions = json_positions(raw)
    except (ValueError, IndexError):
        positions = {}
    for cut in range(len(loc), -1, -1):
        if tuple(loc[:cut]) in positions:
            line = raw.count("\n", 0, positions[tuple(loc[:cut])]) + 1
            return f"{path}:{line}: [{' -> '.join(map(str, loc))}]"
    return f"{path}: [{' -> '.join(map(str, loc))}]"


def read_gold_file(path: Path) -> GoldFile:
    """A gold file, validated field by field; problems name the file, line and field."""
    try:
        raw_text = path.read_text(encoding="utf-8")
        raw = json.loads(raw_text)
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    try:
        return GoldFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"{_where(path, raw_text, tuple(e['loc']))} {e['msg']}" for e in exc.errors())
        raise GoldError(problems) from None


def check_gold_against_text(gold: GoldFile, text: str, path: Path) -> None:
    """Every offset must slice the text to the record's `text`; links must point at existing records."""
    for d, document in enumerate(gold.documents):
        for family in GOLD_FAMILIES:
            records = getattr(document, family)
            ids = [r.id for r in records]
            if len(set(ids)) != len(ids):
                raise GoldError(f"{path}: [documents -> {d} -> {family}] duplicate ids")
            for i, record in enumerate(records):
                if text[record.start : record.end] != record.text:
                    raise GoldError(
                        f"{path}: [documents -> {d} -> {family} -> {i}] text {record.text!r} does not match "
                        f"{gold.path}[{record.start}:{record.end}] = {text[record.start:record.end]!r}")
        for i, amount in enumerate(document.amounts):
            if amount.equivalent is not None and amount.equivalent not in {a.id for a in document.amounts}:
                raise GoldError(f"{path}: [documents -> {d} -> amounts -> {i} -> equivalent] no amount {amount.equivalent!r}")
        for i, mention in enumerate(document.dates):
            if mention.anchor not in (None, "published", *(m.id for m in document.dates)):
                raise GoldError(f"{path}: [documents -> {d} -> dates -> {i} -> anchor] no date {mention.anchor!r}")
        for i, fact in enumerate(document.facts):
            where = f"{path}: [documents -> {d} -> facts -> {i}]"
            if text[fact.evidence.start : fact.evidence.end] != fact.evidence.text:
                raise GoldError(f"{where} evidence does not match the text at [{fact.evidence.start}:{fact.evidence.end}]")
            q = fact.quantity
            if q.amount and q.amount not in {a.id for a in document.amounts}:
                raise GoldError(f"{where} no amount {q.amount!r}")
            if q.percentage and q.percentage not in {p.id for p in document.percentages}:
                raise GoldError(f"{where} no percentage {q.percentage!r}")
            if fact.time and fact.time not in {m.id for m in document.dates}:
                raise GoldError(f"{where} no date {fact.time!r}")
