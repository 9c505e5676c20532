"""Matching: the token patterns of `patterns/` run over a tokenized paragraph.

Patterns run in groups: each family's *figure* patterns (amounts, percentages, dates, organizations,
fact cues), and each family's *qualifier* patterns, the ones with an `attrs.position` (modifiers such
as "up to" and "annually", date relations such as "by the end of"), which only matter next to a figure.
A group runs when an interpreter first asks for it, and only inside its anchor windows (`anchors.py`):
the parts of the paragraph where one of its patterns can match at all. Within a group, the patterns
whose anchors pass the same tokens form a part with its own windows and Matcher, because spaCy's
Matcher tries every pattern it holds at every token it is given.

Overlaps are kept on purpose: the interpreters choose among them (the longest match that reads as a
well-formed value wins), so a pattern may be generous and the interpreter strict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from typing import NamedTuple

from spacy.attrs import IDS, LOWER, ORTH, SHAPE
from spacy.matcher import Matcher
from spacy.schemas import validate_token_pattern
from spacy.tokens import Doc
from spacy.vocab import Vocab

from policyextract.anchors import UNBOUNDED, AnchorIndex, find_anchor, repetitions
from policyextract.errors import PatternFileError
from policyextract.models import Span
from policyextract.pattern_lines import CompiledPattern, TokenPatternLine


class Match(NamedTuple):
    """A token range [start, end) of a paragraph Doc matched by one pattern line. (A tuple: paragraphs
    have thousands of them, and a tuple is built fastest.)"""

    start: int
    end: int
    line: TokenPatternLine

    @property
    def rule(self) -> str:
        return self.line.id


def is_qualifier(pattern: CompiledPattern) -> bool:
    return "position" in pattern.line.attrs


# Lexeme flag bits spaCy leaves free: 13 (IS_OOV_DEPRECATED) and FLAG19..FLAG63.
_FREE_FLAG_BITS = (13, *range(19, 64))


class _InSet:
    """A lexeme flag's getter: is the word's `attr` value one of `values`? (A class, not a lambda,
    so that a vocab can be pickled.)"""

    def __init__(self, getter: Callable[[str], str], values: frozenset[str]):
        self.getter, self.values = getter, values

    def __call__(self, text: str) -> bool:
        return self.getter(text) in self.values


class _LastShape:
    """A word's shape, computed once for the shape-list flags that spaCy asks about one new word in
    turn (spaCy's `word_shape` is a Python loop over the word's characters)."""

    def __init__(self, shape: Callable[[str], str]):
        self.shape = shape
        self.text: str | None = None
        self.value = ""

    def __call__(self, text: str) -> str:
        if text != self.text:
            self.text, self.value = text, self.shape(text)
        return self.value


class _ListedWords:
    """The getters of the LOWER and ORTH list flags, answered for a new word in one Python call.

    spaCy calls every flag's getter for each word new to the vocabulary: one Python call per flag
    would double the cost of a new word. Here the first list's getter looks
    the word up once and records it in a table of each list it belongs to; the other lists' getters are
    those tables' `dict.get`, which run no Python. spaCy calls getters in the order they were added, so
    the first list's flag must be added first. The tables hold only words of the lists (as written in
    the text: "Million", "MILLION"), never all words.
    """

    def __init__(self, lists: list[tuple[int, frozenset[str]]], lower: Callable[[str], str]):
        self.lower = lower
        self.lists_of: dict[tuple[int, str], list[int]] = defaultdict(list)
        for k, (attr, values) in enumerate(lists):
            for value in values:
                self.lists_of[(attr, value)].append(k)
        self.members: list[dict[str, bool]] = [{} for _ in lists]

    def getters(self) -> list[Callable[[str], bool | None]]:
        """Each list's flag getter, the one to add first first."""
        return [self._first, *(members.get for members in self.members[1:])]

    def _first(self, text: str) -> bool | None:
        for k in (*self.lists_of.get((LOWER, self.lower(text)), ()), *self.lists_of.get((ORTH, text), ())):
            self.members[k][text] = True
        return self.members[0].get(text)


class SetFlags:
    """`IN`/`NOT_IN` word lists as lexeme flags.

    spaCy's Matcher tests a set predicate ({"LOWER": {"IN": [...]}}) in Python for every token a
    pattern state reaches: on news text that was most of the matching time. A lexeme flag is computed
    once per distinct word and tested by the Matcher as a bit, so each list of LOWER, ORTH or SHAPE
    values becomes a flag, the most often tested first, while free flag bits last; the rest stay
    predicates (same matches either way).
    """

    def __init__(self, vocab: Vocab, patterns: list[list[dict]]):
        self.flags: dict[tuple[int, frozenset[str]], int] = {}
        uses: Counter[tuple[int, frozenset[str]]] = Counter()
        for tokens in patterns:
            for position, spec in enumerate(tokens):
                for attr, values in self._lists(spec):
                    # a pattern's first token is tested on every token, the others only after it
                    uses[(attr, values)] += 100 if position == 0 else 1
        free = [bit for bit in _FREE_FLAG_BITS if bit not in vocab.lex_attr_getters]
        flagged = [key for key, _ in uses.most_common()][:len(free)]
        word_lists = [key for key in flagged if key[0] != SHAPE]
        getters = dict(zip(word_lists, _ListedWords(word_lists, vocab.lex_attr_getters[LOWER]).getters()))
        shape = _LastShape(vocab.lex_attr_getters[SHAPE])
        for key in sorted(flagged, key=lambda key: key[0] == SHAPE):  # the first word list first
            getter = getters[key] if key in getters else _InSet(shape, key[1])
            self.flags[key] = vocab.add_flag(getter, free[len(self.flags)])

    @staticmethod
    def _lists(spec: dict) -> list[tuple[int, frozenset[str]]]:
        return [(attr, frozenset(words)) for name, value in spec.items() if (attr := _listed_attr(name, value))
                for words in value.values()]

    def rewrite(self, tokens: list[dict]) -> list[dict]:
        """The token pattern with every flagged list replaced by its flag test."""
        rewritten = []
        for spec in tokens:
            spec = dict(spec)
            for name, value in list(spec.items()):
                if not (attr := _listed_attr(name, value)):
                    continue
                del spec[name]
                for op, words in value.items():
                    flag = self.flags.get((attr, frozenset(words)))
                    if flag is None or flag in spec:
                        spec.setdefault(name, {})[op] = words
                    else:
                        spec[flag] = op == "IN"
            rewritten.append(spec)
        return rewritten


def _listed_attr(name: str, value: object) -> int | None:
    """The attribute id of a token spec's entry when it is a word list a flag can stand for
    ({"LOWER": {"IN": [...]}}, NOT_IN, on LOWER, ORTH/TEXT or SHAPE), else None."""
    attr = IDS.get("ORTH" if name == "TEXT" else name)
    if attr in (LOWER, ORTH, SHAPE) and isinstance(value, dict) and value and value.keys() <= {"IN", "NOT_IN"}:
        return attr
    return None


# A bounded repetition {n,m} at least this wide, of a token spec that passes most words, runs open,
# in windows of at most OPEN_WINDOW tokens (news windows have a few; longer ones run the patterns as
# written, whose matches per token are bounded).
WIDE_REPETITION = 4
OPEN_WINDOW = 32


def open_repetitions(tokens: list[dict]) -> tuple[list[dict], int | None]:
    """The pattern with each wide bounded repetition of a broad token spec ({"IS_LOWER": false,
    "OP": "{1,8}"}: any capitalized word, one to eight times) written as its required copies and an
    open "*", and the longest match that needs no check of the bounds (None: nothing was opened).

    spaCy's Matcher unrolls {1,8} into one token and seven optional ones, and at every token of a run
    of capitalized words each optional one forks a state: organization names cost several times what
    an open repetition does. An open repetition finds every match the bounded one finds, and more only
    where a run is longer than the bound; a match no longer than the bound plus the fewest tokens of
    the other specs cannot hold such a run, and a longer one is checked (`_GroupMatcher`)."""
    least = [repetitions(spec.get("OP"))[0] for spec in tokens]
    rewritten: list[dict] = []
    limits = []
    for k, spec in enumerate(tokens):
        low, high = repetitions(spec.get("OP"))
        if high < UNBOUNDED and high - low >= WIDE_REPETITION and not _selective(spec):
            required = {key: value for key, value in spec.items() if key != "OP"}
            rewritten += [dict(required) for _ in range(low)] + [{**required, "OP": "*"}]
            limits.append(high + sum(least) - least[k])
        else:
            rewritten.append(spec)
    return rewritten, min(limits, default=None)


def _selective(spec: dict) -> bool:
    """Does a token spec pass only some words (a word, a word list, a shape, a number)?"""
    for name, value in spec.items():
        name = name.upper()
        if name in ("LOWER", "ORTH", "TEXT", "SHAPE", "NORM") and (isinstance(value, str) or (isinstance(value, dict) and "IN" in value)):
            return True
        if name in ("LIKE_NUM", "IS_DIGIT") and value is True:
            return True
    return False


class _Part:
    """The patterns of a group that share an anchor test, in one Matcher: a window that test found
    runs these patterns only. (spaCy's Matcher starts every pattern of a Matcher at every token and
    tests its first token's word lists there, so one Matcher per group would run all of a group's
    patterns in the windows of any.)"""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern], flags: SetFlags):
        # validated as written; added with flags, which spaCy's pattern schema does not know
        self.matcher = Matcher(vocab, validate=False)
        self.lines: dict[int, TokenPatternLine] = {}
        self._unchecked: dict[int, int] = {}  # opened pattern's key → the longest match that needs no check
        for p in patterns:
            errors = validate_token_pattern(p.tokens)
            try:
                if errors:
                    raise ValueError("; ".join(errors))
                tokens, unchecked = open_repetitions(p.tokens)
                self.matcher.add(p.line.id, [flags.rewrite(tokens)])
            except ValueError as exc:
                detail = " ".join(str(exc).split())
                raise PatternFileError(p.path, p.lineno, f"invalid token pattern {p.line.id!r}: {detail}") from None
            key = vocab.strings[p.line.id]
            self.lines[key] = p.line
            if unchecked is not None:
                self._unchecked[key] = unchecked
        self.anchors = [find_anchor(p.tokens) for p in patterns]
        # every pattern as written: for a window where an opened pattern matched beyond its bounds' check,
        # and for long windows (see `__call__`)
        self._as_written = self.matcher
        if self._unchecked:
            self._as_written = Matcher(vocab, validate=False)
            for p in patterns:
                self._as_written.add(p.line.id, [flags.rewrite(p.tokens)])

    def __call__(self, doc: Doc, windows: list[tuple[int, int]]) -> list[Match]:
        found, lines, unchecked = [], self.lines, self._unchecked
        for start, end in windows:
            window = doc if start == 0 and end == len(doc) else doc[start:end]
            # A long run of capitalized words ("Bank Bank Bank ...", a headline in title case): an open
            # repetition would match nearly every pair of its tokens, the patterns as written a bounded
            # number per token. In a short window, a match longer than its check allows may hold a run
            # beyond the bound: the window runs again with the patterns as written, which decide.
            matches = self._as_written(window) if unchecked and end - start > OPEN_WINDOW else self.matcher(window)
            if unchecked and matches is not None and any(e - s > unchecked.get(key, e - s) for key, s, e in matches):
                matches = self._as_written(window)
            found += [Match(start + s, start + e, lines[key]) for key, s, e in matches]
        return found


def _parts(patterns: list[CompiledPattern]) -> list[list[CompiledPattern]]:
    """A group's patterns in parts: patterns whose anchor tests can pass the same token (a word both
    lists have, the same shape or number flag) share a part, so that a token runs each part once;
    patterns without an anchor run everywhere, in a part of their own."""
    parts: list[tuple[set[tuple[str, str]], list[CompiledPattern]]] = []  # (anchor tests, patterns)
    everywhere = []
    for p in patterns:
        anchor = find_anchor(p.tokens)
        if anchor is None:
            everywhere.append(p)
            continue
        tests, members = {(anchor.attr, value) for value in anchor.values or [""]}, [p]
        for part in [part for part in parts if part[0] & tests]:
            parts.remove(part)
            tests, members = tests | part[0], part[1] + members
        parts.append((tests, members))
    return [members for _, members in parts] + ([everywhere] if everywhere else [])


class _GroupMatcher:
    """A group's patterns in parts (`_parts`); its matches in one order, whatever the parts."""

    def __init__(self, vocab: Vocab, patterns: list[CompiledPattern], flags: SetFlags):
        self.parts = [_Part(vocab, part, flags) for part in _parts(patterns)]

    def __call__(self, doc: Doc, windows: list[list[tuple[int, int]]]) -> list[Match]:
        """The matches of every part in its windows (`windows[i]`: part i's), by start, end and rule."""
        found = [m for part, ranges in zip(self.parts, windows) if ranges for m in part(doc, ranges)]
        found.sort(key=lambda m: (m.start, m.end, m.line.id))
        return found

    def everywhere(self, doc: Doc) -> list[Match]:
        """Every match in the whole Doc, ungated."""
        return self(doc, [[(0, len(doc))]] * len(self.parts))


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
                self._found[key] = group(self.doc, [self._windows.get((key, i), []) for i in range(len(group.parts))])
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
        flags = SetFlags(vocab, [p.tokens for p in patterns])
        self.groups = {key: _GroupMatcher(vocab, group, flags) for key, group in grouped.items()}
        self.anchors = AnchorIndex({(key, i): part.anchors for key, group in self.groups.items()
                                    for i, part in enumerate(group.parts)}, vocab.strings)

    def __call__(self, doc: Doc) -> ParagraphMatches:
        return ParagraphMatches(doc, self)

    def match_all(self, doc: Doc) -> list[Match]:
        """Every match of every pattern over the whole Doc, ungated (for checking pattern examples)."""
        return [m for group in self.groups.values() for m in group.everywhere(doc)]


def char_span(doc: Doc, offset: int, text: str, start: int, end: int) -> Span:
    """The `Span` of tokens [start, end) of a paragraph Doc that begins at `offset` in `text`."""
    first, last = doc[start], doc[end - 1]
    char_start, char_end = offset + first.idx, offset + last.idx + len(last.text)
    return Span.of(text, char_start, char_end)
