"""Bench corpus: a seed → news-like policy articles whose vocabulary keeps growing, as an archive's does.

Real archives keep meeting words never seen before: names of companies, places and people, figures,
years. A corpus that reuses a few thousand words flatters a spaCy pipeline twice (its tokenizer cache
always hits, its vocabulary stops growing), so `policyextract bench` measures on these articles by
default. Everything here is made up: the names are built from syllables, the sentences are templates
in the shapes of policy news (funds, subsidies, investments, targets, fines, results), filled with
amounts in several currencies and scales, percentages, dates and years.

Names arrive at a Zipf-like rate: each kind of name is drawn from a Pitman–Yor process (a mention names
a new entity with probability (θ + d·K) / (θ + n) after n mentions of K entities, else an entity already
named, in proportion to its mentions), so a few names recur in many articles and new ones keep coming,
with K growing like n^d (Heaps' law).

The same seed gives the same articles, on every machine and Python version (only `random.Random` draws).
"""

from __future__ import annotations

import random
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ONSETS = ("b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p", "pr", "q",
          "r", "s", "sh", "st", "t", "tr", "v", "w", "x", "y", "z", "zh")
VOWELS = ("a", "e", "i", "o", "u", "ai", "ao", "ei", "ia", "ou", "ua", "y")
CODAS = ("", "", "", "n", "ng", "r", "l", "s", "x", "m", "t", "nd", "rk")

COMPANY_ENDINGS = ("Technologies", "Holdings", "Group", "Semiconductor", "Robotics", "Biotech", "Energy", "Capital",
                   "Ventures", "Co.", "Ltd", "Inc.", "Corp.", "Systems", "Microelectronics", "Networks", "Motors",
                   "Pharmaceuticals", "Materials", "Quantum", "AI", "Labs")
PLACE_ENDINGS = ("", "", "", " Province", " City", " County", " Prefecture", " state", " New Area", " District")
AGENCIES = ("Development and Reform Commission", "Innovation Agency", "Department of Industry", "Science Bureau",
            "Investment Authority", "Economic Development Board", "Ministry of Digital Affairs", "Finance Bureau")
SECTORS = ("semiconductors", "artificial intelligence", "quantum computing", "biotechnology", "electric vehicles",
           "battery storage", "5G networks", "industrial robots", "cloud computing", "hydrogen", "satellites",
           "advanced materials", "data centres", "green steel", "chip packaging", "autonomous driving")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
ORDINALS = ("first", "second", "third", "fourth", "fifth")
QUARTERS = ("first", "second", "third", "fourth")
# (prefix, suffix, scales): how news writes an amount in this currency.
CURRENCIES = (
    ("$", "", ("million", "billion", "m", "bn", "trillion")),
    ("US$", "", ("million", "billion", "bn")),
    ("", " yuan", ("million", "billion", "trillion")),
    ("RMB ", "", ("million", "billion", "m", "bn")),
    ("€", "", ("million", "billion", "m", "bn")),
    ("£", "", ("million", "billion", "m", "bn")),
    ("¥", "", ("million", "billion", "trillion")),
    ("", " yen", ("million", "billion", "trillion")),
    ("Rs ", "", ("crore", "lakh", "million", "billion")),
    ("NT$", "", ("million", "billion")),
    ("AED ", "", ("million", "billion")),
    ("", " riyals", ("million", "billion")),
    ("HK$", "", ("million", "billion")),
    ("", " euros", ("million", "billion")),
)

# Sentence shapes of policy news. Slots: {org} {org2} {person} {place} {place2} {agency} {sector}
# {amount} {amount2} {pct} {pct2} {date} {year} {year2} {month} {weekday} {count} {ordinal} {quarter} {fund}.
SENTENCES = (
    "{org} will invest {amount} in {place} over the next {count} years, the company said on {date}.",
    "The {place} {agency} announced a {amount} fund to support {sector} start-ups on {weekday}.",
    "{person}, chief executive of {org}, said revenue rose {pct} in {year} to {amount}.",
    "Under the plan, {place} aims to raise the share of {sector} in its economy to {pct} by {year}.",
    "The subsidy covers up to {pct} of eligible costs, capped at {amount} per project.",
    "{org} and {org2} signed an agreement worth {amount} in {place} on {date}.",
    "Officials in {place} expect the programme to create {count} jobs by {year}, {person} told reporters.",
    "The {fund} Fund, managed by {org}, closed its {ordinal} round at {amount}, above its target of {amount2}.",
    "Between {year} and {year2}, spending on {sector} research grew by an average of {pct} a year.",
    "Shares of {org} fell {pct} in {place} after the regulator fined the group {amount}.",
    "The measures take effect on {date} and run until the end of {year2}.",
    "In the {quarter} quarter of {year}, {place} approved {count} projects with total investment of {amount}.",
    "{person} said the {agency} would review the applications before {month} {year}.",
    "{org} plans to build a {sector} plant in {place} at a cost of {amount}, according to a filing on {date}.",
    "The government of {place} will cover {pct} of the interest on loans of up to {amount} for {sector} firms.",
    "Exports of {sector} equipment from {place} rose {pct} year on year to {amount} in {month}.",
    "{org} raised {amount} from investors including {org2} in a round that valued it at {amount2}.",
    "The {agency} of {place} cut its growth forecast for {year} to {pct} from {pct2}.",
    "A spokesperson for {org} declined to comment on the {amount} contract on {weekday}.",
    "{place} has set aside {amount} for {sector} between {year} and {year2}, about {pct} more than last time.",
    "Research and development spending at {org} reached {pct} of sales in {year}, {person} said.",
    "The tax credit for {sector} rises to {pct} from {date}, the {agency} of {place} said.",
    "Since {year}, {org} has received {amount} in grants from {place}, {person} wrote in a report.",
    "The deal, first reported on {date}, would give {org} control of {org2} for {amount}.",
)
TITLES = (
    "{place} unveils {amount} plan for {sector}",
    "{org} to invest {amount} in {place}",
    "{sector} subsidies in {place} rise to {pct} of costs",
    "{org} raises {amount} as {sector} funding grows",
    "{place} sets {year} target for {sector}",
)
_SLOT = re.compile(r"\{(\w+)\}")


def _syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def made_up_word(rng: random.Random, syllables: tuple[int, int] = (2, 3)) -> str:
    """A capitalized word of `syllables` made-up syllables ("Brenwox", "Zhaodrik")."""
    return "".join(_syllable(rng) for _ in range(rng.randint(*syllables))).capitalize()


@dataclass
class NamePool:
    """Names of one kind drawn at a Zipf-like rate (a Pitman–Yor process, see the module docstring)."""

    make: object  # (rng) -> a new name
    discount: float = 0.6
    strength: float = 20.0
    names: list[str] = field(default_factory=list)
    # one entry per mention, the index of the name: 4 bytes each, a generator may run for millions
    mentions: array = field(default_factory=lambda: array("I"))

    def draw(self, rng: random.Random) -> str:
        n, known = len(self.mentions), len(self.names)
        if rng.random() * (self.strength + n) < self.strength + self.discount * known:
            self.names.append(self.make(rng))
            chosen = known
        else:
            chosen = self.mentions[rng.randrange(n)]
        self.mentions.append(chosen)
        return self.names[chosen]


def _company(rng: random.Random) -> str:
    word = made_up_word(rng)
    return word if rng.random() < 0.25 else f"{word} {rng.choice(COMPANY_ENDINGS)}"


def _person(rng: random.Random) -> str:
    return f"{made_up_word(rng, (1, 2))} {made_up_word(rng, (1, 3))}"


def _place(rng: random.Random) -> str:
    return made_up_word(rng) + rng.choice(PLACE_ENDINGS)


class ArticleGenerator:
    """News-like policy articles, deterministic by seed; each call to `article` is the next one."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        self.companies = NamePool(_company)
        self.people = NamePool(_person)
        self.places = NamePool(_place)
        self.funds = NamePool(lambda rng: made_up_word(rng) + rng.choice(("", " Growth", " Innovation", " Frontier")))
        self.pools = {"org": self.companies, "org2": self.companies, "person": self.people, "place": self.places,
                      "place2": self.places, "fund": self.funds}
        rng = self.rng
        self.fillers = {
            "agency": lambda: rng.choice(AGENCIES), "sector": lambda: rng.choice(SECTORS),
            "amount": self.amount, "amount2": self.amount, "pct": self.percentage, "pct2": self.percentage,
            "date": self.date, "year": lambda: str(self.year()), "year2": lambda: str(self.year()),
            "month": lambda: rng.choice(MONTHS), "weekday": lambda: rng.choice(WEEKDAYS),
            "count": lambda: f"{rng.randint(2, 20000):,}", "ordinal": lambda: rng.choice(ORDINALS),
            "quarter": lambda: rng.choice(QUARTERS),
        }

    def amount(self) -> str:
        rng = self.rng
        prefix, suffix, scales = rng.choice(CURRENCIES)
        scale = rng.choice(scales)
        figure = rng.choice((str(rng.randint(1, 999)), f"{rng.uniform(1, 99):.1f}", f"{rng.uniform(1, 9):.2f}"))
        if rng.random() < 0.1:
            figure, scale = f"{rng.randint(1, 999):,}{rng.randint(0, 999):03d}", ""
        if len(scale) <= 2 and scale:
            return f"{prefix}{figure}{scale}{suffix}"
        return f"{prefix}{figure}{' ' + scale if scale else ''}{suffix}"

    def percentage(self) -> str:
        rng = self.rng
        value = rng.choice((str(rng.randint(1, 95)), f"{rng.uniform(0.1, 60):.1f}"))
        return value + rng.choice(("%", "%", " percent", " per cent"))

    def date(self) -> str:
        rng = self.rng
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS), self.year()
        return rng.choice((f"{month} {day}, {year}", f"{day} {month} {year}", f"{month} {day}",
                           f"{year}-{MONTHS.index(month) + 1:02d}-{day:02d}"))

    def year(self) -> int:
        return self.rng.randint(1995, 2035)

    def _slot(self, name: str, fill: dict[str, str]) -> str:
        if name not in fill:
            pool = self.pools.get(name)
            fill[name] = pool.draw(self.rng) if pool else self.fillers[name]()
        return fill[name]

    def _filled(self, template: str, fill: dict[str, str]) -> str:
        return _SLOT.sub(lambda m: self._slot(m.group(1), fill), template)

    def article(self) -> str:
        """The next article: a title, then 5–12 paragraphs of 1–4 different sentences."""
        rng = self.rng
        # Names of a paragraph recur in its sentences, as a story's subject does.
        title = self._filled(rng.choice(TITLES), {})
        paragraphs = []
        for _ in range(rng.randint(5, 12)):
            fill: dict[str, str] = {}
            sentences = []
            for template in rng.sample(SENTENCES, rng.randint(1, 4)):
                sentence = self._filled(template, fill)
                sentences.append(sentence[0].upper() + sentence[1:])
                for volatile in ("amount", "amount2", "pct", "pct2", "date", "count", "year", "year2"):
                    fill.pop(volatile, None)
            paragraphs.append(" ".join(sentences))
        return "\n\n".join([title, *paragraphs]) + "\n"


def generate_articles(documents: int, *, seed: int = 0) -> Iterator[str]:
    """`documents` articles of the generator with `seed`, in order."""
    generator = ArticleGenerator(seed)
    for _ in range(documents):
        yield generator.article()


def write_articles(folder: Path, texts: Iterator[str]) -> int:
    """Write each text as `article-NNNNNN.txt` in `folder`; the number of characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    for i, text in enumerate(texts):
        (folder / f"article-{i:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def new_word_rates(token_texts: Iterator[list[str]], points: int = 10) -> list[tuple[int, float]]:
    """(tokens so far, new distinct words per 1,000 tokens in the stretch just before) at `points`
    evenly spaced places of a corpus, from each document's token texts."""
    documents = list(token_texts)
    seen: set[str] = set()
    rates, tokens, stretch_tokens, stretch_new = [], 0, 0, 0
    step = max(1, len(documents) // points)
    for i, words in enumerate(documents, 1):
        before = len(seen)
        seen.update(words)
        stretch_new += len(seen) - before
        stretch_tokens += len(words)
        tokens += len(words)
        if i % step == 0 or i == len(documents):
            rates.append((tokens, 1000 * stretch_new / max(1, stretch_tokens)))
            stretch_tokens = stretch_new = 0
    return rates
