"""The dask engine: the same tables as the local engine, on a 2-worker LocalCluster (started once)."""

from __future__ import annotations

import json
import shutil
import sys

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from distributed import LocalCluster

from policyextract.runs import dask_engine
from policyextract.cli import main
from policyextract.runs.corpus import plan_jobs, run_corpus
from policyextract.runs.dask_engine import _chunks, plan_corpus, run_corpus_dask
from policyextract.families.entities.table import EntityTable
from policyextract.frames import SCHEMAS, TABLES

from .conftest import CORPUS


@pytest.fixture(scope="module")
def cluster():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local:
        yield local


# A body no gazetteer knows, misspelled in the second article: one entity and one fact only after the
# corpus-wide steps. The files sort first and last, so they are extracted in different partitions.
GALAXIA = {
    "aa-galaxia.txt": "Galaxia Moneytree to fund metaverse labs\n\nThe firm Galaxia Moneytree said on Monday it "
                      "would invest 200 million yuan in metaverse laboratories in Nanjing by 2025.\n",
    "zz-galaxia.txt": "Metaverse labs get backing\n\nThe firm Galaxia Moneytre said on Tuesday it would invest "
                      "200 million yuan in new laboratories, the company said.\n",
}


@pytest.fixture
def corpus(tmp_path):
    """The seed corpus, the Galaxia articles, a binary file and an empty one (a failure, an empty document)."""
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    for name, text in GALAXIA.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture
def local_run(corpus, tmp_path):
    out = tmp_path / "local"
    run_corpus(corpus, out, formats=("parquet",), cache=False)
    return out


def _sorted_rows(table) -> list[dict]:
    return sorted(table.to_pylist(), key=lambda row: json.dumps(row, sort_keys=True, default=str))


def assert_same_tables(local, dask_out):
    """Every table holds the same rows (same ids) with the same schema, whatever the row order."""
    for kind in TABLES:
        expected, actual = pq.read_table(local / f"{kind}.parquet"), pq.read_table(dask_out / kind)
        assert actual.schema.equals(SCHEMAS[kind]) and expected.schema.equals(SCHEMAS[kind]), kind
        assert _sorted_rows(actual) == _sorted_rows(expected), kind
    expected, actual = (json.loads((d / "manifest.json").read_text(encoding="utf-8")) for d in (local, dask_out))
    assert actual["inputs"] == expected["inputs"]
    assert actual["counts"] == expected["counts"]


def test_dask_run_equals_local_run(cluster, corpus, local_run, tmp_path):
    out = tmp_path / "dask"
    summary = run_corpus_dask(corpus, out, scheduler=cluster.scheduler_address)
    assert_same_tables(local_run, out)
    # not vacuous: entities merged and facts de-duplicated across partitions
    entities = {row["entity_id"]: row for row in pq.read_table(out / "entities").to_pylist()}
    assert entities["new:galaxiamoneytre"]["aliases"] == ["Galaxia Moneytre", "Galaxia Moneytree"]
    facts = [row for row in pq.read_table(out / "facts").to_pylist() if row["actor_id"] == "new:galaxiamoneytre"]
    assert [(f["fact_id"], f["documents"]) for f in facts] == [("aa-galaxia:fact:100-116", ["aa-galaxia", "zz-galaxia"])]
    assert summary.counts["entities"] > 50 and summary.counts["facts"] > 10
    assert [(f.source, f.error) for f in summary.failures] == [("corpus/binary.txt", "E200")]
    assert pq.read_table(out / "failures").to_pylist() == [
        {"source": "corpus/binary.txt", "error": "E200", "reason": "binary file (contains NUL bytes), not text"}]
    assert not (out / dask_engine.STAGING).exists()


def test_corpus_as_url_gives_the_same_tables(cluster, corpus, local_run, tmp_path):
    out = tmp_path / "dask"
    run_corpus_dask(corpus.as_uri(), out, scheduler=cluster.scheduler_address)
    assert_same_tables(local_run, out)


def test_url_plan_names_files_as_the_local_plan(corpus):
    local, _ = plan_jobs(corpus)
    remote, warnings = plan_corpus(corpus.as_uri())
    assert [(j.source, j.doc_id, j.metadata) for j in remote] == [(j.source, j.doc_id, j.metadata) for j in local]
    assert remote[0].path == (corpus / "aa-galaxia.txt").as_uri()
    assert sum(j.metadata is not None for j in remote) == 5  # metadata.csv read through fsspec
    assert warnings == []


def test_partitions_are_respected_and_pipelines_built_once_per_worker(cluster, corpus, tmp_path):
    for run in range(2):
        run_corpus_dask(corpus, tmp_path / "out", scheduler=cluster.scheduler_address, partitions=3, force=True)
    for kind in ("documents", "amounts", "organizations", "failures"):
        assert sorted(p.name for p in (tmp_path / "out" / kind).iterdir()) == [f"part-0000{i}.parquet" for i in range(3)]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["settings"]["engine"] == "dask" and manifest["settings"]["partitions"] == 3
    pipelines = cluster_pipelines(cluster)
    assert all(len(keys) <= 1 for keys in pipelines.values()), pipelines  # two runs, 9 files: still one each
    assert sum(map(len, pipelines.values())) >= 1


def cluster_pipelines(cluster) -> dict[str, list]:
    from distributed import Client

    with Client(cluster) as client:
        return client.run(lambda: list(dask_engine._pipelines))


def test_chunks_are_contiguous_and_cover_the_corpus():
    jobs = list(range(7))
    chunks = _chunks(jobs, 3)
    assert [(i, first, list(part)) for i, first, part in chunks] == [(0, 0, [0, 1, 2]), (1, 3, [3, 4, 5]), (2, 6, [6])]
    assert [len(part) for _, _, part in _chunks(jobs, 20)] == [1] * 7
    assert _chunks([], 4) == [(0, 0, [])]


def test_without_a_scheduler_a_local_cluster_is_started(corpus, local_run, tmp_path, monkeypatch):
    started = []

    def local_cluster(**kwargs):
        started.append(kwargs)
        return LocalCluster(**kwargs, dashboard_address=":0")

    monkeypatch.setattr(dask_engine, "LocalCluster", local_cluster)
    run_corpus_dask(corpus, tmp_path / "dask", workers=1)
    assert started == [{"n_workers": 1, "threads_per_worker": 1, "processes": True}]
    assert_same_tables(local_run, tmp_path / "dask")


def test_entity_tables_combined_in_order_equal_one_table(extractor, corpus):
    documents = [extractor.extract(p.read_text(encoding="utf-8"), doc_id=p.stem)
                 for p in sorted(corpus.glob("*.txt")) if p.name != "binary.txt"]
    whole, first, second = EntityTable(), EntityTable(), EntityTable()
    for d in documents:
        whole.add(d)
    for d in documents[:4]:
        first.add(d)
    for d in documents[4:]:
        second.add(d)
    first.update(second)
    assert first.mapping == whole.mapping == {"new:galaxiamoneytree": "new:galaxiamoneytre"}
    assert first.rows() == whole.rows()
    assert first.canonical_names() == whole.canonical_names()


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_cli_engine_dask(cluster, corpus, local_run, tmp_path):
    out = tmp_path / "dask"
    result = invoke("run", corpus, "--out", out, "--engine", "dask", "--scheduler", cluster.scheduler_address,
                    "--partitions", "2")
    assert result.exit_code == 1  # the binary file failed, as in a local run
    assert "9 files → 14 documents" in result.output
    assert len(list((out / "documents").iterdir())) == 2
    assert_same_tables(local_run, out)


@pytest.mark.parametrize("args, message", [
    (["--engine", "spark"], "'spark' is not one of 'local', 'dask'"),
    (["--engine", "dask", "--jobs", "2"], "--jobs with --engine dask"),
    (["--engine", "dask", "--format", "jsonl"], "--format other than parquet with --engine dask"),
    (["--scheduler", "tcp://localhost:8786"], "--scheduler with --engine local: these need --engine dask"),
])
def test_cli_engine_usage_errors(corpus, tmp_path, args, message):
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "out").exists()


def test_cli_names_the_extra_when_dask_is_missing(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed → ImportError
    monkeypatch.delitem(sys.modules, "policyextract.runs.dask_engine")
    result = CliRunner().invoke(main, ["run", str(corpus), "--out", str(tmp_path / "out"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "[E400]" in result.output and "pip install 'policyextract[dask]'" in result.output
