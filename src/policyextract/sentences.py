"""Sentences: token ranges of the sentences of a paragraph, for facts and their evidence.

A sentence ends after ".", "!" or "?" (and any closing quotes or brackets) when the next token starts
with a capital, a digit or a quote; at a line break; and where a scraped page glued a heading to the
next sentence without a space ("activitiesThe approval"). Abbreviations such as "U.S." and "Feb." are
single tokens: their full stops end a sentence only before a capitalized function word ("the U.S. Some
reports"), not before a name ("U.S. President").
"""

from __future__ import annotations

from spacy.tokens import Doc

_ENDS = {".", "!", "?", "…"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) token ranges of the sentences of `doc`, covering every token."""
    bounds, start = [], 0
    for i, token in enumerate(doc):
        nxt = next((t for t in doc[i + 1 : i + 4] if not t.is_space), None)  # past "\xa0" tokens
        if nxt is None:
            continue
        end_here = False
        if token.text in _ENDS or (token.text in _CLOSERS and i > 0 and doc[i - 1].text in _ENDS):
            end_here = nxt.text not in _CLOSERS and (nxt.text[:1].isupper() or nxt.text[:1].isdigit() or nxt.text[:1] in "“\"'‘")
        elif token.text.endswith(".") and len(token.text) > 1 and token.whitespace_ and nxt.is_title and nxt.is_stop:
            end_here = True  # "... into the U.S. Some reports": an abbreviation ends the sentence
        elif "\n" in token.text or "\n" in token.whitespace_:
            end_here = True
        elif not token.whitespace_ and token.text[-1:].islower() and nxt.text[:1].isupper() and token.is_alpha and nxt.is_alpha:
            end_here = True  # glued heading
        if end_here:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(doc):
        bounds.append((start, len(doc)))
    trimmed = []
    for s, e in bounds:
        while s < e and doc[s].is_space:
            s += 1
        while e > s and doc[e - 1].is_space:
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed
