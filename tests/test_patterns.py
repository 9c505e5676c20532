"""Pattern files: every example holds, and every kind of broken file fails with file, line and reason."""

from __future__ import annotations

import json
import shutil

import pytest

from policyextract.errors import PatternFileError
from policyextract.extractor import Extractor, check_pattern_examples
from policyextract.patterns import load_patterns

from .conftest import ROOT


def test_patterns_every_example_and_counterexample_holds(extractor):
    assert check_pattern_examples(extractor) == []


def test_patterns_ids_are_unique_and_namespaced():
    patterns = load_patterns(ROOT / "patterns")
    ids = [p.line.id for p in patterns.token_patterns] + [r.id for r in patterns.furniture]
    assert len(ids) == len(set(ids))
    assert all(p.line.id.startswith(p.family + ".") for p in patterns.token_patterns)


GOOD_AMOUNT = {"id": "amounts.test", "label": "AMOUNT", "pattern": [{"LOWER": "x"}], "examples": ["x"]}

# (file, line appended to it, text the error must contain)
BROKEN_LINES = [
    ("amounts.jsonl", "{not json", "invalid JSON"),
    ("amounts.jsonl", "// a comment", 'a JSON-lines file has no // comments: write {"comment": "..."}'),
    ("amounts.jsonl", json.dumps([1, 2]), "each line must be a JSON object"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "colour": "red"}), "[colour] Extra inputs are not permitted"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "label": "MONEY"}), "label 'MONEY' not one of ['AMOUNT']"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "id": "Amounts-Test"}), "must be dotted lowercase"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "id": "percentages.x"}), "must start with 'amounts.'"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "examples": []}), "[examples]"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "pattern": [{"LOWR": "x"}]}), "invalid token pattern 'amounts.test'"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "pattern": [{"TERMS": "colours"}]}), "unknown lexicon class"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "id": "amounts.sign_number"}), "duplicate id 'amounts.sign_number'"),
    ("dates.jsonl", json.dumps({"id": "dates.test", "label": "DATE", "pattern": [{"LOWER": "x"}], "examples": ["x"],
                                "attrs": {"form": "ful_date"}}), "[attrs -> form] Value error, unknown date form 'ful_date'"),
    ("dates.jsonl", json.dumps({"id": "dates.test", "label": "DATE", "pattern": [{"LOWER": "x"}], "examples": ["x"]}),
     "[attrs] a DATE line needs form"),
    ("dates.jsonl", json.dumps({"id": "dates.test", "label": "RELATION", "pattern": [{"LOWER": "x"}], "examples": ["x"],
                                "attrs": {"relation": "around"}}), "[attrs -> relation]"),
    ("organizations.jsonl", json.dumps({"id": "organizations.test", "label": "ORG", "pattern": [{"LOWER": "x"}],
                                        "examples": ["x"], "attrs": {"from": "name"}}), "[attrs -> from] Extra inputs"),
    ("facts.jsonl", json.dumps({"id": "facts.test", "label": "CUE", "pattern": [{"LOWER": "x"}], "examples": ["x"],
                                "attrs": {"status": "promised"}}), "[attrs -> status]"),
    ("modifiers.jsonl", json.dumps({"id": "modifiers.test", "label": "PER", "pattern": [{"LOWER": "x"}], "examples": ["x"],
                                    "attrs": {"position": "after"}}), "[attrs] a PER line needs per"),
    ("amounts.jsonl", json.dumps({**GOOD_AMOUNT, "attrs": {"form": "x"}}), "[attrs -> form] Extra inputs"),
    ("lexicon.jsonl", json.dumps({"term": "quid", "class": "slang"}), "unknown class 'slang'"),
    ("lexicon.jsonl", json.dumps({"term": "lakh", "class": "scale", "value": "lots"}), "scale value 'lots' is not a number"),
    ("lexicon.jsonl", json.dumps({"term": "bn", "class": "scale", "value": "1000000000"}), "duplicate term 'bn'"),
    ("currencies.jsonl", json.dumps({"term": "zorkmid", "class": "currency_name"}), "needs a value"),
    ("currencies.jsonl", json.dumps({"term": "zorkmid", "class": "scale", "value": "5"}), "not one of"),
    ("lexicon.jsonl", json.dumps({"term": "bucks", "class": "currency_name"}), "needs a value"),
    ("page_furniture.jsonl", json.dumps({"id": "furniture.x", "role": "drop", "scope": "line", "regex": "(", "examples": ["("]}),
     "invalid regular expression"),
    ("page_furniture.jsonl", json.dumps({"id": "furniture.x", "role": "hide", "scope": "line", "regex": "x", "examples": ["x"]}),
     "[role]"),
]


@pytest.mark.parametrize("file, line, message", BROKEN_LINES, ids=[f"{f}:{m}" for f, _, m in BROKEN_LINES])
def test_patterns_broken_line_is_reported_with_file_and_line(tmp_path, file, line, message):
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    path = patterns / file
    lineno = len(path.read_text(encoding="utf-8").splitlines()) + 1
    with path.open("a", encoding="utf-8") as f:
        f.write(line + "\n")
    with pytest.raises(PatternFileError) as raised:
        Extractor(patterns)
    assert f"{file}:{lineno}:" in str(raised.value)
    assert message in str(raised.value)
    assert str(raised.value).startswith("[E100]")


def test_patterns_missing_file_is_named(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    (patterns / "percentages.jsonl").unlink()
    with pytest.raises(PatternFileError, match=r"percentages\.jsonl: file not found"):
        load_patterns(patterns)


def test_patterns_multiword_currency_needs_qualifiers(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    with (patterns / "lexicon.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"term": "zorkmid crowns", "class": "currency_name", "value": "XXX"}) + "\n")
    with pytest.raises(PatternFileError, match="'zorkmid crowns': every word but the last must be a currency_qualifier"):
        load_patterns(patterns)


def test_note_lines_are_skipped_and_every_pattern_file_is_strict_json_lines():
    import pandas as pd

    for path in sorted((ROOT / "patterns").glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        assert len(pd.read_json(path, lines=True)) == len(rows), path.name
    notes = [json.loads(line) for line in (ROOT / "patterns" / "amounts.jsonl").read_text(encoding="utf-8").split("\n")
             if line.startswith('{"comment"')]
    assert notes and not any(p.line.id == "comment" for p in load_patterns(ROOT / "patterns").token_patterns)
