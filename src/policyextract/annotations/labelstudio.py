"""Label Studio: a JSON list of tasks, as Label Studio imports (and exports) them.

Written: each task's `data` holds the `text` and a `meta` object (the document's meta and, under
`records`, each region's values), and its `predictions` hold the regions as `labels` results
(`value`: `start`, `end`, `text`, `labels`) and the links as `relation` results (`from_id`, `to_id`,
`direction`, `labels`), so they show as pre-annotations to accept or correct. Read back: the first
annotation not cancelled, else the first prediction. `label_config()` is the labeling interface.
"""

from __future__ import annotations

from typing import Any

from policyextract.annotations.regions import (
    FAMILY_OF_LABEL,
    RELATION_LABELS,
    Annotated,
    Region,
    Where,
    add_links,
    attach_values,
    records_of,
    relations_of,
)
from policyextract.errors import AnnotationFileError
from policyextract.version import __version__


def label_config() -> str:
    """The Label Studio labeling configuration for these tasks: every label and relation."""
    labels = "".join(f'    <Label value="{label}"/>\n' for label in FAMILY_OF_LABEL)
    relations = "".join(f'    <Relation value="{label}"/>\n' for label in RELATION_LABELS)
    return (f'<View>\n  <Relations>\n{relations}  </Relations>\n  <Labels name="label" toName="text">\n{labels}'
            '  </Labels>\n  <Text name="text" value="$text"/>\n</View>\n')


def write_labelstudio(a: Annotated) -> dict[str, Any]:
    result: list[dict[str, Any]] = [
        {"id": r.key, "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": r.start, "end": r.end, "text": a.text[r.start : r.end], "labels": [r.label]}}
        for r in a.regions
    ]
    result += [{"from_id": h, "to_id": c, "type": "relation", "direction": "right", "labels": [label]}
               for h, c, label in relations_of(a)]
    return {"data": {"text": a.text, "meta": {**a.meta, "records": records_of(a)}},
            "predictions": [{"model_version": f"policyextract {__version__}", "result": result}]}


def read_labelstudio(item: dict[str, Any], where: Where) -> Annotated:
    data = item.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise AnnotationFileError(*where, "a Label Studio task needs 'data' with 'text'")
    done = [x for x in item.get("annotations") or [] if not x.get("was_cancelled")]
    chosen = (done or item.get("predictions") or [{}])[0]
    regions, relations = [], []
    for n, r in enumerate(chosen.get("result") or []):
        if r.get("type") == "labels":
            value = r.get("value") or {}
            if not value.get("labels") or "start" not in value or "end" not in value:
                raise AnnotationFileError(*where, f"result {n} needs 'value' with 'start', 'end' and 'labels'")
            regions.append(Region(str(r.get("id", f"result-{n}")), value["labels"][0], value["start"], value["end"]))
        elif r.get("type") == "relation":
            ends = (str(r.get("from_id")), str(r.get("to_id")))
            relations.append(ends[::-1] if r.get("direction") == "left" else ends)
    meta = data.get("meta") if isinstance(data.get("meta"), dict) else {}
    attach_values(regions, meta.get("records") or [])
    add_links(regions, relations, where)
    return Annotated(data["text"], {k: v for k, v in meta.items() if k != "records"}, regions)
