"""Shared fixtures: the only conftest. Tests build nothing that downloads; everything is rule-based."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import policyextract
from policyextract.extractor import Extractor

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "golden"
OUTPUTS = ROOT / "outputs"


def resolved_dates(sentence: str, published: date) -> list[tuple[str, str | None, str | None]]:
    """(text, start, end) of each date of a sentence, its span checked against the text."""
    document = policyextract.extract(sentence, published=published)
    out = []
    for m in document.dates:
        assert document.text[m.span.start : m.span.end] == m.span.text
        out.append((m.span.text, str(m.start) if m.start else None, str(m.end) if m.end else None))
    return out


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor over the project's own patterns/, built once per test session."""
    return Extractor(ROOT / "patterns")
