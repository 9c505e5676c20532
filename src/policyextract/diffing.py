"""Diffing: two output folders → which records were added, removed or changed, table by table.

Records are matched by their stable `id` (documents by `doc_id`), so a pattern change shows up as
exactly the records it gained, lost or altered, with the fields that changed and the text involved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyextract.errors import OutputError
from policyextract.registry import RECORD_TABLES

TABLES = ("documents", *RECORD_TABLES)


@dataclass
class TableDiff:
    table: str
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _load(folder: Path, table: str) -> dict[str, dict[str, Any]]:
    path = folder / f"{table}.jsonl"
    if not path.is_file():
        if not folder.is_dir():
            raise OutputError(f"{folder} is not an output folder")
        return {}
    key = "doc_id" if table == "documents" else "id"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row[key]: row for row in rows}


def diff_outputs(old: Path | str, new: Path | str) -> list[TableDiff]:
    """Record-by-record differences between two output folders written with JSONL."""
    diffs = []
    for table in TABLES:
        before, after = _load(Path(old), table), _load(Path(new), table)
        d = TableDiff(table)
        d.added = [after[k] for k in sorted(after.keys() - before.keys())]
        d.removed = [before[k] for k in sorted(before.keys() - after.keys())]
        for k in sorted(before.keys() & after.keys()):
            fields = sorted(f for f in before[k].keys() | after[k].keys() if before[k].get(f) != after[k].get(f))
            if fields:
                d.changed.append((before[k], after[k], fields))
        diffs.append(d)
    return diffs
