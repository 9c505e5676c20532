"""Writing: streamed records → one file per table and format, plus `manifest.json`.

Rows are written as they arrive (JSONL and CSV line by line, Parquet in row groups), so memory does not
grow with the corpus. Encoding rows (`encode_rows`) is apart from appending them, so that the worker
processes of a parallel run encode their documents' rows and the run's process only appends text. Every file is written under a temporary name and renamed into place only when
the run completes: an interrupted run leaves the previous outputs as they were. Output is
deterministic: the same input gives byte-identical tables (no timestamps anywhere).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import pyarrow.parquet as pq

from policyextract.errors import OutputError
from policyextract.frames import SCHEMAS, TABLES, to_arrow
from policyextract.families.numerals import decimal_text

FORMATS = ("jsonl", "csv", "parquet")
_PARQUET_ROW_GROUP = 10_000


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """Formats from "jsonl,csv" or a list; unknown formats are an `OutputError`."""
    names = [f.strip().lower() for f in (value.split(",") if isinstance(value, str) else value) if f.strip()]
    unknown = [f for f in names if f not in FORMATS]
    if unknown or not names:
        raise OutputError(f"unknown output format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(names))


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(map(str, value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


Encoded = str | list[dict[str, Any]]  # JSONL or CSV text, or the rows themselves for Parquet


def _encode(kind: str, fmt: str, table_rows: list[dict[str, Any]]) -> Encoded:
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n" for row in table_rows)
    if fmt == "csv":
        text = io.StringIO()
        columns = SCHEMAS[kind].names
        csv.writer(text, lineterminator="\n").writerows([_csv_value(row[c]) for c in columns] for row in table_rows)
        return text.getvalue()
    return table_rows  # Parquet: rows are buffered into row groups by the file


@dataclass
class EncodedRows:
    """Rows of one table, encoded for each output format of a run."""

    kind: str
    count: int
    payloads: dict[str, Encoded]  # format → encoded rows


def encode_rows(kind: str, table_rows: list[dict[str, Any]], formats: Iterable[str]) -> EncodedRows:
    """Rows of table `kind` encoded as each format's file appends them (pure: any process may do it)."""
    return EncodedRows(kind, len(table_rows), {fmt: _encode(kind, fmt, table_rows) for fmt in formats})


@dataclass(frozen=True)
class RowRewrite:
    """How the rows of a written table change at the end of a run: `transform` gives each row's new
    form (the row itself when it stays); `keeps_line` may tell from a JSONL line's text alone that
    `transform` keeps its row, so that the line is copied without being decoded."""

    transform: Callable[[dict[str, Any]], dict[str, Any]]
    keeps_line: Callable[[str], bool] = lambda line: False


class _TableFile:
    """One table in one format, written to `<name>.tmp` and renamed on commit."""

    def __init__(self, path: Path, kind: str, fmt: str):
        self.path, self.kind, self.fmt = path, kind, fmt
        self.tmp = path.with_name(path.name + ".tmp")
        self.columns = SCHEMAS[kind].names
        self._buffer: list[dict[str, Any]] = []
        self._parquet: pq.ParquetWriter | None = None
        self._handle: TextIO | None = None
        if fmt == "parquet":
            self._parquet = pq.ParquetWriter(self.tmp, SCHEMAS[kind])
        else:
            self._handle = self.tmp.open("w", encoding="utf-8", newline="")
            if fmt == "csv":
                csv.writer(self._handle, lineterminator="\n").writerow(self.columns)

    def append(self, encoded: Encoded) -> None:
        if isinstance(encoded, str):
            assert self._handle is not None
            self._handle.write(encoded)
        else:
            self._buffer += encoded
            if len(self._buffer) >= _PARQUET_ROW_GROUP:
                self._flush()

    def _flush(self) -> None:
        if self._buffer and self._parquet is not None:
            self._parquet.write_table(to_arrow(self.kind, self._buffer))
            self._buffer = []

    def close(self) -> None:
        if self._parquet is not None:
            self._flush()
            self._parquet.close()
        if self._handle is not None:
            self._handle.close()

    def rewrite(self, rewrite: RowRewrite) -> None:
        """Apply a rewrite to every row already written (after `close`), streaming from disk; a JSONL
        row the rewrite keeps as it is keeps its line."""
        transform = rewrite.transform
        out = self.tmp.with_name(self.tmp.name + "2")
        if self.fmt == "jsonl":
            with self.tmp.open(encoding="utf-8") as src, out.open("w", encoding="utf-8", newline="") as dst:
                for line in src:
                    if rewrite.keeps_line(line):
                        dst.write(line)
                        continue
                    row = json.loads(line)
                    new = transform(row)  # most rows come back as they are: their line is kept
                    dst.write(line if new is row else json.dumps(new, ensure_ascii=False, default=_json_value) + "\n")
        elif self.fmt == "csv":
            with self.tmp.open(encoding="utf-8", newline="") as src, out.open("w", encoding="utf-8", newline="") as dst:
                writer = csv.writer(dst, lineterminator="\n")
                writer.writerow(self.columns)
                for row in csv.DictReader(src):
                    writer.writerow([_csv_value(v) if v != "" else "" for v in (transform(row)[c] for c in self.columns)])
        else:
            with pq.ParquetWriter(out, SCHEMAS[self.kind]) as dst:
                for batch in pq.ParquetFile(self.tmp).iter_batches(batch_size=_PARQUET_ROW_GROUP):
                    dst.write_table(to_arrow(self.kind, [transform(row) for row in batch.to_pylist()]))
        os.replace(out, self.tmp)

    def commit(self) -> None:
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def unchanged_outputs(out_dir: Path, run_key: str) -> dict[str, Any] | None:
    """The manifest of the outputs in `out_dir` if a run with the same `run_key` (same inputs, pattern
    files and settings) wrote them and no table has been altered or removed since; else None."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
        tables = manifest["outputs"]
        if manifest.get("run_key") != run_key or not tables:
            return None
        return manifest if all(file_sha256(out_dir / name) == digest for name, digest in tables.items()) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def prepare_out_dir(out_dir: Path, *, force: bool) -> None:
    """Create `out_dir`, refusing one that already holds a run's outputs unless `force` is set."""
    if (out_dir / "manifest.json").exists() and not force:
        raise OutputError(f"{out_dir} already holds outputs (manifest.json); pass --force to overwrite them")
    out_dir.mkdir(parents=True, exist_ok=True)


_INPUTS_MARK = "\0inputs\0"


def write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    """`manifest` as indented JSON. Its `inputs` may be any iterable of rows, written as they come (a
    corpus's inputs need not fit in memory); the bytes are those of `json.dumps(..., indent=2)`."""
    def dumps(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2, default=_json_value)

    head, tail = dumps({**manifest, "inputs": _INPUTS_MARK}).split(dumps(_INPUTS_MARK), 1)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(head)
        empty = True
        for row in manifest["inputs"]:
            out.write(("[\n" if empty else ",\n") + textwrap.indent(dumps(row), "    "))
            empty = False
        out.write(("[]" if empty else "\n  ]") + tail + "\n")


class OutputWriter:
    """Writes every table of a run into `out_dir`; use as a context manager.

    Refuses to write into a directory that already holds outputs unless `force` is set.
    """

    def __init__(self, out_dir: Path, formats: Iterable[str], *, force: bool = False):
        self.out_dir = Path(out_dir)
        self.formats = parse_formats(list(formats))
        prepare_out_dir(self.out_dir, force=force)
        self.counts = dict.fromkeys(TABLES, 0)
        self._files = [_TableFile(self.out_dir / f"{kind}.{fmt}", kind, fmt) for kind in TABLES for fmt in self.formats]
        self._inputs_tmp = self.out_dir / "manifest.inputs.tmp"
        self._inputs = self._inputs_tmp.open("w", encoding="utf-8", newline="")

    def add_input(self, row: dict[str, Any]) -> None:
        """Record one input file for the manifest (kept on disk until `commit`)."""
        self._inputs.write(json.dumps(row, ensure_ascii=False, default=_json_value) + "\n")

    def _recorded_inputs(self) -> Iterator[dict[str, Any]]:
        with self._inputs_tmp.open(encoding="utf-8") as lines:
            yield from map(json.loads, lines)

    def write(self, kind: str, table_rows: Iterable[dict[str, Any]]) -> None:
        """Append rows of table `kind`, from a list or a stream, one at a time: a fact row lists every
        document that reports the fact, so a batch of them can hold a large part of a corpus."""
        for row in table_rows:
            self.append(encode_rows(kind, [row], self.formats))

    def append(self, encoded: EncodedRows) -> None:
        """Append rows encoded by `encode_rows` for this writer's formats."""
        self.counts[encoded.kind] += encoded.count
        for f in self._files:
            if f.kind == encoded.kind:
                f.append(encoded.payloads[f.fmt])

    def commit(self, manifest: dict[str, Any], rewrite: dict[str, RowRewrite] | None = None) -> None:
        """Close every table, apply `rewrite` (table → how its rows change), write the manifest (with
        the inputs recorded by `add_input`), and move everything into place."""
        self._inputs.close()
        for f in self._files:
            f.close()
        for f in self._files:
            if rewrite and f.kind in rewrite:
                f.rewrite(rewrite[f.kind])
        # so that a re-run of the same inputs can tell the tables are still the ones it would write
        manifest = {**manifest, "inputs": self._recorded_inputs(),
                    "outputs": {f.path.name: file_sha256(f.tmp) for f in self._files}}
        manifest_tmp = self.out_dir / "manifest.json.tmp"
        write_manifest(manifest_tmp, manifest)
        self._inputs_tmp.unlink()
        for f in self._files:
            f.commit()
        os.replace(manifest_tmp, self.out_dir / "manifest.json")

    def abort(self) -> None:
        self._inputs.close()
        self._inputs_tmp.unlink(missing_ok=True)
        for f in self._files:
            f.close()
            f.discard()
