"""Pattern lines: the data types of `patterns/` and the JSONL reading every pattern file shares.

The loader (`patterns.py`) and the gazetteer build on these; the interpreters of each family read
`Lexicon` and `CompiledPattern`. Nothing here knows the families.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from policyextract.errors import PatternFileError, UnsafePatternError
from policyextract.pattern_safety import MAX_JSON_DEPTH, json_depth

LEXICON_CLASSES = {
    "currency_sign": "ISO 4217 code; a sign written before the number ($, US$, ¥)",
    "currency_code": "ISO 4217 code; a code written before or after the number (RMB, USD)",
    "currency_name": "ISO 4217 code; a name written after the number (yuan, Hong Kong dollars)",
    "currency_qualifier": "no value; a word that may precede a currency name (hong, kong, us)",
    "currency_subunit": "ISO 4217 code; a hundredth of that currency, or of the amount's currency (cents, pence)",
    "scale": "multiplier as a decimal string (thousand, m, bn)",
    "number_lead": "no value; a word that is a number only before a scale word (a, half)",
    "month": "month number 1-12 (june, jun, jun.)",
    "weekday": "day number, 0 = Monday",
    "date_unit": "day, week, month, quarter or year (years, months, ...)",
    "ordinal": "the number an ordinal stands for (first, 2nd, 31st)",
    "tense": "'future' (will, plans), 'past' (was, said) or 'neither' (a word in -ed that is no past: based, indeed)",
    "org_head": "organization type; a word that ends an organization's name (Ministry, Bank, Ventures)",
    "org_descriptor": "no value; a noun that introduces a name ('crypto lender Nexo', 'exchanges Bithumb and Korbit')",
    "demonym": "the country's canonical name, or no value; an adjective of origin that is not part of a name ('Chinese Ministry of ...')",
    "government_body": "'government' or 'body'; a word after a place that makes a body of it ('the Sichuan government')",
    "government_compound": "no value; a noun after '<place> government' that makes 'government' a modifier ('government bonds')",
    "remit_end": "no value; a word that ends the lower-case remit of a body ('... bureau of science and technology said')",
    "facility_modifier": "no value; a word before Centre/Center that makes a facility of the name ('Supercomputing Centre')",
    "common_acronym": "no value; an acronym of a thing, never of a body or its unit (AI, IoT, GDP)",
    "legal_form": "no value; a company's legal form from cleanco's table, ending its name (GmbH, Ltd., S.A.)",
    "legal_form_short": "no value; a two-letter legal form, a company's only in capitals (AG, AB, SA)",
    "discourse_word": "no value; a word that opens a sentence before a comma and is no name (Meanwhile, However)",
    "opening_descriptor": "no value; a descriptor noun that may open a sentence before a name ('Chipmaker Hygon')",
    "appositive_end": "no value; a word or sign that may follow the noun of an appositive (',', 'based', 'that')",
    "person_title": "no value; a title that starts a person's name or role, never an organization's (CEO, Mayor)",
    "place_level": "the level a word gives a place (province, city, district, region)",
    "government_level": "the level of a government body an adjective names (municipal, provincial)",
    "count_unit": "the singular of a plural noun a goal counts (companies: company, engineers, centres, petaflops)",
    "multiple_word": "the factor a word states (double: 2, sixfold: 6)",
    "metric_head": "the noun itself; a noun that names a measured quantity (scale, revenue, output, share)",
    "fact_type_word": "the type a word gives a money fact in its clause (funding, investment, fund, target)",
    "count_verb": "the participle a counted metric ends with (train: trained, build: built)",
    "metric_verb": "the noun a verb's money is a measure of (generate: revenue, add: contribution)",
    "actor_reference": "the kind of body 'the <word>' refers to (district, organization, regulator, ...) or 'previous'",
}
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconEntry(Line):
    term: str = Field(min_length=1)
    cls: str = Field(alias="class")
    value: str | None = None
    ambiguous: bool = Field(False, description="also a common word ('won', 'may'): its reader asks for more evidence")
    note: str = ""

    @field_validator("cls")
    @classmethod
    def _known_class(cls, value: str) -> str:
        if value not in LEXICON_CLASSES:
            raise ValueError(f"unknown class {value!r}; expected one of {sorted(LEXICON_CLASSES)}")
        return value


class IdentifiedLine(Line):
    """A line with a dotted lowercase id ("amounts.sign_number", "org.miit")."""

    id: str

    @field_validator("id")
    @classmethod
    def _dotted_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be dotted lowercase, e.g. 'amounts.sign_number'")
        return value


class TokenPatternLine(IdentifiedLine):
    label: str
    pattern: list[dict[str, Any]] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    counterexamples: list[str] = []
    attrs: dict[str, str | bool | int] = {}
    note: str = ""


class FurnitureRule(Line):
    id: str
    role: Literal["drop", "copyright", "dateline", "section_label", "related_start"]
    scope: Literal["line", "inline"]
    regex: str
    examples: list[str] = Field(min_length=1)
    counterexamples: list[str] = []
    note: str = ""


@dataclass(frozen=True)
class Lexicon:
    """Terms by class, lower-cased, with their values."""

    entries: dict[str, dict[str, str | None]]
    ambiguous: frozenset[str] = frozenset()

    def terms(self, cls: str) -> set[str]:
        return set(self.entries.get(cls, {}))

    def scale(self, word: str) -> Decimal | None:
        value = self.entries.get("scale", {}).get(word.lower())
        return Decimal(value) if value else None


@dataclass(frozen=True)
class CompiledPattern:
    """One token pattern, ready for spaCy's Matcher, with where it was defined."""

    family: str
    line: TokenPatternLine
    tokens: list[dict[str, Any]]
    path: Path
    lineno: int


# A line with only these keys is for the people who edit the file: {"comment": "..."} says what a
# part of the file is; {"empty": "why"} declares a family file empty on purpose.
NOTE_KEYS = frozenset({"comment", "empty"})


def read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each data line of a JSONL file (strict JSON lines, so that `jq` and
    `pandas.read_json(lines=True)` read it too; blank lines and note lines are skipped)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternFileError(path, None, "file not found; is the patterns directory right?") from None
    except UnicodeDecodeError as exc:
        raise PatternFileError(path, None, f"not UTF-8 text ({exc.reason})") from None
    rows = []
    # "\n" alone ends a line: str.splitlines would also end one at a U+2028 inside a JSON string
    for lineno, line in enumerate(raw.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("//"):
            raise PatternFileError(path, lineno, 'a JSON-lines file has no // comments: write {"comment": "..."}')
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PatternFileError(path, lineno, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
        except RecursionError:
            obj = None
        if obj is None or json_depth(obj) > MAX_JSON_DEPTH:
            raise UnsafePatternError(path, lineno, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if not isinstance(obj, dict):
            raise PatternFileError(path, lineno, "each line must be a JSON object")
        if obj.keys() <= NOTE_KEYS:  # a line of notes for curators, not data
            continue
        rows.append((lineno, obj))
    return rows


def validated(model: type[Line], obj: dict[str, Any], path: Path, lineno: int) -> Any:
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        problems = "; ".join(
            f"[{' -> '.join(str(p) for p in err['loc']) or 'line'}] {err['msg']}" for err in exc.errors()
        )
        raise PatternFileError(path, lineno, problems) from None


