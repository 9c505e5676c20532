"""Loading `patterns/`: the data that drives every matcher, validated line by line.

Three kinds of file, all JSONL (one JSON object a line; blank lines and lines starting with `//` are
skipped, so curators can comment):

- `lexicon.jsonl`: terms with a class and a value ("bn" is a `scale` of 1000000000, "yuan" a
  `currency_name` for CNY). Token patterns use a class as `{"TERMS": "scale"}`, and the interpreters
  read the values, so a term is added in one place.
- `<family>.jsonl` (`amounts`, `percentages`, `modifiers`): spaCy token patterns, one a line, each
  with an `id`, a `label`, and the `examples` it must match in full.
- `page_furniture.jsonl`: regular expressions that recognise page furniture in scraped files.

Every problem is a `PatternFileError` naming the file, the line and what is wrong, raised before any
document is processed. See `patterns/README.md` for the format.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

if TYPE_CHECKING:
    from policyextract.gazetteer import Gazetteer

from policyextract.errors import EmptyPatternFileError, PatternFileError, UnsafePatternError

MATCHER_FAMILIES = ("amounts", "percentages", "modifiers", "dates", "organizations", "facts")
LABELS = {
    "amounts": {"AMOUNT"},
    "percentages": {"PERCENTAGE"},
    "modifiers": {"APPROXIMATE", "BOUND_MIN", "BOUND_MAX", "PER", "MONEY_CONTEXT"},
    "dates": {"DATE", "RELATION"},
    "organizations": {"ORG"},
    "facts": {"CUE", "COUNT"},
}
LEXICON_CLASSES = {
    "currency_sign": "ISO 4217 code; a sign written before the number ($, US$, ¥)",
    "currency_code": "ISO 4217 code; a code written before or after the number (RMB, USD)",
    "currency_name": "ISO 4217 code; a name written after the number (yuan, Hong Kong dollars)",
    "currency_qualifier": "no value; a word that may precede a currency name (hong, kong, us)",
    "scale": "multiplier as a decimal string (thousand, m, bn)",
    "number_lead": "no value; a word that is a number only before a scale word (a, half)",
    "month": "month number 1-12 (june, jun, jun.)",
    "weekday": "day number, 0 = Monday",
    "date_unit": "day, week, month, quarter or year (years, months, ...)",
    "ordinal": "the number an ordinal stands for (first, 2nd, 31st)",
    "org_head": "organization type; a word that ends an organization's name (Ministry, Bank, Ventures)",
    "org_descriptor": "no value; a noun that introduces a name ('crypto lender Nexo', 'exchanges Bithumb and Korbit')",
    "demonym": "no value; an adjective of origin that is not part of a name ('Chinese Ministry of ...')",
    "person_title": "no value; a title that starts a person's name or role, never an organization's (CEO, Mayor)",
    "place_level": "the level a word gives a place (province, city, district, region)",
    "government_level": "the level of a government body an adjective names (municipal, provincial)",
    "actor_reference": "the kind of body 'the <word>' refers to (district, organization, regulator, ...) or 'previous'",
}
_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
# Limits that keep a pattern's cost in proportion to the text (see patterns/README.md, "Safety"):
MAX_JSON_DEPTH = 16  # nesting of objects and arrays in one line
MAX_REGEX_BOUND = 1000  # the n and m of a regular expression's {n,m}
MAX_OP_BOUND = 20  # the n and m of a token's "OP": "{n,m}" (the Matcher copies the token for each)
# A family file with no pattern must say so on purpose with a comment line starting with this.
EMPTY_DECLARATION = "// empty:"


def default_patterns_dir() -> Path:
    """The `patterns/` folder of a source checkout, or the copy bundled in an installed wheel."""
    here = Path(__file__).resolve().parent
    bundled = here / "_patterns"
    return bundled if bundled.is_dir() else here.parents[1] / "patterns"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconEntry(_Line):
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


class _IdentifiedLine(_Line):
    """A line with a dotted lowercase id ("amounts.sign_number", "org.miit")."""

    id: str

    @field_validator("id")
    @classmethod
    def _dotted_id(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be dotted lowercase, e.g. 'amounts.sign_number'")
        return value


class TokenPatternLine(_IdentifiedLine):
    label: str
    pattern: list[dict[str, Any]] = Field(min_length=1)
    examples: list[str] = Field(min_length=1)
    counterexamples: list[str] = []
    attrs: dict[str, str | bool | int] = {}
    note: str = ""


class FurnitureRule(_Line):
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


@dataclass(frozen=True)
class PatternSet:
    """Everything `patterns/` defines, validated."""

    directory: Path
    lexicon: Lexicon
    token_patterns: list[CompiledPattern]
    furniture: list[FurnitureRule]
    gazetteer: Gazetteer
    file_hashes: dict[str, str] = field(default_factory=dict)

    def by_id(self) -> dict[str, CompiledPattern]:
        return {p.line.id: p for p in self.token_patterns}


def _read_jsonl(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for each data line of a JSONL file."""
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
        if not stripped or stripped.startswith("//"):
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise PatternFileError(path, lineno, f"invalid JSON: {exc.msg} at column {exc.colno}") from None
        except RecursionError:
            obj = None
        if obj is None or _json_depth(obj) > MAX_JSON_DEPTH:
            raise UnsafePatternError(path, lineno, f"JSON nested deeper than {MAX_JSON_DEPTH} levels")
        if not isinstance(obj, dict):
            raise PatternFileError(path, lineno, "each line must be a JSON object")
        rows.append((lineno, obj))
    return rows


def _json_depth(value: Any) -> int:
    """How deeply objects and arrays nest in `value` (a scalar: 0), without recursion."""
    depth, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            depth = max(depth, d)
            level += [(child, d + 1) for child in children]
    return depth


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


def _children(name: str, arg: Any) -> list[Any]:
    """The sub-sequences of one parsed regex item."""
    if name in _REPEATS:
        return [arg[2]]
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [arg[1]]
    if name == "GROUPREF_EXISTS":
        return [t for t in arg[1:] if t is not None]
    if name == "ATOMIC_GROUP":
        return [arg]
    return []


def _nullable(items: Any) -> bool:
    """Whether a parsed sequence can match the empty string."""
    for op, arg in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name in _REPEATS and (arg[0] == 0 or _nullable(arg[2])):
            continue
        if name in ("SUBPATTERN", "ATOMIC_GROUP") and _nullable(_children(name, arg)[0]):
            continue
        if name == "BRANCH" and any(_nullable(b) for b in arg[1]):
            continue
        return False
    return True


def _first(items: Any) -> set[int] | None:
    """The characters a parsed sequence can start with, or None when that is not a few literals."""
    found: set[int] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return found | {arg}
        if name in _ZERO_WIDTH:
            continue
        if name in _REPEATS or name in ("SUBPATTERN", "ATOMIC_GROUP", "BRANCH"):
            for child in _children(name, arg):
                sub = _first(child)
                if sub is None:
                    return None
                found |= sub
            if not _nullable([(op, arg)]):
                return found
            continue
        return None  # a class, a category, any character
    return found


def regex_problem(regex: str) -> str | None:
    """Why a regular expression is unsafe to run on any text, or None. Unsafe, under a repetition
    (`+`, `*`, `{n,m}` with m > 1): another repetition ("(a+)+", "(\\w*\\s?)*"), something that can
    match nothing ("(a?)+"), or branches that can start with the same character ("(ab|a.)+"); each
    backtracks exponentially on a text that almost matches. Also a bound {n,m} over MAX_REGEX_BOUND.
    Branches starting with a class ("\\w", "[a-z]") count as overlapping anything."""
    try:
        from re import _parser as parser  # the parser `re` compiles with (Python 3.11+)
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    try:
        tree = parser.parse(regex)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    unbounded = parser.MAXREPEAT

    def walk(items: Any, inside_repeat: bool) -> str | None:
        for op, arg in items:
            name = str(op)
            repeats = False
            if name in _REPEATS:
                low, high, sub = arg
                for bound in (low, high):
                    if bound != unbounded and bound > MAX_REGEX_BOUND:
                        return f"repetition bound {bound} over the limit of {MAX_REGEX_BOUND}"
                repeats = high == unbounded or high > 1
                if repeats and inside_repeat:
                    return "a repetition inside a repetition (as in '(a+)+'): exponential backtracking"
                if repeats and _nullable(sub):
                    return "a repetition of something that can match nothing (as in '(a?)+'): exponential backtracking"
            if name == "BRANCH" and inside_repeat:
                starts = [_first(branch) for branch in arg[1]]
                overlap = any(a is None or b is None or a & b for i, a in enumerate(starts) for b in starts[i + 1:])
                if overlap:
                    return "branches that can start alike inside a repetition (as in '(ab|a.)+'): exponential backtracking"
            for sub in _children(name, arg):
                if (problem := walk(sub, inside_repeat or repeats)) is not None:
                    return problem
        return None

    return walk(tree, False)


_OP_BOUNDS = re.compile(r"^\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}$")


def _check_token_safety(tokens: list[dict[str, Any]], path: Path, lineno: int) -> None:
    """Token patterns' regular expressions (`{"REGEX": ...}` at any depth) must pass `regex_problem`,
    and an "OP" of the form "{n,m}" keeps n and m within MAX_OP_BOUND."""
    for i, token in enumerate(tokens):
        op = token.get("OP") if isinstance(token, dict) else None
        if isinstance(op, str) and (bounds := _OP_BOUNDS.match(op)):
            for bound in bounds.groups():
                if bound and int(bound) > MAX_OP_BOUND:
                    raise UnsafePatternError(path, lineno, f"[pattern -> {i} -> OP] bound {bound} over the limit of {MAX_OP_BOUND}")
        level: list[Any] = [token]
        while level:
            item = level.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    if key == "REGEX" and isinstance(value, str) and (problem := regex_problem(value)):
                        raise UnsafePatternError(path, lineno, f"[pattern -> {i} -> REGEX] {problem}")
                    level.append(value)
            elif isinstance(item, list):
                level += item


def _validated(model: type[_Line], obj: dict[str, Any], path: Path, lineno: int) -> Any:
    try:
        return model.model_validate(obj)
    except ValidationError as exc:
        problems = "; ".join(
            f"[{' -> '.join(str(p) for p in err['loc']) or 'line'}] {err['msg']}" for err in exc.errors()
        )
        raise PatternFileError(path, lineno, problems) from None


def load_lexicon(path: Path) -> Lexicon:
    entries: dict[str, dict[str, str | None]] = defaultdict(dict)
    ambiguous = set()
    for lineno, obj in _read_jsonl(path):
        entry: LexiconEntry = _validated(LexiconEntry, obj, path, lineno)
        term = entry.term.lower()
        needs_value = entry.cls not in ("currency_qualifier", "number_lead", "org_descriptor", "demonym", "person_title")
        if needs_value and not entry.value:
            raise PatternFileError(path, lineno, f"class {entry.cls!r} needs a value: {LEXICON_CLASSES[entry.cls]}")
        if entry.cls == "scale":
            try:
                Decimal(entry.value or "")
            except InvalidOperation:
                raise PatternFileError(path, lineno, f"scale value {entry.value!r} is not a number") from None
        if term in entries[entry.cls]:
            raise PatternFileError(path, lineno, f"duplicate term {entry.term!r} in class {entry.cls!r}")
        entries[entry.cls][term] = entry.value
        if entry.ambiguous:
            ambiguous.add(term)
    lexicon = Lexicon(dict(entries), frozenset(ambiguous))
    qualifiers = lexicon.terms("currency_qualifier")
    for name in lexicon.terms("currency_name"):
        leading = name.split()[:-1]
        if any(word not in qualifiers for word in leading):
            raise PatternFileError(
                path, None,
                f"currency name {name!r}: every word but the last must be a currency_qualifier term",
            )
    return lexicon


def _expand_terms(tokens: list[dict[str, Any]], lexicon: Lexicon, path: Path, lineno: int) -> list[dict[str, Any]]:
    """Replace `{"TERMS": cls or [cls, ...]}` by `{"LOWER": {"IN": [terms]}}`.

    A multi-word term contributes its last word; the words before it are matched by a
    `currency_qualifier` slot in the pattern, and the interpreter checks the whole phrase.
    """
    expanded = []
    for i, token in enumerate(tokens):
        if not isinstance(token, dict):
            raise PatternFileError(path, lineno, f"[pattern -> {i}] each token must be an object")
        if "TERMS" in token:
            token = dict(token)
            classes = token.pop("TERMS")
            classes = [classes] if isinstance(classes, str) else classes
            unknown = [c for c in classes if c not in LEXICON_CLASSES]
            if not classes or unknown:
                raise PatternFileError(path, lineno, f"[pattern -> {i} -> TERMS] unknown lexicon class {unknown or classes!r}")
            if "LOWER" in token:
                raise PatternFileError(path, lineno, f"[pattern -> {i}] TERMS and LOWER cannot be combined")
            token["LOWER"] = {"IN": sorted({t.split()[-1] for c in classes for t in lexicon.terms(c)})}
        expanded.append(token)
    return expanded


def load_token_patterns(path: Path, family: str, lexicon: Lexicon) -> list[CompiledPattern]:
    compiled = []
    for lineno, obj in _read_jsonl(path):
        line: TokenPatternLine = _validated(TokenPatternLine, obj, path, lineno)
        if not line.id.startswith(family + "."):
            raise PatternFileError(path, lineno, f"id {line.id!r} must start with {family + '.'!r}")
        if line.label not in LABELS[family]:
            raise PatternFileError(path, lineno, f"label {line.label!r} not one of {sorted(LABELS[family])}")
        tokens = _expand_terms(line.pattern, lexicon, path, lineno)
        _check_token_safety(tokens, path, lineno)
        compiled.append(CompiledPattern(family, line, tokens, path, lineno))
    if not compiled and not any(line.strip().startswith(EMPTY_DECLARATION)
                                for line in path.read_text(encoding="utf-8").split("\n")):
        raise EmptyPatternFileError(path, None, f"no patterns, so the {family} family would find nothing; if that is "
                                                f"meant, say so with a line '{EMPTY_DECLARATION} <why>'")
    return compiled


def load_furniture(path: Path) -> list[FurnitureRule]:
    rules = []
    for lineno, obj in _read_jsonl(path):
        rule: FurnitureRule = _validated(FurnitureRule, obj, path, lineno)
        try:
            re.compile(rule.regex)
        except re.error as exc:
            raise PatternFileError(path, lineno, f"[regex] invalid regular expression: {exc}") from None
        if (problem := regex_problem(rule.regex)) is not None:
            raise UnsafePatternError(path, lineno, f"[regex] {problem}")
        rules.append(rule)
    return rules


def load_patterns(directory: Path | str | None = None) -> PatternSet:
    """Load and validate every pattern file of `directory` (default: the project's `patterns/`)."""
    directory = Path(directory) if directory is not None else default_patterns_dir()
    if not directory.is_dir():
        raise PatternFileError(directory, None, "patterns directory not found")
    lexicon = load_lexicon(directory / "lexicon.jsonl")
    token_patterns = [
        p for family in MATCHER_FAMILIES for p in load_token_patterns(directory / f"{family}.jsonl", family, lexicon)
    ]
    seen: dict[str, CompiledPattern] = {}
    for p in token_patterns:
        if p.line.id in seen:
            first = seen[p.line.id]
            raise PatternFileError(p.path, p.lineno, f"duplicate id {p.line.id!r} (first at {first.path.name}:{first.lineno})")
        seen[p.line.id] = p
    furniture = load_furniture(directory / "page_furniture.jsonl")
    from policyextract.gazetteer import Gazetteer  # the gazetteer module builds on this one's line models

    gazetteer = Gazetteer.load(directory)
    hashes = {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(directory.glob("*.jsonl"))
    }
    return PatternSet(directory, lexicon, token_patterns, furniture, gazetteer, hashes)
