"""Article readers: the seed article's shape, JSONL, CSV, feeds, and every kind of bad input."""

from __future__ import annotations

import json

import pytest
from datetime import date

from tests.conftest import SEED_ARTICLE, SEEDS
from tracker.ingest import ingest_paths, read_path
from tracker.ingest.text import content_hash


@pytest.fixture
def inputs(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


def test_seed_article_parses_like_the_issue_says():
    [rec] = list(read_path(SEED_ARTICLE))
    a = rec.article
    assert a.title == "US Urges CCP to Allow Independent Probe into Alleged Organ Harvesting Practices"
    assert a.author == "Sidney Hunt"
    assert a.published_at == date(2024, 7, 2)
    assert "HTML tutorial" not in a.text
    assert a.text.startswith("Amid escalating international scrutiny, the United States government")
    assert a.text.endswith("adherence to human rights standards.")
    assert a.text.count("\n\n") == 5  # six paragraphs


def test_every_seed_file_is_read(seeded_db):
    n = seeded_db.query_df("SELECT count(*) AS n, count(published_at) AS dated FROM article")
    files = [p for p in SEEDS.rglob("*.txt")]
    assert n.n[0] == len(files) == n.dated[0]


def test_jsonl_csv_and_feed(fresh_db, inputs):
    tmp_path = inputs
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"url": "https://ex.org/1", "title": "One", "source": "Ex", "published_at": "2021-03-22",
                    "text": "The EU imposed sanctions on four Chinese officials."}) + "\n"
    )
    (tmp_path / "b.csv").write_text(
        "url,title,author,source,published_at,text\n"
        'https://ex.org/2,Two,Ann,Ex,2021-03-23,"China sanctioned ten Europeans, it said."\n'
    )
    (tmp_path / "c.rss").write_text(
        """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
        <item><title>Three</title><link>https://ex.org/3</link><pubDate>Wed, 24 Mar 2021 10:00:00 GMT</pubDate>
        <description>&lt;p&gt;Britain summoned the Chinese ambassador.&lt;/p&gt;</description></item>
        </channel></rss>"""
    )
    report = ingest_paths(fresh_db, [tmp_path])
    assert (report.read, report.new, report.duplicate, report.rejected) == (3, 3, 0, 0)
    df = fresh_db.query_df("SELECT url, title, author, source, published_at, text FROM article ORDER BY url")
    assert df.title.tolist() == ["One", "Two", "Three"]
    assert df.published_at.tolist() == [date(2021, 3, 22), date(2021, 3, 23), date(2021, 3, 24)]
    assert df.source.tolist() == ["Ex", "Ex", "Wire"]
    assert df.text[2] == "Britain summoned the Chinese ambassador."


def test_reingest_adds_nothing_and_dedups_on_url_then_hash(fresh_db, inputs):
    tmp_path = inputs
    f = tmp_path / "a.jsonl"
    rows = [
        {"url": "https://ex.org/1", "text": "Same words here."},
        {"url": "https://ex.org/1", "text": "Different words, same URL."},
        {"text": "same   WORDS here."},  # same normalised text, no URL
        {"text": "A new article."},
    ]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    first = ingest_paths(fresh_db, [f])
    assert (first.read, first.new, first.duplicate) == (4, 2, 2)
    again = ingest_paths(fresh_db, [f])
    assert (again.new, again.duplicate) == (0, 4)
    assert fresh_db.query_df("SELECT count(*) AS n FROM article").n[0] == 2
    assert content_hash("Same words here.") == content_hash(" same\nwords   HERE. ")


def test_bad_input_is_reported_per_row_and_good_rows_are_kept(fresh_db, inputs):
    tmp_path = inputs
    (tmp_path / "rows.jsonl").write_text(
        '{"text": "Good one."}\n'
        '{"text": "Broken\n'
        '["not", "an", "object"]\n'
        '{"title": "no text"}\n'
        '{"text": "Bad date.", "published_at": "2024-02-30"}\n'
        '{"text": "Bad url.", "url": "not a url"}\n'
        '{"text": "Good two.", "published_at": "2024-02-29"}\n'
    )
    (tmp_path / "latin.txt").write_bytes("Titre\n\nCaf\xe9 cr\xe8me.".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("\n\n")
    (tmp_path / "cols.csv").write_text("title,body\nx,y\n")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    report = ingest_paths(fresh_db, [tmp_path])
    reasons = dict(report.rejections)
    assert report.new == 2 and report.rejected == 9
    assert "broken JSON" in reasons[f"{tmp_path}/rows.jsonl:2"]
    assert "must be an object" in reasons[f"{tmp_path}/rows.jsonl:3"]
    assert "text" in reasons[f"{tmp_path}/rows.jsonl:4"]
    assert "unreadable date" in reasons[f"{tmp_path}/rows.jsonl:5"]
    assert "not a URL" in reasons[f"{tmp_path}/rows.jsonl:6"]
    assert "not UTF-8" in reasons[f"{tmp_path}/latin.txt"]
    assert "empty" in reasons[f"{tmp_path}/empty.txt"]
    assert "no `text` column" in reasons[f"{tmp_path}/cols.csv"]
    assert "unknown file type" in reasons[f"{tmp_path}/notes.pdf"]


def test_utf16_with_bom_and_utf8_bom_are_read(fresh_db, inputs):
    tmp_path = inputs
    (tmp_path / "u16.txt").write_bytes("Title\n\nBody in UTF-16.".encode("utf-16"))
    (tmp_path / "u8.txt").write_bytes(b"\xef\xbb\xbfTitle two\n\nBody with BOM.")
    report = ingest_paths(fresh_db, [tmp_path])
    assert (report.new, report.rejected) == (2, 0)
    assert sorted(fresh_db.query_df("SELECT title FROM article").title) == ["Title", "Title two"]
