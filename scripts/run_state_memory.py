"""Peak memory of a corpus run's own state (the entity and fact tables) by corpus size, without the extractor.

Extracting 100,000 documents takes hours; what a run keeps beyond the extraction's bounded vocabulary is
its tables. This script extracts a few hundred generated articles once (`bench_corpus`, seed 0), then
feeds the tables a run's main process feeds (`EntityTable.update` with each document's table,
`FactTable.add_stored` with its fact reports) with N synthetic documents: document i is template
i mod T with its new bodies (organizations no gazetteer knows) renamed, and its fact ids, document id
and actors following. At the end it does what a run does: the corpus-wide entity merge, the canonical
names, the entity rows and the fact rows (each row JSON-encoded, then dropped).

Renamed bodies arrive as a Pitman–Yor process's names do (as `bench_corpus`'s name pools): the j-th
body drawn is new with probability about d·c·j^(d−1), else the body of a uniformly drawn earlier draw
(so, in proportion to its mentions). Each draw's identity is recomputed from seeded draws, so the
generator itself holds no memory that grows; c is set so that the distinct new bodies of the first
300 documents match the real extraction's (972 of 2,372 document-body pairs).

    python scripts/run_state_memory.py [--sizes 10000,50000,100000] [--templates 300] [--tables entities,facts]

prints, per size (each in a fresh interpreter, since peak RSS is per process): the distinct new bodies,
RSS when the documents have been added, peak RSS of the whole run (with the final merge and rows), and
seconds.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, pickle, random, re, resource, sys, time
from dataclasses import replace
from policyextract.bench_corpus import COMPANY_ENDINGS, made_up_word
from policyextract.families.entities.table import EntityTable
from policyextract.families.facts.table import FactTable, stored_reports

DISCOUNT, SCALE = 0.6, 9.2  # K(n) ≈ SCALE · n^DISCOUNT distinct bodies after n draws

def rss_mb(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":")) / 1024

def identity(draw):
    # the body of draw `draw`: itself when new, else that of a uniformly drawn earlier draw
    while draw > 0:
        rng = random.Random(draw)
        if rng.random() < min(1.0, SCALE * DISCOUNT * draw ** (DISCOUNT - 1)):
            return draw
        draw = rng.randrange(draw)
    return 0

def body(number):
    rng = random.Random(~number)
    word = made_up_word(rng)
    name = word if rng.random() < 0.25 else f"{word} {rng.choice(COMPANY_ENDINGS)}"
    return "new:" + re.sub(r"[^a-z0-9]", "", name.lower()), name, word

templates_path, documents, tables = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")
with open(templates_path, "rb") as f:
    templates = pickle.load(f)  # [(entity table state rows, fact reports)] per template document
settings = EntityTable().settings
entities, facts = EntityTable(settings), FactTable()
began, draws, marks = time.perf_counter(), 0, {}
for i in range(documents):
    stats, reports = templates[i % len(templates)]
    doc_id, old_doc = f"doc-{i:07d}", reports[0].sources[0][1] if reports else ""
    renamed, rows = {}, []
    for entity_id, kind, canonical, type_, level, parent, jurisdiction, names, count, types, built in stats:
        if entity_id.startswith("new:"):
            draws += 1
            new_id, name, word = body(identity(draws))
            renamed[entity_id] = (new_id, name)
            total = sum(names.values())
            names = {name: total} if len(names) == 1 else {name: total - 1, word: 1}
            built = {name: sum(built.values())} if built else {}
            entity_id, canonical = new_id, name
        rows.append((entity_id, kind, canonical, type_, level, parent, jurisdiction, names, count, types, built))
    table = EntityTable.__new__(EntityTable)
    table.__setstate__((settings, rows))
    entities.update(table)
    moved = []
    for r in reports:
        actor_id, actor = renamed.get(r.actor_id, (r.actor_id, r.actor))
        fact_id = doc_id + r.fact_id[len(old_doc):]
        moved.append(replace(r, fact_id=fact_id, actor_id=actor_id, actor=actor, sources=[(fact_id, doc_id)]))
    if "facts" in tables:
        facts.add_stored(stored_reports(moved))
    if i + 1 in (10_000, 50_000, 100_000):
        marks[i + 1] = rss_mb("VmRSS")
added = rss_mb("VmRSS")
canonical = entities.canonical()
bodies = sum(1 for row in entities.iter_rows() if row["entity_id"].startswith("new:") and json.dumps(row))
fact_rows = sum(1 for row in facts.rows(entities.mapping, canonical) if json.dumps(row, default=str)) if "facts" in tables else 0
print(json.dumps({"bodies": bodies, "facts": fact_rows, "marks": marks, "added_mb": added, "peak_mb": rss_mb("VmHWM"),
                  "seconds": time.perf_counter() - began}))
"""


def make_templates(count: int, path: Path) -> None:
    """Extract `count` generated articles and keep what the run's tables get of each."""
    from policyextract.bench_corpus import generate_articles
    from policyextract.extractor import Extractor
    from policyextract.runs.corpus import document_output

    extractor = Extractor()
    templates = []
    for i, text in enumerate(generate_articles(count)):
        output = document_output(extractor.extract(text, doc_id=f"article-{i:06d}"), ("jsonl",), extractor.entity_settings)
        templates.append((output.entities.__getstate__()[1], [pickle.loads(blob) for *_, blob in output.facts]))
    path.write_bytes(pickle.dumps(templates))


def measure(templates: Path, documents: int, tables: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(templates), str(documents), tables], capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000,100000", help="documents, comma-separated")
    parser.add_argument("--templates", type=int, default=300, help="generated articles extracted as templates")
    parser.add_argument("--tables", default="entities,facts", help="the tables fed: entities, or entities,facts")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        templates = Path(tmp) / "templates.pickle"
        make_templates(args.templates, templates)
        print("documents  new bodies  RSS added MB  peak RSS MB  seconds")
        for size in (int(s) for s in args.sizes.split(",")):
            r = measure(templates, size, args.tables)
            print(f"{size:>9,}  {r['bodies']:>10,}  {r['added_mb']:>12.1f}  {r['peak_mb']:>11.1f}  {r['seconds']:>7.0f}",
                  flush=True)


if __name__ == "__main__":
    main()
