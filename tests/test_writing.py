"""Writing: the manifest's inputs streamed into the same bytes `json.dumps` writes."""

from __future__ import annotations

import json

import pytest

from policyextract.writing import write_manifest

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
