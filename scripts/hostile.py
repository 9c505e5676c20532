"""A hostile corpus for the `policyextract` command: bad directory entries, bytes, metadata, pattern
folders, texts, damaged output folders, overlapping runs and `kill -9`. Slow (minutes); not part of
`make test` (tests/test_reliability.py holds the fast versions of these checks).

    PYTHONPATH=src python scripts/hostile.py                 # everything
    PYTHONPATH=src python scripts/hostile.py --only entries  # one group: entries, texts, metadata,
                                                             # patterns, readers, dask, concurrency, kill, bench

Every case runs the command in a fresh process (`python -m policyextract ...`, with a memory limit and a
wall-clock limit) and is judged by:

  crash       a traceback on stderr, or the process ended by a signal (other than the kill this script sends)
  hang        the process outlived its wall-clock limit
  wrong exit  the exit code is not the one the README promises for the case (0 / 1 failures / 2 usage)
  rows lost   a file of the corpus that is in neither the `documents` nor the `failures` table

and the summary line reads `hostile: N inputs tried / C crashes / H hangs / W wrong exit codes / L rows lost`.
`--bench` (also in the `bench` group) prints the tokenizer's seconds per size for runs of punctuation.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ("BEIJING, June 12 (Reuters) - The Ministry of Science and Technology said on Monday it would invest "
           "5 billion yuan ($700 million) in quantum computing by 2027, up 12% from last year.\n")
MEMORY_LIMIT = 6 * 1024 ** 3  # bytes of address space per command


@dataclass
class Tally:
    tried: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    wrong_exit: list[str] = field(default_factory=list)
    rows_lost: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"hostile: {self.tried} inputs tried / {len(self.crashes)} crashes / {len(self.hangs)} hangs / "
                f"{len(self.wrong_exit)} wrong exit codes / {len(self.rows_lost)} rows lost")


TALLY = Tally()


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _env() -> dict[str, str]:
    """This environment, with PYTHONPATH made absolute: some commands run in another folder."""
    paths = os.environ.get("PYTHONPATH", str(ROOT / "src")).split(os.pathsep)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(str(Path(p).resolve()) for p in paths if p)}


def command(args: list[str], *, cwd: Path | None = None, timeout: float = 120) -> tuple[int | None, str, str]:
    """(exit code or None on a hang, stdout, stderr) of `python -m policyextract ARGS`."""
    env = _env()
    process = subprocess.Popen([sys.executable, "-m", "policyextract", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, preexec_fn=_limit_memory, start_new_session=True)
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        return None, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def judge(name: str, result: tuple[int | None, str, str], expected: int | set[int]) -> bool:
    """Count one case; True when it passed."""
    TALLY.tried += 1
    code, _, err = result
    allowed = {expected} if isinstance(expected, int) else expected
    problem = None
    if code is None:
        TALLY.hangs.append(name)
        problem = "hang"
    elif code < 0 or "Traceback (most recent call last)" in err:
        TALLY.crashes.append(name)
        problem = f"crash (exit {code}): {err.strip().splitlines()[-1] if err.strip() else ''}"
    elif code not in allowed:
        TALLY.wrong_exit.append(name)
        problem = f"exit {code}, expected {sorted(allowed)}: {err.strip().splitlines()[-1] if err.strip() else ''}"
    print(f"  {'FAIL' if problem else 'ok  '} {name}" + (f": {problem[:300]}" if problem else ""), flush=True)
    return problem is None


def table_rows(out: Path, kind: str) -> list[dict]:
    """The rows of a JSONL table; a damaged table (runs that wrote into one file at once) has none."""
    path = out / f"{kind}.jsonl"
    try:
        return [json.loads(line) for line in path.read_bytes().split(b"\n") if line.strip()]
    except (OSError, ValueError):
        return []


def count_lost(name: str, corpus: Path, out: Path, expected_sources: list[str]) -> None:
    """Every file of the corpus is a document or a failure."""
    seen = {row["source"] for kind in ("documents", "failures") for row in table_rows(out, kind)}
    lost = [s for s in expected_sources if s not in seen]
    if lost:
        TALLY.rows_lost.append(f"{name}: {lost}")
        print(f"  FAIL {name}: rows lost {lost}", flush=True)


# ---------------------------------------------------------------- directory entries and bytes

def _w(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: os.symlink(target, path)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def _pair_loop(path: Path) -> None:
    os.symlink(path.name + ".b", path)
    os.symlink(path.name, path.with_name(path.name + ".b"))


def _fifo_behind_link(path: Path) -> None:
    os.mkfifo(path.with_name("fifo-target"))
    os.symlink("fifo-target", path)


def _folder_named_txt(path: Path) -> None:
    path.mkdir()


def _folder_loop(path: Path) -> None:
    path.mkdir()
    os.symlink("..", path / "up")
    (path / "inner.txt").write_text(ARTICLE, encoding="utf-8")


# (case, file name, how it is made, whether it should be a failure row)
ENTRIES: list[tuple[str, str, Callable[[Path], None], bool]] = [
    ("fifo", "fifo.txt", os.mkfifo, True),
    ("symlink to fifo", "to-fifo.txt", _fifo_behind_link, True),
    ("symlink to /dev/zero", "zero.txt", _link("/dev/zero"), True),
    ("symlink to /dev/null", "null.txt", _link("/dev/null"), True),
    ("symlink to /dev/urandom", "urandom.txt", _link("/dev/urandom"), True),
    ("unix socket", "socket.txt", _socket, True),
    ("symlink to itself", "self.txt", _link("self.txt"), True),
    ("symlink loop of two", "pair.txt", _pair_loop, True),
    ("dangling symlink", "dangling.txt", _link("missing.txt"), True),
    ("symlink to a folder", "dir-link.txt", _link("/tmp"), True),
    ("folder named .txt", "folder.txt", _folder_named_txt, False),  # not a file: nothing to list
    ("folder with a loop back up", "loopy", _folder_loop, False),
    ("non-UTF-8 name", os.fsdecode(b"caf\xe9.txt"), _w(ARTICLE.encode()), True),
    ("non-UTF-8 bytes only name", os.fsdecode(b"\xff\xfe.txt"), _w(ARTICLE.encode()), True),
    ("name with a backslash", "back\\slash.txt", _w(ARTICLE.encode()), False),
    ("name with a newline", "new\nline.txt", _w(ARTICLE.encode()), False),
    ("name with U+2028", "line\u2028sep.txt", _w(ARTICLE.encode()), False),
    ("name with a quote and =", '=cmd"x.txt', _w(ARTICLE.encode()), False),
    ("empty file", "empty.txt", _w(b""), False),
    ("blank file", "blank.txt", _w(b" \n\n\t \n"), False),
    ("binary with NULs", "binary.txt", _w(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10), True),
    ("bad UTF-16 BOM", "bad-bom.txt", _w(b"\xff\xfe\x00"), True),
    ("UTF-16 without BOM", "utf16.txt", _w(ARTICLE.encode("utf-16-le")), False),
    ("UTF-8 with one stray byte", "stray.txt", _w(ARTICLE.encode().replace(b"Monday", b"Mon\x92day") + "China’s “plan”".encode() * 3), False),
    ("cp1252", "cp1252.txt", _w("The firm’s “naïve” café spent €5 million.".encode("cp1252")), False),
    ("GB18030", "gb.txt", _w("北京市科学技术委员会宣布每年拨款一亿元支持人工智能。".encode("gb18030") * 3), False),
    ("over --max-bytes", "big.txt", _w(b"x" * 300_000), True),
    ("UTF-32 BOM", "utf32.txt", _w(ARTICLE.encode("utf-32")), False),
]


def entries_group(base: Path) -> None:
    print("entries: one hostile entry beside one good article, local engine", flush=True)
    for case, name, make, fails in ENTRIES:
        corpus = base / f"entry-{ENTRIES.index((case, name, make, fails))}" / "news"
        corpus.mkdir(parents=True)
        (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
        make(corpus / name)
        out = corpus.parent / "out"
        result = command(["run", str(corpus), "--out", str(out), "--max-bytes", "200000"])
        if judge(f"entry: {case}", result, 1 if fails else 0) or result[0] is not None:
            expected = ["news/good.txt"]
            if name.endswith(".txt") and not case.startswith("folder"):
                expected.append(f"news/{_escaped(name)}")
            count_lost(f"entry: {case}", corpus, out, expected)


def _escaped(name: str) -> str:
    try:
        from policyextract.reading import escape_name
    except ImportError:  # the code before this script's fixes
        return name
    return escape_name(name)


def all_entries_corpus(base: Path) -> Path:
    corpus = base / "all" / "news"
    corpus.mkdir(parents=True)
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for case, name, make, _ in ENTRIES:
        if case.startswith("folder") or "/dev/urandom" in case:
            continue
        try:
            make(corpus / name)
        except FileExistsError:
            pass
    return corpus


def dask_group(base: Path) -> None:
    print("dask: every hostile entry in one folder, dask engine", flush=True)
    corpus = all_entries_corpus(base / "dask")
    out = corpus.parent / "out"
    result = command(["run", str(corpus), "--out", str(out), "--engine", "dask", "--max-bytes", "200000"], timeout=300)
    judge("dask: all entries", result, 1)
    failures = set()
    for part in sorted((out / "failures").glob("part-*.parquet")) if (out / "failures").is_dir() else []:
        import pyarrow.parquet as pq

        failures |= {row["source"] for row in pq.read_table(part).to_pylist()}
    expected = {f"news/{_escaped(name)}" for case, name, _, fails in ENTRIES
                if fails and not case.startswith("folder") and "/dev/urandom" not in case}
    if result[0] is not None and expected - failures:
        TALLY.rows_lost.append(f"dask: {sorted(expected - failures)}")
        print(f"  FAIL dask: rows lost {sorted(expected - failures)}", flush=True)
    judge("dask: report of its Parquet datasets", command(["report", str(out)]), 0)
    judge("dask: diff of its Parquet datasets", command(["diff", str(out), str(out)]), 0)


# ---------------------------------------------------------------- texts

def _dense(n: int) -> str:
    return " ".join(f"The Ministry of Finance said the Beijing fund would invest {i} million yuan by 2027 and the fund "
                    f"cut costs by {i % 90}%." for i in range(n))


TEXTS: list[tuple[str, str]] = [
    ("U+2028, U+2029, U+0085 in text", "The fund\u2028said it would invest $5 million\u2029in chips\u0085this year.\n" + ARTICLE),
    ("script tags", "<script>alert(1)</script> The ministry <b>invested</b> $5 million.\n"),
    ("formula headline", "=HYPERLINK(\"http://x\",\"click\")\n\n" + ARTICLE),
    ("20 KB of double quotes", ARTICLE + '"' * 20_000),
    ("20 KB of nested parentheses", ARTICLE + "(" * 10_000 + ")" * 10_000),
    ("4,000 underscores", ARTICLE + "_" * 4000 + "\n" + ARTICLE),
    ("4,000 stars", ARTICLE + "*" * 4000),
    ("4,000 hashes", ARTICLE + "#" * 4000),
    ("4,000 curly quotes", ARTICLE + "“" * 4000),
    ("1 MB without a space", ARTICLE + "a" * 1_000_000),
    ("huge number", "The fund invested $" + "9" * 400 + " billion in 2024.\n"),
    ("CR line ends only", ARTICLE.replace("\n", "\r") * 20),
    ("control characters", "".join(chr(c) for c in range(1, 32)) * 50 + ARTICLE),
    ("bidi and zero-width", "\u202eThe \u200bfund\u200d invested \u2066$5\u2069 million.\ufeff\n"),
    ("emoji and CJK", "💰 北京 invested ¥5亿 (about $70 million) 🚀 in 2024.\n" * 50),
    ("a sentence-free table", "<td>1,000,000 yuan</td> " * 1000),
    ("dense 60 KB article", _dense(400)),
]


def texts_group(base: Path) -> None:
    print("texts: hostile article texts, local engine", flush=True)
    corpus = base / "texts" / "news"
    corpus.mkdir(parents=True)
    names = []
    for i, (case, text) in enumerate(TEXTS):
        name = f"text-{i:02d}.txt"
        (corpus / name).write_text(text, encoding="utf-8")
        names.append(name)
    out = corpus.parent / "out"
    started = time.monotonic()
    result = command(["run", str(corpus), "--out", str(out), "--format", "jsonl,csv"], timeout=600)
    TALLY.tried += len(TEXTS) - 1  # one run, each text an input
    judge("texts: all hostile texts in one run", result, {0, 1})
    print(f"    ({time.monotonic() - started:.1f} s)", flush=True)
    count_lost("texts", corpus, out, [f"news/{n}" for n in names])
    if (out / "documents.csv").is_file():
        formula = [line for line in (out / "documents.csv").read_text(encoding="utf-8").split("\n") if ",=HYPERLINK" in line]
        if formula:
            TALLY.wrong_exit.append("texts: formula headline unescaped in documents.csv")
            print("  FAIL formula headline unescaped in documents.csv", flush=True)
    for reader in (["report", str(out)], ["diff", str(out), str(out)]):
        judge(f"texts: {reader[0]} of the output", command(reader), 0)


# ---------------------------------------------------------------- metadata.csv

METADATA: list[tuple[str, bytes, int]] = [
    ("metadata not UTF-8", b"file,title\ngood.txt,caf\xe9\n", 2),
    ("metadata unterminated quote", b'file,title\ngood.txt,"never closed\nother.txt,x\n', 2),
    ("metadata field over 128 KiB", b"file,title\ngood.txt," + b"x" * (200 * 1024) + b"\n", 2),
    ("metadata without a file column", b"name,title\ngood.txt,x\n", 2),
    ("metadata with a BOM", b"\xef\xbb\xbffile,title\ngood.txt,A title\n", 0),
    ("metadata with a bad date", b"file,published\ngood.txt,yesterday\n", 0),
    ("metadata listing a file twice", b"file,title\ngood.txt,a\ngood.txt,b\n", 0),
    ("metadata with NULs", b"file,title\ngood.txt,a\x00b\n", {0, 2}),
    ("metadata that is a FIFO", b"", 0),
    ("metadata symlink to /dev/zero", b"", 0),
]


def metadata_group(base: Path) -> None:
    print("metadata: hostile metadata.csv", flush=True)
    for i, (case, data, expected) in enumerate(METADATA):
        corpus = base / f"meta-{i}" / "news"
        corpus.mkdir(parents=True)
        (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
        if "FIFO" in case:
            os.mkfifo(corpus / "metadata.csv")
        elif "/dev/zero" in case:
            os.symlink("/dev/zero", corpus / "metadata.csv")
        else:
            (corpus / "metadata.csv").write_bytes(data)
        out = corpus.parent / "out"
        result = command(["run", str(corpus), "--out", str(out)])
        judge(case, result, expected)
        if result[0] == 0:
            count_lost(case, corpus, out, ["news/good.txt"])


# ---------------------------------------------------------------- pattern folders

def _append(name: str, line: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(line)
    return edit


def _write(name: str, text: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_text(text, encoding="utf-8")


PATTERNS: list[tuple[str, Callable[[Path], None], int]] = [
    ("catastrophic furniture regex", _append("page_furniture.jsonl", '{"id": "x", "role": "drop", "scope": "line", '
                                             '"regex": "^(a+)+$", "examples": ["aaa"]}\n'), 2),
    ("catastrophic token REGEX", _append("amounts.jsonl", '{"id": "amounts.x", "label": "AMOUNT", "pattern": '
                                         '[{"TEXT": {"REGEX": "^(a|a?)+$"}}], "examples": ["a"]}\n'), 2),
    ("OP {99999999}", _append("amounts.jsonl", '{"id": "amounts.x", "label": "AMOUNT", "pattern": '
                              '[{"LIKE_NUM": true, "OP": "{99999999}"}], "examples": ["5"]}\n'), 2),
    ("empty amounts.jsonl", _write("amounts.jsonl", ""), 2),
    ("JSON nested 5,000 deep", _append("amounts.jsonl", "[" * 5000 + "]" * 5000 + "\n"), 2),
    ("pattern file not UTF-8", lambda folder: (folder / "dates.jsonl").write_bytes(b"\xff\xfe{}\n"), 2),
    ("missing lexicon", lambda folder: (folder / "lexicon.jsonl").unlink(), 2),
    ("U+2028 inside a JSON string", _append("page_furniture.jsonl", '{"id": "y", "role": "drop", "scope": "line", '
                                            '"regex": "x\u2028y", "examples": ["x\u2028y"]}\n'), 0),
]


def patterns_group(base: Path) -> None:
    print("patterns: hostile pattern folders (patterns check, then run)", flush=True)
    corpus = base / "pattern-corpus" / "news"
    corpus.mkdir(parents=True)
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    for i, (case, edit, expected) in enumerate(PATTERNS):
        folder = base / f"patterns-{i}"
        shutil.copytree(ROOT / "patterns", folder)
        edit(folder)
        judge(f"{case}: patterns check", command(["patterns", "check", str(folder)], timeout=60), expected)
        judge(f"{case}: run", command(["run", str(corpus), "--out", str(base / f"patterns-out-{i}"), "--patterns",
                                       str(folder)], timeout=60), expected)


# ---------------------------------------------------------------- damaged output folders

def _damage(name: str, data: bytes, mode: str = "w") -> Callable[[Path], None]:
    def edit(out: Path) -> None:
        with (out / name).open("ab" if mode == "a" else "wb") as handle:
            handle.write(data)
    return edit


READERS: list[tuple[str, Callable[[Path], None]]] = [
    ("bad JSON line appended", _damage("amounts.jsonl", b'{"id": \n', "a")),
    ("non-UTF-8 line appended", _damage("dates.jsonl", b"\xff\xfe\n", "a")),
    ("table truncated", _damage("documents.jsonl", b"")),
    ("manifest removed", lambda out: (out / "manifest.json").unlink()),
    ("manifest not JSON", _damage("manifest.json", b"{")),
    ("table removed", lambda out: (out / "facts.jsonl").unlink()),
]


def readers_group(base: Path) -> None:
    print("readers: report and diff on damaged output folders", flush=True)
    corpus = base / "readers" / "news"
    corpus.mkdir(parents=True)
    (corpus / "good.txt").write_text(ARTICLE, encoding="utf-8")
    clean = corpus.parent / "clean"
    judge("readers: the clean run", command(["run", str(corpus), "--out", str(clean)]), 0)
    for i, (case, damage) in enumerate(READERS):
        out = corpus.parent / f"damaged-{i}"
        shutil.copytree(clean, out)
        damage(out)
        judge(f"{case}: report", command(["report", str(out)]), 2)
        judge(f"{case}: diff", command(["diff", str(clean), str(out)]), 2)
    empty_a, empty_b = corpus.parent / "empty-a", corpus.parent / "empty-b"
    empty_a.mkdir()
    empty_b.mkdir()
    judge("diff of folders without outputs", command(["diff", str(empty_a), str(empty_b)]), 2)
    parquet = corpus.parent / "parquet"
    judge("readers: a parquet run", command(["run", str(corpus), "--out", str(parquet), "--format", "parquet"]), 0)
    judge("diff of JSONL against Parquet", command(["diff", str(clean), str(parquet)]), 0)
    elsewhere = base / "elsewhere"
    (elsewhere / "news").mkdir(parents=True)
    (elsewhere / "news" / "good.txt").write_text("Zebras graze. " * 20, encoding="utf-8")
    result = command(["report", str(clean), "-o", str(base / "elsewhere.html")], cwd=elsewhere)
    judge("report from a folder holding another file of the same name", result, 0)
    if result[0] == 0 and "Zebras" in (base / "elsewhere.html").read_text(encoding="utf-8"):
        TALLY.wrong_exit.append("report highlighted another file's text")
        print("  FAIL report highlighted another file's text", flush=True)


# ---------------------------------------------------------------- overlapping runs and kill -9

def _concurrency_corpus(base: Path, files: int) -> Path:
    corpus = base / "conc" / "news"
    corpus.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        (corpus / f"a{i:03d}.txt").write_text(ARTICLE.replace("5 billion", f"{i + 1} billion"), encoding="utf-8")
    return corpus


def _folder_state(out: Path) -> str:
    """"verified", "refused" (a reader says the folder is torn) or "broken" (anything else)."""
    code, _, err = command(["diff", str(out), str(out)], timeout=120)
    if code == 0:
        return "verified"
    return "refused" if code == 2 and ("[E303]" in err or "[E304]" in err) else f"broken ({code}: {err.strip()[-200:]})"


def concurrency_group(base: Path, pairs: int) -> None:
    print(f"concurrency: {pairs} pairs of overlapping runs into one --out", flush=True)
    corpus = _concurrency_corpus(base, 40)
    other = base / "conc" / "other"
    other.mkdir(parents=True, exist_ok=True)
    for i in range(25):
        (other / f"b{i:03d}.txt").write_text(ARTICLE.replace("Monday", f"day {i}"), encoding="utf-8")
    env = _env()
    rng = random.Random(7)
    for pair in range(pairs):
        out = base / "conc" / f"out-{pair}"
        runs = []
        for j, source in enumerate((corpus, other)):
            if j:
                time.sleep(rng.uniform(0, 1.5))
            runs.append(subprocess.Popen([sys.executable, "-m", "policyextract", "run", str(source), "--out", str(out), "--force"],
                                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_limit_memory))
        codes = []
        for process in runs:
            try:
                _, err = process.communicate(timeout=300)
                codes.append((process.returncode, err.decode("utf-8", "replace")))
            except subprocess.TimeoutExpired:
                process.kill()
                codes.append((None, ""))
        TALLY.tried += 1
        state = _folder_state(out)
        ok = all(c in (0, 2) and (c == 0 or "[E301]" in e) and "Traceback" not in e for c, e in codes)
        documents = table_rows(out, "documents")
        sources = {row["source"].split("/")[0] for row in documents}
        consistent = state == "verified" and len(sources) == 1 and len(documents) in (40, 25)
        name = f"pair {pair}: exits {[c for c, _ in codes]}, folder {state}"
        if any(c is None for c, _ in codes):
            TALLY.hangs.append(name)
        elif not ok:
            TALLY.wrong_exit.append(name)
        elif not consistent:
            TALLY.rows_lost.append(f"{name}, {len(documents)} documents from {sorted(sources)}")
        print(f"  {'ok  ' if ok and consistent else 'FAIL'} {name}", flush=True)


def kill_group(base: Path, kills: int) -> None:
    print(f"kill: {kills} runs killed with SIGKILL over earlier outputs, half at random moments, half in the commit", flush=True)
    corpus = _concurrency_corpus(base, 40)
    env = _env()
    rng = random.Random(11)
    out = base / "conc" / "killed"
    command(["run", str(corpus), "--out", str(out), "--format", "jsonl,csv"])
    for k in range(kills):
        process = subprocess.Popen([sys.executable, "-m", "policyextract", "run", str(corpus), "--out", str(out), "--force",
                                    "--format", "jsonl,csv" if k % 2 else "jsonl"],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=_limit_memory)
        if k % 2:  # a random moment: a run takes a few seconds, most of them starting up
            time.sleep(rng.uniform(1.5, 6.0))
        else:  # the commit: as soon as the manifest is being written, plus up to a few milliseconds
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not any(p.name.startswith("manifest.json.") for p in out.iterdir()):
                time.sleep(0.0005)
            time.sleep(rng.uniform(0, 0.01))
        process.kill()
        process.wait()
        TALLY.tried += 1
        state = _folder_state(out)
        follow = command(["run", str(corpus), "--out", str(out), "--force"]) if k % 3 == 0 else (0, "", "")
        leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
        name = f"kill {k}: folder {state}, next run exit {follow[0]}, leftovers after it {len(leftovers) if k % 3 == 0 else '-'}"
        bad = state.startswith("broken") or follow[0] != 0 or (k % 3 == 0 and leftovers)
        if bad:
            TALLY.rows_lost.append(name)
        print(f"  {'FAIL' if bad else 'ok  '} {name}", flush=True)


# ---------------------------------------------------------------- tokenizer benchmark

def bench_group() -> None:
    print("bench: seconds to tokenize one run of punctuation, by size", flush=True)
    from policyextract.extractor import Extractor, tokenizable

    nlp = Extractor().nlp
    shapes = {"nested parentheses": lambda n: "(" * (n // 2) + ")" * (n // 2), "underscores": lambda n: "_" * n,
              "stars": lambda n: "*" * n, "double quotes": lambda n: '"' * n}
    sizes = (5_000, 10_000, 20_000)
    print("    " + "shape".ljust(20) + "".join(f"{n // 1000:>8} KB" for n in sizes), flush=True)
    for shape, make in shapes.items():
        seconds = []
        for n in sizes:
            started = time.perf_counter()
            nlp.make_doc(tokenizable(f"Funding of $5 million. {make(n)} The end."))
            seconds.append(time.perf_counter() - started)
        print("    " + shape.ljust(20) + "".join(f"{s:>10.3f} s" for s in seconds), flush=True)


GROUPS = ("entries", "texts", "metadata", "patterns", "readers", "dask", "concurrency", "kill", "bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=GROUPS, action="append", help="run only these groups (repeatable)")
    parser.add_argument("--pairs", type=int, default=20, help="overlapping run pairs")
    parser.add_argument("--kills", type=int, default=10, help="runs killed with SIGKILL")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    groups = args.only or [g for g in GROUPS]
    base = Path(tempfile.mkdtemp(prefix="policyextract-hostile-"))
    started = time.monotonic()
    try:
        for group in groups:
            if group == "entries":
                entries_group(base)
            elif group == "texts":
                texts_group(base)
            elif group == "metadata":
                metadata_group(base)
            elif group == "patterns":
                patterns_group(base)
            elif group == "readers":
                readers_group(base)
            elif group == "dask":
                dask_group(base)
            elif group == "concurrency":
                concurrency_group(base, args.pairs)
            elif group == "kill":
                kill_group(base, args.kills)
            elif group == "bench":
                bench_group()
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)
    print(TALLY.line() + f" ({time.monotonic() - started:.0f} s)")
    return 0 if not (TALLY.crashes or TALLY.hangs or TALLY.wrong_exit or TALLY.rows_lost) else 1


if __name__ == "__main__":
    sys.exit(main())
