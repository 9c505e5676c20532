"""Annotation round trips: files in each tool's documented shape read back as gold, and extractions
exported to each tool and read back unchanged."""

from __future__ import annotations

import json

import pytest

from policyextract.annotations import (
    FORMATS,
    LABELS,
    RELATION_LABELS,
    detect_format,
    export_annotations,
    import_annotations,
    label_config,
    parse_annotations,
    serialize_annotations,
)
from policyextract.errors import AnnotationFileError, ArgumentError
from policyextract.extractor import Extractor
from policyextract.registry import FAMILIES

from .conftest import ROOT

HAND = ROOT / "tests" / "annotations"
SENTENCE_1 = ("Portugal's Ministry of Economy will invest 1.2 billion euros (about $1.3 billion) in chip design "
              "by 2027.")
SENTENCE_2 = "It also aims to lift the sector's share of exports to 15%."


def read(name: str) -> list:
    return parse_annotations((HAND / name).read_text(encoding="utf-8"), name)


def test_labels_are_the_registrys():
    assert LABELS == tuple(f.label for f in FAMILIES) == ("AMOUNT", "PERCENTAGE", "DATE", "ORG", "GPE", "FACT")


@pytest.mark.parametrize("name, fmt", [
    ("chips.spans.jsonl", "spans"),
    ("chips.prodigy.jsonl", "prodigy"),
    ("chips.doccano.jsonl", "doccano"),
    ("chips.labelstudio.json", "labelstudio"),
], ids=["spans", "prodigy", "doccano", "labelstudio"])
def test_hand_written_files_of_each_tool_read_back_as_the_same_gold(name, fmt):
    items = read(name)
    assert [detect_format(item) for item, _ in items] == [fmt]
    (gold,) = import_annotations(items)
    assert gold.path == "corpus/chips.txt"
    (doc,) = gold.documents
    assert (doc.doc_id, str(doc.published), doc.published_source) == ("chips", "2024-05-02", "metadata")
    assert [(a.id, a.text, str(a.value), a.currency, a.approximate, a.equivalent) for a in doc.amounts] == [
        ("a1", "1.2 billion euros", "1200000000", "EUR", False, "a2"),
        ("a2", "$1.3 billion", "1300000000", "USD", True, "a1"),
    ]
    assert [(p.id, p.text, str(p.value)) for p in doc.percentages] == [("p1", "15%", "15")]
    assert [(d.id, d.text, str(d.date_start), str(d.date_end), d.granularity, d.relation) for d in doc.dates] == [
        ("d1", "by 2027", "2027-01-01", "2027-12-31", "year", "by")]
    assert [(o.id, o.text, o.entity, o.type) for o in doc.organizations] == [
        ("o1", "Ministry of Economy", "Portuguese Ministry of Economy", "government body")]
    assert [(j.id, j.text, j.entity, j.level, j.parent) for j in doc.jurisdictions] == [
        ("j1", "Portugal", "Portugal", "country", None)]
    assert [(f.id, f.type, f.status, f.actor, f.quantity.amount, f.quantity.percentage, f.time, f.evidence.text)
            for f in doc.facts] == [
        ("f1", "investment", "planned", "Portuguese Ministry of Economy", "a1", None, "d1", SENTENCE_1),
        ("f2", "target", "target", "Portugal", None, "p1", None, SENTENCE_2),
    ]


ARTICLE = ("Berlin, 4 March 2024\n\nGermany's Federal Ministry of Education and Research said it will spend "
           "EUR 3 billion (about $3.2 billion) on quantum computing by 2026. The ministry wants 60% of the money "
           "to go to universities. The grant call closes on June 3, 2024, 9:15 AM, and a second round follows the "
           "same month.\n")


@pytest.fixture(scope="module")
def article():
    return Extractor().extract(ARTICLE, published="2024-03-04", doc_id="quantum", source="corpus/quantum.txt")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_extraction_exported_to_each_tool_reads_back_as_the_spans_gold(article, fmt):
    expected = import_annotations(parse_annotations("".join(serialize_annotations(export_annotations([article]), "spans"))))
    text = "".join(serialize_annotations(export_annotations([article], fmt), fmt))
    assert import_annotations(parse_annotations(text, f"quantum.{fmt}"), fmt) == expected
    (doc,) = expected[0].documents
    assert {family: len(getattr(doc, family)) > 0 for family in ("amounts", "percentages", "dates", "facts")} == {
        "amounts": True, "percentages": True, "dates": True, "facts": True}
    assert all(ARTICLE[r.start:r.end] == r.text for r in (*doc.amounts, *doc.dates, *doc.organizations))
    assert [(d.id, d.text, d.time, d.anchor) for d in doc.dates] == [
        ("d1", "4 March 2024", None, None), ("d2", "by 2026", None, None), ("d3", "June 3, 2024, 9:15 AM", "09:15", None),
        ("d4", "the same month", None, "d3")]
    assert [(a.id, a.text, a.equivalent) for a in doc.amounts] == [("a1", "EUR 3 billion", "a2"), ("a2", "$3.2 billion", "a1")]


def test_every_label_and_value_travels_in_an_export(article):
    (line,) = export_annotations([article], "spans")
    by_label = {s["label"]: s for s in reversed(line["spans"])}
    assert set(by_label) == {"AMOUNT", "PERCENTAGE", "DATE", "ORG", "GPE", "FACT"}
    amount = next(s for s in line["spans"] if s["text"] == "EUR 3 billion")
    assert (amount["value"], amount["currency"]) == ("3000000000", "EUR")
    assert by_label["ORG"]["entity_id"] and by_label["ORG"]["entity"]
    germany = next(s for s in line["spans"] if s["label"] == "GPE" and s["text"] == "Germany")
    assert {k: germany[k] for k in ("entity", "level")} == {"entity": "Germany", "level": "country"}
    fact = next(s for s in line["spans"] if s["label"] == "FACT" and "quantum" in s["text"])
    assert (fact["quantity"], fact["time"]) == ({"amount": amount["id"]}, next(
        s["id"] for s in line["spans"] if s["label"] == "DATE" and s["text"] == "by 2026"))


@pytest.mark.parametrize("fmt, relation_key", [
    ("prodigy", "relations"), ("doccano", "relations"),
], ids=["prodigy", "doccano"])
def test_facts_travel_as_relations_where_the_tool_has_them(article, fmt, relation_key):
    (item,) = export_annotations([article], fmt)
    labels = {r["label"] if fmt == "prodigy" else r["type"] for r in item[relation_key]}
    assert {"QUANTITY", "TIME", "ACTOR", "EQUIVALENT", "ANCHOR"} <= labels


def test_label_studio_tasks_carry_labels_and_relations(article):
    (task,) = export_annotations([article], "labelstudio")
    results = task["predictions"][0]["result"]
    regions = {r["id"]: r for r in results if r["type"] == "labels"}
    assert all(task["data"]["text"][r["value"]["start"]:r["value"]["end"]] == r["value"]["text"] for r in regions.values())
    quantity = [r for r in results if r["type"] == "relation" and r["labels"] == ["QUANTITY"]]
    assert quantity and all(regions[r["from_id"]]["value"]["labels"] == ["FACT"] for r in quantity)
    config = label_config()
    assert all(f'<Label value="{label}"/>' in config for label in LABELS)
    assert all(f'<Relation value="{label}"/>' in config for label in RELATION_LABELS)


def test_export_keeps_only_the_labels_asked_for(article):
    (line,) = export_annotations([article], "spans", labels=["AMOUNT", "DATE"])
    assert {s["label"] for s in line["spans"]} == {"AMOUNT", "DATE"}
    with pytest.raises(ArgumentError, match="unknown labels"):
        export_annotations([article], "spans", labels=["MONEY"])


@pytest.mark.parametrize("item, fmt", [
    ({"text": "x", "spans": []}, "spans"),
    ({"text": "x", "spans": [], "tokens": []}, "prodigy"),
    ({"text": "x", "label": [[0, 1, "DATE"]]}, "doccano"),
    ({"text": "x", "entities": [], "relations": []}, "doccano"),
    ({"data": {"text": "x"}, "annotations": []}, "labelstudio"),
    ({"text": "x"}, None),
], ids=["spans", "prodigy", "doccano-labels", "doccano-relations", "labelstudio", "none"])
def test_detect_format(item, fmt):
    assert detect_format(item) == fmt


META = {"doc_id": "t", "source": "corpus/t.txt", "offset": 0}


def jsonl(*items: dict) -> str:
    return "".join(json.dumps(item) + "\n" for item in items)


@pytest.mark.parametrize("text, message", [
    (jsonl({"text": "Seoul set aside 5 billion won.", "label": [[16, 29, "AMOUNT"]], "meta": META}),
     "x.jsonl:1: AMOUNT '5 billion won' [16:29] value: Field required"),
    (jsonl({"text": "Seoul.", "spans": [{"start": 0, "end": 5, "label": "CITY"}], "meta": META}),
     "unknown label 'CITY'"),
    (jsonl({"text": "Seoul.", "spans": [{"start": 0, "end": 9, "label": "GPE"}], "meta": META}),
     "lies outside the text"),
    (jsonl({"text": "Seoul.", "spans": []}), "meta needs 'doc_id' and 'source'"),
    (jsonl({"text": "a", "entities": [{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 1},
                                      {"id": 2, "label": "ORG", "start_offset": 0, "end_offset": 1}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "X"}], "meta": META}),
     "no relation links GPE to ORG"),
    (jsonl({"text": "a", "entities": [], "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "X"}], "meta": META}),
     "a relation joins '1' and '2', which are not both regions"),
    ('{"text": "Seoul."}\nnot json\n', "x.jsonl:2: invalid JSON"),
    ('[{"data": {"text": "a"}, "annotations": [{"result": [{"type": "labels", "value": {"start": 0}}]}]}]',
     "x.jsonl item 1: result 0 needs 'value' with 'start', 'end' and 'labels'"),
    (jsonl({"words": []}), "not an item of any of"),
], ids=["added-region-without-values", "unknown-label", "outside", "no-meta", "bad-relation", "dangling-relation",
        "bad-json", "labelstudio-result", "no-format"])
def test_import_errors_say_where_and_what(text, message):
    with pytest.raises(AnnotationFileError, match="E220") as caught:
        import_annotations(parse_annotations(text, "x.jsonl"))
    assert message in str(caught.value)


def test_rejected_prodigy_answers_are_left_out():
    line = {"text": "Seoul.", "spans": [], "meta": META, "answer": "reject"}
    assert import_annotations([(line, ("x.jsonl", 1))]) == []


def test_the_documented_example_and_label_config_are_what_the_code_reads_and_writes():
    doc = (ROOT / "docs" / "annotations.md").read_text(encoding="utf-8")
    assert doc.split("```xml\n")[1].split("```")[0] == label_config()
    example = json.loads(doc.split("## A round trip, by hand")[1].split("```json")[1].split("```")[0])
    (gold,) = import_annotations([(example, ("docs/annotations.md", None))])
    (d,) = gold.documents
    assert [(a.text, str(a.value), a.currency) for a in d.amounts] == [("2 billion pesos", "2000000000", "CLP")]
    assert [(f.actor, f.quantity.amount, f.time, f.evidence.end) for f in d.facts] == [("Chile", "a1", "d1", 62)]
