"""Publication dates: when each document was published, and where that came from.

In order of trust: `metadata` (corpus/metadata.csv, or the `published` argument), `dateline` (the
document's own dateline, "Policy & Regulation·June 12, 2023, 11:47 PM" or "Mar 06, 2024" above a
teaser), `inferred` (a copyright line "© 2023": the year only). Nothing else is guessed, and the clock
is never read: with no evidence the date is None and relative dates stay unresolved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from policyextract.segmenting import DocumentLayout


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
    if layout.copyright is not None:
        year = text[layout.copyright[0] : layout.copyright[1]]
        return Publication(None, int(year), "inferred", f"copyright {year}")
    return Publication()
