"""Article ingest: readers for plain text, JSONL, CSV and feeds, and the bulk store with dedup."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.db import Database
from tracker.ingest.readers import Record, expand_paths, read_path
from tracker.ingest.store import store_articles
from tracker.schema import ArticleCreate

BATCH = 50_000


@dataclass
class IngestReport:
    files: int = 0
    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)   # (where, reason)
    new_ids: list[int] = field(default_factory=list)

    def reasons(self) -> Counter:
        return Counter(reason for _, reason in self.rejections)

    def to_json(self) -> dict:
        return {"files": self.files, "read": self.read, "new": self.new, "duplicate": self.duplicate,
                "rejected": self.rejected, "rejections": [{"where": w, "reason": r} for w, r in self.rejections]}


def ingest_paths(db: Database, paths: list[Path], on_file: Callable[[Path], None] | None = None) -> IngestReport:
    """Read every file under ``paths`` and store the new articles, in batches (each batch one transaction)."""
    files = expand_paths([Path(p) for p in paths])
    report = IngestReport(files=len(files))
    batch: list[ArticleCreate] = []

    def flush():
        ids, dup = store_articles(db, batch)
        report.new += len(ids)
        report.duplicate += dup
        report.new_ids.extend(ids)
        batch.clear()

    for path in files:
        for rec in read_path(path):
            report.read += 1
            if rec.article is None:
                report.rejected += 1
                report.rejections.append((rec.where, rec.reason or "rejected"))
                continue
            batch.append(rec.article)
            if len(batch) >= BATCH:
                flush()
        if on_file:
            on_file(path)
    if batch:
        flush()
    return report


def ingest_article(db: Database, article: ArticleCreate) -> tuple[int | None, bool]:
    """Store one article (the New article form). Returns (id, created); a duplicate returns the stored id."""
    from tracker.ingest.text import content_hash

    ids, _ = store_articles(db, [article])
    if ids:
        return ids[0], True
    with db.connect() as conn:
        row = conn.execute(
            "SELECT id FROM article WHERE content_hash = ? OR (url IS NOT NULL AND url = ?) ORDER BY id LIMIT 1",
            [content_hash(article.text), article.url],
        ).fetchone()
    return (row[0] if row else None), False


__all__ = ["IngestReport", "Record", "ingest_article", "ingest_paths", "read_path", "store_articles"]
