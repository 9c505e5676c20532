"""The `policyextract` command, driven through click's runner: outputs, failures, exit codes, help."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from policyextract.cli import main

from .conftest import CORPUS, ROOT

SEED = CORPUS / "nanjing-metaverse.txt"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def mixed_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "good.txt")
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "notes.md").write_text("not an article", encoding="utf-8")
    return corpus


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_run_reports_bad_files_and_keeps_the_rest(mixed_corpus, tmp_path):
    out = tmp_path / "out"
    result = invoke("run", mixed_corpus, "--out", out)
    assert result.exit_code == 1
    assert read_jsonl(out / "failures.jsonl") == [
        {"source": "corpus/binary.txt", "error": "E200", "reason": "binary file (contains NUL bytes), not text"},
    ]
    documents = read_jsonl(out / "documents.jsonl")
    assert [d["doc_id"] for d in documents] == ["empty", "good", "good#2", "good#3", "good#4"]
    assert [d["amounts"] for d in documents] == [0, 10, 3, 0, 3]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == {"files": 3, "documents": 5, "amounts": 16, "percentages": 0, "dates": 23, "failures": 1}
    assert [i["source"] for i in manifest["inputs"]] == ["corpus/binary.txt", "corpus/empty.txt", "corpus/good.txt"]


def test_cli_run_refuses_to_overwrite_without_force(mixed_corpus, tmp_path):
    out = tmp_path / "out"
    invoke("run", mixed_corpus, "--out", out)
    result = invoke("run", mixed_corpus, "--out", out)
    assert result.exit_code == 2
    assert "already holds outputs" in result.output and "--force" in result.output
    assert invoke("run", mixed_corpus, "--out", out, "--force").exit_code == 1


def test_cli_run_writes_every_format(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", SEED, "--out", out, "--format", "jsonl,csv,parquet")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["manifest.json"] + [f"{t}.{f}" for t in ("amounts", "dates", "documents", "failures", "percentages")
                                                for f in ("jsonl", "csv", "parquet")])
    assert not list(out.glob("*.tmp"))


def test_cli_run_rejects_unknown_format(tmp_path):
    result = invoke("run", SEED, "--out", tmp_path / "out", "--format", "xlsx")
    assert result.exit_code == 2
    assert "unknown output format xlsx" in result.output


def test_cli_run_reports_broken_pattern_file(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    with (patterns / "amounts.jsonl").open("a", encoding="utf-8") as f:
        f.write('{"id": "amounts.broken", "label": "AMOUNT", "pattern": [{"LOWR": "x"}], "examples": ["x"]}\n')
    result = invoke("run", SEED, "--out", tmp_path / "out", "--patterns", patterns)
    assert result.exit_code == 2
    lineno = len((patterns / "amounts.jsonl").read_text(encoding="utf-8").splitlines())
    assert f"amounts.jsonl:{lineno}" in result.output and "amounts.broken" in result.output
    assert not (tmp_path / "out").exists()


def test_cli_doc_prints_records_with_rules():
    result = invoke("doc", CORPUS / "beijing-web3-whitepaper.txt")
    assert result.exit_code == 0
    assert "'100 million yuan'" in result.output and "per=year" in result.output
    assert "(amounts.number_currency)" in result.output


def test_cli_patterns_check_passes_on_project_patterns():
    result = invoke("patterns", "check", ROOT / "patterns")
    assert result.exit_code == 0
    assert result.output.endswith(": 0 problems\n")


@pytest.mark.parametrize("args", [[], ["run"], ["doc"], ["patterns"], ["patterns", "check"]], ids=" ".join)
def test_cli_every_command_has_help(args):
    result = invoke(*args, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3
