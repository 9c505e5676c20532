"""Tables built from the data packages (CLDR currencies, ISO 3166, GeoNames), kept on disk between runs.

Building them reads megabytes of package data; reading the built table back is a fraction of that. A
table is one JSON file in the user's cache folder (`$XDG_CACHE_HOME/policyextract`, else
`~/.cache/policyextract`), named by what it was built from, so a new package version or pattern file
builds a new one. The cache is an optimization only: a file that cannot be read is built again, a
folder that cannot be written is left alone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policyextract"


def cached_json(name: str, build: Callable[[], Any]) -> Any:
    """The JSON value cached as `name`, or `build()`'s, written there for the next process."""
    path = cache_folder() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a read-only home: built again next time
        pass
    return value
