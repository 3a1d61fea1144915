"""Garbage in: property-based fuzzing of every reader (article text, JSONL, CSV, feeds) and the four dataset
importers. No crash; every rejected row reported with a reason; every valid row kept.

Budgets come from the hypothesis profile (tests/reliability/conftest.py): "ci" by default, "long" with
HYPOTHESIS_PROFILE=long. The number of examples run is printed at the end of the module (run with -s).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import uuid
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tracker.db import Database
from tracker.errors import TrackerError
from tracker.imports import import_files
from tracker.ingest import ingest_paths, read_path
from tracker.services.maintenance import check_database
from tracker.services.setup import init_database
from tracker.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES: Counter = Counter()

BAD_DATES = ["0000-00-00", "2024-02-30", "2023-13-01", "NaN", "1e999", "-1", "yesterday", "2024/99/99"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]
# text with the characters that break naive line splitting (\x1c-\x1e, \x85, \u2028, \u2029), NUL and the rest
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=120).filter(
    lambda s: any(c.isalnum() for c in s))


@pytest.fixture(scope="module", autouse=True)
def report_examples():
    yield
    print(f"\nfuzz examples run: {sum(EXAMPLES.values())} ({dict(EXAMPLES)})")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def _file(folder: Path, name: str, data: bytes) -> Path:
    path = folder / uuid.uuid4().hex / name
    path.parent.mkdir()
    path.write_bytes(data)
    return path


def _records(path: Path) -> list:
    records = list(read_path(path))
    for r in records:
        assert (r.article is None) != (r.reason is None), r
        assert r.article is not None or r.reason.strip(), r
    return records


def _readable(text: str, encoding: str) -> bool:
    """Whether the readers must take a file of ``text`` in ``encoding`` row by row: UTF-8 with or without BOM,
    UTF-16 with BOM, and single-byte encodings whose bytes are plain ASCII. Anything else (UTF-16 without BOM,
    cp1252/latin-1 beyond ASCII) must not crash and must give reasons, nothing more is promised."""
    single_byte_ascii = encoding in ("cp1252", "latin-1") and text.isascii()
    return encoding in ("utf-8", "utf-8-sig", "utf-16") or single_byte_ascii


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


# -- article readers ----------------------------------------------------------------------------------
SUFFIXES = [".txt", ".md", ".jsonl", ".json", ".csv", ".tsv", ".rss", ".atom", ".xml", ".bin"]


@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_a_reader(folder, data, suffix):
    EXAMPLES["random bytes"] += 1
    _records(_file(folder, f"f{suffix}", data))


def _valid_row():
    return st.fixed_dictionaries({
        "text": TEXT, "title": st.one_of(st.none(), TEXT),
        "published_at": st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())),
    })


def _bad_row():
    return st.one_of(
        st.tuples(st.just("bad date"), TEXT, st.sampled_from(BAD_DATES)),
        st.tuples(st.just("no text"), st.sampled_from(["", "   ", "\x00", "\x00\x00 \t"]), st.none()),
        st.tuples(st.just("truncated"), TEXT, st.none()),
        st.tuples(st.just("not an object"), TEXT, st.none()),
        st.tuples(st.just("number date"), TEXT, st.sampled_from([float("nan"), float("inf"), 1e308, -5])),
    )


@given(rows=st.lists(st.one_of(_valid_row(), _bad_row()), min_size=1, max_size=12),
       encoding=st.sampled_from(ENCODINGS), ascii_json=st.booleans())
@example(rows=[{"text": "one\u2028two \x85 three \x1c four", "title": None, "published_at": None}],
         encoding="utf-8", ascii_json=False)      # JSON allows these unescaped; splitlines() cut the line
def test_jsonl_rows_kept_or_rejected_one_by_one(folder, rows, encoding, ascii_json):
    EXAMPLES["jsonl"] += 1
    lines, valid = [], []
    for row in rows:
        if isinstance(row, dict):
            lines.append(json.dumps(row, ensure_ascii=ascii_json))
            valid.append(row["text"])
            continue
        kind, text, extra = row
        if kind == "bad date" or kind == "number date":
            lines.append(json.dumps({"text": text, "published_at": extra}, ensure_ascii=ascii_json))
        elif kind == "no text":
            lines.append(json.dumps({"text": text, "title": "t"}, ensure_ascii=ascii_json))
        elif kind == "truncated":
            full = json.dumps({"text": text}, ensure_ascii=ascii_json)
            lines.append(full[: max(1, len(full) // 2)])
        else:
            lines.append(json.dumps([text], ensure_ascii=ascii_json))
    content = "\n".join(lines) + "\n"
    if not _encodable(content, encoding):
        return
    records = _records(_file(folder, "a.jsonl", content.encode(encoding)))
    if not _readable(content, encoding):
        assert records and all(r.reason for r in records) or encoding == "utf-16-le"
        return
    assert len(records) == len(rows), (len(records), len(rows), records)
    kept = [r.article.text for r in records if r.article]
    assert len(kept) == len(valid)
    rejected = [r for r in records if r.reason]
    assert len(rejected) == len(rows) - len(valid)
    assert [r.where.rsplit(":", 1)[1] for r in rejected] == [
        str(n) for n, row in enumerate(rows, start=1) if not isinstance(row, dict)]


@given(rows=st.lists(st.one_of(_valid_row(), _bad_row()), min_size=1, max_size=12),
       encoding=st.sampled_from(ENCODINGS), delimiter=st.sampled_from([",", "\t"]))
def test_csv_rows_kept_or_rejected_one_by_one(folder, rows, encoding, delimiter):
    EXAMPLES["csv"] += 1
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)  # a bare \r too
    writer.writerow(["url", "title", "published_at", "text"])
    valid = 0
    for n, row in enumerate(rows):
        if isinstance(row, dict):
            writer.writerow([f"https://example.org/{n}", row["title"] or "", row["published_at"] or "",
                             row["text"]])
            valid += 1
            continue
        kind, text, extra = row
        if kind in ("bad date", "number date"):
            writer.writerow(["", "t", str(extra), text])
        elif kind == "no text":
            writer.writerow(["", "t", "", text])
        elif kind == "truncated":                                   # too few fields: no text
            writer.writerow(["", "t"])
        else:                                                       # too many fields
            writer.writerow(["", "t", "", text, "extra", "fields"])
    content = out.getvalue()
    if not _encodable(content, encoding):
        return
    suffix = ".csv" if delimiter == "," else ".tsv"
    records = _records(_file(folder, f"a{suffix}", content.encode(encoding)))
    if not _readable(content, encoding):
        assert records and all(r.reason for r in records) or encoding == "utf-16-le"
        return
    assert len(records) == len(rows), records
    assert sum(1 for r in records if r.article) == valid


@given(text=st.text(max_size=400), encoding=st.sampled_from(ENCODINGS))
def test_text_articles_are_one_record(folder, text, encoding):
    EXAMPLES["text"] += 1
    if not _encodable(text, encoding):
        return
    records = _records(_file(folder, "a.txt", text.encode(encoding)))
    assert len(records) == 1


@given(entries=st.lists(st.fixed_dictionaries({
    "title": st.text(max_size=40), "link": st.text(max_size=40), "description": st.text(max_size=200),
    "pubDate": st.one_of(st.sampled_from([*BAD_DATES, "Tue, 02 Jul 2024 10:00:00 GMT", ""]),
                         st.text(max_size=30)),
}), max_size=6), cut=st.one_of(st.none(), st.integers(min_value=0, max_value=2000)))
def test_feeds_with_garbage_entries_never_crash(folder, entries, cut):
    EXAMPLES["feeds"] += 1
    from xml.sax.saxutils import escape

    items = "".join(
        "<item>" + "".join(f"<{k}>{escape(_xml_safe(v))}</{k}>" for k, v in e.items()) + "</item>"
        for e in entries)
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F</title>'
            f"{items}</channel></rss>")
    data = feed.encode()[:cut] if cut is not None else feed.encode()
    records = _records(_file(folder, "f.rss", data))
    if cut is None:
        assert len(records) == len(entries) or (not entries and len(records) <= 1)


def _xml_safe(s: str) -> str:
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", "", s)


def test_ten_megabyte_fields_are_kept(tmp_path, fresh_db):
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    big = "Washington criticised Beijing. " * (10 * 1024 * 1024 // 31)
    (tmp_path / "big.jsonl").write_text(json.dumps({"text": big, "url": "https://example.org/big"}) + "\n"
                                        + json.dumps({"text": "A small article about trade."}) + "\n")
    out = io.StringIO()
    csv.writer(out).writerows([["url", "text"], ["https://example.org/big2", big + " again"], ["", "Small."]])
    (tmp_path / "big.csv").write_text(out.getvalue())
    report = ingest_paths(fresh_db, [tmp_path])
    assert (report.read, report.new, report.rejected) == (4, 4, 0), report.rejections
    assert fresh_db.query_df("SELECT max(length(text)) FROM article").iloc[0, 0] >= 10 * 1024 * 1024 - 64


# -- dataset importers ----------------------------------------------------------------------------------
SAMPLES = {
    "gdelt": DATA / "gdelt" / "20240701120000.export.CSV",
    "icews": DATA / "icews" / "events.2017.newer.tab",
    "acled": DATA / "acled" / "acled_2024-07.csv",
    "polecat": DATA / "polecat" / "ngec_coded_v1_2024-07-01.txt",
}
HAS_HEADER = {"gdelt": False, "icews": True, "acled": True, "polecat": True}
MUTATIONS = ["truncate", "drop field", "extra field", "nul", "random bytes", "bad date", "bad number",
             "huge field", "blank", "quote"]


@pytest.fixture(scope="module")
def import_db(tmp_path_factory) -> Database:
    path = tmp_path_factory.mktemp("imports") / "tracker.duckdb"
    db = Database(path, Settings.from_env(environ={}, db_path=path))
    init_database(db)
    return db


def _mutate(line: str, how: str, sep: str, noise: bytes) -> str:
    fields = line.split(sep)
    if how == "truncate":
        return line[: max(1, len(line) // 3)]
    if how == "drop field":
        return sep.join(fields[:-2])
    if how == "extra field":
        return line + sep + "surplus" + sep + "more"
    if how == "nul":
        return line[:10] + "\x00" + line[10:]
    if how == "random bytes":
        return noise.decode("latin-1").replace("\n", " ").replace("\r", " ")
    if how == "bad date":
        return re.sub(r"\b(\d{4}-\d{2}-\d{2}|\d{8})\b", "2024-02-30", line, count=1)
    if how == "bad number":
        return re.sub(r"-?\d+\.\d+", "1e999" if len(noise) % 2 else "NaN", line, count=1)
    if how == "huge field":
        return sep.join([*fields[:-1], "x" * (2 * 1024 * 1024)])
    if how == "blank":
        return ""
    return line.replace(sep, sep + '"', 1)


def _forget(db: Database, data: bytes) -> None:
    """Remove an earlier import of these exact bytes (its batch, events and rejected rows)."""
    sha = hashlib.sha256(data).hexdigest()
    with db.connect() as conn:          # one statement per transaction (DuckDB's eager foreign-key checks)
        ids = [r[0] for r in conn.execute("SELECT id FROM import_batch WHERE sha256 = ?", [sha]).fetchall()]
        conn.execute("DELETE FROM event_issue WHERE event_id IN "
                     "(SELECT id FROM event WHERE batch_id IN (SELECT unnest(?)))", [ids])
        for table, column in (("event", "batch_id"), ("import_rejected", "batch_id"), ("import_batch", "id")):
            conn.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT unnest(?))", [ids])


@pytest.mark.parametrize("dataset", list(SAMPLES))
def test_importers_take_garbage_row_by_row(import_db, folder, dataset):
    sample = SAMPLES[dataset]
    sep = "," if sample.suffix.lower() == ".csv" and dataset == "acled" else "\t"
    text = sample.read_bytes().decode("utf-8", errors="replace")    # a sample may hold a stray byte
    lines = text.splitlines()
    header, rows = (lines[:1], lines[1:]) if HAS_HEADER[dataset] else ([], lines)
    (pristine,) = import_files(import_db, dataset, [_file(folder, sample.name, sample.read_bytes())]).files
    taken = pristine.imported + pristine.duplicate + pristine.filtered     # the sample's valid rows
    assert pristine.error is None and taken > 0

    @given(mutations=st.lists(st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(MUTATIONS),
                                        st.binary(min_size=1, max_size=80)), max_size=4),
           encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]), salt=st.integers(0, 10**6))
    def run(mutations, encoding, salt):
        EXAMPLES[f"import {dataset}"] += 1
        body = list(rows)
        touched = set()
        for i, how, noise in mutations:
            body[i] = _mutate(body[i], how, sep, noise)
            touched.add(i)
        if HAS_HEADER[dataset]:
            content = "\n".join(header + body) + "\n"
        else:
            content = "\n".join(body) + "\n"
        content += "\n" * (salt % 101)     # trailing blank lines: new bytes for the sha256 dedup, same rows
        try:
            data = content.encode(encoding)
        except UnicodeError:
            return
        path = _file(folder, sample.name, data)
        _forget(import_db, data)      # hypothesis replays a failing example: import it afresh, not "skipped"
        try:
            summary = import_files(import_db, dataset, [path])
        except TrackerError as exc:
            assert str(exc).strip()
            return
        (result,) = summary.files
        if result.error:
            assert result.error.strip() and result.batch_id is None
            return
        if result.skipped:
            return
        assert result.read == result.imported + result.duplicate + result.rejected + result.filtered
        with import_db.connect() as conn:
            reasons = conn.execute("SELECT reason FROM import_rejected WHERE batch_id = ?",
                                   [result.batch_id]).fetchall()
        assert len(reasons) == result.rejected and all(r[0] and r[0].strip() for r in reasons)
        if encoding in ("utf-8", "utf-8-sig"):   # untouched valid rows are all taken (new or already there)
            kept = result.imported + result.duplicate + result.filtered
            # an unbalanced quote makes the following lines part of its field, up to the next quote (CSV
            # allows newlines inside quotes): those rows are in the rejected row's raw line, not dropped
            quoted = any(body[i].count('"') % 2 for i in touched)
            if not quoted:
                assert kept >= taken - len(touched), (result, mutations)

    run()
    report = check_database(import_db)
    assert report.ok, report.checks


def test_importer_garbage_leaves_no_temp_files(folder):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(exist_ok=True)
    assert not list(folder.iterdir())
