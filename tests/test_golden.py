"""The extractor against the hand-written gold of the seed corpus: 100% or the suite fails.

The gold (tests/golden/*.json, format in tests/golden/README.md) was written by reading the articles,
never by saving extractor output. It is scored through `run_evaluation`, the code path of
`policyextract eval`, and every miss, spurious record and wrong value is listed on failure.
"""

from __future__ import annotations

import json

import pytest

from policyextract.evaluation import gold_files, run_evaluation
from policyextract.gold import GoldFile, read_gold_file

from .conftest import CORPUS, GOLDEN, ROOT


@pytest.fixture(scope="module")
def evaluation():
    return run_evaluation(GOLDEN, patterns=ROOT / "patterns")


def test_golden_covers_every_corpus_file():
    gold_paths = sorted(read_gold_file(p).path for p in gold_files(GOLDEN))
    assert gold_paths == sorted(p.relative_to(ROOT).as_posix() for p in CORPUS.glob("*.txt"))


def test_golden_has_no_differences(evaluation):
    assert evaluation.problems == []


@pytest.mark.parametrize("family", ["amounts", "percentages", "dates", "organizations", "jurisdictions", "facts",
                                    "publication"])
def test_golden_family_is_perfect(evaluation, family):
    row = evaluation.frame().loc[family]
    assert row["gold"] > 0
    assert (row["precision"], row["recall"], row["value_accuracy"]) == (1.0, 1.0, 1.0)


def test_golden_counts(evaluation):
    frame = evaluation.frame()
    assert frame["gold"].to_dict() == {"amounts": 23, "percentages": 3, "dates": 64, "organizations": 147,
                                       "jurisdictions": 148, "facts": 22, "publication": 11}


@pytest.mark.parametrize("family", ["organizations", "jurisdictions"])
def test_golden_entities_cluster_perfectly(evaluation, family):
    """One entity per real-world body: ChainMaker/Chang’An Chain, MIIT, the Conflux aliases merged, no false merges."""
    assert evaluation.frame().loc[family, "bcubed_f1"] == 1.0


def test_golden_schema_file_is_current():
    """tests/golden/schema.json is generated: `policyextract schema --gold > tests/golden/schema.json`."""
    assert json.loads((GOLDEN / "schema.json").read_text(encoding="utf-8")) == GoldFile.model_json_schema()
