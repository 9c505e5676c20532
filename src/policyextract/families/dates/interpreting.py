"""Dates: matched date spans → `DateMention` records, resolved against the publication date.

Per paragraph, `find_dates` keeps the longest date matches that read as a date (see
`date_expressions`) and attaches the relation word right before each ("by", "until", "since", "during",
"by the end of"), which joins the span. Per document, `resolve_dates` walks the found dates in text
order and resolves each against the publication date, or against the previous mention for "the same
month" and "the following month".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from policyextract.families.dates.expressions import INVALID, DateExpression, DateReader
from policyextract.families.dates.resolution import Period, granularity_of, resolve
from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import DateMention, Span
from policyextract.families.quantities import choose_figures

# Words after which a capitalized month alone is a date ("in May", "until April", "a December report").
MONTH_CONTEXT = {"in", "on", "by", "until", "till", "since", "before", "after", "during", "through", "throughout",
                 "of", "a", "the", "early", "late", "mid", "from", "to", "and", "or", "between", "as", "every", "each",
                 "last", "this", "next", "back", "since", "around", "-"}
_FORM_RELATION = {"forward": "over"}


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in a paragraph, not yet resolved."""

    span: Span
    rule: str
    expression: DateExpression
    relation: str


def _not_a_year_here(span: SpacySpan, reader: DateReader) -> bool:
    """"$2025", "2025 million", "No. 2025": a four-digit number next to money or a counter word."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before == "." and span.start > 1:  # "No. 2025" is tokenized "No", "."
        before = doc[span.start - 2].lower_ + "."
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in reader.not_before_year or after in reader.not_after_year


def find_dates(doc: Doc, offset: int, text: str, matches: ParagraphMatches, reader: DateReader) -> list[FoundDate]:
    """Date expressions of one tokenized paragraph that starts at character `offset` of `text`."""
    date_matches = matches.figures("dates", "DATE")
    if not date_matches:
        return []
    relations: dict[int, Match] = {}
    for m in matches.qualifiers("dates"):
        if m.end not in relations or m.end - m.start > relations[m.end].end - relations[m.end].start:
            relations[m.end] = m

    def read(span: SpacySpan, match: Match) -> DateExpression | None:
        form = str(match.line.attrs["form"])
        if form == "year" and _not_a_year_here(span, reader):
            return None
        if form == "month" and len(span) == 1:
            before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
            if before not in MONTH_CONTEXT and span.start not in relations:
                return None
        return reader.read(form, [t.text for t in span])

    found = []
    for figure in choose_figures(doc, date_matches, read):
        if figure.reading is INVALID:
            continue
        assert figure.match is not None
        form = str(figure.match.line.attrs["form"])
        start, relation = figure.start, _FORM_RELATION.get(form, "on")
        if figure.start in relations:
            cue = relations[figure.start]
            start, relation = cue.start, str(cue.line.attrs["relation"])
        found.append(FoundDate(char_span(doc, offset, text, start, figure.end), figure.rule, figure.reading, relation))
    return found


def resolve_dates(found: list[FoundDate], *, doc_id: str, published: date | None,
                  published_year: int | None) -> list[DateMention]:
    """Date mentions of a document, in text order, each resolved against what came before it."""
    mentions: list[DateMention] = []
    previous: Period | None = None
    for f in found:
        try:
            period = resolve(f.expression, published, published_year, previous)
        except (ValueError, OverflowError):  # arithmetic past year 1 or 9999 ("a month ago" in 0001-01-01)
            period = Period(None, None, granularity_of(f.expression, previous), True, "published")
        anchor = None
        if period.anchor == "published":
            anchor = "published"
        elif period.anchor == "previous":
            anchor = mentions[-1].id if mentions else None
        mentions.append(DateMention(
            id=f"{doc_id}:date:{f.span.start}-{f.span.end}", span=f.span, rule=f.rule,
            start=period.start, end=period.end, time=f.expression.time, granularity=period.granularity,
            relation=f.relation, relative=period.relative, anchor=anchor,
        ))
        previous = period
    return mentions
