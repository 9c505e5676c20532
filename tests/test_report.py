"""Rendering and the HTML report, checked by parsing the HTML they produce."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

import policyextract
from policyextract.cli import main
from policyextract.rendering import document_marks, highlight
from policyextract.report import build_report

from .conftest import CORPUS


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


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("run")
    CliRunner().invoke(main, ["run", str(CORPUS), "--out", str(out)], catch_exceptions=False)
    result = CliRunner().invoke(main, ["report", str(out), "-o", str(out / "r.html")], catch_exceptions=False)
    assert result.exit_code == 0
    return (out / "r.html").read_text(encoding="utf-8")


def test_report_is_self_contained(report_html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", report_html)
    assert "@import" not in report_html and "url(" not in report_html
    assert report_html.count("<script>") == 1  # its own inline script, article text escaped


def test_report_links_every_fact_to_its_evidence(report_html):
    links = set(re.findall(r'<a href="#([^"]+)">evidence</a>', report_html))
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', report_html))
    assert len(links) == 21 and links <= anchors


def test_report_has_charts_tables_and_every_document(report_html):
    assert report_html.count("<svg") == 3
    assert "Money committed by jurisdiction" in report_html and "Targets by deadline year" in report_html
    for doc_id in ("nanjing-metaverse", "nanjing-metaverse#4", "miit-metaverse-working-group#3", "beijing-web3-whitepaper"):
        assert f'id="doc-{doc_id}"' in report_html
    assert "Jiangning District: companies" in report_html or "Jiangning District: metaverse companies" in report_html
    assert "ChainMaker | Chang’An Chain" in report_html


def test_report_of_a_folder_without_outputs_is_a_clear_error(tmp_path):
    with pytest.raises(policyextract.OutputError, match="holds no outputs"):
        build_report(tmp_path)


@pytest.mark.parametrize("family, label, expected", [
    ("amounts", "AMOUNT", ["100 million yuan", "$14 million"]),
    ("dates", "DATE", ["until 2025"]),
    ("organizations", "ORG", ["Ministry of Industry and Information Technology", "MIIT"]),
    ("jurisdictions", "GPE", ["Beijing"]),
    ("facts", "FACT", ["The Ministry of Industry and Information Technology (MIIT) pledged 100 million yuan "
                       "(approximately $14 million) annually until 2025 to Beijing projects."]),
])
def test_spacy_components_write_spans_for_displacy(family, label, expected):
    import spacy
    from spacy import displacy

    nlp = spacy.blank("en")
    nlp.add_pipe(f"policyextract_{family}")
    doc = nlp("The Ministry of Industry and Information Technology (MIIT) pledged 100 million yuan "
              "(approximately $14 million) annually until 2025 to Beijing projects.")
    assert [s.text for s in doc.spans[family]] == expected
    assert {s.label_ for s in doc.spans[family]} == {label}
    assert label in displacy.render(doc, style="span", options={"spans_key": family})
