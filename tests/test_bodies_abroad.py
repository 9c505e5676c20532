"""Bodies outside China as news names them: the European Union and its institutions, ministries whose
names many countries share, ministries with "and" in their remit, companies and funds named bare or by
an acronym, and company names that are also place names. Sentences are the project's own."""

from __future__ import annotations

import pytest

BODIES = [
    pytest.param("The European Investment Bank lent €300 million to a Finnish telecom group.",
                 [("European Investment Bank", "European Investment Bank", "European Union")], id="EU lending bank, in full"),
    pytest.param("Members of the European Parliament voted on Tuesday.",
                 [("European Parliament", "European Parliament", "European Union")], id="EU parliament"),
    pytest.param("The Council of the EU adopted the rules.",
                 [("Council of the EU", "Council of the European Union", "European Union")], id="EU council by its short name"),
    pytest.param("The White House said it would fund safety research.",
                 [("White House", "White House", "United States")], id="White House"),
    pytest.param("Taiwan's Executive Yuan approved the budget.",
                 [("Executive Yuan", "Executive Yuan", "Taiwan")], id="Executive Yuan"),
    pytest.param("Temasek and GIC manage the reserves.",
                 [("Temasek", "Temasek", "Singapore"), ("GIC", "GIC", "Singapore")], id="sovereign funds named bare"),
    pytest.param("Saudi Aramco will spend more on digital projects.",
                 [("Saudi Aramco", "Saudi Aramco", "Saudi Arabia")], id="oil company named bare"),
    pytest.param("Infosys will hire more graduates.", [("Infosys", "Infosys", "India")], id="company as a subject"),
    pytest.param("Hitachi Ltd. will build a plant.", [("Hitachi Ltd.", "Hitachi", "Japan")], id="company named like a city"),
    pytest.param("Toyota Motor Corp. said sales rose.", [("Toyota Motor Corp.", "Toyota", "Japan")], id="carmaker named like a city"),
    pytest.param("KVX will invest $2 billion in a new plant.", [("KVX", "KVX", None)], id="acronym subject of will"),
    pytest.param("Later, ZRTQ said revenue rose 4%.", [("ZRTQ", "ZRTQ", None)], id="acronym subject of said"),
    pytest.param("Analysts at Kestrel expect growth to slow.", [("Kestrel", "Kestrel", None)], id="analysts at a firm"),
    pytest.param("The Ministry of Digital Affairs and Communications said it would help.",
                 [("Ministry of Digital Affairs and Communications", "Ministry of Digital Affairs and Communications", None)],
                 id="ministry with 'and' in its remit is one body"),
    pytest.param("The Ministry of Commerce and Industry said exports rose.",
                 [("Ministry of Commerce and Industry", "Ministry of Commerce and Industry", None)],
                 id="'and' after a known ministry's name joins the remit"),
    pytest.param("The Department of Ports and Shipping (DPS) said so. DPS added more.",
                 [("Department of Ports and Shipping", "Department of Ports and Shipping", None),
                  ("DPS", "Department of Ports and Shipping", None), ("DPS", "Department of Ports and Shipping", None)],
                 id="ministry acronym in brackets and bare later"),
    pytest.param("GDP will grow 5% this year.", [], id="not: a common acronym before will"),
    pytest.param("USD will weaken, traders said.", [], id="not: a currency code before will"),
    pytest.param("VAT will rise next year.", [], id="not: a tax's acronym before will"),
    pytest.param("FY25 will see faster growth.", [], id="not: a fiscal year before will"),
    pytest.param("The CEO said the plan would work.", [], id="not: a person's title before said"),
    pytest.param("The European Union's budget grew.", [], id="not: a word of a place's name"),
    pytest.param("Officials said the Economic Development Board would review it.", [],
                 id="not: a shared name only the gazetteer knows, with no country in sight"),
    pytest.param("The Kartork District Economic Development Board said so.", [],
                 id="not: a shared name inside a longer name (another body's)"),
    pytest.param("The Economic Development Board of Kartork County said so.", [],
                 id="not: a shared name whose 'of' goes on to a name that is no known place"),
]


@pytest.mark.parametrize("text, organizations", BODIES)
def test_is_a_body_or_not(extractor, text, organizations):
    doc = extractor.extract(text)
    assert [(m.span.text, m.canonical, m.jurisdiction) for m in doc.organizations] == organizations


SHARED_NAMES = [
    pytest.param("Japan's Ministry of Finance will issue bonds.", ("Ministry of Finance of Japan", "Japan"), id="possessive country"),
    pytest.param("The Saudi Ministry of Finance allocated funds.", ("Ministry of Finance of Saudi Arabia", "Saudi Arabia"), id="demonym"),
    pytest.param("The Ministry of Finance of Kenya cut taxes.", ("Ministry of Finance of Kenya", "Kenya"), id="of country"),
    pytest.param("Tokyo's Ministry of Finance sold bonds.", ("Ministry of Finance of Japan", "Japan"), id="a city's country"),
    pytest.param("China's Ministry of Commerce said exports rose.", ("Ministry of Commerce", "China"), id="China stated"),
    pytest.param("The Ministry of Commerce said exports from Shenzhen and Guangzhou rose.", ("Ministry of Commerce", "China"),
                 id="document's places in China"),
    pytest.param("The Ministry of Education said schools in Seoul and Busan would reopen.",
                 ("Ministry of Education of South Korea", "South Korea"), id="document's places in Korea"),
    pytest.param("The Ministry of Finance said it would cut taxes.", ("Ministry of Finance", None), id="no place: no country"),
    pytest.param("The Ministry of Finance sold bonds in Tokyo and Beijing.", ("Ministry of Finance", None),
                 id="two countries tie: no country"),
    pytest.param("Kenya's Ministry of Information and Communications said so.",
                 ("Ministry of Information and Communications", "Kenya"), id="a ministry the rules find"),
    pytest.param("Seoul's Ministry of Science and ICT set a goal.", ("Ministry of Science and ICT", "South Korea"),
                 id="a known ministry abroad"),
]


@pytest.mark.parametrize("text, expected", SHARED_NAMES)
def test_jurisdiction_of_a_generic_ministry(extractor, text, expected):
    first = extractor.extract(text).organizations[0]
    assert (first.canonical, first.jurisdiction) == expected


def test_a_later_bare_mention_takes_the_country_the_document_stated(extractor):
    doc = extractor.extract("Japan's Ministry of Finance will issue bonds.\n\nThe Ministry of Finance said demand was strong.")
    assert [(m.canonical, m.jurisdiction) for m in doc.organizations] == [("Ministry of Finance of Japan", "Japan")] * 2
    assert len({m.entity_id for m in doc.organizations}) == 1


PLACES = [
    pytest.param("The EU will invest €1 billion.", [("EU", "European Union", "supranational union", None)], id="EU"),
    pytest.param("The European Union's budget grew.", [("European Union", "European Union", "supranational union", None)],
                 id="European Union"),
    pytest.param("Kyrotek will build a plant in the US state of Georgia.",
                 [("US", "United States", "country", None),
                  ("US state of Georgia", "Georgia (U.S. state)", "region", "United States")], id="the U.S. state"),
    pytest.param("Georgia signed a trade deal with Armenia.",
                 [("Georgia", "Georgia", "country", None), ("Armenia", "Armenia", "country", None)], id="the country"),
    pytest.param("Kyrotek opened an office in Atlanta.", [("Atlanta", "Atlanta", "city", "Georgia (U.S. state)")],
                 id="a city of the U.S. state lies in the state, not the country"),
    pytest.param("Kobe Ltd. opened an office.", [], id="not: a city's name before a legal form"),
]


@pytest.mark.parametrize("text, places", PLACES)
def test_places_abroad(extractor, text, places):
    doc = extractor.extract(text)
    assert [(j.span.text, j.canonical, j.level, j.parent) for j in doc.jurisdictions] == places
