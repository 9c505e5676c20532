"""JSON Schemas of the output tables: derived from the Arrow schemas, and every row a run writes fits."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest

from policyextract.frames import SCHEMAS, TABLES
from policyextract.runs.corpus import run_corpus
from policyextract.table_schemas import DECIMAL_PATTERN, row_problems, table_json_schema

from .conftest import CORPUS


@pytest.mark.parametrize("arrow, json_type", [
    (pa.string(), {"type": ["string", "null"]}),
    (pa.int64(), {"type": ["integer", "null"]}),
    (pa.float64(), {"type": ["number", "null"]}),
    (pa.bool_(), {"type": ["boolean", "null"]}),
    (pa.date32(), {"type": ["string", "null"], "format": "date"}),
    (pa.decimal128(38, 10), {"type": ["string", "null"], "pattern": DECIMAL_PATTERN,
                             "description": "an exact decimal, written as a string"}),
    (pa.list_(pa.string()), {"type": ["array", "null"], "items": {"type": "string"}}),
], ids=["string", "int64", "float64", "bool", "date", "decimal", "string-list"])
def test_arrow_types_become_json_schema_types(arrow, json_type, monkeypatch):
    monkeypatch.setitem(SCHEMAS, "probe", pa.schema([("column", arrow)]))
    assert table_json_schema("probe")["properties"]["column"] == json_type


def test_every_table_has_a_schema_with_its_columns():
    for table in TABLES:
        schema = table_json_schema(table)
        assert schema["required"] == SCHEMAS[table].names and schema["additionalProperties"] is False


AMOUNTS = table_json_schema("amounts")
ROW = {"doc_id": "d", "id": "d:amount:0-5", "start": 0, "end": 5, "text": "$5 bn", "value": "5000000000",
       "approximate": False, "bound": None, "range_low": None, "range_high": None, "currency": "USD", "currency_inferred": False, "per": None,
       "equivalent": None, "rule": "amounts.x"}


@pytest.mark.parametrize("change, problems", [
    ({}, []),
    ({"value": "5e9"}, [".value: '5e9' does not match " + DECIMAL_PATTERN]),
    ({"value": 5000000000}, [".value: 5000000000 is not of type string or null"]),
    ({"start": True}, [".start: True is not of type integer or null"]),
    ({"colour": "red"}, [".colour: not a column"]),
    ({"rule": ...}, [".rule: missing"]),
], ids=["valid", "exponent", "number-for-decimal", "bool-for-int", "extra", "missing"])
def test_row_problems(change, problems):
    row = {k: v for k, v in {**ROW, **change}.items() if v is not ...}
    assert row_problems(AMOUNTS, row) == problems


@pytest.mark.parametrize("schema, value, problems", [
    ({"type": ["string", "null"], "format": "date"}, "2024-02-30", ["row: '2024-02-30' is not a date (YYYY-MM-DD)"]),
    ({"type": ["string", "null"], "format": "date"}, "2024-02-29", []),
    ({"type": "array", "items": {"type": "string"}}, ["a", 1], ["[1]: 1 is not of type string"]),
], ids=["impossible-date", "leap-day", "array-item"])
def test_row_problems_of_dates_and_lists(schema, value, problems):
    assert row_problems(schema, value) == problems


def test_every_row_a_run_writes_fits_its_tables_schema(tmp_path):
    run_corpus(CORPUS, tmp_path / "out", formats=("jsonl",))
    checked = 0
    for table in TABLES:
        schema = table_json_schema(table)
        for n, line in enumerate((tmp_path / "out" / f"{table}.jsonl").read_text(encoding="utf-8").splitlines(), 1):
            assert row_problems(schema, json.loads(line)) == [], f"{table}.jsonl:{n}"
            checked += 1
    assert checked > 400
