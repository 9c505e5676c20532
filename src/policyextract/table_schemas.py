"""JSON Schemas of the output tables' rows, derived from the Arrow schemas of `frames.SCHEMAS`.

A row of `TABLE.jsonl` is an object with every column of the table: Arrow strings, integers, floats
and booleans are their JSON types, exact decimals are strings of digits (no exponent), dates are
`YYYY-MM-DD` strings (`format: date`), lists are arrays; a nullable column also takes null.
`row_problems` checks a row against such a schema (the subset of JSON Schema written here), so the
test of the written outputs needs no validator package.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pyarrow as pa

from policyextract.frames import SCHEMAS

DECIMAL_PATTERN = r"^-?[0-9]+(\.[0-9]+)?$"


def _json_type(t: pa.DataType) -> dict[str, Any]:
    if pa.types.is_string(t):
        return {"type": "string"}
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_boolean(t):
        return {"type": "boolean"}
    if pa.types.is_decimal(t):
        return {"type": "string", "pattern": DECIMAL_PATTERN, "description": "an exact decimal, written as a string"}
    if pa.types.is_date(t):
        return {"type": "string", "format": "date"}
    if pa.types.is_list(t):
        return {"type": "array", "items": _json_type(t.value_type)}
    raise TypeError(f"no JSON Schema type for Arrow type {t}")


def _column(f: pa.Field) -> dict[str, Any]:
    schema = _json_type(f.type)
    if f.nullable:
        schema = {**schema, "type": [schema["type"], "null"]}
    return schema


def table_json_schema(table: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one row of output table `table`."""
    arrow = SCHEMAS[table]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"a row of {table}",
        "type": "object",
        "properties": {f.name: _column(f) for f in arrow},
        "required": arrow.names,
        "additionalProperties": False,
    }


_CHECKS = {
    "string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool), "boolean": lambda v: isinstance(v, bool),
    "array": lambda v: isinstance(v, list), "null": lambda v: v is None, "object": lambda v: isinstance(v, dict),
}


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def row_problems(schema: dict[str, Any], value: Any, path: str = "") -> list[str]:
    """What is wrong with `value` under `schema` (types, pattern, date format, required and extra
    properties, array items), as `path: problem` lines; [] when it is valid."""
    where = path or "row"
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    if not any(_CHECKS[k](value) for k in kinds):
        return [f"{where}: {value!r} is not of type {' or '.join(kinds)}"]
    if value is None:
        return []
    problems = []
    if "pattern" in schema and isinstance(value, str) and not re.search(schema["pattern"], value):
        problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if schema.get("format") == "date" and isinstance(value, str) and not _is_date(value):
        problems.append(f"{where}: {value!r} is not a date (YYYY-MM-DD)")
    if isinstance(value, list) and "items" in schema:
        problems += [p for i, item in enumerate(value) for p in row_problems(schema["items"], item, f"{path}[{i}]")]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        problems += [f"{path}.{name}: missing" for name in schema.get("required", []) if name not in value]
        if schema.get("additionalProperties") is False:
            problems += [f"{path}.{name}: not a column" for name in value if name not in properties]
        problems += [p for name, item in value.items() if name in properties
                     for p in row_problems(properties[name], item, f"{path}.{name}")]
    return problems
