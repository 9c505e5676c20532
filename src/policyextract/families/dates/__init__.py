"""Dates: the dates and periods a text names, resolved against the publication date.

- `expressions`: date words → what they say (`DateExpression`), one reader per pattern form;
- `resolution`: an expression and a publication date → a calendar period (pure; never reads the clock);
- `interpreting`: matched token spans → `DateMention` records, with relations and anchors;
- `publication`: metadata, dateline or copyright line → each document's publication date.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from policyextract.families.dates.expressions import DateReader
from policyextract.families.family import SPAN_COLUMNS, Family, PatternFamily
from policyextract.models import DateMention, Relation


class DateAttrs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    form: str | None = None
    relation: Relation | None = None
    position: Literal["before"] | None = None
    # "by the end of", "in early": the part of the period a relation word narrows to.
    part: Literal["start", "early", "mid", "late", "end"] | None = None

    @field_validator("form")
    @classmethod
    def _readable_form(cls, form: str | None) -> str | None:
        if form is not None and not hasattr(DateReader, f"_read_{form}"):
            forms = sorted(n.removeprefix("_read_") for n in dir(DateReader) if n.startswith("_read_"))
            raise ValueError(f"unknown date form {form!r}; expected one of {forms}")
        return form


def date_row(doc_id: str, m: DateMention) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": m.id, "start": m.span.start, "end": m.span.end, "text": m.span.text,
        "date_start": m.start, "date_end": m.end, "time": m.time, "granularity": m.granularity,
        "relation": m.relation, "relative": m.relative, "anchor": m.anchor, "duration": m.duration,
        "modifier": m.modifier, "narrow_start": m.narrow_start, "narrow_end": m.narrow_end, "reading": m.reading,
        "ambiguous": m.ambiguous, "rule": m.rule,
    }


def describe_date(r: dict[str, Any]) -> str:
    period = f"{r['date_start']} … {r['date_end']}" if r["date_start"] else "unresolved"
    notes = (r["duration"] and f"duration {r['duration']}", r["modifier"] and f"{r['modifier']}: {r['narrow_start']} … {r['narrow_end']}",
             r["reading"] and f"read as {r['reading']}", r["ambiguous"] and "ambiguous")
    return f"date ({r['relation']}, {r['granularity']}): {period}" + "".join(f"; {n}" for n in notes if n)


DATES = Family(
    name="dates", kind="date", label="DATE", record=DateMention,
    columns=(*SPAN_COLUMNS, ("date_start", "date"), ("date_end", "date"), ("time", "string"),
             ("granularity", "string"), ("relation", "string"), ("relative", "bool"), ("anchor", "string"),
             ("duration", "string"), ("modifier", "string"), ("narrow_start", "date"), ("narrow_end", "date"),
             ("reading", "string"), ("ambiguous", "bool"), ("rule", "string")),
    row=date_row, describe=describe_date, colour="#bfdbfe",
    patterns=PatternFamily("dates", frozenset({"DATE", "RELATION"}), DateAttrs,
                           {"DATE": ("form",), "RELATION": ("relation",)}),
)
