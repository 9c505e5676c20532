"""Diffing: two output folders → which records were added, removed or changed, table by table.

Records are matched by their stable `id` (documents by `doc_id`), so a pattern change shows up as
exactly the records it gained, lost or altered, with the fields that changed and the text involved.
Either folder may hold JSONL, Parquet files or the dask engine's Parquet datasets; each is verified
against its manifest first, and a folder that is torn, damaged or holds neither is an error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyextract.errors import DamagedOutputError, OutputError
from policyextract.registry import RECORD_TABLES
from policyextract.runs.writing import read_table, verified_manifest

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
    rows = read_table(folder, table)
    if rows is None:
        raise OutputError(f"{folder} holds no {table} table in JSONL or Parquet (CSV alone does not keep types): "
                          "diff needs outputs written with --format jsonl or parquet")
    key = "doc_id" if table == "documents" else "id"
    loaded = {}
    for row in rows:
        if key not in row:
            raise DamagedOutputError(folder / table, None, f"a row has no {key!r}")
        loaded[row[key]] = row
    return loaded


def _verified(folder: Path) -> Path:
    if not folder.is_dir():
        raise OutputError(f"{folder} is not an output folder")
    verified_manifest(folder)
    return folder


def diff_outputs(old: Path | str, new: Path | str) -> list[TableDiff]:
    """Record-by-record differences between two output folders (JSONL or Parquet)."""
    old, new = _verified(Path(old)), _verified(Path(new))
    diffs = []
    for table in TABLES:
        before, after = _load(old, table), _load(new, table)
        d = TableDiff(table)
        d.added = [after[k] for k in sorted(after.keys() - before.keys())]
        d.removed = [before[k] for k in sorted(before.keys() - after.keys())]
        for k in sorted(before.keys() & after.keys()):
            fields = sorted(f for f in before[k].keys() | after[k].keys() if before[k].get(f) != after[k].get(f))
            if fields:
                d.changed.append((before[k], after[k], fields))
        diffs.append(d)
    return diffs
