"""Detection and resolution on the in-scope part of Recognizers-Text's English date suite.

    PYTHONPATH=src .venv/bin/python scripts/dates_in_scope.py [SHARED] [--excluded]

SHARED is the developers' shared folder holding `devset/peers/dates.jsonl` and `devset/score.py`
(default: the `shared` folder beside this checkout or one of its parents). The scope is the one
docs/dates.md states ("Scope on Recognizers-Text's date suite"): a suite entity is left out when one
of the rules below names it, and so is any prediction that overlaps a left-out entity (our record of
the date inside "tomorrow 8:00am" is neither right nor wrong there). Predictions that are bare
durations (no dates) and overlap no in-scope entity are left out too: the project records them on
purpose, the suite does not count them. Everything else is scored as `score.py --external` scores the
suite, with score.py's own functions: one-to-one matching by span overlap for detection, and a match
resolved when our start date is one of the starts the suite accepts.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_UNIT = r"(?:day|week|month|year|fortnight)s?"
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|couple of|few)"
_TENS = r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"

# Kinds of the suite's entities that are not dates for this project.
OUT_OF_SCOPE_KINDS = {
    "datetime": "clock time", "datetimerange": "clock time", "time": "clock time", "timerange": "clock time",
    "set": "frequency", "duration": "duration the suite does not count",
}

# (rule, pattern on the suite entity's surface, lowercased), in the order docs/dates.md lists them.
OUT_OF_SCOPE_SURFACES = [
    ("clock time", r"\d:\d\d|\b\d+(?:\.\d\d)?\s*(?:am|pm|a\.m|p\.m)\b|\b(?:morning|afternoon|evening|night|tonight|noon|midnight|o'?clock)\b"),
    ("spelled-out year", rf"\b(?:thousand|hundred)\b|\b(?:nineteen|eighteen|seventeen|twenty)[ -](?:{_TEENS}|{_TENS})"),
    ("decade without century", r"(?<![\d'])'?\d0\s?'?s\b|\b(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|noughties)\b"),
    ("date arithmetic", rf"\b{_UNIT},?\s+(?:and\s+)?{_COUNT}\s+{_UNIT}\b"  # compound durations: "2 years 1 month"
                        rf"|\b{_COUNT}\s+{_UNIT},?\s+(?:after|before|from|since|starting|on)\b"  # "3 days after ...", "in 3 days on Friday"
                        rf"|\b(?:day|week|weekend|month|year)\s+after\b|\bday\s+before\b|\bsundays?\s+from\b"),
    ("business days", r"\bbusiness days?\b|\bworking (?:days?|week)\b|\bwork ?week\b"),
    ("week by number or position", rf"\bweek\s*\d|\b(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?:{_COUNT}\s+)?weeks?\s+of\b"
                                   rf"|\bweek\s+(?:of|beginning|starting|commencing)\b|\bw/c\b"),
    ("weekend, rest of a period, year to date, school year",
     r"\bweekend\b|\brest\b|\bremaining\b|\b(?:year )?(?:to|till) date\b|\bschool year\b|\bsy\d"),
    ("fused or chat form", rf"\b{_MONTH}\d|\d{_MONTH}\b|\b{_MONTH}\.?/\d|\d/{_MONTH}\b|\b(?:tmrw|otd)\b|^\d{{8}}$"),
]

# Holidays outside patterns/holidays.jsonl (docs/dates.md: left out, a different day by country, or no
# verified table): the suite resolves them to the United States' days or Duckling's calendars.
OTHER_HOLIDAYS = r"\b(?:independence|labou?r|memorial|freedom|jubilee|columbus|veterans|mother'?s|father'?s|martin luther king|mlk|president'?s|flag|national|boxing|canada|victoria) day\b|\beid\b|\bramadan\b|\bdiwali\b|\byom kippur\b|\brosh hashanah\b|\bhanukk?ah\b|\bpassover\b|\bmardi gras\b"


def out_of_scope_rule(entity: dict) -> str | None:
    """Which documented scope rule leaves this suite entity out, or None when it is in scope."""
    if entity.get("kind") in OUT_OF_SCOPE_KINDS:
        return OUT_OF_SCOPE_KINDS[entity["kind"]]
    surface = entity["surface"].lower()
    for rule, pattern in OUT_OF_SCOPE_SURFACES:
        if re.search(pattern, surface):
            return rule
    if re.search(OTHER_HOLIDAYS, surface):
        return "holiday outside the table"
    return None


def find_shared(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "shared" / "devset" / "peers" / "dates.jsonl").exists():
            return folder / "shared"
    raise SystemExit("no shared/devset/peers/dates.jsonl beside this checkout or its parents: pass SHARED")


def load_scorer(devset: Path):
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    return scorer


def is_bare_duration(record) -> bool:
    return record.start is None and record.duration is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, help="the shared folder (holds devset/)")
    parser.add_argument("--excluded", action="store_true", help="also list the left-out entities by rule")
    args = parser.parse_args()
    shared = args.shared or find_shared(Path(__file__).resolve().parent.parent)
    devset = shared / "devset"
    scorer = load_scorer(devset)
    import policyextract as pe

    tally, resolved, excluded, misses = scorer.Tally(), Counter(), Counter(), []
    excluded_lines = []
    for line in (devset / "peers" / "dates.jsonl").open(encoding="utf-8"):
        case = json.loads(line)
        reference = (case.get("reference_time") or "")[:10] or None
        preds = list(scorer.extract(pe, case["text"], published=reference).dates)
        left_out = []
        gold = []
        for entity in case["expected"]:
            rule = out_of_scope_rule(entity)
            if rule is None and entity.get("kind") in ("date", "daterange"):
                gold.append(entity)
            elif rule is not None:
                left_out.append(entity)
                excluded[rule] += 1
                excluded_lines.append(f"{rule}: {entity['surface']!r}")
        gold_spans = [(e["start"], e["end"]) for e in gold]
        preds = [p for p in preds
                 if not any(scorer.overlap((e["start"], e["end"]), scorer.span_of(p)) for e in left_out)
                 and not (is_bare_duration(p) and not any(scorer.overlap(g, scorer.span_of(p)) for g in gold_spans))]
        det = scorer.greedy(gold, preds, lambda a, p: scorer.overlap((a["start"], a["end"]), scorer.span_of(p)))
        tally.add("in_scope.dates.detect", len(det), len(gold), len(preds))
        for gi, pi in det:
            want = scorer.expected_starts(gold[gi])
            if not want:
                continue
            got = scorer.to_date(preds[pi].start)
            resolved[got in want] += 1
            if got not in want:
                misses.append(f"{case['id']} wrong: {gold[gi]['surface']!r} (ref {reference}) want "
                              f"{', '.join(sorted(map(str, want)))}, got {got}")
        found_gold = {gi for gi, _ in det}
        found_pred = {pi for _, pi in det}
        misses += [f"{case['id']} missed: {e['surface']!r}" for gi, e in enumerate(gold) if gi not in found_gold]
        misses += [f"{case['id']} spurious: {p.span.text!r} in {case['text'][:80]!r}"
                   for pi, p in enumerate(preds) if pi not in found_pred]
    for line in misses:
        print("  -", line)
    if args.excluded:
        for line in sorted(excluded_lines):
            print("  excluded", line)
    for rule, n in excluded.most_common():
        print(f"left out ({rule}): {n}")
    print(f"in_scope.dates.detect: {tally.prf('in_scope.dates.detect')}")
    print(f"in_scope.dates.resolution_accuracy: {round(resolved[True] / max(1, sum(resolved.values())), 3)}"
          f" ({resolved[True]}/{sum(resolved.values())})")


if __name__ == "__main__":
    sys.exit(main())
