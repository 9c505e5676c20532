"""Publication dates: when each document was published, and where that came from.

In order of trust: `metadata` (corpus/metadata.csv, or the `published` argument), `dateline` (the
document's own dateline: a line of the page, "Policy & Regulation·June 12, 2023, 11:47 PM" or "Mar 06,
2024" above a teaser, or the opening of the story, "SHANGHAI, May 14, 2024 --", "May 14, 2024 (Reuters)
-"; "BEIJING, May 14 (Reuters) -" only with a copyright year), `inferred` (a copyright line "© 2023":
the year only). Nothing else is guessed, and the clock is never read: with no evidence the date is None
and relative dates stay unresolved.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from policyextract.segmenting import DocumentLayout

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# The opening of a wire story: a place in capitals or title case (optional), the date, an agency in
# brackets (optional) and a dash or colon. The date group is read by the extractor's date reader.
STORY_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Za-z.'’-]*(?:[ -][A-Z][A-Za-z.'’-]*){0,3}(?:,[ \t]*[A-Z][A-Za-z.'’-]*(?:[ ][A-Z][A-Za-z.'’-]*){0,2})?,[ \t]*)?"
    r"(?P<date>" + _MONTH + r"[ \t]+\d{1,2}(?:,?[ \t]+\d{4})?|\d{1,2}[ \t]+" + _MONTH + r"(?:,?[ \t]+\d{4})?)"
    r"[ \t]*(?:\([A-Z][\w .&-]{1,30}\)[ \t]*)?(?:--|[-–—:])[ \t]",
    re.MULTILINE)
_OPENING = 600  # characters of the body a story dateline may start in


@dataclass(frozen=True)
class Publication:
    published: date | None = None
    year: int | None = None
    source: str | None = None
    evidence: str | None = None


def find_publication(text: str, layout: DocumentLayout, *, given: date | None,
                     read_date: Callable[[str], date | None]) -> Publication:
    """The publication date of one document; `read_date` reads a dateline's text as a day."""
    if given is not None:
        return Publication(given, given.year, "metadata", None)
    if layout.dateline is not None:
        dateline = text[layout.dateline[0] : layout.dateline[1]]
        day = read_date(dateline)
        if day is not None:
            return Publication(day, day.year, "dateline", dateline)
    copyright_year = int(text[layout.copyright[0] : layout.copyright[1]]) if layout.copyright is not None else None
    story = story_dateline(text, layout, read_date, copyright_year)
    if story is not None:
        return story
    if copyright_year is not None:
        return Publication(None, copyright_year, "inferred", f"copyright {copyright_year}")
    return Publication()


def story_dateline(text: str, layout: DocumentLayout, read_date: Callable[[str], date | None],
                   year: int | None) -> Publication | None:
    """The date a story opens with ("SHANGHAI, May 14, 2024 --"); one without a year takes `year`."""
    for start, end in layout.blocks:
        if start - layout.start > _OPENING:
            break
        m = STORY_DATELINE.match(text, start, min(end, start + _OPENING))
        if m is None:
            continue
        written = m.group("date")
        day = read_date(written if re.search(r"\d{4}", written) or year is None else f"{written}, {year}")
        if day is not None:
            return Publication(day, day.year, "dateline", m.group(0).strip())
    return None
