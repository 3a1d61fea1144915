"""SQLModel tables: the only place tables and columns are declared.

Every column carries a ``description``: docs/schema.md and the dashboard's schema browser are generated from them.
DuckDB notes (see docs/architecture.md): integer keys come from sequences; there are no FOREIGN KEY
constraints because DuckDB's eager checks break updates of referenced rows — references are kept by the
library and verified by ``tracker check``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, DateTime, Double, Integer, Sequence, text
from sqlmodel import Field, SQLModel


def _seq_pk(name: str, description: str, big: bool = False) -> Any:
    seq = Sequence(name)
    return Field(
        default=None,
        description=description,
        sa_column=Column(BigInteger if big else Integer, seq, server_default=seq.next_value(), primary_key=True),
    )


def _tz(description: str, nullable: bool = False) -> Any:
    """A UTC timestamp; NOT NULL ones default to the time of the insert."""
    return Field(
        default=None,
        description=description,
        sa_column=Column(
            DateTime(timezone=True),
            nullable=nullable,
            server_default=None if nullable else text("current_timestamp"),
        ),
    )


class Article(SQLModel, table=True):
    """A news article (or other text) that events are coded from."""

    __tablename__ = "article"
    id: int | None = _seq_pk("article_id_seq", "Article id.", big=True)
    url: str | None = Field(default=None, unique=True, description="Source URL; unique when present.")
    title: str | None = Field(default=None, description="Headline.")
    author: str | None = Field(default=None, description="By-line.")
    source: str | None = Field(default=None, description="Outlet name (e.g. Reuters).")
    published_at: date | None = Field(default=None, description="Publication date.")
    language: str | None = Field(default=None, description="ISO 639-1 language code, e.g. en.")
    text: str = Field(description="Full text of the article body.")
    content_hash: str = Field(
        unique=True, description="sha256 of the normalised text (whitespace collapsed, lower case); dedup key."
    )
    origin: str | None = Field(default=None, description="Where it came from: file path, feed or form.")
    ingested_at: datetime | None = _tz("When it was stored (UTC).")


class Actor(SQLModel, table=True):
    """Actors: countries, their state and non-state sectors, IGOs, NGOs. Codes are CAMEO-style."""

    __tablename__ = "actor"
    code: str = Field(primary_key=True, description="CAMEO-style code, e.g. USA, USAGOV, CHNMIL, IGOUNO, NGOHRIAMN.")
    name: str = Field(description="Readable name, e.g. 'United States government'.")
    country: str | None = Field(default=None, description="ISO 3166 alpha-3 country (or CAMEO region code); empty for IGOs/NGOs.")
    sector: str | None = Field(default=None, description="Sector/agent part of the code (GOV, MIL, NGO, IGO, MED, ...).")
    kind: str = Field(description="country, region, state_actor, igo, ngo, mnc, group, person or other.")
    aliases: str | None = Field(default=None, description="Other names, adjectives and capitals, '; '-separated.")


class Issue(SQLModel, table=True):
    """The issue taxonomy: what an event is about (human rights, trade, Taiwan, ...)."""

    __tablename__ = "issue"
    code: str = Field(primary_key=True, description="Issue code, e.g. human_rights, xinjiang_uyghurs, taiwan.")
    name: str = Field(description="Readable name.")
    parent_code: str | None = Field(default=None, description="Parent issue code (the family); empty for a root.")
    plover_context: str | None = Field(default=None, description="The PLOVER context this issue corresponds to, if any.")
    description: str | None = Field(default=None, description="What the issue covers.")


class EventType(SQLModel, table=True):
    """CAMEO event codes (the stance of an event) with their intensity and PLOVER equivalents."""

    __tablename__ = "event_type"
    code: str = Field(primary_key=True, description="CAMEO event code as a string ('010' is not '10').")
    name: str = Field(description="CAMEO name, e.g. 'Accuse of human rights abuses'.")
    root_code: str = Field(index=True, description="Two-digit CAMEO root, '01'..'20'.")
    level: int = Field(description="Digits in the code below the root: 0 for a root, 1 for 3-digit, 2 for 4-digit codes.")
    goldstein: float = Field(sa_type=Double, description="Goldstein score from GDELT's table (-10 conflict .. +10 cooperation).")
    goldstein_icews: float | None = Field(default=None, sa_type=Double, description="Goldstein score from the ICEWS table, where it differs.")
    quad_class: int = Field(description="GDELT QuadClass: 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict.")
    plover_type: str | None = Field(default=None, description="PLOVER event type (e.g. ACCUSE, SANCTION).")
    plover_mode: str | None = Field(default=None, description="PLOVER mode (e.g. allege, restrict).")
    plover_context: str | None = Field(default=None, description="PLOVER contexts implied by the code, ';'-separated.")
    description: str | None = Field(default=None, description="CAMEO description / usage notes.")


class Event(SQLModel, table=True):
    """One coded event: who (actor) did what (code) to whom (target), when, on which issues, from which source."""

    __tablename__ = "event"
    id: int | None = _seq_pk("event_id_seq", "Event id.", big=True)
    event_date: date = Field(description="Date the event happened.")
    actor_code: str = Field(description="Source actor code (who acted).")
    target_code: str | None = Field(default=None, description="Target actor code (who was acted upon); empty when none.")
    actor_country: str | None = Field(default=None, description="Country of the source actor (ISO-3), derived at write time.")
    target_country: str | None = Field(default=None, description="Country of the target actor (ISO-3), derived at write time.")
    code: str = Field(description="CAMEO event code (the stance), references event_type.code.")
    root_code: str = Field(description="Two-digit CAMEO root of code.")
    goldstein: float = Field(sa_type=Double, description="Goldstein score, derived from the code (never typed in).")
    quad_class: int = Field(description="QuadClass 1-4, derived from the code (GDELT mapping).")
    article_id: int | None = Field(default=None, sa_type=BigInteger, description="Article the event was coded from; empty for imported datasets.")
    evidence: str | None = Field(default=None, description="The sentence that supports the event.")
    evidence_start: int | None = Field(default=None, description="Character offset of the evidence in article.text.")
    evidence_end: int | None = Field(default=None, description="End offset (exclusive) of the evidence in article.text.")
    status: str = Field(description="proposed, accepted, rejected or retracted.")
    coder: str = Field(description="Who coded it: a user name, or auto:<coder version> for the automatic coder.")
    confidence: float | None = Field(default=None, sa_type=Double, description="Coder confidence 0..1 (automatic coder).")
    dataset: str = Field(description="manual, auto, gdelt, icews, acled or polecat.")
    external_id: str | None = Field(default=None, description="Id of the event in its dataset (imports).")
    batch_id: int | None = Field(default=None, sa_type=BigInteger, description="import_batch the event came from (imports).")
    directed: bool = Field(default=True, sa_column_kwargs={"server_default": text("true")}, description="False when the dataset does not say who acted on whom (ACLED).")
    actor_name: str | None = Field(default=None, description="Raw source actor name as the dataset gave it.")
    target_name: str | None = Field(default=None, description="Raw target actor name as the dataset gave it.")
    source_url: str | None = Field(default=None, description="URL of the report (imports that carry one).")
    raw: dict | None = Field(default=None, sa_column=Column(JSON), description="Dataset values the mapping could not represent (JSON).")
    created_at: datetime | None = _tz("When the event was first stored (UTC).")
    updated_at: datetime | None = _tz("When the event last changed (UTC).")


class EventIssue(SQLModel, table=True):
    """Which issues an event concerns (an event can concern several)."""

    __tablename__ = "event_issue"
    event_id: int = Field(primary_key=True, sa_type=BigInteger, description="event.id")
    issue_code: str = Field(primary_key=True, description="issue.code")


class AuditLog(SQLModel, table=True):
    """Every change to an event: who, when, what, before and after. Rows are never updated or deleted."""

    __tablename__ = "audit_log"
    id: int | None = _seq_pk("audit_log_id_seq", "Audit entry id.", big=True)
    event_id: int = Field(index=True, sa_type=BigInteger, description="event.id the change applies to.")
    action: str = Field(description="create, edit, accept, reject, retract or recode.")
    user_name: str = Field(description="Who made the change: a user name or auto:<coder version>.")
    changed_at: datetime | None = _tz("When (UTC).")
    reason: str | None = Field(default=None, description="Why (required for retractions).")
    before: dict | None = Field(default=None, sa_column=Column(JSON), description="The event before the change (JSON), empty for create.")
    after: dict | None = Field(default=None, sa_column=Column(JSON), description="The event after the change (JSON).")


class AppUser(SQLModel, table=True):
    """Dashboard users with hashed passwords and a role."""

    __tablename__ = "app_user"
    name: str = Field(primary_key=True, description="Login name.")
    password_hash: str = Field(description="scrypt hash with its salt and parameters; never the password.")
    role: str = Field(description="analyst, coder or admin.")
    created_at: datetime | None = _tz("When the user was created (UTC).")
    failed_logins: int = Field(default=0, sa_column_kwargs={"server_default": text("0")}, description="Consecutive failed logins (slows further attempts).")
    last_failed_at: datetime | None = _tz("Time of the last failed login (UTC).", nullable=True)


class SchemaMigration(SQLModel, table=True):
    """Migrations applied to this database file, in order."""

    __tablename__ = "schema_migration"
    name: str = Field(primary_key=True, description="Migration name, e.g. 0001_initial.")
    applied_at: datetime | None = _tz("When it was applied (UTC).")


#: every table of the core schema, in creation order
TABLES = [Article, Actor, Issue, EventType, Event, EventIssue, AuditLog, AppUser, SchemaMigration]
