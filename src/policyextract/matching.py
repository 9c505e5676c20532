"""Matching: every token pattern of `patterns/` run over a tokenized paragraph in one pass.

One spaCy `Matcher` holds the patterns of all families; each match comes back as a `Match` that knows
its family and pattern line. Overlaps are kept here on purpose: the interpreters choose among them
(the longest match that reads as a well-formed value wins), so a pattern may be generous and the
interpreter strict.
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


class PatternMatcher:
    """Runs all token patterns over a Doc and groups the matches by family."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern]):
        self._matcher = Matcher(vocab, validate=True)
        self._by_key: dict[int, CompiledPattern] = {}
        for p in patterns:
            try:
                self._matcher.add(p.line.id, [p.tokens])
            except (MatchPatternError, ValueError) as exc:
                detail = " ".join(str(exc).split())
                raise PatternFileError(p.path, p.lineno, f"invalid token pattern {p.line.id!r}: {detail}") from None
            self._by_key[vocab.strings[p.line.id]] = p

    def __call__(self, doc: Doc) -> dict[str, list[Match]]:
        found: dict[str, list[Match]] = defaultdict(list)
        for key, start, end in self._matcher(doc):
            p = self._by_key[key]
            found[p.family].append(Match(start, end, p.line))
        return found


def char_span(doc: Doc, offset: int, text: str, start: int, end: int) -> Span:
    """The `Span` of tokens [start, end) of a paragraph Doc that begins at `offset` in `text`."""
    first, last = doc[start], doc[end - 1]
    char_start, char_end = offset + first.idx, offset + last.idx + len(last.text)
    return Span(start=char_start, end=char_end, text=text[char_start:char_end])
