"""Run settings: everything a corpus run is asked to do, parsed once and passed down as one value.

The CLI and the library calls build one `RunSettings`; the engines read their options from it, the
manifest records the part that decides the outputs (`manifest()`), and the entity thresholds reach
the extractor (and its fingerprint, so cached results of other thresholds are not reused).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from policyextract.errors import ArgumentError
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.reading import DEFAULT_MAX_BYTES
from policyextract.runs.writing import parse_formats

DEFAULT_TIMEOUT_PER_FILE = 30.0  # seconds of extraction per file; over it the file is a failure


@dataclass(frozen=True)
class RunSettings:
    """How a corpus run reads, extracts and writes.

    formats: the tables' formats ("jsonl", "csv", "parquet"; a string "jsonl,csv" is parsed).
    glob: which files of a corpus folder are articles.
    max_bytes: a larger file is a failure, never read whole.
    jobs: worker processes (local engine).
    resume: reuse cached results of unchanged files; cache: keep them (in OUT/.cache).
    timeout_per_file: seconds of extraction before a file is given up as a failure (None: no limit).
    entities: the thresholds of entity normalization.
    """

    formats: tuple[str, ...] = ("jsonl",)
    glob: str = "*.txt"
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 1
    resume: bool = False
    cache: bool = True
    timeout_per_file: float | None = DEFAULT_TIMEOUT_PER_FILE
    entities: EntitySettings = field(default_factory=EntitySettings)

    def __post_init__(self) -> None:
        object.__setattr__(self, "formats", parse_formats(self.formats))
        if not isinstance(self.jobs, int) or self.jobs < 1:
            raise ArgumentError("jobs", f"must be a whole number of processes, 1 or more; got {self.jobs!r}")
        if not isinstance(self.max_bytes, int) or self.max_bytes < 1:
            raise ArgumentError("max_bytes", f"must be a positive number of bytes; got {self.max_bytes!r}")
        if self.timeout_per_file is not None and self.timeout_per_file <= 0:
            object.__setattr__(self, "timeout_per_file", None)  # 0 turns the limit off, as on the command line
        if not isinstance(self.entities, EntitySettings):
            raise ArgumentError("entities", f"must be an EntitySettings; got {type(self.entities).__name__}")

    def manifest(self) -> dict[str, Any]:
        """The settings that decide what the outputs hold, as the manifest records them (processes,
        caching and resuming change how a run gets there, never what it writes)."""
        return {"formats": list(self.formats), "glob": self.glob, "max_bytes": self.max_bytes,
                "timeout_per_file": self.timeout_per_file, "entities": dataclasses.asdict(self.entities)}
