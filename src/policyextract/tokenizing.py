"""Tokenizing: `spacy.blank("en")` with rules that split amounts news writes fused together.

spaCy's English tokenizer keeps "RMB500m", "2.8bn", "HK$10" and "1–2" as single tokens, which token
patterns cannot see inside. The rules added here are built from the lexicon, so a currency or scale
term added to `patterns/lexicon.jsonl` is split off digits without touching Python:

- prefix: a currency sign or code fused before a digit ("RMB500m" → "RMB", "500m");
- suffix: a scale word, currency or subunit fused after a digit ("500m" → "500", "m"; "5,000yuan";
  "10k$"; "3.14US$"; "5亿元" → "5", "亿", "元"), and 元 after a Chinese numeral ("五亿元" → "五亿", "元");
- special cases: spaCy reads "m.", "k.", "b." as abbreviations, so "RMB500m." at the end of a
  sentence lost its scale; the special cases of one-letter scale terms are removed;
- special cases: spaCy's whitespace special cases (" ", "\\n", "\\t", "\\xa0") are dropped: the
  tokenizer stops caching words for the rest of a text once it meets a special case, and every
  paragraph has one; without them whitespace is split the same way, several times faster;
- suffix: a full-width percent sign ("10％");
- infix: a comma between a word and digits ("500 USD,100 times");
- infix: a dash between digits or after a percent sign ("1–2" → "1", "–", "2"; "10%-15%"), between a
  word and a year ("mid-2025", "end-2025") and after an abbreviation ("U.S.-listed");
- infix: a heading glued to the next sentence ("marketsChina Daily"), see GLUED_WORDS, and a quote
  glued to what introduces it ('stated:”Nexo').

Known side effect, kept on purpose: "3m people" becomes "3", "m", "people".
"""

from __future__ import annotations

import re

from spacy.lang.en import English
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex
from spacy.vocab import Vocab, create_vocab

from policyextract.families.numerals import CJK_NUMERALS
from policyextract.pattern_lines import Lexicon


def _alternation(terms: set[str]) -> str:
    """A regular expression for any of `terms`, as a trie: with hundreds of currency codes, signs and
    names, a flat alternation would try each one at every position. Longer terms are tried first
    ("us$" before "us"). Case-insensitive matching is the caller's (`(?i:...)`)."""
    trie: dict = {}
    for term in terms:
        node = trie
        for ch in term.lower():
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# Scraped pages glue a heading to the next sentence ("activitiesThe approval", "marketsChina Daily"):
# a split before a capital that follows three lowercase letters. Camel-case names the gazetteers know
# ("NetEase", "ByteDance") are special cases and stay whole; an unknown one ("OpenSea") is split, but a
# name made of both halves still spans the same characters.
GLUED_WORDS = r"(?<=[a-z]{3})(?=[A-Z][A-Za-z])"


# A run of punctuation ("____" separator lines of scraped pages, nested brackets, a row of quotes) is
# cut into pieces of PUNCTUATION_PIECE characters, one character of it seen as a space every
# PUNCTUATION_PIECE + 1: spaCy's suffix search scans the whole rest of a word for every character it
# strips, so an unbroken run would cost time quadratic in its length. One character for one: offsets
# are unchanged, and spans take their text from the text as read.
PUNCTUATION_PIECE = 32
_PUNCTUATION_RUN = re.compile(r"(?:_|[^\w\s]){%d,}" % (PUNCTUATION_PIECE + 1))
_PIECE_END = re.compile(r"(.{%d})." % PUNCTUATION_PIECE, re.DOTALL)


def split_punctuation_runs(text: str) -> str:
    """`text` with every run of more than PUNCTUATION_PIECE punctuation characters cut by spaces."""
    return _PUNCTUATION_RUN.sub(lambda run: _PIECE_END.sub(r"\1 ", run.group()), text)


class _Tokenizer(Tokenizer):
    """spaCy's tokenizer on text whose punctuation runs are cut (see `split_punctuation_runs`)."""

    def __call__(self, text: str):
        return super().__call__(split_punctuation_runs(text))


# "stated:”Nexo is ...": a colon and an opening quote glued to the quoted words.
GLUED_QUOTE = r"(?<=[A-Za-z]):(?=[“”\"‘’])|(?<=:)[“”\"‘’](?=[A-Za-z])"


def english_vocab() -> Vocab:
    """An empty vocabulary with English word attributes, as `spacy.blank("en")` makes."""
    return create_vocab("en", English.Defaults)


def build_tokenizer_nlp(lexicon: Lexicon, names: list[str] = (), vocab: Vocab | None = None) -> Language:
    """A blank English pipeline whose tokenizer splits fused amounts (see module docstring); `names`
    are one-word names kept whole. `vocab` (default: a new one) may already have lexeme flags."""
    # not `vocab or True`: an empty Vocab is false
    return English(vocab=True if vocab is None else vocab, create_tokenizer=lambda nlp: _tokenizer(nlp, lexicon, names))


def _tokenizer(nlp: Language, lexicon: Lexicon, names: list[str]) -> Tokenizer:
    # Built once, with every setting: spacy.blank's default tokenizer, or assigning settings one by
    # one, would compile the rules and load all special cases again (a third of start-up).
    before = {t for t in lexicon.terms("currency_sign") | lexicon.terms("currency_code") if " " not in t}
    words_after = lexicon.terms("scale") | lexicon.terms("currency_code") | lexicon.terms("currency_name") | lexicon.terms("currency_subunit")
    signs = {t for t in lexicon.terms("currency_sign") | lexicon.terms("currency_subunit") if " " not in t and not t.isalpha()}
    after = {t for t in words_after if " " not in t and t.isalpha()} | signs
    # The lookahead first: most words hold no digit near their start, and fail it before the
    # alternation of several hundred signs and codes is tried.
    longest = max(map(len, before))
    prefixes = [f"(?=[^0-9０-９\\s]{{1,{longest}}}[0-9０-９])(?i:{_alternation(before)})(?=[0-9０-９])", *nlp.Defaults.prefixes]
    suffixes = [f"(?<=[0-9])(?i:{_alternation(after)})", "(?<=[0-9０-９])[%％]", f"(?<=[{CJK_NUMERALS}])元",
                # "10k$", "5bn€": a sign after a scale letter fused to digits
                f"(?<=[0-9][a-zA-Z])(?:{_alternation(signs)})", f"(?<=[0-9][a-zA-Z]{{2}})(?:{_alternation(signs)})",
                *nlp.Defaults.suffixes]
    infixes = [r"(?<=[0-9])%(?=[-–—][0-9])", r"(?<=[0-9%])[-–—](?=[0-9])", r"(?<=[a-zA-Z])-(?=(?:19|20)[0-9]{2}\b)",
               r"(?<=[A-Za-z]{2}),(?=[0-9])",
               r"(?<=\.)-(?=[a-zA-Z])", GLUED_WORDS, GLUED_QUOTE, *nlp.Defaults.infixes]
    letters = {t for t in lexicon.terms("scale") if len(t) == 1}
    rules = {k: v for k, v in nlp.Defaults.tokenizer_exceptions.items()
             if (k.lower().rstrip(".") not in letters or not k.endswith(".")) and not k.isspace()}
    rules.update({name: [{"ORTH": name}] for name in names if " " not in name and re.search(GLUED_WORDS, name)})
    return _Tokenizer(nlp.vocab, rules=rules, prefix_search=compile_prefix_regex(prefixes).search,
                     suffix_search=compile_suffix_regex(suffixes).search,
                     infix_finditer=compile_infix_regex(infixes).finditer,
                     token_match=nlp.Defaults.token_match, url_match=nlp.Defaults.url_match)
