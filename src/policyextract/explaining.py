"""Explaining: why the text at a place became the records it did, for `policyextract doc --explain`.

Every token pattern that matched there is a *candidate*; its verdict says what became of it: kept as a
record, kept inside a longer record, dropped for an overlapping record the interpreter preferred, or
dropped because the family's reader did not read it as well-formed. Qualifier patterns (modifiers) and
fact cues say what they contribute.
"""

from __future__ import annotations

from dataclasses import dataclass

from policyextract.extractor import Extractor, tokenizable
from policyextract.frames import flatten
from policyextract.matching import char_span
from policyextract.models import Document, Record, Span
from policyextract.registry import FAMILY_BY_NAME


@dataclass(frozen=True)
class Candidate:
    """One pattern match near the place asked about, and what became of it."""

    rule: str
    label: str
    span: Span
    verdict: str


def explain(extractor: Extractor, text: str, document: Document, start: int, end: int) -> list[Candidate]:
    """The candidates of every pattern overlapping text[start:end], in text order."""
    records: dict[str, list[Record]] = {}
    for d in flatten([document]):
        for name, family in FAMILY_BY_NAME.items():
            records.setdefault(name, []).extend(getattr(d, family.name))
    candidates = []
    for layout in extractor.segmenter.segment(text):
        for block_start, block_end in layout.blocks:
            if block_end <= start or block_start >= end:
                continue
            tokens = extractor.nlp.make_doc(tokenizable(text[block_start:block_end]))
            for m in extractor.matcher.match_all(tokens):
                span = char_span(tokens, block_start, text, m.start, m.end)
                if span.end > start and span.start < end:
                    candidates.append(Candidate(m.rule, m.line.label, span, _verdict(m.rule, m.line.attrs, span, records)))
    return sorted(candidates, key=lambda c: (c.span.start, -c.span.end, c.rule))


def _verdict(rule: str, attrs: dict, span: Span, records: dict[str, list[Record]]) -> str:
    family_name = rule.split(".")[0]
    if family_name == "modifiers":
        return "qualifier: sets bound, approximation, rate or money context on the figure it touches"
    if family_name == "facts":
        details = ", ".join(f"{k}={v}" for k, v in sorted(attrs.items()))
        return f"fact cue ({details or 'no attributes'}): read by the sentence's facts"
    family = FAMILY_BY_NAME[family_name]
    same = [r for r in records[family.name] if (r.span.start, r.span.end) == (span.start, span.end)]
    if same:
        return f"kept: {same[0].id}" + ("" if same[0].rule == rule else f" (by {same[0].rule})")
    within = [r for r in records[family.name] if r.span.start <= span.start and span.end <= r.span.end]
    if within:
        return f"dropped for the longer {family.kind} {within[0].span.text!r} ({within[0].rule}) that contains it"
    overlapping = [r for r in records[family.name] if r.span.start < span.end and span.start < r.span.end]
    if overlapping:
        return f"dropped: overlaps the {family.kind} {overlapping[0].span.text!r} ({overlapping[0].rule}), which was preferred"
    return f"dropped: the {family.kind} reader did not read {span.text!r} as a well-formed {family.kind}"
