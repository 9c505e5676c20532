"""Rendering: records → HTML that shows each one in its text, for notebooks and the report.

`highlight` cuts a document's text at every span boundary, so overlapping records (an amount inside a
fact's evidence, a place inside an organization's name) each keep their colour; every segment says in
its tooltip what the records covering it are, with their normalized values, and carries its start
offset (`data-s`), so a page can mark every segment of one record (the report's evidence links). All
text is escaped, and nothing refers to the network: the CSS is inline.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from policyextract.families.facts import FACTS
from policyextract.models import Document
from policyextract.registry import FAMILIES

FAMILY_COLOURS = {f.kind: f.colour for f in FAMILIES}
STYLE = """
.pe-doc{font:15px/1.6 Georgia,serif;white-space:pre-wrap;max-width:60em}
.pe-seg{border-radius:3px}
""" + "".join(f".pe-{family}{{background:{colour}}}\n" for family, colour in FAMILY_COLOURS.items() if family != "fact") + """
.pe-fact{border-bottom:2px solid #dc2626}
.pe-organization{box-shadow:inset 0 -3px #16a34a}
.pe-seg.pe-current{background:#fde047;box-shadow:0 2px #ca8a04}
.pe-legend span{padding:0 .4em;margin-right:.4em;border-radius:3px;font:12px sans-serif}
.pe-table{border-collapse:collapse;font:13px sans-serif;margin:.6em 0}
.pe-table th,.pe-table td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.pe-table th{background:#f3f4f6;cursor:pointer}
"""


@dataclass(frozen=True)
class Mark:
    """A span of a document to highlight: offsets into the file's text, family, and what to show."""

    start: int
    end: int
    family: str
    label: str
    anchor: str | None = None  # an id to link to (facts' evidence)


def record_marks(rows: dict[str, Iterable[dict[str, Any]]]) -> list[Mark]:
    """Every table row of a document, by family name, as a mark whose label is the family's description."""
    return [Mark(r["start"], r["end"], f.kind, f.describe(r), anchor=r["id"] if f is FACTS else None)
            for f in FAMILIES for r in rows.get(f.name, ())]


def document_marks(document: Document) -> list[Mark]:
    """Every record of a document as a mark, with its normalized value as label."""
    return record_marks({f.name: [f.row(document.doc_id, r) for r in getattr(document, f.name)] for f in FAMILIES})


def highlight(text: str, start: int, end: int, marks: Iterable[Mark]) -> str:
    """text[start:end] as escaped HTML, every mark highlighted (overlaps allowed)."""
    marks = [m for m in marks if start <= m.start < m.end <= end]
    cuts = sorted({start, end, *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [m for m in marks if m.start <= a and b <= m.end]
        piece = html.escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        classes = " ".join(sorted({f"pe-{m.family}" for m in covering}))
        title = html.escape("\n".join(m.label for m in sorted(covering, key=lambda m: (m.start, m.family))), quote=True)
        anchors = "".join(f'<a id="{html.escape(m.anchor, quote=True)}"></a>' for m in covering if m.anchor and m.start == a)
        out.append(f'{anchors}<span class="pe-seg {classes}" data-s="{a}" title="{title}">{piece}</span>')
    return f'<div class="pe-doc">{"".join(out)}</div>'


def legend() -> str:
    return '<div class="pe-legend">' + "".join(
        f'<span class="pe-{family}">{family}</span>' for family in FAMILY_COLOURS) + "</div>"


def table(headers: list[str], rows: Iterable[Iterable[object]], *, table_id: str | None = None) -> str:
    """An HTML table; cells are escaped, except cells given as `Raw`."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c.html if isinstance(c, Raw) else html.escape('' if c is None else str(c))}</td>"
                                    for c in row) + "</tr>" for row in rows)
    ident = f' id="{html.escape(table_id, quote=True)}"' if table_id else ""
    return f'<table class="pe-table"{ident}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


@dataclass(frozen=True)
class Raw:
    """HTML built here (a link), not text to escape."""

    html: str


def document_html(document: Document) -> str:
    """A document as a notebook shows it: highlighted text, then its facts and entities."""
    parts = [f"<style>{STYLE}</style>", f"<h3>{html.escape(document.doc_id)}</h3>", legend()]
    for d in (document, *document.related):
        if d is not document:
            parts.append(f"<h4>{html.escape(d.doc_id)} (related article)</h4>")
        parts.append(highlight(d.text, d.start, d.end, document_marks(d)))
        if d.facts:
            parts.append(table(["type", "actor", "metric", "quantity", "time", "status"],
                               [[f.type, f.actor, f.metric, f.quantity_span.text, f.time_span.text if f.time_span else None,
                                 f.status] for f in d.facts]))
        entities = sorted({(m.canonical, m.entity_id, kind) for kind, ms in (("organization", d.organizations),
                                                                            ("jurisdiction", d.jurisdictions)) for m in ms})
        if entities:
            parts.append(table(["entity", "id", "kind"], entities))
    return "".join(parts)
