"""The fact table: reports merged within (type, actor) blocks, indexed, spilled to disk, streamed by id."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from policyextract.families.facts.table import FactReport, FactTable, merge_block, stored_reports


def report(fact_id: str, *quantities: str, actor_id: str | None = "new:acme", doc_id: str = "d1",
           fact_type: str = "fund", values: dict[str, Decimal] | None = None) -> FactReport:
    return FactReport(fact_id, fact_type, actor_id, "Acme", "fund", "announced", None, None, f"evidence {fact_id}",
                      values or {}, frozenset(("amount", q) for q in quantities), None, None,
                      [(fact_id, doc_id)])


def merged_by_scan(reports: list[FactReport]) -> list[tuple[frozenset, list]]:
    """The definition: a report joins the first fact (in order) with a quantity in common."""
    merged: list[tuple[set, list]] = []
    for r in reports:
        same = next((m for m in merged if m[0] & r.quantity_key), None)
        if same is None:
            merged.append((set(r.quantity_key), list(r.sources)))
        else:
            same[0].update(r.quantity_key)
            same[1].extend(r.sources)
    return [(frozenset(keys), sources) for keys, sources in merged]


@given(st.lists(st.sets(st.sampled_from("abcdefgh"), min_size=1, max_size=3), max_size=40))
def test_indexed_merge_is_the_first_fact_in_common(quantity_sets):
    reports = [report(f"f{i:02d}", *qs) for i, qs in enumerate(quantity_sets)]
    got = [(m.quantity_key, m.sources) for m in merge_block(reports)]
    assert got == merged_by_scan(reports)


def test_merge_joins_through_a_conversion_and_keeps_the_first_values():
    first = report("a:1", "CNY:150000000", values={"CNY": Decimal(150000000)})
    second = report("b:1", "CNY:150000000", "USD:21700000", values={"CNY": Decimal(150000000), "USD": Decimal(21700000)})
    third = report("c:1", "USD:21700000", values={"USD": Decimal(21700000)})
    (merged,) = merge_block([first, second, third])
    assert [s[0] for s in merged.sources] == ["a:1", "b:1", "c:1"]
    assert merged.values == {"CNY": Decimal(150000000), "USD": Decimal(21700000)}
    assert first.sources == [("a:1", "d1")]  # the inputs are not changed


def test_rows_merge_blocks_of_merged_actors_and_stream_in_fact_id_order():
    table = FactTable()
    table.add_stored(stored_reports([report("doc-b:fact-1", "x", actor_id="new:acme", doc_id="doc-b"),
                       report("doc-a:fact-2", "y", actor_id="new:acme", doc_id="doc-a"),
                       report("doc-\udcff:fact-1", "x", actor_id="new:acme co", doc_id="doc-\udcff"),
                       report("doc-a:fact-1", "x", actor_id=None, doc_id="doc-a"),
                       report("doc-c:fact-1", "x", actor_id="new:acme", doc_id="doc-c", fact_type="target")]))
    rows = list(table.rows({"new:acme co": "new:acme"}, {"new:acme": "Acme Group"}))
    assert [(r["fact_id"], r["type"], r["actor_id"], r["actor"], r["mentions"]) for r in rows] == [
        ("doc-a:fact-1", "fund", None, "Acme", ["doc-a:fact-1"]),
        ("doc-a:fact-2", "fund", "new:acme", "Acme Group", ["doc-a:fact-2"]),
        ("doc-b:fact-1", "fund", "new:acme", "Acme Group", ["doc-b:fact-1", "doc-\udcff:fact-1"]),
        ("doc-c:fact-1", "target", "new:acme", "Acme Group", ["doc-c:fact-1"]),
    ]
    assert rows[2]["documents"] == ["doc-b", "doc-\udcff"]
    # rows can be read again (a retry, a second format)
    assert [r["fact_id"] for r in table.rows({"new:acme co": "new:acme"})] == [r["fact_id"] for r in rows]


def test_rows_read_one_actor_blocks_and_fact_rows_from_indexes_not_from_sorts_in_memory():
    """SQLite sorts an ORDER BY without an index in memory first: reading a large block or the fact
    rows (each listing its documents) that way held tens of MB at the end of a 100,000-document run."""
    table = FactTable()
    table.add_stored(stored_reports([report(f"doc-{i}:fact-1", "x", actor_id=None, doc_id=f"doc-{i}") for i in range(5)]
                                    + [report("doc-9:fact-2", "y", actor_id="org.acme", doc_id="doc-9")]))
    statements: list[str] = []
    table._db.set_trace_callback(statements.append)
    rows = table.rows()
    next(rows)  # every block merged, the rows being read: the rows' temporary table still exists
    table._db.set_trace_callback(None)
    ordered = [s for s in statements if s.lstrip().upper().startswith("SELECT") and "ORDER BY" in s.upper()
               and ("FROM reports" in s or "FROM facts" in s)]
    assert len(ordered) == 3  # two blocks, then the rows
    for statement in ordered:
        plan = " ".join(str(row[-1]) for row in table._db.execute("EXPLAIN QUERY PLAN " + statement))
        assert "TEMP B-TREE" not in plan, (statement, plan)
    assert len(list(rows)) == 1
