"""Coding JSON lines without a database: what `tracker extract` streams, one output line per input line."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator


def extract_lines(lines: Iterable[str], coder, explain: bool = False) -> Iterator[tuple[dict, str | None]]:
    """({"id", "events"[, "error"]}, error or None) per non-blank input line, in order."""
    for line in lines:
        if not line.strip():
            continue
        row_id = None
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("the line is not a JSON object")
            row_id = row.get("id")
            text, day, title = _fields(row)
        except (ValueError, TypeError) as exc:
            reason = "the line is not valid JSON" if isinstance(exc, json.JSONDecodeError) else str(exc)
            yield {"id": row_id, "events": [], "error": reason}, reason
            continue
        events = coder.code(text, day, title)
        yield {"id": row_id, "events": [e.to_json(explain) for e in events]}, None


def _fields(row: dict) -> tuple[str, datetime.date | None, str | None]:
    text = row.get("text")
    if not isinstance(text, str):
        raise ValueError("'text' is missing or not a string")
    raw_date = row.get("date")
    day = None
    if raw_date is not None:
        try:
            day = datetime.date.fromisoformat(raw_date)
        except (TypeError, ValueError):
            raise ValueError(f"'date' {raw_date!r} is not YYYY-MM-DD") from None
    title = row.get("title")
    return text, day, title if isinstance(title, str) else None
