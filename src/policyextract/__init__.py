"""policyextract: structured, verifiable policy facts from news articles.

Every record carries the character span it came from: `document.text[span.start:span.end] == span.text`.

    >>> import policyextract
    >>> doc = policyextract.extract("The city pledged 100 million yuan (approximately $14 million) annually.")
    >>> [(a.span.text, str(a.value), a.currency, a.per) for a in doc.amounts]
    [('100 million yuan', '100000000', 'CNY', 'year'), ('$14 million', '14000000', 'USD', 'year')]
"""

import importlib
from typing import TYPE_CHECKING, Any

from policyextract.errors import (
    ArgumentError,
    InputFileError,
    MetadataError,
    OutputError,
    PatternFileError,
    PolicyExtractError,
)
from policyextract.extractor import Extractor, extract
from policyextract.models import (
    Amount, DateMention, Document, Fact, Failure, JurisdictionMention, OrgMention, Percentage, Span, ValueRange,
)
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.patterns import load_patterns
from policyextract.version import __version__

if TYPE_CHECKING:
    from policyextract.runs.corpus import CorpusResult, RunSummary, extract_corpus, run_corpus
    from policyextract.runs.settings import RunSettings
    from policyextract.evaluation import evaluate, run_evaluation

# Corpus runs and evaluation are imported on first use: they bring Arrow, multiprocessing and the gold
# reader, which `extract` in a notebook never needs.
_ON_FIRST_USE = {"RunSettings": "runs.settings", "CorpusResult": "runs.corpus", "RunSummary": "runs.corpus", "extract_corpus": "runs.corpus", "run_corpus": "runs.corpus",
                 "evaluate": "evaluation", "run_evaluation": "evaluation"}


def __getattr__(name: str) -> Any:
    if name not in _ON_FIRST_USE:
        raise AttributeError(f"module 'policyextract' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"policyextract.{_ON_FIRST_USE[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_ON_FIRST_USE})

# The public API: one call per way of working (a text, a corpus in memory, a corpus to files, a gold
# set), the pipeline object, the records, the settings and the root error. The other errors, tables and
# helpers are in their modules (`policyextract.errors`, `policyextract.frames`, ...).
__all__ = [
    "extract", "Extractor", "extract_corpus", "run_corpus", "RunSettings", "evaluate",
    "Document", "Amount", "Percentage", "DateMention", "OrgMention", "JurisdictionMention", "Fact", "Span",
    "EntitySettings", "PolicyExtractError", "__version__",
]
