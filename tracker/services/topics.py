"""Saving and deleting timeline topics (coders and admins), and the presets that ``init`` creates."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import ValidationError as PydanticValidationError

from tracker.db import Database
from tracker.errors import NotFoundError, ValidationError
from tracker.schema.dashboard import TopicCreate, TopicDefinition
from tracker.schema.vocab import Role
from tracker.services.auth import CurrentUser, require_role

US_CHINA_HUMAN_RIGHTS = "US–China human rights"
_INSERT = "INSERT INTO topic (name, definition, created_by, created_at) VALUES (?, ?::JSON, ?, ?)"

#: topics every database starts with, in the order they are offered
PRESETS: dict[str, TopicDefinition] = {
    US_CHINA_HUMAN_RIGHTS: TopicDefinition(
        side_a={"countries": ["USA"]},
        side_b={"countries": ["CHN", "HKG"]},
        directed=False,
        issues=["human_rights"],
        granularity="month",
    ),
}


def parse_topic(name: str, definition: TopicDefinition | dict) -> TopicCreate:
    """Validate a topic from a form or a file; errors name the field."""
    try:
        return TopicCreate.model_validate({"name": name, "definition": definition})
    except PydanticValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or None
        raise ValidationError(f"{field}: {err['msg']}" if field else err["msg"], field=field) from None


def save_topic(db: Database, name: str, definition: TopicDefinition | dict, user: CurrentUser,
               replace: bool = False) -> None:
    """Save a topic under ``name`` for everyone; an existing name is refused unless ``replace``."""
    require_role(user, Role.coder, "save topics")
    topic = parse_topic(name, definition)
    payload = topic.definition.model_dump_json()
    with db.transaction() as conn:
        exists = conn.execute("SELECT count(*) FROM topic WHERE name = ?", [topic.name]).fetchone()[0]
        if exists and not replace:
            raise ValidationError(f"A topic called {topic.name!r} exists; choose another name or replace it.",
                                  field="name")
        if exists:
            conn.execute(
                "UPDATE topic SET definition = ?::JSON, created_by = ?, created_at = ? WHERE name = ?",
                [payload, user.name, datetime.now(UTC), topic.name])
        else:
            conn.execute(_INSERT, [topic.name, payload, user.name, datetime.now(UTC)])


def delete_topic(db: Database, name: str, user: CurrentUser) -> None:
    """Delete the saved topic called ``name``."""
    require_role(user, Role.coder, "delete topics")
    with db.transaction() as conn:
        gone = conn.execute("DELETE FROM topic WHERE name = ? RETURNING id", [name]).fetchall()
    if not gone:
        raise NotFoundError(f"There is no saved topic called {name!r}.")


def create_preset_topics(db: Database) -> list[str]:
    """Add the preset topics a database lacks (never overwrites a saved one); returns the names added."""
    added = []
    with db.transaction() as conn:
        for name, definition in PRESETS.items():
            if conn.execute("SELECT count(*) FROM topic WHERE name = ?", [name]).fetchone()[0]:
                continue
            conn.execute(_INSERT, [name, definition.model_dump_json(), "system", datetime.now(UTC)])
            added.append(name)
    return added
