"""Segmenting: page furniture out, related-article teasers split into documents, offsets untouched."""

from __future__ import annotations

import pytest

from policyextract.patterns import load_patterns
from policyextract.segmenting import Segmenter

from .conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(load_patterns(ROOT / "patterns").furniture)


def parts(segmenter, text):
    return [
        (d.part, text[d.title[0]:d.title[1]] if d.title else None, text[d.dateline[0]:d.dateline[1]] if d.dateline else None)
        for d in segmenter.segment(text)
    ]


# Titles and datelines read off the seed files by hand.
SEEDS = {
    "nanjing-metaverse.txt": [
        (1, "China Sees Further Metaverse Development Through Nanjing City Initiative", "June 12, 2023, 11:47 PM"),
        (2, "Nexo gets on regulatory ladder in Dubai with initial approval", "Mar 06, 2024"),
        (3, "Busan signs MOU with BDX Consortium to launch Busan Digital Asset Exchange", "Feb 22, 2024"),
        (4, "Hong Kong gearing up to give crypto derivatives the go-ahead", "Jun 06, 2025"),
    ],
    "miit-metaverse-working-group.txt": [
        (1, "China establishes metaverse working group with Chinese tech giants", "January 20, 2024, 10:30 AM"),
        (2, "Hong Kong Adapts Crypto Regulations to Broaden Market Access", "Oct 24, 2023"),
        (3, "Bitdeer pivots amid onset of Trump’s tariff war", "Apr 16, 2025"),
        (4, "NH Bank Establishes Consortium to Build Security Token Ecosystem", "Apr 11, 2023"),
    ],
    "beijing-web3-whitepaper.txt": [
        (1, "China’s Blueprint for Web3 Innovation: Key Focus Areas and Funding Endeavors", None),
    ],
    "beijing-blockchain-research-center.txt": [(1, None, None)],  # opens with summary bullets, no headline
    "china-belt-and-road-blockchain.txt": [
        (1, "China intensifies efforts to establish comprehensive blockchain network: Here's why", None),
    ],
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_segmenting_seed_files(segmenter, name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    assert parts(segmenter, text) == SEEDS[name]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_segmenting_blocks_hold_no_furniture(segmenter, name):
    text = (CORPUS / name).read_text(encoding="utf-8")
    content = "\n".join(text[s:e] for d in segmenter.segment(text) for s, e in d.blocks)
    for furniture in ("Photo by", "More to Read", "View All", "Policy & Regulation·", "© 2023", "https://", "\nnews\n", "Loading"):
        assert furniture not in content


def test_segmenting_cuts_glued_photo_credit(segmenter):
    text = "Title line\n\nThe firm grew.Photo by Jane Doe on UnsplashLending rulesThe approval came.\n"
    [doc] = segmenter.segment(text)
    assert [text[s:e] for s, e in doc.blocks] == ["Title line", "The firm grew.", "Lending rulesThe approval came."]


def test_segmenting_teasers_without_section_labels(segmenter):
    text = "Main title\n\nBody of the article.\n\nRelated Articles\n\nMar 06, 2024\n\nTeaser one\n\nIts text.\n\nApr 1, 2024\n\nTeaser two\n"
    assert parts(segmenter, text) == [(1, "Main title", None), (2, "Teaser one", "Mar 06, 2024"), (3, "Teaser two", "Apr 1, 2024")]


def test_segmenting_crlf_offsets(segmenter):
    text = "Top\r\n\r\nHeadline here\r\n\r\nPolicy·June 12, 2023\r\n\r\nIt pledged 5 million yuan.\r\n"
    [doc] = segmenter.segment(text)
    assert text[doc.title[0]:doc.title[1]] == "Headline here"
    assert text[doc.dateline[0]:doc.dateline[1]] == "June 12, 2023"
    assert [text[s:e] for s, e in doc.blocks] == ["Headline here", "It pledged 5 million yuan."]


@pytest.mark.parametrize("text", ["", "   \n\n", "Top\n\nnews\nLoading\n"], ids=["empty", "blank", "furniture-only"])
def test_segmenting_empty_documents(segmenter, text):
    [doc] = segmenter.segment(text)
    assert (doc.start, doc.end, doc.blocks, doc.title) == (0, len(text), [], None)
