"""Facts: who committed what, how much, by when; the records of a sentence joined.

- `assembly`: a document's sentences and records → `Fact` records (the corpus's fact mentions);
- `table`: a corpus's fact mentions → one row per fact with all its sources.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from policyextract.families.family import Family, PatternFamily
from policyextract.models import Fact, FactStatus, FactType


class FactAttrs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    status: FactStatus | None = None  # CUE: the status a cue gives the facts of its clause
    type: FactType | None = None
    weak: Literal[True] | None = None  # CUE: a status any stronger cue of the clause overrides
    source: Literal[True] | None = None  # CUE: names who states a forecast ("according to")
    clause: Literal["source", "speech", "start"] | None = None  # CUE: where a new clause starts, and of which kind
    horizon: Literal["years"] | None = None  # CUE: "in five years", a deadline counted from publication
    form: Literal["count", "number_of", "multiple", "rank"] | None = None  # COUNT: how the quantity reads


def fact_row(doc_id: str, f: Fact) -> dict[str, Any]:
    return {
        "doc_id": doc_id, "id": f.id, "type": f.type, "actor_id": f.actor_id, "actor": f.actor, "metric": f.metric,
        "amount": f.amount, "percentage": f.percentage, "count": f.count, "count_max": f.count_max,
        "count_form": f.count_form, "unit": f.unit, "bound": f.bound, "baseline": f.baseline, "time": f.time,
        "deadline": f.deadline, "deadline_basis": f.deadline_basis,
        "status": f.status, "source": f.source, "value_usd": f.value_usd, "value_cny": f.value_cny, "fx_source": f.fx_source,
        "confidence": f.confidence, "start": f.span.start, "end": f.span.end, "evidence": f.span.text,
        "quantity_text": f.quantity_span.text, "actor_text": f.actor_span.text if f.actor_span else None,
        "metric_text": f.metric_span.text if f.metric_span else None,
        "time_text": f.time_span.text if f.time_span else None,
        "deadline_text": f.deadline_span.text if f.deadline_span else None, "rule": f.rule,
    }


def describe_fact(r: dict[str, Any]) -> str:
    slots = "".join(f"; {name} {r[column]!r}" for name, column in (("quantity", "quantity_text"),
                                                                  ("deadline", "deadline_text"), ("time", "time_text"))
                    if r[column])
    return f"fact ({r['type']}, {r['status']}): {r['actor'] or '?'} — {r['metric']}{slots}"


# A document's facts are the corpus's fact mentions: the table `facts` holds the merged facts.
FACTS = Family(
    name="facts", kind="fact", label="FACT", record=Fact,
    columns=(("doc_id", "string"), ("id", "string"), ("type", "string"), ("actor_id", "string"),
             ("actor", "string"), ("metric", "string"), ("amount", "string"), ("percentage", "string"),
             ("count", "decimal"), ("count_max", "decimal"), ("count_form", "string"), ("unit", "string"),
             ("bound", "string"), ("baseline", "decimal"), ("time", "string"), ("deadline", "date"),
             ("deadline_basis", "string"), ("status", "string"), ("source", "string"), ("value_usd", "decimal"),
             ("value_cny", "decimal"), ("fx_source", "string"), ("confidence", "float64"), ("start", "int64"),
             ("end", "int64"), ("evidence", "string"), ("quantity_text", "string"), ("actor_text", "string"),
             ("metric_text", "string"), ("time_text", "string"), ("deadline_text", "string"), ("rule", "string")),
    row=fact_row, describe=describe_fact, colour="transparent",
    patterns=PatternFamily("facts", frozenset({"CUE", "COUNT"}), FactAttrs),
    table_name="fact_mentions",
)
