"""Dashboard tables and shapes: saved topics (the escalation timeline's subjects), shared by every user.

A topic is two sides of actors and a set of issues; its definition is stored as JSON (``TopicDefinition``) so
that the timeline query, the CLI and the pages read one validated shape.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from sqlalchemy import JSON, Column
from sqlmodel import Field as SQLField
from sqlmodel import SQLModel

from tracker.schema.tables import _seq_pk, _tz

_ACTOR_PREFIX = re.compile(r"^[A-Z0-9]{2,15}$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")


class Granularity(StrEnum):
    """Timeline periods; the values are DuckDB ``date_trunc`` parts."""

    day = "day"
    week = "week"
    month = "month"


class Topic(SQLModel, table=True):
    """A saved timeline topic: who against whom, about what. Shared by everyone; saved by coders."""

    __tablename__ = "topic"
    id: int | None = _seq_pk("topic_id_seq", "Topic id (also the order the topics are offered in).")
    name: str = SQLField(unique=True,
                         description="Name shown in the topic picker, e.g. 'US–China human rights'.")
    definition: dict = SQLField(
        sa_column=Column(JSON, nullable=False),
        description="The TopicDefinition as JSON: side_a/side_b actor prefixes and countries, directed, "
                    "issues, since/until, granularity.",
    )
    created_by: str = SQLField(description="User name of whoever saved it (or 'system' for presets).")
    created_at: datetime | None = _tz("When it was saved (UTC).")


def _codes(values, pattern: re.Pattern, what: str) -> list[str]:
    out = []
    for v in values or []:
        v = str(v).strip().upper()
        if not v:
            continue
        if not pattern.match(v):
            raise ValueError(f"{v!r} is not {what}")
        out.append(v)
    return sorted(set(out))


class TopicSide(BaseModel):
    """One side of a topic: actor code prefixes (USAGOV matches USAGOVLEG) and/or ISO-3 countries.

    An empty side matches every actor.
    """

    model_config = ConfigDict(frozen=True)
    actors: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)

    @field_validator("actors", mode="before")
    @classmethod
    def _actors(cls, v):
        return _codes(v, _ACTOR_PREFIX, "an actor code or prefix (2-15 letters or digits, e.g. USAGOV)")

    @field_validator("countries", mode="before")
    @classmethod
    def _countries(cls, v):
        return _codes(v, _COUNTRY, "an ISO-3 country code (e.g. CHN)")

    def is_empty(self) -> bool:
        return not self.actors and not self.countries

    def label(self) -> str:
        return " / ".join(self.countries + self.actors) or "anyone"


class TopicDefinition(BaseModel):
    """What a timeline counts: events from side A to side B (and back unless ``directed``) on ``issues``."""

    model_config = ConfigDict(frozen=True)
    side_a: TopicSide = Field(default_factory=TopicSide)
    side_b: TopicSide = Field(default_factory=TopicSide)
    directed: bool = False
    issues: list[str] = Field(default_factory=list)     # an issue stands for its whole family
    since: date | None = None
    until: date | None = None
    granularity: Granularity = Granularity.month

    @field_validator("issues", mode="before")
    @classmethod
    def _issues(cls, v):
        return sorted({str(i).strip().lower() for i in v or [] if str(i).strip()})

    @model_validator(mode="after")
    def _dates(self):
        if self.since and self.until and self.since > self.until:
            raise ValueError("the start date is after the end date")
        return self

    def label(self) -> str:
        arrow = "→" if self.directed else "↔"
        about = f" on {', '.join(self.issues)}" if self.issues else ""
        return f"{self.side_a.label()} {arrow} {self.side_b.label()}{about}"


class TopicCreate(BaseModel):
    """A topic to save: a name and its definition."""

    model_config = ConfigDict(str_strip_whitespace=True)
    name: str = Field(min_length=1, max_length=80)
    definition: TopicDefinition
