"""Caching: extracted documents stored by content, so re-runs skip what has not changed.

A file's entry is keyed by the SHA-256 of its bytes, its doc id, source and metadata row, and the
extractor's fingerprint (package version and the hash of every pattern file): change a pattern file
and every entry is invalid; change one article and only its entry is. Entries are written atomically
(temporary file, then rename) as each file is done, so a run killed half-way leaves every finished
file reusable by `run --resume`. The text is not stored (it is read again to check the hash anyway).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from policyextract.models import Document

_TEXT_EXCLUDED = {"text": True, "related": {"__all__": {"text"}}}


def cache_key(fingerprint: str, sha256: str, *parts: object) -> str:
    payload = json.dumps([fingerprint, sha256, *[str(p) for p in parts]], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResultCache:
    """Documents by cache key, as JSON files in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory
        with contextlib.suppress(OSError):  # a cache that cannot be made is one whose writes fail
            self.directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def load(self, key: str, text: str) -> Document | None:
        """The cached document for `key`, its text restored; None when absent or unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            data["text"] = text
            for related in data.get("related", []):
                related["text"] = text
            return Document.model_validate(data)
        except (OSError, ValueError, ValidationError):
            return None

    def store(self, key: str, document: Document) -> bool:
        """Store `document` under `key`; False when it could not be written (a full disk): the cache
        only saves work, so a run goes on without the entry."""
        path = self._path(key)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            tmp.write_text(document.model_dump_json(exclude=_TEXT_EXCLUDED), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            return False
        return True

    def prune(self, keep: Callable[[str], bool]) -> int:
        """Delete the entries whose key `keep` rejects (files gone or changed); the number deleted.

        The directory is read as a stream: `Path.glob` would list it whole, which grows with the cache."""
        removed = 0
        with os.scandir(self.directory) as entries:
            for entry in entries:
                if not entry.is_file(follow_symlinks=False):  # nothing a run writes
                    continue
                if entry.name.endswith(".tmp"):  # from a run that was killed while writing
                    _unlink(entry.path)
                elif entry.name.endswith(".json") and not keep(entry.name[:-len(".json")]):
                    _unlink(entry.path)
                    removed += 1
        return removed


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):  # another run's prune got there first
        os.unlink(path)


class KeySet:
    """The cache keys a run used, in a private temporary SQLite database on disk: a run over millions of
    files records one per file, and its memory must not grow with them."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": deleted when closed
        self._db.execute("CREATE TABLE keys (key BLOB PRIMARY KEY) WITHOUT ROWID")

    def add(self, key: str) -> None:
        self._db.execute("INSERT OR IGNORE INTO keys VALUES (?)", (bytes.fromhex(key),))

    def __contains__(self, key: str) -> bool:
        try:
            digest = bytes.fromhex(key)
        except ValueError:  # a file name that is no key
            return False
        return self._db.execute("SELECT 1 FROM keys WHERE key = ?", (digest,)).fetchone() is not None
