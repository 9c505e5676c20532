"""Corpus runs: a corpus → output tables. One `RunSettings` (`settings`) drives both engines: the local
process pool with streaming writes and the per-file cache (`corpus`, `caching`, `writing`) and the
Dask engine (`dask_engine`). The performance devices of a run (gc.freeze around forks, NUL-joined job
plans, pre-encoded rows, SQLite spills) live here; extracting one document knows nothing of them.
"""
