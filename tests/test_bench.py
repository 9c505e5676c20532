"""Benchmark figures: time in code of no stage goes to the stages that called it."""

from __future__ import annotations

import pytest

from policyextract.bench import stage_seconds

MATCH = ("/src/policyextract/matching.py", 1, "match")
FACTS = ("/src/policyextract/facts.py", 1, "facts")
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
