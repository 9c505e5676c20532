"""Corpus runs: a folder (or file) of articles → documents and failures, streamed, optionally parallel.

`iter_file_results` is the engine: it reads `metadata.csv`, walks the files in sorted order, and yields
one `FileResult` per file, in that order, whether it ran in this process or in `jobs` worker processes
(each builds the extractor once). A file that cannot be read, or whose extraction raises, becomes a
`Failure` and the run goes on. `run_corpus` streams those results into output tables: there, a file's
documents come back as a `DocumentOutput` (rows encoded, fact reports, entity statistics), made where
the file was extracted, so that with `--jobs` the run's own process only appends and adds up.
`extract_corpus` collects documents for a notebook.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import heapq
import json
import multiprocessing
import os
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
import threading
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import spacy
from tqdm import tqdm
from tqdm.auto import tqdm as tqdm_auto

from policyextract.version import __version__
from policyextract.runs.caching import KeySet, ResultCache, cache_key
from policyextract.errors import (
    ArgumentError, InputFileError, DocumentTimeoutError, ExtractionError, FileNameError, OutputWriteError,
)
from policyextract.extractor import Extractor
from policyextract.families.entities.table import EntityTable, names_no_new_body
from policyextract.families.facts.table import FactTable, StoredReport, fact_reports, stored_reports
from policyextract.registry import RECORD_TABLES
from policyextract.frames import ENTITY_TABLES, TABLES, failure_row, failures_frame, records_frame, rows, to_pandas
from policyextract.models import Document, Failure
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.patterns import PatternSet
from policyextract.reading import (
    DEFAULT_MAX_BYTES, METADATA_FILE, FileMetadata, corpus_file_names, load_metadata, read_source, escape_name, is_valid_name,
)
from policyextract.runs.settings import RunSettings
from policyextract.runs.writing import (
    EncodedRows, OutputWriter, RowRewrite, encode_rows, unchanged_outputs, locked_out_dir, remove_stale,
)

if TYPE_CHECKING:  # pandas is imported where a frame is made: it costs start-up otherwise
    import pandas as pd

_BATCH = 8  # files per task sent to a worker process
CACHE_DIR = ".cache"


@dataclass
class DocumentOutput:
    """What a corpus run keeps of a file's documents: their table rows, encoded for the run's formats;
    their fact reports, ready for the fact table; their entity statistics. Made where the file was
    extracted (in a worker, with --jobs), so that the run's own process only appends and adds up."""

    tables: list[EncodedRows]
    facts: list[StoredReport]
    entities: EntityTable


def document_output(document: Document, formats: tuple[str, ...], settings: EntitySettings) -> DocumentOutput:
    entities = EntityTable(settings)
    entities.add(document)
    return DocumentOutput([encode_rows(kind, list(rows(kind, [document])), formats) for kind in ("documents", *RECORD_TABLES)],
                          stored_reports(fact_reports(document)), entities)


@dataclass
class FileResult:
    """What one source file gave: its documents (article first, teasers in `related`; or, in a run that
    writes tables, their `DocumentOutput`) or a failure."""

    source: str
    document: Document | None = None
    failure: Failure | None = None
    sha256: str | None = None
    encoding: str | None = None
    cache_key: str | None = None
    cached: bool = False
    documents: int = 0  # the article and its teasers
    output: DocumentOutput | None = None
    warning: str | None = None  # what reading the file replaced (bytes that were not UTF-8)


@dataclass
class CorpusResult:
    """Documents and failures of a corpus, for notebooks (`extract_corpus`)."""

    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)  # one row per real-world body
    facts: list[dict[str, Any]] = field(default_factory=list)  # one row per fact, merged across documents

    def _repr_html_(self) -> str:
        """Jupyter's view: documents, failures and the number of records of each family."""
        from policyextract.rendering import table

        counts = {kind: len(frame) for kind, frame in self.to_frames().items()}
        failures = table(["source", "error", "reason"], [[f.source, f.error, f.reason] for f in self.failures])
        return (f"<b>{len(self.documents)} files</b>, {counts['documents']} documents, {len(self.failures)} failures"
                + table(["table", "rows"], sorted(counts.items())) + (failures if self.failures else ""))

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """One DataFrame per table: documents, the record tables, entities, facts, failures."""
        frames = {kind: records_frame(kind, self.documents) for kind in ("documents", *RECORD_TABLES)}
        frames["entities"] = to_pandas("entities", self.entities)
        frames["facts"] = to_pandas("facts", self.facts)
        frames["failures"] = failures_frame(self.failures)
        return frames


@dataclass(frozen=True)
class FileJob:
    """One file of a corpus run: where to read it, the names its records get, its metadata row."""

    path: Path | str  # a local path or an fsspec URL
    source: str
    doc_id: str
    metadata: FileMetadata | None
    max_bytes: int
    cache_dir: Path | None = None  # store results there
    resume: bool = False  # and reuse the ones stored by earlier runs
    formats: tuple[str, ...] = ()  # hand back the documents' `DocumentOutput` for these formats, not the documents
    timeout: float | None = None  # seconds of extraction before the file is given up as a failure


def job_key(job: FileJob, fingerprint: str, sha256: str) -> str:
    """What a file's result depends on: its bytes, where it sits, its metadata row and the extractor."""
    meta = job.metadata or FileMetadata()
    return cache_key(fingerprint, sha256, job.doc_id, job.source, meta.published)


def _failed(job: FileJob, exc: InputFileError, **found: Any) -> FileResult:
    return FileResult(job.source, failure=Failure(source=job.source, error=exc.code, reason=exc.reason), **found)


def process_file(job: FileJob, extractor: Extractor) -> FileResult:
    """Read and extract one file (or reuse its cached result); never raises for a bad file, and gives
    up on one whose extraction takes longer than `job.timeout`."""
    if not is_valid_name(str(job.path)):
        return _failed(job, FileNameError(job.source, "file name is not valid UTF-8 (its other bytes written as \\xNN); rename the file"))
    try:
        src = read_source(job.path, max_bytes=job.max_bytes)
    except InputFileError as exc:
        return _failed(job, exc)
    meta = job.metadata or FileMetadata()
    cache = ResultCache(job.cache_dir) if job.cache_dir else None
    key = job_key(job, extractor.fingerprint, src.sha256)
    document = cache.load(key, src.text) if cache and job.resume else None
    cached = document is not None
    found = {"sha256": src.sha256, "encoding": src.encoding, "warning": src.warning}
    if document is None:
        try:
            with time_budget(job.timeout):
                document = extractor.extract(src.text, published=meta.published, doc_id=job.doc_id, source=job.source)
        except OverBudget:
            return _failed(job, DocumentTimeoutError(job.source, f"extraction took longer than {job.timeout:g} s "
                                                                  "(raise it with --timeout-per-file)"), **found)
        except Exception as exc:  # a bug on one odd article must not lose the rest of the batch
            return _failed(job, ExtractionError(job.source, f"extraction failed: {type(exc).__name__}: {exc}"), **found)
        if cache:
            cache.store(key, document)
    result = FileResult(job.source, cache_key=key, cached=cached, documents=1 + len(document.related), **found)
    if job.formats:
        result.output = document_output(document, job.formats, extractor.entity_settings)
    else:
        result.document = document
    return result


class OverBudget(BaseException):
    """Raised inside a thread whose `time_budget` ran out. A BaseException, so that no `except
    Exception` of the code it interrupts swallows it."""


class _Watchdog:
    """One thread per process that raises `OverBudget` in threads whose deadline has passed.

    The exception is raised asynchronously (`PyThreadState_SetAsyncExc`), at the interrupted thread's
    next Python instruction: it works in any thread (a Dask worker's too, where signals cannot be
    used), and a long call into compiled code (the Matcher on one huge text) ends before it arrives."""

    def __init__(self) -> None:
        self._deadlines: list[tuple[float, int, int]] = []  # (deadline, serial, thread id): a heap
        self._armed: dict[int, int] = {}  # thread id → serial of its current budget
        self._fired: set[int] = set()  # serials whose exception was raised
        self._serial = 0
        self._wake = threading.Condition()
        threading.Thread(target=self._run, name="policyextract-watchdog", daemon=True).start()

    def arm(self, seconds: float) -> int:
        with self._wake:
            self._serial += 1
            thread = threading.get_ident()
            self._armed[thread] = self._serial
            heapq.heappush(self._deadlines, (time.monotonic() + seconds, self._serial, thread))
            self._wake.notify()
            return self._serial

    def disarm(self, serial: int) -> None:
        thread = threading.get_ident()
        with self._wake:
            self._armed.pop(thread, None)
            fired = serial in self._fired
            self._fired.discard(serial)
        if fired:  # raised but perhaps not yet delivered: it must not hit the code after the budget
            ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), None)

    def _run(self) -> None:
        with self._wake:
            while True:
                while self._deadlines and self._armed.get(self._deadlines[0][2]) != self._deadlines[0][1]:
                    heapq.heappop(self._deadlines)  # disarmed
                if not self._deadlines:
                    self._wake.wait()
                    continue
                deadline, serial, thread = self._deadlines[0]
                if time.monotonic() < deadline:
                    self._wake.wait(deadline - time.monotonic())
                    continue
                heapq.heappop(self._deadlines)
                self._fired.add(serial)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread), ctypes.py_object(OverBudget))


_watchdog: tuple[int, _Watchdog] | None = None  # (process id, its watchdog): a forked worker starts its own
_watchdog_lock = threading.Lock()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise `OverBudget` in this thread if the block runs longer than `seconds` (None or 0: no limit)."""
    global _watchdog
    if not seconds:
        yield
        return
    with _watchdog_lock:
        if _watchdog is None or _watchdog[0] != os.getpid():
            _watchdog = (os.getpid(), _Watchdog())
        watchdog = _watchdog[1]
    serial = watchdog.arm(seconds)
    try:
        yield
    finally:
        watchdog.disarm(serial)


_worker_extractor: Extractor | None = None


def _init_worker(patterns: PatternSet) -> None:
    global _worker_extractor
    _worker_extractor = Extractor(patterns)


def _work(job: FileJob) -> FileResult:
    assert _worker_extractor is not None
    return process_file(job, _worker_extractor)


class JobPlan:
    """The jobs of a corpus run, in order, made as they are iterated.

    A plan keeps each folder's file names (relative, joined by NUL, which no name holds) rather than a
    `FileJob` per file: a plan of 100,000 files costs a few megabytes, not seventy.
    """

    def __init__(self, *, max_bytes: int = DEFAULT_MAX_BYTES, cache_dir: Path | None = None, resume: bool = False,
                 formats: tuple[str, ...] = (), timeout: float | None = None):
        self.max_bytes, self.cache_dir, self.resume, self.formats, self.timeout = max_bytes, cache_dir, resume, formats, timeout
        self._folders: list[tuple[Path, dict[str, FileMetadata], str, str]] = []
        self._count = 0

    def add(self, root: Path, names: list[str], metadata: dict[str, FileMetadata], id_prefix: str = "") -> None:
        """Plan the files `names` (relative to `root`, in order) with their metadata rows; their doc ids
        start with `id_prefix`."""
        if names:
            self._folders.append((root, metadata, "\0".join(names), id_prefix))
            self._count += len(names)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[FileJob]:
        for root, metadata, joined, id_prefix in self._folders:
            start = 0
            while start <= len(joined):
                end = joined.find("\0", start)
                end = len(joined) if end < 0 else end
                relative = joined[start:end]
                source, doc_id = job_names(root.name, relative)
                yield FileJob(root / relative, source, id_prefix + doc_id, metadata.get(relative), self.max_bytes,
                              self.cache_dir, self.resume, self.formats, self.timeout)
                start = end + 1


def plan_jobs(corpus: Path | Sequence[Path], *, glob: str = "*.txt", max_bytes: int = DEFAULT_MAX_BYTES,
              cache_dir: Path | None = None, resume: bool = False, formats: tuple[str, ...] = (),
              timeout: float | None = None) -> tuple[JobPlan, list[str]]:
    """The jobs of a corpus (folders and files, in the order given; a folder's files sorted), and the
    warnings of each folder's metadata.csv. When a folder's files would take doc ids an earlier folder's
    files have ("story" from a/story.txt and b/story.txt), the later folder's ids start with its name
    ("b/story"), or with its name and its place in the order given when that name was taken too."""
    plan = JobPlan(max_bytes=max_bytes, cache_dir=cache_dir, resume=resume, formats=formats, timeout=timeout)
    warnings: list[str] = []
    paths = [corpus] if isinstance(corpus, Path) else list(corpus)
    taken: dict[str, str] = {}  # doc id → source of the file that has it
    for number, path in enumerate(paths, start=1):
        root = path if path.is_dir() else path.parent
        meta_path = root / METADATA_FILE
        metadata, problems = load_metadata(meta_path) if meta_path.is_file() else ({}, [])
        warnings += problems
        names = corpus_file_names(path, glob=glob)
        if len(paths) == 1:
            plan.add(root, names, metadata)
            break
        named = [job_names(root.name, name) for name in names]

        def collides(prefix: str) -> bool:
            return any(taken.get(prefix + doc_id, source) != source for source, doc_id in named)

        prefix = ""
        if collides(prefix):
            prefix = f"{escape_name(root.name)}/"
            if collides(prefix):
                prefix = f"{escape_name(root.name)}.{number}/"
            warnings.append(f"{path}: doc ids of its files start with {prefix!r}: an earlier folder has files of the same names")
        taken.update((prefix + doc_id, source) for source, doc_id in named)
        plan.add(root, names, metadata, prefix)
    return plan, warnings


def job_names(root_name: str, relative: str) -> tuple[str, str]:
    """(source, doc id) of a corpus file from its folder's name and its path inside that folder, as
    text any output can hold (a name that is not UTF-8 escaped by `escape_name`)."""
    root_name, relative = escape_name(root_name), escape_name(relative)
    return f"{root_name}/{relative}" if root_name else relative, relative.rsplit(".", 1)[0]


def input_row(result: FileResult) -> dict[str, Any]:
    """The manifest's record of one input file (with what decoding replaced, when it did)."""
    row = {"source": result.source, "sha256": result.sha256, "encoding": result.encoding, "documents": result.documents}
    return {**row, "warning": result.warning} if result.warning else row


def run_manifest(patterns: PatternSet, settings: dict[str, Any], counts: dict[str, int], inputs: list[dict[str, Any]],
                 warnings: list[str]) -> dict[str, Any]:
    """`manifest.json` of a run: versions, settings, pattern file hashes, row counts, inputs, warnings."""
    return {"policyextract": __version__, "spacy": spacy.__version__, "settings": settings,
            "patterns": patterns.file_hashes, "counts": counts, "inputs": inputs, "warnings": warnings}


def job_for(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> FileJob:
    """The job for one file outside a corpus run: its doc id is its stem, its metadata.csv row is used."""
    meta_path = path.parent / METADATA_FILE
    metadata = load_metadata(meta_path)[0] if meta_path.is_file() else {}
    return FileJob(path, path.as_posix(), path.stem, metadata.get(path.name), max_bytes)


def iter_file_results(jobs: Collection[FileJob], extractor: Extractor, *, n_jobs: int = 1) -> Iterator[FileResult]:
    """Results in job order, from this process or from `n_jobs` worker processes."""
    if n_jobs <= 1 or len(jobs) <= 1:
        with _frozen_heap():  # the pipeline and all made before the run live to its end
            for job in jobs:
                yield process_file(job, extractor)
        return
    global _worker_extractor
    forked = sys.platform == "linux"
    if forked:  # forked workers inherit the parent's pipeline: none builds its own
        context, setup = multiprocessing.get_context("fork"), {}
        _worker_extractor = extractor
    else:
        context, setup = multiprocessing.get_context("spawn"), {"initializer": _init_worker, "initargs": (extractor.patterns,)}
    try:
        # frozen before the fork: a collection in a worker would otherwise write to every object it
        # inherited and copy the parent's pages
        with _frozen_heap() if forked else nullcontext(), context.Pool(n_jobs, **setup) as pool:
            yield from pool.imap(_work, jobs, chunksize=_BATCH)
    finally:
        _worker_extractor = None


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The objects that exist now are out of the garbage collector's reach until the block ends, so
    that its collections skip them. A freeze the program made itself is left as it is."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def extract_corpus(path: Path | str | Sequence[Path | str] | None = None, *, texts: Iterable[str] | Any = None,
                   ids: Iterable[str] | None = None, published: Any = None, jobs: int = 1,
                   patterns: Extractor | PatternSet | Path | str | None = None, glob: str = "*.txt",
                   progress: bool | None = None) -> CorpusResult:
    """Extract every article of a corpus folder (or one file), or of texts in memory, into memory.

    Either `path`, or `texts`: an iterable of article texts (a list, a pandas Series) or a DataFrame
    with a `text` column (and optionally `id`/`doc_id` and `published` columns), with `ids` (default
    `text-1`, `text-2`, ...) and `published` (one value for all, or one per text, in any form
    `extract` accepts). A text that cannot be extracted is a failure row, not an exception.

    `patterns` may be a ready `Extractor`, so that a notebook builds the pipeline once. `progress`
    shows a progress bar (a widget in Jupyter; default: when the session is interactive). For corpora
    too large for memory, use `run_corpus`, which streams to files.

        >>> result = extract_corpus(texts=["Seoul pledged 5 billion won.", "Tokyo set aside 3 billion yen."])
        >>> [(d.doc_id, d.amounts[0].currency) for d in result.documents]
        [('text-1', 'KRW'), ('text-2', 'JPY')]
    """
    if (path is None) == (texts is None):
        raise ArgumentError("path", "give either a corpus path or texts=, not both or neither")
    extractor = patterns if isinstance(patterns, Extractor) else Extractor(patterns)
    if texts is not None:
        items = _text_items(texts, ids, published)
        results: Iterable[FileResult] = (_text_result(extractor, *item) for item in items)
        total, warnings = len(items), []
    else:
        planned, warnings = plan_jobs(corpus_paths(path), glob=glob)
        results, total = iter_file_results(planned, extractor, n_jobs=jobs), len(planned)
    result = CorpusResult(warnings=warnings)
    table = EntityTable(extractor.entity_settings)
    fact_table = FactTable()
    show = progress if progress is not None else _interactive()
    for r in tqdm_auto(results, total=total, unit="text" if texts is not None else "file", disable=not show):
        if r.document is not None:
            result.documents.append(r.document)
            table.add(r.document)
            fact_table.add(r.document)
        if r.failure is not None:
            result.failures.append(r.failure)
    canonical = table.canonical()
    result.documents = [_with_final_entities(d, table, canonical) for d in result.documents]
    result.entities = table.rows()
    result.facts = list(fact_table.rows(table.mapping, canonical))
    return result


def _text_items(texts: Any, ids: Iterable[str] | None, published: Any) -> list[tuple[str, Any, Any]]:
    """(id, text, published) for each text given to `extract_corpus`."""
    if hasattr(texts, "columns"):  # a DataFrame
        if "text" not in texts.columns:
            raise ArgumentError("texts", f"a DataFrame needs a 'text' column; it has {list(texts.columns)}")
        id_column = next((c for c in ("id", "doc_id") if c in texts.columns), None)
        ids = ids if ids is not None else (texts[id_column] if id_column else None)
        published = published if published is not None else (texts["published"] if "published" in texts.columns else None)
        texts = texts["text"]
    if isinstance(texts, (str, bytes)):
        raise ArgumentError("texts", "must be an iterable of texts, got one text; wrap it in a list")
    texts = list(texts)
    ids = [str(i) for i in ids] if ids is not None else [f"text-{n}" for n in range(1, len(texts) + 1)]
    if len(ids) != len(texts):
        raise ArgumentError("ids", f"has {len(ids)} ids for {len(texts)} texts")
    if len(set(ids)) != len(ids):
        raise ArgumentError("ids", "must be unique: record ids are made from them")
    if isinstance(published, (str, bytes)) or not isinstance(published, Iterable):
        dates = [published] * len(texts)
    else:
        dates = list(published)
        if len(dates) != len(texts):
            raise ArgumentError("published", f"has {len(dates)} dates for {len(texts)} texts")
    return list(zip(ids, texts, dates))


def _text_result(extractor: Extractor, doc_id: str, text: Any, published: Any) -> FileResult:
    try:
        document = extractor.extract(text, published=published, doc_id=doc_id)
    except ArgumentError as exc:
        return FileResult(doc_id, failure=Failure(source=doc_id, error=exc.code, reason=str(exc)))
    return FileResult(doc_id, document=document, documents=1 + len(document.related))


def _interactive() -> bool:
    """A person is watching: a terminal on stderr, or a Jupyter kernel."""
    return sys.stderr.isatty() or "ipykernel" in sys.modules


def _with_final_entities(document: Document, table: EntityTable, canonical: Mapping[str, str]) -> Document:
    """The document with the corpus-wide entity ids and canonical names."""
    def final(mentions):
        return [m.model_copy(update=table.remap({"entity_id": m.entity_id, "canonical": m.canonical}, canonical))
                for m in mentions]
    facts = [f.model_copy(update=table.remap({"actor_id": f.actor_id, "actor": f.actor}, canonical)) for f in document.facts]
    return document.model_copy(update={
        "organizations": final(document.organizations), "jurisdictions": final(document.jurisdictions), "facts": facts,
        "related": [_with_final_entities(d, table, canonical) for d in document.related]})


@dataclass(frozen=True)
class RunSummary:
    out_dir: Path
    files: int
    documents: int
    failures: list[Failure]
    counts: dict[str, int]
    warnings: list[str]
    reused: int = 0  # files whose cached result was reused (--resume)
    unchanged: bool = False  # nothing changed since the run that wrote the outputs: they were kept


class _RunKey:
    """What a run's outputs depend on, hashed as the files come: spaCy's version, the extractor, the
    settings and metadata warnings, then every file's (source, key) in order."""

    def __init__(self, extractor: Extractor, settings: dict[str, Any], warnings: list[str]):
        self._digest = hashlib.sha256(json.dumps([spacy.__version__, extractor.fingerprint, settings, warnings]).encode())

    def add(self, source: str, key: str | None) -> None:
        self._digest.update(json.dumps([source, key]).encode() + b"\n")

    def hexdigest(self) -> str:
        return self._digest.hexdigest()


def _unchanged_run(planned: JobPlan, warnings: list[str], extractor: Extractor, settings: dict[str, Any],
                   out_dir: Path) -> RunSummary | None:
    """The summary of the outputs already in `out_dir` when they are exactly what this run would write
    (every file read and hashed again; no failures), else None."""
    run_key = _RunKey(extractor, settings, warnings)
    for job in planned:
        try:
            run_key.add(job.source, job_key(job, extractor.fingerprint, read_source(job.path, max_bytes=job.max_bytes).sha256))
        except InputFileError:
            return None
    manifest = unchanged_outputs(out_dir, run_key.hexdigest())
    if manifest is None or manifest["counts"].get("failures"):
        return None
    counts = {kind: manifest["counts"][kind] for kind in TABLES}
    return RunSummary(out_dir, len(planned), counts["documents"], [], counts, warnings, reused=len(planned), unchanged=True)


def corpus_paths(corpus: Path | str | Sequence[Path | str]) -> list[Path]:
    """A corpus argument (one folder or file, or several) as a list of paths."""
    return [Path(corpus)] if isinstance(corpus, (str, Path)) else [Path(p) for p in corpus]


def run_corpus(corpus: Path | str | Sequence[Path | str], out_dir: Path | str, *, settings: RunSettings | None = None,
               patterns: PatternSet | Path | str | None = None, force: bool = False, progress: bool = False,
               **options: Any) -> RunSummary:
    """Extract a corpus into output tables in `out_dir`, streaming: the corpus is never held in memory.

    `settings` (or, instead, its fields as keyword `options`: `formats`, `glob`, `max_bytes`, `jobs`,
    `resume`, `cache`, `timeout_per_file`, `entities`) says how; see `RunSettings`. Each file's result
    is cached in `out_dir/.cache` (unless `cache` is False); with `resume`, files whose bytes, metadata
    and pattern files are unchanged reuse their cached result, and the outputs are the same as a clean
    run's. When nothing changed at all and the tables in `out_dir` are still the ones that run wrote,
    `resume` keeps them as they are. `out_dir` is locked for the run: a second run into it fails with
    an `OutputLockedError`. A file whose extraction takes longer than `timeout_per_file` seconds is a
    failure. Outputs that cannot be written (a full disk) are an `OutputWriteError`, with the temporary
    files removed and the previous outputs as they were. `force` replaces an existing output folder.
    """
    if settings is None:
        settings = RunSettings(**options)
    elif options:
        raise ArgumentError(next(iter(options)), "cannot be given beside settings: set it in the RunSettings")
    # validates every pattern file before any output is touched
    extractor = Extractor(patterns, entity_settings=settings.entities)
    with locked_out_dir(Path(out_dir)):
        remove_stale(Path(out_dir))  # left by a run that was killed
        return _run_locked(corpus, Path(out_dir), extractor, settings, force=force, progress=progress)


def _run_locked(corpus: Path | str | Sequence[Path | str], out_dir: Path, extractor: Extractor, run: RunSettings, *,
                force: bool, progress: bool) -> RunSummary:
    formats, resume, cache = run.formats, run.resume, run.cache
    cache_dir = out_dir / CACHE_DIR if cache or resume else None
    planned, warnings = plan_jobs(corpus_paths(corpus), glob=run.glob, max_bytes=run.max_bytes, cache_dir=cache_dir,
                                  resume=resume, formats=formats, timeout=run.timeout_per_file)
    settings = run.manifest()
    if resume and (unchanged := _unchanged_run(planned, warnings, extractor, settings, out_dir)) is not None:
        return unchanged
    writer = OutputWriter(out_dir, formats, force=force or resume)
    failures: list[Failure] = []
    read_warnings: list[str] = []
    run_key = _RunKey(extractor, settings, warnings)
    used_keys = KeySet()  # cache keys of this run's files (on disk: there may be millions)
    reused = 0
    table = EntityTable(extractor.entity_settings)
    fact_table = FactTable()
    try:
        results = iter_file_results(planned, extractor, n_jobs=run.jobs)
        for r in tqdm(results, total=len(planned), unit="file", disable=not progress, file=sys.stderr):
            writer.add_input(input_row(r))
            run_key.add(r.source, r.cache_key)
            if r.cache_key:
                used_keys.add(r.cache_key)
            if r.warning:
                read_warnings.append(f"{r.source}: {r.warning}")
            reused += r.cached
            if r.output is not None:
                table.update(r.output.entities)
                fact_table.add_stored(r.output.facts)
                for encoded in r.output.tables:
                    writer.append(encoded)
            if r.failure is not None:
                failures.append(r.failure)
                writer.write("failures", [failure_row(r.failure)])
        manifest = run_manifest(extractor.patterns, settings, {"files": len(planned), **writer.counts},
                                inputs=[], warnings=warnings)  # the writer adds the inputs it recorded
        manifest["run_key"] = run_key.hexdigest()
        canonical = table.canonical()  # read from the table's database: one entry per entity of the corpus
        writer.write("entities", table.iter_rows())
        writer.write("facts", fact_table.rows(table.mapping, canonical))
        manifest["counts"]["entities"] = writer.counts["entities"]
        manifest["counts"]["facts"] = writer.counts["facts"]
        remapped = table.remapped_kinds()  # a table naming only gazetteer bodies is kept as written
        writer.commit(manifest, rewrite={kind: RowRewrite(lambda row: table.remap(row, canonical), names_no_new_body)
                                         for kind, entity_kinds in ENTITY_TABLES.items() if remapped.intersection(entity_kinds)})
    except OSError as exc:  # reading errors are failures of their files: this is writing
        writer.abort()
        raise OutputWriteError(f"{out_dir}: outputs could not be written ({exc.strerror or exc}); temporary files "
                               "were removed and the previous outputs are as they were") from None
    except BaseException:
        writer.abort()
        raise
    if cache_dir is not None:
        with contextlib.suppress(OSError):  # the outputs are written: a cache left unpruned costs only disk
            ResultCache(cache_dir).prune(used_keys.__contains__)
    return RunSummary(out_dir, len(planned), writer.counts["documents"], failures, dict(writer.counts),
                      warnings + read_warnings, reused)
