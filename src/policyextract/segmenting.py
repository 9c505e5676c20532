"""Segmenting: a scraped news file → its documents, as character ranges of the untouched text.

A scraped file is not one article. It holds page furniture ("Top", section labels with datelines,
photo credits, image URLs, "© 2023 … All Rights Reserved") and often, after a "More to Read" line,
teasers of related articles, each with its own section label, dateline, title and text. This module
finds, for each document, the ranges of text that are its content (`blocks`), its title and its
dateline. It never rewrites the text: everything downstream slices the same string.

The rules come from `patterns/page_furniture.jsonl` (see `patterns/README.md`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from policyextract.pattern_lines import FurnitureRule

Range = tuple[int, int]
_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])\s")
_TITLE_MAX_CHARS = 200


@dataclass
class DocumentLayout:
    """Where one document lies in its file's text."""

    part: int  # 1 for the article, 2, 3, ... for related-article teasers in order
    start: int
    end: int = -1
    title: Range | None = None
    dateline: Range | None = None  # the date text of the dateline ("June 12, 2023, 11:47 PM")
    copyright: Range | None = None  # the year of a copyright line, evidence for the date
    blocks: list[Range] = field(default_factory=list)  # content ranges, furniture removed


class Segmenter:
    """Splits file text into `DocumentLayout`s with the page-furniture rules of `patterns/`."""

    def __init__(self, rules: list[FurnitureRule]):
        self._line_rules = [(r, re.compile(r.regex)) for r in rules if r.scope == "line"]
        self._inline = [re.compile(r.regex) for r in rules if r.scope == "inline"]

    def _line_rule(self, line: str) -> tuple[FurnitureRule, re.Match[str]] | None:
        for rule, regex in self._line_rules:
            m = regex.fullmatch(line)
            if m:
                return rule, m
        return None

    def _cut_inline(self, text: str, start: int, end: int) -> list[Range]:
        """The parts of text[start:end] left when inline furniture is cut out."""
        segment = text[start:end]
        cuts = sorted((start + m.start(), start + m.end()) for rx in self._inline for m in rx.finditer(segment))
        parts, pos = [], start
        for cut_start, cut_end in cuts:
            if cut_start > pos:
                parts.append((pos, cut_start))
            pos = max(pos, cut_end)
        if pos < end:
            parts.append((pos, end))
        return [p for p in parts if text[p[0] : p[1]].strip()]

    def segment(self, text: str) -> list[DocumentLayout]:
        """Documents of `text` in order: the article first, then each related-article teaser."""
        docs = [DocumentLayout(part=1, start=0)]
        current: DocumentLayout | None = docs[0]
        in_related = False
        block: list[int] | None = None  # [start, end] of the run of content lines being collected

        def close_block() -> None:
            nonlocal block
            if block is not None and current is not None:
                current.blocks.extend(self._cut_inline(text, block[0], block[1]))
            block = None

        def new_document(start: int) -> DocumentLayout:
            close_block()
            if docs[-1].end < 0:
                docs[-1].end = start
            doc = DocumentLayout(part=len(docs) + 1, start=start)
            docs.append(doc)
            return doc

        pos = 0
        for raw_line in text.splitlines(keepends=True):
            line_start, pos = pos, pos + len(raw_line)
            content = raw_line.rstrip("\r\n")
            stripped = content.strip()
            if not stripped:
                close_block()
                continue
            lead = line_start + len(content) - len(content.lstrip())
            line_end = lead + len(stripped)
            found = self._line_rule(stripped)
            if found:
                rule, m = found
                close_block()
                if rule.role == "related_start":
                    in_related, current = True, None
                    if docs[-1].end < 0:
                        docs[-1].end = line_start
                elif rule.role == "section_label" and in_related:
                    current = new_document(line_start)
                elif rule.role == "dateline":
                    if in_related and (current is None or current.blocks or current.title):
                        current = new_document(line_start)
                    if current is not None and current.dateline is None:
                        current.dateline = (lead + m.start("date"), lead + m.end("date"))
                elif rule.role == "copyright" and current is not None and m.group("year"):
                    current.copyright = (lead + m.start("year"), lead + m.end("year"))
                continue
            if current is None:  # a teaser without a section label or dateline
                current = new_document(line_start)
            if current.title is None and not current.blocks and block is None and _looks_like_title(stripped):
                current.title = (lead, line_end)
            block = [lead, line_end] if block is None else [block[0], line_end]
        close_block()
        if docs[-1].end < 0:
            docs[-1].end = len(text)
        kept = [d for d in docs if d.part == 1 or d.blocks]
        for part, doc in enumerate(kept, start=1):
            doc.part = part
        return kept


def _looks_like_title(line: str) -> bool:
    """A headline: short, not a bullet, not a sentence ending in a full stop."""
    return len(line) <= _TITLE_MAX_CHARS and not _BULLET.match(line) and not line.endswith((".", ":"))
