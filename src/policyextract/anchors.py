"""Anchors: where in a paragraph a pattern can match at all, so the Matcher runs only there.

spaCy's Matcher starts every pattern at every token, so its cost grows with tokens × patterns,
whatever the patterns find. But each pattern has a *required* token with a cheap, selective test (a
word from a list, a number, a shape), and a match of the pattern lies within a bounded distance of
that token: the sum of the longest repetitions of the tokens before and after it. That token is the
pattern's anchor. A paragraph's *windows* for a set of patterns are those ranges around every token
that passes an anchor test, merged; matching only inside the windows finds exactly the matches of
the whole paragraph (a match never reaches past its anchor's window, and a match inside a window is
a match in the paragraph), at a fraction of the cost.

A window is then narrowed to what the pattern's other tokens can cover: from the anchor token it
extends only over neighbours that pass at least one of the token tests that may come before (or
after) the anchor in a match, up to the reach: "Bank" in "said on Monday that Hana Bank would" gives
the window "Hana Bank" (the capitalized words before it), not the eight tokens on each side. Tests are
cached by word (every attribute a pattern may test is the word's, not its context's); a test this
module cannot read (an attribute it does not know, a "!" token) lets the window take the whole reach.

Anchors are derived from the pattern files, so a pattern a user adds is gated correctly without
touching Python; a pattern without a usable anchor (no required token with a word list, a shape or a
number test, or an unbounded repetition) makes its group run over the whole paragraph.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_LOWER, IS_PUNCT, IS_SPACE, IS_TITLE, IS_UPPER, LIKE_NUM, LOWER, ORTH, SHAPE
from spacy.strings import StringStore
from spacy.tokens import Doc

UNBOUNDED = 1 << 30
# The attributes read for every token: the first four can be an anchor's test, the flags after them
# conditions that narrow it ("Bank" but not "bank" before a name); any of them, IS_SPACE and ORTH
# too, may be tested when a window is narrowed (ORTH also keys the cache of those tests).
_READ = {"LOWER": LOWER, "SHAPE": SHAPE, "LIKE_NUM": LIKE_NUM, "IS_DIGIT": IS_DIGIT, "IS_LOWER": IS_LOWER,
         "IS_TITLE": IS_TITLE, "IS_UPPER": IS_UPPER, "IS_ALPHA": IS_ALPHA, "IS_PUNCT": IS_PUNCT,
         "IS_SPACE": IS_SPACE, "ORTH": ORTH}
_ARRAY_ATTRS = list(_READ.values())
_COLUMNS = {name: i for i, name in enumerate(_READ)}
_ORTH = _COLUMNS["ORTH"]
_TESTS = 4
_FLAGS = ["LIKE_NUM", "IS_DIGIT", "IS_LOWER", "IS_TITLE", "IS_UPPER", "IS_ALPHA", "IS_PUNCT"]
_WORD_ATTRS = {"LOWER": "LOWER", "ORTH": "ORTH", "TEXT": "ORTH", "SHAPE": "SHAPE"}
_BOOL_ATTRS = {*_FLAGS, "IS_SPACE"}
# How much more often one token passes a test of this kind than a word from a short list: numbers
# and shapes are common in news, and a list with one of the commonest words passes everywhere.
_WEIGHTS = {"LOWER": 1, "SHAPE": 3, "LIKE_NUM": 3, "IS_DIGIT": 3}
_COMMON_WORDS = frozenset("the of and to a in for is on that by with as at from it an be was are or this has have will".split())
_COMMON_WORD_WEIGHT = 8
_RANGE = re.compile(r"\{(\d*),?(\d*)\}")


@dataclass(frozen=True)
class Anchor:
    """A test every match of a pattern passes at one of its tokens, and how many tokens the match can
    have before and after that token."""

    attr: str  # "LOWER", "SHAPE" (values: the strings the token's attribute may be) or a flag
    values: frozenset[str]
    before: int
    after: int
    flags: frozenset[tuple[str, bool]] = frozenset()  # other flags the token must have, and their value
    # the token specs of the pattern that may match a token before the anchor token, and after it;
    # None (not known): a window takes the whole reach
    sides: tuple[tuple[dict[str, Any], ...], tuple[dict[str, Any], ...]] | None = field(default=None, compare=False, repr=False)


def repetitions(op: str | None) -> tuple[int, int]:
    """(fewest, most) times a token spec with operator `op` repeats; `UNBOUNDED` for no limit."""
    if op in (None, "!"):
        return 1, 1
    fixed = {"?": (0, 1), "*": (0, UNBOUNDED), "+": (1, UNBOUNDED)}
    if op in fixed:
        return fixed[op]
    ranged = _RANGE.fullmatch(op)
    if not ranged:
        raise ValueError(f"unknown operator {op!r}")
    low, high = ranged.groups()
    if "," not in op:
        return int(low), int(low)
    return int(low or 0), int(high) if high else UNBOUNDED


def token_test(spec: dict[str, Any]) -> tuple[str, frozenset[str], frozenset[tuple[str, bool]]] | None:
    """The anchor test a token spec implies: its word list (as lowercase), shape list or number flag,
    and the values it requires of other flags."""
    if spec.get("OP") == "!":
        return None
    spec = {k.upper(): v for k, v in spec.items()}
    flags = {(name, value) for name, value in spec.items() if name in _FLAGS and isinstance(value, bool)}
    for key in ("LOWER", "ORTH", "TEXT"):  # a token with ORTH "US$" has LOWER "us$"
        words = _values(spec.get(key))
        if words is not None:
            return "LOWER", frozenset(w.lower() for w in words), frozenset(flags)
    shapes = _values(spec.get("SHAPE"))
    if shapes is not None:
        return "SHAPE", frozenset(shapes), frozenset(flags)
    for flag in ("LIKE_NUM", "IS_DIGIT"):
        if spec.get(flag) is True:
            return flag, frozenset(), frozenset(flags - {(flag, True)})
    return None


def _values(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list) and all(isinstance(v, str) for v in value["IN"]):
        return value["IN"]
    return None


def _cost(anchor: Anchor) -> int:
    weight = _WEIGHTS[anchor.attr]
    if anchor.attr == "LOWER" and anchor.values & _COMMON_WORDS:
        weight *= _COMMON_WORD_WEIGHT
    if anchor.flags:
        weight /= 2
    return (anchor.before + anchor.after + 1) * weight


def find_anchor(tokens: list[dict[str, Any]]) -> Anchor | None:
    """The cheapest anchor of a token pattern, or None when no required token can be one."""
    most = [repetitions(t.get("OP"))[1] for t in tokens]
    candidates = []
    for k, spec in enumerate(tokens):
        test = token_test(spec)
        if test is None or repetitions(spec.get("OP"))[0] < 1:
            continue
        before = sum(most[:k]) + most[k] - 1
        after = sum(most[k + 1:]) + most[k] - 1
        if before < UNBOUNDED and after < UNBOUNDED:
            repeated = (spec,) if most[k] > 1 else ()  # the anchor token's own spec matches its neighbours too
            sides = (tuple(tokens[:k]) + repeated, tuple(tokens[k + 1:]) + repeated)
            candidates.append(Anchor(*test[:2], before, after, test[2], sides))
    return min(candidates, key=_cost, default=None)


class SideTest:
    """Does a token pass at least one of the token specs that may match beside an anchor? Answers are
    kept by word (bounded by the `AnswerBudget` the tests of an index share: a corpus's vocabulary
    is not); every attribute read is the word's (a spec testing anything else makes the test pass
    every token)."""

    def __init__(self, specs: tuple[dict[str, Any], ...], strings: StringStore, budget: AnswerBudget):
        compiled = [_compiled_spec(spec, strings) for spec in specs]
        self.everything = any(c is None for c in compiled)
        self._specs = [c for c in compiled if c is not None]
        self.answers: dict[int, bool] = {}  # word (ORTH hash) → passes
        self._budget = budget
        budget.tests.append(self)

    def first(self, columns: list[list[int]], i: int, start: int) -> int:
        """The first token of the run of passing tokens that ends before token `i`, from `start` on."""
        words, answers = columns[_ORTH], self.answers
        while i > start:
            passes = answers.get(words[i - 1])
            if not (self._answer(columns, i - 1) if passes is None else passes):
                break
            i -= 1
        return i

    def end(self, columns: list[list[int]], i: int, end: int) -> int:
        """The end of the run of passing tokens that begins after token `i`, up to `end`."""
        words, answers = columns[_ORTH], self.answers
        i += 1
        while i < end:
            passes = answers.get(words[i])
            if not (self._answer(columns, i) if passes is None else passes):
                break
            i += 1
        return i

    def _answer(self, columns: list[list[int]], i: int) -> bool:
        passes = any(all(test(columns[c][i]) for c, test in spec) for spec in self._specs)
        self._budget.spend()
        self.answers[columns[_ORTH][i]] = passes
        return passes


class AnswerBudget:
    """How many answers the side tests of an index keep in all; past it, every test forgets them."""

    SIZE = 1 << 16

    def __init__(self) -> None:
        self.tests: list[SideTest] = []
        self._kept = 0

    def spend(self) -> None:
        self._kept += 1
        if self._kept > self.SIZE:
            for test in self.tests:
                test.answers.clear()
            self._kept = 1


def _compiled_spec(spec: dict[str, Any], strings: StringStore) -> list[tuple[int, Any]] | None:
    """(column, test of the column's value) for each attribute of a token spec; None when the spec
    tests anything else or is negated ("!"), so that it must be taken to pass every token."""
    if spec.get("OP") == "!":
        return None
    tests: list[tuple[int, Any]] = []
    for name, value in spec.items():
        name = name.upper()
        if name == "OP":
            continue
        if name in _BOOL_ATTRS and isinstance(value, bool):
            tests.append((_COLUMNS[name], int(value).__eq__))
        elif name in _WORD_ATTRS and isinstance(value, str):
            tests.append((_COLUMNS[_WORD_ATTRS[name]], strings.add(value).__eq__))
        elif name in _WORD_ATTRS and isinstance(value, dict) and value and value.keys() <= {"IN", "NOT_IN"} \
                and all(isinstance(v, list) and all(isinstance(w, str) for w in v) for v in value.values()):
            for op, words in value.items():
                hashes = frozenset(strings.add(w) for w in words)
                tests.append((_COLUMNS[_WORD_ATTRS[name]], hashes.__contains__ if op == "IN" else lambda h, s=hashes: h not in s))
        else:
            return None
    return tests


class AnchorIndex:
    """The anchors of every pattern group in one table, so that one pass over a paragraph's tokens
    finds the windows of all groups."""

    def __init__(self, groups: dict[Hashable, list[Anchor | None]], strings: StringStore):
        self._everywhere = {key for key, anchors in groups.items() if any(a is None for a in anchors)}
        # The anchors of one group that a token's value passes under the same conditions are one
        # entry: their longest reaches and the union of their side tests (a window covers each).
        merged: dict[tuple, list[Anchor]] = defaultdict(list)
        for key, anchors in groups.items():
            if key in self._everywhere:
                continue
            for a in anchors:
                assert a is not None
                conditions = tuple((_COLUMNS[name], int(value)) for name, value in sorted(a.flags))
                for value in [strings.add(v) for v in a.values] if a.values else [1]:
                    merged[(_COLUMNS[a.attr], value, key, conditions)].append(a)
        # test column → value hash (1 for a flag that is on) → (group, reach before, reach after,
        # conditions, test of the tokens before, of the tokens after; None: any token)
        self._table: list[dict[int, list[tuple]]] = [defaultdict(list) for _ in range(_TESTS)]
        budget = AnswerBudget()
        tests: dict[str, SideTest | None] = {}  # one test for the same specs

        def side_test(specs: tuple[dict[str, Any], ...]) -> SideTest | None:
            text = json.dumps(specs, sort_keys=True)
            if text not in tests:
                test = SideTest(specs, strings, budget)
                tests[text] = None if test.everything else test
            return tests[text]

        for (column, value, key, conditions), anchors in merged.items():
            unknown = any(a.sides is None for a in anchors)
            left, right = (None if unknown else side_test(tuple(spec for a in anchors for spec in a.sides[side]))
                           for side in (0, 1))
            self._table[column][value].append((key, max(a.before for a in anchors), max(a.after for a in anchors),
                                               conditions, left, right))

    def windows(self, doc: Doc) -> dict[Hashable, list[tuple[int, int]]]:
        """Each group's merged [start, end) token ranges of `doc` (a paragraph); a group with none is
        missing."""
        n = len(doc)
        if not n:
            return {}
        spans: dict[Hashable, list[tuple[int, int]]] = defaultdict(list)
        columns = doc.to_array(_ARRAY_ATTRS).reshape(n, len(_ARRAY_ATTRS)).T.tolist()
        for table, values in zip(self._table, columns):
            for i in [i for i, value in enumerate(values) if value in table]:
                for key, before, after, conditions, left, right in table[values[i]]:
                    if conditions and not all(columns[c][i] == v for c, v in conditions):
                        continue
                    start, end = max(0, i - before), min(n, i + after + 1)
                    spans[key].append((start if left is None else left.first(columns, i, start),
                                       end if right is None else right.end(columns, i, end)))
        windows = {key: merge_ranges(found) for key, found in spans.items()}
        for key in self._everywhere:
            windows[key] = [(0, n)]
        return windows


def merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching [start, end) ranges joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
