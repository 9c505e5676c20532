"""Evaluation: a gold set (hand-annotated articles) against what the extractor finds in the same texts.

`run_evaluation` loads gold files (one file or a folder of them), extracts each annotated text the way
a corpus run does (same doc ids, same metadata.csv), and scores every family with `scoring.score`.
`evaluate` is the notebook view: one row per family. The CLI's `policyextract eval` prints the same
table, lists every miss, spurious record and wrong value, and can gate CI on minimum F1 scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any


from policyextract.runs.corpus import job_for, process_file
from policyextract.extractor import Extractor
from policyextract.gold import GoldError, GoldFile, check_gold_against_text, read_gold_file
from policyextract.patterns import PatternSet
from policyextract.scoring import FamilyScore, score

if TYPE_CHECKING:  # pandas is imported where a frame is made: it costs start-up otherwise
    import pandas as pd


def gold_files(path: Path) -> list[Path]:
    """The gold files of `path`: itself, or the `*.json` files of a folder, sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise GoldError(f"{path}: no such gold file or folder")
    files = sorted(p for p in path.glob("*.json") if p.name != "schema.json")
    if not files:
        raise GoldError(f"{path}: no gold files (*.json)")
    return files


def locate_text(gold: GoldFile, gold_path: Path, corpus: Path | None) -> Path:
    """The annotated text: `corpus/<name>` when a corpus folder is given, else `path` resolved against
    the working directory, then the gold file's folder and its parents."""
    relative = Path(gold.path)
    if corpus is not None:
        candidates = [corpus / relative.name]
    else:
        candidates = [Path.cwd() / relative, *(parent / relative for parent in gold_path.resolve().parents)]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise GoldError(f"{gold_path}: the text it annotates, {gold.path!r}, was not found (pass --corpus DIR)")


@dataclass
class Evaluation:
    """Scores per family over a gold set, and every difference found."""

    scores: dict[str, FamilyScore] = field(default_factory=dict)

    def add(self, family_scores: dict[str, FamilyScore]) -> None:
        for family, s in family_scores.items():
            total = self.scores.setdefault(family, FamilyScore(family))
            total.gold += s.gold
            total.predicted += s.predicted
            total.matched += s.matched
            total.values_correct += s.values_correct
            total.problems += s.problems
            total.clusters += s.clusters

    @property
    def problems(self) -> list[str]:
        return [f"{family}: {p}" for family, s in self.scores.items() for p in s.problems]

    def frame(self) -> pd.DataFrame:
        rows = [{"family": f, "gold": s.gold, "predicted": s.predicted, "matched": s.matched,
                 "precision": s.precision, "recall": s.recall, "f1": s.f1, "value_accuracy": s.value_accuracy,
                 "bcubed_f1": s.bcubed_f1}
                for f, s in self.scores.items()]
        import pandas as pd

        return pd.DataFrame(rows).set_index("family")

    def to_json(self) -> dict[str, Any]:
        return {"scores": self.frame().reset_index().to_dict(orient="records"), "problems": self.problems}


def run_evaluation(gold: Path | str, *, corpus: Path | str | None = None,
                   patterns: PatternSet | Path | str | None = None) -> Evaluation:
    """Score the extractor against every gold file of `gold` (a file or a folder)."""
    extractor = Extractor(patterns)
    evaluation = Evaluation()
    for gold_path in gold_files(Path(gold)):
        gold_file = read_gold_file(gold_path)
        text_path = locate_text(gold_file, gold_path, Path(corpus) if corpus else None)
        result = process_file(job_for(text_path), extractor)
        if result.failure is not None or result.document is None:
            reason = result.failure.reason if result.failure else "no document"
            raise GoldError(f"{gold_path}: the annotated text cannot be read: {reason}")
        check_gold_against_text(gold_file, result.document.text, gold_path)
        evaluation.add(score(gold_file.documents, [result.document]))
    return evaluation


def evaluate(gold: Path | str, *, corpus: Path | str | None = None,
             patterns: PatternSet | Path | str | None = None) -> pd.DataFrame:
    """Scores of the extractor on a gold set, one row per family (precision, recall, F1, value accuracy).

    The full list of differences is `run_evaluation(...).problems`.
    """
    return run_evaluation(gold, corpus=corpus, patterns=patterns).frame()
