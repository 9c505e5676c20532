"""A family declares itself once: the unit the rest of the package iterates over.

A *record family* (amounts, percentages, dates, organizations, jurisdictions, facts) is one kind of
record: its name is the `Document` field, the output table, the spaCy spans key and, where it has one,
the pattern file's stem. A *pattern family* is one pattern file with the labels its lines may carry and
a pydantic model of their `attrs`, checked when patterns load (so a typo in an attribute is a
`file:line` error, not a crash at extraction). `policyextract.registry` lists both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

# Column types of the output tables, by name, so that declaring a family does not import Arrow.
COLUMN_TYPES = ("string", "int64", "float64", "bool", "date", "decimal", "string_list")
SPAN_COLUMNS = (("doc_id", "string"), ("id", "string"), ("start", "int64"), ("end", "int64"), ("text", "string"))


class NoAttrs(BaseModel):
    """The attrs of a pattern family whose lines carry none."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class PatternFamily:
    """One pattern file: `<name>.jsonl`, whose lines' ids start with `<name>.`."""

    name: str
    labels: frozenset[str]
    attrs: type[BaseModel] = NoAttrs
    # Attrs a line must have, by label ("a DATE line needs a form").
    required: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Family:
    """One kind of record, from its patterns to its table row and its highlight."""

    name: str  # the Document field, the spans key, the table (unless `table` says otherwise)
    kind: str  # one record's word: in CSS classes and in what a highlight says
    label: str  # the span label in spaCy and in annotation tools
    record: type[BaseModel]
    columns: tuple[tuple[str, str], ...]  # the table's columns and their types (COLUMN_TYPES)
    row: Callable[[str, Any], dict[str, Any]]  # (doc_id, record) → a table row
    describe: Callable[[dict[str, Any]], str]  # a table row → what its highlight says
    colour: str
    patterns: PatternFamily | None = None
    table_name: str = ""

    @property
    def table(self) -> str:
        return self.table_name or self.name
