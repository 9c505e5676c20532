"""Benchmark: throughput, parallel speed-up, memory, start-up and re-run figures, printed side by side.

`policyextract bench` builds a deterministic synthetic corpus from the seed articles' paragraphs
(shuffled with a fixed seed, each document a new mix), and measures in one run:
- the floor: `spacy.blank("en")`'s tokenizer over the same texts, in characters per second;
- the whole pipeline (extract, entities, facts, writing outputs) in one process, and the ratio;
- the share of time of each stage (from a cProfile run, by module: reading, segmenting, tokenizing,
  matching, amounts, dates, entities, facts, writing …);
- `--jobs 2` against one process; a re-run with `--resume` against the first run. Speeds are the best
  of `repeats` runs, one-process and `--jobs` runs alternating (the machine's speed may drift);
- with `engine="dask"`: the dask engine on a 2-worker `LocalCluster` against one process (cold workers,
  which build their pipelines, then warm ones), and the cluster's start-up;
- start-up (import plus building the pipeline from `patterns/`): the median of five fresh interpreters;
- throughput and peak RSS at growing corpus sizes, each run in a fresh interpreter (linear growth
  shows as flat chars/s, memory independent of corpus size as flat peak RSS).
"""

from __future__ import annotations

import cProfile
import pstats
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import spacy

from policyextract.runs.corpus import run_corpus
from policyextract.patterns import default_patterns_dir

# Stage of the code in a module (ours by name; spaCy's tokenizer and matchers by their extension's name).
STAGES = {
    "reading": "reading", "segmenting": "segmenting", "tokenizer": "tokenizing", "tokenizing": "tokenizing",
    "matcher": "matching", "phrasematcher": "matching", "matching": "matching", "anchors": "matching",
    "amounts": "amounts", "percentages": "amounts", "quantities": "amounts", "numerals": "amounts", "dates": "dates",
    "date_expressions": "dates", "date_resolution": "dates", "publication": "dates", "entities": "entities",
    "gazetteer": "entities", "normalizing": "entities", "entity_table": "entities", "facts": "facts",
    "sentences": "facts", "fact_table": "facts", "extractor": "assembling", "models": "assembling",
    "writing": "writing", "frames": "writing", "caching": "writing", "corpus": "run loop",
}


def synthetic_corpus(folder: Path, documents: int, *, seed: int = 0) -> int:
    """Write `documents` articles mixed from the seed paragraphs; the number of characters written."""
    seeds = sorted((default_patterns_dir().parent / "corpus").glob("*.txt"))
    paragraphs = [p for path in seeds for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.strip()) > 80]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i in range(documents):
        text = "\n\n".join(rng.sample(paragraphs, k=min(8, len(paragraphs))))
        (folder / f"article-{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def _texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]


def tokenizer_rate(texts: list[str]) -> float:
    nlp = spacy.blank("en")
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return sum(map(len, texts)) / (time.perf_counter() - start)


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
        stage = STAGES.get(Path(func[0]).stem.split(".")[0])
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


def startup_seconds(runs: int = 5) -> list[tuple[float, float]]:
    """(start-up, of which building the pipeline) in seconds of `runs` fresh interpreters, by start-up."""
    code = ("import time; t=time.perf_counter(); import policyextract; b=time.perf_counter(); policyextract.Extractor(); "
            "e=time.perf_counter(); print(e-t, e-b)")
    outputs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
               for _ in range(runs)]
    return sorted((float(total), float(build)) for total, build in outputs)


def _listed(values: list[float], unit: float, spec: str) -> str:
    return ", ".join(format(v / unit, spec) for v in values)


def run_benchmark(documents: int = 1000, *, sizes: tuple[int, ...] = (1000, 10000), jobs: int = 2,
                  engine: str = "local", repeats: int = 2, echo=print) -> dict[str, float]:
    """Run every measurement and print it; the figures as a dict."""
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        chars = synthetic_corpus(corpus, documents)
        texts = _texts(corpus)
        echo(f"corpus: {documents} documents, {chars / 1e6:.2f} M characters")
        # The machine's speed may drift during a run: each speed is the best of `repeats` runs, and the
        # one-process and --jobs runs alternate, so that a slow minute does not decide a ratio.
        figures["tokenizer_chars_per_s"] = max(tokenizer_rate(texts) for _ in range(repeats))
        one, parallel = [], []
        for i in range(repeats):
            one.append(pipeline_rate(corpus, root / f"out1-{i}", chars))
            if i == 0:
                figures["resume_speedup"] = pipeline_rate(corpus, root / "out1-0", chars, resume=True) / one[0]
            parallel.append(pipeline_rate(corpus, root / f"out2-{i}", chars, jobs=jobs))
        figures["pipeline_chars_per_s"] = max(one)
        figures["ratio"] = figures["pipeline_chars_per_s"] / figures["tokenizer_chars_per_s"]
        figures["jobs_speedup"] = max(parallel) / figures["pipeline_chars_per_s"]
        echo(f"bare tokenizer: {figures['tokenizer_chars_per_s'] / 1e6:.2f} M chars/s (best of {repeats})")
        echo(f"pipeline, 1 process: {figures['pipeline_chars_per_s'] / 1e6:.3f} M chars/s "
             f"= {figures['ratio']:.2f} × tokenizer (runs: {_listed(one, 1e6, '.3f')} M chars/s)")
        echo(f"re-run with --resume: {figures['resume_speedup']:.1f} × faster")
        echo(f"--jobs {jobs}: {figures['jobs_speedup']:.2f} × one process (runs: {_listed(parallel, 1e6, '.3f')} M chars/s)")
        if engine == "dask":
            started, cold, warm = dask_rates(corpus, root / "out-dask", chars)
            figures.update(dask_startup_s=started, dask_chars_per_s=cold, dask_warm_chars_per_s=warm)
            echo(f"--engine dask, 2-worker LocalCluster: {cold / 1e6:.3f} M chars/s = "
                 f"{cold / figures['pipeline_chars_per_s']:.2f} × one process; warm workers {warm / 1e6:.3f} M chars/s "
                 f"= {warm / figures['pipeline_chars_per_s']:.2f} ×; cluster start-up {started:.1f} s")
        shares = stage_shares(corpus, root / "out3")
        echo("time by stage: " + ", ".join(f"{stage} {share:.0%}" for stage, share in shares.items()))
        startups = startup_seconds()
        figures["startup_s"], figures["startup_build_s"] = startups[len(startups) // 2]
        echo(f"start-up (import + build from patterns/): {figures['startup_s']:.2f} s, median of {len(startups)} "
             f"fresh interpreters, of which the build {figures['startup_build_s']:.2f} s "
             f"(runs: {', '.join(f'{total:.2f} ({build:.2f})' for total, build in startups)} s)")
        for size in sizes:
            folder = root / f"growth-{size}"
            size_chars = synthetic_corpus(folder, size, seed=size)
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
