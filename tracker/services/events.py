"""Recording, editing, reviewing and retracting events. Every change writes audit_log in the same transaction.

Goldstein, quad class, root and countries are derived from the code and the actors here, never typed in.
Each function checks the user's role itself: hiding a page is not access control.
"""

from __future__ import annotations

import functools
import random
import time
from datetime import UTC, datetime

import duckdb
from sqlalchemy.exc import DBAPIError

from pydantic import ValidationError as PydanticValidationError
from sqlmodel import Session, select

from tracker.db import Database
from tracker.errors import ConflictError, NotFoundError, ValidationError
from tracker.ontology.actors import country_of, describe
from tracker.schema import (
    Actor,
    ActorCreate,
    Article,
    AuditLog,
    Event,
    EventCreate,
    EventIssue,
    EventType,
    EventUpdate,
    Issue,
    Role,
    Status,
)
from tracker.services.auth import CurrentUser, require_role


#: how long a write keeps re-applying itself while other sessions update the same row
CONFLICT_PATIENCE_S = 10.0


def _is_conflict(exc: BaseException) -> bool:
    inner = getattr(exc, "orig", exc)
    return isinstance(inner, duckdb.TransactionException) and "Conflict" in str(inner)


def retry_on_conflict(fn):
    """Re-run a write that met another session's write to the same row (DuckDB's optimistic concurrency).

    Each attempt re-reads the row, so the audit log's ``before`` is what the second writer really changed.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        deadline = time.monotonic() + CONFLICT_PATIENCE_S
        attempt = 0
        while True:
            try:
                return fn(*args, **kwargs)
            except (DBAPIError, duckdb.TransactionException) as exc:
                if not _is_conflict(exc):
                    raise
                if time.monotonic() > deadline:
                    raise ConflictError("Others kept changing this event at the same moment; reload it and "
                                        "save once more.") from None
            attempt += 1
            time.sleep(min(0.005 * attempt, 0.1) * (0.5 + random.random()))

    return wrapper


def parse_event(data: dict) -> EventCreate:
    """Validate raw input (form, CLI, file row) into an EventCreate; errors name the field."""
    try:
        return EventCreate.model_validate(data)
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        raise ValidationError(f"{field}: {err['msg']}" if field else err["msg"], field=field) from None


def snapshot(session: Session, event: Event) -> dict:
    """The event as JSON for audit_log (with its issues)."""
    d = event.model_dump(mode="json", exclude={"raw"})
    d["issues"] = sorted(
        session.exec(select(EventIssue.issue_code).where(EventIssue.event_id == event.id)).all()
    )
    return d


def _ensure_actor(session: Session, code: str | None, new_actors: list[ActorCreate], field: str) -> str | None:
    """The actor's country; creates the actor row for explicit or composable codes; refuses unknown codes."""
    if code is None:
        return None
    actor = session.get(Actor, code)
    if actor is not None:
        return actor.country or country_of(code)
    given = next((a for a in new_actors if a.code == code), None)
    row = given.model_dump() if given else describe(code)
    if row is None:
        raise ValidationError(
            f"Unknown actor {code!r}: use a code from the actor table, a country code with sectors "
            "(e.g. CHNGOV), or give the new actor's name and kind.",
            field=field,
        )
    session.add(Actor(**{k: row.get(k) for k in ("code", "name", "country", "sector", "kind", "aliases")}))
    return row.get("country")


def _event_type(session: Session, code: str) -> EventType:
    et = session.get(EventType, code)
    if et is None:
        raise ValidationError(f"{code!r} is not a CAMEO event code in the ontology.", field="code")
    return et


def _check_issues(session: Session, issues: list[str]) -> None:
    if not issues:
        return
    known = set(session.exec(select(Issue.code).where(Issue.code.in_(issues))).all())
    unknown = sorted(set(issues) - known)
    if unknown:
        raise ValidationError(f"Unknown issue(s): {', '.join(unknown)}; see `tracker sql \"FROM issue\"`.", field="issues")


def _set_issues(session: Session, event_id: int, issues: list[str]) -> None:
    for link in session.exec(select(EventIssue).where(EventIssue.event_id == event_id)).all():
        session.delete(link)
    session.flush()
    for code in sorted(set(issues)):
        session.add(EventIssue(event_id=event_id, issue_code=code))


def _audit(session: Session, event_id: int, action: str, user: CurrentUser, before, after, reason=None) -> None:
    session.add(AuditLog(event_id=event_id, action=action, user_name=user.name, before=before, after=after,
                         reason=reason, changed_at=datetime.now(UTC)))


def record_event(db: Database, data: EventCreate | dict, user: CurrentUser) -> int:
    """Store a new event (status accepted for people, as given for the automatic coder); returns its id."""
    require_role(user, Role.coder, "record events")
    data = parse_event(data) if isinstance(data, dict) else data
    with db.session() as session:
        et = _event_type(session, data.code)
        _check_issues(session, data.issues)
        actor_country = _ensure_actor(session, data.actor_code, data.new_actors, "actor_code")
        target_country = _ensure_actor(session, data.target_code, data.new_actors, "target_code")
        if data.article_id is not None and session.get(Article, data.article_id) is None:
            raise ValidationError(f"Article {data.article_id} does not exist.", field="article_id")
        now = datetime.now(UTC)
        event = Event(
            event_date=data.event_date, actor_code=data.actor_code, target_code=data.target_code,
            actor_country=actor_country, target_country=target_country, code=data.code,
            root_code=et.root_code, goldstein=et.goldstein, quad_class=et.quad_class,
            article_id=data.article_id, evidence=data.evidence, evidence_start=data.evidence_start,
            evidence_end=data.evidence_end, status=data.status.value, coder=user.name,
            confidence=data.confidence, dataset=data.dataset, external_id=data.external_id,
            created_at=now, updated_at=now,
        )
        session.add(event)
        session.flush()
        _set_issues(session, event.id, data.issues)
        session.flush()
        _audit(session, event.id, "create", user, None, snapshot(session, event))
        session.commit()
        return event.id


def _load(session: Session, event_id: int) -> Event:
    event = session.get(Event, event_id)
    if event is None:
        raise NotFoundError(f"Event {event_id} does not exist.")
    return event


@retry_on_conflict
def edit_event(db: Database, event_id: int, changes: EventUpdate | dict, user: CurrentUser) -> None:
    """Change some fields of an event; derived fields follow the new code and actors."""
    require_role(user, Role.coder, "edit events")
    if isinstance(changes, dict):
        try:
            changes = EventUpdate.model_validate(changes)
        except PydanticValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or None
            raise ValidationError(f"{field}: {err['msg']}", field=field) from None
    given = changes.model_dump(exclude_unset=True)
    with db.session() as session:
        event = _load(session, event_id)
        before = snapshot(session, event)
        if "code" in given and given["code"]:
            et = _event_type(session, given["code"])
            event.code, event.root_code, event.goldstein, event.quad_class = (
                et.code, et.root_code, et.goldstein, et.quad_class)
        if given.get("actor_code"):
            event.actor_country = _ensure_actor(session, given["actor_code"], [], "actor_code")
            event.actor_code = given["actor_code"]
        if "target_code" in given:
            event.target_country = _ensure_actor(session, given["target_code"], [], "target_code")
            event.target_code = given["target_code"]
        if event.target_code is not None and event.target_code == event.actor_code:
            raise ValidationError("the target must differ from the actor", field="target_code")
        if given.get("event_date"):
            event.event_date = given["event_date"]
        if "evidence" in given:
            event.evidence = given["evidence"]
        if given.get("issues") is not None:
            _check_issues(session, given["issues"])
            _set_issues(session, event.id, given["issues"])
        event.updated_at = datetime.now(UTC)
        session.add(event)
        session.flush()
        after = snapshot(session, event)
        if after == {**before, "updated_at": after["updated_at"]}:
            session.rollback()
            return
        _audit(session, event.id, "edit", user, before, after)
        session.commit()


def _set_status(db: Database, event_id: int, status: Status, action: str, user: CurrentUser,
                reason: str | None, allowed_from: tuple[str, ...]) -> None:
    with db.session() as session:
        event = _load(session, event_id)
        if event.status not in allowed_from:
            raise ValidationError(
                f"Event {event_id} is {event.status}; only {' or '.join(allowed_from)} events can be {action}ed."
            )
        before = snapshot(session, event)
        event.status = status.value
        event.updated_at = datetime.now(UTC)
        session.add(event)
        session.flush()
        _audit(session, event.id, action, user, before, snapshot(session, event), reason)
        session.commit()


@retry_on_conflict
def review_event(db: Database, event_id: int, decision: Status | str, user: CurrentUser,
                 note: str | None = None) -> None:
    """Accept or reject a proposed event (a rejected one can be accepted again, and vice versa)."""
    require_role(user, Role.coder, "review events")
    decision = Status(decision)
    if decision not in (Status.accepted, Status.rejected):
        raise ValidationError("A review decision is accepted or rejected.", field="decision")
    action = "accept" if decision is Status.accepted else "reject"
    _set_status(db, event_id, decision, action, user, note, ("proposed", "accepted", "rejected"))


@retry_on_conflict
def retract_event(db: Database, event_id: int, user: CurrentUser, reason: str) -> None:
    """Withdraw an event from the data (kept, with its history); a reason is required."""
    require_role(user, Role.coder, "retract events")
    if not reason or not reason.strip():
        raise ValidationError("Give a reason for the retraction.", field="reason")
    _set_status(db, event_id, Status.retracted, "retract", user, reason.strip(),
                ("proposed", "accepted", "rejected"))
