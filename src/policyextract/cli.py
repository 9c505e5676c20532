"""The `policyextract` command: a thin layer over the library.

Exit codes: 0 every document processed; 1 some files failed (listed in `failures`); 2 usage or
configuration error (bad option, broken pattern file, unreadable metadata, outputs in the way).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from policyextract import __version__
from policyextract.corpus import run_corpus
from policyextract.errors import PolicyExtractError
from policyextract.extractor import Extractor, check_pattern_examples
from policyextract.patterns import load_patterns
from policyextract.reading import DEFAULT_MAX_BYTES, read_source
from policyextract.writing import parse_formats

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


@main.command()
@click.argument("corpus", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for the output tables and manifest.json.")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Worker processes.")
@click.option("--format", "formats", default="jsonl", show_default=True,
              help="Comma-separated output formats: jsonl, csv, parquet.")
@click.option("--glob", default="*.txt", show_default=True, help="Which files of the folder are articles.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Files larger than this become failures instead of being read.")
@click.option("--force", is_flag=True, help="Overwrite outputs already in --out.")
@patterns_option
def run(corpus: Path, out_dir: Path, jobs: int, formats: str, glob: str, max_bytes: int, force: bool,
        patterns_dir: Path | None) -> None:
    """Extract every article of CORPUS (a folder or a file) into tables in --out.

    \b
    Example:
        policyextract run corpus --out outputs --format jsonl,csv
    """
    try:
        summary = run_corpus(corpus, out_dir, formats=parse_formats(formats), jobs=jobs, patterns=patterns_dir,
                             glob=glob, max_bytes=max_bytes, force=force, progress=sys.stderr.isatty())
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    counts = ", ".join(f"{n} {kind}" for kind, n in summary.counts.items() if kind != "failures")
    click.echo(f"{summary.files} files → {counts} in {summary.out_dir}")
    if summary.failures:
        click.echo(f"{len(summary.failures)} files failed (see failures table):", err=True)
        for f in summary.failures:
            click.echo(f"  {f.source}: [{f.error}] {f.reason}", err=True)
        sys.exit(EXIT_FAILURES)


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@patterns_option
def doc(file: Path, patterns_dir: Path | None) -> None:
    """Print the records of one article FILE, with the rule behind each (for pattern debugging)."""
    try:
        extractor = Extractor(patterns_dir)
        document = extractor.extract(read_source(file).text, doc_id=file.stem, source=str(file))
    except PolicyExtractError as exc:
        _fail(exc)
        return
    for d in [document, *document.related]:
        click.echo(f"== {d.doc_id}  [{d.start}:{d.end}]  {d.title.text if d.title else ''}")
        for a in d.amounts:
            flags = " ".join(f for f in (a.bound and f"bound={a.bound}", a.approximate and "approx",
                                         a.per and f"per={a.per}", a.range and f"range={a.range.low}-{a.range.high}") if f)
            click.echo(f"  amount      {a.span.start:>6}-{a.span.end:<6} {a.span.text!r:32} {a.currency or '-':4} {a.value} {flags}  ({a.rule})")
        for p in d.percentages:
            click.echo(f"  percentage  {p.span.start:>6}-{p.span.end:<6} {p.span.text!r:32} {p.value}%  ({p.rule})")


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
