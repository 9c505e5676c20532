"""spaCy components: policyextract's families inside a user's own spaCy pipeline.

Registered through the `spacy_factories` entry point, so after `pip install policyextract`:

    nlp = spacy.blank("en")            # or any pipeline
    nlp.add_pipe("policyextract_amounts", config={"ents": True})
    nlp.add_pipe("policyextract_dates", config={"published": "2023-06-12"})
    doc = nlp("It pledged 100 million yuan (approximately $14 million) annually until 2025.")
    doc.spans["amounts"]               # spans labelled AMOUNT; span.id_ is the record id
    doc.spans["amounts"][0]._.value    # Decimal('100000000'); ._.currency 'CNY'; ._.record the record
    displacy.render(doc, style="ent", options=DISPLACY_OPTIONS)  # families written with ents=True

One component per family (`policyextract_amounts`, `_percentages`, `_dates`, `_organizations`,
`_jurisdictions`, `_facts`). The first component of a pipeline that reaches a Doc extracts it once
(`doc._.policyextract` is the `Document`); the others read that extraction. Config:
`patterns` (a patterns folder; default the project's), `published` (a date string; `doc._.published`,
set before the pipeline runs, wins), `ents` (also write this family's spans to `doc.ents`, keeping
what is there and dropping overlaps). Character spans are mapped onto the Doc's own tokens, widened to
token boundaries when the tokenizations differ.
"""

from __future__ import annotations

import functools
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from policyextract.extractor import Extractor, default_extractor
from policyextract.families.family import Family
from policyextract.models import Document, Record
from policyextract.registry import FAMILIES


# displaCy's entity view in the colours of the notebook and report highlights.
DISPLACY_OPTIONS = {"colors": {f.label: f.colour for f in FAMILIES if f.colour != "transparent"}}


def _record(span: Span) -> Record | None:
    records = span.doc._.policyextract_records
    return records.get(span.id_) if records else None


def _value(span: Span) -> Any:
    """The normalized value: an amount's or percentage's number, a date's (start, end), an entity's id."""
    record = _record(span)
    if record is None:
        return None
    if hasattr(record, "value"):
        return record.value
    if hasattr(record, "entity_id"):
        return record.entity_id
    if hasattr(record, "granularity"):
        return (record.start, record.end)
    return getattr(record, "metric", None)


Doc.set_extension("policyextract", default=None, force=True)
Doc.set_extension("policyextract_records", default=None, force=True)
Doc.set_extension("published", default=None, force=True)
Span.set_extension("record", getter=_record, force=True)
Span.set_extension("value", getter=_value, force=True)
Span.set_extension("currency", getter=lambda span: getattr(_record(span), "currency", None), force=True)
Span.set_extension("canonical", getter=lambda span: getattr(_record(span), "canonical", None), force=True)


@functools.lru_cache(maxsize=4)
def _extractor(patterns: str | None) -> Extractor:
    return default_extractor() if patterns is None else Extractor(patterns)


def _extraction(doc: Doc, patterns: str | None, published: str | None) -> Document:
    """The Doc's extraction, made by the first component that needs it."""
    if doc._.policyextract is None:
        document = _extractor(patterns).extract(doc.text, published=doc._.published or published)
        doc._.policyextract = document
        doc._.policyextract_records = {r.id: r for d in (document, *document.related)
                                       for f in FAMILIES for r in getattr(d, f.name)}
    return doc._.policyextract


class FamilyComponent:
    """Writes the records of one family to `doc.spans[family]` (and to `doc.ents` if asked)."""

    def __init__(self, family: Family, *, patterns: str | None = None, published: str | None = None,
                 ents: bool = False):
        self.family = family
        self.patterns = patterns
        self.published = published
        self.ents = ents
        _extractor(patterns)  # patterns are checked when the pipeline is built, not at its first Doc

    def __call__(self, doc: Doc) -> Doc:
        document = _extraction(doc, self.patterns, self.published)
        label = self.family.label
        spans = []
        for d in (document, *document.related):
            for record in getattr(d, self.family.name):
                span = doc.char_span(record.span.start, record.span.end, alignment_mode="expand")
                if span is not None:
                    spans.append(Span(doc, span.start, span.end, label=label, span_id=record.id))
        doc.spans[self.family.name] = spans
        if self.ents:
            # Entities first, then longer spans: what a reader sees is the largest non-overlapping set.
            doc.ents = filter_spans([*doc.ents, *spans])
        return doc


def _factory(family: Family):
    def make(nlp: Language, name: str, patterns: str | None, published: str | None, ents: bool) -> FamilyComponent:
        return FamilyComponent(family, patterns=patterns, published=published, ents=ents)

    make.__name__ = f"make_{family.name}"
    return make


# One factory per family, `make_<family>` (the names pyproject's entry points give spaCy).
for _family in FAMILIES:
    globals()[f"make_{_family.name}"] = Language.factory(
        f"policyextract_{_family.name}", default_config={"patterns": None, "published": None, "ents": False},
        func=_factory(_family))
