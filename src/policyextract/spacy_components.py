"""spaCy components: policyextract's families inside a user's own spaCy pipeline.

Registered through the `spacy_factories` entry point, so after `pip install policyextract`:

    nlp = spacy.blank("en")            # or any pipeline
    nlp.add_pipe("policyextract_amounts")
    doc = nlp("It pledged 100 million yuan (approximately $14 million) annually.")
    doc.spans["amounts"]               # spans labelled AMOUNT; span.id_ is the record id
    displacy.render(doc, style="span", options={"spans_key": "amounts"})

One component per family (`policyextract_amounts`, `_percentages`, `_dates`, `_organizations`,
`_jurisdictions`, `_facts`). Each runs the extractor over the Doc's text and maps its character spans
onto the Doc's own tokens (widened to token boundaries when the tokenizations differ).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from policyextract.extractor import default_extractor

FAMILIES = {"amounts": "AMOUNT", "percentages": "PERCENTAGE", "dates": "DATE", "organizations": "ORG",
            "jurisdictions": "GPE", "facts": "FACT"}


class FamilyComponent:
    """Writes the records of one family to `doc.spans[family]`."""

    def __init__(self, family: str):
        self.family = family
        self.label = FAMILIES[family]

    def __call__(self, doc: Doc) -> Doc:
        document = default_extractor().extract(doc.text)
        spans = []
        for d in (document, *document.related):
            for record in getattr(d, self.family):
                span = doc.char_span(record.span.start, record.span.end, label=self.label, alignment_mode="expand")
                if span is not None:
                    span = Span(doc, span.start, span.end, label=self.label, span_id=record.id)
                    spans.append(span)
        doc.spans[self.family] = spans
        return doc


def _register(family: str):
    def make(nlp: Language, name: str) -> FamilyComponent:
        return FamilyComponent(family)

    make.__name__ = f"make_{family}"
    return make


make_amounts = _register("amounts")
make_percentages = _register("percentages")
make_dates = _register("dates")
make_organizations = _register("organizations")
make_jurisdictions = _register("jurisdictions")
make_facts = _register("facts")

for _family in FAMILIES:
    Language.factory(f"policyextract_{_family}", func=globals()[f"make_{_family}"])
