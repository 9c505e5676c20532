"""Facts: the records of a sentence joined into policy facts (who, what, how much, by when).

Every amount and percentage of a document is the quantity of a fact (a stated conversion joins its
partner's fact), and so is every count ("200 metaverse companies") whose sentence states a goal, a
plan or a result. For each quantity, in its sentence:

- type: a fund ("a 150 million yuan ... fund"), an investment ("a total investment of"), funding
  (pledged, allocated, subsidies by a government body or place), a target (aims, target, a market size
  or revenue to reach; every counted goal), else a financial figure;
- status: the cue nearest the quantity (aims → target, will/plans → planned, pledged/established →
  announced, has reached → achieved, expects/prediction → forecast), else announced;
- actor: the sentence's first organization (else its first place) or its reference ("the district",
  "the company", "the plan") resolved to the latest body of that kind the document named;
- time: the sentence's deadline ("by", "until", "over") nearest the quantity, else its nearest date.

The cue words are data (`patterns/facts.jsonl`, lexicon class `actor_reference`); each fact carries the
id of the rule that typed it.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from decimal import Decimal

from spacy.attrs import IDX
from spacy.tokens import Doc

from policyextract.matching import Match, ParagraphMatches, char_span
from policyextract.models import Amount, DateMention, Fact, JurisdictionMention, OrgMention, Percentage, Span
from policyextract.families.numerals import canonical
from policyextract.pattern_lines import Lexicon
from policyextract.families.quantities import read_number
from policyextract.families.sentences import sentence_bounds

_DEADLINES = ("by", "until", "over", "during", "since")
_FUND_WINDOW = 12  # tokens after an amount (and its conversion) within which "fund" makes it a fund's size
_INVESTMENT_WINDOW = 4  # tokens before an amount within which "investment" makes it an investment
_GOVERNMENTS = {"government body", "regulator"}


@dataclass(frozen=True)
class SentenceFacts:
    """What facts need of one sentence, in character offsets of the text."""

    span: Span
    cues: list[tuple[int, int, Match]]  # (char start, char end, cue)
    counts: list[tuple[Span, Decimal, str]]  # (span, value, unit)
    doc: Doc
    token_range: tuple[int, int]
    offset: int
    token_starts: list[int]  # character offset of each token of the sentence, for windows

    def window(self, span: Span, before: int, after: int) -> tuple[list, list]:
        """The `before` tokens of the sentence before `span` and the `after` tokens after it."""
        start, end = self.token_range
        first = start + bisect_left(self.token_starts, span.start)
        last = start + bisect_left(self.token_starts, span.end)
        return list(self.doc[max(start, first - before):first]), list(self.doc[last:min(end, last + after)])


def find_sentences(doc: Doc, offset: int, text: str, matches: ParagraphMatches) -> list[SentenceFacts]:
    """The sentences of a paragraph with their fact cues and counted quantities."""
    facts = matches.figures("facts")
    cue_matches = [m for m in facts if m.line.label == "CUE"]
    # a cue inside a longer one is part of it: "target" in "on target for" is no target
    cue_matches = [m for m in cue_matches if not any(o.start <= m.start and m.end <= o.end and (o.start, o.end) != (m.start, m.end)
                                                     for o in cue_matches)]
    count_matches = sorted((m for m in facts if m.line.label == "COUNT"), key=lambda m: (m.start - m.end, m.start))
    taken: set[int] = set()
    counts: list[tuple[int, int, Decimal, str]] = []
    for m in count_matches:
        if taken & set(range(m.start, m.end)):
            continue
        number_end = m.start
        while number_end < m.end and doc[number_end].like_num:
            number_end += 1
        value = read_number([t.text for t in doc[m.start:number_end]])
        if value is None or value <= 0:
            continue
        taken.update(range(m.start, m.end))
        counts.append((m.start, m.end, canonical(value), doc[number_end:m.end].text))
    sentences = []
    token_starts = [offset + idx for idx in doc.to_array(IDX).tolist()]
    for start, end in sentence_bounds(doc):
        sentence_span = char_span(doc, offset, text, start, end)
        cues = [(offset + doc[m.start].idx, offset + doc[m.end - 1].idx + len(doc[m.end - 1]), m)
                for m in cue_matches if start <= m.start and m.end <= end]
        sentence_counts = [(char_span(doc, offset, text, s, e), v, u) for s, e, v, u in counts if start <= s and e <= end]
        sentences.append(SentenceFacts(sentence_span, cues, sentence_counts, doc, (start, end), offset,
                                       token_starts[start:end]))
    return sentences


def _inside(span: Span, sentence: Span) -> bool:
    return sentence.start <= span.start and span.end <= sentence.end


class FactAssembler:
    """Builds a document's facts from its sentences and records."""

    def __init__(self, lexicon: Lexicon):
        self.references = {t: v for t, v in lexicon.entries.get("actor_reference", {}).items()}
        # words that say when or how often, never what: not part of a metric ("annually", "March")
        self.not_metric = lexicon.terms("month") | lexicon.terms("weekday") | lexicon.terms("date_unit") | {
            "annually", "yearly", "monthly", "daily", "approximately", "about", "roughly", "nearly", "just", "amount"}

    def assemble(self, doc_id: str, sentences: list[SentenceFacts], amounts: list[Amount],
                 percentages: list[Percentage], dates: list[DateMention], organizations: list[OrgMention],
                 jurisdictions: list[JurisdictionMention]) -> list[Fact]:
        by_id = {a.id: a for a in amounts}
        # a stated conversion is the same fact: keep the first amount of each pair
        partners = {a.equivalent for a in amounts if a.equivalent in by_id and a.span.start < by_id[a.equivalent].span.start}
        quantities: list[tuple[Span, Amount | Percentage | tuple[Decimal, str]]] = [
            *((a.span, a) for a in amounts if a.id not in partners or a.equivalent is None),
            *((p.span, p) for p in percentages),
        ]
        entities = sorted([*organizations, *jurisdictions], key=lambda m: m.span.start)
        quantities.sort(key=lambda q: q[0].start)
        dates = sorted(dates, key=lambda d: d.span.start)
        index = {"quantities": [q[0].start for q in quantities], "dates": [d.span.start for d in dates],
                 "entities": [e.span.start for e in entities]}

        def within(items: list, key: str, sentence: SentenceFacts) -> list:
            keys = index[key]
            return items[bisect_left(keys, sentence.span.start):bisect_left(keys, sentence.span.end)]

        facts: list[Fact] = []
        topic: tuple[str, str, Span] | None = None  # the body the text is about so far
        for sentence in sentences:
            actor = self._actor(sentence, within(entities, "entities", sentence), entities, topic)
            if actor is not None:
                topic = actor
            in_sentence = [(span, q) for span, q in within(quantities, "quantities", sentence) if _inside(span, sentence.span)]
            goal = any(c[2].line.attrs.get("status") in ("target", "planned", "achieved") for c in sentence.cues)
            if goal:
                in_sentence += [(span, (value, unit)) for span, value, unit in sentence.counts
                                if not any(s.start < span.end and span.start < s.end for s, _ in in_sentence)]
            if not in_sentence:
                continue
            if actor is None and topic is not None:  # "Moreover, an investment of ...": still the same body
                actor = (topic[0], topic[1], None)
            sentence_dates = [d for d in within(dates, "dates", sentence) if _inside(d.span, sentence.span)]
            for span, quantity in sorted(in_sentence, key=lambda x: x[0].start):
                facts.append(self._fact(doc_id, sentence, span, quantity, actor, sentence_dates, organizations))
        return facts

    def _actor(self, sentence: SentenceFacts, named: list[OrgMention | JurisdictionMention],
               entities: list[OrgMention | JurisdictionMention],
               previous: tuple[str, str, Span] | None) -> tuple[str, str, Span] | None:
        """(entity id, canonical name, span) of who the sentence is about: its first organization, else
        its reference ("the district"), else its first place. `named`: the entities in the sentence."""
        named = [e for e in named if _inside(e.span, sentence.span)]
        first_org = next((e for e in named if isinstance(e, OrgMention)), None)
        if first_org is not None:
            return first_org.entity_id, first_org.canonical, first_org.span
        reference = self._reference(sentence, entities, previous)
        if reference is not None:
            return reference
        first_place = next((e for e in named if isinstance(e, JurisdictionMention)), None)
        if first_place is not None:
            return first_place.entity_id, first_place.canonical, first_place.span
        return None

    def _reference(self, sentence: SentenceFacts, entities: list[OrgMention | JurisdictionMention],
                   previous: tuple[str, str, Span] | None) -> tuple[str, str, Span] | None:
        """"the district", "the company", "the plan": the latest body of that kind named before."""
        doc, (start, end) = sentence.doc, sentence.token_range
        for i in range(start, end - 1):
            if doc[i].lower_ != "the" or doc[i + 1].lower_ not in self.references:
                continue
            where = sentence.offset + doc[i].idx
            if (i + 2 < end and doc[i + 2].text[:1].isupper()) or any(
                    e.span.start <= where + 4 < e.span.end for e in entities):
                continue  # "the Ministry of ...", "the province of Henan": a name, not a reference
            kind = self.references[doc[i + 1].lower_]
            end_char = sentence.offset + doc[i + 1].idx + len(doc[i + 1])
            # Sliced from the sentence as written: the Doc's text has odd spaces made plain.
            first = sentence.span.start
            span = Span(start=where, end=end_char, text=sentence.span.text[where - first:end_char - first])
            if kind == "previous":
                return (previous[0], previous[1], span) if previous else None
            before = [e for e in entities if e.span.start < where]
            for e in reversed(before):
                if _fits(e, kind):
                    return e.entity_id, e.canonical, span
            return None
        return None

    def _fact(self, doc_id: str, sentence: SentenceFacts, span: Span, quantity, actor, dates: list[DateMention],
              organizations: list[OrgMention]) -> Fact:
        cues = sentence.cues
        time = _time(span, dates)
        fact_type, rule = self._type(sentence, span, quantity, actor, organizations,
                                     deadline=time is not None and time.relation in ("by", "until", "over"))
        status_cues = [c for c in cues if "status" in c[2].line.attrs]
        if any(not c[2].line.attrs.get("weak") for c in status_cues):
            status_cues = [c for c in status_cues if not c[2].line.attrs.get("weak")]
        status = "announced"
        if status_cues:
            # the nearest cue before the quantity, else after it; a longer cue beats one inside it
            before = [c for c in status_cues if c[1] <= span.start]
            chosen = (max(before, key=lambda c: (c[1], c[1] - c[0])) if before
                      else min(status_cues, key=lambda c: (c[0], c[0] - c[1])))
            status = str(chosen[2].line.attrs["status"])
        amount = quantity.id if isinstance(quantity, Amount) else None
        percentage = quantity.id if isinstance(quantity, Percentage) else None
        count, unit = quantity if isinstance(quantity, tuple) else (None, None)
        return Fact(
            id=f"{doc_id}:fact:{span.start}-{span.end}", span=sentence.span, rule=rule, type=fact_type,
            actor_id=actor[0] if actor else None, actor=actor[1] if actor else None,
            actor_span=actor[2] if actor and actor[2] and _inside(actor[2], sentence.span) else None,
            metric=_metric(sentence, span, unit, self.not_metric) or fact_type.replace("_", " "), amount=amount, percentage=percentage, count=count, unit=unit,
            quantity_span=span, time=time.id if time else None, time_span=time.span if time else None, status=status,
            confidence=round(0.5 + 0.2 * (actor is not None) + 0.15 * (time is not None) + 0.15 * bool(cues), 2),
        )

    def _type(self, sentence: SentenceFacts, span: Span, quantity, actor, organizations, deadline: bool) -> tuple[str, str]:
        """The fact's type and the id of the cue that gave it."""
        doc = sentence.doc
        before, after = sentence.window(span, _INVESTMENT_WINDOW, _FUND_WINDOW)
        cues = {c[2].rule: c for c in sentence.cues}
        if isinstance(quantity, tuple):
            return "target", "facts.count_noun"
        if isinstance(quantity, Amount):
            if any(t.lower_ in ("fund", "funds") for t in after) and "facts.type_fund" in cues:
                return "fund", "facts.type_fund"
            invests = any(doc[c[2].start].lower_ in ("invest", "invested", "investing") for c in sentence.cues)
            if invests or any(t.lower_ in ("investment", "investments") for t in before):
                return "investment", "facts.type_investment"
            if any(c[2].line.attrs.get("status") == "target" and not c[2].line.attrs.get("weak") for c in sentence.cues):
                return "target", "facts.status_target"
            # "to achieve a market size of 150 billion yuan by 2025": a size to reach by a deadline
            if deadline and any(c[2].line.attrs.get("type") == "target" for c in sentence.cues):
                return "target", "facts.type_target_size"
            government = actor is not None and (actor[0].startswith("place.") or any(
                o.entity_id == actor[0] and o.type in _GOVERNMENTS for o in organizations))
            if government and "facts.type_funding" in cues:
                return "funding", "facts.type_funding"
        elif any(c[2].line.attrs.get("status") == "target" and not c[2].line.attrs.get("weak") for c in sentence.cues):
            return "target", "facts.status_target"
        return "financial_figure", "facts.financial_figure"


def _fits(entity: OrgMention | JurisdictionMention, kind: str) -> bool:
    """Whether a named body is what a reference word ("district", "company") refers to."""
    if isinstance(entity, JurisdictionMention):
        return kind in (entity.level, "place") or (kind == "city" and entity.level == "municipality")
    return kind == "organization" or kind == entity.type


def _time(span: Span, dates: list[DateMention]) -> DateMention | None:
    """The deadline or period nearest the quantity, else the nearest date of the sentence."""
    def distance(d: DateMention) -> int:
        return d.span.start - span.end if d.span.start >= span.end else (span.start - d.span.end) + 1000
    deadlines = [d for d in dates if d.relation in _DEADLINES]
    pool = deadlines or dates
    return min(pool, key=distance) if pool else None


def _metric(sentence: SentenceFacts, span: Span, unit: str | None, not_metric: set[str]) -> str:
    """A short phrase for what the quantity measures: the words that introduce it ("annual revenue of",
    "a total investment of"), else those that follow it ("settlement", "in damages", "unit price"; a
    conversion in parentheses skipped), else its unit."""
    if unit:
        return unit.lower()
    before, after = sentence.window(span, 6, 24)
    if before and before[-1].lower_ == "of":
        words = []
        for t in reversed(before[:-1]):
            if not t.is_alpha or t.is_stop or t.lower_ in not_metric or len(words) == 4:
                break
            words.insert(0, t.lower_)
        if words:
            return " ".join(words)
    if after and after[0].text == "(":  # "20 billion yuan ($2.80 billion) ..."
        close = next((i for i, t in enumerate(after) if t.text == ")"), len(after) - 1)
        after = after[close + 1 :]
    if after and after[0].lower_ == "in":
        after = after[1:]
    words = []
    for t in after:
        if not t.is_alpha or t.is_stop or t.lower_ in not_metric or len(words) == 3:
            break
        words.append(t.lower_)
    return " ".join(words)
