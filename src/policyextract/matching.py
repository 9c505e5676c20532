"""Matching: the token patterns of `patterns/` run over a tokenized paragraph.

Two kinds of pattern. *Figure* patterns (amounts, percentages, dates) run over every paragraph, all in
one spaCy `Matcher` pass. *Qualifier* patterns, the ones with an `attrs.position` (modifiers such as
"up to" and "annually", date relations such as "by the end of"), only matter next to a figure, so they
run lazily, one Matcher per family, in the paragraphs where that family found figures: they are half
the patterns and would otherwise cost half the matching time.

Overlaps are kept on purpose: the interpreters choose among them (the longest match that reads as a
well-formed value wins), so a pattern may be generous and the interpreter strict.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from policyextract.errors import PatternFileError
from policyextract.models import Span
from policyextract.patterns import CompiledPattern, TokenPatternLine


@dataclass(frozen=True, slots=True)
class Match:
    """A token range [start, end) of a paragraph Doc matched by one pattern line."""

    start: int
    end: int
    line: TokenPatternLine

    @property
    def rule(self) -> str:
        return self.line.id


def is_qualifier(pattern: CompiledPattern) -> bool:
    return "position" in pattern.line.attrs


class ParagraphMatches:
    """The matches of one paragraph: figure matches by family, qualifier matches on demand."""

    def __init__(self, doc: Doc, figures: dict[str, list[Match]], matcher: PatternMatcher):
        self.doc = doc
        self._figures = figures
        self._matcher = matcher
        self._qualifiers: dict[str, list[Match]] = {}

    def figures(self, family: str, label: str | None = None) -> list[Match]:
        found = self._figures.get(family, [])
        return [m for m in found if m.line.label == label] if label else found

    def qualifiers(self, family: str) -> list[Match]:
        """Qualifier matches of `family` (run on first request, then kept)."""
        if family not in self._qualifiers:
            self._qualifiers[family] = self._matcher.match_qualifiers(self.doc, family)
        return self._qualifiers[family]


class PatternMatcher:
    """Runs the figure patterns over a Doc at once, and each family's qualifier patterns on demand."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern]):
        self._vocab = vocab
        self._by_key: dict[int, CompiledPattern] = {}
        self._figures = Matcher(vocab, validate=True)
        self._qualifiers: dict[str, Matcher] = defaultdict(lambda: Matcher(vocab, validate=True))
        for p in patterns:
            matcher = self._qualifiers[p.family] if is_qualifier(p) else self._figures
            try:
                matcher.add(p.line.id, [p.tokens])
            except (MatchPatternError, ValueError) as exc:
                detail = " ".join(str(exc).split())
                raise PatternFileError(p.path, p.lineno, f"invalid token pattern {p.line.id!r}: {detail}") from None
            self._by_key[vocab.strings[p.line.id]] = p

    def _grouped(self, matcher: Matcher, doc: Doc) -> dict[str, list[Match]]:
        found: dict[str, list[Match]] = defaultdict(list)
        for key, start, end in matcher(doc):
            p = self._by_key[key]
            found[p.family].append(Match(start, end, p.line))
        return found

    def __call__(self, doc: Doc) -> ParagraphMatches:
        return ParagraphMatches(doc, self._grouped(self._figures, doc), self)

    def match_qualifiers(self, doc: Doc, family: str) -> list[Match]:
        matcher = self._qualifiers.get(family)
        return self._grouped(matcher, doc).get(family, []) if matcher is not None else []

    def match_all(self, doc: Doc) -> list[Match]:
        """Every match of every pattern, figures and qualifiers (for checking pattern examples)."""
        matches = [m for ms in self._grouped(self._figures, doc).values() for m in ms]
        return matches + [m for family in self._qualifiers for m in self.match_qualifiers(doc, family)]


def char_span(doc: Doc, offset: int, text: str, start: int, end: int) -> Span:
    """The `Span` of tokens [start, end) of a paragraph Doc that begins at `offset` in `text`."""
    first, last = doc[start], doc[end - 1]
    char_start, char_end = offset + first.idx, offset + last.idx + len(last.text)
    return Span(start=char_start, end=char_end, text=text[char_start:char_end])
