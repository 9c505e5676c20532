"""The report: an output folder → one self-contained HTML file, an analyst's first look at a corpus.

At the top, a summary that reads like a first paragraph (the largest commitments, targets by deadline
year, the most active bodies, what could not be read); then charts of the money committed in one unit
(each money fact's `value_usd`, saying how much of it the articles state and how much a rate table
converted) by jurisdiction, by type and by year, and the targets by deadline year, all inline SVG.

The tables (facts, entities, documents, failures) are drawn by the page's script from one embedded JSON
object: sorted by the values themselves (numbers as numbers, never parsed from display text), filtered,
shown a page at a time, and the filtered facts exported as CSV. Each document's text and marks
(`rendering.record_marks`: the registry's families and labels) wait in compact JSON chunks that are
parsed only when a document is opened, and highlighted then as `rendering.highlight` would (markup
would triple the file), so the page opens fast however many documents the corpus has. An evidence link
opens the document and marks the segments of its sentence; an entity opens its mentions and a timeline
of its facts.

No network: inline CSS and JS, no `<script src>`. Every text from an article, file name, metadata or
pattern is escaped: by `html.escape` in the HTML, by `embed_json` in the JSON (no `<` survives, so
no `</script>` can end it), and by `textContent` in what the script draws.
"""

from __future__ import annotations

import html
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from policyextract.errors import OutputError, InputFileError
from policyextract.families.facts import FACTS
from policyextract.registry import FAMILIES, RECORD_TABLES
from policyextract.rendering import STYLE, Mark, legend, record_marks
from policyextract.runs.writing import read_table, verified_manifest

COMMITTED = ("funding", "investment", "fund")
STATED = "stated"  # the `fx_source` of a US$ value the article states (also when the column is missing)
DOCS_PER_CHUNK = 100  # documents per JSON chunk: opening one parses only its chunk
MENTIONS_LISTED = 100  # an entity's mentions embedded for its panel (the table counts them all)
# A fact's documents listed in the page (a wire story may be in thousands; `sources` counts them all,
# and facts.csv in the output folder lists them all).
DOCUMENTS_LISTED = 10
TARGETS_PER_YEAR = 8  # targets listed beside a deadline year on the timeline; the rest are counted
NOT_STATED = "(not stated)"
# Entity families: those whose rows carry an entity id (their mentions link to the entity table).
ENTITY_FAMILIES = tuple(f for f in FAMILIES if any(name == "entity_id" for name, _ in f.columns))


def _read(out_dir: Path, table_name: str) -> list[dict[str, Any]]:
    return list(read_table(out_dir, table_name) or [])


def _source_text(out_dir: Path, source: str | None, sha256: str | None) -> str | None:
    """The text of an input as the run read it: `source` found beside the output folder or in the
    current folder, and only if its bytes still have the sha256 the manifest recorded (another file of
    the same name would be highlighted at the wrong characters)."""
    if not source or not sha256:
        return None
    from policyextract.reading import read_source

    for base in (out_dir.parent, out_dir.parent.parent, Path.cwd()):
        try:
            found = read_source(base / source)
        except InputFileError:
            continue
        if found.sha256 == sha256:
            return found.text
    return None


def embed_json(value: Any) -> str:
    """`value` as JSON to place inside `<script type="application/json">`: `<`, `>` and `&` as \\u
    escapes (so no `</script>` or `<!--` in any string can end the element), and the JS line
    separators too. JSON.parse reads the escapes back as the same characters.

    >>> embed_json({"t": "</script><b>&"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


# ---- money in one unit ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    """A committed amount in US$, where it went and where its US$ value came from."""

    fact: int  # index in the facts table
    jurisdiction: str
    type: str
    year: str
    usd: float
    source: str  # STATED, or the rate table's name (the facts table's `fx_source`)

    @property
    def stated(self) -> bool:
        return self.source == STATED


def money_facts(facts: list[dict[str, Any]], places: set[str], org_place: dict[str, str | None],
                years: dict[str, int | None]) -> tuple[list[Money], int]:
    """The committed money facts (funding, investment, funds) with a US$ value, and how many have none.

    Jurisdiction: the actor when it is a place, else the actor's jurisdiction; year: the publication
    year of the first document that reports the fact; source: the fact's `fx_source` (none: stated).
    """
    found, missing = [], 0
    for i, f in enumerate(facts):
        if f["type"] not in COMMITTED or f.get("value") is None:
            continue
        if f.get("value_usd") is None:
            missing += 1
            continue
        place = f["actor"] if f["actor"] in places else org_place.get(f["actor_id"] or "") or NOT_STATED
        year = next((years.get(d) for d in f["documents"] if years.get(d)), None)
        found.append(Money(i, place, f["type"], str(year) if year else NOT_STATED, float(f["value_usd"]),
                           f.get("fx_source") or STATED))
    return found, missing


def money_totals(money: Iterable[Money], key: str) -> dict[str, tuple[float, float]]:
    """US$ totals by `key` (a `Money` field): (stated, converted by a rate table).

    >>> money_totals([Money(0, "China", "fund", "2024", 5.0, "stated"),
    ...               Money(1, "China", "funding", "2024", 2.0, "rates 2024")], "jurisdiction")
    {'China': (5.0, 2.0)}
    """
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for m in money:
        totals[getattr(m, key)][0 if m.stated else 1] += m.usd
    return {label: (stated, converted) for label, (stated, converted) in totals.items()}


def usd(value: float) -> str:
    """A US$ figure for a sentence.

    >>> usd(35.1e9), usd(14e6), usd(950_000), usd(0)
    ('US$35.1 billion', 'US$14.0 million', 'US$950,000', 'US$0')
    """
    if value >= 1e9:
        return f"US${value / 1e9:,.1f} billion"
    if value >= 1e6:
        return f"US${value / 1e6:,.1f} million"
    return f"US${value:,.0f}"


def bar_chart(title: str, values: dict[str, tuple[float, float]], *, by_label: bool = False, top: int = 15) -> str:
    """A horizontal SVG bar chart of US$ totals, largest first (or by label), each bar split into the
    stated part (dark) and the part a rate table converted (light); beyond `top` bars, one "others"."""
    if not values:
        return f"<p><b>{html.escape(title)}</b>: no data.</p>"
    items = sorted(values.items()) if by_label else sorted(values.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    if len(items) > top:
        rest = items[top - 1:]
        items = items[:top - 1] + [(f"{len(rest)} others", (sum(s for _, (s, _) in rest), sum(c for _, (_, c) in rest)))]
    largest, row, width, left = max(sum(v) for _, v in items) or 1, 22, 680, 210
    bars = []
    for i, (label, (stated, converted)) in enumerate(items):
        y = 24 + i * row
        ws, wc = ((width - left - 130) * v / largest for v in (stated, converted))
        tip = html.escape(f"{label}: {usd(stated + converted)} ({usd(stated)} stated, {usd(converted)} converted)", quote=True)
        bars.append(f'<g><title>{tip}</title><text x="0" y="{y + 14}" font-size="12">{html.escape(label[:32])}</text>'
                    f'<rect x="{left}" y="{y + 2}" width="{ws:.1f}" height="{row - 6}" fill="#1d4ed8"/>'
                    f'<rect x="{left + ws:.1f}" y="{y + 2}" width="{wc:.1f}" height="{row - 6}" fill="#93c5fd"/>'
                    f'<text x="{left + ws + wc + 6:.1f}" y="{y + 14}" font-size="11">{html.escape(usd(stated + converted))}</text></g>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{30 + len(items) * row}" role="img">'
            f'<text x="0" y="14" font-weight="bold" font-size="13">{html.escape(title)}</text>{"".join(bars)}</svg>')


def timeline(title: str, items: list[tuple[int, str]]) -> str:
    """Targets on an SVG timeline: one row per deadline year, its targets listed beside it (at most
    TARGETS_PER_YEAR lines a year)."""
    if not items:
        return f"<p><b>{html.escape(title)}</b>: no targets with a deadline.</p>"
    by_year: dict[int, list[str]] = defaultdict(list)
    for year, label in sorted(items):
        by_year[year].append(label)
    parts, y = [f'<text x="0" y="14" font-weight="bold" font-size="13">{html.escape(title)}</text>'], 34
    for year, labels in sorted(by_year.items()):
        if len(labels) > TARGETS_PER_YEAR:
            labels = labels[:TARGETS_PER_YEAR - 1] + [f"… and {len(labels) - TARGETS_PER_YEAR + 1} more"]
        parts.append(f'<circle cx="8" cy="{y - 4}" r="5" fill="#dc2626"/><text x="18" y="{y}" font-size="12" font-weight="bold">{year}</text>')
        parts += [f'<text x="70" y="{y + 16 * j}" font-size="11">{html.escape(label)}</text>' for j, label in enumerate(labels)]
        parts.append(f'<line x1="8" y1="{y + 2}" x2="8" y2="{y + 16 * len(labels) + 2}" stroke="#999"/>')
        y += 16 * len(labels) + 10
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{y}" role="img">{"".join(parts)}</svg>'


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def fx_label(sources: Iterable[str]) -> str:
    """Where converted US$ values came from, for a sentence: the facts table's `fx_source` values
    ("table:<year>[,<year>…]" for the yearly rate table; any other name as it is).

    >>> fx_label(["table:2024", "table:2023,2024", "ECB"])
    'the yearly rate table (2023, 2024), ECB'
    """
    years, others = set(), set()
    for source in sources:
        if source.startswith("table:"):
            years.update(y for y in source[len("table:"):].split(",") if y)
        else:
            others.add(source)
    named = [f"the yearly rate table ({', '.join(sorted(years))})"] if years else []
    return ", ".join(named + sorted(others))


def money_caption(money: list[Money], missing: int) -> str:
    """What the money charts add up, and where their US$ values came from."""
    total = sum(m.usd for m in money)
    if not money:
        return f"<p>No committed amount has a US$ value{f' ({missing} without one)' if missing else ''}.</p>"
    stated = sum(m.usd for m in money if m.stated)
    tables = fx_label({m.source for m in money if not m.stated})
    text = f"{_count(len(money), 'commitment')}, {usd(total)} in all: "
    text += (f"{stated / total:.0%} of it in US$ the articles state (dark), {1 - stated / total:.0%} converted from "
             f"other currencies by {tables} (light)." if tables else "all of it in US$ the articles state.")
    if missing:
        text += f" {_count(missing, 'commitment')} without a US$ value {'is' if missing == 1 else 'are'} left out."
    return f"<p>{html.escape(text)}</p>"


# ---- the summary ---------------------------------------------------------------------------------

def _fact_link(i: int, text: str) -> str:
    return f'<a href="#" data-fact="{i}">{html.escape(text)}</a>'


def _entity_link(i: int | None, text: str) -> str:
    return f'<a href="#" data-entity="{i}">{html.escape(text)}</a>' if i is not None else html.escape(text)


def summary(documents: list[dict[str, Any]], facts: list[dict[str, Any]], money: list[Money],
            entity_index: dict[str, int], failures: list[dict[str, Any]], *, largest: int = 3, bodies: int = 5) -> str:
    """The report's first paragraphs, as HTML: what the corpus says, largest first, with links."""
    files = len({d["source"] for d in documents})
    types = Counter(f["type"] for f in facts)
    counts = ", ".join(f"{n} {t.replace('_', ' ')}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    parts = [f"<p>{_count(len(documents), 'document')} in {_count(files, 'file')} {'reports' if len(documents) == 1 else 'report'} "
             f"{_count(len(facts), 'fact')}"
             + (f" ({html.escape(counts)})" if counts else "") + ".</p>"]
    if money:
        top = sorted(money, key=lambda m: -m.usd)[:largest]
        items = []
        for m in top:
            f = facts[m.fact]
            converted = "" if m.stated else f", converted by {fx_label([m.source])}"
            items.append(f"{html.escape(f['actor'] or 'an unnamed actor')}: {_fact_link(m.fact, _quantity(f))} "
                         f"({html.escape(usd(m.usd) + converted)}; {html.escape(f['type'])}, {html.escape(m.year)})")
        parts.append(f"<p>The largest commitments: {'; '.join(items)}.</p>")
    targets: dict[int, list[int]] = defaultdict(list)
    for i, f in enumerate(facts):
        if f["type"] == "target" and f["deadline"]:
            targets[int(f["deadline"][:4])].append(i)
    if targets:
        years = []
        for year, indices in sorted(targets.items()):
            shown = ", ".join(_fact_link(i, f"{facts[i]['actor'] or '?'}: {facts[i]['metric']} {_quantity(facts[i])}")
                              for i in indices[:2])
            years.append(f"{year}: {len(indices)} ({shown}{', …' if len(indices) > 2 else ''})")
        parts.append(f"<p>Targets by deadline year: {'; '.join(years)}.</p>")
    actors: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in facts:
        if f["actor_id"]:
            actors[f["actor_id"]].append(f)
    if actors:
        active = sorted(actors.items(), key=lambda kv: (-len(kv[1]), kv[1][0]["actor"] or ""))[:bodies]
        items = [f"{_entity_link(entity_index.get(actor_id), fs[0]['actor'] or actor_id)} ({_count(len(fs), 'fact')} in "
                 f"{_count(len({d for f in fs for d in f['documents']}), 'document')})" for actor_id, fs in active]
        parts.append(f"<p>The most active bodies: {'; '.join(items)}.</p>")
    if failures:
        reasons = Counter(f["error"] for f in failures)
        listed = "; ".join(f"{html.escape(str(f['source']))} ({html.escape(str(f['reason']))})" for f in failures[:3])
        parts.append(f"<p>{_count(len(failures), 'file')} could not be read ("
                     + html.escape(", ".join(f"{n} {e}" for e, n in reasons.most_common())) + f"): {listed}"
                     + ("; …" if len(failures) > 3 else "") + ".</p>")
    else:
        parts.append("<p>Every file was read.</p>")
    return "".join(parts)


# ---- the data the page draws ---------------------------------------------------------------------

FACT_FIELDS = ("type", "actor", "actor_id", "metric", "quantity", "number", "value", "currency", "percentage", "count",
               "unit", "usd", "value_usd", "fx_source", "status", "deadline", "time", "published", "sources",
               "documents", "evidence", "entity", "doc", "start", "end")
# Columns of the CSV export: the exact values (strings of decimals), not the page's sort keys and links.
FACT_CSV = ("type", "actor", "actor_id", "metric", "quantity", "value", "currency", "percentage", "count", "unit",
            "value_usd", "fx_source", "status", "deadline", "time", "published", "sources", "documents", "evidence")
ENTITY_FIELDS = ("entity_id", "canonical", "kind", "type", "parent", "aliases", "mentions", "documents", "facts")
FAILURE_FIELDS = ("source", "error", "reason")


KINDS = tuple(f.kind for f in FAMILIES)  # a mark's family, by index: the CSS class pe-<kind>


def document_chunk(bodies: list[tuple[str, int, int, list[Mark]] | None]) -> dict[str, Any]:
    """Documents' texts and marks as compact data for the page, which highlights a document when it
    is opened as `rendering.highlight` does: each document is [start, text[start:end], marks], a mark
    [start, end, kind index, label index] (offsets into the file's text), labels listed once per chunk;
    a document whose text was not found is null.

    >>> document_chunk([("ab cd", 0, 5, [Mark(3, 5, "amount", "amount: 5")]), None])
    {'labels': ['amount: 5'], 'docs': [[0, 'ab cd', [[3, 5, 0, 0]]], None]}
    """
    labels: dict[str, int] = {}
    docs: list[list[Any] | None] = []
    for body in bodies:
        if body is None:
            docs.append(None)
            continue
        text, start, end, marks = body
        docs.append([start, text[start:end], [[m.start, m.end, KINDS.index(m.family), labels.setdefault(m.label, len(labels))]
                                             for m in marks if start <= m.start < m.end <= end]])
    return {"labels": list(labels), "docs": docs}


def _number(text: str | None) -> float | None:
    return float(text) if text is not None else None


def _fact_fields(f: dict[str, Any], evidence: dict[str, Any] | None, doc_index: dict[str, int],
                 entity_index: dict[str, int], published: dict[str, str]) -> list[Any]:
    raw = f["value"] if f["value"] is not None else f["percentage"] if f["percentage"] is not None else f["count"]
    value_usd = f.get("value_usd")
    return [f["type"], f["actor"], f["actor_id"], f["metric"], _quantity(f), _number(raw), f["value"], f["currency"],
            f["percentage"], f["count"], f["unit"], _number(value_usd), value_usd,
            (f.get("fx_source") or STATED) if value_usd is not None else None, f["status"], f["deadline"], f["time"],
            next((published[d] for d in f["documents"] if published.get(d)), None), f["sources"],
            " ".join(f["documents"][:DOCUMENTS_LISTED]) + (" …" if len(f["documents"]) > DOCUMENTS_LISTED else ""),
            f["evidence"], entity_index.get(f["actor_id"] or ""),
            doc_index.get(evidence["doc_id"]) if evidence else None,
            evidence["start"] if evidence else None, evidence["end"] if evidence else None]


def build_report(out_dir: Path | str, *, progress: bool = False) -> str:
    """The HTML report of an output folder written by `policyextract run`."""
    out_dir = Path(out_dir)
    if not (out_dir / "manifest.json").is_file():
        raise OutputError(f"{out_dir} holds no outputs: run `policyextract run CORPUS --out {out_dir}` first")
    manifest = verified_manifest(out_dir)  # refuses a folder whose tables are not the ones the run wrote
    if read_table(out_dir, "documents") is None:
        raise OutputError(f"{out_dir} holds no JSONL or Parquet tables (CSV alone does not keep types): "
                          f"run `policyextract run CORPUS --out {out_dir} --format jsonl` first")
    hashes = {row.get("source"): row.get("sha256") for row in manifest.get("inputs", []) if isinstance(row, dict)}
    documents, facts, entities, failures = (_read(out_dir, t) for t in ("documents", "facts", "entities", "failures"))
    records: dict[str, dict[str, list[dict[str, Any]]]] = {kind: defaultdict(list) for kind in RECORD_TABLES}
    for kind in RECORD_TABLES:
        for row in _read(out_dir, kind):
            records[kind][row["doc_id"]].append(row)
    doc_index = {d["doc_id"]: i for i, d in enumerate(documents)}
    entity_index = {e["entity_id"]: i for i, e in enumerate(entities)}
    mention_of = {m["id"]: m for ms in records[FACTS.table].values() for m in ms}

    places = {e["canonical"] for e in entities if e["kind"] == "jurisdiction"}
    org_place = {e["entity_id"]: e["jurisdiction"] for e in entities if e["kind"] == "organization"}
    years = {d["doc_id"]: d["published_year"] for d in documents}
    money, missing = money_facts(facts, places, org_place, years)
    targets = [(int(f["deadline"][:4]), f"{f['actor'] or '?'}: {f['metric']} ({_quantity(f)})")
               for f in facts if f["type"] == "target" and f["deadline"]]

    published = {d["doc_id"]: d["published"] or (str(d["published_year"]) if d["published_year"] else None) for d in documents}
    fact_rows = [_fact_fields(f, mention_of.get(f["mentions"][0]) if f["mentions"] else None, doc_index, entity_index,
                              published) for f in facts]
    facts_of = Counter(f["actor_id"] for f in facts if f["actor_id"])
    entity_rows = [[e["entity_id"], e["canonical"], e["kind"], e["type"] or e["level"], e["parent"] or e["jurisdiction"],
                    " | ".join(e["aliases"]), e["mentions"], e["documents"], facts_of.get(e["entity_id"], 0)] for e in entities]
    mentions: list[list[list[Any]]] = [[] for _ in entities]
    for family in ENTITY_FAMILIES:
        for doc_id, rows in records[family.table].items():
            for m in rows:
                listed = mentions[entity_index[m["entity_id"]]] if m["entity_id"] in entity_index else None
                if listed is not None and len(listed) < MENTIONS_LISTED:
                    listed.append([doc_index.get(doc_id), m["start"], m["end"], m["text"]])
    counts = [f.name for f in FAMILIES]
    doc_rows = [[d["doc_id"], d["title"], _published(d), d["source"], *(d.get(c) for c in counts)] for d in documents]

    texts: dict[str, str | None] = {}
    chunks = []
    for first in tqdm(range(0, len(documents), DOCS_PER_CHUNK), unit="chunk", desc="documents", disable=not progress):
        bodies = []
        for d in documents[first:first + DOCS_PER_CHUNK]:
            if d["source"] not in texts:
                texts[d["source"]] = _source_text(out_dir, d["source"], hashes.get(d["source"]))
            text = texts[d["source"]]
            marks = record_marks({f.name: records[f.table][d["doc_id"]] for f in FAMILIES})
            bodies.append((text, d["start"], d["end"], marks) if text is not None else None)
        chunks.append(f'<script type="application/json" id="pe-docs-{first // DOCS_PER_CHUNK}">'
                      f'{embed_json(document_chunk(bodies))}</script>')
    data = {
        "facts": {"fields": FACT_FIELDS, "rows": fact_rows, "csv": FACT_CSV},
        "entities": {"fields": ENTITY_FIELDS, "rows": entity_rows},
        "docs": {"fields": ("doc_id", "title", "published", "source", *counts), "rows": doc_rows},
        "failures": {"fields": FAILURE_FIELDS, "rows": [[f.get(k) for k in FAILURE_FIELDS] for f in failures]},
        "mentions": mentions, "chunk": DOCS_PER_CHUNK, "counts": counts, "kinds": KINDS,
    }
    types = sorted({f["type"] for f in facts})
    return "\n".join([
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>policyextract report</title>",
        f"<style>{PAGE_STYLE}{STYLE}</style></head><body>",
        "<main><h1>Policy facts</h1>",
        f'<section id="pe-summary">{summary(documents, facts, money, entity_index, failures)}</section>',
        "<h2>Money committed and targets</h2>",
        money_caption(money, missing),
        f'<div>{bar_chart("Money committed by jurisdiction (funding, investment, funds)", money_totals(money, "jurisdiction"))}</div>',
        f'<div>{bar_chart("Money committed by type", money_totals(money, "type"))}</div>',
        f'<div>{bar_chart("Money committed by year reported", money_totals(money, "year"), by_label=True)}</div>',
        f'<div>{timeline("Targets by deadline year", targets)}</div>',
        '<h2 id="pe-facts-section">Facts</h2>',
        '<p class="pe-filters">type <select id="pe-type"><option value="">all</option>'
        + "".join(f'<option value="{html.escape(t, quote=True)}">{html.escape(t)}</option>' for t in types)
        + '</select> actor <input id="pe-actor" size="18"> deadline year <input id="pe-year" size="5">'
          ' evidence contains <input id="pe-search" size="18"> <span id="pe-entity-filter"></span>'
          ' <button id="pe-csv">export these facts as CSV</button></p>'
          '<p class="pe-hint">Click a column to sort it; click again to reverse. US$ values marked ≈ were converted by a'
          ' rate table (hover for which).</p>',
        '<div id="pe-facts"></div>',
        "<h2>Entities</h2>", '<p class="pe-filters">name contains <input id="pe-entity-search" size="18"></p>',
        '<div id="pe-entities"></div>',
        "<h2>Documents</h2>", legend(), '<div id="pe-docs"></div>',
        "<h2>Failures</h2>", '<div id="pe-failures"></div>',
        '</main><aside id="pe-side" hidden><button id="pe-close">close ✕</button><div id="pe-side-body"></div></aside>',
        f'<script type="application/json" id="pe-data">{embed_json(data)}</script>',
        # the script before the documents: the tables are drawn while the browser still reads their texts
        f"<script>{SCRIPT}</script>",
        *chunks,
        "</body></html>",
    ])


def _published(d: dict[str, Any]) -> str:
    if d["published"]:
        return f"published {d['published']} (from the {d['published_source']})"
    if d["published_year"]:
        return f"published in {d['published_year']} (inferred: {d['published_evidence']})"
    return "publication date unknown"


def _quantity(f: dict[str, Any]) -> str:
    if f["value"] is not None:
        return f"{f['currency'] or ''} {Decimal(f['value']):,}".strip()
    if f["percentage"] is not None:
        return f"{f['percentage']}%"
    return f"{Decimal(f['count']):,} {f['unit'] or ''}".strip() if f["count"] is not None else ""


def write_report(out_dir: Path | str, path: Path | str | None = None, *, progress: bool = False) -> Path:
    """Write the report of `out_dir` to `path` (default: OUT_DIR/report.html)."""
    target = Path(path) if path else Path(out_dir) / "report.html"
    target.write_text(build_report(out_dir, progress=progress), encoding="utf-8")
    return target


PAGE_STYLE = """
body{font-family:sans-serif;margin:0}main{margin:1.5em 2em;max-width:90em}
#pe-summary p{font:15px/1.5 Georgia,serif;max-width:60em}
.pe-hint{color:#555;font-size:12px}.pe-filters input,.pe-filters select{margin-right:.6em}
.pe-table td.pe-num{text-align:right;white-space:nowrap}.pe-table td.pe-evidence{min-width:22em;max-width:38em;font-size:12px}
#pe-facts,#pe-entities,#pe-docs,#pe-failures{overflow-x:auto}
.pe-table th[aria-sort=ascending]::after{content:" ▲"}.pe-table th[aria-sort=descending]::after{content:" ▼"}
.pe-pager button{margin:0 .3em}
#pe-side{position:fixed;top:0;right:0;bottom:0;width:44%;overflow:auto;background:#fff;border-left:2px solid #94a3b8;
padding:1em 1.4em;box-shadow:-4px 0 12px #0002}
#pe-close{float:right}body.pe-open main{margin-right:calc(46% + 1em)}
.pe-timeline{list-style:none;border-left:3px solid #94a3b8;padding-left:1em}.pe-timeline li{margin:.4em 0}
"""

# The page's script: tables and documents drawn from the embedded data with `textContent` and
# attributes only (no data is ever parsed as HTML).
SCRIPT = r"""
(()=>{'use strict';
const D=JSON.parse(document.getElementById('pe-data').textContent),$=id=>document.getElementById(id);
function el(tag,text,attrs){const e=document.createElement(tag);if(text!=null)e.textContent=text;
for(const k in attrs||{})e.setAttribute(k,attrs[k]);return e;}
function index(t){const m={};t.fields.forEach((f,i)=>m[f]=i);return m;}
const F=index(D.facts),E=index(D.entities),C=index(D.docs),num=new Intl.NumberFormat('en-US',{maximumFractionDigits:2});
function link(text,kind,value){const a=el('a',text,{href:'#'});a.dataset[kind]=value;return a;}
const blank=v=>v==null||v==='';
// A table over rows of data: sorted by the values themselves (numbers as numbers), filtered, paged.
function grid(root,table,columns,size){
  const g={view:table.rows,pred:null,col:null,dir:1,page:0},t=el('table',null,{class:'pe-table'});
  const at=new Map(table.rows.map((r,i)=>[r,i]));  // a row's index in the data: what its links name
  const head=t.createTHead().insertRow(),body=t.createTBody(),nav=el('p',null,{class:'pe-pager'});
  const prev=el('button','◀ previous'),next=el('button','next ▶'),status=el('span');nav.append(prev,status,next);
  columns.forEach((c,ci)=>{c.k=table.fields.indexOf(c.sort||c.f);const th=el('th',c.label);head.append(th);
    th.addEventListener('click',()=>{g.dir=g.col===ci?-g.dir:1;g.col=ci;
      for(const h of head.cells)h.removeAttribute('aria-sort');th.setAttribute('aria-sort',g.dir>0?'ascending':'descending');g.update();});});
  g.update=()=>{g.view=g.pred?table.rows.filter(g.pred):table.rows.slice();
    if(g.col!=null){const k=columns[g.col].k,dir=g.dir;g.view.sort((a,b)=>{const x=a[k],y=b[k];
      if(blank(x)||blank(y))return blank(x)-blank(y);  // blanks last, either way
      return (typeof x==='number'&&typeof y==='number'?x-y:String(x).localeCompare(String(y)))*dir;});}
    g.page=0;g.draw();};
  g.draw=()=>{const from=g.page*size,rows=g.view.slice(from,from+size);body.replaceChildren();
    for(const r of rows){const tr=body.insertRow();for(const c of columns){const td=tr.insertCell(),v=r[c.k];
      if(c.num){td.className='pe-num';if(!blank(v))td.dataset.value=v;}
      if(c.cls)td.classList.add(c.cls);
      if(c.render)c.render(r,td,at.get(r));else td.textContent=blank(v)?'':c.num?num.format(v):String(v);}}
    const n=g.view.length;status.textContent=n?` rows ${from+1}–${from+rows.length} of ${n}`+
      (n<table.rows.length?` (filtered from ${table.rows.length}) `:' '):' no rows ';
    prev.disabled=g.page===0;next.disabled=from+size>=n;nav.hidden=n<=size&&g.page===0;};
  prev.addEventListener('click',()=>{g.page--;g.draw();});next.addEventListener('click',()=>{g.page++;g.draw();});
  root.append(t,nav);g.update();return g;}
const facts=grid($('pe-facts'),D.facts,[
  {f:'evidence',label:'',render:(r,td,i)=>{if(r[F.doc]!=null)td.append(link('evidence','fact',i));}},
  {f:'type',label:'type'},
  {f:'actor',label:'actor',render:(r,td)=>{const a=r[F.actor]||'';td.append(r[F.entity]!=null?link(a,'entity',r[F.entity]):a);}},
  {f:'metric',label:'metric'},
  {f:'quantity',label:'quantity',sort:'number',num:true,render:(r,td)=>{td.textContent=r[F.quantity];}},
  {f:'usd',label:'US$',num:true,render:(r,td)=>{const v=r[F.usd];if(v==null)return;const conv=r[F.fx_source]!=='stated';
    td.textContent=(conv?'≈ ':'')+num.format(v);td.title=conv?'converted by '+r[F.fx_source].replace(/^table:/,'the yearly rate table of '):'stated in the article';}},
  {f:'evidence',label:'evidence sentence',cls:'pe-evidence'},{f:'status',label:'status'},{f:'deadline',label:'deadline'},
  {f:'published',label:'reported'},{f:'sources',label:'sources',num:true}],100);
let entityFilter=null;
const filters=['pe-type','pe-actor','pe-year','pe-search'].map($);
function filterFacts(){const t=filters[0].value,[a,y,s]=filters.slice(1).map(e=>e.value.trim().toLowerCase());
  facts.pred=(t||a||y||s||entityFilter!=null)?r=>(!t||r[F.type]===t)&&(!a||(r[F.actor]||'').toLowerCase().includes(a))&&
    (!y||(r[F.deadline]||'').startsWith(y))&&(!s||(r[F.evidence]||'').toLowerCase().includes(s))&&
    (entityFilter==null||r[F.entity]===entityFilter):null;
  const chip=$('pe-entity-filter');chip.replaceChildren();
  if(entityFilter!=null){const b=el('button','only '+D.entities.rows[entityFilter][E.canonical]+' ✕');
    b.addEventListener('click',()=>{entityFilter=null;filterFacts();});chip.append(b);}
  facts.update();}
for(const f of filters)f.addEventListener(f.tagName==='SELECT'?'change':'input',filterFacts);
function csvCell(v){if(v==null)return'';let s=String(v);
  if(typeof v==='string'&&/^([=+@\t\r]|-(?![\d.]))/.test(s))s="'"+s;  // a spreadsheet must not run article text as a formula
  return /[",\r\n]/.test(s)?'"'+s.replace(/"/g,'""')+'"':s;}
function factsCsv(){return [D.facts.csv.join(','),...facts.view.map(r=>D.facts.csv.map(f=>csvCell(r[F[f]])).join(','))].join('\r\n')+'\r\n';}
$('pe-csv').addEventListener('click',()=>{const a=el('a',null,{download:'facts.csv',
  href:URL.createObjectURL(new Blob(['\ufeff'+factsCsv()],{type:'text/csv;charset=utf-8'}))});
  document.body.append(a);a.click();a.remove();setTimeout(()=>URL.revokeObjectURL(a.href),60000);});
const entities=grid($('pe-entities'),D.entities,[
  {f:'canonical',label:'entity',render:(r,td,i)=>td.append(link(r[E.canonical],'entity',i))},
  {f:'kind',label:'kind'},{f:'type',label:'type / level'},{f:'parent',label:'parent / jurisdiction'},
  {f:'aliases',label:'aliases'},{f:'mentions',label:'mentions',num:true},{f:'documents',label:'documents',num:true},
  {f:'facts',label:'facts',num:true}],50);
$('pe-entity-search').addEventListener('input',e=>{const s=e.target.value.trim().toLowerCase();
  entities.pred=s?r=>(r[E.canonical]+' '+r[E.aliases]).toLowerCase().includes(s):null;entities.update();});
grid($('pe-docs'),D.docs,[
  {f:'doc_id',label:'document',render:(r,td,i)=>td.append(link(r[C.doc_id],'doc',i))},
  {f:'title',label:'title'},{f:'published',label:'published'},{f:'source',label:'source'},
  ...D.counts.map(c=>({f:c,label:c,num:true}))],50);
grid($('pe-failures'),D.failures,[{f:'source',label:'source'},{f:'error',label:'error'},{f:'reason',label:'reason'}],50);
const side=$('pe-side'),sideBody=$('pe-side-body'),chunks=new Map();
function showSide(){side.hidden=false;document.body.classList.add('pe-open');}
$('pe-close').addEventListener('click',()=>{side.hidden=true;document.body.classList.remove('pe-open');});
// A document's text with its marks, cut at every mark boundary as rendering.highlight cuts it: each
// segment a span with the classes and labels of the marks covering it and its start offset (data-s).
function docBody(i){const c=Math.floor(i/D.chunk),data=document.getElementById('pe-docs-'+c);
  if(!data&&document.readyState==='loading')return el('p','The documents are still loading: open it again in a moment.');
  if(!chunks.has(c))chunks.set(c,JSON.parse(data.textContent));
  const {labels,docs}=chunks.get(c),doc=docs[i%D.chunk],div=el('div',null,{class:'pe-doc'});
  if(doc==null)return el('p','The text of '+D.docs.rows[i][C.source]+' was not found.');
  const [start,text,marks]=doc,cuts=[...new Set([start,start+text.length,...marks.flatMap(m=>[m[0],m[1]])])].sort((a,b)=>a-b);
  for(let j=0;j+1<cuts.length;j++){const a=cuts[j],b=cuts[j+1],piece=text.slice(a-start,b-start);
    const on=marks.filter(m=>m[0]<=a&&b<=m[1]);if(!on.length){div.append(piece);continue;}
    const kinds=[...new Set(on.map(m=>'pe-'+D.kinds[m[2]]))].sort(),s=el('span',piece,{class:'pe-seg '+kinds.join(' ')});
    s.dataset.s=a;s.title=on.sort((x,y)=>x[0]-y[0]||(D.kinds[x[2]]<D.kinds[y[2]]?-1:D.kinds[x[2]]>D.kinds[y[2]]?1:0)).map(m=>labels[m[3]]).join('\n');
    div.append(s);}
  return div;}
function openDoc(i,start,end){const r=D.docs.rows[i],body=docBody(i);
  sideBody.replaceChildren(el('h3',r[C.doc_id]+(r[C.title]?' — '+r[C.title]:'')),el('p',r[C.published]),body);
  showSide();let first=null;
  if(start!=null)for(const s of body.querySelectorAll('[data-s]')){const o=+s.dataset.s;
    if(o>=start&&o<end){s.classList.add('pe-current');first=first||s;}}
  if(first)first.scrollIntoView({block:'center'});else side.scrollTop=0;}
function openEntity(i){const r=D.entities.rows[i],show=el('button','show only its facts in the facts table');
  show.addEventListener('click',()=>{entityFilter=i;filterFacts();$('pe-facts-section').scrollIntoView();});
  const own=D.facts.rows.map((f,k)=>[f,k]).filter(([f])=>f[F.entity]===i)
    .sort((a,b)=>String(a[0][F.published]||'~').localeCompare(String(b[0][F.published]||'~')));
  const ol=el('ol',null,{class:'pe-timeline'});
  for(const [f,k] of own){const li=el('li');li.append(el('b',f[F.published]||'date unknown'),
    ` ${f[F.type]}: ${f[F.metric]} ${f[F.quantity]}`+(f[F.deadline]?`, by ${f[F.deadline]}`:'')+` (${f[F.status]}) `,link('evidence','fact',k));ol.append(li);}
  const ms=D.mentions[i]||[],ul=el('ul');
  ms.forEach((m,j)=>{if(m[0]==null)return;const li=el('li');li.append(link(m[3],'mention',i+':'+j),' in '+D.docs.rows[m[0]][C.doc_id]);ul.append(li);});
  sideBody.replaceChildren(el('h3',r[E.canonical]),
    el('p',[r[E.kind],r[E.type],r[E.parent]].filter(v=>!blank(v)).join(' · ')+'; written as: '+r[E.aliases]),show,
    el('h4',`Timeline of its facts (${own.length}), by date reported`),ol,
    el('h4',`Mentions (${r[E.mentions]}`+(ms.length<r[E.mentions]?`; the first ${ms.length} listed`:'')+')'),ul);
  showSide();side.scrollTop=0;}
document.addEventListener('click',e=>{const a=e.target.closest('a[data-fact],a[data-doc],a[data-entity],a[data-mention]');
  if(!a)return;e.preventDefault();const d=a.dataset;
  if(d.fact!=null){const r=D.facts.rows[+d.fact];if(r[F.doc]!=null)openDoc(r[F.doc],r[F.start],r[F.end]);}
  else if(d.entity!=null)openEntity(+d.entity);
  else if(d.mention!=null){const [ei,mi]=d.mention.split(':').map(Number),m=D.mentions[ei][mi];openDoc(m[0],m[1],m[2]);}
  else openDoc(+d.doc);});
window.peReady=performance.now();
})();
"""
