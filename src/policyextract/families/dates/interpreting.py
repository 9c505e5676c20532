"""Dates: matched date spans → `DateMention` records, resolved against the publication date.

Per paragraph, `find_dates` keeps the longest date matches that read as a date (see
`date_expressions`), attaches the modifier and relation words right before each ("by", "until",
"the end of", "early"), which join the span, notes the tense of the clause where the reading depends on
it, and joins two dates linked by "to", "-", "through" or "between … and" into one range. Per document,
`resolve_dates` walks the found dates in text order and resolves each against the publication date,
or against an earlier mention for "the same day" and "the following month". Conventions are in
docs/dates.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import replace as replaced
from datetime import date

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from policyextract.families.dates.expressions import (
    INVALID,
    DateExpression,
    DateReader,
    iso_duration,
)
from policyextract.families.dates.resolution import (
    DEFAULT_CONVENTIONS,
    DateConventions,
    Period,
    granularity_of,
    resolve,
)
from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import DateMention, Span
from policyextract.families.quantities import choose_figures

# Words after which a capitalized month alone is a date ("in May", "until April", "a December report").
MONTH_CONTEXT = {"in", "on", "by", "until", "till", "since", "before", "after", "during", "through", "throughout",
                 "of", "a", "the", "early", "late", "mid", "from", "to", "and", "or", "between", "as", "every", "each",
                 "last", "this", "next", "back", "around", "-"}
_FORM_RELATION = {"forward": "over", "trailing": "during"}
# After these a numeric day/month ("on 4/22") or a season alone ("in summer") is a date.
DATE_PREPOSITIONS = {"on", "by", "until", "till", "from", "since", "before", "after", "through", "to", "and",
                     "between", "in", "during", "over", "this", "last", "next"}
# What may follow "the 28th" when it is a day of the month: punctuation, or words that go on with a date.
DAY_OF_MONTH_FOLLOWERS = {"and", "to", "through", "until", "till", "at", "this", "next", "last", "when", "or", "that"}
_LINK_WORDS = {"and", "or", "to", "through", "until", "till"}
# Words between a duration and the "in"/"within" before it: "in about three years".
_HEDGES = {"about", "around", "roughly", "nearly", "approximately", "some", "just", "the", "next"}
# Words joining two dates into one range ("March 2 to March 20", "2023-2025", "between May and June").
_RANGE_LINKS = {"to", "-", "–", "—", "through", "until", "till", "thru", "~"}
_RANGE_KINDS = {"date", "month_day", "month", "month_year", "year", "quarter", "half", "weekday", "day_of_month",
                "unit", "day_word", "season", "fiscal", "holiday", "month_of_year"}
# "now" is a date only as the start of a range: "between now and 2030", "from now until June".
_NOW_LINKS = {"between": {"and"}, "from": {"to", "until", "till", "through"}}
# Words before a month and day that say which occurrence: "next April 6", "last 5/12".
_OCCURRENCE_TENSE = {"next": "future", "coming": "future", "last": "past", "past": "past"}
# The tens of a compound ordinal the match left out: "twenty-" in "twenty-third of May".
_TENS_WORDS = {"twenty", "thirty"}
_DAY_FORMS = {"month_day", "day_range", "day_of_month"}
_DAY_SHAPES = {"d", "dd", "dxx", "ddxx"}
# Modifiers recorded on the mention but left out of its span ("Late last year" → "last year"), as the
# project's gold has it; "the end of 2025" names a day and keeps its words.
_PART_OUTSIDE_SPAN = {"early", "mid", "late"}
# Date kinds whose reading depends on the tense of their clause.
_TENSED = {"weekday", "day_of_month", "month_day", "month", "season", "holiday", "nth_weekday", "quarter", "half", "trailing"}
_CLAUSE_END = {".", "!", "?", ";"}
_PASSIVE_BE = {"be", "been", "being", "is", "are"}


@dataclass(frozen=True)
class FoundDate:
    """A date expression found in a paragraph, not yet resolved; `tokens` are its token offsets in the
    paragraph, from its relation word (if any) and from the date itself, to its end."""

    span: Span
    rule: str
    expression: DateExpression
    relation: str
    tokens: tuple[int, int, int] = (0, 0, 0)


def clause_tense(doc: Doc, start: int, end: int, reader: DateReader) -> str | None:
    """"past" or "future" after the tense word nearest the date in its clause ("will", "said",
    "launched"); with none, "future" for a deadline with "by", else None. Without a tagger: auxiliaries
    and a few reporting verbs from the lexicon, and a word in -ed that no "be" form comes right before
    (so "will be held" stays future)."""
    best: tuple[int, str] | None = None
    left = start - 1
    while left >= 0 and start - left <= 12 and doc[left].text not in _CLAUSE_END:
        tense = _tense_of(doc, left, reader)
        if tense:
            best = (start - left, tense)
            break
        left -= 1
    right = end
    while right < len(doc) and right - end < 8 and doc[right].text not in _CLAUSE_END:
        tense = _tense_of(doc, right, reader)
        if tense:
            # The verb before a date usually governs it ("announced on Monday aims to …"): a word
            # after wins only when nothing comes within three words before.
            if best is None or (best[0] > 3 and right - end + 1 < best[0]):
                best = (right - end + 1, tense)
            break
        right += 1
    if best is None and doc[start].lower_ == "by":  # "Applications close by February": a deadline ahead
        return "future"
    return best[1] if best else None


def _tense_of(doc: Doc, i: int, reader: DateReader) -> str | None:
    word = doc[i].lower_
    if word == "to" and i > 0 and doc[i - 1].lower_ in ("is", "are"):  # "the ministry is to release funds"
        return "future"
    if word in reader.future_words:
        return "future"
    past_form = word in reader.past_words
    if past_form or (word.endswith("ed") and len(word) > 4 and doc[i].is_alpha and word not in reader.not_past_words):
        # a participle after "be" ("will be held", "is expected") says nothing of the time
        before = doc[i - 1].lower_ if i > 0 else ""
        if before in _PASSIVE_BE or (not past_form and before in reader.future_words):
            return None
        return "past"
    return None


def _duration_in_context(doc: Doc, span: SpacySpan, expression: DateExpression) -> DateExpression:
    """"in five years" is a horizon from publication and "within two years" a deadline; a duration
    elsewhere ("a three-year plan") is only a length of time."""
    i = span.start - 1
    while i >= 0 and doc[i].lower_ in _HEDGES:
        i -= 1
    before = doc[i].lower_ if i >= 0 else ""
    if before == "in":
        return replaced(expression, kind="horizon")
    if before == "within":
        return replaced(expression, kind="within")
    return expression


def _join_ranges(doc: Doc, offset: int, text: str, found: list[FoundDate]) -> list[FoundDate]:
    """Two dates linked by "to", "-", "through", "until" or "between … and" as one range."""
    out: list[FoundDate] = []
    for f in found:
        if out and _links(doc, out[-1], f):
            first = out.pop()
            last_expr = f.expression
            first_expr = first.expression
            if first_expr.kind in ("month_day", "month") and first_expr.offset == 0 and last_expr.year is not None \
                    and last_expr.month is not None:
                year = last_expr.year - (1 if first_expr.month > last_expr.month else 0)
                first_expr = replaced(first_expr, kind="date" if first_expr.kind == "month_day" else "month_year", year=year)
            expression = DateExpression("range", first=first_expr, last=last_expr)
            relation = "during" if first.relation == "on" else first.relation
            start_token = first.tokens[0]
            out.append(FoundDate(char_span(doc, offset, text, start_token, f.tokens[2]), first.rule, expression,
                                 relation, (start_token, first.tokens[1], f.tokens[2])))
            continue
        elif (now := _now_before(doc, f)) is not None:
            expression = DateExpression("range", first=DateExpression("now"), last=f.expression)
            f = FoundDate(char_span(doc, offset, text, now, f.tokens[2]), f.rule, expression, "during",
                          (now, now, f.tokens[2]))
        out.append(f)
    return out


def _now_before(doc: Doc, found: FoundDate) -> int | None:
    """The token of "now" when `found` ends a range from it ("between now and 2030", "from now until
    June"), else None."""
    i = found.tokens[0]
    if found.expression.kind not in _RANGE_KINDS or found.relation not in ("on", "until") or i < 2:
        return None
    if found.relation == "until":  # "from now until June": the relation word is the link
        now, link = i - 1, doc[i].lower_
    else:
        now, link = i - 2, doc[i - 1].lower_
    if now < 1 or doc[now].lower_ != "now":
        return None
    return now if link in _NOW_LINKS.get(doc[now - 1].lower_, ()) else None


def _links(doc: Doc, first: FoundDate, second: FoundDate) -> bool:
    if first.expression.kind not in _RANGE_KINDS or second.expression.kind not in _RANGE_KINDS:
        return False
    if first.relation not in ("on", "since"):
        return False
    if second.tokens[0] - first.tokens[2] > 1:
        return False  # the link is one word or none
    gap = [t.lower_ for t in doc[first.tokens[2] : second.tokens[0]]]
    if second.relation == "until":  # "from May until the end of June": the relation word is the link
        return not gap
    if second.relation != "on":
        return False
    if gap == ["and"]:
        return first.tokens[0] > 0 and doc[first.tokens[0] - 1].lower_ == "between"
    return len(gap) == 1 and gap[0] in _RANGE_LINKS


def _not_a_year_here(span: SpacySpan, reader: DateReader) -> bool:
    """"$2025", "2025 million", "No. 2025": a four-digit number next to money or a counter word."""
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before == "." and span.start > 1:  # "No. 2025" is tokenized "No", "."
        before = doc[span.start - 2].lower_ + "."
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    return before in reader.not_before_year or after in reader.not_after_year


def _day_of_month_ends(span: SpacySpan) -> bool:
    """Whether "the 28th" stops where a day of the month would: at punctuation, the end, or a word that
    goes on with a date ("the 28th at noon", "the 21st and 23rd,"); never before a noun it numbers."""
    doc = span.doc
    i = span.end
    if i >= len(doc) or not doc[i].is_alpha:
        return True
    word = doc[i].lower_
    if word not in DAY_OF_MONTH_FOLLOWERS:
        return False
    if word in _LINK_WORDS and i + 1 < len(doc) and doc[i + 1].shape_ in ("dxx", "ddxx"):
        return i + 2 >= len(doc) or not doc[i + 2].is_alpha  # "the 3rd and 4th phases" numbers phases
    return True


def _inside_a_code(span: SpacySpan) -> bool:
    """"+86 138-2010-2015", "32-2015", "133-03-03-2020": digits glued to the span by "-", "/" or "." are a
    phone number or a code, not a year."""
    doc = span.doc
    if span.start > 0:
        before = doc[span.start - 1]
        if not before.whitespace_ and (before.like_num or (before.text in ("-", "/", ".") and span.start > 1
                                                           and not doc[span.start - 2].whitespace_
                                                           and doc[span.start - 2].text[-1:].isdigit())):
            return True
    if span.end + 1 < len(doc):
        after, beyond = doc[span.end], doc[span.end + 1]
        if not span[-1].whitespace_ and after.text in ("-", "/", ".") and not after.whitespace_ and beyond.text[:1].isdigit():
            return True
    return False


_NUMERIC_FORMS = {"year", "year_range"}


def _in_numeric_range(span: SpacySpan) -> bool:
    """"10/1-11/7", "5/1 - 5/7/2020": a day/month next to another across a dash is a range of dates."""
    doc = span.doc
    after = doc[span.end : span.end + 2]
    before = doc[max(span.start - 2, 0) : span.start]
    return (len(after) == 2 and after[0].text in ("-", "–") and "/" in after[1].text and after[1].text[:1].isdigit()) or (
        len(before) == 2 and before[1].text in ("-", "–") and "/" in before[0].text and before[0].text[:1].isdigit())


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
        before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
        after = span.doc[span.end] if span.end < len(span.doc) else None
        if form == "year" and _not_a_year_here(span, reader):
            return None
        if form in _NUMERIC_FORMS and _inside_a_code(span):
            return None
        if form == "month" and len(span) == 1 and before not in MONTH_CONTEXT and span.start not in relations:
            return None
        if form == "month" and len(span) == 2 and after is not None and after.shape_ in _DAY_SHAPES:
            return None  # "next April 6": the month and day, which "next" places
        if form in _DAY_FORMS and (before in _TENS_WORDS or (
                before == "-" and span.start > 1 and span.doc[span.start - 2].lower_ in _TENS_WORDS)):
            return None  # "twenty-third of May" read as "third of May"
        if form == "day_of_month" and not _day_of_month_ends(span):
            return None  # "the 14th Five-Year Plan", "the 3rd floor", "the 3rd and 4th phases"
        if form == "numeric_date" and len(span) == 1 and span[0].shape_.count("d") <= 4 and "/" in span[0].text \
                and before not in DATE_PREPOSITIONS and reader.weekday(before) is None and not _in_numeric_range(span):
            return None  # "3/4" alone is a fraction
        if before in reader.not_before_year and span[0].like_num:
            return None  # "$12 December 27": the 12 is money
        if form == "season" and len(span) == 1 and before not in DATE_PREPOSITIONS and span.start not in relations:
            return None
        if form == "half" and span[-1].lower_ == "half" and (
                before not in DATE_PREPOSITIONS or (after is not None and after.lower_ == "of")):
            return None  # "the first half of the funds", "the second half was stronger"
        if form == "season" and after is not None and after.is_alpha and after.is_title:
            return None  # "Spring Festival", "Summer Davos", "Winter Olympics": names
        if form == "duration" and after is not None and (after.lower_ in ("old", "-") or (
                after.lower_ == "of" and span[-1].lower_.startswith("quarter"))):
            return None  # "five years old", "a two-year-old company", "three quarters of firms"
        if form == "holiday":
            if after is not None and after.is_alpha and after.is_title and after.lower_ not in ("day", "eve"):
                return None  # "Christmas Island", "Easter Island"
            return reader.read("holiday", [t.text for t in span])
        return reader.read(form, [t.text for t in span])

    found = []
    for figure in choose_figures(doc, date_matches, read):
        if figure.reading is INVALID:
            continue
        assert figure.match is not None
        form = str(figure.match.line.attrs["form"])
        expression = figure.reading
        start, relation = figure.start, _FORM_RELATION.get(form, "on")
        span_start: int | None = None
        if figure.start in relations:
            cue = relations[figure.start]
            start, relation = cue.start, str(cue.line.attrs["relation"])
            if "part" in cue.line.attrs:  # "the end of", "early": then a relation may come before it
                part = str(cue.line.attrs["part"])
                expression = replaced(expression, part=part)
                if part in _PART_OUTSIDE_SPAN:
                    span_start = figure.start
                if cue.start in relations:
                    outer = relations[cue.start]
                    start, relation = outer.start, str(outer.line.attrs["relation"])
                    span_start = None
        if expression.kind == "duration":
            expression = _duration_in_context(doc, doc[figure.start : figure.end], expression)
            if expression.kind != "duration" and relation == "on":
                relation = "by"
        if expression.kind in _TENSED and expression.year is None and expression.mode is None:
            before = doc[start - 1].lower_ if start > 0 else ""
            tense = _OCCURRENCE_TENSE.get(before) if expression.kind == "month_day" else None
            expression = replaced(expression, tense=tense or clause_tense(doc, start, figure.end, reader))
        elif expression.kind == "range" and expression.first.kind in _TENSED and expression.first.year is None:
            tense = clause_tense(doc, start, figure.end, reader)  # "from the 9th to the 12th of June"
            expression = replaced(expression, first=replaced(expression.first, tense=tense),
                                  last=replaced(expression.last, tense=tense))
        found.append(FoundDate(char_span(doc, offset, text, start if span_start is None else span_start, figure.end),
                               figure.rule, expression, relation, (start, figure.start, figure.end)))
    return _join_ranges(doc, offset, text, found)


def needs_conventions(found: list[FoundDate]) -> bool:
    """Whether a document's dates depend on its jurisdiction: a fiscal year, a split year ("2025-26"),
    or a numeric date valid both day first and month first."""
    def needs(expr: DateExpression | None) -> bool:
        return expr is not None and (expr.kind == "fiscal" or expr.ambiguous or expr.mode == "split"
                                     or needs(expr.first) or needs(expr.last))
    return any(needs(f.expression) for f in found)


def resolve_dates(found: list[FoundDate], *, doc_id: str, published: date | None,
                  published_year: int | None, conventions: DateConventions = DEFAULT_CONVENTIONS) -> list[DateMention]:
    """Date mentions of a document, in text order, each resolved against what came before it: "the
    same day" against the latest mention of one day, other anchored expressions against the latest."""
    mentions: list[DateMention] = []
    periods: list[Period] = []
    for f in found:
        expr = f.expression
        previous_index = len(periods) - 1
        if expr.kind == "anchored" and expr.unit == "day":
            previous_index = next((i for i in range(len(periods) - 1, -1, -1)
                                   if periods[i].granularity == "day" and periods[i].start is not None), -1)
        previous = periods[previous_index] if previous_index >= 0 else None
        try:
            period = resolve(expr, published, published_year, previous, conventions)
        except (ValueError, OverflowError):  # arithmetic past year 1 or 9999 ("a month ago" in 0001-01-01)
            period = Period(None, None, granularity_of(expr, previous), True, "published")
        anchor = None
        if period.anchor == "published":
            anchor = "published"
        elif period.anchor == "previous":
            anchor = mentions[previous_index].id if previous_index >= 0 else None
        duration = None
        if expr.kind in ("duration", "horizon", "within", "forward", "backward", "trailing") and expr.number and expr.unit:
            duration = iso_duration(expr.number, expr.unit)
        mentions.append(DateMention(
            id=f"{doc_id}:date:{f.span.start}-{f.span.end}", span=f.span, rule=f.rule,
            start=period.start, end=period.end, time=expr.time, granularity=period.granularity,
            relation=f.relation, relative=period.relative, anchor=anchor, duration=duration,
            modifier=expr.part, narrow_start=period.narrow[0] if period.narrow else None,
            narrow_end=period.narrow[1] if period.narrow else None, reading=period.reading,
            ambiguous=period.ambiguous,
        ))
        periods.append(period)
    return mentions
