"""policyextract: structured, verifiable policy facts from news articles.

Every record carries the character span it came from: `document.text[span.start:span.end] == span.text`.

    >>> import policyextract
    >>> doc = policyextract.extract("The city pledged 100 million yuan (approximately $14 million) annually.")
    >>> [(a.span.text, str(a.value), a.currency, a.per) for a in doc.amounts]
    [('100 million yuan', '100000000', 'CNY', 'year'), ('$14 million', '14000000', 'USD', 'year')]
"""

__version__ = "0.1.0"

from policyextract.corpus import CorpusResult, RunSummary, extract_corpus, run_corpus  # noqa: E402
from policyextract.errors import (  # noqa: E402
    InputFileError,
    MetadataError,
    OutputError,
    PatternFileError,
    PolicyExtractError,
)
from policyextract.evaluation import evaluate, run_evaluation  # noqa: E402
from policyextract.extractor import Extractor, extract  # noqa: E402
from policyextract.models import (  # noqa: E402
    Amount, DateMention, Document, Fact, Failure, JurisdictionMention, OrgMention, Percentage, Span, ValueRange,
)
from policyextract.normalizing import EntitySettings  # noqa: E402
from policyextract.patterns import load_patterns  # noqa: E402

__all__ = [
    "Amount", "CorpusResult", "DateMention", "Document", "EntitySettings", "Extractor", "Fact", "Failure",
    "InputFileError", "JurisdictionMention", "MetadataError", "OrgMention", "OutputError", "PatternFileError",
    "Percentage", "PolicyExtractError", "RunSummary", "Span", "ValueRange", "__version__", "evaluate", "extract",
    "extract_corpus", "load_patterns", "run_corpus", "run_evaluation",
]
