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
from policyextract.families.family import Family
from policyextract.registry import FAMILIES



class FamilyComponent:
    """Writes the records of one family to `doc.spans[family]`."""

    def __init__(self, family: Family):
        self.family = family

    def __call__(self, doc: Doc) -> Doc:
        document = default_extractor().extract(doc.text)
        spans = []
        label = self.family.label
        for d in (document, *document.related):
            for record in getattr(d, self.family.name):
                span = doc.char_span(record.span.start, record.span.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(Span(doc, span.start, span.end, label=label, span_id=record.id))
        doc.spans[self.family.name] = spans
        return doc


def _factory(family: Family):
    def make(nlp: Language, name: str) -> FamilyComponent:
        return FamilyComponent(family)

    make.__name__ = f"make_{family.name}"
    return make


# One factory per family, `make_<family>` (the names pyproject's entry points give spaCy).
for _family in FAMILIES:
    globals()[f"make_{_family.name}"] = Language.factory(f"policyextract_{_family.name}", func=_factory(_family))
