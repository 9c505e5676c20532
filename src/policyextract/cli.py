"""The `policyextract` command: a thin layer over the library.

Exit codes: 0 every document processed; 1 some files failed (listed in `failures`); 2 usage or
configuration error (bad option, broken pattern file, unreadable metadata, outputs in the way, --out
locked by another run, outputs that cannot be written, an output folder that is torn or damaged).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from policyextract.version import __version__
from policyextract.annotations import FORMATS as ANNOTATION_FORMATS
from policyextract.annotations import LABELS as ANNOTATION_LABELS
from policyextract.annotations import export_annotations, import_annotations, parse_annotations, serialize_annotations
from policyextract.bench import run_benchmark
from policyextract.runs.corpus import extract_corpus, run_corpus
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.runs.settings import DEFAULT_TIMEOUT_PER_FILE, RunSettings
from policyextract.diffing import diff_outputs
from policyextract.evaluation import run_evaluation
from policyextract.gold import GoldFile
from policyextract.models import Document
from policyextract.errors import PolicyExtractError
from policyextract.extractor import Extractor, check_pattern_examples
from policyextract.explaining import explain
from policyextract.frames import TABLES, flatten
from policyextract.patterns import load_patterns
from policyextract.registry import FAMILIES
from policyextract.reading import DEFAULT_MAX_BYTES, is_url, read_source
from policyextract.report import write_report
from policyextract.runs.writing import parse_formats
from policyextract.table_schemas import table_json_schema

EXIT_FAILURES = 1
EXIT_CONFIG = 2

patterns_option = click.option(
    "--patterns", "patterns_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Pattern directory (default: the project's patterns/).")


def _fail(exc: PolicyExtractError) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(EXIT_CONFIG)


@click.group()
@click.version_option(__version__, prog_name="policyextract")
def main() -> None:
    """Extract verifiable policy facts from news articles."""


class CorpusParam(click.ParamType):
    """A local file or folder, which must exist, or an fsspec URL ("s3://bucket/news"), which the dask
    engine's workers read."""

    name = "corpus"
    _local = click.Path(exists=True, path_type=Path)

    def convert(self, value, param, ctx):
        return value if is_url(value) else self._local.convert(value, param, ctx)


@main.command()
@click.argument("corpus", nargs=-1, required=True, type=CorpusParam())
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the output tables and manifest.json.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine (--jobs processes); dask: a Dask cluster, writing Parquet datasets.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="--engine dask: the scheduler of a running cluster, e.g. tcp://host:8786 (default: start a LocalCluster).")
@click.option("--partitions", type=click.IntRange(min=1), default=None,
              help="--engine dask: partitions of the corpus (default: 2 per worker thread, at most 1000 files each).")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--format", "formats", default=None,
              help="Comma-separated output formats: jsonl, csv, parquet (default: jsonl; parquet with --engine dask).")
@click.option("--glob", default="*.txt", show_default=True, help="Which files of the folder are articles.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Files larger than this become failures instead of being read.")
@click.option("--timeout-per-file", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT_PER_FILE, show_default=True,
              help="Seconds of extraction one file may take before it becomes a failure (0: no limit).")
@click.option("--force", is_flag=True, help="Overwrite outputs already in --out (tables of formats not asked for are removed).")
@click.option("--resume", is_flag=True,
              help="Reuse the results of earlier runs into --out for files, metadata and patterns that are unchanged.")
@click.option("--no-cache", is_flag=True, help="Do not keep per-file results in --out/.cache for later --resume.")
@click.option("--fuzzy-cutoff", type=click.FloatRange(0, 100), default=EntitySettings.fuzzy_cutoff, show_default=True,
              help="rapidfuzz score at which a new name is taken as a known body.")
@click.option("--corpus-cutoff", type=click.FloatRange(0, 100), default=EntitySettings.corpus_cutoff, show_default=True,
              help="rapidfuzz score at which new names of two documents are one body.")
@patterns_option
def run(corpus: tuple[Path | str, ...], out_dir: Path, engine: str, scheduler: str | None, partitions: int | None,
        jobs: int, formats: str | None, glob: str, max_bytes: int, timeout_per_file: float, force: bool, resume: bool,
        no_cache: bool, fuzzy_cutoff: float, corpus_cutoff: float, patterns_dir: Path | None) -> None:
    """Extract every article of CORPUS (folders and files) into tables in --out.

    \b
    Examples:
        policyextract run corpus --out outputs --format jsonl,csv
        policyextract run s3://bucket/news --out /shared/out --engine dask --scheduler tcp://host:8786
    """
    try:
        _check_engine_options(engine, corpus, scheduler=scheduler, partitions=partitions, jobs=jobs, formats=formats,
                              resume=resume)
        settings = RunSettings(formats=formats or ("parquet" if engine == "dask" else "jsonl"), glob=glob,
                               max_bytes=max_bytes, jobs=jobs, resume=resume, cache=not no_cache,
                               timeout_per_file=timeout_per_file,
                               entities=EntitySettings(fuzzy_cutoff=fuzzy_cutoff, corpus_cutoff=corpus_cutoff))
        if engine == "dask":
            from policyextract.runs.dask_engine import run_corpus_dask  # an optional extra, imported when asked for

            summary = run_corpus_dask(corpus, out_dir, scheduler=scheduler, partitions=partitions,
                                      patterns=patterns_dir, settings=settings, force=force)
        else:
            summary = run_corpus(corpus, out_dir, settings=settings, patterns=patterns_dir, force=force,
                                 progress=sys.stderr.isatty())
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.counts.items() if kind != "failures")
    reused = f" ({summary.reused} files reused from the cache)" if resume else ""
    if summary.unchanged:
        reused = " (up to date: no file, pattern or setting changed since they were written)"
    click.echo(f"{summary.files} files → {counts} in {summary.out_dir}{reused}")
    if summary.failures:
        click.echo(f"{len(summary.failures)} files failed (see failures table):", err=True)
        for f in summary.failures:
            click.echo(f"  {f.source}: [{f.error}] {f.reason}", err=True)
        sys.exit(EXIT_FAILURES)


def _check_engine_options(engine: str, corpus: tuple[Path | str, ...], *, scheduler: str | None,
                          partitions: int | None, jobs: int, formats: str | None, resume: bool) -> None:
    """Options that only one engine has are usage errors with the other, not silently ignored."""
    if engine == "dask":
        wrong = [name for name, given in (("--jobs", jobs != 1), ("--resume", resume)) if given]
        if formats is not None and parse_formats(formats) != ("parquet",):
            wrong.append("--format other than parquet")
        hint = "the dask engine writes Parquet datasets; size it with --partitions and the cluster's workers"
    else:
        wrong = [name for name, given in (("--scheduler", scheduler), ("--partitions", partitions)) if given]
        wrong += [str(c) for c in corpus if is_url(str(c))]
        hint = "these need --engine dask"
    if wrong:
        raise click.UsageError(f"{', '.join(wrong)} with --engine {engine}: {hint}")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--published", default=None, metavar="DATE",
              help="Publication date (2023-06-12 or 'June 12, 2023'): relative dates resolve against it.")
@click.option("--explain", "explain_text", default=None, metavar="TEXT",
              help="Also list every pattern that matched where TEXT occurs, and what became of it.")
@click.option("--near", type=click.IntRange(min=0), default=None, metavar="OFFSET",
              help="Like --explain, for the 40 characters around character OFFSET.")
@patterns_option
def doc(file: Path, published: str | None, explain_text: str | None, near: int | None, patterns_dir: Path | None) -> None:
    """Print every record of one article FILE (- reads standard input), with the rule behind each.

    \b
    Examples:
        policyextract doc corpus/nanjing-metaverse.txt --published 2022-10-08
        echo "Seoul pledged 5 billion won by 2026." | policyextract doc - --explain "5 billion won"
    """
    try:
        extractor = Extractor(patterns_dir)
        text = sys.stdin.read() if str(file) == "-" else read_source(file).text
        document = extractor.extract(text, published=published, doc_id="stdin" if str(file) == "-" else file.stem,
                                     source=None if str(file) == "-" else str(file))
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for d in flatten([document]):
        click.echo(f"== {d.doc_id}  [{d.start}:{d.end}]  {d.title.text if d.title else ''}")
        if d.published or d.published_year:
            evidence = f" from {d.published_evidence!r}" if d.published_evidence else ""
            click.echo(f"   published {d.published or d.published_year} ({d.published_source}{evidence})")
        else:
            click.echo("   publication date unknown: relative dates stay unresolved (give --published)")
        for family in FAMILIES:
            for record in getattr(d, family.name):
                row = family.row(d.doc_id, record)
                shown = record.span.text if len(record.span.text) <= 40 else record.span.text[:37] + "..."
                click.echo(f"  {family.kind:<12} {record.span.start:>6}-{record.span.end:<6} {shown!r:44} "
                           f"{family.describe(row)}  ({record.rule})")
    windows = []
    if explain_text:
        at = text.find(explain_text)
        if at < 0:
            click.echo(f"--explain: {explain_text!r} does not occur in the text", err=True)
        while at >= 0:
            windows.append((at, at + len(explain_text)))
            at = text.find(explain_text, at + 1)
    if near is not None:
        windows.append((max(0, near - 20), near + 20))
    for start, end in windows:
        click.echo(f"-- candidates at {start}-{end} {text[start:end]!r}")
        for c in explain(extractor, text, document, start, end):
            click.echo(f"  {c.span.start:>6}-{c.span.end:<6} {c.span.text!r:40} {c.rule} [{c.label}]: {c.verdict}")


@main.group()
def patterns() -> None:
    """Work with pattern files."""


@patterns.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def patterns_check(directory: Path | None) -> None:
    """Validate the pattern files of DIRECTORY and run each pattern's examples."""
    try:
        pattern_set = load_patterns(directory)
        problems = check_pattern_examples(Extractor(pattern_set))
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for problem in problems:
        click.echo(problem, err=True)
    n = len(pattern_set.token_patterns) + len(pattern_set.furniture)
    click.echo(f"{n} patterns in {pattern_set.directory}: {len(problems)} problems")
    sys.exit(EXIT_CONFIG if problems else 0)


@main.command("eval")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
              help="Folder holding the annotated texts (default: each gold file's `path`).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the scores and every difference to this JSON file.")
@click.option("--min-f1", "min_f1", multiple=True, metavar="FAMILY=X",
              help="Exit 1 when FAMILY's F1 is below X (repeatable), e.g. --min-f1 amounts=0.95.")
@patterns_option
def eval_command(gold: Path, corpus: Path | None, json_path: Path | None, min_f1: tuple[str, ...],
                 patterns_dir: Path | None) -> None:
    """Score the extractor against GOLD (a gold file or folder) and list every difference.

    \b
    Example:
        policyextract eval tests/golden --min-f1 amounts=1 --min-f1 dates=0.95
    """
    try:
        thresholds = _thresholds(min_f1)
        evaluation = run_evaluation(gold, corpus=corpus, patterns=patterns_dir)
    except PolicyExtractError as exc:
        _fail(exc)
        return
    frame = evaluation.frame()
    click.echo(frame.to_string(float_format=lambda x: f"{x:.3f}"))
    for problem in evaluation.problems:
        click.echo(f"  {problem}")
    if json_path:
        json_path.write_text(json.dumps(evaluation.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    below = [f"{family} F1 {frame.loc[family, 'f1']:.3f} < {x}" for family, x in thresholds.items()
             if family not in frame.index or frame.loc[family, "f1"] < x]
    for line in below:
        click.echo(f"below threshold: {line}", err=True)
    sys.exit(EXIT_FAILURES if below else 0)


def _thresholds(values: tuple[str, ...]) -> dict[str, float]:
    thresholds = {}
    for value in values:
        family, _, number = value.partition("=")
        try:
            thresholds[family.strip()] = float(number)
        except ValueError:
            raise click.BadParameter(f"{value!r}: expected FAMILY=NUMBER, e.g. amounts=0.95", param_hint="--min-f1") from None
    return thresholds


@main.command()
@click.argument("old", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, file_okay=False, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Compare two output folders record by record: added (+), removed (-), changed (~).

    Exits 1 when they differ, 0 when they hold the same records.
    """
    try:
        diffs = diff_outputs(old, new)
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for d in diffs:
        click.echo(f"{d.table}: +{len(d.added)} -{len(d.removed)} ~{len(d.changed)}")
        for row in d.added:
            click.echo(f"  + {row.get('id', row.get('doc_id'))}  {row.get('text', row.get('title'))!r}")
        for row in d.removed:
            click.echo(f"  - {row.get('id', row.get('doc_id'))}  {row.get('text', row.get('title'))!r}")
        for before, after, fields in d.changed:
            changes = "; ".join(f"{f}: {before.get(f)!r} → {after.get(f)!r}" for f in fields)
            click.echo(f"  ~ {before.get('id', before.get('doc_id'))}  {changes}")
    sys.exit(EXIT_FAILURES if any(not d.empty for d in diffs) else 0)


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(ANNOTATION_FORMATS), default="spans", show_default=True,
              help="spans: text, spans and values as JSON lines; prodigy: with tokens and relations; doccano: "
                   "relation-extraction JSON lines; labelstudio: a JSON list of tasks with predictions.")
@click.option("--labels", default=None, metavar="LABEL,...",
              help=f"Only these labels (default: all of {','.join(ANNOTATION_LABELS)}).")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Output file (default: stdout).")
@patterns_option
def export(corpus: Path, fmt: str, labels: str | None, output, patterns_dir: Path | None) -> None:
    """Write the records of CORPUS (folder or file) for an annotation tool, one document a task.

    Every label travels (AMOUNT, PERCENTAGE, DATE, ORG, GPE, FACT) with its normalized values; links
    (a fact's quantity, time and actor, an amount's equivalent, a date's anchor) are relations where
    the tool has them. Correct the file in the tool, then `policyextract gold import` it.

    \b
    Examples:
        policyextract export corpus --format labelstudio -o tasks.json
        policyextract export corpus/nanjing-metaverse.txt --format prodigy --labels AMOUNT,DATE
    """
    try:
        extractor = Extractor(patterns_dir)

        def documents():  # extracted when the first item is written, after the options are checked
            yield from extract_corpus(corpus, patterns=extractor, progress=sys.stderr.isatty()).documents

        chosen = [label.strip() for label in labels.split(",") if label.strip()] if labels else None
        items = export_annotations(documents(), fmt, labels=chosen, tokenizer=extractor.nlp.tokenizer)
        for piece in serialize_annotations(items, fmt):
            output.write(piece)
    except PolicyExtractError as exc:
        _fail(exc)


@main.group()
def gold() -> None:
    """Work with gold (hand-annotated) files."""


@gold.command("import")
@click.argument("annotations_file", type=click.File("r", encoding="utf-8"))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for the gold files (one per source file).")
@click.option("--format", "fmt", type=click.Choice(["auto", *ANNOTATION_FORMATS]), default="auto", show_default=True,
              help="The tool's format; auto: found from each item's keys.")
def gold_import(annotations_file, out_dir: Path, fmt: str) -> None:
    """Turn a corrected annotation file (from `export`, saved by Prodigy, doccano or Label Studio) into gold files.

    \b
    Example:
        policyextract gold import tasks.json --out tests/golden/new
    """
    try:
        items = parse_annotations(annotations_file.read(), annotations_file.name)
        files = import_annotations(items, None if fmt == "auto" else fmt)
    except PolicyExtractError as exc:
        _fail(exc)
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    for gold_file in files:
        path = out_dir / (Path(gold_file.path).stem + ".json")
        path.write_text(gold_file.model_dump_json(indent=2) + "\n", encoding="utf-8")
        click.echo(f"{path}: {len(gold_file.documents)} documents")


@main.command()
@click.option("--gold", "of_gold", is_flag=True, help="The schema of gold files instead of output records.")
@click.option("--table", type=click.Choice(TABLES), default=None,
              help="The schema of one output table's rows (as in TABLE.jsonl) instead of documents.")
def schema(of_gold: bool, table: str | None) -> None:
    """Print a JSON Schema: of extracted documents, of gold files (--gold) or of an output table's rows (--table).

    \b
    Example:
        policyextract schema --table facts
    """
    if of_gold and table:
        raise click.UsageError("--gold and --table ask for different schemas: give one")
    document = table_json_schema(table) if table else (GoldFile if of_gold else Document).model_json_schema()
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@main.command()
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the report (default: OUT_DIR/report.html).")
def report(out_dir: Path, output: Path | None) -> None:
    """Write one self-contained HTML report of an output folder: facts, charts, highlighted texts, entities."""
    try:
        path = write_report(out_dir, output, progress=sys.stderr.isatty())
    except PolicyExtractError as exc:
        _fail(exc)
        return
    click.echo(f"report written to {path}")


@main.command()
@click.option("--documents", type=click.IntRange(min=1), default=1000, show_default=True, help="Bench corpus size.")
@click.option("--corpus", type=click.Choice(["generated", "seed"]), default="generated", show_default=True,
              help="generated: news-like articles whose vocabulary keeps growing; seed: paragraphs of corpus/ reshuffled.")
@click.option("--sizes", default="1000,10000", show_default=True,
              help="Corpus sizes for the growth figures (empty: none).")
@click.option("--jobs", type=click.IntRange(min=2), default=2, show_default=True, help="Processes for the parallel figure.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: also the dask engine's throughput on a 2-worker LocalCluster.")
@click.option("--repeats", type=click.IntRange(min=1), default=3, show_default=True,
              help="Paired runs of the reference, one process and --jobs (ratios are the medians of the pairs).")
@click.option("--startups", type=click.IntRange(min=0), default=5, show_default=True,
              help="Fresh interpreters timed for the start-up figure (0: none).")
def bench(documents: int, corpus: str, sizes: str, jobs: int, engine: str, repeats: int, startups: int) -> None:
    """Print throughput against spaCy's default tokenizer, --jobs speed-up, --resume speed-up, time by stage,
    start-up, growth with corpus size and peak memory, on a generated corpus (or one made from corpus/)."""
    try:
        run_benchmark(documents, corpus=corpus, sizes=tuple(int(s) for s in sizes.split(",") if s.strip()), jobs=jobs,
                      engine=engine, repeats=repeats, startups=startups, echo=click.echo)
    except PolicyExtractError as exc:  # the dask extra missing
        _fail(exc)
