"""Benchmark: throughput, parallel speed-up, memory, start-up and re-run figures, printed side by side.

`policyextract bench` writes a deterministic corpus, by default news-like articles whose vocabulary
keeps growing (`bench_corpus`; `corpus="seed"`: the seed articles' paragraphs shuffled with a fixed
seed, whose vocabulary stops growing after a few hundred documents), and measures in one run:
- the corpus's new distinct words per 1,000 tokens, as it goes on;
- the reference: `spacy.blank("en")`'s default tokenizer, with a fresh vocabulary, over the same texts;
- the whole pipeline (extract, entities, facts, writing outputs) in one process, and the ratio;
- the share of time of each stage (from a cProfile run, by module: reading, segmenting, tokenizing,
  matching, amounts, dates, entities, facts, writing …);
- `--jobs 2` against one process; a re-run with `--resume` against the first run. The reference, the
  one-process and the `--jobs` runs alternate `repeats` times, and each ratio is the median of its
  pairs (the speed of a shared machine drifts: a ratio of runs minutes apart would measure the drift);
- with `engine="dask"`: the dask engine on a 2-worker `LocalCluster` against one process (cold workers,
  which build their pipelines, then warm ones), and the cluster's start-up;
- start-up (import plus building the pipeline from `patterns/`): the median of `startups` fresh interpreters;
- throughput and peak RSS at growing corpus sizes, each run in a fresh interpreter (linear growth
  shows as flat chars/s, memory independent of corpus size as flat peak RSS).
"""

from __future__ import annotations

import cProfile
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import spacy

from policyextract.bench_corpus import generate_articles, new_word_rates, write_articles
from policyextract.runs.corpus import run_corpus
from policyextract.patterns import default_patterns_dir

CORPORA = ("generated", "seed")

# Stage of the code in a module: a family's package by the family, the rest by module name (spaCy's
# tokenizer and matchers by their extension's name).
FAMILY_STAGES = {"amounts": "amounts", "percentages": "amounts", "dates": "dates", "entities": "entities",
                 "facts": "facts"}
STAGES = {
    "reading": "reading", "segmenting": "segmenting", "tokenizer": "tokenizing", "tokenizing": "tokenizing",
    "matcher": "matching", "phrasematcher": "matching", "matching": "matching", "anchors": "matching",
    "quantities": "amounts", "numerals": "amounts", "sentences": "facts", "extractor": "assembling",
    "models": "assembling", "writing": "writing", "frames": "writing", "caching": "writing", "corpus": "run loop",
}


def stage_of(filename: str) -> str | None:
    """The stage of the code in a file (`FAMILY_STAGES`, `STAGES`), None for code of no stage."""
    path = Path(filename)
    if path.parent.parent.name == "families" and path.parent.name in FAMILY_STAGES:
        return FAMILY_STAGES[path.parent.name]
    return STAGES.get(path.stem.split(".")[0])


def seed_paragraph_articles(documents: int, *, seed: int = 0):
    """`documents` articles of 8 paragraphs each drawn from the seed articles of `corpus/`."""
    seeds = sorted((default_patterns_dir().parent / "corpus").glob("*.txt"))
    paragraphs = [p for path in seeds for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    rng = random.Random(seed)
    for _ in range(documents):
        yield "\n\n".join(rng.sample(paragraphs, k=min(8, len(paragraphs))))


def synthetic_corpus(folder: Path, documents: int, *, corpus: str = "generated", seed: int = 0) -> int:
    """Write `documents` articles of `corpus` (one of `CORPORA`) to `folder`; the characters written."""
    articles = generate_articles if corpus == "generated" else seed_paragraph_articles
    return write_articles(folder, articles(documents, seed=seed))


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def tokenizer_rate(texts: list[str]) -> float:
    """Characters per second of the reference: spaCy's default English tokenizer, fresh vocabulary."""
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return sum(map(len, texts)) / (time.perf_counter() - start)


def vocabulary_growth(texts: list[str], points: int = 5) -> list[tuple[int, float]]:
    """`new_word_rates` of the texts, words being the reference tokenizer's tokens."""
    nlp = spacy.blank("en")
    return new_word_rates(([token.text for token in doc] for doc in nlp.pipe(texts, batch_size=256)), points)


def pipeline_rate(folder: Path, out: Path, chars: int, *, jobs: int = 1, resume: bool = False) -> float:
    start = time.perf_counter()
    run_corpus(folder, out, jobs=jobs, force=True, resume=resume)
    return chars / (time.perf_counter() - start)


def dask_rates(folder: Path, out: Path, chars: int, *, workers: int = 2) -> tuple[float, float, float]:
    """(cluster start-up in seconds, chars/s with cold workers, chars/s with warm workers) of the dask
    engine on a LocalCluster of `workers` single-threaded processes."""
    from distributed import LocalCluster

    from policyextract.runs.dask_engine import run_corpus_dask

    start = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        started = time.perf_counter() - start
        rates = []
        for _ in range(2):
            run_start = time.perf_counter()
            run_corpus_dask(folder, out, scheduler=cluster.scheduler_address, force=True)
            rates.append(chars / (time.perf_counter() - run_start))
    return started, rates[0], rates[1]


def stage_shares(folder: Path, out: Path) -> dict[str, float]:
    """Share of a one-process run's time by stage, from a cProfile run (see `stage_seconds`)."""
    profile = cProfile.Profile()
    profile.enable()
    run_corpus(folder, out, force=True, cache=False)
    profile.disable()
    seconds = stage_seconds(pstats.Stats(profile).stats)  # type: ignore[attr-defined]
    total = sum(seconds.values()) or 1
    return {stage: s / total for stage, s in sorted(seconds.items(), key=lambda kv: -kv[1])}


Function = tuple[str, int, str]  # cProfile's key: (file, line, name)


def stage_seconds(stats: dict[Function, tuple]) -> dict[str, float]:
    """Seconds by stage (`STAGES`, by module) of cProfile statistics. The time of code of no stage
    (pydantic, a spaCy `Token`, `json`, built-ins) goes to the stages that called it, in proportion to
    the time it spent for each caller, which cProfile records per caller."""
    memo: dict[Function, dict[str, float]] = {}

    def stages_of(func: Function, seen: frozenset[Function]) -> dict[str, float]:
        if func in memo:
            return memo[func]
        stage = stage_of(func[0])
        if stage is not None:
            return {stage: 1.0}
        callers = {c: timing[2] for c, timing in stats[func][4].items() if c != func and c in stats}
        if not callers:
            return {"other": 1.0}
        # a caller already on the path is a cycle: it gets its time from the callers that entered it
        found = {c: stages_of(c, seen | {func}) for c in callers if c not in seen}
        weights = {c: callers[c] for c, shares in found.items() if shares}
        total = sum(weights.values())
        shares: dict[str, float] = defaultdict(float)
        for caller, weight in weights.items():
            for name, share in found[caller].items():
                shares[name] += share * weight / total if total else share / len(weights)
        if seen:  # inside a cycle the result depends on the path taken: only a top-level one is kept
            return shares
        memo[func] = shares or {"other": 1.0}
        return memo[func]

    seconds: dict[str, float] = defaultdict(float)
    for func, (_, _, tottime, _, _) in stats.items():
        for stage, share in stages_of(func, frozenset()).items():
            seconds[stage] += tottime * share
    return dict(seconds)


def startup_seconds(runs: int) -> list[tuple[float, float]]:
    """(start-up, of which building the pipeline) in seconds of `runs` fresh interpreters, by start-up."""
    code = ("import time; t=time.perf_counter(); import policyextract; b=time.perf_counter(); policyextract.Extractor(); "
            "e=time.perf_counter(); print(e-t, e-b)")
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
               for _ in range(runs)]
    return sorted((float(total), float(build)) for total, build in outputs)


def _listed(values: list[float], unit: float, spec: str) -> str:
    return ", ".join(format(v / unit, spec) for v in values)


def run_benchmark(documents: int = 1000, *, corpus: str = "generated", sizes: tuple[int, ...] = (1000, 10000),
                  jobs: int = 2, engine: str = "local", repeats: int = 3, startups: int = 5,
                  echo=print) -> dict[str, float]:
    """Run every measurement and print it; the figures as a dict. `sizes=()` and `startups=0` leave out
    the growth runs and the start-up interpreters."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "corpus"
        chars = synthetic_corpus(folder, documents, corpus=corpus)
        texts = _texts(folder)
        growth = vocabulary_growth(texts)
        figures["new_words_per_1000_tokens"] = growth[-1][1]
        echo(f"corpus ({corpus}): {documents} documents, {chars / 1e6:.2f} M characters, {growth[-1][0]:,} tokens; "
             "new words per 1,000 tokens: " + ", ".join(f"{rate:.1f} by {tokens:,}" for tokens, rate in growth))
        # Reference, one process and --jobs run in turn, and each ratio is the median of its pairs.
        reference, one, parallel = [], [], []
        for i in range(repeats):
            reference.append(tokenizer_rate(texts))
            one.append(pipeline_rate(folder, root / f"out1-{i}", chars))
            if i == 0:
                figures["resume_speedup"] = pipeline_rate(folder, root / "out1-0", chars, resume=True) / one[0]
            parallel.append(pipeline_rate(folder, root / f"out2-{i}", chars, jobs=jobs))
        figures["tokenizer_chars_per_s"] = statistics.median(reference)
        figures["pipeline_chars_per_s"] = statistics.median(one)
        figures["ratio"] = statistics.median(p / r for p, r in zip(one, reference))
        figures["jobs_speedup"] = statistics.median(p / o for p, o in zip(parallel, one))
        echo(f"reference tokenizer (spacy.blank('en')): {figures['tokenizer_chars_per_s'] / 1e6:.2f} M chars/s "
             f"(runs: {_listed(reference, 1e6, '.2f')})")
        echo(f"pipeline, 1 process: {figures['pipeline_chars_per_s'] / 1e6:.3f} M chars/s; "
             f"{figures['ratio']:.3f} × the reference, median of {repeats} pairs (runs: {_listed(one, 1e6, '.3f')})")
        echo(f"re-run with --resume: {figures['resume_speedup']:.1f} × faster")
        echo(f"--jobs {jobs}: {figures['jobs_speedup']:.2f} × one process, median of {repeats} pairs "
             f"(runs: {_listed(parallel, 1e6, '.3f')} M chars/s)")
        if engine == "dask":
            started, cold, warm = dask_rates(folder, root / "out-dask", chars)
            figures.update(dask_startup_s=started, dask_chars_per_s=cold, dask_warm_chars_per_s=warm)
            echo(f"--engine dask, 2-worker LocalCluster: {cold / 1e6:.3f} M chars/s = "
                 f"{cold / figures['pipeline_chars_per_s']:.2f} × one process; warm workers {warm / 1e6:.3f} M chars/s "
                 f"= {warm / figures['pipeline_chars_per_s']:.2f} ×; cluster start-up {started:.1f} s")
        shares = stage_shares(folder, root / "out3")
        echo("time by stage: " + ", ".join(f"{stage} {share:.0%}" for stage, share in shares.items()))
        if startups:
            times = startup_seconds(startups)
            figures["startup_s"], figures["startup_build_s"] = times[len(times) // 2]
            echo(f"start-up (import + build from patterns/): {figures['startup_s']:.2f} s, median of {len(times)} "
                 f"fresh interpreters, of which the build {figures['startup_build_s']:.2f} s "
                 f"(runs: {', '.join(f'{total:.2f} ({build:.2f})' for total, build in times)} s)")
        for size in sizes:
            folder = root / f"growth-{size}"
            size_chars = synthetic_corpus(folder, size, corpus=corpus)
            seconds, peak = measured_run(folder, root / f"out-{size}")
            shutil.rmtree(folder)
            shutil.rmtree(root / f"out-{size}")
            figures[f"chars_per_s_{size}"], figures[f"peak_rss_mb_{size}"] = size_chars / seconds, peak
            echo(f"growth: {size} documents ({size_chars / 1e6:.1f} M chars) at {size_chars / seconds / 1e6:.3f} M chars/s, "
                 f"peak RSS {peak:.0f} MB")
        if len(sizes) > 1:
            small, large = figures[f"peak_rss_mb_{min(sizes)}"], figures[f"peak_rss_mb_{max(sizes)}"]
            figures["peak_rss_growth"] = large / small - 1
            echo(f"peak RSS, {max(sizes)} against {min(sizes)} documents: {figures['peak_rss_growth']:+.1%}")
    return figures


# The peak RSS of a run in a fresh interpreter. On Linux `ru_maxrss` survives exec (a child started by
# a large process reports the parent's size), so the run's own high-water mark is read from /proc.
_PEAK_RSS = """
def peak_rss_mb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""


def measured_run(folder: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of a one-process run over `folder` in a fresh interpreter, so that the
    peak is that run's alone."""
    code = ("import resource, sys, time\nfrom policyextract.runs.corpus import run_corpus\n" + _PEAK_RSS +
            "start = time.perf_counter()\nrun_corpus(sys.argv[1], sys.argv[2], force=True)\n"
            "print(time.perf_counter() - start, peak_rss_mb())")
    result = subprocess.run([sys.executable, "-c", code, str(folder), str(out)], capture_output=True, text=True, check=True)
    seconds, peak = map(float, result.stdout.split())
    return seconds, peak
