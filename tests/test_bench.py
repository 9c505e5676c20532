"""Benchmark: time in code of no stage goes to the stages that called it; the generated corpus keeps
meeting new words, the same for a seed; a small run reports every figure."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from policyextract.bench import run_benchmark, stage_of, stage_seconds
from policyextract.bench_corpus import NamePool, generate_articles, new_word_rates

MATCH = ("/src/policyextract/matching.py", 1, "match")
FACTS = ("/src/policyextract/families/facts/assembly.py", 1, "assemble")
TOKEN = ("spacy/tokens/token.pyx", 1, "Token")
VALIDATE = ("~", 0, "<pydantic validate>")
HELPER = ("/lib/helper.py", 1, "helper")
LOOP_A = ("/lib/a.py", 1, "a")
LOOP_B = ("/lib/b.py", 1, "b")


def stat(tottime: float, **callers: tuple) -> tuple:
    """cProfile's (calls, primitive calls, tottime, cumtime, callers); callers map to their own 4-tuples."""
    return (1, 1, tottime, tottime, {caller: (1, 1, t, t) for caller, t in callers.values()})


CASES = [
    ("a stage's own code", {MATCH: stat(2.0)}, {"matching": 2.0}),
    ("split by the time spent for each caller",
     {MATCH: stat(1.0), FACTS: stat(1.0), TOKEN: stat(4.0, m=(MATCH, 3.0), f=(FACTS, 1.0))},
     {"matching": 4.0, "facts": 2.0}),
    ("through library code to the stage above",
     {FACTS: stat(0.0), HELPER: stat(1.0, f=(FACTS, 1.0)), VALIDATE: stat(2.0, h=(HELPER, 2.0))}, {"facts": 3.0}),
    ("no caller: other", {VALIDATE: stat(1.5)}, {"other": 1.5}),
    ("recursion and a cycle end at the stage that entered them",
     {MATCH: stat(0.0), LOOP_A: stat(1.0, m=(MATCH, 0.5), b=(LOOP_B, 0.5), a=(LOOP_A, 0.2)),
      LOOP_B: stat(1.0, a=(LOOP_A, 1.0))}, {"matching": 2.0}),
]


@pytest.mark.parametrize("stats, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_stage_seconds_attribute_library_time_to_calling_stages(stats, expected):
    assert stage_seconds(stats) == pytest.approx(expected)


STAGE_FILES = [
    ("a family's module", "/src/policyextract/families/dates/resolution.py", "dates"),
    ("percentages count as amounts", "/src/policyextract/families/percentages/interpreting.py", "amounts"),
    ("a shared family module", "/src/policyextract/families/quantities.py", "amounts"),
    ("a corpus run", "/src/policyextract/runs/corpus.py", "run loop"),
    ("spaCy's tokenizer extension", "spacy/tokenizer.cpython-311-x86_64-linux-gnu.so", "tokenizing"),
    ("library code", "/lib/python3.11/json/encoder.py", None),
]


@pytest.mark.parametrize("filename, expected", [c[1:] for c in STAGE_FILES], ids=[c[0] for c in STAGE_FILES])
def test_stage_of_a_file(filename, expected):
    assert stage_of(filename) == expected


RATES = [
    ("every word new", [["a", "b"], ["c", "d"]], 2, [(2, 1000.0), (4, 1000.0)]),
    ("repeats are not new", [["a", "b"], ["a", "c"]], 2, [(2, 1000.0), (4, 500.0)]),
    ("a stretch spans documents", [["a"], ["a"], ["b", "c"], ["b"]], 2, [(2, 500.0), (5, 2000 / 3)]),
    ("nothing new", [["x"], ["x"], ["x"]], 1, [(3, 1000 / 3)]),
]


@pytest.mark.parametrize("documents, points, expected", [c[1:] for c in RATES], ids=[c[0] for c in RATES])
def test_new_word_rates(documents, points, expected):
    assert new_word_rates(iter(documents), points) == [(tokens, pytest.approx(rate)) for tokens, rate in expected]


def test_generated_articles_are_the_same_for_a_seed_and_differ_across_seeds():
    first = list(generate_articles(5, seed=3))
    assert first == list(generate_articles(5, seed=3))
    assert first != list(generate_articles(5, seed=4))


def test_generated_vocabulary_keeps_growing():
    words = [re.findall(r"\w+", text) for text in generate_articles(600, seed=0)]
    rates = new_word_rates(iter(words), 3)
    # Heaps' law: the rate of new words falls but stays far from zero (an archive, not a word list).
    assert rates[0][1] > rates[-1][1] > 5


def test_name_pool_repeats_names_at_a_zipf_like_rate():
    pool = NamePool(lambda rng: f"name{rng.random()}")
    rng = random.Random(0)
    draws = [pool.draw(rng) for _ in range(5000)]
    counts = sorted(Counter(draws).values(), reverse=True)
    assert 200 < len(counts) < 2000  # new names keep arriving, fewer than one a draw
    assert counts[0] > 20 * counts[len(counts) // 2]  # a few names take many of the mentions


def test_a_small_bench_run_reports_every_figure():
    lines = []
    figures = run_benchmark(6, sizes=(), repeats=1, startups=0, echo=lines.append)
    assert {"new_words_per_1000_tokens", "tokenizer_chars_per_s", "pipeline_chars_per_s", "ratio", "jobs_speedup",
            "resume_speedup"} <= set(figures)
    assert 0 < figures["ratio"] < 1 and figures["new_words_per_1000_tokens"] > 20
    assert lines[0].startswith("corpus (generated): 6 documents")
