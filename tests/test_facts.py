"""Facts: cue rules (type and status) and actor resolution, one sentence or short text per row.

Sentences are written the way policy news states goals, pledges, investments and funds; the expected
values are what a careful reader notes (type, status, actor, quantity, time), written by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

import policyextract

PUBLISHED = date(2024, 1, 20)


def facts_of(text: str) -> list[tuple]:
    document = policyextract.extract(text, published=PUBLISHED)
    return [(f.type, f.status, f.actor, f.quantity_span.text, f.time_span.text if f.time_span else None)
            for f in document.facts]


# (text, [(type, status, actor, quantity, time)])
CUE_RULES = [
    # --- targets ----------------------------------------------------------------------------------
    ("Shenzhen aims to attract 500 blockchain companies by 2026.",
     [("target", "target", "Shenzhen", "500 blockchain companies", "by 2026")]),
    ("Hangzhou set the target of a metaverse industry with annual revenue of 100 billion yuan by the end of 2025.",
     [("target", "target", "Hangzhou", "100 billion yuan", "by the end of 2025")]),
    ("Chengdu plans to train 20,000 AI professionals over the next three years.",
     [("target", "planned", "Chengdu", "20,000 AI professionals", "over the next three years")]),
    ("Shandong has plans to achieve a market size of 150 billion yuan by 2025.",
     [("target", "planned", "Shandong", "150 billion yuan", "by 2025")]),
    # --- money committed ------------------------------------------------------------------------
    ("The Ministry of Finance pledged to allocate 2 billion yuan to blockchain pilots.",
     [("funding", "announced", "Ministry of Finance", "2 billion yuan", None)]),
    ("Guangdong established a 300 million yuan ($42 million) fund for Web3 startups in May.",
     [("fund", "announced", "Guangdong", "300 million yuan", "May")]),
    ("Tencent invested $500 million in the new data centre.",
     [("investment", "announced", "Tencent", "$500 million", None)]),
    ("The 20 projects represent a total investment of 8 billion yuan.",
     [("investment", "announced", None, "8 billion yuan", None)]),
    # --- other stated figures -------------------------------------------------------------------
    ("Binance agreed to a $4.3 billion settlement with the U.S. Department of Justice.",
     [("financial_figure", "announced", "Binance", "$4.3 billion", None)]),
    ("Analysts at JPMorgan expect the market to reach $1 trillion.",
     [("financial_figure", "forecast", None, "$1 trillion", None)]),  # the forecaster is the source, no actor
    ("The market cap of listed miners has fallen by 25% since March.",
     [("financial_figure", "achieved", None, "25%", "since March")]),
    # --- counts without a goal or result are no facts ---------------------------------------------
    ("The 14 listed miners met in Beijing.", []),
]


@pytest.mark.parametrize("text, expected", CUE_RULES, ids=[t[:40] for t, _ in CUE_RULES])
def test_facts_cue_rules(text, expected):
    assert facts_of(text) == expected


# Actor resolution through references to bodies named before.
ACTORS = [
    ("Nanjing City’s Jiangning district unveiled a plan. The district aims to attract 200 metaverse companies.",
     "Jiangning District"),
    ("Zhengzhou is a metaverse hub. The city will invest 1 billion yuan in computing.", "Zhengzhou"),
    ("Henan Province published rules. The province set up a 150 million yuan fund.", "Henan"),
    ("Nexo faced charges. Subsequently, the company pursued $3 billion in damages.", "Nexo"),
    ("Jiangning published a roadmap. Additionally, the plan outlines the establishment of 50 research centers.",
     "Jiangning District"),
    ("The Securities and Futures Commission met Nexo. Later the company paid a $45 million settlement.", "Nexo"),
    ("Earlier in May, the province of Henan established a $21.7 million fund.", "Henan"),
]


@pytest.mark.parametrize("text, actor", ACTORS, ids=[t[:40] for t, _ in ACTORS])
def test_facts_actor_resolution(text, actor):
    facts = policyextract.extract(text, published=PUBLISHED).facts
    assert [f.actor for f in facts] == [actor]


def test_facts_merge_across_documents(tmp_path):
    (tmp_path / "a.txt").write_text("Henan Province established a 150 million yuan ($21.7 million) fund in May.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("The province of Henan set up a $21.7 million fund last year.", encoding="utf-8")
    (tmp_path / "c.txt").write_text("Sichuan set up a $21.7 million fund.", encoding="utf-8")
    facts = policyextract.extract_corpus(tmp_path).facts
    assert sorted((f["actor"], f["type"], f["sources"], f["documents"]) for f in facts) == [
        ("Henan", "fund", 2, ["a", "b"]), ("Sichuan", "fund", 1, ["c"])]
