"""The `policyextract` command, driven through click's runner: outputs, failures, exit codes, help."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from policyextract.cli import main
from policyextract.runs.writing import file_sha256

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
    assert manifest["counts"] == {"files": 3, "documents": 5, "amounts": 16, "percentages": 0, "dates": 25,
                                  "organizations": 61, "jurisdictions": 66, "fact_mentions": 14, "entities": 40,
                                  "facts": 14, "failures": 1}
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
    names = sorted(p.name for p in out.iterdir() if p.is_file())
    tables = ("amounts", "dates", "documents", "entities", "fact_mentions", "facts", "failures", "jurisdictions",
              "organizations", "percentages")
    assert names == sorted(["manifest.json"] + [f"{t}.{f}" for t in tables
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
    assert "'100 million yuan'" in result.output and "; per year" in result.output
    assert "(amounts.number_currency)" in result.output


def test_cli_doc_prints_every_family_and_the_publication_date_from_stdin():
    text = "Last month the Ministry of Commerce (MOFCOM) pledged 5 billion yuan for Beijing, up 20% on 2022."
    result = CliRunner().invoke(main, ["doc", "-", "--published", "June 12, 2023"], input=text, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "   published 2023-06-12 (metadata)"
    kinds = [line.split()[0] for line in lines[2:]]
    assert kinds == ["amount", "percentage", "date", "date", "organization", "organization", "jurisdiction", "fact", "fact"]
    assert "date (on, month): 2023-05-01 … 2023-05-31  (dates.relative_unit)" in result.output
    assert "organization: Ministry of Commerce [org.ministry_of_commerce, alias]" in result.output


def test_cli_doc_without_a_date_says_relative_dates_stay_unresolved():
    result = CliRunner().invoke(main, ["doc", "-"], input="Last month it pledged 5 billion yuan.", catch_exceptions=False)
    assert "publication date unknown: relative dates stay unresolved (give --published)" in result.output
    assert "date (on, month): unresolved" in result.output


def test_cli_doc_explain_gives_each_candidate_its_verdict():
    text = "It pledged 5 billion yuan in 2023."
    result = CliRunner().invoke(main, ["doc", "-", "--explain", "5 billion yuan"], input=text, catch_exceptions=False)
    explained = result.output.split("-- candidates at 11-25 '5 billion yuan'\n")[1].splitlines()
    assert explained[0].split() == ["11-25", "'5", "billion", "yuan'", "amounts.number_currency", "[AMOUNT]:", "kept:",
                                    "stdin:amount:11-25"]
    assert all("dropped for the longer amount '5 billion yuan'" in line for line in explained[1:])
    assert len(explained) >= 2


def test_cli_doc_published_that_is_no_date_is_a_usage_error():
    result = CliRunner().invoke(main, ["doc", "-", "--published", "someday"], input="x")
    assert result.exit_code != 0
    assert "[E500] argument 'published' 'someday' is not a date" in result.output


def test_cli_patterns_check_passes_on_project_patterns():
    result = invoke("patterns", "check", ROOT / "patterns")
    assert result.exit_code == 0
    assert result.output.endswith(": 0 problems\n")


COMMANDS = [[], ["run"], ["doc"], ["patterns"], ["patterns", "check"], ["eval"], ["diff"], ["export"], ["gold"],
            ["gold", "import"], ["schema"], ["report"], ["bench"]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_cli_every_command_has_help(args):
    result = invoke(*args, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and len(result.output.splitlines()) > 3


def test_cli_eval_passes_on_seed_gold_and_writes_json(tmp_path):
    result = invoke("eval", ROOT / "tests" / "golden", "--min-f1", "amounts=1", "--min-f1", "dates=1",
                    "--json", tmp_path / "eval.json")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert report["problems"] == []
    assert {r["family"]: r["f1"] for r in report["scores"]} == {
        "amounts": 1.0, "percentages": 1.0, "dates": 1.0, "organizations": 1.0, "jurisdictions": 1.0, "facts": 1.0,
        "publication": 1.0}
    assert {r["family"]: r["bcubed_f1"] for r in report["scores"]}["organizations"] == 1.0


def test_cli_eval_lists_differences_and_gates_on_f1(tmp_path):
    gold = json.loads((ROOT / "tests" / "golden" / "beijing-web3-whitepaper.json").read_text(encoding="utf-8"))
    gold["path"] = "beijing-web3-whitepaper.txt"
    gold["documents"][0]["amounts"][0]["value"] = "1"
    gold["documents"][0]["percentages"] = []
    (tmp_path / "g.json").write_text(json.dumps(gold), encoding="utf-8")
    result = invoke("eval", tmp_path / "g.json", "--corpus", CORPUS, "--min-f1", "amounts=0.9")
    assert result.exit_code == 0
    assert "amounts: beijing-web3-whitepaper: wrong value for '100 million yuan' at 815: value: expected Decimal('1'), got Decimal('100000000')" in result.output
    failing = invoke("eval", tmp_path / "g.json", "--corpus", CORPUS, "--min-f1", "publication=1.1")
    assert failing.exit_code == 1 and "below threshold: publication F1 1.000 < 1.1" in failing.output


def test_cli_eval_reports_gold_problems_with_file_and_line(tmp_path):
    gold = (ROOT / "tests" / "golden" / "beijing-web3-whitepaper.json").read_text(encoding="utf-8")
    broken = gold.replace('"currency": "USD"', '"currency": 5', 1)
    (tmp_path / "g.json").write_text(broken, encoding="utf-8")
    line = broken[: broken.index('"currency": 5')].count("\n") + 1
    result = invoke("eval", tmp_path / "g.json", "--corpus", CORPUS)
    assert result.exit_code == 2
    assert f"g.json:{line}: [documents -> 0 -> amounts -> 1 -> currency] Input should be a valid string" in result.output


def test_cli_diff_shows_added_removed_and_changed(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    invoke("run", CORPUS / "beijing-web3-whitepaper.txt", "--out", old)
    invoke("run", CORPUS / "beijing-web3-whitepaper.txt", "--out", new)
    assert invoke("diff", old, new).exit_code == 0
    rows = read_jsonl(new / "amounts.jsonl")
    rows[0]["per"] = None
    del rows[1]
    rows.append({**rows[0], "id": "x", "text": "7 yuan"})
    (new / "amounts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert "[E303]" in invoke("diff", old, new).output  # a table changed behind its manifest's back is refused
    manifest = json.loads((new / "manifest.json").read_text(encoding="utf-8"))
    manifest["outputs"]["amounts.jsonl"] = file_sha256(new / "amounts.jsonl")  # as if a run had written it
    (new / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = invoke("diff", old, new)
    assert result.exit_code == 1
    assert "amounts: +1 -1 ~1" in result.output
    assert "  + x  '7 yuan'" in result.output
    assert "  - beijing-web3-whitepaper:amount:847-858  '$14 million'" in result.output
    assert "  ~ beijing-web3-whitepaper:amount:815-831  per: 'year' → None" in result.output


@pytest.mark.parametrize("fmt", ["spans", "prodigy", "doccano", "labelstudio"])
def test_cli_export_and_gold_import_round_trip(tmp_path, fmt):
    exported = tmp_path / f"export.{fmt}"
    assert invoke("export", CORPUS / "nanjing-metaverse.txt", "--format", fmt, "-o", exported).exit_code == 0
    result = invoke("gold", "import", exported, "--out", tmp_path / "gold")
    assert result.exit_code == 0, result.output
    gold = json.loads((tmp_path / "gold" / "nanjing-metaverse.json").read_text(encoding="utf-8"))
    assert [d["doc_id"] for d in gold["documents"]] == ["nanjing-metaverse"] + [f"nanjing-metaverse#{i}" for i in (2, 3, 4)]
    assert all(gold["documents"][0][family] for family in ("amounts", "dates", "organizations", "jurisdictions", "facts"))
    evaluation = invoke("eval", tmp_path / "gold" / "nanjing-metaverse.json", "--corpus", CORPUS,
                        *(f"--min-f1={family}=1" for family in ("amounts", "dates", "organizations", "jurisdictions", "facts")))
    assert evaluation.exit_code == 0, evaluation.output


def test_cli_export_spans_with_the_first_labels_is_the_former_output(tmp_path):
    spans = tmp_path / "spans.jsonl"
    assert invoke("export", SEED, "--labels", "AMOUNT,PERCENTAGE,DATE", "-o", spans).exit_code == 0
    first = read_jsonl(spans)[0]
    assert list(first) == ["text", "spans", "meta"]
    assert {s["label"] for s in first["spans"]} == {"AMOUNT", "DATE"}
    amount = next(s for s in first["spans"] if s["label"] == "AMOUNT")
    assert list(amount) == ["id", "start", "end", "text", "value", "approximate", "bound", "range",
                            "currency", "per", "equivalent", "label"]
    assert all(first["text"][s["start"]:s["end"]] == s["text"] for s in first["spans"])


def test_cli_schema_prints_record_and_gold_schemas():
    records = json.loads(invoke("schema").output)
    assert records["$ref"] == "#/$defs/Document"  # recursive: teasers are documents too
    assert {"amounts", "percentages", "dates", "related"} <= set(records["$defs"]["Document"]["properties"])
    gold = json.loads(invoke("schema", "--gold").output)
    assert gold["properties"]["gold_format"] == {"const": 1, "title": "Gold Format", "type": "integer"}
    facts = json.loads(invoke("schema", "--table", "facts").output)
    assert facts["properties"]["value_usd"]["type"] == ["string", "null"]
    assert invoke("schema", "--table", "facts", "--gold").exit_code == 2


def test_cli_resume_reuses_unchanged_files_and_matches_a_clean_run(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    out = tmp_path / "out"
    assert invoke("run", corpus, "--out", out).exit_code == 0
    assert len(list((out / ".cache").glob("*.json"))) == 5
    with (corpus / "beijing-web3-whitepaper.txt").open("a", encoding="utf-8") as f:
        f.write("\nIt later pledged 3 billion yuan more.\n")
    resumed = invoke("run", corpus, "--out", out, "--resume")
    assert resumed.exit_code == 0
    assert "(4 files reused from the cache)" in resumed.output
    clean = tmp_path / "clean"
    invoke("run", corpus, "--out", clean, "--no-cache")
    assert not (clean / ".cache").exists()
    for p in clean.iterdir():
        assert (out / p.name).read_bytes() == p.read_bytes(), p.name
    assert len(list((out / ".cache").glob("*.json"))) == 5  # the stale entry of the changed file is pruned


def test_cli_resume_keeps_up_to_date_outputs_and_rewrites_altered_ones(tmp_path):
    out = tmp_path / "out"
    invoke("run", CORPUS, "--out", out)
    tables = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    amounts = out / "amounts.jsonl"
    written = amounts.stat().st_mtime_ns
    kept = invoke("run", CORPUS, "--out", out, "--resume")
    assert kept.exit_code == 0
    assert "(up to date: no file, pattern or setting changed since they were written)" in kept.output
    assert amounts.stat().st_mtime_ns == written  # not written again
    amounts.write_text(amounts.read_text(encoding="utf-8")[:-200], encoding="utf-8")  # a table altered by hand
    redone = invoke("run", CORPUS, "--out", out, "--resume")
    assert "(5 files reused from the cache)" in redone.output
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == tables
    other_format = invoke("run", CORPUS, "--out", out, "--resume", "--format", "jsonl,csv")
    assert "(5 files reused from the cache)" in other_format.output  # a setting changed: written again
    assert (out / "amounts.csv").is_file()


def test_cli_resume_is_invalidated_by_a_pattern_change(tmp_path):
    out = tmp_path / "out"
    patterns = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", patterns)
    invoke("run", CORPUS, "--out", out, "--patterns", patterns)
    with (patterns / "lexicon.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps({"term": "quid", "class": "currency_name", "value": "GBP"}) + "\n")
    result = invoke("run", CORPUS, "--out", out, "--patterns", patterns, "--resume")
    assert "(0 files reused from the cache)" in result.output


def test_cli_bad_files_become_failure_rows_and_the_batch_goes_on(tmp_path):
    corpus = tmp_path / "messy corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "good article.txt")
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (corpus / "utf16-broken.txt").write_bytes(b"\xff\xfe\x41")
    (corpus / "big.txt").write_text("x" * 50_000, encoding="utf-8")
    (corpus / "folder.txt").mkdir()
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    (corpus / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (corpus / "北京 news.txt").write_text("Beijing pledged 100 million yuan.", encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("run", corpus, "--out", out, "--max-bytes", "20000")
    assert result.exit_code == 1
    assert read_jsonl(out / "failures.jsonl") == [
        {"source": "messy corpus/big.txt", "error": "E204", "reason": "file is 50,000 bytes, over the limit of 20,000 (raise it with --max-bytes)"},
        {"source": "messy corpus/dangling.txt", "error": "E200", "reason": "file not found"},
        {"source": "messy corpus/image.txt", "error": "E200", "reason": "binary file (contains NUL bytes), not text"},
        {"source": "messy corpus/utf16-broken.txt", "error": "E200",
         "reason": "starts with a utf-16 byte-order mark but does not decode as utf-16: truncated data"},
    ]
    documents = {d["doc_id"]: d for d in read_jsonl(out / "documents.jsonl")}
    assert sorted(documents) == ["blank", "good article", "good article#2", "good article#3", "good article#4", "北京 news"]
    assert documents["北京 news"]["amounts"] == 1 and documents["blank"]["amounts"] == 0
    assert "4 files failed" in result.output and "messy corpus/image.txt: [E200]" in result.output


def test_cli_run_takes_several_paths(tmp_path):
    out = tmp_path / "out"
    result = invoke("run", CORPUS / "nanjing-metaverse.txt", CORPUS / "beijing-web3-whitepaper.txt", "--out", out)
    assert result.exit_code == 0
    assert [d["doc_id"] for d in read_jsonl(out / "documents.jsonl")][::4] == ["nanjing-metaverse", "beijing-web3-whitepaper"]


def test_cli_records_do_not_depend_on_file_order(tmp_path):
    reversed_corpus = tmp_path / "corpus"
    reversed_corpus.mkdir()
    for i, path in enumerate(sorted(CORPUS.glob("*.txt"), reverse=True)):
        shutil.copy(path, reversed_corpus / path.name)
        (reversed_corpus / path.name).touch()  # newest first: a different creation order
    invoke("run", reversed_corpus, "--out", tmp_path / "a")
    invoke("run", CORPUS, "--out", tmp_path / "b")
    for table in ("amounts", "percentages", "dates"):
        assert (tmp_path / "a" / f"{table}.jsonl").read_bytes() == (tmp_path / "b" / f"{table}.jsonl").read_bytes()


def test_cli_bench_runs_and_prints_every_figure():
    """A smoke test only: the figures themselves are measured by running `policyextract bench`."""
    result = invoke("bench", "--documents", "12", "--sizes", "6,12", "--repeats", "2", "--startups", "1")
    assert result.exit_code == 0, result.output
    for figure in ("new words per 1,000 tokens", "reference tokenizer", "× the reference", "--resume", "--jobs 2",
                   "time by stage", "start-up", "growth: 12", "peak RSS", "median of 2 pairs", "median of 1",
                   "of which the build"):
        assert figure in result.output
    one_process = next(line for line in result.output.splitlines() if line.startswith("pipeline, 1 process"))
    assert one_process.split("runs: ")[1].count(",") == 1  # both runs shown
