"""Facts: the records of a sentence joined into policy facts (who, what metric, how much, by when).

Every amount and percentage of a document is the quantity of a fact (a stated conversion joins its
partner's fact), and so is every counted quantity of a sentence that states a goal, a plan, a result or
a forecast: a count with its noun ("30 computing centres", "three to five enterprises"), a multiple
("five times", "double", "sixfold") or a rank ("top 10"). A sentence is cut into clauses (at "while",
"whereas", semicolons and "according to ..."); each quantity is read within its clause:

- status: the cue nearest the quantity (aims/shall/strives → target, will/plans → planned, pledged →
  announced, has reached → achieved, expects → forecast); a third party's figures ("according to a
  report", "analysts expect") are forecasts, never targets;
- type: a fund's size, an investment, a subsidy or funding (a government's money), a target (a goal:
  counts, multiples, ranks, sizes and shares to reach), a statistic (a count achieved or forecast), else
  a financial figure;
- actor: the clause's first organization, else its reference ("the province", "this Municipality")
  resolved to the nearest body of that kind named before, else its first place; a possessor gives way
  to what it possesses ("China's Sichuan" → Sichuan); a clause without one takes the sentence's. Only
  a body that may commit counts: not a figure's recipient or place ("a loan to India", "in Chiayi"), a
  forecaster ("analysts at X": the source), nor a place naming a body's jurisdiction ("Abu Dhabi's ADNOC");
- metric: the measured noun phrase ("market size", "computing centres", "revenue from X");
- time: the date of the clause tied to the quantity (a deadline first); `deadline` when that date is
  a deadline or a future date of a goal, or a horizon ("in five years": publication year + 5).

Cue words are data (`patterns/facts.jsonl`, lexicon classes `actor_reference`, `count_unit`,
`multiple_word`, `metric_head`, `metric_verb`); money is converted to US dollars and yuan with the
rates the text states, else with `patterns/exchange_rates.jsonl`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import chain, pairwise
from pathlib import Path

from pydantic import Field
from spacy.tokens import Doc

from policyextract.matching import Match, ParagraphMatches
from policyextract.models import (
    Amount,
    DateMention,
    Fact,
    JurisdictionMention,
    OrgMention,
    Percentage,
    Span,
)
from policyextract.families.numerals import canonical
from policyextract.pattern_lines import CompiledPattern, Lexicon, Line, read_jsonl, validated
from policyextract.families.quantities import read_number
from policyextract.families.sentences import ParagraphTokens, sentence_bounds

_DEADLINES = ("by", "until", "over", "before")
_FUND_WINDOW = 12  # tokens after an amount (and its conversion) within which "fund" makes it a fund's size
_INVESTMENT_WINDOW = 4  # tokens before an amount within which "investment" makes it an investment
_SUBSIDY_WINDOW = 6  # tokens around an amount within which "subsidies", "coupons" make it a subsidy
_GOVERNMENTS = {"government body", "regulator"}
_REFERENCE_LOOKBACK = 40  # named bodies searched back for a reference's antecedent: the nearest are the likely ones
_EVIDENCE_CHARS = 600  # a longer sentence (a scraped paragraph without full stops) is cut around the quantity
_RANGE_WORDS = {"to", "-", "–", "or"}
_HEDGES = {"over", "about", "nearly", "around", "some", "approximately", "roughly", "almost", "above", "below", "under"}
_BOUND_PAIRS = {("more", "than"), ("less", "than"), ("at", "least"), ("up", "to"), ("at", "most"), ("much", "as")}
_PURPOSE_NOUNS = {"funding": "funding", "subsidy": "subsidies", "fund": "fund", "investment": "investment"}
_PURPOSE_VERBS = {"support", "fund", "finance", "subsidise", "subsidize", "build", "develop", "construct", "promote", "back"}
_REACH_VERBS = {"reach", "reaches", "hit", "hits", "exceed", "exceeds", "surpass", "surpasses", "top", "achieve", "reached", "exceeded"}
_AUXILIARIES = {"to", "will", "would", "could", "should", "is", "are", "be", "expected", "set", "likely", "projected", "poised", "forecast"}
_DETERMINERS = {"the", "its", "their", "a", "an", "this", "that", "his", "her", "our", "various", "all", "local", "each", "every"}
_DIRECTIONS = {"southern", "northern", "eastern", "western", "central", "southwestern", "southeastern", "northwestern",
               "northeastern", "coastal", "capital", "hub", "tech", "of"}
# bodies that report or host, never commit: a media outlet is no actor; a research institute, an
# industry body or a university acts only where the clause names no government, place or reference
_NEVER_ACTORS = {"media"}
_MINOR_ACTORS = {"research institute", "industry body", "university", "platform", "consortium", "other"}
_SUBSIDY_WORDS = {"subsidy", "subsidies", "coupon", "coupons", "voucher", "vouchers", "grant", "grants", "rebate", "rebates"}
# what may follow a multiple word for it to state a factor ("double its output", not "double taxation")
_AFTER_MULTIPLE = {"the", "its", "their", "this", "that", "our", "by", "in", "over", "within", "from", "to", "of", ",", ".",
                   "between", "before", "again", "rise", "increase", "growth", "jump", "expansion"}
# what after "N times" makes it a frequency, not a factor ("three times a year")
_NOT_A_COUNT = {"times", "fold", "-", "%", "percent", "per", "billion", "million", "trillion"}  # after a number of "number of X to N"
_COUNT_STATUSES = {"target", "planned", "achieved", "forecast"}
_BEFORE_VERB = {"to", "will", "would", "shall", "can", "could"}  # a multiple word after these is a verb ("aims to triple X")
# words after a figure that begin its object (a recipient or a place), and "by" that names the agent
_OBJECT_WORDS = {"to", "for", "into", "in", "at", "on", "towards", "by"}
# the name a source cue ends with: "according to a report by Deloitte", "analysts at Morgan Stanley"
_SOURCE_NAME = re.compile(r"\b(?:by|at|from)\s+(?:the\s+)?([A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})\s*$")
_FREQUENCY = {"a", "per", "each", "every", "daily", "weekly", "monthly", "annually", "yearly", "this", "last", "so", "since"}
_INVEST_VERBS = {"invest", "invested", "investing", "invests"}
# a fact's confidence by (has an actor, has a time, has a cue of its clause), rounded once, not per fact
_CONFIDENCE = {(actor, time, cue): round(0.5 + 0.2 * actor + 0.15 * time + 0.15 * cue, 2)
               for actor in (False, True) for time in (False, True) for cue in (False, True)}


@dataclass(frozen=True, slots=True)
class Counted:
    """A counted quantity of a sentence: a count, a multiple or a rank."""

    span: Span
    value: Decimal
    high: Decimal | None
    unit: str
    form: str  # "count", "multiple" or "rank"
    bound: str | None
    baseline: Decimal | None
    token_end: int  # paragraph token index just after the quantity


@dataclass(frozen=True)
class SentenceFacts:
    """What facts need of one sentence, in character offsets of the text."""

    span: Span
    cues: list[tuple[int, int, Match]]  # (char start, char end, cue)
    counts: list[Counted]
    clauses: list[tuple[int, str]]  # (char start, kind: "start", "source" or "speech") of each clause after the first
    tokens: ParagraphTokens  # the tokens of the sentence's paragraph
    token_range: tuple[int, int]
    # the clauses and their first characters (the sentence's first too), with reported statements as
    # clauses (True) or not (False): made once, for `clause_of`
    _clause_starts: dict[bool, tuple[list[tuple[int, str]], list[int]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts = {}
        for speech in (True, False):
            clauses = self.clauses if speech else [c for c in self.clauses if c[1] != "speech"]
            starts[speech] = clauses, [self.span.start] + [c for c, _ in clauses]
        object.__setattr__(self, "_clause_starts", starts)  # a frozen dataclass's own field

    def window(self, first: int, last: int, before: int, after: int) -> tuple[list[str], list[str]]:
        """The lower-case words of the `before` tokens of the sentence before token `first` and of the
        `after` tokens from token `last` on."""
        start, end = self.token_range
        lowers = self.tokens.lowers
        return lowers[max(start, first - before):first], lowers[last:min(end, last + after)]

    def lower(self, i: int) -> str:
        """The lower-case text of paragraph token `i` of the sentence ("" outside it)."""
        start, end = self.token_range
        return self.tokens.lowers[i] if start <= i < end else ""

    def token_at(self, char: int) -> int:
        """The paragraph index of the first token of the sentence starting at or after `char` (the end
        of the sentence when none does)."""
        start, end = self.token_range
        return bisect_left(self.tokens.starts, char, start, end)

    def clause_of(self, char: int, speech: bool = True) -> tuple[int, int, bool]:
        """(char start, char end, names a source) of the clause holding offset `char`. A reported
        statement ("..., saying Shanghai will ...") is a clause of its own for who acts (`speech`), not
        for when or how sure."""
        clauses, starts = self._clause_starts[speech]
        i = bisect_right(starts, char) - 1
        end = starts[i + 1] if i + 1 < len(starts) else self.span.end
        return starts[i], end, bool(i and clauses[i - 1][1] == "source")

    def text(self, start: int, end: int) -> Span:
        """The span of characters [start, end) of the sentence, in the original text."""
        return Span(start=start, end=end, text=self.span.text[start - self.span.start:end - self.span.start])

    def token_text(self, start: int, end: int) -> Span:
        """The span of the sentence's tokens [start, end)."""
        return self.text(self.tokens.starts[start], self.tokens.end(end - 1))


def read_counted(words: list[str], form: str, multiples: dict[str, Decimal],
                 scales: dict[str, Decimal] | None = None) -> tuple[Decimal, Decimal | None, int] | None:
    """(value, high end of a range or None, index of the first word of the unit) of the words of a
    COUNT match, or None when they state no such quantity.

    count: "30 computing centres", "three to five enterprises", "5 million users", "5 lakh jobs" (a
    `scales` word after the number multiplies it; a four-digit number that reads as a year is none:
    "2025 companies"); multiple: "five times", "10 - fold", "double";
    rank: "top 10", "top - five".
    """
    if not words:
        return None
    if form == "multiple" and len(words) == 1:
        factor = multiples.get(words[0].lower())
        return (factor, None, 1) if factor else None
    if form == "rank":
        value = read_number(words[2:] if words[1:2] == ["-"] else words[1:])
        return (value, None, len(words)) if value and value > 0 else None
    end, low = 0, None
    while end < len(words) and (value := read_number(words[:end + 1])) is not None:  # "5 million": a number of two words
        end, low = end + 1, value
    if low is None or low <= 0:
        return None
    if scales and end < len(words) - 1 and words[end].lower() in scales:  # "5 lakh jobs": 500,000 jobs
        return low * scales[words[end].lower()], None, end + 1
    if form == "multiple":
        return low, None, end
    if end == 1 and len(words[0]) == 4 and words[0].isascii() and words[0].isdigit() and 1900 <= int(words[0]) <= 2100:
        return None  # "by 2025 companies will ...": a year
    high = None
    if end < len(words) - 1 and words[end].lower() in _RANGE_WORDS:
        stop = end + 1
        while stop < len(words) and (value := read_number(words[end + 1:stop + 1])) is not None:
            stop, high = stop + 1, value
        if high is not None and high > low:
            end = stop
        else:
            high = None
    return low, high, end


def read_number_of(words: list[str]) -> tuple[Decimal, Decimal | None, int, int] | None:
    """(value, baseline or None, first and end index of the counted noun) of "number of <noun> from A to
    B" (B from a baseline of A) or "number of <noun> to B"."""
    lowered = [w.lower() for w in words]
    cut = next((i for i in range(2, len(words)) if lowered[i] in ("from", "to")), None)
    if cut is None or cut == 2:
        return None
    rest = words[cut + 1:]
    while rest and read_number(rest[:1]) is None and rest[0].isalpha():  # "to reach 2,500", "to over 300"
        rest = rest[1:]
    if lowered[cut] == "from":
        if "to" not in [w.lower() for w in rest]:
            return None
        k = [w.lower() for w in rest].index("to")
        baseline, value = read_number(rest[:k]), read_number(rest[k + 1:])
        if baseline is None or value is None:
            return None
        return value, baseline, 2, cut
    value = read_number(rest)
    return (value, None, 2, cut) if value is not None and value > 0 else None


def horizon_deadline(published_year: int | None, years: int) -> date | None:
    """The deadline of "in N years", "within the next N years": 31 December of the publication year + N
    (the year is what a reader states: "in five years" in a 2022 article is "by 2027")."""
    return date(published_year + years, 12, 31) if published_year else None


@dataclass(frozen=True)
class CountReading:
    """What reading counted quantities needs: the factor of each multiple word ("double": 2) and the
    bound each phrase before a count gives ("at least": min), as word tuples."""

    multiples: dict[str, Decimal]
    bounds: dict[tuple[str, ...], str]
    scales: dict[str, Decimal]  # "lakh": 100,000, for counts the number words leave to the scale word

    @classmethod
    def of(cls, lexicon: Lexicon, patterns: list[CompiledPattern]) -> CountReading:
        multiples = {t: Decimal(v or "0") for t, v in lexicon.entries.get("multiple_word", {}).items()}
        scales = {t: Decimal(v) for t, v in lexicon.entries.get("scale", {}).items() if v and " " not in t}
        return cls(multiples, bound_phrases(patterns), scales)

    def bound_before(self, words: list[str]) -> str | None:
        """The bound of the longest bound phrase that ends `words` (the lower-case words before a count)."""
        for n in (3, 2, 1):
            if len(words) >= n and tuple(words[-n:]) in self.bounds:
                return self.bounds[tuple(words[-n:])]
        return None


def bound_phrases(patterns: list[CompiledPattern]) -> dict[tuple[str, ...], str]:
    """The word sequences of the BOUND_MIN / BOUND_MAX modifier patterns ("more than": min, "up to":
    max), read off `patterns/modifiers.jsonl` so that counts use the same words as amounts: a count
    reads its bound from the words before it, without running the modifier patterns."""
    out: dict[tuple[str, ...], str] = {}
    for p in patterns:
        bound = {"BOUND_MIN": "min", "BOUND_MAX": "max"}.get(p.line.label)
        if bound is None or p.line.attrs.get("position") != "before":
            continue
        phrases: list[tuple[str, ...]] = [()]
        for token in p.line.pattern:
            words = token.get("LOWER")
            words = [words] if isinstance(words, str) else (words or {}).get("IN") if isinstance(words, dict) else None
            if not words or token.get("OP") not in (None, "?"):
                phrases = []
                break
            grown = [phrase + (w,) for phrase in phrases for w in words]
            phrases = grown + (phrases if token.get("OP") == "?" else [])
        for phrase in phrases:
            if phrase and len(phrase) <= 3:
                out[phrase] = bound
    return out


def find_sentences(doc: Doc, offset: int, text: str, matches: ParagraphMatches, reading: CountReading) -> list[SentenceFacts]:
    """The sentences of a paragraph with their fact cues, clauses and counted quantities."""
    facts = matches.figures("facts")
    cue_matches = [m for m in facts if m.line.label == "CUE"]
    # a cue inside a longer one is part of it: "target" in "on target for" is no target
    cue_matches = [m for m in cue_matches if not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                                                     for o in cue_matches)]
    tokens = ParagraphTokens.of(doc, offset)
    counted = _counted(tokens, text, [m for m in facts if m.line.label == "COUNT"], reading)
    bounds = sentence_bounds(tokens)
    # each cue goes to the sentence its first token is in (cues keep their order), if it ends there too
    sentence_cues: list[list[tuple[int, int, Match]]] = [[] for _ in bounds]
    bound_starts = [start for start, _ in bounds]
    for m in cue_matches:
        k = bisect_right(bound_starts, m.start) - 1
        if k >= 0 and m.end <= bounds[k][1]:
            sentence_cues[k].append((tokens.starts[m.start], tokens.end(m.end - 1), m))
    sentences = []
    for (start, end), cues in zip(bounds, sentence_cues):
        sentence_span = tokens.span(text, start, end)
        clauses = [(c[0], str(c[2].line.attrs["clause"])) for c in cues
                   if c[2].line.attrs.get("clause") and c[0] > sentence_span.start]
        sentence_counts = [c for c in counted if sentence_span.start <= c.span.start and c.span.end <= sentence_span.end]
        sentences.append(SentenceFacts(sentence_span, cues, sentence_counts, clauses, tokens, (start, end)))
    return sentences


def _counted(tokens: ParagraphTokens, text: str, count_matches: list[Match], reading: CountReading) -> list[Counted]:
    """The counted quantities of a paragraph: the longest COUNT matches that read, never overlapping."""
    if not count_matches:
        return []
    lowers = tokens.lowers
    taken: set[int] = set()
    found = []
    for m in sorted(count_matches, key=lambda m: (m.start - m.end, m.start)):
        if taken & set(range(m.start, m.end)):
            continue
        form = str(m.line.attrs.get("form", "count"))
        after = lowers[m.end] if m.end < len(tokens) else "."
        before = lowers[m.start - 1] if m.start > 0 else "."
        if (form == "multiple" and m.end - m.start == 1 and not m.line.pattern[0].get("LIKE_NUM") and after not in _AFTER_MULTIPLE
                and before not in _BEFORE_VERB):
            continue  # "double taxation", "double-digit"; "to triple domestic revenue" is a verb
        if form == "multiple" and after in _FREQUENCY:
            continue  # "three times a year"
        words = tokens.texts[m.start:m.end]
        start = m.start
        if form == "rank":  # "among the top 10": the rank is read from "top" on
            cut = next(i for i, w in enumerate(words) if w.lower() == "top")
            words, start = words[cut:], m.start + cut
        if form == "number_of":  # "the number of tech firms from 1,000 to 5,000": counted as a count of tech firms
            of = read_number_of(words) if after not in _NOT_A_COUNT else None  # "to increase five times"
            if of is None:
                continue
            value, baseline, unit_start, unit_end = of
            taken.update(range(m.start, m.end))
            found.append(Counted(tokens.span(text, m.start + unit_end + 1, m.end), canonical(value), None,
                                 tokens.span(text, m.start + unit_start, m.start + unit_end).text, "count", None,
                                 canonical(baseline) if baseline is not None else None, m.end))
            continue
        read = read_counted(words, form, reading.multiples, reading.scales)
        if read is None:
            continue
        low, high, unit_start = read
        taken.update(range(m.start, m.end))
        baseline = None
        if high is not None and m.start > 0 and before == "from" and lowers[m.start + 1] == "to":
            baseline, low, high = low, high, None  # "from 1,000 to 5,000 companies": 5,000 from a baseline of 1,000
        unit = {"multiple": "times", "rank": "rank"}.get(form) or tokens.span(text, m.start + unit_start, m.end).text
        bound = reading.bound_before(lowers[max(0, m.start - 3):m.start])
        found.append(Counted(tokens.span(text, start, m.end), canonical(low), canonical(high) if high else None,
                             unit, form, bound, canonical(baseline) if baseline else None, m.end))
    return found


def _inside(span: Span, outer: Span | tuple[int, int]) -> bool:
    start, end = (outer.start, outer.end) if isinstance(outer, Span) else outer
    return start <= span.start and span.end <= end


class ExchangeRateLine(Line):
    """A line of `exchange_rates.jsonl`: a currency's yearly average rate against the US dollar."""

    currency: str = Field(pattern=r"^[A-Z]{3}$")
    year: int = Field(ge=1900, le=2200)
    per_usd: Decimal | None = Field(None, gt=0, description="currency units per US dollar")
    usd_per_unit: Decimal | None = Field(None, gt=0, description="US dollars per currency unit")
    source: str = Field(min_length=1)


class ExchangeRates:
    """Yearly average rates: currency units per US dollar, by (currency, year)."""

    def __init__(self, rates: dict[tuple[str, int], Decimal]):
        self.rates = rates
        self.years: dict[str, list[int]] = {}
        for currency, year in sorted(rates):
            self.years.setdefault(currency, []).append(year)
        self.years["USD"] = sorted({y for ys in self.years.values() for y in ys})
        self._chosen: dict[tuple[str, int | None], tuple[Decimal, int] | None] = {}  # per_usd's answers

    @classmethod
    def load(cls, path: Path) -> ExchangeRates:
        """The rates of a file; none when it does not exist (a patterns folder of an older layout)."""
        if not path.is_file():
            return cls({})
        rates = {}
        for lineno, obj in read_jsonl(path):
            line: ExchangeRateLine = validated(ExchangeRateLine, obj, path, lineno)
            per_usd = line.per_usd or (1 / line.usd_per_unit if line.usd_per_unit else None)
            if per_usd is not None:
                rates[(line.currency, line.year)] = per_usd
        return cls(rates)

    def per_usd(self, currency: str, year: int | None) -> tuple[Decimal, int] | None:
        """(rate, the table's year used): the year asked, else the nearest year the table has (the
        later one on a tie), the latest when no year is known."""
        key = (currency, year)
        if key not in self._chosen:  # the same few currencies and years come back for every amount
            self._chosen[key] = self._per_usd(currency, year)
        return self._chosen[key]

    def _per_usd(self, currency: str, year: int | None) -> tuple[Decimal, int] | None:
        if currency == "USD":
            return Decimal(1), (year or max(self.years["USD"], default=0))
        years = self.years.get(currency)
        if not years:
            return None
        chosen = years[-1] if year is None else min(years, key=lambda y: (abs(y - year), -y))
        return self.rates[(currency, chosen)], chosen


def convert(value: Decimal, currency: str | None, stated: dict[str, Decimal], rates: ExchangeRates,
            year: int | None) -> tuple[Decimal | None, Decimal | None, str | None]:
    """(value in USD, value in CNY, fx source) of money: what the text states first (`stated`: currency →
    value, the amount's own included), else the yearly average rates. The fx source says where the US$
    value came from ('stated', or 'table:<year>'), the unit the report and analysts sum in; a yuan
    value the text does not state comes from the table as well."""
    if currency is None:
        return None, None, None
    out: dict[str, Decimal | None] = {}
    table_years: set[int] = set()
    for target in ("USD", "CNY"):
        have, want = rates.per_usd(currency, year), rates.per_usd(target, year)
        if target in stated:
            out[target] = stated[target]
        elif have is None or want is None:
            out[target] = None
        else:
            out[target] = _rounded(value / have[0] * want[0])
            if target == "USD":
                table_years |= {y for c, (_, y) in ((currency, have), (target, want)) if c != "USD"}
    if out["USD"] is None and out["CNY"] is None:
        return None, None, None
    fx_source = None if out["USD"] is None else "stated" if not table_years else "table:" + ",".join(str(y) for y in sorted(table_years))
    return out["USD"], out["CNY"], fx_source


def _rounded(value: Decimal) -> Decimal:
    """A converted value to the unit (to the cent below 1,000): rates have four or five digits."""
    if abs(value) >= 1000:
        return value.quantize(Decimal(1))  # canonical already: an integer without exponent
    return canonical(value.quantize(Decimal("0.01")))


class FactAssembler:
    """Builds a document's facts from its sentences and records."""

    def __init__(self, lexicon: Lexicon, rates: ExchangeRates | None = None, patterns: list[CompiledPattern] | None = None):
        self.counting = CountReading.of(lexicon, patterns or [])
        self.references = dict(lexicon.entries.get("actor_reference", {}))
        self.metric_heads = lexicon.terms("metric_head")
        self.metric_verbs = {t: v or "" for t, v in lexicon.entries.get("metric_verb", {}).items()}
        self.type_words = {t: v or "" for t, v in lexicon.entries.get("fact_type_word", {}).items()}
        self.count_verbs = {t: v or "" for t, v in lexicon.entries.get("count_verb", {}).items()}
        # words between a possessor and the place it possesses ("China's southern city of Shenzhen")
        self.place_words = lexicon.terms("place_level") | lexicon.terms("actor_reference") | _DIRECTIONS
        self.rates = rates or ExchangeRates({})
        self.org_heads = lexicon.terms("org_head")
        # capitalized words after a place's "'s" that name no body: "Japan's GDP", "Britain's Chancellor"
        self.not_bodies = lexicon.terms("common_acronym") | lexicon.terms("person_title") | lexicon.terms("metric_head")
        # words that say when, how often or how sure, never what: not part of a metric ("annually", "March")
        self.not_metric = lexicon.terms("month") | lexicon.terms("weekday") | lexicon.terms("date_unit") | {
            "annually", "yearly", "monthly", "daily", "approximately", "about", "roughly", "nearly", "just", "amount",
            "target", "targets", "targeted", "goal", "aims", "aim", "plans", "plan", "pledged", "expected", "total",
            "surpass", "reach", "exceed", "set", "new", "grow", "increase", "raise", "expand", "boost", "lift", "promote",
            "achieve", "hit", "fiscal", "half", "percentage", "percent", "pct", "point", "points", "rise", "rises", "fall",
            "falls", "offer", "led"} | lexicon.terms("scale") | lexicon.terms("currency_name") | lexicon.terms("ordinal")
        # a metric holds no verb: the words of the status and speech cues ("said", "fell", "wants") end it
        self.not_metric |= _cue_words(patterns or [])

    def assemble(self, doc_id: str, sentences: list[SentenceFacts], amounts: list[Amount],
                 percentages: list[Percentage], dates: list[DateMention], organizations: list[OrgMention],
                 jurisdictions: list[JurisdictionMention], published: date | None = None,
                 published_year: int | None = None) -> list[Fact]:
        by_id = {a.id: a for a in amounts}
        # a stated conversion is the same fact: keep the first amount of each pair
        partners = {a.equivalent for a in amounts if a.equivalent in by_id and a.span.start < by_id[a.equivalent].span.start}
        quantities: list[tuple[Span, Amount | Percentage | Counted]] = [
            *((a.span, a) for a in amounts if a.id not in partners or a.equivalent is None),
            *((p.span, p) for p in percentages),
        ]
        entities = sorted([*organizations, *jurisdictions], key=lambda m: m.span.start)
        quantities.sort(key=lambda q: q[0].start)
        dates = sorted(dates, key=lambda d: d.span.start)
        quantity_starts, date_starts = [q[0].start for q in quantities], [d.span.start for d in dates]
        entity_starts = [e.span.start for e in entities]
        year = published_year or (published.year if published else None)
        governments = {o.entity_id for o in organizations if o.type in _GOVERNMENTS}
        context = _Context(doc_id, by_id, governments, {o.entity_id for o in organizations}, year, published)
        facts: list[Fact] = []
        topic: tuple[str, str, Span | None] | None = None  # the body the text is about so far
        for sentence in sentences:
            start, end = sentence.span.start, sentence.span.end
            # the records that start in the sentence (by their starts: the records are in text order)
            nearby = quantities[bisect_left(quantity_starts, start):bisect_left(quantity_starts, end)]
            # a place inside money ("US$ 142 million") is no actor
            named = [e for e in entities[bisect_left(entity_starts, start):bisect_left(entity_starts, end)] if e.span.end <= end
                     and not any(f.start < e.span.end and e.span.start < f.end for f, _ in nearby)]
            # a place inside an organization's name ("Pakistan Point News") is the organization's
            orgs = [e.span for e in named if isinstance(e, OrgMention)]
            named = [e for e in named if isinstance(e, OrgMention) or not any(_inside(e.span, o) for o in orgs)]
            in_sentence: list[tuple[Span, Amount | Percentage | Counted]] = [(span, q) for span, q in nearby if span.end <= end]
            in_sentence += [(c.span, c) for c in sentence.counts if _counted_goal(sentence, c.span)
                            and not any(s.start < c.span.end and c.span.start < s.end for s, _ in in_sentence)]
            in_sentence = _without_restated_multiples(sentence, in_sentence)
            if not in_sentence:
                # a sentence of no fact only moves the topic to the body it names: references are
                # resolved where a fact needs them
                named_actor = self._actor(sentence, (start, end), _unpossessed(sentence, named, self.place_words), entities,
                                          entity_starts, None, resolve=False)
                topic = named_actor or topic
                continue
            source = self._source(sentence, named)
            committers = self._committers(sentence, named, [q[0] for q in in_sentence])
            names = [(e.span.start, e.span.end) for e in named if isinstance(e, OrgMention)]
            clause_actors = self._clause_actors(sentence, committers, entities, entity_starts, topic, [q[0] for q in in_sentence])
            sentence_actor = next((a for a in clause_actors.values() if a is not None), None)
            clause_subjects = {c for c, kind in sentence.clauses if kind == "start" and self._refers(sentence, c)}
            if sentence_actor is not None:
                topic = sentence_actor
            sentence_dates = [d for d in dates[bisect_left(date_starts, start):bisect_left(date_starts, end)] if d.span.end <= end]
            ordered = sorted(in_sentence, key=lambda x: x[0].start)
            baselines = _baselines(sentence, ordered)
            for span, quantity in ordered:
                if span.start in baselines.values():
                    continue  # "up from 10% today": the value a goal starts from, no fact of its own
                clause_start = sentence.clause_of(span.start)[0]
                actor = clause_actors.get(clause_start)
                # "..., while the government plans ...": a clause whose own subject names no known body has no
                # actor, not the other clause's
                own_subject = actor is None and clause_start in clause_subjects
                actor = actor or (None if own_subject else sentence_actor)
                clause = sentence.clause_of(span.start, speech=False)
                if actor is None and topic is not None and not own_subject:  # "Moreover, an investment of ...": still the same body
                    actor = (topic[0], topic[1], None)
                if actor is None and not own_subject:  # a research institute, an industry body: who acts only when nobody else is named
                    actor = next(((e.entity_id, e.canonical, e.span) for e in committers
                                  if isinstance(e, OrgMention) and e.type not in _NEVER_ACTORS), None)
                baseline = next(((q.value, s) for s, q in ordered if s.start == baselines[span.start]), None) if span.start in baselines else None
                stated_by = source[:1] if source is not None and _same_part(sentence, source[1], span.start) else None
                facts.append(self._fact(context, sentence, span, quantity, actor, clause, sentence_dates, stated_by, baseline, names))
        return facts

    def _clause_actors(self, sentence: SentenceFacts, named: list[OrgMention | JurisdictionMention],
                       entities: list[OrgMention | JurisdictionMention], starts: list[int],
                       previous: tuple[str, str, Span | None] | None, figures: list[Span]) -> dict[int, tuple[str, str, Span | None] | None]:
        """The actor of each clause of the sentence (by the clause's first character): a source clause
        ("according to a report by X") has none; a reported statement has the body it names before its
        first cue or figure ("saying Shanghai will set up a fund"), else none (it is the speaker's: "said it
        would invest 200 million yuan in Nanjing")."""
        out = {}
        bounds = [sentence.span.start, *(c for c, _ in sentence.clauses), sentence.span.end]
        kinds = ["start", *(kind for _, kind in sentence.clauses)]
        for (start, end), kind in zip(pairwise(bounds), kinds):
            if kind == "source":
                out[start] = None
                continue
            if kind == "speech":
                end = min([end, *(c[0] for c in sentence.cues if start < c[0] < end and "status" in c[2].line.attrs),
                           *(f.start for f in figures if start < f.start < end)])
            in_clause = [e for e in named if start <= e.span.start and e.span.end <= end]
            out[start] = self._actor(sentence, (start, end), _unpossessed(sentence, in_clause, self.place_words), entities, starts, previous)
        return out

    def _actor(self, sentence: SentenceFacts, clause: tuple[int, int], named: list[OrgMention | JurisdictionMention],
               entities: list[OrgMention | JurisdictionMention], starts: list[int],
               previous: tuple[str, str, Span | None] | None, resolve: bool = True) -> tuple[str, str, Span | None] | None:
        """(entity id, canonical name, span) of who a clause is about: its first organization, else its
        reference ("the district", when `resolve`), else its first place. `named`: the entities in the clause."""
        orgs = [e for e in named if isinstance(e, OrgMention) and e.type not in _NEVER_ACTORS]
        first_org = next((e for e in orgs if e.type not in _MINOR_ACTORS), None)
        if first_org is not None:
            return first_org.entity_id, first_org.canonical, first_org.span
        reference = self._reference(sentence, clause, entities, starts, previous) if resolve else None
        if reference is not None:
            return reference
        first_place = next((e for e in named if isinstance(e, JurisdictionMention)), None)
        if first_place is not None:
            return first_place.entity_id, first_place.canonical, first_place.span
        return None

    def _reference(self, sentence: SentenceFacts, clause: tuple[int, int], entities: list[OrgMention | JurisdictionMention],
                   starts: list[int], previous: tuple[str, str, Span | None] | None) -> tuple[str, str, Span] | None:
        """"the district", "this Municipality", "the provincial government", "the plan": the nearest
        body of that kind named before (searched back over a bounded number of names)."""
        tokens = sentence.tokens
        first, last = sentence.token_at(clause[0]), sentence.token_at(clause[1])
        lowers = tokens.lowers
        for i in range(first, last - 1):
            if lowers[i] not in ("the", "this") or lowers[i + 1] not in self.references:
                continue
            where = tokens.starts[i]
            near = bisect_right(starts, where + 4)
            if (i + 2 < last and tokens.texts[i + 2][:1].isupper()) or any(
                    e.span.start <= where + 4 < e.span.end for e in entities[max(0, near - 3):near]):
                continue  # "the Ministry of ...", "the province of Henan": a name, not a reference
            kind = self.references[lowers[i + 1]]
            span = sentence.token_text(i, i + 2)
            if kind == "previous":
                return (previous[0], previous[1], span) if previous else None
            before = bisect_left(starts, where)
            for e in reversed(entities[max(0, before - _REFERENCE_LOOKBACK):before]):
                if _fits(e, kind):
                    return e.entity_id, e.canonical, span
            return None
        return None

    def _source(self, sentence: SentenceFacts, named: list[OrgMention | JurisdictionMention]) -> tuple[str | None, int] | None:
        """Who states the sentence's figures when it names a third party ("according to a report by X",
        "analysts at X expect", "analysts expect"): (X's canonical name, else the name the cue ends with,
        else None; where the cue starts), else None for a sentence of no third party."""
        cue = next((c for c in sentence.cues if c[2].line.attrs.get("source")), None)
        if cue is None:
            return None
        end = sentence.clause_of(cue[0])[1] if cue[2].line.attrs.get("clause") == "source" else cue[1]
        body = next((e for e in named if cue[0] <= e.span.start and e.span.end <= end), None)
        if body is not None:
            return body.canonical, cue[0]
        name = _SOURCE_NAME.search(sentence.text(cue[0], cue[1]).text)  # a source the entities do not know
        return (name.group(1) if name else None), cue[0]

    def _refers(self, sentence: SentenceFacts, start: int) -> bool:
        """Whether the clause starting at `start` opens with its own subject, a reference ("while the
        government plans ..."): its first words after the boundary word."""
        first = sentence.token_at(start) + 1
        return sentence.lower(first) in ("the", "this") and sentence.lower(first + 1) in self.references

    def _committers(self, sentence: SentenceFacts, named: list[OrgMention | JurisdictionMention],
                    figures: list[Span]) -> list[OrgMention | JurisdictionMention]:
        """The named bodies that may commit the sentence's figures: not a third party that states them
        ("analysts at X"), nor a recipient or a place after a figure ("$1.5 billion loan to India", "in
        subsidies for Intel's plant", "into the US"), nor a place glued to a word ("IndiaAI"), nor a place
        that only names the jurisdiction of a body the text names after it ("Abu Dhabi's ADNOC")."""
        text, base = sentence.span.text, sentence.span.start
        stated = [(c[0], c[1]) for c in sentence.cues if c[2].line.attrs.get("source")]
        out = []
        for e in named:
            if any(start <= e.span.start and e.span.end <= end for start, end in stated):
                continue
            if text[e.span.end - base:e.span.end - base + 1].isalnum():
                continue
            if any(_in_object(text[f.end - base:e.span.start - base]) for f in figures if f.end <= e.span.start):
                continue
            if isinstance(e, JurisdictionMention) and text[e.span.end - base:e.span.end - base + 2] in ("'s", "’s") and (
                    self._names_body(text[e.span.end - base + 2:e.span.end - base + 80].split()[:4])):
                continue
            out.append(e)
        return out

    def _names_body(self, words: list[str]) -> bool:
        """Whether the words after a place's "'s" name a body the entities may not know: an acronym
        ("ADNOC", "MGX fund"; not "GDP") or capitalized words ending in an organization word ("Economic
        Development Board")."""
        words = [w.strip(",.;:()") for w in words]
        if not words or not words[0][:1].isupper() or words[0].lower() in self.not_bodies:
            return False
        if len(words[0]) >= 2 and words[0].isupper() and words[0].isalpha():
            return True
        for w in words[1:]:
            if w.lower() in self.org_heads:
                return True
            if not w[:1].isupper():
                return False
        return False

    def _fact(self, context: _Context, sentence: SentenceFacts, span: Span, quantity, actor, clause: tuple[int, int, bool],
              dates: list[DateMention], source: tuple[str | None] | None,
              baseline: tuple[Decimal, Span] | None = None, names: list[tuple[int, int]] = ()) -> Fact:
        clause_cues = [c for c in sentence.cues if clause[0] <= c[0] < clause[1]]
        status = _status(span, [c for c in clause_cues if "status" in c[2].line.attrs]
                         or [c for c in sentence.cues if "status" in c[2].line.attrs])
        if source is not None:
            status = "forecast"
        time = _time(span, [d for d in dates if clause[0] <= d.span.start < clause[1]], dates, status == "achieved")
        deadline = time is not None and time.relation in _DEADLINES
        fact_type, rule = self._type(sentence, span, quantity, actor, context, status, deadline, clause_cues, clause)
        goal = fact_type == "target"
        if goal and time is not None and time.relation == "on" and time.granularity in ("day", "week"):
            # "announced on Monday": the day a goal was stated, never when it is due
            time = _time(span, *([d for d in pool if d.relation != "on" or d.granularity not in ("day", "week")]
                                 for pool in ([d for d in dates if clause[0] <= d.span.start < clause[1]], dates)))
        deadline_date, basis, deadline_span = None, None, None
        horizon = next((c for c in clause_cues if c[2].line.attrs.get("horizon")), None) if goal else None
        # "in five years" is a horizon (the publication year + 5), whatever day the date reader counts to
        counted_span = horizon is not None and time is not None and time.duration is not None
        if time is not None and time.end is not None and not counted_span and (
                deadline or (goal and context.published is not None and time.end > context.published)):
            deadline_date, basis, deadline_span = time.end, "stated", time.span
        if goal and deadline_date is None:
            years = read_number(_numerals(sentence.tokens, horizon[2].start, horizon[2].end)) if horizon else None
            if years is not None and years == int(years) and context.year:
                deadline_date, basis, deadline_span = horizon_deadline(context.year, int(years)), "horizon", sentence.text(horizon[0], horizon[1])
        amount = quantity.id if isinstance(quantity, Amount) else None
        percentage = quantity.id if isinstance(quantity, Percentage) else None
        counted = quantity if isinstance(quantity, Counted) else None
        # "grow AI revenue from 10 billion yuan to 50 billion yuan": the words before the baseline name the metric
        before = baseline is not None and baseline[1].start < span.start
        metric, metric_span = self._metric(sentence, baseline[1] if before else span, quantity, clause, fact_type, names)
        value_usd = value_cny = fx_source = None
        if isinstance(quantity, Amount):
            stated = {quantity.currency: quantity.value} if quantity.currency else {}
            partner = context.amounts.get(quantity.equivalent or "")
            if partner is not None and partner.currency:
                stated.setdefault(partner.currency, partner.value)
            value_usd, value_cny, fx_source = convert(quantity.value, quantity.currency, stated, self.rates, context.year)
        bound = counted.bound if counted else quantity.bound
        return Fact(
            id=f"{context.doc_id}:fact:{span.start}-{span.end}", span=_evidence(sentence, span), rule=rule, type=fact_type,
            actor_id=actor[0] if actor else None, actor=actor[1] if actor else None,
            actor_span=actor[2] if actor and actor[2] and _inside(actor[2], sentence.span) else None,
            metric=metric, metric_span=metric_span, amount=amount, percentage=percentage,
            count=counted.value if counted else None, count_max=counted.high if counted else None,
            count_form=counted.form if counted else None, unit=counted.unit if counted else None, bound=bound,
            baseline=counted.baseline if counted else (baseline[0] if baseline else None), quantity_span=span,
            time=time.id if time else None, time_span=time.span if time else None,
            deadline=deadline_date, deadline_basis=basis, deadline_span=deadline_span, status=status,
            source=source[0] if source else None, value_usd=value_usd, value_cny=value_cny, fx_source=fx_source,
            confidence=_CONFIDENCE[actor is not None, time is not None, bool(clause_cues)],
        )

    def _type(self, sentence: SentenceFacts, span: Span, quantity, actor, context: _Context, status: str, deadline: bool,
              cues: list[tuple[int, int, Match]], clause: tuple[int, int, bool]) -> tuple[str, str]:
        """The fact's type and the id of the rule that gave it."""
        strong_target = any(c[2].line.attrs.get("status") == "target" and not c[2].line.attrs.get("weak") for c in cues)
        if isinstance(quantity, Counted):
            if status not in ("target", "planned"):
                return "statistic", "facts.statistic"
            return "target", f"facts.{quantity.form}"
        if status == "forecast" and any(c[2].line.attrs.get("source") for c in sentence.cues):
            return "financial_figure", "facts.forecast_source"
        if isinstance(quantity, Amount):
            first, last = sentence.token_at(span.start), sentence.token_at(span.end)
            before, after = sentence.window(first, last, _INVESTMENT_WINDOW, _FUND_WINDOW)
            words = sentence.tokens.lowers[sentence.token_at(clause[0]):sentence.token_at(clause[1])]
            types = {self.type_words[w] for w in self.type_words.keys() & words}  # the types the clause's words give
            if any(w in ("fund", "funds") for w in after):
                return "fund", "facts.type_fund"
            invests = not _INVEST_VERBS.isdisjoint(words)
            if invests or any(w in ("investment", "investments") for w in before):
                return "investment", "facts.type_investment"
            if status != "achieved" and strong_target:
                return "target", "facts.status_target"
            # "add $4 billion to the economy", "generate 50 billion yuan in revenue": an outcome, not money spent
            if status in ("target", "planned") and any(w in self.metric_verbs for w in before):
                return "target", "facts.metric_verb"
            # "to achieve a market size of 150 billion yuan by 2025": a size to reach by a deadline
            if deadline and status in ("target", "planned") and ("target" in types or any(
                    c[2].line.attrs.get("type") == "target" for c in cues)):
                return "target", "facts.type_target_size"
            government = actor is not None and (actor[0].startswith("place.") or actor[0] in context.governments)
            if government and any(w in _SUBSIDY_WORDS for w in chain(*sentence.window(first, last, _SUBSIDY_WINDOW, _SUBSIDY_WINDOW))):
                return "subsidy", "facts.type_subsidy"
            # "£250m for AI research hubs": a government's money for a purpose; "loans of up to $5bn for firms"
            # measures the loans
            for_purpose = _for_purpose(after) and sentence.lower(self._bound_start(sentence, sentence.token_at(span.start),
                                                                                   sentence.token_at(clause[0]))) != "of"
            if government and (types & {"funding", "fund", "spending"} or for_purpose):
                return "funding", "facts.type_funding"
            # "Microsoft pledged $300 million", "Nvidia will spend $1.2bn": a company's money committed
            if "spending" in types and actor is not None and actor[0] in context.organizations:
                return "investment", "facts.type_company_spending"
        elif status in ("target", "planned") and (strong_target or deadline):
            # a share or a rate to reach: "raise the share to 40% by 2025", "strives to ... 40% of GDP"
            return "target", "facts.status_target"
        return "financial_figure", "facts.financial_figure"

    def _metric(self, sentence: SentenceFacts, span: Span, quantity, clause: tuple[int, int, bool],
                fact_type: str, names: list[tuple[int, int]] = ()) -> tuple[str, Span | None]:
        """The noun phrase the quantity measures, and the words it was read from: a count's noun; the
        thing a multiple multiplies or a rank ranks; the words that introduce money or a percentage ("a
        market size of", "accounting for N% of GDP"), the verb's noun ("generate X from Y": revenue
        from Y), the nearest measured noun before it ("the industry scale"), else the words after it."""
        tokens = sentence.tokens
        lowers = tokens.lowers
        first = sentence.token_at(span.start)
        last = sentence.token_at(span.end)
        lo, hi = sentence.token_at(clause[0]), sentence.token_at(clause[1])
        if isinstance(quantity, Counted):
            if quantity.form == "count":
                measured = self._introduced_by(sentence, first, lo)  # "a computing power of 3,000 petaflops"
                if not measured[0] and last + 1 < hi and sentence.lower(last) == "of":  # "30 GW of wind capacity"
                    measured = self._phrase_right(sentence, last + 1, hi)
                if not measured[0] and first - 2 >= lo and sentence.lower(first - 1) == "to":  # "computing power to 40 EFLOPS"
                    measured = self._phrase_left(sentence, first - 2, lo)
                if measured[0] and measured[0].split()[-1] in self.metric_heads:
                    return measured
                words = " ".join(_cased(w) for w in quantity.unit.split())
                verb = next((self.count_verbs[lowers[i]] for i in range(first - 1, max(lo, first - 4) - 1, -1)
                             if lowers[i] in self.count_verbs), None)
                if verb is None and last + 2 < hi and lowers[last] in ("to", "will", "would") and lowers[last + 1] == "be":
                    verb = lowers[last + 2] if lowers[last + 2].endswith(("ed", "built", "set up")) else None  # "jobs to be created"
                unit_at = sentence.span.text.rfind(quantity.unit, 0, span.end - sentence.span.start) + sentence.span.start
                return (f"{words} {verb}" if verb else words), sentence.text(unit_at, unit_at + len(quantity.unit))
            if quantity.form == "rank":
                words = self._phrase_right(sentence, last, hi)
                return ("rank among top " + words[0]).strip(), words[1]
            number_of = next((i for i in range(lo, hi - 1) if lowers[i] == "number" and lowers[i + 1] == "of"), None)
            words = self._phrase_right(sentence, number_of + 2, hi) if number_of is not None else ("", None)
            if not words[0]:
                words = self._phrase_right(sentence, last + (lowers[last] in ("the", "its", "their") if last < hi else 0), hi)
            if not words[0]:
                words = self._phrase_left(sentence, first - 1, lo)
            return (("growth multiple of " + words[0]) if words[0] else ""), words[1]
        words = self._introduced_by(sentence, first, lo)  # "a market size of 250 billion yuan", "annual revenue of"
        if words[0]:
            return self._with_domain(sentence, first, lo, words)
        k = self._bound_start(sentence, first, lo)
        # "grow its AI industry to 300 billion yuan", "raise the share to 40%", "grow revenue from"
        if k >= lo and lowers[k] in ("to", "from") and k - 1 >= lo and _content(tokens, k - 1, self.not_metric):
            words = self._phrase_left(sentence, k - 1, lo)
            if words[0] and words[1] is not None:
                start = sentence.token_at(words[1].start)
                if start - 2 >= lo and lowers[start - 1] == "of" and lowers[start - 2] in self.metric_heads:
                    head = sentence.text(tokens.starts[start - 2], words[1].end)  # "the share of X to 40%"
                    return f"{lowers[start - 2]} of {words[0]}", head
                return words
        # "the global market will reach $800 billion", "AI output to hit": the subject of the verb
        if k >= lo and lowers[k] in _REACH_VERBS:
            j = k - 1
            while j >= lo and lowers[j] in _AUXILIARIES:
                j -= 1
            words = self._phrase_left(sentence, j, lo) if j >= lo else ("", None)
            if words[0]:
                return words
        if isinstance(quantity, Percentage) and last < hi and lowers[last] == "of":
            words = self._phrase_right(sentence, last + 1, hi)
            if words[0]:
                return self._with_domain(sentence, first, lo, ("share of " + words[0], words[1]))
        verb = next((i for i in range(first - 1, max(lo, first - 6) - 1, -1) if lowers[i] in self.metric_verbs), None)
        if verb is not None:
            noun = self.metric_verbs[lowers[verb]]
            rest = self._after_amount(sentence, last, hi)
            if rest < hi and lowers[rest] in ("from", "to", "in") and rest + 1 < hi:
                words = self._phrase_right(sentence, rest + 1, hi)
                if words[0]:
                    annual = "annual " if any(w in ("annually", "yearly") for w in lowers[last:rest]) else ""
                    return f"{annual}{noun} {lowers[rest]} {words[0]}", words[1]
            return noun, sentence.token_text(verb, verb + 1)
        # a head word inside an organization's name ("Ministry of Economy") measures nothing
        head = next((i for i in range(first - 1, max(lo, first - 12) - 1, -1) if lowers[i] in self.metric_heads
                     and not any(a <= tokens.starts[i] < b for a, b in names)), None)
        if head is not None:
            words = self._phrase_left(sentence, head, lo)
            if words[0]:
                return words
        rest = self._after_amount(sentence, last, hi)
        if fact_type in _PURPOSE_NOUNS:  # "allocate 100 million yuan ... to support Web3 initiatives": funding for them
            prepositions = ("for", "on", "in", "into") if fact_type == "investment" else ("for", "on", "into")
            purpose = next((i for i in range(rest, min(hi, rest + 10)) if lowers[i] in prepositions or (
                lowers[i] == "to" and i + 1 < hi and lowers[i + 1] in _PURPOSE_VERBS | _DETERMINERS)), None)
            if purpose is not None:
                word = lowers[purpose]
                verb = word == "to" and lowers[purpose + 1] in _PURPOSE_VERBS  # "to support X"; "to an incentives package"
                words = self._phrase_right(sentence, purpose + (2 if verb else 1), hi)
                if words[0]:
                    into = word in ("in", "into", "on") and fact_type == "investment"  # "spend $9bn on cloud": investment in it
                    return f"{_PURPOSE_NOUNS[fact_type]} {'in' if into else 'for'} {words[0]}", words[1]
        if rest < hi and lowers[rest] == "in":
            rest += 1
        return self._phrase_right(sentence, rest, hi, limit=3)

    def _bound_start(self, sentence: SentenceFacts, first: int, lo: int) -> int:
        """The token before a figure and the words of its bound or hedge ("of over", "to up to")."""
        lowers = sentence.tokens.lowers
        k = first - 1
        while k >= lo and k > first - 4:
            if lowers[k] in _HEDGES:
                k -= 1
            elif k - 1 >= lo and (lowers[k - 1], lowers[k]) in _BOUND_PAIRS:
                k -= 2
            else:
                break
        return k

    def _introduced_by(self, sentence: SentenceFacts, first: int, lo: int) -> tuple[str, Span | None]:
        """The noun phrase of "<phrase> of <figure>": "a market size of", "an output value of over"."""
        lowers = sentence.tokens.lowers
        k = self._bound_start(sentence, first, lo)
        if k >= lo and lowers[k] == "of":
            return self._phrase_left(sentence, k - 1, lo)
        return "", None

    def _with_domain(self, sentence: SentenceFacts, first: int, lo: int, words: tuple[str, Span | None]) -> tuple[str, Span | None]:
        """A metric with the domain the clause names with a possessive before the figure ("promote its
        digital economy to reach an output value of": digital economy output value)."""
        lowers = sentence.tokens.lowers
        owner = next((i for i in range(first - 1, lo - 1, -1) if lowers[i] in ("its", "their", "this")), None)
        if owner is None:
            return words
        domain = self._phrase_right(sentence, owner + 1, first, limit=3, joined=False)
        if not domain[0] or domain[0].split()[-1] in words[0].split() or domain[1] is None or words[1] is None:
            return words
        if domain[1].end > words[1].start:
            return words
        return f"{domain[0]} {words[0]}", words[1]

    def _after_amount(self, sentence: SentenceFacts, i: int, end: int) -> int:
        """The first token after an amount's stated conversion in parentheses and its rate words."""
        texts, lowers = sentence.tokens.texts, sentence.tokens.lowers
        if i < end and texts[i] == "(":
            close = next((j for j in range(i, min(end, i + 12)) if texts[j] == ")"), None)
            i = close + 1 if close is not None else i
        while i < end and lowers[i] in ("annually", "yearly", "a", "year", "per"):
            i += 1
        return i

    def _phrase_left(self, sentence: SentenceFacts, head: int, lo: int, limit: int = 6) -> tuple[str, Span | None]:
        """The noun phrase ending at token `head`, read leftwards: words that are no stop word ("and"
        between two of them kept), at most `limit`."""
        tokens = sentence.tokens
        i = head
        while i >= lo and head - i < limit + 1:
            # "culture and tourism metaverse industry scale": "and" joins words of one phrase when two
            # or more words follow it ("import equipment and avoid tariffs" is two phrases)
            if tokens.lowers[i] == "and" and head - i >= 3 and i - 1 >= lo and _content(tokens, i - 1, self.not_metric):
                i -= 1
                continue
            if not _content(tokens, i, self.not_metric):
                break
            i -= 1
        if i + 1 > head:
            return "", None
        return self._phrase(sentence, i + 1, head + 1)

    def _phrase_right(self, sentence: SentenceFacts, start: int, hi: int, limit: int = 5, joined: bool = True) -> tuple[str, Span | None]:
        """The noun phrase starting at token `start`, read rightwards (possessives kept: "Dubai's economy";
        "and" between two words when `joined`)."""
        tokens = sentence.tokens
        while start < hi and tokens.lowers[start] in _DETERMINERS:
            start += 1
        texts = tokens.texts
        i, words = start, 0  # a hyphenated compound ("low-interest") is one word of the limit
        while i < hi and (words < limit or texts[i] == "-" or (i > start and texts[i - 1] == "-")):
            words += texts[i] != "-" and not (i > start and texts[i - 1] == "-")
            lower = tokens.lowers[i]
            if lower in ("'s", "’s") and i > start:
                i += 1
                continue
            if joined and lower == "and" and i > start and i + 2 < hi and _content(tokens, i + 1, self.not_metric):
                i += 1
                continue
            if not _content(tokens, i, self.not_metric):
                break
            i += 1
        while i > start and tokens.texts[i - 1] in ("-", "'s", "’s"):
            i -= 1
        if i <= start:
            return "", None
        return self._phrase(sentence, start, i)

    def _phrase(self, sentence: SentenceFacts, start: int, end: int) -> tuple[str, Span]:
        span = sentence.token_text(start, end)
        words = [_cased(w) for w in sentence.tokens.texts[start:end]]
        return " ".join(words).replace(" 's", "'s").replace(" ’s", "’s").replace(" - ", "-"), span


@dataclass(frozen=True)
class _Context:
    """What every fact of a document needs besides its sentence."""

    doc_id: str
    amounts: dict[str, Amount]
    governments: set[str]  # entity ids of the organizations that are governments or regulators
    organizations: set[str]  # entity ids of all organizations
    year: int | None
    published: date | None


def _baselines(sentence: SentenceFacts, ordered: list) -> dict[int, int]:
    """Goal → baseline (by quantity start) where a clause states where a goal starts from: "from 10
    billion yuan to 50 billion yuan", "20% of output by 2030, up from 10% today". Amounts and
    percentages only, of one kind; counts read their own ("from 1,000 to 5,000 companies")."""
    out = {}
    for k, (span, q) in enumerate(ordered):
        if isinstance(q, Counted) or sentence.lower(sentence.token_at(span.start) - 1) != "from":
            continue
        clause = sentence.clause_of(span.start, speech=False)
        same = [(s, o) for s, o in ordered if type(o) is type(q) and clause[0] <= s.start < clause[1] and s is not span]
        after = [s for s, _ in same if s.start > span.start and sentence.lower(sentence.token_at(s.start) - 1) == "to"]
        before = [s for s, _ in same if s.start < span.start]
        goal = after[0] if after else (before[-1] if before else None)
        if goal is not None and goal.start not in out:
            out[goal.start] = span.start
    return out


def _counted_goal(sentence: SentenceFacts, span: Span) -> bool:
    """Whether a count is a fact: a status cue before it in its clause says what happens to it ("aims
    to attract 200 firms", "has trained 5,000"), or a future passive after it ("40,000 jobs to be
    created"); "300 firms attended the fair, which will run ..." is no fact."""
    start, end, _ = sentence.clause_of(span.start, speech=False)
    return any(start <= c[0] and c[1] <= span.start and c[2].line.attrs.get("status") in _COUNT_STATUSES for c in sentence.cues) or any(
        span.end <= c[0] < end and c[2].rule == "facts.status_planned_passive" for c in sentence.cues)


def _without_restated_multiples(sentence: SentenceFacts, quantities: list) -> list:
    """The quantities but a multiple whose goal the clause restates as a value ("double its share to
    20%", "triple output to 3 trillion yuan"): the value is the fact."""
    out = []
    for span, q in quantities:
        if isinstance(q, Counted) and q.form == "multiple":
            clause_end = sentence.clause_of(span.start, speech=False)[1]
            restated = any(span.end < other.start < min(clause_end, span.end + 80) and not isinstance(o, Counted)
                           and sentence.lower(sentence.token_at(other.start) - 1) == "to" for other, o in quantities)
            if restated:
                continue
        out.append((span, q))
    return out


def _for_purpose(after: list[str]) -> bool:
    """Whether the (lower-case) words after a government's money name what it is for ("£250m for AI
    research hubs"): funding; "for 2024" names a period."""
    return len(after) > 1 and after[0] == "for" and after[1].isalpha()


def _in_object(between: str) -> bool:
    """Whether a body after a figure, with `between` the text from the figure to it, is in the figure's
    object: after a recipient's or a place's preposition ("to", "for", "into", "in") with no comma
    between, and no "by" naming the agent after it ("$5bn in funding was pledged by X")."""
    if "," in between or ";" in between:
        return False
    last = next((w for w in reversed(between.lower().split()) if w in _OBJECT_WORDS), None)
    return last is not None and last != "by"


def _same_part(sentence: SentenceFacts, first: int, second: int) -> bool:
    """Whether two offsets of a sentence lie between the same clause starts of kind "start" ("while",
    ";"): a source stated in one part is not the other part's ("analysts expect X, while the government
    plans Y")."""
    starts = [c for c, kind in sentence.clauses if kind == "start"]
    return bisect_right(starts, first) == bisect_right(starts, second)


def _cue_words(patterns: list[CompiledPattern]) -> set[str]:
    """The words of the fact cues that state a status or a speech ("aims", "fell", "said"), but not
    the weak ones ("to reach") nor a source's nouns ("report", "research")."""
    out: set[str] = set()
    for p in patterns:
        attrs = p.line.attrs
        if p.line.label != "CUE" or not p.line.id.startswith("facts.") or attrs.get("weak") or attrs.get("source") or not (
                attrs.get("status") or attrs.get("clause") == "speech"):
            continue
        for token in p.line.pattern:
            words = token.get("LOWER")
            words = [words] if isinstance(words, str) else (words or {}).get("IN", []) if isinstance(words, dict) else []
            out.update(w for w in words if w.isalpha() and len(w) > 3)
    return out


def _cased(word: str) -> str:
    """A word of a metric: lower case, but an acronym as written ("AI", "GPUs")."""
    return word if word[1:] != word[1:].lower() else word.lower()


def _content(tokens: ParagraphTokens, i: int, not_metric: set[str]) -> bool:
    """Whether token `i` may be a word of a metric: a word (or a hyphen of a compound) that is no stop
    word nor a word of time or intent."""
    text = tokens.texts[i]
    if text == "-":
        return True
    worded = tokens.alpha[i] or (text.isalnum() and not text.isdigit())  # "Web3", "5G"
    lower = tokens.lowers[i]
    return bool(worded) and not tokens.stop[i] and lower not in not_metric and not lower.endswith("ly")


def _numerals(tokens: ParagraphTokens, start: int, end: int) -> list[str]:
    """The words of tokens [start, end) that read as numbers ("five" of "in the next five years")."""
    return [tokens.texts[i] for i in range(start, end) if tokens.like_num[i]]


def _unpossessed(sentence: SentenceFacts, named: list[OrgMention | JurisdictionMention],
                 place_words: set[str]) -> list[OrgMention | JurisdictionMention]:
    """The named bodies but a possessor of another ("China's Sichuan", "China's tech hub Shenzhen",
    "Japan's METI"): the possessed one is who acts."""
    out = []
    for k, e in enumerate(named):
        rel = e.span.end - sentence.span.start
        if sentence.span.text[rel:rel + 2] in ("'s", "’s") and k + 1 < len(named):
            between = sentence.span.text[rel + 2:named[k + 1].span.start - sentence.span.start].split()
            if len(between) <= 3 and all(w[:1].isupper() or w.lower() in place_words for w in between):
                continue
        out.append(e)
    return out


def _status(span: Span, status_cues: list[tuple[int, int, Match]]) -> str:
    """The status the cue nearest the quantity gives: before it, else after it; a strong cue beats an
    infinitive of purpose ("to reach"), a longer cue one inside it."""
    if any(not c[2].line.attrs.get("weak") for c in status_cues):
        status_cues = [c for c in status_cues if not c[2].line.attrs.get("weak")]
    if not status_cues:
        return "announced"
    before = [c for c in status_cues if c[1] <= span.start]
    chosen = (max(before, key=lambda c: (c[1], c[1] - c[0])) if before
              else min(status_cues, key=lambda c: (c[0], c[0] - c[1])))
    return str(chosen[2].line.attrs["status"])


def _evidence(sentence: SentenceFacts, span: Span) -> Span:
    """The sentence, or for a very long one the text around the quantity, cut at spaces."""
    s = sentence.span
    if s.end - s.start <= _EVIDENCE_CHARS:
        return s
    half = _EVIDENCE_CHARS // 2
    start, end = max(s.start, span.start - half), min(s.end, span.end + half)
    text = s.text
    while start > s.start and start < span.start and not text[start - s.start - 1].isspace():
        start += 1
    while end < s.end and end > span.end and not text[end - s.start].isspace():
        end -= 1
    return sentence.text(start, end)


def _fits(entity: OrgMention | JurisdictionMention, kind: str) -> bool:
    """Whether a named body is what a reference word ("district", "company") refers to."""
    if isinstance(entity, JurisdictionMention):
        return kind in (entity.level, "place") or (kind == "city" and entity.level in ("municipality", "special administrative region"))
    return kind == "organization" or kind == entity.type


def _time(span: Span, clause_dates: list[DateMention], sentence_dates: list[DateMention], achieved: bool = False) -> DateMention | None:
    """The date of a quantity: its clause's deadline or period nearest it, else the clause's nearest
    date, else the sentence's nearest date that is no deadline (a deadline belongs to its own clause).
    A result achieved takes a date that is no deadline first ("reached X last year, and aims ... by 2025")."""
    def distance(d: DateMention) -> int:
        return d.span.start - span.end if d.span.start >= span.end else (span.start - d.span.end) + 1000
    if achieved:
        clause_dates = [d for d in clause_dates if d.relation not in _DEADLINES] or clause_dates
    deadlines = [d for d in clause_dates if d.relation in _DEADLINES and not achieved]
    pool = deadlines or clause_dates or [d for d in sentence_dates if d.relation not in _DEADLINES]
    return min(pool, key=distance) if pool else None
