"""Records of policyextract: what every stage hands to the next, and what users get back.

All records are frozen pydantic models. Every record carries a `span` whose `start`/`end` are
character offsets into the text exactly as read (end exclusive), so that
`document.text[span.start:span.end] == span.text` always holds. Money is an exact `Decimal` in
canonical form (no exponent, no trailing zeros), written to JSON as a string.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from policyextract.families.numerals import decimal_text

if TYPE_CHECKING:
    import pandas as pd

Bound = Literal["min", "max"]
# An exact decimal, written to JSON as a string with no exponent ("2800000000", "0.0000001").
Exact = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str, when_used="json")]


class Span(BaseModel):
    """Where a record came from: character offsets into the source text and the text itself."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        """The span [start, end) of `text`, its text sliced from it: the one way spans are made, so
        that `text[span.start:span.end] == span.text` holds for every record."""
        return cls(start=start, end=end, text=text[start:end])


class Record(BaseModel):
    """Base of every extracted record: a stable id, its span and the rule that produced it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    span: Span
    rule: str = Field(description="id of the pattern that matched, e.g. 'amounts.number_currency'")


class ValueRange(BaseModel):
    """Both ends of a stated range ("1-2 billion yuan")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    low: Exact
    high: Exact


class Quantity(Record):
    """A number the text states, with how exactly it states it."""

    value: Exact = Field(description="exact value, scale applied; the low end of a range")
    approximate: bool = False
    bound: Bound | None = Field(None, description="'min' for 'more than', 'max' for 'up to'")
    range: ValueRange | None = None


class Amount(Quantity):
    """A money figure: "20 billion yuan", "$2.80 billion", "RMB500m"."""

    currency: str | None = Field(description="ISO 4217 code, or None when the text names none")
    currency_inferred: bool = Field(
        False, description="the written marker is shared by several currencies ('$', '¥', 'dollars', 'cents') "
        "and the document decided which one")
    per: str | None = Field(None, description="rate scope: 'year', 'month', 'project', ...")
    equivalent: str | None = Field(
        None, description="id of the amount the text gives as this one's conversion"
    )


PercentUnit = Literal["percent", "percentage_points"]


class Percentage(Quantity):
    """A percentage: "33.3%", "25 percent", "two-thirds of"; or a change in percentage points."""

    unit: PercentUnit = Field(
        "percent", description="'percentage_points' for '1.25 percentage points', a difference of two percentages")


Granularity = Literal["day", "week", "month", "quarter", "half", "season", "year", "multi-year"]
Relation = Literal["on", "by", "since", "until", "during", "over", "before", "after"]
PublishedSource = Literal["metadata", "dateline", "inferred"]


class DateMention(Record):
    """A date or period the text names: "June 12, 2023", "by the end of 2025", "last month".

    `start` and `end` are the inclusive calendar dates of the period the expression denotes, None when
    a relative expression has nothing to resolve against.
    """

    start: date | None
    end: date | None
    time: str | None = Field(None, description="'HH:MM' (24 h) when written with the date")
    granularity: Granularity
    relation: Relation = "on"
    relative: bool = False
    anchor: str | None = Field(None, description="'published', or the id of the date mention it is relative to")
    duration: str | None = Field(None, description="ISO 8601 duration the text names: 'P3Y' for 'three-year', 'P18M'")
    modifier: str | None = Field(None, description="the part of the period named: 'early', 'mid', 'late', 'start', 'end'")
    narrow_start: date | None = Field(None, description="start of the narrower period a modifier picks (docs/dates.md)")
    narrow_end: date | None = Field(None, description="end of the narrower period a modifier picks")
    reading: str | None = Field(None, description="the convention taken: 'past'/'future' tense, 'week-based', "
                                                  "'day-first'/'month-first', 'fiscal:<jurisdiction>'")
    ambiguous: bool = Field(False, description="another reading was as valid (numeric day/month order, fiscal year "
                                               "without a jurisdiction)")


EntityResolution = Literal["exact", "alias", "discovered alias", "fuzzy", "new"]


class EntityMention(Record):
    """A name of a real-world body and the entity it was resolved to."""

    entity_id: str = Field(description="the gazetteer's id, or 'new:<key>' for a body it does not know")
    canonical: str
    resolution: EntityResolution
    score: float | None = Field(None, description="rapidfuzz score of a fuzzy resolution")


class OrgMention(EntityMention):
    """An organization's name: "Ministry of Industry and Information Technology", "MIIT"."""

    type: str | None = None
    jurisdiction: str | None = Field(None, description="canonical name of the place the body belongs to")


class JurisdictionMention(EntityMention):
    """A place that governs: "Beijing", "Jiangning district", "Henan Province"."""

    level: str
    parent: str | None = Field(None, description="canonical name of the place it lies in")


FactType = Literal["target", "funding", "subsidy", "investment", "fund", "statistic", "financial_figure"]
FactStatus = Literal["target", "planned", "announced", "achieved", "forecast"]
CountForm = Literal["count", "multiple", "rank"]
DeadlineBasis = Literal["stated", "horizon"]


class Fact(Record):
    """A policy fact: who committed what, how much, by when. `span` is its evidence: the sentence that
    states it (a long sentence only around the quantity).

    The quantity is an amount or percentage record of the same document (by id) or a count with its
    unit; `time` is a date mention's id (any date of the fact), `deadline` the date the goal is due.
    Every slot keeps the span it was read from, in the original text.
    """

    type: FactType
    actor_id: str | None = Field(None, description="entity id of the actor")
    actor: str | None = Field(None, description="canonical name of the actor")
    actor_span: Span | None = None
    metric: str = Field(description="the measured noun phrase, short and lower-case ('ai jobs'); '' when the text names none")
    metric_span: Span | None = Field(None, description="the words the metric was read from")
    amount: str | None = None
    percentage: str | None = None
    count: Exact | None = Field(None, description="a count, a multiple ('five times': 5) or a rank ('top 10': 10)")
    count_max: Exact | None = Field(None, description="the high end of a counted range ('three to five': 5)")
    count_form: CountForm | None = None
    unit: str | None = Field(None, description="a count's noun as written ('computing centres'), 'times' or 'rank'")
    bound: Bound | None = Field(None, description="'min' for 'at least', 'more than'; 'max' for 'up to'")
    baseline: Exact | None = Field(None, description="the value a goal starts from ('from 1,000 to 5,000 companies': 1000)")
    quantity_span: Span
    time: str | None = Field(None, description="id of the date mention of the fact: its deadline, period or date")
    time_span: Span | None = None
    deadline: date | None = Field(None, description="the last day the goal is due, when the text ties a date to it")
    deadline_basis: DeadlineBasis | None = Field(
        None, description="'stated' (by 2025, until, in 2026) or 'horizon' ('in five years': the publication year + 5, its 31 December)")
    deadline_span: Span | None = None
    status: FactStatus
    source: str | None = Field(None, description="who states a forecast ('according to a report by X'): X's canonical name")
    value_usd: Exact | None = Field(None, description="the money in US dollars")
    value_cny: Exact | None = Field(None, description="the money in yuan")
    fx_source: str | None = Field(
        None, description="'stated' when the text gives the conversion, 'table:<year>' when the yearly average rates of "
                          "patterns/exchange_rates.jsonl gave (part of) it")
    confidence: float = Field(ge=0, le=1)


class Document(BaseModel):
    """One article (or one related-article teaser) of a source file, with its records.

    `text` is the whole text of the source file as read; `start`/`end` delimit this document in it,
    and every span of every record is an offset into `text`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str
    source: str | None = Field(None, description="path of the file the document was read from")
    published: date | None = None
    published_year: int | None = Field(None, description="the year, also when only the year is known")
    published_source: PublishedSource | None = None
    published_evidence: str | None = Field(None, description="the text the publication date was read from")
    text: str = Field(repr=False)
    start: int = 0
    end: int
    title: Span | None = None
    amounts: list[Amount] = []
    percentages: list[Percentage] = []
    dates: list[DateMention] = []
    organizations: list[OrgMention] = []
    jurisdictions: list[JurisdictionMention] = []
    facts: list[Fact] = []
    related: list[Document] = Field(
        [], description="related-article teasers split off the same file, as documents"
    )

    def _repr_html_(self) -> str:
        """Jupyter's view: the text with every record highlighted, then the facts and entities."""
        from policyextract.rendering import document_html

        return document_html(self)

    def to_frame(self, kind: str) -> pd.DataFrame:
        """This document's records of one kind ("amounts", "percentages", ...) as a DataFrame."""
        from policyextract.frames import records_frame

        return records_frame(kind, [self])


class Failure(BaseModel):
    """A source file that could not be processed, and why; the rest of the batch goes on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    source: str
    error: str = Field(description="error code, e.g. E201")
    reason: str
