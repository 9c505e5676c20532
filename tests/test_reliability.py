"""Reliability: no directory entry, byte, pattern or second process crashes, hangs or corrupts a run.

Each hostile input is a row of a table: what is on disk (or in a file), and the coded outcome expected.
The slow, exhaustive version of these checks is `scripts/hostile.py`.
"""

from __future__ import annotations

import errno
import inspect
import json
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

import policyextract.errors as errors
from policyextract.runs.corpus import FileJob, OverBudget, plan_jobs, process_file, time_budget
from policyextract.diffing import diff_outputs
from policyextract.errors import PolicyExtractError
from policyextract.gold import GoldError
from policyextract.pattern_safety import MAX_OP_BOUND, regex_problem
from policyextract.patterns import load_patterns
from policyextract.reading import corpus_file_names, decode, escape_name, load_metadata, unescape_name
from policyextract.report import build_report
from policyextract.tokenizing import split_punctuation_runs
from policyextract.runs.writing import OutputWriter, _csv_value, locked_out_dir, read_jsonl

from .conftest import ROOT

ARTICLE = "The ministry said on Monday it would invest 5 million yuan in new chips.\n"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_to(target: str):
    return lambda path: os.symlink(target, path)


def _loop(path: Path) -> None:
    os.symlink(path.name, path)  # a link to itself


ENTRIES = [  # (name in the corpus folder, how it is made, expected failure code or None for a document)
    ("fifo.txt", _fifo, "E201"),
    ("to-fifo.txt", lambda p: (os.mkfifo(p.with_name("real-fifo")), os.symlink("real-fifo", p)), "E201"),
    ("to-dev-zero.txt", _symlink_to("/dev/zero"), "E201"),
    ("to-dev-null.txt", _symlink_to("/dev/null"), "E201"),
    ("loop.txt", _loop, "E203"),
    ("dangling.txt", _symlink_to("nowhere.txt"), "E200"),
    ("to-folder.txt", lambda p: (p.with_name("folder").mkdir(), os.symlink("folder", p)), "E200"),
    (os.fsdecode(b"caf\xe9.txt"), lambda p: p.write_text(ARTICLE, encoding="utf-8"), "E202"),
    ("good.txt", lambda p: p.write_text(ARTICLE, encoding="utf-8"), None),
]


@pytest.mark.parametrize("name, make, code", ENTRIES, ids=[escape_name(e[0]) for e in ENTRIES])
def test_every_hostile_entry_is_a_coded_failure_or_a_document(tmp_path, extractor, name, make, code):
    make(tmp_path / name)
    plan, _ = plan_jobs(tmp_path, max_bytes=1000, timeout=5)
    (job,) = [job for job in plan if job.source.endswith(escape_name(name))]
    started = time.monotonic()
    result = process_file(job, extractor)
    assert time.monotonic() - started < 5  # a FIFO never blocks, a device is never read
    assert (result.failure.error if result.failure else None) == code
    json.dumps(result.failure.model_dump() if result.failure else {}, ensure_ascii=False).encode("utf-8")


def test_a_folder_whose_entries_loop_is_walked_without_following_them(tmp_path):
    (tmp_path / "sub").mkdir()
    os.symlink("..", tmp_path / "sub" / "up")  # a folder loop
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")  # a link loop
    assert corpus_file_names(tmp_path) == ["a.txt", "b.txt"]


def test_a_folder_that_cannot_be_listed_is_named_and_becomes_a_failure(tmp_path, extractor, monkeypatch):
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert corpus_file_names(tmp_path) == ["locked/"]
    (job,) = plan_jobs(tmp_path)[0]
    assert process_file(job, extractor).failure.error == "E203"


def test_a_corpus_folder_that_cannot_be_listed_is_a_coded_error(tmp_path, monkeypatch):
    def scandir(path="."):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "scandir", scandir)
    with pytest.raises(errors.FolderError, match="cannot be listed"):
        corpus_file_names(tmp_path)


NAMES = ["plain.txt", "back\\slash.txt", os.fsdecode(b"caf\xe9.txt"), os.fsdecode(b"\xff\xfe\\x41.txt"), "中文.txt"]


@pytest.mark.parametrize("name", NAMES, ids=range(len(NAMES)))
def test_file_names_escape_reversibly_into_text(name):
    escaped = escape_name(name)
    escaped.encode("utf-8")  # any output can hold it
    assert unescape_name(escaped) == name


def test_escaped_names_keep_plain_names_as_they_are():
    assert [escape_name(n) for n in ("a.txt", "中文.txt", os.fsdecode(b"caf\xe9.txt"))] == ["a.txt", "中文.txt", "caf\\xe9.txt"]


SENTENCE = "The bureau’s “new plan” costs ¥5 billion — said Zhāng. "
DECODINGS = [  # (bytes, text, encoding, whether a warning is given)
    ("one-stray-byte", b"Plain start. \x92" + (SENTENCE * 4).encode(), "Plain start. \ufffd" + SENTENCE * 4, "utf-8", True),
    ("cp1252-stays-cp1252", "The firm’s “naïve” café.".encode("cp1252"), "The firm’s “naïve” café.", "cp1252", False),
    ("utf-16-le-no-bom", "Funds of 5 million".encode("utf-16-le"), "Funds of 5 million", "utf-16-le", False),
    ("utf-16-be-no-bom", "Funds of 5 million".encode("utf-16-be"), "Funds of 5 million", "utf-16-be", False),
]


@pytest.mark.parametrize("data, text, encoding, warned", [d[1:] for d in DECODINGS], ids=[d[0] for d in DECODINGS])
def test_decoding_keeps_utf8_with_a_few_bad_bytes_and_finds_utf16_without_a_bom(data, text, encoding, warned):
    decoded, found, warning = decode(data, "x.txt")
    assert (decoded, found, warning is not None) == (text, encoding, warned)


def test_a_few_bad_bytes_are_counted_and_located():
    _, _, warning = decode(b"Plain start. \x92" + (SENTENCE * 4).encode(), "x.txt")
    assert warning == "1 byte(s) that are not UTF-8 read as U+FFFD (at characters 13); the rest is UTF-8"


def test_binary_is_still_binary():
    with pytest.raises(errors.InputFileError, match="binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "x.png")


METADATA = [  # (metadata.csv bytes, error code, line)
    ("not-utf8", b"file,title\na.txt,ok\nb.txt,caf\xe9\n", "E211", 3),
    ("unterminated-quote", b'file,title\na.txt,"never closed\nb.txt,x\nc.txt,y\n', "E212", 2),
    ("oversized-field", b"file,title\na.txt,ok\nb.txt," + b"x" * (129 * 1024) + b"\n", "E212", 3),
    ("no-file-column", b"name,title\na.txt,x\n", "E210", 1),
]


@pytest.mark.parametrize("data, code, line", [m[1:] for m in METADATA], ids=[m[0] for m in METADATA])
def test_metadata_problems_are_coded_errors_naming_the_line(tmp_path, data, code, line):
    (tmp_path / "metadata.csv").write_bytes(data)
    with pytest.raises(errors.MetadataError) as caught:
        load_metadata(tmp_path / "metadata.csv")
    assert (caught.value.code, caught.value.line) == (code, line)


def test_a_quoted_field_over_several_lines_is_still_one_row(tmp_path):
    (tmp_path / "metadata.csv").write_text('file,title\na.txt,"two\nlines"\nb.txt,x\n', encoding="utf-8")
    entries, warnings = load_metadata(tmp_path / "metadata.csv")
    assert ({name: m.title for name, m in entries.items()}, warnings) == ({"a.txt": "two\nlines", "b.txt": "x"}, [])


RUNS = [
    ("short-run-kept", "a ... b ---- c", "a ... b ---- c"),
    ("underscores-cut", "_" * 70, "_" * 32 + " " + "_" * 32 + " " + "_" * 4),
    ("mixed-punctuation-cut", "(" * 33 + "x", "(" * 32 + " x"),
    ("letters-untouched", "a" * 100, "a" * 100),
]


@pytest.mark.parametrize("text, expected", [r[1:] for r in RUNS], ids=[r[0] for r in RUNS])
def test_punctuation_runs_are_cut_one_character_for_one(text, expected):
    assert split_punctuation_runs(text) == expected and len(expected) == len(text)


SHAPES = {"quotes": '"' * 20000, "parentheses": "(" * 10000 + ")" * 10000, "underscores": "_" * 20000,
          "stars": "*" * 20000}


@pytest.mark.parametrize("run", SHAPES.values(), ids=SHAPES.keys())
def test_long_punctuation_runs_tokenize_in_linear_time_and_keep_offsets(extractor, run):
    text = f"Funding of $5 million. {run} It ends."
    started = time.perf_counter()
    document = extractor.extract(text)
    assert time.perf_counter() - started < 2  # quadratic before: about a minute for 20 KB of quotes
    assert [a.span.text for a in document.amounts] == ["$5 million"]
    assert all(text[a.span.start:a.span.end] == a.span.text for a in document.amounts)


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


@pytest.mark.parametrize("in_thread", [False, True], ids=["main-thread", "worker-thread"])
def test_a_time_budget_interrupts_python_code_in_any_thread(in_thread):
    outcome = []

    def work():
        try:
            with time_budget(0.2):
                _spin(5)
            outcome.append("finished")
        except OverBudget:
            outcome.append("over budget")
        _spin(0.4)  # nothing arrives once the block is left
        outcome.append("after")

    if in_thread:
        thread = threading.Thread(target=work)
        thread.start()
        thread.join(10)
    else:
        work()
    assert outcome == ["over budget", "after"]


def test_a_block_within_its_budget_is_left_alone():
    with time_budget(0.5):
        _spin(0.05)
    _spin(0.7)  # past the deadline of the finished block: no late exception


def test_a_document_over_its_budget_is_a_failure_and_the_next_goes_on(tmp_path, extractor, monkeypatch):
    (tmp_path / "slow.txt").write_text("slow", encoding="utf-8")
    (tmp_path / "fast.txt").write_text(ARTICLE, encoding="utf-8")
    real = extractor.extract

    def extract(text, **kwargs):
        if text == "slow":
            _spin(10)
        return real(text, **kwargs)

    monkeypatch.setattr(extractor, "extract", extract)
    plan, _ = plan_jobs(tmp_path, timeout=0.3)
    results = {r.source: r for r in (process_file(job, extractor) for job in plan)}
    assert results[f"{tmp_path.name}/slow.txt"].failure.error == "E291"
    assert results[f"{tmp_path.name}/fast.txt"].document.amounts


def test_doc_ids_stay_unique_across_folders_with_files_of_the_same_name(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(ARTICLE, encoding="utf-8")
    plan, warnings = plan_jobs([tmp_path / "a", tmp_path / "b"])
    assert [job.doc_id for job in plan] == ["story", "b/story"] and len(warnings) == 1


CELLS = [("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
         ("plain", "plain"), (["=a", "b"], "'=a|b")]


@pytest.mark.parametrize("value, cell", CELLS, ids=[str(c[0]) for c in CELLS])
def test_csv_text_cells_that_a_spreadsheet_would_run_are_escaped(value, cell):
    assert _csv_value(value) == cell


def test_numbers_are_not_escaped():
    from decimal import Decimal

    assert [_csv_value(Decimal("-5")), _csv_value(-3)] == ["-5", "-3"]


def _run(corpus: Path, out: Path, **kwargs) -> None:
    from policyextract.runs.corpus import run_corpus

    run_corpus(corpus, out, cache=False, **kwargs)


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """One run over an article that holds U+2028, U+2029 and U+0085 in its text."""
    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "lines.txt").write_text("The fund\u2028 said it would invest $5 million\u2029 in chips\u0085 this year.\n",
                                      encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "out"
    _run(corpus, out, formats=("jsonl", "csv"))
    return out


def test_readers_split_jsonl_on_newline_only(outputs):
    assert len(list(read_jsonl(outputs / "documents.jsonl"))) == 1
    assert "invest" in build_report(outputs)
    assert all(d.empty for d in diff_outputs(outputs, outputs))


def _damaged_copy(outputs: Path, tmp_path: Path, table: str, data: bytes) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(outputs, copy)
    (copy / table).write_bytes(data)
    return copy


def test_a_table_changed_after_the_run_is_refused_as_torn(outputs, tmp_path):
    copy = _damaged_copy(outputs, tmp_path, "amounts.jsonl", b"")
    for read in (build_report, lambda out: diff_outputs(outputs, out)):
        with pytest.raises(errors.TornOutputError, match="amounts.jsonl"):
            read(copy)


@pytest.mark.parametrize("data, reason", [(b'{"id": 1\n', "not a JSON row"), (b"\xff\xfe\n", "not UTF-8"), (b"[1]\n", "not a JSON object")],
                         ids=["bad-json", "not-utf8", "not-an-object"])
def test_a_damaged_line_is_a_coded_error_naming_file_and_line(tmp_path, data, reason):
    path = tmp_path / "amounts.jsonl"
    path.write_bytes(b'{"id": "a"}\n' + data)
    with pytest.raises(errors.DamagedOutputError, match=reason) as caught:
        list(read_jsonl(path))
    assert (caught.value.path, caught.value.line) == (path, 2)


def test_diff_of_folders_without_a_manifest_is_an_error_not_no_differences(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with pytest.raises(errors.TornOutputError):
        diff_outputs(tmp_path / "a", tmp_path / "b")


def test_a_second_run_on_a_locked_out_dir_fails_at_once(tmp_path):
    with locked_out_dir(tmp_path / "out"):
        started = time.monotonic()
        with pytest.raises(errors.OutputLockedError):
            with locked_out_dir(tmp_path / "out"):
                pass
        assert time.monotonic() - started < 1
    with locked_out_dir(tmp_path / "out"):  # released with the run
        pass


def test_force_removes_tables_of_formats_not_asked_for(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    _run(corpus, tmp_path / "out", formats=("jsonl", "csv"))
    _run(corpus, tmp_path / "out", formats=("jsonl",), force=True)
    assert not list((tmp_path / "out").glob("*.csv")) and (tmp_path / "out" / "amounts.jsonl").is_file()


def test_a_write_error_is_coded_removes_temporary_files_and_keeps_previous_outputs(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    _run(corpus, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}

    def full(self, encoded):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(OutputWriter, "append", full)
    with pytest.raises(errors.OutputWriteError, match="No space left"):
        _run(corpus, out, force=True)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


def test_a_cache_that_cannot_be_written_does_not_stop_the_run(tmp_path, extractor):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "cache").write_text("a file where the cache folder should be", encoding="utf-8")
    job = FileJob(tmp_path / "a.txt", "a.txt", "a", None, 10_000, cache_dir=tmp_path / "cache")
    assert process_file(job, extractor).document is not None


REGEXES = [
    ("nested-plus", "^(a+)+$", "repetition inside a repetition"),
    ("nested-star", r"(\w*\s?)*x", "exponential backtracking"),
    ("big-bound", "a{99999}", "over the limit"),
    ("nullable-repeat", "^(a|a?)+$", "can match nothing"),
    ("overlapping-branches", "(ab|a.)+$", "start alike"),
    ("disjoint-branches", "(?:ab|cd)+", None),
    ("bounded-optional-group", r"(?:,?\s+\d{1,2})?", None),
    ("plain", r"(?i)copyright\s*\d{4}.{0,120}", None),
]


@pytest.mark.parametrize("regex, problem", [r[1:] for r in REGEXES], ids=[r[0] for r in REGEXES])
def test_unsafe_regular_expressions_are_named(regex, problem):
    found = regex_problem(regex)
    assert (found is None) if problem is None else (problem in found)


def _patterns_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "patterns"
    shutil.copytree(ROOT / "patterns", folder)
    return folder


PATTERN_EDITS = [  # (file, text appended or written, error code)
    ("page_furniture.jsonl", '{"id": "x", "role": "drop", "scope": "line", "regex": "^(a+)+$", "examples": ["aaa"]}\n', "E101"),
    ("amounts.jsonl", '{"id": "amounts.x", "label": "AMOUNT", "pattern": [{"LIKE_NUM": true, "OP": "{99999999}"}], '
                      '"examples": ["5"]}\n', "E101"),
    ("amounts.jsonl", '{"id": "amounts.x", "label": "AMOUNT", "pattern": [{"TEXT": {"REGEX": "(x*)*y"}}], "examples": ["y"]}\n',
     "E101"),
    ("amounts.jsonl", '{"a": ' * 40 + "1" + "}" * 40 + "\n", "E101"),
]


@pytest.mark.parametrize("name, line, code", PATTERN_EDITS, ids=["furniture-regex", "op-bound", "token-regex", "deep-json"])
def test_unsafe_patterns_are_rejected_before_any_document(tmp_path, name, line, code):
    folder = _patterns_copy(tmp_path)
    with (folder / name).open("a", encoding="utf-8") as handle:
        handle.write(line)
    with pytest.raises(PolicyExtractError) as caught:
        load_patterns(folder)
    assert caught.value.code == code


def test_an_empty_family_file_is_an_error_unless_declared_empty(tmp_path):
    folder = _patterns_copy(tmp_path)
    (folder / "percentages.jsonl").write_text("", encoding="utf-8")
    with pytest.raises(errors.EmptyPatternFileError, match="percentages"):
        load_patterns(folder)
    (folder / "percentages.jsonl").write_text('{"empty": "this corpus has no percentages"}\n', encoding="utf-8")
    assert not [p for p in load_patterns(folder).token_patterns if p.family == "percentages"]


def test_op_bounds_within_the_limit_load():
    assert MAX_OP_BOUND >= 8  # the project's own patterns use {1,8}
    load_patterns(ROOT / "patterns")


def _error_classes() -> list[type[PolicyExtractError]]:
    found, stack = [], [PolicyExtractError]
    while stack:
        cls = stack.pop()
        found.append(cls)
        stack += cls.__subclasses__()
    return found


def test_every_error_class_has_its_own_code():
    assert GoldError in _error_classes()  # the classes defined outside errors.py are counted too
    codes = [cls.code for cls in _error_classes() if "code" in vars(cls)]
    assert len(codes) == len(set(codes)), sorted(codes)


def test_every_error_class_of_errors_py_is_documented():
    classes = [cls for _, cls in inspect.getmembers(errors, inspect.isclass) if issubclass(cls, PolicyExtractError)]
    assert all(cls.__doc__ for cls in classes)
