"""Writing: streamed records → one file per table and format, plus `manifest.json`.

Rows are written as they arrive (JSONL and CSV line by line, Parquet in row groups), so memory does not
grow with the corpus. Encoding rows (`encode_rows`) is apart from appending them, so that the worker
processes of a parallel run encode their documents' rows and the run's process only appends text. Every file is written under a temporary name and renamed into place only when
the run completes: an interrupted run leaves the previous outputs as they were. Output is
deterministic: the same input gives byte-identical tables (no timestamps anywhere).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import secrets
import shutil
import textwrap
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

import pyarrow.parquet as pq

from policyextract.errors import DamagedOutputError, OutputError, OutputLockedError, OutputWriteError, TornOutputError
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


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(...)" in a headline):
# such a text cell is written with a leading apostrophe, which spreadsheets show as text. Numbers
# (amounts, percentages) are written as they are: "-5" is a number, not a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (int, float)):
        return str(value)
    text = "|".join(map(str, value)) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


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
    """One table in one format, written to `<name>.<run>.tmp` and renamed on commit."""

    def __init__(self, path: Path, kind: str, fmt: str, run: str):
        self.path, self.kind, self.fmt = path, kind, fmt
        self.tmp = path.with_name(f"{path.name}.{run}.tmp")
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
        out = self.tmp.with_name(self.tmp.name + ".rewrite.tmp")
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
                    new = transform(row)  # cells it keeps stay as written (already escaped)
                    writer.writerow([row[c] if new[c] == row[c] else _csv_value(new[c]) for c in self.columns])
        else:
            with pq.ParquetWriter(out, SCHEMAS[self.kind]) as dst:
                for batch in pq.ParquetFile(self.tmp).iter_batches(batch_size=_PARQUET_ROW_GROUP):
                    dst.write_table(to_arrow(self.kind, [transform(row) for row in batch.to_pylist()]))
        os.replace(out, self.tmp)

    def commit(self) -> None:
        os.replace(self.tmp, self.path)

    def discard(self) -> None:
        """Close and remove what was written, whatever fails (a full disk fails the close too)."""
        with contextlib.suppress(Exception):
            self.close()
        for tmp in (self.tmp, self.tmp.with_name(self.tmp.name + ".rewrite.tmp")):
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


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
        manifest = verified_manifest(out_dir)
        return manifest if manifest.get("run_key") == run_key and manifest["outputs"] else None
    except (OutputError, KeyError, TypeError, AttributeError):
        return None


def verified_manifest(out_dir: Path) -> dict[str, Any]:
    """The manifest of an output folder, once every table it lists is checked against its sha256.

    Tables are committed one by one and the manifest last, so a folder whose tables do not all match
    is torn (a run killed while committing) or was altered: a `TornOutputError` naming the tables."""
    path = out_dir / "manifest.json"
    try:
        manifest = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        raise TornOutputError(f"{out_dir} holds no manifest.json: not the output of a completed `policyextract run`") from None
    except (OSError, ValueError) as exc:
        raise TornOutputError(f"{path} cannot be read ({exc}); run `policyextract run` again") from None
    tables = manifest.get("outputs") if isinstance(manifest, dict) else None
    if not isinstance(tables, dict):
        raise TornOutputError(f"{path} lists no tables with their sha256: written by an older policyextract; run again")
    wrong = []
    for name, digest in tables.items():
        try:
            if file_sha256(out_dir / name) != digest:
                wrong.append(f"{name} (changed)")
        except OSError:
            wrong.append(f"{name} (missing)")
    if wrong:
        raise TornOutputError(f"{out_dir}: tables do not match manifest.json: {', '.join(sorted(wrong))}; the run that "
                              "wrote them was interrupted or they were altered: run `policyextract run` again")
    return manifest


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of a JSONL table (see `jsonl_rows`)."""
    with path.open("rb") as lines:
        yield from jsonl_rows(lines, path)


def jsonl_rows(lines: Iterable[bytes], name: Path | str) -> Iterator[dict[str, Any]]:
    """The rows of JSONL read as bytes, split on "\\n" alone: a text may hold U+2028, U+2029 or U+0085,
    which `str.splitlines` would take for line ends. A line that is not UTF-8, not JSON or not an object
    is a `DamagedOutputError` naming the file (`name`) and line."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise DamagedOutputError(name, number, f"not UTF-8 ({exc.reason} at byte {exc.start})") from None
        except (ValueError, RecursionError) as exc:
            raise DamagedOutputError(name, number, f"not a JSON row ({exc})") from None
        if not isinstance(row, dict):
            raise DamagedOutputError(name, number, "not a JSON object")
        yield row


def read_table(out_dir: Path, kind: str) -> Iterator[dict[str, Any]] | None:
    """The rows of table `kind` of an output folder in the format it was written in: `<kind>.jsonl`,
    else `<kind>.parquet`, else the Parquet dataset folder `<kind>/` the dask engine writes; None when
    there is none of them (a run with --format csv only: CSV does not keep types). Parquet rows come
    as JSONL gives them (decimals and dates as text), so that tables of either format compare equal."""
    jsonl, parquet, dataset = out_dir / f"{kind}.jsonl", out_dir / f"{kind}.parquet", out_dir / kind
    if jsonl.is_file():
        return read_jsonl(jsonl)
    parts = [parquet] if parquet.is_file() else sorted(dataset.glob("part-*.parquet")) if dataset.is_dir() else []
    return _parquet_rows(parts) if parts else None


def _parquet_rows(parts: list[Path]) -> Iterator[dict[str, Any]]:
    for part in parts:
        try:
            batches = list(pq.ParquetFile(part).iter_batches(batch_size=_PARQUET_ROW_GROUP))
        except Exception as exc:  # pyarrow raises its own errors for a damaged file
            raise DamagedOutputError(part, None, f"not a readable Parquet file ({exc})") from None
        for batch in batches:
            for row in batch.to_pylist():
                yield json.loads(json.dumps(row, ensure_ascii=False, default=_json_value))


def prepare_out_dir(out_dir: Path, *, force: bool) -> None:
    """Create `out_dir`, refusing one that already holds a run's outputs unless `force` is set."""
    if (out_dir / "manifest.json").exists() and not force:
        raise OutputError(f"{out_dir} already holds outputs (manifest.json); pass --force to overwrite them")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputWriteError(f"{out_dir} cannot be created: {exc.strerror or exc}") from None


@contextmanager
def locked_out_dir(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive OS lock on `out_dir` (created if need be) for the block: a second run into the
    same folder fails at once with an `OutputLockedError` instead of mixing its tables with ours. The
    lock is on the folder itself, so nothing is left behind, and the OS drops it when the process
    ends, however it ends."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY)
    except OSError as exc:
        raise OutputWriteError(f"{out_dir} cannot be created: {exc.strerror or exc}") from None
    try:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks on folders
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise OutputLockedError(f"{out_dir} is being written by another policyextract run; wait for it "
                                        "to end or choose another --out") from None
        yield
    finally:
        os.close(fd)


def remove_stale(out_dir: Path) -> None:
    """Remove temporary files a killed run left in `out_dir` (call with the folder locked)."""
    with contextlib.suppress(OSError), os.scandir(out_dir) as entries:
        for entry in entries:
            if entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def remove_other_tables(out_dir: Path, keep: Iterable[str]) -> None:
    """Remove the tables of an earlier run that this run does not write (`keep`: the names it writes):
    table files of other formats, and Parquet datasets (folders of `part-*.parquet` only)."""
    keep = set(keep)
    for kind in TABLES:
        for name in (*(f"{kind}.{fmt}" for fmt in FORMATS), kind):
            path = out_dir / name
            if name in keep or not os.path.lexists(path):
                continue
            if path.is_dir() and not path.is_symlink():
                if all(p.name.startswith("part-") and p.suffix == ".parquet" for p in path.iterdir()):
                    shutil.rmtree(path)
            elif path.is_file() or path.is_symlink():
                path.unlink()


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
        self._run = f"{os.getpid()}-{secrets.token_hex(4)}"  # temporary names no other run has
        self._files: list[_TableFile] = []
        self._inputs_tmp = self.out_dir / f"manifest.inputs.{self._run}.tmp"
        self._inputs: TextIO | None = None
        try:
            for kind in TABLES:
                for fmt in self.formats:
                    self._files.append(_TableFile(self.out_dir / f"{kind}.{fmt}", kind, fmt, self._run))
            self._inputs = self._inputs_tmp.open("w", encoding="utf-8", newline="")
        except OSError as exc:
            self.abort()
            raise OutputWriteError(f"{self.out_dir}: outputs cannot be written: {exc.strerror or exc}") from None

    def add_input(self, row: dict[str, Any]) -> None:
        """Record one input file for the manifest (kept on disk until `commit`)."""
        assert self._inputs is not None
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
        the inputs recorded by `add_input`), and move everything into place: the tables one by one,
        then the tables of formats this run does not write are removed, then the manifest. The
        manifest lists each table's sha256, so that readers (`verified_manifest`) refuse a folder
        whose commit was cut short."""
        assert self._inputs is not None
        self._inputs.close()
        for f in self._files:
            f.close()
        for f in self._files:
            if rewrite and f.kind in rewrite:
                f.rewrite(rewrite[f.kind])
        # so that a re-run of the same inputs can tell the tables are still the ones it would write
        manifest = {**manifest, "inputs": self._recorded_inputs(),
                    "outputs": {f.path.name: file_sha256(f.tmp) for f in self._files}}
        manifest_tmp = self.out_dir / f"manifest.json.{self._run}.tmp"
        try:
            write_manifest(manifest_tmp, manifest)
        except BaseException:
            with contextlib.suppress(OSError):
                manifest_tmp.unlink(missing_ok=True)
            raise
        self._inputs_tmp.unlink()
        for f in self._files:
            f.commit()
        remove_other_tables(self.out_dir, (f.path.name for f in self._files))
        os.replace(manifest_tmp, self.out_dir / "manifest.json")

    def abort(self) -> None:
        """Remove every temporary file, whatever fails: the previous outputs stay as they were."""
        if self._inputs is not None:
            with contextlib.suppress(Exception):
                self._inputs.close()
        with contextlib.suppress(OSError):
            self._inputs_tmp.unlink(missing_ok=True)
        for f in self._files:
            f.discard()
