"""The registry: every family, in the order the package iterates over them.

Adding a family means declaring it in its own package (`policyextract.families.<name>`, see
`families/family.py`) and listing it here; pattern loading, tables, rendering, the report,
annotations, scoring, the spaCy components and diffing take it from `FAMILIES`.
"""

from __future__ import annotations

from policyextract.families.amounts import AMOUNTS
from policyextract.families.dates import DATES
from policyextract.families.entities import JURISDICTIONS, ORGANIZATIONS
from policyextract.families.facts import FACTS
from policyextract.families.family import Family, PatternFamily
from policyextract.families.percentages import PERCENTAGES
from policyextract.families.quantities import MODIFIERS

FAMILIES: tuple[Family, ...] = (AMOUNTS, PERCENTAGES, DATES, ORGANIZATIONS, JURISDICTIONS, FACTS)
# Pattern files in load order (the order of the Matcher's patterns); modifiers serve amounts and percentages.
PATTERN_FAMILIES: tuple[PatternFamily, ...] = (
    AMOUNTS.patterns, PERCENTAGES.patterns, MODIFIERS, DATES.patterns, ORGANIZATIONS.patterns, FACTS.patterns,
)
FAMILY_BY_NAME = {f.name: f for f in FAMILIES}
RECORD_TABLES = tuple(f.table for f in FAMILIES)
