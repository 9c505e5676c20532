"""Pattern safety: a pattern's cost stays in proportion to the text it runs on.

Checked when patterns load, so that an edit cannot make a run hang or exhaust memory (see
`patterns/README.md`, "Safety"): regular expressions that backtrack exponentially, repetition bounds
over the limits, JSON nested too deep.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from policyextract.errors import UnsafePatternError

# Limits that keep a pattern's cost in proportion to the text (see patterns/README.md, "Safety"):
MAX_JSON_DEPTH = 16  # nesting of objects and arrays in one line
MAX_REGEX_BOUND = 1000  # the n and m of a regular expression's {n,m}
MAX_OP_BOUND = 20  # the n and m of a token's "OP": "{n,m}" (the Matcher copies the token for each)


def json_depth(value: Any) -> int:
    """How deeply objects and arrays nest in `value` (a scalar: 0), without recursion."""
    depth, level = 0, [(value, 1)]
    while level:
        item, d = level.pop()
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else None
        if children is not None:
            depth = max(depth, d)
            level += [(child, d + 1) for child in children]
    return depth


_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
_ZERO_WIDTH = {"AT", "ASSERT", "ASSERT_NOT"}


def _children(name: str, arg: Any) -> list[Any]:
    """The sub-sequences of one parsed regex item."""
    if name in _REPEATS:
        return [arg[2]]
    if name == "SUBPATTERN":
        return [arg[-1]]
    if name == "BRANCH":
        return list(arg[1])
    if name in ("ASSERT", "ASSERT_NOT"):
        return [arg[1]]
    if name == "GROUPREF_EXISTS":
        return [t for t in arg[1:] if t is not None]
    if name == "ATOMIC_GROUP":
        return [arg]
    return []


def _nullable(items: Any) -> bool:
    """Whether a parsed sequence can match the empty string."""
    for op, arg in items:
        name = str(op)
        if name in _ZERO_WIDTH:
            continue
        if name in _REPEATS and (arg[0] == 0 or _nullable(arg[2])):
            continue
        if name in ("SUBPATTERN", "ATOMIC_GROUP") and _nullable(_children(name, arg)[0]):
            continue
        if name == "BRANCH" and any(_nullable(b) for b in arg[1]):
            continue
        return False
    return True


def _first(items: Any) -> set[int] | None:
    """The characters a parsed sequence can start with, or None when that is not a few literals."""
    found: set[int] = set()
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return found | {arg}
        if name in _ZERO_WIDTH:
            continue
        if name in _REPEATS or name in ("SUBPATTERN", "ATOMIC_GROUP", "BRANCH"):
            for child in _children(name, arg):
                sub = _first(child)
                if sub is None:
                    return None
                found |= sub
            if not _nullable([(op, arg)]):
                return found
            continue
        return None  # a class, a category, any character
    return found


def regex_problem(regex: str) -> str | None:
    """Why a regular expression is unsafe to run on any text, or None. Unsafe, under a repetition
    (`+`, `*`, `{n,m}` with m > 1): another repetition ("(a+)+", "(\\w*\\s?)*"), something that can
    match nothing ("(a?)+"), or branches that can start with the same character ("(ab|a.)+"); each
    backtracks exponentially on a text that almost matches. Also a bound {n,m} over MAX_REGEX_BOUND.
    Branches starting with a class ("\\w", "[a-z]") count as overlapping anything."""
    try:
        from re import _parser as parser  # the parser `re` compiles with (Python 3.11+)
    except ImportError:  # pragma: no cover
        import sre_parse as parser
    try:
        tree = parser.parse(regex)
    except re.error as exc:
        return f"invalid regular expression: {exc}"
    unbounded = parser.MAXREPEAT

    def walk(items: Any, inside_repeat: bool) -> str | None:
        for op, arg in items:
            name = str(op)
            repeats = False
            if name in _REPEATS:
                low, high, sub = arg
                for bound in (low, high):
                    if bound != unbounded and bound > MAX_REGEX_BOUND:
                        return f"repetition bound {bound} over the limit of {MAX_REGEX_BOUND}"
                repeats = high == unbounded or high > 1
                if repeats and inside_repeat:
                    return "a repetition inside a repetition (as in '(a+)+'): exponential backtracking"
                if repeats and _nullable(sub):
                    return "a repetition of something that can match nothing (as in '(a?)+'): exponential backtracking"
            if name == "BRANCH" and inside_repeat:
                starts = [_first(branch) for branch in arg[1]]
                overlap = any(a is None or b is None or a & b for i, a in enumerate(starts) for b in starts[i + 1:])
                if overlap:
                    return "branches that can start alike inside a repetition (as in '(ab|a.)+'): exponential backtracking"
            for sub in _children(name, arg):
                if (problem := walk(sub, inside_repeat or repeats)) is not None:
                    return problem
        return None

    return walk(tree, False)


_OP_BOUNDS = re.compile(r"^\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}$")


def check_token_safety(tokens: list[dict[str, Any]], path: Path, lineno: int) -> None:
    """Token patterns' regular expressions (`{"REGEX": ...}` at any depth) must pass `regex_problem`,
    and an "OP" of the form "{n,m}" keeps n and m within MAX_OP_BOUND."""
    for i, token in enumerate(tokens):
        op = token.get("OP") if isinstance(token, dict) else None
        if isinstance(op, str) and (bounds := _OP_BOUNDS.match(op)):
            for bound in bounds.groups():
                if bound and int(bound) > MAX_OP_BOUND:
                    raise UnsafePatternError(path, lineno, f"[pattern -> {i} -> OP] bound {bound} over the limit of {MAX_OP_BOUND}")
        level: list[Any] = [token]
        while level:
            item = level.pop()
            if isinstance(item, dict):
                for key, value in item.items():
                    if key == "REGEX" and isinstance(value, str) and (problem := regex_problem(value)):
                        raise UnsafePatternError(path, lineno, f"[pattern -> {i} -> REGEX] {problem}")
                    level.append(value)
            elif isinstance(item, list):
                level += item
