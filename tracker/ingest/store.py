"""Storing articles in bulk: Arrow -> DuckDB, deduplicated on url (when present) else content hash."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

import pyarrow as pa

from tracker.db import Database
from tracker.ingest.text import content_hash
from tracker.schema import ArticleCreate

_SCHEMA = pa.schema([
    ("url", pa.string()), ("title", pa.string()), ("author", pa.string()), ("source", pa.string()),
    ("published_at", pa.date32()), ("language", pa.string()), ("text", pa.string()),
    ("content_hash", pa.string()), ("origin", pa.string()), ("ingested_at", pa.timestamp("us", tz="UTC")),
])


def store_articles(db: Database, articles: Iterable[ArticleCreate]) -> tuple[list[int], int]:
    """Insert the articles that are new; return (ids of the new articles in input order, duplicates).

    An article is a duplicate when its url is already stored, or when it has no url match and its content
    hash is already stored; duplicates within the input count too. One transaction: all or nothing.
    """
    now = datetime.now(UTC)
    cols: dict[str, list] = {name: [] for name in _SCHEMA.names if name != "ingested_at"}
    seen_urls, seen_hashes, dup = set(), set(), 0
    for a in articles:
        h = content_hash(a.text)
        if (a.url and a.url in seen_urls) or h in seen_hashes:
            dup += 1
            continue
        if a.url:
            seen_urls.add(a.url)
        seen_hashes.add(h)
        for name in ("url", "title", "author", "source", "published_at", "language", "text", "origin"):
            cols[name].append(getattr(a, name))
        cols["content_hash"].append(h)
    n = len(cols["text"])
    if not n:
        return [], dup
    arrays = [pa.array(cols[f.name], f.type) if f.name != "ingested_at" else pa.array([now] * n, f.type)
              for f in _SCHEMA]
    table = pa.Table.from_arrays(arrays, schema=_SCHEMA).append_column("ord", pa.array(range(n), pa.int64()))
    cols = ", ".join(_SCHEMA.names)
    with db.transaction() as conn:
        conn.register("_incoming", table)
        ids = [
            r[0] for r in conn.execute(
                f"""
                INSERT INTO article ({cols})
                SELECT {cols} FROM _incoming i
                WHERE NOT EXISTS (SELECT 1 FROM article a WHERE a.content_hash = i.content_hash)
                  AND (i.url IS NULL OR NOT EXISTS (SELECT 1 FROM article a WHERE a.url = i.url))
                ORDER BY ord
                RETURNING id
                """
            ).fetchall()
        ]
        conn.unregister("_incoming")
    return ids, dup + (n - len(ids))
