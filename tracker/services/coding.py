"""Coding runs: the automatic coder's proposals stored in bulk (Arrow -> DuckDB), one transaction per chunk.

Re-coding an article replaces its earlier automatic *proposed* events that no person has touched; events a
person accepted, edited, rejected, retracted or entered are never changed. Replaced proposals leave a
``recode`` entry in audit_log, new ones a ``create`` entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from tracker.db import Database
from tracker.errors import NotFoundError
from tracker.ontology import event_types
from tracker.ontology.actors import country_of, describe
from tracker.schema.vocab import AUTO_DATASET, Role
from tracker.services.auth import CurrentUser, require_role

CHUNK = 500  # articles per transaction

_EVENT_SCHEMA = pa.schema([
    ("article_id", pa.int64()), ("ord", pa.int64()), ("event_date", pa.date32()),
    ("actor_code", pa.string()), ("target_code", pa.string()),
    ("actor_country", pa.string()), ("target_country", pa.string()),
    ("code", pa.string()), ("root_code", pa.string()), ("goldstein", pa.float64()), ("quad_class", pa.int32()),
    ("evidence", pa.string()), ("evidence_start", pa.int32()), ("evidence_end", pa.int32()),
    ("confidence", pa.float64()), ("coder", pa.string()), ("issues", pa.list_(pa.string())),
    ("explain", pa.string()),
])


@dataclass
class CodingReport:
    articles: int = 0
    proposed: int = 0
    replaced: int = 0
    kept_human: int = 0
    undated: int = 0      # events found in articles with no publication date and no date in the sentence
    coder: str = ""

    def to_json(self) -> dict:
        return self.__dict__.copy()


def _article_ids(conn, ids: Sequence[int] | None) -> list[int]:
    if ids is None:
        return [r[0] for r in conn.execute("SELECT id FROM article ORDER BY id").fetchall()]
    ids = list(dict.fromkeys(int(i) for i in ids))
    found = {r[0] for r in conn.execute("SELECT id FROM article WHERE id IN (SELECT unnest(?))", [ids]).fetchall()}
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFoundError(f"No article with id {', '.join(map(str, missing))}; see `tracker stats`.")
    return ids


def _rows_for(article_id: int, events, coder_name: str, types: dict, known_actors: set[str]) -> list[dict]:
    rows = []
    for n, ev in enumerate(events):
        et = types.get(ev.code)
        if et is None or ev.date is None:
            continue
        rows.append({
            "article_id": article_id, "ord": n, "event_date": ev.date,
            "actor_code": ev.actor, "target_code": ev.target,
            "actor_country": country_of(ev.actor), "target_country": country_of(ev.target),
            "code": ev.code, "root_code": et["root_code"], "goldstein": et["goldstein"],
            "quad_class": et["quad_class"], "evidence": ev.evidence, "evidence_start": ev.start,
            "evidence_end": ev.end, "confidence": ev.confidence, "coder": coder_name,
            "issues": list(ev.issues), "explain": json.dumps(ev.explain, default=str),
        })
        known_actors.update(c for c in (ev.actor, ev.target) if c)
    return rows


def code_articles(db: Database, article_ids: Sequence[int] | None, *, user: CurrentUser,
                  extra_dicts: Sequence[Path] = (), on_progress: Callable[[int], None] | None = None) -> CodingReport:
    """Run the automatic coder over articles (all when ``article_ids`` is None) and store its proposals."""
    from tracker.coding import Coder

    require_role(user, Role.coder, "run the automatic coder")
    coder = Coder.load(extra_paths=list(extra_dicts))
    coder_name = f"auto:{coder.version}"
    types = event_types()
    with db.connect() as conn:
        ids = _article_ids(conn, article_ids)
    report = CodingReport(articles=len(ids), coder=coder_name)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        with db.connect() as conn:
            arts = conn.execute(
                "SELECT id, text, published_at, title FROM article WHERE id IN (SELECT unnest(?))", [chunk]
            ).fetchall()
        rows: list[dict] = []
        actors: set[str] = set()
        for art_id, text, published, title in arts:
            events = coder.code(text, published, title=title)
            report.undated += sum(1 for ev in events if ev.date is None)
            rows.extend(_rows_for(art_id, events, coder_name, types, actors))
        replaced, kept = _store_chunk(db, chunk, rows, actors)
        report.proposed += len(rows)
        report.replaced += replaced
        report.kept_human += kept
        if on_progress:
            on_progress(len(chunk))
    return report


def _store_chunk(db: Database, article_ids: list[int], rows: list[dict], actors: set[str]) -> tuple[int, int]:
    table = pa.Table.from_pylist(rows, schema=_EVENT_SCHEMA)
    now = datetime.now(UTC)
    with db.transaction() as conn:
        conn.register("_new_events", table)
        conn.execute(
            """
            CREATE TEMP TABLE _old AS
            SELECT e.id FROM event e
            WHERE e.article_id IN (SELECT unnest(?)) AND e.dataset = ? AND e.status = 'proposed'
              AND e.coder LIKE 'auto:%'
              AND NOT EXISTS (SELECT 1 FROM audit_log l WHERE l.event_id = e.id AND l.user_name NOT LIKE 'auto:%')
            """,
            [article_ids, AUTO_DATASET],
        )
        kept = conn.execute(
            "SELECT count(*) FROM event WHERE article_id IN (SELECT unnest(?)) AND id NOT IN (SELECT id FROM _old)",
            [article_ids],
        ).fetchone()[0]
        replaced = conn.execute("SELECT count(*) FROM _old").fetchone()[0]
        conn.execute(
            """
            INSERT INTO audit_log (event_id, action, user_name, changed_at, before, after)
            SELECT e.id, 'recode', e.coder, ?, to_json(e), NULL FROM event e WHERE e.id IN (SELECT id FROM _old)
            """,
            [now],
        )
        conn.execute("DELETE FROM event_issue WHERE event_id IN (SELECT id FROM _old)")
        conn.execute("DELETE FROM event WHERE id IN (SELECT id FROM _old)")
        conn.execute("DROP TABLE _old")
        _ensure_actors(conn, actors)
        if rows:
            conn.execute(
                """
                CREATE TEMP TABLE _ins AS
                SELECT nextval('event_id_seq') AS id, n.* FROM _new_events n ORDER BY article_id, ord
                """
            )
            conn.execute(
                """
                INSERT INTO event (id, event_date, actor_code, target_code, actor_country, target_country, code,
                    root_code, goldstein, quad_class, article_id, evidence, evidence_start, evidence_end,
                    status, coder, confidence, dataset, directed, raw, created_at, updated_at)
                SELECT id, event_date, actor_code, target_code, actor_country, target_country, code, root_code,
                    goldstein, quad_class, article_id, evidence, evidence_start, evidence_end, 'proposed', coder,
                    confidence, ?, true, json_object('explain', CAST(explain AS JSON)), ?, ? FROM _ins
                """,
                [AUTO_DATASET, now, now],
            )
            conn.execute(
                """
                INSERT INTO event_issue (event_id, issue_code)
                SELECT DISTINCT i.id, u.issue FROM _ins i, unnest(i.issues) AS u(issue)
                WHERE u.issue IN (SELECT code FROM issue)
                """
            )
            conn.execute(
                """
                INSERT INTO audit_log (event_id, action, user_name, changed_at, before, after)
                SELECT i.id, 'create', i.coder, ?, NULL, to_json(e) FROM _ins i JOIN event e ON e.id = i.id
                """,
                [now],
            )
            conn.execute("DROP TABLE _ins")
        conn.unregister("_new_events")
    return replaced, kept


def _ensure_actors(conn, codes: set[str]) -> None:
    if not codes:
        return
    known = {r[0] for r in conn.execute("SELECT code FROM actor WHERE code IN (SELECT unnest(?))", [sorted(codes)]).fetchall()}
    rows = [d for d in (describe(c) for c in sorted(codes - known)) if d]
    if rows:
        conn.register("_actors", pa.Table.from_pylist(rows))
        conn.execute("INSERT INTO actor (code, name, country, sector, kind, aliases) "
                     "SELECT code, name, country, sector, kind, aliases FROM _actors")
        conn.unregister("_actors")
