"""Percentages: "33.3%", "25 percent", "10-15%", with bound, approximation and range.

`interpreting` reads matched token spans as `Percentage` records; the patterns are
`patterns/percentages.jsonl`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from policyextract.families.family import Family, PatternFamily
from policyextract.families.numerals import decimal_text
from policyextract.families.quantities import QUANTITY_COLUMNS, quantity_row
from policyextract.models import Percentage


class PercentageAttrs(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # "percent 25" (the sign first) and "two-thirds of" (a share written as a fraction) read differently.
    form: Literal["reversed", "fraction"] | None = None


def percentage_row(doc_id: str, p: Percentage) -> dict[str, Any]:
    return {**quantity_row(doc_id, p), "unit": p.unit, "rule": p.rule}


def describe_percentage(r: dict[str, Any]) -> str:
    unit = " percentage points" if r["unit"] == "percentage_points" else "%"
    return f"percentage: {decimal_text(Decimal(str(r['value'])))}{unit}"


PERCENTAGES = Family(
    name="percentages", kind="percentage", label="PERCENTAGE", record=Percentage,
    columns=(*QUANTITY_COLUMNS, ("unit", "string"), ("rule", "string")),
    row=percentage_row, describe=describe_percentage, colour="#fed7aa",
    patterns=PatternFamily("percentages", frozenset({"PERCENTAGE"}), PercentageAttrs),
)
