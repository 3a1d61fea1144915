"""Read queries for the coders' pages: the review queue, an article, actor search. Parameterised SQL only."""

from __future__ import annotations

import json

import pandas as pd

from tracker.db import Database
from tracker.queries.events import event_history

#: columns of review_queue, in order
QUEUE_COLUMNS = ["event_id", "event_date", "actor_code", "actor_name", "target_code", "target_name", "code",
                 "stance", "goldstein", "issues", "evidence", "evidence_start", "evidence_end", "confidence",
                 "coder", "article_id", "article_title", "article_source", "article_url", "article_text"]


def review_queue(db: Database, limit: int = 50, article_id: int | None = None) -> pd.DataFrame:
    """Proposed events waiting for a person, grouped by article (newest article first), then by position."""
    clauses, params = ["e.status = 'proposed'"], []
    if article_id is not None:
        clauses.append("e.article_id = ?")
        params.append(article_id)
    params.append(limit)
    own = {"evidence_start": "e.evidence_start", "evidence_end": "e.evidence_end",
           "article_text": "a.text AS article_text"}
    cols = ", ".join(own.get(c, f"v.{c}") for c in QUEUE_COLUMNS)
    return db.query_df(
        f"""SELECT {cols} FROM event e JOIN events_enriched v ON v.event_id = e.id
            LEFT JOIN article a ON a.id = e.article_id
            WHERE {' AND '.join(clauses)}
            ORDER BY e.article_id DESC NULLS LAST, e.evidence_start NULLS LAST, e.id
            LIMIT ?""",
        params,
    )


def proposed_count(db: Database) -> int:
    return int(db.query_df("SELECT count(*) AS n FROM event WHERE status = 'proposed'").iloc[0, 0])


def get_article(db: Database, article_id: int) -> dict | None:
    """One article with its text, or None."""
    df = db.query_df(
        "SELECT id, title, source, url, published_at, origin, ingested_at, text FROM article WHERE id = ?",
        [article_id],
    )
    return None if df.empty else df.iloc[0].to_dict()


def search_actors(db: Database, text: str, limit: int = 25) -> pd.DataFrame:
    """Actors whose code starts with, or whose name or aliases contain, ``text``; exact code matches first."""
    text = (text or "").strip()
    if not text:
        return pd.DataFrame(columns=["code", "name", "country", "kind"])
    return db.query_df(
        """SELECT code, name, country, kind FROM actor
           WHERE starts_with(code, upper(?)) OR contains(lower(name), lower(?))
              OR contains(lower(coalesce(aliases, '')), lower(?))
           ORDER BY code <> upper(?), NOT starts_with(code, upper(?)), length(code), code
           LIMIT ?""",
        [text, text, text, text, text, limit],
    )


def actor_names(db: Database, codes: list[str]) -> dict[str, str]:
    """code -> name for the codes that are in the actor table."""
    codes = [c for c in codes if c]
    if not codes:
        return {}
    df = db.query_df("SELECT code, name FROM actor WHERE code IN (SELECT unnest(?))", [codes])
    return dict(zip(df["code"], df["name"], strict=True))


#: fields of an audit snapshot that change on every write and say nothing to a reader
_NOISE = {"updated_at", "created_at", "id", "raw"}


def describe_changes(before: dict | None, after: dict | None) -> str:
    """What an audit entry changed, as 'field: old -> new; ...' (the stored snapshot for a create)."""
    if not before:
        after = after or {}
        keys = ("event_date", "actor_code", "target_code", "code", "issues", "status")
        return "; ".join(f"{k}: {_show(after.get(k))}" for k in keys if k in after)
    if not after:
        return "removed (replaced by a re-coding run)"
    keys = [k for k in after if k not in _NOISE and before.get(k) != after.get(k)]
    return "; ".join(f"{k}: {_show(before.get(k))} -> {_show(after.get(k))}" for k in keys)


def _show(v) -> str:
    if v is None:
        return "(none)"
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "(none)"
    return str(v)


def history_table(db: Database, event_id: int) -> pd.DataFrame:
    """The audit trail of one event, oldest first, with a readable summary of each change."""
    df = event_history(db, event_id)
    changes = [describe_changes(_json(b), _json(a)) for b, a in zip(df["before"], df["after"], strict=True)]
    return df.drop(columns=["before", "after"]).assign(changes=changes)


def _json(v) -> dict | None:
    if v is None or (isinstance(v, float) and v != v):
        return None
    return json.loads(v) if isinstance(v, str) else dict(v)
