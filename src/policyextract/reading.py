"""Reading: corpus paths → decoded source texts, and `metadata.csv` → per-file metadata.

Text is decoded once, here, and never rewritten afterwards: every offset downstream is an offset into
the string this module returns (line endings, non-breaking spaces and curly quotes kept as they are).
A file that cannot be read as text raises `InputFileError` with the reason; batch runs turn it into a
`failures` row and go on.
"""

from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path, PurePath
from charset_normalizer import from_bytes

from policyextract.errors import (FileTooLargeError, FolderError, InputFileError, MetadataEncodingError,
                                  MetadataError, MetadataSyntaxError, NotRegularFileError)

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
# Detected encodings taken as they are; any other non-UTF-8 text is read as Windows-1252 when it can be.
CJK_ENCODINGS = {"gb18030", "gb2312", "gbk", "big5", "big5hkscs", "cp950", "cp936", "shift_jis", "cp932", "euc_jp",
                 "euc_kr", "cp949", "iso2022_jp", "hz"}
METADATA_FILE = "metadata.csv"
METADATA_COLUMNS = ("file", "title", "url", "published")
METADATA_MAX_BYTES = 1024 * 1024 * 1024
METADATA_FIELD_LIMIT = 128 * 1024  # characters in one metadata.csv field (the csv module's default)
# A file that is UTF-8 but for a few bytes (a stray byte pasted in) stays UTF-8, its bad bytes replaced
# and reported: it is read as UTF-8 when it holds at least this many valid multi-byte characters for
# each bad byte. Text in a legacy encoding holds hardly any valid multi-byte UTF-8 sequence.
UTF8_MULTIBYTE_PER_BAD_BYTE = 10


@dataclass(frozen=True)
class SourceText:
    """A file's text as decoded, with what is needed to trace and cache it."""

    path: Path | str  # a local path or an fsspec URL
    text: str
    encoding: str
    sha256: str
    size: int
    warning: str | None = None  # what decoding replaced, when it did


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def decode_mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """(text, warning) when `data` is UTF-8 but for a few bad bytes (see UTF8_MULTIBYTE_PER_BAD_BYTE):
    each bad byte becomes one U+FFFD, and the warning says how many and at which character offsets of
    the text. None when `data` is not mostly UTF-8."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _ESCAPED_BYTE.finditer(escaped)]
    if not bad or len(_UTF8_MULTIBYTE.findall(data)) < UTF8_MULTIBYTE_PER_BAD_BYTE * len(bad):
        return None
    where = ", ".join(map(str, bad[:10])) + (", ..." if len(bad) > 10 else "")
    return (_ESCAPED_BYTE.sub("\ufffd", escaped),
            f"{len(bad)} byte(s) that are not UTF-8 read as U+FFFD (at characters {where}); the rest is UTF-8")


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 encoding of text without a byte-order mark, told by its NULs: text in Latin script has
    a NUL in every other byte, all at odd offsets (little-endian) or all at even ones (big-endian)."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= half * 0.3 and even == 0:
        return "utf-16-le"
    if even >= half * 0.3 and odd == 0:
        return "utf-16-be"
    return None


def decode(data: bytes, path: Path | str) -> tuple[str, str, str | None]:
    """(text, encoding, warning) of raw bytes: BOMs first, then UTF-16 without a BOM, then strict
    UTF-8, then UTF-8 with a few bad bytes replaced (the warning says which), then detection of
    Chinese, Japanese and Korean encodings, then Windows-1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                          (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding, None
            except UnicodeDecodeError as exc:
                raise InputFileError(path, f"starts with a {encoding} byte-order mark but does not decode as {encoding}: {exc.reason}") from None
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        try:
            text = data.decode(utf16) if utf16 else None
        except UnicodeDecodeError:
            text = None
        if text is None or "\x00" in text:
            raise InputFileError(path, "binary file (contains NUL bytes), not text")
        return text, utf16, None
    try:
        return data.decode("utf-8"), "utf-8", None
    except UnicodeDecodeError:
        pass
    if (mostly := decode_mostly_utf8(data)) is not None:
        return mostly[0], "utf-8", mostly[1]
    best = from_bytes(data).best()
    if best is not None and best.encoding in CJK_ENCODINGS:
        return str(best), best.encoding, None
    # English-language news that is not UTF-8 is nearly always Windows-1252, which detection on short
    # texts confuses with its Central European and Cyrillic siblings ("naïve" read as "naďve").
    try:
        return data.decode("cp1252"), "cp1252", None
    except UnicodeDecodeError:
        pass
    if best is None:
        raise InputFileError(path, "not text in any encoding that could be detected")
    return str(best), best.encoding, None


def is_url(path: Path | str) -> bool:
    """Whether `path` names a file through fsspec ("s3://bucket/a.txt", "file:///data/a.txt")."""
    return isinstance(path, str) and "://" in path


_FILE_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
               (stat.S_ISSOCK, "a socket"))


def _check_regular(path: Path | str, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            raise FolderError(path, f"folder cannot be listed: {exc.strerror or exc}") from None
        raise InputFileError(path, "is a directory, not a file")
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    raise NotRegularFileError(path, f"is {kind}, not a regular file; only regular files are read")


def _too_large(path: Path | str, size: int | str, max_bytes: int) -> FileTooLargeError:
    size = f"{size:,}" if isinstance(size, int) else size
    return FileTooLargeError(path, f"file is {size} bytes, over the limit of {max_bytes:,} (raise it with --max-bytes)")


def _read_local(path: Path | str, max_bytes: int) -> bytes:
    """At most `max_bytes` bytes of a regular file. Anything else (a FIFO, a device, a socket, also
    behind a symbolic link) is refused before it is opened, and again after: a FIFO would block, a
    device never end. Never more than `max_bytes + 1` bytes are read, whatever the size says."""
    _check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        status = os.fstat(fd)
        _check_regular(path, status.st_mode)  # swapped for something else since it was looked at
        if status.st_size > max_bytes:
            raise _too_large(path, status.st_size, max_bytes)
        chunks, left = [], max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:  # grew while it was read
        raise _too_large(path, f"more than {max_bytes:,}", max_bytes)
    return data


def _read_url(url: str, max_bytes: int) -> bytes:
    """A file through fsspec (an optional dependency, installed with the `dask` extra), at most
    `max_bytes + 1` bytes of it."""
    from fsspec.core import url_to_fs

    fs, fs_path = url_to_fs(url)
    size = fs.size(fs_path)
    if size is not None and size > max_bytes:
        raise _too_large(url, size, max_bytes)
    data = fs.cat_file(fs_path, start=0, end=max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(url, f"more than {max_bytes:,}", max_bytes)
    return data


def read_source(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read and decode one file: a local path or an fsspec URL."""
    try:
        data = _read_url(str(path), max_bytes) if is_url(path) else _read_local(path, max_bytes)
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except PermissionError:
        raise InputFileError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputFileError(path, "is a directory, not a file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise FolderError(path, "symbolic link cannot be followed: it leads in a loop") from None
        raise InputFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    text, encoding, warning = decode(data, path)
    return SourceText(path, text, encoding, hashlib.sha256(data).hexdigest(), len(data), warning)


_ESCAPED = re.compile(r"[\\\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def escape_name(name: str) -> str:
    """A file name as text any output can hold. Python holds a name that is not valid UTF-8 with its
    bad bytes as lone surrogates, which no UTF-8 file can store: each becomes `\\xNN` (the byte in
    hex), and a backslash `\\\\`, so that `unescape_name` gives the name back. Other names are unchanged."""
    def escape(char: re.Match[str]) -> str:
        c = char.group()
        if c == "\\":
            return "\\\\"
        return f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else f"\\u{ord(c):04x}"
    return _ESCAPED.sub(escape, name)


def unescape_name(escaped: str) -> str:
    """The name `escape_name` escaped (`os.fsencode` of it gives the bytes on disk)."""
    def unescape(match: re.Match[str]) -> str:
        code = match.group(1)
        if code == "\\":
            return "\\"
        return chr(0xDC00 + int(code[1:], 16)) if code[0] == "x" else chr(int(code[1:], 16))
    return _ESCAPE.sub(unescape, escaped)


def is_valid_name(name: str) -> bool:
    """Whether a file name is text (not bytes that are not UTF-8, held as lone surrogates)."""
    return not re.search("[\ud800-\udfff]", name)


def corpus_file_names(path: Path, *, glob: str = "*.txt") -> list[str]:
    """The files of a corpus as POSIX paths relative to its folder (for a file: its name), sorted as
    paths sort: folder by folder. The files are those `path.rglob(glob)` finds, without its cost: rglob
    keeps every path it has yielded (~550 bytes a file)."""
    if not path.is_dir():
        if not os.path.lexists(path):
            raise InputFileError(path, "no such file or directory")
        return [path.name]  # a file, or anything else named on its own: reading it says what is wrong
    pattern = glob
    while pattern.startswith("**/"):  # rglob's "**/x" is "x" at any depth, which is what match does
        pattern = pattern[3:]
    # a folder that cannot be listed ends with "/": it is kept, whatever the pattern, and becomes a failure
    names = [name for name in _walk(path, "") if name.endswith("/") or PurePath(name).match(pattern)]
    # "/" → NUL, which sorts before any character a name can hold: "a/b" before "a-b", as Paths sort
    names.sort(key=lambda name: name.replace("/", "\0"))
    return names


def _walk(folder: Path | str, prefix: str) -> Iterator[str]:
    """Relative names of every entry under `folder` that is not a folder: files, and also symbolic
    links (broken, looping, or to folders), FIFOs and devices, so that reading each reports what it
    is. Like rglob, it does not descend into symlinked folders, so it never loops. A subfolder that
    cannot be listed is named with a final "/"; `folder` itself, a `FolderError`."""
    try:
        entries = os.scandir(folder)
    except OSError as exc:
        if not prefix:  # the corpus folder itself: nothing of it can be run
            raise FolderError(folder, f"folder cannot be listed: {exc.strerror or exc}") from None
        yield prefix
        return
    with entries:
        for entry in entries:
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False
            if is_folder:
                yield from _walk(entry.path, f"{prefix}{entry.name}/")
            else:
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


def _metadata_text(path: Path | str) -> str:
    """The text of a metadata.csv: UTF-8 (a BOM allowed), read as any corpus file is (regular files
    only, at most METADATA_MAX_BYTES)."""
    try:
        data = _read_url(str(path), METADATA_MAX_BYTES) if is_url(path) else _read_local(path, METADATA_MAX_BYTES)
    except InputFileError as exc:
        raise MetadataError(path, None, exc.reason) from None
    except OSError as exc:
        raise MetadataError(path, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        raise MetadataEncodingError(path, line, f"not UTF-8: byte 0x{data[exc.start]:02x} at column {exc.start - line_start + 1}"
                                    "; save the file as UTF-8") from None


def _csv_rows(path: Path | str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, fields) of each CSV row. A quote never closed, or a field over
    METADATA_FIELD_LIMIT characters, is a `MetadataSyntaxError` naming the line and the field."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    limit = csv.field_size_limit()
    while True:
        start = reader.line_num + 1
        try:
            csv.field_size_limit(METADATA_FIELD_LIMIT)
            row = next(reader, None)
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise MetadataSyntaxError(path, start, f"a field is over {METADATA_FIELD_LIMIT:,} characters") from None
            if "unexpected end of data" in str(exc) or "EOF" in str(exc):
                raise MetadataSyntaxError(path, start, "a quoted field starts in this row and is never closed") from None
            raise MetadataSyntaxError(path, reader.line_num, f"not valid CSV: {exc}") from None
        finally:
            csv.field_size_limit(limit)
        if row is None:
            return
        yield start, row


def load_metadata(path: Path | str) -> tuple[dict[str, FileMetadata], list[str]]:
    """Metadata by file name from a `metadata.csv`, and warnings about fields that were skipped.

    Columns: file (required), title, url, published (ISO date). A bad value is skipped with a warning
    naming the line and field; a file without a `file` column, a file that is not UTF-8 or not valid
    CSV (a quote never closed, a field over METADATA_FIELD_LIMIT characters) is an error naming the line.
    """
    warnings: list[str] = []
    rows = _csv_rows(path, _metadata_text(path))
    _, columns = next(rows, (1, []))
    if "file" not in columns:
        raise MetadataError(path, 1, f"no 'file' column; expected columns {', '.join(METADATA_COLUMNS)}")
    unknown = [c for c in columns if c not in METADATA_COLUMNS]
    if unknown:
        warnings.append(f"{path}:1: unknown columns {unknown} ignored")
    entries: dict[str, FileMetadata] = {}
    for line, fields in rows:
        if not fields:  # a blank line
            continue
        row = dict(zip(columns, fields))
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
