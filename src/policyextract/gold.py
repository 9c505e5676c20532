"""Gold files: hand-written truth about articles, loaded and checked against the article text.

Format 1 is documented in `tests/golden/README.md`: one JSON file per corpus file, listing each
document of the file with its hand-annotated records and their character offsets. Loading validates
every field (a problem is reported with the file and the JSON path of the field) and checks that every
offset slices the source text to the record's `text`.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from policyextract.errors import PolicyExtractError
from policyextract.reading import read_source


class GoldError(PolicyExtractError):
    """A gold file is malformed or disagrees with the text it annotates."""

    code = "E400"


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
    bound: Literal["min", "max"] | None = None
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
    granularity: Literal["day", "week", "month", "quarter", "half", "year", "multi-year"]
    relation: Literal["on", "by", "since", "until", "during", "over", "before", "after"] = "on"
    relative: bool = False
    anchor: str | None = None


class GoldOrganization(GoldRecord):
    entity: str
    type: Literal["government body", "regulator", "company", "research institute", "industry body", "media",
                  "university", "platform", "consortium", "other"]


class GoldJurisdiction(GoldRecord):
    entity: str
    level: Literal["country", "province", "municipality", "special administrative region", "city", "district",
                   "region"]
    parent: str | None = None


class GoldDocument(_Gold):
    doc_id: str
    published: date | None = None
    published_year: int | None = None
    published_source: Literal["metadata", "dateline", "inferred"] | None = None
    amounts: list[GoldAmount] = []
    percentages: list[GoldPercentage] = []
    dates: list[GoldDate] = []
    organizations: list[GoldOrganization] = []
    jurisdictions: list[GoldJurisdiction] = []


class GoldFile(_Gold):
    gold_format: Literal[1]
    path: str
    documents: list[GoldDocument]


def load_gold(path: Path, *, root: Path | None = None) -> tuple[GoldFile, str]:
    """The gold file at `path` and the text it annotates (its `path` is relative to `root`)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot be read: {exc}") from None
    except json.JSONDecodeError as exc:
        raise GoldError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    try:
        gold = GoldFile.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(f"[{' -> '.join(map(str, e['loc']))}] {e['msg']}" for e in exc.errors())
        raise GoldError(f"{path}: {problems}") from None
    source = (root or Path.cwd()) / gold.path
    text = read_source(source).text
    for d, document in enumerate(gold.documents):
        for family in ("amounts", "percentages", "dates", "organizations", "jurisdictions"):
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
    return gold, text
