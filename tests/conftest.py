"""Shared fixtures: the only conftest. Tests build nothing that downloads; everything is rule-based."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyextract.extractor import Extractor

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
GOLDEN = ROOT / "tests" / "golden"
OUTPUTS = ROOT / "outputs"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The extractor over the project's own patterns/, built once per test session."""
    return Extractor(ROOT / "patterns")
