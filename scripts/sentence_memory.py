"""Peak memory of `policyextract run` on one document without sentence ends, by size.

A scraped table or a list of figures has no full stops: one "sentence" of megabytes. Facts are
assembled within a sentence, so such text must cost memory in proportion to its size, not to its
square. Each size runs in a fresh interpreter (peak RSS is per process) with no time limit per file:

    python scripts/sentence_memory.py [--sizes 0.2,0.8,8]

prints, per size in MB: seconds, peak RSS in MB, and the facts found.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

UNIT = "<script>alert(1)</script> 1,000,000 yuan "  # 41 characters, no sentence end

CHILD = """
import json, resource, sys, time
from policyextract.runs.corpus import run_corpus
began = time.perf_counter()
summary = run_corpus(sys.argv[1], sys.argv[2], formats="jsonl", timeout_per_file=0, cache=False)
print(json.dumps({"seconds": time.perf_counter() - began, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "facts": summary.counts.get("fact_mentions", 0), "failures": len(summary.failures)}))
"""


def measure(megabytes: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        (corpus / "table.txt").write_text(UNIT * int(megabytes * 1e6 / len(UNIT)), encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(Path(tmp) / "out")],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.2,0.8,8", help="document sizes in MB, comma-separated")
    args = parser.parse_args()
    print("MB      seconds  peak RSS MB  facts")
    for size in (float(s) for s in args.sizes.split(",")):
        r = measure(size)
        print(f"{size:<7} {r['seconds']:>7.1f}  {r['peak_mb']:>11.0f}  {r['facts']:>5}")


if __name__ == "__main__":
    main()
