"""The extractor builds its spaCy vocabulary again as new words pile up: memory stays bounded on an
archive, and no result changes."""

from __future__ import annotations

import pytest

import policyextract.extractor as extractor_module
from policyextract.bench_corpus import generate_articles
from policyextract.extractor import Extractor

from tests.conftest import CORPUS, ROOT

TEXTS = [*generate_articles(8, seed=11), *(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))]


@pytest.fixture(scope="module")
def renewing() -> Extractor:
    """An extractor that builds its vocabulary again after 400 new words."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(extractor_module, "VOCABULARY_GROWTH", 400)
        yield Extractor(ROOT / "patterns")


def test_vocabulary_is_built_again_and_results_are_the_same(renewing, extractor):
    builds = 0
    for i, text in enumerate(TEXTS):
        before = renewing.nlp
        assert renewing.extract(text, doc_id=f"doc-{i}") == extractor.extract(text, doc_id=f"doc-{i}"), f"text {i}"
        builds += renewing.nlp is not before
    assert builds >= 4
