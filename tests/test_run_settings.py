"""Run settings: parsed once, checked, written into the manifest, and reaching the extraction."""

from __future__ import annotations

import json

import pytest

from policyextract.errors import ArgumentError, OutputError
from policyextract.extractor import Extractor
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.runs.corpus import run_corpus
from policyextract.runs.settings import RunSettings


def test_formats_are_parsed_once_and_the_manifest_records_what_decides_the_outputs():
    settings = RunSettings(formats="jsonl, CSV", jobs=2, timeout_per_file=0)
    assert settings.formats == ("jsonl", "csv")
    assert settings.timeout_per_file is None  # 0 turns the limit off
    assert settings.manifest() == {"formats": ["jsonl", "csv"], "glob": "*.txt", "max_bytes": 64 * 1024 * 1024,
                                   "timeout_per_file": None,
                                   "entities": {"fuzzy_cutoff": 90.0, "corpus_cutoff": 92.0, "min_fuzzy_length": 6}}


@pytest.mark.parametrize("options, error, message", [
    ({"formats": "xml"}, OutputError, "xml"),
    ({"jobs": 0}, ArgumentError, "argument 'jobs' must be a whole number of processes"),
    ({"max_bytes": -1}, ArgumentError, "argument 'max_bytes' must be a positive number"),
    ({"entities": {"fuzzy_cutoff": 80}}, ArgumentError, "argument 'entities' must be an EntitySettings"),
])
def test_wrong_settings_are_coded_errors(options, error, message):
    with pytest.raises(error, match=message):
        RunSettings(**options)


def test_settings_and_options_together_are_refused(tmp_path):
    with pytest.raises(ArgumentError, match="argument 'jobs' cannot be given beside settings"):
        run_corpus(tmp_path, tmp_path / "out", settings=RunSettings(), jobs=2)


def test_the_entity_thresholds_reach_the_run_and_its_fingerprint(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Zentrovia Holdings pledged 5 million yuan.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Zentrovya Holdings pledged 6 million yuan.\n", encoding="utf-8")
    apart = run_corpus(corpus, tmp_path / "apart", formats="jsonl")  # the keys score 88.9, under 92
    merged = run_corpus(corpus, tmp_path / "merged", settings=RunSettings(entities=EntitySettings(corpus_cutoff=85)))
    assert (apart.counts["entities"], merged.counts["entities"]) == (2, 1)
    manifest = json.loads((tmp_path / "merged" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["entities"]["corpus_cutoff"] == 85
    assert Extractor(entity_settings=EntitySettings(corpus_cutoff=85)).fingerprint != Extractor().fingerprint
