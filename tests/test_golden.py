"""The extractor against the hand-written gold of the seed corpus: 100% or the suite fails.

The gold (tests/golden/*.json, format in tests/golden/README.md) was written by reading the articles,
never by saving extractor output. Every miss, spurious record and wrong value is listed on failure.
"""

from __future__ import annotations

import pytest

from policyextract.gold import load_gold
from policyextract.reading import load_metadata
from policyextract.scoring import score

from .conftest import CORPUS, GOLDEN, ROOT

GOLD_FILES = sorted(GOLDEN.glob("*.json"))
METADATA, _ = load_metadata(CORPUS / "metadata.csv")


def extract_like_a_corpus_run(extractor, gold_path, text):
    """Extract as `policyextract run corpus` does: with the file's metadata.csv row."""
    meta = METADATA.get(gold_path.stem + ".txt")
    return extractor.extract(text, doc_id=gold_path.stem, published=meta.published if meta else None)


def test_golden_covers_every_corpus_file():
    corpus_files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "corpus").glob("*.txt"))
    gold_paths = sorted(load_gold(p, root=ROOT)[0].path for p in GOLD_FILES)
    assert gold_paths == corpus_files


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=lambda p: p.stem)
def test_golden_file_extraction_is_exact(gold_path, extractor):
    gold, text = load_gold(gold_path, root=ROOT)
    document = extract_like_a_corpus_run(extractor, gold_path, text)
    scores = score(gold.documents, [document])
    problems = [p for family in scores for p in scores[family].problems]
    assert problems == []
    for family in scores:
        s = scores[family]
        assert (s.precision, s.recall, s.value_accuracy) == (1.0, 1.0, 1.0), family


def test_golden_documents_are_the_extracted_documents(extractor):
    for gold_path in GOLD_FILES:
        gold, text = load_gold(gold_path, root=ROOT)
        document = extract_like_a_corpus_run(extractor, gold_path, text)
        extracted = [document.doc_id] + [d.doc_id for d in document.related]
        assert extracted == [d.doc_id for d in gold.documents], gold_path.name
