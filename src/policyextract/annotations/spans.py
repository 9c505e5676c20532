"""`spans` and `prodigy`: one JSON line per document with its `text`, `spans` and `meta`.

- `spans`, the shape `export --format spans` has always written: each span has `start`, `end`, `text`,
  `label`, its local `id` and its values, and links are ids among the values (`equivalent`, `anchor`,
  a fact's `quantity` and `time`).
- `prodigy`: what Prodigy's `rel.manual` reads and saves: the `tokens` (`text`, `start`, `end`, `id`,
  `ws`), each span's `token_start`/`token_end`, and the links as `relations`, each with the `head` and
  `child` token (the last token of each span), `head_span`, `child_span` and `label`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any

from policyextract.annotations.regions import (
    Annotated,
    Region,
    Where,
    add_links,
    relations_of,
    without_links,
)
from policyextract.errors import AnnotationFileError

# Keys of a span that are its place and label, not values (`type` is Prodigy's: "span").
SPAN_KEYS = frozenset({"id", "start", "end", "text", "label", "token_start", "token_end", "type"})


def write_spans(a: Annotated) -> dict[str, Any]:
    spans = [{"id": r.key, "start": r.start, "end": r.end, "text": a.text[r.start : r.end],
              **{k: v for k, v in r.values.items() if k != "actor_mention"}, "label": r.label} for r in a.regions]
    return {"text": a.text, "spans": spans, "meta": a.meta}


def write_prodigy(a: Annotated, tokenizer: Callable[[str], Any]) -> dict[str, Any]:
    """`tokenizer`: a spaCy tokenizer (text → Doc), whose tokens Prodigy shows and relations point at."""
    tokens = [{"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i, "ws": bool(t.whitespace_)}
              for t in tokenizer(a.text)]
    starts = [t["start"] for t in tokens]
    spans = {}
    for r in a.regions:
        place = {"id": r.key, "start": r.start, "end": r.end, "text": a.text[r.start : r.end],
                 "token_start": bisect_right(starts, r.start) - 1, "token_end": bisect_right(starts, r.end - 1) - 1,
                 "label": r.label}
        spans[r.key] = (place, without_links(r))
    relations = [{"head": spans[h][0]["token_end"], "child": spans[c][0]["token_end"],
                  "head_span": spans[h][0], "child_span": spans[c][0], "label": label}
                 for h, c, label in relations_of(a)]
    return {"text": a.text, "tokens": tokens, "spans": [{**place, **values} for place, values in spans.values()],
            "relations": relations, "meta": a.meta}


def _region_for(ref: Any, token: Any, regions: list[Region], tokens_of: dict[str, tuple[int, int]], where: Where) -> str:
    """The key of the region a Prodigy relation end names: by id, by offsets and label, or by token."""
    keys = {r.key for r in regions}
    if isinstance(ref, dict):
        if str(ref.get("id")) in keys:
            return str(ref["id"])
        for r in regions:
            if (r.start, r.end, r.label) == (ref.get("start"), ref.get("end"), ref.get("label")):
                return r.key
    # Prodigy points a relation at a span's last token; a sentence-long FACT holds other spans' tokens too.
    holding = sorted((last != token, last - first, key) for key, (first, last) in tokens_of.items()
                     if isinstance(token, int) and first <= token <= last)
    if holding:
        return holding[0][2]
    raise AnnotationFileError(*where, f"a relation's end {ref or token!r} is none of the spans")


def read_spans(item: dict[str, Any], where: Where) -> Annotated:
    """A `spans` or `prodigy` line: links from the spans' values and from `relations`, if any."""
    if not isinstance(item.get("text"), str) or not isinstance(item.get("spans", []), list):
        raise AnnotationFileError(*where, "a spans line needs 'text' and a list of 'spans'")
    regions, seen, tokens_of = [], set(), {}
    for i, s in enumerate(item.get("spans", [])):
        if not {"start", "end", "label"} <= set(s):
            raise AnnotationFileError(*where, f"span {i} needs 'start', 'end' and 'label'")
        key = str(s["id"]) if s.get("id") is not None and str(s["id"]) not in seen else f"span-{i}"
        seen.add(key)
        values = {k: v for k, v in s.items() if k not in SPAN_KEYS}
        if "token_start" in s and "token_end" in s:
            tokens_of[key] = (s["token_start"], s["token_end"])
        regions.append(Region(key, s["label"], s["start"], s["end"], values))
    relations = [(_region_for(rel.get("head_span"), rel.get("head"), regions, tokens_of, where),
                  _region_for(rel.get("child_span"), rel.get("child"), regions, tokens_of, where))
                 for rel in item.get("relations") or [] if "head_span" in rel or "head" in rel]
    add_links(regions, relations, where)
    return Annotated(item["text"], item.get("meta") or {}, regions)
