"""Matching: the token patterns of `patterns/` run over a tokenized paragraph.

Patterns run in groups: each family's *figure* patterns (amounts, percentages, dates, organizations,
fact cues), and each family's *qualifier* patterns, the ones with an `attrs.position` (modifiers such
as "up to" and "annually", date relations such as "by the end of"), which only matter next to a figure.
A group runs when an interpreter first asks for it, and only inside its anchor windows (`anchors.py`):
the parts of the paragraph where one of its patterns can match at all.

Overlaps are kept on purpose: the interpreters choose among them (the longest match that reads as a
well-formed value wins), so a pattern may be generous and the interpreter strict.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from spacy.errors import MatchPatternError
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from policyextract.anchors import AnchorIndex, find_anchor
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


class _GroupMatcher:
    """One Matcher over a group of patterns, and the anchor of each."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern]):
        self.matcher = Matcher(vocab, validate=True)
        self.lines: dict[int, TokenPatternLine] = {}
        for p in patterns:
            try:
                self.matcher.add(p.line.id, [p.tokens])
            except (MatchPatternError, ValueError) as exc:
                detail = " ".join(str(exc).split())
                raise PatternFileError(p.path, p.lineno, f"invalid token pattern {p.line.id!r}: {detail}") from None
            self.lines[vocab.strings[p.line.id]] = p.line
        self.anchors = [find_anchor(p.tokens) for p in patterns]

    def __call__(self, doc: Doc, windows: list[tuple[int, int]]) -> list[Match]:
        found = []
        for start, end in windows:
            window = doc if (start, end) == (0, len(doc)) else doc[start:end]
            found += [Match(start + s, start + e, self.lines[key]) for key, s, e in self.matcher(window)]
        return found


class ParagraphMatches:
    """The matches of one paragraph, by family: each group runs on first request, then is kept."""

    def __init__(self, doc: Doc, matcher: PatternMatcher):
        self.doc = doc
        self._matcher = matcher
        self._windows: dict[Hashable, list[tuple[int, int]]] | None = None
        self._found: dict[tuple[str, bool], list[Match]] = {}

    def _group(self, family: str, qualifiers: bool) -> list[Match]:
        key = (family, qualifiers)
        if key not in self._found:
            group = self._matcher.groups.get(key)
            if group is None:
                self._found[key] = []
            else:
                if self._windows is None:
                    self._windows = self._matcher.anchors.windows(self.doc)
                self._found[key] = group(self.doc, self._windows[key])
        return self._found[key]

    def figures(self, family: str, label: str | None = None) -> list[Match]:
        found = self._group(family, False)
        return [m for m in found if m.line.label == label] if label else found

    def qualifiers(self, family: str) -> list[Match]:
        """Matches of `family`'s qualifier patterns (modifiers, date relations)."""
        return self._group(family, True)


class PatternMatcher:
    """The token patterns of every family, in groups: each family's figure patterns, and its qualifier
    patterns (the ones with an `attrs.position`, which only matter next to a figure)."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern]):
        grouped: dict[tuple[str, bool], list[CompiledPattern]] = defaultdict(list)
        for p in patterns:
            grouped[(p.family, is_qualifier(p))].append(p)
        self.groups = {key: _GroupMatcher(vocab, group) for key, group in grouped.items()}
        self.anchors = AnchorIndex({key: group.anchors for key, group in self.groups.items()}, vocab.strings)

    def __call__(self, doc: Doc) -> ParagraphMatches:
        return ParagraphMatches(doc, self)

    def match_all(self, doc: Doc) -> list[Match]:
        """Every match of every pattern over the whole Doc, ungated (for checking pattern examples)."""
        return [Match(s, e, group.lines[key]) for group in self.groups.values() for key, s, e in group.matcher(doc)]


def char_span(doc: Doc, offset: int, text: str, start: int, end: int) -> Span:
    """The `Span` of tokens [start, end) of a paragraph Doc that begins at `offset` in `text`."""
    first, last = doc[start], doc[end - 1]
    char_start, char_end = offset + first.idx, offset + last.idx + len(last.text)
    return Span(start=char_start, end=char_end, text=text[char_start:char_end])
