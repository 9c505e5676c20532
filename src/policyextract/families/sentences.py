"""Sentences: token ranges of the sentences of a paragraph, for facts and their evidence.

A sentence ends after ".", "!" or "?" (and any closing quotes or brackets) when the next token starts
with a capital, a digit or a quote; at a line break; and where a scraped page glued a heading to the
next sentence without a space ("activitiesThe approval"). Abbreviations such as "U.S." and "Feb." are
single tokens: their full stops end a sentence only before a capitalized function word ("the U.S. Some
reports"), not before a name ("U.S. President").

Text without sentence ends (a scraped table, a list of figures) would make one sentence of thousands
of tokens, and facts, which join the records of a sentence, would cost time in its square: a sentence
is cut after `MAX_SENTENCE_TOKENS` tokens (far beyond any sentence news writes).
"""

from __future__ import annotations

from spacy.attrs import IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, ORTH, SPACY
from spacy.tokens import Doc

MAX_SENTENCE_TOKENS = 300
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
    space = [row[2] for row in rows]
    bounds, start = [], 0
    # Only a token that is no word followed by a space can end a sentence: punctuation, an abbreviation,
    # a line break (none of them alphabetic) or a word glued to what follows. Most tokens are skipped.
    for i in [i for i, row in enumerate(rows) if not (row[1] and row[5])]:
        j = i + 1  # the next token that is no space ("\xa0"), if within three
        while j < n and j <= i + 3 and space[j]:
            j += 1
        if j >= n or j > i + 3:
            continue
        word, nxt = strings[rows[i][0]], strings[rows[j][0]]
        spaced, alpha = rows[i][1], rows[i][5]
        _, _, _, nxt_title, nxt_stop, nxt_alpha = rows[j]
        if word in _ENDS or (word in _CLOSERS and i > 0 and strings[rows[i - 1][0]] in _ENDS):
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
        while e - s > MAX_SENTENCE_TOKENS:
            trimmed.append((s, s + MAX_SENTENCE_TOKENS))
            s += MAX_SENTENCE_TOKENS
            while s < e and space[s]:
                s += 1
        if s < e:
            trimmed.append((s, e))
    return trimmed
