"""Fuzz `policyextract.Extractor().extract`: generated inputs, crashes and invariant violations.

Run from the repository root (with the package installed):

    python scripts/fuzz.py                       # 100,000 inputs, seed 0
    python scripts/fuzz.py --n 20000 --seed 7 --time-budget 600 --report /tmp/fuzz.json
    python scripts/fuzz.py --replay 1234 --seed 0   # rerun one input by its index and show it

This is a script, not part of the default test suite (tests/test_fuzz_smoke.py runs it on ~200 inputs).
It builds ONE `Extractor`, generates inputs deterministically from `--seed` (input i uses its own
`random.Random(f"{seed}:{i}")`, so any input can be replayed alone), and extracts each one. Inputs are:
arbitrary Unicode (lone surrogates, NUL, BOM, zero-width and non-breaking spaces, other scripts' digits);
token soups and grammar-built sentences of money, percentage and date words; synthetic scraped pages
(furniture lines, datelines, "More to Read" teasers, copyright lines); mutations of the real articles in
corpus/ (insertions, deletions, duplications, splices, CRLF/CR line endings, tabs, full-width digits);
huge numbers, deeply repeated tokens, very long lines, and mixed CJK and English.

A crash is any exception raised by `extract(text, published=...)`. For every output document (the
article and, recursively, its `related` teasers) the invariants checked are:

  from the robustness issue
    span-text        every amount, percentage and date has text[span.start:span.end] == span.text
                     (also organizations, jurisdictions and facts, when the model has them)
    doc-range        0 <= doc.start <= doc.end <= len(text)
    span-in-doc      every record span lies within its document's [start, end] (and start <= end)
    unique-id        record ids are unique across the whole output
    date-order       a date mention with both start and end set has start <= end
    amount-range     an amount with `range` has range.low < range.high
    equivalent       `equivalent` names an existing amount of the same document, which names it back
    deterministic    extracting the same text again gives an identical `model_dump()`
  documented elsewhere (README / models), cheap to check
    title-span       text[title.start:title.end] == title.text
    percentage-range a percentage with `range` has range.low < range.high
    range-low        a record with `range` has value == range.low ("the low end of a range")
    finite-value     values are finite decimals
    anchor           a date's `anchor` is None, "published" or the id of a date of the same document
    fact-span        a fact's actor_span, quantity_span and time_span match the text
    fact-ref         a fact's amount, percentage and time name records of the same document
    clock            every --clock-every inputs: the same output with date.today()/datetime.now()
                     replaced (in policyextract's modules) by a clock that says 1999-01-01

A timeout is an input whose checks (two or three extractions) take more than --timeout seconds of
CPU time (default 10). The limit is a signal, so it only interrupts Python code: time spent inside
spaCy's Matcher runs to its end first, which is why gen_repetition stops at 500 repetitions. The
per-input times in the report ("slowest") are CPU times too; the run's total is wall time.

Output: a progress line on stderr every --progress inputs, then one summary line on stdout,

    fuzz: 100000 inputs, 0 crashes, 0 invariant violations, 0 timeouts, 412.3 s

where "invariant violations" counts inputs with at least one violation (an input that crashes is not
checked further), followed by the count of each failure signature. The JSON report (--report, default
/tmp/policyextract-fuzz.json, rewritten at every progress line; "complete" is false until the run ends,
or when --time-budget, Ctrl-C or SIGTERM cut it short) holds the figures, counts per failure signature
and per generator, the slowest inputs, and the first example of each failure signature (at most 20)
with the input, its repr, the traceback or violated invariants, and a shrunk input that still fails the same way (greedy
truncation and chunk deletion, bounded by --shrink-budget extractions and --shrink-seconds; timeouts
are not shrunk). Exit status: 0 when there were no crashes, violations or timeouts, 1 otherwise.

atheris is not used: the generator is hand-rolled so that runs are deterministic and replayable
(--replay INDEX) and need nothing beyond the package itself.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEFAULT_REPORT = "/tmp/policyextract-fuzz.json"
MAX_EXAMPLES = 20

# ---------------------------------------------------------------------------------------------------
# Vocabulary the generators draw from
# ---------------------------------------------------------------------------------------------------

CURRENCY_BEFORE = ["$", "US$", "USD ", "RMB", "RMB ", "Rmb", "¥", "￥", "HK$", "S$", "A$", "C$", "€", "£",
                   "₩", "CNY ", "AED ", "EUR ", "US $", "$ ", "$$"]
CURRENCY_AFTER = [" yuan", " dollars", " US dollars", " Hong Kong dollars", " yen", " euros", " won", " RMB",
                  " CNY", "元", " renminbi", " HKD", " pounds", " yuan yuan", ""]
SCALES = ["", " thousand", " million", " billion", " trillion", "k", "m", "mn", "bn", "tn", " bn", " mln",
          " hundred", " billion billion", "亿", "万"]
APPROX = ["", "", "about ", "approximately ", "around ", "roughly ", "nearly ", "some ", "close to ", "~",
          "almost "]
BOUNDS = ["", "", "more than ", "over ", "at least ", "up to ", "under ", "no more than ", "less than ",
          "as much as "]
PER = ["", "", " annually", " a year", " per annum", " per month", " a day", " per project", " each",
       " per person", " per company"]
RANGE_SEPS = ["-", "–", "—", " to ", " - ", "~", " and ", "-to-"]
NUMBER_WORDS = ["one", "two", "three", "ten", "twenty-five", "a", "an", "half a", "a hundred", "two hundred",
                "a couple of", "dozens of", "zero", "ninety-nine", "a half", "one and a half", "hundreds of"]
MONTHS = ["January", "Feb.", "Feb", "February", "Mar", "March", "May", "June", "Jun.", "July", "Sept.",
          "Sep", "Oct", "December", "Dec.", "Foo"]
DATE_PHRASES = [
    "June 12, 2023", "Feb. 30", "by the end of 2025", "Q1 2025", "last month", "12 June 2023",
    "2023-06-12", "2023-13-45", "June 12, 2023, 11:47 PM", "June 12, 2023, 23:61", "the second half of 2025",
    "H1 2025", "H3 2025", "Q5 2025", "Q0 2025", "2025–2027", "2027-2025", "since May 2022", "until Feb. 18",
    "as of March", "next year", "last year", "the following month", "on Friday", "a month ago",
    "over the next three years", "earlier this month", "In February of this year", "last May", "today",
    "yesterday", "tomorrow", "24/7", "three-year plan", "18 months", "mid-2025", "end-2025", "FY2024",
    "the first quarter of 2024", "by 2030", "before 1900", "after 2100", "in 0000", "in 9999",
    "the following year", "over the next 999 years", "over the next zero years", "February 29, 2023",
    "February 29, 2024", "Dec 31, 9999", "Jan 1, 0001", "last week", "this week", "this month",
]
PERCENT_FORMS = ["{a}%", "{a} percent", "{a} per cent", "{a}-{b}%", "{a}%-{b}%", "{a}％", "{a} percentage points",
                 "-{a}%", "between {a}% and {b}%", "{a} to {b} percent", "about {a}%", "up to {a}%"]
FURNITURE = [
    "More to Read\n", "Policy & Regulation·\n", "Mar 06, 2024\n", "Photo by A B on Unsplash",
    "© 2023 X. All Rights Reserved.", "Top\n", "Related Articles\n", "Web3 & Enterprise·Mar 06, 2024\n",
    "Policy & Regulation·June 12, 2023, 11:47 PM\n", "https://example.com/a.png\n", "Published: 12 June 2023\n",
    "Copyright 2024 Example Media\n", "(c) 2022 News Ltd\n", "Read more:\n", "Markets | 12 June 2023\n",
    "Dec 31, 9999\n", "Feb 30, 2023\n", "Jan 01, 0001\n", "© 1999\n", "© 20٢٣ X\n", "Image by Jane Doe via Shutterstock",
    "Policy & Regulation·Dec 31, 9999, 11:59 PM\n", "Loading...\n",
]
# Lone surrogates are kept apart (SURROGATES): they make every input that holds one fail the same way
# today, so they get their own small share of the inputs instead of masking everything else.
SURROGATES = ["\ud800", "\udc00", "\udbff", "\udfff", "\ud83d"]
ODD_CHARS = ["\r\n", "\r", "\n", "\t", "\u200b", "\u00a0", "\ufeff", "\x00", "\u2028", "\u2029", "\x85",
             "\x0b", "\x0c", "\x1c", "\u3000", "\u202f", "\u2009", "\u00ad", "\u200d", "\u200e", "\u202e",
             "\u0301", "\ufffd", "\U0001f4b0", "\x7f", "\u0660", "²", "①"]
DIGIT_SETS = ["0123456789", "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "⁰¹²³⁴⁵⁶⁷⁸⁹",
              "₀₁₂₃₄₅₆₇₈₉", "⓪①②③④⑤⑥⑦⑧⑨", "〇一二三四五六七八九"]
CJK_PIECES = ["１００億元", "￥５０", "５０億美元", "人民币", "亿元", "美元", "万元", "一百亿元", "2023年6月12日",
              "第一季度", "中国", "北京", "元宇宙", "区块链", "南京市", "到2025年底", "约", "超过", "，", "。",
              "（", "）", "％", "１０％", "US$３bn", "RMB５００m", "日本", "Japan", "China", "Tokyo", "¥100"]
WORDS = ["the", "city", "pledged", "plans", "to", "invest", "fund", "of", "a", "total", "investment",
         "valued at", "revenue", "companies", "and", "in", "by", "with", "(", ")", ",", ".", ";", ":", "'s",
         "\"", "—", "-", "/", "Nanjing", "Beijing", "blockchain", "metaverse", "Web3", "China", "Japan", "yen",
         "Mr.", "Inc.", "U.S.", "approx.", "e.g.", "No.", "vs."]


# ---------------------------------------------------------------------------------------------------
# Generators: each is (rng, corpus) -> text
# ---------------------------------------------------------------------------------------------------

def random_number(rng: random.Random) -> str:
    """A number as news (or a fuzzer) might write it; rarely a huge one (gen_huge_numbers has more)."""
    kind = rng.choices(range(7), weights=[10, 10, 10, 10, 1, 10, 49])[0]
    if kind == 0:
        return rng.choice(NUMBER_WORDS)
    if kind == 1:
        return f"{rng.randrange(10**rng.randrange(1, 13)):,}"
    if kind == 2:
        return f"{rng.randrange(1000)}.{rng.randrange(10**rng.randrange(1, 6))}"
    if kind == 3:
        return rng.choice(["0", "0.0", "007", ".5", "1.", "1,2,3", "1.2.3", "1,00", "00,000", "1e9", "1E-7",
                           "-5", "+3", "NaN", "inf", "Infinity", "1_000", "1/2", "½", "0x10"])
    if kind == 4:
        return "".join(rng.choice("0123456789") for _ in range(rng.randrange(15, 60)))
    if kind == 5:
        digits = rng.choice(DIGIT_SETS)
        return "".join(rng.choice(digits) for _ in range(rng.randrange(1, 6)))
    return str(rng.randrange(1, 1000))


def money_phrase(rng: random.Random) -> str:
    """Grammar-built amount: [approx][bound] [currency] number|range [scale] [currency] [(conversion)] [per]."""
    number = random_number(rng)
    if rng.random() < 0.3:  # a range, sometimes reversed or degenerate
        second = random_number(rng) if rng.random() < 0.7 else number
        number = (f"between {rng.choice(CURRENCY_BEFORE[:4])}{number}{rng.choice(SCALES)} and {second}"
                  if rng.random() < 0.3 else f"{number}{rng.choice(RANGE_SEPS)}{second}")
    text = (rng.choice(APPROX) + rng.choice(BOUNDS) + rng.choice(CURRENCY_BEFORE + [""] * 6) + number
            + rng.choice(SCALES) + rng.choice(CURRENCY_AFTER))
    if rng.random() < 0.3:
        text += f" ({rng.choice(APPROX)}{rng.choice(CURRENCY_BEFORE)}{random_number(rng)}{rng.choice(SCALES)})"
    return text + rng.choice(PER)


def percent_phrase(rng: random.Random) -> str:
    return rng.choice(PERCENT_FORMS).format(a=random_number(rng), b=random_number(rng))


def date_phrase(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return rng.choice(DATE_PHRASES)
    day, year = rng.randrange(0, 40), rng.choice([rng.randrange(1900, 2100), rng.randrange(0, 100000)])
    return rng.choice([f"{rng.choice(MONTHS)} {day}, {year}", f"{day} {rng.choice(MONTHS)} {year}",
                       f"{year}-{rng.randrange(0, 15):02d}-{day:02d}", f"by the end of {year}",
                       f"Q{rng.randrange(0, 6)} {year}", f"{year}–{year + rng.randrange(-3, 4)}",
                       f"{rng.choice(MONTHS)} {day}", f"since {rng.choice(MONTHS)} {year}"])


def any_token(rng: random.Random) -> str:
    pick = rng.randrange(12)
    if pick < 3:
        return rng.choice(WORDS)
    return [money_phrase, money_phrase, percent_phrase, date_phrase, date_phrase, lambda r: r.choice(FURNITURE),
            lambda r: r.choice(ODD_CHARS), lambda r: r.choice(CJK_PIECES), random_number][pick - 3](rng)


def gen_token_soup(rng: random.Random, corpus: list[str]) -> str:
    seps = [" ", " ", " ", "", "\n", "\t", "\u00a0", ", ", ". ", "\r\n", "\u200b"]
    return "".join(any_token(rng) + rng.choice(seps) for _ in range(rng.randrange(1, 40)))


def sentence(rng: random.Random) -> str:
    """A news-like sentence with money, percentages and dates."""
    parts = [rng.choice(["The city", "Jiangning district", "The ministry", "Beijing", "It"]),
             rng.choice(["pledged", "will invest", "allocated", "plans to raise", "reported revenue of"]),
             money_phrase(rng)]
    if rng.random() < 0.5:
        parts += [rng.choice(["by", "until", "since", "in", "over", "before", ""]), date_phrase(rng)]
    if rng.random() < 0.3:
        parts += ["and a growth of", percent_phrase(rng)]
    return " ".join(parts) + rng.choice([".", "", "!", ";", " ."])


def gen_sentences(rng: random.Random, corpus: list[str]) -> str:
    return rng.choice([" ", "\n", "\n\n"]).join(sentence(rng) for _ in range(rng.randrange(1, 6)))


def gen_scraped_page(rng: random.Random, corpus: list[str]) -> str:
    """A synthetic scraped file: furniture, title, dateline, paragraphs, then related-article teasers."""
    lines = [rng.choice(["Top", ""]), "Metaverse Plan " + money_phrase(rng), rng.choice(FURNITURE).strip()]
    lines += [gen_sentences(rng, corpus) for _ in range(rng.randrange(1, 4))]
    if rng.random() < 0.7:
        lines.append(rng.choice(["More to Read", "Related Articles", "Read more:"]))
        for _ in range(rng.randrange(0, 4)):
            lines += [rng.choice(["Policy & Regulation·", "Web3 & Enterprise·", ""]), rng.choice(FURNITURE).strip(),
                      "Teaser " + date_phrase(rng), gen_sentences(rng, corpus)]
    if rng.random() < 0.5:
        lines.append(rng.choice(["© 2023 X. All Rights Reserved.", "Copyright 2024 Example Media", "© 1850 Y"]))
    return rng.choice(["\n", "\n\n", "\r\n", "\r"]).join(lines)


def gen_unicode_noise(rng: random.Random, corpus: list[str]) -> str:
    """Arbitrary code points (some lone surrogates, controls, private use, astral), ASCII, odd characters."""
    def char() -> str:
        pick = rng.randrange(5)
        if pick == 0:
            return chr(rng.randrange(0x110000)) if rng.random() < 0.98 else rng.choice(SURROGATES)
        if pick == 1:
            return chr(rng.randrange(0x20, 0x7f))
        if pick == 2:
            return rng.choice(ODD_CHARS)
        if pick == 3:
            return rng.choice(rng.choice(DIGIT_SETS))
        return chr(rng.randrange(0x80, 0x3000))
    return "".join(char() for _ in range(rng.randrange(0, 150)))


def gen_cjk(rng: random.Random, corpus: list[str]) -> str:
    """Mixed CJK and English, full-width digits and currency signs."""
    pieces = [rng.choice([rng.choice(CJK_PIECES), money_phrase(rng), date_phrase(rng)])
              for _ in range(rng.randrange(1, 20))]
    text = rng.choice(["", " "]).join(pieces)
    return to_fullwidth(text, rng) if rng.random() < 0.4 else text


def gen_huge_numbers(rng: random.Random, corpus: list[str]) -> str:
    digits = "9" * rng.randrange(20, 400)
    return rng.choice([
        f"${digits} trillion", f"{rng.choice(CURRENCY_BEFORE)}{digits}.{digits}{rng.choice(SCALES)}",
        f"RMB{digits}bn ({rng.choice(CURRENCY_BEFORE)}{digits} trillion)", f"{digits}%", f"{digits} yuan",
        f"0.{'0' * rng.randrange(20, 400)}1 yuan", f"$1{',000' * rng.randrange(5, 200)}",
        f"{'trillion ' * rng.randrange(2, 50)}yuan", f"$1 {'billion ' * rng.randrange(2, 50)}",
        f"by the end of {digits}", f"Q1 {digits}", f"{digits}-{digits}-{digits}", f"June 12, {digits}",
        f"{digits}-1 billion yuan", f"$5-{digits} million",
    ])


def gen_repetition(rng: random.Random, corpus: list[str]) -> str:
    """One token repeated 10 to 500 times (log-uniform).

    Not more: "billion " * n costs ~n**3 (11 s at n = 400 on the development machine), much of it in
    spaCy's Matcher, where --timeout cannot interrupt it.
    """
    token = rng.choice(["$1 ", "billion ", "1,", "(", ")", "-", "More to Read\n", "Policy & Regulation·\n",
                        "by the end of ", "$", "yuan ", "1-", "%", "Mar 06, 2024\n", "\n", " ", "\u200b",
                        "about ", "between $1 and ", "Photo by A B on ", "a ", "RMB", "¥", "last month ",
                        money_phrase(rng) + " ", date_phrase(rng) + " ", "© 2023\n"])
    return token * int(10 ** rng.uniform(1, 2.7))


def gen_long_line(rng: random.Random, corpus: list[str]) -> str:
    """A whole article (or several) as one line, or a very long line of sentences."""
    if rng.random() < 0.5:
        return " ".join(rng.choice(corpus) for _ in range(rng.randrange(1, 3))).replace("\n", " ")
    return " ".join(sentence(rng) for _ in range(rng.randrange(100, 600)))


def gen_article_mutation(rng: random.Random, corpus: list[str]) -> str:
    """A real article (whole or a window) with a few random mutations."""
    text = rng.choice(corpus)
    if rng.random() < 0.8:
        start = rng.randrange(len(text))
        text = text[start:start + rng.randrange(50, 3000)]
    for mutate in rng.choices([m for _, m in MUTATIONS], weights=[w for w, _ in MUTATIONS], k=rng.randrange(1, 8)):
        text = mutate(text, rng, corpus)
    return text


# ---------------------------------------------------------------------------------------------------
# Mutations of a text: (text, rng, corpus) -> text
# ---------------------------------------------------------------------------------------------------

def _pos(text: str, rng: random.Random) -> int:
    return rng.randrange(len(text) + 1)


def insert_token(text: str, rng: random.Random, corpus: list[str]) -> str:
    i = _pos(text, rng)
    return text[:i] + any_token(rng) + text[i:]


def delete_range(text: str, rng: random.Random, corpus: list[str]) -> str:
    i = _pos(text, rng)
    return text[:i] + text[i + rng.randrange(1, 200):]


def duplicate_range(text: str, rng: random.Random, corpus: list[str]) -> str:
    i = _pos(text, rng)
    j = min(len(text), i + rng.randrange(1, 300))
    return text[:j] + text[i:j] * rng.randrange(1, 4) + text[j:]


def splice_other(text: str, rng: random.Random, corpus: list[str]) -> str:
    other = rng.choice(corpus)
    k = rng.randrange(len(other))
    i = _pos(text, rng)
    return text[:i] + other[k:k + rng.randrange(1, 800)] + text[i:]


def sprinkle_odd(text: str, rng: random.Random, corpus: list[str]) -> str:
    chars = list(text)
    for _ in range(rng.randrange(1, 10)):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(ODD_CHARS))
    return "".join(chars)


def line_endings(text: str, rng: random.Random, corpus: list[str]) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n", "\u2028", "\x85", "\r\r\n", " \n"]))


def odd_spaces(text: str, rng: random.Random, corpus: list[str]) -> str:
    space = rng.choice(["\t", "\u00a0", "\u200b ", "\u3000", "  ", "\u202f", "\x00"])
    return "".join(space if c == " " and rng.random() < 0.5 else c for c in text)


def bom_prefix(text: str, rng: random.Random, corpus: list[str]) -> str:
    return rng.choice(["\ufeff", "\ufeff\ufeff", "\x00", "\x00\x00", "\ufeff\x00"]) + text


def insert_surrogate(text: str, rng: random.Random, corpus: list[str]) -> str:
    i = _pos(text, rng)
    return text[:i] + rng.choice(SURROGATES) + text[i:]


def to_fullwidth(text: str, rng: random.Random, corpus: list[str] | None = None) -> str:
    table = {ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789$%,.-"}
    table.update({ord("¥"): "￥"})
    return text.translate(table)


def other_digits(text: str, rng: random.Random, corpus: list[str]) -> str:
    digits = rng.choice(DIGIT_SETS)
    return text.translate({ord(str(d)): digits[d] for d in range(10)})


def change_case(text: str, rng: random.Random, corpus: list[str]) -> str:
    return rng.choice([str.upper, str.lower, str.swapcase, str.title])(text)


def truncate(text: str, rng: random.Random, corpus: list[str]) -> str:
    return text[:_pos(text, rng)] if rng.random() < 0.5 else text[_pos(text, rng):]


# (weight, mutation)
MUTATIONS: list[tuple[int, Callable[[str, random.Random, list[str]], str]]] = [
    (30, insert_token), (10, delete_range), (10, duplicate_range), (10, splice_other), (10, sprinkle_odd),
    (10, line_endings), (10, odd_spaces), (10, bom_prefix), (10, to_fullwidth), (10, other_digits),
    (5, change_case), (10, truncate), (3, insert_surrogate),
]

# (weight, generator); article mutations and grammar-built text get most of the budget.
GENERATORS: list[tuple[int, Callable[[random.Random, list[str]], str]]] = [
    (28, gen_article_mutation), (16, gen_token_soup), (14, gen_sentences), (12, gen_scraped_page),
    (10, gen_unicode_noise), (8, gen_cjk), (5, gen_huge_numbers), (5, gen_repetition), (2, gen_long_line),
]
PUBLISHED = [None, None, None, dt.date(2023, 6, 12), dt.date(2024, 3, 6), dt.date(2024, 2, 29),
             dt.date(1970, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31)]


@dataclass(frozen=True)
class FuzzInput:
    index: int
    generator: str
    text: str
    published: dt.date | None


def make_input(seed: int, index: int, corpus: list[str]) -> FuzzInput:
    """Input number `index` of the run with `seed`: depends on nothing else, so it can be replayed."""
    rng = random.Random(f"{seed}:{index}")
    generator = rng.choices([g for _, g in GENERATORS], weights=[w for w, _ in GENERATORS])[0]
    published = rng.choice(PUBLISHED)
    return FuzzInput(index, generator.__name__.removeprefix("gen_"), generator(rng, corpus), published)


# ---------------------------------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------------------------------

# Every list of records a Document may have (the last three only in newer versions of the model).
RECORD_KINDS = ("amounts", "percentages", "dates", "organizations", "jurisdictions", "facts")


def walk(doc) -> Iterator:
    """The document and, recursively, its related teasers."""
    yield doc
    for teaser in doc.related:
        yield from walk(teaser)


def document_violations(doc, text: str, seen_ids: set[str]) -> list[str]:
    """Violated invariants of one document, as "invariant: detail" strings."""
    out = []
    if not 0 <= doc.start <= doc.end <= len(text):
        out.append(f"doc-range: {doc.doc_id} start={doc.start} end={doc.end} len(text)={len(text)}")
    if doc.text != text:
        out.append(f"doc-range: {doc.doc_id} document text differs from the input text")
    if doc.title is not None and text[doc.title.start:doc.title.end] != doc.title.text:
        out.append(f"title-span: {doc.doc_id} text[{doc.title.start}:{doc.title.end}]="
                   f"{text[doc.title.start:doc.title.end]!r} != {doc.title.text!r}")
    for kind in RECORD_KINDS:
        for r in getattr(doc, kind, []):
            out += record_violations(doc, r, text, seen_ids)
    out += range_violations(doc)
    out += equivalent_violations(doc)
    out += date_violations(doc)
    out += fact_violations(doc, text)
    return out


def record_violations(doc, r, text: str, seen_ids: set[str]) -> list[str]:
    out = []
    s = r.span
    if text[s.start:s.end] != s.text:
        out.append(f"span-text: {r.id} text[{s.start}:{s.end}]={text[s.start:s.end]!r} != span.text {s.text!r}")
    if not doc.start <= s.start <= s.end <= doc.end:
        out.append(f"span-in-doc: {r.id} span [{s.start}, {s.end}] not within document [{doc.start}, {doc.end}]")
    if r.id in seen_ids:
        out.append(f"unique-id: {r.id} occurs more than once")
    seen_ids.add(r.id)
    return out


def range_violations(doc) -> list[str]:
    out = []
    for kind, name in (("amounts", "amount-range"), ("percentages", "percentage-range")):
        for r in getattr(doc, kind):
            if not r.value.is_finite():
                out.append(f"finite-value: {r.id} value={r.value!r}")
            if r.range is None:
                continue
            if not r.range.low < r.range.high:
                out.append(f"{name}: {r.id} {r.span.text!r} range low={r.range.low} high={r.range.high}")
            if r.value != r.range.low:
                out.append(f"range-low: {r.id} {r.span.text!r} value={r.value} range.low={r.range.low}")
    return out


def equivalent_violations(doc) -> list[str]:
    by_id = {a.id: a for a in doc.amounts}
    out = []
    for a in doc.amounts:
        if a.equivalent is None:
            continue
        other = by_id.get(a.equivalent)
        if other is None:
            out.append(f"equivalent: {a.id} names {a.equivalent}, not an amount of document {doc.doc_id}")
        elif other.equivalent != a.id:
            out.append(f"equivalent: {a.id} names {other.id}, which names {other.equivalent} back")
    return out


def date_violations(doc) -> list[str]:
    ids = {d.id for d in doc.dates}
    out = []
    for d in doc.dates:
        if d.start is not None and d.end is not None and d.start > d.end:
            out.append(f"date-order: {d.id} {d.span.text!r} start={d.start} > end={d.end}")
        if d.anchor not in (None, "published") and d.anchor not in ids:
            out.append(f"anchor: {d.id} anchor {d.anchor!r} is not a date of document {doc.doc_id}")
    return out


def fact_violations(doc, text: str) -> list[str]:
    """A fact's slots: spans that match the text, and ids of records of the same document."""
    ids = {kind: {r.id for r in getattr(doc, kind, [])} for kind in ("amounts", "percentages", "dates")}
    out = []
    for f in getattr(doc, "facts", []):
        for slot in ("actor_span", "quantity_span", "time_span"):
            s = getattr(f, slot)
            if s is not None and text[s.start:s.end] != s.text:
                out.append(f"fact-span: {f.id} {slot} text[{s.start}:{s.end}]={text[s.start:s.end]!r} != {s.text!r}")
        for slot, kind in (("amount", "amounts"), ("percentage", "percentages"), ("time", "dates")):
            ref = getattr(f, slot)
            if ref is not None and ref not in ids[kind]:
                out.append(f"fact-ref: {f.id} {slot}={ref!r} is not one of the {kind} of document {doc.doc_id}")
    return out


def output_violations(doc, text: str) -> list[str]:
    seen_ids: set[str] = set()
    return [v for d in walk(doc) for v in document_violations(d, text, seen_ids)]


@contextlib.contextmanager
def fake_clock() -> Iterator[None]:
    """Within the block, policyextract's modules see a `date`/`datetime` whose today()/now() is 1999-01-01."""

    class FakeDate(dt.date):
        @classmethod
        def today(cls):
            return cls(1999, 1, 1)

    class FakeDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(1999, 1, 1, 12, tzinfo=tz)

        @classmethod
        def today(cls):
            return cls(1999, 1, 1, 12)

        utcnow = today

    patched = []
    for name, module in list(sys.modules.items()):
        if name == "policyextract" or name.startswith("policyextract."):
            for attr, real, fake in (("date", dt.date, FakeDate), ("datetime", dt.datetime, FakeDatetime)):
                if getattr(module, attr, None) is real:
                    setattr(module, attr, fake)
                    patched.append((module, attr, real))
    try:
        yield
    finally:
        for module, attr, real in patched:
            setattr(module, attr, real)


# ---------------------------------------------------------------------------------------------------
# Running one input
# ---------------------------------------------------------------------------------------------------

class InputTimeout(BaseException):
    """Raised by the alarm when one input takes too long (a BaseException: the library cannot catch it)."""


@contextlib.contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise InputTimeout in the block after `seconds` of CPU time of this process.

    CPU time (ITIMER_PROF), not wall time, so that a busy machine does not make timeouts. The signal
    is handled between Python bytecodes only.
    """
    if not seconds or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise InputTimeout

    previous = signal.signal(signal.SIGPROF, on_alarm)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass
class Outcome:
    crash: str | None = None  # formatted traceback
    signature: str | None = None  # for grouping: "crash ValueError @ file:line", "timeout", or an invariant
    violations: list[str] = field(default_factory=list)
    timeout: bool = False
    seconds: float = 0.0  # CPU time

    @property
    def failed(self) -> bool:
        return self.crash is not None or bool(self.violations) or self.timeout


def crash_signature(exc: BaseException) -> str:
    """Exception type and the innermost frame inside policyextract (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "policyextract" in f.filename] or frames
    where = f"{Path(inside[-1].filename).name}:{inside[-1].lineno}" if inside else "?"
    return f"crash {type(exc).__name__} @ {where}"


def run_one(extractor, text: str, published: dt.date | None, *, clock: bool = False,
            timeout: float | None = None) -> Outcome:
    """Extract `text` twice (and once under a fake clock if `clock`), check every invariant."""
    began = time.process_time()
    try:
        with time_limit(timeout):
            return _checked(extractor, text, published, clock, began)
    except InputTimeout:
        return Outcome(signature="timeout", timeout=True, seconds=time.process_time() - began)


def _checked(extractor, text: str, published: dt.date | None, clock: bool, began: float) -> Outcome:
    try:
        doc = extractor.extract(text, published=published)
        violations = output_violations(doc, text)
        first = doc.model_dump()
        if extractor.extract(text, published=published).model_dump() != first:
            violations.append("deterministic: a second extraction of the same text gave a different model_dump()")
        if clock:
            with fake_clock():
                shifted = extractor.extract(text, published=published).model_dump()
            if shifted != first:
                violations.append("clock: the output changed when today() was 1999-01-01")
    except Exception as exc:  # noqa: BLE001 - any exception is a finding
        return Outcome(crash=traceback.format_exc(), signature=crash_signature(exc),
                       seconds=time.process_time() - began)
    signature = violations[0].split(":", 1)[0] if violations else None
    return Outcome(violations=violations, signature=signature, seconds=time.process_time() - began)


def shrink(extractor, text: str, published: dt.date | None, signature: str, budget: int, clock: bool,
           timeout: float | None, seconds: float) -> str:
    """A shorter text that fails with the same signature: greedy truncation, then chunk deletion.

    At most `budget` extractions and about `seconds` seconds; timeouts are not shrunk (too slow).
    """
    if signature == "timeout":
        return text
    calls, deadline = 0, time.perf_counter() + seconds

    def still_fails(candidate: str) -> bool:
        nonlocal calls
        calls += 1
        if time.perf_counter() > deadline:
            calls = budget
        return run_one(extractor, candidate, published, clock=clock, timeout=timeout).signature == signature

    chunk = max(1, len(text) // 2)
    while chunk >= 1 and calls < budget:
        progressed = False
        for cut in (lambda t: t[chunk:], lambda t: t[:-chunk]):  # truncate the front, then the back
            while len(text) > chunk and calls < budget and still_fails(cut(text)):
                text, progressed = cut(text), True
        i = 0
        while i < len(text) and calls < budget:  # delete chunks from the middle
            candidate = text[:i] + text[i + chunk:]
            if candidate != text and still_fails(candidate):
                text, progressed = candidate, True
            else:
                i += chunk
        if not progressed:
            chunk //= 2
    return text


# ---------------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------------

@dataclass
class Tally:
    inputs: int = 0
    crashes: int = 0
    timeouts: int = 0
    violating_inputs: int = 0
    violations: int = 0
    signatures: Counter = field(default_factory=Counter)
    generators: Counter = field(default_factory=Counter)
    examples: list[dict] = field(default_factory=list)
    slowest: list[tuple[float, int, str, int]] = field(default_factory=list)

    def add(self, item: FuzzInput, outcome: Outcome) -> bool:
        """Count one outcome; True if it is the first of its failure signature (worth an example)."""
        self.inputs += 1
        self.generators[item.generator] += 1
        self.slowest = sorted(self.slowest + [(outcome.seconds, item.index, item.generator, len(item.text))],
                              reverse=True)[:10]
        if not outcome.failed:
            return False
        self.crashes += outcome.crash is not None
        self.timeouts += outcome.timeout
        self.violating_inputs += bool(outcome.violations)
        self.violations += len(outcome.violations)
        first = outcome.signature not in self.signatures
        self.signatures[outcome.signature] += 1
        return first and len(self.examples) < MAX_EXAMPLES


def load_corpus() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"fuzz: no corpus/*.txt under {CORPUS}")
    return texts


def code_fingerprint() -> str:
    """SHA-256 over the library's source and pattern files: which code state this run tested."""
    h = hashlib.sha256()
    for p in sorted([*(ROOT / "src" / "policyextract").rglob("*.py"), *(ROOT / "patterns").glob("*")]):
        if p.is_file():
            h.update(str(p.relative_to(ROOT)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()[:16]


def example(extractor, item: FuzzInput, outcome: Outcome, args) -> dict:
    clock = args.clock_every > 0
    shrunk = shrink(extractor, item.text, item.published, outcome.signature, args.shrink_budget, clock,
                    args.timeout, args.shrink_seconds)
    again = outcome if shrunk == item.text else run_one(extractor, shrunk, item.published, clock=clock,
                                                        timeout=args.timeout)
    return {
        "index": item.index, "generator": item.generator, "signature": outcome.signature,
        "published": item.published.isoformat() if item.published else None,
        "input": item.text, "input_repr": repr(item.text), "input_length": len(item.text),
        "traceback": outcome.crash, "violations": outcome.violations[:20],
        "minimal_input": shrunk, "minimal_repr": repr(shrunk),
        "minimal_traceback": again.crash, "minimal_violations": again.violations[:20],
    }


def write_report(path: str, args, tally: Tally, seconds: float, fingerprint: str, complete: bool) -> None:
    report = {
        "command": " ".join(["python", "scripts/fuzz.py", *sys.argv[1:]]) if args.argv is None
        else "main(" + repr(args.argv) + ")",
        "seed": args.seed, "requested": args.n, "time_budget": args.time_budget, "complete": complete,
        "code_fingerprint": fingerprint, "inputs": tally.inputs, "crashes": tally.crashes,
        "timeouts": tally.timeouts, "timeout_seconds": args.timeout,
        "invariant_violations": tally.violating_inputs, "violations_total": tally.violations,
        "seconds": round(seconds, 1), "inputs_per_second": round(tally.inputs / seconds, 1) if seconds else None,
        "signatures": dict(tally.signatures.most_common()), "generators": dict(sorted(tally.generators.items())),
        "slowest": [{"seconds": round(s, 3), "index": i, "generator": g, "length": n} for s, i, g, n in tally.slowest],
        "examples": tally.examples,
    }
    Path(path).write_text(json.dumps(report, indent=1, ensure_ascii=True) + "\n", encoding="utf-8")


def checkpoint(args, tally: Tally, elapsed: float, fingerprint: str) -> None:
    """A progress line on stderr, and the report so far (a killed run still leaves its findings)."""
    print(f"[fuzz] {tally.inputs}/{args.n} inputs, {tally.crashes} crashes, {tally.violating_inputs} "
          f"invariant violations, {tally.timeouts} timeouts, {elapsed:.1f} s, {tally.inputs / elapsed:.1f}/s",
          file=sys.stderr, flush=True)
    write_report(args.report, args, tally, elapsed, fingerprint, complete=False)


def stop_on_sigterm() -> None:
    """Let `kill PID` end the run like Ctrl-C: the report is written and the summary printed."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=100_000, help="number of inputs (default 100000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--start", type=int, default=0, help="index of the first input (to resume a run)")
    p.add_argument("--time-budget", type=float, default=None, help="stop generating after SECONDS")
    p.add_argument("--report", default=DEFAULT_REPORT, help=f"JSON report path (default {DEFAULT_REPORT})")
    p.add_argument("--clock-every", type=int, default=50, help="fake-clock check every N inputs (0: never)")
    p.add_argument("--timeout", type=float, default=10.0, help="seconds one input may take (0: no limit)")
    p.add_argument("--shrink-budget", type=int, default=300, help="max extractions spent shrinking one example")
    p.add_argument("--shrink-seconds", type=float, default=60.0, help="max seconds spent shrinking one example")
    p.add_argument("--progress", type=int, default=1000, help="progress line on stderr every N inputs (0: none)")
    p.add_argument("--replay", type=int, default=None, help="run only input INDEX and print it and its outcome")
    args = p.parse_args(argv)
    args.argv = argv
    return args


def replay(extractor, corpus: list[str], args) -> int:
    item = make_input(args.seed, args.replay, corpus)
    outcome = run_one(extractor, item.text, item.published, clock=True, timeout=args.timeout)
    print(f"input {item.index} ({item.generator}, published={item.published}): {item.text!r}")
    if outcome.timeout:
        print(f"timeout: more than {args.timeout} s")
    print(outcome.crash or "\n".join(outcome.violations) or ("ok" if not outcome.failed else ""))
    return 1 if outcome.failed else 0


def main(argv: list[str] | None = None, extractor=None) -> int:
    """Run the fuzz; returns the exit status (0: no crash and no violation)."""
    args = parse_args(argv)
    fingerprint = code_fingerprint()
    if extractor is None:
        from policyextract import Extractor
        extractor = Extractor()
    corpus = load_corpus()
    if args.replay is not None:
        return replay(extractor, corpus, args)
    tally, began, complete = Tally(), time.perf_counter(), True
    try:
        for index in range(args.start, args.start + args.n):
            if args.time_budget is not None and time.perf_counter() - began > args.time_budget:
                complete = False
                break
            item = make_input(args.seed, index, corpus)
            clock = args.clock_every > 0 and index % args.clock_every == 0
            outcome = run_one(extractor, item.text, item.published, clock=clock, timeout=args.timeout)
            if tally.add(item, outcome):
                tally.examples.append(example(extractor, item, outcome, args))
            if args.progress and tally.inputs % args.progress == 0:
                checkpoint(args, tally, time.perf_counter() - began, fingerprint)
    except KeyboardInterrupt:  # also SIGTERM, see stop_on_sigterm
        complete = False
    seconds = time.perf_counter() - began
    write_report(args.report, args, tally, seconds, fingerprint, complete)
    print(f"fuzz: {tally.inputs} inputs, {tally.crashes} crashes, {tally.violating_inputs} invariant violations, "
          f"{tally.timeouts} timeouts, {seconds:.1f} s", flush=True)
    for signature, count in tally.signatures.most_common():
        print(f"  {count:6d}  {signature}")
    return 1 if tally.crashes or tally.violating_inputs or tally.timeouts else 0


if __name__ == "__main__":
    stop_on_sigterm()
    sys.exit(main())
