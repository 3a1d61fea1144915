"""Integrity check, backup and restore of a database file."""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tracker.db import Database
from tracker.errors import DatabaseError, InputError


@dataclass
class CheckReport:
    checks: list[tuple[str, int]] = field(default_factory=list)  # (what, offending rows)

    @property
    def ok(self) -> bool:
        return all(n == 0 for _, n in self.checks)

    def to_json(self) -> dict:
        return {"ok": self.ok, "checks": [{"check": c, "problems": n} for c, n in self.checks]}


#: (description, SQL counting offending rows, tables it needs)
CHECKS = [
    ("events whose article is missing",
     "SELECT count(*) FROM event e WHERE e.article_id IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM article a WHERE a.id = e.article_id)", ()),
    ("events whose import batch is missing",
     "SELECT count(*) FROM event e WHERE e.batch_id IS NOT NULL AND NOT EXISTS "
     "(SELECT 1 FROM import_batch b WHERE b.id = e.batch_id)", ("import_batch",)),
    ("issue links to missing events", "SELECT count(*) FROM event_issue l WHERE NOT EXISTS "
     "(SELECT 1 FROM event e WHERE e.id = l.event_id)", ()),
    ("issue links to unknown issues", "SELECT count(*) FROM event_issue l WHERE NOT EXISTS "
     "(SELECT 1 FROM issue i WHERE i.code = l.issue_code)", ()),
    ("coded or manual events without a 'create' audit entry",
     "SELECT count(*) FROM event e WHERE e.dataset IN ('manual', 'auto') AND NOT EXISTS "
     "(SELECT 1 FROM audit_log l WHERE l.event_id = e.id AND l.action = 'create')", ()),
    ("events whose status differs from their last audit entry",
     "SELECT count(*) FROM event e JOIN (SELECT event_id, arg_max(after->>'status', id) AS s FROM audit_log "
     "WHERE after IS NOT NULL GROUP BY 1) l ON l.event_id = e.id WHERE l.s <> e.status", ()),
    ("events with an unknown CAMEO code or a wrong root/quad class",
     "SELECT count(*) FROM event e LEFT JOIN event_type t ON t.code = e.code "
     "WHERE t.code IS NULL OR t.root_code <> e.root_code OR (e.dataset IN ('manual', 'auto') AND "
     "(t.quad_class <> e.quad_class OR t.goldstein <> e.goldstein))", ()),
    ("events with an invalid status", "SELECT count(*) FROM event WHERE status NOT IN "
     "('proposed', 'accepted', 'rejected', 'retracted')", ()),
    ("finished import batches whose imported count differs from their events",
     "SELECT count(*) FROM import_batch b WHERE b.finished_at IS NOT NULL AND b.rows_imported <> "
     "(SELECT count(*) FROM event e WHERE e.batch_id = b.id)", ("import_batch",)),
    ("import batches whose rejected count differs from their rejected rows",
     "SELECT count(*) FROM import_batch b WHERE b.finished_at IS NOT NULL AND b.rows_rejected <> "
     "(SELECT count(*) FROM import_rejected r WHERE r.batch_id = b.id)", ("import_batch", "import_rejected")),
    ("rejected rows whose import batch is missing",
     "SELECT count(*) FROM import_rejected r WHERE NOT EXISTS "
     "(SELECT 1 FROM import_batch b WHERE b.id = r.batch_id)", ("import_batch", "import_rejected")),
    ("imported events without an import batch",
     "SELECT count(*) FROM event WHERE dataset NOT IN ('manual', 'auto') AND batch_id IS NULL",
     ("import_batch",)),
    ("imported events stored twice (same dataset and external id)",
     "SELECT count(*) FROM (SELECT dataset, external_id FROM event WHERE external_id IS NOT NULL "
     "AND dataset NOT IN ('manual', 'auto') GROUP BY ALL HAVING count(*) > 1)", ()),
    ("automatic events without an article",
     "SELECT count(*) FROM event WHERE dataset = 'auto' AND article_id IS NULL", ()),
    ("articles stored twice (same normalised text)",
     "SELECT count(*) FROM (SELECT content_hash FROM article GROUP BY 1 HAVING count(*) > 1)", ()),
    ("audit entries of events that are gone (other than replaced proposals)",
     "SELECT count(*) FROM audit_log l WHERE NOT EXISTS (SELECT 1 FROM event e WHERE e.id = l.event_id) "
     "AND NOT EXISTS (SELECT 1 FROM audit_log r WHERE r.event_id = l.event_id AND r.action = 'recode')", ()),
    ("audit entries without a user",
     "SELECT count(*) FROM audit_log WHERE coalesce(trim(user_name), '') = ''", ()),
]


def check_database(db: Database) -> CheckReport:
    """Run every integrity check; each reports how many rows break it."""
    report = CheckReport()
    with db.connect() as conn:
        tables = {r[0] for r in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        cols = {r[0] for r in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'import_batch'").fetchall()}
        for what, sql, needs in CHECKS:
            if not set(needs) <= tables:
                continue
            if not set(re.findall(r"\brows_\w+|\bfinished_at\b", sql)) <= cols:   # an older import_batch
                continue
            report.checks.append((what, conn.execute(sql).fetchone()[0]))
        conn.execute("CHECKPOINT")
    return report


def backup_database(db: Database, target: Path) -> Path:
    """Copy the database to ``target`` while holding it (no writer can interleave); the copy is checked."""
    target = Path(target)
    if target.exists():
        raise InputError(f"{target} already exists; choose a new file name for the backup.")
    if not db.exists():
        raise DatabaseError(f"{db.path} does not exist; nothing to back up.")
    target.parent.mkdir(parents=True, exist_ok=True)
    with db.connect() as conn:
        conn.execute("CHECKPOINT")
        tmp = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(db.path, tmp)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise DatabaseError(f"Cannot write the backup {target}: {exc.strerror}.") from None
    os.replace(tmp, target)
    _verify(target, db)
    return target


def restore_database(db: Database, source: Path) -> None:
    """Replace the database file with a backup, atomically, after checking the backup opens."""
    source = Path(source)
    if not source.exists():
        raise InputError(f"{source} does not exist; give the path of a file made by `tracker backup`.")
    _verify(source, db)
    db.path.parent.mkdir(parents=True, exist_ok=True)
    with db.connect():  # waits for other processes to let go, so none is writing while we swap
        tmp = db.path.with_name(db.path.name + ".restore")
        shutil.copyfile(source, tmp)
    with db.gate.held():  # and no process is half-way through opening the old file (see tracker/db/gate.py)
        os.replace(tmp, db.path)
        Path(str(db.path) + ".wal").unlink(missing_ok=True)


def _verify(path: Path, like: Database) -> None:
    """Refuse a file that is not a whole tracker database: every block of every table is read (DuckDB checks
    each block's checksum), so a truncated or damaged copy is caught before it replaces anything."""
    try:
        conn = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        raise DatabaseError(f"{path} is not a usable tracker database ({_first_line(exc)}).") from None
    try:
        conn.execute("SELECT count(*) FROM schema_migration").fetchone()
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM duckdb_tables() WHERE NOT internal").fetchall()]
        for table in tables:
            conn.execute(f'SELECT count(*), sum(hash(t)) FROM "{table}" t').fetchone()
    except duckdb.Error as exc:
        raise DatabaseError(f"{path} is not a usable tracker database ({_first_line(exc)}).") from None
    finally:
        conn.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
