"""A short run of scripts/fuzz.py (the full run, 100,000 inputs, is a script: see its docstring)."""

from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal

import pytest

from policyextract.models import ValueRange
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("policyextract_fuzz", ROOT / "scripts" / "fuzz.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_fuzz_smoke(fuzz, extractor, tmp_path):
    report_path = tmp_path / "fuzz.json"
    argv = ["--n", "200", "--seed", "0", "--report", str(report_path), "--progress", "0",
            "--timeout", "5", "--shrink-budget", "30", "--shrink-seconds", "2"]
    status = fuzz.main(argv, extractor=extractor)
    report = json.loads(report_path.read_text(encoding="utf-8"))
    found = "\n".join(f"{e['signature']}: {e['minimal_repr'][:200]} (published={e['published']})"
                      for e in report["examples"])
    assert report["inputs"] == 200
    assert (report["crashes"], report["invariant_violations"], report["timeouts"]) == (0, 0, 0), found
    assert status == 0


def test_inputs_are_replayable(fuzz):
    corpus = fuzz.load_corpus()
    assert fuzz.make_input(3, 17, corpus) == fuzz.make_input(3, 17, corpus)
    assert fuzz.make_input(3, 17, corpus) != fuzz.make_input(3, 18, corpus)


def test_invariant_checks_catch_planted_defects(fuzz, extractor):
    """The checker is not vacuous: a document with broken records is reported."""
    text = "The city pledged 20 billion yuan ($2.80 billion) by 2025."
    doc = extractor.extract(text)
    assert fuzz.output_violations(doc, text) == []
    yuan, usd = doc.amounts
    bad_span = yuan.span.model_copy(update={"text": "20 billion"})
    broken = doc.model_copy(update={
        "amounts": [yuan.model_copy(update={"span": bad_span, "equivalent": "nowhere"}),
                    usd.model_copy(update={"id": yuan.id})],
        "dates": [doc.dates[0].model_copy(update={"start": doc.dates[0].end, "end": doc.dates[0].start})],
        "percentages": [],
    })
    found = {v.split(":", 1)[0] for v in fuzz.output_violations(broken, text)}
    assert {"span-text", "unique-id", "equivalent", "date-order"} <= found
    ranged = yuan.model_copy(update={"range": ValueRange(low=Decimal(5), high=Decimal(5)), "value": Decimal(5)})
    assert [v.split(":", 1)[0] for v in fuzz.range_violations(doc.model_copy(update={"amounts": [ranged]}))] == [
        "amount-range"]
