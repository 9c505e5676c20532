"""Reading: corpus paths → decoded source texts, and `metadata.csv` → per-file metadata.

Text is decoded once, here, and never rewritten afterwards: every offset downstream is an offset into
the string this module returns (line endings, non-breaking spaces and curly quotes kept as they are).
A file that cannot be read as text raises `InputFileError` with the reason; batch runs turn it into a
`failures` row and go on.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from typing import IO

from charset_normalizer import from_bytes

from policyextract.errors import InputFileError, MetadataError

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Detected encodings taken as they are; any other non-UTF-8 text is read as Windows-1252 when it can be.
CJK_ENCODINGS = {"gb18030", "gb2312", "gbk", "big5", "big5hkscs", "cp950", "cp936", "shift_jis", "cp932", "euc_jp",
                 "euc_kr", "cp949", "iso2022_jp", "hz"}
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("file", "title", "url", "published")


@dataclass(frozen=True)
class SourceText:
    """A file's text as decoded, with what is needed to trace and cache it."""

    path: Path | str  # a local path or an fsspec URL
    text: str
    encoding: str
    sha256: str
    size: int


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """(text, encoding) of raw bytes: BOMs first, then strict UTF-8, then detection of Chinese,
    Japanese and Korean encodings, then Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputFileError(path, f"starts with a {encoding} byte-order mark but does not decode as {encoding}: {exc.reason}") from None
    if b"\x00" in data:
        raise InputFileError(path, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding in CJK_ENCODINGS:
        return str(best), best.encoding
    # English-language news that is not UTF-8 is nearly always Windows-1252, which detection on short
    # texts confuses with its Central European and Cyrillic siblings ("naïve" read as "naďve").
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    if best is None:
        raise InputFileError(path, "not text in any encoding that could be detected")
    return str(best), best.encoding


def is_url(path: Path | str) -> bool:
    """Whether `path` names a file through fsspec ("s3://bucket/a.txt", "file:///data/a.txt")."""
    return isinstance(path, str) and "://" in path


def _stat_and_read(path: Path | str) -> tuple[int, Callable[[], bytes]]:
    """A file's size, and how to read its bytes: local paths directly, URLs through fsspec (an optional
    dependency, installed with the `dask` extra)."""
    if not is_url(path):
        local = Path(path)
        return local.stat().st_size, local.read_bytes
    from fsspec.core import url_to_fs

    fs, fs_path = url_to_fs(str(path))
    return fs.size(fs_path), lambda: fs.cat_file(fs_path)


def read_source(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read and decode one file: a local path or an fsspec URL."""
    try:
        size, read = _stat_and_read(path)
        if size > max_bytes:
            raise InputFileError(path, f"file is {size:,} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")
        data = read()
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputFileError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise InputFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    text, encoding = decode(data, path)
    return SourceText(path, text, encoding, hashlib.sha256(data).hexdigest(), len(data))


def corpus_file_names(path: Path, *, glob: str = "*.txt") -> list[str]:
    """The files of a corpus as POSIX paths relative to its folder (for a file: its name), sorted as
    paths sort: folder by folder. The files are those `path.rglob(glob)` finds, without its cost: rglob
    keeps every path it has yielded (~550 bytes a file)."""
    if path.is_file():
        return [path.name]
    if not path.is_dir():
        raise InputFileError(path, "no such file or directory")
    pattern = glob
    while pattern.startswith("**/"):  # rglob's "**/x" is "x" at any depth, which is what match does
        pattern = pattern[3:]
    names = [name for name in _walk(path, "") if PurePath(name).match(pattern)]
    # "/" → NUL, which sorts before any character a name can hold: "a/b" before "a-b", as Paths sort
    names.sort(key=lambda name: name.replace("/", "\0"))
    return names


def _walk(folder: Path | str, prefix: str) -> Iterator[str]:
    """Relative names of the files (and symlinks, so that a broken one is reported) under `folder`;
    like rglob, it does not descend into symlinked folders."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                yield from _walk(entry.path, f"{prefix}{entry.name}/")
            elif entry.is_file() or entry.is_symlink():
                yield prefix + entry.name


@dataclass(frozen=True)
class FileMetadata:
    title: str | None = None
    url: str | None = None
    published: date | None = None


def parse_published(value: str) -> date:
    """An ISO date or date-time ("2023-06-12", "2023-06-12T23:47") as a date."""
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        return datetime.fromisoformat(value).date()


def _open_text(path: Path | str) -> IO[str]:
    if is_url(path):
        import fsspec

        return fsspec.open(str(path), "r", encoding="utf-8-sig", newline="").open()
    return Path(path).open(encoding="utf-8-sig", newline="")


def load_metadata(path: Path | str) -> tuple[dict[str, FileMetadata], list[str]]:
    """Metadata by file name from a `metadata.csv`, and warnings about fields that were skipped.

    Columns: file (required), title, url, published (ISO date). A bad value is skipped with a warning
    naming the line and field; a file without a `file` column is an error.
    """
    warnings: list[str] = []
    try:
        handle = _open_text(path)
    except OSError as exc:
        raise MetadataError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        if "file" not in columns:
            raise MetadataError(path, 1, f"no 'file' column; expected columns {', '.join(METADATA_COLUMNS)}")
        unknown = [c for c in columns if c not in METADATA_COLUMNS]
        if unknown:
            warnings.append(f"{path}:1: unknown columns {unknown} ignored")
        entries: dict[str, FileMetadata] = {}
        for row in reader:
            line = reader.line_num
            name = (row.get("file") or "").strip()
            if not name:
                warnings.append(f"{path}:{line}: empty 'file'; row skipped")
                continue
            published = None
            raw = (row.get("published") or "").strip()
            if raw:
                try:
                    published = parse_published(raw)
                except ValueError:
                    warnings.append(f"{path}:{line}: published {raw!r} is not an ISO date (YYYY-MM-DD); field skipped")
            if name in entries:
                warnings.append(f"{path}:{line}: {name!r} listed twice; the later row wins")
            entries[name] = FileMetadata((row.get("title") or "").strip() or None,
                                         (row.get("url") or "").strip() or None, published)
    return entries, warnings
