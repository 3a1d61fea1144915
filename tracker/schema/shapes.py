"""Input shapes: every input (form, CLI, file) is validated through these before it reaches the database.

Checks that need the database (known actor, CAMEO code, issue) are done by the services with these shapes.
"""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tracker.schema.vocab import ACTOR_KINDS, DATASETS, Status

_CODE = re.compile(r"^[A-Z0-9]{3,15}$")
_CAMEO = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")
_MIN_DATE = date(1800, 1, 1)


def _norm_code(v: str | None) -> str | None:
    if v is None:
        return None
    v = str(v).strip().upper()
    return v or None


class ArticleCreate(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True)

    text: str = Field(min_length=1)
    title: str | None = None
    author: str | None = None
    source: str | None = None
    url: str | None = None
    published_at: date | None = None
    language: str | None = "en"
    origin: str | None = None

    @field_validator("url", "title", "author", "source", "language", "origin", mode="before")
    @classmethod
    def _empty_is_none(cls, v):
        if isinstance(v, str) and not v.strip():
            return None
        return v

    @field_validator("text")
    @classmethod
    def _has_words(cls, v: str) -> str:
        if "\x00" in v:
            v = v.replace("\x00", "")
        if not v.strip():
            raise ValueError("the article has no text")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", v):
            raise ValueError(f"{v!r} is not a URL (expected scheme://host/...)")
        return v


class ActorCreate(BaseModel):
    """An actor that is not in the ontology yet, given explicitly with an event."""

    code: str
    name: str = Field(min_length=1)
    country: str | None = None
    sector: str | None = None
    kind: str = "other"

    @field_validator("code")
    @classmethod
    def _code(cls, v: str) -> str:
        v = _norm_code(v) or ""
        if not _CODE.match(v):
            raise ValueError("actor codes are 3-15 letters or digits, e.g. USAGOV")
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in ACTOR_KINDS:
            raise ValueError(f"kind must be one of {', '.join(ACTOR_KINDS)}")
        return v


class EventCreate(BaseModel):
    """A new event. Goldstein and quad class are derived from ``code``; they cannot be given."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    event_date: date
    actor_code: str
    target_code: str | None = None
    code: str
    issues: list[str] = Field(default_factory=list)
    article_id: int | None = None
    evidence: str | None = None
    evidence_start: int | None = None
    evidence_end: int | None = None
    confidence: float | None = Field(default=None, ge=0.0, le=1.0)
    dataset: str = "manual"
    status: Status = Status.accepted
    external_id: str | None = None
    new_actors: list[ActorCreate] = Field(default_factory=list)

    @field_validator("actor_code", "target_code", mode="before")
    @classmethod
    def _actor(cls, v):
        v = _norm_code(v)
        if v is not None and not _CODE.match(v):
            raise ValueError("actor codes are 3-15 letters or digits, e.g. USAGOV")
        return v

    @field_validator("code", mode="before")
    @classmethod
    def _cameo(cls, v):
        v = str(v).strip()
        if not _CAMEO.match(v):
            raise ValueError(f"{v!r} is not a CAMEO event code (2-4 digits from 01 to 20, as text: '010', '1122')")
        return v

    @field_validator("issues", mode="before")
    @classmethod
    def _issues(cls, v):
        if isinstance(v, str):
            v = [p for p in re.split(r"[,;\s]+", v) if p]
        return sorted({str(x).strip().lower() for x in v if str(x).strip()})

    @field_validator("event_date")
    @classmethod
    def _date(cls, v: date) -> date:
        if v < _MIN_DATE:
            raise ValueError("the date is before 1800; check the year")
        return v

    @field_validator("dataset")
    @classmethod
    def _dataset(cls, v: str) -> str:
        if v not in DATASETS:
            raise ValueError(f"dataset must be one of {', '.join(DATASETS)}")
        return v

    @model_validator(mode="after")
    def _offsets(self):
        if (self.evidence_start is None) != (self.evidence_end is None):
            raise ValueError("evidence offsets come as a pair (start and end)")
        if self.evidence_start is not None and not 0 <= self.evidence_start <= self.evidence_end:
            raise ValueError("evidence offsets must satisfy 0 <= start <= end")
        if self.target_code is not None and self.target_code == self.actor_code:
            raise ValueError("the target must differ from the actor")
        return self


class EventUpdate(BaseModel):
    """A coder's edit: only the fields given change."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    event_date: date | None = None
    actor_code: str | None = None
    target_code: str | None = None
    code: str | None = None
    issues: list[str] | None = None
    evidence: str | None = None

    _actor = field_validator("actor_code", "target_code", mode="before")(EventCreate._actor.__func__)
    _cameo = field_validator("code", mode="before")(
        lambda cls, v: None if v is None else EventCreate._cameo.__func__(cls, v)
    )
    _issues = field_validator("issues", mode="before")(
        lambda cls, v: None if v is None else EventCreate._issues.__func__(cls, v)
    )
