"""Reading: encodings are detected and recorded, bad files fail with the file and the reason, metadata
problems are warnings naming line and field."""

from __future__ import annotations

from datetime import date

import pytest

from policyextract.errors import InputFileError, MetadataError
from policyextract.runs.corpus import plan_jobs
from policyextract.reading import corpus_file_names, load_metadata, read_source

TEXT = "北京市科委承诺每年拨款1亿元 (100 million yuan) for Web3 — “approximately $14 million”."

ENCODINGS = [
    ("utf-8", TEXT.encode("utf-8"), "utf-8"),
    ("utf-8-bom", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
    ("utf-16", TEXT.encode("utf-16"), "utf-16"),
]


@pytest.mark.parametrize("name, data, encoding", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_reading_decodes_and_records_encoding(tmp_path, name, data, encoding):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert (source.text, source.encoding) == (TEXT, encoding)


def test_reading_keeps_line_endings_and_spaces(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("a\r\nb\u00a0c\rd".encode("utf-8"))
    assert read_source(path).text == "a\r\nb\u00a0c\rd"


LEGACY = [
    ("gb18030", "北京市科学技术委员会宣布，将每年安排资金支持区块链和人工智能产业发展。" * 3, "gb18030"),
    ("gbk", "北京市科学技术委员会宣布每年拨款一亿元支持Web3发展。" * 3, "gb18030"),
    ("big5", "香港證券及期貨事務監察委員會表示，將推出虛擬資產交易平台的新規定，以保障投資者。" * 3, "big5"),
    ("cp1252", "The Commission’s “new rules” cost €5 million — naïve café owners said so. " * 3, "cp1252"),
]


@pytest.mark.parametrize("encoding, text, detected", LEGACY, ids=[e[0] for e in LEGACY])
def test_reading_detects_legacy_encodings(tmp_path, encoding, text, detected):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    source = read_source(path)
    assert (source.text, source.encoding) == (text, detected)


BAD_FILES = [
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes), not text"),
    ("bad-bom", b"\xff\xfe\x00", "starts with a utf-16 byte-order mark but does not decode as utf-16"),
]


@pytest.mark.parametrize("name, data, reason", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_reading_bad_file_names_file_and_reason(tmp_path, name, data, reason):
    path = tmp_path / f"{name}.txt"
    path.write_bytes(data)
    with pytest.raises(InputFileError) as raised:
        read_source(path)
    assert str(path) in str(raised.value) and reason in str(raised.value)


def test_reading_rejects_files_over_the_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("x" * 2000, encoding="utf-8")
    with pytest.raises(InputFileError, match="file is 2,000 bytes, over the limit of 1,000"):
        read_source(path, max_bytes=1000)


def test_reading_empty_file_is_empty_text(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_source(path).text == ""


def test_metadata_loads_rows_and_warns_about_bad_fields(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text(
        "file,title,url,published,author\n"
        "a.txt,Title A,https://example.com/a,2023-06-12T23:47,X\n"
        "b.txt,,,June 32,\n"
        ",orphan,,,\n", encoding="utf-8")
    metadata, warnings = load_metadata(path)
    assert metadata["a.txt"].published == date(2023, 6, 12)
    assert metadata["a.txt"].title == "Title A"
    assert metadata["b.txt"].published is None
    assert warnings == [
        f"{path}:1: unknown columns ['author'] ignored",
        f"{path}:3: published 'June 32' is not an ISO date (YYYY-MM-DD); field skipped",
        f"{path}:4: empty 'file'; row skipped",
    ]


def test_metadata_without_file_column_is_an_error(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("name,title\na.txt,A\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=r"metadata\.csv:1: no 'file' column"):
        load_metadata(path)


def test_corpus_files_sorted_folder_by_folder_as_paths_sort(tmp_path):
    names = ["a-b.txt", "a/b.txt", "a/z/c.txt", "a.txt", "B.txt", "é.txt", "a/b.md"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    expected = [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*.txt"))]
    assert corpus_file_names(tmp_path) == expected == ["B.txt", "a/b.txt", "a/z/c.txt", "a-b.txt", "a.txt", "é.txt"]
    assert corpus_file_names(tmp_path / "a" / "b.md") == ["b.md"]
    with pytest.raises(InputFileError, match="no such file"):
        corpus_file_names(tmp_path / "missing")


@pytest.mark.parametrize("glob", ["*.txt", "**/*.txt", "b.*", "z/*.txt", "a/z/*", ".*", "*"])
def test_corpus_files_are_the_files_rglob_finds(tmp_path, glob):
    for name in ["a/b.txt", "a/z/c.txt", "z/d.txt", ".hidden.txt", "a/.e", "b.md"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)  # not descended into
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")  # listed, so that reading reports it
    expected = [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob(glob)) if p.is_file() or p.is_symlink()]
    assert corpus_file_names(tmp_path, glob=glob) == expected


def test_job_plan_names_jobs_and_metadata_in_order(tmp_path):
    for name in ["b.txt", "sub/a.txt", "c.txt"]:
        (tmp_path / "news" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "news" / name).write_text("x", encoding="utf-8")
    (tmp_path / "news" / "metadata.csv").write_text("file,published\nsub/a.txt,2024-03-01\n", encoding="utf-8")
    plan, warnings = plan_jobs([tmp_path / "news", tmp_path / "news" / "c.txt"], max_bytes=99, resume=True)
    jobs = list(plan)
    assert len(plan) == 4 and warnings == []
    assert [(j.path, j.source, j.doc_id) for j in jobs] == [
        (tmp_path / "news" / "b.txt", "news/b.txt", "b"), (tmp_path / "news" / "c.txt", "news/c.txt", "c"),
        (tmp_path / "news" / "sub/a.txt", "news/sub/a.txt", "sub/a"), (tmp_path / "news" / "c.txt", "news/c.txt", "c")]
    assert [j.metadata.published if j.metadata else None for j in jobs] == [None, None, date(2024, 3, 1), None]
    assert {(j.max_bytes, j.resume) for j in jobs} == {(99, True)}
    assert list(plan) == jobs  # a plan can be iterated again
