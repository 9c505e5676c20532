"""The families as spaCy components: spans with their values, one extraction per Doc, config, doc.ents."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import spacy
from spacy import displacy

from policyextract.extractor import Extractor
from policyextract.spacy_components import DISPLACY_OPTIONS

from .conftest import ROOT

TEXT = ("The Ministry of Industry and Information Technology (MIIT) pledged 100 million yuan "
        "(approximately $14 million) annually until 2025 to Beijing projects.")


@pytest.mark.parametrize("family, label, expected", [
    ("amounts", "AMOUNT", ["100 million yuan", "$14 million"]),
    ("dates", "DATE", ["until 2025"]),
    ("organizations", "ORG", ["Ministry of Industry and Information Technology", "MIIT"]),
    ("jurisdictions", "GPE", ["Beijing"]),
    ("facts", "FACT", [TEXT]),
])
def test_spacy_components_write_spans_for_displacy(family, label, expected):
    nlp = spacy.blank("en")
    nlp.add_pipe(f"policyextract_{family}")
    doc = nlp(TEXT)
    assert [s.text for s in doc.spans[family]] == expected
    assert {s.label_ for s in doc.spans[family]} == {label}
    assert label in displacy.render(doc, style="span", options={"spans_key": family})


def test_span_extensions_carry_the_normalized_values():
    nlp = spacy.blank("en")
    for family in ("amounts", "dates", "organizations"):
        nlp.add_pipe(f"policyextract_{family}")
    doc = nlp(TEXT)
    assert [(s._.value, s._.currency) for s in doc.spans["amounts"]] == [
        (Decimal("100000000"), "CNY"), (Decimal("14000000"), "USD")]
    assert [s._.value for s in doc.spans["dates"]] == [(date(2025, 1, 1), date(2025, 12, 31))]
    assert {s._.canonical for s in doc.spans["organizations"]} == {"Ministry of Industry and Information Technology"}
    assert doc.spans["amounts"][0]._.record.id == doc.spans["amounts"][0].id_


def test_all_six_components_extract_a_doc_once(monkeypatch):
    calls = []
    original = Extractor.extract
    monkeypatch.setattr(Extractor, "extract", lambda self, *a, **k: calls.append(1) or original(self, *a, **k))
    nlp = spacy.blank("en")
    for family in ("amounts", "percentages", "dates", "organizations", "jurisdictions", "facts"):
        nlp.add_pipe(f"policyextract_{family}")
    nlp(TEXT)
    assert len(calls) == 1
    nlp(TEXT)
    assert len(calls) == 2  # one per Doc


@pytest.mark.parametrize("how", ["config", "doc extension"])
def test_the_publication_date_reaches_relative_dates(how):
    nlp = spacy.blank("en")
    nlp.add_pipe("policyextract_dates", config={"published": "2023-06-12"} if how == "config" else {})
    doc = nlp.make_doc("Last month the city pledged 5 billion yuan.")
    if how == "doc extension":
        doc._.published = "2023-06-12"
    doc = nlp.get_pipe("policyextract_dates")(doc)
    assert [(s.text, s._.value) for s in doc.spans["dates"]] == [("Last month", (date(2023, 5, 1), date(2023, 5, 31)))]


def test_ents_hold_the_families_asked_for_without_overlaps():
    nlp = spacy.blank("en")
    nlp.add_pipe("policyextract_organizations", config={"ents": True})
    nlp.add_pipe("policyextract_amounts", config={"ents": True})
    nlp.add_pipe("policyextract_jurisdictions")  # not asked to write ents
    doc = nlp(TEXT)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Ministry of Industry and Information Technology", "ORG"), ("MIIT", "ORG"),
        ("100 million yuan", "AMOUNT"), ("$14 million", "AMOUNT")]
    html = displacy.render(doc, style="ent", options=DISPLACY_OPTIONS)
    assert DISPLACY_OPTIONS["colors"]["AMOUNT"] in html


def test_a_patterns_folder_in_config_is_used(tmp_path):
    import shutil

    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    nlp = spacy.blank("en")
    nlp.add_pipe("policyextract_amounts", config={"patterns": str(patterns)})
    doc = nlp(TEXT)
    assert [s.text for s in doc.spans["amounts"]] == ["100 million yuan", "$14 million"]
    (patterns / "amounts.jsonl").write_text("{not json\n", encoding="utf-8")
    from policyextract.errors import PatternFileError

    with pytest.raises(PatternFileError, match="amounts.jsonl:1"):
        spacy.blank("en").add_pipe("policyextract_amounts", config={"patterns": str(patterns) + "/"})
