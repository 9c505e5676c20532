"""Frames: fixed columns and Arrow dtypes for every table, from documents and from corpus results."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

import policyextract
from policyextract.frames import frame_columns

from .conftest import CORPUS

TEXT = "The city pledged 100 million yuan (approximately $14 million) annually, up 25% on last year."


def test_frames_document_amounts_columns_and_values():
    frame = policyextract.extract(TEXT, doc_id="d").to_frame("amounts")
    assert list(frame.columns) == frame_columns("amounts")
    assert frame["value_exact"].tolist() == [Decimal("100000000"), Decimal("14000000")]
    assert frame["value"].tolist() == [100000000.0, 14000000.0]
    assert frame["currency"].tolist() == ["CNY", "USD"]
    assert frame["equivalent"].tolist() == ["d:amount:49-60", "d:amount:17-33"]
    assert str(frame["value_exact"].dtype) == "decimal128(38, 10)[pyarrow]"
    assert str(frame["value"].dtype) == "double[pyarrow]"
    assert frame["value"].describe()["max"] == 100000000.0
    assert frame["value_exact"].sum() == Decimal("114000000")
    assert str(frame["start"].dtype) == "int64[pyarrow]"
    assert str(frame["approximate"].dtype) == "bool[pyarrow]"


def test_frames_percentages_and_unknown_kind():
    document = policyextract.extract(TEXT, doc_id="d")
    assert document.to_frame("percentages")["value_exact"].tolist() == [Decimal(25)]
    assert document.to_frame("dates")["text"].tolist() == ["last year"]
    with pytest.raises(ValueError, match="unknown record kind 'widgets'"):
        document.to_frame("widgets")


def test_frames_corpus_result_has_every_table():
    frames = policyextract.extract_corpus(CORPUS).to_frames()
    assert sorted(frames) == ["amounts", "dates", "documents", "entities", "fact_mentions", "facts", "failures",
                              "jurisdictions", "organizations", "percentages"]
    for kind, frame in frames.items():
        assert list(frame.columns) == frame_columns(kind)
        assert all(isinstance(dtype, pd.ArrowDtype) for dtype in frame.dtypes)
    documents = frames["documents"]
    assert len(documents) == 11
    assert documents.loc[documents["doc_id"] == "nanjing-metaverse", "published"].astype(str).tolist() == ["2023-06-12"]
    assert frames["amounts"].groupby("currency").size().to_dict() == {"CNY": 8, "USD": 15}
    assert (documents["published_source"] == "dateline").sum() == 6
    assert str(frames["dates"]["date_start"].dtype) == "date32[day][pyarrow]"
    assert len(frames["dates"]) == 64
    entities = frames["entities"].set_index("entity_id")
    assert len(entities) == 94
    assert list(entities.loc["org.chainmaker", "aliases"]) == ["ChainMaker", "Chang’An Chain"]
    assert entities.loc["org.ministry_of_industry_and_information_technology", "mentions"] == 5
    assert entities.loc["place.jiangning_district", ["level", "parent"]].tolist() == ["district", "Nanjing"]
    facts = frames["facts"]
    assert len(facts) == 21 and facts["sources"].sum() == 22
    henan = facts[facts["actor"] == "Henan"]
    assert henan[["type", "sources", "value_usd_exact"]].astype(str).values.tolist() == [["fund", "2", "21700000.0000000000"]]
    assert henan["value_usd"].tolist() == [21700000.0]
