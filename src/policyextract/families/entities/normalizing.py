"""Normalizing names: one key per way of writing a name, and fuzzy matching with rapidfuzz.

`name_key` folds what does not change the body a name refers to: case, apostrophes, punctuation,
spacing, a leading "the", a possessive, and legal suffixes ("Inc", "Ltd", "Holdings", "Group"): so
"Sense Time" and "SenseTime", "Chang'An Chain" and "Chang’An Chain", "Tencent Holdings" and "Tencent"
share a key. Beyond equal keys, `NameIndex.best` finds the closest known name with rapidfuzz's
`token_sort_ratio` over folded names, and accepts it at `fuzzy_cutoff` or above: small misspellings
merge ("Conflux Fundation"), names that share words but are other bodies stay apart ("Hana Bank" and
"Hana Securities", "China Mobile" and "China Daily").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

LEGAL_SUFFIXES = {"inc", "incorporated", "ltd", "limited", "llc", "plc", "corp", "co", "holdings", "holding", "group",
                  "sa", "ag", "gmbh", "bv", "nv", "pte"}
_NON_WORD = re.compile(r"[^\w]+")
_FOUND_LIMIT = 1 << 14  # fuzzy lookups an index keeps


@dataclass(frozen=True)
class EntitySettings:
    """Thresholds of entity normalization (rapidfuzz scores, 0-100).

    fuzzy_cutoff: a name the gazetteer does not know is taken as a known body when their folded names
        score at least this much (token_sort_ratio). 90 merges one- or two-letter misspellings of names
        of ten letters or more and keeps apart names that differ by a word ("Hana Bank", "Hana Securities").
    corpus_cutoff: two new names from different documents are one body when their keys score at least
        this much (ratio on keys, compared only within blocks of keys that share their first 3 letters).
    min_fuzzy_length: names shorter than this (in key letters) are merged only on equal keys: short
        names are too easily one letter from another body ("ZTE", "ZET").
    """

    fuzzy_cutoff: float = 90.0
    corpus_cutoff: float = 92.0
    min_fuzzy_length: int = 6


# Names repeat across paragraphs and documents (a body is named again and again); a bounded cache
# keeps folding them from being a tenth of entity resolution's time.
@lru_cache(maxsize=1 << 16)
def folded_words(name: str) -> tuple[str, ...]:
    """The words of a name, case- and accent-folded, apostrophes unified, punctuation and suffixes gone."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))  # Zürich → Zurich
    text = text.replace("’", "'").replace("&", " and ").lower()
    text = re.sub(r"'s\b", "", text)
    words = [w for w in _NON_WORD.split(text.replace("'", "")) if w]
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words = words[:-1]
    return tuple(words)


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> str:
    """The key shared by all ways of writing one name: folded words without spaces.

    >>> name_key("Sense Time") == name_key("SenseTime") == "sensetime"
    True
    >>> name_key("Chang’An Chain") == name_key("Chang'An Chain")
    True
    >>> name_key("北京市科委")
    '北京市科委'

    """
    return "".join(folded_words(name))


class NameIndex:
    """Known names (canonical names and aliases) by key, for exact and fuzzy lookup."""

    def __init__(self, names: dict[str, str], settings: EntitySettings):
        """names: written name → entity id."""
        self.settings = settings
        self.by_key: dict[str, str] = {}
        for name, entity_id in sorted(names.items()):
            self.by_key.setdefault(name_key(name), entity_id)
        # token_sort_ratio is ratio on words in sorted order: the known names are sorted once here, so
        # that each lookup sorts only the name it is given
        choices = {key: _sorted_words(name) for name in sorted(names) if (key := name_key(name))}
        self._choice_keys = list(choices)
        self._choices = list(choices.values())
        # A document names a body again and again, and most names find no known one: each is looked up
        # once (a plain dict, emptied when full, so that the index still pickles)
        self._found: dict[str, tuple[str, float] | None] = {}

    def exact(self, name: str) -> str | None:
        return self.by_key.get(name_key(name))

    def best(self, name: str) -> tuple[str, float] | None:
        """(entity id, score) of the closest known name at or above the cutoff, or None."""
        if name not in self._found:
            if len(self._found) >= _FOUND_LIMIT:
                self._found.clear()
            self._found[name] = self._closest(name)
        return self._found[name]

    def _closest(self, name: str) -> tuple[str, float] | None:
        key = name_key(name)
        if len(key) < self.settings.min_fuzzy_length:
            return None
        found = process.extractOne(_sorted_words(name), self._choices, scorer=fuzz.ratio, processor=None,
                                   score_cutoff=self.settings.fuzzy_cutoff)
        if found is None:
            return None
        _, score, position = found
        return self.by_key[self._choice_keys[position]], round(float(score), 1)


def _sorted_words(name: str) -> str:
    """A name's folded words in sorted order, as rapidfuzz's token_sort_ratio compares them."""
    return " ".join(sorted(folded_words(name)))


def merge_keys(keys: list[str], settings: EntitySettings) -> dict[str, str]:
    """Key → representative key, merging keys that score `corpus_cutoff` or more.

    Keys are compared only within blocks that share their first three letters, so the cost grows with
    the corpus, not with its square; the representative of a group is its smallest key, so the result
    does not depend on the order in which documents were read.
    """
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    blocks: dict[str, list[str]] = {}
    for key in sorted(set(keys)):
        if len(key) >= settings.min_fuzzy_length:
            blocks.setdefault(key[:3], []).append(key)
    for block in blocks.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if fuzz.ratio(a, b) >= settings.corpus_cutoff:
                    ra, rb = root(a), root(b)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    return {k: root(k) for k in keys}
