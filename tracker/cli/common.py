"""Helpers shared by the command modules."""

from __future__ import annotations

from datetime import date

import typer

from tracker.db import Database
from tracker.errors import DatabaseError, InputError
from tracker.settings import Settings


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings.from_env()


def database(ctx: typer.Context, must_exist: bool = True, guarded: bool = False) -> Database:
    s = settings(ctx)
    db = Database(s.db_path, s, guarded=guarded)
    if must_exist and not db.exists():
        raise DatabaseError(f"{db.path} does not exist; create it with `tracker --db {db.path} init`.")
    return db


def parse_day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date; use YYYY-MM-DD.") from None


def split_list(values: list[str] | None) -> list[str]:
    """Repeated options and comma-separated values alike: --actor USA --actor CHN == --actor USA,CHN."""
    out = []
    for v in values or []:
        out.extend(p.strip() for p in v.split(",") if p.strip())
    return out
