"""Writing: rows encoded anywhere append into the same files a stream of rows writes; the manifest's
inputs streamed into the same bytes `json.dumps` writes."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from policyextract.runs.writing import OutputWriter, RowRewrite, encode_rows, write_manifest

FORMATS = ("jsonl", "csv", "parquet")
INPUTS = [{"source": "corpus/a.txt", "sha256": "ab" * 32, "encoding": "utf-8", "documents": 1},
          {"source": "corpus/北京 \"q\".txt", "sha256": None, "encoding": None, "documents": 0}]


@pytest.mark.parametrize("inputs", [[], INPUTS[:1], INPUTS], ids=["none", "one", "two"])
def test_streamed_manifest_is_byte_identical_to_json_dumps(tmp_path, inputs):
    manifest = {"policyextract": "1", "counts": {"files": len(inputs)}, "inputs": inputs, "warnings": ["w"],
                "outputs": {"a.jsonl": "00"}}
    path = tmp_path / "manifest.json"
    write_manifest(path, {**manifest, "inputs": iter(inputs)})  # a generator, as a run passes it
    assert path.read_text(encoding="utf-8") == json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    assert json.loads(path.read_text(encoding="utf-8"))["inputs"] == inputs


def test_rows_encoded_one_by_one_append_the_bytes_a_stream_of_rows_writes(tmp_path):
    failures = [{"source": f"corpus/{i}, \"北京\".txt", "error": "E1" if i % 2 else None, "reason": "line\nbreak"}
                for i in range(2345)]
    streamed, appended = OutputWriter(tmp_path / "s", FORMATS), OutputWriter(tmp_path / "a", FORMATS)
    streamed.write("failures", iter(failures))
    for row in failures:
        appended.append(encode_rows("failures", [row], FORMATS))
    for writer in (streamed, appended):
        writer.commit({"counts": {}})
    assert streamed.counts["failures"] == appended.counts["failures"] == 2345
    for name in ("failures.jsonl", "failures.csv"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "a" / name).read_bytes()
    assert json.loads((tmp_path / "a" / "failures.jsonl").read_text(encoding="utf-8").splitlines()[2344]) == failures[-1]
    assert pq.read_table(tmp_path / "a" / "failures.parquet").to_pylist() == failures


def test_a_rewrite_copies_the_jsonl_lines_it_keeps_and_transforms_the_rest_in_every_format(tmp_path):
    failures = [{"source": f"corpus/{i}.txt", "error": "keep" if i % 3 else "E1", "reason": "r"} for i in range(30)]
    writer = OutputWriter(tmp_path, FORMATS)
    writer.write("failures", failures)
    # the transform would change every row: a kept line shows it was copied, not decoded
    mark = RowRewrite(lambda row: {**row, "reason": "rewritten"}, keeps_line=lambda line: '"keep"' in line)
    writer.commit({"counts": {}}, rewrite={"failures": mark})
    lines = (tmp_path / "failures.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["reason"] for line in lines] == ["r" if i % 3 else "rewritten" for i in range(30)]
    # a line-level shortcut exists for JSONL only: the other formats transform every row
    assert {row["reason"] for row in pq.read_table(tmp_path / "failures.parquet").to_pylist()} == {"rewritten"}
