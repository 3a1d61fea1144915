"""The one source of truth: tables, vocabularies and input shapes."""

from tracker.schema.shapes import ActorCreate, ArticleCreate, EventCreate, EventUpdate
from tracker.schema.tables import (
    TABLES,
    Actor,
    AppUser,
    Article,
    AuditLog,
    Event,
    EventIssue,
    EventType,
    Issue,
    SchemaMigration,
)
from tracker.schema.vocab import LIVE_STATUSES, QuadClass, Role, Status

__all__ = [
    "TABLES", "Actor", "AppUser", "Article", "AuditLog", "Event", "EventIssue", "EventType", "Issue",
    "SchemaMigration", "ActorCreate", "ArticleCreate", "EventCreate", "EventUpdate", "LIVE_STATUSES",
    "QuadClass", "Role", "Status",
]
