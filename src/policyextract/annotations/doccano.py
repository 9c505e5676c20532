"""doccano: one JSON line per document, in the relation-extraction project's shape.

Written: `text`, `entities` (`id`, `label`, `start_offset`, `end_offset`), `relations` (`id`,
`from_id`, `to_id`, `type`) and `meta`, which doccano keeps as the example's metadata: the document's
meta and, under `records`, each region's values (doccano keeps none on an entity). Read back: that
shape, or a sequence-labeling line (`label` or `labels`: `[[start, end, "LABEL"], ...]`, no relations).
"""

from __future__ import annotations

from typing import Any

from policyextract.annotations.regions import (
    Annotated,
    Region,
    Where,
    add_links,
    attach_values,
    records_of,
    relations_of,
)
from policyextract.errors import AnnotationFileError


def write_doccano(a: Annotated) -> dict[str, Any]:
    number = {r.key: n for n, r in enumerate(a.regions, start=1)}
    return {
        "text": a.text,
        "entities": [{"id": number[r.key], "label": r.label, "start_offset": r.start, "end_offset": r.end} for r in a.regions],
        "relations": [{"id": n, "from_id": number[h], "to_id": number[c], "type": label}
                      for n, (h, c, label) in enumerate(relations_of(a), start=1)],
        "meta": {**a.meta, "records": records_of(a)},
    }


def _meta(item: dict[str, Any]) -> dict[str, Any]:
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else item.get("metadata")
    return meta if isinstance(meta, dict) else {}


def read_doccano(item: dict[str, Any], where: Where) -> Annotated:
    if not isinstance(item.get("text"), str):
        raise AnnotationFileError(*where, "a doccano line needs 'text'")
    try:
        if "entities" in item:
            regions = [Region(str(e["id"]), e["label"], e["start_offset"], e["end_offset"]) for e in item["entities"]]
        else:
            regions = [Region(f"label-{i}", label, start, end)
                       for i, (start, end, label) in enumerate(item.get("label", item.get("labels", [])))]
    except (KeyError, TypeError, ValueError):
        raise AnnotationFileError(*where, "doccano entities need 'id', 'label', 'start_offset', 'end_offset' "
                                  "(or 'label': [[start, end, label], ...])") from None
    meta = _meta(item)
    attach_values(regions, meta.get("records") or [])
    add_links(regions, [(str(r.get("from_id")), str(r.get("to_id"))) for r in item.get("relations") or []], where)
    return Annotated(item["text"], {k: v for k, v in meta.items() if k != "records"}, regions)
