"""The report: an output folder → one self-contained HTML file an analyst reads without JSON.

Sections: corpus overview; charts (money committed by jurisdiction and by type, in the US dollars the
articles state; targets on a timeline of their deadline years), all inline SVG; the facts table,
sortable and filterable by actor, type and year, each fact linking to its evidence; every document's
text with its records highlighted; the entities table with the aliases seen. Inline CSS and JS only,
every text escaped: the file opens from disk with no network.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from policyextract.errors import InputFileError, OutputError
from policyextract.rendering import STYLE, Mark, Raw, highlight, legend, table
from policyextract.writing import read_table, verified_manifest

COMMITTED = ("funding", "investment", "fund")
_SCRIPT = """
function peFilter(){const t=document.getElementById('pe-type').value,a=document.getElementById('pe-actor').value.toLowerCase(),
y=document.getElementById('pe-year').value;for(const r of document.querySelectorAll('#pe-facts tbody tr')){const c=r.children;
r.style.display=(!t||c[1].textContent===t)&&(!a||c[2].textContent.toLowerCase().includes(a))&&(!y||c[6].textContent.startsWith(y))?'':'none';}}
for(const th of document.querySelectorAll('.pe-table th')){th.addEventListener('click',()=>{const tb=th.closest('table').tBodies[0],
i=[...th.parentNode.children].indexOf(th),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';const n=s=>{const v=parseFloat(s.replace(/,/g,''));return isNaN(v)?s:v};
[...tb.rows].sort((x,y)=>{const p=n(x.cells[i].textContent),q=n(y.cells[i].textContent);return (p>q?1:p<q?-1:0)*(asc?1:-1)}).forEach(r=>tb.appendChild(r));});}
"""


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


def _marks(records: dict[str, list[dict[str, Any]]]) -> list[Mark]:
    marks = []
    for r in records["amounts"]:
        extra = "".join(f"; {e}" for e in (r["bound"] and f"bound {r['bound']}", r["per"] and f"per {r['per']}",
                                            r["approximate"] and "approximate") if e)
        marks.append(Mark(r["start"], r["end"], "amount", f"amount: {r['text']} → {r['currency'] or '?'} {Decimal(r['value']):,}{extra}"))
    for r in records["percentages"]:
        marks.append(Mark(r["start"], r["end"], "percentage", f"percentage: {r['value']}%"))
    for r in records["dates"]:
        period = f"{r['date_start']} … {r['date_end']}" if r["date_start"] else "unresolved"
        marks.append(Mark(r["start"], r["end"], "date", f"date ({r['relation']}, {r['granularity']}): {period}"))
    for r in records["organizations"]:
        marks.append(Mark(r["start"], r["end"], "organization", f"organization: {r['canonical']} [{r['entity_id']}]"))
    for r in records["jurisdictions"]:
        marks.append(Mark(r["start"], r["end"], "jurisdiction", f"jurisdiction: {r['canonical']} ({r['level']})"))
    for r in records["fact_mentions"]:
        marks.append(Mark(r["start"], r["end"], "fact", f"fact ({r['type']}, {r['status']}): {r['actor'] or '?'} — {r['metric']}",
                          anchor=r["id"]))
    return marks


def bar_chart(title: str, values: dict[str, float], unit: str) -> str:
    """A horizontal SVG bar chart of `values`, largest first."""
    if not values:
        return f"<p><b>{html.escape(title)}</b>: no data.</p>"
    items = sorted(values.items(), key=lambda kv: -kv[1])
    top, row, width = max(v for _, v in items) or 1, 22, 640
    bars = []
    for i, (label, value) in enumerate(items):
        w = max(1, int((width - 330) * value / top))
        y = 24 + i * row
        bars.append(f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>'
                    f'<rect x="200" y="{y + 2}" width="{w}" height="{row - 6}" fill="#60a5fa"><title>{html.escape(label)}: {value:,.0f} {unit}</title></rect>'
                    f'<text x="{206 + w}" y="{y + 14}" font-size="11">{value / 1e6:,.1f} M {unit}</text>')
    height = 30 + len(items) * row
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img">'
            f'<text x="0" y="14" font-weight="bold" font-size="13">{html.escape(title)}</text>{"".join(bars)}</svg>')


def timeline(title: str, items: list[tuple[int, str]]) -> str:
    """Targets on an SVG timeline: one row per deadline year, its targets listed beside it."""
    if not items:
        return f"<p><b>{html.escape(title)}</b>: no targets with a deadline.</p>"
    by_year: dict[int, list[str]] = defaultdict(list)
    for year, label in sorted(items):
        by_year[year].append(label)
    parts, y = [f'<text x="0" y="14" font-weight="bold" font-size="13">{html.escape(title)}</text>'], 34
    for year, labels in sorted(by_year.items()):
        parts.append(f'<circle cx="8" cy="{y - 4}" r="5" fill="#dc2626"/><text x="18" y="{y}" font-size="12" font-weight="bold">{year}</text>')
        parts += [f'<text x="70" y="{y + 16 * j}" font-size="11">{html.escape(label)}</text>' for j, label in enumerate(labels)]
        parts.append(f'<line x1="8" y1="{y + 2}" x2="8" y2="{y + 16 * len(labels) + 2}" stroke="#999"/>')
        y += 16 * len(labels) + 10
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{y}" role="img">{"".join(parts)}</svg>'


def build_report(out_dir: Path | str) -> str:
    """The HTML report of an output folder written by `policyextract run`."""
    out_dir = Path(out_dir)
    if not (out_dir / "manifest.json").is_file():
        raise OutputError(f"{out_dir} holds no outputs: run `policyextract run CORPUS --out {out_dir}` first")
    manifest = verified_manifest(out_dir)  # refuses a folder whose tables are not the ones the run wrote
    if read_table(out_dir, "documents") is None:
        raise OutputError(f"{out_dir} holds no JSONL or Parquet tables (CSV alone does not keep types): "
                          f"run `policyextract run CORPUS --out {out_dir} --format jsonl` first")
    hashes = {row.get("source"): row.get("sha256") for row in manifest.get("inputs", []) if isinstance(row, dict)}
    kinds = ("amounts", "percentages", "dates", "organizations", "jurisdictions", "fact_mentions")
    documents, facts, entities, failures = (_read(out_dir, t) for t in ("documents", "facts", "entities", "failures"))
    records = {kind: defaultdict(list) for kind in kinds}
    for kind in kinds:
        for row in _read(out_dir, kind):
            records[kind][row["doc_id"]].append(row)
    places = {e["canonical"] for e in entities if e["kind"] == "jurisdiction"}
    org_place = {e["entity_id"]: e["jurisdiction"] for e in entities if e["kind"] == "organization"}

    by_place: dict[str, float] = defaultdict(float)
    by_type: dict[str, float] = defaultdict(float)
    for f in facts:
        if f["type"] in COMMITTED and f["value_usd"]:
            place = f["actor"] if f["actor"] in places else org_place.get(f["actor_id"] or "") or "(not stated)"
            by_place[place] += float(f["value_usd"])
            by_type[f["type"]] += float(f["value_usd"])
    targets = [(int(f["deadline"][:4]), f"{f['actor'] or '?'}: {f['metric']} ({_quantity(f)})")
               for f in facts if f["type"] == "target" and f["deadline"]]

    counts = {t: len(_read(out_dir, t)) for t in ("documents", *kinds, "entities", "facts", "failures")}
    fact_rows = [[Raw(f'<a href="#{html.escape(f["mentions"][0], quote=True)}">evidence</a>'), f["type"], f["actor"], f["metric"],
                  _quantity(f), f["status"], f["deadline"], f["sources"], ", ".join(f["documents"])] for f in facts]
    types = sorted({f["type"] for f in facts})
    filters = ('<p>Filter: <select id="pe-type" onchange="peFilter()"><option value="">all types</option>'
               + "".join(f"<option>{html.escape(t)}</option>" for t in types)
               + '</select> actor <input id="pe-actor" oninput="peFilter()"> deadline year <input id="pe-year" size="5" '
               'oninput="peFilter()"> (click a column to sort)</p>')
    sections = []
    for d in documents:
        text = _source_text(out_dir, d["source"], hashes.get(d["source"]))
        doc_records = {kind: records[kind][d["doc_id"]] for kind in kinds}
        body = (highlight(text, d["start"], d["end"], _marks(doc_records)) if text is not None
                else f"<p>The text of {html.escape(str(d['source']))} was not found, or has changed since the run.</p>")
        sections.append(f'<section id="doc-{html.escape(d["doc_id"], quote=True)}"><h3>{html.escape(d["doc_id"])}'
                        f' — {html.escape(d["title"] or "")}</h3><p>{html.escape(_published(d))}</p>{body}</section>')
    entity_rows = [[e["canonical"], e["kind"], e["type"] or e["level"], e["parent"] or e["jurisdiction"],
                    " | ".join(e["aliases"]), e["mentions"], e["documents"]] for e in entities]
    return "\n".join([
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>policyextract report</title>",
        f"<style>body{{font-family:sans-serif;margin:2em}}{STYLE}</style></head><body>",
        "<h1>Policy facts</h1>",
        table(["table", "rows"], sorted(counts.items())),
        "<h2>Charts</h2>",
        f'<div>{bar_chart("Money committed by jurisdiction (funding, investment, funds; US$ as stated)", by_place, "USD")}</div>',
        f'<div>{bar_chart("Money committed by type (US$ as stated)", by_type, "USD")}</div>',
        f'<div>{timeline("Targets by deadline year", targets)}</div>',
        "<h2>Facts</h2>", filters,
        table(["", "type", "actor", "metric", "quantity", "status", "deadline", "sources", "documents"], fact_rows,
              table_id="pe-facts"),
        "<h2>Documents</h2>", legend(), *sections,
        "<h2>Entities</h2>", table(["entity", "kind", "type / level", "parent / jurisdiction", "aliases", "mentions",
                                    "documents"], entity_rows),
        "<h2>Failures</h2>", table(["source", "error", "reason"], [[f["source"], f["error"], f["reason"]] for f in failures]),
        f"<script>{_SCRIPT}</script></body></html>",
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


def write_report(out_dir: Path | str, path: Path | str | None = None) -> Path:
    """Write the report of `out_dir` to `path` (default: OUT_DIR/report.html)."""
    target = Path(path) if path else Path(out_dir) / "report.html"
    target.write_text(build_report(out_dir), encoding="utf-8")
    return target
