"""Adding an article by hand (the New article form): a coder's action, checked here."""

from __future__ import annotations

from tracker.db import Database
from tracker.ingest import ingest_article
from tracker.schema import ArticleCreate, Role
from tracker.services.auth import CurrentUser, require_role


def submit_article(db: Database, article: ArticleCreate, user: CurrentUser) -> tuple[int | None, bool]:
    """Store one article like any ingested one (dedup included). Returns (id, created)."""
    require_role(user, Role.coder, "add articles")
    return ingest_article(db, article)
