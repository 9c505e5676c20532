"""Sentences: token ranges of the sentences of a paragraph, for facts and their evidence.

A sentence ends after ".", "!" or "?" (and any closing quotes or brackets) when the next token starts
with a capital, a digit or a quote; at a line break; and where a scraped page glued a heading to the
next sentence without a space ("activitiesThe approval"). Abbreviations such as "U.S." and "Feb." are
single tokens: their full stops end a sentence only before a capitalized function word ("the U.S. Some
reports"), not before a name ("U.S. President").
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, ORTH, SPACY
from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}
# Read for all tokens at once: a Python loop over Token objects costs more than the rest of the work.
_ATTRS = [ORTH, SPACY, IS_SPACE, IS_TITLE, IS_STOP, IS_ALPHA]


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) token ranges of the sentences of `doc`, covering every token but spaces at the
    edges of a sentence."""
    n = len(doc)
    rows = doc.to_array(_ATTRS).reshape(n, len(_ATTRS)).tolist()
    strings = doc.vocab.strings
    words = [strings[row[0]] for row in rows]
    space = [row[2] for row in rows]
    following: list[int | None] = [None] * n  # the next token that is no space ("\xa0"), if within three
    upcoming = None
    for i in range(n - 1, -1, -1):
        following[i] = upcoming if upcoming is not None and upcoming <= i + 3 else None
        if not space[i]:
            upcoming = i
    bounds, start = [], 0
    for i, (word, (_, spaced, _, _, _, alpha)) in enumerate(zip(words, rows)):
        j = following[i]
        if j is None:
            continue
        nxt, (_, _, _, nxt_title, nxt_stop, nxt_alpha) = words[j], rows[j]
        if word in _ENDS or (word in _CLOSERS and i > 0 and words[i - 1] in _ENDS):
            end_here = nxt not in _CLOSERS and (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "“\"'‘")
        elif word.endswith(".") and len(word) > 1 and spaced and nxt_title and nxt_stop:
            end_here = True  # "... into the U.S. Some reports": an abbreviation ends the sentence
        elif "\n" in word:
            end_here = True
        else:  # a heading glued to the next sentence
            end_here = not spaced and word[-1:].islower() and nxt[:1].isupper() and bool(alpha) and bool(nxt_alpha)
        if end_here:
            bounds.append((start, i + 1))
            start = i + 1
    if start < n:
        bounds.append((start, n))
    trimmed = []
    for s, e in bounds:
        while s < e and space[s]:
            s += 1
        while e > s and space[e - 1]:
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed
