"""Rendering and the HTML report, checked by parsing the HTML they produce."""

from __future__ import annotations

import csv
import hashlib
import html
import json
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import policyextract
from policyextract.cli import main
from policyextract.registry import FAMILIES
from policyextract.rendering import document_marks, highlight
from policyextract.report import Money, bar_chart, build_report, embed_json, money_caption, money_facts, money_totals, summary

from .conftest import CORPUS, OUTPUTS


class Segments(HTMLParser):
    """The text of a highlighted document, and the classes of each stretch of it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[tuple[str, set[str]]] = []
        self._classes: list[set[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "span":
            self._classes.append(set((dict(attrs).get("class") or "").split()))

    def handle_endtag(self, tag):
        if tag == "span" and self._classes:
            self._classes.pop()

    def handle_data(self, data):
        self.pieces.append((data, self._classes[-1] if self._classes else set()))


def test_rendering_highlights_every_record_of_every_seed_document():
    for path in sorted(CORPUS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        document = policyextract.extract(text, doc_id=path.stem)
        for d in (document, *document.related):
            parser = Segments()
            parser.feed(highlight(d.text, d.start, d.end, document_marks(d)))
            assert "".join(p for p, _ in parser.pieces) == text[d.start:d.end]  # escaped, and nothing lost
            offsets, pos = [], d.start
            for piece, classes in parser.pieces:
                offsets.append((pos, pos + len(piece), classes))
                pos += len(piece)
            for mark in document_marks(d):
                covered = "".join(text[s:e] for s, e, classes in offsets
                                  if f"pe-{mark.family}" in classes and mark.start <= s and e <= mark.end)
                assert covered == text[mark.start:mark.end], (path.name, mark)


def test_rendering_escapes_article_text():
    text = 'The <script>alert("x")</script> fund got $5 million & more.'
    rendered = policyextract.extract(text)._repr_html_()
    assert "<script>" not in rendered
    assert html.escape("<script>") in rendered


HOSTILE = """</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"><!-- ' " &amp;"""


def write_hostile_output(folder: Path) -> Path:
    """An output folder whose every text (article, file name, metadata, entity and fact names, a
    failure) carries HOSTILE: a real run over an article that contains it, then its rows poisoned."""
    corpus = folder / "corpus"
    corpus.mkdir()
    name = '<b>evil<img src=x onerror=window.pwned=3> "quote" & \'x\'.txt'  # no "/": a path separator
    (corpus / name).write_text(
        f"Lab funds for 2025\n\nThe Ministry of Science and Technology pledged 5 million yuan ($700,000) in 2025 to "
        f"city labs {HOSTILE}.\n\nShenzhen aims to reach 1,000 robotics firms by 2027.\n", encoding="utf-8")
    with (corpus / "metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["file", "title", "url", "published"], [name, HOSTILE, "", "2024-03-01"]])
    out = folder / "out"
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output

    def poison(table: str, change) -> None:
        path = out / f"{table}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        path.write_text("".join(json.dumps(change(r)) + "\n" for r in rows), encoding="utf-8")

    poison("facts", lambda r: {**r, "actor": "=HYPERLINK(1)" + HOSTILE, "metric": HOSTILE, "fx_source": HOSTILE})
    poison("entities", lambda r: {**r, "canonical": r["canonical"] + HOSTILE, "aliases": [*r["aliases"], HOSTILE],
                                  "type": HOSTILE})
    with (out / "failures.jsonl").open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"source": HOSTILE, "error": HOSTILE, "reason": HOSTILE}) + "\n")
    return rehashed(out)


def rehashed(folder: Path) -> Path:
    """The folder with its manifest listing the tables as they are now (the report refuses tables
    that are not the ones the run wrote, and these tests edit them on purpose)."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"] = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.jsonl"))}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data):
        if self.lasttag == "script" and self.scripts and not self.scripts[-1][1]:
            self.scripts[-1] = (self.scripts[-1][0], data)


def page_data(page: str) -> tuple[dict, list[dict], Tags]:
    """The report's embedded data, its document chunks, and its tags."""
    tags = Tags()
    tags.feed(page)
    data = [json.loads(text) for attrs, text in tags.scripts if attrs.get("type") == "application/json"]
    return data[0], data[1:], tags


@pytest.fixture(scope="module")
def report_html() -> str:
    return build_report(OUTPUTS)


@pytest.fixture(scope="module")
def hostile_html(tmp_path_factory) -> str:
    return build_report(write_hostile_output(tmp_path_factory.mktemp("hostile")))


def test_report_of_the_cli_is_written(tmp_path):
    result = CliRunner().invoke(main, ["report", str(OUTPUTS), "-o", str(tmp_path / "r.html")], catch_exceptions=False)
    assert result.exit_code == 0 and (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_is_self_contained(report_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report_html)
    assert "@import" not in report_html and "url(" not in report_html
    _, chunks, tags = page_data(report_html)
    scripts = [attrs for attrs, _ in tags.scripts]
    # one script of its own, no src; the rest is data
    assert scripts.count({}) == 1 and all(a == {} or a.get("type") == "application/json" for a in scripts)
    assert len(chunks) == 1  # 11 documents: one chunk


def test_report_links_every_fact_to_its_evidence_sentence(report_html):
    data, chunks, _ = page_data(report_html)
    fields = data["facts"]["fields"]
    facts = [dict(zip(fields, row)) for row in data["facts"]["rows"]]
    docs = [d for chunk in chunks for d in chunk["docs"]]
    expected = [json.loads(line) for line in (OUTPUTS / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(facts) == len(expected) == 21
    for fact, row in zip(facts, expected):
        start, text, _ = docs[fact["doc"]]
        assert text[fact["start"] - start:fact["end"] - start] == row["evidence"] == fact["evidence"]


def test_report_marks_are_the_records_of_each_document(report_html):
    data, chunks, _ = page_data(report_html)
    docs, labels = chunks[0]["docs"], chunks[0]["labels"]
    counts = dict(zip(data["docs"]["fields"], zip(*data["docs"]["rows"])))
    for i, (start, text, marks) in enumerate(docs):
        by_kind = Counter(data["kinds"][kind] for _, _, kind, _ in marks)
        for family in FAMILIES:
            assert by_kind[family.kind] == counts[family.name][i], (i, family.name)
        for s, e, kind, label in marks:
            assert 0 <= s - start < e - start <= len(text) and labels[label]


def test_report_has_summary_charts_and_tables(report_html):
    data, _, _ = page_data(report_html)
    assert report_html.count("<svg") == 4
    for title in ("Money committed by jurisdiction", "Money committed by type", "Money committed by year reported",
                  "Targets by deadline year"):
        assert title in report_html
    summary = re.sub(r"<[^>]+>", "", report_html.split('<section id="pe-summary">')[1].split("</section>")[0])
    assert summary.startswith("11 documents in 5 files report 21 facts")
    assert "The largest commitments: Jiangning District: CNY 8,100,000,000" in summary
    assert "Targets by deadline year: 2025: 5" in summary and "Every file was read." in summary
    docs = [row[0] for row in data["docs"]["rows"]]
    for doc_id in ("nanjing-metaverse", "nanjing-metaverse#4", "miit-metaverse-working-group#3", "beijing-web3-whitepaper"):
        assert doc_id in docs
    assert any("ChainMaker | Chang’An Chain" in row for row in data["entities"]["rows"])


def write_converted_output(folder: Path) -> Path:
    """The seed outputs as the fact table writes them with a rate table: every money fact without a
    stated US$ value converted (`fx_source` "table:<year>"), the others "stated"; the fund's stated
    conversion dropped first, so that a commitment is converted."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in OUTPUTS.glob("*.jsonl"):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        if path.stem == "facts":
            rows = [r | {"value_usd": None} if r["type"] == "fund" or (r["fx_source"] or "").startswith("table:") else r
                    for r in rows]
            rows = [r | ({"value_usd": str(Decimal(r["value"]) / 7), "fx_source": "table:2024"} if r["value"] and not r["value_usd"]
                         else {"fx_source": "stated" if r["value_usd"] else None}) for r in rows]
        (folder / path.name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (folder / "manifest.json").write_bytes((OUTPUTS / "manifest.json").read_bytes())
    return rehashed(folder)


def test_report_charts_money_converted_by_a_rate_table(tmp_path):
    page = build_report(write_converted_output(tmp_path / "outputs"))
    data, _, _ = page_data(page)
    fields = data["facts"]["fields"]
    facts = [dict(zip(fields, row)) for row in data["facts"]["rows"]]
    converted = [f for f in facts if f["fx_source"] == "table:2024"]
    assert sorted((f["type"], f["currency"], f["usd"]) for f in converted) == [("fund", "CNY", 150e6 / 7),
                                                                               ("target", "CNY", 150e9 / 7)]
    caption = re.search(r"<p>(4 commitments.*?)</p>", page).group(1)
    assert caption == ("4 commitments, US$1.3 billion in all: 98% of it in US$ the articles state (dark), 2% converted "
                       "from other currencies by the yearly rate table (2024) (light).")
    assert all(f["fx_source"] == "stated" for f in facts if f["usd"] is not None and f not in converted)


def test_report_escapes_every_text(hostile_html):
    data, chunks, tags = page_data(hostile_html)
    assert {tag for tag, _ in tags.tags} <= {"html", "head", "meta", "title", "style", "body", "main", "section", "p", "a", "h1",
                                             "h2", "div", "svg", "text", "rect", "g", "circle", "line", "select", "option",
                                             "input", "span", "button", "aside", "script", "b"}
    assert not any(tag == "img" or "onerror" in attrs for tag, attrs in tags.tags)
    assert sum(1 for attrs, _ in tags.scripts if attrs == {}) == 1
    text = json.dumps([data, chunks])
    assert json.dumps(HOSTILE)[1:-1] in text  # every hostile string read back intact
    assert data["failures"]["rows"] == [[HOSTILE, HOSTILE, HOSTILE]]
    assert any(HOSTILE in d[1] for chunk in chunks for d in chunk["docs"])
    for attrs, script in tags.scripts:
        if attrs:
            assert "<" not in script  # nothing in the data can close its element
    assert "<script>window" not in hostile_html and html.escape(HOSTILE) in hostile_html  # in the summary, as text


@pytest.mark.parametrize("value, expected", [
    ("</script>", '"\\u003c/script\\u003e"'),
    ("<!--", '"\\u003c!--"'),
    ("a & b", '"a \\u0026 b"'),
    ("line\u2028sep", '"line\\u2028sep"'),
    ("plain “quotes” 元", '"plain “quotes” 元"'),
], ids=["script-end", "comment", "ampersand", "line-separator", "unicode-kept"])
def test_embed_json_escapes_what_could_end_the_script(value, expected):
    assert embed_json(value) == expected and json.loads(embed_json(value)) == value


def _fact(i, type_="funding", actor="Shenzhen", actor_id="place.shenzhen", usd=None, fx=None, value="1", docs=("a",)):
    row = {"type": type_, "actor": actor, "actor_id": actor_id, "metric": "funding", "value": value, "currency": "CNY",
           "value_usd": usd, "percentage": None, "count": None, "unit": None, "deadline": None, "documents": list(docs)}
    return row | ({"fx_source": fx} if fx is not None else {})


@pytest.mark.parametrize("fact, expected", [
    (_fact(0, usd="5000000"), Money(0, "Shenzhen", "funding", "2023", 5e6, "stated")),
    (_fact(0, usd="7", fx="table:2023"), Money(0, "Shenzhen", "funding", "2023", 7.0, "table:2023")),
    (_fact(0, usd="7", fx=""), Money(0, "Shenzhen", "funding", "2023", 7.0, "stated")),
    (_fact(0, actor="Tencent", actor_id="org.tencent", usd="2", docs=("b", "a")),
     Money(0, "China", "funding", "2023", 2.0, "stated")),
    (_fact(0, actor="Someone", actor_id="new:someone", usd="2", docs=("b",)),
     Money(0, "(not stated)", "funding", "(not stated)", 2.0, "stated")),
    (_fact(0, type_="target", usd="2"), None),
    (_fact(0, type_="financial_figure", usd="2"), None),
], ids=["stated", "rate-table", "empty-source-is-stated", "org-jurisdiction-and-first-dated-document",
        "nothing-known", "target-is-not-committed", "figure-is-not-committed"])
def test_money_facts(fact, expected):
    money, missing = money_facts([fact], {"Shenzhen"}, {"org.tencent": "China"}, {"a": 2023, "b": None})
    assert money == ([expected] if expected else []) and missing == 0


def test_money_facts_counts_commitments_without_usd():
    assert money_facts([_fact(0), _fact(1, usd="3")], set(), {}, {}) == (
        [Money(1, "(not stated)", "funding", "(not stated)", 3.0, "stated")], 1)


@pytest.mark.parametrize("money, key, expected", [
    ([], "type", {}),
    ([Money(0, "A", "fund", "2024", 1.0, "stated"), Money(1, "B", "fund", "2024", 2.0, "rates")], "type",
     {"fund": (1.0, 2.0)}),
    ([Money(0, "A", "fund", "2024", 1.0, "stated"), Money(1, "B", "fund", "2023", 2.0, "rates")], "year",
     {"2024": (1.0, 0.0), "2023": (0.0, 2.0)}),
], ids=["empty", "stated-and-converted", "by-year"])
def test_money_totals(money, key, expected):
    assert money_totals(money, key) == expected


@pytest.mark.parametrize("money, missing, expected", [
    ([Money(0, "A", "fund", "2024", 3e9, "stated"), Money(1, "B", "fund", "2024", 0.5e9, "table:2024"),
      Money(2, "B", "fund", "2023", 0.5e9, "table:2023")], 2,
     "3 commitments, US$4.0 billion in all: 75% of it in US$ the articles state (dark), 25% converted from other "
     "currencies by the yearly rate table (2023, 2024) (light). 2 commitments without a US$ value are left out."),
    ([Money(0, "A", "fund", "2024", 5e6, "stated")], 0, "1 commitment, US$5.0 million in all: all of it in US$ the articles state."),
    ([], 3, "No committed amount has a US$ value (3 without one)."),
], ids=["mixed", "all-stated", "none"])
def test_money_caption(money, missing, expected):
    assert re.sub(r"<[^>]+>", "", money_caption(money, missing)) == expected


def test_bar_chart_escapes_labels_and_stacks_stated_and_converted():
    svg = bar_chart("<t>", {"<b>": (3.0, 1.0), "x": (0.0, 2.0)})
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&lt;t&gt;" in svg
    widths = [float(w) for w in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert widths[0] == 3 * widths[1] and widths[2] == 0 and widths[3] == 2 * widths[1]


@pytest.mark.parametrize("facts, failures, expected", [
    ([], [], ["0 documents in 0 files report 0 facts.", "Every file was read."]),
    ([_fact(0, usd="9000000", actor="Shenzhen", docs=("a",)),
      _fact(1, type_="target", actor="Shenzhen") | {"deadline": "2027-12-31", "metric": "robotics firms", "value": None,
                                                      "count": "1000", "unit": "firms"}],
     [{"source": "x.pdf", "error": "unreadable", "reason": "not text"}],
     ["0 documents in 0 files report 2 facts (1 funding, 1 target).",
      "The largest commitments: Shenzhen: CNY 1 (US$9.0 million; funding, 2023).",
      "Targets by deadline year: 2027: 1 (Shenzhen: robotics firms 1,000 firms).",
      "The most active bodies: Shenzhen (2 facts in 1 document).",
      "1 file could not be read (1 unreadable): x.pdf (not text)."]),
], ids=["empty", "one-of-each"])
def test_summary(facts, failures, expected):
    money, _ = money_facts(facts, {"Shenzhen"}, {}, {"a": 2023})
    html_text = summary([], facts, money, {"place.shenzhen": 0}, failures)
    assert [re.sub(r"<[^>]+>", "", p) for p in re.findall(r"<p>(.*?)</p>", html_text)] == expected
    if facts:
        assert '<a href="#" data-entity="0">Shenzhen</a>' in html_text and 'data-fact="0"' in html_text


def test_report_of_a_folder_without_outputs_is_a_clear_error(tmp_path):
    with pytest.raises(policyextract.OutputError, match="holds no outputs"):
        build_report(tmp_path)
