"""Corpus runs on a Dask cluster: the tables of `run_corpus`, as Parquet datasets, with identical rows.

One Dask graph, from files to tables:
1. plan: the corpus's files (local folders through `plan_jobs`, fsspec URLs listed with fsspec, named the
   same way), cut into contiguous partitions of a `dask.bag`;
2. extract: each partition runs `process_file` on its files with its worker's pipeline (built once per
   worker thread, not per document), writes the tables that name no entity (documents, amounts,
   percentages, dates, failures) as one Parquet part, and keeps what the corpus-wide steps need, compactly:
   its mention rows that name entities, a partial `EntityTable`, its fact reports;
3. entities: a tree reduction combines the partial tables in corpus order (`EntityTable.update`) and
   merges them once, into an id mapping and canonical names (one entry per entity);
4. facts: fact reports are shuffled to their (type, final actor) block (`Bag.groupby`) and each block is
   merged exactly as `FactTable.rows` merges it;
5. write: the mention tables per partition with final entity ids, then entities and facts; the client
   gets back only counts, the manifest's input rows and the failures, writes the manifest and moves the
   staging folder into place.

Every corpus-wide step is order-independent or runs in corpus order, so the rows equal the local run's.
"""

from __future__ import annotations

import math
import posixpath
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import Any

import pyarrow.parquet as pq

from policyextract.errors import ArgumentError, InputFileError, MissingExtraError, OutputWriteError

try:
    import dask
    import dask.bag as db
    from distributed import Client, LocalCluster
except ImportError as exc:  # an optional extra: the local engine needs none of it
    raise MissingExtraError("dask", f"the dask engine needs {exc.name}, which is not installed") from exc

from policyextract.runs.corpus import (
    FileJob, RunSummary, corpus_paths, input_row, job_names, plan_jobs, process_file, run_manifest,
)
from policyextract.families.entities.table import EntityTable, remap_row
from policyextract.extractor import Extractor
from policyextract.families.facts.table import FactReport, block_key, fact_rows, fact_reports, merge_block
from policyextract.registry import RECORD_TABLES
from policyextract.frames import ENTITY_TABLES, TABLES, failure_row, rows, to_arrow
from policyextract.models import Failure
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.patterns import PatternSet
from policyextract.reading import DEFAULT_MAX_BYTES, METADATA_FILE, is_url, load_metadata
from policyextract.runs.settings import RunSettings
from policyextract.runs.writing import prepare_out_dir, write_manifest, file_sha256, locked_out_dir, remove_other_tables

# Document tables a partition writes as soon as it is extracted: their rows name no entity.
UNLINKED_TABLES = tuple(kind for kind in ("documents", *RECORD_TABLES) if kind not in ENTITY_TABLES)
FILES_PER_PARTITION = 1000  # default partition size on large corpora: few enough Parquet parts
STAGING = ".dask-staging"
RETRIES = 2  # a task that raises (a flaky file system) is run again; one whose worker dies is rescheduled by Dask


@dataclass(frozen=True)
class _Patterns:
    """The pattern set shipped to workers (once per worker, as one graph key), with its fingerprint."""

    fingerprint: str
    patterns: PatternSet


_pipelines: dict[tuple[str, int], Extractor] = {}
_pipelines_lock = threading.Lock()


def worker_pipeline(patterns: _Patterns) -> Extractor:
    """This worker thread's pipeline for these patterns, built on first use. Per thread because a spaCy
    pipeline is not made to be shared between threads; workers started with one thread build one."""
    key = (patterns.fingerprint, threading.get_ident())
    with _pipelines_lock:
        if key not in _pipelines:
            _pipelines[key] = Extractor(patterns.patterns)
        return _pipelines[key]


@dataclass
class _Partition:
    """What an extracted partition keeps for the corpus-wide steps (its other tables are written)."""

    index: int
    mentions: dict[str, list[dict[str, Any]]]  # rows of ENTITY_TABLES, with each document's entity ids
    entities: EntityTable
    facts: list[FactReport]
    report_jobs: list[int]  # the corpus-wide number of each fact report's file: the order of equal fact ids
    inputs: list[dict[str, Any]]
    failures: list[Failure]
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> tuple[list[dict[str, Any]], list[Failure], dict[str, int]]:
        return self.inputs, self.failures, self.counts


def _write_part(staging: Path, kind: str, index: int, table_rows: list[dict[str, Any]]) -> int:
    """One Parquet part of a table's dataset (written even when empty: every part has the schema)."""
    folder = staging / kind
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(to_arrow(kind, table_rows), folder / f"part-{index:05d}.parquet")
    return len(table_rows)


def _extract_partition(chunk: tuple[int, int, list[FileJob]], patterns: _Patterns, settings: EntitySettings,
                       staging: Path) -> _Partition:
    index, first_job, jobs = chunk
    extractor = worker_pipeline(patterns)
    direct: dict[str, list[dict[str, Any]]] = {kind: [] for kind in (*UNLINKED_TABLES, "failures")}
    part = _Partition(index, {kind: [] for kind in ENTITY_TABLES}, EntityTable(settings), [], [], [], [])
    for number, job in enumerate(jobs, start=first_job):
        result = process_file(job, extractor)
        part.inputs.append(input_row(result))
        if result.document is not None:
            part.entities.add(result.document)
            reports = fact_reports(result.document)
            part.facts += reports
            part.report_jobs += [number] * len(reports)
            for kind in UNLINKED_TABLES:
                direct[kind] += rows(kind, [result.document])
            for kind in ENTITY_TABLES:
                part.mentions[kind] += rows(kind, [result.document])
        if result.failure is not None:
            part.failures.append(result.failure)
            direct["failures"].append(failure_row(result.failure))
    part.counts = {kind: _write_part(staging, kind, index, table_rows) for kind, table_rows in direct.items()}
    return part


def _entity_table(parts: Iterable[_Partition], settings: EntitySettings) -> EntityTable:
    return _combine([p.entities for p in parts], settings)


def _combine(tables: Iterable[EntityTable], settings: EntitySettings) -> EntityTable:
    """Partial tables, given in corpus order (as Dask's tree reduction gives them), as one. A new table:
    inputs are never changed, so a retried task sees them as they were."""
    combined = EntityTable(settings)
    for table in tables:
        combined.update(table)
    return combined


@dataclass(frozen=True)
class _Resolution:
    """The corpus-wide entity merge, compactly: merged ids and canonical names, one entry per entity."""

    mapping: dict[str, str]
    canonical: dict[str, str]

    def remap(self, row: dict[str, Any]) -> dict[str, Any]:
        return remap_row(row, self.mapping, self.canonical)


def _resolve(table: EntityTable) -> _Resolution:
    return _Resolution(dict(table.merge()), table.canonical_names())


def _keyed_reports(part: _Partition, resolution: _Resolution) -> list[tuple[Any, tuple[str, int], Any]]:
    """(block, order, report) for each fact report: the order is `FactTable.rows`' (fact id, then corpus
    order for equal ids)."""
    return [(block_key(report, resolution.mapping), (report.fact_id, number), report)
            for report, number in zip(part.facts, part.report_jobs)]


def _block_facts(block: tuple[Any, list[tuple[Any, tuple[str, int], Any]]], resolution: _Resolution) -> list[dict[str, Any]]:
    key, reports = block
    ordered = [report for _, _, report in sorted(reports, key=itemgetter(1))]
    return fact_rows(key, merge_block(ordered), resolution.canonical)


def _write_mentions(parts: list[_Partition], resolution: _Resolution, staging: Path) -> dict[str, int]:
    (part,) = parts  # a bag partition: the one `_Partition` of one chunk
    return {kind: _write_part(staging, kind, part.index, [resolution.remap(row) for row in table_rows])
            for kind, table_rows in part.mentions.items()}


def _write_facts(index: int, table_rows: list[dict[str, Any]], staging: Path) -> dict[str, int]:
    return {"facts": _write_part(staging, "facts", index, sorted(table_rows, key=itemgetter("fact_id")))}


def _write_entities(table: EntityTable, staging: Path) -> dict[str, int]:
    return {"entities": _write_part(staging, "entities", 0, table.rows())}


def plan_corpus(corpus: Path | str | Sequence[Path | str], *, glob: str = "*.txt",
                max_bytes: int = DEFAULT_MAX_BYTES, timeout: float | None = None) -> tuple[list[FileJob], list[str]]:
    """`plan_jobs` for local folders and files, and the same jobs (same sources and doc ids) for fsspec
    URLs, in the order given."""
    entries = [corpus] if isinstance(corpus, (str, Path)) else list(corpus)
    if not any(is_url(entry) for entry in entries):  # one plan: doc ids unique across the folders
        planned, warnings = plan_jobs(corpus_paths(entries), glob=glob, max_bytes=max_bytes, timeout=timeout)
        return list(planned), warnings
    jobs: list[FileJob] = []
    warnings = []
    for entry in entries:
        planned, problems = (_plan_url(str(entry), glob, max_bytes, timeout) if is_url(entry)
                             else plan_jobs(corpus_paths(entry), glob=glob, max_bytes=max_bytes, timeout=timeout))
        jobs += planned
        warnings += problems
    return jobs, warnings


def _plan_url(url: str, glob: str, max_bytes: int, timeout: float | None) -> tuple[list[FileJob], list[str]]:
    from fsspec.core import url_to_fs

    fs, path = url_to_fs(url)
    path = path.rstrip("/")
    if fs.isfile(path):
        root, files = posixpath.dirname(path), [path]
    elif fs.isdir(path):
        # sorted as `corpus_file_names` sorts paths (folder by folder), so that files come in the local engine's order
        root, files = path, sorted((f for f in fs.glob(f"{path}/**/{glob}") if fs.isfile(f)), key=PurePosixPath)
    else:
        raise InputFileError(url, "no such file or directory")
    meta_path = f"{root}/{METADATA_FILE}"
    metadata, warnings = load_metadata(fs.unstrip_protocol(meta_path)) if fs.isfile(meta_path) else ({}, [])
    jobs = []
    for file in files:
        relative = file[len(root) + 1:]
        jobs.append(FileJob(fs.unstrip_protocol(file), *job_names(posixpath.basename(root), relative),
                         metadata.get(relative), max_bytes, timeout=timeout))
    return jobs, warnings


def _chunks(jobs: list[FileJob], partitions: int) -> list[tuple[int, int, list[FileJob]]]:
    """(partition index, number of its first job, its jobs): contiguous, so that partitions in index order
    are the corpus in order."""
    size = max(1, math.ceil(len(jobs) / partitions))
    return [(i, start, jobs[start:start + size]) for i, start in enumerate(range(0, max(len(jobs), 1), size))]


@contextmanager
def dask_client(scheduler: str | None = None, *, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new `LocalCluster` (one thread per worker process:
    the pipeline is Python-bound, so processes, not threads, give parallelism)."""
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster) as client:
        yield client


def run_corpus_dask(corpus: Path | str | Sequence[Path | str], out_dir: Path | str, *, scheduler: str | None = None,
                    partitions: int | None = None, patterns: PatternSet | Path | str | None = None,
                    settings: RunSettings | None = None, force: bool = False, workers: int | None = None,
                    retries: int = RETRIES, **options: Any) -> RunSummary:
    """Extract a corpus on Dask into Parquet datasets in `out_dir` (`<table>/part-NNNNN.parquet`).

    `scheduler` is the address of a running cluster ("tcp://host:8786"); without it a `LocalCluster` of
    `workers` processes is started. Local paths must be readable by every worker (and `out_dir` writable
    by every worker: on a cluster of several machines, a shared file system); corpus URLs are read by the
    workers through fsspec. `settings` (or its fields as keyword `options`) as for `run_corpus`; the
    formats are Parquet's, and processes, caching and resuming are the cluster's. Rows equal `run_corpus`'s.
    """
    if settings is None:
        settings = RunSettings(**{"formats": ("parquet",), **options})
    elif options:
        raise ArgumentError(next(iter(options)), "cannot be given beside settings: set it in the RunSettings")
    out = Path(out_dir)
    # validates every pattern file before any output is touched
    extractor = Extractor(patterns, entity_settings=settings.entities)
    jobs, warnings = plan_corpus(corpus, glob=settings.glob, max_bytes=settings.max_bytes, timeout=settings.timeout_per_file)
    with locked_out_dir(out):
        prepare_out_dir(out, force=force)
        staging = out / STAGING
        shutil.rmtree(staging, ignore_errors=True)  # left by an interrupted run
        try:
            with dask_client(scheduler, workers=workers) as client:
                n = partitions or _default_partitions(len(jobs), client)
                chunks = _chunks(jobs, n)
                inputs, failures, counts = _run_graph(client, chunks, extractor, staging, retries)
            manifest = run_manifest(extractor.patterns, {**settings.manifest(), "formats": ["parquet"], "engine": "dask",
                                                         "partitions": len(chunks)},
                                    {"files": len(jobs), **counts}, inputs, warnings)
            # every part with its sha256, so that readers can tell a folder whose commit was cut short
            manifest["outputs"] = {part.relative_to(staging).as_posix(): file_sha256(part)
                                   for kind in TABLES for part in sorted((staging / kind).glob("part-*.parquet"))}
            write_manifest(staging / "manifest.json", manifest)
            _move_into_place(staging, out)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputWriteError(f"{out}: outputs could not be written ({exc.strerror or exc}); temporary files were "
                                   "removed") from None
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    return RunSummary(out, len(jobs), counts["documents"], failures, counts, warnings)


def _default_partitions(files: int, client: Client) -> int:
    threads = sum(client.nthreads().values()) or 1
    return max(1, min(files, max(2 * threads, math.ceil(files / FILES_PER_PARTITION))))


def _run_graph(client: Client, chunks: list[tuple[int, int, list[FileJob]]], extractor: Extractor, staging: Path,
               retries: int) -> tuple[list[dict[str, Any]], list[Failure], dict[str, int]]:
    """Build and run the graph; the manifest's input rows, the failures and the row count of each table."""
    settings = extractor.entity_settings
    patterns = dask.delayed(_Patterns(extractor.fingerprint, extractor.patterns), pure=True)
    parts = db.from_sequence(chunks, npartitions=len(chunks)).map(_extract_partition, patterns, settings, staging)
    table_item = parts.reduction(partial(_entity_table, settings=settings), partial(_combine, settings=settings))
    resolution_item = table_item.apply(_resolve)
    blocks = parts.map(_keyed_reports, resolution_item).flatten().groupby(itemgetter(0), shuffle="tasks")
    facts = blocks.map(_block_facts, resolution_item).flatten()
    # Never optimized: fusing would copy a partition's extraction into every task that reads it.
    table, resolution = (item.to_delayed(optimize_graph=False) for item in (table_item, resolution_item))
    writes = [dask.delayed(_write_mentions)(p, resolution, staging) for p in parts.to_delayed(optimize_graph=False)]
    writes += [dask.delayed(_write_facts)(i, p, staging) for i, p in enumerate(facts.to_delayed(optimize_graph=False))]
    writes.append(dask.delayed(_write_entities)(table, staging))
    futures = client.compute([parts.map(_Partition.summary), writes], retries=retries, optimize_graph=False)
    summaries, written = client.gather(futures)
    counts = dict.fromkeys(TABLES, 0)
    for part_counts in [c for _, _, c in summaries] + written:
        for kind, n in part_counts.items():
            counts[kind] += n
    inputs = [row for part_inputs, _, _ in summaries for row in part_inputs]
    failures = [failure for _, part_failures, _ in summaries for failure in part_failures]
    return inputs, failures, counts


def _move_into_place(staging: Path, out: Path) -> None:
    """Replace each table's dataset folder, remove the tables of other formats an earlier run left,
    then move the manifest last: a run interrupted before this leaves the previous outputs as they
    were, one interrupted during it a folder that readers refuse (its tables do not match its
    manifest)."""
    for kind in TABLES:
        target = out / kind
        if target.exists():
            shutil.rmtree(target)
        (staging / kind).rename(target)
    remove_other_tables(out, TABLES)
    (staging / "manifest.json").replace(out / "manifest.json")
    staging.rmdir()
