"""The HTML report in a real headless Chromium, driven by Selenium: sorting, filtering, evidence
navigation, entities, CSV export and hostile text are checked by clicking, as an analyst would.

The browser is the system's Chromium and chromedriver (Debian: `apt-get install chromium
chromium-driver`; `.ci/run` installs them), named explicitly, so nothing is downloaded. Without them
the tests skip with a message saying how to install them, except under CI (`CI` set), where they fail.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policyextract.registry import FAMILIES
from policyextract.rendering import highlight, record_marks
from policyextract.report import FACT_CSV, write_report

from .conftest import OUTPUTS
from .test_report import HOSTILE, write_converted_output, write_hostile_output

INSTALL = ("install Chromium, its driver and selenium to run them (Debian/Ubuntu: `sudo apt-get install chromium "
           "chromium-driver`, then `pip install -e '.[test]'`; elsewhere set PE_CHROMIUM and PE_CHROMEDRIVER to a "
           "Chrome or Chromium and the matching chromedriver)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--window-size=1400,1000")


def _executable(variable: str, *names: str) -> str | None:
    return os.environ.get(variable) or next((path for path in map(shutil.which, names) if path), None)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests; {INSTALL}")
    pytest.skip(f"{reason}: the report's browser tests need a browser; {INSTALL}")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(tmp_path_factory, downloads):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _unavailable("selenium is not installed")
    chromium = _executable("PE_CHROMIUM", "chromium", "chromium-browser", "google-chrome")
    driver_path = _executable("PE_CHROMEDRIVER", "chromedriver")
    if not chromium or not driver_path:
        _unavailable(f"no {'Chromium' if not chromium else 'chromedriver'} found")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium  # named, with the driver: Selenium Manager downloads nothing
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=Service(driver_path))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def report_page(tmp_path_factory) -> Path:
    return write_report(OUTPUTS, tmp_path_factory.mktemp("report") / "report.html")


def _rows(table: str) -> list[dict]:
    return [json.loads(line) for line in (OUTPUTS / f"{table}.jsonl").read_text(encoding="utf-8").split("\n") if line.strip()]


def open_report(browser, path: Path) -> None:
    browser.get(path.as_uri())
    assert browser.execute_script("return typeof window.peReady") == "number", "the report's script did not finish"
    assert browser.execute_script("return performance.getEntriesByType('resource').map(r=>r.name)") == []  # fetched nothing


def click(browser, selector: str, text: str | None = None) -> None:
    """Click the first element matching `selector` (and showing `text`), as a user would."""
    for element in browser.find_elements("css selector", selector):
        if text is None or element.text == text:
            browser.execute_script("arguments[0].scrollIntoView({block:'center'})", element)
            element.click()
            return
    raise AssertionError(f"nothing to click: {selector} {text or ''}")


def column(browser, grid: str, label: str, attribute: str = "textContent") -> list:
    """A column of the visible rows of a table, by its header's label: cell text or a data attribute."""
    return browser.execute_script("""
        const t=document.querySelector('#'+arguments[0]+' table'),i=[...t.tHead.rows[0].cells].findIndex(h=>h.textContent===arguments[1]);
        return [...t.tBodies[0].rows].map(r=>arguments[2]==='textContent'?r.cells[i].textContent:r.cells[i].dataset[arguments[2]] ?? null);""",
                                  grid, label, attribute)


def marked(browser) -> str:
    return browser.execute_script("return [...document.querySelectorAll('#pe-side .pe-current')].map(s=>s.textContent).join('')")


def _number(fact: dict) -> float:
    return float(next(fact[k] for k in ("value", "percentage", "count") if fact[k] is not None))


@pytest.mark.parametrize("label, key", [
    ("quantity", _number),
    ("US$", lambda f: float(f["value_usd"]) if f["value_usd"] is not None else None),
    ("sources", lambda f: float(f["sources"])),
], ids=["quantity", "usd", "sources"])
def test_sorting_a_column_sorts_its_numbers(browser, report_page, label, key):
    open_report(browser, report_page)
    values = sorted(v for v in map(key, _rows("facts")) if v is not None)
    blanks = sum(key(f) is None for f in _rows("facts"))
    click(browser, "#pe-facts th", label)
    shown = column(browser, "pe-facts", label, "value")
    assert [float(v) for v in shown[:len(values)]] == values and shown[len(values):] == [None] * blanks
    assert browser.find_element("css selector", "#pe-facts th[aria-sort]").text == label
    click(browser, "#pe-facts th", label)
    shown = column(browser, "pe-facts", label, "value")
    assert [float(v) for v in shown[:len(values)]] == values[::-1] and shown[len(values):] == [None] * blanks


@pytest.mark.parametrize("control, value, keep", [
    ("pe-type", "target", lambda f: f["type"] == "target"),
    ("pe-actor", "jiangning", lambda f: "jiangning" in (f["actor"] or "").lower()),
    ("pe-year", "2025", lambda f: (f["deadline"] or "").startswith("2025")),
    ("pe-search", "billion", lambda f: "billion" in f["evidence"].lower()),
], ids=["type", "actor", "deadline-year", "evidence"])
def test_filtering_the_facts(browser, report_page, control, value, keep):
    from selenium.webdriver.support.ui import Select

    open_report(browser, report_page)
    element = browser.find_element("id", control)
    if element.tag_name == "select":
        Select(element).select_by_value(value)
    else:
        element.send_keys(value)
    expected = [f["evidence"] for f in _rows("facts") if keep(f)]
    assert 0 < len(expected) < len(_rows("facts"))
    assert sorted(column(browser, "pe-facts", "evidence sentence")) == sorted(expected)


def test_an_evidence_link_opens_its_document_at_the_sentence(browser, report_page, tmp_path):
    open_report(browser, report_page)
    largest = max((f for f in _rows("facts") if f["value_usd"]), key=lambda f: float(f["value_usd"]))
    click(browser, "#pe-facts th", "US$")
    click(browser, "#pe-facts th", "US$")
    click(browser, "#pe-facts a[data-fact]", "evidence")
    assert marked(browser) == largest["evidence"]
    top, bottom = browser.execute_script("const r=document.querySelector('#pe-side .pe-current').getBoundingClientRect();"
                                         "return [r.top,r.bottom]")
    assert 0 <= top and bottom <= browser.execute_script("return innerHeight")  # scrolled into view
    screenshot = tmp_path / "report-evidence.png"
    browser.save_screenshot(str(screenshot))
    print(f"screenshot of the report: {screenshot}")


def test_summary_links_open_the_evidence(browser, report_page):
    open_report(browser, report_page)
    link = browser.find_element("css selector", "#pe-summary a[data-fact]")
    facts = _rows("facts")
    fact = facts[int(link.get_attribute("data-fact"))]
    click(browser, "#pe-summary a[data-fact]")
    assert marked(browser) == fact["evidence"]


class Segments(HTMLParser):
    """rendering.highlight's output as segments: text, classes, start offset, tooltip."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[list] = []
        self._span: dict | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self._span = dict(attrs)

    def handle_endtag(self, tag):
        if tag == "span":
            self._span = None

    def handle_data(self, data):
        s = self._span or {}
        self.segments.append([data, s.get("class", ""), s.get("data-s"), s.get("title", "")])


def test_documents_are_highlighted_as_rendering_highlights_them(browser, report_page):
    open_report(browser, report_page)
    records = {f.name: {} for f in FAMILIES}
    for f in FAMILIES:
        for row in _rows(f.table):
            records[f.name].setdefault(row["doc_id"], []).append(row)
    documents = _rows("documents")
    for i, d in enumerate(documents):
        click(browser, "#pe-docs a[data-doc]", d["doc_id"])
        shown = browser.execute_script("""return [...document.querySelector('#pe-side .pe-doc').childNodes].map(n=>
            n.nodeType===3?[n.textContent,'',null,'']:[n.textContent,n.className,n.dataset.s,n.title])""")
        text = (OUTPUTS.parent / d["source"]).read_text(encoding="utf-8")
        parser = Segments()
        parser.feed(highlight(text, d["start"], d["end"], record_marks({name: rows.get(d["doc_id"], [])
                                                                        for name, rows in records.items()})))
        assert shown == parser.segments, d["doc_id"]


def test_an_entity_shows_its_timeline_mentions_and_facts(browser, report_page):
    open_report(browser, report_page)
    entity = next(e for e in _rows("entities") if e["canonical"] == "Jiangning District")
    own = [f for f in _rows("facts") if f["actor_id"] == entity["entity_id"]]
    browser.find_element("id", "pe-entity-search").send_keys("Jiangning")
    click(browser, "#pe-entities a[data-entity]", "Jiangning District")
    assert len(browser.find_elements("css selector", "#pe-side .pe-timeline li")) == len(own) > 1
    mentions = browser.find_elements("css selector", "#pe-side a[data-mention]")
    assert len(mentions) == entity["mentions"]
    text = mentions[0].text
    click(browser, "#pe-side a[data-mention]")
    assert marked(browser) == text
    click(browser, "#pe-entities a[data-entity]", "Jiangning District")
    click(browser, "#pe-side-body button", "show only its facts in the facts table")
    assert column(browser, "pe-facts", "actor") == ["Jiangning District"] * len(own)


def test_paging_and_sorting_the_entities(browser, report_page):
    open_report(browser, report_page)
    entities = _rows("entities")
    assert len(column(browser, "pe-entities", "entity")) == 50 < len(entities)
    click(browser, "#pe-entities th", "mentions")
    click(browser, "#pe-entities th", "mentions")
    assert float(column(browser, "pe-entities", "mentions", "value")[0]) == max(e["mentions"] for e in entities)
    click(browser, "#pe-entities .pe-pager button", "next ▶")
    assert browser.find_element("css selector", "#pe-entities .pe-pager span").text == f"rows 51–{len(entities)} of {len(entities)}"


def _download(downloads: Path, browser, selector: str) -> list[dict]:
    for old in downloads.glob("*"):
        old.unlink()
    click(browser, selector)
    deadline = time.monotonic() + 10
    while not (path := downloads / "facts.csv").is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert path.is_file(), f"no CSV downloaded to {downloads}"
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_csv_export_holds_the_filtered_facts(browser, report_page, downloads):
    from selenium.webdriver.support.ui import Select

    open_report(browser, report_page)
    Select(browser.find_element("id", "pe-type")).select_by_value("target")
    rows = _download(downloads, browser, "#pe-csv")
    targets = [f for f in _rows("facts") if f["type"] == "target"]
    assert list(rows[0]) == list(FACT_CSV)
    assert [(r["actor"], r["metric"], r["value"], r["count"], r["deadline"], r["evidence"]) for r in rows] == [
        (f["actor"] or "", f["metric"], f["value"] or "", f["count"] or "", f["deadline"] or "", f["evidence"]) for f in targets]


def test_hostile_text_stays_text(browser, tmp_path, downloads):
    page = write_report(write_hostile_output(tmp_path), tmp_path / "hostile.html")
    open_report(browser, page)
    for selector in ("#pe-docs a[data-doc]", "#pe-entities a[data-entity]", "#pe-facts a[data-fact]"):
        for i in range(len(browser.find_elements("css selector", selector))):
            browser.execute_script("document.querySelectorAll(arguments[0])[arguments[1]].click()", selector, i)
    assert browser.execute_script("return window.pwned") is None
    assert HOSTILE in browser.find_element("id", "pe-failures").text
    click(browser, "#pe-docs a[data-doc]")
    assert HOSTILE in browser.find_element("id", "pe-side").text
    rows = _download(downloads, browser, "#pe-csv")
    assert rows and all(r["actor"] == "'=HYPERLINK(1)" + HOSTILE and r["metric"] == HOSTILE for r in rows)


def test_converted_money_is_marked(browser, tmp_path):
    page = write_report(write_converted_output(tmp_path / "outputs"), tmp_path / "converted.html")
    open_report(browser, page)
    browser.find_element("id", "pe-search").send_keys("150 billion yuan")
    cell = browser.find_element("css selector", "#pe-facts td.pe-num[data-value]:not([data-value='150000000000'])")
    assert cell.text == "≈ 21,428,571,428.57"
    assert cell.get_attribute("title") == "converted by the yearly rate table of 2024"
