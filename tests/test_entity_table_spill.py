"""The entity table keeps a corpus's statistics in its database: spilling them as often as possible
must give the table a run writes when nothing is spilled, whatever the way the documents arrive."""

from __future__ import annotations

import pickle

import pytest

from policyextract.bench_corpus import generate_articles
from policyextract.families.entities import table as entity_table
from policyextract.families.entities.table import EntityTable


@pytest.fixture(scope="module")
def documents(extractor):
    texts = [*generate_articles(40, seed=3), "Zorblax Quantum Holdings opened in Shanghai. Zorblax Quantum Holdings said so.",
             "Zorblax Quantim Holdings and the People's Bank of China met in Beijing."]
    return [extractor.extract(text, doc_id=f"d{i}") for i, text in enumerate(texts)]


def _table(documents) -> EntityTable:
    table = EntityTable()
    for document in documents:
        table.add(document)
    return table


def _outputs(table: EntityTable) -> tuple:
    return table.mapping, table.rows(), table.canonical_names(), table.remapped_kinds()


def _spilling(monkeypatch) -> None:
    monkeypatch.setattr(entity_table, "SPILL_BODIES", 3)


def test_a_table_that_spills_writes_what_one_that_never_spills_writes(documents, monkeypatch):
    kept = _outputs(_table(documents))
    _spilling(monkeypatch)
    spilled = _table(documents)
    assert spilled._db is not None and len(spilled._stats) <= 3
    assert _outputs(spilled) == kept
    mapping, rows, canonical, kinds = kept
    assert mapping == {"new:zorblaxquantum": "new:zorblaxquantim"}
    assert [(r["canonical"], r["aliases"], r["mentions"], r["documents"]) for r in rows
            if r["entity_id"] == "new:zorblaxquantim"] == [
        ("Zorblax Quantum Holdings", ["Zorblax Quantim Holdings", "Zorblax Quantum Holdings"], 3, 2)]
    assert kinds == {"organization"} and len(canonical) == len(rows) > 100


def test_a_table_combined_from_spilled_parts_or_pickled_after_spills_is_the_whole_table(documents, monkeypatch):
    kept = _outputs(_table(documents))
    _spilling(monkeypatch)
    first, second = _table(documents[:25]), _table(documents[25:])
    first.update(pickle.loads(pickle.dumps(second)))
    assert _outputs(first) == kept
    assert _outputs(pickle.loads(pickle.dumps(_table(documents)))) == kept


def test_a_table_merged_again_after_more_documents_counts_them(documents):
    table = _table(documents[:-1])
    assert "new:zorblaxquantum" not in table.mapping
    table.add(documents[-1])
    assert table.mapping == {"new:zorblaxquantum": "new:zorblaxquantim"}
    assert table.canonical().get("new:zorblaxquantim") == "Zorblax Quantum Holdings"
    assert table.canonical().get("new:nothing", "default") == "default"


def test_merging_new_bodies_block_by_block_is_merging_them_all_at_once(documents):
    from policyextract.families.entities.normalizing import merge_keys

    table = _table(documents)
    keys = [entity_id[len("new:"):] for entity_id in table._new_ids()]
    whole = {"new:" + k: "new:" + v for k, v in merge_keys(keys, table.settings).items() if k != v}
    assert len(keys) > 200 and table.merge() == whole
