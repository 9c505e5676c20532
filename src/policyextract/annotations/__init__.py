"""Annotations: records ⇄ the files of span-annotation tools, the correction loop between extractor and gold.

`export_annotations` writes documents for a tool (`spans`, `prodigy`, `doccano`, `labelstudio`) with
every label of the registry and the normalized values of each record; the user corrects them in the
tool; `import_annotations` reads what the tool saved (the format found from the items themselves or
given) back into gold files. `regions` is the neutral shape between the two; one module per tool
reads and writes it. docs/annotations.md describes the formats.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from policyextract.annotations.doccano import read_doccano, write_doccano
from policyextract.annotations.labelstudio import (
    label_config,
    read_labelstudio,
    write_labelstudio,
)
from policyextract.annotations.regions import (
    FAMILY_OF_LABEL,
    RELATION_LABELS,
    Where,
    annotate,
    gold_files,
)
from policyextract.annotations.spans import read_spans, write_prodigy, write_spans
from policyextract.errors import AnnotationFileError, ArgumentError
from policyextract.gold import GoldFile
from policyextract.models import Document

__all__ = ["FORMATS", "LABELS", "RELATION_LABELS", "detect_format", "export_annotations", "import_annotations",
           "label_config", "parse_annotations", "serialize_annotations"]

FORMATS = ("spans", "prodigy", "doccano", "labelstudio")
LABELS = tuple(FAMILY_OF_LABEL)
_READERS = {"spans": read_spans, "prodigy": read_spans, "doccano": read_doccano, "labelstudio": read_labelstudio}


def export_annotations(documents: Iterable[Document], fmt: str = "spans", *, labels: Iterable[str] | None = None,
                       tokenizer: Callable[[str], Any] | None = None) -> Iterator[dict[str, Any]]:
    """One item per document and teaser in format `fmt`, with the regions of `labels` (default: all).
    `tokenizer` (a spaCy tokenizer) makes Prodigy's tokens; default: `spacy.blank("en")`'s."""
    if fmt not in FORMATS:
        raise ArgumentError("fmt", f"is {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "prodigy" and tokenizer is None:
        import spacy

        tokenizer = spacy.blank("en").tokenizer
    write = {"spans": write_spans, "prodigy": lambda a: write_prodigy(a, tokenizer), "doccano": write_doccano,
             "labelstudio": write_labelstudio}[fmt]
    return map(write, annotate(documents, labels))


def serialize_annotations(items: Iterable[dict[str, Any]], fmt: str) -> Iterator[str]:
    """The file text, piece by piece: JSON lines, or for Label Studio one JSON list of tasks."""
    if fmt != "labelstudio":
        yield from (json.dumps(item, ensure_ascii=False) + "\n" for item in items)
        return
    yield "["
    for n, item in enumerate(items):
        yield ("," if n else "") + "\n" + json.dumps(item, ensure_ascii=False)
    yield "\n]\n"


def parse_annotations(text: str, path: str = "-") -> list[tuple[dict[str, Any], Where]]:
    """The items of an annotation file, each with where it was read: a JSON list (Label Studio's
    export) or JSON lines."""
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise AnnotationFileError(path, exc.lineno, f"invalid JSON: {exc.msg}") from None
        parsed = [(item, (f"{path} item {n}", None)) for n, item in enumerate(items, start=1)]
    else:
        parsed = []
        for n, line in enumerate(text.split("\n"), start=1):  # "\n" alone: a U+2028 stays in its line
            if line.strip():
                try:
                    parsed.append((json.loads(line), (path, n)))
                except json.JSONDecodeError as exc:
                    raise AnnotationFileError(path, n, f"invalid JSON: {exc.msg}") from None
    for item, where in parsed:
        if not isinstance(item, dict):
            raise AnnotationFileError(*where, "expected a JSON object")
    return parsed


def detect_format(item: dict[str, Any]) -> str | None:
    """The format an item is in, from its keys; None when it is in none of them."""
    if isinstance(item.get("data"), dict):
        return "labelstudio"
    if "entities" in item or ("spans" not in item and isinstance(item.get("label", item.get("labels")), list)):
        return "doccano"
    if "spans" in item:
        return "prodigy" if "tokens" in item or "relations" in item else "spans"
    return None


def import_annotations(items: Iterable[tuple[dict[str, Any], Where]], fmt: str | None = None) -> list[GoldFile]:
    """Gold files, one per source file, from the items of a tool's file (as `parse_annotations` gives
    them). Prodigy answers "reject" and "ignore" are left out."""
    texts = []
    for item, where in items:
        found = fmt or detect_format(item)
        if found is None:
            raise AnnotationFileError(*where, f"not an item of any of {', '.join(FORMATS)} "
                                      "(no 'spans', 'entities', 'label' or 'data')")
        if item.get("answer") in ("reject", "ignore"):
            continue
        texts.append((_READERS[found](item, where), where))
    return gold_files(texts)
