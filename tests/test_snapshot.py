"""Regression snapshot: the committed `outputs/` must be exactly what the code produces from `corpus/`.

This detects change, not correctness (the gold says what is right). After a deliberate change, rewrite
the snapshot with `make run` and review `git diff outputs/` like code.
"""

from __future__ import annotations

import gc

import pytest

from policyextract.runs.corpus import run_corpus

from .conftest import CORPUS, OUTPUTS, ROOT

SNAPSHOT_FORMATS = ("jsonl", "csv")  # what `make run` writes; keep in step with the Makefile


@pytest.fixture(scope="module")
def fresh_outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("outputs")
    run_corpus(CORPUS, out, formats=SNAPSHOT_FORMATS, patterns=ROOT / "patterns")
    assert gc.get_freeze_count() == 0  # what a run freezes for its length is unfrozen at its end
    return out


def test_snapshot_lists_the_same_files(fresh_outputs):
    committed = sorted(p.name for p in OUTPUTS.iterdir() if p.suffix in {".jsonl", ".csv", ".json"})
    assert committed == sorted(p.name for p in fresh_outputs.iterdir() if p.is_file())


@pytest.mark.parametrize("name", sorted(p.name for p in OUTPUTS.glob("*") if p.suffix in {".jsonl", ".csv", ".json"}))
def test_snapshot_file_is_unchanged(fresh_outputs, name):
    assert (fresh_outputs / name).read_text(encoding="utf-8") == (OUTPUTS / name).read_text(encoding="utf-8"), (
        f"outputs/{name} differs from what the code produces; if the change is intended, run `make run` "
        "and review `git diff outputs/`")


def test_runs_are_byte_identical_across_jobs(tmp_path, fresh_outputs):
    run_corpus(CORPUS, tmp_path, formats=SNAPSHOT_FORMATS, patterns=ROOT / "patterns", jobs=2)
    for p in fresh_outputs.iterdir():
        if p.is_file():
            assert (tmp_path / p.name).read_bytes() == p.read_bytes(), p.name
    assert gc.get_freeze_count() == 0  # and so are the objects frozen for the forked workers


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_freeze_the_program_made_is_left_as_it_is(tmp_path, jobs):
    gc.freeze()
    frozen = gc.get_freeze_count()
    try:
        run_corpus(CORPUS, tmp_path, patterns=ROOT / "patterns", jobs=jobs)
        assert gc.get_freeze_count() > frozen // 2  # still frozen (less what the run let go of)
    finally:
        gc.unfreeze()
