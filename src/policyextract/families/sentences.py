"""Sentences: token ranges of the sentences of a paragraph, for facts and their evidence.

`ParagraphTokens` holds a paragraph's tokens as plain lists (text, lower case, offsets, flags), read
once for `sentence_bounds` and for the facts of its sentences.

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

from dataclasses import dataclass

from spacy.attrs import IDX, IS_ALPHA, IS_SPACE, IS_STOP, IS_TITLE, LIKE_NUM, LOWER, ORTH, SPACY
from spacy.tokens import Doc

from policyextract.models import Span

MAX_SENTENCE_TOKENS = 300
_ENDS = {".", "!", "?", "…"}
_CLOSERS = {'"', "”", "’", "'", ")", "]"}
_ATTRS = [ORTH, LOWER, IDX, SPACY, IS_SPACE, IS_TITLE, IS_STOP, IS_ALPHA, LIKE_NUM]


@dataclass(frozen=True, slots=True)
class ParagraphTokens:
    """The tokens of a paragraph as plain lists, read for all tokens at once (`Doc.to_array`), for its
    sentences and their facts: a spaCy `Token` made per look (`doc[i].lower_`) costs more than the rest
    of the work. Flags are 1 or 0."""

    texts: list[str]
    lowers: list[str]
    starts: list[int]  # character offset of each token in the text
    spaced: list[int]  # followed by a space
    space: list[int]  # a space token ("\xa0", a line break)
    title: list[int]
    stop: list[int]
    alpha: list[int]
    like_num: list[int]

    @classmethod
    def of(cls, doc: Doc, offset: int = 0) -> ParagraphTokens:
        """The tokens of `doc`, a paragraph that begins at character `offset` of the text."""
        strings = doc.vocab.strings
        orth, lower, idx, *flags = doc.to_array(_ATTRS).reshape(len(doc), len(_ATTRS)).T.tolist()
        return cls([strings[k] for k in orth], [strings[k] for k in lower], [offset + i for i in idx], *flags)

    def __len__(self) -> int:
        return len(self.texts)

    def end(self, i: int) -> int:
        """The character offset just after token `i`."""
        return self.starts[i] + len(self.texts[i])

    def span(self, text: str, start: int, end: int) -> Span:
        """The `Span` of tokens [start, end) in `text` (as `matching.char_span` makes it)."""
        return Span.of(text, self.starts[start], self.end(end - 1))


def sentence_bounds(tokens: ParagraphTokens) -> list[tuple[int, int]]:
    """[start, end) token ranges of the sentences of a paragraph, covering every token but spaces at
    the edges of a sentence."""
    n, words = len(tokens), tokens.texts
    spaced, space, title, stop, alpha = tokens.spaced, tokens.space, tokens.title, tokens.stop, tokens.alpha
    bounds, start = [], 0
    # Only a token that is no word followed by a space can end a sentence: punctuation, an abbreviation,
    # a line break (none of them alphabetic) or a word glued to what follows. Most tokens are skipped.
    for i in [i for i in range(n) if not (spaced[i] and alpha[i])]:
        j = i + 1  # the next token that is no space ("\xa0"), if within three
        while j < n and j <= i + 3 and space[j]:
            j += 1
        if j >= n or j > i + 3:
            continue
        word, nxt = words[i], words[j]
        if word in _ENDS or (word in _CLOSERS and i > 0 and words[i - 1] in _ENDS):
            end_here = nxt not in _CLOSERS and (nxt[:1].isupper() or nxt[:1].isdigit() or nxt[:1] in "“\"'‘")
        elif word.endswith(".") and len(word) > 1 and spaced[i] and title[j] and stop[j]:
            end_here = True  # "... into the U.S. Some reports": an abbreviation ends the sentence
        elif "\n" in word:
            end_here = True
        else:  # a heading glued to the next sentence
            end_here = not spaced[i] and word[-1:].islower() and nxt[:1].isupper() and bool(alpha[i]) and bool(alpha[j])
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
