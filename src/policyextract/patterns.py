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
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policyextract.errors import EmptyPatternFileError, PatternFileError, UnsafePatternError
from policyextract.families.entities.gazetteer import Gazetteer
from policyextract.families.entities.places import data_versions
from policyextract.families.family import PatternFamily
from policyextract.pattern_safety import check_token_safety, regex_problem
from policyextract.pattern_lines import (
    LEXICON_CLASSES, CompiledPattern, FurnitureRule, Lexicon, LexiconEntry, TokenPatternLine, read_jsonl, validated,
)
from policyextract.registry import PATTERN_FAMILIES



def default_patterns_dir() -> Path:
    """The `patterns/` folder of a source checkout, or the copy bundled in an installed wheel."""
    here = Path(__file__).resolve().parent
    bundled = here / "_patterns"
    return bundled if bundled.is_dir() else here.parents[1] / "patterns"


@dataclass(frozen=True)
class PatternSet:
    """Everything `patterns/` defines, validated."""

    directory: Path
    lexicon: Lexicon
    token_patterns: list[CompiledPattern]
    furniture: list[FurnitureRule]
    gazetteer: Gazetteer
    file_hashes: dict[str, str] = field(default_factory=dict)



def load_lexicon(path: Path, currencies: Path | None = None) -> Lexicon:
    """The terms of `path`, on top of the currency lexicon built from CLDR and the overlay `currencies`."""
    entries: dict[str, dict[str, str | None]] = defaultdict(dict)
    ambiguous = set()
    if currencies is not None:
        from policyextract.families.amounts.currencies import currency_terms

        generated, generated_ambiguous = currency_terms(currencies)
        for cls, terms in generated.items():
            entries[cls].update(terms)
        ambiguous |= generated_ambiguous
    seen: set[tuple[str, str]] = set()
    for lineno, obj in read_jsonl(path):
        entry: LexiconEntry = validated(LexiconEntry, obj, path, lineno)
        term = entry.term.lower()
        needs_value = entry.cls not in ("currency_qualifier", "number_lead", "org_descriptor", "demonym", "person_title",
                                         "government_compound", "remit_end",
                                         "facility_modifier", "common_acronym",
                                         "legal_form", "legal_form_short", "discourse_word",
                                         "appositive_end", "opening_descriptor")
        if needs_value and not entry.value:
            raise PatternFileError(path, lineno, f"class {entry.cls!r} needs a value: {LEXICON_CLASSES[entry.cls]}")
        if entry.cls == "scale":
            try:
                Decimal(entry.value or "")
            except InvalidOperation:
                raise PatternFileError(path, lineno, f"scale value {entry.value!r} is not a number") from None
        if (entry.cls, term) in seen:
            raise PatternFileError(path, lineno, f"duplicate term {entry.term!r} in class {entry.cls!r}")
        seen.add((entry.cls, term))
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


def load_token_patterns(path: Path, family: PatternFamily, lexicon: Lexicon) -> list[CompiledPattern]:
    compiled = []
    for lineno, obj in read_jsonl(path):
        line: TokenPatternLine = validated(TokenPatternLine, obj, path, lineno)
        if not line.id.startswith(family.name + "."):
            raise PatternFileError(path, lineno, f"id {line.id!r} must start with {family.name + '.'!r}")
        if line.label not in family.labels:
            raise PatternFileError(path, lineno, f"label {line.label!r} not one of {sorted(family.labels)}")
        _check_attrs(line, family, path, lineno)
        tokens = _expand_terms(line.pattern, lexicon, path, lineno)
        check_token_safety(tokens, path, lineno)
        compiled.append(CompiledPattern(family.name, line, tokens, path, lineno))
    if not compiled and not any('"empty"' in line for line in path.read_text(encoding="utf-8").split("\n")):
        raise EmptyPatternFileError(path, None, f"no patterns, so the {family.name} family would find nothing; if "
                                                'that is meant, say so with a line {"empty": "<why>"}')
    return compiled


def _check_attrs(line: TokenPatternLine, family: PatternFamily, path: Path, lineno: int) -> None:
    """The line's `attrs` against its family's model: known names, allowed values, required ones."""
    try:
        family.attrs.model_validate(line.attrs)
    except ValidationError as exc:
        problems = "; ".join(f"[attrs -> {' -> '.join(str(p) for p in err['loc'])}] {err['msg']}" for err in exc.errors())
        raise PatternFileError(path, lineno, problems) from None
    missing = [name for name in family.required.get(line.label, ()) if name not in line.attrs]
    if missing:
        raise PatternFileError(path, lineno, f"[attrs] a {line.label} line needs {', '.join(missing)}")


def load_furniture(path: Path) -> list[FurnitureRule]:
    rules = []
    for lineno, obj in read_jsonl(path):
        rule: FurnitureRule = validated(FurnitureRule, obj, path, lineno)
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
    lexicon = load_lexicon(directory / "lexicon.jsonl", directory / "currencies.jsonl")
    token_patterns = [
        p for family in PATTERN_FAMILIES for p in load_token_patterns(directory / f"{family.name}.jsonl", family, lexicon)
    ]
    seen: dict[str, CompiledPattern] = {}
    for p in token_patterns:
        if p.line.id in seen:
            first = seen[p.line.id]
            raise PatternFileError(p.path, p.lineno, f"duplicate id {p.line.id!r} (first at {first.path.name}:{first.lineno})")
        seen[p.line.id] = p
    furniture = load_furniture(directory / "page_furniture.jsonl")
    gazetteer = Gazetteer.load(directory)
    hashes = {
        f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in sorted(directory.glob("*.jsonl"))
    }
    from policyextract.families.amounts.currencies import babel_version

    hashes["cldr"] = babel_version()  # the currency lexicon is built from babel's CLDR data
    # the places of gazetteer_places.jsonl come from these packages' data: their versions are the data's
    hashes.update({f"data:{package}": version for package, version in data_versions().items()})
    return PatternSet(directory, lexicon, token_patterns, furniture, gazetteer, hashes)
