"""Organizations and jurisdictions: normalization, alias discovery, detection, gazetteer checks, corpus merge.

Where the examples come from:
- the names are those of `patterns/gazetteer_organizations.jsonl` and `patterns/gazetteer_jurisdictions.jsonl`
  (regulators, ministries, banks, exchanges and media that tech-policy news about China and Korea names)
  and of the articles in `corpus/` ("Busan Digital Asset Exchange (BDX)", "Hana Bank, OCON and Barunson",
  "In a talk with Bloomberg, Jeff LaBerge, …", "Jiangning district's management committee",
  "the municipal government of Beijing"); bodies no gazetteer knows are invented ("Kyros Ventures",
  "Hashlabs Mining", "Galaxia Moneytree", "Zentrix") so that no future gazetteer line changes what they test;
- the examples the docstrings of `normalizing.py`, `entities.py` and `gazetteer.py` give ("Sense Time",
  "Chang’An Chain", "Conflux Fundation", "Hana Bank"/"Hana Securities", "ZTE"/"ZET", "SEC"/"sec");
- the rules of the "Organizations and jurisdictions" section of `tests/golden/README.md` (span without a
  leading "the" or possessive, canonical names, levels and parents, demonyms, places inside names).

Every expected value is written by hand from those rules, not copied from an output. Rows that fail
although the expectation holds per the spec are kept as strict xfails whose reason says what goes wrong.
"""

from __future__ import annotations

import functools

import json
import re
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

import policyextract
from policyextract import Extractor, PatternFileError, extract_corpus
from policyextract.families.entities.finding import is_abbreviation
from policyextract.families.entities.table import names_no_new_body, remap_row
from policyextract.families.entities.gazetteer import Entity, Gazetteer, NameFinder
from policyextract.families.entities.normalizing import EntitySettings, NameIndex, name_key

from .conftest import ROOT

PATTERNS = ROOT / "patterns"


@functools.cache
def shared_extractor() -> Extractor:
    """One pipeline for every corpus run of this module (building one takes most of a second)."""
    return Extractor(PATTERNS)


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


# =====================================================================================================
# 1. Same body or not: pairs of names, tested through NameIndex/name_key and end to end via extract_corpus
# =====================================================================================================


class Pair(NamedTuple):
    a: str
    b: str
    how: str  # "key": one key; "fuzzy": different keys, within the fuzzy cutoff; "apart": two bodies
    kind: str = "organization"  # or "jurisdiction"
    index_xfail: str | None = None  # reason, when the NameIndex level fails although the row is right
    corpus_xfail: str | None = None  # reason, when the extract_corpus level fails although the row is right


_THE_LIMITATION = ('name_key drops a leading "the", so "The Block" (crypto media) and "Block" (Block Inc., '
                   'formerly Square) get one key; correct per the folding rule, wrong per the real world')
_SHAANXI_LIMITATION = ('"Shaanxi Coal" and "Shanxi Coal" are two listed companies of two provinces one letter '
                       'apart; token_sort_ratio 95.7 >= fuzzy_cutoff 90 and key ratio 95.2 >= corpus_cutoff 92 merge them')

PAIRS = [
    # -- MUST merge: one key ------------------------------------------------------------------------
    # spacing
    Pair("SenseTime", "Sense Time", "key"),
    Pair("ChainMaker", "Chain Maker", "key"),
    Pair("Shanghai Jiao Tong University", "Shanghai Jiaotong University", "key"),
    # case
    Pair("SenseTime", "SENSETIME", "key"),
    Pair("Hana Bank", "HANA BANK", "key"),
    Pair("Beijing Municipal Government", "Beijing municipal government", "key"),
    # apostrophes
    Pair("Chang'An Chain", "Chang’An Chain", "key"),
    Pair("People's Bank of China", "People’s Bank of China", "key"),
    # punctuation
    Pair("J.P. Morgan", "JP Morgan", "key"),
    Pair("Blockchain-based Service Network", "Blockchain Based Service Network", "key"),
    Pair("U.S. Securities and Exchange Commission", "US Securities and Exchange Commission", "key"),
    # a leading article (lowercase "the": written inside a sentence)
    Pair("Ministry of Finance", "the Ministry of Finance", "key"),
    Pair("Bank of Korea", "the Bank of Korea", "key"),
    # possessives
    Pair("Tencent", "Tencent's", "key"),
    Pair("Hana Bank", "Hana Bank’s", "key"),
    # legal suffixes
    Pair("Tencent", "Tencent Holdings", "key"),
    Pair("Alibaba", "Alibaba Group Holding", "key"),
    Pair("Citigroup", "Citigroup Inc.", "key"),
    Pair("HashKey", "HashKey Group", "key"),
    Pair("Kyros Ventures", "Kyros Ventures Ltd", "key"),
    # "&" and "and"
    Pair("Securities and Futures Commission", "Securities & Futures Commission", "key"),
    Pair("Hong Kong Exchanges and Clearing", "Hong Kong Exchanges & Clearing", "key"),
    Pair("Société Générale", "Societe Generale", "key"),
    # -- MUST merge: small misspellings of long names (fuzzy) ----------------------------------------
    Pair("Conflux Foundation", "Conflux Fundation", "fuzzy"),
    Pair("Commodity Futures Trading Commission", "Commodity Futures Trading Comission", "fuzzy"),
    Pair("Beijing Academy of Blockchain and Edge Computing", "Beijing Academy of Blockchain and Edge Computting", "fuzzy"),
    Pair("Wanxiang Blockchain", "Wanxiang Blokchain", "fuzzy"),
    Pair("Goldman Sachs", "Goldman Sach", "fuzzy"),
    Pair("People's Bank of China", "Peoples Bank of China", "fuzzy"),
    Pair("Virtual Assets Regulatory Authority", "Virtual Asset Regulatory Authority", "fuzzy"),
    Pair("Galaxia Moneytree", "Galaxia Moneytre", "fuzzy"),  # no gazetteer body: merged across the corpus
    # -- MUST stay apart: near-misses ----------------------------------------------------------------
    # government bodies sharing words
    Pair("Ministry of Science and Technology", "Municipal Commission of Science and Technology of Beijing", "apart"),
    Pair("Ministry of Finance", "Ministry of Commerce", "apart"),
    Pair("Ministry of Education", "Ministry of Public Security", "apart"),
    Pair("Securities and Futures Commission", "Securities and Exchange Commission", "apart"),
    Pair("Financial Services Commission", "Financial Supervisory Service", "apart"),
    Pair("State Administration of Foreign Exchange", "State Administration for Market Regulation", "apart"),
    Pair("Monetary Authority of Singapore", "Monetary Authority of Macao", "apart"),
    Pair("Beijing Municipal Government", "Shanghai Municipal Government", "apart"),
    Pair("Chinese Academy of Sciences", "Chinese Academy of Social Sciences", "apart"),
    # banks sharing words
    Pair("Hana Bank", "Hana Securities", "apart"),
    Pair("Bank of China", "People's Bank of China", "apart"),
    Pair("Bank of China", "Bank of Korea", "apart"),
    Pair("China Construction Bank", "Agricultural Bank of China", "apart"),
    Pair("Industrial and Commercial Bank of China", "Agricultural Bank of China", "apart"),
    Pair("NH Bank", "KB Kookmin Bank", "apart"),
    Pair("Shinhan Bank", "Suhyup Bank", "apart"),
    Pair("JPMorgan", "Morgan Stanley", "apart"),
    # companies sharing words
    Pair("China Mobile", "China Daily", "apart"),
    Pair("China Mobile", "China Unicom", "apart"),
    Pair("China Telecom", "China Unicom", "apart"),
    Pair("Conflux Foundation", "Conflux Network", "apart"),
    Pair("Tsinghua University", "Peking University", "apart"),
    Pair("Binance", "Coinbase", "apart"),
    Pair("Kyros Ventures", "Kyros Capital", "apart"),
    Pair("Galaxia Moneytree", "Galaxia Money", "apart"),
    # short names: merged only on equal keys
    Pair("ZTE", "ZET", "apart"),
    Pair("CAC", "CAS", "apart"),
    Pair("SFC", "FSC", "apart"),
    Pair("Sony", "Sonny", "apart"),
    # places one letter apart
    Pair("Nanjing", "Nanning", "apart", kind="jurisdiction"),
    # limitations of the folding rules and cutoffs (two real bodies each)
    Pair("The Block", "Block", "apart", index_xfail=_THE_LIMITATION, corpus_xfail=_THE_LIMITATION),
    Pair("Shaanxi Coal", "Shanxi Coal", "apart", index_xfail=_SHAANXI_LIMITATION, corpus_xfail=_SHAANXI_LIMITATION),
]


def _pair_params(level: str) -> list:
    params = []
    for pair in PAIRS:
        reason = pair.index_xfail if level == "index" else pair.corpus_xfail
        params.append(pytest.param(pair, id=f"{pair.how}: {pair.a} ~ {pair.b}", marks=xfail(reason) if reason else ()))
    return params


@pytest.mark.parametrize("pair", _pair_params("index"))
def test_name_index_same_body_or_not(pair):
    """(a) A NameIndex that knows one of the names finds the other, or not, both ways round."""
    settings = EntitySettings()
    for known, written in ((pair.a, pair.b), (pair.b, pair.a)):
        index = NameIndex({known: "test.known"}, settings)
        if pair.how == "key":
            assert name_key(written) == name_key(known)
            assert index.exact(written) == "test.known"
        elif pair.how == "fuzzy":
            assert name_key(written) != name_key(known)
            assert index.exact(written) is None
            found = index.best(written)
            assert found is not None and found[0] == "test.known" and found[1] >= settings.fuzzy_cutoff
        else:
            assert name_key(written) != name_key(known)
            assert index.exact(written) is None
            assert index.best(written) is None


def _sentence(name: str, kind: str) -> str:
    """A sentence naming `name` once; "the firm" lets the descriptor rule find names without a head word."""
    if kind == "jurisdiction":
        return f"Officials in {name} said on Monday they would expand."
    if name.startswith("the "):
        return f"On Monday, {name} said it would expand."
    if name.endswith(("'s", "’s")):
        return f"On Monday, {name} chief executive said the company would expand."
    return f"The firm {name} said on Monday it would expand."


def _as_written(name: str) -> str:
    """The span of the mention: without a leading "the" and a possessive (golden README)."""
    return re.sub(r"['’]s$", "", name.removeprefix("the "))


def _run_corpus(folder: Path, files: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = extract_corpus(folder, patterns=shared_extractor())
    assert result.failures == []
    return result


@pytest.mark.parametrize("pair", _pair_params("corpus"))
def test_corpus_same_body_or_not(tmp_path, pair):
    """(b) Two files, one name each: after the corpus-wide merge, one entity or two."""
    result = _run_corpus(tmp_path / "corpus", {"a.txt": _sentence(pair.a, pair.kind), "b.txt": _sentence(pair.b, pair.kind)})
    ids = {}
    for doc in result.documents:
        mentions = doc.organizations if pair.kind == "organization" else doc.jurisdictions
        name = pair.a if doc.doc_id == "a" else pair.b
        assert [m.span.text for m in mentions] == [_as_written(name)]
        ids[doc.doc_id] = mentions[0].entity_id
    rows = {row["entity_id"]: row for row in result.entities if row["kind"] == pair.kind}
    if pair.how == "apart":
        assert ids["a"] != ids["b"]
        assert rows[ids["a"]]["aliases"] == [_as_written(pair.a)] and rows[ids["a"]]["documents"] == 1
        assert rows[ids["b"]]["aliases"] == [_as_written(pair.b)] and rows[ids["b"]]["documents"] == 1
    else:
        assert ids["a"] == ids["b"]
        assert rows[ids["a"]]["aliases"] == sorted({_as_written(pair.a), _as_written(pair.b)})
        assert rows[ids["a"]]["documents"] == 2


# =====================================================================================================
# 2. Aliases the text states: (span, canonical, resolution) of every organization mention, in order
# =====================================================================================================

BDX = "Busan Digital Asset Exchange"

ALIASES = [
    # "Long Name (ABBR)", then the bare abbreviation
    pytest.param("The Busan Digital Asset Exchange (BDX) opened on Monday. Later, BDX said trading would start in May.",
                 [(BDX, BDX, "new"), ("BDX", BDX, "discovered alias"), ("BDX", BDX, "discovered alias")],
                 id="parenthesis, repeated in the same paragraph"),
    pytest.param("The Busan Digital Asset Exchange (BDX) opened on Monday.\n\nBDX said trading would start in May.",
                 [(BDX, BDX, "new"), ("BDX", BDX, "discovered alias"), ("BDX", BDX, "discovered alias")],
                 id="parenthesis, repeated in a later paragraph"),
    pytest.param("BDX said on Monday it would list tokens. The Busan Digital Asset Exchange (BDX) opened in May.",
                 [("BDX", BDX, "discovered alias"), (BDX, BDX, "new"), ("BDX", BDX, "discovered alias")],
                 id="abbreviation used before it is spelled out"),
    pytest.param("Hashlabs Mining (HM) said it would expand. HM later hired staff.",
                 [("Hashlabs Mining", "Hashlabs Mining", "new"), ("HM", "Hashlabs Mining", "discovered alias"),
                  ("HM", "Hashlabs Mining", "discovered alias")],
                 id="parenthesis after a generic name"),
    pytest.param("Conflux Network (CFX) said on Monday it would expand. CFX rose.",
                 [("Conflux Network", "Conflux Network", "exact"), ("CFX", "Conflux Network", "discovered alias"),
                  ("CFX", "Conflux Network", "discovered alias")],
                 id="parenthesis after a gazetteer name"),
    pytest.param("The Ministry of Industry and Information Technology (MIIT) issued a plan. MIIT said it would follow up.",
                 [("Ministry of Industry and Information Technology", "Ministry of Industry and Information Technology", "exact"),
                  ("MIIT", "Ministry of Industry and Information Technology", "alias"),
                  ("MIIT", "Ministry of Industry and Information Technology", "alias")],
                 id="abbreviation the gazetteer already knows stays a gazetteer alias"),
    # "X, also known as Y", "X, also called the Y", "X (formerly Y)"
    pytest.param("Galaxia Labs, also known as Moneytree Labs, said it would expand.",
                 [("Galaxia Labs", "Galaxia Labs", "new"), ("Moneytree Labs", "Galaxia Labs", "discovered alias")],
                 id="also known as"),
    pytest.param("The Hashlabs Mining Group, also called the Hashlabs Collective, said it would expand.",
                 [("Hashlabs Mining Group", "Hashlabs Mining Group", "new"),
                  ("Hashlabs Collective", "Hashlabs Mining Group", "discovered alias")],
                 id="also called the"),
    pytest.param("Kyros Ventures (formerly Kyros Capital) said it would expand.",
                 [("Kyros Ventures", "Kyros Ventures", "new"), ("Kyros Capital", "Kyros Ventures", "discovered alias")],
                 id="formerly, in parentheses"),
    pytest.param("Kyros Ventures, formerly known as Kyros Capital, said it would expand.",
                 [("Kyros Ventures", "Kyros Ventures", "new"), ("Kyros Capital", "Kyros Ventures", "discovered alias")],
                 id="formerly known as"),
    pytest.param("Shanghai Tree-Graph Blockchain Research Institute, also known as Conflux Foundation, said on Monday "
                 "it would expand. Conflux Foundation hired staff.",
                 [("Shanghai Tree-Graph Blockchain Research Institute", "Conflux Foundation", "discovered alias"),
                  ("Conflux Foundation", "Conflux Foundation", "exact"),
                  ("Conflux Foundation", "Conflux Foundation", "exact")],
                 id="also known as a gazetteer body"),
    # no alias
    pytest.param("Tencent (a major investor) said it would expand.", [("Tencent", "Tencent", "exact")],
                 id="parenthesis that is no abbreviation"),
    pytest.param("Kyros Ventures (BDX) said it would expand.", [("Kyros Ventures", "Kyros Ventures", "new")],
                 id="parenthesis whose letters are not the name's"),
    pytest.param("Kyros Ventures (2021) said it would expand.", [("Kyros Ventures", "Kyros Ventures", "new")],
                 id="parenthesis with a year"),
    pytest.param("The country is testing a central bank digital currency (CBDC). The CBDC will launch next year.", [],
                 id="long form is no organization"),
]


@pytest.mark.parametrize("text, expected", ALIASES)
def test_alias_discovery(text, expected):
    doc = policyextract.extract(text)
    assert [(m.span.text, m.canonical, m.resolution) for m in doc.organizations] == expected
    ids = {}
    for m in doc.organizations:  # one id per canonical name
        assert ids.setdefault(m.canonical, m.entity_id) == m.entity_id


# =====================================================================================================
# 3. is_abbreviation (Schwartz & Hearst): letters in order, the first one starting the long form
# =====================================================================================================

ABBREVIATIONS = [
    # true
    ("MIIT", "Ministry of Industry and Information Technology", True),
    ("BDX", "Busan Digital Asset Exchange", True),
    ("PBOC", "People's Bank of China", True),
    ("PBoC", "People's Bank of China", True),
    ("ICBC", "Industrial and Commercial Bank of China", True),
    ("MOFCOM", "Ministry of Commerce", True),
    ("BSN", "Blockchain-based Service Network", True),
    ("MOF", "the Ministry of Finance", True),
    ("CFX", "Conflux Network", True),
    ("CBDC", "central bank digital currency", True),  # letters fit: that it names no body is not this check's job
    # false
    ("FSC", "Securities and Futures Commission", False),  # first letter starts no word of the first
    ("BOC", "Agricultural Bank of China", False),
    ("BDX", "Digital Asset Exchange", False),
    ("NDRC", "National Reform Commission", False),  # no "d"
    ("XYZ", "Kyros Ventures", False),
    ("a major investor", "Tencent", False),
    ("2021", "Kyros Ventures", False),
    ("", "Tencent", False),
    ("MIIT", "", False),
]


@pytest.mark.parametrize("short, long, expected", ABBREVIATIONS, ids=[f"{s or '(empty)'} ~ {l or '(empty)'}" for s, l, _ in ABBREVIATIONS])
def test_is_abbreviation(short, long, expected):
    assert is_abbreviation(short, long) is expected


# =====================================================================================================
# 4. Detection: every organization (span, canonical) and jurisdiction (span, canonical, level, parent)
# =====================================================================================================

CHINA = ("China", "China", "country", None)
BUSAN = ("Busan", "Busan", "city", "South Korea")

DETECTION = [
    # gazetteer names and aliases
    pytest.param("The People's Bank of China said on Monday it would expand.",
                 [("People's Bank of China", "People's Bank of China")], [CHINA], id="gazetteer name"),
    pytest.param("The PBOC said on Monday it would expand.", [("PBOC", "People's Bank of China")], [], id="gazetteer acronym"),
    pytest.param("China's State Council said on Monday it would expand.",
                 [("China's State Council", "State Council")], [CHINA], id="gazetteer alias with a place in it"),
    pytest.param("Chinese regulators, including the CSRC and the PBOC, said they would act.",
                 [("CSRC", "China Securities Regulatory Commission"), ("PBOC", "People's Bank of China")], [],
                 id="acronyms after the"),
    # acronyms and one-word names are case-sensitive
    pytest.param("The SEC sued the firm. It took a sec to load.", [("SEC", "Securities and Exchange Commission")], [],
                 id="SEC yes, sec no"),
    pytest.param("He ate an apple and looked at the x axis.", [], [], id="apple and x are no Apple and X"),
    # generic names with head words
    pytest.param("Kyros Ventures said on Monday it would expand.", [("Kyros Ventures", "Kyros Ventures")], [],
                 id="head word Ventures"),
    pytest.param("Hashlabs Mining said on Monday it would expand.", [("Hashlabs Mining", "Hashlabs Mining")], [],
                 id="head word Mining"),
    pytest.param("Kyros Ventures and Hashlabs Mining said they would expand.",
                 [("Kyros Ventures", "Kyros Ventures"), ("Hashlabs Mining", "Hashlabs Mining")], [],
                 id="two head-word names joined by and"),
    pytest.param("The firm Wanxiang Blockchain Co., Ltd. said on Monday it would expand.",
                 [("Wanxiang Blockchain Co., Ltd.", "Wanxiang Blockchain")], [], id="legal name with Co., Ltd."),
    pytest.param("On Monday, the Trump administration said it would expand.",
                 [("Trump administration", "Trump administration")], [], id="administration"),
    # descriptor + name
    pytest.param("Crypto lender Nexo said it would expand.", [("Nexo", "Nexo")], [], id="descriptor, gazetteer name"),
    pytest.param("The crypto lender Zentrix said it would expand.", [("Zentrix", "Zentrix")], [], id="descriptor, new name"),
    pytest.param("The firm, Braiins, said it would expand.", [("Braiins", "Braiins")], [], id="descriptor and comma"),
    # lists
    pytest.param("Its partners include Hana Bank, OCON and Barunson.",
                 [("Hana Bank", "Hana Bank"), ("OCON", "OCON"), ("Barunson", "Barunson")], [], id="list with a known bank"),
    pytest.param("The bank's partners include Hana Bank, Woori Bank and Suhyup Bank.",
                 [("Hana Bank", "Hana Bank"), ("Woori Bank", "Woori Bank"), ("Suhyup Bank", "Suhyup Bank")], [],
                 id="list of gazetteer banks"),
    pytest.param("In a talk with Bloomberg, Jeff LaBerge, the company's head, said the firm would expand.",
                 [("Bloomberg", "Bloomberg")], [], id="apposition with a person is no list"),
    # headlines (a Title-Case first line, then a blank line)
    pytest.param("Zentrix Capital Backs Busan Exchange\n\nThe fund said on Monday it would invest in the city.",
                 [], [BUSAN], id="headline generic names the body does not repeat"),
    pytest.param("Busan Launches Blockchain Hub With Kyros Ventures\n\nKyros Ventures said on Monday it would expand.",
                 [("Kyros Ventures", "Kyros Ventures"), ("Kyros Ventures", "Kyros Ventures")], [BUSAN],
                 id="headline generic name the body repeats"),
    pytest.param("NH Bank Establishes Consortium With Hana Securities\n\nThe bank said on Monday it would expand.",
                 [("NH Bank", "NH Bank"), ("Hana Securities", "Hana Securities")], [], id="headline gazetteer names"),
    # government bodies of a place
    pytest.param("On Monday, the municipal government of Shanghai said it would expand.",
                 [("municipal government of Shanghai", "Shanghai Municipal Government")],
                 [("Shanghai", "Shanghai", "municipality", "China")], id="municipal government of Shanghai"),
    pytest.param("On Monday, the provincial government of Henan said it would expand.",
                 [("provincial government of Henan", "Henan Provincial People's Government")],
                 [("Henan", "Henan", "province", "China")], id="provincial government of Henan"),
    pytest.param("Jiangning district's management committee said it would expand.",
                 [("Jiangning district's management committee", "Jiangning District Management Committee")],
                 [("Jiangning district", "Jiangning District", "district", "Nanjing")], id="district's management committee"),
    pytest.param("On Monday, the Beijing Municipal Government said it would expand.",
                 [("Beijing Municipal Government", "Beijing Municipal Government")],
                 [("Beijing", "Beijing", "municipality", "China")], id="Beijing Municipal Government"),
    # places with level words
    pytest.param("Officials in Henan Province said on Monday they would expand.", [],
                 [("Henan Province", "Henan", "province", "China")], id="Henan Province"),
    pytest.param("Officials in the province of Henan said on Monday they would expand.", [],
                 [("province of Henan", "Henan", "province", "China")], id="province of Henan"),
    pytest.param("Officials in the city of Busan said on Monday they would expand.", [],
                 [("city of Busan", "Busan", "city", "South Korea")], id="city of Busan"),
    pytest.param("Officials in Nanjing City said they would expand.", [],
                 [("Nanjing City", "Nanjing", "city", "Jiangsu")], id="Nanjing City"),
    pytest.param("The Jiangning district said on Monday it would expand.", [],
                 [("Jiangning district", "Jiangning District", "district", "Nanjing")], id="Jiangning district"),
    pytest.param("U.S. and Hong Kong officials said they would expand.", [],
                 [("U.S.", "United States", "country", None),
                  ("Hong Kong", "Hong Kong", "special administrative region", "China")], id="U.S. and Hong Kong"),
    pytest.param("Officials in Dubai International Financial Centre said they would expand.", [],
                 [("Dubai", "Dubai", "region", "United Arab Emirates"),
                  ("Dubai International Financial Centre", "Dubai International Financial Centre", "region", "Dubai")],
                 id="nested places"),
    # demonyms and phrases that name no jurisdiction
    pytest.param("Chinese and Korean firms said they would expand.", [], [], id="demonyms"),
    pytest.param("Korea and Korean firms said they would expand.", [], [("Korea", "South Korea", "country", None)],
                 id="Korea yes, Korean no"),
    pytest.param("Factories in South China said on Monday they would expand.", [], [], id="South China"),
    pytest.param("The South China Morning Post reported that China Mobile would expand.",
                 [("South China Morning Post", "South China Morning Post"), ("China Mobile", "China Mobile")], [CHINA],
                 id="China in China Mobile, not in South China Morning Post"),
    # places inside names
    pytest.param("The Busan Digital Asset Exchange said on Monday it would expand.",
                 [(BDX, BDX)], [BUSAN], id="Busan inside an organization name"),
    pytest.param("The Zhongguancun Forum opened on Monday in Beijing.", [],
                 [("Zhongguancun", "Zhongguancun", "district", "Beijing"), ("Beijing", "Beijing", "municipality", "China")],
                 id="Zhongguancun inside an event name"),
    pytest.param("The Belt and Road Initiative was discussed.", [], [], id="Belt and Road names no place"),
]


@pytest.mark.parametrize("text, organizations, jurisdictions", DETECTION)
def test_detection(text, organizations, jurisdictions):
    doc = policyextract.extract(text)
    assert [(m.span.text, m.canonical) for m in doc.organizations] == organizations
    assert [(m.span.text, m.canonical, m.level, m.parent) for m in doc.jurisdictions] == jurisdictions


# A gazetteer of its own: names that share words, a one-word name, an apostrophe, a name in two cases.
NAME_ENTITIES = [Entity("org.chain", "organization", "Chang'An Chain", ("ChainMaker",)),
                 Entity("org.bank", "organization", "Hana Bank", ("Hana",)),
                 Entity("org.fin", "organization", "Hana Bank Financial Group", ())]

NAMES = [
    ("Chang'An Chain and Chang’An Chain", [(0, 2, "org.chain"), (3, 5, "org.chain")]),  # both apostrophes
    ("chang'an chain", [(0, 2, "org.chain")]),  # longer names in any case
    ("ChainMaker, chainmaker", [(0, 1, "org.chain")]),  # one-word names exactly
    ("Hana Bank Financial Group", [(0, 1, "org.bank"), (0, 2, "org.bank"), (0, 4, "org.fin")]),  # overlaps kept
    ("HANA BANK", [(0, 2, "org.bank")]),
    ("the bank", []),
]


@pytest.mark.parametrize("text, expected", NAMES, ids=[t for t, _ in NAMES])
def test_gazetteer_names(text, expected):
    nlp = shared_extractor().nlp
    find_names = NameFinder(Gazetteer(NAME_ENTITIES), nlp)
    assert find_names(nlp.make_doc(text))["organization"] == expected


# =====================================================================================================
# 5. Gazetteer validation: a broken line appended to a copy of a gazetteer file
# =====================================================================================================

ORGS = "gazetteer_organizations.jsonl"
PLACES = "gazetteer_jurisdictions.jsonl"
TESTCO = {"id": "org.testco", "name": "Testco", "type": "company"}
TESTVILLE = {"id": "place.testville", "name": "Testville", "level": "city", "parent": "China"}

# (file, line appended, reason); "<id>" in a reason stands for "file:line" of that id's line in the copy
BROKEN_GAZETTEER_LINES = [
    # malformed lines
    pytest.param(ORGS, "{not json", "invalid JSON", id="orgs: invalid JSON"),
    pytest.param(ORGS, {**TESTCO, "colour": "red"}, "[colour] Extra inputs are not permitted", id="orgs: unknown key"),
    pytest.param(PLACES, {**TESTVILLE, "population": 3}, "[population] Extra inputs are not permitted", id="places: unknown key"),
    pytest.param(ORGS, {**TESTCO, "type": "bakery"}, "[type] Input should be 'government body'", id="orgs: unknown type"),
    pytest.param(PLACES, {**TESTVILLE, "level": "village"}, "[level] Input should be 'country'", id="places: unknown level"),
    pytest.param(ORGS, {**TESTCO, "id": "Org Testco"}, "must be dotted lowercase", id="orgs: bad id"),
    pytest.param(ORGS, {**TESTCO, "name": ""}, "[name] String should have at least 1 character", id="orgs: empty name"),
    pytest.param(ORGS, {"id": "org.testco", "name": "Testco"}, "[type] Field required", id="orgs: no type"),
    # references to places
    pytest.param(PLACES, {**TESTVILLE, "parent": "Atlantis"},
                 "parent 'Atlantis' is not a place of gazetteer_jurisdictions.jsonl", id="places: unknown parent"),
    pytest.param(PLACES, {**TESTVILLE, "parent": "place.china"},
                 "parent 'place.china' is not a place of gazetteer_jurisdictions.jsonl", id="places: parent given by id"),
    pytest.param(ORGS, {**TESTCO, "jurisdiction": "Atlantis"},
                 "jurisdiction 'Atlantis' is not a place of gazetteer_jurisdictions.jsonl", id="orgs: unknown jurisdiction"),
    # a name claimed twice
    pytest.param(ORGS, {**TESTCO, "aliases": ["MIIT"]},
                 "name 'MIIT' is also 'org.ministry_of_industry_and_information_technology' "
                 "(<org.ministry_of_industry_and_information_technology>)", id="orgs: alias of another org"),
    pytest.param(ORGS, {**TESTCO, "aliases": ["ministry of finance"]},
                 "name 'ministry of finance' is also 'org.ministry_of_finance' (<org.ministry_of_finance>)",
                 id="orgs: alias of another org in other case"),
    pytest.param(ORGS, {**TESTCO, "aliases": ["People’s Bank of China"]},
                 "name 'People’s Bank of China' is also 'org.people_s_bank_of_china' (<org.people_s_bank_of_china>)",
                 id="orgs: alias of another org with the other apostrophe"),
    pytest.param(ORGS, {**TESTCO, "name": "Tencent"}, "name 'Tencent' is also 'org.tencent' (<org.tencent>)",
                 id="orgs: name of another org"),
    pytest.param(ORGS, {**TESTCO, "aliases": ["Busan"]}, "name 'Busan' is also 'place.busan' (<place.busan>)",
                 id="orgs: alias that is a place"),
    pytest.param(PLACES, {**TESTVILLE, "aliases": ["Beijing"]}, "name 'Beijing' is also 'place.beijing' (<place.beijing>)",
                 id="places: alias of another place"),
    # duplicate ids
    pytest.param(ORGS, {"id": "org.tencent", "name": "Tencent Music", "type": "company"},
                 "duplicate id 'org.tencent' (first at <org.tencent>)", id="orgs: duplicate id"),
    pytest.param(PLACES, {"id": "place.busan", "name": "Busan Metropolitan City", "level": "city", "parent": "South Korea"},
                 "duplicate id 'place.busan' (first at <place.busan>)", id="places: duplicate id"),
    pytest.param(ORGS, {"id": "place.busan", "name": "Busan Port Authority", "type": "government body"},
                 "duplicate id 'place.busan' (first at <place.busan>)", id="orgs: id of a place"),
]


def _line_of(patterns: Path, entity_id: str) -> str:
    """"file:line" of the gazetteer line that defines `entity_id`."""
    for file in (PLACES, ORGS):
        for lineno, line in enumerate((patterns / file).read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip().startswith("{") and json.loads(line).get("id") == entity_id:
                return f"{file}:{lineno}"
    raise AssertionError(f"{entity_id} is in no gazetteer")


def _copy_patterns(tmp_path: Path) -> Path:
    patterns = tmp_path / "patterns"
    shutil.copytree(PATTERNS, patterns)
    return patterns


def test_gazetteer_copy_loads(tmp_path):
    """The unbroken copy the validation rows start from loads."""
    extractor = Extractor(_copy_patterns(tmp_path))
    assert extractor.patterns.gazetteer.entities["org.tencent"].name == "Tencent"


@pytest.mark.parametrize("file, line, reason", BROKEN_GAZETTEER_LINES)
def test_gazetteer_broken_line_is_reported_with_file_and_line(tmp_path, file, line, reason):
    patterns = _copy_patterns(tmp_path)
    path = patterns / file
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    lineno = len(text.splitlines()) + 1
    path.write_text(text + (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n", encoding="utf-8")
    reason = re.sub(r"<([a-z0-9_.]+)>", lambda m: _line_of(patterns, m.group(1)), reason)
    with pytest.raises(PatternFileError) as caught:
        Extractor(patterns)
    assert f"{file}:{lineno}: " in str(caught.value)
    assert reason in str(caught.value)
    assert (caught.value.path.name, caught.value.line) == (file, lineno)


# =====================================================================================================
# 6. Corpus-wide: ids that do not depend on file order; a misspelled new body merged across files
# =====================================================================================================

# (files in reading order); the same texts are run again under names that sort the other way round
ORDER_CORPORA = [
    pytest.param([
        "The firm Galaxia Moneytree said on Monday it would expand. The Ministry of Finance (MOF) approved it.",
        "The firm Galaxia Moneytre said on Monday it would hire staff in Busan.",
        "Hana Bank, OCON and Barunson formed a consortium. The Busan Digital Asset Exchange (BDX) will list it.",
        "BDX said the People’s Bank of China and the PBOC agreed. Kyros Ventures (formerly Kyros Capital) joined.",
    ], id="gazetteer, new, misspelled and aliased bodies"),
    pytest.param([
        "Kyros Foundation Ltd said on Monday it would expand.",
        "Kyros Foundation said on Monday it would expand.",
    ], id="one new body whose names suggest two types"),
    pytest.param([
        "The Anhui government said the Tianjin municipal bureau of commerce would help. The Canadian government agreed.",
        "The provincial government of Anhui and Weifang officials met Kyrotek, a Wuhan-based startup.",
        "Kyrotek said the government of Canada and the Anhui provincial government approved the plan in Jiaxing.",
    ], id="governments of places, a body by context and places from data"),
]


def _named(texts: list[str], reverse: bool) -> dict[str, str]:
    """Files named so that they sort in text order, or in the reverse order."""
    n = len(texts)
    return {f"{(n - i if reverse else i + 1):02d}-{'zyxwvu'[i] if reverse else 'abcdef'[i]}.txt": t for i, t in enumerate(texts)}


@pytest.mark.parametrize("texts", ORDER_CORPORA)
def test_corpus_entities_do_not_depend_on_file_order(tmp_path, texts):
    forward = _run_corpus(tmp_path / "forward", _named(texts, reverse=False))
    backward = _run_corpus(tmp_path / "backward", _named(texts, reverse=True))
    assert [d.text for d in forward.documents] == texts
    assert [d.text for d in backward.documents] == texts[::-1]
    assert forward.entities == backward.entities

    def mentions(result):
        return sorted((d.text, m.span.start, m.entity_id, m.canonical)
                      for d in result.documents for m in [*d.organizations, *d.jurisdictions])

    assert mentions(forward) == mentions(backward)


def _galaxia_row(canonical: str, aliases: list[str], mentions: int, documents: int) -> dict:
    return {"entity_id": "new:galaxiamoneytre", "kind": "organization", "canonical": canonical, "type": None,
            "level": None, "parent": None, "jurisdiction": None, "aliases": aliases, "mentions": mentions,
            "documents": documents}


# (files, the one entity row expected); the id of a merged group is its smallest key ("galaxiamoneytre")
CORPUS_MERGES = [
    pytest.param({"a.txt": "The startup Galaxia Moneytree said on Monday it would expand. "
                           "The startup Galaxia Moneytree also hired staff.",
                  "b.txt": "The startup Galaxia Moneytre said on Tuesday it would expand."},
                 _galaxia_row("Galaxia Moneytree", ["Galaxia Moneytre", "Galaxia Moneytree"], 3, 2),
                 id="misspelled once: canonical is the frequent spelling"),
    pytest.param({"a.txt": "The startup Galaxia Moneytree said on Monday it would expand.",
                  "b.txt": "The startup Galaxia Moneytre said on Tuesday it would expand.",
                  "c.txt": "The startup Galaxia Moneytre said on Wednesday it would hire staff."},
                 _galaxia_row("Galaxia Moneytre", ["Galaxia Moneytre", "Galaxia Moneytree"], 3, 3),
                 id="misspelled more often: the frequent spelling wins anyway"),
    pytest.param({"a.txt": "The startup Galaxia Moneytree said on Monday it would expand.",
                  "b.txt": "The startup Galaxia Moneytre said on Tuesday it would expand."},
                 _galaxia_row("Galaxia Moneytre", ["Galaxia Moneytre", "Galaxia Moneytree"], 2, 2),
                 id="tie: the alphabetically first spelling"),
]


@pytest.mark.parametrize("files, row", CORPUS_MERGES)
def test_corpus_merges_misspelled_new_body(tmp_path, files, row):
    result = _run_corpus(tmp_path / "corpus", files)
    assert result.entities == [row]
    # every mention carries the corpus-wide id and canonical name
    assert {(m.entity_id, m.canonical) for d in result.documents for m in d.organizations} == {(row["entity_id"], row["canonical"])}


def test_alias_whose_long_form_a_headline_name_replaced_still_resolves():
    """Found by the fuzz run (seed 1, input 8643): a one-line text is a headline; its stated alias must
    still resolve to the gazetteer body it names."""
    text = ("\ufeffproject is being led by Conflux Network, which recently announced its launch. Operating under the "
            "supervision of Conflux Foundation, also called the Shanghai Tree-G")
    organizations = policyextract.extract(text).organizations
    assert [(o.span.text, o.entity_id) for o in organizations] == [
        ("Conflux Network", "org.conflux_network"), ("Conflux Foundation", "org.conflux_foundation"),
        ("Shanghai Tree-G", "org.conflux_foundation")]


MAPPING = {"new:acme co": "new:acme"}
CANONICAL = {"new:acme": "Acme Group", "gaz:beijing": "Beijing"}
REMAPS = [  # (row, the row remap_row gives; None: the same row object)
    ({"entity_id": "new:acme co", "canonical": "Acme Co"}, {"entity_id": "new:acme", "canonical": "Acme Group"}),
    ({"entity_id": "new:acme", "canonical": "Acme"}, {"entity_id": "new:acme", "canonical": "Acme Group"}),
    ({"entity_id": "new:acme", "canonical": "Acme Group"}, None),
    ({"entity_id": "gaz:beijing", "canonical": "Beijing"}, None),
    ({"entity_id": "new:other", "canonical": "Other"}, None),  # no final name known: kept
    ({"actor_id": "new:acme co", "actor": "Acme Co"}, {"actor_id": "new:acme", "actor": "Acme Group"}),
    ({"actor_id": None, "actor": "Someone"}, None),
]


@pytest.mark.parametrize("row, expected", REMAPS)
def test_remap_row_gives_final_ids_and_names_and_keeps_unchanged_rows(row, expected):
    remapped = remap_row(row, MAPPING, CANONICAL)
    if expected is None:
        assert remapped is row
    else:
        assert remapped == expected and remapped is not row



def test_only_kinds_with_new_bodies_are_remapped_and_gazetteer_mentions_never_change():
    """A run rewrites an entity table at its end only for kinds with a body no gazetteer knows: the
    rows of gazetteer bodies must already carry their final id and name."""
    from policyextract.families.entities.table import NEW, EntityTable
    from policyextract.frames import rows

    table = EntityTable()
    documents = [shared_extractor().extract(text, doc_id=f"d{i}") for i, text in enumerate([
        "The People's Bank of China and the Ministry of Finance met in Beijing and Shanghai.",
        "Shanghai said the Cyberspace Administration of China approved it."])]
    for document in documents:
        table.add(document)
    assert table.remapped_kinds() == set()
    table.add(shared_extractor().extract("Zorblax Quantum Holdings opened an office in Shenzhen.", doc_id="d9"))
    assert table.remapped_kinds() == {"organization"}

    # as extracted, before any corpus-wide step
    documents = [shared_extractor().extract(path.read_text(encoding="utf-8"), doc_id=path.stem)
                 for path in sorted((ROOT / "corpus").glob("*.txt"))]
    table = EntityTable()
    for document in documents:
        table.add(document)
    canonical = table.canonical_names()
    known = [row for kind in ("organizations", "jurisdictions", "fact_mentions") for row in rows(kind, documents)
             if not (row.get("entity_id") or row.get("actor_id") or NEW).startswith(NEW)]
    assert len(known) > 100
    assert all(table.remap(row, canonical) is row for row in known)


def test_an_entity_table_survives_pickling_as_it_travels_from_a_worker():
    import pickle

    from policyextract.families.entities.table import EntityTable

    texts = ["Zorblax Quantum Holdings and the People's Bank of China met in Beijing. Zorblax Quantum Holdings said so.",
             "Zorblax Quantim Holdings opened in Shanghai."]
    first, second = EntityTable(EntitySettings(corpus_cutoff=91)), EntityTable()
    first.add(shared_extractor().extract(texts[0], doc_id="a"))
    second.add(shared_extractor().extract(texts[1], doc_id="b"))
    travelled = pickle.loads(pickle.dumps(first))
    assert travelled.settings == first.settings and travelled.rows() == first.rows()
    travelled.update(pickle.loads(pickle.dumps(second)))
    first.update(second)
    assert travelled.rows() == first.rows()
    assert [(r["canonical"], r["mentions"], r["documents"]) for r in first.rows() if r["entity_id"].startswith("new:")] == [
        ("Zorblax Quantum Holdings", 3, 2)]


@pytest.mark.parametrize("line, expected", [
    ('{"entity_id": "org.pboc", "canonical": "People\'s Bank of China"}\n', True),
    ('{"entity_id": "new:acme", "canonical": "Acme"}\n', False),
    ('{"actor_id": "new:acme", "actor": "Acme"}\n', False),
    ('{"actor_id": null, "actor": null}\n', True),
    ('{"entity_id": "org.x", "text": "\\"new: rules\\""}\n', False),  # a false alarm: the line is decoded
])
def test_names_no_new_body_reads_jsonl_lines(line, expected):
    assert names_no_new_body(line) is expected
    if expected:  # what the shortcut promises: remap keeps the row
        row = json.loads(line)
        assert remap_row(row, {"new:acme co": "new:acme"}, {"org.pboc": "People's Bank of China"}) is row


# =====================================================================================================
# Governments and bodies of a place the gazetteer knows only as a place: is a body, or is not
# =====================================================================================================

GOVERNMENTS = [
    pytest.param("Officials said the Hubei provincial government would expand the scheme.",
                 [("Hubei provincial government", "Hubei Provincial People's Government")], id="province + level + government"),
    pytest.param("The Anhui government said on Friday it would expand the scheme.",
                 [("Anhui government", "Anhui Provincial People's Government")], id="province + government"),
    pytest.param("Tianjin's municipal government said it would expand the scheme.",
                 [("Tianjin's municipal government", "Tianjin Municipal People's Government")], id="possessive + level"),
    pytest.param("The Macau government said it would expand the scheme.",
                 [("Macau government", "Government of the Macau Special Administrative Region")], id="SAR"),
    pytest.param("The Ningxia government said it would expand the scheme.",
                 [("Ningxia government", "People's Government of Ningxia Hui Autonomous Region")], id="autonomous region"),
    pytest.param("The Canadian government said it would expand the scheme.",
                 [("Canadian government", "Government of Canada")], id="demonym"),
    pytest.param("The Dutch government said it would expand the scheme.",
                 [("Dutch government", "Government of the Netherlands")], id="demonym, country with an article"),
    pytest.param("The Japanese central government said it would expand the scheme.",
                 [("Japanese central government", "Government of Japan")], id="demonym + central"),
    pytest.param("The government of Singapore said it would expand the scheme.",
                 [("government of Singapore", "Government of Singapore")], id="government of + country"),
    pytest.param("It was approved by the Tianjin municipal bureau of industry and information technology.",
                 [("Tianjin municipal bureau of industry and information technology",
                   "Tianjin Municipal Bureau of Industry and Information Technology")], id="lower-case bureau with remit"),
    pytest.param("The Tianjin municipal bureau of commerce said it would expand the scheme.",
                 [("Tianjin municipal bureau of commerce", "Tianjin Municipal Bureau of Commerce")], id="remit ends at a verb"),
    # is not a body
    pytest.param("Investors bought Hubei government bonds on Monday.", [], id="government bonds"),
    pytest.param("Several Anhui government officials attended the meeting.", [], id="government officials"),
    pytest.param("Chinese local governments said they would expand the scheme.", [], id="demonym + local"),
    pytest.param("It is a Tianjin government-backed fund.", [], id="government-backed"),
    pytest.param("The Tianjin bureau is large.", [], id="bare body without remit"),
    pytest.param("The government said it would expand the scheme.", [], id="bare government"),
]


@pytest.mark.parametrize("text, organizations", GOVERNMENTS)
def test_governments_of_places(text, organizations):
    doc = policyextract.extract(text)
    assert [(m.span.text, m.canonical) for m in doc.organizations] == organizations


@pytest.mark.parametrize("text, jurisdiction", [
    pytest.param("The Anhui government said it would expand the scheme.", "Anhui", id="province"),
    pytest.param("The Canadian government said it would expand the scheme.", "Canada", id="demonym"),
])
def test_government_of_a_place_carries_its_jurisdiction(text, jurisdiction):
    assert [m.jurisdiction for m in policyextract.extract(text).organizations] == [jurisdiction]


# =====================================================================================================
# Companies and other bodies by context: is a body, or is not
# =====================================================================================================

CONTEXT = [
    pytest.param("Chipmaker Zentrix said its revenue rose.", [("Zentrix", "Zentrix")], id="opening descriptor"),
    pytest.param("Shares of the chipmaker Zentrix rose.", [("Zentrix", "Zentrix")], id="descriptor"),
    pytest.param("Kyrotek, a Wuhan-based startup, raised funds.", [("Kyrotek", "Kyrotek")], id="appositive with -based"),
    pytest.param("Kyrotek, a Malaysian mobile carrier, raised funds.", [("Kyrotek", "Kyrotek")], id="appositive with descriptor"),
    pytest.param("Data came from Kyrotek, an online credit registry service.", [("Kyrotek", "Kyrotek")],
                 id="appositive at the sentence end"),
    pytest.param("Byte and Bloom, the region's largest market research firm, said so.", [("Byte and Bloom", "Byte and Bloom")],
                 id="appositive name with and"),
    pytest.param("Zentrix Robotics Pte. Ltd. opened an office.", [("Zentrix Robotics Pte. Ltd.", "Zentrix Robotics")],
                 id="legal form Pte. Ltd."),
    pytest.param("Kyrotek GmbH opened an office.", [("Kyrotek GmbH", "Kyrotek")], id="legal form GmbH"),
    pytest.param("Kyrotek AG opened an office.", [("Kyrotek AG", "Kyrotek")], id="two-letter legal form in capitals"),
    pytest.param("Nasdaq-listed Zentrix opened an office.", [("Nasdaq", "Nasdaq"), ("Zentrix", "Zentrix")], id="listed"),
    pytest.param("The board named a new CEO of Kyrotek on Monday.", [("Kyrotek", "Kyrotek")], id="CEO of"),
    pytest.param("Kyrotek's chief executive resigned.", [("Kyrotek", "Kyrotek")], id="possessive chief executive"),
    pytest.param("The minister told Caixin the plan was on track.", [("Caixin", "Caixin")], id="told"),
    pytest.param("Zentrix and Tencent Holdings invested in the startup.", [("Zentrix", "Zentrix"), ("Tencent Holdings", "Tencent")],
                 id="coordinated names split, the known one kept"),
    pytest.param("Kyro.ai and Zentrix Holdings invested.", [("Kyro.ai", "Kyro.ai"), ("Zentrix Holdings", "Zentrix Holdings")],
                 id="coordinated names split on a brand-like word"),
    # is not a body
    pytest.param("John Lee, the chief executive, said the city would expand.", [], id="person with a role"),
    pytest.param("Treasury Secretary Janet Yellen said the plan would expand.", [], id="person after a title"),
    pytest.param("Zhang Wei, a director of the firm, said so.", [], id="person: role in the appositive"),
    pytest.param("Meanwhile, a Wuhan-based startup raised funds.", [], id="discourse word before the comma"),
    pytest.param("According to Zhang, the firm was set up in 2019.", [], id="noun of a new clause"),
    pytest.param("The Wuhan-based analyst said so.", [], id="-based before a common noun"),
    pytest.param("The chipmaker said its revenue rose.", [], id="bare descriptor"),
    pytest.param("Siemens ag opened an office.", [], id="two-letter legal form in lower case"),
    pytest.param("A Chipmaker Alliance Forum opened.", [], id="capitalized descriptor inside a name"),
]


@pytest.mark.parametrize("text, organizations", CONTEXT)
def test_bodies_by_context(text, organizations):
    doc = policyextract.extract(text)
    assert [(m.span.text, m.canonical) for m in doc.organizations] == organizations


REPEATS_AND_CREDITS = [
    pytest.param("Kyrotek, a Wuhan-based startup, raised funds.\n\nKyrotek said it would hire.",
                 [("Kyrotek", "new:kyrotek"), ("Kyrotek", "new:kyrotek")], id="name the context showed, repeated"),
    pytest.param("Kyrotek GmbH opened an office. Kyrotek said it would hire.",
                 [("Kyrotek GmbH", "new:kyrotek"), ("Kyrotek", "new:kyrotek")], id="name without its legal form, repeated"),
    pytest.param("The National Office for Data Safety (ONSD) opened. The ONSD will hire.",
                 [("National Office for Data Safety", "new:nationalofficefordatasafety"),
                  ("ONSD", "new:nationalofficefordatasafety"), ("ONSD", "new:nationalofficefordatasafety")],
                 id="acronym of the name in another language"),
    pytest.param("WUHAN, March 3 (Kyronews) -- The city said it would expand.", [("Kyronews", "new:kyronews")],
                 id="dateline credit"),
    pytest.param("WUHAN, (Kyronews - Zentrix Wire / Daily Zentrix - 3rd Mar, 2024) The city said so.",
                 [("Kyronews", "new:kyronews"), ("Zentrix Wire", "new:zentrixwire"), ("Daily Zentrix", "new:dailyzentrix")],
                 id="dateline credits, several"),
    pytest.param("March 3, 2024 | Kyronews – The city said so.", [("Kyronews", "new:kyronews")], id="byline source"),
    # is not a body
    pytest.param("Kyrotek, the firm's founder said, would hire. Kyrotek is a person here.", [], id="no context, no repeat"),
    pytest.param("The Zentrix Institute (AI) opened.", [("Zentrix Institute", "new:zentrixinstitute")],
                 id="acronym of a thing in brackets"),
    pytest.param("The Zentrix Institute (UK) opened.", [("Zentrix Institute", "new:zentrixinstitute")],
                 id="place in brackets"),
    pytest.param("He moved to Wuhan, (the capital of Hubei) in 2020.", [], id="brackets after a place in a sentence"),
]


@pytest.mark.parametrize("text, organizations", REPEATS_AND_CREDITS)
def test_repeats_acronyms_and_credits(text, organizations):
    doc = policyextract.extract(text)
    assert [(m.span.text, m.entity_id) for m in doc.organizations] == organizations


@pytest.mark.parametrize("text, organizations", [
    pytest.param("Japan's Ministry of Health, Labour and Welfare (MHLW) said so.",
                 [("Ministry of Health, Labour and Welfare", "Ministry of Health, Labour and Welfare"),
                  ("MHLW", "Ministry of Health, Labour and Welfare")], id="remit that is a list"),
    pytest.param("Kyrotek Industries Ltd. said so.", [("Kyrotek Industries Ltd.", "Kyrotek Industries")],
                 id="head word and legal form: named without the form"),
    # is not one name
    pytest.param("The Ministry of Finance, Tencent and Alibaba met.",
                 [("Ministry of Finance", "Ministry of Finance"), ("Tencent", "Tencent"), ("Alibaba", "Alibaba")],
                 id="known bodies in the list"),
    pytest.param("Investors include the Bank of Korea and Kyros Ventures.",
                 [("Bank of Korea", "Bank of Korea"), ("Kyros Ventures", "Kyros Ventures")], id="no name cuts a known one"),
])
def test_names_and_lists(text, organizations):
    assert [(m.span.text, m.canonical) for m in policyextract.extract(text).organizations] == organizations


@pytest.mark.parametrize("files, entity_id, canonical", [
    pytest.param({"a.txt": "The Canadian government said it would expand.", "b.txt": "The Canadian government agreed."},
                 "new:governmentofcanada", "Government of Canada", id="government named by a demonym"),
    pytest.param({"a.txt": "Kyrotek GmbH opened an office.", "b.txt": "Kyrotek GmbH hired staff."},
                 "new:kyrotek", "Kyrotek", id="company named without its legal form"),
    pytest.param({"a.txt": "The startup Zentrix said it would expand.", "b.txt": "The startup ZENTRIX hired staff.",
                  "c.txt": "The startup Zentrix agreed."}, "new:zentrix", "Zentrix", id="written name, most frequent"),
])
def test_corpus_canonical_name_of_a_new_body(tmp_path, files, entity_id, canonical):
    result = _run_corpus(tmp_path, files)
    rows = {row["entity_id"]: row["canonical"] for row in result.entities}
    assert rows[entity_id] == canonical
