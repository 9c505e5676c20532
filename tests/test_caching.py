"""Caching: the set of keys a run used, kept on disk, answers as a set would."""

from __future__ import annotations

import hashlib

import pytest

from policyextract.runs.caching import KeySet

KEYS = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(3)]


@pytest.mark.parametrize(("name", "expected"), [
    (KEYS[0], True),
    (KEYS[1].upper(), True),  # the same key, as a file system that folds case may list it
    (KEYS[2], False),  # a key of a file this run did not have
    ("not-a-key", False),
    ("", False),
    (KEYS[0][:-2], False),  # a truncated name
])
def test_key_set_answers_as_a_set_of_keys(name, expected):
    used = KeySet()
    for key in (KEYS[0], KEYS[1], KEYS[0]):  # twice: a file listed twice is one key
        used.add(key)
    assert (name in used) is expected


def test_prune_deletes_stale_entries_and_leftovers_and_nothing_else(tmp_path):
    from policyextract.runs.caching import ResultCache

    cache = ResultCache(tmp_path)
    for name in (f"{KEYS[0]}.json", f"{KEYS[1]}.json", f"{KEYS[2]}.json.123.tmp", "notes.txt", "other.json"):
        (tmp_path / name).write_text("{}", encoding="utf-8")
    (tmp_path / "sub.json").mkdir()  # never a cache entry: a run never writes one
    used = KeySet()
    used.add(KEYS[0])
    assert cache.prune(used.__contains__) == 2  # the stale entry and "other.json", which is no key
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{KEYS[0]}.json", "notes.txt", "sub.json"])
