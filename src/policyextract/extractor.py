"""Extracting: one text → `Document`s with their records. The library's central object.

`Extractor` is built once from `patterns/` (validation, tokenizer rules, one Matcher) and then reused
for every text. Per text: segment into documents and content blocks, tokenize each block, match all
pattern families in one pass, and interpret the matches as records with character spans into the
original text.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import re
import dataclasses
import datetime as dt
from contextlib import contextmanager
from datetime import date
from typing import Any
from pathlib import Path

from policyextract.version import __version__
from policyextract.families.amounts.interpreting import AmountReader, interpret_amounts
from policyextract.families.dates.expressions import DateReader, load_holidays
from policyextract.families.dates.resolution import DateConventions, load_conventions, resolve
from policyextract.families.dates.interpreting import find_dates, needs_conventions, resolve_dates
from policyextract.families.entities.finding import EntityFinder, EntityResolver
from policyextract.families.facts.assembly import ExchangeRates, FactAssembler, find_sentences
from policyextract.matching import PatternMatcher
from policyextract.errors import ArgumentError
from policyextract.models import Document, Span
from policyextract.reading import parse_published
from policyextract.families.entities.normalizing import EntitySettings
from policyextract.patterns import PatternSet, load_patterns
from policyextract.families.percentages.interpreting import interpret_percentages
from policyextract.families.dates.publication import find_publication
from policyextract.segmenting import DocumentLayout, Segmenter
from policyextract.tokenizing import build_tokenizer_nlp, english_vocab


# What `published` may be given as (see `Extractor.extract`).
PublishedLike = date | str | Any | None

# New words the vocabulary takes before it is built again (see `Extractor._build_vocabulary`): each
# costs about 1 KB with its string and cache entries, a rebuild about as much time as a few documents.
VOCABULARY_GROWTH = 25_000


@contextmanager
def _collector_paused():
    """The garbage collector off while the pipeline is built: the build makes several hundred thousand
    objects (pattern tables, gazetteers, phrase matchers) and no garbage, and the collector's passes
    over them were a fifth of the build."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Extractor:
    """Builds the pipeline from a patterns directory once; `extract` runs it on a text."""

    def __init__(self, patterns: PatternSet | Path | str | None = None, *, entity_settings: EntitySettings | None = None,
                 day_first: bool | None = None):
        """`day_first`: how to read a numeric date valid both ways (07/01/2023); None takes the order of
        the jurisdiction the document names most (docs/dates.md)."""
        with _collector_paused():
            self.patterns = patterns if isinstance(patterns, PatternSet) else load_patterns(patterns)
            self.date_conventions = load_conventions(self.patterns.directory / "date_conventions.jsonl")
            self.day_first = day_first
            self._build_vocabulary()
            self.segmenter = Segmenter(self.patterns.furniture)
            self.amount_reader = AmountReader(self.patterns.lexicon, japanese_names=[
                n for e in self.patterns.gazetteer.entities.values() if e.kind == "organization" and e.jurisdiction == "Japan"
                for n in (e.name, *e.aliases)])

            self.date_reader = DateReader(self.patterns.lexicon, load_holidays(self.patterns.directory / "holidays.jsonl"))
            self.fact_assembler = FactAssembler(self.patterns.lexicon,
                                                ExchangeRates.load(self.patterns.directory / "exchange_rates.jsonl"),
                                                self.patterns.token_patterns)
            self.entity_settings = entity_settings or EntitySettings()
            self.entity_resolver = EntityResolver(self.patterns.gazetteer, self.entity_settings)
            # What results depend on besides the text: cached results are valid only for the same value.
            self.fingerprint = hashlib.sha256(json.dumps(
                [__version__, self.patterns.file_hashes, dataclasses.asdict(self.entity_settings), day_first],
                sort_keys=True).encode("utf-8")).hexdigest()

    def _build_vocabulary(self) -> None:
        """The parts that hold spaCy's vocabulary: the matcher, the tokenizer, the gazetteers' phrase
        matchers. spaCy keeps every word it has met (a lexeme, its string, the tokenizer's cache entry)
        for the life of the vocabulary, so an archive's ever new names would grow memory without end:
        they are built again, on a new vocabulary, once it has taken `VOCABULARY_GROWTH` new words.
        Results never depend on what the vocabulary met before (a word's attributes are functions of
        its text), so a rebuild changes no output."""
        # The old parts go first, so that two vocabularies are never held at once.
        self.matcher = self.nlp = self.entity_finder = None
        # The matcher first, on an empty vocabulary: spaCy computes a lexeme flag of the matcher for
        # every word already in the vocabulary when it is added, and for each new word as it comes.
        vocab = english_vocab()
        self.matcher = PatternMatcher(vocab, self.patterns.token_patterns)
        names = [n for e in self.patterns.gazetteer.entities.values() for n in (e.name, *e.aliases)]
        self.nlp = build_tokenizer_nlp(self.patterns.lexicon, names, vocab)
        self.entity_finder = EntityFinder(self.nlp, self.patterns.gazetteer, self.patterns.lexicon)
        self._vocabulary_limit = len(vocab) + VOCABULARY_GROWTH

    def extract(self, text: str, *, published: PublishedLike = None, doc_id: str | None = None,
                source: str | None = None) -> Document:
        """The article in `text` as a `Document`; related-article teasers are in its `related`.

        `published` may be a `date`, a `datetime` or pandas `Timestamp` (its date), a numpy
        `datetime64`, or a string: ISO ("2023-06-12", "2023-06-12T09:30") or any day the date reader
        reads ("June 12, 2023", "12 June 2023"). Anything else raises `ArgumentError`.
        """
        if not isinstance(text, str):
            hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
            raise ArgumentError("text", f"must be str, got {type(text).__name__}{hint}")
        if doc_id is not None and not isinstance(doc_id, str):
            raise ArgumentError("doc_id", f"must be str or None, got {type(doc_id).__name__}")
        published = self.published_date(published)
        doc_id = doc_id or "doc-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
        documents = [
            self._document(text, layout, doc_id if layout.part == 1 else f"{doc_id}#{layout.part}",
                           source=source, published=published if layout.part == 1 else None)
            for layout in self.segmenter.segment(text)
        ]
        if len(self.nlp.vocab) > self._vocabulary_limit:
            with _collector_paused():
                self._build_vocabulary()
        return documents[0].model_copy(update={"related": documents[1:]})

    def _document(self, text: str, layout: DocumentLayout, doc_id: str, *, source: str | None,
                  published: date | None) -> Document:
        blocks = layout.blocks
        currencies = self.amount_reader.context(" ".join(text[s:e] for s, e in blocks))
        amounts, percentages, found_dates, names, sentences = [], [], [], [], []
        for (start, end), tokens in zip(blocks, self.nlp.tokenizer.pipe(tokenizable(text[s:e]) for s, e in blocks)):
            matches = self.matcher(tokens)
            title_end = layout.title[1] if layout.title and start == layout.title[0] else None
            names.append(self.entity_finder.find(tokens, start, matches, title_end=title_end))
            sentences += find_sentences(tokens, start, text, matches, self.fact_assembler.counting)
            amounts += interpret_amounts(tokens, start, text, matches, self.amount_reader, doc_id=doc_id,
                                         context=currencies)
            percentages += interpret_percentages(tokens, start, text, matches, doc_id=doc_id)
            found_dates += find_dates(tokens, start, text, matches, self.date_reader)
        publication = find_publication(text, layout, given=published, read_date=self.read_day)
        conventions = DateConventions(day_first=bool(self.day_first))
        if needs_conventions(found_dates):
            conventions = self.date_conventions.for_text(" ".join(text[s:e] for s, e in blocks), day_first=self.day_first)
        dates = resolve_dates(found_dates, doc_id=doc_id, published=publication.published, published_year=publication.year,
                              conventions=conventions)
        organizations, jurisdictions = self.entity_resolver.resolve_document(names, text, doc_id)
        facts = self.fact_assembler.assemble(doc_id, sentences, amounts, percentages, dates, organizations, jurisdictions,
                                             published=publication.published, published_year=publication.year)
        title = Span.of(text, *layout.title) if layout.title else None
        return Document(doc_id=doc_id, source=source, published=publication.published, published_year=publication.year,
                        published_source=publication.source, published_evidence=publication.evidence,
                        text=text, start=layout.start, end=layout.end, title=title, amounts=amounts,
                        percentages=percentages, dates=dates, organizations=organizations, jurisdictions=jurisdictions,
                        facts=facts)

    def published_date(self, value: PublishedLike) -> date | None:
        """A publication date given in any accepted form as a `date` (see `extract`)."""
        if value is None or value != value:
            return None  # a missing value of a DataFrame column (NaT, NaN: the values unequal to themselves)
        # The classes of the module, not the names imported here (which a clock check may replace).
        if isinstance(value, dt.datetime):  # pandas Timestamp included
            return value.date()
        if isinstance(value, dt.date):
            return value
        if type(value).__name__ == "datetime64":  # numpy, without importing it
            return date.fromisoformat(str(value)[:10])
        if isinstance(value, str):
            try:
                return parse_published(value)
            except ValueError:
                day = self.read_day(value)
                if day is not None:
                    return day
            raise ArgumentError("published", f"{value!r} is not a date this reader understands; give an ISO date "
                                             "(2023-06-12) or a full date such as 'June 12, 2023'")
        raise ArgumentError("published", f"must be a date, datetime, ISO string or numpy datetime64, "
                                         f"got {type(value).__name__}")

    def read_day(self, text: str) -> date | None:
        """The calendar day a short text such as a dateline states in full ("June 12, 2023, 11:47 PM")."""
        tokens = self.nlp.make_doc(tokenizable(text))
        for found in find_dates(tokens, 0, text, self.matcher(tokens), self.date_reader):
            if found.expression.kind == "date":
                return resolve(found.expression, None, None).start
        return None


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2009\t\u200b\u200c\u200d\u2060\ufeff]")


def tokenizable(text: str) -> str:
    """The text the tokenizer sees: lone surrogates (undecodable bytes some readers keep) as U+FFFD,
    which spaCy cannot hash otherwise, and no-break, thin, zero-width spaces, tabs and BOMs as plain
    spaces, so that "$5\xa0million" is one amount. One character for one: every offset still points
    into the text as read, and spans take their text from it."""
    return _ODD_SPACE.sub(" ", _LONE_SURROGATE.sub("\ufffd", text))


@functools.lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    """The extractor over the project's own `patterns/`, built on first use and kept."""
    return Extractor()


def extract(text: str, *, published: PublishedLike = None, doc_id: str | None = None) -> Document:
    """Extract the records of one article text with the default patterns.

    Args:
        text: the article as read; offsets of every record index into it.
        published: the publication date, if known: a date, datetime, pandas Timestamp, numpy datetime64,
            or a string ("2023-06-12", "June 12, 2023"). Relative dates ("last month") need it, or a
            dateline in the text.
        doc_id: an id for the document (default: derived from the text's hash).
    """
    return default_extractor().extract(text, published=published, doc_id=doc_id)


def check_pattern_examples(extractor: Extractor) -> list[str]:
    """Problems with the `examples`/`counterexamples` of every pattern line; empty when all hold.

    A token pattern must match each of its examples in full and none of its counterexamples anywhere;
    a furniture rule must match each example (a whole line, or inside it for inline rules) and no
    counterexample.
    """
    problems = []
    for p in extractor.patterns.token_patterns:
        where = f"{p.path.name}:{p.lineno} {p.line.id}"
        for example in p.line.examples:
            tokens = extractor.nlp.make_doc(example)
            spans = {(m.start, m.end) for m in extractor.matcher.match_all(tokens) if m.rule == p.line.id}
            if (0, len(tokens)) not in spans:
                problems.append(f"{where}: does not match its example {example!r} in full")
        for counter in p.line.counterexamples:
            tokens = extractor.nlp.make_doc(counter)
            if any(m.rule == p.line.id for m in extractor.matcher.match_all(tokens)):
                problems.append(f"{where}: matches its counterexample {counter!r}")
    for rule in extractor.patterns.furniture:
        regex = re.compile(rule.regex)
        test = regex.fullmatch if rule.scope == "line" else regex.search
        where = f"page_furniture.jsonl {rule.id}"
        problems += [f"{where}: does not match its example {e!r}" for e in rule.examples if not test(e)]
        problems += [f"{where}: matches its counterexample {c!r}" for c in rule.counterexamples if test(c)]
    return problems
